"""Shortcuts taken for speed give what the plain definitions give.

The memo's receipt target (the last day of receipt that lets the agency's six months end by
the Bivens deadline) is found by binary search: it must equal walking back one day at a
time. The case loader looks for implausible years in one pass before building key paths.
"""

from __future__ import annotations

import datetime as dt

from claimgen.checks import analysis


def _walk_back(end: dt.date) -> dt.date | None:
    """The definition: from ``end`` back, at most 400 days, the first day whose six months are over by ``end``."""
    day = end
    for _ in range(400):
        first_suit = analysis._six_months_from(day)
        if first_suit is not None and first_suit <= end:
            return day
        day -= dt.timedelta(days=1)
    return None


def test_binary_search_equals_walking_back_for_every_day_of_three_years():
    start = dt.date(2023, 7, 1)
    for offset in range(3 * 366):  # every month-end clamp, a leap day, year boundaries
        end = start + dt.timedelta(days=offset)
        assert analysis._last_day_six_months_before(end) == _walk_back(end), end


def test_known_days():
    # Six months from Sep 1 end on Mar 1 (first day to sue: Mar 2); Aug 29-31 roll to Mar 1 as well.
    assert analysis._last_day_six_months_before(dt.date(2027, 3, 2)) == dt.date(2026, 9, 1)
    assert analysis._last_day_six_months_before(dt.date(2027, 3, 1)) == dt.date(2026, 8, 28)
    assert analysis._last_day_six_months_before(dt.date(2027, 6, 14)) == dt.date(2026, 12, 13)
    # Nothing fits within a window too short to hold six months.
    assert analysis._last_day_six_months_before(dt.date(2027, 6, 14), window=30) is None


def test_implausible_dates_fast_path_finds_what_the_walk_finds():
    """The case loader's one-pass check for implausible years agrees with the path-building walk."""
    from claimgen import caseio

    ok = {"incident": {"date": dt.date(2026, 5, 1)}, "claimants": [{"dob": dt.date(1980, 1, 2)}]}
    assert caseio.implausible_dates(ok) == []
    bad = {"incident": {"date": dt.date(2026, 5, 1)}, "claimants": [{"x": [1, {"dob": dt.date(9999, 1, 2)}]}]}
    problems = caseio.implausible_dates(bad)
    assert [(p.path, "9999" in p.message) for p in problems] == [("claimants[0].x[1].dob", True)]
