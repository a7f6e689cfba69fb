"""Case file I/O: load → save → load keeps every value, the key order and the comments;
saving is atomic (a failure mid-save leaves the old file byte-identical, no temp file)
and private (0600 files, 0700 folders, whatever the umask).

The saving path under test is ``caseio.update_case``, the one every command that edits a
case file uses (``evidence add``, ``evidence log``, the interview).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgen import caseio, fsutil
from claimgen.errors import CaseError
from helpers import EXAMPLES, ROOT, copy_example

EXAMPLE_NAMES = sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml"))

# A case file written the way people write them: comments everywhere, flow and block
# styles, quoted and plain strings, YAML 1.1 booleans, an unquoted time, cents, accents.
STYLED = """\
# Case of the Nguyễn family — keep this comment
claimgen: 1   # schema version
title: 'Nguyễn Thị Hương — "quoted" & <angle> {{ braces }}'

incident:
  date: 2025-06-14
  time: 6:10            # unquoted: YAML 1.1 reads this as a number
  state: MN
  place: 1234 Elm St, Minneapolis
  agencies: [ICE, CBP]  # flow list
  conduct:
    - excessive_force
    - home_entry
  near_border: no       # YAML 1.1 boolean
  narrative: >
    Folded paragraph one
    continues here.

    Paragraph two.

# claimants follow
claimants:
  - id: c1
    name: "Trần Văn Đức"
    injuries: |
      Literal block
        with indentation kept.
    damages: {property_damage: 1850.50, personal_injury: 0, wrongful_death: 0}
    property: {description: "Door"}
    insurance:
      accident_insurance: off
evidence: []
claim:
  presented_on: 2025-09-02   # received
  amended_on: [2025-11-20]
"""


def _key_paths(node, prefix=""):
    """Every key path in document order: ['claimgen', 'incident', 'incident.date', ...]."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.append(path)
            out += _key_paths(value, path)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _key_paths(value, f"{prefix}[{i}]")
    return out


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1].strip() for line in text.splitlines() if line.lstrip().startswith("#") or "  # " in line]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_noop_save_of_every_example_is_byte_identical(name, tmp_path):
    case = copy_example(name, tmp_path)
    before = case.read_bytes()
    caseio.update_case(case, lambda tree: None)
    assert case.read_bytes() == before


