"""The cover memo DOCX: sections the facts call for, citations only from the data, strict XML.

Renders through claimgen.render.memo.render_memo (the same function the build calls), then
reads the document back with python-docx and a strict XML parse.
"""

from __future__ import annotations

import copy
import io
import re

import pytest

from analysis_cases import ARIZONA, NAMES, load_example, report_for, stub_report
from citations import unknown_citations
from claimgen.caseio import parse_case
from claimgen.render.docx import xml_problems
from claimgen.render.memo import render_memo

EPOCH = 1_795_000_000


def memo_bytes(case, report) -> bytes:
    return render_memo(case, report, EPOCH)


def docx_text(blob: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(blob))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def headings(blob: bytes) -> list[str]:
    import docx

    doc = docx.Document(io.BytesIO(blob))
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[object, bytes, str]]:
    out = {}
    for name in NAMES:
        case = load_example(name)
        blob = memo_bytes(case, report_for(name, case))
        out[name] = (case, blob, docx_text(blob))
    return out


# ---------------------------------------------------------------- citations come from the data


@pytest.mark.parametrize("name", NAMES)
def test_every_citation_in_the_memo_is_in_the_data_files(rendered, name):
    _case, _blob, text = rendered[name]
    assert unknown_citations(text) == []


def test_citation_scanner_catches_an_invented_citation():
    text = "See Smith v. Jones, 123 F.3d 456 (9th Cir. 1999) and 28 U.S.C. § 9999; also § 2680(h)."
    found = [p.citation for p in unknown_citations(text)]
    assert "123 F.3d 456" in found and "28 U.S.C. § 9999" in found and "Smith v. Jones" in found
    assert not any("2680" in p for p in found)
    assert unknown_citations("Under 28 U.S.C. § 2680(h) and § 1252(g).") == []


# ---------------------------------------------------------------- the document itself


@pytest.mark.parametrize("name", NAMES)
def test_memo_parses_strictly_and_has_the_six_sections(rendered, name):
    _case, blob, text = rendered[name]
    assert xml_problems(blob, ("Privileged & confidential — attorney work product — draft",)) == []
    heads = headings(blob)
    for expected in (
        "1. Summary",
        "2. Facts",
        "3. FTCA theory",
        "4. Parallel Bivens theory",
        "5. Other roads",
        "6. Verify before filing",
    ):
        assert expected in heads
    assert "Likelihood: " in text and "[Attorney: add controlling circuit precedent" in text


def test_summary_lists_claimants_amounts_and_the_engine_deadlines(rendered):
    case, _blob, text = rendered["minneapolis-home-entry"]
    for c in case.claimants:
        assert c.name in text
    assert "$85,000.00" in text and "$14,350.00" in text and "$24,000.00" in text and "$123,350.00" in text
    report = report_for("minneapolis-home-entry", case)
    presentment = report.get("ftca_presentment")
    assert presentment.label in text
    assert f"{presentment.act_by:%B} {presentment.act_by.day}, {presentment.act_by.year}" in text
    assert "Top risks, in order" in text


def test_facts_carry_the_narrative_and_exhibit_numbers(rendered):
    case, _blob, text = rendered["minneapolis-home-entry"]
    assert "forced it open with a ram" in text
    assert "E-002 — Emergency department visit summary" in text
    assert "E-003 — Door and lock repair estimate" in text


def test_minnesota_gives_six_years_and_warns_about_two(rendered):
    _case, _blob, text = rendered["minneapolis-home-entry"]
    assert "For Minnesota: 6 years (Minn. Stat. § 541.05, subd. 1(5)" in text
    assert "Minn. Stat. § 541.07(1) sets 2 years for intentional torts" in text


def test_arizona_memo_raises_egbert_and_hernandez(rendered):
    _case, _blob, text = rendered["arizona-checkpoint-force"]
    assert "Egbert v. Boule, 596 U.S. 482 (2022)" in text and "Hernández v. Mesa, 589 U.S. 93 (2020)" in text
    assert "Likelihood: Very low" in text


