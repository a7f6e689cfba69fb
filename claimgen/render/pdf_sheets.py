"""Attached sheets after a form: continuation of a box, schedule of damages.

Shared by the drawn SF-95 and the filled official SF-95. Text is laid out into
rows of measured lines first, then paginated, so every sheet knows its
"page x of y" before anything is drawn. A row group (one witness, one damages
line) stays on one page unless it is taller than a page; then it is split
line by line. Nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .pdf_text import LEADING, Para, width, wrap

PAGE_W, PAGE_H = 612.0, 792.0  # US Letter
MARGIN = 54.0
BODY_W = PAGE_W - 2 * MARGIN
BODY_SIZE = 10.0
GRAY = 0.35


@dataclass
class Cell:
    x: float  # from the left margin; the right edge when align == "right"
    text: str
    bold: bool = False
    italic: bool = False
    size: float = BODY_SIZE
    align: str = "left"
    gray: bool = False


@dataclass
class Row:
    height: float
    cells: list[Cell] = field(default_factory=list)
    group: int | None = None  # rows of one group stay together when they can
    rule: str | None = None  # "above" | "double" | "below" | "below_top"


@dataclass
class Sheet:
    title: list[str]  # wrapped title lines
    subtitle: str
    rows: list[Row]


@dataclass
class Fonts:
    regular: str
    bold: str
    italic: str

    def pick(self, cell: Cell) -> str:
        return self.bold if cell.bold else (self.italic if cell.italic else self.regular)


# ---------------------------------------------------------------- rows from text


class RowMaker:
    """Turns paragraphs and table rows into measured rows; numbers row groups."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self._group = 0

    def next_group(self) -> int:
        self._group += 1
        return self._group

    def paragraph(
        self,
        para: Para,
        *,
        x: float = 0.0,
        w: float = BODY_W,
        size: float = BODY_SIZE,
        italic: bool = False,
        gray: bool = False,
        gap: float = 0.5,
    ) -> list[Row]:
        font = self.fonts.bold if para.bold else (self.fonts.italic if italic else self.fonts.regular)
        rows = [
            Row(size * LEADING, [Cell(x, line, para.bold, italic, size, gray=gray)])
            for line in wrap(para.text, font, size, w)
        ]
        if gap:
            rows.append(Row(size * LEADING * gap))
        return rows

    def table_row(
        self,
        cells: list[tuple[float, float, str]],
        *,
        bold: bool = False,
        size: float = BODY_SIZE,
        rule: str | None = None,
        right: tuple[int, ...] = (),
        gap: float = 0.35,
    ) -> list[Row]:
        """One table row: ``cells`` are (x, width, text); columns in ``right`` are right-aligned."""
        font = self.fonts.bold if bold else self.fonts.regular
        columns = [wrap(text, font, size, w) if text else [""] for (_x, w, text) in cells]
        height = max(len(c) for c in columns)
        group = self.next_group()
        rows = []
        for i in range(height):
            row_cells = []
            for col, (x, w, _text) in enumerate(cells):
                if i < len(columns[col]) and columns[col][i]:
                    if col in right:
                        row_cells.append(Cell(x + w, columns[col][i], bold, size=size, align="right"))
                    else:
                        row_cells.append(Cell(x, columns[col][i], bold, size=size))
            rows.append(Row(size * LEADING, row_cells, group, rule if i == 0 else None))
        if gap:
            rows.append(Row(size * LEADING * gap, [], group))
        return rows


# ---------------------------------------------------------------- pagination


def _title_lines(title: str, fonts: Fonts) -> list[str]:
    return wrap(title, fonts.bold, 13, BODY_W)


def _header_height(title: list[str]) -> float:
    return len(title) * 13 * LEADING + 8 * LEADING + 10


BODY_BOTTOM = PAGE_H - MARGIN - 10  # leave room for the footer


@dataclass
class Flow:
    """One titled run of rows (a box's continuation); several flows may share a sheet."""

    title: str
    rows: list[Row]
    repeat: list[Row] | None = None  # printed again at the top of each further sheet of this flow


HEADING_SIZE = 13.0
HEADING_SPACE = 14.0  # above a heading that starts part-way down a sheet
KEEP_WITH_HEADING = 3  # lines of text a mid-sheet heading needs below it, or it starts the next sheet


def _heading_rows(title_lines: list[str]) -> list[Row]:
    """A flow's title where it starts part-way down a sheet: a rule across the sheet, then the title."""
    rows = [Row(HEADING_SPACE, rule="below_top")]
    rows += [Row(HEADING_SIZE * LEADING, [Cell(0, line, bold=True, size=HEADING_SIZE)]) for line in title_lines]
    rows.append(Row(4.0))
    return rows


def paginate(title: str, subtitle: str, rows: list[Row], fonts: Fonts, repeat: list[Row] | None = None) -> list[Sheet]:
    """Rows onto as many sheets as needed; ``subtitle`` may contain ``{n}`` (the sheet's number).

    ``repeat`` rows (a table header) are printed again at the top of each further sheet.
    """
    return paginate_flows([Flow(title, rows, repeat)], subtitle, fonts)[0]


