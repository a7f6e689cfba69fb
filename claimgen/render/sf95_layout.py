"""Where everything sits on claimgen's drawing of SF-95 (Rev. 2/2007): the one table of coordinates.

Points, with y measured down from the top of the US Letter page. Page 1 is a stack of
full-width rows (:data:`ROWS`); each box is a span of one row (:data:`BOXES`). The
drawing takes its rules and labels from these tables and the fitting takes each box's
value area from them (:func:`value_areas`), so a box moved here moves everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .pdf_text import LEADING

PAGE_W, PAGE_H = 612.0, 792.0
X0, X1 = 19.5, 591.0  # the frame's left and right edges
LABEL = 6.2  # label font size
SMALLEST = 7.0  # no value on the form is printed smaller

# Page 1, top to bottom: (top, bottom) of each full-width row inside the frame.
ROWS = {
    "header": (18, 68.5),
    "1-2": (68.5, 144),
    "3-7": (144, 171.5),
    "8": (171.5, 272),
    "9.head": (272, 288),
    "9.owner": (288, 322),
    "9.property": (322, 371),
    "10.head": (371, 388),
    "10": (388, 461.5),
    "11.head": (461.5, 479),
    "11.columns": (479, 495.5),
    "11": (495.5, 552),
    "12.head": (552, 569.5),
    "12": (569.5, 610.5),
    "12.certify": (610.5, 636.5),
    "13-14": (636.5, 669.5),
    "penalties": (669.5, 727),
}
# Page 2 (insurance): the same, for the upper part of the page.
ROWS2 = {
    "head": (18, 37.5),
    "intro": (37.5, 54),
    "15": (54, 119),
    "16-17": (119, 167.5),
    "18": (167.5, 232),
    "19": (232, 298),
}
SPLIT_11 = 229  # box 11: name column | address column


@dataclass(frozen=True)
class Box:
    """A box of the form: page (0/1), its rectangle, and the sf95.yaml key of the label at its top."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    label: str | None = None


def _box(row: str, x0: float, x1: float, label: str | None = None, page: int = 0) -> Box:
    top, bottom = (ROWS if page == 0 else ROWS2)[row]
    return Box(page, x0, top, x1, bottom, label)


BOXES: dict[str, Box] = {
    "instructions": _box("header", 229, 486),
    "approved": _box("header", 486, X1),
    "1": _box("1-2", X0, 319, "1"),
    "2": _box("1-2", 319, X1, "2"),
    "3": _box("3-7", X0, 142.5, "3"),
    "4": _box("3-7", 142.5, 229, "4"),
    "5": _box("3-7", 229, 319, "5"),
    "6": _box("3-7", 319, 486, "6"),
    "7": _box("3-7", 486, X1, "7"),
    "8": _box("8", X0, X1, "8"),
    "9.owner": _box("9.owner", X0, X1, "9.owner"),
    "9.property": _box("9.property", X0, X1, "9.property"),
    "10": _box("10", X0, X1, "10.body"),
    "11.name": _box("11", X0, SPLIT_11),
    "11.address": Box(0, SPLIT_11, ROWS["11.columns"][0], X1, ROWS["11"][1]),  # its rule runs through the column heads
    "12a": _box("12", X0, 142.5, "12a"),
    "12b": _box("12", 142.5, 292, "12b"),
    "12c": _box("12", 292, 422.5, "12c"),
    "12d": _box("12", 422.5, X1, "12d"),
    "13a": _box("13-14", X0, 319, "13a"),
    "13b": _box("13-14", 319, 496, "13b"),
    "14": _box("13-14", 496, X1, "14"),
    "penalties.civil": _box("penalties", X0, 319),
    "penalties.criminal": _box("penalties", 319, X1),
    "15": _box("15", X0, X1, page=1),
    "16": _box("16-17", X0, 450, page=1),
    "17": _box("16-17", 450, X1, "17", page=1),
    "18": _box("18", X0, X1, "18", page=1),
    "19": _box("19", X0, X1, page=1),
}
AMOUNT_KEYS = ("12a", "12b", "12c", "12d")
# The title strips of boxes 9-12: (baseline of "9. PROPERTY DAMAGE"-style title, x of its centre).
HEADS = {"9": (283, (X0 + X1) / 2), "10": (382.5, (X0 + X1) / 2), "11": (473, (X0 + X1) / 2), "12": (563.5, 300)}
CHECKBOXES_3 = {"3.military": 26, "3.civilian": 84}  # x of each check box of box 3
CHECKBOX_3_TOP = 157.5


def hrules(rows: dict[str, tuple[float, float]]) -> list[float]:
    """The horizontal rules between rows (the frame draws the outer two)."""
    return [top for top, _bottom in list(rows.values())[1:]]


def vrules(page: int) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of the rule on the left of every box that does not start at the frame."""
    boxes = sorted((b for b in BOXES.values() if b.page == page and b.x0 > X0), key=lambda b: (b.top, b.x0))
    return [(b.x0, b.top, b.bottom) for b in boxes]


def frame(rows: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """Top and bottom of the outer frame."""
    values = list(rows.values())
    return values[0][0], values[-1][1]


@dataclass
class Area:
    """Where a box's value goes: page (0/1), left x, top (down from the page top), width, height."""

    page: int
    x: float
    top: float
    w: float
    h: float
    largest: float = 9.0
    smallest: float = SMALLEST


def value_areas(label_lines: Callable[[str, float], int]) -> dict[str, Area]:
    """Value areas below each box's label; ``label_lines(key, width)`` counts its wrapped label lines."""
    lab = LABEL * LEADING

    def below(key: str, **kw) -> Area:
        b = BOXES[key]
        n = label_lines(b.label or "", b.x1 - b.x0 - 6)
        y = b.top + 2.5 + n * lab + 2
        return Area(b.page, b.x0 + 4, y, b.x1 - b.x0 - 8, b.bottom - y - 2, **kw)

    def yes_no(key: str) -> Area:  # below a one-line "Do you carry ...? [ ] Yes ... [ ] No" question
        b = BOXES[key]
        return Area(1, b.x0 + 4, b.top + 15, b.x1 - b.x0 - 8, b.bottom - b.top - 17)

    a = {key: below(key) for key in ("1", "2", "4", "5", "6", "7", "8", "9.owner", "9.property", "10", "13b", "14")}
    amount_top = max(below(k).top for k in AMOUNT_KEYS)
    for key in AMOUNT_KEYS:  # one baseline for all four amounts
        b = BOXES[key]
        a[key] = Area(0, b.x0 + 4, amount_top, b.x1 - b.x0 - 8, b.bottom - amount_top - 2, largest=10.0, smallest=7.0)
    a["15"] = yes_no("15")
    b = BOXES["16"]  # below a question on two lines and its check boxes
    a["16"] = Area(
        1, b.x0 + 4, b.top + 4 + 2 * LABEL * LEADING + 4, b.x1 - b.x0 - 8, b.bottom - b.top - 2 * LABEL * LEADING - 12
    )
    a["17"] = below("17")
    a["18"] = below("18")
    a["19"] = yes_no("19")
    return a
