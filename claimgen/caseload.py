"""The docket: every case file under some folders, by its most urgent deadline (docs/docket.md).

A clinic keeps dozens to hundreds of cases in a shared folder. :func:`find_case_files`
walks it (packet folders, hidden folders and virtual environments skipped, symlink
loops survived), :func:`docket` reads each case at the deadline-only level (the same
reading and the same report as ``claimgen check``) and returns one :class:`Row` per
case, sorted by danger, and one :class:`DocketProblem` per case file that cannot be
read. One bad file never stops the others.

Speed: each file is read once and parsed with the project's loader (libyaml's C
parser); only what the deadlines need is validated, and nothing here imports a
renderer (reportlab, docxtpl).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .caseio import MAX_CASE_BYTES, parse_yaml_fast, read_text
from .checks.deadline_case import parse_for_deadlines
from .checks.deadline_case import report as deadline_report
from .checks.deadlines import is_closed, is_optional
from .errors import CaseError
from .formatting import folder_text
from .fsutil import FileTooLarge, read_capped
from .render.ics import uid_key

YAML_SUFFIXES = (".yaml", ".yml")
# Folders that never hold a case file: tool and package caches, virtual environments.
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "env", "bower_components"})
_CASE_WORDS = tuple("claimgen".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_CASE_KEY_LINE = re.compile(r"^\s*[{]?\s*['\"]?claimgen['\"]?\s*:", re.MULTILINE)


@dataclass
class DocketProblem:
    path: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message}


@dataclass
class Row:
    """One case: the deadline that decides its place in the docket, and its check output.

    The check output is kept as compact JSON text, and the case itself not at all (its
    evidence and custody logs can be large): a docket of a thousand cases stays small.
    """

    path: str
    title: str
    next: Any  # the open last-day Deadline with the earliest act_by, or None
    missed: list  # the Deadlines whose status is "missed"
    worst_flag: Any  # the first flag (flags come sorted critical, warning, info), or None
    deadlines_json: str  # exactly `check --format json`'s "deadlines", compact
    flags_json: str  # exactly its "flags", compact
    uid_key: str  # what the office calendar's UIDs are made from (render.ics.uid_key)
    missing: list[str] = field(default_factory=list)  # what the documents still need
    # an open safer reading (e.g. Minnesota's 2-year statute) due before ``next``: the table shows it
    # beside ``next``; the JSON keeps exactly check's deadlines
    safer: Any = None
    report: Any = None  # the whole Report, kept only when asked for (the office calendar)

    def sort_key(self) -> tuple:
        act_by = self.next.act_by if self.next is not None else dt.date.max
        return (0 if self.missed else 1, self.next is None, act_by, self.path)

    def next_json(self) -> dict[str, Any] | None:
        if self.next is None:
            return None
        return {
            "id": self.next.id,
            "date": self.next.date.isoformat(),
            "act_by": self.next.act_by.isoformat(),
            "days_left": self.next.days_left,
        }

    def json_text(self) -> str:
        """This case as one line of the docket JSON (docs/docket.md)."""
        head = json.dumps({"path": self.path, "title": self.title, "next": self.next_json()})[:-1]
        return f'{head}, "deadlines": {self.deadlines_json}, "flags": {self.flags_json}}}'

    def to_json(self) -> dict[str, Any]:
        return json.loads(self.json_text())


@dataclass
class Docket:
    as_of: dt.date
    rows: list[Row]
    problems: list[DocketProblem]

    def to_json(self) -> dict[str, Any]:
        """The ``docket --format json`` object documented in docs/docket.md; its keys never change."""
        return {
            "as_of": self.as_of.isoformat(),
            "cases": [r.to_json() for r in self.rows],
            "problems": [p.to_json() for p in self.problems],
        }

    def write_json(self, stream) -> None:
        """Exactly ``json.dumps(self.to_json(), indent=2)`` and a newline, written one case at a time
        (the whole document of a thousand cases is never held in memory at once)."""

        def items(name: str, texts, last: bool) -> None:
            stream.write(f'  "{name}": ')
            first = True
            for text in texts:
                stream.write("[\n" if first else ",\n")
                stream.write("\n".join("    " + line for line in text.splitlines()))
                first = False
            stream.write("[]" if first else "\n  ]")
            stream.write("\n" if last else ",\n")

        stream.write("{\n" + f'  "as_of": {json.dumps(self.as_of.isoformat())},\n')
        items("cases", (json.dumps(r.to_json(), indent=2) for r in self.rows), last=False)
        items("problems", (json.dumps(p.to_json(), indent=2) for p in self.problems), last=True)
        stream.write("}\n")

    def urgent(self, within: int) -> list[Row]:
        """Cases with a missed deadline, or an open one whose act-by day is within ``within`` days."""
        return [
            r for r in self.rows if r.missed or (r.next is not None and (r.next.act_by - self.as_of).days <= within)
        ]


def next_deadline(report, case: Any = None) -> Any:
    """The open last-day deadline with the earliest act-by day (never ``ftca_earliest_suit``), leaving out a
    deadline that ``case`` has moved past (a request to reconsider once suit is filed)."""
    open_ = [
        d
        for d in report.deadlines
        if d.status == "open"
        and d.kind == "last_day"
        and d.act_by is not None
        and (case is None or not is_closed(d.id, case))
    ]
    return min(open_, key=lambda d: (d.act_by, d.id)) if open_ else None


def earlier_safer_date(report, case: Any = None) -> Any:
    """The open safer-reading last day (``check``'s table row, e.g. a 2-year Bivens reading) due
    before :func:`next_deadline`, or None: ``check --strict`` counts it, so the docket must show it."""
    nxt = next_deadline(report, case)
    open_ = [
        d
        for d in report.safer_dates
        if d.status == "open" and d.act_by is not None and (nxt is None or d.act_by < nxt.act_by)
    ]
    return min(open_, key=lambda d: (d.act_by, d.id)) if open_ else None


def missed_deadlines(report, case: Any = None) -> list:
    """The deadlines missed in earnest: status ``missed``, but not an optional step let pass (a request to
    reconsider), nor one that ``case`` has moved past. ``check`` still reports their status as it is."""
    return [
        d
        for d in report.deadlines
        if d.status == "missed" and not is_optional(d.id) and (case is None or not is_closed(d.id, case))
    ]


# ---------------------------------------------------------------- finding the files


def _is_packet(folder: Path) -> bool:
    from .evidence.intake import is_packet

    return (folder / "manifest.json").is_file() and is_packet(folder)


def _skip_dir(folder: Path, name: str) -> bool:
    return (
        name.startswith(".")
        or name in SKIP_DIRS
        or (folder / name / "pyvenv.cfg").exists()
        or _is_packet(folder / name)
    )


def find_case_files(paths: list[str], problems: list[DocketProblem]) -> Iterator[tuple[str, Path, str]]:
    """(path as shown, path, real path) of every YAML file under ``paths``, in a stable order, each once.

    Folders are followed through symlinks, but a folder already visited (a loop, or two
    links to one folder) is not entered again; a folder that cannot be listed is a problem.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()
    for given in paths:
        top = Path(given)
        if not top.is_dir():
            real = os.path.realpath(top)
            if real not in seen_files:
                seen_files.add(real)
                yield given, top, real
            continue

        def unreadable(exc: OSError, given: str = given) -> None:
            problems.append(DocketProblem(exc.filename or given, f"cannot read this folder: {exc.strerror or exc}"))

        for root, dirs, files in os.walk(given, onerror=unreadable, followlinks=True):
            here = Path(root)
            try:
                st = here.stat()
            except OSError:
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                dirs[:] = []
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            # real folders before links to folders, so a case is shown by its real path where it can be
            dirs[:] = sorted((d for d in dirs if not _skip_dir(here, d)), key=lambda d: ((here / d).is_symlink(), d))
            real_root = None
            for name in sorted(files):
                if name.lower().endswith(YAML_SUFFIXES) and not name.startswith("."):
                    p = here / name
                    if p.is_symlink():
                        real = os.path.realpath(p)
                    else:
                        real_root = real_root or os.path.realpath(root)
                        real = os.path.join(real_root, name)
                    if real in seen_files:
                        continue
                    seen_files.add(real)
                    yield os.path.join(root, name), p, real


# ---------------------------------------------------------------- reading the cases


def _first_message(exc: CaseError) -> str:
    p = exc.problems[0] if exc.problems else None
    if p is None:
        return "cannot be read"
    return f"{p.path}: {p.message}" if p.path else p.message


def read_case(
    shown: str, path: Path, as_of: dt.date, keep_report: bool = False, real: str | None = None
) -> Row | DocketProblem | None:
    """The row of one case file; a problem if it is a broken case file; None if it is not a case file."""
    try:
        text = read_text(path)
    except CaseError as exc:
        if not _may_be_a_case(path):
            return None  # binary or non-UTF-8 YAML that never names claimgen: not a case file
        return DocketProblem(shown, _first_message(exc))
    if "claimgen" not in text:  # no top-level `claimgen` key can hide without its name: skip unparsed
        return None
    try:
        raw = parse_yaml_fast(text, shown)
    except CaseError as exc:
        # a YAML error in a file that names `claimgen:` at the start of a line is a broken case file
        return DocketProblem(shown, _first_message(exc)) if _CASE_KEY_LINE.search(text) else None
    version = raw.get("claimgen") if isinstance(raw, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version != 1:
        return None
    try:
        loaded = parse_for_deadlines(raw, shown, today=as_of)
        report = deadline_report(loaded, as_of)
    except CaseError as exc:
        return DocketProblem(shown, _first_message(exc))
    case = loaded.case
    title = (case.title or "").strip() or _folder_name(path)
    body = report.to_json()
    return Row(
        path=shown,
        title=title,
        next=next_deadline(report, case),
        missed=missed_deadlines(report, case),
        worst_flag=report.flags[0] if report.flags else None,
        deadlines_json=json.dumps(body["deadlines"]),
        flags_json=json.dumps(body["flags"]),
        uid_key=uid_key(case, real or os.path.realpath(path)),
        missing=loaded.missing_paths(),
        safer=earlier_safer_date(report, case),
        report=report if keep_report else None,
    )


def _may_be_a_case(path: Path) -> bool:
    """False only when the file can be read and does not contain the word ``claimgen`` at all.

    Read like the case itself (regular files only, opened without blocking): a FIFO named
    ``case.yaml`` with no writer must not hang the whole docket.
    """
    try:
        raw = read_capped(path, MAX_CASE_BYTES)
    except FileTooLarge:
        return True
    except OSError:
        return True  # unreadable or not a regular file: it may be a case file, so it is reported
    # a case file saved as UTF-16 (Notepad's "Unicode") is a broken case file, not someone else's YAML
    return any(word in raw for word in _CASE_WORDS)


def _folder_name(path: Path) -> str:
    return folder_text(Path(os.path.abspath(path)).parent.name or str(path))


def docket(paths: list[str], as_of: dt.date, keep_reports: bool = False) -> Docket:
    """Every case under ``paths``, sorted: missed first, then by next act-by day, then nothing open.

    ``keep_reports`` keeps each case's whole :class:`Report` on its row (the office calendar needs it).
    """
    problems: list[DocketProblem] = []
    rows: list[Row] = []
    for shown, path, real in find_case_files(paths, problems):
        try:
            got = read_case(shown, path, as_of, keep_reports, real)
        except (RecursionError, MemoryError, ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
            if os.environ.get("CLAIMGEN_DEBUG"):
                raise
            # a bug met on one file must not hide the other cases: the file is listed, by name only
            got = DocketProblem(
                shown,
                f"claimgen could not read this case ({type(exc).__name__}); "
                "run `claimgen check` on it (CLAIMGEN_DEBUG=1 shows more)",
            )
        if isinstance(got, Row):
            rows.append(got)
        elif isinstance(got, DocketProblem):
            problems.append(got)
    rows.sort(key=Row.sort_key)
    problems.sort(key=lambda p: p.path)
    return Docket(as_of, rows, problems)
