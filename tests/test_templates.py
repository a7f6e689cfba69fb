"""The DOCX templates have one source: their generators in tools/templates/ (docs/maintainers.md).

A template edited in Word, or a generator changed without `make templates`, fails here:
each committed .docx must hold exactly the parts its generator writes, byte for byte.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = sorted((ROOT / "tools" / "templates").glob("*.py"))
COMMITTED = ROOT / "claimgen" / "templates"


def _generate(src: Path, target: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"template_source_{src.stem}", src)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(target)


def _parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(name, z.read(name)) for name in z.namelist()]


def test_every_template_has_a_generator_and_every_generator_a_template():
    assert GENERATORS, "no generators in tools/templates/"
    assert sorted(p.stem for p in COMMITTED.glob("*.docx")) == [p.stem for p in GENERATORS]


@pytest.mark.parametrize("src", GENERATORS, ids=lambda p: p.stem)
def test_the_committed_template_is_what_its_generator_writes(src, tmp_path):
    fresh = tmp_path / f"{src.stem}.docx"
    _generate(src, fresh)
    committed = _parts(COMMITTED / f"{src.stem}.docx")
    generated = _parts(fresh)
    assert [n for n, _ in committed] == [n for n, _ in generated], "the parts differ: run `make templates`"
    changed = [n for (n, a), (_n, b) in zip(committed, generated) if a != b]
    assert changed == [], f"{src.stem}.docx differs from its generator in {changed}: edit tools/templates/{src.name} " \
                          "and run `make templates` (the .docx is not edited by hand)"


def test_make_templates_writes_fixed_timestamps(tmp_path):
    """`make templates` rewrites each zip with fixed dates, so a run without a change makes no diff."""
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "tools" / "make_templates.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    target = tmp_path / "t.docx"
    _generate(GENERATORS[0], target)
    before = _parts(target)
    tool.fix_timestamps(target)
    with zipfile.ZipFile(target) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert _parts(target) == before  # same parts, same order, same bytes
