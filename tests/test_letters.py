"""Transmittal letters: one per agency, to that agency's claims office, presenting each sum certain."""

from __future__ import annotations

import copy
import datetime as dt
import io

import pytest

from claimgen import data
from claimgen.caseio import parse_case
from claimgen.checks.analysis import analyze
from claimgen.render.docx import xml_problems
from claimgen.render.letters import letter_context, render_letter

from analysis_cases import ARIZONA, FATAL, TEXAS, load_example, stub_report

AS_OF = dt.date(2026, 11, 22)
EPOCH = 1_795_000_000


def letter_text(case, agency: str) -> str:
    import docx

    blob = render_letter(case, agency, AS_OF, EPOCH)
    assert xml_problems(blob) == []
    document = docx.Document(io.BytesIO(blob))
    # the closing paragraph, "Sincerely," and the signatures sit in a table row that cannot split
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_minneapolis_letter_to_ice_presents_each_sum_certain():
    case = load_example("minneapolis-home-entry")
    text = letter_text(case, "ICE")
    for line in data.agencies()["ICE"]["address"]:
        assert line in text
    assert "28 U.S.C. § 2675 and 28 C.F.R. § 14.2" in text
    assert "Tomás Ramírez: $85,000.00" in text and "María Ramírez: $14,350.00" in text
    assert "Sofía Ramírez: $24,000.00 — signed by María Ramírez, Parent and natural guardian" in text
    assert "November 22, 2026" in text
    # The memo's receipt target (December 13, 2026) is three weeks off: courier, not mail. The
    # agency is not told a target as if it were a deadline.
    assert "By courier or hand delivery, with signed proof of delivery" in text
    assert "must be received by" not in text
    assert "acknowledge receipt in writing" in text and "claim number" in text
    assert "direct all communication about these claims to me" in text
    assert "Jordan Whitfield" in text and "Bar no. MN 0398877" in text
    # Continuation sheets exist only when a box overflows: the letter promises none it may lack.
    assert "Standard Form 95 of Sofía Ramírez, with its schedule of damages and any continuation sheets" in text
    assert "E-005 — Birth certificate of Sofía Ramírez" in text  # the representative's authority
    assert "Evidence log and the 5 exhibits it lists (E-001 to E-005)" in text
    assert "also being presented" not in text  # a single agency


def test_one_letter_per_agency_each_naming_the_others():
    case = parse_case(copy.deepcopy(ARIZONA), "az.yaml")
    cbp = letter_text(case, "CBP")
    dhs = letter_text(case, "DHS")
    assert "1300 Pennsylvania Ave NW" in cbp and "2707 Martin Luther King Jr. Ave SE" not in cbp
    assert "2707 Martin Luther King Jr. Ave SE" in dhs
    assert "also being presented to U.S. Department of Homeland Security (DHS)" in cbp
    assert "also being presented to U.S. Customs and Border Protection (CBP)" in dhs
    assert "28 C.F.R. § 14.2(b)(3)" in cbp
    assert "Law student, under the supervision of Prof. Rita Gómez" in cbp


def test_missing_address_prints_a_placeholder_and_the_memo_flags_it():
    raw = copy.deepcopy(TEXAS)
    raw["incident"]["agencies"] = ["BOP"]
    case = parse_case(raw, "bop.yaml")
    text = letter_text(case, "BOP")
    assert "[address to be confirmed]" in text
    assert data.agencies()["BOP"]["claims_office"] in text
    analysis = analyze(case, stub_report("texas-worksite-arrest"))
    assert any("Find and confirm the claims office for Federal Bureau of Prisons" in item for item in analysis.checklist)


def test_case_delivery_method_and_claimant_signature_without_counsel():
    case = parse_case(copy.deepcopy(TEXAS), "tx.yaml")
    text = letter_text(case, "ICE")
    assert "By USPS Priority Mail Express with signature confirmation" in text
    assert "I present my claim for money damages under 28 U.S.C. § 2675 and 28 C.F.R. § 14.2" in text
    assert "Rosa Díaz: $60,900.00" in text
    assert "Rosa Díaz\nClaimant" in text
    assert "cc:" not in text


