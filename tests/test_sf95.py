"""The drawn SF-95: every value on the form, real glyphs, literal markup,
continuation sheets that lose nothing, the schedule of damages, refusals, reproducibility."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from sf95_support import (SAMPLE_FORM, build, continuation_starts, edited_case, flat, ink_fraction, markers, pages_text,
                               render_png, words_in_order)
from sf95_support import NARRATIVE_WORDS, _sized_runs


@pytest.fixture(scope="module")
def demo_packet(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    case = edited_case(root)
    result = build(case, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_one_pdf_per_claimant_in_manifest(demo_packet):
    manifest = json.loads((demo_packet / "manifest.json").read_text(encoding="utf-8"))
    sf95 = [f for f in manifest["files"] if f["kind"] == "sf95"]
    assert [(f["path"], f["claimant"]) for f in sf95] == [("sf95-c1.pdf", "c1"), ("sf95-c2.pdf", "c2"), ("sf95-c3.pdf", "c3")]


def test_demo_form_carries_every_value(demo_packet):
    pages = pages_text(demo_packet / "sf95-c2.pdf")
    page1, page2 = flat(pages[0]), flat(pages[1])
    everything = flat("\n".join(pages))
    # the form itself
    for label in ("CLAIM FOR DAMAGE,", "OMB NO. 1105-0008", "1. Submit to Appropriate Federal Agency:",
                  "8. BASIS OF CLAIM", "12d. TOTAL", "13a. SIGNATURE OF CLAIMANT", "STANDARD FORM 95 (REV. 2/2007)",
                  "31 U.S.C. § 3729", "18 U.S.C. § 287", "18 U.S.C. § 1001", "Prepared with claimgen 0.1.0 — draft for review"):
        assert label in page1, label
    for label in ("INSURANCE COVERAGE", "15. Do you carry accident Insurance?", "17. If deductible, state amount.",
                  "19. Do you carry public liability and property damage insurance?"):
        assert label in page2, label
    assert "Privacy Act" not in page1  # the instruction pages are not reproduced
    # box 1: the agency and its claims office address from the directory
    for line in ("U.S. Immigration and Customs Enforcement", "Office of the Principal Legal Advisor",
                 "500 12th St SW, Mailstop 5900", "Washington, DC 20536"):
        assert line in page1, line
    # box 2, 4-7
    for value in ("María Ramírez", "1234 Elm St, Minneapolis, MN 55407", "Jordan Whitfield", "East Side Legal Aid",
                  "03/02/1988", "Married", "Saturday, June 14, 2025", "6:10 a.m."):
        assert value in page1, value
    # box 8 begins with the place; box 9 property; box 10; box 11 witnesses with phone
    assert "Place of occurrence: 1234 Elm St, Minneapolis, MN 55407 (the Ramírez family home)" in page1
    assert "NONE (the claimant owns the property)" in page1
    assert "Exterior front door frame split" in page1
    assert "Where it can be inspected: 1234 Elm St" in page1
    assert "Severe emotional distress" in page1
    for value in ("Nguyễn Thị Hương", "1239 Elm St, Minneapolis, MN 55407", "(612) 555-0178", "Łukasz Wiśniewski"):
        assert value in page1, value
    # box 12: amounts and their sum; 13a for ink, 13b the signer's phone, 14 blank
    for value in ("$1,850.00", "$12,500.00", "$0.00", "$14,350.00"):
        assert value in page1, value
    assert "SIGN HERE" in page1 and "Sign in ink: María Ramírez" in page1
    assert "/s/" not in page1
    assert "(612) 555-0143" in page1
    # page 2: insurance
    assert "North Star Mutual homeowner's policy (fictional)" in page2
    assert "NONE" in page2
    # the narrative continues and ends on attached sheet 1
    assert "(continued on attached sheet 1)" in page1
    assert "Continuation of Box 8 — María Ramírez" in everything
    assert "fear of opening the door." in everything
    assert "■" not in everything and "\x00" not in everything


def test_representative_signs_for_a_minor(demo_packet):
    page1 = flat(pages_text(demo_packet / "sf95-c3.pdf")[0])
    assert "Sofía Ramírez" in page1
    assert "Personal representative: María Ramírez, Parent and natural guardian of Sofía Ramírez, a minor" in page1
    assert "Sign in ink: María Ramírez, Parent and natural guardian of Sofía Ramírez, a minor" in page1
    assert "(612) 555-0143" in page1  # the signer's phone, not the minor's


def test_schedule_of_damages_adds_up_and_names_exhibits(demo_packet):
    pages = pages_text(demo_packet / "sf95-c1.pdf")
    schedule = flat(next(p for p in pages if "Schedule of damages — Tomás Ramírez" in p))
    for value in ("Hennepin Healthcare emergency department, June 14, 2025", "$4,850.00",
                  "E-002 — Emergency department visit summary, Hennepin Healthcare, June 14, 2025",
                  "Lost wages, six weeks at $1,400 a week (carpentry)", "$8,400.00", "No exhibit listed",
                  "Subtotal, box 12b $85,000.00", "Subtotal, box 12a $0.00", "Total claimed, box 12d $85,000.00"):
        assert words_in_order(value.split(), schedule) == [], value  # table cells wrap line by line
    assert "Subtotal, box 12b $85,000.00" in schedule and "Total claimed, box 12d $85,000.00" in schedule
    items = [Decimal("4850"), Decimal("6200"), Decimal("8400"), Decimal("65550")]
    assert sum(items) == Decimal("85000")


def test_demo_page_one_is_drawn(demo_packet, tmp_path):
    png = render_png(demo_packet / "sf95-c1.pdf", 1, tmp_path / "page1")
    if png is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ink = ink_fraction(png)
    assert 0.01 < ink < 0.5, ink


def test_rebuild_is_byte_identical(demo_packet, tmp_path):
    case = edited_case(tmp_path)
    assert build(case, tmp_path / "again").returncode == 0
    for name in ("sf95-c1.pdf", "sf95-c2.pdf", "sf95-c3.pdf"):
        assert (tmp_path / "again" / name).read_bytes() == (demo_packet / name).read_bytes(), name


# ---------------------------------------------------------------- hostile and huge input

def _hostile(raw: dict) -> None:
    paragraphs = [" ".join(NARRATIVE_WORDS[i:i + 250]) for i in range(0, 5000, 250)]
    raw["incident"]["narrative"] = ("Tom & Jerry <b>bold?</b> {{ 7*7 }} {% if x %}y{% endif %} &amp; <img src=x/>\n\n"
                                    + "\n\n".join(paragraphs) + "\n\nThe very last words: Kreyòl ayisyen.")
    c1 = raw["claimants"][0]
    c1["name"] = "Nguyễn Thị Hương"
    c1["address"] = "12 Łódź Street & Sons <Ltd>, Minneapolis, MN 55407"
    c1["injuries"] = "Mwen te blese nan do — José Núñez saw it; Łukasz Żółć too. <i>not markup</i>"
    c1["damages"] = {"property_damage": "1234.56", "personal_injury": "7890.12", "wrongful_death": "0.01"}
    c1["damages_items"] = []
    c1["property"] = {"owner": "Jean-Baptiste Désir", "owner_address": "5 Rue Kreyòl, Miami, FL 33101",
                      "description": "Car window {{ 7*7 }} smashed", "inspect_at": "Lot B & C"}
    raw["witnesses"] = [
        {"name": f"Witness {n} Żółć-Désir", "address": f"{n}00 Long Avenue, Apartment {n}, Saint Paul, MN 5510{n % 10}",
         "phone": f"(651) 555-01{n:02d}"}
        for n in range(1, 11)
    ]
    raw["evidence"] = [e for e in raw["evidence"] if "c1-er" not in e.get("supports", [])]
    for e in raw["evidence"]:
        e["supports"] = [s for s in e.get("supports", []) if not s.startswith("c1-")]


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    case = edited_case(root, _hostile)
    result = build(case, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out" / "sf95-c1.pdf"


def test_names_in_many_languages_and_literal_markup(hostile_pdf):
    text = flat("\n".join(pages_text(hostile_pdf)))
    for value in ("Nguyễn Thị Hương", "12 Łódź Street & Sons <Ltd>", "Tom & Jerry <b>bold?</b> {{ 7*7 }}",
                  "{% if x %}y{% endif %} &amp; <img src=x/>", "José Núñez", "Łukasz Żółć", "<i>not markup</i>",
                  "Jean-Baptiste Désir", "5 Rue Kreyòl, Miami, FL 33101", "Car window {{ 7*7 }} smashed",
                  "Lot B & C", "Mwen te blese nan do"):
        assert value in text, value
    assert "49" not in text.split("{{ 7*7 }}")[0][-5:]
    assert "■" not in text and "\x00" not in text


def test_total_is_the_sum_of_the_three_amounts(hostile_pdf):
    page1 = flat(pages_text(hostile_pdf)[0])
    for value in ("$1,234.56", "$7,890.12", "$0.01", "$9,124.69"):
        assert value in page1, value
    assert Decimal("1234.56") + Decimal("7890.12") + Decimal("0.01") == Decimal("9124.69")


def test_long_narrative_continues_without_losing_a_word(hostile_pdf):
    pages = pages_text(hostile_pdf)
    page1 = flat(pages[0])
    first = continuation_starts(pages)["8"]
    assert f"(continued on attached sheet {first})" in page1
    sheets = [flat(p) for p in pages if "Continuation of Box 8 — Nguyễn Thị Hương" in p]
    assert len(sheets) >= 5
    total = len(pages)
    for n, sheet in enumerate(sheets, first):  # numbered on from the first, each saying "page x of y"
        assert f"Sheet {n} " in sheet + " "
        assert f"Page {n + 2} of {total}" in sheet
    text = "\n".join(pages)
    assert words_in_order(NARRATIVE_WORDS, text) == []
    assert "The very last words: Kreyòl ayisyen." in flat(text)


def test_ten_witnesses_continue_on_sheet_11(hostile_pdf):
    pages = pages_text(hostile_pdf)
    first = continuation_starts(pages)["11"]
    assert f"(continued on attached sheet {first})" in flat(pages[0])
    sheet = flat("\n".join(p for p in pages if "Continuation of Box 11 — Nguyễn Thị Hương" in p))
    everything = flat("\n".join(pages))
    for n in range(1, 11):
        assert f"Witness {n} Żółć-Désir" in everything
        assert f"(651) 555-01{n:02d}" in everything
    assert "Witness 10 Żółć-Désir" in sheet and "1000 Long Avenue, Apartment 10" in sheet


def test_electronic_signature_and_date(tmp_path):
    def sign(raw):
        raw["claimants"][0]["signature"] = {"electronic": True, "signed_on": "2026-11-20", "phone": "(612) 555-0199"}

    case = edited_case(tmp_path, sign)
    assert build(case, tmp_path / "out").returncode == 0
    page1 = flat(pages_text(tmp_path / "out" / "sf95-c1.pdf")[0])
    assert "/s/ Tomás Ramírez" in page1
    assert "11/20/2026" in page1
    assert "(612) 555-0199" in page1
    assert "SIGN HERE" not in page1


# ---------------------------------------------------------------- refusals


def test_cjk_name_is_refused_with_its_key_path(tmp_path):
    def cjk(raw):
        raw["claimants"][1]["name"] = "王小明"

    case = edited_case(tmp_path, cjk)
    result = build(case, tmp_path / "out")
    assert result.returncode == 2
    assert "claimants[1].name: contains '王' (U+738B)" in result.stderr
    assert "PDF font cannot draw" in result.stderr and "--font" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_right_to_left_text_is_refused(tmp_path):
    def rtl(raw):
        raw["witnesses"][0]["name"] = "محمد علي"
        raw["claimants"][0]["injuries"] = "שלום"

    case = edited_case(tmp_path, rtl)
    result = build(case, tmp_path / "out")
    assert result.returncode == 2
    assert "witnesses[0].name: contains right-to-left text" in result.stderr
    assert "claimants[0].injuries: contains right-to-left text" in result.stderr
    assert not (tmp_path / "out").exists()


def test_emoji_in_narrative_is_refused(tmp_path):
    def emoji(raw):
        raw["incident"]["narrative"] = "They broke the door 🚪 at dawn."

    result = build(edited_case(tmp_path, emoji), tmp_path / "out")
    assert result.returncode == 2
    assert "incident.narrative: contains '🚪' (U+1F6AA)" in result.stderr


def test_missing_font_file_is_exit_2(tmp_path):
    case = edited_case(tmp_path)
    result = build(case, tmp_path / "out", "--font", str(tmp_path / "nope.ttf"))
    assert result.returncode == 2
    assert "nope.ttf: font file not found" in result.stderr
    assert not (tmp_path / "out").exists()


def test_font_from_environment_is_used(tmp_path):
    import reportlab

    vera = f"{reportlab.__path__[0]}/fonts/Vera.ttf"  # Western European only: Vietnamese must be refused
    result = build(edited_case(tmp_path), tmp_path / "out", env={"CLAIMGEN_FONT": vera})
    assert result.returncode == 2
    assert "witnesses[0].name: contains 'ễ' (U+1EC5)" in result.stderr


def test_every_agency_named_and_a_decedent(tmp_path):
    """28 C.F.R. § 14.2(b)(3): all agencies on the form; BOP has no street address in the directory,
    so its office is named and no address is invented. Box 10 names the decedent."""
    def change(raw):
        raw["incident"]["agencies"] = ["ICE", "CBP", "BOP"]
        raw["claim"] = {"lead_agency": "ICE"}
        c = raw["claimants"][0]
        c["role"] = "estate"
        c["injured_person"] = "Marie-Claude Désir"
        c["representative"] = {"name": "Rose Désir", "capacity": "Administrator of the Estate of Marie-Claude Désir",
                               "address": "9 Rue Lafayette, Saint Paul, MN 55101", "phone": "(651) 555-0111"}
        c["damages"]["wrongful_death"] = 250000

    case = edited_case(tmp_path, change)
    result = build(case, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    pages = pages_text(tmp_path / "out" / "sf95-c1.pdf")
    page1, everything = flat(pages[0]), flat("\n".join(pages))
    for name in ("U.S. Immigration and Customs Enforcement (lead agency)", "U.S. Customs and Border Protection",
                 "Federal Bureau of Prisons"):
        assert name in page1, name
    for line in ("500 12th St SW, Mailstop 5900", "1300 Pennsylvania Ave NW", "Washington, DC 20229",
                 "Regional Counsel for the BOP region where the claim arose"):
        assert line in everything, line
    assert "Decedent: Marie-Claude Désir" in page1
    assert "$250,000.00" in page1 and "$335,000.00" in page1
    assert "Sign in ink: Rose Désir, Administrator of the Estate of Marie-Claude Désir" in page1
    assert "(651) 555-0111" in page1


# ---------------------------------------------------------------- how the filled boxes read


@pytest.fixture(scope="module")
def fatal_packet(tmp_path_factory):
    from helpers import copy_example

    root = tmp_path_factory.mktemp("fatal")
    case = copy_example("fatal-vehicle-stop", root)
    args = ["--official-sf95", str(SAMPLE_FORM)] if SAMPLE_FORM.is_file() else []
    result = build(case, root / "out", *args)
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_estate_box_2_says_each_thing_once(fatal_packet):
    """The estate's box 2: the estate and its address, the administrator with capacity, the
    attorney; the "c/o Mirlande Désir, Administrator" of the estate's address is not repeated
    beside the representative's own line, nor the address they share, nor "of the Estate of
    Frantz Désir" right below "Estate of Frantz Désir". All of it now fits in the box, at 7 pt or more."""
    pdf = fatal_packet / "sf95-estate.pdf"
    pages = [flat(p) for p in pages_text(pdf)]
    assert "Estate of Frantz Désir, 418 Kenton St, Springfield, OH 45505" in pages[0]
    assert "Personal representative: Mirlande Désir, Administrator (same address)" in pages[0]
    assert "c/o" not in pages[0]
    assert pages[0].count("418 Kenton St") == 1  # box 9's owner is the estate itself: NONE there
    assert "NONE (the claimant owns the property)" in pages[0]
    assert "Claudette Mésidor" in pages[0]
    assert "Continuation of Box 2" not in " ".join(pages)
    # the signature caption keeps the full capacity
    assert "Sign in ink: Mirlande Désir, Administrator of the Estate of Frantz Désir" in pages[0]
    values = [r for r in _sized_runs(pdf, 0) if any(v in r[0] for v in ("Désir", "Kenton St", "Camry", "Place of"))
              and not r[0].startswith("Sign in ink")]
    assert values and min(r[1] for r in values) >= 7.0, sorted({r[1] for r in values})


