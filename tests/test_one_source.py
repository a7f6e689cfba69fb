"""One copy of each fact: every list the package needs is written down once, and code reads it.

A second copy drifts (the calendar said "does not apply yet" where `check` said "not running
yet"). These tests read the package's own source with ``ast`` and its data files with PyYAML,
so they fail the day someone types a list back into code.
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import yaml

from claimgen import data, model

PACKAGE = Path(__file__).resolve().parent.parent / "claimgen"
SOURCES = sorted(PACKAGE.rglob("*.py"))
DATA_FILES = sorted((PACKAGE / "data").glob("*.yaml"))


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), str(path))) for path in SOURCES]


def _string_sequences() -> list[tuple[Path, int, list[str]]]:
    """Every tuple, list or set literal in the package made only of strings."""
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts:
                if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                    found.append((path, node.lineno, [e.value for e in node.elts]))
    return found


def _copies_of(vocabulary: set[str]) -> list[str]:
    """Literal sequences in code that spell out (at least three members of) a vocabulary."""
    return [f"{path.relative_to(PACKAGE.parent)}:{line}" for path, line, items in _string_sequences()
            if len(set(items) & vocabulary) >= 3]


def _string_constants() -> list[tuple[Path, int, str]]:
    return [(path, node.lineno, node.value) for path, tree in _trees() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_the_conduct_vocabulary_is_conduct_yaml():
    keys = tuple(data.conduct())
    assert len(keys) >= 10
    assert typing.get_args(model.Conduct) == keys  # the model is built from the data
    assert not hasattr(model, "CONDUCT_KEYS")
    assert _copies_of(set(keys)) == []


def test_the_damage_categories_are_the_damages_model():
    assert model.DAMAGE_CATEGORIES == ("property_damage", "personal_injury", "wrongful_death")
    assert typing.get_args(model.DamageCategory) == model.DAMAGE_CATEGORIES
    assert _copies_of(set(model.DAMAGE_CATEGORIES)) == []


def test_deadline_status_words_live_in_deadlines_yaml_only():
    words = data.load("deadlines")["status_words"]
    assert set(words) == {"last_day", "first_day"}
    every = {w for kind in words.values() for w in kind.values()}
    assert {"not running yet", "done in time", "allowed now"} <= every
    in_code = [f"{p.name}:{line} {value!r}" for p, line, value in _string_constants()
               if value in every - {"open", "MISSED"} or value == "does not apply yet"]
    assert in_code == []
    others = [f.name for f in DATA_FILES if f.name != "deadlines.yaml" and "status_words" in f.read_text(encoding="utf-8")]
    assert others == []
    assert data.status_word("last_day", "not_applicable") == "not running yet"
    assert data.status_word("first_day", "met") == "allowed now"


def test_each_helper_is_defined_once():
    for name in ("human_size", "source_date_epoch"):
        defs = [f"{path.relative_to(PACKAGE.parent)}:{node.lineno}" for path, tree in _trees()
                for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == name]
        assert len(defs) == 1, f"{name} is defined in {defs}"
    readers = {p.name for p, _line, value in _string_constants() if value == "SOURCE_DATE_EPOCH"}
    assert readers == {"__init__.py"}, readers  # claimgen/render/__init__.py: source_date_epoch()


def test_spanish_state_names_are_in_states_yaml():
    states = data.states()
    assert "Nueva York" in states["NY"]["other_names"] and "Tejas" in states["TX"]["other_names"]
    spanish = {name.lower() for row in states.values() for name in row.get("other_names", ())}
    in_code = [f"{p.name}:{line}" for p, line, value in _string_constants() if value.lower() in spanish]
    assert in_code == []


def test_one_translation_mechanism_the_gettext_catalogs():
    """Data files are English; what the interview shows in Spanish comes from the .po catalogs."""

    def keys(node, found):
        if isinstance(node, dict):
            for k, v in node.items():
                found.add(str(k))
                keys(v, found)
        elif isinstance(node, list):
            for v in node:
                keys(v, found)
        return found

    for f in DATA_FILES:
        per_language = sorted(k for k in keys(yaml.safe_load(f.read_text(encoding="utf-8")), set()) if k.endswith("_es"))
        assert per_language == [], f"{f.name} carries a translation column: {per_language}"
