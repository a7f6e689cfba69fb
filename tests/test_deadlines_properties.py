"""Property tests of the deadline engine (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimgen import data
from claimgen.checks.calendar_days import add_clamped, is_business_day
from claimgen.checks.deadlines import business_day_on_or_before, compute, is_holiday
from deadline_cases import make

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STATES = sorted(code for code, row in data.states().items() if row["bivens_limitations"].get("years"))
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2080, 12, 31))
as_ofs = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@SETTINGS
@given(day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_business_day_on_or_before(day):
    got = business_day_on_or_before(day)
    assert got <= day
    assert got.weekday() < 5 and not is_holiday(got)
    # nothing skipped: every day between got and day is closed
    d = got + dt.timedelta(days=1)
    while d <= day:
        assert not is_business_day(d)
        d += dt.timedelta(days=1)


@st.composite
def histories(draw):
    """An incident and a consistent procedural history (dates in order)."""
    incident = draw(days)
    state = draw(st.sampled_from(STATES))
    claim: dict = {}
    step = lambda lo, hi: dt.timedelta(days=draw(st.integers(lo, hi)))  # noqa: E731
    if draw(st.booleans()):
        presented = incident + step(0, 800)
        claim["presented_on"] = presented.isoformat()
        last = presented
        amendments = [last + step(1, 200) for _ in range(draw(st.integers(0, 2)))]
        if amendments:
            claim["amended_on"] = [a.isoformat() for a in amendments]
            last = max(amendments)
        if draw(st.booleans()):
            denial = last + step(1, 400)
            claim["denial_mailed_on"] = denial.isoformat()
            if draw(st.booleans()):
                recon = denial + step(0, 250)
                claim["reconsideration_requested_on"] = recon.isoformat()
                if draw(st.booleans()):
                    claim["reconsideration_denial_mailed_on"] = (recon + step(0, 300)).isoformat()
    return incident, state, claim


@SETTINGS
@given(history=histories(), as_of=as_ofs)
def test_last_days_act_by_never_later_and_always_a_business_day(history, as_of):
    incident, state, claim = history
    report = compute(make(incident=incident.isoformat(), state=state, **claim), as_of)
    for d in [*report.deadlines, *report.safer_dates]:
        if d.date is None:
            assert d.act_by is None and d.status == "not_applicable"
            continue
        if d.kind == "first_day":
            assert d.act_by == d.date
            continue
        assert d.act_by <= d.date
        assert d.act_by.weekday() < 5 and not is_holiday(d.act_by)
        assert (d.date - d.act_by).days < 7


@SETTINGS
@given(history=histories(), as_of=as_ofs)
def test_earliest_suit_after_six_months_from_the_latest_start(history, as_of):
    incident, state, claim = history
    case = make(incident=incident.isoformat(), state=state, **claim)
    earliest = compute(case, as_of).get("ftca_earliest_suit")
    c = case.claim
    if c.presented_on is None:
        assert earliest.date is None
        return
    recon = c.reconsideration_requested_on
    if recon is not None and recon > add_clamped(c.denial_mailed_on, months=6):
        recon = None  # received too late: no reconsideration at all (28 C.F.R. § 14.9(b))
    if c.denial_mailed_on is not None and recon is None:
        assert earliest.date == c.denial_mailed_on  # contract: the denial date itself
        return
    if recon is not None and c.reconsideration_denial_mailed_on is not None:
        assert earliest.date == c.reconsideration_denial_mailed_on
        return
    start = recon or max([c.presented_on, *c.amended_on])
    six = add_clamped(start, months=6)  # the clamped anniversary: the earliest the period could end
    assert earliest.date > six
    assert earliest.date <= six + dt.timedelta(days=4)  # ...and only the missing-day roll beyond it
    assert earliest.status == ("open" if as_of < earliest.date else "met")


@SETTINGS
@given(incident=days, state=st.sampled_from(STATES), as_of=as_ofs)
def test_a_later_incident_never_makes_a_deadline_earlier(incident, state, as_of):
    nxt = incident + dt.timedelta(days=1)
    # The one exception is the law itself: Wisconsin cut 6 years to 3 for injuries from 2018-04-05.
    assume(not (state == "WI" and nxt == dt.date(2018, 4, 5)))
    a = compute(make(incident=incident.isoformat(), state=state), as_of)
    b = compute(make(incident=nxt.isoformat(), state=state), as_of)
    for da, db in zip(a.deadlines, b.deadlines):
        assert da.id == db.id
        if da.date is not None and db.date is not None:
            assert db.date >= da.date, da.id
            assert db.act_by >= da.act_by, da.id


def test_wisconsin_is_the_documented_exception_to_monotonicity():
    before = compute(make(incident="2018-04-04", state="WI"), dt.date(2019, 1, 1)).get("bivens_limitations")
    after = compute(make(incident="2018-04-05", state="WI"), dt.date(2019, 1, 1)).get("bivens_limitations")
    assert after.date < before.date  # the statute changed; the engine follows it