def test_box_2_keeps_each_person_together_and_readable(fatal_packet):
    """Kervens's box 2 (claimant, guardian, attorney) does not fit at 7 pt: the attorney's entry
    moves whole to a sheet instead of being split mid-name or squeezed below 7 pt; its phone
    number is not broken between area code and number."""
    pdf = fatal_packet / "sf95-kervens.pdf"
    raw = pages_text(pdf)
    pages = [flat(p) for p in raw]
    attorney = ("Attorney (send correspondence to): Claudette Mésidor, Miami Valley Immigrant Justice Project "
                "(fictional), 131 N Ludlow St, Suite 900, Dayton, OH 45402, Tel. (937) 555-0100, cmesidor@mvijp.example")
    assert "Claudette Mésidor" not in pages[0]
    sheet_no = continuation_starts(raw)["2"]
    assert f"(continued on attached sheet {sheet_no})" in pages[0]
    sheet = next(p for p in pages if "Continuation of Box 2 — Kervens Désir" in p)
    assert f"Sheet {sheet_no}" in sheet and attorney in sheet
    assert not any(line.rstrip().endswith("(937)") for p in raw for line in p.splitlines())


def test_short_continuations_share_a_sheet(fatal_packet):
    """Box 2's three-line continuation and box 8's share attached sheet 1 (was a nearly empty
    page for box 2 alone): both boxes name sheet 1, each section is headed with its box, the
    schedule of damages keeps a page of its own, and "Page x of y" counts the pages there are."""
    pdf = fatal_packet / "sf95-kervens.pdf"
    pages = pages_text(pdf)
    assert len(pages) == 4
    assert markers(pages[0]) == [1, 1]
    assert continuation_starts(pages) == {"2": 1, "8": 1}
    sheet = flat(pages[2])
    assert "Sheet 1" in sheet and "Continuation of Box 2 — Kervens Désir" in sheet
    assert "Continuation of Box 8 — Kervens Désir" in sheet
    assert sheet.index("Continuation of Box 2") < sheet.index("Claudette Mésidor") < sheet.index("Continuation of Box 8")
    schedule = flat(pages[3])
    assert schedule.startswith("Schedule of damages — Kervens Désir") and "Continuation of Box" not in schedule
    for n, page in enumerate(pages, 1):
        assert f"Page {n} of 4" in page


