"""The deadline engine: every FTCA and Bivens date of a case, with status, rule and flags.

Pure: ``compute(case, as_of)`` reads only the case, the data files and the holiday
calendar, and returns a :class:`Report` (the JSON of docs/commands.md, ``check``). Periods, citations and wording
live in ``data/deadlines.yaml`` and ``data/states.yaml``.

Rounding is always toward the safe side (docs/legal-data.md, deadlines):
- a last day to act clamps a missing month-day to the month's last day, and its
  ``act_by`` is the last business day on or before it (weekends and 5 U.S.C. § 6103
  holidays, observed days included);
- ``ftca_earliest_suit`` rolls a missing month-day forward (the period ends on the 1st
  of the next month) and allows suit the day after; ``act_by`` equals ``date``.

Status: ``met`` (done on or before ``date``), ``missed`` (done after ``date``, or not
done and ``as_of`` is after ``date``), ``open`` otherwise, ``not_applicable`` where
``date`` is null. ``days_left`` is ``act_by - as_of`` in days for an ``open`` deadline
(negative when the safe day has passed but the legal last day has not), else null.
Presentment is receipt: ``claim.mailed_on`` alone never meets it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .. import data
from .. import formatting as T
from ..model import Case
from .calendar_days import (
    add_clamped,
    add_rolling_forward,
    business_day_on_or_before,
    holiday_name,
    is_holiday,
    next_day,
)

__all__ = [
    "CONTRACT_IDS",
    "Deadline",
    "Flag",
    "Report",
    "business_day_on_or_before",
    "compute",
    "is_holiday",
    "rules",
]

CONTRACT_IDS = (
    "ftca_presentment",
    "ftca_earliest_suit",
    "ftca_suit_deadline",
    "ftca_reconsideration_deadline",
    "bivens_limitations",
)
SEVERITIES = ("critical", "warning", "info")
MISSING_SHOWN = 6  # key paths named in the case_incomplete flag
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class Deadline:
    id: str
    date: dt.date | None
    act_by: dt.date | None
    status: str  # open | met | missed | not_applicable
    days_left: int | None
    rule: str  # the governing citation as printed (with " [verify]" where unverified)
    explanation: str
    label: str  # plain-English name: "Last day for the agency to receive the claim"
    citations: tuple[str, ...] = ()  # authorities.yaml keys behind the rule
    kind: str = "last_day"  # last_day | first_day

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat() if self.date else None,
            "act_by": self.act_by.isoformat() if self.act_by else None,
            "status": self.status,
            "days_left": self.days_left,
            "rule": self.rule,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Flag:
    id: str
    severity: str  # info | warning | critical
    message: str  # plain English, citations in parentheses at the end
    citations: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "message": self.message}


@dataclass
class Report:
    as_of: dt.date
    deadlines: list[Deadline]
    flags: list[Flag]
    # Safer alternative dates (e.g. Minnesota's 2-year statute) for the table and the
    # calendar; not part of the contract JSON, which keeps exactly the rule's dates.
    safer_dates: list[Deadline] = field(default_factory=list)

    def get(self, deadline_id: str) -> Deadline:
        for d in self.deadlines:
            if d.id == deadline_id:
                return d
        raise KeyError(deadline_id)

    def flag(self, flag_id: str) -> Flag | None:
        return next((f for f in self.flags if f.id == flag_id), None)

    def to_json(self) -> dict[str, Any]:
        """The ``check --format json`` object documented in docs/commands.md; its keys never change."""
        return {
            "as_of": self.as_of.isoformat(),
            "deadlines": [d.to_json() for d in self.deadlines],
            "flags": [f.to_json() for f in self.flags],
        }


# ---------------------------------------------------------------- data


def rules() -> dict:
    return data.load("deadlines")


def _rule(deadline_id: str) -> dict:
    return rules()["deadlines"][deadline_id]


def _n_days(n: int | None) -> str:
    """The count a flag's message gives: "1 day", "12 days" (never "1 days")."""
    return f"{n} day" if n == 1 else f"{n} days"


def is_optional(deadline_id: str) -> bool:
    """True for a deadline to a step the claimant may skip (``optional: true`` in the data): its passing is no missed deadline."""
    return bool(rules()["deadlines"].get(deadline_id, {}).get("optional"))


