"""`claimgen evidence add`: hashes, metadata, ids, duplicates, bad input, Ctrl-C — driven as a user would."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

import pytest
import yaml

from claimgen.caseio import load_case
from claimgen.errors import CaseError
from claimgen.evidence import hashing, intake
from claimgen.evidence.intake import add_files

MINIMAL_CASE = """\
# my notes about this case
claimgen: 1
title: "Test case"
incident:
  date: 2025-06-14
  state: MN
  agencies: [ICE]
  narrative: "Officers forced the door."   # keep this comment
claimants:
  - id: c1
    name: "Tomás Ramírez"
    damages: {personal_injury: 5000}
    damages_items:
      - {id: c1-er, category: personal_injury, description: "ER visit", amount: 5000}
witnesses:
  - id: w1
    name: "Nguyễn Thị Hương"
"""


@pytest.fixture
def case(tmp_path) -> Path:
    path = tmp_path / "case" / "case.yaml"
    path.parent.mkdir()
    path.write_text(MINIMAL_CASE, encoding="utf-8")
    return path


def evidence_of(case_path: Path) -> list[dict]:
    return yaml.safe_load(case_path.read_text(encoding="utf-8")).get("evidence") or []


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- hashing


@pytest.mark.parametrize(
    "size",
    [
        0,
        1,
        hashing.HEAD - 1,
        hashing.HEAD,
        hashing.CHUNK - 1,
        hashing.CHUNK,
        hashing.CHUNK + 1,
        3 * hashing.CHUNK + 17,
    ],
)
def test_hash_equals_hashlib(tmp_path, size):
    data = os.urandom(size)
    f = write(tmp_path / "f.bin", data)
    seen = []
    digest = hashing.hash_file(f, seen.append)
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    assert digest.size == size == sum(seen)
    assert digest.head == data[: hashing.HEAD]


def test_registered_hash_and_size_equal_hashlib(case):
    data = os.urandom(2 * hashing.CHUNK + 5)
    write(case.parent / "evidence" / "video.bin", data)
    result = add_files(case, [case.parent / "evidence" / "video.bin"], progress=False)
    [entry] = evidence_of(case)
    assert entry["sha256"] == hashlib.sha256(data).hexdigest() == result.added[0].sha256
    assert entry["size"] == len(data)
    assert entry["custody"][0]["sha256"] == entry["sha256"]


def test_fifo_is_refused_without_hanging(case, cli):
    fifo = case.parent / "pipe"
    os.mkfifo(fifo)
    before = case.read_bytes()
    r = cli("evidence", "add", case, fifo, timeout=20)
    assert r.returncode == 2
    assert "not a regular file" in r.stderr
    assert case.read_bytes() == before


# ---------------------------------------------------------------- the command


def test_add_folder_sorted_relative_paths_custody(demo_case, cli):
    ev = demo_case.parent / "evidence"
    write(ev / "photos" / "zz last.jpg", b"z" * 10)
    write(ev / "photos" / "Porch café – 06h12.txt", b"accented name")
    write(ev / "photos" / ".DS_Store", b"hidden")
    write(ev / ".hidden" / "secret.txt", b"hidden folder")
    r = cli(
        "evidence",
        "add",
        demo_case,
        ev / "photos",
        "--description",
        "Photos from the porch",
        "--source",
        "Nguyễn Thị Hương's phone",
        "--custodian",
        "East Side Legal Aid",
        "--supports",
        "c1",
        "w1",
        "box-8",
    )
    assert r.returncode == 0, r.stderr
    entries = evidence_of(demo_case)
    assert [e["id"] for e in entries] == ["E-001", "E-002", "E-003", "E-004", "E-005", "E-006", "E-007"]
    new = entries[5:]
    assert [e["path"] for e in new] == ["evidence/photos/Porch café – 06h12.txt", "evidence/photos/zz last.jpg"]
    for e in new:
        assert e["original_name"] == Path(e["path"]).name
        assert e["description"] == "Photos from the porch"
        assert e["source"] == "Nguyễn Thị Hương's phone"
        assert e["supports"] == ["c1", "w1", "box-8"]
        [event] = e["custody"]
        assert event["action"] == "registered"
        assert event["by"] == "unknown"  # no --by and no interview.registered_by: never the login name
        at = dt.datetime.fromisoformat(str(event["at"]))
        assert at.utcoffset() == dt.timedelta(0)
        assert abs((dt.datetime.now(dt.UTC) - at).total_seconds()) < 120
        assert event["sha256"] == e["sha256"]
        modified = dt.datetime.fromisoformat(str(e["file_modified"]))
        assert modified.utcoffset() is not None
    assert "E-006" in r.stdout and "E-007" in r.stdout
    assert ".DS_Store" not in demo_case.read_text(encoding="utf-8")
    assert "secret.txt" not in demo_case.read_text(encoding="utf-8")
    assert stat.S_IMODE(demo_case.stat().st_mode) == 0o600
    assert cli("validate", demo_case).returncode == 0
    assert cli("evidence", "verify", demo_case).returncode == 0


def test_comments_and_key_order_survive(case):
    write(case.parent / "a.txt", b"a")
    add_files(case, [case.parent / "a.txt"], progress=False)
    text = case.read_text(encoding="utf-8")
    assert text.startswith("# my notes about this case\nclaimgen: 1\ntitle:")
    assert "# keep this comment" in text
    assert text.index("claimants:") < text.index("witnesses:") < text.index("evidence:")


def test_by_defaults_to_unknown_never_the_login_and_by_wins(case, monkeypatch):
    write(case.parent / "a.txt", b"a")
    write(case.parent / "b.txt", b"b")
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: pytest.fail("the login name was looked up"))
    add_files(case, [case.parent / "a.txt"], progress=False)
    add_files(case, [case.parent / "b.txt"], custodian="Ana", by="Jordan", progress=False)
    a, b = evidence_of(case)
    assert a["custody"][0]["by"] == "unknown"
    assert b["custody"][0]["by"] == "Jordan" and b["custodian"] == "Ana"
    assert (a["id"], b["id"]) == ("E-001", "E-002")


def test_ids_continue_after_the_highest(case):
    write(case.parent / "a.txt", b"a")
    add_files(case, [case.parent / "a.txt"], progress=False)
    text = case.read_text(encoding="utf-8").replace("id: E-001", "id: E-041")
    case.write_text(text, encoding="utf-8")
    write(case.parent / "b.txt", b"b")
    result = add_files(case, [case.parent / "b.txt"], progress=False)
    assert result.ids == ["E-042"]


def test_same_content_is_not_registered_twice(demo_case, cli):
    ev = demo_case.parent / "evidence"
    copy = write(ev / "copy of statement.txt", (ev / "statement-maria-ramirez.txt").read_bytes())
    twin_a = write(demo_case.parent / "new" / "a.txt", b"same bytes")
    twin_b = write(demo_case.parent / "new" / "b.txt", b"same bytes")
    r = cli("evidence", "add", demo_case, copy, twin_a, twin_b, twin_a)
    assert r.returncode == 0, r.stderr
    entries = evidence_of(demo_case)
    assert len(entries) == 6
    assert entries[5]["path"] == "new/a.txt"
    assert "same content as E-001" in r.stdout
    assert "same content as E-006" in r.stdout
    before = demo_case.read_bytes()
    r = cli("evidence", "add", demo_case, demo_case.parent / "new")
    assert r.returncode == 0
    assert "nothing new" in r.stdout
    assert demo_case.read_bytes() == before


def test_changed_registered_file_is_reported_not_added(demo_case, cli):
    f = demo_case.parent / "evidence" / "door-repair-estimate.txt"
    f.write_bytes(f.read_bytes() + b" edited")
    r = cli("evidence", "add", demo_case, f)
    assert r.returncode == 1
    assert "E-003" in r.stderr and "CHANGED" in r.stderr
    assert len(evidence_of(demo_case)) == 5


def test_thousand_small_files_in_one_command(case, cli):
    folder = case.parent / "scans"
    folder.mkdir()
    for i in range(1000):
        (folder / f"page {i:04d}.txt").write_bytes(f"page {i}\n".encode())
    r = cli("evidence", "add", case, folder)
    assert r.returncode == 0, r.stderr
    entries = evidence_of(case)
    assert len(entries) == 1000
    assert entries[0]["id"] == "E-001" and entries[-1]["id"] == "E-1000"
    assert entries[0]["path"] == "scans/page 0000.txt"
    assert entries[999]["sha256"] == hashlib.sha256(b"page 999\n").hexdigest()
    assert len(load_case(case).evidence) == 1000


def test_file_outside_case_folder_warns_and_stores_absolute(case, tmp_path, cli):
    outside = write(tmp_path / "elsewhere" / "receipt.txt", b"receipt")
    r = cli("evidence", "add", case, outside)
    assert r.returncode == 0, r.stderr
    assert "outside the case folder" in r.stderr
    [entry] = evidence_of(case)
    assert entry["path"] == outside.resolve().as_posix()


# ---------------------------------------------------------------- bad input: exit 2, nothing written


def test_bad_input_one_line_per_problem_nothing_written(case, cli):
    write(case.parent / "good.txt", b"good")
    before = case.read_bytes()
    r = cli(
        "evidence",
        "add",
        case,
        case.parent / "good.txt",
        case.parent / "missing.jpg",
        case.parent / "gone",
        "--supports",
        "c1",
        "c9",
        "box-99",
    )
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 4, r.stderr
    assert any("missing.jpg" in ln and "no such file" in ln for ln in lines)
    assert any("'c9'" in ln for ln in lines) and any("'box-99'" in ln for ln in lines)
    assert "Traceback" not in r.stderr
    assert case.read_bytes() == before


def test_invalid_case_is_refused(case, cli):
    write(case.parent / "good.txt", b"good")
    case.write_text(MINIMAL_CASE.replace("state: MN", "state: ZZ"), encoding="utf-8")
    before = case.read_bytes()
    r = cli("evidence", "add", case, case.parent / "good.txt")
    assert r.returncode == 2
    assert "incident.state" in r.stderr
    assert case.read_bytes() == before


def test_control_characters_in_names_are_refused(case):
    bad = write(case.parent / "line\nbreak.txt", b"x")
    before = case.read_bytes()
    with pytest.raises(CaseError) as info:
        add_files(case, [bad], progress=False)
    assert "control characters" in " ".join(info.value.lines())
    assert "\n" not in "".join(info.value.lines())
    assert case.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_refused(case, cli):
    f = write(case.parent / "locked.txt", b"x")
    f.chmod(0)
    r = cli("evidence", "add", case, f)
    assert r.returncode == 2 and "permission denied" in r.stderr


def test_ctrl_c_while_hashing_leaves_case_byte_identical(case, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        write(case.parent / "ev" / name, name.encode())
    before = case.read_bytes()
    real = hashing.hash_file
    calls = []

    def interrupted(path, progress=None):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, progress)

    monkeypatch.setattr(intake, "hash_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        add_files(case, [case.parent / "ev"], progress=False)
    assert case.read_bytes() == before
    assert sorted(p.name for p in case.parent.iterdir()) == ["case.yaml", "ev"]  # no temp file left


def test_originals_are_not_touched(demo_case, cli):
    f = write(demo_case.parent / "evidence" / "photo.jpg", b"\xff\xd8\xff\xe0" + os.urandom(500))
    f.chmod(0o444)
    st = f.stat()
    r = cli("evidence", "add", demo_case, f)
    assert r.returncode == 0, r.stderr
    after = f.stat()
    assert (after.st_mtime_ns, after.st_size, after.st_ino, stat.S_IMODE(after.st_mode)) == (
        st.st_mtime_ns,
        st.st_size,
        st.st_ino,
        0o444,
    )


def test_prefetched_hash_is_used_only_for_an_unchanged_file(tmp_path):
    f = write(tmp_path / "video.bin", os.urandom(hashing.CHUNK * 3))
    hashing.prefetch([f, f, tmp_path, tmp_path / "missing"])
    seen = []
    digest = hashing.hash_file(f, seen.append)
    assert digest.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    assert sum(seen) == digest.size
    hashing.prefetch([f])
    hashing._prefetched[os.path.realpath(f)].done.wait(10)
    f.write_bytes(b"changed after the background read")
    assert hashing.hash_file(f).sha256 == hashlib.sha256(b"changed after the background read").hexdigest()
    assert not hashing._prefetched


def test_large_file_growing_while_read_is_refused(tmp_path):
    f = write(tmp_path / "long-recording.mp4", os.urandom(hashing.CHUNK + 10))
    appended = []

    def still_recording(n):
        if not appended:
            appended.append(n)
            with open(f, "ab") as fh:
                fh.write(b"more frames")

    with pytest.raises(hashing.ChangedWhileReading):
        hashing.hash_file(f, still_recording)


def test_file_growing_while_read_is_refused(tmp_path):
    f = write(tmp_path / "recording.mp4", os.urandom(hashing.CHUNK + 10))

    appended = []

    def still_recording(n):
        if not appended:  # one more write by the recorder during our read
            appended.append(n)
            with open(f, "ab") as fh:
                fh.write(b"more frames")

    with pytest.raises(hashing.ChangedWhileReading):
        hashing.hash_file(f, still_recording)


def test_naming_the_case_file_itself_is_a_clear_error(demo_case, cli):
    before = demo_case.read_bytes()
    r = cli("evidence", "add", demo_case.name, demo_case.name, cwd=demo_case.parent)
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        "case.yaml: is the case file itself, not evidence; name the evidence files to register"
    ]
    assert demo_case.read_bytes() == before


def test_a_packet_is_not_evidence(demo_case, cli):
    """`evidence add case.yaml .` after `build -o packet` registered the packet, and every later build refused."""
    folder = demo_case.parent
    assert cli("build", "case.yaml", "-o", "packet", "--as-of", "2026-12-01", cwd=folder).returncode == 0
    before = demo_case.read_bytes()
    r = cli("evidence", "add", "case.yaml", "packet", cwd=folder)
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        "packet: is a packet written by claimgen build, not evidence; register the original files instead"
    ]
    assert demo_case.read_bytes() == before
    write(folder / "evidence" / "new photo.txt", b"new")
    r = cli("evidence", "add", "case.yaml", ".", cwd=folder)
    assert r.returncode == 0, r.stderr
    assert "warning: packet: skipped (a packet written by claimgen build, not evidence)" in r.stderr.splitlines()
    assert [e["path"] for e in evidence_of(demo_case)][5:] == ["evidence/new photo.txt"]
    assert cli("build", "case.yaml", "-o", "packet", "--as-of", "2026-12-01", cwd=folder).returncode == 0


def test_an_empty_file_is_registered_with_a_warning(case, cli):
    write(case.parent / "photo.jpg", b"")
    r = cli("evidence", "add", case.name, "photo.jpg", cwd=case.parent)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        "warning: photo.jpg: is empty (0 bytes); registered as it is, but check that it "
        "is the file you meant (a failed download or copy?)"
    ]
    assert evidence_of(case)[0]["size"] == 0
