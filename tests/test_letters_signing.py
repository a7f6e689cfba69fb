"""Letters a lawyer (or a family) would sign: the voice fits who signs, the place reads as a phrase,
exhibits are counted right, and the signature never leaves "Sincerely," or sits alone on a page."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from claimgen.caseio import parse_case
from claimgen.render.letters import letter_context, place_phrase, render_letter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = dt.date(2026, 11, 22)
EPOCH = 1_795_000_000


def raw_example(name: str = "minneapolis-home-entry") -> dict:
    return yaml.safe_load((EXAMPLES / name / "case.yaml").read_text(encoding="utf-8"))


def text_of(blob: bytes) -> str:
    document = docx.Document(io.BytesIO(blob))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def letter(raw: dict, agency: str = "ICE") -> str:
    return text_of(render_letter(parse_case(raw, "case.yaml"), agency, AS_OF, EPOCH))


def family(raw: dict) -> dict:
    raw.pop("counsel", None)
    return raw


def test_a_family_filing_for_itself_speaks_as_we_and_asks_to_be_written_to():
    text = letter(family(raw_example()))
    assert "We present our claims for money damages" in text
    assert "Please send all communication about these claims to us at the address above." in text
    assert "On behalf of" not in text and "not to the claimants directly" not in text
    assert "cc:" not in text
    for name in ("Tomás Ramírez", "María Ramírez"):  # each claimant signs
        assert f"\n{name}\n" in text


def test_counsel_presents_for_the_claimants_and_routes_communication_through_counsel():
    text = letter(raw_example())
    assert "On behalf of the claimants named below, I present their claims" in text
    assert (
        "Please direct all communication about these claims to me at the address above, not to the claimants directly."
        in text
    )
    assert "We present our claims" not in text and "to us at the address above" not in text


def test_one_person_filing_alone_and_one_representative():
    raw = family(raw_example())
    raw["claimants"] = [raw["claimants"][0]]
    raw["evidence"] = [e for e in raw["evidence"] if all(not s.startswith(("c2", "c3")) for s in e.get("supports", []))]
    for e in raw["evidence"]:
        e["supports"] = [s for s in e.get("supports", []) if s.startswith(("c1", "box", "w"))]
    text = letter(raw)
    assert "I present my claim for money damages" in text
    assert "Please send all communication about this claim to me at the address above." in text
    fatal = raw_example("fatal-vehicle-stop")
    fatal.pop("counsel")
    fatal["claimants"] = [fatal["claimants"][0]]
    for e in fatal["evidence"]:
        e["supports"] = [s for s in e.get("supports", []) if not s.startswith("kervens")]
    context = letter_context(parse_case(fatal, "case.yaml"), "ICE", AS_OF)
    assert context["voice"] == "rep"
    assert context["presentment"].startswith(
        "As Administrator of the Estate of Frantz Désir, I present the claim of Estate of Frantz Désir"
    )


@pytest.mark.parametrize(
    "place,phrase",
    [
        ("At our home", "at our home"),
        ("at the checkpoint on I-19", "at the checkpoint on I-19"),
        ("Near the corner of 5th and Main.", "near the corner of 5th and Main"),
        ("1234 Elm St, Minneapolis", "at 1234 Elm St, Minneapolis"),
        ("In front of the courthouse", "in front of the courthouse"),
        ("ATF office", "at ATF office"),
        ("1234 Elm St.", "at 1234 Elm St."),
        ("at our house.", "at our house"),
        (None, "in Minnesota"),
        ("", "in Minnesota"),
    ],
)
def test_the_place_reads_as_a_phrase(place, phrase):
    assert place_phrase(place, "Minnesota") == phrase


def test_no_pasted_preposition_in_the_letter():
    raw = raw_example()
    raw["incident"]["place"] = "At our home"
    text = letter(raw)
    assert "Immigration and Customs Enforcement at our home on June 14, 2025" in text
    assert "at At" not in text


def test_one_exhibit_and_no_exhibits():
    raw = raw_example()
    raw["claimants"][2]["representative"]["authority_documents"] = []
    raw["evidence"] = [raw["evidence"][0]]
    raw["claimants"] = [
        dict(c, damages_items=[dict(i, evidence=[]) for i in c.get("damages_items", [])]) for c in raw["claimants"]
    ]
    text = letter(raw)
    assert "Evidence log and the exhibit it lists (E-001)" in text
    assert "1 exhibits" not in text and "E-001 to E-001" not in text
    raw["evidence"] = []
    text = letter(raw)
    assert "Evidence log" not in text


def test_later_pages_carry_a_running_head_and_every_page_a_number():
    blob = render_letter(parse_case(raw_example(), "case.yaml"), "ICE", AS_OF, EPOCH)
    section = docx.Document(io.BytesIO(blob)).sections[0]
    assert section.different_first_page_header_footer
    head = "".join(p.text for p in section.header.paragraphs)
    assert head.startswith("U.S. Immigration and Customs Enforcement — November 22, 2026 — Page ")
    assert "Page " in "".join(p.text for p in section.first_page_footer.paragraphs)
    assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""


# ---------------------------------------------------------------- the printed letter (LibreOffice)


def _pages(pdf: Path) -> list[str]:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\f")


BODY_LINES = [0, 12, 24, 36, 48, 60]


def _long_letter(body_lines: int) -> bytes:
    """The Arizona letter to CBP, with one extra claimant for every six lines of ``body_lines``."""
    raw = raw_example("arizona-checkpoint-force")
    extra = raw["claimants"][0]
    for n in range(body_lines // 6):  # each extra claimant adds lines to the list of sums
        twin = yaml.safe_load(yaml.safe_dump(extra))
        twin["id"] = f"x{n}"
        twin["name"] = f"Claimant Number {n} With A Rather Long Name For Wrapping"
        for item in twin.get("damages_items", []):
            item["id"] = f"x{n}-{item['id']}" if item.get("id") else None
        raw["claimants"].append(twin)
    return render_letter(parse_case(raw, "case.yaml"), "CBP", AS_OF, EPOCH)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Path, str]:
    """Every length of letter printed by one LibreOffice run (starting it is most of the time):
    (the folder holding letter-N.pdf for each N of BODY_LINES, LibreOffice's messages)."""
    folder = tmp_path_factory.mktemp("letters")
    sources = []
    for body_lines in BODY_LINES:
        sources.append(folder / f"letter-{body_lines}.docx")
        sources[-1].write_bytes(_long_letter(body_lines))
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder / 'lo'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return folder, done.stderr


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed to print the letter",
)
@pytest.mark.parametrize("body_lines", BODY_LINES)
def test_the_signature_prints_on_the_page_of_sincerely_and_never_alone(printed, body_lines):
    """Letters of growing length (more claimants) push the close across the page break."""
    folder, stderr = printed
    pdf = folder / f"letter-{body_lines}.pdf"
    if not pdf.is_file():
        pytest.skip(f"LibreOffice did not convert the letter: {stderr[-200:]}")
    pages = [p for p in _pages(pdf) if p.strip()]
    with_closing = [i for i, p in enumerate(pages) if "Sincerely," in p]
    assert len(with_closing) == 1
    page = pages[with_closing[0]]
    assert "Nizhoni Begay" in page and "Supervising attorney" in page
    before = page[: page.index("Sincerely,")]
    body = [line for line in before.splitlines() if line.strip() and "Page " not in line]
    assert body, "Sincerely, and the signatures sit alone on their page"
    for i, p in enumerate(pages, 1):  # page 1 numbered at its foot, later pages in the running head
        lines = [line.strip() for line in p.splitlines() if line.strip()]
        shown = lines[-1] if i == 1 else lines[0]
        assert shown.endswith(f"Page {i} of {len(pages)}"), (i, shown)
        if i > 1:
            assert shown.startswith("U.S. Customs and Border Protection — November 22, 2026")
