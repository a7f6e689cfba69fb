"""`claimgen evidence verify` and `claimgen evidence log`: tampering is always caught and named."""

from __future__ import annotations

import datetime as dt
import hashlib

import yaml

from claimgen.evidence.verify import verify


def evidence_of(case_path):
    return yaml.safe_load(case_path.read_text(encoding="utf-8"))["evidence"]


def test_verify_demo_all_ok(demo_case, cli):
    r = cli("evidence", "verify", demo_case)
    assert r.returncode == 0, r.stderr
    for i in range(1, 6):
        assert f"E-00{i}" in r.stdout
    assert "all 5 exhibits match" in r.stdout
    assert "CHANGED" not in r.stdout and "MISSING" not in r.stdout


def test_one_changed_byte_same_size_exits_1_naming_the_exhibit(demo_case, cli):
    f = demo_case.parent / "evidence" / "hennepin-er-summary.txt"
    data = bytearray(f.read_bytes())
    data[100] ^= 0x01
    f.write_bytes(bytes(data))
    r = cli("evidence", "verify", demo_case)
    assert r.returncode == 1
    assert "E-002 CHANGED" in r.stderr
    assert "E-001" not in r.stderr and "E-003" not in r.stderr
    rows = {row.id: row for row in verify(demo_case)}
    assert rows["E-002"].status == "CHANGED"
    assert rows["E-002"].sha256_now == hashlib.sha256(bytes(data)).hexdigest()
    assert [rows[f"E-00{i}"].status for i in (1, 3, 4, 5)] == ["ok"] * 4


def test_deleted_file_is_missing(demo_case, cli):
    (demo_case.parent / "evidence" / "birth-certificate-sofia.txt").unlink()
    (demo_case.parent / "evidence" / "statement-maria-ramirez.txt").write_text("rewritten", encoding="utf-8")
    r = cli("evidence", "verify", demo_case)
    assert r.returncode == 1
    assert "E-005 MISSING" in r.stderr
    assert "E-001 CHANGED" in r.stderr
    assert "E-001, E-005" in r.stderr
    assert "MISSING" in r.stdout  # the table shows it too


def test_verify_bad_case_exits_2(tmp_path, cli):
    bad = tmp_path / "case.yaml"
    bad.write_text("claimgen: 1\n", encoding="utf-8")
    r = cli("evidence", "verify", bad)
    assert r.returncode == 2
    assert "incident" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------- custody log


def test_log_appends_event_with_hash(demo_case, cli):
    r = cli(
        "evidence",
        "log",
        demo_case,
        "E-001",
        "E-003",
        "--action",
        "sent to counsel",
        "--by",
        "María Ramírez",
        "--to",
        "Jordan Whitfield",
        "--method",
        "encrypted upload",
        "--note",
        "copies & originals <kept>",
        "--at",
        "2025-07-01T09:30:00-05:00",
    )
    assert r.returncode == 0, r.stderr
    entries = {e["id"]: e for e in evidence_of(demo_case)}
    for ident in ("E-001", "E-003"):
        chain = entries[ident]["custody"]
        assert [c["action"] for c in chain] == ["registered", "sent to counsel"]
        event = chain[-1]
        assert event["by"] == "María Ramírez" and event["to"] == "Jordan Whitfield"
        assert event["method"] == "encrypted upload" and event["note"] == "copies & originals <kept>"
        assert dt.datetime.fromisoformat(str(event["at"])) == dt.datetime(2025, 7, 1, 14, 30, tzinfo=dt.UTC)
        assert event["sha256"] == entries[ident]["sha256"]
    assert len(entries["E-002"]["custody"]) == 1
    assert cli("validate", demo_case).returncode == 0


def test_log_default_time_is_now_utc(demo_case, cli):
    r = cli("evidence", "log", demo_case, "E-004", "--action", "copied", "--by", "Jordan Whitfield")
    assert r.returncode == 0, r.stderr
    at = dt.datetime.fromisoformat(str(evidence_of(demo_case)[3]["custody"][-1]["at"]))
    assert at.utcoffset() == dt.timedelta(0)
    assert abs((dt.datetime.now(dt.UTC) - at).total_seconds()) < 120


def test_log_warns_loudly_when_the_file_changed(demo_case, cli):
    f = demo_case.parent / "evidence" / "therapy-invoice-sofia.txt"
    f.write_bytes(f.read_bytes().replace(b"1", b"7", 1))
    r = cli("evidence", "log", demo_case, "E-004", "--action", "produced to agency", "--by", "Jordan Whitfield")
    assert r.returncode == 1
    assert "WARNING: E-004" in r.stderr and "CHANGED" in r.stderr
    event = evidence_of(demo_case)[3]["custody"][-1]
    assert event["sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()
    assert "no longer matches" in event["note"]


def test_log_bad_input_writes_nothing(demo_case, cli):
    before = demo_case.read_bytes()
    r = cli(
        "evidence", "log", demo_case, "E-001", "E-077", "--action", "copied", "--by", "me", "--at", "2025-07-01T09:30"
    )
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2
    assert any("E-077" in ln for ln in lines) and any("--at" in ln and "UTC offset" in ln for ln in lines)
    assert demo_case.read_bytes() == before


def test_log_refuses_an_event_in_the_future(demo_case, cli):
    """A chain of custody records what happened; 2030 for 2025 is a typo that must not reach the record."""
    before = demo_case.read_bytes()
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0).isoformat()
    r = cli("evidence", "log", demo_case, "E-001", "--action", "copied", "--by", "me", "--at", later)
    assert r.returncode == 2
    [line] = r.stderr.splitlines()
    assert line.startswith(f"{demo_case}: --at: {later} is in the future (it is now ")
    assert line.endswith("); record an event once it has happened")
    assert demo_case.read_bytes() == before
    # a minute ahead (another machine's clock) is still accepted
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).replace(microsecond=0).isoformat()
    assert cli("evidence", "log", demo_case, "E-001", "--action", "copied", "--by", "me", "--at", soon).returncode == 0
