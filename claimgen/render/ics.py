"""``deadlines.ics``: every deadline as an all-day calendar event with reminders.

One event per deadline that has an ``act_by`` day (plus the safer Bivens date where the
state table gives one), on that day, with alarms 90, 30 and 7 days before while it is
still open. The description gives the rule, the citations and the explanation.

Private by design: the calendar may end up synced to a phone or a cloud account, so it
carries no addresses or narrative — only the rules, the dates and the case's name: its
``title`` (which the user chooses, and may keep free of names) or, without one, the name
of the folder that holds the case file, so that events from several cases (a packet's
calendar, ``check --ics``, the docket's office calendar) can be told apart. Deterministic:
UIDs are derived from the case's dates and ids, DTSTAMP from the build's fixed time.
Used by both ``build`` (kind ``deadlines_ics``) and ``check --ics``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .. import __version__, data
from .. import formatting as T
from ..model import Case

FILENAME = "deadlines.ics"
KIND = "deadlines_ics"

STATUS_PREFIX = {"met": "(done) ", "missed": "(MISSED) ", "open": "", "not_applicable": ""}


def _case_key(case: Case) -> str:
    """A stable, non-identifying key for UIDs: dates, state, agencies and claimant ids only."""
    parts = [
        case.incident.date.isoformat(),
        case.incident.state,
        ",".join(case.incident.agencies),
        ",".join(c.id or "" for c in case.claimants),  # a half-finished case may lack ids
        case.accrual_date.isoformat(),
    ]
    return "|".join(parts)


def uid_key(case: Case, salt: str = "") -> str:
    """What a case's UIDs are made from; ``salt`` (the docket gives the case file's real path)
    keeps two cases with the same dates, state and agencies apart in one office calendar."""
    return f"{salt}|{_case_key(case)}" if salt else _case_key(case)


def uid_for(case: Case | str, deadline_id: str) -> str:
    """The event's UID, from the case (or a :func:`uid_key`) and the deadline id."""
    key = case if isinstance(case, str) else _case_key(case)
    # surrogateescape: a folder whose name is not UTF-8 still gives its own stable UID
    digest = hashlib.sha256(f"{key}|{deadline_id}".encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"{digest}-{deadline_id}@claimgen"


def _description(deadline) -> str:
    lines = [
        deadline.label + ".",
        f"Last day: {T.weekday_date(deadline.date)}."
        if deadline.kind == "last_day"
        else f"First day allowed: {T.weekday_date(deadline.date)}.",
    ]
    if deadline.kind == "last_day" and deadline.act_by != deadline.date:
        lines.append(f"Act by: {T.weekday_date(deadline.act_by)} (the last business day on or before the last day).")
    lines.append(f"Status: {data.status_word(deadline.kind, deadline.status)}.")
    lines.append("")
    lines.append(deadline.explanation)
    lines.append("")
    lines.append(f"Rule: {deadline.rule}")
    others = [data.cite(k) for k in deadline.citations if data.cite(k) != deadline.rule]
    if others:
        lines.append("See also: " + "; ".join(others))
    lines.append("")
    lines.append("Made by claimgen: a draft for a lawyer's review, not legal advice. Check every date.")
    return "\n".join(lines)


def _calendar(name: str):
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", f"-//claimgen//claimgen {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def add_events(cal, case: Case | str, report, stamp: dt.datetime, *, case_name: str = "") -> None:
    """One all-day event per deadline of ``report`` that has an act-by day, with its alarms.

    ``case`` is the case or its :func:`uid_key`. ``case_name`` (the docket's office calendar)
    starts every summary and alarm text, so the event names its case; a single case's
    calendar leaves it empty.
    """
    from icalendar import Alarm, Event

    alarm_days = data.load("deadlines")["windows"]["alarm_days"]
    lead = f"{case_name}: " if case_name else ""
    for deadline in [*report.deadlines, *getattr(report, "safer_dates", [])]:
        if deadline.act_by is None:
            continue
        event = Event()
        event.add("uid", uid_for(case, deadline.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.act_by)
        event.add("dtend", deadline.act_by + dt.timedelta(days=1))
        event.add("summary", lead + STATUS_PREFIX.get(deadline.status, "") + deadline.label)
        event.add("description", _description(deadline))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["claimgen", deadline.id])
        if deadline.status == "open":
            for days in alarm_days:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("trigger", dt.timedelta(days=-int(days)))
                alarm.add("description", f"In {days} days: {lead}{deadline.label}")
                event.add_component(alarm)
        cal.add_component(event)


def calendar_bytes(case: Case, report, epoch: int, name: str | None = None) -> bytes:
    """The .ics bytes for ``report`` (a deadlines.Report); ``epoch`` fixes DTSTAMP.

    ``name``: the case's name for the calendar and every event (default: its ``title``).
    """
    if name is None:
        name = T.clean(case.title) if case.title else ""
    stamp = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    cal = _calendar(f"Claim deadlines — {name}" if name else "Claim deadlines (claimgen)")
    add_events(cal, case, report, stamp, case_name=name)
    return cal.to_ical()


def office_calendar_bytes(entries, epoch: int, name: str = "Docket deadlines (claimgen)") -> bytes:
    """One calendar for many cases: ``entries`` yields (uid_key, report, case_name)."""
    stamp = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    cal = _calendar(name)
    for key, report, case_name in entries:
        add_events(cal, key, report, stamp, case_name=case_name)
    return cal.to_ical()


def render(ctx) -> None:
    from .finalcopy import case_name

    name = case_name(ctx.case, ctx.case_path)
    ctx.write(FILENAME, calendar_bytes(ctx.case, ctx.deadlines(), ctx.source_date_epoch(), name), KIND)
