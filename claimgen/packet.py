"""The build pipeline: case file → checks → renderers → a packet swapped into place whole.

A reader of OUTDIR sees either the previous complete packet or the new complete
one, never a mix: everything is rendered into a private staging folder beside
OUTDIR and then exchanged with it in one step (see :func:`fsutil.replace_dir`).
"""

from __future__ import annotations

import datetime as dt
import glob
import importlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from . import __version__
from .caseio import load_case
from .checks.validate import check_case
from .errors import CaseError, Problem
from .fsutil import (
    BackgroundFlush,
    ensure_private_dir,
    make_tree_private,
    recover_dir,
    replace_dir,
    write_private_bytes,
)
from .options import BuildOptions
from .render import RENDERERS, BuildContext

MANIFEST = "manifest.json"
# What file browsers and office programs leave in a folder someone opened: safe to replace with it.
_LITTER = re.compile(r"^(\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|\.~lock\..*#|~\$.*)$")


def load_valid_case(case_path: Path, today: dt.date | None = None):
    """Load and fully validate a case; raise CaseError with every error (warnings returned)."""
    case = load_case(case_path)
    problems = check_case(case, case_path.parent, today=today)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CaseError(str(case_path), errors)
    return case, [p for p in problems if p.severity == "warning"]


def _inside(path: Path, folder: Path) -> bool:
    path = Path(os.path.realpath(path))
    folder = Path(os.path.realpath(folder))
    return path == folder or folder in path.parents


def _check_outdir(outdir: Path, case_path: Path | None = None, case=None) -> None:
    """Refuse an OUTDIR that claimgen must not replace: a file, a foreign folder, or one holding the case."""
    # The whole folder is replaced: a case file or an original exhibit inside it would be deleted.
    inputs = [case_path] if case_path is not None else []
    if case is not None and case_path is not None:
        inputs += [Path(e.path) if Path(e.path).is_absolute() else case_path.parent / e.path for e in case.evidence]
    for item in inputs:
        if _inside(item, outdir):
            raise CaseError(
                str(outdir),
                [
                    Problem(
                        "",
                        f"holds {item} (an input of this build); claimgen replaces the whole output folder, so choose another one",
                    )
                ],
            )
    if outdir.exists() and not outdir.is_dir():
        raise CaseError(str(outdir), [Problem("", "exists and is not a folder; choose another output folder")])
    if outdir.is_dir() and any(outdir.iterdir()):
        named = _packet_files(outdir)
        if named is None:
            raise CaseError(
                str(outdir),
                [
                    Problem(
                        "",
                        "is a folder that is not a claimgen packet and not empty; choose a new or empty folder (claimgen replaces the whole folder)",
                    )
                ],
            )
        extra = _unlisted(outdir, named)
        if extra:
            shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
            raise CaseError(
                str(outdir),
                [
                    Problem(
                        "",
                        f"is an earlier claimgen packet that now also holds files claimgen did not write ({shown}); "
                        "claimgen replaces the whole folder, so move them out or choose another folder",
                    )
                ],
            )


def _packet_files(outdir: Path) -> set[str] | None:
    """The paths an earlier packet's manifest names, or None when OUTDIR holds no claimgen manifest."""
    try:
        doc = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or "claimgen" not in doc or not isinstance(doc.get("files"), list):
        return None
    return {f["path"] for f in doc["files"] if isinstance(f, dict) and isinstance(f.get("path"), str)}


def _unlisted(outdir: Path, named: set[str]) -> list[str]:
    """Files (and folders holding none of the named files) in OUTDIR that its manifest does not name.

    The swap deletes the old folder whole: a note or a signed copy someone saved into it
    would be lost without a word.
    """
    keep = named | {MANIFEST}
    parents = {str(Path(n).parent.as_posix()) for n in keep}
    extra: list[str] = []
    for root, dirs, files in os.walk(outdir):
        rel_root = Path(root).relative_to(outdir)
        for d in sorted(dirs):
            rel = (rel_root / d).as_posix()
            if not any(p == rel or p.startswith(rel + "/") for p in parents):
                extra.append(rel + "/")
        dirs[:] = sorted(d for d in dirs if (rel_root / d).as_posix() + "/" not in extra)
        for f in sorted(files):
            rel = (rel_root / f).as_posix()
            if rel not in keep and not _LITTER.match(f):
                extra.append(rel)
    return sorted(extra)


def _edited_files(outdir: Path) -> list[str]:
    """Files of the earlier packet in OUTDIR whose bytes no longer match its manifest.

    A DOCX corrected in Word or a signed PDF saved under the same name: replacing the packet
    would delete that work without a word, so :func:`build` refuses unless told otherwise.
    """
    from .evidence.hashing import sha256_file

    try:
        doc = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    edited: list[str] = []
    for entry in doc.get("files", []) if isinstance(doc, dict) else []:
        if not (
            isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("sha256"), str)
        ):
            continue
        file = outdir / entry["path"]
        if not _inside(file, outdir) or not os.path.lexists(file):
            continue  # a file deleted from the packet is not an edit to keep
        try:
            same = not os.path.islink(file) and sha256_file(file) == entry["sha256"]
        except OSError:  # not a regular file any more, or unreadable: not what claimgen wrote
            same = False
        if not same:
            edited.append(entry["path"])
    return sorted(edited)


