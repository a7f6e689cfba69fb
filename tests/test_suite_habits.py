"""Habits of the repository: tests share helpers through tests/helpers.py and the *_cases.py
modules, never by importing another test file or conftest (a test file is not a library); and
nothing cites a file or a discussion that a person with a clone does not have."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_test_imports_another_test_or_conftest():
    offenders = {}
    for path in sorted(TESTS.rglob("*.py")):
        bad = sorted(m for m in _imported_modules(path) if m == "conftest" or m.startswith("test_"))
        if bad:
            offenders[str(path.relative_to(TESTS))] = bad
    assert offenders == {}


def test_the_check_can_fail(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("from test_other import thing\nimport conftest\n", encoding="utf-8")
    assert _imported_modules(sample) == {"test_other", "conftest"}


# Words that point outside the repository: the project's private spec and reference notes, issue numbers.
OUTSIDE = re.compile(r"contract §|legal-rules|dependency-notes|comparable-tools|[Ii]ssue #?[0-9]+|\.\./shared/|/work/shared")


def test_the_repository_stands_alone():
    root = TESTS.parent
    files = [root / "README.md", *root.glob("docs/*.md"), *root.glob("claimgen/**/*.py"), *root.glob("claimgen/data/*.yaml"),
             *root.glob("tools/**/*.py"), *root.glob("benchmarks/*"), *TESTS.glob("*.py")]
    found = []
    for path in sorted(set(files)):
        if path.is_file() and path.name not in ("test_suite_habits.py", "test_readme.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if OUTSIDE.search(line):
                    found.append(f"{path.relative_to(root)}:{n}: {line.strip()[:100]}")
    assert found == [], "cite the statute, regulation or case, or a docs/ page, instead:\n" + "\n".join(found)