def test_box_8_ends_at_a_full_stop_at_a_readable_size(fatal_packet):
    """A narrative that continues anyway is typed at 8.5 pt (not squeezed to 7) and the box
    ends with a whole sentence, the sheet starting with the next one."""
    pdf = fatal_packet / "sf95-estate.pdf"
    runs = _sized_runs(pdf, 0)
    marker = next(k for k, r in enumerate(runs) if r[0] == "(continued on attached sheet 1)")
    assert runs[marker - 1][0].endswith('shouted "Get out".'), runs[marker - 1]
    box8 = [r for r in runs if 792 - 272 < r[3] < 792 - 171.5 and r[1] > 6.3]  # not its 6.2 pt label
    assert len(box8) > 5 and {r[1] for r in box8} == {8.5}
    sheet = next(p for p in pages_text(pdf) if "Continuation of Box 8" in p)
    body = flat(sheet).split("(continued from Box 8 of the form)")[1].strip()
    assert body.startswith("Mr. Désir stopped the car"), body[:60]


def test_fit_breaks_at_sentences_and_loses_nothing():
    from claimgen.render import fonts
    from claimgen.render.pdf_text import Para, fit

    font = fonts.load(None)
    family = (font.regular, font.bold)
    sentences = [f"Sentence number {n} says what happened at the door, in plain words." for n in range(1, 40)]
    text = " ".join(sentences)
    result = fit([[Para(text)]], family, 300, 60, 9.0, 7.0, 8.5)
    assert result.overflow and result.size == 8.5
    assert result.lines[-1].text.endswith("plain words.")
    assert result.overflow[0].text.startswith("Sentence number")
    assert " ".join(line.text for line in result.lines) + " " + result.overflow[0].text == text
    # a kept-together paragraph (an address) moves whole rather than split
    paras = [Para("Tomás Ramírez, 1234 Elm St", keep=True),
             Para("Attorney: Jordan Whitfield, East Side Legal Aid, 700 E Lake St, Suite 210, Minneapolis, "
                  "MN 55407, Tel. (612) 555-0100, jwhitfield@eastside-legal-aid.example", keep=True)]
    result = fit([paras], family, 160, 40, 9.0, 7.0)
    assert [line.text for line in result.lines] == ["Tomás Ramírez, 1234 Elm St"]
    assert result.overflow == [paras[1]]
    # with no sentence end near the break, nothing is given up
    words = " ".join(f"word{n}" for n in range(400))
    result = fit([[Para(words)]], family, 300, 60, 9.0, 7.0, 8.5)
    assert " ".join(line.text for line in result.lines) + " " + result.overflow[0].text == words


