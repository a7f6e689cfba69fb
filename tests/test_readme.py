"""README.md cannot rot: its commands exist, its Quick start is `make demo` then `make test`,
it names every manifest kind, and the outputs it shows are what the CLI prints today.

A shown output is matched line by line (trailing spaces ignored): a line that is just
``...`` stands for any number of lines, and ``...`` inside a line for any text.
Blocks are found by the HTML comment ``<!-- readme-test: NAME -->`` just before them.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from claimgen.cli import build_parser
from conftest import EXAMPLES, ROOT, SHARED, copy_example, run_cli

README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")
AS_OF = "2026-12-01"
DEMO = "minneapolis-home-entry"

# The manifest kinds (docs/commands.md, the manifest).
CONTRACT_KINDS = ["sf95", "sf95_official", "evidence_log", "evidence_log_csv", "evidence_sha256sums",
                  "cover_memo", "transmittal_letter", "deadlines_ics"]


# ---------------------------------------------------------------- reading the README


def code_blocks(text: str | None = None) -> list[tuple[str | None, str, list[str]]]:
    """(marker name or None, info string, lines) for every fenced block of ``text`` (the README), in order."""
    out = []
    lines = (TEXT if text is None else text).splitlines()
    i = 0
    marker = None
    while i < len(lines):
        line = lines[i]
        m = re.fullmatch(r"<!-- readme-test: ([\w-]+) -->", line.strip())
        if m:
            marker = m.group(1)
        elif line.startswith("```"):
            info = line[3:].strip()
            body = []
            i += 1
            while not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append((marker, info, body))
            marker = None
        elif line.strip():
            marker = None  # a marker applies only to the block right after it
        i += 1
    return out


def block(name: str) -> list[str]:
    found = [body for marker, _info, body in code_blocks() if marker == name]
    assert len(found) == 1, f"README has {len(found)} blocks marked readme-test: {name}"
    return found[0]


def console_commands() -> list[str]:
    """Every command shown in a console block (the text after "$ ")."""
    return [line[2:] for _m, info, body in code_blocks() if info == "console" for line in body if line.startswith("$ ")]


def shown_output(name: str, command_prefix: str) -> tuple[str, list[str]]:
    """The command starting with ``command_prefix`` in block ``name``, and the output shown under it."""
    body = block(name)
    for i, line in enumerate(body):
        if line.startswith("$ " + command_prefix):
            out = []
            for rest in body[i + 1:]:
                if rest.startswith("$ "):
                    break
                out.append(rest)
            return line[2:], out
    raise AssertionError(f"block {name} shows no command starting with {command_prefix!r}")


def _line_matches(shown: str, actual: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in shown.rstrip().split("..."))
    return re.fullmatch(pattern, actual.rstrip()) is not None


def assert_shown(shown: list[str], actual_text: str) -> None:
    """The README's lines, with their ``...`` gaps, are the actual output."""
    actual = actual_text.splitlines()
    segments: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            segments.append([])
        else:
            segments[-1].append(line)
    open_start = not segments[0]
    open_end = not segments[-1]
    segments = [s for s in segments if s]
    pos = 0
    for n, seg in enumerate(segments):
        anchored = n == 0 and not open_start
        starts = [pos] if anchored else range(pos, len(actual) - len(seg) + 1)
        for start in starts:
            if start + len(seg) <= len(actual) and all(_line_matches(s, a) for s, a in zip(seg, actual[start:start + len(seg)])):
                pos = start + len(seg)
                break
        else:
            raise AssertionError(
                "README output no longer matches the CLI.\nREADME shows:\n" + "\n".join(seg)
                + "\n\nthe CLI prints:\n" + actual_text
            )
    if not open_end:
        assert pos == len(actual), f"the CLI prints more than the README shows:\n" + "\n".join(actual[pos:])


def run_shown(command: str, cwd: Path, env: dict | None = None):
    """Run a README command line (``claimgen ARGS``, no shell features) through ``python -m claimgen``."""
    import shlex

    words = shlex.split(command)
    assert words[0] == "claimgen", command
    return run_cli(*words[1:], cwd=cwd, env=env)


# ---------------------------------------------------------------- structure


def test_readme_says_draft_not_legal_advice():
    assert "a draft for a lawyer's review, not legal advice" in TEXT.split("## Quick start")[0]


