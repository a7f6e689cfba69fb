"""Calendar arithmetic for deadlines: month/year steps with an explicit missing-day rule,
U.S. federal holidays (5 U.S.C. § 6103, observed days included) and business days.

The missing-day rule is stated here rather than inherited from a library: a last day
to act clamps to the last day of the month (Feb 29 + 2 years → Feb 28; Aug 31 + 6 months
→ Feb 28/29); a period that must *run out* before something is allowed ends on the
first day of the next month instead (Aug 31 + 6 months → Mar 1). Both round toward
the safe side. Arithmetic past year 9999 returns ``None`` instead of raising.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from dateutil.relativedelta import relativedelta

from .. import data

MIN_YEAR, MAX_YEAR = dt.MINYEAR, dt.MAXYEAR


def add_clamped(start: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date | None:
    """``start`` + the period; a day the target month lacks becomes that month's last day.

    ``None`` when the result falls outside the calendar (a typo such as year 9999).
    """
    try:
        return start + relativedelta(years=years, months=months, days=days)
    except (ValueError, OverflowError):
        return None


def add_rolling_forward(start: dt.date, *, years: int = 0, months: int = 0) -> dt.date | None:
    """``start`` + the period; a day the target month lacks becomes the 1st of the next month.

    Used where the period must be over before an act is allowed (the agency's six months).
    """
    end = add_clamped(start, years=years, months=months)
    if end is None:
        return None
    if end.day != start.day:  # relativedelta clamped a missing day (e.g. Aug 31 + 6 months)
        end = add_clamped(end.replace(day=1), months=1)
    return end


def next_day(day: dt.date | None) -> dt.date | None:
    if day is None or day == dt.date.max:
        return None
    return day + dt.timedelta(days=1)


@cache
def _holiday_rules() -> dict:
    return data.load("deadlines")["holidays"]


# holidays.country_holidays() imports the package's every country module (~280 of them,
# about 0.1 s, a tenth of a build) to find one. For the U.S. claimgen loads that one module
# from the installed package by itself; anything unexpected falls back to the public call,
# and tests/test_deadlines_calendar.py checks both give the same days.
_COUNTRY_MODULES = {"US": ("united_states", "UnitedStates")}


@cache
def _country_class(country: str):
    """The holidays package's class for ``country``, or None to use ``holidays.country_holidays``."""
    import importlib.util
    from pathlib import Path

    import holidays

    if country not in _COUNTRY_MODULES:
        return None
    module_name, class_name = _COUNTRY_MODULES[country]
    try:
        path = Path(holidays.__file__).parent / "countries" / f"{module_name}.py"
        spec = importlib.util.spec_from_file_location(f"claimgen._holidays_{module_name}", path)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cls = getattr(module, class_name)
        return cls if isinstance(cls, type) and issubclass(cls, holidays.HolidayBase) else None
    except Exception:  # a different layout in another holidays release: use the public call
        return None


def country_calendar(country: str, years: list[int], categories: tuple[str, ...]):
    """The holidays of ``country`` in ``years``, observed days included."""
    cls = _country_class(country)
    if cls is not None:
        return cls(years=years, observed=True, categories=categories)
    import holidays

    return holidays.country_holidays(country, years=years, observed=True, categories=categories)


@cache
def _holidays_of_year(year: int) -> dict[dt.date, str]:
    """The § 6103 days that fall in ``year`` and their names, from the holidays package.

    Observed days included. An observed day can fall in the year before its holiday
    (New Year's Day 2022 was observed Friday 2021-12-31), so the neighbouring years are
    queried too.
    """
    rules = _holiday_rules()
    years = [y for y in (year - 1, year, year + 1) if MIN_YEAR <= y <= MAX_YEAR]
    calendar = country_calendar(rules["country"], years, tuple(rules["categories"]))
    return {day: name for day, name in calendar.items() if day.year == year}


def is_holiday(day: dt.date) -> bool:
    """A legal public holiday of 5 U.S.C. § 6103(a), or the Friday/Monday it is observed on (§ 6103(b))."""
    return day in _holidays_of_year(day.year)


def holiday_name(day: dt.date) -> str | None:
    """The holiday's name (for explanations), or None."""
    return _holidays_of_year(day.year).get(day)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def business_day_on_or_before(day: dt.date) -> dt.date:
    """``day`` itself if it is a business day, else the last business day before it.

    Never a later day: the safe side for a last day to act. At the very start of the
    calendar (year 1) it returns ``day`` rather than fail.
    """
    current = day
    while not is_business_day(current):
        if current == dt.date.min:
            return day
        current -= dt.timedelta(days=1)
    return current
