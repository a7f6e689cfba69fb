"""``evidence remove`` and ``evidence relink``: the custody log is kept, ids are never reused,
and a file whose hash differs is never passed off as the exhibit."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from claimgen.cli import main
from helpers import copy_example


def load(case: Path) -> dict:
    return yaml.safe_load(case.read_text(encoding="utf-8"))


def exhibit(doc: dict, ident: str, key: str = "evidence") -> dict:
    return next(e for e in doc.get(key) or [] if e["id"] == ident)


def test_remove_keeps_the_custody_log_and_never_reuses_the_id(tmp_path, capsys):
    case = copy_example("arizona-checkpoint-force", tmp_path)
    before = load(case)
    last = max(e["id"] for e in before["evidence"])
    cited = {ex for c in before["claimants"] for item in c.get("damages_items") or [] for ex in item.get("evidence") or []}
    last_free = max(e["id"] for e in before["evidence"] if e["id"] not in cited)
    chain = exhibit(before, last_free)["custody"]
    assert main(["evidence", "remove", str(case), last_free, "--by", "Ana Ruiz (paralegal)", "--note", "a duplicate"]) == 0
    after = load(case)
    assert last_free not in {e["id"] for e in after["evidence"]}
    kept = exhibit(after, last_free, "removed_evidence")
    assert kept["custody"][: len(chain)] == chain
    event = kept["custody"][-1]
    assert (event["action"], event["by"], event["note"]) == ("removed", "Ana Ruiz (paralegal)", "a duplicate")
    assert main(["validate", str(case)]) == 0
    # remove the highest id too, then register a new file: it is numbered after every id ever used
    if last != last_free:
        assert main(["evidence", "remove", str(case), last]) == 2  # still cited by a damages line
    new = case.parent / "evidence" / "new-photo.txt"
    new.write_text("a new file\n")
    capsys.readouterr()
    assert main(["evidence", "add", str(case), str(new), "--by", "Ana"]) == 0
    out, _ = capsys.readouterr()
    expected = f"E-{int(last[2:]) + 1:03d}"
    assert f"({expected})" in out
    assert main(["evidence", "remove", str(case), last_free]) == 2  # already removed
    _, err = capsys.readouterr()
    assert "was already removed" in err


def test_remove_refuses_a_cited_exhibit_and_changes_nothing(tmp_path, capsys):
    case = copy_example("minneapolis-home-entry", tmp_path)
    before = case.read_bytes()
    assert main(["evidence", "remove", str(case), "E-003"]) == 2
    _, err = capsys.readouterr()
    assert "claimants[1].damages_items[0].evidence[0]: still cites E-003" in err
    assert main(["evidence", "remove", str(case), "E-099"]) == 2
    assert case.read_bytes() == before


def test_relink_accepts_the_same_file_and_refuses_a_wrong_hash(tmp_path, capsys):
    case = copy_example("minneapolis-home-entry", tmp_path)
    doc = load(case)
    e = exhibit(doc, "E-002")
    old = case.parent / e["path"]
    moved = case.parent / "moved" / old.name
    moved.parent.mkdir()
    shutil.move(old, moved)
    # a different file: refused, nothing changed
    other = case.parent / "moved" / "other.txt"
    other.write_text("not the exhibit\n")
    before = case.read_bytes()
    assert main(["evidence", "relink", str(case), "E-002", str(other)]) == 2
    _, err = capsys.readouterr()
    assert "is not E-002" in err and hashlib.sha256(b"not the exhibit\n").hexdigest()[:12] in err
    assert case.read_bytes() == before
    # the moved file: accepted, the chain records the move with the hash found
    assert main(["evidence", "relink", str(case), "E-002", str(moved), "--by", "Ana"]) == 0
    after = exhibit(load(case), "E-002")
    assert after["path"] == "moved/" + old.name
    assert after["custody"][: len(e["custody"])] == e["custody"]
    event = after["custody"][-1]
    assert (event["action"], event["by"], event["sha256"]) == ("relinked", "Ana", e["sha256"])
    assert e["path"] in event["note"]
    capsys.readouterr()
    assert main(["evidence", "verify", str(case)]) == 0


def test_custody_actor_defaults_to_registered_by_never_the_login(tmp_path, capsys):
    case = copy_example("minneapolis-home-entry", tmp_path)
    text = case.read_text(encoding="utf-8")
    case.write_text(text + "interview:\n  registered_by: Clinic intake desk\n", encoding="utf-8")
    assert main(["evidence", "remove", str(case), "E-001"]) == 0
    assert exhibit(load(case), "E-001", "removed_evidence")["custody"][-1]["by"] == "Clinic intake desk"
    case2 = copy_example("texas-worksite-arrest", tmp_path / "two")
    doc = load(case2)
    cited = {ex for c in doc["claimants"] for item in c.get("damages_items") or [] for ex in item.get("evidence") or []}
    cited |= {ex for c in doc["claimants"] for ex in ((c.get("representative") or {}).get("authority_documents") or [])}
    free = next(e["id"] for e in doc["evidence"] if e["id"] not in cited)
    assert main(["evidence", "remove", str(case2), free]) == 0
    assert exhibit(load(case2), free, "removed_evidence")["custody"][-1]["by"] == "unknown"
