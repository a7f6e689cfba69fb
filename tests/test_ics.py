"""deadlines.ics: parses back with icalendar, one all-day event per deadline, alarms, deterministic."""

from __future__ import annotations

import datetime as dt
import json
import stat

from icalendar import Calendar

from claimgen.checks.deadlines import compute
from claimgen.render.ics import calendar_bytes
from helpers import AS_OF, copy_example, run_cli, verify_packet
from deadline_cases import D, make

EPOCH = int(dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc).timestamp())


def events(blob: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(blob)
    assert str(cal["VERSION"]) == "2.0" and "claimgen" in str(cal["PRODID"])
    out = {}
    for ev in cal.walk("VEVENT"):
        deadline_id = [c for c in ev["CATEGORIES"].cats if c != "claimgen"][0]
        out[deadline_id] = ev
    return out


def test_demo_calendar_holds_each_dated_deadline_on_its_act_by_day():
    case = make()  # MN, incident 2025-06-14
    report = compute(case, D(AS_OF))
    got = events(calendar_bytes(case, report, EPOCH))
    assert set(got) == {"ftca_presentment", "bivens_limitations", "bivens_limitations_safer"}
    assert got["ftca_presentment"].decoded("DTSTART") == D("2027-06-14")
    assert got["bivens_limitations"].decoded("DTSTART") == D("2031-06-13")  # act_by, not Sat 06-14
    assert got["bivens_limitations"].decoded("DTEND") == D("2031-06-14")  # all-day: end is exclusive
    assert got["ftca_presentment"].decoded("DTSTAMP") == dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)


def test_alarms_90_30_7_days_before_for_open_deadlines():
    case = make()
    got = events(calendar_bytes(case, compute(case, D(AS_OF)), EPOCH))
    triggers = sorted(a.decoded("TRIGGER") for a in got["ftca_presentment"].walk("VALARM"))
    assert triggers == [dt.timedelta(days=-90), dt.timedelta(days=-30), dt.timedelta(days=-7)]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in got["ftca_presentment"].walk("VALARM"))


def test_done_and_missed_events_are_marked_and_silent():
    case = make(incident="2023-05-01", presented_on="2025-05-05")  # presented late
    got = events(calendar_bytes(case, compute(case, D(AS_OF)), EPOCH))
    ev = got["ftca_presentment"]
    assert str(ev["SUMMARY"]).startswith("(MISSED)")
    assert ev.walk("VALARM") == []
    case = make(presented_on="2025-09-02")
    got = events(calendar_bytes(case, compute(case, D(AS_OF)), EPOCH))
    assert str(got["ftca_presentment"]["SUMMARY"]).startswith("(done)")
    assert "ftca_earliest_suit" in got  # a first day allowed is an event too


def test_description_has_rule_citation_explanation_and_review_note():
    case = make()
    got = events(calendar_bytes(case, compute(case, D(AS_OF)), EPOCH))
    text = str(got["ftca_presentment"]["DESCRIPTION"])
    assert "Rule: 28 U.S.C. § 2401(b)" in text
    assert "Vacek v. USPS" in text  # the other citations
    assert "Mailing it is not enough" in text  # the explanation
    assert "draft for a lawyer's review" in text
    bivens = str(got["bivens_limitations"]["DESCRIPTION"])
    assert "Act by: Friday, June 13, 2031" in bivens and "Last day: Saturday, June 14, 2031" in bivens


def test_deterministic_and_stable_uids():
    case = make()
    report = compute(case, D(AS_OF))
    a, b = calendar_bytes(case, report, EPOCH), calendar_bytes(case, report, EPOCH)
    assert a == b
    uids = [str(ev["UID"]) for ev in Calendar.from_ical(a).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    # the same case counted on a later day keeps its UIDs (calendar apps update, not duplicate)
    later = calendar_bytes(case, compute(case, D("2027-01-05")), EPOCH)
    assert [str(ev["UID"]) for ev in Calendar.from_ical(later).walk("VEVENT")] == uids


def test_no_personal_data_in_the_calendar():
    case = make(claimants=[{"id": "c1", "name": "Nguyễn Thị Hương", "address": "12 Elm St",
                            "damages": {"personal_injury": 1000}}])
    blob = calendar_bytes(case, compute(case, D(AS_OF)), EPOCH)
    text = Calendar.from_ical(blob).to_ical().decode("utf-8")
    for secret in ("Nguyễn", "Elm St", "Officers forced the door"):
        assert secret not in text


def test_build_adds_deadlines_ics_to_the_packet(tmp_path):
    case_path = copy_example("minneapolis-home-entry", tmp_path)
    out = tmp_path / "packet"
    done = run_cli("build", case_path, "-o", out, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    manifest = verify_packet(out)
    [entry] = [f for f in manifest["files"] if f["kind"] == "deadlines_ics"]
    assert entry["path"] == "deadlines.ics"
    blob = (out / "deadlines.ics").read_bytes()
    assert stat.S_IMODE((out / "deadlines.ics").stat().st_mode) == 0o600
    got = events(blob)
    assert got["ftca_presentment"].decoded("DTSTART") == D("2027-06-14")
    # the same calendar as `check --ics`
    ics = tmp_path / "check.ics"
    done = run_cli("check", case_path, "--as-of", AS_OF, "--ics", ics, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert ics.read_bytes() == blob
    assert json.loads(done.stdout)["as_of"] == AS_OF
