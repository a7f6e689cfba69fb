"""The interview's language: gettext catalogs in ``claimgen/locale`` (English is the msgid).

Every string a person reads during the interview goes through :func:`_`. Strings
kept as data (question prompts in :mod:`.flow`) are marked with :func:`N_` so that
babel finds them, and are translated when shown. The case file and the documents
stay in English; only the conversation changes language.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from pathlib import Path

DOMAIN = "claimgen"
LANGUAGES = ("en", "es")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

# The language of the current context (a thread, an asyncio task, a web request), not of the
# process: two interviews in two threads can speak two languages, and a library call made in
# a context of its own leaves the caller's language as it was. New threads start in English.
_current: ContextVar[tuple[str, gettext.NullTranslations]] = ContextVar(
    "claimgen_interview_language", default=("en", gettext.NullTranslations())
)


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def setup(lang: str) -> None:
    """Switch the interview to ``lang`` ("en" or "es") for the rest of the current context."""
    code = lang if lang in LANGUAGES else "en"
    _current.set((code, _catalog(code)))


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block only; the language before it is back afterwards."""
    code = lang if lang in LANGUAGES else "en"
    token = _current.set((code, _catalog(code)))
    try:
        yield
    finally:
        _current.reset(token)


def lang() -> str:
    return _current.get()[0]


def _(message: str) -> str:
    """The translation of ``message`` in the current language (itself when missing)."""
    return _current.get()[1].gettext(message) if message else message


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for translation without translating it now (babel extracts it)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.get()[1].ngettext(singular, plural, n)


MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))


def readback_date(day: dt.date) -> str:
    """A date spelled out for confirmation: "Saturday, June 14, 2025" / "sábado, 14 de junio de 2025"."""
    # TRANSLATORS: {weekday}, {month}, {day} and {year} make a long date.
    pattern = _("{weekday}, {month} {day}, {year}")
    return pattern.format(weekday=_(WEEKDAYS[day.weekday()]), month=_(MONTHS[day.month - 1]), day=day.day, year=day.year)


def money_text(amount: Decimal) -> str:
    """$1,850.00 — US dollars are written the US way in both languages."""
    return f"${amount:,.2f}"


def yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return _("Yes") if value else _("No")
