"""Reproducibility: same case + same ``--as-of`` → the same bytes, wherever and whenever built.

Two builds of copies of the demo case in different folders, from different working
folders, in different time zones and locales, more than a second apart, must give
identical manifests and byte-identical files. Where a format needs a timestamp
(DOCX zip entries and core properties, PDF metadata, iCalendar DTSTAMP) it is
``SOURCE_DATE_EPOCH`` when set, else the as-of day at 12:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest

from helpers import AS_OF, copy_example, run_cli, verify_packet

AS_OF_NOON = int(dt.datetime.combine(dt.date.fromisoformat(AS_OF), dt.time(12), dt.timezone.utc).timestamp())
EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC


def _build(tmp: Path, folder: str, env: dict | None = None) -> Path:
    case = copy_example("minneapolis-home-entry", tmp / folder)
    outdir = tmp / folder / "packet"
    done = run_cli("build", case, "-o", outdir, "--as-of", AS_OF, cwd=tmp / folder, env=env)
    assert done.returncode == 0, done.stderr
    verify_packet(outdir)
    return outdir


def _files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    start = time.monotonic()
    a = _build(tmp_path, "first", env={"TZ": "America/Los_Angeles", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    time.sleep(max(0.0, 1.2 - (time.monotonic() - start)))  # a clock-dependent second would show
    b = _build(tmp_path, "second-place", env={"TZ": "Asia/Tokyo", "LANG": "es_MX.UTF-8", "LC_ALL": ""})
    files_a, files_b = _files(a), _files(b)
    assert json.loads(files_a["manifest.json"]) == json.loads(files_b["manifest.json"])
    assert sorted(files_a) == sorted(files_b)
    different = [name for name in files_a if files_a[name] != files_b[name]]
    assert different == [], f"not byte-identical: {different}"
    for name, data in files_a.items():  # no trace of where or by whom it was built
        assert str(tmp_path).encode() not in data, f"{name} embeds the build folder"


def _expected_stamp(epoch: int) -> tuple[int, ...]:
    t = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second - t.second % 2)


def _timestamps_in(name: str, data: bytes) -> list[tuple[str, dt.datetime | tuple]]:
    """Every timestamp a packet file carries, as (where, value)."""
    found: list[tuple[str, object]] = []
    if name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                found.append((f"{name}:{info.filename}", info.date_time))
            if "docProps/core.xml" in z.namelist():
                core = z.read("docProps/core.xml").decode("utf-8")
                for tag, value in re.findall(r"<dcterms:(created|modified)[^>]*>([^<]+)<", core):
                    found.append((f"{name}:core.{tag}", dt.datetime.fromisoformat(value.replace("Z", "+00:00"))))
    elif name.endswith(".pdf"):
        from pypdf import PdfReader

        meta = PdfReader(io.BytesIO(data)).metadata or {}
        for key in ("/CreationDate", "/ModDate"):
            if key in meta:
                value = str(meta[key])
                m = re.match(r"D:(\d{14})(Z|[+-]\d\d'?\d\d'?)?", value)
                assert m, f"{name}{key} {value!r} is not a PDF date"
                stamp = dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
                tz = m.group(2) or "Z"
                if tz == "Z":
                    stamp = stamp.replace(tzinfo=dt.timezone.utc)
                else:
                    sign = 1 if tz[0] == "+" else -1
                    digits = re.sub(r"\D", "", tz)
                    stamp = stamp.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))))
                found.append((f"{name}{key}", stamp))
    elif name.endswith(".ics"):
        for value in re.findall(r"^DTSTAMP[^:]*:(\S+)", data.decode("utf-8"), flags=re.M):
            found.append((f"{name}:DTSTAMP", dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)))
    return found


@pytest.mark.parametrize("source_date_epoch", [None, EPOCH], ids=["as-of-noon", "SOURCE_DATE_EPOCH"])
def test_unavoidable_timestamps_are_fixed(tmp_path, source_date_epoch):
    env = {"SOURCE_DATE_EPOCH": str(source_date_epoch)} if source_date_epoch else {"SOURCE_DATE_EPOCH": ""}
    outdir = _build(tmp_path, "case", env=env)
    epoch = source_date_epoch or AS_OF_NOON
    want = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    checked = 0
    for name, data in _files(outdir).items():
        for where, value in _timestamps_in(name, data):
            checked += 1
            if isinstance(value, tuple):
                assert value == _expected_stamp(epoch), f"{where} is {value}, not the fixed {want}"
            else:
                assert value == want, f"{where} is {value}, not the fixed {want}"
    docx = [n for n in _files(outdir) if n.endswith(".docx")]
    if docx:
        assert checked > 0
