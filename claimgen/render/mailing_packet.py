"""One mailing packet per agency (``mailing-packet-<AGENCY>.pdf``, kind ``mailing_packet``).

What goes in the envelope, as one PDF to print: the transmittal letter, each claimant's
SF-95 with its continuation sheets and schedule (the filled official form where one was
built), the evidence log, an exhibit index, then every exhibit in the order of the case
file: images scaled onto pages under a caption (exhibit id, description, SHA-256), PDFs
merged page by page (pypdf), text files printed as text, and for video, audio or anything
else that cannot be printed a page that names the exhibit, its size and fingerprint and
says how it is delivered. Every page is stamped ``PREFIX-NNNNNN`` in the bottom margin,
from ``PREFIX-000001`` with no gap; the index gives each part's and each exhibit's range;
the PDF's bookmarks lead to each part. A draft is marked DRAFT on every page; a final copy
is not. Everything claimgen draws uses the embedded PDF font; the bytes depend only on the
case, the exhibits and ``--as-of``.

The packet is drawn on one reportlab canvas from the same layouts as the separate letter,
SF-95 and log PDFs (laid out once per build, shared through ``ctx.cache``), each page
stamped as it ends; only the pages of PDF files (exhibits, a filled official SF-95) are
laid in afterwards with pypdf, under their stamps. A packet without such files never
imports pypdf.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import formatting as T
from ..errors import CaseError, Problem
from . import fonts, print_copy
from .finalcopy import signer_name
from .pdf_sheets import BODY_W, MARGIN, Fonts, Row, RowMaker, Sheet, draw_sheet, new_canvas, paginate, pdf_date
from .pdf_text import LEADING, Para, shrink_to_width, width, wrap

KIND = "mailing_packet"
PAGE_W, PAGE_H = 612.0, 792.0
STAMP_Y = 14.0  # baseline of the Bates number, in the bottom margin
STAMP_SIZE = 8.0
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff", "image/webp"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".log"}
TEXT_LIMIT = 400_000  # bytes: a longer text file is delivered as a file, not hundreds of printed pages
TEXT_SIZE = 9.0


def _w() -> dict:
    return print_copy.wording()["mailing_packet"]


def bates(prefix: str, n: int) -> str:
    return f"{prefix}-{n:06d}"


@dataclass
class Part:
    """A run of the packet's pages: a document of the packet, or one exhibit."""

    title: str  # its bookmark
    page_count: int
    draw: Callable[[Any], None]  # draws its pages on the packet's canvas, each ended with showPage
    exhibit_id: str | None = None
    description: str = ""
    first: int = 0  # 1-based page number in the packet


class Foreign:
    """The pages of a PDF file (an exhibit, a filled official SF-95), laid in with pypdf.

    On the canvas each is an empty page of the same size carrying only the stamps; the
    file's page goes under them once the canvas is saved.
    """

    def __init__(self, blob: bytes):
        from pypdf import PdfReader

        self.reader = PdfReader(io.BytesIO(blob))
        self.sizes = []
        for page in self.reader.pages:
            if page.get("/Rotate", 0):
                page.transfer_rotation_to_content()
            box = page.cropbox
            self.sizes.append((float(box.width), float(box.height)))

    def draw(self, c) -> None:
        for k, size in enumerate(self.sizes):
            c.setPageSize(size)
            c.lay_in(self.reader.pages[k])
            c.showPage()