def paginate_flows(flows: list[Flow], subtitle: str, fonts: Fonts) -> tuple[list[Sheet], list[int]]:
    """Several flows one after another on shared sheets; returns the sheets and the number of
    the sheet each flow starts on.

    A sheet's title is the title of the flow at its top (the one continued from the sheet
    before, or the one starting there); a flow that starts part-way down a sheet is headed
    there with its own title, if that title and KEEP_WITH_HEADING lines fit below it, and
    otherwise starts the next sheet.
    """
    pages: list[tuple[list[str], list[Row]]] = []
    firsts: list[int] = []
    used = room = 0.0
    has_content = False

    def new_sheet(title: str, repeat: list[Row] | None) -> None:
        nonlocal used, room, has_content
        lines = _title_lines(title, fonts)
        pages.append((lines, list(repeat or [])))
        used = sum(r.height for r in repeat or [])
        room = BODY_BOTTOM - MARGIN - _header_height(lines)
        has_content = False

    for flow in flows:
        rows = flow.rows
        if not pages:
            new_sheet(flow.title, None)
        else:
            heading = _heading_rows(_title_lines(flow.title, fonts))
            lead, lines = 0.0, 0
            for row in rows:
                if lines >= KEEP_WITH_HEADING:
                    break
                lead += row.height
                lines += bool(row.cells)
            if used + sum(r.height for r in heading) + lead > room:
                new_sheet(flow.title, None)
            else:
                pages[-1][1].extend(heading)
                used += sum(r.height for r in heading)
        firsts.append(len(pages))
        for i, row in enumerate(rows):
            if row.group is not None and (i == 0 or rows[i - 1].group != row.group):
                j = i
                while j < len(rows) and rows[j].group == row.group:
                    j += 1
                group_h = sum(r.height for r in rows[i:j])
                repeat_h = sum(r.height for r in flow.repeat or [])
                if has_content and used + group_h > room and group_h <= room - repeat_h:
                    new_sheet(flow.title, flow.repeat)
            if used + row.height > room and has_content:
                if not row.cells:  # a gap at a page break is simply dropped
                    continue
                new_sheet(flow.title, flow.repeat)
            if not row.cells and not has_content:
                continue  # no gap at the top of a sheet
            pages[-1][1].append(row)
            used += row.height
            has_content = has_content or bool(row.cells)
    sheets = [Sheet(lines, subtitle.format(n=n), body) for n, (lines, body) in enumerate(pages, 1)]
    return sheets, firsts


# ---------------------------------------------------------------- drawing


def new_canvas(buffer, epoch: int | None, pagesize=(PAGE_W, PAGE_H)):
    """A reportlab canvas whose output depends only on what is drawn and on ``epoch``.

    ``invariant=1`` fixes the document ID and the dates (to 2000-01-01); the dates are
    then set to the build's fixed time (``BuildContext.source_date_epoch()``), the one
    timestamp every packet file shares.
    """
    import time

    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(buffer, pagesize=pagesize, invariant=1, pageCompression=1)
    # File > Properties: empty unless a renderer says who and what (reportlab would say "anonymous", "unspecified")
    c.setAuthor("")
    c.setCreator("")
    c.setSubject("")
    if epoch is not None:
        stamp = c._doc._timeStamp  # reportlab.lib.utils.TimeStamp: no public setter
        stamp.t = float(epoch)
        stamp.lt = time.gmtime(epoch)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0
        stamp.tzname = "UTC"
    return c


def pdf_date(epoch: int) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSSZ) for metadata written with pypdf."""
    import time

    return time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(epoch))


def draw_footer(
    c, fonts: Fonts, footer: str, page_label: str, left: float = MARGIN, right: float = PAGE_W - MARGIN
) -> None:
    """The small "Prepared with claimgen — draft for review" line and "Page x of y"."""
    c.setFillGray(GRAY)
    c.setFont(fonts.regular, 6.5)
    c.drawString(left, 24, footer)
    c.drawRightString(right, 24, page_label)
    c.setFillGray(0)


def draw_sheet(c, sheet: Sheet, fonts: Fonts, footer: str, page_label: str) -> None:
    """Draw one attached sheet on the canvas's current page (the caller calls showPage)."""
    y = PAGE_H - MARGIN
    c.setFillGray(0)
    for line in sheet.title:
        y -= 13
        c.setFont(fonts.bold, 13)
        c.drawString(MARGIN, y, line)
        y -= 13 * (LEADING - 1)
    y -= 8 * LEADING
    c.setFont(fonts.regular, 8)
    c.setFillGray(GRAY)
    c.drawString(MARGIN, y + 1, sheet.subtitle)
    c.setFillGray(0)
    y -= 4
    c.setLineWidth(0.8)
    c.line(MARGIN, y, PAGE_W - MARGIN, y)
    y -= 6
    for row in sheet.rows:
        c.setLineWidth(0.5)
        if row.rule in ("above", "double"):
            c.line(MARGIN, y + 1.5, PAGE_W - MARGIN, y + 1.5)
        if row.rule == "double":
            c.line(MARGIN, y + 3.5, PAGE_W - MARGIN, y + 3.5)
        if row.rule == "below":
            c.line(MARGIN, y - row.height - 1, PAGE_W - MARGIN, y - row.height - 1)
        if row.rule == "below_top":  # a heavier rule a little below the row's top: a new flow starts
            c.setLineWidth(0.8)
            c.line(MARGIN, y - 4, PAGE_W - MARGIN, y - 4)
        baseline = y - row.height * 0.78 if row.cells else y
        for cell in row.cells:
            c.setFont(fonts.pick(cell), cell.size)
            c.setFillGray(GRAY if cell.gray else 0)
            if cell.align == "right":
                c.drawRightString(MARGIN + cell.x, baseline, cell.text)
            else:
                c.drawString(MARGIN + cell.x, baseline, cell.text)
        c.setFillGray(0)
        y -= row.height
    draw_footer(c, fonts, footer, page_label)


def text_width(text: str, font: str, size: float) -> float:
    return width(text, font, size)
