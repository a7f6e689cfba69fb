"""Capture metadata read at intake: EXIF time, GPS and device; video/audio headers; flags."""

from __future__ import annotations

import datetime as dt
import struct
import wave
from pathlib import Path

import pytest
from PIL import Image

from claimgen.evidence import metadata as M
from claimgen.evidence.intake import add_files
from evidence_files import exif_jpeg

CASE = """\
claimgen: 1
incident: {date: 2025-06-14, state: MN, agencies: [ICE], narrative: "x"}
claimants: [{id: c1, name: "A", damages: {personal_injury: 10}}]
"""


@pytest.fixture
def case(tmp_path) -> Path:
    p = tmp_path / "case.yaml"
    p.write_text(CASE, encoding="utf-8")
    return p


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def tiny_mp4(path: Path, created: dt.datetime, seconds: int) -> Path:
    """ftyp + moov/mvhd (creation time, duration) + mdat: enough for a parser, no real frames."""
    qt = int((created - dt.datetime(1904, 1, 1, tzinfo=dt.timezone.utc)).total_seconds())
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = struct.pack(">B3xIIII", 0, qt, qt, 1000, seconds * 1000) + struct.pack(">IH10x", 0x10000, 0x100)
    mvhd += matrix + b"\0" * 24 + struct.pack(">I", 2)
    data = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41") + box(b"moov", box(b"mvhd", mvhd))
    path.write_bytes(data + box(b"mdat", b"\0" * 64))
    return path


def test_exif_time_gps_device(tmp_path):
    cap = M.capture_metadata(exif_jpeg(tmp_path / "p.jpg"), "image/jpeg")
    assert cap.captured_at == "2025-06-14T06:12:30-05:00"
    # 44 + 56/60 + 55.65/3600 = 44.948792 ; -(93 + 15/60 + 44.25/3600) = -93.262292
    assert cap.metadata["gps_latitude"] == pytest.approx(44.948792, abs=1e-6)
    assert cap.metadata["gps_longitude"] == pytest.approx(-93.262292, abs=1e-6)
    assert cap.metadata["device"] == "Apple iPhone 13"
    assert cap.flags == []


def test_exif_without_offset_gps_or_device_is_flagged(tmp_path):
    cap = M.capture_metadata(exif_jpeg(tmp_path / "p.jpg", offset=None, gps=False, device=False), "image/jpeg")
    assert cap.captured_at == "2025-06-14T06:12:30"
    assert "time zone not recorded" in cap.metadata["captured_at_source"]
    assert M.FLAG_NO_GPS in cap.flags and M.FLAG_NO_DEVICE in cap.flags


def test_jpeg_without_exif_looks_stripped(tmp_path):
    p = tmp_path / "from-whatsapp.jpg"
    Image.new("RGB", (8, 8)).save(p)
    cap = M.capture_metadata(p, "image/jpeg")
    assert cap.captured_at is None
    assert M.FLAG_STRIPPED_JPEG in cap.flags and M.FLAG_NO_CAPTURE in cap.flags


def test_png_screenshot_has_no_capture_metadata(tmp_path):
    p = tmp_path / "screenshot.png"
    Image.new("RGB", (8, 8)).save(p)
    cap = M.capture_metadata(p, "image/png")
    assert cap.flags == [M.FLAG_NO_CAPTURE]


def test_video_creation_time_and_duration(tmp_path):
    p = tiny_mp4(tmp_path / "porch.mp4", dt.datetime(2025, 6, 14, 11, 12, 30, tzinfo=dt.timezone.utc), 92)
    cap = M.capture_metadata(p, "video/mp4")
    assert cap.captured_at == "2025-06-14T11:12:30+00:00"
    assert cap.metadata["duration_seconds"] == 92
    assert cap.flags == []


def test_audio_duration_without_date_is_flagged(tmp_path):
    p = tmp_path / "voicemail.wav"
    with wave.open(str(p), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 8000 * 3)
    cap = M.capture_metadata(p, "audio/x-wav")
    assert cap.metadata["duration_seconds"] == 3
    assert cap.flags == [M.FLAG_NO_CAPTURE]


def test_damaged_media_does_not_stop_intake(tmp_path, case):
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\0\0\0\x18ftypisom" + b"\xff" * 100)
    result = add_files(case, [bad], progress=False)
    assert result.added[0].mime_type.startswith("video/")
    assert M.FLAG_NO_CAPTURE in result.added[0].flags


def test_documents_get_no_flags(tmp_path):
    p = tmp_path / "invoice.txt"
    p.write_text("Invoice", encoding="utf-8")
    assert M.capture_metadata(p, "text/plain").flags == []


def test_mime_from_content_and_lying_extension():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    assert M.sniff_mime(png, "photo.png") == ("image/png", [])
    mime, flags = M.sniff_mime(png, "contract.pdf")
    assert mime == "image/png" and flags and "application/pdf" in flags[0]
    assert M.sniff_mime(b"plain words", "notes.txt") == ("text/plain", [])
    assert M.sniff_mime(b"\x01\x02", "blob") == ("application/octet-stream", [])


def test_ffprobe_output_is_parsed():
    doc = {"format": {"duration": "12.5", "tags": {
        "creation_time": "2025-06-14T11:12:30.000000Z",
        "com.apple.quicktime.location.ISO6709": "+44.9488-093.2623+250.000/",
        "com.apple.quicktime.make": "Apple", "com.apple.quicktime.model": "iPhone 13"}}}
    found = M.parse_ffprobe(doc)
    assert found["created"] == dt.datetime(2025, 6, 14, 11, 12, 30, tzinfo=dt.timezone.utc)
    assert found["duration"] == 12.5
    assert (found["gps_latitude"], found["gps_longitude"]) == (44.9488, -93.2623)
    assert found["device"] == "Apple iPhone 13"
    assert M.parse_ffprobe({}) == {}


def test_intake_records_photo_metadata(tmp_path, case):
    photo = exif_jpeg(tmp_path / "porch photo é.jpg")
    result = add_files(case, [photo], progress=False)
    [added] = result.added
    assert added.captured_at == "2025-06-14T06:12:30-05:00"
    from claimgen.caseio import load_case

    [e] = load_case(case).evidence
    assert e.mime_type == "image/jpeg"
    assert e.captured_at == "2025-06-14T06:12:30-05:00"
    assert float(e.metadata["gps_latitude"]) == pytest.approx(44.948792)
    assert e.metadata["device"] == "Apple iPhone 13"
    assert e.original_name == "porch photo é.jpg"