def test_texas_memo_raises_detention_of_goods(rendered):
    _case, _blob, text = rendered["texas-worksite-arrest"]
    assert "Detention of goods (§ 2680(c))" in text and "28 U.S.C. § 2680(c)" in text


def test_death_memo_raises_the_judgment_bar(rendered):
    _case, _blob, text = rendered["fatal-vehicle-stop"]
    assert "Judgment bar and settlement release" in text
    assert "This is a death case" in text and "28 U.S.C. § 2676" in text


def test_unverified_items_and_addresses_are_on_the_checklist(rendered):
    _case, _blob, text = rendered["minneapolis-home-entry"]
    checklist = text.split("6. Verify before filing", 1)[1]
    assert "Verify Kokotis, 223 F.3d 275 (4th Cir. 2000)" in checklist
    assert "500 12th St SW, Mailstop 5900" in checklist
    assert "Identify Unknown officer 1 (ICE)" in checklist


# ---------------------------------------------------------------- hostile text is data

HOSTILE = "Tom & Jerry <b>bold</b> {{ 7*7 }} {% if x %}X{% endif %} {%p if y %} \\a"


def test_hostile_text_in_the_narrative_and_names_appears_literally():
    raw = copy.deepcopy(ARIZONA)
    raw["incident"]["narrative"] = f"First paragraph: {HOSTILE}\n\nSecond: A&B <w:p> ]]>"
    raw["incident"]["officers"] = [{"description": HOSTILE, "agency": "CBP"}]
    raw["incident"]["place"] = "Checkpoint <i>&</i> {{ place }}"
    raw["claimants"][0]["name"] = "Joseph {{ name }} & <Begay>"
    case = parse_case(raw, "hostile.yaml")
    blob = memo_bytes(case, stub_report("arizona-checkpoint-force"))
    assert xml_problems(blob) == []
    text = docx_text(blob)
    assert HOSTILE in text
    assert "Second: A&B <w:p> ]]>" in text
    assert "Checkpoint <i>&</i> {{ place }}" in text
    assert "Joseph {{ name }} & <Begay>" in text
    assert not re.search(r"(?<![\d.,])49(?![\d.,])", text)  # {{ 7*7 }} was not evaluated


def test_same_inputs_give_the_same_bytes():
    case = load_example("texas-worksite-arrest")
    report = stub_report("texas-worksite-arrest")
    assert memo_bytes(case, report) == memo_bytes(case, report)


# ---------------------------------------------------------------- through the CLI, as a user


def test_build_writes_the_memo_and_one_letter_per_agency(tmp_path):
    pytest.importorskip("claimgen.checks.deadlines", reason="the deadline engine has not landed")
    import json

    from claimgen.render import RENDERERS
    from helpers import AS_OF, copy_example, run_cli

    if "claimgen.render.memo" not in RENDERERS:
        pytest.skip("memo renderer not registered yet")
    case_path = copy_example("minneapolis-home-entry", tmp_path)
    out = tmp_path / "packet"
    proc = run_cli("build", case_path, "-o", out, "--as-of", AS_OF)
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds = {(f["path"], f["kind"], f.get("agency")) for f in manifest["files"]}
    assert ("cover-memo.docx", "cover_memo", None) in kinds
    assert ("transmittal-ICE.docx", "transmittal_letter", "ICE") in kinds
    blob = (out / "cover-memo.docx").read_bytes()
    assert xml_problems(blob) == []
    text = docx_text(blob)
    assert unknown_citations(text) == []
    assert "Last day for the agency to receive the claim" in text or "ftca_presentment" in text


# ---------------------------------------------------------------- read as a supervising attorney


def body_paragraphs(blob: bytes) -> list[str]:
    import docx

    doc = docx.Document(io.BytesIO(blob))
    return [p.text.strip() for p in doc.paragraphs if p.text.strip()]


@pytest.mark.parametrize("name", NAMES)
def test_no_paragraph_or_long_sentence_is_said_twice(rendered, name):
    _case, blob, _text = rendered[name]
    paras = body_paragraphs(blob)
    repeated = {p for p in paras if paras.count(p) > 1}
    assert repeated == set()
    sentences = [s for p in paras for s in re.split(r"(?<=[.;])\s+", p) if len(s) > 60]
    assert sorted({s for s in sentences if sentences.count(s) > 1}) == []


