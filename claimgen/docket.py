"""The docket: every case file under some folders, by its most urgent deadline (contract §6).

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
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .caseio import parse_yaml, read_text
from .checks.deadline_case import parse_for_deadlines, report as deadline_report
from .errors import CaseError

YAML_SUFFIXES = (".yaml", ".yml")
# Folders that never hold a case file: tool and package caches, virtual environments.
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "env", "bower_components"})
_CASE_KEY_LINE = re.compile(r"^\s*[{]?\s*['\"]?claimgen['\"]?\s*:", re.MULTILINE)


@dataclass
class DocketProblem:
    path: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "message": self.message}


@dataclass
class Row:
    """One case: its report and the deadline that decides its place in the docket."""

    path: str
    title: str
    case: Any  # claimgen.model.Case (or DraftCase)
    report: Any  # claimgen.checks.deadlines.Report
    real_path: str
    next: Any = None  # the open last-day Deadline with the earliest act_by, or None
    missing: list[str] = field(default_factory=list)  # what the documents still need

    @property
    def missed(self) -> list:
        return [d for d in self.report.deadlines if d.status == "missed"]

    @property
    def worst_flag(self):
        return self.report.flags[0] if self.report.flags else None

    def sort_key(self) -> tuple:
        act_by = self.next.act_by if self.next is not None else dt.date.max
        return (0 if self.missed else 1, self.next is None, act_by, self.path)

    def to_json(self) -> dict[str, Any]:
        nxt = None
        if self.next is not None:
            nxt = {"id": self.next.id, "date": self.next.date.isoformat(), "act_by": self.next.act_by.isoformat(),
                   "days_left": self.next.days_left}
        body = self.report.to_json()
        return {"path": self.path, "title": self.title, "next": nxt, "deadlines": body["deadlines"], "flags": body["flags"]}


@dataclass
class Docket:
    as_of: dt.date
    rows: list[Row]
    problems: list[DocketProblem]

    def to_json(self) -> dict[str, Any]:
        """Exactly contract §6."""
        return {
            "as_of": self.as_of.isoformat(),
            "cases": [r.to_json() for r in self.rows],
            "problems": [p.to_json() for p in self.problems],
        }

    def urgent(self, within: int) -> list[Row]:
        """Cases with a missed deadline, or an open one whose act-by day is within ``within`` days."""
        return [r for r in self.rows if r.missed or (r.next is not None and (r.next.act_by - self.as_of).days <= within)]


def next_deadline(report) -> Any:
    """The open last-day deadline with the earliest act-by day (never ``ftca_earliest_suit``)."""
    open_ = [d for d in report.deadlines if d.status == "open" and d.kind == "last_day" and d.act_by is not None]
    return min(open_, key=lambda d: (d.act_by, d.id)) if open_ else None


# ---------------------------------------------------------------- finding the files


def _is_packet(folder: Path) -> bool:
    from .evidence.intake import is_packet

    return (folder / "manifest.json").is_file() and is_packet(folder)


def _skip_dir(folder: Path, name: str) -> bool:
    return (name.startswith(".") or name in SKIP_DIRS or (folder / name / "pyvenv.cfg").exists()
            or _is_packet(folder / name))


def find_case_files(paths: list[str], problems: list[DocketProblem]) -> Iterator[tuple[str, Path]]:
    """(path as shown, path) of every YAML file under ``paths``, in a stable order, each once.

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
                yield given, top
            continue

        def unreadable(exc: OSError) -> None:
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
            for name in sorted(files):
                if name.lower().endswith(YAML_SUFFIXES) and not name.startswith("."):
                    p = here / name
                    real = os.path.realpath(p)
                    if real in seen_files:
                        continue
                    seen_files.add(real)
                    yield os.path.join(root, name), p


# ---------------------------------------------------------------- reading the cases


def _first_message(exc: CaseError) -> str:
    p = exc.problems[0] if exc.problems else None
    if p is None:
        return "cannot be read"
    return f"{p.path}: {p.message}" if p.path else p.message


def read_case(shown: str, path: Path, as_of: dt.date) -> Row | DocketProblem | None:
    """The row of one case file; a problem if it is a broken case file; None if it is not a case file."""
    try:
        text = read_text(path)
    except CaseError as exc:
        return DocketProblem(shown, _first_message(exc))
    if "claimgen" not in text:  # no top-level `claimgen` key can hide without its name: skip unparsed
        return None
    try:
        raw = parse_yaml(text, shown)
    except CaseError as exc:
        # a YAML error in a file that names `claimgen:` at the start of a line is a broken case file
        return DocketProblem(shown, _first_message(exc)) if _CASE_KEY_LINE.search(text) else None
    version = raw.get("claimgen") if isinstance(raw, dict) else None
    if type(version) is not int or version != 1:
        return None
    try:
        loaded = parse_for_deadlines(raw, shown, today=as_of)
        report = deadline_report(loaded, as_of)
    except CaseError as exc:
        return DocketProblem(shown, _first_message(exc))
    case = loaded.case
    title = (case.title or "").strip() or _folder_name(path)
    return Row(shown, title, case, report, os.path.realpath(path), next_deadline(report), loaded.missing_paths())


def _folder_name(path: Path) -> str:
    return Path(os.path.abspath(path)).parent.name or str(path)


def docket(paths: list[str], as_of: dt.date) -> Docket:
    """Every case under ``paths``, sorted: missed first, then by next act-by day, then nothing open."""
    problems: list[DocketProblem] = []
    rows: list[Row] = []
    for shown, path in find_case_files(paths, problems):
        got = read_case(shown, path, as_of)
        if isinstance(got, Row):
            rows.append(got)
        elif isinstance(got, DocketProblem):
            problems.append(got)
    rows.sort(key=Row.sort_key)
    problems.sort(key=lambda p: p.path)
    return Docket(as_of, rows, problems)
