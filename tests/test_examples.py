"""The bundled examples: valid, complete, consistent with their evidence files, and shipped
inside the package (templates, fonts, data tables and examples reachable as package data).

Facts checked here are the ones each example exists to show: the estate's administrator
with letters of administration, a presented and amended claim, a near-border CBP stop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from importlib import resources

import pytest

from claimgen.caseio import load_case
from claimgen.model import DAMAGE_CATEGORIES
from helpers import AS_OF, EXAMPLES, ROOT, copy_example, run_cli, verify_packet

NAMES = sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml"))
NEW = ["fatal-vehicle-stop", "texas-worksite-arrest", "arizona-checkpoint-force"]
PHOTOS = {"fatal-vehicle-stop": "evidence/camry-driver-door.jpg", "arizona-checkpoint-force": "evidence/forearm-bruises.jpg"}


def _case(name: str):
    return load_case(EXAMPLES / name / "case.yaml")


def test_the_four_examples_are_there():
    assert {"minneapolis-home-entry", *NEW} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_validate_exits_0_without_warnings(name, tmp_path):
    case = EXAMPLES / name / "case.yaml"
    done = run_cli("validate", case, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # a recent claim date may still be "in the future" on a machine whose clock is behind
    assert [ln for ln in done.stderr.splitlines() if "is in the future" not in ln] == []
    assert done.stdout.startswith(f"{case}: valid — ")


@pytest.mark.parametrize("name", NAMES)
def test_every_evidence_file_matches_its_entry_and_every_file_is_registered(name):
    folder = EXAMPLES / name
    case = _case(name)
    registered = set()
    for e in case.evidence:
        data = (folder / e.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e.sha256, e.id
        assert len(data) == e.size, e.id
        assert all(ev.sha256 in (None, e.sha256) for ev in e.custody), e.id
        assert e.description and e.source and e.custodian and e.mime_type, e.id
        registered.add((folder / e.path).resolve())
    on_disk = {p.resolve() for p in (folder / "evidence").rglob("*") if p.is_file()}
    assert on_disk == registered


@pytest.mark.parametrize("name", NAMES)
def test_each_example_is_complete_and_small(name):
    case = _case(name)
    assert case.witnesses and case.evidence and case.incident.officers and case.counsel
    for c in case.claimants:
        for cat in DAMAGE_CATEGORIES:
            amount = getattr(c.damages, cat)
            items = c.items_in(cat)
            if amount > 0:  # itemized, and the lines add up exactly to the box 12 amount
                assert items and sum((i.amount for i in items), Decimal("0")) == amount, (c.id, cat)
            else:
                assert not items, (c.id, cat)
        assert c.injuries.strip() or c.damages.personal_injury == 0
    size = sum(p.stat().st_size for p in (EXAMPLES / name).rglob("*") if p.is_file())
    assert size < 200 * 1024, f"{name} is {size} bytes"


def test_names_with_accents_appear_in_every_example():
    for name in NAMES:
        people = [c.name for c in _case(name).claimants] + [w.name for w in _case(name).witnesses]
        assert any(not n.isascii() for n in people), name


def test_fatal_stop_is_claimed_by_the_estates_administrator():
    case = _case("fatal-vehicle-stop")
    assert {"vehicle_stop", "deadly_force", "death"} <= set(case.incident.conduct)
    estate = next(c for c in case.claimants if c.role == "estate")
    assert estate.injured_person and "Frantz Désir" in estate.injured_person
    rep = estate.representative
    assert rep.capacity == "Administrator of the Estate of Frantz Désir"
    letters = [case.exhibit(x) for x in rep.authority_documents]
    assert letters and "letters-of-authority" in letters[0].path and "Letters of Authority" in letters[0].description
    assert "Administrator" in (EXAMPLES / "fatal-vehicle-stop" / letters[0].path).read_text(encoding="utf-8")
    assert estate.damages.wrongful_death > 0 and estate.damages.personal_injury > 0  # wrongful death and survival
    assert any("funeral" in i.description.lower() for i in estate.items_in("wrongful_death"))
    assert any("support" in i.description.lower() for i in estate.items_in("wrongful_death"))
    child = next(c for c in case.claimants if c.role == "child")
    assert child.is_minor_on(case.incident.date) and child.representative.authority_documents


def test_texas_worksite_arrest_facts_and_history():
    case = _case("texas-worksite-arrest")
    assert case.incident.state == "TX" and case.incident.agencies == ["ICE"]
    assert {"false_arrest", "prolonged_detention", "property_seizure"} <= set(case.incident.conduct)
    (c,) = case.claimants
    assert c.damages.property_damage > 0 and any("iPhone" in i.description for i in c.items_in("property_damage"))
    assert any("wages" in i.description.lower() for i in c.items_in("personal_injury"))
    assert case.claim.mailed_on < case.claim.presented_on < case.claim.amended_on[0]


def test_arizona_checkpoint_is_a_near_border_cbp_stop():
    case = _case("arizona-checkpoint-force")
    assert case.incident.state == "AZ" and case.incident.agencies == ["CBP"] and case.incident.near_border
    assert {"vehicle_stop", "excessive_force"} <= set(case.incident.conduct)
    assert case.claim.mailed_on and case.claim.presented_on is None  # mailed, receipt unknown


def test_examples_show_presented_and_unpresented_claims():
    presented = {n for n in NAMES if _case(n).claim.presented_on}
    assert "texas-worksite-arrest" in presented
    assert {"fatal-vehicle-stop", "arizona-checkpoint-force"} <= set(NAMES) - presented


def test_deadline_states_of_the_examples():
    deadlines = pytest.importorskip("claimgen.checks.deadlines")
    as_of = dt.date.fromisoformat(AS_OF)
    texas = deadlines.compute(_case("texas-worksite-arrest"), as_of)
    assert texas.get("ftca_presentment").status == "met"
    assert texas.get("ftca_earliest_suit").status == "met"  # six months from the Aug 14, 2025 amendment have run
    assert texas.get("bivens_limitations").status == "open"
    fatal = deadlines.compute(_case("fatal-vehicle-stop"), as_of)
    assert fatal.get("ftca_presentment").status == "open"
    assert fatal.get("ftca_presentment").date == dt.date(2027, 9, 23)
    arizona = deadlines.compute(_case("arizona-checkpoint-force"), as_of)
    assert arizona.get("ftca_presentment").status == "open"  # mailing is not presentment
    assert arizona.get("ftca_presentment").act_by == dt.date(2027, 11, 5)  # Nov 7, 2027 is a Sunday


def test_arizona_bivens_analysis_faces_egbert_and_hernandez():
    analysis = pytest.importorskip("claimgen.checks.analysis")
    deadlines = pytest.importorskip("claimgen.checks.deadlines")
    as_of = dt.date.fromisoformat(AS_OF)

    def border_findings(name):
        case = _case(name)
        result = analysis.analyze(case, deadlines.compute(case, as_of))
        return [f for f in result.bivens_differences if {"egbert", "hernandez"} <= set(f.authorities) and "border" in f.text]

    assert border_findings("arizona-checkpoint-force")  # the near-border difference, with both cases
    assert not border_findings("fatal-vehicle-stop")  # an interior ICE stop does not get it


@pytest.mark.parametrize("name", NEW)
def test_new_examples_build_a_complete_packet(name, tmp_path):
    case = copy_example(name, tmp_path)
    outdir = tmp_path / "packet"
    done = run_cli("build", case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = verify_packet(outdir)
    ids = sorted(c.id for c in load_case(case).claimants)
    sf95 = sorted(f["claimant"] for f in manifest["files"] if f["kind"] == "sf95")
    assert sf95 in ([], ids)
    letters = sorted(f["path"] for f in manifest["files"] if f["kind"] == "transmittal_letter")
    assert letters in ([], [f"transmittal-{a}.docx" for a in load_case(case).incident.agencies])


# ---------------------------------------------------------------- photos and tools/make_examples.py


@pytest.mark.parametrize("name", sorted(PHOTOS))
def test_photo_carries_exif_capture_time_device_and_gps(name):
    from PIL import Image

    entry = next(e for e in _case(name).evidence if e.path == PHOTOS[name])
    with Image.open(EXAMPLES / name / entry.path) as im:
        assert im.format == "JPEG"
        exif = im.getexif()
        original = exif.get_ifd(0x8769).get(0x9003)
        gps = exif.get_ifd(0x8825)
    assert original and exif.get(0x010F) and exif.get(0x0110)
    assert gps.get(1) == "N" and gps.get(3) == "W" and gps.get(2) and gps.get(4)
    # the case entry says what `evidence add` reads from the photo
    assert entry.captured_at.startswith(original.replace(":", "-", 2).replace(" ", "T"))
    assert entry.metadata["gps_latitude"] > 0 > entry.metadata["gps_longitude"]
    assert entry.captured_at[:10] >= _case(name).incident.date.isoformat()  # taken after the incident


def test_make_examples_check_finds_the_cases_in_step_with_their_files():
    done = subprocess.run([sys.executable, "tools/make_examples.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in NAMES:
        for e in _case(name).evidence:
            assert f"{e.sha256}  {e.size:>7}  {name}/{e.path}" in done.stdout


def test_make_examples_draws_the_same_photos_every_time(tmp_path):
    for run in ("a", "b"):
        done = subprocess.run([sys.executable, "tools/make_examples.py", "--photos-to", tmp_path / run], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    for name, rel in PHOTOS.items():
        first, second = (tmp_path / run / name / rel for run in ("a", "b"))
        assert first.read_bytes() == second.read_bytes()
        assert first.read_bytes()[:3] == b"\xff\xd8\xff"


def test_make_examples_check_notices_a_stale_case_and_a_run_fixes_it(tmp_path):
    """--check fails (and changes nothing) when a file no longer matches its entry; a plain run fixes the entry."""
    work = tmp_path / "repo"  # a copy: the tool finds claimgen and the examples beside its own folder
    shutil.copytree(ROOT / "tools", work / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "claimgen", work / "claimgen", ignore=shutil.ignore_patterns("__pycache__"))
    folder = work / "claimgen" / "examples" / "texas-worksite-arrest"
    note = folder / "evidence" / "clinic-note.txt"
    note.write_text(note.read_text(encoding="utf-8") + "Addendum: recheck 2025-03-29.\n", encoding="utf-8")
    case = folder / "case.yaml"
    before = case.read_bytes()

    done = subprocess.run([sys.executable, "tools/make_examples.py", "--check"], cwd=work, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert "texas-worksite-arrest/case.yaml: out of date: evidence[5].sha256, evidence[5].size" in done.stdout
    assert case.read_bytes() == before

    done = subprocess.run([sys.executable, "tools/make_examples.py"], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    digest = hashlib.sha256(note.read_bytes()).hexdigest()
    text = case.read_text(encoding="utf-8")
    assert text.count(digest) == 2  # the entry and its custody event
    assert text.startswith(before.decode("utf-8").split("claimgen: 1")[0])  # the header comments are kept
    entry = next(e for e in load_case(case).evidence if e.id == "E-006")
    assert (entry.sha256, entry.size) == (digest, note.stat().st_size)
    done = subprocess.run([sys.executable, "tools/make_examples.py", "--check"], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0


# ---------------------------------------------------------------- package data


def test_templates_fonts_data_and_examples_are_package_data():
    root = resources.files("claimgen")
    assert {p.name for p in root.joinpath("templates").iterdir() if p.name.endswith(".docx")} >= {"evidence_log.docx"}
    assert any(p.name.endswith(".ttf") for p in root.joinpath("fonts").iterdir())
    assert {"agencies.yaml", "states.yaml", "authorities.yaml", "conduct.yaml"} <= {p.name for p in root.joinpath("data").iterdir()}
    for name in NAMES:
        case = root.joinpath("examples", name, "case.yaml")
        assert case.is_file() and case.read_text(encoding="utf-8").startswith("# claimgen case file")
    for name in ("templates", "examples"):  # the repo's top-level folders point into the package
        assert (ROOT / name).resolve() == (ROOT / "claimgen" / name).resolve()


@pytest.mark.skipif(os.environ.get("CLAIMGEN_SLOW") != "1", reason="builds a wheel (slow); set CLAIMGEN_SLOW=1")
def test_the_wheel_ships_templates_examples_data_and_fonts(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "claimgen-demo", "out"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "w"), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = (tmp_path / "w").glob("claimgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    repo = ROOT / "claimgen"
    for pattern in ("templates/*.docx", "data/*.yaml", "fonts/*.ttf", "examples/**/*"):
        expected = {f"claimgen/{p.relative_to(repo).as_posix()}" for p in repo.glob(pattern) if p.is_file()}
        assert expected and expected <= names, (pattern, sorted(expected - names))
