"""Reliability (docs/reliability.md): a fuzz run over the case file and the answers file — exit 0, 1 or 2, never 3, never a traceback.

Hypothesis builds YAML documents from hostile pieces (numbers in YAML 1.1 spellings,
dates at the edges, control characters, tags, anchors, merge keys, deep nesting, odd
types where text belongs) and runs the commands in this process through
``claimgen.cli.main``. Bounded so the whole file runs in seconds.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgen.cli import main
from interview_cases import SHORT_ANSWERS_YAML as ANSWERS

AS_OF = "2026-11-22"

SCALARS = st.sampled_from(
    [
        "0100",
        "0x3E8",
        "0b1111101000",
        "1e3",
        "1_000",
        "6:10",
        "06:10",
        "610",
        ".inf",
        ".nan",
        "-.inf",
        "~",
        "null",
        "yes",
        "no",
        "on",
        "off",
        "true",
        "2025-06-14",
        "2025-02-30",
        "9999-12-31",
        "0001-01-01",
        "2025-06-14 10:30:00",
        "2025-06-14T10:30:00+05:00",
        '"\\0"',
        '"\\x85"',
        '"a\\nb"',
        "'{{ x }}'",
        "'<b>&amp;</b>'",
        "!!python/object:os.system x",
        "!!binary aGk=",
        "&a 1",
        "*a",
        "[]",
        "{}",
        "[1, 2]",
        "{a: 1}",
        "''",
        '""',
        "-1",
        "1" * 120,
        "9" * 30,
        "ICE",
        "MN",
        "c1",
        "E-001",
        "Nguyễn Thị Hương",
        "María",
        "0612555014",
        "+16125550140",
        "1850.50",
        "4850",
        "0",
        "!!str 12",
        "!!int '12'",
        "!!float 1",
        "? complex",
        "|\n    block",
        ">\n    folded",
        "<<: {a: 1}",
    ]
) | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12).map(
    lambda t: repr(t).replace("'", '"') if t else '""'
)

KEYS = st.sampled_from(
    [
        "claimgen",
        "title",
        "incident",
        "claimants",
        "witnesses",
        "evidence",
        "claim",
        "counsel",
        "notes",
        "interview",
        "<<",
        "date",
        "time",
        "state",
        "agencies",
        "narrative",
        "officers",
        "id",
        "name",
        "phone",
        "damages",
        "personal_injury",
        "property_damage",
        "wrongful_death",
        "path",
        "sha256",
        "size",
        "presented_on",
        "amended_on",
        "badge_number",
    ]
)


def _yaml(value, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return " {}\n"
        return "\n" + "".join(f"{pad}{k}:{_yaml(v, indent + 1)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return " []\n"
        return "\n" + "".join(f"{pad}-{_yaml(v, indent + 1)}" for v in value)
    return f" {value}\n"


NODES = st.recursive(
    SCALARS, lambda inner: st.dictionaries(KEYS, inner, max_size=4) | st.lists(inner, max_size=3), max_leaves=12
)

BASE = {
    "claimgen": "1",
    "incident": {"date": "2025-06-14", "state": "MN", "agencies": "[ICE]", "narrative": "Officers entered."},
    "claimants": [{"id": "c1", "name": "Ana", "damages": {"personal_injury": "1000"}}],
}


@st.composite
def case_documents(draw) -> str:
    """A valid small case with a few of its values replaced by hostile ones (or a whole hostile document)."""
    if draw(st.booleans()):
        doc = draw(st.dictionaries(KEYS, NODES, max_size=5))
        return "claimgen: 1" + _yaml(doc)[1:] if doc else "claimgen: 1\n"
    incident, claimant = dict(BASE["incident"]), dict(BASE["claimants"][0])
    doc = {"claimgen": "1", "incident": incident, "claimants": [claimant]}
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from([incident, claimant, doc]))
        target[draw(KEYS)] = draw(NODES)
    return _yaml(doc)[1:]


def run(*argv: object) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def assert_clean(code: int, err: str, text: str) -> None:
    assert code in (0, 1, 2), f"exit {code} for:\n{text}\n{err}"
    assert "Traceback" not in err and "internal error" not in err, f"for:\n{text}\n{err}"


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@FUZZ
@given(text=case_documents())
def test_fuzz_the_case_file(text):
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case.yaml"
        case.write_text(text, encoding="utf-8")
        for argv in (
            ["validate", case],
            ["check", case, "--as-of", AS_OF, "--format", "json", "--ics", Path(tmp) / "d.ics"],
        ):
            code, err = run(*argv)
            assert_clean(code, err, text)
        code, err = run("build", case, "-o", Path(tmp) / "packet", "--as-of", AS_OF)
        assert_clean(code, err, text)
        if code == 2:
            assert not (Path(tmp) / "packet").exists()


ANSWER_KEYS = st.sampled_from(
    [
        "claimants.count",
        "claimants[0].role",
        "claimants[0].name",
        "claimants[0].address",
        "claimants[0].phone",
        "claimants[0].date_of_birth",
        "incident.date",
        "incident.time",
        "incident.state",
        "incident.agencies",
        "incident.narrative",
        "incident.conduct",
        "claimants[0].hurt",
        "claimants[0].damages.personal_injury[0].amount",
        "claim.already_sent",
        "claim.presented_on",
        "counsel.any",
        "not.a.question",
    ]
)


@FUZZ
@given(changes=st.dictionaries(ANSWER_KEYS, NODES, min_size=1, max_size=3))
def test_fuzz_the_answers_file(changes):
    lines = [ln for ln in ANSWERS.splitlines() if ln.split(":")[0] not in changes]
    text = "\n".join(lines) + "\n" + "".join(f"{k}:{_yaml(v, 1)}" for k, v in changes.items())
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "answers.yaml"
        answers.write_text(text, encoding="utf-8")
        case = Path(tmp) / "case.yaml"
        code, err = run("interview", case, "--answers", answers, "--as-of", AS_OF)
        assert_clean(code, err, text)
        if code == 2:
            assert not case.exists(), "a refused answers file writes nothing"
        else:
            code, err = run("validate", case)
            assert_clean(code, err, text)
