"""Standard Form 95, drawn with reportlab: one PDF per claimant (``sf95-<id>.pdf``, kind ``sf95``).

Page 1 is boxes 1-14 in the layout of SF-95 (Rev. 2/2007, OMB No. 1105-0008),
with the penalty notices; page 2 the insurance boxes 15-19. The instruction pages
are not reproduced. After the form come the attached sheets (continuations and the
schedule of damages, :mod:`claimgen.render.sf95_sheets`).

The module is the drawing only. What each box says is :mod:`claimgen.render.sf95_content`;
where each box sits, :mod:`claimgen.render.sf95_layout`. Every user string goes through
:func:`fonts.drawable` and the glyph check before anything is drawn; text is drawn with
``drawString`` (never parsed as markup).
"""

from __future__ import annotations

import io

from .. import __version__
from . import fonts
from .pdf_sheets import Fonts, Sheet, draw_footer, draw_sheet, new_canvas
from .pdf_text import LEADING, Fit, shrink_to_width, width, wrap
from .sf95_content import (
    KEY_ORDER,
    ClaimForm,
    build_form,
    fill_text,
    label,
    penalty_text,
    prepare,
    series_of,
    static_texts,
    wording,
)
from .sf95_layout import (
    BOXES,
    CHECKBOX_3_TOP,
    CHECKBOXES_3,
    HEADS,
    LABEL,
    PAGE_H,
    ROWS,
    ROWS2,
    X0,
    X1,
    Area,
    frame,
    hrules,
    value_areas,
    vrules,
)
from .sf95_sheets import (
    SMALLEST,
    SPILL,
    Section,
    continuation_sheets,
    fit_box,
    fit_witnesses,
    footer,
    marker,
    page_label,
    schedule_sheets,
    section_heading,
)

__all__ = [  # the content and sheet names other renderers use, re-exported where they always were
    "KEY_ORDER",
    "SMALLEST",
    "SPILL",
    "ClaimForm",
    "FormDrawing",
    "Section",
    "build_form",
    "continuation_sheets",
    "fill_text",
    "fit_box",
    "fit_witnesses",
    "footer",
    "label",
    "marker",
    "page_label",
    "prepare",
    "render",
    "schedule_sheets",
    "section_heading",
    "series_of",
    "static_texts",
]


