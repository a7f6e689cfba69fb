"""The deadline engine against a table of hand-computed cases (docs/legal-data.md).

Every expected date below was worked out by hand; the comment beside each row shows
the arithmetic (weekday of the anniversary, the holiday it hits, the roll back).
Weekday anchors used: 2025-01-01 Wed, 2026-01-01 Thu, 2027-01-01 Fri, 2028-01-01 Sat,
2029-01-01 Mon, 2021-01-01 Fri, 2024-01-01 Mon, 2022-01-01 Sat.
"""

from __future__ import annotations


import pytest

from claimgen.checks.deadlines import CONTRACT_IDS, compute
from deadline_cases import AS_OF, D, make

# (name, case kwargs, as_of, {deadline id: (date, act_by, status)})
# None for date/act_by means null; only the ids listed are checked for that row.
CASES = [
    # ---- the demo: MN, incident Sat 2025-06-14
    ("demo presentment and bivens", {}, AS_OF, {
        "ftca_presentment": ("2027-06-14", "2027-06-14", "open"),      # Mon: no roll
        "ftca_earliest_suit": (None, None, "not_applicable"),          # not presented
        "ftca_suit_deadline": (None, None, "not_applicable"),
        "ftca_reconsideration_deadline": (None, None, "not_applicable"),
        "bivens_limitations": ("2031-06-14", "2031-06-13", "open"),    # 6 years; Sat -> Fri
    }),
    # ---- Feb 29 anniversaries
    ("feb 29 + 2 years clamps to Feb 28, a Saturday", {"incident": "2024-02-29"}, AS_OF, {
        # 2026-02-01 is a Sunday, so 02-28 is a Saturday -> Fri 02-27; never presented -> missed
        "ftca_presentment": ("2026-02-28", "2026-02-27", "missed"),
    }),
    ("feb 29 presented on the act-by day", {"incident": "2024-02-29", "presented_on": "2026-02-27"}, AS_OF, {
        "ftca_presentment": ("2026-02-28", "2026-02-27", "met"),
        # 2026-02-27 + 6 months = 2026-08-27 (no missing day) -> first day 08-28
        "ftca_earliest_suit": ("2026-08-28", "2026-08-28", "met"),
    }),
    ("feb 29 + 1 year (Tennessee)", {"incident": "2024-02-29", "state": "TN"}, D("2024-06-01"), {
        # 2025-02-28 is a Friday (2025-02-01 Sat + 27)
        "bivens_limitations": ("2025-02-28", "2025-02-28", "open"),
    }),
    ("feb 29 + 4 years lands on Feb 29 (Florida)", {"incident": "2024-02-29", "state": "FL"}, AS_OF, {
        # 2028 is a leap year: 2028-02-29 exists, a Tuesday (2028-02-01 Tue + 28)
        "bivens_limitations": ("2028-02-29", "2028-02-29", "open"),
    }),
    # ---- month ends: Aug 31 and Mar 31 + 6 months
    ("Aug 31 denial: suit and reconsideration clamp to Feb 28", {
        "incident": "2025-01-10", "presented_on": "2025-02-03", "denial_mailed_on": "2025-08-31"}, D("2025-12-01"), {
        # 2026-02-31 is missing -> 02-28, a Saturday -> Fri 02-27
        "ftca_suit_deadline": ("2026-02-28", "2026-02-27", "open"),
        "ftca_reconsideration_deadline": ("2026-02-28", "2026-02-27", "open"),
        # a written denial allows suit at once: the denial date itself
        "ftca_earliest_suit": ("2025-08-31", "2025-08-31", "met"),
    }),
    ("Aug 31 receipt: six months run to Mar 1, suit from Mar 2", {
        "incident": "2025-01-10", "presented_on": "2025-08-31"}, D("2025-12-01"), {
        "ftca_earliest_suit": ("2026-03-02", "2026-03-02", "open"),
    }),
    ("Aug 30 receipt: Feb 30 is missing too", {"incident": "2025-01-10", "presented_on": "2025-08-30"}, AS_OF, {
        "ftca_earliest_suit": ("2026-03-02", "2026-03-02", "met"),
    }),
    ("Aug 29 receipt before a leap February", {"incident": "2023-06-01", "presented_on": "2023-08-29"}, AS_OF, {
        # 2024-02-29 exists: period ends 02-29, suit from 03-01
        "ftca_earliest_suit": ("2024-03-01", "2024-03-01", "met"),
    }),
    ("Mar 31 denial: Sep 31 is missing -> Sep 30", {
        "incident": "2025-06-01", "presented_on": "2025-07-01", "denial_mailed_on": "2026-03-31"}, D("2026-04-01"), {
        # 2026-09-01 is a Tuesday, so 09-30 is a Wednesday: no roll
        "ftca_suit_deadline": ("2026-09-30", "2026-09-30", "open"),
        "ftca_reconsideration_deadline": ("2026-09-30", "2026-09-30", "open"),
    }),
    ("Mar 31 receipt: six months run to Oct 1, suit from Oct 2", {
        "incident": "2026-01-05", "presented_on": "2026-03-31"}, D("2026-04-01"), {
        "ftca_earliest_suit": ("2026-10-02", "2026-10-02", "open"),
    }),
    ("plain receipt: Sep 2 -> Mar 2, suit from Mar 3", {"incident": "2025-06-14", "presented_on": "2025-09-02"}, D("2026-03-02"), {
        "ftca_presentment": ("2027-06-14", "2027-06-14", "met"),
        "ftca_earliest_suit": ("2026-03-03", "2026-03-03", "open"),
    }),
    ("the first day allowed is met on the day itself", {"incident": "2025-06-14", "presented_on": "2025-09-02"}, D("2026-03-03"), {
        "ftca_earliest_suit": ("2026-03-03", "2026-03-03", "met"),
    }),
    # ---- every federal holiday (5 U.S.C. § 6103) as a presentment last day in 2027
    ("New Year's Day 2027 (Fri) -> Thu Dec 31, across the year", {"incident": "2025-01-01"}, D("2026-06-01"), {
        "ftca_presentment": ("2027-01-01", "2026-12-31", "open"),
    }),
    ("MLK Day 2027-01-18 (Mon) -> Fri 01-15", {"incident": "2025-01-18"}, AS_OF, {
        "ftca_presentment": ("2027-01-18", "2027-01-15", "open"),
    }),
    ("Washington's Birthday 2027-02-15 (Mon) -> Fri 02-12", {"incident": "2025-02-15"}, AS_OF, {
        "ftca_presentment": ("2027-02-15", "2027-02-12", "open"),
    }),
    ("Memorial Day 2027-05-31 (Mon) -> Fri 05-28", {"incident": "2025-05-31"}, AS_OF, {
        "ftca_presentment": ("2027-05-31", "2027-05-28", "open"),
    }),
    ("Juneteenth observed Fri 2027-06-18 -> Thu 06-17", {"incident": "2025-06-18"}, AS_OF, {
        "ftca_presentment": ("2027-06-18", "2027-06-17", "open"),
    }),
    ("Juneteenth 2027-06-19 (Sat), observed Fri -> Thu 06-17", {"incident": "2025-06-19"}, AS_OF, {
        "ftca_presentment": ("2027-06-19", "2027-06-17", "open"),
    }),
    ("Independence Day observed Mon 2027-07-05 -> Fri 07-02", {"incident": "2025-07-05"}, AS_OF, {
        # 07-05 observed holiday, 07-04 Sun, 07-03 Sat -> Fri 07-02
        "ftca_presentment": ("2027-07-05", "2027-07-02", "open"),
    }),
    ("Labor Day 2027-09-06 (Mon) -> Fri 09-03", {"incident": "2025-09-06"}, AS_OF, {
        "ftca_presentment": ("2027-09-06", "2027-09-03", "open"),
    }),
    ("Columbus Day 2027-10-11 (Mon) -> Fri 10-08", {"incident": "2025-10-11"}, AS_OF, {
        "ftca_presentment": ("2027-10-11", "2027-10-08", "open"),
    }),
    ("Veterans Day 2027-11-11 (Thu) -> Wed 11-10", {"incident": "2025-11-11"}, AS_OF, {
        "ftca_presentment": ("2027-11-11", "2027-11-10", "open"),
    }),
    ("Thanksgiving 2027-11-25 (Thu) -> Wed 11-24", {"incident": "2025-11-25"}, AS_OF, {
        "ftca_presentment": ("2027-11-25", "2027-11-24", "open"),
    }),
    ("Christmas 2027-12-25 (Sat), observed Fri 12-24 -> Thu 12-23", {"incident": "2025-12-25"}, AS_OF, {
        "ftca_presentment": ("2027-12-25", "2027-12-23", "open"),
    }),
    ("New Year's Day 2028 observed Fri 2027-12-31 -> Thu 12-30", {"incident": "2025-12-31"}, AS_OF, {
        "ftca_presentment": ("2027-12-31", "2027-12-30", "open"),
    }),
    ("2022-01-01 (Sat) observed Fri 2021-12-31 -> Thu 12-30", {"incident": "2020-01-01"}, D("2021-06-01"), {
        "ftca_presentment": ("2022-01-01", "2021-12-30", "open"),
    }),
    # ---- amendments
    ("an amendment restarts the six months", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "amended_on": ["2025-11-20"]}, D("2026-04-01"), {
        # 2025-11-20 + 6 months = 2026-05-20 -> suit from 05-21
        "ftca_earliest_suit": ("2026-05-21", "2026-05-21", "open"),
    }),
    ("the latest of two amendments counts", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "amended_on": ["2026-01-15", "2025-10-01"]}, AS_OF, {
        "ftca_earliest_suit": ("2026-07-16", "2026-07-16", "met"),
    }),
    ("a change after the denial is no amendment", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "denial_mailed_on": "2026-01-10",
        "amended_on": ["2026-02-01"]}, D("2026-03-01"), {
        "ftca_earliest_suit": ("2026-01-10", "2026-01-10", "met"),
        # 2026-07-10 is a Friday
        "ftca_suit_deadline": ("2026-07-10", "2026-07-10", "open"),
    }),
    # ---- reconsideration
    ("reconsideration pending: suit clock stops, agency gets six more months", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "denial_mailed_on": "2026-01-10",
        "reconsideration_requested_on": "2026-03-01"}, D("2026-06-01"), {
        "ftca_reconsideration_deadline": ("2026-07-10", "2026-07-10", "met"),
        "ftca_suit_deadline": (None, None, "not_applicable"),
        # 2026-03-01 + 6 months = 2026-09-01 -> suit from 09-02
        "ftca_earliest_suit": ("2026-09-02", "2026-09-02", "open"),
    }),
    ("reconsideration decided: six months from that mailing", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "denial_mailed_on": "2026-01-10",
        "reconsideration_requested_on": "2026-03-01", "reconsideration_denial_mailed_on": "2026-05-15"}, AS_OF, {
        # 2026-11-15 is a Sunday (2026-11-01 Sun) -> Fri 11-13; not sued by 11-22 -> missed
        "ftca_suit_deadline": ("2026-11-15", "2026-11-13", "missed"),
        "ftca_earliest_suit": ("2026-05-15", "2026-05-15", "met"),
    }),
    ("a late reconsideration request does not stop the suit clock", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "denial_mailed_on": "2026-01-10",
        "reconsideration_requested_on": "2026-08-01"}, AS_OF, {
        "ftca_reconsideration_deadline": ("2026-07-10", "2026-07-10", "missed"),
        "ftca_suit_deadline": ("2026-07-10", "2026-07-10", "missed"),
        "ftca_earliest_suit": ("2026-01-10", "2026-01-10", "met"),
    }),
    ("suit filed in time after a denial", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "denial_mailed_on": "2026-01-10",
        "suit_filed_on": "2026-03-01"}, AS_OF, {
        "ftca_suit_deadline": ("2026-07-10", "2026-07-10", "met"),
    }),
    ("suit filed a day late", {
        "incident": "2025-06-14", "presented_on": "2025-09-02", "denial_mailed_on": "2026-01-10",
        "suit_filed_on": "2026-07-11"}, AS_OF, {
        "ftca_suit_deadline": ("2026-07-10", "2026-07-10", "missed"),
    }),
    # ---- late presentment, mailed only
    ("presented four days late", {"incident": "2023-05-01", "presented_on": "2025-05-05"}, AS_OF, {
        # 2025-05-01 is a Thursday
        "ftca_presentment": ("2025-05-01", "2025-05-01", "missed"),
    }),
    ("presented on the last day", {"incident": "2023-05-01", "presented_on": "2025-05-01"}, AS_OF, {
        "ftca_presentment": ("2025-05-01", "2025-05-01", "met"),
    }),
    ("mailed only: still counting toward the last day", {"incident": "2025-03-10", "mailed_on": "2027-03-01"}, D("2027-03-05"), {
        # 2027-03-10 is a Wednesday; mailing is not receipt -> open, not met
        "ftca_presentment": ("2027-03-10", "2027-03-10", "open"),
        "ftca_earliest_suit": (None, None, "not_applicable"),
    }),
    ("mailed only, and the last day passed", {"incident": "2024-06-01", "mailed_on": "2026-05-28"}, AS_OF, {
        # 2026-06-01 is a Monday
        "ftca_presentment": ("2026-06-01", "2026-06-01", "missed"),
    }),
    ("accrual date overrides the incident date", {"incident": "2025-06-14", "accrual_date": "2025-08-01"}, AS_OF, {
        # 2027-08-01 is a Sunday -> Fri 07-30; Bivens still counts from the incident
        "ftca_presentment": ("2027-08-01", "2027-07-30", "open"),
        "bivens_limitations": ("2031-06-14", "2031-06-13", "open"),
    }),
    # ---- Bivens periods by state
    ("Louisiana, accrual on 2024-07-01: 1 year (the safer reading)", {"incident": "2024-07-01", "state": "LA"}, D("2025-01-01"), {
        "bivens_limitations": ("2025-07-01", "2025-07-01", "open"),    # Tue
    }),
    ("Louisiana, accrual 2024-06-30: 1 year", {"incident": "2024-06-30", "state": "LA"}, D("2025-01-01"), {
        "bivens_limitations": ("2025-06-30", "2025-06-30", "open"),    # Mon
    }),
    ("Louisiana, accrual 2024-07-02: 2 years", {"incident": "2024-07-02", "state": "LA"}, D("2025-01-01"), {
        "bivens_limitations": ("2026-07-02", "2026-07-02", "open"),    # Thu
    }),
    ("Louisiana, 2 years ending on the observed Fri 2026-07-03 -> Thu 07-02", {"incident": "2024-07-03", "state": "LA"}, D("2025-01-01"), {
        "bivens_limitations": ("2026-07-03", "2026-07-02", "open"),
    }),
    ("Tennessee 1 year: Sun 2026-06-14 -> Fri 06-12, passed", {"state": "TN"}, AS_OF, {
        "bivens_limitations": ("2026-06-14", "2026-06-12", "missed"),
    }),
    ("Kentucky 1 year ending on MLK Day 2027-01-18 -> Fri 01-15", {"incident": "2026-01-18", "state": "KY"}, AS_OF, {
        "bivens_limitations": ("2027-01-18", "2027-01-15", "open"),
    }),
    ("Florida 4 years (2029-03-15 Thu)", {"incident": "2025-03-15", "state": "FL"}, AS_OF, {
        "bivens_limitations": ("2029-03-15", "2029-03-15", "open"),
    }),
    ("Puerto Rico 1 year: Sun 2026-06-14 -> Fri 06-12", {"state": "PR"}, D("2026-01-01"), {
        "bivens_limitations": ("2026-06-14", "2026-06-12", "open"),
    }),
    ("Guam: no researched period, no date", {"state": "GU"}, AS_OF, {
        "bivens_limitations": (None, None, "not_applicable"),
        "ftca_presentment": ("2027-06-14", "2027-06-14", "open"),
    }),
    ("Guam with a period entered by hand", {"state": "GU", "bivens_period_years": 2}, AS_OF, {
        "bivens_limitations": ("2027-06-14", "2027-06-14", "open"),
    }),
    ("Wisconsin, accrual 2018-04-04: 6 years (2024-04-04 Thu)", {"incident": "2018-04-04", "state": "WI"}, D("2020-01-01"), {
        "bivens_limitations": ("2024-04-04", "2024-04-04", "open"),
    }),
    ("Wisconsin, accrual 2018-04-05: 3 years (2021-04-05 Mon)", {"incident": "2018-04-05", "state": "WI"}, D("2020-01-01"), {
        "bivens_limitations": ("2021-04-05", "2021-04-05", "open"),
    }),
    ("Illinois 2 years: Sun 2027-09-12 -> Fri 09-10", {"incident": "2025-09-12", "state": "IL"}, AS_OF, {
        "bivens_limitations": ("2027-09-12", "2027-09-10", "open"),
        "ftca_presentment": ("2027-09-12", "2027-09-10", "open"),
    }),
    ("California 2 years after Thanksgiving: Sat 2027-11-27 -> Fri 11-26", {"incident": "2025-11-27", "state": "CA"}, AS_OF, {
        "bivens_limitations": ("2027-11-27", "2027-11-26", "open"),
    }),
    ("Bivens accrual override and a timely Bivens suit", {
        "state": "TX", "bivens_accrual_date": "2025-07-01", "bivens_suit_filed_on": "2026-01-05"}, AS_OF, {
        # 2027-07-01 is a Thursday
        "bivens_limitations": ("2027-07-01", "2027-07-01", "met"),
    }),
    ("Bivens suit filed after the last day", {"state": "TN", "bivens_suit_filed_on": "2026-06-15"}, AS_OF, {
        "bivens_limitations": ("2026-06-14", "2026-06-12", "missed"),
    }),
    # ---- Westfall (§ 2679(d)(5)): 60 days from the dismissal
    ("Westfall: 60 days from 2026-10-01 is Mon 2026-11-30", {"incident": "2024-01-10", "westfall_dismissal_on": "2026-10-01"}, AS_OF, {
        "westfall_presentment": ("2026-11-30", "2026-11-30", "open"),
    }),
    ("Westfall: 60 days passed without receipt", {"incident": "2024-01-10", "westfall_dismissal_on": "2026-09-05"}, AS_OF, {
        # 2026-09-05 + 60 days = 2026-11-04, a Wednesday
        "westfall_presentment": ("2026-11-04", "2026-11-04", "missed"),
    }),
]