def is_closed(deadline_id: str, case: Case) -> bool:
    """True once the case has moved past the stage the deadline belongs to (its ``closed_by`` claim key is recorded)."""
    key = rules()["deadlines"].get(deadline_id, {}).get("closed_by")
    return bool(key) and getattr(case.claim, key, None) is not None


def _words(text: str) -> str:
    return " ".join(str(text).split())


def _cites(keys) -> str:
    return "; ".join(data.cite(k) for k in keys)


def _period_words(years: int = 0, months: int = 0, days: int = 0) -> str:
    for n, unit in ((years, "year"), (months, "month"), (days, "day")):
        if n:
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "0 days"


def _day(d: dt.date | None) -> str:
    return T.weekday_date(d) if d else ""


def _state_cite(citation: str | None, tag: str | None) -> str:
    if not citation:
        return ""
    return citation + (" [verify]" if data.needs_verify(tag) else "")


# ---------------------------------------------------------------- building blocks


def _last_day_status(date: dt.date | None, done_on: dt.date | None, as_of: dt.date) -> str:
    if date is None:
        return "not_applicable"
    if done_on is not None:
        return "met" if done_on <= date else "missed"
    return "missed" if as_of > date else "open"


def _make_last_day(
    deadline_id: str,
    date: dt.date | None,
    done_on: dt.date | None,
    as_of: dt.date,
    explanation: str,
    *,
    rule: str | None = None,
    citations=None,
    label: str | None = None,
) -> Deadline:
    row = _rule(deadline_id)
    act_by = business_day_on_or_before(date) if date else None
    status = _last_day_status(date, done_on, as_of)
    days_left = (act_by - as_of).days if status == "open" and act_by else None
    keys = tuple(citations if citations is not None else row["citations"])
    if date is not None and act_by is not None and act_by != date:
        explanation = f"{explanation} {_rolled_back(date, act_by)}"
    return Deadline(
        id=deadline_id,
        date=date,
        act_by=act_by,
        status=status,
        days_left=days_left,
        rule=rule if rule is not None else data.cite(keys[0]),
        explanation=_words(explanation),
        label=label or row["label"],
        citations=keys,
        kind="last_day",
    )


def _rolled_back(date: dt.date, act_by: dt.date) -> str:
    """Why act_by is earlier than the last day: a weekend or a named federal holiday, and any
    holiday between them (Sat 2027-06-19 with Juneteenth observed on Fri 06-18)."""
    words = rules()["wording"]
    if date.weekday() >= 5:
        why = words["weekend"].format(weekday=f"{date:%A}")
    else:
        why = words["holiday"].format(holiday=holiday_name(date))
    reasons = [words["falls_on"].format(why=why)]
    day = date - dt.timedelta(days=1)
    while day > act_by:
        name = holiday_name(day) if day.weekday() < 5 else None  # weekends need no naming
        if name:
            reasons.append(words["closed_before"].format(day=_day(day), holiday=name))
        day -= dt.timedelta(days=1)
    return _words(words["rolled_back"].format(reasons="; ".join(reasons), act_by=_day(act_by)))


@dataclass
class _Ctx:
    """Everything the flag rules need, computed once."""

    case: Case
    as_of: dt.date
    flags: list[Flag] = field(default_factory=list)
    out_of_range: list[str] = field(default_factory=list)  # deadlines past the end of the calendar

    def flag(self, flag_id: str, severity: str | None = None, **values: Any) -> None:
        row = rules()["flags"][flag_id]
        severity = severity or row["severity"]
        if severity not in SEVERITIES:
            raise ValueError(f"flag {flag_id}: severity {severity!r} must be given")
        fmt = {k: (_day(v) if isinstance(v, dt.date) else v) for k, v in values.items()}
        fmt.setdefault("as_of", _day(self.as_of))
        message = _words(row["message"].format(**fmt))
        keys = tuple(row.get("citations", ()))
        if keys:
            message = f"{message} ({_cites(keys)})"
        self.flags.append(Flag(flag_id, severity, message, keys))


def _window_severity(days_left: int | None) -> str | None:
    """critical within the critical window, warning within the warning window, else None."""
    if days_left is None:
        return None
    w = rules()["windows"]
    if days_left <= w["critical_days"]:
        return "critical"
    if days_left <= w["warning_days"]:
        return "warning"
    return None


