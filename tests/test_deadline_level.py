"""The deadline-only level and what published decisions taught the engine.

- a half-finished case shows its presentment deadline in ``check`` and says what is missing;
  ``build`` still refuses it; a wrong value (not a missing one) still stops ``check``;
- a denial without ``claim.presented_on`` is accepted with a warning, presentment on or before it;
- a denial without recorded mailing proof is flagged, and the flag goes once the proof is recorded;
- once the decision on reconsideration is recorded, nothing asks to record it any more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimgen.cli import main
from docket_cases import CASE

AS_OF = "2026-12-05"

HALF = """\
claimgen: 1
incident:
  date: 2025-01-15
  state: NY
claimants:
  - role: injured
    representative:
      name: "Aunt"
"""


def check(capsys, case: Path, *more: str) -> tuple[int, dict | None, str]:
    rc = main(["check", str(case), "--as-of", AS_OF, "--format", "json", *more])
    out, err = capsys.readouterr()
    return rc, (json.loads(out) if out.strip() else None), err


def write(tmp_path: Path, text: str) -> Path:
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    return case


def full_case(tmp_path: Path, claim: str) -> Path:
    return write(tmp_path, CASE.format(title="Denial case", date="2025-01-15", state="NY", claim=claim))


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def test_half_finished_case_shows_its_presentment_deadline(tmp_path, capsys):
    case = write(tmp_path, HALF)
    rc, doc, err = check(capsys, case)
    assert rc == 0, err
    presentment = by_id(doc["deadlines"])["ftca_presentment"]
    # 2025-01-15 + 2 years = Friday 2027-01-15; 41 days after Saturday 2026-12-05
    assert (presentment["date"], presentment["act_by"], presentment["status"], presentment["days_left"]) == (
        "2027-01-15", "2027-01-15", "open", 41)
    assert by_id(doc["deadlines"])["bivens_limitations"]["date"] == "2028-01-15"  # New York: 3 years
    flag = by_id(doc["flags"])["case_incomplete"]
    for part in ("incident.narrative", "incident.agencies", "claimants[0].name", "claimants[0].representative.capacity"):
        assert part in flag["message"]
    assert f"`claimgen interview {case}` continues it" in err
    assert f"{case}: needed before `claimgen build`: incident.narrative: is required" in err


def test_half_finished_case_table_and_build(tmp_path, capsys):
    case = write(tmp_path, HALF)
    assert main(["check", str(case), "--as-of", AS_OF]) == 0
    out, _ = capsys.readouterr()
    assert "Last day for the agency to receive the claim" in out and "Fri Jan 15, 2027" in out
    assert main(["build", str(case), "-o", str(tmp_path / "packet"), "--as-of", AS_OF]) == 2
    _, err = capsys.readouterr()
    assert "incident.narrative: is required" in err
    assert not (tmp_path / "packet").exists()


@pytest.mark.parametrize("text, path", [
    (HALF.replace("  date: 2025-01-15\n", ""), "incident.date"),
    (HALF.replace("  state: NY\n", "  state: XX\n"), "incident.state"),
    (HALF + "    damages:\n      personal_injury: TBD\n", "claimants[0].damages.personal_injury"),
    (HALF + "claim:\n  presented_on: 2024-12-01\n", "claim.presented_on"),
])
def test_what_is_wrong_still_stops_check(tmp_path, capsys, text, path):
    case = write(tmp_path, text)
    rc, doc, err = check(capsys, case)
    assert rc == 2 and doc is None
    assert f"{case}: {path}: " in err


def test_denial_without_presented_on_checks_with_a_warning(tmp_path, capsys):
    case = full_case(tmp_path, "claim:\n  denial_mailed_on: 2026-09-10\n")
    rc, doc, err = check(capsys, case)
    assert rc == 0, err
    assert "claim.presented_on: warning: is not recorded" in err and "on or before 2026-09-10" in err
    d = by_id(doc["deadlines"])
    assert d["ftca_presentment"]["status"] == "met"  # received by 2026-09-10 at the latest, before 2027-01-15
    assert d["ftca_earliest_suit"]["date"] == "2026-09-10" and d["ftca_earliest_suit"]["status"] == "met"
    # 2026-09-10 + 6 months = Wednesday 2027-03-10
    assert (d["ftca_suit_deadline"]["date"], d["ftca_suit_deadline"]["status"]) == ("2027-03-10", "open")
    flags = by_id(doc["flags"])
    assert "presentment_day_unknown" in flags and "on or before Thursday, September 10, 2026" in flags[
        "presentment_day_unknown"]["message"]
    assert "sum_certain_cap_final" in flags


def test_presented_on_or_before_is_an_upper_bound(tmp_path, capsys):
    case = full_case(tmp_path, "claim:\n  presented_on_or_before: 2026-03-02\n")
    rc, doc, _ = check(capsys, case)
    assert rc == 0
    d = by_id(doc["deadlines"])
    assert d["ftca_presentment"]["status"] == "met"
    # the agency's six months counted from the bound (the safe side for a first day): 2026-09-02 ends them
    assert d["ftca_earliest_suit"]["date"] == "2026-09-03"


def test_a_bound_after_the_last_day_is_not_met(tmp_path, capsys):
    case = write(tmp_path, CASE.format(title="Late?", date="2024-06-03", state="NY",
                                       claim="claim:\n  denial_mailed_on: 2026-08-03\n"))
    rc, doc, _ = check(capsys, case)
    assert by_id(doc["deadlines"])["ftca_presentment"]["status"] == "missed"  # not proven in time: the safe side
    assert by_id(doc["flags"])["presentment_day_unknown_late"]["severity"] == "critical"


def test_denial_mailing_proof_flag(tmp_path, capsys):
    claim = "claim:\n  presented_on: 2026-02-02\n  denial_mailed_on: 2026-09-10\n"
    case = full_case(tmp_path, claim)
    _, doc, _ = check(capsys, case)
    flag = by_id(doc["flags"])["denial_mailing_unproven"]
    assert "claim.denial_mailing_proof" in flag["message"] and "not from the date printed on the letter" in flag["message"]
    case = full_case(tmp_path, claim + '  denial_mailing_proof: "certified mail receipt, exhibit E-007"\n')
    rc, doc, err = check(capsys, case)
    assert rc == 0 and "denial_mailing_unproven" not in by_id(doc["flags"])
    assert "is not a key claimgen knows" not in err


def test_reconsideration_flag_clears_once_the_decision_is_recorded(tmp_path, capsys):
    claim = ("claim:\n  presented_on: 2025-06-02\n  denial_mailed_on: 2026-01-12\n"
             "  denial_mailing_proof: certified mail receipt\n  reconsideration_requested_on: 2026-03-02\n")
    case = full_case(tmp_path, claim)
    _, doc, _ = check(capsys, case)
    assert "reconsideration_restarts" in by_id(doc["flags"])
    assert "record it as claim.reconsideration_denial_mailed_on" in by_id(doc["flags"])["reconsideration_restarts"]["message"]
    case = full_case(tmp_path, claim + "  reconsideration_denial_mailed_on: 2026-08-14\n")
    _, doc, _ = check(capsys, case)
    flags = by_id(doc["flags"])
    assert "reconsideration_restarts" not in flags
    assert not any("record it as claim.reconsideration_denial_mailed_on" in f["message"] for f in doc["flags"])
    assert "Friday, August 14, 2026" in flags["reconsideration_decided"]["message"]
    # 2026-08-14 + 6 months = Sunday 2027-02-14 -> act by Friday 2027-02-12
    suit = by_id(doc["deadlines"])["ftca_suit_deadline"]
    assert (suit["date"], suit["act_by"]) == ("2027-02-14", "2027-02-12")
