"""The household interview used by several tests: what the case file must hold, the same
answers as an --answers file, and how a case file is read back for comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from claimgen.caseio import load_raw

TODAY = dt.date(2026, 11, 22)


EXPECTED = yaml.safe_load(r"""
claimgen: 1
title: Ana López — 12 Main St, El Paso, June 14, 2025
incident:
  date: 2025-06-14
  time: "06:10"
  state: TX
  place: 12 Main St, El Paso
  agencies: [ICE]
  conduct: [excessive_force, home_entry]
  near_border: false
  narrative: "Officers came at dawn.\n\nThey broke the door & pushed me <down>.\n"
  officers:
    - agency: ICE
      badge_number: "4471"
      description: tall man, green vest marked ERO
      how_identified: vest markings
      role: forced the door
claimants:
  - id: c1
    name: Ana López
    address: 12 Main St, El Paso, TX 79901
    date_of_birth: 1988-03-02
    marital_status: married
    employment: civilian
    role: injured
    minor: false
    injuries: Broken left wrist; ER at Del Sol, June 14.
    damages: {property_damage: 1150, personal_injury: 54850, wrongful_death: 0}
    damages_items:
      - {id: c1-pd1, category: property_damage, description: Door repair, amount: 1150}
      - {id: c1-pi1, category: personal_injury, description: ER bill, amount: 4850}
      - {id: c1-pi2, category: personal_injury, description: Pain and suffering, amount: 50000}
    property: {description: Front door frame split., inspect_at: "at home, by appointment"}
    insurance: {accident_insurance: false, liability_insurance: true, liability_insurer: State Farm renter's policy 123}
witnesses:
  - {id: w1, name: Nguyễn Thị Hương, address: 14 Main St, saw: Saw the door forced}
claim:
  presented_on: 2025-09-02
  denial_mailed_on: 2026-01-10
  denial_mailing_proof: certified or registered mail receipt
counsel:
  name: Jordan Whitfield
  firm: East Side Legal Aid
  role: attorney
  bar_number: TX 123
""")


def _facts(case: Path) -> dict:
    """The case file as plain data without the interview's bookkeeping and the evidence entries."""
    raw = load_raw(case)
    raw.pop("interview", None)
    raw.pop("evidence", None)
    return raw


def _plain(value):
    """Decimals and numbers compared as numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "as_tuple"):
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


ANSWERS_YAML = """\
claimants.count: 1
claimants[0].role: injured
claimants[0].name: Ana López
claimants[0].address: 12 Main St, El Paso, TX 79901
claimants[0].date_of_birth: 3/2/1988
claimants[0].marital_status: married
incident.date: June 14 2025
incident.time: 6:10 am
incident.place: 12 Main St, El Paso
incident.state: texas
incident.agencies: [ICE]
incident.officers.any: yes
incident.officers[0].badge_number: "4471"
incident.officers[0].description: tall man, green vest marked ERO
incident.officers[0].how_identified: vest markings
incident.officers[0].role: forced the door
incident.narrative: |
  Officers came at dawn.

  They broke the door & pushed me <down>.
incident.conduct: [excessive_force, home_entry]
claimants[0].hurt: yes
claimants[0].injuries: Broken left wrist; ER at Del Sol, June 14.
claimants[0].property.any: yes
claimants[0].property.description: Front door frame split.
claimants[0].property.inspect_at: at home, by appointment
claimants[0].damages.property_damage[0].description: Door repair
claimants[0].damages.property_damage[0].amount: $1,150
claimants[0].damages.personal_injury[0].description: ER bill
claimants[0].damages.personal_injury[0].amount: 4850
claimants[0].damages.personal_injury[0].more: yes
claimants[0].damages.personal_injury[1].description: Pain and suffering
claimants[0].damages.personal_injury[1].amount: 50000
claimants[0].insurance.liability_insurance: yes
claimants[0].insurance.liability_insurer: State Farm renter's policy 123
witnesses.any: yes
witnesses[0].name: Nguyễn Thị Hương
witnesses[0].address: 14 Main St
witnesses[0].saw: Saw the door forced
claim.already_sent: yes
claim.presented_on: 2025-09-02
claim.denied: yes
claim.denial_mailed_on: January 10, 2026
claim.denial_mailing_proof: receipt
counsel.any: yes
counsel.name: Jordan Whitfield
counsel.firm: East Side Legal Aid
counsel.bar_number: TX 123
"""


# A one-claimant case in the fewest answers: the reliability tests feed it through --answers.
SHORT_ANSWERS_YAML = """\
claimants.count: 1
claimants[0].role: injured
claimants[0].name: Ana López
claimants[0].address: 12 Main St, El Paso, TX 79901
incident.date: June 14 2025
incident.place: 12 Main St, El Paso
incident.state: texas
incident.agencies: [ICE]
incident.officers.any: no
incident.narrative: Officers came at dawn.
incident.conduct: [home_entry]
claimants[0].hurt: yes
claimants[0].injuries: Broken left wrist.
claimants[0].property.any: no
claimants[0].damages.personal_injury[0].description: ER bill
claimants[0].damages.personal_injury[0].amount: 4850
witnesses.any: no
claim.already_sent: no
counsel.any: no
"""
