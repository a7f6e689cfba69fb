"""The PDF font and the glyph check (claimgen.render.fonts), and text fitting that never drops a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgen.errors import CaseError
from claimgen.render import fonts
from claimgen.render.pdf_text import Para, fit, wrap


def test_bundled_font_and_license_ship_with_the_package():
    folder = Path(fonts.__file__).resolve().parent.parent / "fonts"
    for name in (*fonts.BUNDLED, "DejaVu-LICENSE.txt"):
        assert (folder / name).is_file(), name
    assert "Bitstream" in (folder / "DejaVu-LICENSE.txt").read_text(encoding="utf-8")
    font = fonts.load()
    assert font.source == "bundled DejaVu Sans"
    assert font.regular != font.bold


def test_missing_glyphs_lists_what_the_font_lacks():
    assert fonts.missing_glyphs("Nguyễn Thị Hương, Łukasz Żółć, José Núñez, Jean-Baptiste Désir, Ἀθῆναι, Москва") == []
    assert fonts.missing_glyphs("王小明 Nguyễn 王") == ["王", "小", "明"]
    assert fonts.missing_glyphs("🚪") == ["🚪"]


def test_check_text_names_path_character_and_fix():
    [problem] = fonts.check_text("Li 王", "claimants[0].name")
    assert problem.path == "claimants[0].name"
    assert "contains '王' (U+738B), which the PDF font cannot draw" in problem.message
    assert "--font" in problem.message
    assert fonts.check_text("Nguyễn & <b>", "x") == []
    assert fonts.check_text(None, "x") == []


def test_right_to_left_is_refused_even_when_the_font_has_the_letters():
    assert fonts.load().has("ש")  # DejaVu Sans has Hebrew, yet reportlab would draw it backwards
    [problem] = fonts.check_text("שלום", "witnesses[0].name")
    assert "right-to-left" in problem.message
    # a right-to-left override hidden in Latin text is refused too
    assert fonts.check_text("abc\u202edef", "incident.place")


def test_ensure_drawable_reports_every_field_once():
    with pytest.raises(CaseError) as info:
        fonts.ensure_drawable("case.yaml", [("a", "王"), ("a", "王"), ("b", "ok"), ("c", "🚪")])
    assert [p.path for p in info.value.problems] == ["a", "c"]


def test_drawable_normalizes_without_losing_visible_text():
    assert fonts.drawable("a\r\nb\tc\u00a0d\u200be\x00f\u2028g") == "a\nb c de" + "f\ng"
    assert fonts.drawable("Nguye\u0302\u0303n") == "Nguyễn"  # NFC: one glyph, not a dangling accent


def test_user_font_file_and_bad_font_file(tmp_path):
    import reportlab

    vera = Path(reportlab.__path__[0]) / "fonts" / "Vera.ttf"
    font = fonts.load(str(vera))
    assert font.source == str(vera)
    assert fonts.missing_glyphs("José Nguyễn", font) == ["ễ"]
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_text("hello", encoding="utf-8")
    with pytest.raises(CaseError) as info:
        fonts.load(str(not_a_font))
    assert "give a TrueType font file" in info.value.problems[0].message


# ---------------------------------------------------------------- fitting text into boxes


def family():
    font = fonts.load()
    return font.regular, font.bold


def test_wrap_measures_with_the_font_not_by_counting():
    regular, _ = family()
    # same number of characters, very different widths
    assert len(wrap("i" * 30, regular, 10, 100)) == 1
    assert len(wrap("W" * 30, regular, 10, 100)) >= 3


def test_fit_shrinks_before_it_overflows():
    result = fit([[Para("A short claim.")]], family(), 200, 12, 10, 6)
    assert result.size == 10 and result.complete
    medium = " ".join(["word"] * 60)
    result = fit([[Para(medium)]], family(), 200, 60, 10, 6)
    assert result.complete and result.size < 10


def _words_back(result, original_paras):
    shown = " ".join(line.text for line in result.lines).split()
    rest = " ".join(p.text for p in result.overflow).split()
    return shown, rest


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("abcdeéễŁ &<>{}") + ["\n"]), min_size=0, max_size=120),
        min_size=1,
        max_size=6,
    ),
    st.floats(min_value=30, max_value=300),
    st.floats(min_value=10, max_value=120),
)
def test_fit_never_loses_a_word(texts, box_width, box_height):
    paras = [Para(t) for t in texts]
    result = fit([paras], family(), box_width, box_height, 9, 7)
    shown, rest = _words_back(result, paras)
    expected = " ".join(p.text for p in paras).split()
    # words broken across lines (too long for the box) come back as pieces: compare the letters
    assert "".join(shown + rest) == "".join(expected)


def test_a_word_longer_than_the_box_is_broken_not_cut():
    url = "https://example.org/" + "x" * 300
    result = fit([[Para(url)]], family(), 120, 30, 9, 7)
    shown, rest = _words_back(result, None)
    assert "".join(shown + rest) == url
    assert result.overflow


def test_astral_plane_characters_are_refused_even_when_drawn():
    """reportlab's ToUnicode map cannot name characters above U+FFFF: the PDF would not be searchable."""
    font = fonts.load()
    assert font.has("𝕊")
    [problem] = fonts.check_text("Ana 𝕊 Pérez", "claimants[0].name")
    assert "'𝕊' (U+1D54A)" in problem.message and "searchable" in problem.message