def test_styled_file_survives_a_noop_save_byte_for_byte(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(STYLED, encoding="utf-8")
    caseio.update_case(case, lambda tree: None)
    assert case.read_text(encoding="utf-8") == STYLED


def test_a_change_keeps_every_other_value_key_order_and_comment(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(STYLED, encoding="utf-8")
    before = caseio.load_raw(case)

    def change(tree):
        tree["witnesses"] = [{"name": "Łukasz Wiśniewski", "saw": "no"}]
        tree["claim"]["mailed_on"] = dt.date(2025, 8, 29)
        tree["claimants"][0]["damages"]["personal_injury"] = Decimal("12500.25")

    caseio.update_case(case, change)
    text = case.read_text(encoding="utf-8")
    after = caseio.load_raw(case)

    # the changes, read back by the safe loader with their types
    assert after["witnesses"] == [{"name": "Łukasz Wiśniewski", "saw": "no"}]  # "no" stays a string
    assert after["claim"]["mailed_on"] == dt.date(2025, 8, 29)
    assert after["claimants"][0]["damages"]["personal_injury"] == Decimal("12500.25")
    # everything else exactly as before, in the same order
    after["claimants"][0]["damages"]["personal_injury"] = before["claimants"][0]["damages"]["personal_injury"]
    del after["witnesses"], after["claim"]["mailed_on"]
    assert after == before
    assert [p for p in _key_paths(caseio.load_raw(case)) if "witnesses" not in p and "mailed_on" not in p] == _key_paths(before)
    assert _comments(text) == _comments(STYLED)
    # the values YAML 1.1 reads specially are still read the same way
    assert after["incident"]["near_border"] is False
    assert after["incident"]["time"] == "6:10"
    assert after["claimants"][0]["insurance"]["accident_insurance"] is False
    assert after["claimants"][0]["damages"]["property_damage"] == Decimal("1850.50")
    assert caseio.parse_case(after, str(case)).incident.time == "06:10"


def test_a_draft_parsed_ahead_is_used_only_while_the_file_is_unchanged(tmp_path):
    """``evidence add`` parses the file for saving while it hashes; an edit made meanwhile must survive."""
    case = tmp_path / "case.yaml"
    case.write_text(STYLED, encoding="utf-8")
    draft = caseio.load_for_update(case)
    caseio.update_case(case, lambda tree: tree.__setitem__("title", "first"), draft)
    assert caseio.load_raw(case)["title"] == "first"

    draft = caseio.load_for_update(case)
    edited = case.read_text(encoding="utf-8").replace("presented_on: 2025-09-02", "presented_on: 2025-09-03")
    case.write_text(edited, encoding="utf-8")  # someone saves the file while the hash runs
    caseio.update_case(case, lambda tree: tree.__setitem__("title", "second"), draft)
    after = caseio.load_raw(case)
    assert after["title"] == "second"
    assert after["claim"]["presented_on"] == dt.date(2025, 9, 3)  # the meanwhile edit is kept


@pytest.mark.parametrize(
    "value",
    ["no", "Yes", "on", "OFF", "true", "~", "null", "", "2025-02-30", "2025-06-14", "1:20", "0777", "0o17",
     "1e3", "3.50", "1_000", "-", "- item", "# not a comment", "a: b", "{{ name }}", "{% if x %}", "<b>&amp;",
     "'single'", '"double"', "line one\nline two\n", "  leading and trailing  ", "\u2028", "NEL\x85here",
     "Nguyễn Thị Hương", "Jean-Baptiste Désir", "Łukasz", "\U0001F600"],
)
def test_a_new_string_reads_back_as_the_same_string(value, tmp_path):
    """ruamel writes YAML 1.2, the safe loader reads 1.1: ``no`` must not come back as False."""
    case = tmp_path / "case.yaml"
    case.write_text("# keep\nclaimgen: 1\n", encoding="utf-8")
    caseio.update_case(case, lambda tree: tree.__setitem__("notes", value))
    assert caseio.load_raw(case)["notes"] == value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_string_round_trips(tmp_path, value):
    case = tmp_path / "case.yaml"
    case.write_text("claimgen: 1\n", encoding="utf-8")
    caseio.update_case(case, lambda tree: tree.__setitem__("notes", value))
    assert caseio.load_raw(case)["notes"] == value


# ---------------------------------------------------------------- atomic saves


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize("where", ["replace", "fsync", "write", "change"])
def test_failure_mid_save_leaves_old_file_and_no_temp_file(where, demo_case, monkeypatch):
    before = demo_case.read_bytes()
    folder = demo_case.parent
    present = {p.name for p in folder.iterdir()}

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if where == "replace":
        monkeypatch.setattr(fsutil.os, "replace", boom)
    elif where == "fsync":
        monkeypatch.setattr(fsutil.os, "fsync", boom)
    elif where == "write":
        real_fdopen = os.fdopen

        def fdopen(fd, *args, **kwargs):
            fh = real_fdopen(fd, *args, **kwargs)

            class Half:
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    fh.close()

                def write(self, data):
                    fh.write(data[: len(data) // 2])  # half of the new file is on disk...
                    raise OSError(5, "Input/output error")  # ...then the disk fails

            return Half()

        monkeypatch.setattr(fsutil.os, "fdopen", fdopen)

    def change(tree):
        tree["title"] = "changed"
        if where == "change":
            raise RuntimeError("the change itself fails")

    with pytest.raises((OSError, RuntimeError)):
        caseio.update_case(demo_case, change)
    assert demo_case.read_bytes() == before
    assert _leftovers(folder, present) == []


def test_save_is_private_under_umask_000(tmp_path):
    """A new case file in new folders: 0600 and 0700 even when the umask allows everything."""
    target = tmp_path / "a" / "b" / "case.yaml"
    code = (
        "import sys; from pathlib import Path; from claimgen import caseio;"
        "caseio.save_raw(Path(sys.argv[1]), {'claimgen': 1, 'title': 'x'});"
        "caseio.update_case(Path(sys.argv[1]), lambda t: t.__setitem__('notes', 'y'))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(target)], cwd=ROOT, preexec_fn=lambda: os.umask(0),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "a" / "b").stat().st_mode) == 0o700
    assert caseio.load_raw(target) == {"claimgen": 1, "title": "x", "notes": "y"}


def test_update_refuses_an_unsafe_file_before_the_round_trip_loader_sees_it(tmp_path):
    case = tmp_path / "case.yaml"
    text = "claimgen: 1\nx: !!python/object/apply:os.system ['echo pwned']\n"
    case.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as err:
        caseio.update_case(case, lambda tree: None)
    assert "tag is not allowed" in err.value.lines()[0]
    assert case.read_text(encoding="utf-8") == text
