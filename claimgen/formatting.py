"""Text and number formatting shared by the checks and every renderer: user text is data, never markup.

``clean`` normalizes line ends and drops control characters that would change a
document's structure (docxtpl turns \\a into a new paragraph and \\f into a page
break; reportlab chokes on NUL). ``paragraphs`` splits a narrative on blank lines.
Formatting of money and dates lives here so every document and every check message prints
them alike. It sits below both ``checks`` and ``render`` (it imports neither), so the
layers point down only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def clean(text: str | None) -> str:
    """\\r\\n and \\r → \\n; C0/C1 controls other than \\n and \\t removed; NFC-composed."""
    if not text:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return unicodedata.normalize("NFC", text)


def folder_text(name: str) -> str:
    """A file or folder name as text a document can hold: bytes of the name that are not UTF-8
    (a folder made in Latin-1) become U+FFFD instead of lone surrogates no encoder accepts."""
    return clean(name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def paragraphs(text: str | None) -> list[str]:
    """Split on blank lines; single newlines inside a paragraph become spaces."""
    out = []
    for block in _BLANK_LINES.split(clean(text).strip()):
        block = " ".join(line.strip() for line in block.split("\n") if line.strip())
        if block:
            out.append(block)
    return out


def lines(text: str | None) -> list[str]:
    """Non-empty lines (for addresses)."""
    return [ln.strip() for ln in clean(text).split("\n") if ln.strip()]


def human_size(n: int) -> str:
    """1536 → '1.5 KB' (decimal units, as file managers show them); below 1000, '999 bytes'."""
    if n < 1000:
        return f"{n} bytes"
    value = n / 1000
    for unit in ("KB", "MB", "GB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


def money(amount: Decimal | int | None) -> str:
    """$1,234.56 — the SF-95's and every letter's way of writing a sum certain."""
    if amount is None:
        return ""
    return f"${Decimal(amount):,.2f}"


def long_date(day: dt.date | None) -> str:
    """June 14, 2025"""
    if day is None:
        return ""
    return f"{day:%B} {day.day}, {day.year}"


def weekday_date(day: dt.date | None) -> str:
    """Saturday, June 14, 2025"""
    if day is None:
        return ""
    return f"{day:%A}, {long_date(day)}"


def us_date(day: dt.date | None) -> str:
    """06/14/2025 (the SF-95's own style)."""
    if day is None:
        return ""
    return f"{day:%m/%d/%Y}"


def time_12h(hhmm: str | None) -> str:
    """'06:10' → '6:10 a.m.'"""
    if not hhmm:
        return ""
    h, m = (int(x) for x in hhmm.split(":"))
    suffix = "a.m." if h < 12 else "p.m."
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {suffix}"
