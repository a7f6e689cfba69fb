"""The mailing packet: one PDF per agency, its parts in order, Bates numbers, index, bookmarks."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = dt.date(2026, 11, 22)
RANGE = re.compile(r"^(E-\d{3})\n.*?[A-Z0-9-]+-(\d{6})(?: to [A-Z0-9-]+-(\d{6}))?$", re.S | re.M)


def build(case: Path, out: Path, **options) -> dict:
    from claimgen.options import BuildOptions
    from claimgen.packet import build as build_packet

    return build_packet(case, out, AS_OF, BuildOptions(**options))


def texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def pages(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def entry(manifest: dict, kind: str, **match) -> list[dict]:
    return [f for f in manifest["files"] if f["kind"] == kind and all(f.get(k) == v for k, v in match.items())]


def make_pdf(n_pages: int, label: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(595, 842), invariant=1)  # A4, as a scanner would make it
    for k in range(1, n_pages + 1):
        c.setFont("Helvetica", 14)
        c.drawString(72, 700, f"{label} page {k}")
        c.showPage()
    c.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def mixed_case(tmp_path_factory) -> Path:
    """The demo household with a scanned PDF (3 pages), a PNG photo, a video and a text note added."""
    from PIL import Image

    from claimgen import cli

    root = tmp_path_factory.mktemp("mixed")
    shutil.copytree(EXAMPLES / "minneapolis-home-entry", root / "case")
    case = root / "case" / "case.yaml"
    ev = root / "case" / "evidence"
    (ev / "police-report.pdf").write_bytes(make_pdf(3, "Police report"))
    Image.new("RGB", (400, 300), (200, 40, 40)).save(ev / "door-photo.png")
    (ev / "doorbell-video.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    (ev / "neighbor-note.txt").write_text(
        "Note from the neighbour\nI saw two officers at 6:05 a.m.\n", encoding="utf-8"
    )
    for name, description in [
        ("police-report.pdf", "Police report, 3 pages"),
        ("door-photo.png", "Photo of the door"),
        ("doorbell-video.mp4", "Doorbell camera video"),
        ("neighbor-note.txt", "Neighbour's note"),
    ]:
        assert (
            cli.main(
                [
                    "evidence",
                    "add",
                    str(case),
                    str(ev / name),
                    "--description",
                    description,
                    "--source",
                    "family",
                    "--by",
                    "Jordan Whitfield",
                ]
            )
            == 0
        )
    return case


@pytest.fixture(scope="module")
def mixed_packet(mixed_case, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mixed-out") / "packet"
    build(mixed_case, out, bates_prefix="SMITH-2026")
    return out


def index_ranges(page_texts: list[str]) -> dict[str, tuple[int, int]]:
    """exhibit id → (first, last) page as the index pages state them."""
    ranges = {}
    for text in page_texts:
        if text.lstrip().startswith("Exhibit index"):
            for m in RANGE.finditer(text.split("\nPages\n", 1)[1]):
                first = int(m.group(2))
                ranges[m.group(1)] = (first, int(m.group(3)) if m.group(3) else first)
    return ranges


def test_every_page_carries_its_bates_number_without_a_gap(mixed_packet):
    manifest = json.loads((mixed_packet / "manifest.json").read_text())
    [packet] = entry(manifest, "mailing_packet", agency="ICE")
    assert packet["path"] == "mailing-packet-ICE.pdf"
    page_texts = texts(mixed_packet / packet["path"])
    for n, text in enumerate(page_texts, 1):
        stamps = re.findall(r"SMITH-2026-(\d{6})", text)
        assert f"{n:06d}" in stamps, f"page {n} lacks SMITH-2026-{n:06d}"
        if not text.lstrip().startswith("Exhibit index"):  # only the index names other pages
            assert set(stamps) == {f"{n:06d}"}, f"page {n} stamps {stamps}"
    assert packet["bates"] == ["SMITH-2026-000001", f"SMITH-2026-{len(page_texts):06d}"]
    assert packet["pages"] == len(page_texts)


def test_page_count_is_the_sum_of_its_parts_and_exhibits_sit_where_the_index_says(mixed_packet, mixed_case):
    from claimgen.caseio import load_case

    case = load_case(mixed_case)
    manifest = json.loads((mixed_packet / "manifest.json").read_text())
    page_texts = texts(mixed_packet / "mailing-packet-ICE.pdf")
    letter = pages(mixed_packet / "transmittal-ICE.pdf")
    forms = sum(pages(mixed_packet / f["path"]) for f in entry(manifest, "sf95"))
    log = pages(mixed_packet / "evidence-log.pdf")
    index_pages = [n for n, t in enumerate(page_texts, 1) if t.lstrip().startswith("Exhibit index")]
    ranges = index_ranges(page_texts)
    assert list(ranges) == [e.id for e in case.evidence]  # every exhibit, in the case file's order
    exhibit_pages = sum(last - first + 1 for first, last in ranges.values())
    assert len(page_texts) == letter + forms + log + len(index_pages) + exhibit_pages
    # the parts in order: letter, forms, log, index, exhibits without a gap to the last page
    assert index_pages == list(range(letter + forms + log + 1, letter + forms + log + len(index_pages) + 1))
    expected = index_pages[-1] + 1
    for e in case.evidence:
        first, last = ranges[e.id]
        assert first == expected
        expected = last + 1
        for n in range(first, last + 1):
            assert e.id in page_texts[n - 1], f"page {n} of {e.id} does not name it"
    assert expected == len(page_texts) + 1
    assert page_texts[0].lstrip().startswith("Jordan Whitfield")  # the letter comes first
    assert "CLAIM FOR DAMAGE" in page_texts[letter]


def test_each_kind_of_exhibit_is_printed_its_own_way(mixed_packet, mixed_case):
    from claimgen.caseio import load_case

    case = load_case(mixed_case)
    page_texts = texts(mixed_packet / "mailing-packet-ICE.pdf")
    ranges = index_ranges(page_texts)
    by_name = {Path(e.path).name: e for e in case.evidence}
    pdf = by_name["police-report.pdf"]
    first, last = ranges[pdf.id]
    assert last - first + 1 == 3  # merged page by page
    assert [f"Police report page {k}" in page_texts[first - 1 + k - 1] for k in (1, 2, 3)] == [True, True, True]
    photo = by_name["door-photo.png"]
    first, last = ranges[photo.id]
    assert first == last
    flat = " ".join(page_texts[first - 1].split())
    assert f"Exhibit {photo.id} — Photo of the door" in flat and photo.sha256 in flat.replace(" ", "")
    assert PdfReader(str(mixed_packet / "mailing-packet-ICE.pdf")).pages[first - 1].images, "the photo is on its page"
    video = by_name["doorbell-video.mp4"]
    first, last = ranges[video.id]
    flat = " ".join(page_texts[first - 1].split())
    assert first == last and "on the enclosed USB drive" in flat and f"{video.size:,} bytes" in flat
    assert video.sha256 in flat.replace(" ", "") and "Doorbell camera video" in flat
    note = by_name["neighbor-note.txt"]
    first, _ = ranges[note.id]
    assert "I saw two officers at 6:05 a.m." in page_texts[first - 1]  # printed as text, not a placeholder
    assert "USB" not in page_texts[first - 1]


def test_bookmarks_lead_to_each_part(mixed_packet):
    reader = PdfReader(str(mixed_packet / "mailing-packet-ICE.pdf"))
    outline = reader.outline
    top = [item for item in outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles[:2] == ["Transmittal letter", "Standard Form 95 — Tomás Ramírez"]
    assert titles[-3:] == ["Evidence log", "Exhibit index", "Exhibits"]
    children = next(item for item in outline if isinstance(item, list))
    assert children[0].title.startswith("E-001 — ")
    assert reader.get_destination_page_number(top[0]) == 0
    ranges = index_ranges([p.extract_text() for p in reader.pages])
    for child in children:
        exhibit = child.title.split(" — ")[0]
        assert reader.get_destination_page_number(child) + 1 == ranges[exhibit][0]


def test_draft_marks_every_page_and_final_none(mixed_case, tmp_path):
    draft, final = tmp_path / "draft", tmp_path / "final"
    build(mixed_case, draft)
    build(mixed_case, final, final=True)
    draft_texts = texts(draft / "mailing-packet-ICE.pdf")
    assert all("DRAFT" in t for t in draft_texts)
    assert all("CLAIM-" in t for t in draft_texts)  # the default prefix
    final_texts = texts(final / "mailing-packet-ICE.pdf")
    assert len(final_texts) == len(draft_texts)
    for n, t in enumerate(final_texts, 1):
        assert "draft" not in t.lower() and "claimgen" not in t.lower(), f"final page {n}: {t[:200]!r}"
        assert f"CLAIM-{n:06d}" in t


def test_fonts_drawn_by_claimgen_are_embedded(mixed_packet):
    reader = PdfReader(str(mixed_packet / "mailing-packet-ICE.pdf"))
    seen = 0
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if font.get("/BaseFont", "").endswith(("Helvetica", "Times-Roman", "Courier")):
                continue  # the test's own scanned PDF exhibit uses a standard font; claimgen never does
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert descriptor is not None, font.get("/BaseFont")
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
            seen += 1
    assert seen > 0


def test_packet_bytes_are_reproducible(mixed_case, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build(mixed_case, a)
    build(mixed_case, b)
    for name in ("mailing-packet-ICE.pdf", "transmittal-ICE.pdf", "evidence-log.pdf"):
        assert hashlib.sha256((a / name).read_bytes()).digest() == hashlib.sha256((b / name).read_bytes()).digest(), (
            name
        )


def test_every_agency_gets_its_own_packet_counting_from_one(tmp_path):
    root = tmp_path / "case"
    shutil.copytree(EXAMPLES / "minneapolis-home-entry", root)
    case = root / "case.yaml"
    text = case.read_text(encoding="utf-8")
    assert "agencies: [ICE]" in text
    case.write_text(text.replace("agencies: [ICE]", "agencies: [ICE, CBP]", 1), encoding="utf-8")
    manifest = build(case, tmp_path / "out")
    packets = {f["agency"]: f for f in entry(manifest, "mailing_packet")}
    assert set(packets) == {"ICE", "CBP"}
    for agency, f in packets.items():
        page_texts = texts(tmp_path / "out" / f["path"])
        assert "CLAIM-000001" in page_texts[0]
        assert (
            f"U.S. {'Immigration and Customs Enforcement' if agency == 'ICE' else 'Customs and Border Protection'}"
            in page_texts[0]
        )


@pytest.mark.parametrize("prefix", ["A B", "CLAIM/1", "", "Ñ-1"])
def test_a_bad_bates_prefix_is_a_usage_error(prefix, tmp_path, capsys):
    from claimgen import cli

    out = tmp_path / "out"
    code = cli.main(
        [
            "build",
            str(EXAMPLES / "minneapolis-home-entry" / "case.yaml"),
            "-o",
            str(out),
            "--as-of",
            "2026-11-22",
            "--bates-prefix",
            prefix,
        ]
    )
    assert code == 2 and not out.exists()
    assert "--bates-prefix" in capsys.readouterr().err
