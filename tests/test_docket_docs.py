"""docs/docket.md cannot rot: its console blocks run again and must print what the page shows.

The page follows the conventions of docs/README.md ("How these pages are tested"): it
starts in a private copy of ``claimgen/examples/minneapolis-home-entry``; each ``$ `` line
runs in bash, in order; ``<!-- docs-test: before COMMAND -->`` runs first, unshown;
``<!-- docs-test: file PATH -->`` writes the next block to PATH; standard output and
standard error are read together; ``...`` stands for any lines (or, inside a line, any
text). Where the suite's general page runner (tests/test_docs.py) is present, it runs this
page with every other and this test steps aside.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"

PAGE = ROOT / "docs" / "docket.md"
MARKER = re.compile(r"<!-- docs-test: (\w+)(?: (.*?))? -->")

pytestmark = pytest.mark.skipif((ROOT / "tests" / "test_docs.py").exists(), reason="tests/test_docs.py runs every docs page")


def blocks(text: str):
    out, pending, lines, i = [], [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        m = MARKER.fullmatch(line.strip())
        if m:
            pending.append((m.group(1), (m.group(2) or "").strip()))
        elif line.startswith("```"):
            info, body = line[3:].strip(), []
            i += 1
            while not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append((info, body, pending))
            pending = []
        elif line.strip():
            pending = []
        i += 1
    return out


def matches(shown: list[str], actual: list[str]) -> bool:
    shown = [s.rstrip() for s in shown]
    while shown and not shown[-1]:
        shown.pop()
    actual = [a.rstrip() for a in actual]

    def same(pattern: str, line: str) -> bool:
        return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("...")), line) is not None

    def walk(i: int, j: int) -> bool:
        if i == len(shown):
            return j == len(actual)
        if shown[i] == "...":
            return any(walk(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and same(shown[i], actual[j]) and walk(i + 1, j + 1)

    return walk(0, 0)


def test_console_blocks_print_what_the_page_shows(tmp_path):
    cwd = tmp_path / "work" / "minneapolis-home-entry"
    shutil.copytree(EXAMPLES / "minneapolis-home-entry", cwd)
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(tmp_path),
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC", "COLUMNS": "120", "TERM": "dumb", "NO_COLOR": "1",
           "PYTHONUNBUFFERED": "1"}
    ran = 0
    for info, body, markers in blocks(PAGE.read_text(encoding="utf-8")):
        kinds = dict(markers)
        if "file" in kinds:
            target = cwd / kinds["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(body) + "\n", encoding="utf-8")
            continue
        if info != "console":
            continue
        for kind, command in markers:
            if kind == "before":
                assert subprocess.run(["bash", "-c", command], cwd=cwd, env=env).returncode == 0, command
        steps: list[tuple[str, list[str]]] = []
        for line in body:
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        for command, shown in steps:
            done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=120)
            ran += 1
            if not any(s.strip() for s in shown):
                assert done.returncode == 0, f"$ {command}\n{done.stdout}"
            else:
                assert matches(shown, done.stdout.splitlines()), (
                    f"$ {command}\n--- the page shows\n" + "\n".join(shown) + "\n--- it prints\n" + done.stdout)
    assert ran >= 8
