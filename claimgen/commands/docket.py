"""``claimgen docket PATH...`` — every case under the folders, in order of danger (docs/docket.md).

A table in a terminal (coloured by urgency, fitting 80 columns), plain text when piped,
the fixed object of docs/docket.md with ``--format json``; ``--ics FILE`` writes one office calendar.
Exit 1 when a case has a missed deadline, an open one whose act-by day is within
``--within`` days (default 30), or when a case file could not be read; 0 otherwise;
2 only for a wrong command line (a PATH that does not exist, an ``--ics`` that is a
folder or some other file). With exit 2 nothing is written.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from ..data import status_word
from ..render import source_date_epoch
from . import as_of
from .check import refuse_overwriting

DEFAULT_WITHIN = 30
_URGENCY_STYLE = {"missed": "bold red", "soon": "bold yellow", "open": "", "none": "dim"}


def _urgency(row, day, within: int) -> str:
    if row.missed:
        return "missed"
    if row.safer is not None and (row.safer.act_by - day).days <= within:
        return "soon"
    if row.next is None:
        return "none"
    return "soon" if (row.next.act_by - day).days <= within else "open"


def _short_label(deadline) -> str:
    from ..checks.deadlines import rules

    return rules()["deadlines"].get(deadline.id, {}).get("short", deadline.label)


def _cells(row, day, within: int) -> tuple[str, str, str, str, str, str]:
    """(case, next deadline, act by, days left, status, worst flag) as plain words."""
    if row.missed:
        first = row.missed[0]
        status = status_word(first.kind, "missed")
        what = _short_label(first) + (f" (next: {_short_label(row.next)})" if row.next is not None else "")
        act_by = (
            row.next.act_by.isoformat() if row.next is not None else (first.act_by.isoformat() if first.act_by else "—")
        )
        left = str(row.next.days_left) if row.next is not None else "—"
    elif row.next is not None:
        status = status_word(row.next.kind, "open")
        what, act_by, left = _short_label(row.next), row.next.act_by.isoformat(), str(row.next.days_left)
    else:
        status, what, act_by, left = "nothing open", "—", "—", "—"
    if row.safer is not None:
        what += f" (safer reading: act by {row.safer.act_by.isoformat()})"
    flag = row.worst_flag
    worst = f"{flag.severity}: {_first_sentence(flag.message)}" if flag is not None else ""
    return row.title, what, act_by, left, status, worst


def _first_sentence(message: str) -> str:
    """A flag's first sentence (the rest, and its citations, are in ``claimgen check``)."""
    depth = 0
    for i, c in enumerate(message):
        depth += (c == "(") - (c == ")")  # "(Minn. Stat. ...)" does not end a sentence
        if c == "." and depth == 0 and message[i + 1 : i + 2] == " ":
            return message[: i + 1]
    return message


