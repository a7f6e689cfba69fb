"""Cases for the analysis, memo and letter tests: the bundled examples, three fact patterns built
as dicts, and a hand-computed stand-in for the deadline report."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from claimgen.caseio import load_case, parse_case

EXAMPLES = Path(__file__).resolve().parent.parent / "claimgen" / "examples"


AS_OF = dt.date(2026, 11, 22)


SHA = "0" * 63


def _ev(n: int, path: str, description: str, supports: list[str]) -> dict:
    return {"id": f"E-{n:03d}", "path": path, "description": description, "sha256": SHA + str(n),
            "size": 100 + n, "supports": supports}


FATAL = {
    "claimgen": 1,
    "title": "Estate of Andrés Molina — fatal ICE vehicle stop (fictional)",
    "incident": {
        "date": dt.date(2025, 9, 12), "time": "17:40", "state": "IL",
        "place": "W. 26th St near S. Pulaski Rd, Chicago, IL", "agencies": ["ICE"],
        "conduct": ["vehicle_stop", "deadly_force", "death"],
        "narrative": "ICE officers boxed in Andrés Molina's car. One officer fired into the car and killed him.",
        "officers": [{"name": "Daniel Kerr", "agency": "ICE", "badge_number": "1187", "role": "fired the shots"}],
    },
    "claimants": [
        {"id": "estate", "name": "Estate of Andrés Molina", "role": "estate",
         "damages": {"wrongful_death": "1850000", "personal_injury": "250000"},
         "representative": {"name": "Lucía Molina", "capacity": "Independent Administrator of the Estate",
                            "authority_documents": ["E-001"]}},
        {"id": "c2", "name": "Lucía Molina", "role": "spouse", "damages": {"personal_injury": "400000"}},
    ],
    "evidence": [_ev(1, "evidence/letters-of-office.pdf", "Letters of office, Cook County Probate", ["estate"])],
    "counsel": {"name": "Ana Ortiz", "firm": "Pilsen Justice Clinic (fictional)", "address": "1 Main St\nChicago, IL 60608",
                "role": "attorney"},
}


TEXAS = {
    "claimgen": 1,
    "title": "Worksite arrest and phone seizure (fictional)",
    "incident": {
        "date": dt.date(2025, 4, 3), "state": "TX", "place": "Plant 4, 100 Industrial Blvd, Houston, TX",
        "agencies": ["ICE"], "conduct": ["false_arrest", "prolonged_detention", "property_seizure"],
        "contractor": "Gulf Transport Detention Services (fictional)",
        "narrative": "HSI agents arrested Rosa Díaz at work, took her phone and held her for 9 days.",
        "officers": [{"description": "Tall man in an HSI jacket", "agency": "ICE"}],
    },
    "claimants": [
        {"id": "c1", "name": "Rosa Díaz", "address": "22 Elm Rd\nHouston, TX 77002",
         "damages": {"property_damage": "900", "personal_injury": "60000"}},
    ],
    "claim": {"delivery_method": "USPS Priority Mail Express with signature confirmation"},
}


ARIZONA = {
    "claimgen": 1,
    "title": "Checkpoint force (fictional)",
    "incident": {
        "date": dt.date(2025, 2, 20), "state": "AZ", "place": "Border Patrol checkpoint, SR 86, Arizona",
        "agencies": ["CBP", "DHS"], "conduct": ["vehicle_stop", "excessive_force", "speech_retaliation"],
        "near_border": True,
        "narrative": "Border Patrol agents pulled Mr. Begay from his truck after he filmed them, and slammed him onto the hood.",
    },
    "claimants": [{"id": "c1", "name": "Joseph Begay", "damages": {"personal_injury": "45000"}}],
    "counsel": {"name": "Sam Lee", "role": "law_student", "supervising_attorney": "Prof. Rita Gómez",
                "address": "Clinic, 1 University Way\nTucson, AZ 85721"},
}


BUILT = {"fatal-vehicle-stop": FATAL, "texas-worksite-arrest": TEXAS, "arizona-checkpoint-force": ARIZONA}


def load_example(name: str):
    """The example from claimgen/examples when present, else the dict built above."""
    path = EXAMPLES / name / "case.yaml"
    if path.is_file():
        return load_case(path)
    return parse_case(copy.deepcopy(BUILT[name]), f"{name}.yaml")


@dataclass
class StubDeadline:
    id: str
    date: dt.date | None
    act_by: dt.date | None
    status: str
    days_left: int | None
    rule: str
    explanation: str = ""
    label: str = ""


@dataclass
class StubFlag:
    id: str
    severity: str
    message: str


@dataclass
class StubReport:
    as_of: dt.date
    deadlines: list
    flags: list = field(default_factory=list)

    def get(self, deadline_id: str):
        for d in self.deadlines:
            if d.id == deadline_id:
                return d
        raise KeyError(deadline_id)


# Hand-computed: incident + 2 years (presentment), + the state period (Bivens), prior business day.
HAND = {
    "minneapolis-home-entry": (dt.date(2027, 6, 14), dt.date(2027, 6, 14), dt.date(2031, 6, 14), dt.date(2031, 6, 13), "Minn. Stat. § 541.05, subd. 1(5)"),
    "fatal-vehicle-stop": (dt.date(2027, 9, 12), dt.date(2027, 9, 10), dt.date(2027, 9, 12), dt.date(2027, 9, 10), "735 ILCS 5/13-202"),
    "texas-worksite-arrest": (dt.date(2027, 4, 3), dt.date(2027, 4, 2), dt.date(2027, 4, 3), dt.date(2027, 4, 2), "Tex. Civ. Prac. & Rem. Code § 16.003(a)"),
    "arizona-checkpoint-force": (dt.date(2027, 2, 20), dt.date(2027, 2, 19), dt.date(2027, 2, 20), dt.date(2027, 2, 19), "A.R.S. § 12-542"),
}


def stub_report(name: str) -> StubReport:
    p, p_act, b, b_act, b_rule = HAND[name]
    return StubReport(AS_OF, [
        StubDeadline("ftca_presentment", p, p_act, "open", (p - AS_OF).days, "28 U.S.C. § 2401(b)", "", "Last day for the agency to receive the claim"),
        StubDeadline("ftca_earliest_suit", None, None, "not_applicable", None, "28 U.S.C. § 2675(a)", "", "First day an FTCA suit may be filed"),
        StubDeadline("ftca_suit_deadline", None, None, "not_applicable", None, "28 U.S.C. § 2401(b)", "", "Last day to file an FTCA suit"),
        StubDeadline("bivens_limitations", b, b_act, "open", (b - AS_OF).days, b_rule, "", "Last day to file a Bivens suit"),
    ], [StubFlag("mail_time", "warning", "Mail screening can add about three weeks; send the claim early.")])


def report_for(name: str, case):
    try:
        from claimgen.checks.deadlines import compute
    except ImportError:
        return stub_report(name)
    return compute(case, AS_OF)


NAMES = ["minneapolis-home-entry", "fatal-vehicle-stop", "texas-worksite-arrest", "arizona-checkpoint-force"]
