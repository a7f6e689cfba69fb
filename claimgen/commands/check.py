"""``claimgen check CASE`` — every deadline and risk flag, as a table, as JSON, as a calendar.

``--format table`` (default) prints a table a family member can read, then the flags by
severity; ``--format json`` prints the fixed object of docs/commands.md; ``--ics FILE`` also writes the
calendar (0600, atomically, folders 0700).

``--strict`` exits 1 when a deadline needs action: any deadline of the report whose
status is ``missed``, or still ``open`` with its act-by day within 30 days of
``--as-of`` (``windows.strict_days`` in data/deadlines.yaml). Only last days to act
count — never ``ftca_earliest_suit``, which is a first day allowed — and the optional
reconsideration deadline (``optional: true``) never counts as missed, and stops counting at
all once a suit is filed (``closed_by: suit_filed_on``). Deadlines that are
``met`` or ``not_applicable`` never count. The safer Bivens reading (Florida,
Minnesota: the shorter period a court might apply) counts too: a calendar job should
sound the alarm by the earlier day, the safe side.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import as_of

TABLE_WIDTH = 120
SEVERITY_HEADINGS = {
    "critical": "Act now",
    "warning": "Warnings",
    "info": "Good to know",
}


def needs_action(report, case=None) -> list:
    """The deadlines that make ``--strict`` exit 1 (see the module docstring)."""
    from .. import data
    from ..checks.deadlines import is_closed, is_optional

    window = data.load("deadlines")["windows"]["strict_days"]
    out = []
    for d in [*report.deadlines, *report.safer_dates]:
        if d.kind != "last_day" or (case is not None and is_closed(d.id, case)):
            continue  # a request to reconsider once suit is filed: the stage is over
        if (d.status == "missed" and not is_optional(d.id)) or (
            d.status == "open" and d.days_left is not None and d.days_left <= window
        ):
            out.append(d)
    return out


def _write_ics(path: Path, case, report, case_path: Path) -> None:
    from ..errors import UsageError
    from ..fsutil import atomic_write_bytes
    from ..render import source_date_epoch
    from ..render.ics import calendar_bytes

    if path.exists() and path.is_dir():
        raise UsageError(f"--ics {path}: is a folder; give a file name such as {path / 'deadlines.ics'}")
    from ..fsutil import NotRegularFile, write_target

    try:
        write_target(path)  # a FIFO would hang the check below; a device must never be replaced
    except NotRegularFile as exc:
        raise UsageError(f"--ics {path}: {exc.strerror}; give a file name such as deadlines.ics") from None
    _refuse_overwriting_an_input(path, case_path, case)
    try:
        from ..render.finalcopy import case_name

        name = case_name(case, case_path)
        atomic_write_bytes(path, calendar_bytes(case, report, source_date_epoch(report.as_of), name))
    except OSError as exc:
        raise UsageError(f"--ics {path}: cannot write the calendar ({exc.strerror or exc})") from None


def _refuse_overwriting_an_input(path: Path, case_path: Path, case) -> None:
    """``--ics`` replaces its file: never the case file or an exhibit (see :func:`refuse_overwriting`)."""
    inputs = [(case_path, "the case file")]
    for e in case.evidence:
        exhibit = Path(e.path) if Path(e.path).is_absolute() else case_path.parent / e.path
        inputs.append((exhibit, f"exhibit {e.id}"))
    refuse_overwriting(path, inputs)


def refuse_overwriting(path: Path, inputs: list[tuple[Path, str]]) -> None:
    """``--ics`` replaces its file: never one of ``inputs`` (path, what it is), nor another existing file.

    A typo such as ``--ics case.yaml`` would otherwise swap the case file for a calendar.
    An existing calendar (a ``.ics`` name or ``BEGIN:VCALENDAR`` content) or an empty file may be replaced.
    """
    from ..errors import UsageError
    from ..fsutil import NotRegularFile, write_target

    try:
        write_target(path)  # a FIFO would hang the read below; a device must never be replaced
    except NotRegularFile as exc:
        raise UsageError(f"--ics {path}: {exc.strerror}; give a file name such as deadlines.ics") from None
    if not path.exists():
        return
    real = os.path.realpath(path)
    for item, what in inputs:
        if real == os.path.realpath(item):
            raise UsageError(f"--ics {path}: is {what}; give the calendar its own name, such as deadlines.ics")
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError as exc:
        raise UsageError(f"--ics {path}: cannot write the calendar ({exc.strerror or exc})") from None
    if (
        head
        and path.suffix.lower() != ".ics"
        and not head.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR")
    ):
        raise UsageError(
            f"--ics {path}: exists and is not a calendar file; claimgen replaces only an earlier calendar, so choose another name"
        )


def _days_text(d) -> str:
    if d.days_left is None:
        return "—"
    if d.days_left < 0:
        return f"act-by day passed {-d.days_left} day{'s' * (d.days_left != -1)} ago"
    return str(d.days_left)


def _short_date(day) -> str:
    """Mon Jun 14, 2027: short enough for a table cell, still unambiguous."""
    return f"{day:%a} {day:%b} {day.day}, {day.year}" if day else "—"


def print_table(case, report, stream=None) -> None:
    """The human-readable report (rich, imported here so other commands stay fast).

    All text goes in as rich ``Text`` objects, never as markup: citations such as
    "[verify]" must print literally.
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .. import data
    from .. import formatting as T

    console = Console(file=stream or sys.stdout, highlight=False, emoji=False)
    if not console.is_terminal:
        console.width = max(console.width, TABLE_WIDTH)  # a file or a pipe: don't squeeze to 80
    title = f"Deadlines as of {T.weekday_date(report.as_of)}"
    table = Table(title=Text(title, style="bold"), box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("What", ratio=3)
    table.add_column("Last day", no_wrap=True)
    table.add_column("Act by", no_wrap=True)
    table.add_column("Days left", justify="right")
    table.add_column("Status")
    table.add_column("Rule", ratio=2)
    styles = {"missed": "bold red", "open": "bold", "met": "green", "not_applicable": "dim"}
    rows = [*report.deadlines, *report.safer_dates]
    for d in rows:
        first = d.kind == "first_day"
        table.add_row(
            Text(d.label),
            Text(("from " if first and d.date else "") + _short_date(d.date)),
            Text("—" if first else _short_date(d.act_by)),  # nothing to "act by" on a first day allowed
            Text(_days_text(d)),
            Text(data.status_word(d.kind, d.status), style=styles.get(d.status, "")),
            Text(d.rule),
        )
    console.print(table)

    def bullets(heading: str, items: list[Text]) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for item in items:
            grid.add_row(Text(" •"), item)
        console.print(Text(heading, style="bold"))
        console.print(grid)
        console.print()

    meanings = []
    for d in rows:
        item = Text(d.label, style="bold")
        item.append(": " + d.explanation, style="")
        meanings.append(item)
    bullets("What the dates mean", meanings)
    for severity in ("critical", "warning", "info"):
        flags = [f for f in report.flags if f.severity == severity]
        if flags:
            bullets(f"{SEVERITY_HEADINGS[severity]} ({severity})", [Text(f.message) for f in flags])
    console.print(
        Text(
            "“Act by” is the last business day on or before the last day (weekends and federal holidays "
            "moved earlier, never later). claimgen never assumes that a deadline is extended. "
            "This is a draft for a lawyer's review, not legal advice.",
            style="italic",
        )
    )


def before_build_lines(case_path: Path, loaded, day) -> list[str]:
    """What ``build`` would refuse, one line each (``check`` counts the deadlines anyway).

    A complete case gets every business rule of ``validate``; a half-finished one gets the
    parts the documents still need and the command that continues it.
    """
    from ..checks.validate import check_case

    file = str(case_path)
    if not loaded.complete:
        lines = [
            p.line(file).replace(f"{file}: ", f"{file}: needed before `claimgen build`: ", 1) for p in loaded.missing
        ]
        lines.append(
            f"{file}: the case is not finished; `claimgen interview {file}` continues it "
            "(its deadlines are counted from what it already holds)"
        )
        return [w.line(file) for w in loaded.warnings] + lines
    lines = []
    for p in check_case(loaded.case, case_path.parent, today=day):
        line = p.line(file)
        if p.severity == "error":
            line = line.replace(f"{file}: ", f"{file}: before `claimgen build`: ", 1)
        lines.append(line)
    return lines


def run(args) -> int:
    from ..checks.deadline_case import load_for_deadlines
    from ..checks.deadline_case import report as deadline_report

    day = as_of(args)
    case_path = Path(args.case)
    loaded = load_for_deadlines(case_path, today=day)
    case = loaded.case
    for line in before_build_lines(case_path, loaded, day):
        print(line, file=sys.stderr)
    report = deadline_report(loaded, day)
    if args.ics:
        _write_ics(Path(args.ics), case, report, case_path)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2))
    else:
        print_table(case, report)
    if args.ics:
        print(f"Calendar written to {args.ics}", file=sys.stderr)
    urgent = needs_action(report, case) if getattr(args, "strict", False) else []
    for d in urgent:  # say why the exit status is 1: a script's log should name the deadline
        when = "missed" if d.status == "missed" else f"{d.days_left} day{'s' * (d.days_left != 1)} left"
        print(
            f"{case_path}: {d.id}: {when} (act by {d.act_by.isoformat() if d.act_by else 'now'}; {d.rule})",
            file=sys.stderr,
        )
    return 1 if urgent else 0
