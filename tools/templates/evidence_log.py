"""Source of claimgen/templates/evidence_log.docx: the evidence log (landscape table).

Context (built by claimgen/render/evidence_log.py):
  case_title (may be ""), as_of (long date), count_text, case_file_name, final (the agency's copy:
  no draft marking, nothing about the tool, no case-file paths),
  rows: list of {id, description[], source[], captured[], name[], size[], sha256,
                 metadata[], supports[], custody[]} — every list has at least one line.
Multi-line cells use {%p for %} paragraphs, never raw newlines; the row repeats
with {%tr for %}. Keep every {{ tag }} inside one run if you edit this in Word.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

# (header, width in inches, row field, is a list of lines)
COLUMNS = [  # 10 inches: the landscape page less its margins
    ("Exhibit", 0.65, "id", False),  # "Exhibit" in bold must not break inside the word
    ("Description", 1.32, "description", True),
    ("Source and custodian", 0.95, "source", True),
    ("Captured / obtained", 0.90, "captured", True),
    ("Original name", 0.95, "name", True),
    ("Size", 0.50, "size", True),
    ("SHA-256", 1.05, "sha256", False),
    ("Metadata", 1.10, "metadata", True),
    ("What it supports", 1.53, "supports", True),  # the longest cells: damages lines with amounts
    ("Chain of custody", 1.05, "custody", True),
]


def _field(paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) as a simple field."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _no_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    cell = doc.styles.add_style("Log Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(7.5)
    cell.paragraph_format.space_before = Pt(0)
    cell.paragraph_format.space_after = Pt(1)
    head = doc.styles.add_style("Log Head", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = cell
    head.font.bold = True
    mono = doc.styles.add_style("Log Hash", WD_STYLE_TYPE.PARAGRAPH)
    mono.base_style = cell
    mono.font.name = "Courier New"
    mono.font.size = Pt(6.5)
    code = doc.styles.add_style("Log Command", WD_STYLE_TYPE.PARAGRAPH)
    code.base_style = normal
    code.font.name = "Courier New"
    code.font.size = Pt(9)
    code.paragraph_format.left_indent = Inches(0.3)
    small = doc.styles.add_style("Log Note", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(9)
    small.paragraph_format.space_after = Pt(4)


def _cell_lines(cell, field: str, style: str) -> None:
    """Three paragraphs: {%p for %}, the line, {%p endfor %} (docxtpl drops the tag paragraphs)."""
    first = cell.paragraphs[0]
    first.style = style
    first.add_run(f"{{%p for line in r.{field} %}}")
    cell.add_paragraph("{{ line }}", style=style)
    cell.add_paragraph("{%p endfor %}", style=style)


def build(path) -> None:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Inches(0.5))
    section.top_margin = section.bottom_margin = Inches(0.6)
    section.header_distance = section.footer_distance = Inches(0.3)

    header = section.header.paragraphs[0]
    header.style = doc.styles["Log Note"]
    header.add_run("Evidence log").bold = True
    header.add_run("{% if case_title %} — {{ case_title }}{% endif %}")
    header.add_run(" — as of ")
    header.add_run("{{ as_of }}")

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Log Note"]
    footer.add_run("{% if not final %}DRAFT for a lawyer's review — not legal advice. {% endif %}Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    doc.add_heading("Evidence log", level=1)
    doc.add_paragraph("{%p if case_title %}")
    p = doc.add_paragraph()
    p.add_run("{{ case_title }}").bold = True
    doc.add_paragraph("{%p endif %}")
    p = doc.add_paragraph(style="Log Note")
    p.add_run("As of ")
    p.add_run("{{ as_of }}")
    p.add_run(" · ")
    p.add_run("{{ count_text }}")
    doc.add_paragraph(
        "Each exhibit is listed with its SHA-256 fingerprint, what its own metadata say about when, where and on "
        "what device it was captured, what it supports in the claim, and every recorded change of hands. "
        "Times are shown with their UTC offset; a capture time without one is the device's clock.",
        style="Log Note",
    )

    doc.add_paragraph("{%p if rows %}")
    table = doc.add_table(rows=4, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head, loop_start, body, loop_end = table.rows
    _repeat_header(head)
    _no_split(body)
    for i, (title, width, field, is_list) in enumerate(COLUMNS):
        table.columns[i].width = Inches(width)  # the grid: what Word uses with a fixed layout
        for row in table.rows:
            row.cells[i].width = Inches(width)
        hc = head.cells[i]
        hc.paragraphs[0].style = doc.styles["Log Head"]
        hc.paragraphs[0].add_run(title)
        _shade(hc, "D9E2F3")
        if is_list:
            _cell_lines(body.cells[i], field, "Log Cell")
        else:
            par = body.cells[i].paragraphs[0]
            par.style = doc.styles["Log Hash" if field == "sha256" else "Log Cell"]
            run = par.add_run(f"{{{{ r.{field} }}}}")
            if field == "id":
                run.bold = True
    loop_start.cells[0].paragraphs[0].add_run("{%tr for r in rows %}")
    loop_end.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    doc.add_paragraph("{%p else %}")
    p = doc.add_paragraph()
    p.add_run("No evidence items are registered in this case yet. ").bold = True
    p.add_run("{% if not final %}Register files with: claimgen evidence add CASE.yaml FILE...{% endif %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_heading("How to verify the hashes", level=2)
    doc.add_paragraph("{%p if final %}")
    doc.add_paragraph(
        "A SHA-256 fingerprint changes completely if even one byte of a file changes. To check a copy of an "
        "exhibit, compute its SHA-256 fingerprint and compare it with the one in this log: on Linux, "
        "sha256sum FILE; on macOS, shasum -a 256 FILE; on Windows, in PowerShell, "
        "Get-FileHash -Algorithm SHA256 FILE. The two must match in every digit.",
        style="Log Note",
    )
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(
        "A SHA-256 fingerprint changes completely if even one byte of a file changes. The file SHA256SUMS, "
        "delivered with this log, lists every exhibit's fingerprint in the standard format of the sha256sum "
        "tool, so anyone can check the files offline without claimgen.",
        style="Log Note",
    )
    p = doc.add_paragraph(style="Log Note")
    p.add_run("The paths in SHA256SUMS are relative to the folder that holds the case file (")
    p.add_run("{{ case_file_name }}")
    p.add_run("). Open a terminal in that folder and run:")
    doc.add_paragraph("sha256sum -c /path/to/packet/SHA256SUMS", style="Log Command")
    doc.add_paragraph(
        "(on macOS: shasum -a 256 -c /path/to/packet/SHA256SUMS). Every line should end in OK; a changed file "
        "prints FAILED and a missing one “No such file or directory”.",
        style="Log Note",
    )
    p = doc.add_paragraph(style="Log Note")
    p.add_run("With claimgen, from anywhere: ")
    doc.add_paragraph("claimgen evidence verify {{ case_file_name }}", style="Log Command")
    doc.add_paragraph(
        "re-hashes every registered file and names each exhibit that changed or is missing. On Windows, "
        "PowerShell's Get-FileHash -Algorithm SHA256 FILE prints a fingerprint to compare with this log.",
        style="Log Note",
    )
    doc.add_paragraph("{%p endif %}")
    p = doc.add_paragraph(style="Log Note")
    p.add_run("Metadata are reported as the files state them; they are not proof in themselves.")
    p.add_run(
        "{% if not final %} A flag such as “metadata looks stripped” means: ask for the original file from the "
        "device that recorded it, because messaging apps and social media remove it. Keep the originals "
        "unchanged and work on copies.{% endif %}"
    )
    doc.core_properties.title = "Evidence log"
    doc.core_properties.author = ""
    doc.save(path)
