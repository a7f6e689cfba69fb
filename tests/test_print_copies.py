"""The PDF copies for the agency: letter and evidence log PDFs, final copies, SF-95 box fixes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = dt.date(2026, 11, 22)
AGENCY_KINDS = {"sf95", "sf95_official", "transmittal_letter_pdf", "evidence_log_pdf", "mailing_packet"}


def build(case: Path, out: Path, **options) -> dict:
    from claimgen.options import BuildOptions
    from claimgen.packet import build as build_packet

    return build_packet(case, out, AS_OF, BuildOptions(**options))


def texts(pdf) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


@pytest.mark.parametrize("name", sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml")))
def test_final_copies_say_nothing_of_draft_or_the_tool(name, tmp_path):
    manifest = build(EXAMPLES / name / "case.yaml", tmp_path / "out", final=True)
    kinds = {f["kind"] for f in manifest["files"]}
    assert {"transmittal_letter_pdf", "evidence_log_pdf", "mailing_packet", "sf95"} <= kinds
    ids = {c.id for c in __import__("claimgen").load_case(EXAMPLES / name / "case.yaml").claimants}
    for f in manifest["files"]:
        if f["kind"] not in AGENCY_KINDS:
            continue
        reader = PdfReader(tmp_path / "out" / f["path"])
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        assert "claimgen" not in meta.lower(), f["path"]
        for n, text in enumerate(t.extract_text() or "" for t in reader.pages):
            low = text.lower()
            assert "draft" not in low and "claimgen" not in low, f"{f['path']} page {n + 1}"
            assert not re.search(r"\((claimant|damages item) ", text), f"{f['path']} page {n + 1} shows an internal id"
            for cid in ids:
                assert f"claimant {cid}" not in text


def test_draft_copies_keep_their_markings(tmp_path):
    build(EXAMPLES / "minneapolis-home-entry" / "case.yaml", tmp_path / "out")
    assert all("DRAFT for a lawyer's review" in t for t in texts(tmp_path / "out" / "transmittal-ICE.pdf"))
    log = texts(tmp_path / "out" / "evidence-log.pdf")
    assert "claimgen evidence verify case.yaml" in " ".join(log[0].split())
    assert "(claimant c1)" in " ".join(" ".join(log).split())
    assert "draft for review" in texts(tmp_path / "out" / "sf95-c1.pdf")[0]


def letter(context_changes: dict, final: bool = True):
    """The demo's ICE letter drawn from its DOCX context with ``context_changes`` applied."""
    from claimgen import load_case
    from claimgen.render import fonts
    from claimgen.render.letter_pdf import Letter
    from claimgen.render.letters import letter_context

    context = letter_context(load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml"), "ICE", AS_OF)
    context.update(context_changes)
    return Letter(context, fonts.load(None), final).pdf(0)


@pytest.mark.parametrize("extra", range(0, 22))
def test_signature_block_never_leaves_sincerely_or_the_body(extra):
    """However long the letter, "Sincerely," the signer and the body's last words share a page."""
    import io

    filler = [
        f"Paragraph {k} of the letter, long enough to wrap onto a second line of the page when it is drawn "
        f"at the letter's size, so that the closing moves down the page one step at a time."
        for k in range(extra)
    ]
    from claimgen import load_case
    from claimgen.render.letters import letter_context

    paragraphs = letter_context(load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml"), "ICE", AS_OF)[
        "paragraphs"
    ]
    pdf = letter({"paragraphs": filler + paragraphs})
    pages = texts(io.BytesIO(pdf))
    [closing] = [n for n, t in enumerate(pages) if "Sincerely," in t]
    page = " ".join(pages[closing].split())
    assert "Jordan Whitfield Attorney for the claimants" in page  # the signer under the closing
    last_words = " ".join(paragraphs[-1].split()[-3:])
    assert last_words in page.split("Sincerely,")[0]  # the body's last sentence above it


def test_second_page_has_a_running_head_and_pages_are_numbered():
    import io

    pdf = letter({"paragraphs": ["A long paragraph of the letter that fills the page. " * 12] * 4})
    pages = texts(io.BytesIO(pdf))
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        assert f"Page {n} of {len(pages)}" in text
        if n > 1:
            assert lines[:3] == ["U.S. Immigration and Customs Enforcement", "November 22, 2026", f"Page {n}"]
        assert "DRAFT" not in text  # final=True


def test_user_text_is_data_and_non_latin_names_render(tmp_path):
    root = tmp_path / "case"
    shutil.copytree(EXAMPLES / "minneapolis-home-entry", root)
    case = root / "case.yaml"
    text = case.read_text(encoding="utf-8")
    names = {"Tomás Ramírez": "Nguyễn Văn Đức", "María Ramírez": "Łucja Wóycicka-Żmuda"}
    for old, new in names.items():
        text = text.replace(old, new)
    text = text.replace("East Side Legal Aid (fictional)", "Smith & <b>Jones</b> {{ firm }} {% raw %}")
    case.write_text(text, encoding="utf-8")
    build(case, tmp_path / "out")
    for pdf in ("transmittal-ICE.pdf", "mailing-packet-ICE.pdf", "evidence-log.pdf"):
        joined = "\n".join(texts(tmp_path / "out" / pdf))
        assert "■" not in joined and "\x00" not in joined
        for new in names.values():
            assert new in joined, (pdf, new)
    letter_text = " ".join(" ".join(texts(tmp_path / "out" / "transmittal-ICE.pdf")).split())
    assert "Smith & <b>Jones</b> {{ firm }} {% raw %}" in letter_text


def test_a_character_the_font_lacks_is_refused_at_its_key(tmp_path):
    from claimgen import load_case
    from claimgen.errors import CaseError
    from claimgen.options import BuildOptions
    from claimgen.render import BuildContext, fonts
    from claimgen.render.letter_pdf import letter_pdf

    case = load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml")
    case.counsel.firm = "法律事務所"
    ctx = BuildContext(
        case=case,
        case_path=EXAMPLES / "minneapolis-home-entry" / "case.yaml",
        as_of=AS_OF,
        staging=tmp_path,
        options=BuildOptions(),
    )
    with pytest.raises(CaseError) as info:
        letter_pdf(ctx, "ICE", fonts.load(None))
    assert any(line.split(": ")[1] == "counsel.firm" for line in info.value.lines())


def test_sf95_boxes_4_5_and_9_are_never_silently_blank_or_wrong():
    from claimgen import load_case
    from claimgen.render.sf95_content import build_form

    case = load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml")
    person = case.claimants[0]
    person.date_of_birth = None
    person.marital_status = None
    person.property = None
    person.damages.property_damage = Decimal("1200.00")
    form = build_form(case, 0)
    assert [p.text for p in form.boxes["4"][0]] == ["Not provided"]
    assert [p.text for p in form.boxes["5"][0]] == ["Not provided"]
    # 12a claims property damage: box 9 is left visibly empty for the lawyer, never NONE
    assert form.boxes["9.owner"] == [[]] and form.boxes["9.property"] == [[]]
    person.damages.property_damage = Decimal("0.00")
    form = build_form(case, 0)
    assert [p.text for p in form.boxes["9.property"][0]] == ["NONE"]


def test_final_evidence_log_names_people_not_ids(tmp_path):
    build(EXAMPLES / "fatal-vehicle-stop" / "case.yaml", tmp_path / "out", final=True)
    log = " ".join(" ".join(texts(tmp_path / "out" / "evidence-log.pdf")).split())
    assert "Estate of Frantz Désir" in log and "authority of Mirlande Désir to act for Estate of Frantz Désir" in log
    assert "sha256sum FILE" in log and "evidence verify" not in log
