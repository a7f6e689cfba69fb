"""Statements of the contract (docs: commands.md, docket.md, final-copies.md, serve.md) that an
outside audit found untested or broken, each driven through the command line as a user would."""

from __future__ import annotations

import json
import os
from pathlib import Path

from docket_cases import AS_OF, CASES, write_case
from helpers import run_cli, run_cli_process


def test_docket_reports_a_fifo_named_like_a_case_file_without_hanging(tmp_path: Path) -> None:
    """A named pipe with no writer inside the clinic's folder is listed under problems; the docket finishes."""
    clients = tmp_path / "clients"
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    (clients / "pipe").mkdir()
    os.mkfifo(clients / "pipe" / "case.yaml")
    result = run_cli_process("docket", "clients", "--as-of", AS_OF, "--format", "json", cwd=tmp_path, timeout=30)
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert [c["path"] for c in doc["cases"]] == [rel]
    assert [p["path"] for p in doc["problems"]] == ["clients/pipe/case.yaml"]
    assert "named pipe" in doc["problems"][0]["message"]
    assert "Traceback" not in result.stderr


def test_docket_ics_on_a_fifo_is_a_usage_error_not_a_hang(tmp_path: Path) -> None:
    """``--ics`` naming a named pipe: exit 2 with one line, nothing written, no hang (as ``check --ics``)."""
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    os.mkfifo(tmp_path / "office.ics")
    result = run_cli_process("docket", "clients", "--as-of", AS_OF, "--ics", "office.ics", cwd=tmp_path, timeout=30)
    assert result.returncode == 2, result.stderr
    assert "office.ics" in result.stderr and "named pipe" in result.stderr
    assert result.stdout == ""


def test_docket_empty_ics_name_is_a_usage_error(tmp_path: Path) -> None:
    """``--ics ''`` is a wrong command line for the docket, as it is for ``check``: exit 2, nothing printed."""
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    result = run_cli("docket", "clients", "--as-of", AS_OF, "--ics", "", cwd=tmp_path)
    assert result.returncode == 2
    assert "--ics" in result.stderr and "empty name" in result.stderr
    assert result.stdout == ""


def test_docket_lists_a_case_file_saved_as_utf16_under_problems(tmp_path: Path) -> None:
    """A case file re-saved by Notepad as UTF-16 is a broken case file: it shows up, it does not disappear."""
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    utf16 = tmp_path / "clients" / "notepad" / "case.yaml"
    utf16.parent.mkdir()
    utf16.write_bytes((tmp_path / rel).read_text(encoding="utf-8").encode("utf-16"))
    result = run_cli("docket", "clients", "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert [c["path"] for c in doc["cases"]] == [rel]
    assert [p["path"] for p in doc["problems"]] == ["clients/notepad/case.yaml"]
    assert "UTF-16" in doc["problems"][0]["message"]


def test_docket_table_shows_the_safer_bivens_day_that_check_strict_counts(tmp_path: Path) -> None:
    """Minnesota, claim presented: the contract's ``next`` is the 6-year Bivens day (2031-06-13, a Friday
    before Saturday 2031-06-14), but ``check --strict`` warns of the 2-year reading (Monday 2027-06-14,
    13 days after 2027-06-01). The docket's table must not hide that day; its JSON stays the contract's."""
    case = tmp_path / "clients" / "mn" / "case.yaml"
    case.parent.mkdir(parents=True)
    case.write_text(
        "claimgen: 1\ntitle: Presented in Minnesota\nincident:\n  date: 2025-06-14\n  state: MN\n"
        "claim:\n  presented_on: 2025-09-02\n",
        encoding="utf-8",
    )
    strict = run_cli("check", "clients/mn/case.yaml", "--as-of", "2027-06-01", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "act by 2027-06-14" in strict.stderr
    table = run_cli("docket", "clients", "--as-of", "2027-06-01", cwd=tmp_path)
    row = next(line for line in table.stdout.splitlines() if "Presented in Minnesota" in line)
    assert row.startswith("2031-06-13") and "safer reading: act by 2027-06-14" in row
    doc = json.loads(run_cli("docket", "clients", "--as-of", "2027-06-01", "--format", "json", cwd=tmp_path).stdout)
    assert doc["cases"][0]["next"] == {
        "id": "bivens_limitations",
        "date": "2031-06-14",
        "act_by": "2031-06-13",
        "days_left": 1473,
    }
