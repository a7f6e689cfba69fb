"""Fact patterns for the citation test: together with the bundled examples and the memo fixtures
they reach every rule of claimgen/data/analysis.yaml and preservation.yaml (a test checks that
each rule's ``when`` held for at least one of them), so every citation the analysis can print is
read by eyecite at least once.

Each pattern is a small case file as a dict, built from one base by ``pattern(...)``; the name
says which branch it is for.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

AS_OF = dt.date(2026, 11, 17)


def _claimant(cid: str, name: str, **extra: Any) -> dict:
    return {"id": cid, "name": name, "damages": {"personal_injury": "40000"}, **extra}


def pattern(
    state: str,
    conduct: list[str],
    *,
    date: dt.date = dt.date(2025, 8, 1),
    agencies: tuple[str, ...] = ("ICE",),
    narrative: str = "Officers stopped and searched the claimant outside a grocery store.",
    claimants: list[dict] | None = None,
    claim: dict | None = None,
    **incident: Any,
) -> dict:
    """A valid case file: one injured claimant unless ``claimants`` is given."""
    case = {
        "claimgen": 1,
        "title": f"{state} {' '.join(conduct)} (fictional)",
        "incident": {
            "date": date,
            "state": state,
            "place": f"Main St, {state}",
            "agencies": list(agencies),
            "conduct": list(conduct),
            "narrative": narrative,
            "officers": [{"name": "Pat Doe", "agency": agencies[0], "badge_number": "12"}],
            **incident,
        },
        "claimants": copy.deepcopy(claimants) if claimants else [_claimant("c1", "Ana Ruiz")],
    }
    if claim:
        case["claim"] = claim
    return case


def _estate(authority: bool = False, capacity: str = "Administrator of the Estate") -> list[dict]:
    rep = {"name": "Rosa Vega", "capacity": capacity}
    evidence = []
    if authority:
        rep["authority_documents"] = ["E-001"]
        evidence = [{"id": "E-001", "path": "letters.pdf", "description": "Letters of administration"}]
    estate = {
        "id": "estate",
        "name": "Estate of Juan Vega",
        "role": "estate",
        "injured_person": "Juan Vega (deceased)",
        "damages": {"wrongful_death": "1500000"},
        "representative": rep,
    }
    return [estate] if not evidence else [{**estate, "_evidence": evidence}]


def _death(state: str, authority: bool = False, capacity: str = "Administrator of the Estate", **extra: Any) -> dict:
    claimants = _estate(authority, capacity)
    evidence = claimants[0].pop("_evidence", None)
    case = pattern(
        state,
        ["deadly_force", "death"],
        narrative="An officer fired into the car and killed Juan Vega.",
        claimants=claimants,
        **extra,
    )
    if evidence:
        case["evidence"] = [{**e, "sha256": "0" * 64, "size": 10, "supports": ["estate"]} for e in evidence]
    return case


MINOR = _claimant("c2", "Sofía Ruiz", date_of_birth=dt.date(2015, 3, 1), role="child")
MINOR["representative"] = {"name": "Ana Ruiz", "capacity": "Mother and guardian"}

PATTERNS: dict[str, dict] = {
    # who brings a death claim: each state of wrongful_death.yaml, and states without a row
    "death-texas": _death("TX"),
    "death-arizona": _death("AZ"),
    "death-california": _death("CA", authority=True),
    "death-ohio-appointed": _death("OH", authority=True),
    "death-illinois-after-act": _death("IL", date=dt.date(2026, 1, 15)),
    "death-alabama": _death("AL"),
    "death-new-york": _death("NY"),
    "death-florida": _death("FL"),
    # a signer with papers whom the state's law does not name (Minnesota: only the trustee)
    "death-minnesota-spouse-signs": _death("MN", authority=True, capacity="Surviving spouse"),
    # minors, a guardian signing
    "minor-california-home-entry": pattern(
        "CA",
        ["home_entry", "no_warrant_shown"],
        narrative="Officers kicked in the door and came inside while the family slept.",
        claimants=[_claimant("c1", "Ana Ruiz"), MINOR],
        agencies=("FBI",),
    ),
    # property only: seizure and damage
    "property-only-washington": pattern(
        "WA",
        ["property_seizure", "property_damage"],
        narrative="Agents seized her phone and car and never returned them.",
        claimants=[{"id": "c1", "name": "Lea Kim", "role": "property_owner", "damages": {"property_damage": "9000"}}],
    ),
    # where the claim stands: denied, six months passed, mailed without proof of receipt
    "denial-received-colorado": pattern(
        "CO",
        ["false_arrest"],
        date=dt.date(2024, 9, 1),
        claim={"presented_on": dt.date(2025, 1, 10), "denial_mailed_on": dt.date(2026, 9, 30)},
    ),
    "six-months-passed-new-york": pattern(
        "NY", ["excessive_force"], date=dt.date(2024, 12, 1), claim={"presented_on": dt.date(2025, 2, 3)}
    ),
    "mailed-maryland": pattern("MD", ["false_arrest"], claim={"mailed_on": dt.date(2026, 11, 1)}),
    # Bivens contexts
    "detention-medical-georgia": pattern(
        "GA",
        ["prolonged_detention", "medical_neglect"],
        contractor="Southern Detention Services (fictional)",
        narrative="She was held for 40 days and denied insulin.",
    ),
    "outside-us": pattern("TX", ["excessive_force"], agencies=("CBP",), outside_us=True, near_border=True),
    "cbp-inland-wisconsin": pattern("WI", ["false_arrest", "speech_retaliation"], agencies=("CBP",)),
    "task-force-minnesota": pattern(
        "MN", ["false_arrest", "excessive_force"], agencies=("FBI", "USMS"), task_force=True, date=dt.date(2025, 2, 1)
    ),
    "non-dhs-home-entry-virginia": pattern(
        "VA", ["home_entry", "false_arrest"], agencies=("DEA",), narrative="Agents entered the home and arrested him."
    ),
    "prison-rhode-island": pattern("RI", ["medical_neglect"], agencies=("BOP",)),
    "removal-related-citizens": pattern(
        "NJ",
        ["prolonged_detention"],
        removal_related=True,
        claimants=[_claimant("c1", "Ana Ruiz", us_citizen=True)],
    ),
    "removal-related-noncitizen": pattern("PA", ["false_arrest"], removal_related=True),
    "represented-adult-atf": pattern(
        "NV",
        ["excessive_force"],
        agencies=("ATF",),
        claimants=[_claimant("c1", "Ana Ruiz", representative={"name": "Bo Ruiz", "capacity": "Attorney in fact"})],
    ),
    # timing: one-year states (the Bivens clock runs before the FTCA suit may be filed)
    "bivens-soon-tennessee": pattern("TN", ["excessive_force"], date=dt.date(2026, 1, 20)),
    "bivens-one-year-kentucky": pattern("KY", ["excessive_force"], date=dt.date(2026, 9, 1)),
    # the state table's other branches: an older period by accrual date (and its boundary day), a
    # territory with no researched period (entered by hand)
    "louisiana-boundary-day": pattern("LA", ["excessive_force"], date=dt.date(2024, 7, 1)),
    "wisconsin-before-2018": pattern("WI", ["excessive_force"], date=dt.date(2018, 1, 10)),
    "guam-period-by-hand": pattern("GU", ["false_arrest"], agencies=("CBP",), claim={"bivens_period_years": 2}),
    "guam-no-period": pattern("GU", ["false_arrest"], agencies=("CBP",)),
    # where the claim stands, every flag of the deadline engine (each prints its citations)
    "presented-late": pattern(
        "NM", ["false_arrest"], date=dt.date(2022, 1, 5), claim={"presented_on": dt.date(2024, 3, 1)}
    ),
    "presented-on-or-before": pattern(
        "UT", ["false_arrest"], date=dt.date(2025, 1, 5), claim={"presented_on_or_before": dt.date(2025, 6, 1)}
    ),
    "presented-on-or-before-late": pattern(
        "UT", ["false_arrest"], date=dt.date(2022, 1, 5), claim={"presented_on_or_before": dt.date(2024, 6, 1)}
    ),
    "suit-due-soon": pattern(
        "KS",
        ["false_arrest"],
        date=dt.date(2024, 1, 5),
        claim={"presented_on": dt.date(2024, 6, 1), "denial_mailed_on": dt.date(2026, 6, 1)},
    ),
    "suit-missed": pattern(
        "IA",
        ["false_arrest"],
        date=dt.date(2023, 1, 5),
        claim={"presented_on": dt.date(2023, 6, 1), "denial_mailed_on": dt.date(2024, 6, 3)},
    ),
    "suit-late": pattern(
        "IN",
        ["false_arrest"],
        date=dt.date(2023, 1, 5),
        claim={
            "presented_on": dt.date(2023, 6, 1),
            "denial_mailed_on": dt.date(2024, 6, 3),
            "suit_filed_on": dt.date(2025, 2, 3),
        },
    ),
    "suit-too-early": pattern(
        "MO",
        ["false_arrest"],
        date=dt.date(2025, 1, 5),
        claim={"presented_on": dt.date(2026, 8, 3), "suit_filed_on": dt.date(2026, 9, 1)},
    ),
    "suit-without-presentment": pattern(
        "NE", ["false_arrest"], date=dt.date(2025, 1, 5), claim={"suit_filed_on": dt.date(2026, 9, 1)}
    ),
    "bivens-filed-late": pattern(
        "KY", ["excessive_force"], date=dt.date(2024, 1, 5), claim={"bivens_suit_filed_on": dt.date(2025, 6, 2)}
    ),
    "bivens-period-by-hand-differs": pattern("SC", ["excessive_force"], claim={"bivens_period_years": 2}),
    "reconsideration-pending": pattern(
        "MS",
        ["false_arrest"],
        date=dt.date(2024, 1, 5),
        claim={
            "presented_on": dt.date(2024, 6, 3),
            "denial_mailed_on": dt.date(2026, 8, 3),
            "reconsideration_requested_on": dt.date(2026, 9, 1),
        },
    ),
    "reconsideration-late": pattern(
        "MS",
        ["false_arrest"],
        date=dt.date(2023, 1, 5),
        claim={
            "presented_on": dt.date(2023, 6, 1),
            "denial_mailed_on": dt.date(2024, 6, 3),
            "reconsideration_requested_on": dt.date(2025, 3, 3),
        },
    ),
    "reconsideration-decided": pattern(
        "AR",
        ["false_arrest"],
        date=dt.date(2023, 1, 5),
        claim={
            "presented_on": dt.date(2023, 6, 1),
            "denial_mailed_on": dt.date(2024, 6, 3),
            "reconsideration_requested_on": dt.date(2024, 7, 1),
            "reconsideration_denial_mailed_on": dt.date(2026, 7, 1),
        },
    ),
    "amended-after-denial": pattern(
        "ND",
        ["false_arrest"],
        date=dt.date(2024, 1, 5),
        claim={
            "presented_on": dt.date(2024, 6, 3),
            "denial_mailed_on": dt.date(2026, 6, 1),
            "amended_on": [dt.date(2026, 7, 1)],
        },
    ),
    "westfall-due": pattern(
        "SD", ["false_arrest"], date=dt.date(2024, 1, 5), claim={"westfall_dismissal_on": dt.date(2026, 11, 1)}
    ),
    "westfall-missed": pattern(
        "SD", ["false_arrest"], date=dt.date(2023, 1, 5), claim={"westfall_dismissal_on": dt.date(2025, 5, 1)}
    ),
    "fps-federal-building": pattern("OR", ["excessive_force"], agencies=("FPS",)),
    "unknown-officers-puerto-rico": pattern("PR", ["excessive_force"], officers=[{"description": "Masked agent"}]),
}