class StampingCanvas:
    """The packet's reportlab canvas: each page, as it ends, gets its Bates number, the
    exhibit it belongs to and (in a draft) DRAFT, each on a white ground so it reads over
    whatever the page has there. Everything else is the canvas's own."""

    def __init__(self, canvas, font: fonts.PdfFont, prefix: str, final: bool):
        self._canvas = canvas
        self._font = font
        self._prefix = prefix
        self._final = final
        self.page = 1
        self.label = ""  # the exhibit id stamped beside the number
        self.foreign: list[tuple[int, Any]] = []  # (packet page, pypdf page laid under it)

    def __getattr__(self, name: str):
        return getattr(self._canvas, name)

    def lay_in(self, page) -> None:
        self.foreign.append((self.page, page))

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        c = self._canvas
        w, h = c._pagesize
        self._stamp(bates(self._prefix, self.page), w - 20, STAMP_Y, "right", True)
        if self.label:
            self._stamp(self.label, 20, STAMP_Y, "left", False)
        if not self._final:
            draft = str(print_copy.wording()["draft_stamp"])
            self._stamp(draft, w / 2, STAMP_Y, "center", True, STAMP_SIZE + 2)
            self._stamp(draft, w - 20, h - 20, "right", True, STAMP_SIZE + 2)
        c.showPage()
        c.setPageSize((PAGE_W, PAGE_H))
        self.page += 1

    def _stamp(self, text: str, x: float, y: float, align: str, bold: bool, size: float = STAMP_SIZE) -> None:
        c = self._canvas
        face = self._font.bold if bold else self._font.regular
        size = shrink_to_width(text, face, size, 200)
        tw = width(text, face, size)
        x0 = x - tw if align == "right" else (x - tw / 2 if align == "center" else x)
        c.setFillGray(1)
        c.rect(x0 - 2, y - 2.5, tw + 4, size + 3, stroke=0, fill=1)
        c.setFillGray(0)
        c.setFont(face, size)
        c.drawString(x0, y, text)


# ---------------------------------------------------------------- exhibits as pages


def _kind_of(path: Path, mime: str) -> str:
    suffix = path.suffix.lower()
    if mime == "application/pdf" or suffix == ".pdf":
        return "pdf"
    if mime in IMAGE_TYPES or suffix in IMAGE_SUFFIXES:
        return "image"
    if mime.startswith("text/") or suffix in TEXT_SUFFIXES:
        return "text"
    return "other"


def _sheets_part(sheets: list[Sheet], family: Fonts) -> tuple[int, Callable[[Any], None]]:
    def draw(c) -> None:
        for sheet in sheets:
            draw_sheet(c, sheet, family, "", "")
            c.showPage()

    return len(sheets), draw


