"""Property tests: any text the PDF font can draw, in any free-text field, builds a valid packet.

Hypothesis puts generated text (Latin, Latin Extended, Greek, Cyrillic, Vietnamese,
and the markup-looking ``& < > {{ }} {% %}``) into one free-text field of a small
case, builds it in-process and checks every file of the manifest: each PDF opens
with pypdf, each DOCX parses strictly (``claimgen.render.docx.xml_problems``),
each CSV parses; the field's text is found in the documents that must hold it
(compared without whitespace, since PDF extraction re-flows lines). Text the font
cannot draw (CJK) in a field printed on the SF-95 must stop the build with exit 2
naming that field — never a box or a blank — and write nothing.
"""

from __future__ import annotations

import copy
import csv
import io
import itertools
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from helpers import AS_OF, EXAMPLES

# ---------------------------------------------------------------- the small case


def _small_case() -> dict:
    """The demo case cut down to one claimant, one witness and two exhibits (quick to build)."""
    raw = yaml.safe_load((EXAMPLES / "minneapolis-home-entry" / "case.yaml").read_text(encoding="utf-8"))
    raw["claimants"] = [raw["claimants"][0]]
    raw["witnesses"] = [raw["witnesses"][0]]
    raw["evidence"] = [raw["evidence"][0], raw["evidence"][1]]
    raw["evidence"][0]["supports"] = ["c1", "box-8"]
    return raw


BASE = _small_case()

# field key path -> (where in the raw dict, multi-line?, kinds whose documents must hold the text)
FIELDS: dict[str, tuple[tuple, bool, tuple[str, ...]]] = {
    "claimants[0].name": (("claimants", 0, "name"), False, ("sf95", "transmittal_letter")),
    "claimants[0].address": (("claimants", 0, "address"), False, ("sf95",)),
    "claimants[0].injuries": (("claimants", 0, "injuries"), True, ("sf95",)),
    "incident.narrative": (("incident", "narrative"), True, ("sf95",)),
    "incident.place": (("incident", "place"), False, ("transmittal_letter",)),
    "witnesses[0].name": (("witnesses", 0, "name"), False, ("sf95",)),
    "witnesses[0].address": (("witnesses", 0, "address"), False, ("sf95",)),
    "witnesses[0].saw": (("witnesses", 0, "saw"), True, ()),
    "evidence[0].description": (("evidence", 0, "description"), False, ("evidence_log", "evidence_log_csv")),
}
# Fields printed on the SF-95 PDF, where a glyph the font lacks must stop the build.
PDF_FIELDS = [f for f, (_, _, kinds) in FIELDS.items() if "sf95" in kinds]


def _set(raw: dict, where: tuple, value: str) -> None:
    node = raw
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value


# ---------------------------------------------------------------- text strategies


def _drawable_alphabet() -> list[str]:
    """Characters the PDF font draws: every one in its character map (claimgen.render.fonts),
    less right-to-left letters (refused by design), combining marks, controls and invisible
    characters; before that helper existed, known-good blocks of DejaVu Sans."""
    ranges = [(0x20, 0x7E), (0xC0, 0x17F), (0x180, 0x24F), (0x391, 0x3A9), (0x3B1, 0x3C9), (0x400, 0x45F), (0x1EA0, 0x1EF9)]
    known_good = [chr(c) for a, b in ranges for c in range(a, b + 1)] + list("–—‘’“”€…•№")
    try:
        from claimgen.render import fonts

        font = fonts.load()
    except ImportError:
        return [c for c in known_good if unicodedata.category(c)[0] in "LNPSZ" and unicodedata.category(c) != "Zl"]
    chars = []
    for code in sorted(font.chars):
        c = chr(code)
        cat = unicodedata.category(c)
        if code < 0x20 or cat[0] not in "LNPS" and c != " " or fonts.is_rtl(c) or fonts.is_cjk(c):
            continue
        if code > 0xFFFF:
            continue  # see test_astral_plane_text_is_refused_or_readable below
        if unicodedata.normalize("NFC", c) != c or fonts.drawable(c) != c or fonts.missing_glyphs(c, font):
            continue  # compatibility singletons and the like change on the way to the page
        chars.append(c)
    assert set(known_good) <= set(chars) | {c for c in known_good if unicodedata.category(c)[0] not in "LNPSZ"}, \
        "the PDF font no longer draws Latin, Greek, Cyrillic or Vietnamese"
    return chars


ALPHABET = _drawable_alphabet()
MARKUP = ["&", "<", ">", "&amp;", "<b>", "</w:t>", "{{ name }}", "{% if x %}", "{%p endfor %}", "{#", "]]>", "\\n", '"', "'"]
WORDS = st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=12)
PIECES = st.one_of(WORDS, WORDS, WORDS, st.sampled_from(MARKUP))


def _text(multiline: bool):
    seps = [" ", " ", " ", "\n", "\n\n"] if multiline else [" "]
    return st.lists(st.tuples(PIECES, st.sampled_from(seps)), min_size=1, max_size=25).map(
        lambda parts: "".join(p + s for p, s in parts).strip()
    ).filter(lambda s: bool(s.strip()))


def _squash(text: str) -> str:
    """NFC and no whitespace: PDF extraction breaks lines and drops or adds spaces."""
    return "".join(unicodedata.normalize("NFC", text).split())


def _holds(name: str, document_text: str, text: str) -> bool:
    """DOCX, CSV and text files hold ``text`` whole; a PDF may continue it on a later sheet,
    so there its words must appear in order (each word whole, line breaks aside)."""
    squashed = _squash(document_text)
    if not name.endswith(".pdf"):
        return _squash(text) in squashed
    at = 0
    for word in unicodedata.normalize("NFC", text).split():
        found = squashed.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return True


