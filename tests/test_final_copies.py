"""Final copies (`build --final`): the letter and the evidence log as the agency gets them, and the
smaller promises of every build: DOCX properties, the CSV in Excel, the case's name, SHA256SUMS."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from claimgen import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = "2026-11-22"
AGENCY_KINDS = {"transmittal_letter", "evidence_log", "evidence_log_csv", "preservation_letter"}  # mailed to the agency


def example(tmp_path: Path, name: str = "minneapolis-home-entry", edit=None) -> Path:
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)
    case = target / "case.yaml"
    if edit is not None:
        raw = yaml.safe_load(case.read_text(encoding="utf-8"))
        edit(raw)
        case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def build(capsys, case: Path, out: Path, *extra: str) -> dict:
    code = cli.main(["build", str(case), "-o", str(out), "--as-of", AS_OF, *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def docx_text(path: Path) -> str:
    """Every word a reader can see in a DOCX: body, tables, headers, footers, and its properties."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    for section in document.sections:
        for hf in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts += [p.text for p in hf.paragraphs]
    props = document.core_properties
    parts += [props.title, props.subject, props.author, props.last_modified_by, props.comments, props.keywords]
    return "\n".join(x for x in parts if x)


def agency_texts(out: Path, manifest: dict) -> dict[str, str]:
    texts = {}
    for f in manifest["files"]:
        if f["kind"] not in AGENCY_KINDS:
            continue
        path = out / f["path"]
        texts[f["path"]] = docx_text(path) if path.suffix == ".docx" else path.read_bytes().decode("utf-8-sig")
    return texts


@pytest.mark.parametrize("name", ["minneapolis-home-entry", "arizona-checkpoint-force", "texas-worksite-arrest"])
def test_final_copies_say_nothing_about_drafts_the_tool_or_internal_ids(tmp_path, capsys, name):
    case = example(tmp_path, name)
    out = tmp_path / "final"
    manifest = build(capsys, case, out, "--final")
    texts = agency_texts(out, manifest)
    assert {Path(p).suffix for p in texts} == {".docx", ".csv"}
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    ids = [c["id"] for c in raw["claimants"]]
    ids += [i["id"] for c in raw["claimants"] for i in c.get("damages_items", []) if i.get("id")]
    for path, text in texts.items():
        low = text.lower()
        assert "draft" not in low, path
        assert "claimgen" not in low, path
        assert "python-docx" not in low, path
        assert "[verify" not in low and "[[" not in text, path  # no citation the agency is told to check
        for ident in ids:  # an id as a word of its own (a hash may hold "c1" by chance)
            assert not re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text), (path, ident)
    reader = csv.reader(io.StringIO(texts["evidence-log.csv"], newline=""))
    assert "supports_ids" not in next(reader)


def test_the_mailed_preservation_letter_cites_only_primary_authority_and_the_draft_shows_the_rest(tmp_path, capsys):
    case = example(tmp_path)
    draft, final = tmp_path / "draft", tmp_path / "final"
    build(capsys, case, draft)
    build(capsys, case, final, "--final")
    draft_text, final_text = docx_text(draft / "preservation-ICE.docx"), docx_text(final / "preservation-ICE.docx")
    # Silvestri and Fed. R. Civ. P. 37(e) are secondary-verified rows: marked for the lawyer in the draft ...
    assert "anticipated litigation (Silvestri, 271 F.3d 583 (4th Cir. 2001) [verify: secondary source])" in draft_text
    # ... and left out of the letter that is mailed, the sentence closing cleanly without them
    assert "Silvestri" not in final_text and "37(e)" not in final_text
    assert "relevant to anticipated litigation. Electronically stored information" in final_text
    assert "to an adverse presumption, dismissal or default.\n" in final_text + "\n"


def test_a_draft_keeps_its_markings(tmp_path, capsys):
    case = example(tmp_path)
    out = tmp_path / "draft"
    build(capsys, case, out)
    log = docx_text(out / "evidence-log.docx")
    assert "DRAFT for a lawyer's review" in log and "claimgen evidence verify" in log
    assert "(claimant c1)" in log
    rows = list(csv.DictReader(io.StringIO((out / "evidence-log.csv").read_bytes().decode("utf-8-sig"), newline="")))
    assert "supports_ids" in rows[0]


def test_docx_properties_name_the_document_and_who_signs_with_a_fixed_date(tmp_path, capsys):
    case = example(tmp_path)
    out = tmp_path / "p"
    build(capsys, case, out)
    noon = dt.datetime(2026, 11, 22, 12, 0)
    for name, title in [
        ("transmittal-ICE.docx", "Letter to U.S. Immigration and Customs Enforcement"),
        ("evidence-log.docx", "Evidence log — Ramírez household"),
        ("cover-memo.docx", "Cover memo — Ramírez household"),
    ]:
        props = docx.Document(str(out / name)).core_properties
        assert props.author == "Jordan Whitfield", name
        assert props.title.startswith(title), name
        assert props.subject, name
        assert props.created.replace(tzinfo=None) == noon and props.modified.replace(tzinfo=None) == noon, name
        core = zipfile.ZipFile(out / name).read("docProps/core.xml").decode("utf-8")
        assert "python-docx" not in core and "claimgen" not in core, name


