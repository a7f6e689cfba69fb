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
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CaseError, Problem
from . import fonts, print_copy
from .. import formatting as T
from .pdf_sheets import BODY_W, MARGIN, Fonts, Row, RowMaker, Sheet, draw_sheet, new_canvas, paginate
from .pdf_text import LEADING, Para, shrink_to_width, wrap, width

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


@dataclass
class Part:
    """A run of the packet's pages: a document of the packet, or one exhibit."""

    title: str  # its bookmark
    pdf: bytes
    exhibit_id: str | None = None
    description: str = ""
    pages: int = 0
    first: int = 0  # 1-based page number in the packet
    children: list[Part] = field(default_factory=list)


def bates(prefix: str, n: int) -> str:
    return f"{prefix}-{n:06d}"


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


class ExhibitPages:
    """Draws one exhibit's pages (caption, image, text or placeholder) with reportlab."""

    def __init__(self, ctx, font: fonts.PdfFont):
        self.ctx = ctx
        self.font = font
        self.family = Fonts(font.regular, font.bold, font.italic)
        self.epoch = ctx.source_date_epoch()

    def description(self, e) -> str:
        return " ".join(T.clean(e.description).split()) or T.clean(e.original_name or Path(e.path).name)

    def pages(self, k: int, e) -> bytes:
        path = Path(e.path) if Path(e.path).is_absolute() else self.ctx.case_dir / e.path
        mime = (e.mime_type or "").lower()
        try:
            blob = path.read_bytes()
        except OSError:
            return self.placeholder(e, missing=True)
        kind = _kind_of(path, mime)
        if kind == "pdf":
            merged = self.pdf_exhibit(blob)
            if merged is not None:
                return merged
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
    def pdf_exhibit(blob: bytes) -> bytes | None:
        """The exhibit's own PDF, if pypdf can read every page of it (else a placeholder is printed)."""
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        try:
            reader = PdfReader(io.BytesIO(blob))
            if reader.is_encrypted and not reader.decrypt(""):
                return None
            if not reader.pages:
                return None
            for page in reader.pages:
                page.mediabox  # noqa: B018 - a page without a usable box fails here, not while merging
        except (PyPdfError, ValueError, KeyError, TypeError, OSError):
            return None
        return blob

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

    def text(self, k: int, e, text: str) -> bytes:
        """A text exhibit printed as it reads, line for line (long lines wrapped)."""
        drawn = fonts.drawable(text)
        problems = fonts.check_text(drawn, f"evidence[{k}].path", self.font)
        if problems:
            raise CaseError(str(self.ctx.case_path), [
                Problem(p.path, p.message.replace("contains", f"the file {e.path} contains", 1)) for p in problems])
        maker = RowMaker(self.family)
        rows: list[Row] = []
        for line in drawn.split("\n"):
            rows += maker.paragraph(Para(line), size=TEXT_SIZE, gap=0) if line.strip() else [Row(TEXT_SIZE * LEADING)]
        while rows and not rows[-1].cells:
            rows.pop()
        title, sub = self.caption_rows(e)
        sheets = paginate(title, sub, rows or [Row(TEXT_SIZE * LEADING)], self.family)
        return self.sheets_pdf(sheets)

    def sheets_pdf(self, sheets: list[Sheet]) -> bytes:
        buffer = io.BytesIO()
        c = new_canvas(buffer, self.epoch)
        for sheet in sheets:
            draw_sheet(c, sheet, self.family, "", "")
            c.showPage()
        c.save()
        return buffer.getvalue()

    def image(self, e, blob: bytes) -> bytes | None:
        """The image scaled to fit below its caption (EXIF orientation applied), or None if unreadable."""
        from PIL import Image, ImageOps, UnidentifiedImageError
        from reportlab.lib.utils import ImageReader

        try:
            with Image.open(io.BytesIO(blob)) as im:
                im.load()
                upright = ImageOps.exif_transpose(im)
                if getattr(im, "n_frames", 1) > 1 or upright.mode not in ("RGB", "L", "RGBA", "LA", "P", "1", "CMYK"):
                    upright = upright.convert("RGB")
                if im.format == "JPEG" and upright.size == im.size and upright.mode in ("RGB", "L", "CMYK") \
                        and (im.getexif().get(0x0112) in (None, 1)):
                    source = ImageReader(io.BytesIO(blob))  # the JPEG as recorded, not re-encoded
                else:
                    out = io.BytesIO()
                    upright.save(out, format="PNG")
                    source = ImageReader(io.BytesIO(out.getvalue()))
                w_px, h_px = upright.size
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            return None
        title, sub = self.caption_rows(e)
        buffer = io.BytesIO()
        c = new_canvas(buffer, self.epoch)
        y = self.caption(c, title, sub)
        box_w, box_h = BODY_W, y - 40 - MARGIN * 0.5
        scale = min(box_w / w_px, box_h / h_px)
        draw_w, draw_h = w_px * scale, h_px * scale
        c.drawImage(source, MARGIN + (box_w - draw_w) / 2, y - draw_h, draw_w, draw_h, mask="auto")
        c.showPage()
        c.save()
        return buffer.getvalue()

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

    def placeholder(self, e, missing: bool = False) -> bytes:
        """A page standing for a file that is not printed: what it is and how it is delivered."""
        W = _w()
        labels = W["placeholder_labels"]
        maker = RowMaker(self.family)
        lead = str(W["placeholder_lead"]).format(delivery=W["placeholder_delivery"])
        if missing:
            lead = str(W["missing"]).format(path=T.clean(e.path))
        rows = maker.paragraph(Para(lead, bold=True), size=11, gap=1.0)
        size = f"{e.size:,} bytes"
        fields = [
            (labels["description"], self.description(e)),
            (labels["file"], T.clean(e.original_name or Path(e.path).name)),
            (labels["kind"], T.clean(e.mime_type or "")),
            (labels["size"], size),
            (labels["sha256"], e.sha256),
        ]
        for label, value in fields:
            if value:
                rows += maker.table_row([(0, 100, str(label)), (108, BODY_W - 108, value)], size=10, gap=0.3)
        rows.append(Row(10))
        rows += maker.paragraph(Para(" ".join(str(W["placeholder_check"]).split())), size=9, gap=0)
        title = str(W["placeholder_title"]).format(exhibit=e.id)
        return self.sheets_pdf(paginate(title, self.description(e), rows, self.family))


