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
from .fsutil import ensure_private_dir, make_tree_private, recover_dir, replace_dir, write_private_bytes
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
                [Problem("", f"holds {item} (an input of this build); claimgen replaces the whole output folder, so choose another one")],
            )
    if outdir.exists() and not outdir.is_dir():
        raise CaseError(str(outdir), [Problem("", "exists and is not a folder; choose another output folder")])
    if outdir.is_dir() and any(outdir.iterdir()):
        named = _packet_files(outdir)
        if named is None:
            raise CaseError(
                str(outdir),
                [Problem("", "is a folder that is not a claimgen packet and not empty; choose a new or empty folder (claimgen replaces the whole folder)")],
            )
        extra = _unlisted(outdir, named)
        if extra:
            shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
            raise CaseError(
                str(outdir),
                [Problem("", f"is an earlier claimgen packet that now also holds files claimgen did not write ({shown}); "
                             "claimgen replaces the whole folder, so move them out or choose another folder")],
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
    outdir = Path(os.path.abspath(outdir))
    if case is None:
        case, _warnings = load_valid_case(case_path)
    _check_outdir(outdir, case_path, case)
    _refuse_unready(case, case_path, as_of, options)
    try:
        recover_dir(outdir)
        _check_outdir(outdir)
        ensure_private_dir(outdir.parent)
        _stale_staging(outdir.parent, outdir.name)
        staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.new-{os.getpid()}-", dir=outdir.parent))
    except OSError as exc:  # an output folder we cannot create or write in: the user's to fix (exit 2)
        raise CaseError(str(outdir), [Problem("", f"cannot write the packet here: {exc.strerror or exc}")]) from None
    try:
        os.chmod(staging, 0o700)
        ctx = BuildContext(case=case, case_path=case_path.resolve(), as_of=as_of, staging=staging, options=options)
        render_all(ctx)
        data = manifest_bytes(ctx)
        write_private_bytes(staging / MANIFEST, data)
        make_tree_private(staging)
        replace_dir(staging, outdir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return json.loads(data)