def test_csv_has_a_byte_order_mark_and_no_live_formulas(tmp_path, capsys):
    hostile = {
        "description": '=HYPERLINK("http://example.invalid","x")',
        "source": "+1 612 555 0100",
        "custodian": "@someone",
        "original_name": "-leading-dash.txt",
    }

    def edit(raw):
        raw["evidence"][0].update({k: v for k, v in hostile.items() if k != "original_name"})
        raw["evidence"][1]["description"] = "-5 dollars off"
        raw["evidence"][2]["description"] = "- a dash"

    case = example(tmp_path, edit=edit)
    out = tmp_path / "csv"
    build(capsys, case, out)
    data = (out / "evidence-log.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0]["description"] == "'" + hostile["description"]
    assert rows[0]["source"] == "'" + hostile["source"]
    assert rows[0]["custodian"] == "'" + hostile["custodian"]
    assert rows[1]["description"] == "'-5 dollars off"
    assert rows[2]["description"] == "'- a dash"
    for row in rows:  # no other cell starts a formula
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize(
    "cell,written",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
        (" =x", " =x"),
    ],
)
def test_defuse_prefixes_exactly_the_cells_a_spreadsheet_would_run(cell, written):
    from claimgen.render.csvfile import csv_bytes, defuse

    assert defuse(cell) == written
    data = csv_bytes(["h"], [[cell]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1] == [written]


def test_calendar_and_log_name_the_case_by_title_or_folder(tmp_path, capsys):
    from icalendar import Calendar

    case = example(tmp_path)
    out = tmp_path / "t"
    build(capsys, case, out)
    title = yaml.safe_load(case.read_text(encoding="utf-8"))["title"]
    summaries = [str(e["summary"]) for e in Calendar.from_ical((out / "deadlines.ics").read_bytes()).walk("VEVENT")]
    assert summaries and all(s.startswith(f"{title}: ") for s in summaries)

    untitled = example(tmp_path / "u", edit=lambda raw: raw.pop("title"))
    out2 = tmp_path / "u-out"
    build(capsys, untitled, out2)
    folder = untitled.parent.name
    summaries = [str(e["summary"]) for e in Calendar.from_ical((out2 / "deadlines.ics").read_bytes()).walk("VEVENT")]
    assert all(s.startswith(f"{folder}: ") for s in summaries)
    log = docx_text(out2 / "evidence-log.docx")
    assert folder in log and "Untitled case" not in log


def test_sha256sums_says_where_to_run_it_and_checks_from_there(tmp_path, capsys):
    case = example(tmp_path)
    out = tmp_path / "s"
    build(capsys, case, out)
    sums = out / "SHA256SUMS"
    first = sums.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "case.yaml" in first and "sha256sum -c" in first
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum is not installed")
    done = subprocess.run(
        ["sha256sum", "--strict", "-c", str(sums)], cwd=case.parent, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(yaml.safe_load(case.read_text(encoding="utf-8"))["evidence"])


def test_final_builds_are_byte_reproducible(tmp_path, capsys):
    case = example(tmp_path)
    a = build(capsys, case, tmp_path / "a", "--final")
    b = build(capsys, case, tmp_path / "b", "--final")
    assert a == b


def test_check_ics_names_the_case_by_its_folder_when_it_has_no_title(tmp_path, capsys):
    from icalendar import Calendar

    case = example(tmp_path, edit=lambda raw: raw.pop("title"))
    ics = tmp_path / "deadlines.ics"
    code = cli.main(["check", str(case), "--as-of", AS_OF, "--ics", str(ics)])
    capsys.readouterr()
    assert code == 0
    calendar = Calendar.from_ical(ics.read_bytes())
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert summaries and all(s.startswith(f"{case.parent.name}: ") for s in summaries)
    assert str(calendar["x-wr-calname"]) == f"Claim deadlines — {case.parent.name}"


def test_agency_pdfs_name_who_signs_not_a_library_default(tmp_path, capsys):
    from pypdf import PdfReader

    case = example(tmp_path)
    out = tmp_path / "final"
    manifest = build(capsys, case, out, "--final")
    agency_pdfs = {"sf95", "transmittal_letter_pdf", "evidence_log_pdf", "mailing_packet"}
    for f in manifest["files"]:
        if f["kind"] not in agency_pdfs:
            continue
        info = PdfReader(str(out / f["path"])).metadata
        values = " ".join(str(v) for v in info.values()).lower()
        assert "anonymous" not in values and "unspecified" not in values, (f["path"], info)
        assert "claimgen" not in values and "draft" not in values, (f["path"], info)
        if f["kind"] in {"transmittal_letter_pdf", "mailing_packet"}:
            assert info.author == "Jordan Whitfield", f["path"]
