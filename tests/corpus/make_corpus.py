"""Regenerate the bad-input corpus: ``python tests/corpus/make_corpus.py``.

Each file is a small case file that is wrong in one known way (a few in several).
``index.yaml`` maps each file to the key path the error line must name and a
fragment of its message; ``tests/test_hostile_corpus.py`` runs ``validate`` and
``build`` on every one. Personal data in the files is marked ``PRIVATE-`` so the
tests can prove that error messages never echo more than the field in question.
The huge inputs (a 50 MB narrative, a deep nest) are made at test time, not here.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

BASE = """\
claimgen: 1
incident:
  date: 2025-06-14
  time: "06:10"
  state: MN
  place: "PRIVATE-PLACE 1 Main St, Minneapolis, MN"
  agencies: [ICE]
  conduct: [excessive_force]
  narrative: |
    PRIVATE-NARRATIVE Officers pushed Ana to the ground in front of her home.
claimants:
  - id: c1
    name: "PRIVATE-NAME Ana Pérez"
    address: "PRIVATE-ADDRESS 1 Main St, Minneapolis, MN 55407"
    injuries: "PRIVATE-INJURY bruised arm"
    damages:
      personal_injury: 5000
"""

EVIDENCE = """\
evidence:
  - id: E-001
    path: evidence/photo.txt
    description: "PRIVATE-EVIDENCE photo of the arm"
    sha256: 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
    size: 5
