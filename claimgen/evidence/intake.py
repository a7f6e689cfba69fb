"""``add_files``: hash, describe and register evidence files in a case — all or nothing.

Everything slow happens first: every file is found, checked and hashed (one
read each) and its capture metadata read. Only then is the case file changed,
in ONE atomic save through :func:`claimgen.caseio.update_case` (comments and key
order kept). Ctrl-C or an error before that point leaves the case file exactly
as it was; bad input (a missing or unreadable file, a case that does not parse,
an unknown ``--supports`` id) raises :class:`CaseError` and writes nothing.

Originals are opened read-only and never modified, moved or re-encoded. Paths
are stored relative to the case file's folder (POSIX separators) when the file
is inside it; anything else is stored as an absolute path, with a warning.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from ..caseio import load_for_update, load_raw, parse_case, update_case
from ..errors import CaseError, Problem
from .common import EvidenceInputError, append_keeping_layout, case_folder, control_chars, now_utc, registered_by
from .hashing import FileDigest, NotRegularFile, hash_file
from .metadata import capture_metadata, file_modified_iso, sniff_mime
from .progress import reporter

BOXES = ("2", "8", "9", "10", "11", "12a", "12b", "12c", "12d", "13")
_NUMBER = re.compile(r"^E-(\d+)$")


@dataclass
class Added:
    """One newly registered exhibit."""

    id: str
    path: str  # as stored in the case file
    file: str  # as given on the command line (or found in a folder)
    sha256: str
    size: int
    mime_type: str
    captured_at: str | None = None
    flags: list[str] = field(default_factory=list)
    outside: bool = False


@dataclass
class Duplicate:
    """A file whose content is already registered (or appears twice in this batch)."""

    file: str
    sha256: str
    existing_id: str
    existing_path: str


@dataclass
class AddResult:
    added: list[Added] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # already registered paths whose content differs now

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.added]


@dataclass
class _Pending:
    file: Path
    shown: str
    digest: FileDigest | None = None


# ---------------------------------------------------------------- finding files


def _hidden(name: str) -> bool:
    return name.startswith(".")


def is_packet(folder: Path) -> bool:
    """A folder ``claimgen build`` wrote: it holds a claimgen ``manifest.json``."""
    import json

    try:
        doc = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and "claimgen" in doc and isinstance(doc.get("files"), list)


def _walk(top: Path) -> tuple[list[Path], list[str]]:
    """Regular files under ``top``, recursively, sorted; hidden files and folders and claimgen packets skipped.

    A packet built inside the case folder is claimgen's own output, not evidence: registering
    it would make every later build into it refuse (it would hold exhibits).
    """
    found: list[Path] = []
    skipped: list[str] = []
    for root, dirs, files in os.walk(top, followlinks=False):
        kept = []
        for d in sorted(d for d in dirs if not _hidden(d)):
            if is_packet(Path(root) / d):
                skipped.append(f"{Path(root) / d}: skipped (a packet written by claimgen build, not evidence)")
            else:
                kept.append(d)
        dirs[:] = kept
        for name in files:
            if _hidden(name):
                continue
            p = Path(root) / name
            try:
                st = p.stat()
            except OSError:
                skipped.append(f"{p}: skipped (a broken link or unreadable entry)")
                continue
            if stat.S_ISREG(st.st_mode):
                found.append(p)
            else:
                skipped.append(f"{p}: skipped (not a regular file)")
    found.sort(key=lambda p: PurePath(p).parts)
    return found, skipped


def collect_files(
    args: Iterable[str | Path], case_path: Path
) -> tuple[list[_Pending], list[tuple[str, Problem]], list[str]]:
    """Expand folders, drop the case file itself and repeats; report what cannot be registered."""
    problems: list[tuple[str, Problem]] = []
    warnings: list[str] = []
    pending: list[_Pending] = []
    seen: set[str] = set()
    case_real = os.path.realpath(case_path)

    def consider(p: Path) -> None:
        real = os.path.realpath(p)
        if real == case_real or real in seen:
            return
        seen.add(real)
        shown = str(p)
        try:
            shown.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(
                (
                    shown.encode("utf-8", "backslashreplace").decode(),
                    Problem(
                        "",
                        "the file name is not valid UTF-8; rename it (renaming does not change the content or its hash) and add it again",
                    ),
                )
            )
            return
        bad = control_chars(p.name)
        if bad:
            names = ", ".join(f"U+{ord(c):04X}" for c in bad[:3])
            problems.append(
                (
                    shown.replace("\n", "\\n"),
                    Problem(
                        "",
                        f"the file name contains control characters ({names}); rename it (renaming does not change the content or its hash) and add it again",
                    ),
                )
            )
            return
        if not os.access(p, os.R_OK):
            problems.append((shown, Problem("", "cannot read the file (permission denied)")))
            return
        pending.append(_Pending(p, shown))

    for arg in args:
        p = Path(arg)
        try:
            st = p.stat()
        except FileNotFoundError:
            problems.append((str(arg), Problem("", "no such file or folder")))
            continue
        except OSError as exc:
            problems.append((str(arg), Problem("", f"cannot read: {exc.strerror or exc}")))
            continue
        if stat.S_ISDIR(st.st_mode):
            if is_packet(p):
                problems.append(
                    (
                        str(arg),
                        Problem(
                            "",
                            "is a packet written by claimgen build, not evidence; register the original files instead",
                        ),
                    )
                )
                continue
            files, skipped = _walk(p)
            warnings += skipped
            if not files:
                warnings.append(f"{arg}: the folder holds no files to register (hidden files are skipped)")
            for f in files:
                consider(f)
        elif stat.S_ISREG(st.st_mode):
            if os.path.realpath(p) == case_real:
                problems.append(
                    (
                        str(arg),
                        Problem("", "is the case file itself, not evidence; name the evidence files to register"),
                    )
                )
                continue
            consider(p)
        else:
            problems.append((str(arg), Problem("", "is not a regular file (a device, pipe or socket)")))
    return pending, problems, warnings


# ---------------------------------------------------------------- storing paths and links


def stored_path(file: Path, case_dir: Path) -> tuple[str, bool]:
    """(path to store, is it outside the case folder?) — relative POSIX path where possible."""
    absolute = Path(os.path.abspath(file))
    for a, b in ((absolute, case_dir), (Path(os.path.realpath(file)), Path(os.path.realpath(case_dir)))):
        try:
            return a.relative_to(b).as_posix(), False
        except ValueError:
            continue
    return absolute.as_posix(), True


def known_references(case) -> dict[str, str]:
    """Every id an exhibit may support → what it is (for messages)."""
    refs: dict[str, str] = {}
    for c in case.claimants:
        refs[c.id] = "claimant"
        for item in c.damages_items:
            if item.id:
                refs[item.id] = "damages item"
    for w in case.witnesses:
        if w.id:
            refs[w.id] = "witness"
    for box in BOXES:
        refs[f"box-{box}"] = "SF-95 box"
    return refs


def check_supports(case, supports: Iterable[str]) -> list[Problem]:
    refs = known_references(case)
    out = []
    for ref in supports:
        if ref not in refs:
            out.append(
                Problem(
                    "--supports",
                    f"{ref!r} is not a claimant, witness or damages item id of this case, nor an SF-95 box like box-8 or box-12a",
                )
            )
    return out


def _check_text(name: str, value: str | None) -> list[Problem]:
    if value is None:
        return []
    bad = [c for c in control_chars(value) if c not in "\n\t"]
    if bad:
        return [
            Problem(name, f"contains control characters ({', '.join(f'U+{ord(c):04X}' for c in bad[:3])}); remove them")
        ]
    return []


def next_number(entries: Iterable[Any]) -> int:
    """One more than the highest E-number already used."""
    highest = 0
    for e in entries:
        ident = e.get("id") if isinstance(e, dict) else getattr(e, "id", None)
        m = _NUMBER.match(str(ident or ""))
        if m:
            highest = max(highest, int(m.group(1)))
    return highest + 1


def exhibit_id(n: int) -> str:
    return f"E-{n:03d}"


# ---------------------------------------------------------------- the whole intake


def _entry(
    p: _Pending, stored: str, *, description, source, custodian, supports, by, at
) -> tuple[dict[str, Any], Added]:
    d = p.digest
    assert d is not None, "every pending file is hashed before it is registered"
    mime, flags = sniff_mime(d.head, p.file.name)
    cap = capture_metadata(p.file, mime)
    entry: dict[str, Any] = {"id": None, "path": stored}
    if description:
        entry["description"] = description
    entry["sha256"] = d.sha256
    entry["size"] = d.size
    entry["mime_type"] = mime
    entry["original_name"] = p.file.name
    if source:
        entry["source"] = source
    if custodian:
        entry["custodian"] = custodian
    entry["file_modified"] = file_modified_iso(d.mtime)
    if cap.captured_at:
        entry["captured_at"] = cap.captured_at
    if cap.metadata:
        entry["metadata"] = dict(cap.metadata)
    all_flags = flags + cap.flags
    if all_flags:
        entry["metadata_flags"] = all_flags
    if supports:
        entry["supports"] = list(supports)
    entry["custody"] = [{"action": "registered", "by": by, "at": at, "sha256": d.sha256}]
    added = Added(None, stored, p.shown, d.sha256, d.size, mime, cap.captured_at, all_flags)  # type: ignore[arg-type]
    return entry, added


def add_files(
    case_path: Path | str,
    files: Iterable[str | Path],
    *,
    description: str | None = None,
    source: str | None = None,
    custodian: str | None = None,
    supports: Iterable[str] = (),
    by: str | None = None,
    progress: bool = True,
) -> AddResult:
    """Hash and register ``files`` (folders recursively) in the case; one atomic save.

    Raises :class:`CaseError` (nothing written) for a case that does not parse,
    a missing, unreadable or oddly named file, or an unknown ``supports`` id.
    Content already registered is reported in ``result.duplicates``, not added.
    """
    from ..model import Evidence

    case_path = Path(case_path)
    case_file = str(case_path)
    case = parse_case(load_raw(case_path), case_file)
    case_dir = case_folder(case_path)
    supports = list(dict.fromkeys(supports))

    option_problems = check_supports(case, supports)
    for name, value in (("--description", description), ("--source", source), ("--custodian", custodian), ("--by", by)):
        option_problems += _check_text(name, value)
    pending, file_problems, warnings = collect_files(files, case_path)
    entries = [(case_file, p) for p in option_problems] + file_problems
    if not pending and not entries:
        entries.append((case_file, Problem("", "no files to register (folders were empty or held only hidden files)")))
    if entries:
        raise EvidenceInputError(entries)

    result = AddResult(warnings=list(warnings))
    by = registered_by(case, by)

    # 1. hash everything (the slow part) — the case file is untouched until the end
    total = 0
    for p in pending:
        try:
            total += p.file.stat().st_size
        except OSError:
            pass
    failures: list[tuple[str, Problem]] = []
    # The round-trip parse for the final save runs now, while the prefetch thread is still
    # reading a large file (it releases the GIL), instead of after the hash.
    draft = load_for_update(case_path)
    with reporter(total, enabled=progress) as rep:
        for p in pending:
            try:
                size = p.file.stat().st_size
                rep.start(p.shown, size)
                p.digest = hash_file(p.file, rep.callback())
            except NotRegularFile:
                failures.append((p.shown, Problem("", "is not a regular file")))
            except FileNotFoundError:
                failures.append((p.shown, Problem("", "disappeared while being registered")))
            except OSError as exc:
                failures.append((p.shown, Problem("", f"cannot read: {exc.strerror or exc}")))
    if failures:
        raise EvidenceInputError(failures)

    # 2. describe: duplicates, paths, metadata
    by_sha = {e.sha256: e for e in case.evidence}
    by_path = {e.path: e for e in case.evidence}
    at = now_utc()
    new: list[tuple[dict[str, Any], Added]] = []
    batch: dict[str, Added] = {}
    for p in pending:
        d = p.digest
        assert d is not None, "every pending file is hashed before it is registered"
        stored, outside = stored_path(p.file, case_dir)
        if d.sha256 in by_sha:
            old = by_sha[d.sha256]
            result.duplicates.append(Duplicate(p.shown, d.sha256, old.id, old.path))
            continue
        if d.sha256 in batch:
            first = batch[d.sha256]
            result.duplicates.append(Duplicate(p.shown, d.sha256, "", first.path))
            continue
        if stored in by_path:
            old = by_path[stored]
            result.changed.append(
                f"{p.shown}: is registered as {old.id} but its content has CHANGED since "
                f"(sha256 {old.sha256[:12]}… then, {d.sha256[:12]}… now); not registered again — run `claimgen evidence verify`"
            )
            continue
        if outside:
            result.warnings.append(
                f"{p.shown}: is outside the case folder; stored as the absolute path {stored} "
                "(copy it into the case folder so the packet can be checked on another computer)"
            )
        if d.size == 0:
            result.warnings.append(
                f"{p.shown}: is empty (0 bytes); registered as it is, but check that it is the file you meant (a failed download or copy?)"
            )
        entry, added = _entry(
            p, stored, description=description, source=source, custodian=custodian, supports=supports, by=by, at=at
        )
        added.outside = outside
        new.append((entry, added))
        batch[d.sha256] = added

    if not new:
        return result

    # 3. one atomic save; ids are numbered against the file as it is at this moment
    def change(tree: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        seq = tree.get("evidence")
        if not isinstance(seq, list):
            seq = CommentedSeq()
            tree["evidence"] = seq
        removed = tree.get("removed_evidence")
        n = next_number([*seq, *(removed if isinstance(removed, list) else [])])  # a removed id is never reused
        for entry, added in new:
            entry["id"] = added.id = exhibit_id(n)
            n += 1
            Evidence.model_validate(entry)  # a bug here must never reach the case file
            cm = CommentedMap()
            for k, v in entry.items():
                if isinstance(v, dict):
                    v = CommentedMap(v)
                elif isinstance(v, list):
                    v = CommentedSeq([CommentedMap(x) if isinstance(x, dict) else x for x in v])
                    if k == "supports":
                        v.fa.set_flow_style()
                cm[k] = v
            append_keeping_layout(seq, cm)

    update_case(case_path, change, draft)
    result.added = [a for _, a in new]
    for dup in result.duplicates:
        if not dup.existing_id:
            dup.existing_id = batch[dup.sha256].id
    return result


__all__ = ["AddResult", "Added", "Duplicate", "add_files", "CaseError"]
