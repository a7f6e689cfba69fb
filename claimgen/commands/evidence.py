"""``claimgen evidence add | verify | log | remove | relink`` — register, check and track evidence files.

``add`` exits 0 when done (1 if an already registered file turned out changed);
``verify`` exits 1 naming every changed or missing exhibit, 0 when all match;
``log`` exits 1 when a re-hash at the event no longer matches; ``remove`` and ``relink``
exit 0 when saved (``relink`` refuses a file whose hash differs: exit 2). Bad input: exit 2,
one line per problem, nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..formatting import human_size


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def run_add(args) -> int:
    from ..evidence.hashing import forget, prefetch

    prefetch(args.files)  # start reading big files while the case-file libraries load
    from ..evidence.intake import add_files

    case = Path(args.case)
    try:
        result = add_files(
            case,
            args.files,
            description=args.description,
            source=args.source,
            custodian=args.custodian,
            supports=args.supports or (),
            by=args.by,
            progress=True,
        )
    finally:
        forget(args.files)  # a refused command leaves no background result behind
    for w in result.warnings:
        _err(f"warning: {w}")
    for a in result.added:
        when = f"  captured {a.captured_at}" if a.captured_at else ""
        print(f"{a.id}  {a.path}  {human_size(a.size)}  {a.mime_type}  sha256 {a.sha256}{when}")
        for flag in a.flags:
            print(f"        note: {flag}")
    for d in result.duplicates:
        print(f"{d.file}: same content as {d.existing_id} ({d.existing_path}); not registered twice")
    for c in result.changed:
        _err(f"WARNING: {c}")
    n = len(result.added)
    if n:
        span = result.ids[0] if n == 1 else f"{result.ids[0]} to {result.ids[-1]}"
        print(f"{case}: registered {n} file{'s' * (n != 1)} ({span}).")
    else:
        print(f"{case}: nothing new to register; the case file was not changed.")
    return 1 if result.changed else 0


def run_verify(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..evidence.verify import verify

    case = Path(args.case)
    rows = verify(case, progress=True)
    console = Console(highlight=False, soft_wrap=False)
    table = Table(title=f"Evidence in {case}", title_justify="left")
    for col in ("exhibit", "path", "status", "size"):
        table.add_column(col, justify="right" if col == "size" else "left", overflow="fold")
    style = {"ok": "green", "CHANGED": "bold red", "MISSING": "bold red", "UNREADABLE": "bold red"}
    from rich.text import Text

    for r in rows:
        table.add_row(r.id, Text(r.path), Text(r.status, style=style.get(r.status, "")), human_size(r.size))
    if rows:
        console.print(table)
    bad = [r for r in rows if not r.ok]
    for r in bad:
        _err(f"{case}: {r.id} {r.status}: {r.path} ({r.detail})")
    if bad:
        _err(f"{case}: {len(bad)} of {len(rows)} exhibit{'s' * (len(rows) != 1)} changed or missing: {', '.join(r.id for r in bad)}")
        return 1
    print(f"{case}: all {len(rows)} exhibit{'s' * (len(rows) != 1)} match their registered SHA-256." if rows else f"{case}: no evidence is registered yet.")
    return 0


def run_log(args) -> int:
    from ..evidence.custody import log_events

    case = Path(args.case)
    results = log_events(
        case, args.exhibits, action=args.action, by=args.by, to=args.to, method=args.method, note=args.note, at=args.at
    )
    bad = 0
    for r in results:
        if r.status == "ok":
            print(f"{r.id}: logged {args.action!r}; the file still matches its registered SHA-256.")
        else:
            bad += 1
            now = f" (sha256 now {r.sha256_now})" if r.sha256_now else ""
            _err(f"WARNING: {r.id}: logged {args.action!r}, but the file is {r.status} since registration: {r.path}{now}")
    return 1 if bad else 0


def run_remove(args) -> int:
    from ..evidence.housekeeping import remove_exhibit

    actor = remove_exhibit(Path(args.case), args.exhibit, by=args.by, note=args.note)
    print(f"{args.case}: {args.exhibit} removed (by {actor}); its chain of custody is kept under removed_evidence "
          "and its id will not be given to another file.")
    return 0


def run_relink(args) -> int:
    from ..evidence.housekeeping import relink_exhibit

    r = relink_exhibit(Path(args.case), args.exhibit, args.new_path, by=args.by)
    if r.old_path == r.new_path:
        print(f"{args.case}: {r.id} already points to {r.new_path}; nothing to change.")
        return 0
    print(f"{args.case}: {r.id} now points to {r.new_path} (was {r.old_path}); the SHA-256 matches.")
    if r.outside:
        _err(f"warning: {r.new_path} is outside the case folder; stored as an absolute path")
    return 0


def run(args) -> int:
    command = args.evidence_command
    if command == "remove":
        return run_remove(args)
    if command == "relink":
        return run_relink(args)
    if command == "add":
        return run_add(args)
    if command == "verify":
        return run_verify(args)
    if command == "log":
        return run_log(args)
    raise SystemExit(2)  # argparse already refuses anything else