def test_quick_start_begins_with_make_demo_then_make_test():
    section = TEXT.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    first_block = code_blocks(section)[0][2]
    commands = [line[2:] for line in first_block if line.startswith("$ ")]
    assert commands[:2] == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def _subparsers(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def _commands_and_options():
    """[("build", parser), ("evidence add", parser), ...] from claimgen/cli.py."""
    out = []
    for name, sub in _subparsers(build_parser()).items():
        nested = _subparsers(sub)
        if nested:
            out += [(f"{name} {action}", p) for action, p in nested.items()]
        else:
            out.append((name, sub))
    return out


def test_every_command_and_option_has_an_example():
    commands = console_commands()
    pairs = _commands_and_options()
    assert {name for name, _p in pairs} >= {"interview", "validate", "check", "build", "evidence add",
                                            "evidence verify", "evidence log", "demo"}
    for name, parser in pairs:
        examples = [c for c in commands if c == f"claimgen {name}" or c.startswith(f"claimgen {name} ")]
        assert examples, f"README has no example of `claimgen {name}`"
        assert f"### {name}" in TEXT, f"README has no section for `claimgen {name}`"
        for action in parser._actions:
            flags = [s for s in action.option_strings if s not in ("-h", "--help")]
            if flags:
                assert any(re.search(rf"(^|\s){re.escape(f)}(\s|=|$)", c) for c in examples for f in flags), \
                    f"README shows no `claimgen {name}` example with {flags[-1]}"
    assert any(c.startswith("python -m claimgen") for c in commands)


def test_every_manifest_kind_is_named():
    contract = SHARED / "spec" / "contract.md"
    kinds = list(CONTRACT_KINDS)
    if contract.is_file():
        section = contract.read_text(encoding="utf-8").split("## 4.", 1)[1]
        paragraph = section.split("Kinds:", 1)[1].split("More kinds may be")[0]
        kinds = re.findall(r"`(\w+)`", paragraph)
        assert set(CONTRACT_KINDS) <= set(kinds)
    packet = TEXT.split("## The packet", 1)[1].split("\n## ", 1)[0]
    for kind in kinds:
        assert f"| `{kind}` |" in packet, f"the README's packet table does not name {kind}"


def test_exit_statuses_are_documented():
    table = TEXT.split("## Exit status", 1)[1].split("\n## ", 1)[0]
    for status in ("0", "1", "2", "3", "130"):
        assert f"| `{status}` |" in table


def test_build_and_demo_show_the_same_packet():
    file_line = re.compile(r"^  (\S+)\s+(\w+)( \[\w+\])?$")
    _cmd, build_out = shown_output("build", "claimgen build")
    _cmd, demo_out = shown_output("demo", "claimgen demo")
    files = lambda lines: [line for line in lines if file_line.match(line)]  # noqa: E731
    assert files(build_out) and files(build_out) == files(demo_out)


# ---------------------------------------------------------------- the shown outputs, run again


@pytest.fixture
def example(tmp_path) -> Path:
    """A private copy of the demo example; the README's commands run inside it."""
    return copy_example(DEMO, tmp_path).parent


def test_validate_output(example):
    command, shown = shown_output("validate", "claimgen validate")
    result = run_shown(command, example)
    assert result.returncode == 0, result.stderr
    assert_shown(shown, result.stdout)


def test_validate_problems_output(tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(EXAMPLES / DEMO, bad)
    case = bad / "case.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("  state: MN", "  state: MX", 1).replace("personal_injury: 85000", "personal_injury: TBD", 1)
    case.write_text(text, encoding="utf-8")
    command, shown = shown_output("validate-bad", "claimgen validate")
    result = run_shown(command, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert_shown(shown, result.stderr)


def test_check_json_output(example):
    command, shown = shown_output("check-json", "claimgen check")
    result = run_shown(command, example)
    assert result.returncode == 0, result.stderr
    assert_shown(shown, result.stdout)
    report = json.loads(result.stdout)
    assert set(report) == {"as_of", "deadlines", "flags"}
    ids = [d["id"] for d in report["deadlines"]]
    described = TEXT.split("`--format json` prints", 1)[1].split("<!--", 1)[0]
    for key in ids + sorted(report["deadlines"][0]) + sorted(report["flags"][0]):
        assert f"`{key}`" in described, f"the README does not describe {key}"


def test_check_table_output(example):
    command, shown = shown_output("check-table", "claimgen check")
    result = run_shown(command, example, env={"COLUMNS": "120"})
    assert result.returncode == 0, result.stderr
    assert_shown(shown, result.stdout)


def test_demo_output(tmp_path):
    command, shown = shown_output("demo", "claimgen demo --as-of")
    result = run_shown(command, tmp_path)
    assert result.returncode == 0, result.stderr
    assert_shown(shown, result.stdout)
    manifest = json.loads((tmp_path / "claimgen-demo" / "manifest.json").read_text(encoding="utf-8"))
    packet = TEXT.split("## The packet", 1)[1].split("\n## ", 1)[0]
    for entry in manifest["files"]:  # kinds claimgen writes beyond the contract's are documented too
        assert f"| `{entry['kind']}` |" in packet


def test_evidence_add_and_verify_output(example):
    _printf, _ = shown_output("evidence-add", "printf")
    m = re.fullmatch(r"printf '(.*)' > (\S+)", _printf)
    assert m, _printf
    (example / m.group(2)).write_bytes(m.group(1).replace("\\n", "\n").encode("utf-8"))
    command, shown = shown_output("evidence-add", "claimgen evidence add")
    result = run_shown(command, example)
    assert result.returncode == 0, result.stderr
    assert_shown(shown, result.stdout)
    command, shown = shown_output("evidence-verify", "claimgen evidence verify")
    result = run_shown(command, example, env={"COLUMNS": "120"})
    assert result.returncode == 0, result.stderr
    assert_shown(shown, result.stdout)


def test_interview_answers_file(tmp_path):
    (tmp_path / "answers.yaml").write_text("\n".join(block("answers-file")) + "\n", encoding="utf-8")
    command, shown = shown_output("interview-answers", "claimgen interview")
    result = run_shown(command, tmp_path, env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert "--as-of 2026-12-01" in command  # with --as-of the shown dates and days left are exact
    assert_shown(shown, result.stdout)
    assert run_cli("validate", tmp_path / "case.yaml").returncode == 0


def test_case_file_example_is_valid(tmp_path):
    (tmp_path / "case.yaml").write_text("\n".join(block("case-example")) + "\n", encoding="utf-8")
    (tmp_path / "evidence").mkdir()
    for name in ("statement-maria-ramirez.txt", "door-repair-estimate.txt", "birth-certificate-sofia.txt"):
        shutil.copy(EXAMPLES / DEMO / "evidence" / name, tmp_path / "evidence" / name)
    command, shown = shown_output("case-example-validate", "claimgen validate")
    result = run_shown(command, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "the README's case file draws warnings"
    assert_shown(shown, result.stdout)
    # every core key of the case file appears in the example
    example = "\n".join(block("case-example"))
    for key in ("claimgen:", "incident:", "date:", "time:", "state:", "place:", "agencies:", "conduct:", "near_border:",
                "narrative:", "claimants:", "id:", "name:", "address:", "date_of_birth:", "marital_status:",
                "employment:", "injuries:", "damages:", "property_damage:", "personal_injury:", "wrongful_death:",
                "witnesses:", "evidence:", "path:", "description:", "sha256:", "size:", "claim:", "presented_on:"):
        assert key in example, key


def test_layout_lists_every_module():
    layout = TEXT.split("## Layout of the package", 1)[1].split("\n## ", 1)[0]
    tree = "\n".join(code_blocks(layout)[0][2])
    package = ROOT / "claimgen"
    for path in sorted(package.glob("*.py")):
        assert re.search(rf"^  {re.escape(path.name)}\s", tree, re.M), f"the layout does not list claimgen/{path.name}"
    for folder in sorted(p for p in package.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))):
        assert re.search(rf"^  {re.escape(folder.name)}/", tree, re.M), f"the layout does not list claimgen/{folder.name}/"
        if folder.name in ("checks", "interview", "evidence", "render"):
            for path in sorted(folder.glob("*.py")):
                if path.name != "__init__.py" or folder.name == "render":
                    assert re.search(rf"^    {re.escape(path.name)}\s", tree, re.M), \
                        f"the layout does not list claimgen/{folder.name}/{path.name}"
