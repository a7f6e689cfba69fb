"""The calendar under the deadlines: § 6103 holidays (observed days too) and the month-end rules."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgen.checks.calendar_days import (
    add_clamped,
    add_rolling_forward,
    business_day_on_or_before,
    holiday_name,
    is_holiday,
)

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    "day,name",
    [
        ("2027-01-01", "New Year"),
        ("2027-01-18", "Martin Luther King"),
        ("2027-02-15", "Washington"),
        ("2027-05-31", "Memorial"),
        ("2027-06-18", "Juneteenth"),
        ("2027-07-05", "Independence"),
        ("2027-09-06", "Labor"),
        ("2027-10-11", "Columbus"),
        ("2027-11-11", "Veterans"),
        ("2027-11-25", "Thanksgiving"),
        ("2027-12-24", "Christmas"),
        ("2027-12-31", "New Year"),
        ("2021-12-31", "New Year"),  # observed in the year before its holiday
        ("2021-06-18", "Juneteenth"),  # the first Juneteenth, observed on a Friday
    ],
)
def test_federal_holidays_and_observed_days(day, name):
    assert is_holiday(D(day))
    assert name in holiday_name(D(day))


@pytest.mark.parametrize(
    "day",
    [
        "2027-06-17",  # the Thursday before observed Juneteenth
        "2020-06-19",  # before Juneteenth became a holiday (2021)
        "2024-12-24",  # an executive-order closure, not a § 6103 holiday
        "2027-11-26",  # the day after Thanksgiving
    ],
)
def test_not_holidays(day):
    assert not is_holiday(D(day))
    assert holiday_name(D(day)) is None


def test_business_day_on_or_before_walks_back_over_a_holiday_weekend():
    # Mon 2027-07-05 (observed), Sun 07-04, Sat 07-03 -> Fri 07-02
    assert business_day_on_or_before(D("2027-07-05")) == D("2027-07-02")
    assert business_day_on_or_before(D("2027-07-06")) == D("2027-07-06")
    # Sat 2022-01-01, observed Fri 2021-12-31 -> Thu 2021-12-30 (across the year)
    assert business_day_on_or_before(D("2022-01-01")) == D("2021-12-30")


@pytest.mark.parametrize(
    "start,kw,clamped,rolled",
    [
        ("2024-02-29", {"years": 2}, "2026-02-28", "2026-03-01"),
        ("2024-02-29", {"years": 4}, "2028-02-29", "2028-02-29"),
        ("2025-08-31", {"months": 6}, "2026-02-28", "2026-03-01"),
        ("2025-03-31", {"months": 6}, "2025-09-30", "2025-10-01"),
        ("2025-09-02", {"months": 6}, "2026-03-02", "2026-03-02"),
        ("2023-08-31", {"months": 6}, "2024-02-29", "2024-03-01"),
    ],
)
def test_missing_day_rules(start, kw, clamped, rolled):
    assert add_clamped(D(start), **kw) == D(clamped)
    assert add_rolling_forward(D(start), **kw) == D(rolled)


def test_arithmetic_past_the_calendar_returns_none():
    assert add_clamped(D("9999-06-14"), years=2) is None
    assert add_rolling_forward(D("9999-11-14"), months=6) is None


def test_the_directly_loaded_us_calendar_equals_the_public_call():
    """claimgen loads the U.S. module of `holidays` by itself (fast); it must give the same days."""
    import sys

    import holidays

    from claimgen.checks import calendar_days

    cls = calendar_days._country_class("US")
    assert cls is not None and issubclass(cls, holidays.HolidayBase)
    years = list(range(1971, 2071))
    ours = dict(calendar_days.country_calendar("US", years, ("public",)).items())
    public = dict(holidays.country_holidays("US", years=years, observed=True, categories=("public",)).items())
    assert ours == public and len(ours) > 1000
    assert "claimgen._holidays_united_states" not in sys.modules  # not registered: no clash with the package


def test_an_unknown_country_uses_the_public_call():
    from claimgen.checks import calendar_days

    assert calendar_days._country_class("CA") is None
    assert dt.date(2027, 7, 1) in calendar_days.country_calendar("CA", [2027], ("public",))
