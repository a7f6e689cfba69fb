"""Gaps the legal-data review closed: who may sign a death claim where state law names one person
(Minnesota's court-appointed trustee), CBP's second office that has no address on file, how sure
the incident's circuit is, and a secondary-source state period marked as one.

Each test reads what a user reads: the readiness gate's problems, or the memo's DOCX text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgen.caseio import load_case, parse_case
from claimgen.checks.deadlines import compute
from claimgen.checks.readiness import readiness_problems
from claimgen.render.docx import xml_problems
from claimgen.render.memo import render_memo

FIXTURES = Path(__file__).parent / "fixtures" / "memo"
MN_DEATH = FIXTURES / "minnesota-death-no-trustee.yaml"
EXAMPLES = Path(__file__).resolve().parent.parent / "claimgen" / "examples"
AS_OF = dt.date(2026, 11, 17)
EPOCH = 1_795_000_000


def docx_paragraphs(blob: bytes) -> list[str]:
    """The memo's paragraphs, then its table rows (cells joined by " | "), read with python-docx."""
    import io

    import docx

    assert xml_problems(blob) == []
    doc = docx.Document(io.BytesIO(blob))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return parts


def risks(paragraphs: list[str]) -> list[str]:
    """The memo's numbered top risks."""
    start = paragraphs.index("Top risks, in order") + 1
    end = paragraphs.index("2. Facts")
    return paragraphs[start:end]


def death_case(state: str = "MN", capacity: str = "Surviving spouse", documents: bool = True):
    """The Minnesota death fixture with the signer's capacity (and an authority exhibit) as given."""
    raw = load_case(MN_DEATH).model_dump(mode="python", exclude_none=True)
    raw["incident"]["state"] = state
    rep = raw["claimants"][0]["representative"]
    rep["capacity"] = capacity
    if documents:
        raw["evidence"] = [
            {
                "id": "E-001",
                "description": "Authority document",
                "path": "evidence/authority.pdf",
                "sha256": "0" * 64,
                "size": 2048,
            }
        ]
        rep["authority_documents"] = ["E-001"]
    return parse_case(raw, "death.yaml")


def signer_problems(case) -> list[str]:
    today = dt.date(2026, 11, 17)
    problems = readiness_problems(case, None, today, hash_files=False)
    return [f"{p.path}: {p.message}" for p in problems if "death claim is brought" in p.message]


def memo(case) -> list[str]:
    return docx_paragraphs(render_memo(case, compute(case, AS_OF), EPOCH))


@pytest.mark.parametrize("capacity", ["Surviving spouse", "Widow and next of kin", "Daughter of the deceased"])
def test_minnesota_death_claim_signed_by_family_not_the_trustee_is_not_ready(capacity):
    lines = signer_problems(death_case(capacity=capacity))
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("claimants[0].representative.capacity")
    assert "under Minnesota law the death claim is brought by the trustee appointed by the court" in line
    assert f'"{capacity}"' in line
    assert "Minn. Stat. § 573.02, subd. 1" in line and "28 C.F.R. § 14.3(c)" in line


@pytest.mark.parametrize(
    "state,capacity",
    [
        ("MN", "Trustee for the next of kin of Abdi Warsame"),
        ("MN", "Fiduciaria nombrada por el tribunal"),
        ("MN", "Administrator of the Estate of Abdi Warsame"),  # 28 C.F.R. § 14.3(c) names the administrator
        ("TX", "Surviving spouse"),  # Texas lets the spouse bring it
        ("GA", "Surviving spouse"),  # no row: the memo says [verify]; the gate does not guess
    ],
)
def test_the_signer_state_law_or_the_regulation_names_passes(state, capacity):
    assert signer_problems(death_case(state, capacity)) == []


def test_the_ohio_example_signed_by_the_administrator_stays_ready():
    case = load_case(EXAMPLES / "fatal-vehicle-stop" / "case.yaml")
    assert signer_problems(case) == []


def test_minnesota_death_claim_with_papers_but_the_wrong_signer_is_the_first_risk():
    paras = memo(death_case(capacity="Surviving spouse"))
    first = risks(paras)[0]
    assert first.startswith("1. Critical: The death claim of Estate of Abdi Warsame (signed by Hodan Ali as")
    assert "the trustee appointed as provided in subdivision 3" in first and "Minn. Stat. § 573.02, subd. 1" in first
    assert "Eighth Circuit" in first and "Mader v. United States" in first
    # The trustee signing with papers: no such risk.
    paras = memo(death_case(capacity="Trustee for the next of kin"))
    assert not any("is signed by someone who is neither" in r for r in risks(paras))


def test_minnesota_death_checklist_asks_for_the_current_statute_and_the_circuit():
    text = "\n".join(memo(death_case()))
    assert "Who brings a death claim in Minnesota: Minn. Stat. § 573.02, subd. 1 was read in its 2007 text" in text
    assert "Confirm that Minnesota is in the Eighth Circuit under 28 U.S.C. § 41 [verify]" in text
    assert "circuit views above (secondary source)." in text  # Minnesota's row rests on an 8th Cir. case
    ga = "\n".join(memo(death_case(state="GA")))
    assert (
        "Confirm that Georgia is in the Eleventh Circuit under 28 U.S.C. § 41 [verify] before relying on the circuit views above."
        in ga
    )


def test_cbp_second_office_has_no_invented_address_and_says_where_to_verify():
    case = load_case(EXAMPLES / "arizona-checkpoint-force" / "case.yaml")
    assert "CBP" in case.incident.agencies
    text = "\n".join(memo(case))
    line = next(p for p in text.splitlines() if "CBP's other place for claims" in p)
    assert "the port of entry or Border Patrol station nearest the incident" in line
    assert "claimgen has no address for it" in line and "cbp.gov" in line and "(secondary source)" in line
    assert "Office of Chief Counsel, 1300 Pennsylvania Ave NW" in text  # the address the directory does give


def test_a_secondary_source_state_period_prints_its_mark_in_the_memo():
    paras = memo(death_case())  # Minnesota's 6-year row is [S]
    text = "\n".join(paras)
    row = next(p for p in paras if p.startswith("Last day to file a Bivens lawsuit against the officers |"))
    assert row.endswith("(Minn. Ct. App. 1989) [verify: secondary source]"), row
    safer = next(p for p in paras if p.startswith("Safer last day for a Bivens lawsuit"))
    assert safer.endswith("(intentional torts, 2 years) [verify: secondary source]"), safer
    warning = next(r for r in risks(paras) if "shorter 2-year time limit" in r)
    assert "(intentional torts, 2 years) [verify: secondary source])" in warning
    # A [P] state's period prints as it is (Louisiana's art. 3493.11 row).
    la = "\n".join(memo(death_case(state="LA")))
    assert "La. Civ. Code art. 3493.11 (Act 423 of 2024, HB 315) [verify" not in la
    assert (
        "6 years (Minn. Stat. § 541.05, subd. 1(5); Berg v. Groschen, 437 N.W.2d 75 (Minn. Ct. App. 1989) [verify: secondary source])"
        in text
    )
