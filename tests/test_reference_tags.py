"""No data row claims more certainty than the legal research gave it.

tests/fixtures/reference_tags.yaml holds, for every authority, state period, wrongful-death row,
agency address and circuit row, the tag the research gave it. A row tagged P where the research
says S would print without "[verify: secondary source]", and an attorney would rely on it: each
test here fails on exactly that, or on a row the fixture does not know (a new row must be
entered there, with its research tag, before the tables may use it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from claimgen import data

FIXTURE = Path(__file__).parent / "fixtures" / "reference_tags.yaml"
RANK = {"U": 0, "S": 1, "P": 2}


def reference() -> dict:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def not_stronger(row_tag: str, ref_tag: str, what: str) -> None:
    assert row_tag in RANK and ref_tag in RANK, what
    assert RANK[row_tag] <= RANK[ref_tag], f"{what}: tagged {row_tag}, the research gives {ref_tag}"


def test_every_authority_is_known_to_the_research_and_no_stronger():
    ref = reference()["authorities"]
    rows = data.authorities()
    assert set(rows) - set(ref) == set(), "authorities without a research tag in the fixture"
    for key, row in rows.items():
        not_stronger(row["tag"], ref[key], f"authorities.yaml {key}")


def test_authority_keys_are_unique():
    """A second row with the same key silently replaced the first (yaml lists, dict lookup)."""
    keys = [row["key"] for row in data.load("authorities")["authorities"]]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})


def test_state_periods_match_the_research_in_years_and_tag():
    ref = reference()["states"]
    for code, row in data.states().items():
        lim = row["bivens_limitations"]
        assert lim["years"] == ref[code]["years"], f"states.yaml {code}: {lim['years']} years"
        not_stronger(lim["tag"], ref[code]["tag"], f"states.yaml {code}")
        for older in lim.get("by_accrual", []):
            not_stronger(older["tag"], ref[code]["tag"], f"states.yaml {code} by_accrual")


def test_wrongful_death_rows_are_no_stronger_than_the_research():
    ref = reference()["wrongful_death"]
    for code, row in data.load("wrongful_death")["states"].items():
        assert code in ref, f"wrongful_death.yaml {code} is not in the research"
        not_stronger(row["tag"], ref[code], f"wrongful_death.yaml {code}")


def test_agency_addresses_and_emails_are_no_stronger_than_the_research():
    ref = reference()
    for key, row in data.agencies().items():
        not_stronger(row["tag"], ref["agencies"][key], f"agencies.yaml {key}")
        if row.get("email"):
            assert row.get("email_tag"), f"agencies.yaml {key}: an e-mail address needs its own tag"
            not_stronger(row["email_tag"], ref["agency_email"][key], f"agencies.yaml {key} email")
        for office in row.get("other_offices", []):
            not_stronger(office["tag"], ref["agencies"][key], f"agencies.yaml {key} other_offices")


def test_every_circuit_row_carries_its_own_tag_and_is_no_stronger():
    ref = reference()["circuits"]
    seen: list[str] = []
    for short, circuit in data.load("circuits")["circuits"].items():
        for code, row in circuit["states"].items():
            seen.append(code)
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["last_checked"]), (short, code)
            not_stronger(row["tag"], ref.get(code, "U"), f"circuits.yaml {short} {code}")
            if row["tag"] != "U":
                assert row.get("source"), f"circuits.yaml {code}: a tag above U names its source"
    assert len(seen) == len(set(seen)), "a state in two circuits"
    # Every state and territory with a federal district court has a circuit (American Samoa has none).
    assert set(data.states()) - set(seen) == {"AS"}


REFERENCE = os.environ.get("CLAIMGEN_LEGAL_REFERENCE")


@pytest.mark.skipif(not REFERENCE, reason="set CLAIMGEN_LEGAL_REFERENCE to the research notes to re-read them")
def test_the_fixture_transcribes_the_research_state_table():
    """Re-read the research notes' state table (section 7) when they are at hand."""
    text = Path(REFERENCE).read_text(encoding="utf-8")
    table = text.split("## 7.")[1].split("## 8.")[0]
    ref = reference()["states"]
    rows = re.findall(r"^\| (\w\w) \| \**([\d/?]+)\** \| (.*) \|$", table, flags=re.M)
    assert len(rows) >= 52
    for code, years, note in rows:
        tag = "P" if re.search(r"\(P\)|period P via", note) else "S" if "(S)" in note else "U"
        assert ref[code] == {"years": int(years.split("/")[0]), "tag": tag}, code