# ---------------------------------------------------------------- the FTCA dates


@dataclass(frozen=True)
class Presentment:
    """The day the agency received the claim: exact (``claim.presented_on``) or an upper bound.

    A denial letter proves the agency had the claim, so where only the denial (or
    ``claim.presented_on_or_before``) is recorded, presentment is on or before that day.
    """

    day: dt.date | None
    exact: bool
    source: str = ""  # what gives the upper bound, in words


def presentment_of(case: Case) -> Presentment:
    claim = case.claim
    if claim.presented_on is not None:
        return Presentment(claim.presented_on, True)
    bounds = [
        (d, w)
        for d, w in (
            (claim.presented_on_or_before, "claim.presented_on_or_before"),
            (claim.denial_mailed_on, "the agency's written denial"),
        )
        if d is not None
    ]
    if not bounds:
        return Presentment(None, False)
    day, source = min(bounds, key=lambda b: b[0])
    return Presentment(day, False, source)


def _presentment(ctx: _Ctx) -> Deadline:
    case, claim = ctx.case, ctx.case.claim
    row = _rule("ftca_presentment")
    accrual = case.accrual_date
    date = add_clamped(accrual, **row["period"])
    if date is None:
        ctx.out_of_range.append(row["label"].lower())
    got = presentment_of(case)
    values = {
        "period": _period_words(**row["period"]),
        "accrual": T.long_date(accrual),
        "presented": T.long_date(got.day),
        "bound_source": got.source,
    }
    variant = "default" if got.day is None else "presented" if got.exact else "presented_by"
    # An upper bound proves timely presentment only when it is on or before the last day.
    done_on = got.day if got.exact or (got.day is not None and date is not None and got.day <= date) else None
    d = _make_last_day("ftca_presentment", date, done_on, ctx.as_of, row["explanation"][variant].format(**values))
    if date is None:
        return d
    if got.day is not None and not got.exact:
        ctx.flag("presentment_day_unknown", bound=got.day, bound_source=got.source)
        if done_on is None:
            ctx.flag("presentment_day_unknown_late", bound=got.day, date=date)
            return d
    if got.day is not None:
        if got.exact and got.day > date:
            ctx.flag("ftca_presentment_late", presented=claim.presented_on, date=date)
        return d
    if claim.mailed_on is not None:
        severity = "critical" if d.status == "missed" or _window_severity(d.days_left) == "critical" else None
        ctx.flag("mailed_not_received", severity, mailed=claim.mailed_on, date=date)
    if d.status == "missed":
        ctx.flag("ftca_presentment_missed", date=date)
    else:
        severity = _window_severity(d.days_left)
        if severity:
            ctx.flag("ftca_presentment_due", severity, date=date, act_by=d.act_by, days=_n_days(d.days_left))
        elif claim.mailed_on is None:
            ctx.flag("presentment_is_receipt", act_by=d.act_by)
    return d


def _valid_amendments(ctx: _Ctx) -> list[dt.date]:
    """Amendments received before the written denial (a later change is no amendment)."""
    claim = ctx.case.claim
    valid = []
    for day in sorted(claim.amended_on):
        if claim.denial_mailed_on is not None and day > claim.denial_mailed_on:
            ctx.flag("amendment_after_denial", amended=day, denial=claim.denial_mailed_on)
            continue
        valid.append(day)
    return valid


def _reconsideration(ctx: _Ctx, reconsideration_deadline: Deadline) -> bool:
    """True when the request to reconsider counts (received in time and before suit)."""
    claim = ctx.case.claim
    asked = claim.reconsideration_requested_on
    if asked is None or claim.denial_mailed_on is None:
        return False
    why = None
    if reconsideration_deadline.date is not None and asked > reconsideration_deadline.date:
        why = f"after the last day ({_day(reconsideration_deadline.date)})"
    elif claim.suit_filed_on is not None and claim.suit_filed_on <= asked:
        why = f"after the lawsuit was filed ({_day(claim.suit_filed_on)})"
    if why:
        suit_date = add_clamped(claim.denial_mailed_on, **_rule("ftca_suit_deadline")["period"])
        ctx.flag("reconsideration_late", reconsideration=asked, why=why, suit_date=suit_date)
        return False
    return True


