"""The legal analysis: which findings each set of facts calls for, with citations from the data.

Cases (tests/analysis_cases.py): the bundled Minneapolis example plus three built as dicts (the bundled
examples are used as well, below). Deadline reports come
from claimgen.checks.deadlines.compute when it exists, else from a hand-written stand-in
with hand-computed dates (same API), so the analysis is tested either way.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from analysis_cases import ARIZONA, BUILT, FATAL, NAMES, TEXAS, StubDeadline, load_example, report_for, stub_report
from claimgen import data
from claimgen.caseio import parse_case
from claimgen.checks.analysis import analyze, case_facts, fill, rule_problems

# ---- deadline reports: the engine's when it exists, else a stand-in with hand-computed dates


def analysis_of(name: str):
    case = load_example(name)
    return case, analyze(case, report_for(name, case))


def pattern_of(name: str):
    """The analysis of a fact pattern built above (not the bundled example of the same name).

    The patterns hold facts the examples do not (Illinois, a contractor, retaliation for
    filming, two agencies), so each rule is tested whatever the examples say.
    """
    case = parse_case(copy.deepcopy(BUILT[name]), f"{name}.yaml")
    return case, analyze(case, report_for(name, case))


def all_text(a) -> str:
    parts = [f.title + " " + f.why + " " + f.text for f in a.findings()]
    parts += a.checklist + [a.likelihood]
    parts += [r["proviso"] for r in a.torts]
    return "\n".join(parts)


# ---------------------------------------------------------------- the rules file itself


def test_rules_file_names_only_known_conditions_facts_and_authorities():
    assert rule_problems() == []


def test_fill_groups_adjacent_citations_and_never_rescans_values():
    keys: list[str] = []
    out = fill("Held [[usc_2676]] [[brownback]]; see <<simmons>>. {x}", {"x": "[[usc_2674]] {y} <<kokotis>>"}, keys)
    assert out == (
        "Held (28 U.S.C. § 2676; Brownback v. King, 592 U.S. 209 (2021)); see "
        "Simmons v. Himmelreich, 578 U.S. 621 (2016) [verify: secondary source]. [[usc_2674]] {y} <<kokotis>>"
    )
    assert keys == ["usc_2676", "brownback", "simmons"]


def test_unverified_authority_prints_verify():
    assert fill("x [[kokotis]]", {}).endswith("[verify])")


# ---------------------------------------------------------------- every finding cites


@pytest.mark.parametrize("name", NAMES)
def test_every_legal_finding_cites_an_authority_from_the_data(name):
    _case, a = analysis_of(name)
    # lim:safer_period restates the engine's safer date (its citation is in the state row, printed just above).
    uncited_ok = {
        "lim:state_note",
        "lim:no_tolling",
        "lim:status",
        "injunctive_relief",
        "other_state_bills",
        "seq:identify",
        "lim:safer_period",
    }
    for f in a.findings():
        if f.id.startswith("flag:") or f.id in uncited_ok or f.id.startswith("lim:bivens_limitations"):
            continue
        assert f.authorities, f"finding {f.id} states law without a citation: {f.text}"
        for key in f.authorities:
            assert key in data.authorities()


@pytest.mark.parametrize("name", NAMES)
def test_every_unverified_authority_relied_on_is_in_the_checklist(name):
    _case, a = analysis_of(name)
    checklist = "\n".join(a.checklist)
    for key in a.authority_keys():
        row = data.authority(key)
        if data.needs_verify(row["tag"]):
            assert row["cite"] in checklist, f"{row['cite']} is relied on but not in the checklist"
            assert data.cite(key) in all_text(a)


@pytest.mark.parametrize("name", NAMES)
def test_every_agency_address_is_on_the_checklist(name):
    case, a = analysis_of(name)
    checklist = "\n".join(a.checklist)
    for key in case.incident.agencies:
        row = data.agencies()[key]
        assert row["name"] in checklist
        if row.get("address"):
            assert row["address"][-1] in checklist


# ---------------------------------------------------------------- facts → findings


def test_minneapolis_home_entry():
    case, a = analysis_of("minneapolis-home-entry")
    text = all_text(a)
    assert a.likelihood == "Low"
    assert "6 years (Minn. Stat. § 541.05, subd. 1(5)" in text
    assert "Minn. Stat. § 541.07(1) sets 2 years" in text and "plan on 2 years" in text
    assert "Martin v. United States, 605 U.S. 395 (2025)" in text
    assert "8 U.S.C. § 1357(a)" in text  # ICE officers are law-enforcement officers
    assert a.finding("detention_of_goods") is None  # nothing was taken
    assert a.finding("contractor") is None and a.finding("foreign_country") is None
    assert a.finding("removal_channeling") is None and a.finding("arrest_for_removal") is None
    assert a.finding("minors") is not None and "Sofía Ramírez is a minor" in a.finding("minors").text
    assert [d["who"] for d in a.defendants] == ["Unknown officer 1", "Unknown officer 2"]
    assert "partial: 4471" in a.defendants[1]["details"]
    # The record table cites the ER summary for Tomás's injuries and flags unsupported items.
    er = next(r for r in a.support if r["fact"].startswith("Tomás Ramírez: injuries"))
    assert "E-002" in er["exhibits"]
    wages = next(r for r in a.support if "Lost wages" in r["fact"])
    assert wages["exhibits"] == "no exhibit yet"
    assert any("Lost wages" in item for item in a.checklist)
    assert a.finding("minnesota_bill") is not None and a.finding("illinois_bivens_act") is None


def test_arizona_border_patrol_raises_egbert_and_hernandez():
    _case, a = pattern_of("arizona-checkpoint-force")
    text = all_text(a)
    assert "Egbert v. Boule, 596 U.S. 482 (2022)" in text
    assert "Hernández v. Mesa, 589 U.S. 93 (2020)" in text
    assert a.likelihood == "Very low"
    assert "First Amendment" in " ".join(f.text for f in a.bivens_claims)
    assert "6 U.S.C. § 211(j)" in text  # CBP OPR
    assert a.finding("multi_agency") is not None  # CBP and DHS: name every agency
    assert a.finding("arrest_for_removal") is None


def test_texas_phone_seizure_raises_detention_of_goods_contractor_and_removal_note():
    _case, a = pattern_of("texas-worksite-arrest")
    text = all_text(a)
    assert a.finding("detention_of_goods") is not None
    assert "28 U.S.C. § 2680(c)" in text
    assert a.finding("contractor") is not None and "Gulf Transport Detention Services" in a.finding("contractor").why
    assert "28 U.S.C. § 2671" in text
    # An ICE arrest and detention: the milder § 1252(g) note, not the full removal finding.
    assert a.finding("arrest_for_removal") is not None and a.finding("removal_channeling") is None
    assert "6 U.S.C. § 205" in text  # OIDO for detention
    assert any(r["tort"] == "False arrest" for r in a.torts)


def test_wrongful_death_raises_the_judgment_bar_and_illinois_act():
    _case, a = pattern_of("fatal-vehicle-stop")
    text = all_text(a)
    bar = " ".join(f.text for f in a.judgment_bar)
    assert "28 U.S.C. § 2676" in bar and "Brownback v. King" in bar and "Simmons v. Himmelreich" in bar
    assert "This is a death case" in bar
    assert any(f.id == "risk:death" for f in a.risks)
    assert "Tennessee v. Garner, 471 U.S. 1 (1985) [verify]" in text
    assert a.finding("illinois_bivens_act") is not None and "United States v. Illinois" in text
    assert {r["tort"] for r in a.torts} >= {"Wrongful death", "Battery", "Negligence"}
    assert a.finding("death_who") is not None and a.finding("death_damages") is None  # not Alabama
    assert a.defendants[0]["who"] == "Daniel Kerr"


def test_bivens_deadline_before_ftca_exhaustion_is_a_top_risk():
    # Ohio: 2 years for Bivens, the same day as FTCA presentment. A claim received today
    # (2026-11-22) leaves the agency's six months ending in May 2027, before the Bivens deadline
    # of September 23, 2027: the clock is NOT yet tight, only tight if the claim arrives late.
    case, a = analysis_of("fatal-vehicle-stop")
    assert a.facts_flags["bivens_clock_tight"] is False
    assert not any(f.id == "risk:bivens_clock_tight" for f in a.risks)
    f = a.finding("lim:not_presented")
    assert f is not None and "unless it receives the claim more than six months before September 23, 2027" in f.text
    assert "the same day as the last day to present" in f.text
    # With the stand-in report (no engine flags), four months before the Bivens deadline the
    # clock is tight and the analysis itself raises it as a top risk.
    late = dt.date(2027, 5, 20)
    stub = stub_report("fatal-vehicle-stop")
    stub.as_of = late
    stub.deadlines = [replace_date(d, late, case) for d in stub.deadlines]
    a2 = analyze(case, stub)
    assert a2.facts_flags["bivens_clock_tight"] is True
    assert any(f.id == "risk:bivens_clock_tight" for f in a2.risks)
    assert a2.finding("lim:too_late_to_wait") is not None
    # With the engine, its own critical flag says it: the analysis adds no second copy.
    from claimgen.checks.deadlines import compute

    a3 = analyze(case, compute(case, late))
    assert a3.facts_flags["bivens_clock_tight"] is True
    assert any(f.id == "flag:bivens_before_ftca_exhaustion" for f in a3.risks)
    assert not any(f.id == "risk:bivens_clock_tight" for f in a3.risks)


def replace_date(d, as_of: dt.date, case):
    """A stand-in deadline row for the bundled Ohio example, re-dated to ``as_of``."""
    fixed = {
        "ftca_presentment": (dt.date(2027, 9, 23), dt.date(2027, 9, 23)),
        "bivens_limitations": (dt.date(2027, 9, 23), dt.date(2027, 9, 23)),
    }
    if d.id in fixed:
        date, act_by = fixed[d.id]
        return StubDeadline(d.id, date, act_by, "open", (act_by - as_of).days, d.rule, "", d.label)
    return d


def test_removal_related_case_gets_the_full_channeling_finding():
    raw = copy.deepcopy(TEXAS)
    raw["incident"]["removal_related"] = True
    case = parse_case(raw, "x.yaml")
    a = analyze(case, stub_report("texas-worksite-arrest"))
    f = a.finding("removal_channeling")
    assert f is not None and "8 U.S.C. § 1252(b)(9)" in f.text and "Silva" in f.text and "[verify]" in f.text
    assert a.finding("arrest_for_removal") is None


def test_outside_us_and_task_force_findings():
    raw = copy.deepcopy(ARIZONA)
    raw["incident"]["outside_us"] = True
    raw["incident"]["task_force"] = True
    a = analyze(parse_case(raw, "x.yaml"), stub_report("arizona-checkpoint-force"))
    text = all_text(a)
    assert a.finding("foreign_country") is not None and "28 U.S.C. § 2680(k)" in text
    assert "Yassin v. Weyker" in text and "Farah v. Weyker" in text


def test_non_dhs_agency_gets_no_dhs_channels_and_a_higher_label_when_close_to_bivens():
    raw = copy.deepcopy(FATAL)
    raw["incident"].update(agencies=["FBI"], conduct=["home_entry", "false_arrest"], state="MN")
    raw["incident"]["officers"] = []
    a = analyze(parse_case(raw, "x.yaml"), stub_report("minneapolis-home-entry"))
    assert a.likelihood == "Low to moderate"
    assert a.finding("admin_complaints") is None and a.finding("admin_complaints_other") is not None
    assert a.finding("proviso_other_agencies") is not None
    assert "8 C.F.R. § 287.10" not in all_text(a)


def test_facts_flags_follow_the_case():
    case, _a = pattern_of("arizona-checkpoint-force")
    facts = case_facts(case, stub_report("arizona-checkpoint-force"))
    assert facts["near_border"] and facts["dhs"] and facts["immigration"] and facts["force"]
    assert not facts["death"] and not facts["minor"] and facts["multi_agency"]


# ---------------------------------------------------------------- the bundled examples


def test_bundled_examples_raise_what_their_facts_call_for():
    """The findings each example calls for, on the examples themselves (not the patterns above)."""
    _c, az = analysis_of("arizona-checkpoint-force")
    text = all_text(az)
    assert "Egbert v. Boule, 596 U.S. 482 (2022)" in text and "Hernández v. Mesa, 589 U.S. 93 (2020)" in text
    assert az.likelihood == "Very low" and az.facts_flags["near_border"]
    _c, tx = analysis_of("texas-worksite-arrest")
    assert tx.finding("detention_of_goods") is not None and "28 U.S.C. § 2680(c)" in all_text(tx)
    assert tx.finding("contractor") is None  # no contractor in this example
    _c, mn = analysis_of("minneapolis-home-entry")
    assert "6 years (Minn. Stat. § 541.05, subd. 1(5)" in all_text(mn)
    _c, oh = analysis_of("fatal-vehicle-stop")
    bar = " ".join(f.text for f in oh.judgment_bar)
    assert "28 U.S.C. § 2676" in bar and "This is a death case" in bar
    assert oh.finding("illinois_bivens_act") is None  # Ohio: no state-law road in the data
    assert oh.finding("death_who") is not None and "(Ohio Rev. Code § 2125.02)" in oh.finding("death_who").text
    assert oh.finding("death_damages") is None  # the punitive-only rule is Alabama's


# ---------------------------------------------------------------- review defects


def test_tort_rows_are_whole_mappings():
    # An unquoted comma in a YAML flow mapping once cut "Survival (the decedent's own claim,
    # brought by the estate)" in two: the table printed half a parenthesis.
    from claimgen.checks.analysis import rules

    for row in rules()["torts"]:
        assert (
            {"key", "name", "conduct", "proviso"}
            <= set(row)
            <= {"key", "name", "conduct", "proviso", "facts", "from_facts"}
        ), row
        assert row["name"].count("(") == row["name"].count(")"), row["name"]
    names = {r["key"]: r["name"] for r in rules()["torts"]}
    assert names["survival"] == "Survival (the decedent's own claim, brought for the estate)"


def test_record_table_reads_box_and_item_tags():
    _c, az = analysis_of("arizona-checkpoint-force")
    rows = {r["fact"]: r["exhibits"] for r in az.support}
    injuries = rows["Ximena Quiñones Ávila: injuries (box 10)"]
    # The urgent-care record and the MRI are tagged box-10 and an item, not the claimant id.
    assert "E-002 — Urgent care visit summary" in injuries and "E-003 — MRI report" in injuries
    assert "E-008" not in injuries  # the certified-mail receipt proves mailing, not injury
    assert rows["Ximena Quiñones Ávila: property damage (box 9)"].startswith(
        "E-006 — Receipt for replacement eyeglasses"
    )
    _c, tx = analysis_of("texas-worksite-arrest")
    rows = {r["fact"]: r["exhibits"] for r in tx.support}
    injuries = rows["Joaquín Esparza Treviño: injuries (box 10)"]
    assert "E-006 — Clinic visit note" in injuries
    for not_injury in ("E-002", "E-008", "E-009"):  # birth certificate, delivery records
        assert not_injury not in injuries
    prop = rows["Joaquín Esparza Treviño: property damage (box 9)"]
    assert "E-004" in prop and "E-007" in prop and prop != "no exhibit yet"


def test_engine_flags_are_not_repeated_by_the_analysis():
    for name in NAMES:
        _case, a = analysis_of(name)
        flag_ids = {f.id[5:] for f in a.risks if f.id.startswith("flag:")}
        ids = {f.id for f in a.risks}
        if "minor_no_tolling" in flag_ids:
            assert "risk:minor" not in ids, name
        if "bivens_before_ftca_exhaustion" in flag_ids:
            assert "risk:bivens_clock_tight" not in ids, name
        if {"judgment_bar", "settlement_release"} & flag_ids:
            assert "risk:death_bar" not in ids, name
        # The checklist points at the warnings instead of copying each message again.
        warnings = [f for f in a.risks if f.id.startswith("flag:")]
        for f in warnings:
            assert not any(f.text in item for item in a.checklist), (name, f.id)
        if warnings:
            assert any(item.startswith("Work through each deadline-engine warning") for item in a.checklist)
        texts = [f.text for f in a.risks]
        assert len(texts) == len(set(texts)), name


def test_a_stand_in_report_without_flags_still_gets_the_analysis_risks():
    case = load_example("fatal-vehicle-stop")
    a = analyze(case, stub_report("fatal-vehicle-stop"))
    ids = {f.id for f in a.risks}
    assert {"risk:minor", "risk:death", "risk:death_bar"} <= ids


def test_presented_claim_gets_a_sequence_for_where_it_stands():
    # Texas: received May 20, 2025, amended, six months run out: no "present now", suit allowed.
    _case, a = analysis_of("texas-worksite-arrest")
    assert a.facts_flags["presented"] and a.facts_flags["suit_available"] and not a.facts_flags["denied"]
    seq = {f.id: f.text for f in a.sequence}
    assert "seq:present" not in seq and "seq:ftca_suit" not in seq
    assert "The agency received the FTCA claim on May 20, 2025" in seq["seq:presented"]
    assert "file the FTCA suit now" in seq["seq:ftca_suit_available"]
    assert a.finding("lim:earliest_passed") is not None
    # The six months ended February 14, 2026; February 15 is the first day a suit is allowed
    # (the engine's ftca_earliest_suit date), not the day they "ran out".
    passed = a.finding("lim:earliest_passed").text
    assert "allowed since February 15, 2026" in passed and "ran out on" not in passed
    # The Bivens deadline is 100 days away and the engine has not warned yet: a top risk.
    soon = next(f for f in a.risks if f.id == "risk:bivens_soon")
    assert "The Bivens deadline is March 11, 2027, 109 days from November 22, 2026" in soon.text
    # Not presented: the ordinary sequence.
    _case, mn = analysis_of("minneapolis-home-entry")
    assert [f.id for f in mn.sequence][0] == "seq:present" and mn.finding("seq:presented") is None


def test_safer_bivens_date_drives_the_table_the_timing_and_the_sequence():
    _case, a = analysis_of("minneapolis-home-entry")
    labels = [d["label"] for d in a.deadlines]
    at = labels.index("Safer last day for a Bivens lawsuit (2-year reading)")
    assert labels[at - 1].startswith("Last day to file a Bivens lawsuit")
    timing = a.finding("lim:not_presented")
    assert timing is not None and timing.text.startswith("The safer Bivens deadline (June 14, 2027)")
    assert "1461 days" not in all_text(a) and "2031" not in timing.text
    assert "the safer last day is June 14, 2027" in a.finding("lim:safer_period").text
    assert "Calendar the safer Bivens deadline (act by June 14, 2027)" in a.finding("seq:bivens_calendar").text


def test_unverified_statements_print_verify_and_reach_the_checklist():
    from claimgen.checks.analysis import rules

    # Every rule whose text says [verify] itself names what to check (or is covered by a
    # fixed checklist line: the tolling finding and the proviso table label).
    # period_by_hand: a hand-entered period has no citation; the checklist's no-period line covers it.
    covered = {
        "no_tolling",
        "unclear",
        "disclaimer",
        "period_by_hand",
        "period_by_hand_one",
        "death_who_unknown",
        "death_who_short_unknown",
        "email",
    }  # email: the checklist's e-mail line covers it  # the disclaimer explains the mark itself

    def walk(node, key=""):
        if isinstance(node, dict):
            if "[verify]" in str(node.get("text", "")):
                assert node.get("verify"), f"rule {node.get('id')} says [verify] but puts nothing on the checklist"
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and "[verify]" in node and key not in ("text", "why") and key not in covered:
            raise AssertionError(f"{key}: [verify] with no checklist item")

    walk(rules())
    _case, il = pattern_of("fatal-vehicle-stop")  # Illinois
    checklist = "\n".join(il.checklist)
    act = il.finding("illinois_bivens_act")
    assert act.text.count("[verify]") == 2
    assert "Find the Illinois Bivens Act's limitation period" in checklist
    assert "Check the outcome of the United States' suit against Illinois" in checklist
    _case, mn = analysis_of("minneapolis-home-entry")
    checklist = "\n".join(mn.checklist)
    assert "Check whether the Minnesota bills" in checklist
    assert "check that the office is taking complaints (2025 reduction in force)" in checklist
    # A secondary-source state period is still checked against the official code.
    assert "Verify the Minnesota limitation period against the official code" in checklist
    assert "(secondary source)" in checklist
    # Abbasi's page cite is unverified in the reference.
    assert "Ziglar v. Abbasi, 582 U.S. 120 (2017) [verify]" in mn.bivens_intro.text
    assert "Verify Ziglar v. Abbasi" in checklist


def test_wording_follows_the_facts():
    _case, az = analysis_of("arizona-checkpoint-force")  # one unclear tort: IIED
    f = az.finding("unclear_torts")
    assert f.text.startswith("This claim is not among the torts the proviso names: intentional infliction")
    assert "does not exclude it as such" in f.text and "arises out of" in f.text
    assert any("Plead intentional infliction of emotional distress on facts of its own" in i for i in az.checklist)
    _case, tx = analysis_of("texas-worksite-arrest")
    assert tx.finding("unclear_torts").text.startswith("These claims are not among")
    # Nothing was damaged in Texas, only taken: no talk of "an entry".
    assert "entry" not in tx.finding("detention_of_goods").text
    assert tx.finding("detention_of_goods_damage") is None
    raw = copy.deepcopy(TEXAS)
    raw["incident"]["conduct"] = ["home_entry", "property_damage", "property_seizure"]
    both = analyze(parse_case(raw, "x.yaml"), stub_report("texas-worksite-arrest"))
    assert both.finding("detention_of_goods_damage") is not None
    # Venue names the state, not a bare place string.
    assert "Here the act occurred in Texas (place recorded:" in tx.finding("venue").text
    # The officer table says "the officer", and the unknown-officer note only when one is unknown.
    assert all("he or she" not in d["details"] for d in tx.defendants)
    assert "What the officer did:" in tx.defendants[0]["details"]
    assert tx.defendants_note
    _case, known = pattern_of("fatal-vehicle-stop")  # Daniel Kerr, named
    assert known.defendants_note == ""


def test_likelihood_and_step_two_say_only_what_the_reference_supports():
    _case, oh = analysis_of("fatal-vehicle-stop")
    reason = oh.likelihood_reason.text
    assert "CBP officers since Egbert" not in reason and "ICE, HSI and CBP officers since" not in reason
    assert "De La Paz" in reason  # the CBP case predates Egbert and says so
    # Goldey's "more than ten times" is said once (in the list of recent decisions).
    assert sum("more than ten times" in f.text for f in oh.findings()) == 1
    # Near the border, Egbert's force holding is not repeated as a second "difference".
    _case, az = analysis_of("arizona-checkpoint-force")
    assert sum("excessive-force claim against a Border Patrol agent" in f.text for f in az.bivens_differences) == 0


# ---------------------------------------------------------------- second review (fresh eyes)

from claimgen.checks import deadlines  # noqa: E402  (the engine exists now; these tests use it)


def test_mailed_but_unconfirmed_claim_is_not_told_to_present_now():
    # Arizona: mailed November 2, 2026, receipt not recorded. The sequence must not read as if
    # nothing was sent, and must not treat mailing as presentment.
    case, a = analysis_of("arizona-checkpoint-force")
    assert a.facts_flags["mailed"] and not a.facts_flags["presented"]
    seq = {f.id: f.text for f in a.sequence}
    assert "seq:present" not in seq and "seq:presented" not in seq
    text = seq["seq:mailed"]
    assert "mailed on November 2, 2026" in text and "presentment is not proven" in text
    assert "send it again" in text and "must receive it by November 5, 2027" in text
    assert [f.id for f in a.sequence][0] == "seq:mailed"
    # A claim not mailed at all still gets "present now"; a presented one gets neither.
    _c, oh = analysis_of("fatal-vehicle-stop")
    assert not oh.facts_flags["mailed"] and oh.finding("seq:mailed") is None
    assert oh.finding("seq:present") is not None
    _c, tx = analysis_of("texas-worksite-arrest")
    assert not tx.facts_flags["mailed"] and tx.finding("seq:mailed") is None


def test_mailing_date_after_the_memo_date_is_not_a_mailed_claim():
    case = load_example("arizona-checkpoint-force")
    case.claim.mailed_on = dt.date(2027, 1, 4)
    report = deadlines.compute(case, dt.date(2026, 12, 1))
    assert not case_facts(case, report)["mailed"]


@pytest.mark.parametrize(
    "name,target,act_by",
    [
        ("minneapolis-home-entry", "December 13, 2026", "Friday, December 11, 2026"),
        ("fatal-vehicle-stop", "March 22, 2027", "Monday, March 22, 2027"),
        ("arizona-checkpoint-force", "May 6, 2027", "Thursday, May 6, 2027"),
    ],
)
def test_sequence_gives_the_receipt_day_that_keeps_the_ftca_suit_before_the_bivens_date(name, target, act_by):
    # The two-year "act by" alone lets a reader wait until the Bivens date has passed the
    # agency's six months; the sequence names the earlier day, the same one the engine warns
    # about ("after ..."), and its prior business day.
    case = load_example(name)
    report = deadlines.compute(case, dt.date(2026, 12, 1))
    a = analyze(case, report)
    f = a.finding("seq:present_before_bivens")
    # A target on a weekend says so (December 13, 2026 is a Sunday).
    shown = target + (", a Sunday" if target == "December 13, 2026" else "")
    assert f is not None and f"must receive the claim by {shown} (act by {act_by})" in f.text
    warned = [fl.message for fl in report.flags if "if it arrives after" in fl.message]
    assert warned and re.search(r"if it arrives after \w+day, " + re.escape(target) + ",", warned[0])
    assert f"reach the agency by {act_by}, a business day" in warned[0]
    # Right after "present"/"mailed", before the Bivens calendar step.
    ids = [s.id for s in a.sequence]
    assert ids.index("seq:present_before_bivens") == 1 and ids.index("seq:bivens_calendar") > 1


def test_no_receipt_target_once_presented_or_when_the_two_year_day_leaves_time():
    _c, tx = analysis_of("texas-worksite-arrest")
    assert not tx.facts_flags["receipt_target"] and tx.finding("seq:present_before_bivens") is None
    # Minnesota on its 6-year reading alone (no safer 2-year row): presenting by the
    # two-year day already leaves the six months well before 2031.
    case = load_example("minneapolis-home-entry")
    report = deadlines.compute(case, dt.date(2026, 12, 1))
    report.safer_dates = []
    assert not case_facts(case, report)["receipt_target"]


def test_amendment_advice_states_both_limits_and_fits_where_the_claim_stands():
    # 28 C.F.R. § 14.2(c): before final action AND before the claimant deems the claim denied
    # (files suit); it restarts the six months. A presented claim is not told to "claim full
    # value now" as if nothing had been sent.
    for name in ("texas-worksite-arrest", "arizona-checkpoint-force"):
        _c, a = analysis_of(name)
        damages = {f.id: f.text for f in a.damages}
        assert "sum_full_value" not in damages and "Claim full value now" not in all_text(a)
        sent = damages["sum_amend_sent"]
        assert "before its final action and before any FTCA suit is filed" in sent
        assert "six more months" in sent and "[verify]" in sent
        assert any("after the two-year limit" in item for item in a.checklist)
    _c, tx = analysis_of("texas-worksite-arrest")
    presented = tx.finding("seq:presented").text
    assert "before an FTCA suit is filed" in presented and "puts off the first day an FTCA suit" in presented
    for name in ("fatal-vehicle-stop", "minneapolis-home-entry"):
        _c, a = analysis_of(name)
        full = a.finding("sum_full_value").text
        assert full.startswith("Claim full value now.") and "before the claimant treats the claim as denied" in full
        assert a.finding("sum_amend_sent") is None
        assert not any("after the two-year limit" in item for item in a.checklist)


def test_step_two_does_not_state_the_governments_argument_as_a_holding():
    _c, a = analysis_of("fatal-vehicle-stop")
    assert "Each difference listed above is such a reason" not in a.bivens_step_two.text
    assert "Expect the government to argue that each difference listed above is such a reason" in a.bivens_step_two.text


def test_minnesota_safer_period_is_said_once_and_its_checklist_line_asks_for_a_decision():
    _c, a = analysis_of("minneapolis-home-entry")
    lim = " ".join(f.text for f in a.limitations)
    assert lim.count("to be safe") + lim.count("To be safe") == 1
    note = [i for i in a.checklist if "541.07(1)" in i]
    assert note == [
        "Decide which Minnesota period applies: Minn. Stat. § 541.07(1) sets 2 years for "
        "intentional torts; file within 2 years to be safe."
    ]


def test_memo_deadline_table_uses_the_check_commands_words():
    # "not applicable" for the suit deadline read as "there is no deadline to sue"; the check
    # table says "not running yet". A first day to sue has no "act by" (a Sunday was printed
    # under "the last business day on or before the date").
    case = load_example("texas-worksite-arrest")
    a = analyze(case, deadlines.compute(case, dt.date(2026, 12, 1)))
    rows = {r["label"]: r for r in a.deadlines}
    assert rows["Last day for the agency to receive the claim"]["status"] == "done in time"
    first = rows["First day an FTCA lawsuit may be filed"]
    assert first["status"] == "allowed now" and first["date"] == "February 15, 2026" and first["act_by"] == "—"
    assert rows["Last day to file an FTCA lawsuit"]["status"] == "not running yet"
    assert all(r["status"] != "not applicable" and r["status"] != "met" for r in a.deadlines)
    case = load_example("arizona-checkpoint-force")
    a = analyze(case, deadlines.compute(case, dt.date(2026, 12, 1)))
    rows = {r["label"]: r for r in a.deadlines}
    assert rows["First day an FTCA lawsuit may be filed"]["status"] == "not yet known"
    assert rows["Last day for the agency to receive the claim"]["act_by"] == "Friday, November 5, 2027"


def test_dhs_delegation_open_question_is_marked_and_on_the_checklist():
    _c, a = analysis_of("texas-worksite-arrest")
    f = a.finding("dhs_delegation")
    assert f is not None and "open question [verify]" in f.text
    assert any(i.startswith("Check whether DHS's $50,000 delegated settlement authority") for i in a.checklist)
