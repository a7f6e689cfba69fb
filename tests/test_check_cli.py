"""`claimgen check` driven as a user would: table, contract JSON, --ics, --strict, bad input."""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml

from helpers import AS_OF, copy_example, run_cli, snapshot

CONTRACT_IDS = ["ftca_presentment", "ftca_earliest_suit", "ftca_suit_deadline",
                "ftca_reconsideration_deadline", "bivens_limitations"]


def set_claim(case_path, **claim):
    raw = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    raw["claim"] = {**(raw.get("claim") or {}), **claim}
    case_path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_json_exactly_per_contract_on_the_demo(demo_case):
    done = run_cli("check", demo_case, "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"as_of", "deadlines", "flags"}
    assert out["as_of"] == "2026-11-22"
    assert [d["id"] for d in out["deadlines"]] == CONTRACT_IDS
    by_id = {d["id"]: d for d in out["deadlines"]}
    for d in out["deadlines"]:
        assert {"id", "date", "act_by", "status", "rule"} <= set(d)
        assert d["status"] in ("open", "met", "missed", "not_applicable")
        if d["date"] is None:
            assert d["act_by"] is None and d["status"] == "not_applicable"
    p = by_id["ftca_presentment"]
    # incident Sat 2025-06-14 (MN) + 2 years = Mon 2027-06-14; 204 days after 2026-11-22
    assert (p["date"], p["act_by"], p["status"], p["days_left"], p["rule"]) == \
        ("2027-06-14", "2027-06-14", "open", 204, "28 U.S.C. § 2401(b)")
    assert p["explanation"]
    b = by_id["bivens_limitations"]
    # 6 years -> Sat 2031-06-14 -> act by Fri 2031-06-13
    assert (b["date"], b["act_by"], b["status"]) == ("2031-06-14", "2031-06-13", "open")
    assert b["rule"].startswith("Minn. Stat. § 541.05")
    for key in ("ftca_earliest_suit", "ftca_suit_deadline", "ftca_reconsideration_deadline"):
        assert (by_id[key]["date"], by_id[key]["act_by"], by_id[key]["status"]) == (None, None, "not_applicable")
    for f in out["flags"]:
        assert set(f) == {"id", "severity", "message"}
        assert f["severity"] in ("info", "warning", "critical")
    ids = {f["id"] for f in out["flags"]}
    assert {"bivens_safer_period", "judgment_bar", "sum_certain_cap", "minor_no_tolling"} <= ids


def test_json_is_byte_identical_for_the_same_as_of(demo_case):
    a = run_cli("check", demo_case, "--as-of", AS_OF, "--format", "json")
    b = run_cli("check", demo_case, "--as-of", AS_OF, "--format", "json")
    assert a.stdout == b.stdout


def test_table_is_readable(demo_case):
    done = run_cli("check", demo_case, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for needle in ("Last day for the agency to receive the claim", "Mon Jun 14, 2027", "204", "open",
                   "28 U.S.C. § 2401(b)", "Sat Jun 14, 2031", "Fri Jun 13, 2031",
                   "What the dates mean", "Warnings", "draft for a lawyer's review"):
        assert needle in out, needle
    # rich markup is never interpreted: "[verify]" citations print literally
    assert "Hardin v. Straub, 490 U.S. 536 (1989) [verify]" in " ".join(out.split())
    # flags come by severity: no info heading before the warnings
    assert out.index("Warnings") < out.index("Good to know")


def test_table_shows_critical_flags_first(demo_case):
    set_claim(demo_case, suit_filed_on="2026-01-05", presented_on="2025-09-02")  # premature: McNeil
    done = run_cli("check", demo_case, "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert out.index("Act now") < out.index("Warnings")
    assert "McNeil v. United States" in out


def test_strict_exit_codes(demo_case):
    # 204 days left: nothing due
    assert run_cli("check", demo_case, "--as-of", AS_OF, "--strict").returncode == 0
    # 2027-06-01: presentment act-by Mon 2027-06-14 is 13 days away
    done = run_cli("check", demo_case, "--as-of", "2027-06-01", "--strict", "--format", "json")
    assert done.returncode == 1 and json.loads(done.stdout)["deadlines"][0]["days_left"] == 13
    # stderr says which deadline made it exit 1; stdout stays pure JSON
    assert "ftca_presentment: 13 days left (act by 2027-06-14; 28 U.S.C. § 2401(b))" in done.stderr
    # 30 days away counts, 31 does not (act by 2027-06-14)
    assert run_cli("check", demo_case, "--as-of", "2027-05-15", "--strict").returncode == 1
    assert run_cli("check", demo_case, "--as-of", "2027-05-14", "--strict").returncode == 0
    # missed
    missed = run_cli("check", demo_case, "--as-of", "2027-07-01", "--strict")
    assert missed.returncode == 1 and "ftca_presentment: missed (act by 2027-06-14" in missed.stderr
    # without --strict the same report exits 0
    assert run_cli("check", demo_case, "--as-of", "2027-07-01").returncode == 0


def test_strict_counts_the_safer_bivens_day(demo_case):
    """Minnesota: 6 years in the table, 2 years on the safer reading; the alarm follows the earlier day."""
    set_claim(demo_case, presented_on="2025-09-02")
    done = run_cli("check", demo_case, "--as-of", "2027-06-01", "--strict")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if ": bivens" in line or ": ftca" in line]
    assert lines == [f"{demo_case}: bivens_limitations_safer: 13 days left (act by 2027-06-14; "
                     "Minn. Stat. § 541.07(1) (intentional torts, 2 years))"]
    # once the safer day is past, it is missed: still exit 1
    late = run_cli("check", demo_case, "--as-of", "2027-06-20", "--strict")
    assert late.returncode == 1 and "bivens_limitations_safer: missed" in late.stderr


def test_strict_ignores_met_and_first_days(demo_case):
    # presented in time; the suit was filed after the denial: nothing left to act on
    set_claim(demo_case, presented_on="2025-09-02", denial_mailed_on="2026-01-10", suit_filed_on="2026-03-01")
    done = run_cli("check", demo_case, "--as-of", "2026-07-01", "--strict", "--format", "json")
    statuses = {d["id"]: d["status"] for d in json.loads(done.stdout)["deadlines"]}
    assert statuses["ftca_presentment"] == "met" and statuses["ftca_suit_deadline"] == "met"
    assert done.returncode == 0, statuses


def test_ics_written_private_in_a_new_folder(demo_case, tmp_path):
    target = tmp_path / "cal" / "sub" / "deadlines.ics"
    old = os.umask(0)
    try:
        done = run_cli("check", demo_case, "--as-of", AS_OF, "--ics", target)
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    leftovers = [p.name for p in target.parent.iterdir() if p.name != "deadlines.ics"]
    assert leftovers == []


def test_ics_overwrites_atomically_and_stays_private(demo_case, tmp_path):
    target = tmp_path / "d.ics"
    target.write_text("old")
    os.chmod(target, 0o644)
    assert run_cli("check", demo_case, "--as-of", AS_OF, "--ics", target).returncode == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_ics_to_a_folder_is_a_usage_error(demo_case, tmp_path):
    done = run_cli("check", demo_case, "--as-of", AS_OF, "--ics", tmp_path)
    assert done.returncode == 2
    assert "--ics" in done.stderr and "Traceback" not in done.stderr


def test_bad_input_exits_2_names_the_key_and_writes_nothing(demo_case, tmp_path):
    raw = yaml.safe_load(demo_case.read_text(encoding="utf-8"))
    raw["incident"]["date"] = "June 14"
    raw["claimants"][0]["damages"]["personal_injury"] = "lots"
    demo_case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = snapshot(tmp_path)
    done = run_cli("check", demo_case, "--as-of", AS_OF, "--ics", tmp_path / "d.ics", "--format", "json")
    assert done.returncode == 2
    assert "incident.date" in done.stderr and "claimants[0].damages.personal_injury" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert snapshot(tmp_path) == before


def test_bad_as_of_exits_2(demo_case):
    done = run_cli("check", demo_case, "--as-of", "2026-13-01")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


def test_missing_case_file_exits_2(tmp_path):
    done = run_cli("check", tmp_path / "nope.yaml", "--as-of", AS_OF)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_territory_case_reports_the_missing_period(tmp_path):
    case_path = copy_example("minneapolis-home-entry", tmp_path)
    text = case_path.read_text(encoding="utf-8").replace("  state: MN\n", "  state: GU\n", 1)
    case_path.write_text(text, encoding="utf-8")
    done = run_cli("check", case_path, "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    bivens = [d for d in out["deadlines"] if d["id"] == "bivens_limitations"][0]
    assert (bivens["date"], bivens["status"]) == (None, "not_applicable")
    assert any(f["id"] == "bivens_period_missing" and f["severity"] == "critical" for f in out["flags"])
    assert "claim.bivens_period_years" in done.stderr  # validate's warning, on stderr


def _examples():
    from helpers import EXAMPLES

    return sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml"))


@pytest.mark.parametrize("name", _examples())
def test_every_example_checks_cleanly(name, tmp_path):
    """Each bundled example: a table and contract JSON, consistent with its own dates."""
    from claimgen import data
    from claimgen.caseio import load_case
    from claimgen.checks.calendar_days import add_clamped, business_day_on_or_before

    case_path = copy_example(name, tmp_path)
    case = load_case(case_path)
    done = run_cli("check", case_path, "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [d["id"] for d in out["deadlines"]][:5] == CONTRACT_IDS
    p = out["deadlines"][0]
    last = add_clamped(case.accrual_date, years=2)
    assert p["date"] == last.isoformat() and p["act_by"] == business_day_on_or_before(last).isoformat()
    years = data.states()[case.incident.state]["bivens_limitations"]["years"]
    b = out["deadlines"][4]
    if years and not data.states()[case.incident.state]["bivens_limitations"].get("by_accrual"):
        start = case.claim.bivens_accrual_date or case.incident.date
        assert b["date"] == add_clamped(start, years=years).isoformat()
    table = run_cli("check", case_path, "--as-of", AS_OF)
    assert table.returncode == 0, table.stderr
    assert "Last day for the agency to receive the claim" in table.stdout
    assert "Traceback" not in table.stderr


@pytest.mark.parametrize("target", ["case file", "exhibit", "other file"])
def test_ics_never_replaces_the_case_file_an_exhibit_or_another_document(target, demo_case, tmp_path):
    """`--ics case.yaml` (a slip of the fingers) used to swap the case file for a calendar."""
    other = tmp_path / "letter.docx"
    other.write_bytes(b"PK\x03\x04 my letter")
    path = {"case file": demo_case, "exhibit": demo_case.parent / "evidence" / "hennepin-er-summary.txt",
            "other file": other}[target]
    before = snapshot(tmp_path)
    done = run_cli("check", demo_case.name, "--as-of", AS_OF, "--ics", path, cwd=demo_case.parent)
    assert done.returncode == 2, done.stderr
    expected = {"case file": "is the case file; give the calendar its own name, such as deadlines.ics",
                "exhibit": "is exhibit E-002; give the calendar its own name, such as deadlines.ics",
                "other file": "exists and is not a calendar file; claimgen replaces only an earlier calendar, "
                              "so choose another name"}[target]
    assert done.stderr.splitlines() == [f"claimgen: error: --ics {path}: {expected}"]
    assert done.stdout == ""
    assert snapshot(tmp_path) == before