def _earliest_suit(ctx: _Ctx, amendments: list[dt.date], reconsidered: bool) -> Deadline:
    claim = ctx.case.claim
    row = _rule("ftca_earliest_suit")
    period = row["period"]
    got = presentment_of(ctx.case)
    values = {
        "period": _period_words(**period),
        "presented": T.long_date(got.day),
        "denial": T.long_date(claim.denial_mailed_on),
        "reconsideration": T.long_date(claim.reconsideration_requested_on),
        "reconsideration_decision": T.long_date(claim.reconsideration_denial_mailed_on),
        "amended": T.long_date(amendments[-1]) if amendments else "",
    }
    if got.day is None:
        date, variant = None, "not_presented"
    elif reconsidered and claim.reconsideration_denial_mailed_on is not None:
        date, variant = claim.reconsideration_denial_mailed_on, "reconsideration_decided"
    elif reconsidered and claim.reconsideration_requested_on is not None:  # a request that counts has its day
        date = next_day(add_rolling_forward(claim.reconsideration_requested_on, **period))
        variant = "reconsideration_pending"
    elif claim.denial_mailed_on is not None:
        date, variant = claim.denial_mailed_on, "denied"
    else:
        start = max([got.day, *amendments])
        date = next_day(add_rolling_forward(start, **period))
        if amendments and start == amendments[-1] and start != got.day:
            variant = "amended"
        else:
            variant = "presented" if got.exact else "presented_by"
        if date is None:
            ctx.out_of_range.append(row["label"].lower())
    if date is None:
        status, days_left = "not_applicable", None
    elif ctx.as_of < date:
        status, days_left = "open", (date - ctx.as_of).days
    else:
        status, days_left = "met", None
    return Deadline(
        id="ftca_earliest_suit",
        date=date,
        act_by=date,
        status=status,
        days_left=days_left,
        rule=data.cite(row["citations"][0]),
        explanation=_words(row["explanation"][variant].format(**values)),
        label=row["label"],
        citations=tuple(row["citations"]),
        kind="first_day",
    )


def _reconsideration_deadline(ctx: _Ctx) -> Deadline:
    claim = ctx.case.claim
    row = _rule("ftca_reconsideration_deadline")
    denial = claim.denial_mailed_on
    date = add_clamped(denial, **row["period"]) if denial else None
    variant = "denied" if denial else "no_denial"
    values = {"period": _period_words(**row["period"]), "denial": T.long_date(denial)}
    return _make_last_day(
        "ftca_reconsideration_deadline",
        date,
        claim.reconsideration_requested_on,
        ctx.as_of,
        row["explanation"][variant].format(**values),
    )


def _suit_deadline(ctx: _Ctx, reconsidered: bool) -> Deadline:
    claim = ctx.case.claim
    row = _rule("ftca_suit_deadline")
    period = row["period"]
    values = {
        "period": _period_words(**period),
        "denial": T.long_date(claim.denial_mailed_on),
        "reconsideration_decision": T.long_date(claim.reconsideration_denial_mailed_on),
    }
    if claim.denial_mailed_on is None:
        date, variant = None, "no_denial"
    elif reconsidered and claim.reconsideration_denial_mailed_on is None:
        date, variant = None, "reconsideration_pending"
    elif reconsidered and claim.reconsideration_denial_mailed_on is not None:
        date, variant = add_clamped(claim.reconsideration_denial_mailed_on, **period), "reconsideration_decided"
    else:
        date, variant = add_clamped(claim.denial_mailed_on, **period), "denied"
    return _make_last_day(
        "ftca_suit_deadline", date, claim.suit_filed_on, ctx.as_of, row["explanation"][variant].format(**values)
    )


# ---------------------------------------------------------------- Bivens


@dataclass
class BivensPeriod:
    years: int | None
    citation: str  # as printed, with " [verify]" where unverified
    source: str  # table | by_accrual | by_hand | missing
    row: dict