# ---------------------------------------------------------------- reading the outputs


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # text boxes and nested tables too
        parts.append("".join(z.read("word/document.xml").decode("utf-8").split("<w:t")[1:]))
    return "\n".join(parts)


def _csv_cells(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows, "empty CSV"
    width = len(rows[0])
    assert all(len(r) == width for r in rows), "ragged CSV rows"
    return [cell for row in rows for cell in row]


def check_packet(outdir: Path, manifest: dict) -> dict[str, str]:
    """Open every file strictly by its kind; return path -> extracted text."""
    from claimgen.render.docx import xml_problems

    texts: dict[str, str] = {}
    for entry in manifest["files"]:
        data = (outdir / entry["path"]).read_bytes()
        name = entry["path"]
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF-"), name
            texts[name] = _pdf_text(data)
        elif name.endswith(".docx"):
            problems = xml_problems(data)
            assert problems == [], f"{name}: {problems[:3]}"
            texts[name] = _docx_text(data)
        elif name.endswith(".csv"):
            texts[name] = "\n".join(_csv_cells(data))
        elif name.endswith(".ics"):
            from icalendar import Calendar

            Calendar.from_ical(data)
            texts[name] = data.decode("utf-8")
        else:
            texts[name] = data.decode("utf-8")
    return texts


# ---------------------------------------------------------------- the properties


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder with the demo evidence files; each example writes case.yaml and builds beside it."""
    root = tmp_path_factory.mktemp("property")
    shutil.copytree(EXAMPLES / "minneapolis-home-entry" / "evidence", root / "evidence")
    return root


_counter = itertools.count()
# Each example is a whole build: shrinking a failure can take minutes, so failures are
# reported as generated (the message names the field and the text).
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)


def _build(workdir: Path, raw: dict):
    from claimgen import packet

    case = workdir / "case.yaml"
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    outdir = workdir / f"out-{next(_counter)}"
    manifest = packet.build(case, outdir, __import__("datetime").date.fromisoformat(AS_OF))
    return outdir, manifest


def _fields_and_text(fields):
    return st.sampled_from(fields).flatmap(lambda f: st.tuples(st.just(f), _text(FIELDS[f][1])))


@settings(max_examples=20, deadline=None, phases=NO_SHRINK, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(field_text=_fields_and_text(sorted(FIELDS)))
def test_drawable_text_in_any_field_builds_a_valid_packet(workdir, field_text):
    field, text = field_text
    where, _multi, kinds = FIELDS[field]
    raw = copy.deepcopy(BASE)
    _set(raw, where, text)
    outdir, manifest = _build(workdir, raw)
    try:
        texts = check_packet(outdir, manifest)
        holders = [p for p, t in texts.items() if _holds(p, t, text)]
        produced = {e["kind"] for e in manifest["files"]}
        for kind in kinds:
            if kind not in produced:
                continue  # that renderer has not landed yet
            paths = [e["path"] for e in manifest["files"] if e["kind"] == kind and e.get("claimant") in (None, "c1")]
            for path in paths:
                assert path in holders, f"{field}={text!r} is not in {path}"
        if kinds and any(k in produced for k in kinds):
            assert holders
        csvs = [e["path"] for e in manifest["files"] if e["path"].endswith(".csv")]
        if field == "evidence[0].description" and csvs:
            from claimgen.formatting import clean

            from claimgen.render.csvfile import defuse

            cells = [c.strip() for c in _csv_cells((outdir / csvs[0]).read_bytes())]
            # a cell a spreadsheet would run as a formula is written with a leading apostrophe
            expected = clean(text).strip()
            assert expected in cells or defuse(expected) in cells, "the CSV does not round-trip the description"
    finally:
        shutil.rmtree(outdir, ignore_errors=True)


CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)


@settings(max_examples=12, deadline=None, phases=NO_SHRINK, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(field=st.sampled_from(PDF_FIELDS), before=_text(False), cjk=CJK)
def test_text_the_font_cannot_draw_stops_the_build_naming_the_field(workdir, field, before, cjk):
    from claimgen.errors import CaseError

    from claimgen import render

    if not any("sf95" in name for name in render.RENDERERS):
        pytest.skip("the SF-95 renderer has not landed yet")
    raw = copy.deepcopy(BASE)
    _set(raw, FIELDS[field][0], f"{before} {cjk}")
    outdir = workdir / "never"
    case = workdir / "case.yaml"
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    from claimgen import packet

    with pytest.raises(CaseError) as err:
        packet.build(case, outdir, __import__("datetime").date.fromisoformat(AS_OF))
    paths = [p.path for p in err.value.problems]
    assert field in paths, f"the error names {paths}, not {field}"
    assert not outdir.exists()
    assert not [p for p in workdir.iterdir() if p.name.startswith(".never")]


def test_astral_plane_text_is_refused_or_readable(workdir):
    """A character beyond the BMP (𝕊, 🂋, 𐌀) that the font has: refused naming the field, or readable in the PDF."""
    from claimgen.errors import CaseError

    raw = copy.deepcopy(BASE)
    _set(raw, FIELDS["claimants[0].name"][0], "Ana 𝕊𐌀🂋 Pérez")
    try:
        outdir, manifest = _build(workdir, raw)
    except CaseError as exc:
        assert "claimants[0].name" in [p.path for p in exc.problems]
        return
    texts = check_packet(outdir, manifest)
    assert _holds("sf95-c1.pdf", texts["sf95-c1.pdf"], "Ana 𝕊𐌀🂋 Pérez")