def _iso(d):
    return d.isoformat() if d else None


@pytest.mark.parametrize("name,kwargs,as_of,expected", CASES, ids=[c[0] for c in CASES])
def test_hand_computed(name, kwargs, as_of, expected):
    report = compute(make(**kwargs), as_of)
    for deadline_id, (date, act_by, status) in expected.items():
        d = report.get(deadline_id)
        assert (_iso(d.date), _iso(d.act_by), d.status) == (date, act_by, status), f"{name}: {deadline_id}"


def test_the_table_is_big_enough():
    assert len(CASES) >= 40


def test_every_contract_id_always_present_in_order():
    for _name, kwargs, as_of, _expected in CASES:
        ids = [d.id for d in compute(make(**kwargs), as_of).deadlines]
        assert ids[:5] == list(CONTRACT_IDS)
        assert set(ids[5:]) <= {"westfall_presentment"}


def test_days_left_counts_to_act_by_for_open_deadlines_only():
    report = compute(make(), AS_OF)
    assert report.get("ftca_presentment").days_left == 204  # 2026-11-22 -> 2027-06-14
    assert report.get("bivens_limitations").days_left == (D("2031-06-13") - AS_OF).days
    assert report.get("ftca_suit_deadline").days_left is None
    late = compute(make(incident="2024-02-29"), AS_OF)
    assert late.get("ftca_presentment").days_left is None  # missed


