"""The evidence log in the packet: DOCX (python-docx + strict XML), CSV (RFC 4180), SHA256SUMS (sha256sum -c)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import stat
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from claimgen.caseio import load_case
from claimgen.evidence.intake import add_files
from claimgen.render import BuildContext
from claimgen.render import evidence_log as L
from claimgen.render.docx import xml_problems

from helpers import AS_OF
from evidence_files import exif_jpeg

HOSTILE = "Receipt & invoice <b>bold</b> {{ 7*7 }} {% if true %}X{% endif %} — Nguyễn Thị Hương"
SHA256SUM = shutil.which("sha256sum")


def render_log(case_path: Path, staging: Path, as_of: str = AS_OF) -> dict[str, bytes]:
    """Run only the evidence-log renderer (other areas' renderers are tested by their owners)."""
    staging.mkdir(parents=True, exist_ok=True)
    ctx = BuildContext(case=load_case(case_path), case_path=case_path.resolve(),
                       as_of=dt.date.fromisoformat(as_of), staging=staging)
    L.render(ctx)
    kinds = {o.path: o.kind for o in ctx.outputs}
    return {path: (staging / path).read_bytes() for path in kinds} | {"_kinds": kinds}


def table_rows(data: bytes) -> list[list[str]]:
    document = docx.Document(io.BytesIO(data))
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------- the whole packet


def test_demo_packet_carries_the_three_files(demo_case, cli, tmp_path):
    out = tmp_path / "packet"
    r = cli("build", demo_case, "-o", out, "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds = {f["path"]: f["kind"] for f in manifest["files"]}
    assert kinds["evidence-log.docx"] == "evidence_log"
    assert kinds["evidence-log.csv"] == "evidence_log_csv"
    assert kinds["SHA256SUMS"] == "evidence_sha256sums"
    for name in ("evidence-log.docx", "evidence-log.csv", "SHA256SUMS"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600
    if SHA256SUM:
        check = subprocess.run([SHA256SUM, "-c", str(out / "SHA256SUMS")], cwd=demo_case.parent,
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert check.stdout.count(": OK") == 5


def test_docx_log_of_demo(demo_case, tmp_path):
    files = render_log(demo_case, tmp_path / "out")
    data = files["evidence-log.docx"]
    assert xml_problems(data, must_contain=(
        "Ramírez household — ICE home entry, June 14, 2025", "November 22, 2026",
        "Tomás Ramírez (claimant c1)", "SF-95 box 8 (basis of claim)", "sha256sum -c", "claimgen evidence verify",
    )) == []
    rows = table_rows(data)
    assert rows[0][:2] == ["Exhibit", "Description"] and len(rows[0]) == 10
    case = load_case(demo_case)
    assert [r[0] for r in rows[1:]] == [e.id for e in case.evidence]
    by_id = {r[0]: r for r in rows[1:]}
    e2 = by_id["E-002"]
    assert e2[6] == case.exhibit("E-002").sha256
    assert "Hennepin Healthcare emergency department, June 14, 2025 — $4,850.00 (damages item c1-er, Tomás Ramírez)" in e2[8]
    assert "SF-95 box 10" in e2[8]
    # E-005 is cited only by the representative's authority documents: the reverse link shows
    assert "authority of María Ramírez to act for Sofía Ramírez" in by_id["E-005"][8]
    assert "registered by Jordan Whitfield" in e2[9] and "hash matches" in e2[9]
    header = docx.Document(io.BytesIO(data)).sections[0].header
    assert "as of November 22, 2026" in "".join(p.text for p in header.paragraphs)


def test_csv_round_trips(demo_case, tmp_path):
    files = render_log(demo_case, tmp_path / "out")
    raw = files["evidence-log.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # the byte-order mark: Excel on Windows reads UTF-8
    assert raw.count(b"\r\n") >= 6 and raw.endswith(b"\r\n")
    rows = csv_rows(raw)
    assert list(rows[0].keys()) == L.CSV_COLUMNS
    case = load_case(demo_case)
    assert len(rows) == len(case.evidence)
    for row, e in zip(rows, case.evidence):
        assert (row["exhibit"], row["path"], row["sha256"], int(row["size_bytes"])) == (e.id, e.path, e.sha256, e.size)
        assert row["description"] == e.description
        assert row["source"] == (e.source or "") and row["custodian"] == (e.custodian or "")
        assert row["supports_ids"].split()[: len(e.supports)] == e.supports
    # the same rows as the DOCX
    docx_rows = table_rows(files["evidence-log.docx"])[1:]
    assert [r[0] for r in docx_rows] == [r["exhibit"] for r in rows]
    assert [r[6] for r in docx_rows] == [r["sha256"] for r in rows]
    assert [r[8] for r in docx_rows] == [r["supports"] for r in rows]


def test_photo_exif_time_and_gps_show_in_the_log(demo_case, tmp_path):
    photo = exif_jpeg(demo_case.parent / "evidence" / "porch photo é.jpg")
    add_files(demo_case, [photo], description="Photo of the broken door", supports=["c2", "box-9"], progress=False)
    files = render_log(demo_case, tmp_path / "out")
    row = table_rows(files["evidence-log.docx"])[-1]
    assert row[0] == "E-006"
    assert "Captured 2025-06-14 06:12:30 UTC-05:00" in row[3]
    assert "GPS 44.948792, -93.262292" in row[7]
    assert "Device: Apple iPhone 13" in row[7]
    assert "porch photo é.jpg" in row[4]
    assert "María Ramírez (claimant c2)" in row[8] and "SF-95 box 9 (property damage)" in row[8]
    last = csv_rows(files["evidence-log.csv"])[-1]
    assert last["captured_at"] == "2025-06-14T06:12:30-05:00"
    assert "GPS 44.948792, -93.262292" in last["metadata"]


def test_hostile_text_appears_literally(demo_case, tmp_path):
    f = demo_case.parent / "evidence" / "receipt.txt"
    f.write_text("receipt", encoding="utf-8")
    add_files(demo_case, [f], description=HOSTILE + "\n\nSecond paragraph & more",
              source="<script>alert(1)</script>", custodian="{{ config }}", by="A & B <Ltd>", progress=False)
    files = render_log(demo_case, tmp_path / "out")
    data = files["evidence-log.docx"]
    assert xml_problems(data, must_contain=(HOSTILE, "Second paragraph & more", "<script>alert(1)</script>",
                                            "{{ config }}", "A & B <Ltd>")) == []
    row = table_rows(data)[-1]
    assert row[1] == HOSTILE + "\nSecond paragraph & more"  # two paragraphs in the cell
    assert "49" not in row[1]
    last = csv_rows(files["evidence-log.csv"])[-1]
    assert last["description"] == HOSTILE + "\n\nSecond paragraph & more"
    assert last["source"] == "<script>alert(1)</script>"


def test_zero_evidence_still_renders(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(
        "claimgen: 1\nincident: {date: 2025-06-14, state: MN, agencies: [ICE], narrative: x}\n"
        "claimants: [{id: c1, name: A, damages: {personal_injury: 10}}]\n", encoding="utf-8")
    files = render_log(case, tmp_path / "out")
    data = files["evidence-log.docx"]
    assert xml_problems(data, must_contain=("No evidence items are registered", "no exhibits registered")) == []
    assert docx.Document(io.BytesIO(data)).tables == []
    assert files["evidence-log.csv"] == ("\ufeff" + ",".join(L.CSV_COLUMNS) + "\r\n").encode()
    assert "SHA256SUMS" not in files  # sha256sum -c refuses an empty list


def test_same_case_same_bytes(demo_case, tmp_path):
    a = render_log(demo_case, tmp_path / "a")
    b = render_log(demo_case, tmp_path / "b")
    assert a == b


# ---------------------------------------------------------------- SHA256SUMS


def test_sums_line_escaping():
    sha = "0" * 64
    assert L.sums_line(sha, "evidence/porch photo.jpg") == f"{sha}  evidence/porch photo.jpg\n"
    assert L.sums_line(sha, "a\\b.txt") == f"\\{sha}  a\\\\b.txt\n"
    assert L.sums_line(sha, "two\nlines.txt") == f"\\{sha}  two\\nlines.txt\n"


@pytest.mark.skipif(SHA256SUM is None, reason="coreutils sha256sum is not installed")
def test_sha256sum_accepts_odd_names_and_catches_tampering(tmp_path):
    case = tmp_path / "my case" / "case.yaml"
    case.parent.mkdir()
    case.write_text(
        "claimgen: 1\nincident: {date: 2025-06-14, state: MN, agencies: [ICE], narrative: x}\n"
        "claimants: [{id: c1, name: A, damages: {personal_injury: 10}}]\n", encoding="utf-8")
    ev = case.parent / "evidence"
    ev.mkdir()
    names = ["porch photo (1).jpg", "Declaración de María.txt", "back\\slash.txt", "  leading spaces.txt"]
    for i, name in enumerate(names):
        (ev / name).write_bytes(f"file {i}".encode())
    outside = tmp_path / "elsewhere" / "receipt.txt"
    outside.parent.mkdir()
    outside.write_bytes(b"outside")
    add_files(case, [ev, outside], progress=False)
    # a hand-written entry whose name holds a line break (intake refuses such names; old cases may have them)
    odd = ev / "two\nlines.txt"
    odd.write_bytes(b"odd")
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    data["evidence"].append({"id": "E-099", "path": "evidence/two\nlines.txt", "size": 3,
                             "sha256": __import__("hashlib").sha256(b"odd").hexdigest()})
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    packet = tmp_path / "packet"
    render_log(case, packet)
    sums = packet / "SHA256SUMS"
    check = subprocess.run([SHA256SUM, "-c", "--strict", str(sums)], cwd=case.parent, capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(b": OK") == 6

    (ev / "back\\slash.txt").write_bytes(b"tampered")
    check = subprocess.run([SHA256SUM, "-c", str(sums)], cwd=case.parent, capture_output=True)
    assert check.returncode == 1
    assert b"FAILED" in check.stdout
