"""What one claimant's SF-95 carries over to attached sheets, and how a box's value is fitted.

A box whose text does not fit at a readable size keeps what fits and ends with
"(continued on attached sheet N)"; the rest becomes a :class:`Section` of a
"Continuation of Box N" sheet (the continuations of several boxes share numbered
sheets where they fit). A claimant with itemized damages also gets a "Schedule of
damages" whose lines add up to 12a-12c. Shared by the drawn and the official form.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import __version__
from ..formatting import money
from ..model import DAMAGE_CATEGORIES
from .pdf_sheets import BODY_W, Flow, Fonts, Row, RowMaker, Sheet, paginate, paginate_flows
from .pdf_text import LEADING, Fit, Para, fit, sizes, width, wrap
from .sf95_content import ClaimForm, fill_text, label, series_of, wording

SMALLEST = 7.0  # no value on the form is printed smaller
SPILL = 8.5  # a value that continues on a sheet anyway is typed at this size, not squeezed to SMALLEST
SECTION_GAP = 6.0  # points between two sections of one box's continuation


@dataclass
class Section:
    """What one box (or half of box 9 or 11) carries over to attached sheets."""

    key: str
    heading: str
    paras: list[Para] | None = None
    rows: list[tuple[str, str]] | None = None
    first_sheet: str = ""


def fit_box(
    form: ClaimForm,
    key: str,
    options: list[list[Para]],
    family: tuple[str, str],
    w: float,
    h: float,
    largest: float,
    smallest: float,
    spill: float | None = SPILL,
) -> Fit:
    """Fit a box's value; where it overflows and the box has a summary (box 1: every agency's
    name), the box shows the whole summary and the full text moves to the sheet, so that
    nothing essential is split across the page."""
    result = fit(options, family, w, h, largest, smallest, spill)
    summary = form.summaries.get(key)
    if not result.overflow or not summary:
        return result
    short = fit([summary], family, w, h - smallest * LEADING, largest, smallest)
    if short.overflow:
        return result
    last = short.lines[-1].y if short.lines else 0.0
    return Fit(short.size, short.lines, options[0], last + short.size * LEADING)


def fit_witnesses(
    rows: list[tuple[str, str]],
    family: tuple[str, str],
    name_w: float,
    addr_w: float,
    height: float,
    largest: float,
    smallest: float,
):
    """Fit whole witnesses (name | address) into a two-column box; return (size, placed, overflow)."""
    regular = family[0]

    def layout(size: float):
        placed: list = []
        y = 0.0
        for name, address in rows:
            if y > height:  # already full: the rest need not be measured
                return placed, y
            name_lines = wrap(name, regular, size, name_w)
            addr_lines = wrap(address, regular, size, addr_w)
            n = max(len(name_lines), len(addr_lines))
            placed.append((name_lines, addr_lines, y))
            y += n * size * LEADING + size * LEADING * 0.3
        return placed, y - size * LEADING * 0.3 if placed else 0.0

    for size in sizes(largest, smallest):
        placed, used = layout(size)
        if used <= height + 0.01:
            return size, placed, []
    placed, _ = layout(smallest)
    room = height - smallest * LEADING
    keep = 0
    for k, (name_lines, addr_lines, y) in enumerate(placed):
        bottom = y + max(len(name_lines), len(addr_lines)) * smallest * LEADING
        if bottom > room + 0.01:
            break
        keep = k + 1
    return smallest, placed[:keep], rows[keep:]


def continuation_sheets(form: ClaimForm, sections: list[Section], family: Fonts) -> list[Sheet]:
    """Every overflowing box's continuation, box after box on shared, numbered sheets (1, 2, ...).

    Each box's continuation is headed "Continuation of Box N — name" (at the top of a sheet,
    or part-way down one when it follows another box's); ``Section.first_sheet`` is the
    number of the sheet where it starts, which the box's "(continued on attached sheet N)"
    names. The schedule of damages is not among them: it keeps sheets of its own.
    """
    fill = wording()["fill"]
    form_name = wording()["form"]["name"]
    by_series: dict[str, list[Section]] = {}
    for section in sections:
        by_series.setdefault(series_of(section.key), []).append(section)
    maker = RowMaker(family)
    flows: list[Flow] = []
    first_rows: list[tuple[Section, Row]] = []
    for series in sorted(by_series, key=int):
        rows: list[Row] = []
        repeat: list[Row] | None = None
        for section in by_series[series]:
            head = maker.paragraph(Para(section.heading), size=7.5, gray=True, gap=0.2)
            first_rows.append((section, head[0]))
            rows += head
            rows += maker.paragraph(
                Para(str(fill["continued_from"]).format(box=series)), italic=True, size=8.5, gap=0.6
            )
            if section.rows is not None:
                columns = [str(x) for x in fill["witness_columns"]]
                header = maker.table_row(
                    [(0, 170, columns[0]), (180, BODY_W - 180, columns[1])], bold=True, rule="below", gap=0.4
                )
                rows += header
                repeat = header
                for name, address in section.rows:
                    rows += maker.table_row([(0, 170, name), (180, BODY_W - 180, address)], gap=0.6)
            else:
                for para in section.paras or []:
                    rows += maker.paragraph(para, gap=0.6)
            rows.append(Row(SECTION_GAP))
        title = str(fill["continuation_title"]).format(box=series, name=form.name)
        flows.append(Flow(title, rows, repeat))
    subtitle = str(fill["continuation_sub"]).format(form=form_name, sheet="{n}")
    sheets, _firsts = paginate_flows(flows, subtitle, family)
    for section, first in first_rows:
        section.first_sheet = str(next(n for n, sheet in enumerate(sheets, 1) if any(r is first for r in sheet.rows)))
    return sheets


def schedule_sheets(form: ClaimForm, family: Fonts) -> list[Sheet]:
    """The schedule of damages: every itemized line with its exhibits; subtotals equal 12a-12c."""
    if form.schedule is None:
        return []
    fill = wording()["fill"]
    maker = RowMaker(family)
    columns = [str(x) for x in fill["schedule_columns"]]
    # the amount column as wide as its widest figure (bold totals included), the rest shared
    figures = [money(x.amount) for x in form.schedule] + [money(v) for v in form.amounts.values()] + [columns[2]]
    amount_w = max(60.0, max(width(f, family.bold, 10.0) for f in figures) + 2)
    rest = BODY_W - amount_w - 16
    item_w = round(rest * 0.52, 1)
    item_col, ev_col, amount_col = (0, item_w), (item_w + 8, rest - item_w), (BODY_W - amount_w, amount_w)

    def line(item: str, evidence: str, amount: str, **kw) -> list[Row]:
        return maker.table_row(
            [
                (item_col[0], item_col[1], item),
                (ev_col[0], ev_col[1], evidence),
                (amount_col[0], amount_col[1], amount),
            ],
            right=(2,),
            **kw,
        )

    header = line(columns[0], columns[1], columns[2], bold=True, rule="below", gap=0.4)
    rows: list[Row] = list(header)
    box_of = {"property_damage": "12a", "personal_injury": "12b", "wrongful_death": "12c"}
    for category in DAMAGE_CATEGORIES:
        box = box_of[category]
        items = [s for s in form.schedule if s.category == category]
        rows += maker.paragraph(Para(str(fill["schedule_category"][category]), bold=True), gap=0.25)
        if not items and form.amounts[box] == 0:
            rows += line(str(fill["schedule_no_items"]), "", money(Decimal("0")), gap=0.2)
        for item in items:
            evidence = "\n".join(item.evidence) or str(fill["schedule_no_exhibit"])
            rows += line(item.description, evidence, money(item.amount), gap=0.5)
        rows += line(
            str(fill["schedule_subtotal"]).format(box=box),
            "",
            money(form.amounts[box]),
            bold=True,
            rule="above",
            gap=1.0,
        )
    rows += line(str(fill["schedule_total"]), "", money(form.amounts["12d"]), bold=True, rule="double", gap=0)
    title = str(fill["schedule_title"]).format(name=form.name)
    subtitle = str(fill["schedule_sub"]).format(form=wording()["form"]["name"])
    return paginate(title, subtitle, rows, family, repeat=header)


def section_heading(key: str) -> str:
    """A continuation sheet's heading: the box's label, with the box's title for 9, 10 and 11."""
    if key == "9.owner":
        return f"9. {label('9.head')} — {label('9.owner')}"
    if key == "9.property":
        return f"9. {label('9.head')} — {label('9.property')}"
    if key == "10":
        return f"10. {label('10.head')} — {label('10.body')}"
    if key == "11":
        return f"11. {label('11.head')}"
    return label(key)


def marker(section: Section | None) -> str:
    return str(fill_text("continued")).format(sheet=section.first_sheet if section else "")


def footer(final: bool = False) -> str:
    """The small print at the foot of each page: the draft note, or nothing on a final copy."""
    return "" if final else str(fill_text("footer")).format(version=__version__)


def page_label(page: int, pages: int) -> str:
    return str(fill_text("page")).format(page=page, pages=pages)