def test_schedule_keeps_dates_whole_and_no_orphan_words(tmp_path):
    """The schedule's evidence column used to end 'Bayou City Interiors, March 24,' with '2025' alone
    on the next line; a date now stays on one line and no cell ends with a lone short word."""
    from helpers import copy_example

    case = copy_example("texas-worksite-arrest", tmp_path)
    assert build(case, tmp_path / "out").returncode == 0
    pages = pages_text(tmp_path / "out" / "sf95-joaquin.pdf")
    schedule = next(p for p in pages if "Schedule of damages — Joaquín Esparza Treviño" in p)
    lines = [ln.strip() for ln in schedule.splitlines()]
    assert not [ln for ln in lines if re.fullmatch(r"\d{4}\)?", ln)], lines
    assert any(ln.endswith("March 24, 2025") for ln in lines), lines
    assert "$50,089.00" in schedule and "$51,064.68" in schedule


def test_wrap_glues_dates_and_avoids_orphans():
    from claimgen.render import fonts
    from claimgen.render.pdf_text import width, wrap

    font = fonts.load(None)
    text = "Employer's letter on rate, schedule and unpaid days, Bayou City Interiors, March 24, 2025"
    for w in (150, 172, 200, 260):
        lines = wrap(text, font.regular, 10, w)
        assert " ".join(lines) == text
        assert all(width(ln, font.regular, 10) <= w for ln in lines)
        assert any("March 24, 2025" in ln for ln in lines), lines
        assert len(lines[-1].split()) > 1, lines
    # a date wider than the line is still wrapped (never overflowing the column)
    assert wrap("September 23, 2025", font.regular, 10, 60) == ["September", "23, 2025"]


