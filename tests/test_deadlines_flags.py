"""Risk flags of the deadline engine: when each one fires, how severe, and its citation."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from claimgen import data
from claimgen.checks.deadlines import compute, rules
from deadline_cases import AS_OF, D, make


def flags(report) -> dict[str, object]:
    return {f.id: f for f in report.flags}


def cites_of(flag_id: str) -> list[str]:
    return [data.cite(k) for k in rules()["flags"][flag_id]["citations"]]


def assert_cited(flag) -> None:
    """The message ends with the citations from authorities.yaml, in parentheses."""
    expected = "; ".join(cites_of(flag.id))
    assert flag.message.endswith(f"({expected})"), flag.message


# ---------------------------------------------------------------- presentment


@pytest.mark.parametrize(
    "as_of,severity",
    [
        (D("2026-11-15"), "critical"),  # 2026-12-01 is 16 days away
        (D("2026-10-01"), "warning"),  # 61 days
        (D("2026-08-01"), None),  # 122 days: no due flag, the receipt note instead
    ],
)
def test_presentment_due_windows(as_of, severity):
    report = compute(make(incident="2024-12-01"), as_of)
    got = flags(report)
    if severity is None:
        assert "ftca_presentment_due" not in got
        assert "presentment_is_receipt" in got
    else:
        f = got["ftca_presentment_due"]
        assert f.severity == severity
        assert "Tuesday, December 1, 2026" in f.message
        assert_cited(f)


def test_presentment_missed_is_critical():
    f = flags(compute(make(incident="2024-02-29"), AS_OF))["ftca_presentment_missed"]
    assert f.severity == "critical" and "Saturday, February 28, 2026" in f.message
    assert_cited(f)


def test_late_presentment_flag():
    got = flags(compute(make(incident="2023-05-01", presented_on="2025-05-05"), AS_OF))
    assert got["ftca_presentment_late"].severity == "critical"
    assert "equitable_tolling_missed" in got and "equitable_tolling" not in got


def test_mailed_only_is_flagged_and_not_presentment():
    report = compute(make(mailed_on="2026-11-02"), AS_OF)
    f = flags(report)["mailed_not_received"]
    assert f.severity == "warning"
    assert "Monday, November 2, 2026" in f.message and "claim.presented_on" in f.message
    assert report.get("ftca_presentment").status == "open"
    assert report.get("ftca_earliest_suit").status == "not_applicable"
    assert_cited(f)


def test_mailed_only_near_the_last_day_is_critical():
    report = compute(make(incident="2025-03-10", mailed_on="2027-03-01"), D("2027-03-05"))
    assert flags(report)["mailed_not_received"].severity == "critical"


# ---------------------------------------------------------------- Bivens


def test_bivens_before_the_agency_six_months_end():
    # TN: Bivens last day Sun 2026-06-14; received 2026-01-05 -> suit from 2026-07-06
    report = compute(make(state="TN", presented_on="2026-01-05"), D("2026-03-01"))
    f = flags(report)["bivens_before_ftca_exhaustion"]
    assert f.severity == "critical"
    assert "Sunday, June 14, 2026" in f.message and "Monday, July 6, 2026" in f.message
    assert "verify" in f.message
    assert_cited(f)


def test_bivens_before_six_months_even_if_presented_today():
    # TN, not presented, as_of 2026-03-01: presented today -> suit from 2026-09-02 > 2026-06-14
    f = flags(compute(make(state="TN"), D("2026-03-01")))["bivens_before_ftca_exhaustion"]
    assert f.severity == "critical"


def test_two_year_state_warns_against_presenting_late():
    # TX 2 years: Bivens last day Mon 2027-06-14, the same as the presentment last day.
    # Receipt on 2026-12-13 -> six months to 2027-06-13 -> suit from 06-14 (still in time);
    # receipt on 12-14 -> suit from 06-15, after the Bivens last day. So: "after 12-13"; and as
    # 12-13 is a Sunday, the day to plan for is the business day before it, Friday 12-11.
    f = flags(compute(make(state="TX"), AS_OF))["bivens_before_ftca_exhaustion_if_late"]
    assert f.severity == "warning"
    assert "reach the agency by Friday, December 11, 2026, a business day" in f.message
    assert "arrives after Sunday, December 13, 2026" in f.message


def test_six_year_state_without_safer_period_has_no_timing_flag():
    got = flags(compute(make(state="ME"), AS_OF))  # Maine: 6 years, no safer reading
    assert "bivens_before_ftca_exhaustion" not in got
    assert "bivens_before_ftca_exhaustion_if_late" not in got


def test_bivens_passed():
    f = flags(compute(make(state="TN"), AS_OF))["bivens_missed"]
    assert f.severity == "critical" and "Sunday, June 14, 2026" in f.message


def test_bivens_due_soon():
    f = flags(compute(make(state="TN"), D("2026-05-20")))["bivens_due"]
    assert f.severity == "critical" and "Friday, June 12, 2026" in f.message  # act by


def test_minnesota_safer_two_years_named():
    report = compute(make(), AS_OF)
    f = flags(report)["bivens_safer_period"]
    assert f.severity == "warning"
    assert "2-year" in f.message and "Minn. Stat. § 541.07(1)" in f.message
    assert "Monday, June 14, 2027" in f.message
    assert report.get("bivens_limitations").date == D("2031-06-14")  # the table's 6 years
    [safer] = report.safer_dates
    assert (safer.id, safer.date, safer.act_by) == ("bivens_limitations_safer", D("2027-06-14"), D("2027-06-14"))
    assert "bivens_limitations_safer" not in [d["id"] for d in report.to_json()["deadlines"]]


def test_florida_safer_two_years_named():
    report = compute(make(incident="2025-03-15", state="FL"), AS_OF)
    f = flags(report)["bivens_safer_period"]
    assert "Fla. Stat. § 95.11(4)(a)" in f.message and "2-year" in f.message
    assert "Monday, March 15, 2027" in f.message  # 2 years, a Monday
    assert report.get("bivens_limitations").date == D("2029-03-15")


def test_territory_without_data_is_critical_and_never_guessed():
    report = compute(make(state="GU"), AS_OF)
    f = flags(report)["bivens_period_missing"]
    assert f.severity == "critical" and "Guam" in f.message and "claim.bivens_period_years" in f.message
    assert report.get("bivens_limitations").date is None


@pytest.mark.parametrize("state", ["VI", "AS", "MP"])
def test_other_territories_without_data(state):
    report = compute(make(state=state), AS_OF)
    assert report.get("bivens_limitations").status == "not_applicable"
    assert flags(report)["bivens_period_missing"].severity == "critical"


def test_period_entered_by_hand_says_verify():
    f = flags(compute(make(state="GU", bivens_period_years=2), AS_OF))["bivens_period_entered_by_hand"]
    assert f.severity == "warning" and "verify" in f.message


def test_hand_period_that_contradicts_the_table():
    report = compute(make(state="TX", bivens_period_years=3), AS_OF)
    assert "bivens_period_differs" in flags(report)
    assert report.get("bivens_limitations").date == D("2027-06-14")  # table's 2 years


def test_louisiana_boundary_day_note():
    got = flags(compute(make(incident="2024-07-01", state="LA"), D("2025-01-01")))
    assert got["bivens_period_boundary"].severity == "warning"
    assert "unsettled" in got["bivens_period_boundary"].message
    assert "1 year(s)" in got["bivens_period_changed"].message
    after = flags(compute(make(incident="2024-07-02", state="LA"), D("2025-01-01")))
    assert "bivens_period_boundary" not in after
    assert "2 year(s)" in after["bivens_period_changed"].message


def test_tennessee_longer_period_not_assumed():
    f = flags(compute(make(state="TN"), D("2026-01-01")))["bivens_longer_period_not_assumed"]
    assert f.severity == "info" and "criminally charged" in f.message


# ---------------------------------------------------------------- suits, amendments, reconsideration


def test_suit_before_earliest_suit_mcneil():
    report = compute(make(presented_on="2025-09-02", suit_filed_on="2026-02-01"), AS_OF)
    f = flags(report)["suit_before_earliest"]
    assert f.severity == "critical" and "Tuesday, March 3, 2026" in f.message
    assert "McNeil" in f.message


def test_suit_without_any_presentment():
    f = flags(compute(make(suit_filed_on="2026-02-01"), AS_OF))["suit_without_presentment"]
    assert f.severity == "critical"


def test_suit_on_the_first_day_allowed_is_fine():
    got = flags(compute(make(presented_on="2025-09-02", suit_filed_on="2026-03-03"), AS_OF))
    assert "suit_before_earliest" not in got


def test_amendment_restarts_the_six_months():
    f = flags(compute(make(presented_on="2025-09-02", amended_on=["2025-11-20"]), D("2026-04-01")))[
        "amendment_restarts"
    ]
    assert "Thursday, November 20, 2025" in f.message and "Thursday, May 21, 2026" in f.message
    assert_cited(f)


def test_amendment_after_denial_warned():
    got = flags(
        compute(
            make(presented_on="2025-09-02", denial_mailed_on="2026-01-10", amended_on=["2026-02-01"]), D("2026-03-01")
        )
    )
    assert got["amendment_after_denial"].severity == "warning"


def test_reconsideration_restarts_and_stops_the_suit_clock():
    report = compute(
        make(presented_on="2025-09-02", denial_mailed_on="2026-01-10", reconsideration_requested_on="2026-03-01"),
        D("2026-06-01"),
    )
    f = flags(report)["reconsideration_restarts"]
    assert "Wednesday, September 2, 2026" in f.message and "stops the clock" in f.message
    assert_cited(f)


def test_late_reconsideration_is_critical():
    f = flags(
        compute(
            make(presented_on="2025-09-02", denial_mailed_on="2026-01-10", reconsideration_requested_on="2026-08-01"),
            AS_OF,
        )
    )["reconsideration_late"]
    assert f.severity == "critical" and "Friday, July 10, 2026" in f.message


def test_reconsideration_after_the_suit_does_not_count():
    report = compute(
        make(
            presented_on="2025-09-02",
            denial_mailed_on="2026-01-10",
            suit_filed_on="2026-02-01",
            reconsideration_requested_on="2026-03-01",
        ),
        AS_OF,
    )
    assert "reconsideration_late" in flags(report)
    assert report.get("ftca_suit_deadline").status == "met"


def test_deemed_denial_option_and_reconsideration_option():
    got = flags(compute(make(presented_on="2025-09-02"), AS_OF))
    assert "deemed_denial_available" in got and "Pascale" in got["deemed_denial_available"].message
    got = flags(compute(make(presented_on="2025-09-02", denial_mailed_on="2026-10-01"), AS_OF))
    assert "reconsideration_option" in got
    assert "deemed_denial_available" not in got


def test_suit_deadline_due_and_missed():
    got = flags(compute(make(presented_on="2025-09-02", denial_mailed_on="2026-01-10"), D("2026-06-20")))
    assert got["ftca_suit_due"].severity == "critical"
    got = flags(compute(make(presented_on="2025-09-02", denial_mailed_on="2026-01-10"), AS_OF))
    assert got["ftca_suit_missed"].severity == "critical"


def test_westfall_flags():
    got = flags(compute(make(incident="2024-01-10", westfall_dismissal_on="2026-10-01"), AS_OF))
    assert got["westfall_due"].severity == "critical" and "Monday, November 30, 2026" in got["westfall_due"].message
    assert "28 U.S.C. § 2679(d)(5)" in got["westfall_due"].message
    got = flags(compute(make(incident="2024-01-10", westfall_dismissal_on="2026-09-05"), AS_OF))
    assert "westfall_missed" in got


# ---------------------------------------------------------------- always-on and case-shape flags


def test_judgment_bar_and_settlement_release_when_both_roads_open():
    got = flags(compute(make(), AS_OF))
    for key, needle in (
        ("judgment_bar", "Brownback"),
        ("judgment_bar", "Simmons"),
        ("judgment_bar", "§ 2676"),
        ("settlement_release", "§ 2672"),
    ):
        assert needle in got[key].message
    # Bivens road closed (TN, passed): no judgment-bar warning
    assert "judgment_bar" not in flags(compute(make(state="TN"), AS_OF))


def test_sum_certain_cap_before_presentment():
    f = flags(compute(make(), AS_OF))["sum_certain_cap"]
    assert f.severity == "warning" and "§ 2675(b)" in f.message
    presented = flags(compute(make(presented_on="2025-09-02"), AS_OF))["sum_certain_cap_presented"]
    # § 14.2(c): an amendment only before final agency action AND before the claimant sues
    assert "before the agency's final decision and before a lawsuit is filed" in presented.message
    assert "28 C.F.R. § 14.2(c)" in presented.message


def test_equitable_tolling_never_assumed():
    f = flags(compute(make(), AS_OF))["equitable_tolling"]
    assert f.severity == "info" and "Kwai Fun Wong" in f.message and "never" in f.message


def test_several_agencies_named_on_every_copy():
    f = flags(compute(make(agencies=["ICE", "CBP"]), AS_OF))["several_agencies"]
    assert "ICE, CBP" in f.message and "28 C.F.R. § 14.2(b)" in f.message
    assert "several_agencies" not in flags(compute(make(), AS_OF))


def test_minority_does_not_toll():
    child = [{"id": "c1", "name": "Sofía Ramírez", "date_of_birth": "2016-02-10", "damages": {"personal_injury": 1000}}]
    f = flags(compute(make(claimants=child), AS_OF))["minor_no_tolling"]
    assert "McCall" in f.message and "Monday, June 14, 2027" in f.message
    adult = [{"id": "c1", "name": "Tomás Ramírez", "date_of_birth": "1985-11-19", "damages": {"personal_injury": 1000}}]
    assert "minor_no_tolling" not in flags(compute(make(claimants=adult), AS_OF))


# ---------------------------------------------------------------- wording and order


def test_every_flag_message_cites_and_unverified_items_say_verify():
    seen = set()
    for kwargs, as_of in [
        ({}, AS_OF),
        ({"state": "TN", "presented_on": "2026-01-05"}, D("2026-03-01")),
        ({"state": "GU"}, AS_OF),
        ({"incident": "2024-02-29"}, AS_OF),
        ({"presented_on": "2025-09-02", "suit_filed_on": "2026-02-01"}, AS_OF),
    ]:
        for f in compute(make(**kwargs), as_of).flags:
            seen.add(f.id)
            keys = rules()["flags"][f.id]["citations"]
            assert keys, f.id
            for k in keys:
                assert data.cite(k) in f.message, (f.id, k)
                if data.needs_verify(data.authority(k).get("tag")):
                    assert data.cite(k).endswith("[verify]")
            assert "{" not in f.message and "None" not in f.message, f.message
    assert len(seen) >= 12


def test_flags_sorted_by_severity():
    order = {"critical": 0, "warning": 1, "info": 2}
    report = compute(make(state="TN", presented_on="2026-01-05"), D("2026-03-01"))
    ranks = [order[f.severity] for f in report.flags]
    assert ranks == sorted(ranks)


def test_every_citation_key_in_the_data_exists():
    table = rules()
    for section in ("deadlines", "flags"):
        for key, row in table[section].items():
            for c in row["citations"]:
                assert c in data.authorities(), f"{section}.{key}: {c}"
    for _key, row in table["deadlines"].items():
        assert row["tag"] in ("P", "S", "U") and re.match(r"\d{4}-\d{2}-\d{2}$", row["last_checked"])


def test_pure_same_inputs_same_report():
    case = make(presented_on="2025-09-02", amended_on=["2025-11-20"])
    assert compute(case, AS_OF).to_json() == compute(case, AS_OF).to_json()
    assert isinstance(compute(case, AS_OF).as_of, dt.date)


def test_sum_certain_after_denial_offers_no_amendment():
    got = flags(compute(make(presented_on="2025-09-02", denial_mailed_on="2026-01-10"), D("2026-02-01")))
    assert "sum_certain_cap_final" in got and "amendment" not in got["sum_certain_cap_final"].message


def test_minor_flag_only_while_the_claim_is_not_yet_presented():
    child = [{"id": "c1", "name": "Sofía Ramírez", "date_of_birth": "2016-02-10", "damages": {"personal_injury": 1000}}]
    assert "minor_no_tolling" not in flags(compute(make(claimants=child, presented_on="2025-09-02"), AS_OF))
