"""Hostile command lines and surroundings: wrong OUTDIR, odd dates, odd evidence paths.

Each must end with exit 2, one line naming what is wrong, no traceback, and
nothing changed on disk.
"""

from __future__ import annotations

import os

import pytest
import yaml

from helpers import AS_OF, ROOT, copy_example, run_cli, snapshot

HAS_CHECK = (ROOT / "claimgen" / "commands" / "check.py").exists()


def _refused(done, *fragments: str) -> None:
    assert done.returncode == 2, f"exit {done.returncode}\n{done.stderr}"
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, f"{fragment!r} not in:\n{done.stderr}"


@pytest.mark.parametrize("where", ["case-folder", "case-file", "non-packet-folder"])
def test_build_refuses_an_outdir_that_is_not_a_packet(where, tmp_path):
    case = copy_example("minneapolis-home-entry", tmp_path)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "mine.txt").write_text("my own notes\n")
    outdir = {"case-folder": case.parent, "case-file": case, "non-packet-folder": tmp_path / "notes"}[where]
    before = snapshot(tmp_path)
    done = run_cli("build", case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path)
    _refused(done, str(outdir))
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("as_of", ["2025-02-30", "tomorrow", "2026-11-22T10:00", ""])
def test_bad_as_of_is_a_usage_error(as_of, demo_case, tmp_path):
    done = run_cli("build", demo_case, "-o", tmp_path / "packet", "--as-of", as_of, cwd=tmp_path)
    _refused(done, "--as-of")
    errors = [ln for ln in done.stderr.splitlines() if "error" in ln]
    assert len(errors) == 1 and errors[0] == done.stderr.strip().splitlines()[-1]  # usage, then one error line
    assert not (tmp_path / "packet").exists()


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_extreme_as_of_never_crashes(as_of, demo_case, tmp_path):
    """Date arithmetic at the ends of the calendar: a clean result or a clean refusal, never a crash."""
    runs = [["build", demo_case, "-o", tmp_path / "packet", "--as-of", as_of]]
    runs += [["check", demo_case, "--as-of", as_of, "--format", "json"]] if HAS_CHECK else []
    for args in runs:
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode in (0, 1, 2), f"{args[0]}: exit {done.returncode}\n{done.stderr}"
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_incident_at_the_end_of_the_calendar(year, demo_case, tmp_path):
    """An incident in year 1 or 9999 (a typo) must be refused or handled, never crash deadline arithmetic."""
    text = demo_case.read_text(encoding="utf-8").replace("date: 2025-06-14", f"date: {year}-06-14", 1)
    demo_case.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    runs = [["validate", demo_case], ["build", demo_case, "-o", tmp_path / "packet", "--as-of", AS_OF]]
    runs += [["check", demo_case, "--as-of", AS_OF]] if HAS_CHECK else []
    for args in runs:
        done = run_cli(*args, cwd=tmp_path)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr, f"{args[0]}:\n{done.stderr}"
        assert done.returncode in (0, 1, 2)
        if done.returncode == 2 and args[0] != "check":
            assert "incident.date" in done.stderr or "claim." in done.stderr, done.stderr
    if (tmp_path / "packet").exists():
        return
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("target", ["/dev/zero", "/proc/self/environ", "fifo"])
def test_evidence_path_to_a_device_or_fifo_is_refused(target, demo_case, tmp_path):
    """A special file as evidence is refused without being read (a FIFO would block forever)."""
    if target == "fifo":
        target = str(demo_case.parent / "evidence" / "pipe")
        os.mkfifo(target)
    raw = yaml.safe_load(demo_case.read_text(encoding="utf-8"))
    raw["evidence"][0]["path"] = target
    demo_case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for args in (["validate", demo_case], ["build", demo_case, "-o", tmp_path / "packet", "--as-of", AS_OF]):
        done = run_cli(*args, cwd=tmp_path, timeout=60)
        _refused(done, "evidence[0].")  # .path (not a file) or .size (a /proc file reads as 0 bytes)
    assert not (tmp_path / "packet").exists()