def bivens_period(state_code: str, accrual: dt.date, hand_years: int | None = None) -> BivensPeriod:
    """The borrowed personal-injury period for a Bivens claim accruing on ``accrual`` in ``state_code``."""
    row = data.states()[state_code]["bivens_limitations"]
    for step in row.get("by_accrual") or ():
        if accrual <= dt.date.fromisoformat(str(step["accrued_on_or_before"])):
            return BivensPeriod(step["years"], _state_cite(step.get("citation"), step.get("tag")), "by_accrual", row)
    if row.get("years"):
        return BivensPeriod(row["years"], _state_cite(row.get("citation"), row.get("tag")), "table", row)
    if hand_years:
        return BivensPeriod(hand_years, "claim.bivens_period_years (entered by hand) [verify]", "by_hand", row)
    return BivensPeriod(None, "", "missing", row)


def _bivens(ctx: _Ctx) -> tuple[Deadline, Deadline | None]:
    case, claim = ctx.case, ctx.case.claim
    row = _rule("bivens_limitations")
    state = data.states()[case.incident.state]
    accrual = claim.bivens_accrual_date or case.incident.date
    period = bivens_period(case.incident.state, accrual, claim.bivens_period_years)
    table = period.row
    values = {
        "state": state["name"],
        "bivens_accrual": T.long_date(accrual),
        "period": _period_words(years=period.years or 0),
    }
    if period.years is None:
        ctx.flag("bivens_period_missing", state=state["name"])
        d = _make_last_day(
            "bivens_limitations",
            None,
            claim.bivens_suit_filed_on,
            ctx.as_of,
            row["explanation"]["no_period"].format(**values),
            rule=data.cite(row["citations"][0]),
        )
        return d, None
    date = add_clamped(accrual, years=period.years)
    if date is None:
        ctx.out_of_range.append(row["label"].lower())
    d = _make_last_day(
        "bivens_limitations",
        date,
        claim.bivens_suit_filed_on,
        ctx.as_of,
        row["explanation"]["default"].format(**values),
        rule=period.citation,
    )
    if period.source == "by_hand":
        ctx.flag("bivens_period_entered_by_hand", state=state["name"], years=period.years)
    elif claim.bivens_period_years and claim.bivens_period_years != period.years:
        ctx.flag("bivens_period_differs", state=state["name"], years=period.years, hand_years=claim.bivens_period_years)
    if period.source in ("table", "by_accrual") and table.get("by_accrual"):
        ctx.flag(
            "bivens_period_changed",
            state=state["name"],
            note=_words(table.get("note", "")),
            bivens_accrual=T.long_date(accrual),
            years=period.years,
            citation=period.citation,
        )
        boundary = {dt.date.fromisoformat(str(s["accrued_on_or_before"])) for s in table["by_accrual"]}
        if table.get("open_question") and accrual in boundary:
            ctx.flag("bivens_period_boundary", open_question=_words(table["open_question"]))
    if table.get("longer_if"):
        ctx.flag("bivens_longer_period_not_assumed", state=state["name"], longer_if=_words(table["longer_if"]))
    safer = None
    if date is not None and table.get("safer_years") and table["safer_years"] < period.years:
        safer_date = add_clamped(accrual, years=table["safer_years"])
        if safer_date is not None:
            safer = _make_last_day(
                "bivens_limitations",
                safer_date,
                claim.bivens_suit_filed_on,
                ctx.as_of,
                f"The safer reading: {table['safer_years']} years after {T.long_date(accrual)} "
                f"under {_state_cite(table.get('safer_citation'), table.get('tag'))}.",
                rule=_state_cite(table.get("safer_citation"), table.get("tag")),
                label=f"Safer last day for a Bivens lawsuit ({table['safer_years']}-year reading)",
            )
            safer = replace(safer, id="bivens_limitations_safer")
            ctx.flag(
                "bivens_safer_period",
                state=state["name"],
                safer_years=table["safer_years"],
                safer_citation=_state_cite(table.get("safer_citation"), table.get("tag")),
                safer_act_by=safer.act_by,
                safer_date=safer_date,
                years=period.years,
                citation=period.citation,
            )
    if d.status == "missed":
        if claim.bivens_suit_filed_on is not None:
            ctx.flag("bivens_late", filed=claim.bivens_suit_filed_on, date=date)
        else:
            ctx.flag("bivens_missed", date=date)
    elif d.status == "open":
        severity = _window_severity(d.days_left)
        if severity:
            ctx.flag("bivens_due", severity, date=date, act_by=d.act_by, days=_n_days(d.days_left))
    return d, safer