def test_greek_cyrillic_and_creole_names_in_the_embedded_font(tmp_path):
    def names(raw):
        raw["claimants"][1]["name"] = "Wòch Désir"
        raw["witnesses"][0]["name"] = "Γιώργος Παπαδόπουλος"
        raw["witnesses"][1]["name"] = "Анна Кузнецова"

    case = edited_case(tmp_path, names)
    assert build(case, tmp_path / "out").returncode == 0
    from pypdf import PdfReader

    page = PdfReader(str(tmp_path / "out" / "sf95-c2.pdf")).pages[0]
    fonts_of: dict[str, str] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            fonts_of[text.strip()] = str(font.get("/BaseFont"))

    page.extract_text(visitor_text=visit)
    for name in ("Wòch Désir, 1234 Elm St, Minneapolis, MN 55407", "Γιώργος Παπαδόπουλος", "Анна Кузнецова"):
        assert name in fonts_of, sorted(fonts_of)[:20]
        assert "DejaVu" in fonts_of[name], fonts_of[name]


@pytest.mark.parametrize("example", ["arizona-checkpoint-force", "fatal-vehicle-stop", "minneapolis-home-entry",
                                     "texas-worksite-arrest"])
def test_every_example_box_8_ends_at_a_full_stop(example):
    """Where an example's narrative continues on a sheet, box 8 ends with a whole sentence (the
    cautious sentence test never ends one after "a.m." or "U.S.", which these narratives use),
    on the drawn form and on the official one, and the sheet starts with a capital."""
    from pathlib import Path

    from claimgen.caseio import load_case
    from claimgen.render import fonts
    from claimgen.render.sf95 import FormDrawing, prepare

    path = Path(__file__).parent.parent / "claimgen" / "examples" / example / "case.yaml"
    case = load_case(path)
    font = fonts.load(None)
    for form in prepare(case, str(path), font):
        drawing = FormDrawing(form, font)
        drawing.layout()
        box8 = drawing.fits["8"]
        assert box8.overflow, (example, form.claimant_id)  # every example continues box 8
        last = box8.lines[-1].text
        assert re.search(r"[.!?][\"'”)]*$", last), (example, form.claimant_id, last)
        assert box8.overflow[0].text[:1].isupper(), box8.overflow[0].text[:40]


