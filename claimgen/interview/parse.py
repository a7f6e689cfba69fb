"""Turn what a person types into case-file values: dates, times, dollars, states, counts.

Each parser raises :class:`AnswerError` with a plain, translated reason. The parsed
value is then checked again by the case model's own validator (see
:func:`claimgen.interview.flow.model_check`), so the interview and ``validate``
can never disagree about what is acceptable.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from .. import data
from ..model import parse_money
from .i18n import MONTHS as MONTH_NAMES, _, lang


def number_in_words(text: str) -> int | None:
    """"two", "dos", "four thousand", "cuatro mil" -> the number (None when it is not one number in words).

    The interview's language is tried first, then the other one ("once" is 11 in Spanish).
    number-parser is imported here only: digits never need it.
    """
    from number_parser import parse_number

    words = fold(text)
    if not words or not re.search(r"[a-z]", words):
        return None
    for language in dict.fromkeys((lang(), "en", "es")):
        try:
            n = parse_number(words, language=language)
        except (ValueError, KeyError, IndexError, TypeError):  # the library's refusals of odd input
            n = None
        if isinstance(n, int):
            return n
    return None


class AnswerError(ValueError):
    """An answer that cannot be used; ``str(exc)`` is the reason, in the user's language."""


def fold(text: str) -> str:
    """Lowercase without accents or dots: "Nuevo México" -> "nuevo mexico", "D.C." -> "dc"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[.\s]+", " ", text.lower().replace(".", "")).strip()


# ---------------------------------------------------------------- dates

_MONTH_WORDS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # Spanish
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12, "dic": 12,
}
_FILLER = {"de", "del", "of", "the", "el", "th", "st", "nd", "rd"}
_TODAY = {"today", "hoy"}
_YESTERDAY = {"yesterday", "ayer"}


def _year(text: str, today: dt.date) -> int:
    year = int(text)
    if len(text) == 2:  # 6/14/25: the most recent year ending in 25, never one in the future
        year += 2000 if 2000 + year <= today.year else 1900
    elif len(text) != 4:
        raise AnswerError(_("The year must have four digits, like 2025."))
    return year


def _make(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise AnswerError(_("There is no month {month}. Write the month first: 6/14/2025 is June 14, 2025.").format(month=month))
    try:
        return dt.date(year, month, day)
    except ValueError:
        if 1 <= year <= 9999 and day > 0:
            last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day if year < 9999 or month < 12 else 31
            if day > last:
                # TRANSLATORS: {month} is a month's name, e.g. "June 2025 has only 30 days."
                raise AnswerError(_("{month} {year} has only {last} days. Please check the date.").format(
                    month=_(MONTH_NAMES[month - 1]), year=year, last=last)) from None
        raise AnswerError(_("That day does not exist in that month. Please check the date.")) from None


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """6/14/2025, 06-14-25, June 14 2025, 14 de junio de 2025, 2025-06-14, today/hoy."""
    today = today or dt.date.today()
    raw = fold(text).replace(",", " ")
    if not raw:
        raise AnswerError(_("Please enter a date, like 6/14/2025."))
    if raw in _TODAY:
        return today
    if raw in _YESTERDAY:
        return today - dt.timedelta(days=1)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{2,4})", raw)
    if m:
        return _make(_year(m[3], today), int(m[1]), int(m[2]))
    words = [w for w in re.split(r"[\s/-]+", raw) if w and w not in _FILLER]
    words = [re.sub(r"^(\d+)(st|nd|rd|th)$", r"\1", w) for w in words]
    months = [w for w in words if w in _MONTH_WORDS]
    numbers = [w for w in words if w.isdigit()]
    if len(months) == 1 and len(numbers) == 2 and len(words) == 3:
        month = _MONTH_WORDS[months[0]]
        day_text, year_text = numbers if len(numbers[1]) == 4 or len(numbers[0]) <= 2 else numbers[::-1]
        if len(day_text) > 2:
            raise AnswerError(_("Please write the day and the year, like June 14, 2025."))
        return _make(_year(year_text, today), month, int(day_text))
    if months and len(numbers) < 2:
        raise AnswerError(_("Please give the day and the year too, like June 14, 2025."))
    raise AnswerError(_("I could not read that date. Write it like 6/14/2025 (month/day/year) or June 14, 2025."))


# ---------------------------------------------------------------- times


# "about", "at", "a las", "como a las"... said before a time: they do not change it
_TIME_FILLER = re.compile(
    r"^(?:(?:about|around|approximately|approx|roughly|at|maybe|like|it was|"
    r"como|cerca de|alrededor de|aproximadamente|eso de|mas o menos|sobre|a|las|la|era|eran)\s+)+"
)
# the part of the day said after the hour: "6 in the morning", "6 de la tarde"
_DAY_PARTS = [
    (re.compile(r"\s*(?:in the morning|de la manana|de la madrugada|en la manana|en la madrugada|a ?m)$"), "am"),
    (re.compile(r"\s*(?:in the afternoon|in the evening|de la tarde|en la tarde|p ?m)$"), "pm"),
    (re.compile(r"\s*(?:at night|in the night|de la noche|en la noche)$"), "night"),
]
_NOON = {"noon", "midday", "mediodia", "medio dia"}
_MIDNIGHT = {"midnight", "medianoche", "media noche"}


def _spoken_time(raw: str) -> str:
    """"about 6 in the morning" -> "6am", "seis de la tarde" -> "6pm", "9 at night" -> "9pm" (else unchanged)."""
    text = _TIME_FILLER.sub("", raw).strip()
    if text in _NOON:
        return "12:00"
    if text in _MIDNIGHT:
        return "0:00"
    half = None
    for pattern, which in _DAY_PARTS:
        m = pattern.search(text)
        if m and m.start() > 0:
            text, half = text[: m.start()].strip(), which
            break
    if not re.fullmatch(r"\d{1,2}(?::\d{2})?", text):
        n = number_in_words(text)
        if n is None:
            return raw
        text = str(n)
    if half == "night":
        hour = int(text.split(":")[0])
        half = "am" if hour == 12 or hour < 5 else "pm"  # 12 at night is midnight; 2 at night is early morning
    return text + (half or "")


def parse_time(text: str) -> str:
    """6:10, 06:10, 6:10 am, 6 pm, 18:30, "about 6 in the morning", "6 de la tarde" -> "HH:MM" (24-hour)."""
    raw = _spoken_time(fold(text)).replace(" ", "")
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm|a m|p m)?", raw.replace("a m", "am").replace("p m", "pm"))
    if not m:
        raise AnswerError(_("Write the time like 6:10 am, 6:10 pm or 18:10."))
    hour, minute, half = int(m[1]), int(m[2] or 0), m[3]
    if half is None and m[2] is None:
        raise AnswerError(_("Add the minutes or am/pm, like 6:00 am."))
    if half:
        if not 1 <= hour <= 12:
            raise AnswerError(_("With am or pm the hour goes from 1 to 12."))
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise AnswerError(_("That is not a time of day. Write it like 6:10 am or 18:10."))
    return f"{hour:02d}:{minute:02d}"


# ---------------------------------------------------------------- money

_NOT_CERTAIN = re.compile(
    r"(tbd|to be determined|unknown|not sure|n/?a|\bmore\b|\bover\b|at least|about|approx|around|"
    r"estimate|up to|\bplus\b|\+|por determinar|no se|\bmas\b|al menos|aproximad|alrededor|unos|hasta|"
    r"\d\s*-\s*\d|\bto\b|\ba\b)"
)
_US_NUMBER = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d{1,2}")


def sum_certain_reason() -> str:
    return _(
        "The agency needs one exact number of dollars (a \"sum certain\"), like 1850 or 1850.00. "
        "Words like \"TBD\", \"more than\" or \"about\" make the claim invalid. If you are not sure, "
        "write your best exact figure; a lawyer can help, and it can be changed before the claim is sent."
    )


def parse_dollars(text: str) -> Decimal:
    """$1,850.00 / 1850 / 1850.5 -> Decimal('1850.00'); refuses TBD, ranges and "more than"."""
    raw = " ".join(str(text).lower().split())
    raw = re.sub(r"^(us)?\$\s*|\s*(usd|dollars?|dolares?)$", "", raw).strip()
    if not raw:
        raise AnswerError(_("Please enter an amount of dollars, like 1850 or 0 if there is none."))
    if raw.startswith("-"):
        raise AnswerError(_("The amount cannot be negative."))
    if not _US_NUMBER.fullmatch(raw.replace(" ", "")):
        if not _NOT_CERTAIN.search(fold(raw)):
            n = number_in_words(re.sub(r"\s*(usd|dollars?|dolares?)$", "", fold(raw)))
            if n is not None:
                raise AnswerError(_("Please write the amount in digits, for example {digits}.").format(digits=n))
        if _NOT_CERTAIN.search(fold(raw)) or re.search(r"[^\W\d_]", raw):
            raise AnswerError(sum_certain_reason())
        raise AnswerError(_("Write the amount with digits only, like 1850 or 1,850.00 (a period before the cents)."))
    number = raw.replace(" ", "").replace(",", "")
    if re.fullmatch(r"\d{1,3}\.\d{2}0", number):
        # "38.500" is 38 dollars 50 cents in the US, but 38 thousand 500 where a period groups the thousands
        big, small = Decimal(number.replace(".", "")), Decimal(number)
        raise AnswerError(_("\"{text}\" could mean {big} or {small}. Write {plain} if you mean {big}, or {cents} if you mean {small}.").format(
            text=raw[:20], big=f"${big:,.2f}", small=f"${small:,.2f}", plain=f"{big:.0f}", cents=f"{small:.2f}"))
    amount = Decimal(number)
    if amount != amount.quantize(Decimal("0.01")):
        raise AnswerError(_("Use at most two digits for the cents, like 1850.25."))
    try:
        return parse_money(number)  # the case model's own rule: one source of truth
    except ValueError:
        raise AnswerError(_("That amount is too large to be real. Please check it.")) from None


# ---------------------------------------------------------------- states


def parse_state(text: str) -> str:
    """A USPS code or a state's name (English or Spanish, any case, with or without accents)."""
    states = data.states()
    raw = fold(text)
    if not raw:
        raise AnswerError(_("Please enter the state, like Texas or TX."))
    code = raw.upper().replace(" ", "")
    if code in states:
        return code
    for key, row in states.items():  # the English name, then the Spanish names and spellings of states.yaml
        if raw in (fold(name) for name in (row["name"], *row.get("other_names", ()))):
            return key
    guess = _closest_state(raw)
    if guess is not None:
        raise AnswerError(_("I do not know the state \"{text}\". Did you mean {state}?").format(text=text.strip()[:40], state=guess))
    raise AnswerError(_("I do not know the state \"{text}\". Write its name or its two-letter code, like Texas or TX.").format(text=text.strip()[:40]))


def _closest_state(raw: str) -> str | None:
    """The state name a misspelling is closest to ("ilinois" -> "Illinois"), or None."""
    import difflib

    names = {fold(name): row["name"] for row in data.states().values() for name in (*row.get("other_names", ()), row["name"])}
    match = difflib.get_close_matches(raw, list(names), n=1, cutoff=0.8)
    return names[match[0]] if match else None


# ---------------------------------------------------------------- counts


def parse_count(text: str, low: int = 1, high: int = 20) -> int:
    """3, "three", "tres" -> 3, within ``low``..``high``."""
    raw = str(text).strip()
    if not raw.isdigit():
        n = number_in_words(raw)
        if n is None:
            raise AnswerError(_("Please enter a number, like 1 or 3."))
        raw = str(n)
    n = int(raw)
    if not low <= n <= high:
        raise AnswerError(_("Please enter a number from {low} to {high}.").format(low=low, high=high))
    return n