@pytest.mark.parametrize("name", NAMES)
def test_no_placeholder_or_python_value_leaks(rendered, name):
    _case, blob, text = rendered[name]
    for leak in ("[]", "{", "}", "None.", ": None", "not computed", "he or she", "  "):
        assert leak not in text, leak
    # Every heading has something under it before the next heading of the same or higher level.
    import docx
    from docx.text.paragraph import Paragraph

    doc = docx.Document(io.BytesIO(blob))
    items = []  # (style, text) in body order; a table counts as content
    for el in doc.element.body.iterchildren():
        if el.tag.endswith("}tbl"):
            items.append(("Table", "(table)"))
        elif el.tag.endswith("}p"):
            p = Paragraph(el, doc)
            if p.text.strip():
                items.append((p.style.name, p.text.strip()))
    assert items[-1][0] != "Heading 1"
    for (style, head), (next_style, _next) in zip(items, items[1:]):
        if style.startswith("Heading") and next_style.startswith("Heading"):
            assert int(next_style[-1]) > int(style[-1]), f"heading {head!r} has no content"


def test_paragraphs_stay_short_for_a_student(rendered):
    for name in NAMES:
        _case, blob, _text = rendered[name]
        long = [p[:60] for p in body_paragraphs(blob) if len(p) > 900]
        assert long == [], name
    # The complaint offices each get a paragraph of their own.
    _case, blob, _text = rendered["minneapolis-home-entry"]
    paras = body_paragraphs(blob)
    assert any(p.startswith("DHS Office of Inspector General:") for p in paras)
    assert any(p.startswith("ICE Office of Professional Responsibility:") for p in paras)


def test_memo_table_shows_the_safer_bivens_date(rendered):
    _case, _blob, text = rendered["minneapolis-home-entry"]
    assert "Safer last day for a Bivens lawsuit (2-year reading)" in text
    assert "Minn. Stat. § 541.07(1)" in text


def test_unknown_officer_note_only_when_an_officer_is_unknown():
    case = parse_case(copy.deepcopy(ARIZONA), "az.yaml")
    raw = copy.deepcopy(ARIZONA)
    raw["incident"]["officers"] = [{"name": "R. Ortiz", "agency": "CBP", "badge_number": "55"}]
    named = docx_text(memo_bytes(parse_case(raw, "n.yaml"), stub_report("arizona-checkpoint-force")))
    assert "R. Ortiz" in named and "Unknown officers are listed by description only" not in named
    raw["incident"]["officers"].append({"description": "second agent, tall", "agency": "CBP"})
    both = docx_text(memo_bytes(parse_case(raw, "b.yaml"), stub_report("arizona-checkpoint-force")))
    assert "Unknown officers are listed by description only" in both and "Unknown officer 1" in both
    assert case is not None


@pytest.mark.parametrize(
    "agencies, conduct", [(["FBI"], ["death"]), (["BOP"], ["property_damage"]), (["FBI"], ["medical_neglect"])]
)
def test_sparse_facts_leave_no_heading_or_label_empty(agencies, conduct):
    from analysis_cases import FATAL

    raw = copy.deepcopy(FATAL)
    raw["incident"].update(agencies=agencies, conduct=conduct, state="OH")
    paras = body_paragraphs(memo_bytes(parse_case(raw, "x.yaml"), stub_report("fatal-vehicle-stop")))
    for label, after in (
        ("What differs:", "Step two: special factors"),
        ("Constitutional claims the conduct suggests", "Step one: is this a new context?"),
    ):
        at = paras.index(label)
        assert paras[at + 1] != after, f"{label!r} is empty for {agencies} {conduct}"


def test_no_memo_table_row_breaks_across_pages(rendered):
    # LibreOffice split the first deadline row ("Last day for" on page 1, its dates on page 2).
    import docx
    from docx.oxml.ns import qn

    _case, blob, _text = rendered["arizona-checkpoint-force"]
    tables = docx.Document(io.BytesIO(blob)).tables
    assert tables
    for table in tables:
        for row in table.rows:
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
