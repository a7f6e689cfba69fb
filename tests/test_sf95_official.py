"""build --official-sf95: the fixture form filled by box number and label, flattened,
with real glyphs, apostrophes intact, radios set, overflow on continuation sheets."""

from __future__ import annotations

import json

import pytest

from sf95_support import NARRATIVE_WORDS
from sf95_support import (SAMPLE_FORM, build, continuation_starts, edited_case, flat, ink_fraction, markers, pages_text,
                               render_png, words_in_order)

needs_form = pytest.mark.skipif(not SAMPLE_FORM.is_file(), reason="shared/forms/sf95-fillable-sample.pdf is absent")


def _apostrophes(raw: dict) -> None:
    raw["claimants"][0]["injuries"] = "The officer's knee broke the driver`s wrist; Nguyễn's & Żółć's <b>notes</b>."


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    if not SAMPLE_FORM.is_file():
        pytest.skip("shared/forms/sf95-fillable-sample.pdf is absent")
    root = tmp_path_factory.mktemp("official")
    case = edited_case(root, _apostrophes)
    result = build(case, root / "out", "--official-sf95", str(SAMPLE_FORM))
    assert result.returncode == 0, result.stderr
    return root / "out"


@needs_form
def test_one_filled_form_per_claimant(official):
    manifest = json.loads((official / "manifest.json").read_text(encoding="utf-8"))
    entries = [(f["path"], f["claimant"]) for f in manifest["files"] if f["kind"] == "sf95_official"]
    assert entries == [("sf95-official-c1.pdf", "c1"), ("sf95-official-c2.pdf", "c2"), ("sf95-official-c3.pdf", "c3")]


@needs_form
def test_values_land_in_the_form_with_real_glyphs(official):
    pages = pages_text(official / "sf95-official-c1.pdf")
    page1, page2 = flat(pages[0]), flat(pages[1])
    # the form's own printed text is still there (it is the user's form, not ours)
    assert "CLAIM FOR DAMAGE," in page1 and "PAPERWORK REDUCTION ACT NOTICE" in page2
    for value in ("U.S. Immigration and Customs Enforcement", "500 12th St SW, Mailstop 5900", "Tomás Ramírez",
                  "11/19/1985", "Married", "Saturday, June 14, 2025", "6:10 a.m.",
                  "Place of occurrence: 1234 Elm St, Minneapolis, MN 55407", "Nguyễn Thị Hương", "Łukasz Wiśniewski",
                  "$0.00", "$85,000.00", "(612) 555-0142", "SIGN HERE", "(continued on attached sheet 1)"):
        assert value in page1, value
    # pypdf's own appearance streams would print © for ' and Á for `
    assert "The officer's knee broke the driver`s wrist; Nguyễn's & Żółć's <b>notes</b>." in page1
    assert "©" not in page1 and "Á" not in page1
    everything = flat("\n".join(pages))
    assert "Continuation of Box 8 — Tomás Ramírez" in everything
    assert "fear of opening the door." in everything
    assert "Schedule of damages — Tomás Ramírez" in everything
    assert "■" not in everything and "\x00" not in everything


@needs_form
def test_output_is_flattened(official):
    from pypdf import PdfReader

    reader = PdfReader(str(official / "sf95-official-c2.pdf"))
    assert "/AcroForm" not in reader.trailer["/Root"]
    widgets = [a for p in reader.pages for a in (p.get("/Annots") or []) if a.get_object().get("/Subtype") == "/Widget"]
    assert widgets == []
    assert reader.get_fields() in (None, {})


