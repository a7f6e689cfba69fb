"""The transmittal letter as a PDF (``transmittal-<AGENCY>.pdf``, kind ``transmittal_letter_pdf``).

Drawn with reportlab in the embedded PDF font from the very context the DOCX letter is
rendered from (:func:`claimgen.render.letters.letter_context`), so a family without Word
can print it and any wording change reaches both. Business-letter rules a lawyer signs by:
"Sincerely," and the signature blocks stay together, with at least the last two lines of
the letter's body on their page (never a signature alone on a page); pages after the first
carry a running head (addressee, date, "Page N"); every page of a letter of several pages
is numbered at its foot. A draft carries the draft note at its foot; a final copy does not.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from . import fonts, print_copy
from .pdf_sheets import new_canvas
from .pdf_text import width, wrap

PAGE_W, PAGE_H = 612.0, 792.0
MARGIN = 72.0
TOP = 66.0
BOTTOM = 72.0  # the last baseline sits above this (the foot line is at 36)
BODY_W = PAGE_W - 2 * MARGIN
SIZE = 10.5
LEAD = SIZE * 1.32
GAP = LEAD * 0.75  # between paragraphs
INDENT = 18.0
HEAD_LINES = 3  # running head: addressee, date, page
SIGNATURE_SPACE = 30.0  # room above the line for an ink signature
KIND = "transmittal_letter_pdf"


@dataclass
class Line:
    """One line of the letter: cells (x from the left margin, text, bold) and short rules (x0, x1)."""

    height: float
    cells: list[tuple[float, str, bool]] = field(default_factory=list)
    rules: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Block:
    lines: list[Line]
    keep: bool = False  # never split across pages
    with_next: int = 0  # this many of its last lines go on the page where the next block starts
    space_after: float = GAP


class Letter:
    """Lays out and draws one letter from its context (the DOCX template's context)."""

    def __init__(self, context: dict, font: fonts.PdfFont, final: bool):
        self.ctx = context
        self.font = font
        self.final = final
        self._pages: list[list[Line]] | None = None

    # -- blocks

    def text_lines(self, text: str, *, bold: bool = False, indent: float = 0.0, hang: str = "") -> list[Line]:
        face = self.font.bold if bold else self.font.regular
        hang_w = width(hang + " ", face, SIZE) if hang else 0.0
        out = []
        for n, line in enumerate(wrap(text, face, SIZE, BODY_W - indent - hang_w)):
            cells = [(indent, hang, bold)] if hang and n == 0 else []
            cells.append((indent + hang_w, line, bold))
            out.append(Line(LEAD, cells))
        return out

    def block(self, text: str, **kw) -> Block:
        keep = kw.pop("keep", False)
        space = kw.pop("space_after", GAP)
        return Block(self.text_lines(text, **kw), keep=keep, space_after=space)

    def lines_block(self, texts: list[str], *, bold_first: bool = False, space_after: float = GAP) -> Block:
        lines: list[Line] = []
        for n, text in enumerate(texts):
            lines += self.text_lines(text, bold=bold_first and n == 0)
        return Block(lines, keep=True, space_after=space_after)

    def signature_block(self) -> Block:
        """'Sincerely,' and every signer's block (two columns when several sign), one unit."""
        lines = [Line(LEAD, [(0, str(self.ctx.get("closing") or ""), False)])]
        signers = [s["lines"] for s in self.ctx.get("signers") or []]
        columns = 2 if len(signers) > 1 else 1
        col_w = (BODY_W - 24) / 2 if columns == 2 else BODY_W * 0.6
        for start in range(0, len(signers), columns):
            row = signers[start : start + columns]
            wrapped = [[w for text in block for w in wrap(text, self.font.regular, SIZE, col_w)] for block in row]
            xs = [k * (col_w + 24) for k in range(len(row))]
            lines.append(Line(SIGNATURE_SPACE))
            lines.append(Line(LEAD * 0.4, rules=[(x, x + min(col_w, 220.0)) for x in xs]))
            for n in range(max(len(w) for w in wrapped)):
                lines.append(Line(LEAD, [(x, w[n], False) for x, w in zip(xs, wrapped) if n < len(w)]))
        return Block(lines, keep=True)

    def blocks(self) -> list[Block]:
        c = self.ctx
        W = print_copy.wording()["letter"]
        out = [self.lines_block(list(c.get("sender") or []), bold_first=True)]
        out.append(self.lines_block([c["date"], c["delivery_line"]]))
        out.append(self.lines_block(list(c.get("recipient") or [])))
        subject = [c["subject"]] + ([c["claim_number"]] if c.get("claim_number") else [])
        out.append(Block([ln for s in subject for ln in self.text_lines(s, bold=True)], keep=True))
        out.append(self.block(c["salutation"], keep=True))
        out.append(self.block(c["presentment"], space_after=GAP * 0.6))
        claimants = list(c.get("claimant_lines") or [])
        for n, text in enumerate(claimants):
            out.append(
                self.block(text, indent=INDENT, keep=True, space_after=GAP if n == len(claimants) - 1 else LEAD * 0.2)
            )
        for text in c.get("paragraphs") or []:
            out.append(self.block(text))
        # the body's last lines travel with the closing: a signature never stands alone on a page
        body_end = out[-1]
        body_end.with_next = min(2, len(body_end.lines))
        out.append(self.signature_block())
        out.append(self.block(c["enclosures_heading"], bold=True, keep=True, space_after=LEAD * 0.25))
        out[-1].with_next = len(out[-1].lines)  # the heading stays with its first item
        for text in c.get("enclosures") or []:
            out.append(self.block(text, indent=INDENT, hang=str(W["bullet"]), keep=True, space_after=LEAD * 0.2))
        if c.get("cc"):
            out[-1].space_after = GAP
            out.append(self.block(c["cc"], keep=True))
        return out

    # -- pages

    def room(self, page: int) -> float:
        head = (HEAD_LINES * LEAD + GAP * 1.5) if page > 0 else 0.0
        return PAGE_H - TOP - BOTTOM - head

    def paginate(self) -> list[list[Line]]:
        """Blocks onto pages: a kept block moves whole; a paragraph splits with two lines at least on
        each side; ``with_next`` lines move to the next block's page when it does not fit after them."""
        pages: list[list[Line]] = [[]]
        used = 0.0
        blocks = self.blocks()

        def new_page() -> None:
            nonlocal used
            pages.append([])
            used = 0.0

        def height(lines: list[Line]) -> float:
            return sum(ln.height for ln in lines)

        def first_part(k: int) -> float:  # what of block k must share a page with what comes before
            b = blocks[k]
            return height(b.lines) if b.keep else height(b.lines[:2])

        for k, b in enumerate(blocks):
            tail = b.lines[len(b.lines) - b.with_next :] if b.with_next and k + 1 < len(blocks) else []
            need_next = first_part(k + 1) + b.space_after if tail else 0.0  # the gap between them too
            lines = list(b.lines)
            if b.keep or len(lines) < 4:
                if used and used + height(lines) + need_next > self.room(len(pages) - 1):
                    new_page()
            else:
                fits = used + height(lines) + need_next <= self.room(len(pages) - 1)
                if not fits:
                    n = 0  # how many lines stay on this page
                    while n < len(lines) and used + height(lines[: n + 1]) <= self.room(len(pages) - 1):
                        n += 1
                    if tail:  # the last lines go with what follows
                        n = min(n, len(lines) - len(tail))
                    n = min(n, len(lines) - 2)
                    if n >= 2:
                        pages[-1].extend(lines[:n])
                        lines = lines[n:]
                    new_page()
            for line in lines:
                if used + line.height > self.room(len(pages) - 1) and used:
                    new_page()
                pages[-1].append(line)
                used += line.height
            pages[-1].append(Line(b.space_after))
            used += b.space_after
        return pages

    def pages(self) -> list[list[Line]]:
        if self._pages is None:
            self._pages = self.paginate()
        return self._pages

    def page_count(self) -> int:
        return len(self.pages())

    def pdf(self, epoch: int | None) -> bytes:
        buffer = io.BytesIO()
        c = new_canvas(buffer, epoch)
        c.setTitle(str(print_copy.wording()["letter"]["title"]).format(agency=self.addressee()))
        c.setSubject(str(self.ctx.get("subject") or ""))
        signers = [s["lines"] for s in self.ctx.get("signers") or [] if s.get("lines")]
        c.setAuthor(str(signers[0][0]) if signers else "")  # who signs first, as the DOCX's author
        self.draw(c)
        c.save()
        return buffer.getvalue()

    def draw(self, c) -> None:
        """Every page of the letter onto ``c``, each ended with ``showPage``."""
        pages = self.pages()
        for n, lines in enumerate(pages):
            y = PAGE_H - TOP
            if n > 0:
                y = self.running_head(c, y, n + 1)
            for line in lines:
                if not line.cells and not line.rules:
                    y -= line.height
                    continue
                baseline = y - line.height * 0.76
                for x, text, bold in line.cells:
                    c.setFont(self.font.bold if bold else self.font.regular, SIZE)
                    c.drawString(MARGIN + x, baseline, text)
                for x0, x1 in line.rules:
                    c.setLineWidth(0.6)
                    c.line(MARGIN + x0, baseline, MARGIN + x1, baseline)
                y -= line.height
            self.foot(c, n + 1, len(pages))
            c.showPage()

    def addressee(self) -> str:
        recipient = self.ctx.get("recipient") or [""]
        return str(recipient[0])

    def running_head(self, c, y: float, page: int) -> float:
        W = print_copy.wording()
        c.setFont(self.font.regular, SIZE)
        for text in (self.addressee(), self.ctx["date"], str(W["page"]).format(page=page)):
            y -= LEAD
            c.drawString(MARGIN, y + LEAD * 0.24, text)
        return y - GAP * 1.5

    def foot(self, c, page: int, pages: int) -> None:
        c.setFillGray(0.35)
        c.setFont(self.font.regular, 7.5)
        note = print_copy.draft_note(self.final)
        if note:
            c.drawString(MARGIN, 36, note)
        if pages > 1:
            c.drawRightString(PAGE_W - MARGIN, 36, print_copy.page_of(page, pages))
        c.setFillGray(0)


def context_texts(context: dict) -> list[str]:
    """Every string of a letter context (for the glyph check)."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(context)
    return out


def letter(ctx, agency: str, font: fonts.PdfFont) -> Letter:
    """One agency's letter, checked against the font (refuses, exit 2, a character it lacks)."""
    from .letters import letter_context

    context = letter_context(ctx.case, agency, ctx.as_of)
    print_copy.ensure_drawable(ctx.case, str(ctx.case_path), context_texts(context), font)
    return Letter(context, font, ctx.options.final)


def letter_pdf(ctx, agency: str, font: fonts.PdfFont) -> bytes:
    return letter(ctx, agency, font).pdf(ctx.source_date_epoch())


def render(ctx) -> None:
    font = fonts.load(ctx.options.font)
    letters = ctx.cache.setdefault("letter_pdf", {})  # agency → its laid-out letter, for the mailing packet
    for agency in ctx.case.incident.agencies:
        drawn = letters[agency] = letter(ctx, agency, font)
        ctx.write(f"transmittal-{agency}.pdf", drawn.pdf(ctx.source_date_epoch()), KIND, agency=agency)
