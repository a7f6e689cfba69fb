"""The cover memo follows the facts (second review): one small case file per rule, read back
from the rendered DOCX with python-docx, as the supervising attorney would read it.

Fixtures: tests/fixtures/memo/*.yaml. Each test renders through the build's own functions
(claimgen.render.memo.render_memo, claimgen.render.letters.render_letter,
claimgen.render.preservation.render_preservation) with the deadline engine's report.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from citations import unknown_citations
from claimgen import data
from claimgen.caseio import load_case
from claimgen.checks.calendar_days import is_business_day
from claimgen.checks.deadlines import compute
from claimgen.render.docx import xml_problems
from claimgen.render.letters import render_letter
from claimgen.render.memo import render_memo
from claimgen.render.preservation import render_preservation

FIXTURES = Path(__file__).parent / "fixtures" / "memo"
EXAMPLES = Path(__file__).resolve().parent.parent / "claimgen" / "examples"
AS_OF = dt.date(2026, 11, 17)
EPOCH = 1_795_000_000
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b({MONTHS}) (\d{{1,2}}), (\d{{4}})\b")


def docx_paragraphs(blob: bytes) -> list[str]:
    import docx

    assert xml_problems(blob) == []
    doc = docx.Document(io.BytesIO(blob))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return parts


def memo_of(path: Path, as_of: dt.date = AS_OF):
    case = load_case(path)
    blob = render_memo(case, compute(case, as_of), EPOCH)
    return case, docx_paragraphs(blob)


def fixture(name: str, as_of: dt.date = AS_OF):
    return memo_of(FIXTURES / f"{name}.yaml", as_of)


def risks(paragraphs: list[str]) -> list[str]:
    start = paragraphs.index("Top risks, in order") + 1
    end = paragraphs.index("2. Facts")
    return paragraphs[start:end]


ALL = sorted(FIXTURES.glob("*.yaml")) + sorted(EXAMPLES.glob("*/case.yaml"))


@pytest.fixture(scope="module")
def every_memo() -> dict[str, tuple[object, list[str]]]:
    return {str(p): memo_of(p) for p in ALL}


# ---------------------------------------------------------------- one fact pattern per rule


def test_married_injured_claimant_raises_the_spouses_consortium_claim():
    _case, paras = fixture("married-handcuffed")
    text = "\n".join(paras)
    assert "The spouse's loss-of-consortium claim" in paras
    assert (
        "must be presented separately, on its own SF-95, with its own sum certain and the spouse's own signature"
        in text
    )
    assert "Muth, 1 F.3d 246, 249 (4th Cir. 1993) [verify: secondary source]" in text
    assert any("the spouse is not a claimant" in r for r in risks(paras))
    assert "add the spouse as a claimant (role spouse)" in text
    assert any(
        row.startswith("Loss of consortium (the spouse's own claim) | Roberto Salas is married") for row in paras
    )


def test_a_spouse_who_is_already_a_claimant_is_not_called_missing():
    # Minneapolis: María Ramírez (married, same address) is a claimant.
    _case, paras = memo_of(EXAMPLES / "minneapolis-home-entry" / "case.yaml", dt.date(2026, 11, 22))
    text = "\n".join(paras)
    assert "María Ramírez is a claimant here" in text
    assert not any("the spouse is not a claimant" in r for r in risks(paras))


def test_handcuffed_and_held_means_false_imprisonment_under_the_proviso():
    _case, paras = fixture("married-handcuffed")  # tagged only excessive_force
    row = next(p for p in paras if p.startswith("False imprisonment |"))
    assert "Handcuffed or held (narrative)" in row and "restored by the law-enforcement proviso" in row
    # "he was not arrested" (Minneapolis) is no arrest: no false-arrest row from the words alone.
    _case, mn = memo_of(EXAMPLES / "minneapolis-home-entry" / "case.yaml", dt.date(2026, 11, 22))
    assert any(p.startswith("False imprisonment | ") and "Handcuffed or held" in p for p in mn)
    assert not any(p.startswith("False arrest |") for p in mn)


def test_citizen_arrest_cites_1357a2_and_drops_the_removal_bar_risk():
    _case, paras = fixture("citizen-arrest")
    text = "\n".join(paras)
    assert "A U.S. citizen was arrested or held by immigration officers" in paras
    assert "8 U.S.C. § 1357(a)(2)" in text and "Daniela Cruz is a U.S. citizen" in text
    assert "Here a statute limits the choice" in text  # discretionary function, step one
    assert "§ 1252(g)" not in "\n".join(risks(paras))
    assert "Removal-related jurisdiction bars" not in text
    assert "immigration counsel" not in text  # a citizen: no disclosure warning


def test_noncitizen_claimant_is_told_to_see_immigration_counsel_first():
    _case, paras = fixture("married-handcuffed")
    risk = next(r for r in risks(paras) if "immigration counsel" in r)
    assert re.match(r"\d+\. Roberto Salas is not recorded as a U.S. citizen", risk)
    assert "73 Fed. Reg. 63987" in risk and "death claim" not in risk


def test_illinois_incident_before_the_act_is_warned_and_no_courthouse_paragraph():
    _case, paras = fixture("illinois-before-act")
    text = "\n".join(paras)
    assert "Illinois Bivens Act" in paras
    assert "came before the Act was signed on December 9, 2025" in text and "5 ILCS 70/4" in text
    assert "courthouse" not in text
    _case, paras = fixture("illinois-courthouse")
    text = "\n".join(paras)
    assert "came before the Act was signed" not in text
    assert "civil arrests within 1,000 feet of a courthouse" in text


def test_minnesota_death_without_a_trustee_puts_authority_first():
    _case, paras = fixture("minnesota-death-no-trustee")
    first = risks(paras)[0]
    assert first.startswith("1. Critical: No evidence of authority is on file for the death claim")
    assert "Minn. Stat. § 573.02, subd. 1" in first
    assert "Eighth Circuit" in first and "Mader v. United States, 654 F.3d 794 (8th Cir. 2011) (en banc)" in first
    text = "\n".join(paras)
    assert "Who may present the death claim" in paras
    assert not any(p.endswith("| A person died") or "| A person died |" in p for p in paras)
    assert "Abdi Warsame died" in text


def test_death_elsewhere_names_the_circuit_split_and_says_verify_for_an_unlisted_state():
    case = load_case(FIXTURES / "minnesota-death-no-trustee.yaml")
    raw = case.model_dump(mode="python", exclude_none=True)
    raw["incident"]["state"] = "GA"
    from claimgen.caseio import parse_case

    ga = parse_case(raw, "ga.yaml")
    text = "\n".join(docx_paragraphs(render_memo(ga, compute(ga, AS_OF), EPOCH)))
    assert "[verify] who may bring a wrongful-death claim under Georgia law" in text
    assert "Warren v. U.S. Dep't of Interior" in text and "Eleventh Circuit" in text


def test_agency_must_receive_within_14_days_recommends_courier_or_hand_delivery():
    case, paras = fixture("deliver-in-14-days")
    text = "\n".join(paras)
    assert "Delivery that arrives in time" in paras
    assert "must receive the claim by Tuesday, December 1, 2026, 14 days from November 17, 2026" in text
    assert "a courier with signed proof of delivery, or hand delivery" in text
    assert "Do not rely on certified mail" in text
    assert "sent by Friday, November 27, 2026" in text  # two business days before, by hand
    assert "OPLA-DCLD-TortClaims@ice.dhs.gov) [verify]" in text  # e-mail only as the directory says, marked
    letter = "\n".join(docx_paragraphs(render_letter(case, "ICE", AS_OF, EPOCH)))
    assert "By courier or hand delivery, with signed proof of delivery" in letter
    assert "This claim must be received by Tuesday, December 1, 2026" in letter


def test_wrong_target_ties_the_facts_to_martin():
    _case, paras = fixture("wrong-target")
    text = "\n".join(paras)
    assert "The wrong person or the wrong home (Martin)" in paras
    assert "These are the facts of Martin, an FBI raid on the wrong house" in text
    assert "The incident is in the Eleventh Circuit, which takes the contrary view" in text  # Georgia
    assert "Went after the wrong person or the wrong home" in text
    assert "wrong_target" in data.conduct()


def test_2680h_is_stated_as_a_closed_list_and_no_internals_show(every_memo):
    _case, paras = fixture("wrong-target")
    text = "\n".join(paras)
    assert "Section 2680(h) excludes a closed list of torts" in text
    assert "Trespass to land (entry into the home) | " in text and "Not on the § 2680(h) list" in text
    assert '"arises out of"' in text
    for name, (_c, paras) in every_memo.items():
        joined = "\n".join(paras).lower()
        for internal in ("the reference", "reference summarizes", "confirm from the text of § 2680(h)"):
            assert internal not in joined, (name, internal)


def test_linked_exhibit_counts_in_the_evidence_table():
    _case, paras = fixture("linked-exhibit")
    row = next(p for p in paras if p.startswith("Mei Chen: other exhibits linked to this claimant"))
    assert "E-001 — Counselor's letter about Mei Chen" in row
    text = "\n".join(paras)
    assert 'item "Emotional distress" ($20,000.00): no exhibit supports it yet' not in text
    assert "exhibits linked to Mei Chen (E-001) may support it" in text


def test_family_is_told_to_preserve_and_whom_to_ask():
    _case, paras = fixture("wrong-target")
    text = "\n".join(paras)
    assert "The duty binds the family too: keep every phone, video, photo and message" in text
    assert "neighbours with doorbell or security cameras" in text


def test_memo_marking_appears_once_on_page_one():
    import docx

    case = load_case(FIXTURES / "citizen-arrest.yaml")
    doc = docx.Document(io.BytesIO(render_memo(case, compute(case, AS_OF), EPOCH)))
    marking = data.load("analysis")["memo"]["marking"]
    assert [p.text for p in doc.paragraphs].count(marking) == 0  # only in the page header
    assert marking in doc.sections[0].header.paragraphs[0].text


# ---------------------------------------------------------------- every memo


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.name if p.name == "case.yaml" else p.stem)
def test_every_memo_no_alabama_outside_alabama_and_every_citation_known(every_memo, path):
    case, paras = every_memo[str(path)]
    text = "\n".join(paras)
    if case.incident.state != "AL":
        assert "Alabama" not in text
    assert unknown_citations(text) == []
    assert "Period confirmed through" not in text
    assert "squarely within Hernández" not in text


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.name if p.name == "case.yaml" else p.stem)
def test_every_memo_marks_each_secondary_source(every_memo, path):
    _case, paras = every_memo[str(path)]
    secondary = [r["cite"] for r in data.authorities().values() if r.get("tag") == "S"]
    for p in paras:
        if "Read the primary text of these authorities" in p or "Confirm the claims address" in p:
            continue  # the checklist lines that list them, or name an address's source and its tag
        for cite in secondary:
            for m in re.finditer(re.escape(cite), p):
                # a longer [S] citation containing this one is checked on its own
                longer = [c for c in secondary if c != cite and cite in c and c in p]
                if longer:
                    continue
                assert p[m.end() :].startswith(" [verify: secondary source]"), (cite, p[:120])


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.name if p.name == "case.yaml" else p.stem)
def test_every_memo_recommends_no_weekend_day_without_saying_so(every_memo, path):
    case, paras = every_memo[str(path)]
    narrative = set(case.incident.narrative.split("\n"))
    for p in paras:
        if " | " in p or p in narrative:  # tables and the family's own words: dates as recorded
            continue
        for m in DATE.finditer(p):
            day = dt.datetime.strptime(m.group(0), "%B %d, %Y").date()
            if day < AS_OF or is_business_day(day):
                continue
            before, after = p[: m.start()], p[m.end() :]
            said = re.search(r"(Saturday|Sunday|day), $", before) or re.match(
                r", a (Saturday|Sunday|legal holiday)", after
            )
            assert said, (m.group(0), p[:160])


# ---------------------------------------------------------------- the preservation letter


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.name if p.name == "case.yaml" else p.stem)
def test_preservation_letter_lists_what_the_facts_make_likely_and_cites_only_the_data(path):
    case = load_case(path)
    report = compute(case, AS_OF)
    for agency in case.incident.agencies:
        paras = docx_paragraphs(render_preservation(case, agency, report, EPOCH))
        text = "\n".join(paras)
        assert unknown_citations(text) == []
        assert "Silvestri, 271 F.3d 583 (4th Cir. 2001) [verify: secondary source]" in text
        assert "Fed. R. Civ. P. 37(e)" in text
        assert "Body-worn camera and vehicle camera video" in text and "audit logs" in text
        assert data.agencies()[agency]["name"] in text
        immigration_arrest = data.agencies()[agency].get("immigration") and {
            "false_arrest",
            "prolonged_detention",
        } & set(case.incident.conduct)
        if immigration_arrest:
            assert "Form I-213" in text
        if "deadly_force" not in case.incident.conduct:
            assert "projectiles" not in text


def test_preservation_letter_for_a_checkpoint_asks_for_cbp_camera_records():
    case = load_case(EXAMPLES / "arizona-checkpoint-force" / "case.yaml")
    text = "\n".join(docx_paragraphs(render_preservation(case, "CBP", compute(case, AS_OF), EPOCH)))
    assert "CBP Directive 4320-030B (Aug. 6, 2021) [verify: secondary source]" in text
    assert "Fixed-camera (CCTV) video of the checkpoint" in text
    assert "was sent to the agency on November 2, 2026" in text  # claim.mailed_on
    assert "Form I-213" not in text or "stop" in text


def test_an_appointed_representative_shows_who_appointed_them_and_when():
    from claimgen.caseio import parse_case

    case = load_case(FIXTURES / "minnesota-death-no-trustee.yaml")
    raw = case.model_dump(mode="python", exclude_none=True)
    raw["claimants"][0]["representative"].update(
        capacity="Trustee for the next of kin",
        appointed_by="Hennepin County District Court",
        appointed_on=dt.date(2026, 1, 12),
    )
    mn = parse_case(raw, "mn.yaml")
    paras = docx_paragraphs(render_memo(mn, compute(mn, AS_OF), EPOCH))
    row = next(p for p in paras if p.startswith("Estate of Abdi Warsame |"))
    assert (
        "Hodan Ali, Trustee for the next of kin (appointed by Hennepin County District Court on January 12, 2026)"
        in row
    )
    text = "\n".join(paras)
    assert "Attach Hodan Ali's appointment (Hennepin County District Court, January 12, 2026)" in text
    # Still no authority document on file: still the first risk.
    assert risks(paras)[0].startswith("1. Critical: No evidence of authority")
