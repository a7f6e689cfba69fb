"""The evidence log as a PDF (``evidence-log.pdf``, kind ``evidence_log_pdf``).

The same rows as the DOCX and CSV log (:func:`claimgen.render.evidence_log.build_rows`),
drawn with reportlab in the embedded PDF font so the packet needs no office suite: one
block per exhibit (its id and description, then file, size, SHA-256, source, capture,
metadata, what it supports and its chain of custody), kept on one page where it fits.
A final copy names people and things, never the case file's internal ids, and says how
anyone can check a copy's fingerprint without claimgen.
"""

from __future__ import annotations

import io

from .. import formatting as T
from . import fonts, print_copy
from .evidence_log import SF95_BOXES, build_rows
from .pdf_sheets import BODY_W, Fonts, Row, RowMaker, Sheet, draw_sheet, new_canvas, paginate
from .pdf_text import Para

NAME, KIND = "evidence-log.pdf", "evidence_log_pdf"
ID_W, LABEL_X, LABEL_W = 52.0, 60.0, 104.0
VALUE_X = LABEL_X + LABEL_W + 8
SIZE = 8.5


def case_title(ctx) -> str:
    """The case's title, or the name of the folder that holds the case file."""
    return T.clean(ctx.case.title) or T.folder_text(ctx.case_dir.name)


def public_names(case) -> dict[str, str]:
    """What an id in ``supports`` stands for, in words alone (no claimant or damages ids)."""
    names: dict[str, str] = {}
    for c in case.claimants:
        names[c.id] = T.clean(c.name)
        for item in c.damages_items:
            key = item.id or f"{c.id}:{item.description}"
            names[key] = f"{T.clean(item.description)} — {T.money(item.amount)} ({T.clean(c.name)})"
        if c.representative:
            names[f"{c.id}:representative"] = (
                f"authority of {T.clean(c.representative.name)} to act for {T.clean(c.name)}"
            )
    for w in case.witnesses:
        if w.id:
            names[w.id] = f"{T.clean(w.name)} (witness)"
    for box, title in SF95_BOXES.items():
        names[f"box-{box}"] = f"SF-95 box {box} ({title})"
    return names


def exhibit_rows(maker: RowMaker, row: dict, final: bool, names: dict[str, str]) -> list[Row]:
    """One exhibit's block: a heading row, then label | value rows, all one group."""
    W = print_copy.wording()["evidence_log"]
    labels = W["labels"]
    none = str(W["none"])
    description = "\n".join(row["description"]) or none
    rows = maker.table_row(
        [(0, ID_W, row["id"]), (LABEL_X, BODY_W - LABEL_X, description)],
        bold=True,
        size=SIZE + 1,
        rule="above",
        gap=0.25,
    )
    file_lines = [row["original_name"]]
    if not final and row["path"] != row["original_name"]:
        file_lines.append(f"Stored at: {row['path']}")
    source = [x for x in (row["source_text"], row["custodian_text"]) if x]
    if row["source_text"] and row["custodian_text"]:
        source = [f"Source: {row['source_text']}", f"Custodian: {row['custodian_text']}"]
    supports = [names.get(i, T.clean(i)) for i in row["supports_ids"]] if final else row["supports"]
    fields = [
        (labels["file"], file_lines),
        (labels["size"], [" · ".join(row["size"] + ([row["mime_type"]] if row["mime_type"] else []))]),
        (labels["sha256"], [row["sha256"][:32], row["sha256"][32:]]),  # two halves: never one digit alone
        (labels["source"], source),
        (labels["captured"], row["captured"]),
        (labels["metadata"], [m for m in row["metadata"] if m != row["mime_type"]]),
        (labels["supports"], supports),
        (labels["custody"], row["custody"]),
    ]
    for label, values in fields:
        rows += maker.table_row(
            [(LABEL_X, LABEL_W, str(label)), (VALUE_X, BODY_W - VALUE_X, "\n".join(values) or none)],
            size=SIZE,
            gap=0.15,
        )
    rows.append(Row(SIZE * 1.2))
    group = rows[0].group
    for r in rows:
        r.group = group
    return rows


class LogDrawing:
    """The laid-out log: its sheets, drawn into its own PDF or into the mailing packet."""

    def __init__(self, title: str, sheets: list[Sheet], family: Fonts, final: bool):
        self.title, self.sheets, self.family, self.final = title, sheets, family, final

    def page_count(self) -> int:
        return len(self.sheets)

    def draw(self, c) -> None:
        for k, sheet in enumerate(self.sheets, 1):
            draw_sheet(
                c, sheet, self.family, print_copy.draft_note(self.final), print_copy.page_of(k, len(self.sheets))
            )
            c.showPage()

    def pdf(self, epoch: int) -> bytes:
        buffer = io.BytesIO()
        c = new_canvas(buffer, epoch)
        c.setTitle(self.title)
        self.draw(c)
        c.save()
        return buffer.getvalue()


def log_drawing(ctx, font: fonts.PdfFont) -> LogDrawing:
    W = print_copy.wording()["evidence_log"]
    final = ctx.options.final
    case = ctx.case
    rows_data = build_rows(case)
    names = public_names(case)
    family = Fonts(font.regular, font.bold, font.italic)
    maker = RowMaker(family)
    n = len(rows_data)
    count = f"{n} exhibit{'s' * (n != 1)}" if n else str(W["no_exhibits"])
    rows: list[Row] = []
    for key in ("intro", "verify_head", "verify", *(() if final else ("verify_draft",)), "metadata_note"):
        text = " ".join(str(W[key]).split())
        rows += maker.paragraph(Para(text, bold=key == "verify_head"), size=9, gap=0.5)
    rows.append(Row(6))
    for row in rows_data:
        rows += exhibit_rows(maker, row, final, names)
    title = f"{W['title']} — {case_title(ctx)}"
    subtitle = str(W["count_line"]).format(date=T.long_date(ctx.as_of), count=count)
    sheets = paginate(title, subtitle, rows, family)
    texts = [title, subtitle] + [cell.text for sheet in sheets for r in sheet.rows for cell in r.cells]
    print_copy.ensure_drawable(case, str(ctx.case_path), texts, font)
    return LogDrawing(title, sheets, family, final)


def log_pdf(ctx, font: fonts.PdfFont) -> bytes:
    return log_drawing(ctx, font).pdf(ctx.source_date_epoch())


def render(ctx) -> None:
    drawing = ctx.cache["evidence_log_pdf"] = log_drawing(ctx, fonts.load(ctx.options.font))  # for the mailing packet
    ctx.write(NAME, drawing.pdf(ctx.source_date_epoch()), KIND)
