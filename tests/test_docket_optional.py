"""The docket and `check --strict` against a request to reconsider that was never made.

A request for reconsideration (28 C.F.R. § 14.9(b)) is a choice: its day passing is not a missed
deadline, and once suit is filed it cannot be made at all. `check` still reports its status as the
contract defines it; the docket's order, its exit status and its next deadline do not count it.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli

CASE = """\
claimgen: 1
title: "{title}"
incident:
  date: 2025-06-14
  state: TX
claimants:
  - role: injured
claim:
  presented_on: 2025-09-02
  denial_mailed_on: 2026-01-10
{more}"""


def clinic(tmp_path: Path, **cases: str) -> Path:
    for name, more in cases.items():
        folder = tmp_path / "clinic" / name
        folder.mkdir(parents=True)
        (folder / "case.yaml").write_text(CASE.format(title=name, more=more), encoding="utf-8")
    return tmp_path / "clinic"


def docket(root: Path, as_of: str) -> tuple[int, dict]:
    result = run_cli("docket", root, "--as-of", as_of, "--format", "json")
    return result.returncode, json.loads(result.stdout)


def statuses(case: dict) -> dict[str, str]:
    return {d["id"]: d["status"] for d in case["deadlines"]}


def test_a_suit_filed_in_time_is_not_a_missed_deadline_because_reconsideration_was_skipped(tmp_path):
    # denial mailed January 10, 2026: reconsideration and suit both by July 10, 2026; suit filed May 1
    root = clinic(tmp_path, sued="  suit_filed_on: 2026-05-01\n")
    status, out = docket(root, "2026-12-05")
    (case,) = out["cases"]
    # the deadlines are exactly what `check` says: the request's day passed without one
    assert statuses(case)["ftca_reconsideration_deadline"] == "missed"
    assert statuses(case)["ftca_suit_deadline"] == "met"
    check = run_cli("check", root / "sued" / "case.yaml", "--as-of", "2026-12-05", "--format", "json")
    assert json.loads(check.stdout)["deadlines"] == case["deadlines"]
    # ... but the docket does not call the case missed: Bivens (2 years in Texas) is next, months away
    assert case["next"]["id"] == "bivens_limitations" and case["next"]["act_by"] == "2027-06-14"
    assert status == 0
    table = run_cli("docket", root, "--as-of", "2026-12-05")
    assert table.returncode == 0 and "missed" not in table.stdout.lower()
    assert run_cli("check", root / "sued" / "case.yaml", "--as-of", "2026-12-05", "--strict").returncode == 0


def test_once_suit_is_filed_reconsideration_is_never_the_next_thing_to_do(tmp_path):
    root = clinic(tmp_path, sued="  suit_filed_on: 2026-02-02\n")
    status, out = docket(root, "2026-06-20")  # reconsideration's day (July 10) is 20 days off
    (case,) = out["cases"]
    assert statuses(case)["ftca_reconsideration_deadline"] == "open"  # check's status, as the contract defines it
    assert case["next"]["id"] == "bivens_limitations"
    assert status == 0  # nothing within 30 days: the request cannot be made after suit (28 C.F.R. § 14.9(b))


def test_a_missed_suit_deadline_still_comes_first_and_is_the_one_named(tmp_path):
    root = clinic(tmp_path, late="", sued="  suit_filed_on: 2026-05-01\n")
    status, out = docket(root, "2026-12-05")
    assert [c["title"] for c in out["cases"]] == ["late", "sued"]
    assert statuses(out["cases"][0])["ftca_suit_deadline"] == "missed"
    assert status == 1
    result = run_cli("docket", root, "--as-of", "2026-12-05")
    table = result.stdout
    late = next(line for line in table.splitlines() if "late —" in line)
    assert "MISSED" in late and "late — Last day to sue under the FTCA" in late
    assert "1 case with a missed deadline" in result.stderr
