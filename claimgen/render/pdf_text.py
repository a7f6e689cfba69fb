"""Measuring and fitting text into the fixed boxes of a form, losing nothing.

Text is measured with the embedded font's real metrics (``pdfmetrics.stringWidth``),
never by counting characters. :func:`fit` tries each font size from large to small
(and each wording, e.g. an address as a block, then run together); if nothing fits
at the smallest size it keeps what fits, reserves the last line for a "(continued on
attached sheet ...)" marker and returns the rest, word for word, for a continuation
sheet. Nothing is ever truncated.

Everything is drawn with ``canvas.drawString`` (no reportlab ``Paragraph``), so user
text is never parsed as markup: ``<b>``, ``&amp;`` and ``{{ }}`` print as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

LEADING = 1.18  # line height as a multiple of the font size
GAP = 0.4  # space between paragraphs, in lines


@dataclass(frozen=True)
class Para:
    """A paragraph of text; ``\\n`` inside it is a hard line break (addresses)."""

    text: str
    bold: bool = False
    keep: bool = False  # moves to a continuation sheet whole rather than split (an address block)


@dataclass
class Line:
    text: str
    bold: bool
    y: float  # baseline, measured down from the top of the area


@dataclass
class Fit:
    size: float
    lines: list[Line]
    overflow: list[Para] = field(default_factory=list)
    marker_y: float | None = None  # where the "(continued ...)" marker goes, if anything overflowed

    @property
    def complete(self) -> bool:
        return not self.overflow


def width(text: str, font_name: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font_name, size)


def _break_word(word: str, font_name: str, size: float, max_width: float) -> list[str]:
    """Split a word wider than the line (a URL, a long number) at character boundaries.

    reportlab applies no kerning, so a string's width is the sum of its characters' widths:
    summing keeps this linear even for a megabyte without a space.
    """
    pieces: list[str] = []
    current: list[str] = []
    current_width = 0.0
    char_width: dict[str, float] = {}
    for char in word:
        w = char_width.get(char)
        if w is None:
            w = char_width[char] = width(char, font_name, size)
        if current and current_width + w > max_width:
            pieces.append("".join(current))
            current, current_width = [], 0.0
        current.append(char)
        current_width += w
    if current:
        pieces.append("".join(current))
    return pieces


_CLOCK = re.compile(r"^\d{1,2}(:\d{2})?$")
_MERIDIEM = re.compile(r"^[ap]\.m\.", re.IGNORECASE)
_AREA_CODE = re.compile(r"^\(\d{3}\)$")
_LOCAL_NUMBER = re.compile(r"^\d{3}-\d{4}")


def _binds(previous: str, word: str) -> bool:
    """Two words a line is not broken between: a clock time and its a.m./p.m., an area code and its number."""
    return bool(
        (_CLOCK.match(previous) and _MERIDIEM.match(word)) or (_AREA_CODE.match(previous) and _LOCAL_NUMBER.match(word))
    )


Token = tuple[int, int, str]  # (index of the word in its segment, offset into the word, text)


def wrap_words(words: list[str], font_name: str, size: float, max_width: float) -> Iterator[list[Token]]:
    """Greedy line breaking, line by line (callers may stop early). Each line is a list of
    tokens that remember where in the segment they came from, so a split point maps back
    to the exact remaining text."""
    current: list[Token] = []
    space = width(" ", font_name, size)
    current_width = 0.0
    for index, word in enumerate(words):
        w = width(word, font_name, size)
        if w > max_width:
            if current:
                yield current
            pieces = _break_word(word, font_name, size, max_width)
            offset = 0
            for piece in pieces[:-1]:
                yield [(index, offset, piece)]
                offset += len(piece)
            current, current_width = [(index, offset, pieces[-1])], width(pieces[-1], font_name, size)
            continue
        if current and current_width + space + w > max_width:
            carried = current[-1]
            if (
                len(current) >= 2
                and carried[0] == index - 1
                and carried[1] == 0
                and _binds(words[index - 1], word)
                and width(carried[2], font_name, size) + space + w <= max_width
            ):
                # "7:58 | a.m.", "(937) | 555-0100": the pair moves to the next line together
                yield current[:-1]
                current = [carried, (index, 0, word)]
                current_width = width(carried[2], font_name, size) + space + w
                continue
            yield current
            current, current_width = [(index, 0, word)], w
        else:
            current_width += (space if current else 0) + w
            current.append((index, 0, word))
    if current:
        yield current


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_DAY = re.compile(r"^\d{1,2},$")
_YEAR = re.compile(r"^\d{4}\W?$")


def _glue_dates(words: list[str], font_name: str, size: float, max_width: float) -> list[str]:
    """'March', '24,', '2025' as one unit, so a date is not broken across lines (when it fits on one)."""
    out, k = [], 0
    while k < len(words):
        if (
            words[k] in MONTHS
            and k + 2 < len(words)
            and _DAY.match(words[k + 1])
            and _YEAR.match(words[k + 2])
            and width(" ".join(words[k : k + 3]), font_name, size) <= max_width
        ):
            out.append(" ".join(words[k : k + 3]))
            k += 3
        else:
            out.append(words[k])
            k += 1
    return out


def _no_orphan(lines: list[list[str]], font_name: str, size: float, max_width: float) -> list[list[str]]:
    """A paragraph does not end with one short word alone on its line: the line above gives it one more."""
    if len(lines) >= 2 and len(lines[-1]) == 1 and len(lines[-2]) >= 3 and " " not in lines[-1][0]:
        take = 2 if _binds(lines[-2][-2], lines[-2][-1]) else 1  # "(937) 555-0100," moves as one
        if len(lines[-2]) - take < 2:
            return lines
        moved = [*lines[-2][-take:], *lines[-1]]
        if width(" ".join(moved), font_name, size) <= max_width:
            return [*lines[:-2], lines[-2][:-take], moved]
    return lines


def wrap(text: str, font_name: str, size: float, max_width: float) -> list[str]:
    """``text`` broken into lines no wider than ``max_width`` (hard breaks kept, empty lines kept).

    For sheets and labels (not the boxes' fit, which must map back to the exact words):
    a date stays on one line, and the last line is not a single orphan word.
    """
    out: list[str] = []
    for segment in text.split("\n"):
        words = segment.split()
        if not words:
            out.append("")
            continue
        words = _glue_dates(words, font_name, size, max_width)
        lines = [[t[2] for t in line] for line in wrap_words(words, font_name, size, max_width)]
        out.extend(" ".join(line) for line in _no_orphan(lines, font_name, size, max_width))
    return out


@dataclass
class _Placed:
    para: int
    segment: int
    tokens: list[Token]
    bold: bool


def _layout(
    paras: list[Para], fonts: tuple[str, str], size: float, max_width: float, limit: float | None = None
) -> list[tuple[_Placed | None, float]]:
    """The lines of ``paras`` with their height advance (None = paragraph gap).

    With ``limit``, stops at the first line that ends below it (so a box never wraps
    a whole book to learn that it is full).
    """
    leading = size * LEADING
    rows: list[tuple[_Placed | None, float]] = []
    used = 0.0
    for p_index, para in enumerate(paras):
        if p_index:
            rows.append((None, leading * GAP))
            used += leading * GAP
        font_name = fonts[1] if para.bold else fonts[0]
        for s_index, segment in enumerate(para.text.split("\n")):
            words = segment.split()
            lines = wrap_words(words, font_name, size, max_width) if words else iter([[]])
            for line_tokens in lines:
                rows.append((_Placed(p_index, s_index, line_tokens, para.bold), leading))
                used += leading
                if limit is not None and used > limit + 0.01:
                    return rows
    return rows


def _height(rows) -> float:
    return sum(h for _, h in rows)


def _lines(rows, size: float) -> list[Line]:
    lines, y = [], 0.0
    for placed, advance in rows:
        if placed is not None:
            lines.append(Line(" ".join(t[2] for t in placed.tokens), placed.bold, y + size * 0.93))
        y += advance
    return lines


def _rest(paras: list[Para], next_placed: _Placed) -> list[Para]:
    """The text from ``next_placed`` on: the unplaced words of its segment, later segments, later paragraphs."""
    para = paras[next_placed.para]
    segments = para.text.split("\n")
    words = segments[next_placed.segment].split()
    if next_placed.tokens:
        index, offset, _ = next_placed.tokens[0]
        first = " ".join([words[index][offset:], *words[index + 1 :]])
    else:
        first = ""
    remainder = [first, *segments[next_placed.segment + 1 :]]
    out = [replace(para, text="\n".join(remainder))]
    out.extend(paras[next_placed.para + 1 :])
    return out


def sizes(largest: float, smallest: float, step: float = 0.5) -> list[float]:
    out, size = [], largest
    while size >= smallest - 1e-9:
        out.append(round(size, 2))
        size -= step
    return out


SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
# a period that does not end a sentence: titles and street abbreviations ("Mr. Désir", "Elm St.")
ABBREVIATIONS = {
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "st.",
    "jr.",
    "sr.",
    "no.",
    "ave.",
    "blvd.",
    "rd.",
    "apt.",
    "vs.",
    "v.",
    "e.g.",
    "i.e.",
    "etc.",
    "approx.",
    "sgt.",
    "lt.",
    "capt.",
    "ofc.",
}


def _ends_sentence(token: str, following: str | None) -> bool:
    """A token that ends a sentence: final punctuation, not an abbreviation, an upper-case word next."""
    if not SENTENCE_END.search(token) or token.lower() in ABBREVIATIONS:
        return False
    if token.count(".") > 1 and token.endswith("."):  # "U.S.", "a.m.": ambiguous, never a break
        return False
    return following is None or following[:1].isupper() or following[:1] in "\"'(“"


SPILL_LINES = 4  # ``spill`` applies only to a box that holds at least this many lines at that size
SENTENCE_LOOKBACK = 3  # lines given up at most to end a box at a full stop rather than mid-sentence


def _cut(kept: list, first_out: _Placed, paras: list[Para]) -> tuple[list, _Placed]:
    """Move the break point back so the box does not end mid-sentence or split a kept-together
    paragraph: returns the rows to keep (the last possibly shortened) and where the rest starts."""
    placed = [k for k, (row, _) in enumerate(kept) if row is not None]
    if not placed or kept[placed[-1]][0].para != first_out.para:
        return kept, first_out  # the break already falls between paragraphs
    p = first_out.para
    own = [k for k in placed if kept[k][0].para == p]
    starts_earlier = any(kept[k][0].para < p for k in placed)
    if paras[p].keep or len(own) == 1:
        # an address is not split, and one line of a paragraph is not left alone at the foot of a box
        if starts_earlier:
            rest = kept[: own[0]]
            while rest and rest[-1][0] is None:
                rest.pop()
            return rest, _Placed(p, 0, [(0, 0, "")] if paras[p].text.split("\n")[0].split() else [], paras[p].bold)
        return kept, first_out
    following = first_out.tokens[0][2] if first_out.tokens else None
    last = kept[own[-1]][0].tokens
    if last and _ends_sentence(last[-1][2], following):
        return kept, first_out  # the box already ends at a full stop
    for k in reversed(own[-SENTENCE_LOOKBACK:]):
        row = kept[k][0]
        tokens = row.tokens
        for j in range(len(tokens) - 1, -1, -1):
            nxt = tokens[j + 1][2] if j + 1 < len(tokens) else following
            if tokens[j][1] == 0 and _ends_sentence(tokens[j][2], nxt) and (j + 1 < len(tokens) or k != own[-1]):
                if j + 1 < len(tokens):
                    start = _Placed(row.para, row.segment, tokens[j + 1 :], row.bold)
                else:
                    start = kept[own[own.index(k) + 1]][0]
                return [*kept[:k], (replace(row, tokens=tokens[: j + 1]), kept[k][1])], start
            following = tokens[j][2]
    return kept, first_out


def fit(
    options: list[list[Para]],
    fonts: tuple[str, str],
    box_width: float,
    box_height: float,
    largest: float = 9.0,
    smallest: float = 7.0,
    spill: float | None = None,
) -> Fit:
    """Fit the first wording (of ``options``) that fits at the largest possible size.

    ``fonts`` is (regular, bold). If nothing fits at ``smallest``, the last wording is
    placed as far as it goes at ``spill`` (a readable size: text that continues on a
    sheet anyway is not squeezed; default ``smallest``; a box lower than SPILL_LINES
    lines at that size uses ``smallest``), one line is left for the
    continuation marker, and the rest comes back in ``Fit.overflow``. The break falls
    at the end of a sentence where one is near, and never inside a ``keep`` paragraph.
    """
    options = [o for o in options if o] or [[]]
    for size in sizes(largest, smallest):
        for paras in options:
            rows = _layout(paras, fonts, size, box_width, limit=box_height)
            if _height(rows) <= box_height + 0.01:
                return Fit(size, _lines(rows, size))
    size = max(smallest, min(spill or smallest, largest))
    if box_height < SPILL_LINES * size * LEADING:  # a low box: more words on the form beat a larger size
        size = smallest
    paras = options[-1]
    rows = _layout(paras, fonts, size, box_width, limit=box_height)
    leading = size * LEADING
    room = box_height - leading  # keep the last line for the marker
    kept, used = [], 0.0
    for row in rows:
        if used + row[1] > room + 0.01:
            break
        kept.append(row)
        used += row[1]
    while kept and kept[-1][0] is None:  # no dangling paragraph gap
        used -= kept.pop()[1]
    remaining = [r[0] for r in rows[len(kept) :] if r[0] is not None]
    if not remaining:  # only gaps were left over: it all fit after all
        return Fit(size, _lines(kept, size))
    kept, start = _cut(kept, remaining[0], paras)
    used = _height(kept)
    overflow = _rest(paras, start)
    return Fit(size, _lines(kept, size), overflow, used + size * 0.93)


def shrink_to_width(text: str, font_name: str, size: float, max_width: float, smallest: float = 4.0) -> float:
    """The largest size <= ``size`` at which one line of ``text`` fits (for markers and labels)."""
    while size > smallest and width(text, font_name, size) > max_width:
        size -= 0.25
    return size


def para_text(paras: list[Para]) -> str:
    return "\n\n".join(p.text for p in paras)