def test_claim_number_is_quoted_when_known():
    raw = copy.deepcopy(FATAL)
    raw["claim"] = {"claim_numbers": {"ICE": "2026-ICE-00123"}}
    case = parse_case(raw, "f.yaml")
    text = letter_text(case, "ICE")
    assert "Your claim number: 2026-ICE-00123" in text
    assert "Lucía Molina, Independent Administrator of the Estate" in text


def test_hostile_text_in_letters_is_literal():
    raw = copy.deepcopy(TEXAS)
    raw["claimants"][0]["name"] = "Rosa {{ 7*7 }} & <b>Díaz</b> {% if x %}"
    raw["incident"]["place"] = "Plant <4> & {%p endfor %}"
    raw["claim"]["delivery_method"] = "hand delivery & <signed>"
    case = parse_case(raw, "h.yaml")
    text = letter_text(case, "ICE")
    assert "Rosa {{ 7*7 }} & <b>Díaz</b> {% if x %}: $60,900.00" in text
    assert "Plant <4> & {%p endfor %}" in text
    assert "By hand delivery & <signed>" in text


@pytest.mark.parametrize("agency", sorted(data.agencies()))
def test_every_directory_agency_gets_a_well_formed_letter(agency):
    raw = copy.deepcopy(TEXAS)
    raw["incident"]["agencies"] = [agency]
    ctx = letter_context(parse_case(raw, "x.yaml"), agency, AS_OF)
    assert ctx["recipient"] and all(isinstance(x, str) and x for x in ctx["recipient"])


# ---------------------------------------------------------------- read as the agency would


def _unpresented(name: str):
    """The example as if the claim had not reached the agency yet (a presentment letter)."""
    from claimgen.caseio import load_raw
    from analysis_cases import EXAMPLES

    raw = load_raw(EXAMPLES / name / "case.yaml")
    for key in ("presented_on", "amended_on"):
        raw["claim"].pop(key, None)
    return parse_case(raw, f"{name}.yaml")


def test_one_claimant_letter_speaks_of_one_claim():
    case = _unpresented("texas-worksite-arrest")  # one claimant, counsel, a claim number on file
    text = letter_text(case, "ICE")
    assert "The claim arises from the conduct of officers of U.S. Immigration and Customs Enforcement" in text
    assert "It is for the sum certain stated in box 12d of the claimant's Standard Form 95:" in text
    assert "The claims arise" not in text and "Each claim is" not in text
    assert "each claimant" not in text  # one claimant: no "claim number assigned to each claimant"
    assert "confirming the claim number above" in text and "Your claim number: 2025-OPLA-DCLD-00731" in text
    assert "Attorney for the claimant\n" in text and "Attorney for the claimants" not in text
    assert "cc: Joaquín Esparza Treviño" in text
    case = load_example("arizona-checkpoint-force")  # one claimant, no claim number yet
    text = letter_text(case, "CBP")
    assert "and the claim number assigned to it." in text


def test_several_claimants_keep_the_plural_and_copy_the_signers():
    case = load_example("fatal-vehicle-stop")  # estate and a child, both signed for by the mother
    text = letter_text(case, "ICE")
    assert "The claims arise from" in text and "Each claim is for the sum certain" in text
    assert "the claim number assigned to each claimant" in text
    assert "Attorney for the claimants" in text
    # An estate and a child get no letter: the copy goes to the person who signs, once.
    assert "cc: Mirlande Désir" in text and "cc: Estate of" not in text and "Kervens Désir\n" not in text.split("cc:")[1]


