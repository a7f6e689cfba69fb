"""``claimgen validate``: every rule with its own bad case file.

Errors: exit 2, one line ``FILE: key.path: message`` per problem, no traceback, the
case file untouched. Warnings: exit 0 and a ``FILE: key.path: warning: ...`` line.

Each bad file is the demo case (which validates with no warnings) with ONE change.
The table runs through ``claimgen.cli.main(argv)`` in this process — the same entry
point the console script calls, only without paying Python's start-up ~70 times; a
sample of rows also runs as a real subprocess.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from claimgen.cli import main
from helpers import EXAMPLES, copy_example, run_cli

DEMO = yaml.safe_load((EXAMPLES / "minneapolis-home-entry" / "case.yaml").read_text(encoding="utf-8"))
FAR_FUTURE = dt.date(2099, 1, 4)


def _set(path: str, value):
    """A change that sets ``a.b[0].c`` (creating the last key) to ``value``."""

    def change(d):
        *parents, last = _parts(path)
        node = d
        for part in parents:
            node = node[part]
        node[last] = value

    return change


def _delete(path: str):
    def change(d):
        *parents, last = _parts(path)
        node = d
        for part in parents:
            node = node[part]
        del node[last]

    return change


def _parts(path: str) -> list:
    out: list = []
    for chunk in path.replace("]", "").split("."):
        name, *indexes = chunk.split("[")
        if name:
            out.append(name)
        out += [int(i) for i in indexes]
    return out


def _all(*changes):
    def change(d):
        for c in changes:
            c(d)

    return change


D = dt.date.fromisoformat
CLAIM = "claim"

# (rule id, change, key path named in the message, fragment of the message)
ERRORS = [
    # ---- text
    ("control-characters", _set("claimants[0].injuries", "wrist\x07 pain"), "claimants[0].injuries", "control characters"),
    # ---- ids unique and well formed
    ("claimant-id-twice", _set("claimants[1].id", "c1"), "claimants[1].id", "used twice"),
    ("witness-id-twice", _set("witnesses[1].id", "w1"), "witnesses[1].id", "used twice"),
    ("exhibit-id-twice", _set("evidence[1].id", "E-001"), "evidence[1].id", "used twice"),
    ("damages-item-id-twice", _set("claimants[1].damages_items[0].id", "c1-er"), "claimants[1].damages_items[0].id", "used twice"),
    ("evidence-path-twice", _all(_set("evidence[1].path", DEMO["evidence"][0]["path"]), _set("evidence[1].size", DEMO["evidence"][0]["size"])),
     "evidence[1].path", "used twice"),
    ("evidence-sha256-twice", _set("evidence[1].sha256", DEMO["evidence"][0]["sha256"]), "evidence[1].sha256", "used twice"),
    ("claimant-id-format", _set("claimants[0].id", "C 1"), "claimants[0].id", "lowercase letters, digits and hyphens"),
    ("exhibit-id-format", _set("evidence[0].id", "Exhibit 1"), "evidence[0].id", "E-001"),
    ("sha256-format", _set("evidence[0].sha256", DEMO["evidence"][0]["sha256"].upper()), "evidence[0].sha256", "64 lowercase hexadecimal"),
    ("sha256-length", _set("evidence[0].sha256", "abc123"), "evidence[0].sha256", "64 lowercase hexadecimal"),
    # ---- dates in order
    ("accrual-before-incident", _set("claim.accrual_date", D("2025-06-01")), "claim.accrual_date", "before the incident"),
    ("presented-before-incident", _set("claim.presented_on", D("2025-06-13")), "claim.presented_on", "before the incident"),
    ("mailed-before-incident", _set("claim.mailed_on", D("2025-06-13")), "claim.mailed_on", "before the incident"),
    ("presented-before-mailed", _all(_set("claim.mailed_on", D("2025-09-05")), _set("claim.presented_on", D("2025-09-02"))),
     "claim.presented_on", "before it was mailed"),
    ("amended-before-presented", _all(_set("claim.presented_on", D("2025-09-02")), _set("claim.amended_on", [D("2025-08-01")])),
     "claim.amended_on[0]", "before presentment"),
    ("amended-without-presented", _set("claim.amended_on", [D("2025-10-01")]), "claim.amended_on[0]", "needs claim.presented_on"),
    ("presented-bound-after-denial", _all(_set("claim.presented_on_or_before", D("2026-01-12")), _set("claim.denial_mailed_on", D("2026-01-10"))),
     "claim.denial_mailed_on", "before claim.presented_on_or_before"),
    ("denial-before-presented", _all(_set("claim.presented_on", D("2025-09-02")), _set("claim.denial_mailed_on", D("2025-08-30"))),
     "claim.denial_mailed_on", "before presentment"),
    ("reconsideration-without-denial", _all(_set("claim.presented_on", D("2025-09-02")), _set("claim.reconsideration_requested_on", D("2026-02-01"))),
     "claim.reconsideration_requested_on", "needs claim.denial_mailed_on"),
    ("reconsideration-before-denial",
     _all(_set("claim.presented_on", D("2025-09-02")), _set("claim.denial_mailed_on", D("2026-01-10")), _set("claim.reconsideration_requested_on", D("2026-01-09"))),
     "claim.reconsideration_requested_on", "before the denial"),
    ("reconsideration-denial-without-request",
     _all(_set("claim.presented_on", D("2025-09-02")), _set("claim.denial_mailed_on", D("2026-01-10")), _set("claim.reconsideration_denial_mailed_on", D("2026-03-01"))),
     "claim.reconsideration_denial_mailed_on", "needs claim.reconsideration_requested_on"),
    ("reconsideration-denial-before-request",
     _all(_set("claim.presented_on", D("2025-09-02")), _set("claim.denial_mailed_on", D("2026-01-10")),
          _set("claim.reconsideration_requested_on", D("2026-02-01")), _set("claim.reconsideration_denial_mailed_on", D("2026-01-31"))),
     "claim.reconsideration_denial_mailed_on", "before the reconsideration request"),
    ("suit-before-incident", _set("claim.suit_filed_on", D("2025-01-01")), "claim.suit_filed_on", "before the incident"),
    ("bivens-suit-before-incident", _set("claim.bivens_suit_filed_on", D("2025-01-01")), "claim.bivens_suit_filed_on", "before the incident"),
    ("bivens-accrual-before-incident", _set("claim.bivens_accrual_date", D("2025-01-01")), "claim.bivens_accrual_date", "before the incident"),
    ("westfall-before-incident", _set("claim.westfall_dismissal_on", D("2025-01-01")), "claim.westfall_dismissal_on", "before the incident"),
    ("impossible-date", _set("claim.presented_on", "2025-02-30"), "claim.presented_on", "must be a real date"),
    # ---- agencies
    ("lead-agency-not-involved", _set("claim.lead_agency", "CBP"), "claim.lead_agency", "not one of incident.agencies"),
    ("claim-number-agency-not-involved", _set("claim.claim_numbers", {"FBI": "2025-001"}), "claim.claim_numbers.FBI", "not one of incident.agencies"),
    ("agency-unknown", _set("incident.agencies", ["ICE", "NSA"]), "incident.agencies[1]", "not in the agency directory"),
    ("agency-twice", _set("incident.agencies", ["ICE", "ICE"]), "incident.agencies", "more than once"),
    ("state-unknown", _set("incident.state", "XX"), "incident.state", "not a USPS state"),
    ("conduct-unknown", _set("incident.conduct", ["excessive_force", "rudeness"]), "incident.conduct[1]", "must be"),
    ("time-format", _set("incident.time", "25:10"), "incident.time", "24-hour time"),
    # ---- money
    ("total-not-positive",
     _all(_set("claimants[0].damages", {"property_damage": 0, "personal_injury": 0, "wrongful_death": 0}), _set("claimants[0].damages_items", [])),
     "claimants[0].damages", "positive sum certain"),
    ("items-do-not-add-up", _set("claimants[0].damages.personal_injury", "85000.01"), "claimants[0].damages.personal_injury", "add up to $85,000.00"),
    ("amount-negative", _set("claimants[1].damages.property_damage", -1850), "claimants[1].damages.property_damage", "must not be negative"),
    ("amount-three-decimals", _set("claimants[1].damages.property_damage", "1850.125"), "claimants[1].damages.property_damage", "two decimal places"),
    ("amount-not-a-number", _set("claimants[1].damages.property_damage", "TBD"), "claimants[1].damages.property_damage", "sum certain"),
    ("amount-with-dollar-sign", _set("claimants[1].damages.property_damage", "$1,850"), "claimants[1].damages.property_damage", "sum certain"),
    ("amount-boolean", _set("claimants[1].damages.property_damage", True), "claimants[1].damages.property_damage", "not true/false"),
    ("item-amount-negative", _set("claimants[0].damages_items[0].amount", -4850), "claimants[0].damages_items[0].amount", "must not be negative"),
    # ---- links between parts of the case
    ("item-evidence-missing", _set("claimants[0].damages_items[0].evidence", ["E-099"]), "claimants[0].damages_items[0].evidence[0]", "E-099 is not in evidence"),
    ("authority-document-missing", _set("claimants[2].representative.authority_documents", ["E-099"]),
     "claimants[2].representative.authority_documents[0]", "E-099 is not in evidence"),
    ("supports-unknown-box", _set("evidence[0].supports", ["box-99"]), "evidence[0].supports[0]", "not an SF-95 box"),
    ("supports-unknown-id", _set("evidence[0].supports", ["c9"]), "evidence[0].supports[0]", "not a claimant, witness or damages item"),
    # ---- evidence files
    ("evidence-file-missing", _set("evidence[0].path", "evidence/not-there.txt"), "evidence[0].path", "file not found"),
    ("evidence-path-is-a-folder", _set("evidence[0].path", "evidence"), "evidence[0].path", "is not a file"),
    ("evidence-path-with-nul", _set("evidence[0].path", "evidence/statement\x00.txt"), "evidence[0].path", "control characters (U+0000)"),
    ("evidence-size-changed", _set("evidence[0].size", 687), "evidence[0].size", "not 687"),
    ("custody-time-without-offset", _set("evidence[0].custody[0].at", "2025-06-23T15:30:00"), "evidence[0].custody[0].at", "UTC offset"),
    # ---- shape
    ("schema-version", _set("claimgen", 2), "claimgen", "must be 1"),
    ("incident-date-missing", _delete("incident.date"), "incident.date", "is required"),
    ("narrative-empty", _set("incident.narrative", ""), "incident.narrative", "must not be empty"),
    ("no-claimants", _set("claimants", []), "claimants", "at least one"),
    ("claimant-name-missing", _delete("claimants[1].name"), "claimants[1].name", "is required"),
    ("employment-vocabulary", _set("claimants[0].employment", "self-employed"), "claimants[0].employment", "civilian"),
]

WARNINGS = [
    ("denial-without-presented", _set("claim.denial_mailed_on", D("2026-01-10")), "claim.presented_on", "on or before 2026-01-10"),
    ("incident-in-the-future", _set("incident.date", FAR_FUTURE), "incident.date", "in the future"),
    ("claim-date-in-the-future", _set("claim.presented_on", FAR_FUTURE), "claim.presented_on", "in the future"),
    ("no-bivens-period-for-territory", _set("incident.state", "GU"), "claim.bivens_period_years", "no Bivens limitation period for Guam"),
    ("placeholder-million", _all(_set("claimants[1].damages.personal_injury", 1000000), _delete("claimants[1].damages_items[3]")),
     "claimants[1].damages.personal_injury", "looks like a placeholder"),
    ("placeholder-nines", _all(_set("claimants[1].damages.personal_injury", 99999), _delete("claimants[1].damages_items[3]")),
     "claimants[1].damages.personal_injury", "looks like a placeholder"),
    ("representative-without-authority", _set("claimants[2].representative.authority_documents", []),
     "claimants[2].representative.authority_documents", "without evidence of authority"),
    ("wrongful-death-without-estate-representative", _set("claimants[0].damages.wrongful_death", 250000),
     "claimants[0].representative", "no executor or administrator"),
    ("minor-without-representative", _delete("claimants[2].representative"), "claimants[2].representative", "was a minor"),
    # Sofía was born 2016-01-08: nine on 2025-06-14; the flag says otherwise
    ("minor-flag-disagrees-with-birth-date", _set("claimants[2].minor", False), "claimants[2].minor",
     "says not a minor, but the date of birth (2016-01-08) makes the claimant 9 on the day of the incident"),
    ("adult-marked-minor", _set("claimants[0].minor", True), "claimants[0].minor",
     "says a minor, but the date of birth (1985-11-19) makes the claimant 39 on the day of the incident"),
    ("property-damage-without-box-9", _delete("claimants[1].property"), "claimants[1].property.description", "box 9"),
    ("personal-injury-without-box-10", _set("claimants[0].injuries", ""), "claimants[0].injuries", "box 10"),
    ("electronic-signature-without-date", _set("claimants[0].signature", {"electronic": True}), "claimants[0].signature.signed_on", "no signature date"),
    ("death-without-wrongful-death", _set("incident.conduct", ["excessive_force", "death"]), "claimants", "no claimant claims wrongful-death"),
    ("unknown-key", _set("claimants[0].favourite_colour", "blue"), "claimants[0].favourite_colour", "not a key claimgen knows"),
]


def _write_case(tmp_path: Path, change) -> Path:
    """The demo case (with its evidence folder) changed by ``change``."""
    case = copy_example("minneapolis-home-entry", tmp_path)
    data = copy.deepcopy(DEMO)
    change(data)
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def _validate(case: Path, capsys) -> tuple[int, list[str], str]:
    rc = main(["validate", str(case)])
    out = capsys.readouterr()
    return rc, out.err.splitlines(), out.out


def test_the_demo_case_is_valid_without_warnings(tmp_path, capsys):
    case = _write_case(tmp_path, lambda d: None)
    rc, err, out = _validate(case, capsys)
    assert (rc, err) == (0, [])
    assert "valid — 3 claimants, $123,350.00 claimed in all, 5 exhibits" in out


@pytest.mark.parametrize("rule, change, key_path, fragment", ERRORS, ids=[row[0] for row in ERRORS])
def test_error_rule(rule, change, key_path, fragment, tmp_path, capsys):
    case = _write_case(tmp_path, change)
    before = case.read_bytes()
    rc, err, out = _validate(case, capsys)
    assert rc == 2, f"{rule}: exit {rc}\n" + "\n".join(err)
    hits = [line for line in err if line.startswith(f"{case}: {key_path}: ") and fragment in line]
    assert hits, f"{rule}: no line for {key_path} with {fragment!r} in:\n" + "\n".join(err)
    assert not hits[0].startswith(f"{case}: {key_path}: warning:")
    assert out == ""  # no "valid" summary
    assert all(line.startswith(f"{case}: ") for line in err), err  # one line per problem, nothing else
    assert case.read_bytes() == before


@pytest.mark.parametrize("rule, change, key_path, fragment", WARNINGS, ids=[row[0] for row in WARNINGS])
def test_warning_rule(rule, change, key_path, fragment, tmp_path, capsys):
    case = _write_case(tmp_path, change)
    rc, err, out = _validate(case, capsys)
    assert rc == 0, f"{rule}: exit {rc}\n" + "\n".join(err)
    hits = [line for line in err if line.startswith(f"{case}: {key_path}: warning: ") and fragment in line]
    assert hits, f"{rule}: no warning for {key_path} with {fragment!r} in:\n" + "\n".join(err)
    assert "valid — " in out and "warning" in out


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    change = _all(_set("claim.presented_on", D("2025-06-13")), _set("evidence[0].path", "evidence/gone.txt"),
                  _set("claimants[0].damages.personal_injury", 1), _set("claimants[2].representative.authority_documents", []))
    case = _write_case(tmp_path, change)
    rc, err, _ = _validate(case, capsys)
    assert rc == 2
    paths = [line.split(": ")[1] for line in err]
    assert paths == ["claim.presented_on", "claimants[0].damages.personal_injury", "evidence[0].path",
                     "claimants[2].representative.authority_documents"]  # errors first, then warnings
    assert err[-1].split(": ")[2] == "warning"


def test_schema_errors_are_all_listed_too(tmp_path, capsys):
    change = _all(_set("incident.state", "XX"), _set("claimants[0].id", "Bad Id"), _set("claimants[1].damages.property_damage", "TBD"),
                  _set("evidence[2].sha256", "nope"))
    case = _write_case(tmp_path, change)
    rc, err, _ = _validate(case, capsys)
    assert rc == 2
    assert sorted(line.split(": ")[1] for line in err) == sorted(
        ["incident.state", "claimants[0].id", "claimants[1].damages.property_damage", "evidence[2].sha256"])


# ---------------------------------------------------------------- the file itself

FILES = [
    ("yaml-syntax", "claimgen: 1\nincident: [unclosed\n", "", "line 3, column 1: YAML error"),
    ("duplicate-key", "claimgen: 1\nclaimgen: 1\n", "", "line 2, column 1: YAML error: duplicate key 'claimgen'"),
    ("alias", "claimgen: 1\na: &x {b: 1}\nc: *x\n", "", "anchors and aliases"),
    ("python-tag", "claimgen: !!python/object/apply:os.system ['true']\n", "", "tag is not allowed"),
    ("a-list", "- claimgen: 1\n", "", "not a mapping"),
    ("empty", "", "", "the case file is empty; the README's section 'The case file' lists its keys"),
    ("plain-text", "hello\n", "", "the case file is plain text, not a mapping of keys"),
    ("impossible-date-unquoted", None, "incident.date", "must be a real date"),
    # messages in the file's terms, not pydantic's ("instance of Witness", "datetimes provided to dates")
    ("date-as-a-number", "claimgen: 1\nincident: {date: 20250614, state: MN}\nclaimants: [{id: c1, name: A, damages: {personal_injury: 1}}]\n",
     "incident.date", "must be a date written YYYY-MM-DD, like 2025-06-14 (a plain number is not a date)"),
    ("witness-as-a-name", "claimgen: 1\nincident: {date: 2025-06-14, state: MN}\nclaimants: [{id: c1, name: A, damages: {personal_injury: 1}}]\nwitnesses: [Bob]\n",
     "witnesses[0]", "must be a group of keys (lines like `name: ...` indented under it), not a single value"),
    ("agencies-as-a-word", "claimgen: 1\nincident: {date: 2025-06-14, state: MN, agencies: ICE}\nclaimants: [{id: c1, name: A, damages: {personal_injury: 1}}]\n",
     "incident.agencies", "must be a list: one `- ...` line per entry, or [a, b] on one line"),
]


@pytest.mark.parametrize("name, text, key_path, fragment", FILES, ids=[row[0] for row in FILES])
def test_broken_file(name, text, key_path, fragment, tmp_path, capsys):
    case = tmp_path / "case.yaml"
    if text is None:  # the demo with an unquoted impossible date, as a user would type it
        text = (EXAMPLES / "minneapolis-home-entry" / "case.yaml").read_text(encoding="utf-8").replace("date: 2025-06-14", "date: 2025-02-30")
    case.write_text(text, encoding="utf-8")
    rc, err, out = _validate(case, capsys)
    assert rc == 2
    prefix = f"{case}: {key_path}: " if key_path else f"{case}: "
    assert any(line.startswith(prefix) and fragment in line for line in err), err


@pytest.mark.parametrize("raw, fragment", [(b"claimgen: 1\ntitle: caf\xe9\n", "not UTF-8"), (b"claimgen: 1\x00\n", "NUL")])
def test_file_that_is_not_text(raw, fragment, tmp_path, capsys):
    case = tmp_path / "case.yaml"
    case.write_bytes(raw)
    rc, err, _ = _validate(case, capsys)
    assert rc == 2 and len(err) == 1 and fragment in err[0]


def test_a_byte_order_mark_is_fine(tmp_path, capsys):
    case = _write_case(tmp_path, lambda d: None)
    case.write_bytes(b"\xef\xbb\xbf" + case.read_bytes())
    rc, err, _ = _validate(case, capsys)
    assert (rc, err) == (0, [])


# ---------------------------------------------------------------- as a real process

SAMPLE = ["items-do-not-add-up", "exhibit-id-format", "evidence-file-missing"]


@pytest.mark.parametrize("rule", SAMPLE)
def test_error_rule_in_a_subprocess(rule, tmp_path):
    _, change, key_path, fragment = next(row for row in ERRORS if row[0] == rule)
    case = _write_case(tmp_path, change)
    before = sorted((p, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file())
    done = run_cli("validate", case, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert any(line.startswith(f"{case}: {key_path}: ") and fragment in line for line in done.stderr.splitlines()), done.stderr
    assert done.stdout == ""
    assert sorted((p, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()) == before


def test_warning_in_a_subprocess(tmp_path):
    case = _write_case(tmp_path, _set("claimants[2].representative.authority_documents", []))
    done = run_cli("validate", case, cwd=tmp_path)
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{case}: claimants[2].representative.authority_documents: warning: ")
    assert "without evidence of authority" in lines[0]
    assert done.stdout.startswith(f"{case}: valid — 3 claimants") and "1 warning" in done.stdout


def test_validate_refuses_what_the_pdf_font_cannot_draw(tmp_path):
    """validate runs the SF-95's glyph check, so a name build would refuse is caught early."""
    case = copy_example("minneapolis-home-entry", tmp_path)
    text = case.read_text(encoding="utf-8")
    assert 'name: "Tomás Ramírez"' in text
    case.write_text(text.replace('name: "Tomás Ramírez"', 'name: "王小明"', 1), encoding="utf-8")
    before = case.read_bytes()
    done = run_cli("validate", case)
    assert done.returncode == 2, done.stdout
    lines = done.stderr.strip().splitlines()
    assert f"{case}: claimants[0].name: contains '王' (U+738B), '小' (U+5C0F), '明' (U+660E), which the PDF font cannot draw" in lines[0]
    assert "Traceback" not in done.stderr and case.read_bytes() == before
    # the same check as build: build refuses the same field
    built = run_cli("build", case, "-o", tmp_path / "out", "--as-of", "2026-12-01")
    assert built.returncode == 2 and "claimants[0].name: contains '王'" in built.stderr


def test_validate_names_a_bad_claimgen_font(demo_case, tmp_path):
    done = run_cli("validate", demo_case, env={"CLAIMGEN_FONT": str(tmp_path / "nope.ttf")})
    assert done.returncode == 2
    assert f"{demo_case}: {tmp_path / 'nope.ttf'}: font file not found" in done.stderr
