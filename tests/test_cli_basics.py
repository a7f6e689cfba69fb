"""The command line itself: version, help, usage errors (exit 2, one error line), the
console script, and a ``--help`` that does not pay for the heavy libraries.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimgen import __version__
from helpers import AS_OF, ROOT, run_cli

CONTRACT_COMMANDS = ["interview", "validate", "check", "build", "evidence", "demo"]


def test_python_m_claimgen_version():
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"claimgen {__version__}"
    assert __version__ == "0.1.0"


def test_console_script_is_installed_and_runs():
    script = Path(sys.executable).parent / "claimgen"
    found = str(script) if script.exists() else shutil.which("claimgen")
    assert found, "the claimgen console script is not installed next to this Python"
    done = subprocess.run([found, "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, f"claimgen {__version__}")


def test_help_lists_every_contract_command_and_the_disclaimer():
    done = run_cli("--help")
    assert done.returncode == 0
    for command in CONTRACT_COMMANDS:
        assert f"    {command}" in done.stdout, command
    assert "draft for a lawyer's review, not legal advice" in done.stdout


@pytest.mark.parametrize("command, options", [
    ("validate", []),
    ("check", ["--as-of", "--format", "--ics", "--strict"]),
    ("build", ["--output", "--as-of", "--official-sf95"]),
    ("demo", ["--output"]),
    ("interview", ["--lang"]),
])
def test_each_command_has_help_with_its_contract_options(command, options):
    from claimgen.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    text = sub.format_help()
    for option in options:
        assert option in text, (command, option)


def test_evidence_actions_have_their_options():
    from claimgen.cli import build_parser

    evidence = next(a for a in build_parser()._actions if a.dest == "command").choices["evidence"]
    actions = next(a for a in evidence._actions if a.dest == "evidence_command").choices
    assert {"add", "verify"} <= set(actions)
    add_help = actions["add"].format_help()
    for option in ("--description", "--source", "--custodian"):
        assert option in add_help


USAGE_ERRORS = [
    ([], "the following arguments are required: COMMAND"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["validate"], "the following arguments are required: CASE.yaml"),
    (["validate", "a.yaml", "b.yaml"], "unrecognized arguments: b.yaml"),
    (["build", "case.yaml"], "the following arguments are required: -o/--output"),
    (["build", "case.yaml", "-o", "out", "--as-of", "2025-13-01"], "'2025-13-01' is not a date YYYY-MM-DD"),
    (["build", "case.yaml", "-o", "out", "--color"], "unrecognized arguments: --color"),
    (["check", "case.yaml", "--format", "xml"], "invalid choice: 'xml'"),
    (["evidence"], "the following arguments are required: ACTION"),
    (["evidence", "add", "case.yaml"], "the following arguments are required: FILE"),
    (["interview", "--lang", "fr"], "invalid choice: 'fr'"),
]


@pytest.mark.parametrize("argv, message", USAGE_ERRORS, ids=[" ".join(a) or "(nothing)" for a, _ in USAGE_ERRORS])
def test_usage_errors_exit_2_with_one_error_line(argv, message, tmp_path, capsys):
    from claimgen.cli import main

    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and message in errors[0], err
    assert err.startswith("usage: claimgen")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_usage_error_in_a_real_process_writes_nothing(tmp_path):
    done = run_cli("build", "case.yaml", "-o", "packet", "--as-of", "tomorrow", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "claimgen build: error: argument --as-of: 'tomorrow' is not a date YYYY-MM-DD"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("what", ["missing", "folder"])
def test_a_case_that_is_not_a_file_is_one_line(what, tmp_path):
    target = tmp_path / ("nope.yaml" if what == "missing" else "")
    done = run_cli("validate", target, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"{target}: " + ("no such file" if what == "missing" else "is a folder, not a case file")]


def test_help_does_not_import_the_heavy_libraries():
    code = (
        "import sys\n"
        "from claimgen.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'reportlab', 'docxtpl', 'docx', 'pypdf', 'questionary', 'pydantic', 'ruamel', 'PIL', 'holidays'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_internal_errors_are_one_line_without_the_case_text(demo_case, tmp_path, monkeypatch, capsys):
    """A bug (not bad input) prints its type and place, never the narrative it may contain."""
    from claimgen import packet
    from claimgen.cli import main

    def explode(*args, **kwargs):
        raise RuntimeError("María Ramírez lives at 1234 Elm St")

    monkeypatch.delenv("CLAIMGEN_DEBUG", raising=False)
    monkeypatch.setattr(packet, "render_all", explode)
    assert main(["build", str(demo_case), "-o", str(tmp_path / "packet"), "--as-of", AS_OF]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError" in err and "María" not in err
    assert not (tmp_path / "packet").exists()


def test_a_field_map_without_the_official_form_is_a_usage_error(demo_case, tmp_path):
    """--sf95-field-map alone used to build a packet and ignore the map without a word."""
    field_map = tmp_path / "map.yaml"
    field_map.write_text('"5": "5 MARITAL STATUS"\n', encoding="utf-8")
    done = run_cli("build", demo_case, "-o", tmp_path / "packet", "--as-of", AS_OF, "--sf95-field-map", field_map)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "claimgen: error: --sf95-field-map: is used only with --official-sf95 FORM.pdf (it names the fields of that "
        "form); add --official-sf95 or leave the map out"]
    assert done.stdout == "" and not (tmp_path / "packet").exists()


def test_interview_answers_file_cannot_be_the_case_file(tmp_path):
    """`interview a.yaml --answers a.yaml` used to replace the answers with the case file."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("claimants.count: 1\nclaimants[0].name: Ana López\n", encoding="utf-8")
    before = answers.read_bytes()
    done = run_cli("interview", "answers.yaml", "--answers", "./answers.yaml", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["./answers.yaml: is also the case file; give the answers their own file "
                                        "(the interview writes the case file, e.g. case.yaml)"]
    assert answers.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]


def test_evidence_add_with_the_files_after_supports_says_why_no_file_was_seen(tmp_path):
    done = run_cli("evidence", "add", "case.yaml", "--supports", "c1", "photo.jpg", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "claimgen evidence add: error: the following arguments are required: FILE (--supports takes every word after "
        "it: put the files before --supports, or end its list with --)")
    assert list(tmp_path.iterdir()) == []