"""
EVIDENCE_FILE = {"evidence/photo.txt": "hello"}  # sha256 above is of b"hello"

CLAIM = "claim:\n"


def sub(old: str, new: str, base: str = BASE) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


# name -> (text or bytes, key path, message fragment, extra index fields)
CASES: dict[str, tuple] = {}


def case(name: str, content, path: str, fragment: str, **extra) -> None:
    CASES[name] = (content, path, fragment, extra)


# ---- not YAML at all, or not a mapping
case("malformed-unclosed-quote.yaml", sub('name: "PRIVATE-NAME Ana Pérez"', 'name: "PRIVATE-NAME Ana Pérez'), "", "YAML error")
case("malformed-bad-indent.yaml", sub("  state: MN\n", "    state: MN\n  oops\n"), "", "YAML error")
case("malformed-tab-indent.yaml", sub("  state: MN\n", "\tstate: MN\n"), "", "YAML error")
case("malformed-unclosed-flow.yaml", sub("agencies: [ICE]", "agencies: [ICE"), "", "YAML error")
case("empty.yaml", b"", "", "empty")
case("comments-only.yaml", "# nothing here yet\n", "", "empty")
case("top-level-list.yaml", "- claimgen: 1\n- incident: {}\n", "", "not a mapping")
case("top-level-scalar.yaml", "PRIVATE-NAME Ana Pérez\n", "", "not a mapping")
case("binary-garbage.bin", bytes(range(256)) * 8, "", "not a text file")
case("binary-not-utf8.yaml", bytes(range(0x80, 0x100)) * 4, "", "not UTF-8")
case("utf16-with-bom.yaml", codecs.BOM_UTF16_LE + BASE.encode("utf-16-le"), "", "not a text file")
case("latin1.yaml", BASE.encode("latin-1"), "", "not UTF-8")
case("raw-control-char.yaml", sub("Ana Pérez", "Ana\x07Pérez").encode(), "", "YAML error")

# ---- unsafe or abusive YAML
case("python-object-apply.yaml", sub("claimgen: 1\n", "claimgen: !!python/object/apply:os.system ['touch PWNED']\n"), "", "tag is not allowed")
case("python-name-tag.yaml", sub("narrative: |\n", "narrative: !!python/name:os.system\n  x: |\n"), "", "tag is not allowed")
case("python-object-new.yaml", "!!python/object/new:subprocess.Popen [[touch, PWNED]]\n", "", "tag is not allowed")
case(
    "alias-bomb.yaml",
    "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + BASE.replace("claimgen: 1\n", ""),
    "",
    "aliases",
)
case("alias-reuse.yaml", sub("  - id: c1\n", "  - &who\n    id: c1\n") + "  - *who\n", "", "aliases")
case("duplicate-key-top.yaml", BASE + "claimgen: 1\n", "", "duplicate key 'claimgen'")
case("duplicate-key-nested.yaml", sub("  state: MN\n", "  state: MN\n  state: TX\n"), "", "duplicate key 'state'")
case("mapping-key-is-list.yaml", BASE + "? [a, b]\n: 1\n", "", "plain value")
case(
    "deeply-nested-flow.yaml",
    sub("conduct: [excessive_force]", "conduct: " + "[" * 300 + "]" * 300),
    "",
    "nesting",
)
case(
    "deeply-nested-block.yaml",
    BASE + "notes:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(80)) + "  " * 81 + "v\n",
    "",
    "nesting",
)
case("binary-tag-bad-utf8.yaml", sub("narrative: |\n    PRIVATE-NARRATIVE Officers pushed Ana to the ground in front of her home.\n", "narrative: !!binary /////w==\n"), "incident.narrative", "string")

# ---- wrong shapes and types
case("schema-version-2.yaml", sub("claimgen: 1", "claimgen: 2"), "claimgen", "1")
case("missing-incident.yaml", BASE.split("incident:")[0] + "claimants:" + BASE.split("claimants:")[1], "incident", "required")
case("missing-narrative.yaml", sub("  narrative: |\n    PRIVATE-NARRATIVE Officers pushed Ana to the ground in front of her home.\n", ""), "incident.narrative", "required")
case("claimants-is-string.yaml", BASE.split("claimants:")[0] + 'claimants: "PRIVATE-NAME Ana Pérez"\n', "claimants", "list")
case("claimants-empty.yaml", BASE.split("claimants:")[0] + "claimants: []\n", "claimants", "at least one")
case("damages-is-list.yaml", sub("    damages:\n      personal_injury: 5000\n", "    damages: [5000]\n"), "claimants[0].damages", "")
case("agencies-is-string.yaml", sub("agencies: [ICE]", "agencies: ICE"), "incident.agencies", "list")
case("narrative-is-mapping.yaml", sub("narrative: |\n    PRIVATE-NARRATIVE Officers pushed Ana to the ground in front of her home.\n", "narrative: {a: 1}\n"), "incident.narrative", "string")
case("size-negative.yaml", BASE + sub("size: 5", "size: -5", EVIDENCE), "evidence[0].size", "greater than or equal", files=EVIDENCE_FILE)
case("size-not-number.yaml", BASE + sub("size: 5", "size: five bytes", EVIDENCE), "evidence[0].size", "integer", files=EVIDENCE_FILE)

# ---- dates
case("date-feb-30.yaml", sub("date: 2025-06-14", "date: 2025-02-30"), "incident.date", "real date")
case("date-month-13.yaml", BASE + CLAIM + "  presented_on: 2025-13-01\n", "claim.presented_on", "real date")
case("date-us-format.yaml", sub("date: 2025-06-14", "date: 06/14/2025"), "incident.date", "real date")
case("date-with-time.yaml", sub("date: 2025-06-14", "date: 2025-06-14T10:00:00"), "incident.date", "date")
case("time-25-99.yaml", sub('time: "06:10"', 'time: "25:99"'), "incident.time", "HH:MM")
case("presented-before-incident.yaml", BASE + CLAIM + "  presented_on: 2025-01-02\n", "claim.presented_on", "before the incident")
case("denial-before-presentment.yaml", BASE + CLAIM + "  presented_on: 2025-09-02\n  denial_mailed_on: 2025-08-01\n", "claim.denial_mailed_on", "before presentment")
case("presented-bound-after-denial.yaml", BASE + CLAIM + "  presented_on_or_before: 2025-12-05\n  denial_mailed_on: 2025-12-01\n",
     "claim.denial_mailed_on", "before claim.presented_on_or_before")
case("reconsideration-without-denial.yaml", BASE + CLAIM + "  presented_on: 2025-09-02\n  reconsideration_requested_on: 2025-12-01\n", "claim.reconsideration_requested_on", "needs claim.denial_mailed_on")
case("accrual-before-incident.yaml", BASE + CLAIM + "  accrual_date: 2024-01-01\n", "claim.accrual_date", "before the incident")
case("received-before-mailed.yaml", BASE + CLAIM + "  mailed_on: 2025-09-10\n  presented_on: 2025-09-02\n", "claim.presented_on", "before it was mailed")
case("custody-naive-datetime.yaml", BASE + EVIDENCE + "    custody:\n      - {action: registered, by: PRIVATE-NAME Ana, at: 2025-06-20T14:03:00}\n", "evidence[0].custody[0].at", "UTC offset", files=EVIDENCE_FILE)

# ---- money that is not a sum certain
for fname, value, fragment in [
    ("amount-tbd.yaml", "TBD", "sum certain"),
    ("amount-more-than.yaml", '"more than 5000"', "sum certain"),
    ("amount-dollar-comma.yaml", '"$1,000"', "sum certain"),
    ("amount-negative.yaml", "-500", "negative"),
    ("amount-three-decimals.yaml", "100.125", "two decimal"),
    ("amount-boolean.yaml", "yes", "true/false"),
    ("amount-nan.yaml", ".nan", "finite"),
    ("amount-infinite.yaml", "-.inf", "finite"),
    ("amount-huge.yaml", "1e15", "implausibly large"),
    ("amount-list.yaml", "[1000, 2000]", "sum certain"),
]:
    case(fname, sub("personal_injury: 5000", f"personal_injury: {value}"), "claimants[0].damages.personal_injury", fragment)
case("amount-total-zero.yaml", sub("personal_injury: 5000", "personal_injury: 0\n      property_damage: 0.00"), "claimants[0].damages", "positive sum certain")
case(
    "amount-items-disagree.yaml",
    sub("      personal_injury: 5000\n", "      personal_injury: 5000\n    damages_items:\n      - {category: personal_injury, description: ER bill, amount: 4000}\n"),
    "claimants[0].damages.personal_injury",
    "add up to $4,000.00",
)
case("deductible-bad.yaml", sub("    damages:\n", "    insurance: {coverage: deductible, deductible: about 500}\n    damages:\n"), "claimants[0].insurance.deductible", "sum certain")

# ---- ids, codes, references
case(
    "duplicate-claimant-ids.yaml",
    BASE + '  - id: c1\n    name: "PRIVATE-NAME2 Luis Pérez"\n    damages: {property_damage: 100}\n',
    "claimants[1].id",
    "used twice",
)
case(
    "duplicate-exhibit-ids.yaml",
    BASE + EVIDENCE + EVIDENCE.replace("evidence:\n", "").replace("photo.txt", "photo2.txt").replace("2cf24dba", "3cf24dba"),
    "evidence[1].id",
    "used twice",
    files={**EVIDENCE_FILE, "evidence/photo2.txt": "hello"},
)
case("claimant-id-uppercase.yaml", sub("id: c1", 'id: "C 1"'), "claimants[0].id", "lowercase")
case("missing-evidence-file.yaml", BASE + EVIDENCE, "evidence[0].path", "file not found")
case("evidence-path-is-folder.yaml", BASE + EVIDENCE.replace("evidence/photo.txt", "evidence"), "evidence[0].path", "not a file", files=EVIDENCE_FILE)
case("evidence-size-changed.yaml", BASE + EVIDENCE.replace("size: 5", "size: 6"), "evidence[0].size", "changed", files=EVIDENCE_FILE)
case("bad-sha256-uppercase.yaml", BASE + EVIDENCE.replace("2cf24dba5fb0", "2CF24DBA5FB0"), "evidence[0].sha256", "64 lowercase", files=EVIDENCE_FILE)
case("bad-sha256-short.yaml", BASE + EVIDENCE.replace("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "abc123"), "evidence[0].sha256", "64 lowercase", files=EVIDENCE_FILE)
case("bad-exhibit-id.yaml", BASE + EVIDENCE.replace("id: E-001", "id: X-1"), "evidence[0].id", "E-001", files=EVIDENCE_FILE)
case("bad-supports-ref.yaml", BASE + EVIDENCE + "    supports: [c9]\n", "evidence[0].supports[0]", "not a claimant", files=EVIDENCE_FILE)
case("bad-supports-box.yaml", BASE + EVIDENCE + "    supports: [box-99]\n", "evidence[0].supports[0]", "SF-95 box", files=EVIDENCE_FILE)
case(
    "item-cites-missing-exhibit.yaml",
    sub("      personal_injury: 5000\n", "      personal_injury: 5000\n    damages_items:\n      - {category: personal_injury, description: ER bill, amount: 5000, evidence: [E-404]}\n"),
    "claimants[0].damages_items[0].evidence[0]",
    "not in evidence",
)
case("bad-state.yaml", sub("state: MN", "state: XX"), "incident.state", "USPS")
case("bad-state-lowercase.yaml", sub("state: MN", "state: mn"), "incident.state", "USPS")
case("unknown-agency.yaml", sub("agencies: [ICE]", "agencies: [ICE, NSA]"), "incident.agencies[1]", "agency directory")
case("agency-twice.yaml", sub("agencies: [ICE]", "agencies: [ICE, ICE]"), "incident.agencies", "more than once")
case("lead-agency-not-involved.yaml", BASE + CLAIM + "  lead_agency: CBP\n", "claim.lead_agency", "not one of incident.agencies")
case("unknown-conduct.yaml", sub("conduct: [excessive_force]", "conduct: [excessive_force, shooting]"), "incident.conduct[1]", "excessive_force")
case("control-char-escaped.yaml", sub('name: "PRIVATE-NAME Ana Pérez"', 'name: "PRIVATE-NAME Ana\\x1bPérez"'), "claimants[0].name", "control characters", echo="PRIVATE-NAME")
case("name-empty.yaml", sub('name: "PRIVATE-NAME Ana Pérez"', 'name: ""'), "claimants[0].name", "must not be empty")
case(
    "many-problems.yaml",
    sub("state: MN", "state: ZZ", sub("date: 2025-06-14", "date: 2025-02-30", sub("personal_injury: 5000", "personal_injury: TBD"))) + "witnesses:\n  - {name: PRIVATE-W, id: W1}\n",
    "incident.state",
    "USPS",
    also=[["incident.date", "real date"], ["claimants[0].damages.personal_injury", "sum certain"], ["witnesses[0].id", "lowercase"]],
)


def main() -> None:
    index = []
    for old in HERE.iterdir():
        if old.suffix in (".yaml", ".bin") and old.name != "index.yaml":
            old.unlink()
    for name, (content, path, fragment, extra) in CASES.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (HERE / name).write_bytes(data)
        row = {"file": name, "path": path, "message": fragment}
        row.update(extra)
        index.append(row)
    head = "# Bad-input corpus: file -> the key path its error line must name and a fragment of the message.\n"
    head += "# path '' means a whole-file problem (the line is 'FILE: message'). Generated by make_corpus.py.\n"
    (HERE / "index.yaml").write_text(head + yaml.safe_dump(index, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    print(f"{len(index)} corpus files")


if __name__ == "__main__":
    main()
