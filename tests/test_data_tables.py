"""The legal data tables: every row carries its citation, its tag and the day it was last checked.

Attorneys check claimgen's citations against these rows, and the documents print "verify"
from the tags, so a row without them is a defect wherever it is used.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from claimgen import data

TAGS = {"P", "S", "U"}
USPS = {"DC", "PR", "GU", "VI", "AS", "MP"}


def checked_on(value) -> dt.date:
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    day = dt.date.fromisoformat(value)
    assert dt.date(2025, 1, 1) <= day <= dt.date.today(), value
    return day


@pytest.mark.parametrize("key", sorted(data.authorities()))
def test_every_authority_row_has_cite_tag_source_and_date(key):
    row = data.authority(key)
    assert row["cite"].strip() and row["tag"] in TAGS and row["source"].strip() and row["holds"].strip()
    checked_on(row["last_checked"])
    assert data.cite(key).endswith("[verify]") == (row["tag"] == "U")


def test_every_state_row_has_its_period_citation_tag_and_date():
    states = data.states()
    assert len(states) == 56 and USPS <= set(states)
    for code, row in states.items():
        lim = row["bivens_limitations"]
        assert lim["tag"] in TAGS, code
        checked_on(lim["last_checked"])
        if lim["years"] is None:  # not researched: the engine asks for the period, never guesses
            assert lim["tag"] == "U" and lim["citation"] is None and "by hand" in lim["note"], code
        else:
            assert isinstance(lim["years"], int) and 1 <= lim["years"] <= 6 and lim["citation"].strip(), code
        for older in lim.get("by_accrual", []):
            assert older["tag"] in TAGS and older["citation"].strip() and older["years"] >= 1, code


def test_the_reference_periods_the_issue_names():
    """The state periods, by hand: LA 2 (1 before 2024-07-02), TN and KY 1, MN 6, PR 1, territories unknown."""
    s = data.states()
    years = {code: s[code]["bivens_limitations"]["years"] for code in s}
    assert years["LA"] == 2 and s["LA"]["bivens_limitations"]["by_accrual"][0] == {
        **s["LA"]["bivens_limitations"]["by_accrual"][0], "accrued_on_or_before": "2024-07-01", "years": 1}
    assert (years["TN"], years["KY"], years["MN"], years["PR"]) == (1, 1, 6, 1)
    assert (years["CT"], years["FL"], years["UT"], years["WI"], years["MO"], years["ME"]) == (3, 4, 4, 3, 5, 6)
    assert all(years[t] is None for t in ("GU", "VI", "AS", "MP"))
    assert s["FL"]["bivens_limitations"]["safer_years"] == 2 and s["MN"]["bivens_limitations"]["safer_years"] == 2


@pytest.mark.parametrize("key", sorted(data.agencies()))
def test_every_agency_row_has_source_tag_and_date(key):
    row = data.agencies()[key]
    assert row["name"].strip() and row["source"].strip() and row["tag"] in TAGS
    checked_on(row["last_checked"])


def test_every_deadline_and_flag_rule_cites_known_authorities():
    table = data.load("deadlines")
    for section in ("deadlines", "flags"):
        for key, row in table[section].items():
            assert row["citations"], f"{section}.{key} cites nothing"
            for c in row["citations"]:
                assert c in data.authorities(), f"{section}.{key}: {c}"
    for key, row in table["deadlines"].items():
        assert row["tag"] in TAGS, key
        checked_on(row["last_checked"])