class ExhibitPages:
    """Lays out one exhibit's pages (caption, image, text, PDF or placeholder)."""

    def __init__(self, ctx, font: fonts.PdfFont):
        self.ctx = ctx
        self.font = font
        self.family = Fonts(font.regular, font.bold, font.italic)
        # how a file that cannot be printed reaches the agency: the build's option, else the case's, else the default
        self.delivery = (
            ctx.options.exhibit_delivery or ctx.case.claim.exhibit_delivery or _w()["placeholder_delivery_default"]
        )

    def description(self, e) -> str:
        return " ".join(T.clean(e.description).split()) or T.clean(e.original_name or Path(e.path).name)

    def part(self, k: int, e) -> Part:
        count, draw = self.pages(k, e)
        return Part(e.id, count, draw, exhibit_id=e.id, description=self.description(e))

    def pages(self, k: int, e) -> tuple[int, Callable[[Any], None]]:
        path = Path(e.path) if Path(e.path).is_absolute() else self.ctx.case_dir / e.path
        mime = (e.mime_type or "").lower()
        try:
            blob = path.read_bytes()
        except OSError:
            return self.placeholder(e, missing=True)
        kind = _kind_of(path, mime)
        if kind == "pdf":
            foreign = self.pdf_exhibit(blob)
            if foreign is not None:
                return len(foreign.sizes), foreign.draw
        elif kind == "image":
            drawn = self.image(e, blob)
            if drawn is not None:
                return drawn
        elif kind == "text" and len(blob) <= TEXT_LIMIT:
            text = self.decoded(blob)
            if text is not None:
                return self.text(k, e, text)
        return self.placeholder(e)

    @staticmethod
    def pdf_exhibit(blob: bytes) -> Foreign | None:
        """The exhibit's own PDF, if pypdf can read every page of it (else a placeholder is printed)."""
        from pypdf.errors import PyPdfError

        try:
            foreign = Foreign(blob)
            if foreign.reader.is_encrypted or not foreign.sizes:
                return None
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
            return None
        return foreign

    @staticmethod
    def decoded(blob: bytes) -> str | None:
        try:
            text = blob.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
        return unicodedata.normalize("NFC", text)

    def caption_rows(self, e) -> tuple[str, str]:
        W = _w()
        title = str(W["text_title"]).format(exhibit=e.id, description=self.description(e))
        name = T.clean(e.original_name or Path(e.path).name)
        return title, str(W["text_sub"]).format(name=name, sha256=e.sha256)

    def text(self, k: int, e, text: str) -> tuple[int, Callable[[Any], None]]:
        """A text exhibit printed as it reads, line for line (long lines wrapped)."""
        drawn = fonts.drawable(text)
        problems = fonts.check_text(drawn, f"evidence[{k}].path", self.font)
        if problems:
            raise CaseError(
                str(self.ctx.case_path),
                [Problem(p.path, p.message.replace("contains", f"the file {e.path} contains", 1)) for p in problems],
            )
        maker = RowMaker(self.family)
        rows: list[Row] = []
        for line in drawn.split("\n"):
            rows += maker.paragraph(Para(line), size=TEXT_SIZE, gap=0) if line.strip() else [Row(TEXT_SIZE * LEADING)]
        while rows and not rows[-1].cells:
            rows.pop()
        title, sub = self.caption_rows(e)
        return _sheets_part(paginate(title, sub, rows or [Row(TEXT_SIZE * LEADING)], self.family), self.family)

    def image(self, e, blob: bytes) -> tuple[int, Callable[[Any], None]] | None:
        """The image scaled to fit below its caption (EXIF orientation applied), or None if unreadable."""
        from PIL import Image, ImageOps, UnidentifiedImageError
        from reportlab.lib.utils import ImageReader

        try:
            with Image.open(io.BytesIO(blob)) as im:
                im.load()
                upright = ImageOps.exif_transpose(im)
                if getattr(im, "n_frames", 1) > 1 or upright.mode not in ("RGB", "L", "RGBA", "LA", "P", "1", "CMYK"):
                    upright = upright.convert("RGB")
                if (
                    im.format == "JPEG"
                    and upright.size == im.size
                    and upright.mode in ("RGB", "L", "CMYK")
                    and (im.getexif().get(0x0112) in (None, 1))
                ):
                    source = ImageReader(io.BytesIO(blob))  # the JPEG as recorded, not re-encoded
                else:
                    out = io.BytesIO()
                    upright.save(out, format="PNG")
                    source = ImageReader(io.BytesIO(out.getvalue()))
                w_px, h_px = upright.size
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            return None
        title, sub = self.caption_rows(e)

        def draw(c) -> None:
            y = self.caption(c, title, sub)
            box_w, box_h = BODY_W, y - 40 - MARGIN * 0.5
            scale = min(box_w / w_px, box_h / h_px)
            draw_w, draw_h = w_px * scale, h_px * scale
            c.drawImage(source, MARGIN + (box_w - draw_w) / 2, y - draw_h, draw_w, draw_h, mask="auto")
            c.showPage()

        return 1, draw

    def caption(self, c, title: str, sub: str) -> float:
        """The caption at the top of a page; returns the y below it."""
        y = PAGE_H - MARGIN
        for line in wrap(title, self.font.bold, 12, BODY_W):
            y -= 12 * LEADING
            c.setFont(self.font.bold, 12)
            c.drawString(MARGIN, y + 3, line)
        c.setFont(self.font.regular, 8)
        c.setFillGray(0.35)
        for line in wrap(sub, self.font.regular, 8, BODY_W):
            y -= 8 * LEADING
            c.drawString(MARGIN, y + 2, line)
        c.setFillGray(0)
        y -= 6
        c.setLineWidth(0.8)
        c.line(MARGIN, y, PAGE_W - MARGIN, y)
        return y - 10

    def placeholder(self, e, missing: bool = False) -> tuple[int, Callable[[Any], None]]:
        """A page standing for a file that is not printed: what it is and how it is delivered."""
        W = _w()
        labels = W["placeholder_labels"]
        maker = RowMaker(self.family)
        lead = str(W["placeholder_lead"]).format(delivery=W["placeholder_delivery"][self.delivery])
        if missing:
            lead = str(W["missing"]).format(path=T.clean(e.path))
        rows = maker.paragraph(Para(lead, bold=True), size=11, gap=1.0)
        fields = [
            (labels["description"], self.description(e)),
            (labels["file"], T.clean(e.original_name or Path(e.path).name)),
            (labels["kind"], T.clean(e.mime_type or "")),
            (labels["size"], f"{e.size:,} bytes"),
            (labels["sha256"], e.sha256[:32] + "\n" + e.sha256[32:]),  # two halves: never one digit alone
        ]
        for label, value in fields:
            if value:
                rows += maker.table_row([(0, 100, str(label)), (108, BODY_W - 108, value)], size=10, gap=0.3)
        rows.append(Row(10))
        rows += maker.paragraph(Para(" ".join(str(W["placeholder_check"]).split())), size=9, gap=0)
        title = str(W["placeholder_title"]).format(exhibit=e.id)
        return _sheets_part(paginate(title, self.description(e), rows, self.family), self.family)