# ---------------------------------------------------------------- cross-deadline flags


def _latest_receipt_before(last_day: dt.date, six: dict) -> dt.date | None:
    """The latest day of receipt whose six months run out before ``last_day``."""
    day = add_clamped(last_day, years=-six.get("years", 0), months=-six.get("months", 0))
    for _ in range(8):  # at most a few days back from the plain month subtraction
        if day is None:
            return None
        end = next_day(add_rolling_forward(day, **six))
        if end is not None and end <= last_day:
            return day
        day = day - dt.timedelta(days=1) if day > dt.date.min else None
    return day


def _timing_flags(
    ctx: _Ctx, dl: dict[str, Deadline], amendments: list[dt.date], reconsidered: bool, safer: Deadline | None = None
) -> None:
    case, claim, as_of = ctx.case, ctx.case.claim, ctx.as_of
    presentment, earliest = dl["ftca_presentment"], dl["ftca_earliest_suit"]
    suit, recon, bivens = dl["ftca_suit_deadline"], dl["ftca_reconsideration_deadline"], dl["bivens_limitations"]

    presented = presentment_of(case).day  # the exact day, or the upper bound a denial gives
    # FTCA suit timing
    if claim.suit_filed_on is not None:
        if presented is None:
            ctx.flag("suit_without_presentment", filed=claim.suit_filed_on)
        elif earliest.date is not None and claim.suit_filed_on < earliest.date:
            ctx.flag("suit_before_earliest", filed=claim.suit_filed_on, earliest=earliest.date)
    if suit.status == "missed":
        if claim.suit_filed_on is not None:
            ctx.flag("ftca_suit_late", filed=claim.suit_filed_on, date=suit.date)
        else:
            ctx.flag("ftca_suit_missed", date=suit.date)
    elif suit.status == "open":
        severity = _window_severity(suit.days_left)
        if severity:
            ctx.flag("ftca_suit_due", severity, date=suit.date, act_by=suit.act_by, days=_n_days(suit.days_left))
    if (
        presented is not None
        and claim.denial_mailed_on is None
        and claim.suit_filed_on is None
        and earliest.status == "met"
    ):
        ctx.flag("deemed_denial_available")
    if recon.status == "open" and claim.reconsideration_requested_on is None and claim.suit_filed_on is None:
        ctx.flag("reconsideration_option", date=recon.date, act_by=recon.act_by)
    if reconsidered and claim.reconsideration_denial_mailed_on is None:
        ctx.flag("reconsideration_restarts", reconsideration=claim.reconsideration_requested_on, earliest=earliest.date)
    elif reconsidered:  # decided: the request to record the decision is answered
        ctx.flag("reconsideration_decided", decision=claim.reconsideration_denial_mailed_on)
    if claim.denial_mailed_on is not None and not claim.denial_mailing_proof:
        ctx.flag("denial_mailing_unproven", denial=claim.denial_mailed_on)
    if amendments and claim.denial_mailed_on is None and earliest.date is not None:
        ctx.flag("amendment_restarts", amended=amendments[-1], earliest=earliest.date)

    # Bivens against the agency's six months (the FTCA claim does not stop the Bivens clock);
    # measured against the safer Bivens date where the state table gives one.
    timing = safer if safer is not None and safer.status == "open" else bivens
    which = "safer last day" if timing is safer else "last day"
    if timing.status == "open" and timing.date is not None and claim.bivens_suit_filed_on is None:
        six = _rule("ftca_earliest_suit")["period"]
        if earliest.date is not None and earliest.status == "open" and claim.denial_mailed_on is None:
            if timing.date < earliest.date:
                ctx.flag("bivens_before_ftca_exhaustion", bivens=timing.date, earliest=earliest.date, which=which)
        elif presented is None and presentment.status == "open":
            if_today = next_day(add_rolling_forward(as_of, **six))
            if if_today is not None and timing.date < if_today:
                ctx.flag("bivens_before_ftca_exhaustion", bivens=timing.date, earliest=if_today, which=which)
            elif presentment.date is not None:
                if_last_day = next_day(add_rolling_forward(presentment.date, **six))
                if if_last_day is not None and timing.date < if_last_day:
                    latest_safe = _latest_receipt_before(timing.date, six)
                    if latest_safe is not None:
                        ctx.flag(
                            "bivens_before_ftca_exhaustion_if_late",
                            bivens=timing.date,
                            latest_safe=latest_safe,
                            act_by=business_day_on_or_before(latest_safe),  # the safe side of a weekend
                            which=which,
                        )

    # Both roads open: the judgment bar and the settlement release
    ftca_open = presentment.status in ("open", "met") and suit.status != "missed"
    bivens_open = bivens.status in ("open", "met") or bivens.date is None
    if ftca_open and bivens_open:
        ctx.flag("judgment_bar")
        ctx.flag("settlement_release")

    # The sum certain caps the lawsuit
    if presentment.status in ("open", "met"):
        if presented is None:
            ctx.flag("sum_certain_cap")
        elif claim.denial_mailed_on is None:
            ctx.flag("sum_certain_cap_presented")
        else:
            ctx.flag("sum_certain_cap_final")

    # Several agencies, minors
    if len(case.incident.agencies) > 1:
        ctx.flag("several_agencies", agencies=", ".join(case.incident.agencies))
    minor = any(c.is_minor_on(case.incident.date) for c in case.claimants)
    if minor and presented is None and presentment.date is not None:
        ctx.flag("minor_no_tolling", date=presentment.date)

    # Equitable tolling: never assumed
    if any(d.status == "missed" for d in dl.values() if d.id != "ftca_reconsideration_deadline"):
        ctx.flag("equitable_tolling_missed")
    else:
        ctx.flag("equitable_tolling")