def print_table(result, within: int, stream=None) -> None:
    """A rich table in a terminal; the same rows as plain text when the output is a pipe or a file."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream or sys.stdout, highlight=False, emoji=False)
    day = result.as_of
    heading = f"Docket as of {day.isoformat()}: {len(result.rows)} case{'s' * (len(result.rows) != 1)}"
    if not console.is_terminal:
        _print_plain(result, within, heading, stream or sys.stdout)
        return
    table = Table(title=Text(heading, style="bold"), box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    # 80 columns: the case's title and its worst flag share the widest column, one line each
    cells = [_cells(row, day, within) for row in result.rows]
    status_w = max([len("Status"), *(len(c[4]) for c in cells)])
    left_w = max([len("Left"), *(len(c[3]) for c in cells)])
    next_w = 20
    case_w = max(16, console.width - (10 + left_w + status_w + next_w) - 16)  # 16: padding and edges
    table.add_column("Case / worst flag", ratio=1, overflow="ellipsis", no_wrap=True, min_width=16, max_width=case_w)
    table.add_column("Next deadline", min_width=next_w, max_width=next_w)
    table.add_column("Act by", min_width=10, no_wrap=True)
    table.add_column("Left", min_width=left_w, justify="right", no_wrap=True)
    table.add_column("Status", min_width=status_w, no_wrap=True)
    for row in result.rows:
        style = _URGENCY_STYLE[_urgency(row, day, within)]
        title, what, act_by, left, status, worst = _cells(row, day, within)
        case_cell = Text(title, style="bold")
        if worst:
            case_cell.append("\n" + worst, style="dim")
        table.add_row(
            case_cell, Text(what), Text(act_by, style=style), Text(left, style=style), Text(status, style=style)
        )
    console.print(table)
    if result.problems:
        console.print(Text(f"Case files that could not be read ({len(result.problems)}):", style="bold red"))
        for p in result.problems:
            console.print(Text(f"  {p.path}: {p.message}"))


def _print_plain(result, within: int, heading: str, stream) -> None:
    """One line per case (whole titles, no colour), the worst flag on the line below."""
    day = result.as_of
    rows = [_cells(r, day, within) for r in result.rows]
    print(heading, file=stream)
    if rows:
        header = ("act by", "left", "status", "case", "next deadline")
        widths = [
            max(len(header[0]), *(len(r[2]) for r in rows)),
            max(len(header[1]), *(len(r[3]) for r in rows)),
            max(len(header[2]), *(len(r[4]) for r in rows)),
        ]
        print(
            f"{header[0]:<{widths[0]}}  {header[1]:>{widths[1]}}  {header[2]:<{widths[2]}}  {header[3]} — {header[4]}",
            file=stream,
        )
        for row, (title, what, act_by, left, status, worst) in zip(result.rows, rows):
            shown = f"{title} — {what}" if what != "—" else title
            print(f"{act_by:<{widths[0]}}  {left:>{widths[1]}}  {status:<{widths[2]}}  {shown}", file=stream)
            if worst:
                print(f"{'':<{widths[0]}}  {'':>{widths[1]}}  {'':<{widths[2]}}  {worst}", file=stream)
            print(f"{'':<{widths[0]}}  {'':>{widths[1]}}  {'':<{widths[2]}}  {row.path}", file=stream)
    if result.problems:
        print(f"Case files that could not be read ({len(result.problems)}):", file=stream)
        for p in result.problems:
            print(f"  {p.path}: {p.message}", file=stream)


def _write_ics(path: Path, result) -> None:
    from ..errors import UsageError
    from ..fsutil import atomic_write_bytes
    from ..render.ics import office_calendar_bytes

    entries = [(r.uid_key, r.report, r.title) for r in result.rows]
    data = office_calendar_bytes(entries, source_date_epoch(result.as_of))
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise UsageError(f"--ics {path}: cannot write the calendar ({exc.strerror or exc})") from None


def _summary(result, urgent: list, within: int) -> str:
    missed = sum(1 for r in urgent if r.missed)
    soon = len(urgent) - missed
    parts = []
    if missed:
        parts.append(f"{missed} case{'s' * (missed != 1)} with a missed deadline")
    if soon:
        parts.append(f"{soon} with an act-by day within {within} days")
    if result.problems:
        n = len(result.problems)
        parts.append(f"{n} case file{'s' * (n != 1)} that could not be read")
    return "claimgen docket: " + "; ".join(parts)


def run(args) -> int:
    from ..caseload import docket
    from ..errors import UsageError

    day = as_of(args)
    within = DEFAULT_WITHIN if args.within is None else args.within
    for given in args.paths:
        if not os.path.lexists(given):
            raise UsageError(f"{given}: no such file or folder")
    ics = Path(args.ics) if args.ics else None
    if ics is not None:
        if ics.is_dir():
            raise UsageError(f"--ics {ics}: is a folder; give a file name such as {ics / 'docket.ics'}")
        refuse_overwriting(ics, [])
    # Reading a thousand case files allocates millions of short-lived objects (YAML nodes) and
    # almost no cycles: collect them less often (a fifth of the run was the cyclic collector).
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    result = docket(args.paths, day, keep_reports=ics is not None)
    if ics is not None:
        refuse_overwriting(ics, [(Path(r.path), "a case file") for r in result.rows])
        _write_ics(ics, result)
    if args.format == "json":
        result.write_json(sys.stdout)
    else:
        print_table(result, within)
    if ics is not None:
        print(f"Calendar written to {ics}", file=sys.stderr)
    urgent = result.urgent(within)
    if urgent or result.problems:
        print(_summary(result, urgent, within), file=sys.stderr)
        return 1
    return 0