def test_a_time_or_phone_number_is_not_split_across_lines():
    """'7:58 | a.m.' and '(937) | 555-0100' move to the next line together, in the boxes' fit
    and on the sheets (also where the sheets' no-orphan rule pulls a word down)."""
    from claimgen.render import fonts
    from claimgen.render.pdf_text import Para, fit, width, wrap

    font = fonts.load(None)
    regular = font.regular
    text = "The ambulance arrived at 7:58 a.m. and left."
    w = width("The ambulance arrived at 7:58", regular, 10) + 1
    assert wrap(text, regular, 10, w)[:2] == ["The ambulance arrived at", "7:58 a.m. and left."]
    lines = [ln.text for ln in fit([[Para(text)]], (regular, font.bold), w, 200, 10, 10).lines]
    assert lines[:2] == ["The ambulance arrived at", "7:58 a.m. and left."]
    # the orphan rule: the last line 'example.org' gets the number, not the number without its area code
    contact = "Suite 900, Dayton, OH 45402, Tel. (937) 555-0100, someone@example.org"
    w = width("Suite 900, Dayton, OH 45402, Tel. (937) 555-0100,", regular, 10) + 1
    out = wrap(contact, regular, 10, w)
    assert not any(line.endswith("(937)") for line in out), out
    assert " ".join(out) == contact


def test_an_estate_has_none_in_boxes_4_and_5_a_person_left_blank():
    """Boxes that do not apply say NONE (the form's instruction); a person's unknown birth date stays blank."""
    from claimgen.caseio import load_case
    from claimgen.render.sf95 import build_form
    from helpers import EXAMPLES

    case = load_case(EXAMPLES / "fatal-vehicle-stop" / "case.yaml")
    estate = case.claimants[0]
    assert estate.role == "estate" and estate.date_of_birth is None
    form = build_form(case, 0)
    assert [p.text for p in form.boxes["4"][0]] == ["NONE"] and [p.text for p in form.boxes["5"][0]] == ["NONE"]
    person = build_form(case, 1)  # Kervens: his date of birth is given, marital status is not asked of a child
    assert [p.text for p in person.boxes["4"][0]] != ["NONE"] and [p.text for p in person.boxes["5"][0]] != ["NONE"]
