"""Source of claimgen/templates/transmittal_letter.docx: the letter that goes with the claim.

Context (built by claimgen/render/letters.py):
  sender[] (lines), date, delivery_line, recipient[] (lines), subject, claim_number (may be ""),
  salutation, presentment, claimant_lines[], body_paragraphs[] (all but the last), closing_paragraph
  (the last, kept on the signature's page), closing,
  signers[] {lines[]}, enclosures_heading, enclosures[], cc (may be ""),
  running_head (addressee and date; the head of the second and later pages, before "N of M").
The first page has no head and its footer numbers it; later pages carry the running head.
Layout only: loops and ifs. Every {{ tag }} stays inside one run.
"""

from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt


def _lines(doc, expr: str, style: str, bold: bool = False) -> None:
    doc.add_paragraph("{%p for line in " + expr + " %}")
    p = doc.add_paragraph(style=style)
    p.add_run("{{ line }}").bold = bold
    doc.add_paragraph("{%p endfor %}")


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


def _page_furniture(doc, section) -> None:
    """Page 1: no head, "Page 1 of N" at the foot. Later pages: addressee, date and "Page N of M" at the head."""
    section.different_first_page_header_footer = True
    section.header_distance = section.footer_distance = Inches(0.5)
    foot = section.first_page_footer.paragraphs[0]
    foot.style = doc.styles["Letter Line"]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Page ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")
    head = section.header.paragraphs[0]
    head.style = doc.styles["Letter Line"]
    head.add_run("{{ running_head }} ")
    _field(head, "PAGE")
    head.add_run(" of ")
    _field(head, "NUMPAGES")
    section.header.add_paragraph("", style="Letter Line")
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Letter Line"]


def _closing_block(doc) -> None:
    """The last paragraph, "Sincerely," and every signature block in one table row that cannot split.

    Keep-with-next alone is not enough: LibreOffice broke a long chain of kept paragraphs
    and left the signature on a page of its own. A row marked cantSplit moves whole to the
    next page in Word and LibreOffice alike, and it carries the letter's last paragraph, so
    the signature is never alone on a page. The table has no borders and no cell margins.
    """
    table = doc.add_table(rows=1, cols=1)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = row.cells[0]
    cell.width = Inches(6.5)
    first = cell.paragraphs[0]
    first.style = doc.styles["Letter Keep"]
    first.add_run("{{ closing_paragraph }}")
    cell.add_paragraph("{{ closing }}", style="Letter Keep")
    cell.add_paragraph("{%p for s in signers %}", style="Letter Keep")
    cell.add_paragraph("", style="Letter Keep")
    cell.add_paragraph("______________________________", style="Signature Line")
    cell.add_paragraph("{%p for line in s.lines %}", style="Signature Line")
    cell.add_paragraph("{{ line }}", style="Signature Line")
    cell.add_paragraph("{%p endfor %}", style="Signature Line")
    cell.add_paragraph("{%p endfor %}", style="Signature Line")


def build(path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    tight = doc.styles.add_style("Letter Line", WD_STYLE_TYPE.PARAGRAPH)
    tight.base_style = normal
    tight.paragraph_format.space_after = Pt(0)
    item = doc.styles.add_style("Letter Item", WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.paragraph_format.left_indent = Inches(0.4)
    item.paragraph_format.space_after = Pt(2)
    # The last paragraph, "Sincerely," and every signature block stay on one page (see
    # _closing_block): a signature alone on a last page (seen with a student's two blocks)
    # reads as detached.
    keep = doc.styles.add_style("Letter Keep", WD_STYLE_TYPE.PARAGRAPH)
    keep.base_style = normal
    keep.paragraph_format.keep_with_next = True
    keep.paragraph_format.keep_together = True
    keep.paragraph_format.widow_control = True
    # Body paragraphs are not chained to each other (a long chain is broken anywhere): each is kept whole.
    body = doc.styles.add_style("Letter Body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.keep_together = True
    keep_line = doc.styles.add_style("Signature Line", WD_STYLE_TYPE.PARAGRAPH)
    keep_line.base_style = tight
    keep_line.paragraph_format.keep_with_next = True
    keep_line.paragraph_format.keep_together = True
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(1)
    _page_furniture(doc, section)

    _lines(doc, "sender", "Letter Line")
    doc.add_paragraph("")
    doc.add_paragraph("{{ date }}")
    p = doc.add_paragraph()
    p.add_run("{{ delivery_line }}").bold = True
    _lines(doc, "recipient", "Letter Line")
    doc.add_paragraph("")
    p = doc.add_paragraph(style="Letter Line")
    p.add_run("Re: ").bold = True
    p.add_run("{{ subject }}").bold = True
    doc.add_paragraph("{%p if claim_number %}")
    doc.add_paragraph("{{ claim_number }}", style="Letter Line")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("")
    doc.add_paragraph("{{ salutation }}")
    doc.add_paragraph("{{ presentment }}")
    _lines(doc, "claimant_lines", "Letter Item", bold=True)
    doc.add_paragraph("")
    _lines(doc, "body_paragraphs", "Letter Body")
    _closing_block(doc)
    doc.add_paragraph("")
    p = doc.add_paragraph(style="Letter Line")
    p.add_run("{{ enclosures_heading }}").bold = True
    doc.add_paragraph("{%p for e in enclosures %}")
    p = doc.add_paragraph(style="Letter Item")
    p.add_run("• ")
    p.add_run("{{ e }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if cc %}")
    doc.add_paragraph("")
    doc.add_paragraph("{{ cc }}", style="Letter Line")
    doc.add_paragraph("{%p endif %}")
    doc.save(path)