def test_law_student_letter_carries_the_supervising_attorneys_signature():
    case = load_example("arizona-checkpoint-force")
    text = letter_text(case, "CBP")
    student = text.index("Law student, under the supervision of Teresa Villalobos")
    supervisor = text.index("Teresa Villalobos, State Bar of Arizona No. 027654\nSupervising attorney")
    assert supervisor > student
    assert text.count("______________________________") == 2


def test_a_claim_already_received_is_not_presented_again():
    """Rebuilding the packet of a presented claim must not send a second presentment letter."""
    case = load_example("texas-worksite-arrest")
    assert case.claim.presented_on == dt.date(2025, 5, 20)
    text = letter_text(case, "ICE")
    assert "I present" not in text
    assert "Re: Claim under the Federal Tort Claims Act received May 20, 2025 — incident of March 11, 2025" in text
    assert ("Your office received the claim of the claimant named below on May 20, 2025 "
            "(amended on August 14, 2025). For your file, I enclose the current Standard Form 95 of the claimant. "
            "This letter does not amend the claim; any amendment under 28 C.F.R. § 14.2(c) will be sent separately.") in text
    # Several claimants, no amendment: plural wording, no amendment note.
    raw = copy.deepcopy(FATAL)
    raw["claim"] = {"presented_on": dt.date(2025, 10, 1)}
    text = letter_text(parse_case(raw, "f.yaml"), "ICE")
    assert "Your office received the claims of the claimants named below on October 1, 2025. For your file" in text
    assert "Standard Form 95 of each claimant" in text and "amended on" not in text and "I present" not in text


def test_a_claim_mailed_before_without_receipt_says_it_is_sent_again():
    """Arizona: mailed November 2, 2026, no receipt recorded. The new letter presents the claim
    again (mailing is not presentment) but says it was sent before, so an earlier receipt is
    not lost and the copy is not taken for a second or amended claim."""
    case = load_example("arizona-checkpoint-force")
    assert case.claim.mailed_on == dt.date(2026, 11, 2) and case.claim.presented_on is None
    text = letter_text(case, "CBP")
    assert "I present the claim" in text
    assert ("This claim was first mailed to your office on November 2, 2026. I have no confirmation that it "
            "arrived, so I send it again. If your office has already received it, please treat this as a copy "
            "of that claim, not as a new or amended claim, and tell me the date of receipt.") in text
    assert text.count("first mailed") == 1
    # Several claimants: plural wording.
    raw = copy.deepcopy(FATAL)
    raw["claim"] = {"mailed_on": dt.date(2026, 10, 1)}
    text = letter_text(parse_case(raw, "f.yaml"), "ICE")
    assert "These claims were first mailed to your office on October 1, 2026." in text
    assert "treat this as a copy of those claims, not as new or amended claims, and tell me" in text
    # Received (presented_on set), not mailed at all, or "mailed" on the letter's own day or
    # later: no such paragraph.
    assert "first mailed" not in letter_text(load_example("texas-worksite-arrest"), "ICE")
    assert "first mailed" not in letter_text(load_example("fatal-vehicle-stop"), "ICE")
    raw["claim"] = {"mailed_on": AS_OF}
    assert "first mailed" not in letter_text(parse_case(raw, "f.yaml"), "ICE")


def test_closing_and_signature_blocks_are_kept_with_the_letter_body():
    # A student's two signature blocks went to page 2 alone, "Sincerely," left on page 1.
    # The last paragraph, "Sincerely," and every block now share one table row that cannot split.
    import docx
    from docx.oxml.ns import qn

    blob = render_letter(load_example("arizona-checkpoint-force"), "CBP", AS_OF, EPOCH)
    document = docx.Document(io.BytesIO(blob))
    (table,) = document.tables
    (row,) = table.rows
    assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    texts = [p.text for p in row.cells[0].paragraphs]
    assert texts[0] == "This letter and its enclosures are sent by USPS certified mail, return receipt requested."
    assert texts[1] == "Sincerely,"
    assert "Nizhoni Begay" in texts and "Supervising attorney" in texts
