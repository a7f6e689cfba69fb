"""docs/docket.md cannot rot: every ```console block is run again and its output compared.

The page's examples run in a folder ``clinic/`` holding the four bundled examples and the
files the page shows in blocks marked ``<!-- docket-doc-file: PATH -->``. Commands run in
order, as a user types them (``claimgen`` through ``python -m claimgen``, other commands
as they are). A shown output is standard output then standard error, matched line by line
(trailing spaces ignored): a line ``...`` stands for any number of lines, and ``...``
inside a line for any text.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

PAGE = ROOT / "docs" / "docket.md"


def blocks(text: str) -> list[tuple[str, str | None, list[str]]]:
    """(kind, marker argument, lines) of every fenced block: kind is the marker's name or the info string."""
    out = []
    lines = text.splitlines()
    marker: tuple[str, str | None] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.fullmatch(r"<!-- (docket-doc(?:-file)?): ?([^ ]*) -->", line.strip())
        if m:
            marker = (m.group(1), m.group(2) or None)
        elif line.startswith("```"):
            info = line[3:].strip()
            body = []
            i += 1
            while not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append((marker[0] if marker else info, marker[1] if marker else None, body))
            marker = None
        elif line.strip():
            marker = None
        i += 1
    return out


def matches(shown: list[str], actual: list[str]) -> bool:
    """Line-by-line match with ``...`` wildcards (whole lines, or inside a line)."""
    shown = [s.rstrip() for s in shown]
    actual = [a.rstrip() for a in actual]

    def line_ok(pattern: str, line: str) -> bool:
        if "..." not in pattern:
            return pattern == line
        regex = ".*".join(re.escape(part) for part in pattern.split("..."))
        return re.fullmatch(regex, line) is not None

    def walk(i: int, j: int) -> bool:
        if i == len(shown):
            return j == len(actual)
        if shown[i] == "...":
            return any(walk(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_ok(shown[i], actual[j]) and walk(i + 1, j + 1)

    return walk(0, 0)


def steps(body: list[str]) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for line in body:
        if line.startswith("$ "):
            out.append((line[2:], []))
        else:
            out[-1][1].append(line)
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("docket-docs")
    clinic = work / "clinic"
    clinic.mkdir()
    for example in sorted(EXAMPLES.iterdir()):
        if (example / "case.yaml").exists():
            shutil.copytree(example, clinic / example.name)
    for kind, arg, body in blocks(PAGE.read_text(encoding="utf-8")):
        if kind == "docket-doc-file":
            target = work / arg
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(body) + "\n", encoding="utf-8")
    return work


CONSOLE = [(arg, body) for kind, arg, body in blocks(PAGE.read_text(encoding="utf-8")) if kind == "docket-doc"]


def test_the_page_has_its_examples():
    assert {name for name, _ in CONSOLE} >= {"table", "json", "ics", "check-half", "evidence"}


@pytest.mark.parametrize("name, body", CONSOLE, ids=[name for name, _ in CONSOLE])
def test_console_block_output_is_real(workdir, name, body):
    for command, shown in steps(body):
        argv = shlex.split(command)
        if argv[0] == "claimgen":
            argv = [sys.executable, "-m", "claimgen", *argv[1:]]
        proc = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, timeout=120)
        actual = (proc.stdout + proc.stderr).splitlines()
        assert matches(shown, actual), f"{name}: $ {command}\n--- shown\n" + "\n".join(shown) + "\n--- actual\n" + "\n".join(actual)