def _set_aside_edited(outdir: Path, edited: list[str]) -> Path:
    """Move edited files to ``OUTDIR.edited-<date>/`` (same relative paths) before the swap deletes the old packet."""
    stamp = dt.date.today().isoformat()
    keep = outdir.with_name(f"{outdir.name}.edited-{stamp}")
    n = 2
    while os.path.lexists(keep):
        keep = outdir.with_name(f"{outdir.name}.edited-{stamp}-{n}")
        n += 1
    for rel in edited:
        dest = keep / rel
        ensure_private_dir(dest.parent)
        os.rename(outdir / rel, dest)  # a rename: the file's bytes are never copied or opened
    return keep


def _stale_staging(parent: Path, name: str) -> None:
    """Remove staging folders left by builds that were killed (their process is gone)."""
    for p in parent.glob(f".{glob.escape(name)}.new-*"):
        try:
            pid = int(p.name.split(".new-")[1].split("-")[0])
        except (IndexError, ValueError):
            continue
        try:
            os.kill(pid, 0)
            alive = pid != os.getpid()
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        if not alive:
            shutil.rmtree(p, ignore_errors=True)


def _refuse_unready(case, case_path: Path, as_of: dt.date, options) -> None:
    """Final copies only of a claim that can be filed: the readiness gate, before anything is written.

    ``claimgen build --final`` runs the gate itself first (to print the problems and exit 1);
    this keeps a library caller from getting final copies of a claim that is not ready.
    """
    if not options.final:
        return
    from .checks.readiness import NotReady, readiness_problems

    ready = readiness_problems(case, case_path.parent, as_of)
    if ready:
        raise NotReady(str(case_path), ready)


def render_all(ctx: BuildContext, renderers: list[str] | None = None) -> None:
    for module_name in renderers or RENDERERS:
        module = importlib.import_module(module_name)
        module.render(ctx)


def manifest_bytes(ctx: BuildContext) -> bytes:
    files = sorted((o.manifest_entry() for o in ctx.outputs), key=lambda e: e["path"])
    doc = {"claimgen": __version__, "as_of": ctx.as_of.isoformat(), "files": files}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build(case_path: Path, outdir: Path, as_of: dt.date, options: BuildOptions | None = None, *, case=None) -> dict:
    """Validate ``case_path`` and write the whole packet into ``outdir``; return the manifest.

    ``options``: how to build (:class:`BuildOptions`; default: a draft with the bundled font).
    ``case``: the same file already loaded by :func:`load_valid_case` (saves parsing it twice).
    """
    if options is None:
        options = BuildOptions()
    elif not isinstance(options, BuildOptions):
        raise TypeError(f"options must be a BuildOptions, not {type(options).__name__}")
    case_path = Path(case_path)
    given = str(outdir)  # messages name the folder as the user gave it
    outdir = Path(os.path.abspath(outdir))
    if os.path.islink(outdir):  # -o naming a link to a folder: the packet goes into the folder, the link stays
        outdir = Path(os.path.realpath(outdir))
    if case is None:
        case, _warnings = load_valid_case(case_path)
    _check_outdir(outdir, case_path, case)
    _refuse_unready(case, case_path, as_of, options)
    created = _missing_parents(outdir.parent)
    try:
        recover_dir(outdir)
        _check_outdir(outdir)
        edited = _edited_files(outdir) if outdir.is_dir() else []
        if edited and not options.overwrite_edited:
            shown = ", ".join(edited[:8]) + (f" and {len(edited) - 8} more" if len(edited) > 8 else "")
            raise CaseError(
                given,
                [
                    Problem(
                        "",
                        f"files of the earlier packet were changed since claimgen wrote them ({shown}); "
                        "move them out first, or add --overwrite-edited to move them to "
                        f"{outdir.name}.edited-DATE/ and write the new packet",
                    )
                ],
            )
        ensure_private_dir(outdir.parent)
        _stale_staging(outdir.parent, outdir.name)
        staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.new-{os.getpid()}-", dir=outdir.parent))
    except OSError as exc:  # an output folder we cannot create or write in: the user's to fix (exit 2)
        _remove_empty(created)
        raise CaseError(str(outdir), [Problem("", f"cannot write the packet here: {exc.strerror or exc}")]) from None
    except BaseException:
        _remove_empty(created)
        raise
    flush = BackgroundFlush()
    try:
        os.chmod(staging, 0o700)
        ctx = BuildContext(
            case=case, case_path=case_path.resolve(), as_of=as_of, staging=staging, options=options, flush=flush
        )
        render_all(ctx)
        data = manifest_bytes(ctx)
        write_private_bytes(staging / MANIFEST, data, flush)
        flush.wait()  # every file on disk before the folder is swapped in
        make_tree_private(staging)
        if edited:
            _set_aside_edited(outdir, edited)
        replace_dir(staging, outdir)
    except BaseException:
        flush.close()
        shutil.rmtree(staging, ignore_errors=True)
        _remove_empty(created)
        raise
    return json.loads(data)


def _missing_parents(folder: Path) -> list[Path]:
    """The folders above OUTDIR that do not exist yet, deepest last (a failed build removes them again)."""
    missing: list[Path] = []
    p = Path(folder)
    while not os.path.lexists(p) and p.parent != p:
        missing.append(p)
        p = p.parent
    return list(reversed(missing))


def _remove_empty(created: list[Path]) -> None:
    """A build that fails leaves no new empty folders behind."""
    for d in reversed(created):
        try:
            os.rmdir(d)
        except OSError:
            break
