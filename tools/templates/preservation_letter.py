"""Source of claimgen/templates/preservation_letter.docx: the demand to preserve evidence.

Context (built by claimgen/render/preservation.py):
  sender[] (lines), date, recipient[] (lines), subject, salutation, paragraphs[], items[],
  after[], closing, signers[] {lines[]}.
Layout only: loops and ifs. Every {{ tag }} stays inside one run.
"""

from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Pt


def _lines(doc, expr: str, style: str, prefix: str = "") -> None:
    doc.add_paragraph("{%p for line in " + expr + " %}")
    p = doc.add_paragraph(style=style)
    if prefix:
        p.add_run(prefix)
    p.add_run("{{ line }}")
    doc.add_paragraph("{%p endfor %}")


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
    item.paragraph_format.first_line_indent = Inches(-0.2)
    item.paragraph_format.space_after = Pt(2)
    # The closing paragraphs, "Sincerely," and the signature blocks stay on one page.
    keep = doc.styles.add_style("Letter Keep", WD_STYLE_TYPE.PARAGRAPH)
    keep.base_style = normal
    keep.paragraph_format.keep_with_next = True
    keep_line = doc.styles.add_style("Signature Line", WD_STYLE_TYPE.PARAGRAPH)
    keep_line.base_style = tight
    keep_line.paragraph_format.keep_with_next = True
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(1)

    _lines(doc, "sender", "Letter Line")
    doc.add_paragraph("")
    doc.add_paragraph("{{ date }}")
    _lines(doc, "recipient", "Letter Line")
    doc.add_paragraph("")
    p = doc.add_paragraph(style="Letter Line")
    p.add_run("Re: ").bold = True
    p.add_run("{{ subject }}").bold = True
    doc.add_paragraph("")
    doc.add_paragraph("{{ salutation }}")
    _lines(doc, "paragraphs", "Normal")
    _lines(doc, "items", "Letter Item", "• ")
    doc.add_paragraph("")
    _lines(doc, "after", "Letter Keep")
    doc.add_paragraph("{{ closing }}", style="Letter Keep")
    doc.add_paragraph("{%p for s in signers %}")
    doc.add_paragraph("", style="Letter Keep")
    doc.add_paragraph("______________________________", style="Signature Line")
    doc.add_paragraph("{%p for line in s.lines %}")
    doc.add_paragraph("{{ line }}", style="Signature Line")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(path)
