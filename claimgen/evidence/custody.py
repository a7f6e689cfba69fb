"""Chain of custody: append events (copied, sent to counsel, produced to agency) to exhibits.

Each event re-hashes the file at that moment and records the hash it found, so
the chain shows not only who had the file but that it was still the same file.
A difference from the registered hash is recorded as found and reported loudly;
a file no longer at its path is logged without a hash and reported too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..caseio import load_raw, parse_case, update_case
from ..errors import CaseError, Problem
from .common import append_keeping_layout, case_folder, control_chars, now_utc, resolve_evidence_path
from .verify import OK, check_one

FUTURE_SLACK = dt.timedelta(minutes=5)  # clocks of two machines may differ a little


@dataclass
class LogResult:
    id: str
    path: str
    status: str  # ok | CHANGED | MISSING | UNREADABLE
    sha256_now: str | None
    registered_sha256: str


def parse_at(text: str | dt.datetime | None) -> str:
    """``--at``: an ISO date-time WITH a UTC offset (``Z`` allowed); default now. Returned as ISO text."""
    if text is None:
        return now_utc()
    if isinstance(text, str):
        try:
            when = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise CaseError(
                "--at", [Problem("", f"{text!r} is not a date and time like 2025-06-20T14:03:00-05:00")]
            ) from None
    else:
        when = text
    offset = when.utcoffset()
    if when.tzinfo is None or offset is None:
        raise CaseError(
            "--at", [Problem("", f"{text!s} needs a UTC offset, like 2025-06-20T14:03:00-05:00 or ...Z for UTC")]
        )
    from ..caseio import EARLIEST_YEAR

    if when.year < EARLIEST_YEAR:
        raise CaseError("--at", [Problem("", f"{text!s}: the year {when.year} is not plausible; check the date")])
    if offset % dt.timedelta(minutes=1):
        # ISO 8601 and YAML timestamps have offsets in hours and minutes; seconds would not read back
        raise CaseError("--at", [Problem("", f"{text!s}: the UTC offset must be whole minutes, like -05:00")])
    # A chain of custody records what happened; an event later than now is a typo (a year, an offset).
    now = dt.datetime.now(dt.UTC)
    if when > now + FUTURE_SLACK:
        raise CaseError(
            "--at",
            [
                Problem(
                    "",
                    f"{text!s} is in the future (it is now {now.replace(microsecond=0).isoformat()}); record an event once it has happened",
                )
            ],
        )
    return when.replace(microsecond=0).isoformat()


def log_events(
    case_path: Path | str,
    exhibits: list[str],
    *,
    action: str,
    by: str,
    to: str | None = None,
    method: str | None = None,
    note: str | None = None,
    at: str | dt.datetime | None = None,
) -> list[LogResult]:
    """Append one custody event to each exhibit (one atomic save); return what each re-hash found."""
    from ..model import CustodyEvent

    case_path = Path(case_path)
    file = str(case_path)
    case = parse_case(load_raw(case_path), file)
    problems: list[Problem] = []
    when = None
    try:
        when = parse_at(at)
    except CaseError as exc:
        problems += [Problem("--at", p.message) for p in exc.problems]
    for name, value in (("--action", action), ("--by", by), ("--to", to), ("--method", method), ("--note", note)):
        if value is not None and not value.strip() and name in ("--action", "--by"):
            problems.append(Problem(name, "must not be empty"))
        if value is not None:
            bad = [c for c in control_chars(value) if c not in "\n\t"]
            if bad:
                problems.append(Problem(name, "contains control characters; remove them"))
    known = {e.id: e for e in case.evidence}
    for ex in exhibits:
        if ex not in known:
            problems.append(
                Problem(
                    ex,
                    f"is not a registered exhibit (known: {', '.join(list(known)[:8]) or 'none'}{' ...' if len(known) > 8 else ''})",
                )
            )
    if problems:
        raise CaseError(file, problems)

    case_dir = case_folder(case_path)
    results: list[LogResult] = []
    for ex in dict.fromkeys(exhibits):
        e = known[ex]
        status, _size, sha_now, _detail = check_one(resolve_evidence_path(e.path, case_dir), e.size, e.sha256)
        if status == "CHANGED" and sha_now is None:  # size differs: hash what is there now anyway
            from .hashing import sha256_file

            try:
                sha_now = sha256_file(resolve_evidence_path(e.path, case_dir))
            except OSError:
                sha_now = None
        results.append(LogResult(ex, e.path, status, sha_now, e.sha256))

    events: dict[str, dict[str, Any]] = {}
    for r in results:
        event: dict[str, Any] = {"action": action.strip(), "by": by.strip(), "at": when}
        if sha_now := r.sha256_now:
            event["sha256"] = sha_now
        for key, value in (("to", to), ("method", method), ("note", note)):
            if value:
                event[key] = value
        if r.status != OK:
            finding = {
                "CHANGED": "the file's hash no longer matches the registered hash",
                "MISSING": "the file was not found at its registered path",
                "UNREADABLE": "the file could not be read",
            }[r.status]
            event["note"] = f"{event['note']} — " if event.get("note") else ""
            event["note"] += f"claimgen: at this event {finding}"
        CustodyEvent.model_validate(event)
        events[r.id] = event

    def change(tree: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        for item in tree.get("evidence") or []:
            ident = item.get("id") if isinstance(item, dict) else None
            if ident in events:
                chain = item.get("custody")
                if not isinstance(chain, list):
                    chain = CommentedSeq()
                    item["custody"] = chain
                append_keeping_layout(chain, CommentedMap(events.pop(ident)))
        if events:  # the file changed under us between reading and saving
            raise CaseError(
                file, [Problem(ex, "disappeared from the case file while logging; nothing was saved") for ex in events]
            )

    update_case(case_path, change)
    return results