@needs_form
def test_check_marks_follow_the_answers(official, tmp_path):
    """María (c2) answers 15 No, 16 No, 19 Yes: the X must be drawn inside exactly those boxes."""
    pdf = official / "sf95-official-c2.pdf"
    png = render_png(pdf, 2, tmp_path / "p2")
    if png is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    image = Image.open(png).convert("L")
    scale = image.width / 612

    def inked(rect):  # rect in PDF points (x0, y0, x1, y1), from the fixture's widgets
        x0, y0, x1, y1 = rect
        box = (int((x0 + 2.5) * scale), int((792 - y1 + 2.5) * scale), int((x1 - 2.5) * scale), int((792 - y0 - 2.5) * scale))
        crop = image.crop(box)
        return sum(crop.histogram()[:128]) / max(1, crop.width * crop.height)

    assert inked((552, 726, 562, 736)) > 0.1  # 15 No
    assert inked((149, 726, 159, 736)) < 0.05  # 15 Yes
    assert inked((420, 661, 431, 672)) > 0.1  # 16 No
    assert inked((384, 661, 394, 672)) < 0.05  # 16 Yes
    assert inked((227, 546, 237, 557)) > 0.1  # 19 Yes
    assert inked((564, 546, 574, 557)) < 0.05  # 19 No
    page1 = render_png(pdf, 1, tmp_path / "p1")
    assert 0.01 < ink_fraction(page1) < 0.5


@needs_form
def test_rebuild_is_byte_identical(official, tmp_path):
    case = edited_case(tmp_path, _apostrophes)
    assert build(case, tmp_path / "again", "--official-sf95", str(SAMPLE_FORM)).returncode == 0
    for claimant in ("c1", "c2", "c3"):
        name = f"sf95-official-{claimant}.pdf"
        assert (tmp_path / "again" / name).read_bytes() == (official / name).read_bytes(), name


@needs_form
def test_long_narrative_overflows_to_sheets(tmp_path):
    def long(raw):
        raw["incident"]["narrative"] = " ".join(NARRATIVE_WORDS) + "\n\nLast sentence here."

    result = build(edited_case(tmp_path, long), tmp_path / "out", "--official-sf95", str(SAMPLE_FORM))
    assert result.returncode == 0, result.stderr
    pages = pages_text(tmp_path / "out" / "sf95-official-c3.pdf")
    assert "(continued on attached sheet 1)" in flat(pages[0])
    assert words_in_order(NARRATIVE_WORDS, "\n".join(pages)) == []
    assert "Last sentence here." in flat("\n".join(pages))
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


@needs_form
def test_field_map_override(tmp_path):
    """A map file sends box 5 to another field; unknown boxes and fields are refused with their key."""
    from pypdf import PdfReader

    fields = PdfReader(str(SAMPLE_FORM)).get_fields()
    target = next(name for name in fields if name.startswith("FORM APPROVED"))
    good = tmp_path / "map.yaml"
    good.write_text(f'"5": "{target}"\n', encoding="utf-8")
    result = build(edited_case(tmp_path), tmp_path / "out", "--official-sf95", str(SAMPLE_FORM), "--sf95-field-map", str(good))
    assert result.returncode == 0, result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text('"99": "x"\n"8": "No such field"\n', encoding="utf-8")
    result = build(edited_case(tmp_path / "b"), tmp_path / "out2", "--official-sf95", str(SAMPLE_FORM), "--sf95-field-map", str(bad))
    assert result.returncode == 2
    assert "bad.yaml: 99: is not an SF-95 box" in result.stderr
    # every problem of the map at once, one line each: the unknown field too
    assert "bad.yaml: 8: names the field 'No such field', which is not in the form" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2, result.stderr
    assert not (tmp_path / "out2").exists()