# ---------------------------------------------------------------- the packet


class Packet:
    """Collects one agency's parts, numbers their pages, and binds, stamps and bookmarks them."""

    def __init__(self, ctx, agency: str, font: fonts.PdfFont, exhibits: list[Part]):
        self.ctx = ctx
        self.agency = agency
        self.font = font
        self.family = Fonts(font.regular, font.bold, font.italic)
        self.final = ctx.options.final
        self.prefix = ctx.options.bates_prefix
        self.exhibits = exhibits

    def written(self, kind: str, **match) -> list:
        return [o for o in self.ctx.outputs if o.kind == kind
                and all((o.claimant if k == "claimant" else o.extra.get(k)) == v for k, v in match.items())]

    def read(self, output) -> bytes:
        return (self.ctx.staging / output.path).read_bytes()

    def documents(self) -> list[Part]:
        W = _w()
        parts = []
        for out in self.written("transmittal_letter_pdf", agency=self.agency):
            parts.append(Part(str(W["part_letter"]), self.read(out)))
        for c in self.ctx.case.claimants:
            form = self.written("sf95_official", claimant=c.id) or self.written("sf95", claimant=c.id)
            if form:
                parts.append(Part(str(W["part_sf95"]).format(name=" ".join(T.clean(c.name).split())), self.read(form[0])))
        if self.ctx.case.evidence:
            for out in self.written("evidence_log_pdf"):
                parts.append(Part(str(W["part_log"]), self.read(out)))
        return parts

    def index_pdf(self, parts: list[Part], exhibits: list[Part]) -> bytes:
        """The exhibit index: each part's and each exhibit's Bates range."""
        W = _w()
        maker = RowMaker(self.family)
        columns = [str(x) for x in W["index_columns"]]
        range_w = width(str(W["pages_range"]).format(first=bates(self.prefix, 999999), last=bates(self.prefix, 999999)),
                        self.family.regular, 9.5) + 4
        desc_x, range_x = 62.0, BODY_W - range_w

        def line(a: str, b: str, c: str, **kw) -> list[Row]:
            return maker.table_row([(0, desc_x - 8, a), (desc_x, range_x - desc_x - 10, b), (range_x, range_w, c)],
                                   size=9.5, **kw)

        def span(p: Part) -> str:
            first, last = bates(self.prefix, p.first), bates(self.prefix, p.first + p.pages - 1)
            return first if p.pages == 1 else str(W["pages_range"]).format(first=first, last=last)

        rows = maker.paragraph(Para(str(W["index_parts"]), bold=True), size=10.5, gap=0.3)
        for p in parts:
            rows += line("", p.title, span(p), gap=0.2)
        rows.append(Row(10))
        header = line(*columns, bold=True, rule="below", gap=0.3)
        rows += header
        for p in exhibits:
            rows += line(p.exhibit_id or "", p.description, span(p), gap=0.35)
        title = str(W["index_title"])
        sub = str(W["index_sub"])
        buffer = io.BytesIO()
        c = new_canvas(buffer, self.ctx.source_date_epoch())
        for sheet in paginate(title, sub, rows, self.family, repeat=header):
            draw_sheet(c, sheet, self.family, "", "")
            c.showPage()
        c.save()
        return buffer.getvalue()

    def number(self, parts: list[Part]) -> int:
        n = 1
        for p in parts:
            p.first = n
            n += p.pages
        return n - 1

    def pdf(self) -> tuple[bytes, int]:
        from pypdf import PdfReader

        W = _w()
        parts = self.documents()
        for p in parts:
            p.pages = len(PdfReader(io.BytesIO(p.pdf)).pages)
        exhibits = self.exhibits
        index = Part(str(W["part_index"]), b"")
        # the index's own length does not depend on the numbers it prints (fixed-width stamps)
        self.number([*parts, index, *exhibits])
        index.pdf = self.index_pdf(parts + [index], exhibits)
        index.pages = len(PdfReader(io.BytesIO(index.pdf)).pages)
        total = self.number([*parts, index, *exhibits])
        index.pdf = self.index_pdf(parts + [index], exhibits)
        return self.bind([*parts, index], exhibits, total), total

    def bind(self, parts: list[Part], exhibits: list[Part], total: int) -> bytes:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for p in [*parts, *exhibits]:
            for page in PdfReader(io.BytesIO(p.pdf)).pages:
                writer.add_page(page)
        labels = {}
        for p in exhibits:
            for n in range(p.first, p.first + p.pages):
                labels[n] = p.exhibit_id or ""
        boxes = []
        for page in writer.pages:
            if page.get("/Rotate", 0):
                page.transfer_rotation_to_content()
            box = page.cropbox
            boxes.append((float(box.left), float(box.bottom), float(box.width), float(box.height)))
        stamps = PdfReader(io.BytesIO(self.stamps(boxes, labels)))
        for n, page in enumerate(writer.pages):
            left, bottom = boxes[n][0], boxes[n][1]
            page.merge_translated_page(stamps.pages[n], left, bottom, over=True)
        W = _w()
        for p in parts:
            writer.add_outline_item(title=p.title, page_number=p.first - 1)
        if exhibits:
            parent = writer.add_outline_item(title=str(W["part_exhibits"]), page_number=exhibits[0].first - 1)
            for p in exhibits:
                writer.add_outline_item(title=f"{p.exhibit_id} — {p.description}", page_number=p.first - 1, parent=parent)
        writer.page_mode = "/UseOutlines"
        meta = {"/Title": str(W["title"]).format(agency=self.agency)}
        epoch = self.ctx.source_date_epoch()
        from .pdf_sheets import pdf_date

        meta["/CreationDate"] = meta["/ModDate"] = pdf_date(epoch)
        writer.add_metadata(meta)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def stamps(self, boxes: list[tuple[float, float, float, float]], labels: dict[int, str]) -> bytes:
        """One overlay page per packet page: the Bates number, the exhibit id and (draft) DRAFT,
        each on a white ground so it reads over whatever the page has there."""
        buffer = io.BytesIO()
        c = new_canvas(buffer, self.ctx.source_date_epoch())
        draft = str(print_copy.wording()["draft_stamp"])
        for n, (_left, _bottom, w, h) in enumerate(boxes, 1):
            c.setPageSize((w, h))
            number = bates(self.prefix, n)
            self.stamp_text(c, number, w - 20, STAMP_Y, align="right", bold=True)
            if labels.get(n):
                self.stamp_text(c, labels[n], 20, STAMP_Y, bold=False)
            if not self.final:
                self.stamp_text(c, draft, w / 2, STAMP_Y, align="center", bold=True, size=STAMP_SIZE + 2)
                self.stamp_text(c, draft, w - 20, h - 20, align="right", bold=True, size=STAMP_SIZE + 2)
            c.showPage()
        c.save()
        return buffer.getvalue()

    def stamp_text(self, c, text: str, x: float, y: float, align: str = "left", bold: bool = False,
                   size: float = STAMP_SIZE) -> None:
        face = self.font.bold if bold else self.font.regular
        size = shrink_to_width(text, face, size, 200)
        tw = width(text, face, size)
        x0 = x - tw if align == "right" else (x - tw / 2 if align == "center" else x)
        c.setFillGray(1)
        c.rect(x0 - 2, y - 2.5, tw + 4, size + 3, stroke=0, fill=1)
        c.setFillGray(0)
        c.setFont(face, size)
        c.drawString(x0, y, text)


def exhibit_parts(ctx, font: fonts.PdfFont) -> list[Part]:
    """Every exhibit's pages (the same for every agency's packet: drawn once)."""
    from pypdf import PdfReader

    drawer = ExhibitPages(ctx, font)
    parts = []
    for k, e in enumerate(ctx.case.evidence):
        blob = drawer.pages(k, e)
        part = Part(e.id, blob, exhibit_id=e.id, description=drawer.description(e))
        part.pages = len(PdfReader(io.BytesIO(blob)).pages)
        parts.append(part)
    return parts


def render(ctx) -> None:
    font = fonts.load(ctx.options.font)
    exhibits = exhibit_parts(ctx, font)
    texts = [p.description for p in exhibits]
    print_copy.ensure_drawable(ctx.case, str(ctx.case_path), texts, font)
    for agency in ctx.case.incident.agencies:
        pdf, pages = Packet(ctx, agency, font, exhibits).pdf()
        ctx.write(f"mailing-packet-{agency}.pdf", pdf, KIND, agency=agency, pages=pages,
                  bates=[bates(ctx.options.bates_prefix, 1), bates(ctx.options.bates_prefix, pages)])
