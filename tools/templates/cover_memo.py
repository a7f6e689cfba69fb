"""Source of claimgen/templates/cover_memo.docx: the cover memo with a parallel Bivens theory.

Context (built by claimgen/render/memo.py from claimgen.checks.analysis.Analysis):
  marking, title, disclaimer, as_of (long date), case_title, counsel (str, may be ""),
  claimants[] {name, signs, property, injury, death, total}, total_claimed,
  agencies[] {key, name, office}, incident {date, time, place, state, conduct, settings},
  deadlines[] {label, date, act_by, status, days_left, rule}, risks[] {n, text},
  facts[] (str), support[] {fact, exhibits}, ftca_lead[] / ftca[] / exceptions[] / procedure[] /
  damages[] / other_roads[] (findings: {title, why, text}), torts[] {tort, facts, proviso},
  bivens_intro, bivens_contexts, bivens_step_two, recent_intro, recent[] (str), likelihood, likelihood_reason (str),
  defendants[] {who, agency, details}, defendants_note (may be ""), bivens_claims[] (str),
  matches[] (str), no_match, differences[] (str), qualified_immunity[] (str),
  precedent_placeholder, limitations[] (str), judgment_bar[] (str), sequence[] {n, text},
  checklist[] (str).
The template only lays out what the analysis says: loops and ifs, no logic. Every {{ tag }}
stays inside one run; {%p %} and {%tr %} tags sit in paragraphs or rows of their own.
"""

from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor


def _field(paragraph, instr: str) -> None:
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


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        st = doc.styles[name]
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    cell = doc.styles.add_style("Memo Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after = Pt(1)
    head = doc.styles.add_style("Memo Cell Head", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = cell
    head.font.bold = True
    mark = doc.styles.add_style("Memo Marking", WD_STYLE_TYPE.PARAGRAPH)
    mark.base_style = normal
    mark.font.bold = True
    mark.font.size = Pt(9)
    mark.font.color.rgb = RGBColor(0x9C, 0x00, 0x06)
    note = doc.styles.add_style("Memo Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9)
    note.font.italic = True
    item = doc.styles.add_style("Memo Item", WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.paragraph_format.left_indent = Inches(0.3)
    item.paragraph_format.first_line_indent = Inches(-0.2)
    why = doc.styles.add_style("Memo Why", WD_STYLE_TYPE.PARAGRAPH)
    why.base_style = normal
    why.font.italic = True


def _table(doc, columns: list[tuple[str, float, str, bool]], loop: str) -> None:
    """A table with a shaded header row and one repeated row ({%tr for %} ... {%tr endfor %})."""
    table = doc.add_table(rows=4, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head, start, body, end = table.rows
    _repeat_header(head)
    # A row never breaks across pages (a deadline's label was split from its dates).
    for row in (head, body):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for i, (title, width, expr, bold) in enumerate(columns):
        for row in table.rows:
            row.cells[i].width = Inches(width)
        hp = head.cells[i].paragraphs[0]
        hp.style = doc.styles["Memo Cell Head"]
        hp.add_run(title)
        _shade(head.cells[i], "D9E2F3")
        bp = body.cells[i].paragraphs[0]
        bp.style = doc.styles["Memo Cell"]
        bp.add_run("{{ " + expr + " }}").bold = bold
    start.cells[0].paragraphs[0].add_run("{%tr for " + loop + " %}")
    end.cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _findings(doc, name: str, level: int = 3) -> None:
    """Each finding: an optional heading, an optional 'why' line, then its text."""
    doc.add_paragraph("{%p for f in " + name + " %}")
    doc.add_paragraph("{%p if f.title %}")
    doc.add_heading("{{ f.title }}", level=level)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if f.why %}")
    doc.add_paragraph("{{ f.why }}", style="Memo Why")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ f.text }}")
    doc.add_paragraph("{%p endfor %}")


def _lines(doc, name: str, style: str = "Normal", prefix: str = "") -> None:
    doc.add_paragraph("{%p for line in " + name + " %}")
    p = doc.add_paragraph(style=style)
    if prefix:
        p.add_run(prefix)
    p.add_run("{{ line }}")
    doc.add_paragraph("{%p endfor %}")


def _label(doc, label: str, expr: str) -> None:
    p = doc.add_paragraph()
    p.add_run(label).bold = True
    p.add_run("{{ " + expr + " }}")


def build(path) -> None:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin = section.bottom_margin = Inches(0.9)

    header = section.header.paragraphs[0]
    header.style = doc.styles["Memo Marking"]
    header.add_run("{{ marking }}")
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Memo Note"]
    footer.add_run("{{ marking }} — page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    # The marking is in the page header (every page); a second copy in the body doubled it on page 1.
    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph("{%p if case_title %}")
    p = doc.add_paragraph()
    p.add_run("{{ case_title }}").bold = True
    doc.add_paragraph("{%p endif %}")
    _label(doc, "Date: ", "as_of")
    doc.add_paragraph("{%p if counsel %}")
    _label(doc, "Prepared for: ", "counsel")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ disclaimer }}", style="Memo Note")

    # 1 Summary
    doc.add_heading("1. Summary", level=1)
    doc.add_heading("Claimants and amounts claimed (each a sum certain)", level=2)
    _table(doc, [
        ("Claimant", 1.45, "c.name", True),
        ("Signs the SF-95", 1.45, "c.signs", False),
        ("Property (12a)", 0.9, "c.property", False),
        ("Injury (12b)", 0.9, "c.injury", False),
        ("Death (12c)", 0.9, "c.death", False),
        ("Total (12d)", 0.9, "c.total", True),
    ], "c in claimants")
    _label(doc, "Total claimed by all claimants: ", "total_claimed")
    doc.add_heading("Agencies", level=2)
    doc.add_paragraph("{%p for a in agencies %}")
    p = doc.add_paragraph(style="Memo Item")
    p.add_run("• ")
    p.add_run("{{ a.name }}").bold = True
    p.add_run(" ({{ a.key }}) — claims office: ")
    p.add_run("{{ a.office }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Incident", level=2)
    _label(doc, "When: ", "incident.date")
    _label(doc, "Time: ", "incident.time")
    _label(doc, "Where: ", "incident.place")
    _label(doc, "State law that applies: ", "incident.state")
    _label(doc, "What the officers did: ", "incident.conduct")
    _label(doc, "Setting: ", "incident.settings")
    doc.add_heading("Deadlines (from claimgen's deadline engine)", level=2)
    doc.add_paragraph("{%p if deadlines %}")
    _table(doc, [
        ("Deadline", 1.9, "d.label", True),
        ("Date", 1.05, "d.date", False),
        ("Act by", 1.3, "d.act_by", True),
        ("Status", 0.7, "d.status", False),
        ("Days left", 0.55, "d.days_left", False),
        ("Rule", 1.0, "d.rule", False),
    ], "d in deadlines")
    doc.add_paragraph(
        "\"Act by\" is the last business day on or before the date. The agency must receive the claim by then; "
        "mailing it is not enough.", style="Memo Note")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("The deadline engine returned no deadlines.")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Top risks, in order", level=2)
    doc.add_paragraph("{%p for r in risks %}")
    p = doc.add_paragraph(style="Memo Item")
    p.add_run("{{ r.n }}. ").bold = True
    p.add_run("{{ r.text }}")
    doc.add_paragraph("{%p endfor %}")

    # 2 Facts
    doc.add_heading("2. Facts", level=1)
    doc.add_paragraph("As the claimants report them (from the case narrative):", style="Memo Note")
    _lines(doc, "facts")
    doc.add_heading("What in the record supports these facts", level=2)
    _table(doc, [
        ("Fact", 3.0, "s.fact", False),
        ("Exhibits", 3.5, "s.exhibits", False),
    ], "s in support")

    # 3 FTCA
    doc.add_heading("3. FTCA theory", level=1)
    _findings(doc, "ftca_lead", level=2)
    _table(doc, [
        ("State-law tort", 2.0, "t.tort", True),
        ("From the facts", 1.8, "t.facts", False),
        ("Intentional-tort exception", 2.7, "t.proviso", False),
    ], "t in torts")
    _findings(doc, "ftca", level=2)
    doc.add_heading("Exceptions the facts raise", level=2)
    doc.add_paragraph("{%p if exceptions %}")
    _findings(doc, "exceptions", level=3)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("The facts recorded raise none of the exceptions claimgen checks for.")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Presenting the claim", level=2)
    _findings(doc, "procedure", level=3)
    doc.add_heading("Damages, settlement, venue and trial", level=2)
    _findings(doc, "damages", level=3)

    # 4 Bivens
    doc.add_heading("4. Parallel Bivens theory", level=1)
    doc.add_paragraph("{{ bivens_intro }}")
    doc.add_heading("Defendants", level=2)
    doc.add_paragraph("{%p if defendants %}")
    _table(doc, [
        ("Officer", 1.4, "o.who", True),
        ("Agency", 0.7, "o.agency", False),
        ("What is known", 4.4, "o.details", False),
    ], "o in defendants")
    doc.add_paragraph("{%p if defendants_note %}")
    doc.add_paragraph("{{ defendants_note }}", style="Memo Note")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("No officer is recorded in the case file. A Bivens suit needs individual defendants: "
                      "record each officer's name or description.")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Constitutional claims the conduct suggests", level=2)
    _lines(doc, "bivens_claims", "Memo Item", "• ")
    doc.add_heading("Step one: is this a new context?", level=2)
    doc.add_paragraph("{{ bivens_contexts }}")
    p = doc.add_paragraph()
    p.add_run("What matches:").bold = True
    doc.add_paragraph("{%p if matches %}")
    _lines(doc, "matches", "Memo Item", "• ")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ no_match }}", style="Memo Item")
    doc.add_paragraph("{%p endif %}")
    p = doc.add_paragraph()
    p.add_run("What differs:").bold = True
    _lines(doc, "differences", "Memo Item", "• ")
    doc.add_heading("Step two: special factors", level=2)
    doc.add_paragraph("{{ bivens_step_two }}")
    doc.add_paragraph("{{ recent_intro }}")
    _lines(doc, "recent", "Memo Item", "• ")
    doc.add_heading("Likelihood: {{ likelihood }}", level=2)
    doc.add_paragraph("{{ likelihood_reason }}")
    doc.add_heading("Qualified immunity", level=2)
    _lines(doc, "qualified_immunity")
    doc.add_paragraph("{{ precedent_placeholder }}", style="Memo Why")
    doc.add_heading("Limitation period and the FTCA clock", level=2)
    _lines(doc, "limitations")
    doc.add_heading("Judgment bar and settlement release", level=2)
    _lines(doc, "judgment_bar")
    doc.add_heading("Recommended sequence", level=2)
    doc.add_paragraph("{%p for s in sequence %}")
    p = doc.add_paragraph(style="Memo Item")
    p.add_run("{{ s.n }}. ").bold = True
    p.add_run("{{ s.text }}")
    doc.add_paragraph("{%p endfor %}")

    # 5 Other roads
    doc.add_heading("5. Other roads", level=1)
    _findings(doc, "other_roads", level=3)

    # 6 Checklist
    doc.add_heading("6. Verify before filing", level=1)
    _lines(doc, "checklist", "Memo Item", "☐ ")

    doc.save(path)