def test_earliest_suit_counts_days_until_allowed():
    report = compute(make(presented_on="2025-09-02"), D("2026-03-01"))
    assert report.get("ftca_earliest_suit").days_left == 2


def test_rule_is_the_governing_citation():
    report = compute(make(), AS_OF)
    assert report.get("ftca_presentment").rule == "28 U.S.C. § 2401(b)"
    assert report.get("ftca_earliest_suit").rule == "28 U.S.C. § 2675(a)"
    assert report.get("bivens_limitations").rule.startswith("Minn. Stat. § 541.05")
    # an unverified state row says so
    assert compute(make(state="TX"), AS_OF).get("bivens_limitations").rule.endswith("[verify]")


def test_year_9999_does_not_crash_and_says_why():
    report = compute(make(incident="9999-06-14"), AS_OF)
    assert report.get("ftca_presentment").date is None
    assert report.get("ftca_presentment").status == "not_applicable"
    assert report.flag("date_out_of_range").severity == "critical"
    report = compute(make(incident="0001-01-01"), AS_OF)
    assert report.get("ftca_presentment").status == "missed"


def test_explanation_says_why_act_by_is_earlier():
    saturday = compute(make(incident="2025-06-19"), AS_OF).get("ftca_presentment").explanation
    assert "falls on a Saturday" in saturday
    assert "Friday, June 18, 2027 is a federal holiday (Juneteenth" in saturday
    assert "act by Thursday, June 17, 2027" in saturday
    observed = compute(make(incident="2025-07-05"), AS_OF).get("ftca_presentment").explanation
    assert "federal holiday (Independence Day (observed))" in observed and "Friday, July 2, 2027" in observed
    plain = compute(make(), AS_OF).get("ftca_presentment").explanation
    assert "act by" not in plain  # Monday 2027-06-14: nothing to move