def test_missing_form_is_exit_2(tmp_path):
    case = edited_case(tmp_path)
    result = build(case, tmp_path / "out", "--official-sf95", str(tmp_path / "nope.pdf"))
    assert result.returncode == 2
    assert "nope.pdf: the fillable SF-95 given with --official-sf95 does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_unreadable_or_wrong_pdf_is_exit_2(tmp_path):
    case = edited_case(tmp_path)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    result = build(case, tmp_path / "out", "--official-sf95", str(junk))
    assert result.returncode == 2 and "junk.pdf:" in result.stderr and "Traceback" not in result.stderr
    # a real PDF without fields is not a fillable SF-95
    plain = tmp_path / "plain.pdf"
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(plain))
    c.drawString(72, 720, "Hello")
    c.save()
    result = build(case, tmp_path / "out", "--official-sf95", str(plain))
    assert result.returncode == 2
    assert "plain.pdf: has no fillable fields" in result.stderr
    assert not (tmp_path / "out").exists()


@needs_form
def test_amounts_share_one_baseline_and_values_are_readable(official):
    """The fixture's 12d field is lower than 12a-12c; the four amounts still sit on one line,
    and no value is printed below 7 pt (box 8 continues at 8.5 pt instead of shrinking to fit)."""
    from sf95_support import _sized_runs

    runs = _sized_runs(official / "sf95-official-c1.pdf", 0)
    amounts = [r for r in runs if r[0].startswith("$") and 180 < r[3] < 210]
    assert [r[0] for r in sorted(amounts, key=lambda r: r[2])] == ["$0.00", "$85,000.00", "$0.00", "$85,000.00"]
    assert len({round(r[3], 2) for r in amounts}) == 1, amounts
    box8 = [r for r in runs if 520 < r[3] < 600 and r[0] != "(continued on attached sheet 1)"]
    assert len(box8) > 4 and {r[1] for r in box8} == {8.5}, sorted({r[1] for r in box8})
    ours = [r for r in runs if r[0].startswith(("Tomás", "Place of occurrence", "On Saturday", "Nguyễn", "1239 Elm"))]
    assert ours and min(r[1] for r in ours) >= 7.0


@needs_form
def test_box_9_sheet_names_the_box(tmp_path):
    """The official form's box 9 field is low: the inspection place moves to an attached sheet,
    whose heading names box 9 as the drawn form's sheets do (not only the field's bare label).
    It shares sheet 1 with the continuations of boxes 8 (the estate's box 2 fits): one sheet,
    not three nearly empty ones."""
    from helpers import copy_example

    case = copy_example("fatal-vehicle-stop", tmp_path)
    assert build(case, tmp_path / "out", "--official-sf95", str(SAMPLE_FORM)).returncode == 0
    pages = [flat(p) for p in pages_text(tmp_path / "out" / "sf95-official-estate.pdf")]
    assert markers(pages[0]) == [1, 1]
    assert continuation_starts(pages) == {"8": 1, "9": 1}
    assert len(pages) == 4 and "Page 4 of 4" in pages[3] and pages[3].startswith("Schedule of damages")
    sheet = next(p for p in pages if "Continuation of Box 9 — Estate of Frantz Désir" in p)
    assert "9. PROPERTY DAMAGE — BRIEFLY DESCRIBE THE PROPERTY" in sheet
    assert "Where it can be inspected: Champion City Collision" in sheet


@needs_form
def test_signature_mark_sits_above_its_caption(official):
    """13a on the official form: the ✗ and the line to sign on, then the caption on a lower
    line of its own (it sat beside the ✗, on about the same line)."""
    from sf95_support import _sized_runs

    runs = _sized_runs(official / "sf95-official-c1.pdf", 0)
    mark = next(r for r in runs if r[0] == "✗")
    caption = next(r for r in runs if r[0].startswith("Sign in ink: Tomás Ramírez"))
    here = next(r for r in runs if r[0] == "SIGN HERE")
    # the caption's capitals reach about 0.73 of its size above its baseline: the ✗ is clear above them
    assert mark[3] >= caption[3] + caption[1] * 0.75 + 1.5, (mark, caption)
    assert abs(here[3] - mark[3]) < 3  # the tag is on the signing line, with the mark
    assert caption[2] > mark[2]  # indented under the line, right of the mark
    assert 122 < caption[3] and mark[3] < 147  # inside the 13a field