def exhibit_parts(ctx, font: fonts.PdfFont) -> list[Part]:
    """Every exhibit's pages, laid out once for every agency's packet."""
    drawer = ExhibitPages(ctx, font)
    return [drawer.part(k, e) for k, e in enumerate(ctx.case.evidence)]


# ---------------------------------------------------------------- the packet


class Packet:
    """One agency's packet: its parts in order, numbered, indexed, drawn, stamped and bookmarked."""

    def __init__(self, ctx, agency: str, font: fonts.PdfFont, exhibits: list[Part]):
        self.ctx = ctx
        self.agency = agency
        self.font = font
        self.family = Fonts(font.regular, font.bold, font.italic)
        self.final = ctx.options.final
        self.prefix = ctx.options.bates_prefix
        self.exhibits = exhibits

    def documents(self) -> list[Part]:
        """The letter, each claimant's SF-95 and the evidence log, from this build's layouts."""
        from .evidence_log_pdf import log_drawing
        from .letter_pdf import letter
        from .sf95 import FormDrawing, prepare

        W, ctx, cache = _w(), self.ctx, self.ctx.cache
        drawn = cache.setdefault("letter_pdf", {}).get(self.agency) or letter(ctx, self.agency, self.font)
        parts = [Part(str(W["part_letter"]), drawn.page_count(), drawn.draw)]
        forms = cache.get("sf95") or {
            f.claimant_id: FormDrawing(f, self.font, ctx.source_date_epoch(), final=self.final)
            for f in prepare(ctx.case, str(ctx.case_path), self.font)
        }
        for c in ctx.case.claimants:
            title = str(W["part_sf95"]).format(name=" ".join(T.clean(c.name).split()))
            official = [o for o in ctx.outputs if o.kind == "sf95_official" and o.claimant == c.id]
            if official:
                foreign = Foreign((ctx.staging / official[0].path).read_bytes())
                parts.append(Part(title, len(foreign.sizes), foreign.draw))
            else:
                parts.append(Part(title, forms[c.id].page_count(), forms[c.id].draw))
        if ctx.case.evidence:
            log = cache.get("evidence_log_pdf") or log_drawing(ctx, self.font)
            parts.append(Part(str(W["part_log"]), log.page_count(), log.draw))
        return parts

    def index_sheets(self, parts: list[Part], exhibits: list[Part]) -> list[Sheet]:
        """The exhibit index: each part's and each exhibit's Bates range."""
        W = _w()
        maker = RowMaker(self.family)
        columns = [str(x) for x in W["index_columns"]]
        widest = bates(self.prefix, 999999)
        range_w = width(str(W["pages_range"]).format(first=widest, last=widest), self.family.regular, 9.5) + 4
        desc_x, range_x = 62.0, BODY_W - range_w

        def line(a: str, b: str, c: str, **kw) -> list[Row]:
            return maker.table_row(
                [(0, desc_x - 8, a), (desc_x, range_x - desc_x - 10, b), (range_x, range_w, c)], size=9.5, **kw
            )

        def span(p: Part) -> str:
            first, last = bates(self.prefix, p.first), bates(self.prefix, p.first + p.page_count - 1)
            return first if p.page_count == 1 else str(W["pages_range"]).format(first=first, last=last)

        rows = maker.paragraph(Para(str(W["index_parts"]), bold=True), size=10.5, gap=0.3)
        for p in parts:
            rows += line("", p.title, span(p), gap=0.2)
        rows.append(Row(10))
        header = line(*columns, bold=True, rule="below", gap=0.3)
        rows += header
        for p in exhibits:
            rows += line(p.exhibit_id or "", p.description, span(p), gap=0.35)
        return paginate(str(W["index_title"]), str(W["index_sub"]), rows, self.family, repeat=header)

    @staticmethod
    def number(parts: list[Part]) -> int:
        n = 1
        for p in parts:
            p.first = n
            n += p.page_count
        return n - 1

    def pdf(self) -> tuple[bytes, int]:
        W = _w()
        parts, exhibits = self.documents(), self.exhibits
        index = Part(str(W["part_index"]), 1, lambda c: None)
        # the index's length does not depend on the numbers it prints (fixed-width stamps)
        self.number([*parts, index, *exhibits])
        index.page_count = len(self.index_sheets([*parts, index], exhibits))
        total = self.number([*parts, index, *exhibits])
        index.page_count, index.draw = _sheets_part(self.index_sheets([*parts, index], exhibits), self.family)
        return self.draw([*parts, index], exhibits, total), total

    def draw(self, parts: list[Part], exhibits: list[Part], total: int) -> bytes:
        W = _w()
        buffer = io.BytesIO()
        canvas = new_canvas(buffer, self.ctx.source_date_epoch())
        canvas.setTitle(str(W["title"]).format(agency=self.agency))
        canvas.setAuthor(signer_name(self.ctx.case))
        c = StampingCanvas(canvas, self.font, self.prefix, self.final)
        for k, p in enumerate(parts):
            canvas.bookmarkPage(f"part{k}")
            canvas.addOutlineEntry(p.title, f"part{k}", level=0)
            p.draw(c)
        for k, p in enumerate(exhibits):
            if k == 0:
                canvas.bookmarkPage("exhibits")
                canvas.addOutlineEntry(str(W["part_exhibits"]), "exhibits", level=0)
            canvas.bookmarkPage(f"exhibit{k}")
            canvas.addOutlineEntry(f"{p.exhibit_id} — {p.description}", f"exhibit{k}", level=1)
            c.label = str(W["exhibit_label"]).format(exhibit=p.exhibit_id) if p.exhibit_id else ""
            p.draw(c)
        c.label = ""
        if c.page - 1 != total:  # a layout and its drawing disagree: a bug, never a silent gap
            raise RuntimeError(f"mailing packet drew {c.page - 1} pages, its index counted {total}")
        canvas.showOutline()
        canvas.save()
        data = buffer.getvalue()
        return self.lay_in(data, c.foreign) if c.foreign else data

    def lay_in(self, data: bytes, foreign: list[tuple[int, Any]]) -> bytes:
        """The PDF files' pages under their stamped pages (pypdf); bookmarks and sizes kept."""
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        for number, page in foreign:
            box = page.cropbox
            writer.pages[number - 1].merge_translated_page(page, -float(box.left), -float(box.bottom), over=False)
        meta = {"/Title": str(_w()["title"]).format(agency=self.agency)}
        meta["/CreationDate"] = meta["/ModDate"] = pdf_date(self.ctx.source_date_epoch())
        writer.add_metadata(meta)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def render(ctx) -> None:
    font = fonts.load(ctx.options.font)
    exhibits = exhibit_parts(ctx, font)
    print_copy.ensure_drawable(ctx.case, str(ctx.case_path), [p.description for p in exhibits], font)
    for agency in ctx.case.incident.agencies:
        pdf, pages = Packet(ctx, agency, font, exhibits).pdf()
        ctx.write(
            f"mailing-packet-{agency}.pdf",
            pdf,
            KIND,
            agency=agency,
            pages=pages,
            bates=[bates(ctx.options.bates_prefix, 1), bates(ctx.options.bates_prefix, pages)],
        )
