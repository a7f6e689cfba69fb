"""The docket tests' tree of cases, whose next deadlines were counted by hand for AS_OF."""

from __future__ import annotations

from pathlib import Path

AS_OF = "2026-12-05"


CASE = """\
claimgen: 1
title: "{title}"
incident:
  date: {date}
  state: {state}
  agencies: [ICE]
  conduct: [excessive_force]
  narrative: |
    Officers pushed the claimant to the ground outside the home.
claimants:
  - id: c1
    name: "Test Claimant"
    address: "1 Main St, Springfield"
    injuries: "bruised arm"
    damages:
      personal_injury: 5000
{claim}"""


# Hand-computed for as-of 2026-12-05:
#   missed:   TX, incident 2024-06-03 -> presentment and Bivens (2 years) both 2026-06-03 (Wed): missed; nothing open
#   due3:     NY, incident 2024-12-08 -> presentment 2026-12-08 (Tue): 3 days; Bivens (3 years) 2027-12-08
#   due300:   NY, incident 2025-10-01 -> presentment 2027-10-01 (Fri): 300 days; Bivens 2028-10-01 (Sun) -> act by Fri 09-29
#   done:     NY, incident 2023-01-10, presented 2023-03-01, suit 2023-10-01 (after 2023-09-02), Bivens suit 2023-10-01:
#             everything met or not applicable: nothing open, nothing missed
CASES = {
    "clients/missed/case.yaml": dict(title="Missed — Texas", date="2024-06-03", state="TX", claim=""),
    "clients/nested/deeper/due3/case.yaml": dict(title="Due in three days", date="2024-12-08", state="NY", claim=""),
    "clients/due300/case.yaml": dict(title="Due in three hundred days", date="2025-10-01", state="NY", claim=""),
    "clients/done/case.yaml": dict(
        title="Nothing open",
        date="2023-01-10",
        state="NY",
        claim="claim:\n  presented_on: 2023-03-01\n  suit_filed_on: 2023-10-01\n  bivens_suit_filed_on: 2023-10-01\n",
    ),
}


def write_case(path: Path, **values: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CASE.format(**values), encoding="utf-8")
    return path
