"""``claimgen docket --ics``: one office calendar, every event naming its case, UIDs stable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from icalendar import Calendar

from claimgen.cli import main
from docket_cases import AS_OF, CASES, write_case


@pytest.fixture
def office(tmp_path: Path) -> Path:
    for rel, values in CASES.items():
        write_case(tmp_path / rel, **values)
    # two cases with the same incident day, state, agencies and claimant ids (one raid, two
    # families): their events must not share a UID, or a calendar would merge them
    twin = dict(CASES["clients/due300/case.yaml"], title="Same raid, second family")
    write_case(tmp_path / "clients" / "twin" / "case.yaml", **twin)
    untitled = (tmp_path / "clients" / "untitled-family" / "case.yaml")
    write_case(untitled, **dict(CASES["clients/due300/case.yaml"], title="x"))
    untitled.write_text(untitled.read_text(encoding="utf-8").replace('title: "x"\n', ""), encoding="utf-8")
    return tmp_path


def _calendar(tmp: Path, capsys, name: str) -> tuple[int, Calendar, bytes]:
    target = tmp / name
    old = os.getcwd()
    os.chdir(tmp)
    try:
        rc = main(["docket", "clients", "--as-of", AS_OF, "--ics", str(target), "--format", "json"])
    finally:
        os.chdir(old)
    capsys.readouterr()
    raw = target.read_bytes()
    return rc, Calendar.from_ical(raw), raw


def _events(cal: Calendar) -> list:
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_every_summary_names_its_case_and_uids_are_stable(office, capsys):
    rc, cal, raw = _calendar(office, capsys, "office.ics")
    assert rc == 1
    events = _events(cal)
    titles = {"Missed — Texas", "Due in three days", "Due in three hundred days", "Nothing open",
              "Same raid, second family", "untitled-family"}
    named = {next(t for t in titles if str(e["SUMMARY"]).startswith(t + ": ")) for e in events}
    assert named == titles  # every case has events, each summary starts with its title (or folder name)
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))  # the twin cases do not collide
    rc2, cal2, raw2 = _calendar(office, capsys, "again.ics")
    assert [str(e["UID"]) for e in _events(cal2)] == uids
    assert raw2 == raw  # same tree, same --as-of: the same bytes
    assert oct((office / "office.ics").stat().st_mode & 0o777) == "0o600"


def test_alarms_as_check_has_them(office, capsys):
    rc, cal, _ = _calendar(office, capsys, "office.ics")
    due = [e for e in _events(cal) if str(e["SUMMARY"]).startswith("Due in three days: ")]
    presentment = next(e for e in due if "ftca_presentment" in [str(c) for c in e["CATEGORIES"].cats])
    assert presentment.decoded("DTSTART").isoformat() == "2026-12-08"
    alarms = [a for a in presentment.walk() if a.name == "VALARM"]
    assert sorted(-a.decoded("TRIGGER").days for a in alarms) == [7, 30, 90]
    assert all("Due in three days" in str(a["DESCRIPTION"]) for a in alarms)
    missed = [e for e in _events(cal) if str(e["SUMMARY"]).startswith("Missed — Texas: ")]
    assert missed and all("(MISSED)" in str(e["SUMMARY"]) for e in missed)
    assert all(not [a for a in e.walk() if a.name == "VALARM"] for e in missed)


def test_ics_never_replaces_a_case_file_or_another_file(office, capsys):
    case = office / "clients" / "done" / "case.yaml"
    before = case.read_bytes()
    assert main(["docket", str(office / "clients"), "--as-of", AS_OF, "--ics", str(case)]) == 2
    assert case.read_bytes() == before
    other = office / "notes.txt"
    other.write_text("keep me\n")
    assert main(["docket", str(office / "clients"), "--as-of", AS_OF, "--ics", str(other)]) == 2
    assert other.read_text() == "keep me\n"
    out, err = capsys.readouterr()
    assert err.count("exists and is not a calendar file") == 2