def _westfall(ctx: _Ctx) -> Deadline | None:
    claim = ctx.case.claim
    dismissed = claim.westfall_dismissal_on
    if dismissed is None:
        return None
    row = _rule("westfall_presentment")
    date = add_clamped(dismissed, **row["period"])
    values = {"period": _period_words(**row["period"]), "westfall": T.long_date(dismissed)}
    d = _make_last_day(
        "westfall_presentment", date, claim.presented_on, ctx.as_of, row["explanation"]["default"].format(**values)
    )
    if d.status == "missed" and claim.presented_on is None:
        ctx.flag("westfall_missed", westfall=dismissed, date=date)
    elif d.status == "open":
        ctx.flag("westfall_due", westfall=dismissed, date=date, act_by=d.act_by)
    return d


# ---------------------------------------------------------------- entry point


def compute(case: Case, as_of: dt.date, missing: Sequence[str] = ()) -> Report:
    """Every contract deadline (plus ``westfall_presentment`` when it applies) and every flag.

    ``missing``: key paths a half-finished case still lacks (see ``checks.deadline_case``);
    they are named in a ``case_incomplete`` flag.
    """
    ctx = _Ctx(case, as_of)
    if missing:
        shown = ", ".join(missing[:MISSING_SHOWN]) + (
            f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
        )
        ctx.flag("case_incomplete", missing=f"missing: {shown}")
    presentment = _presentment(ctx)
    amendments = _valid_amendments(ctx)
    recon_deadline = _reconsideration_deadline(ctx)
    reconsidered = _reconsideration(ctx, recon_deadline)
    earliest = _earliest_suit(ctx, amendments, reconsidered)
    suit = _suit_deadline(ctx, reconsidered)
    bivens, safer = _bivens(ctx)
    deadlines = {d.id: d for d in (presentment, earliest, suit, recon_deadline, bivens)}
    westfall = _westfall(ctx)
    _timing_flags(ctx, deadlines, amendments, reconsidered, safer)
    if ctx.out_of_range:
        ctx.flag("date_out_of_range", what="; ".join(dict.fromkeys(ctx.out_of_range)))
    ordered = [deadlines[i] for i in CONTRACT_IDS] + ([westfall] if westfall else [])
    flags = sorted(ctx.flags, key=lambda f: _SEVERITY_ORDER[f.severity])  # stable: rule order within a severity
    return Report(as_of=as_of, deadlines=ordered, flags=flags, safer_dates=[safer] if safer else [])


def latest_receipt_before(last_day: dt.date) -> dt.date | None:
    """The latest day the agency may receive a claim so that its six months end on or before ``last_day``.

    For a plan that keeps the FTCA suit and the Bivens suit together (the next-steps sheet).
    """
    return _latest_receipt_before(last_day, _rule("ftca_earliest_suit")["period"])
