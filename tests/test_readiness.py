"""The readiness gate: `validate --final` lists what keeps a claim from being filed (exit 1);
`build --final` refuses with the same list and writes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from claimgen import cli, data
from claimgen.caseio import load_case
from claimgen.checks.readiness import readiness_problems, rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = "2026-11-22"


def example(tmp_path: Path, name: str = "minneapolis-home-entry", edit=None) -> Path:
    """A private copy of an example, with ``edit(raw_dict)`` applied to its case file."""
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)
    case = target / "case.yaml"
    if edit is not None:
        raw = yaml.safe_load(case.read_text(encoding="utf-8"))
        edit(raw)
        case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its content's digest: proves nothing was written or changed."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).digest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- the edits that make a claim not ready


def no_sum_certain(raw):
    gone = {item.get("id") for item in raw["claimants"][1].get("damages_items", [])}
    raw["claimants"][1]["damages"] = {}
    raw["claimants"][1]["damages_items"] = []
    for e in raw["evidence"]:
        e["supports"] = [ref for ref in e.get("supports", []) if ref not in gone]


def representative_without_authority(raw):
    raw["claimants"][2]["representative"]["authority_documents"] = []


def death_without_authority(raw):
    raw["claimants"][0]["representative"]["authority_documents"] = []


def death_without_representative(raw):
    del raw["claimants"][0]["representative"]


def not_appointed(raw):
    raw["claimants"][0]["representative"]["capacity"] = "Proposed administrator (petition for letters filed)"


def preliminary(raw):
    raw["claimants"][0]["damages_items"][0]["description"] += " (preliminary, to be confirmed)"


def minor_signs_alone(raw):
    del raw["claimants"][2]["representative"]


def minor_with_a_friend_signing(raw):
    raw["claimants"][2]["representative"]["capacity"] = "Family friend"


def property_without_description(raw):
    raw["claimants"][1]["property"] = {"owner": None}


CASES = [
    # (example, edit, key path that must be named, rule whose citation is printed)
    ("minneapolis-home-entry", no_sum_certain, "claimants[1].damages", "sum_certain"),
    (
        "minneapolis-home-entry",
        representative_without_authority,
        "claimants[2].representative.authority_documents",
        "representative_authority",
    ),
    (
        "fatal-vehicle-stop",
        death_without_authority,
        "claimants[0].representative.authority_documents",
        "death_claim_representative",
    ),
    ("fatal-vehicle-stop", death_without_representative, "claimants[0].representative", "death_claim_representative"),
    ("fatal-vehicle-stop", not_appointed, "claimants[0].representative.capacity", "not_appointed"),
    ("minneapolis-home-entry", preliminary, "claimants[0].damages_items[0].description", "preliminary_amount"),
    ("minneapolis-home-entry", minor_signs_alone, "claimants[2].representative", "minor_signer"),
    (
        "minneapolis-home-entry",
        minor_with_a_friend_signing,
        "claimants[2].representative.capacity",
        "minor_representative",
    ),
    (
        "minneapolis-home-entry",
        property_without_description,
        "claimants[1].property.description",
        "property_description",
    ),
]


@pytest.mark.parametrize("name,edit,path,rule", CASES, ids=[c[1].__name__ for c in CASES])
def test_validate_final_names_the_problem_and_exits_1(tmp_path, capsys, name, edit, path, rule):
    case = example(tmp_path, name, edit)
    code, out, err = run(capsys, "validate", case, "--final", "--as-of", AS_OF)
    assert code == 1, out + err
    lines = [line for line in out.splitlines() if f": {path}: " in line]
    assert len(lines) == 1, out
    for key in rules()[rule]["citations"]:
        assert data.cite(key) in lines[0]
    assert "not ready to file" in out


@pytest.mark.parametrize("name,edit,path,rule", CASES[:3], ids=[c[1].__name__ for c in CASES[:3]])
def test_build_final_refuses_and_creates_no_folder(tmp_path, capsys, name, edit, path, rule):
    case = example(tmp_path, name, edit)
    before = tree(tmp_path)
    out_dir = tmp_path / "packet"
    code, out, err = run(capsys, "build", case, "-o", out_dir, "--final", "--as-of", AS_OF)
    assert code == 1, out + err
    assert f": {path}: " in err and "nothing was written" in err
    assert not out_dir.exists()
    assert tree(tmp_path) == before


def test_build_final_leaves_an_earlier_packet_as_it_was(tmp_path, capsys):
    case = example(tmp_path)
    out_dir = tmp_path / "packet"
    assert run(capsys, "build", case, "-o", out_dir, "--as-of", AS_OF)[0] == 0
    before = tree(out_dir)
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    death_free = raw  # the same case, now without the child's evidence of authority
    representative_without_authority(death_free)
    case.write_text(yaml.safe_dump(death_free, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, _out, err = run(capsys, "build", case, "-o", out_dir, "--final", "--as-of", AS_OF)
    assert code == 1 and err.count("claimants[2].representative.authority_documents") == 1  # not also as a warning
    assert tree(out_dir) == before


def test_validate_final_is_0_on_a_ready_case_and_the_draft_gate_is_unchanged(tmp_path, capsys):
    case = example(tmp_path)
    code, out, err = run(capsys, "validate", case, "--final", "--as-of", AS_OF)
    assert code == 0, out + err
    assert "ready to file" in out
    # without --final, a missing sum certain is still an error in the case file (exit 2)
    bad = example(tmp_path / "b", edit=no_sum_certain)
    assert run(capsys, "validate", bad)[0] == 2
    assert run(capsys, "validate", bad, "--final", "--as-of", AS_OF)[0] == 1


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir() if (p / "case.yaml").is_file()))
def test_every_bundled_example_is_ready_to_file(tmp_path, capsys, name):
    case = example(tmp_path, name)
    code, out, err = run(capsys, "validate", case, "--final", "--as-of", AS_OF)
    assert code == 0, out + err


def test_exhibits_missing_or_changed(tmp_path, capsys):
    case = example(tmp_path)
    folder = case.parent
    loaded = load_case(case)
    first, second = loaded.evidence[0], loaded.evidence[1]
    (folder / first.path).unlink()
    p = folder / second.path
    body = bytearray(p.read_bytes())
    body[0] ^= 0x20  # same size, different content
    p.write_bytes(bytes(body))
    code, out, err = run(capsys, "validate", case, "--final", "--as-of", AS_OF)
    assert code == 1, out + err
    assert "evidence[0].path: " in out and first.id in out
    assert "evidence[1].sha256: " in out and "no longer matches" in out
    out_dir = tmp_path / "out"
    assert run(capsys, "build", case, "-o", out_dir, "--final", "--as-of", AS_OF)[0] == 1
    assert not out_dir.exists()


def test_a_narrative_taken_down_in_spanish_or_in_the_first_person_needs_review(tmp_path):
    def interviewed(raw):
        raw["interview"] = {"lang": "es", "answered": ["incident.narrative"]}
        raw["incident"]["narrative"] = "Entraron a nuestra casa. I was on the floor."

    case_path = example(tmp_path, edit=interviewed)
    case = load_case(case_path)
    import datetime as dt

    found = readiness_problems(case, case_path.parent, dt.date(2026, 11, 22))
    lines = [p.message for p in found if p.path == "incident.narrative_reviewed"]
    assert len(lines) == 2
    assert "Spanish" in lines[0]
    assert "first person" in lines[1] and "counsel" in lines[1]
    case.incident.narrative_reviewed = True
    assert [
        p
        for p in readiness_problems(case, case_path.parent, dt.date(2026, 11, 22))
        if p.path == "incident.narrative_reviewed"
    ] == []


def test_every_rule_has_a_citation_a_tag_and_a_date():
    authorities = data.authorities()
    for rule_id, row in rules().items():
        assert row["citations"] and all(k in authorities for k in row["citations"]), rule_id
        assert row["tag"] in ("P", "S", "U"), rule_id
        assert str(row["last_checked"]).count("-") == 2, rule_id
        text = " ".join(str(v) for v in row.values())
        assert "issue" not in text.lower() and "contract" not in text.lower(), rule_id


def test_the_library_build_refuses_final_copies_of_a_claim_not_ready(tmp_path):
    from claimgen.checks.readiness import NotReady
    from claimgen.options import BuildOptions
    from claimgen.packet import build

    case = example(tmp_path, edit=representative_without_authority)
    out_dir = tmp_path / "lib"
    import datetime as dt

    with pytest.raises(NotReady) as caught:
        build(case, out_dir, dt.date(2026, 11, 22), BuildOptions(final=True))
    assert [p.path for p in caught.value.problems] == ["claimants[2].representative.authority_documents"]
    assert not out_dir.exists()
    build(case, out_dir, dt.date(2026, 11, 22), BuildOptions(final=False))  # a draft is still written
    assert (out_dir / "manifest.json").is_file()


def test_build_final_finds_an_exhibit_changed_in_place_and_writes_nothing(tmp_path, capsys):
    # same size, other content: only re-hashing finds it, and the build re-hashes before writing
    case = example(tmp_path)
    second = load_case(case).evidence[1]
    p = case.parent / second.path
    body = bytearray(p.read_bytes())
    body[0] ^= 0x20
    p.write_bytes(bytes(body))
    out_dir = tmp_path / "out"
    code, _out, err = run(capsys, "build", case, "-o", out_dir, "--final", "--as-of", AS_OF)
    assert code == 1, err
    assert "evidence[1].sha256: " in err and "nothing was written" in err
    assert not out_dir.exists()


def test_no_sum_certain_with_itemized_lines_left_is_one_readiness_problem(tmp_path, capsys):
    # the boxes emptied, the schedule kept: its lines no longer add up to the boxes, but that
    # follows from the missing sum certain and is not a second kind of error (exit 1, not 2)
    case = example(tmp_path, "texas-worksite-arrest", lambda raw: raw["claimants"][0].pop("damages"))
    code, out, err = run(capsys, "validate", case, "--final", "--as-of", AS_OF)
    assert code == 1, out + err
    assert "claimants[0].damages: no sum certain" in out
    assert run(capsys, "validate", case)[0] == 2  # without --final it stays an error in the case file