class FormDrawing:
    """Draws claimgen's SF-95 for one claimant."""

    def __init__(self, form: ClaimForm, font: fonts.PdfFont, epoch: int | None = None, final: bool = False):
        self.form = form
        self.final = final  # the copy that is mailed: no draft footer, no word about the tool
        self.font = font
        self.epoch = epoch
        self.family = Fonts(font.regular, font.bold, font.italic)
        self.fits: dict[str, Fit] = {}
        self.sections: dict[str, Section] = {}
        self.witness_fit = None
        self._sheets: list[Sheet] | None = None

    # -- geometry helpers: y measured down from the top of the page

    def ytop(self, y: float) -> float:
        return PAGE_H - y

    def label_lines(self, key: str, w: float, size: float = LABEL, bold: bool = False) -> list[str]:
        return wrap(label(key), self.font.bold if bold else self.font.regular, size, w)

    def areas(self) -> dict[str, Area]:
        """Value areas below each box's label (:func:`sf95_layout.value_areas`)."""
        return value_areas(lambda key, w: len(self.label_lines(key, w)))

    # -- layout (no drawing): fits, overflow sections, sheet numbers

    def layout(self) -> list[Sheet]:
        family2 = (self.font.regular, self.font.bold)
        for key, area in self.areas().items():
            result = fit_box(
                self.form, key, self.form.boxes.get(key, [[]]), family2, area.w, area.h, area.largest, area.smallest
            )
            self.fits[key] = result
            if result.overflow:
                self.sections[key] = Section(key, self._section_heading(key), paras=result.overflow)
        if self.form.witnesses is not None:
            x0, top, split, x1, bottom = self.witness_box()
            self.witness_fit = fit_witnesses(
                self.form.witnesses, family2, split - x0 - 8, x1 - split - 8, bottom - top - 5, 9.0, 7.0
            )
            if self.witness_fit[2]:
                self.sections["11"] = Section("11", self._section_heading("11"), rows=self.witness_fit[2])
        ordered = [self.sections[k] for k in KEY_ORDER if k in self.sections]
        return continuation_sheets(self.form, ordered, self.family) + schedule_sheets(self.form, self.family)

    def _section_heading(self, key: str) -> str:
        return section_heading(key)

    # -- drawing

    def sheets(self) -> list[Sheet]:
        """The attached sheets, laid out once (the packet draws the form again from the same layout)."""
        if self._sheets is None:
            self._sheets = self.layout()
        return self._sheets

    def page_count(self) -> int:
        return 2 + len(self.sheets())

    def pdf(self) -> bytes:
        buffer = io.BytesIO()
        c = new_canvas(buffer, self.epoch)
        c.setTitle(f"SF-95 — {self.form.name}")
        if not self.final:
            c.setAuthor("claimgen")
            c.setCreator(f"claimgen {__version__}")
        c.setSubject(wording()["form"]["name"])
        self.draw(c)
        c.save()
        return buffer.getvalue()

    def draw(self, c) -> None:
        """Every page of the form and its sheets onto ``c``, each ended with ``showPage``."""
        sheets = self.sheets()
        pages = 2 + len(sheets)
        note = footer(self.final)
        self.page1(c)
        draw_footer(c, self.family, note, page_label(1, pages), X0 + 2, X1)
        c.showPage()
        self.page2(c)
        draw_footer(c, self.family, note, page_label(2, pages), X0 + 2, X1)
        c.showPage()
        for n, sheet in enumerate(sheets, 3):
            draw_sheet(c, sheet, self.family, note, page_label(n, pages))
            c.showPage()

    def text(
        self,
        c,
        x: float,
        y: float,
        text: str,
        size: float,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
    ) -> None:
        c.setFont(self.font.bold if bold else (self.font.italic if italic else self.font.regular), size)
        if align == "center":
            c.drawCentredString(x, self.ytop(y), text)
        elif align == "right":
            c.drawRightString(x, self.ytop(y), text)
        else:
            c.drawString(x, self.ytop(y), text)

    def hline(self, c, x0: float, x1: float, y: float, weight: float = 0.5) -> None:
        c.setLineWidth(weight)
        c.line(x0, self.ytop(y), x1, self.ytop(y))

    def vline(self, c, x: float, y0: float, y1: float, weight: float = 0.5) -> None:
        c.setLineWidth(weight)
        c.line(x, self.ytop(y0), x, self.ytop(y1))

    def draw_box_label(self, c, key: str, top_offset: float = 0.0, **kw) -> float:
        """The label of box ``key`` at the top of its rectangle."""
        b = BOXES[key]
        return self.draw_label(c, b.label or key, b.x0, b.top + top_offset, b.x1, **kw)

    def draw_label(
        self,
        c,
        key: str,
        x0: float,
        top: float,
        x1: float,
        size: float = LABEL,
        bold: bool = False,
        align: str = "left",
    ) -> float:
        y = top + 2.5
        for line in self.label_lines(key, x1 - x0 - 6, size, bold):
            y += size * LEADING
            if align == "center":
                self.text(c, (x0 + x1) / 2, y - size * 0.2, line, size, bold, align="center")
            else:
                self.text(c, x0 + 3, y - size * 0.2, line, size, bold)
        return y

    def checkbox(self, c, x: float, top: float, checked: bool, size: float = 9.5) -> None:
        c.setLineWidth(0.6)
        c.rect(x, self.ytop(top + size), size, size, stroke=1, fill=0)
        if checked:
            c.setLineWidth(1.3)
            inset = 1.8
            c.line(x + inset, self.ytop(top + inset), x + size - inset, self.ytop(top + size - inset))
            c.line(x + inset, self.ytop(top + size - inset), x + size - inset, self.ytop(top + inset))

    def draw_fit(self, c, key: str, area: Area) -> None:
        result = self.fits[key]
        for line in result.lines:
            self.text(c, area.x, area.top + line.y, line.text, result.size, line.bold)
        if result.overflow:
            note = marker(self.sections.get(key))
            size = shrink_to_width(note, self.font.italic, result.size, area.w)
            self.text(c, area.x, area.top + (result.marker_y or result.size), note, size, italic=True)

    def page1(self, c) -> None:
        w = wording()
        form = w["form"]
        areas = self.areas()
        c.setStrokeGray(0)
        # outer frame and the rules between rows and boxes
        c.setLineWidth(1.2)
        top, bottom = frame(ROWS)
        c.rect(X0, self.ytop(bottom), X1 - X0, bottom - top, stroke=1, fill=0)
        for y in hrules(ROWS):
            self.hline(c, X0, X1, y, 0.6)
        for x, y0, y1 in vrules(0):
            self.vline(c, x, y0, y1, 0.6)
        self.header(c, form)
        # box labels
        self.draw_box_label(c, "1")
        self.draw_box_label(c, "2")
        self.draw_box_label(c, "3")
        for key, x in CHECKBOXES_3.items():
            self.checkbox(c, x, CHECKBOX_3_TOP, self.form.checks.get(key, False))
            self.text(c, x + 13, CHECKBOX_3_TOP + 8, label(key), LABEL)
        for key in ("4", "5", "6", "7", "8"):
            self.draw_box_label(c, key)
        self.draw_head(c, "9")
        self.draw_box_label(c, "9.owner")
        self.draw_box_label(c, "9.property")
        self.draw_head(c, "10")
        self.draw_box_label(c, "10")
        self.draw_head(c, "11")
        baseline = ROWS["11.columns"][0] + 11
        for key in ("11.name", "11.address"):
            b = BOXES[key]
            self.text(c, (b.x0 + b.x1) / 2, baseline, label(key), LABEL, align="center")
        self.draw_head(c, "12")
        for key in ("12a", "12b", "12c", "12d"):
            self.draw_box_label(c, key)
        self.draw_label(c, "12.certify", X0, ROWS["12.certify"][0] + 3, X1, size=6.5, bold=True)
        for key in ("13a", "13b", "14"):
            self.draw_box_label(c, key)
        self.penalties(c, w)
        self.below_frame(c, form)
        # values
        for key, area in areas.items():
            if area.page == 0:
                self.draw_fit(c, key, area)
        self.draw_witnesses(c)
        self.draw_signature(c)

    def header(self, c, form: dict) -> None:
        """The form's title, the instructions line and the OMB approval, in the top row."""
        title_x = (X0 + BOXES["instructions"].x0) / 2
        for n, line in enumerate(form["title"]):
            self.text(c, title_x, 38 + n * 14, line, 11.5, bold=True, align="center")
        box = BOXES["instructions"]
        left = box.x0 + 4
        head = str(form["instructions_head"])
        self.text(c, left, 29, head, 8.5, bold=True)
        head_w = width(head + " ", self.font.bold, 8.5)
        body = " ".join(str(form["instructions"]).split())
        first = wrap(body, self.font.regular, 6.5, box.x1 - left - 4 - head_w)[0]
        self.text(c, left + head_w, 29, first, 6.5)
        rest = body[len(first) :].strip()
        for n, line in enumerate(wrap(rest, self.font.regular, 6.5, box.x1 - left - 4)):
            self.text(c, left, 29 + (n + 1) * 8.2, line, 6.5)
        for n, line in enumerate(form["approved"]):
            self.text(c, BOXES["approved"].x0 + 4, 28 + n * 8.5, str(line), 7.5)

    def draw_head(self, c, key: str) -> None:
        """A title strip: "9." on the left, "PROPERTY DAMAGE" centred."""
        baseline, centre = HEADS[key]
        self.text(c, X0 + 3, baseline, label(key), LABEL)
        self.text(c, centre, baseline, label(f"{key}.head"), 6.8, bold=True, align="center")

    def penalties(self, c, w: dict) -> None:
        for kind in ("civil", "criminal"):
            b = BOXES[f"penalties.{kind}"]
            for n, line in enumerate(w["penalties"][kind]["title"]):
                self.text(c, (b.x0 + b.x1) / 2, b.top + 10.5 + n * 8, str(line), 6.5, bold=True, align="center")
            for n, line in enumerate(wrap(penalty_text(kind), self.font.regular, 6.2, b.x1 - b.x0 - 8)):
                self.text(c, b.x0 + 4, b.top + 34.5 + n * 7.4, line, 6.2)

    def below_frame(self, c, form: dict) -> None:
        """Reproduction note, form number, NSN, revision and the prescribing regulation."""
        for n, line in enumerate(form["reproduction"]):
            self.text(c, X0 + 2, 737 + n * 8.5, str(line), 7)
        self.text(c, X0 + 2, 760, str(form["form_number"]), 7)
        self.text(c, 300, 737, str(form["nsn"]), 7, bold=True, align="center")
        self.text(c, X1, 737, str(form["revision"]), 7.5, bold=True, align="right")
        for n, line in enumerate(form["prescribed"]):
            self.text(c, X1, 745.5 + n * 7.5, str(line), 6.2, align="right")

    @staticmethod
    def witness_box() -> tuple[float, float, float, float, float]:
        """Box 11 below its column heads: x0, top, the name | address split, x1, bottom."""
        name, address = BOXES["11.name"], BOXES["11.address"]
        return name.x0, name.top, address.x0, address.x1, name.bottom

    def draw_witnesses(self, c) -> None:
        x0, top, split, x1, bottom = self.witness_box()
        if self.form.witnesses is None:
            self.text(c, x0 + 4, top + 11, str(fill_text("none")), 9)
            self.text(c, split + 4, top + 11, str(fill_text("none")), 9)
            return
        size, placed, overflow = self.witness_fit
        y = top + 3
        last = 0.0
        for name_lines, addr_lines, dy in placed:
            for n, line in enumerate(name_lines):
                self.text(c, x0 + 4, y + dy + n * size * LEADING + size * 0.93, line, size)
            for n, line in enumerate(addr_lines):
                self.text(c, split + 4, y + dy + n * size * LEADING + size * 0.93, line, size)
            last = dy + max(len(name_lines), len(addr_lines)) * size * LEADING
        if overflow:
            note = marker(self.sections.get("11"))
            note_size = shrink_to_width(note, self.font.italic, size, x1 - x0 - 8)
            self.text(c, x0 + 4, y + last + size * 0.3 * LEADING + size * 0.93, note, note_size, italic=True)

    def draw_signature(self, c) -> None:
        sig = self.form.signature
        box = BOXES["13a"]
        x0, top, x1 = box.x0, box.top, box.x1
        who = sig.signer + (f", {sig.capacity}" if sig.capacity else "")
        if sig.electronic:
            text = str(fill_text("electronic")).format(signer=sig.signer)
            size = shrink_to_width(text, self.font.italic, 11, x1 - x0 - 16, 6)
            self.text(c, x0 + 8, top + 22.5, text, size, italic=True)
            caption = str(fill_text("signed_caption")).format(signer=who)
        else:
            self.text(c, x0 + 5, top + 23, "✗", 10, bold=True)
            c.setLineWidth(0.5)
            self.hline(c, x0 + 17, x1 - 8, top + 24, 0.5)
            tag = str(fill_text("sign_here"))
            self.text(c, x1 - 8, top + 21.5, tag, 5.5, bold=True, align="right")
            caption = str(fill_text("sign_caption")).format(signer=who)
        # the caption at label size; only a very long capacity makes it smaller, then drops the capacity
        # (which box 2 states in full) rather than printing it unreadably small
        size = shrink_to_width(caption, self.font.regular, LABEL, x1 - x0 - 22, 5.0)
        if width(caption, self.font.regular, size) > x1 - x0 - 22:
            caption = str(fill_text("sign_caption" if not sig.electronic else "signed_caption")).format(
                signer=sig.signer
            )
            size = shrink_to_width(caption, self.font.regular, LABEL, x1 - x0 - 22, 3.0)
        self.text(c, x0 + 17, top + 30.5, caption, size)

    def page2(self, c) -> None:
        areas = self.areas()
        checks = self.form.checks
        c.setStrokeGray(0)
        c.setLineWidth(1.2)
        top, bottom = frame(ROWS2)
        c.rect(X0, self.ytop(bottom), X1 - X0, bottom - top, stroke=1, fill=0)
        for y in hrules(ROWS2):
            self.hline(c, X0, X1, y, 0.6)
        for x, y0, y1 in vrules(1):
            self.vline(c, x, y0, y1, 0.6)
        self.text(c, (X0 + X1) / 2, 31, label("insurance.head"), 6.8, bold=True, align="center")
        intro = wrap(label("insurance.intro"), self.font.regular, LABEL, X1 - X0 - 8)
        for n, line in enumerate(intro):
            self.text(c, X0 + 3, 47 + n * 7.3 - (len(intro) - 1) * 3.6, line, LABEL)
        self.yes_no_line(c, "15", BOXES["15"].top, checks)
        self.yes_no_line(c, "19", BOXES["19"].top, checks)
        # 16: question on two lines, then the boxes; 17 beside it
        question = wrap(label("16"), self.font.regular, LABEL, 360 - X0)
        for n, line in enumerate(question):
            self.text(c, X0 + 3, BOXES["16"].top + 9.5 + n * 7.3, line, LABEL)
        yes, no = str(label("yes")), str(label("no"))
        self.checkbox(c, 384, 122, checks.get("16.yes", False), 9)
        self.text(c, 396, 129.5, yes, LABEL)
        self.checkbox(c, 420, 122, checks.get("16.no", False), 9)
        self.text(c, 432, 129.5, no, LABEL)
        self.draw_box_label(c, "17")
        self.draw_box_label(c, "18")
        for key, area in areas.items():
            if area.page == 1:
                self.draw_fit(c, key, area)
        note = wrap(" ".join(str(fill_text("not_reproduced")).split()), self.font.italic, 7, X1 - X0 - 8)
        for n, line in enumerate(note):
            self.text(c, X0 + 4, 316 + n * 9, line, 7, italic=True)
        self.text(c, X1, 752, str(wording()["form"]["back"]), 7.5, bold=True, align="right")

    def yes_no_line(self, c, box: str, top: float, checks: dict[str, bool]) -> None:
        """'15. Do you carry accident Insurance? [ ] Yes  If yes, give name ... [ ] No' on one line."""
        question, detail = label(box), label(f"{box}.detail")
        yes, no = label("yes"), label("no")
        y = top + 9.5
        self.text(c, X0 + 3, y, question, LABEL)
        x = X0 + 3 + width(question, self.font.regular, LABEL) + 8
        self.checkbox(c, x, top + 2.5, checks.get(f"{box}.yes", False), 9)
        x += 12
        self.text(c, x, y, yes, LABEL)
        x += width(yes, self.font.regular, LABEL) + 10
        no_x = X1 - 30
        size = shrink_to_width(detail, self.font.regular, LABEL, no_x - x - 6, 4.5)
        self.text(c, x, y, detail, size)
        self.checkbox(c, no_x, top + 2.5, checks.get(f"{box}.no", False), 9)
        self.text(c, no_x + 12, y, no, LABEL)


def render(ctx) -> None:
    """One SF-95 PDF per claimant; refuses (exit 2) any text the font cannot draw, before writing."""
    font = fonts.load(ctx.options.font)
    forms = prepare(ctx.case, str(ctx.case_path), font)
    drawings = ctx.cache.setdefault("sf95", {})  # claimant id → its laid-out form, for the mailing packet
    for form in forms:
        drawing = drawings[form.claimant_id] = FormDrawing(form, font, ctx.source_date_epoch(), final=ctx.options.final)
        ctx.write(f"sf95-{form.claimant_id}.pdf", drawing.pdf(), "sf95", claimant=form.claimant_id)
