"""The docket's fast reading (tree composed by libyaml in C) gives exactly the project loader's
values and refusals: on the bundled examples and on every file of the hostile corpus."""

from __future__ import annotations

from pathlib import Path


import pytest

from claimgen import caseio
from claimgen.errors import CaseError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.yaml"))
EXTRA = {
    "alias-bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "merge-key": "base: {x: 1}\nother:\n  <<: {y: 2}\n  z: 3\n",
    "binary": "claimgen: 1\nblob: !!binary aGVsbG8=\n",
    "octal-sexagesimal-float": "claimgen: 1\na: 0755\nb: 6:10\nc: 1850.10\nd: 1e3\ne: .inf\nf: 2025-02-30\ng: 0x1F\nh: yes\n",
    "deep": "a: " + "[" * 60 + "]" * 60 + "\n",
    "very-deep": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "duplicate": "a: 1\nb: 2\na: 3\n",
    "list-key": "? [a, b]\n: 1\n",
}


def outcome(fn, text: str):
    try:
        return "ok", repr(fn(text, "f.yaml"))
    except CaseError as exc:
        return "error", exc.lines()


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8", errors="replace") for p in CORPUS]
                         + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*/case.yaml"))]
                         + list(EXTRA.values()),
                         ids=[p.stem for p in CORPUS] + [p.parent.name for p in sorted(EXAMPLES.glob("*/case.yaml"))]
                         + list(EXTRA))
def test_fast_reading_agrees_with_the_project_loader(text):
    assert outcome(caseio.parse_yaml_fast, text) == outcome(caseio.parse_yaml, text)


def test_values_are_kept_as_written():
    data = caseio.parse_yaml_fast(EXTRA["octal-sexagesimal-float"], "f.yaml")
    assert data["b"] == "6:10" and str(data["c"]) == "1850.10" and data["f"] == "2025-02-30"
