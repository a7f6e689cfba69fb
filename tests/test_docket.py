"""``claimgen docket``: a tree of cases with hand-computed next deadlines (docs/docket.md).

The tree holds four cases whose deadlines were counted by hand for 2026-12-05, a broken
case file, a file that is not UTF-8, YAML that is not a case, a case inside a packet
folder and inside a virtual environment (both skipped), and a symlink loop.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimgen.cli import main
from docket_cases import AS_OF, CASES, write_case
from helpers import ROOT

EXPECTED_ORDER = [
    "clients/missed/case.yaml",
    "clients/nested/deeper/due3/case.yaml",
    "clients/due300/case.yaml",
    "clients/done/case.yaml",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for rel, values in CASES.items():
        write_case(tmp_path / rel, **values)
    clients = tmp_path / "clients"
    # broken case files: an impossible date, and bytes that are not UTF-8
    write_case(clients / "broken" / "case.yaml", title="Broken", date="2025-02-30", state="MN", claim="")
    (clients / "latin1").mkdir()
    (clients / "latin1" / "case.yaml").write_bytes(b'claimgen: 1\ntitle: "Se\xf1ora"\n')
    # YAML that is not a case, and a case of another schema version: skipped silently
    (clients / "notes.yaml").write_text("name: office notes\nitems: [1, 2]\n", encoding="utf-8")
    (clients / "compose.yml").write_text("services:\n  web:\n    image: nginx\n# claimgen is mentioned here\n")
    (clients / "future.yaml").write_text("claimgen: 2\nsomething: new\n", encoding="utf-8")
    (clients / "export.yml").write_bytes(b"name: Se\xf1ora\x00\x01\n")  # not UTF-8, never names claimgen
    # a packet folder, a virtual environment and node_modules holding copies of a case: skipped
    packet = clients / "due300" / "packet"
    packet.mkdir()
    (packet / "manifest.json").write_text(json.dumps({"claimgen": "0.1.0", "as_of": AS_OF, "files": []}))
    write_case(packet / "case.yaml", **CASES["clients/missed/case.yaml"])
    venv = clients / "tools" / "venv-x"
    venv.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    write_case(venv / "case.yaml", **CASES["clients/missed/case.yaml"])
    write_case(clients / "node_modules" / "pkg" / "case.yaml", **CASES["clients/missed/case.yaml"])
    write_case(clients / ".git" / "case.yaml", **CASES["clients/missed/case.yaml"])
    # a symlink loop, and a second link to a case folder (the case is listed once)
    os.symlink("..", clients / "nested" / "loop")
    os.symlink("due300", clients / "alias")
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def docket_json(capsys, cwd: Path, *args: str) -> tuple[int, dict, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        rc, out, err = run(capsys, "docket", *args, "--as-of", AS_OF, "--format", "json")
    finally:
        os.chdir(old)
    return rc, json.loads(out), err


def test_rows_order_next_and_exit_status(tree, capsys):
    rc, doc, err = docket_json(capsys, tree, "clients")
    assert rc == 1, err  # a missed deadline, one due in 3 days, and two broken files
    assert set(doc) == {"as_of", "cases", "problems"} and doc["as_of"] == AS_OF
    assert [c["path"] for c in doc["cases"]] == EXPECTED_ORDER
    by_path = {c["path"]: c for c in doc["cases"]}
    for case in doc["cases"]:
        assert set(case) == {"path", "title", "next", "deadlines", "flags"}
        if case["next"] is not None:
            assert set(case["next"]) == {"id", "date", "act_by", "days_left"}
    assert by_path["clients/missed/case.yaml"]["next"] is None
    missed = {d["id"]: d["status"] for d in by_path["clients/missed/case.yaml"]["deadlines"]}
    assert missed["ftca_presentment"] == "missed" and missed["bivens_limitations"] == "missed"
    assert by_path["clients/nested/deeper/due3/case.yaml"]["next"] == {
        "id": "ftca_presentment",
        "date": "2026-12-08",
        "act_by": "2026-12-08",
        "days_left": 3,
    }
    assert by_path["clients/due300/case.yaml"]["next"] == {
        "id": "ftca_presentment",
        "date": "2027-10-01",
        "act_by": "2027-10-01",
        "days_left": 300,
    }
    done = by_path["clients/done/case.yaml"]
    assert done["next"] is None and not any(d["status"] == "missed" for d in done["deadlines"])
    assert by_path["clients/due300/case.yaml"]["title"] == "Due in three hundred days"


def test_problems_listed_with_path_and_first_message(tree, capsys):
    rc, doc, err = docket_json(capsys, tree, "clients")
    problems = {p["path"]: p["message"] for p in doc["problems"]}
    assert set(problems) == {"clients/broken/case.yaml", "clients/latin1/case.yaml"}
    assert all(set(p) == {"path", "message"} for p in doc["problems"])
    assert "incident.date" in problems["clients/broken/case.yaml"]
    assert "real date" in problems["clients/broken/case.yaml"]
    assert "UTF-8" in problems["clients/latin1/case.yaml"]
    assert "could not be read" in err


def test_deadlines_and_flags_are_exactly_those_of_check(tree, capsys):
    rc, doc, _ = docket_json(capsys, tree, "clients")
    for case in doc["cases"]:
        rc, out, _ = run(capsys, "check", str(tree / case["path"]), "--as-of", AS_OF, "--format", "json")
        assert rc == 0
        checked = json.loads(out)
        assert case["deadlines"] == checked["deadlines"], case["path"]
        assert case["flags"] == checked["flags"], case["path"]


def test_exit_status_follows_within(tmp_path, capsys):
    for rel in ("clients/due300/case.yaml", "clients/done/case.yaml"):
        write_case(tmp_path / rel, **CASES[rel])
    rc, doc, _ = docket_json(capsys, tmp_path, "clients")
    assert rc == 0 and [c["path"] for c in doc["cases"]] == ["clients/due300/case.yaml", "clients/done/case.yaml"]
    rc, _, err = docket_json(capsys, tmp_path, "clients", "--within", "300")
    assert rc == 1 and "within 300 days" in err
    rc, _, _ = docket_json(capsys, tmp_path, "clients", "--within", "299")
    assert rc == 0


def test_paths_are_as_given(tree, capsys):
    rc, doc, _ = docket_json(capsys, tree, str(tree / "clients" / "due300"), "clients/done/case.yaml")
    assert [c["path"] for c in doc["cases"]] == [
        str(tree / "clients" / "due300" / "case.yaml"),
        "clients/done/case.yaml",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-folder"],
        ["clients", "--within", "-1"],
        ["clients", "--within", "soon"],
        ["clients", "--format", "xml"],
        [],
    ],
)
def test_bad_command_line_is_exit_2(tree, capsys, args):
    old = os.getcwd()
    os.chdir(tree)
    try:
        rc = main(["docket", *args])
    except SystemExit as exc:  # argparse stops here
        rc = exc.code
    finally:
        os.chdir(old)
    out, err = capsys.readouterr()
    assert rc == 2 and out == "" and "Traceback" not in err


def test_missing_path_is_exit_2(tree, capsys):
    rc, out, err = run(capsys, "docket", str(tree / "nothing-here"), "--as-of", AS_OF)
    assert rc == 2 and "no such file or folder" in err and out == ""


def test_plain_text_when_piped(tree, capsys):
    old = os.getcwd()
    os.chdir(tree)
    try:
        rc, out, _ = run(capsys, "docket", "clients", "--as-of", AS_OF)
    finally:
        os.chdir(old)
    assert rc == 1
    assert "\x1b[" not in out  # no colour codes in a pipe
    lines = out.splitlines()
    firsts = [i for i, line in enumerate(lines) for p in EXPECTED_ORDER if line.strip() == p]
    assert [lines[i].strip() for i in firsts] == EXPECTED_ORDER  # the rows in docket order
    due3 = next(line for line in lines if line.startswith("2026-12-08"))
    assert due3.split()[:3] == ["2026-12-08", "3", "open"] and "Due in three days — Agency must receive" in due3
    assert "MISSED" in out and "nothing open" in out
    assert "clients/broken/case.yaml: incident.date:" in out


def test_table_in_a_terminal_fits_80_columns(tree):
    code = (
        "import os, sys\n"
        "from claimgen.cli import main\n"
        f"os.chdir({str(tree)!r})\n"
        f"sys.exit(main(['docket', 'clients', '--as-of', '{AS_OF}']))\n"
    )
    env = dict(os.environ, COLUMNS="80", FORCE_COLOR="1", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "\x1b[" in proc.stdout  # coloured by urgency
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout)
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert "Due in three days" in plain and "2026-12-08" in plain


def test_docket_never_imports_the_renderers(tree):
    code = (
        "import sys\n"
        "from claimgen.cli import main\n"
        f"rc = main(['docket', {str(tree / 'clients')!r}, '--as-of', '{AS_OF}', '--format', 'json'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'docxtpl', 'docx', 'pypdf', 'icalendar'))\n"
        "# render.text formats dates; render.ics gives the UID key (icalendar itself loads only with --ics)\n"
        "renderers = sorted(m for m in sys.modules if m.startswith('claimgen.render.')\n"
        "                   and m not in ('claimgen.render.text', 'claimgen.render.ics'))\n"
        "print('HEAVY', heavy, renderers, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert "HEAVY [] []" in proc.stderr, proc.stderr


def test_half_finished_case_is_on_the_docket(tmp_path, capsys):
    folder = tmp_path / "intake" / "new-family"
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(
        "claimgen: 1\nincident:\n  date: 2025-01-15\n  state: NY\nclaimants:\n  - role: injured\n", encoding="utf-8"
    )
    rc, doc, _ = docket_json(capsys, tmp_path, "intake")
    (case,) = doc["cases"]
    assert case["title"] == "new-family"  # no title yet: the folder's name
    assert case["next"] == {"id": "ftca_presentment", "date": "2027-01-15", "act_by": "2027-01-15", "days_left": 41}
    incomplete = [f for f in case["flags"] if f["id"] == "case_incomplete"]
    assert (
        incomplete
        and "incident.narrative" in incomplete[0]["message"]
        and "claimgen interview" in incomplete[0]["message"]
    )
    assert doc["problems"] == []


def test_a_bug_on_one_file_does_not_hide_the_others(tree, capsys, monkeypatch):
    import claimgen.caseload as docket_module

    real = docket_module.parse_for_deadlines

    def breaks_on_one(raw, file, today=None):
        if "due300" in file:
            raise TypeError("a bug")
        return real(raw, file, today)

    monkeypatch.setattr(docket_module, "parse_for_deadlines", breaks_on_one)
    monkeypatch.delenv("CLAIMGEN_DEBUG", raising=False)
    rc, doc, _ = docket_json(capsys, tree, "clients")
    assert rc == 1
    assert [c["path"] for c in doc["cases"]] == [p for p in EXPECTED_ORDER if "due300" not in p]
    problem = next(p for p in doc["problems"] if p["path"] == "clients/due300/case.yaml")
    assert "TypeError" in problem["message"] and "a bug" not in problem["message"]


def test_streamed_json_is_the_whole_document_indented(tree):
    import datetime as dt
    import io

    from claimgen.caseload import docket

    result = docket([str(tree / "clients")], dt.date.fromisoformat(AS_OF))
    assert result.rows and result.problems
    out = io.StringIO()
    result.write_json(out)
    assert out.getvalue() == json.dumps(result.to_json(), indent=2) + "\n"
