"""The legal analysis behind the cover memo: rules (data) applied to the facts of a case.

``analyze(case, report)`` reads the case (conduct tags, agencies, state, border,
contractor, removal, task force, claimants, officers, evidence) and the deadline
report, evaluates the rules in ``claimgen/data/analysis.yaml`` and returns an
:class:`Analysis`: findings in memo order, each with its text and the authority keys
it cites. Every citation comes from ``authorities.yaml`` (or the state and agency
tables); unverified ones print "[verify]" and land in the closing checklist. The
memo template only lays the findings out. Pure: no I/O beyond the packaged data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import data
from .. import formatting as T
from ..model import Case
from .readiness import death_signer_outside_state_law

RULES = "analysis"

# [[key]] → "(cite)" (adjacent markers share one pair); <<key>> → "cite" inline; {name} → a value.
_CITE_RUN = re.compile(r"\[\[\w+\]\](?:\s*\[\[\w+\]\])*")
_CITE_ONE = re.compile(r"\s*\[\[(\w+)\]\]")
_TOKEN = re.compile(r"<<\(([\w|]+)\)>>|<<(\w+)>>|\{(\w+)\}")
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


@dataclass
class Finding:
    """One statement of the memo with the authority keys it relies on."""

    id: str
    text: str
    authorities: list[str] = field(default_factory=list)
    title: str = ""
    why: str = ""
    verify: list[str] = field(default_factory=list)  # checklist items for [U] statements in the text


@dataclass
class Analysis:
    """Everything the memo says, in memo order; each list holds plain strings or Findings."""

    marking: str
    title: str
    disclaimer: str
    as_of: dt.date
    case_title: str
    claimants: list[dict[str, str]]
    total_claimed: str
    agencies: list[dict[str, str]]
    incident: dict[str, str]
    deadlines: list[dict[str, str]]
    risks: list[Finding]
    facts: list[str]
    support: list[dict[str, str]]
    torts: list[dict[str, str]]
    ftca: list[Finding]
    exceptions: list[Finding]
    procedure: list[Finding]
    damages: list[Finding]
    bivens_intro: Finding
    defendants: list[dict[str, str]]
    defendants_note: str
    bivens_claims: list[Finding]
    bivens_contexts: Finding
    bivens_no_match: str
    bivens_matches: list[Finding]
    bivens_differences: list[Finding]
    bivens_step_two: Finding
    bivens_recent_intro: str
    bivens_recent: list[Finding]
    likelihood: str
    likelihood_reason: Finding
    qualified_immunity: list[Finding]
    precedent_placeholder: str
    limitations: list[Finding]
    judgment_bar: list[Finding]
    sequence: list[Finding]
    other_roads: list[Finding]
    checklist: list[str]
    facts_flags: dict[str, Any] = field(default_factory=dict)

    def findings(self) -> list[Finding]:
        """Every finding, in memo order."""
        out: list[Finding] = list(self.risks) + self.ftca + self.exceptions + self.procedure + self.damages
        out += [
            self.bivens_intro,
            *self.bivens_claims,
            self.bivens_contexts,
            *self.bivens_matches,
            *self.bivens_differences,
        ]
        out += [
            self.bivens_step_two,
            *self.bivens_recent,
            self.likelihood_reason,
            *self.qualified_immunity,
            *self.limitations,
        ]
        out += self.judgment_bar + self.sequence + self.other_roads
        return out

    def authority_keys(self) -> list[str]:
        """Every authority key the memo cites, in first-use order, without repeats."""
        seen: dict[str, None] = {}
        for f in self.findings():
            for key in f.authorities:
                seen.setdefault(key, None)
        return list(seen)

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings() if f.id == finding_id), None)


# ---------------------------------------------------------------- text filling


def fill(template: str, values: dict[str, Any], keys: list[str] | None = None, *, primary_only: bool = False) -> str:
    """Resolve citation markers and ``{name}`` values in one pass (values are never re-scanned).

    ``[[a]] [[b]]`` → ``(cite a; cite b)``; ``<<a>>`` → ``cite a``. Keys cited are appended
    to ``keys``. A missing value or authority is a bug in the rules and raises KeyError.
    ``primary_only`` (a final copy mailed to the agency): a ``[[a]]`` whose authority is not
    primary-verified [P] is left out with its space, so the letter asks the agency to verify
    nothing; the draft and the memo keep it with its mark for the lawyer to check.
    """
    keys = keys if keys is not None else []
    text = " ".join(template.split())
    if primary_only:
        text = _CITE_ONE.sub(lambda m: m.group(0) if data.authority(m.group(1)).get("tag") == "P" else "", text)
    # First fold each run of [[a]] [[b]] into one <<(a|b)>> token (data text only, no values yet).
    text = _CITE_RUN.sub(lambda m: "<<(" + "|".join(re.findall(r"\[\[(\w+)\]\]", m.group(0))) + ")>>", text)

    def token(m: re.Match) -> str:
        if m.group(1) is not None:
            cited = m.group(1).split("|")
            keys.extend(cited)
            return "(" + "; ".join(cite(k) for k in cited) + ")"
        if m.group(2) is not None:
            keys.append(m.group(2))
            return cite(m.group(2))
        value = values[m.group(3)]
        keys.extend(getattr(value, "keys_cited", ()))
        return str(value)

    return _TOKEN.sub(token, text)


class Cited(str):
    """A filled-in value that itself cites authorities: a finding using it records them too."""

    keys_cited: tuple[str, ...] = ()


def cited(template: str, values: dict[str, Any]) -> Cited:
    keys: list[str] = []
    out = Cited(fill(template, values, keys))
    out.keys_cited = tuple(keys)
    return out


SECONDARY_MARK = "[verify: secondary source]"


def cite(key: str) -> str:
    """The citation as the memo prints it: "[verify]" where unverified, a secondary-source mark where [S]."""
    row = data.authority(key)
    return data.cite(key) + (f" {SECONDARY_MARK}" if row.get("tag") == "S" else "")


def _state_secondary_cites(state: str | None) -> list[str]:
    """The incident state's Bivens-period citations tagged [S] (states.yaml), as the engine prints them."""
    lim = (data.states().get(state or "") or {}).get("bivens_limitations") or {}
    if lim.get("tag") != "S":
        return []
    steps = [lim, *(s for s in lim.get("by_accrual") or () if s.get("tag") == "S")]
    return [c for c in [*(s.get("citation") for s in steps), lim.get("safer_citation")] if c]


def mark_secondary(text: str, state: str | None = None) -> str:
    """Add the secondary-source mark after each [S] citation in text written elsewhere (engine flags,
    the deadline table): every [S] authority, and the incident ``state``'s [S] Bivens-period citations."""
    cites = [row["cite"] for row in data.authorities().values() if row.get("tag") == "S"]
    for cite in sorted([*cites, *_state_secondary_cites(state)], key=len, reverse=True):
        if cite in text:
            text = re.sub(re.escape(cite) + r"(?! \[verify)", lambda m: f"{m.group(0)} {SECONDARY_MARK}", text)
    return text


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------- rule conditions

WHEN_KEYS = {"conduct_any", "agency_any", "department_any", "state_in", "facts", "not_facts", "not_flags", "any"}


def holds(when: dict | None, facts: dict[str, Any]) -> bool:
    """Does the rule's ``when`` hold for these facts? (See the head of analysis.yaml.)"""
    if not when:
        return True
    for key, value in when.items():
        if key == "conduct_any":
            ok = bool(set(value) & facts["_conduct"])
        elif key == "agency_any":
            ok = bool(set(value) & facts["_agencies"])
        elif key == "department_any":
            ok = bool(set(value) & facts["_departments"])
        elif key == "state_in":
            ok = facts["_state"] in value
        elif key == "facts":
            ok = all(facts[name] for name in value)
        elif key == "not_facts":
            ok = not any(facts[name] for name in value)
        elif key == "not_flags":
            ok = not (set(value) & facts.get("_flags", set()))
        elif key == "any":
            ok = any(holds(w, facts) for w in value)
        else:
            raise KeyError(f"analysis.yaml: unknown condition {key!r}")
        if not ok:
            return False
    return True


# ---------------------------------------------------------------- the analysis


def rules() -> dict:
    return data.load(RULES)


def _deadline(report: Any, deadline_id: str):
    try:
        return report.get(deadline_id)
    except (KeyError, LookupError, AttributeError):
        return None


def _bivens_rows(report: Any) -> list:
    """The Bivens deadline rows: the contract one plus any safer reading (``report.safer_dates``)."""
    rows = [*getattr(report, "deadlines", []), *getattr(report, "safer_dates", [])]
    return [d for d in rows if d.id.startswith("bivens_limitations")]


def _bivens_for_timing(report: Any):
    """The earliest open Bivens deadline (the safer reading where the state table gives one)."""
    candidates = [d for d in _bivens_rows(report) if d.date and d.status == "open"]
    if not candidates:
        return _deadline(report, "bivens_limitations")
    return min(candidates, key=lambda d: d.date)


def _six_months_from(day: dt.date) -> dt.date | None:
    """The first day a suit could be filed if the agency received the claim on ``day``."""
    from .calendar_days import add_rolling_forward

    end = add_rolling_forward(day, months=6)
    return end + dt.timedelta(days=1) if end is not None else None


def _last_day_six_months_before(end: dt.date, window: int = 400) -> dt.date | None:
    """The latest day, among the ``window`` days up to ``end``, whose six months are over by ``end``.

    :func:`_six_months_from` never moves back as the day moves forward, so the days that
    qualify are all those up to the answer: a binary search finds it in nine steps where
    walking back day by day took about 180 (the memo asks three times per build).
    """
    span = min(window - 1, (end - dt.date.min).days)

    def fits(back: int) -> bool:
        first_suit = _six_months_from(end - dt.timedelta(days=back))
        return first_suit is not None and first_suit <= end

    if not fits(span):
        return None
    lo, hi = 0, span  # the fewest days back that fit lies in [lo, hi]
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid + 1
    return end - dt.timedelta(days=lo)


def _receipt_target(bivens: Any, presentment: Any, as_of: dt.date) -> dt.date | None:
    """The last day of receipt that lets the agency's six months end by the Bivens deadline.

    None when it does not matter (the claim is presented, a Bivens or presentment date is
    missing or closed, or presenting by the two-year day already leaves time) or when that
    day has passed (the memo then says a claim received today would be too late).
    """
    if bivens is None or bivens.date is None or bivens.status != "open":
        return None
    if presentment is None or presentment.date is None or presentment.status != "open":
        return None
    day = _last_day_six_months_before(bivens.date)
    if day is None or day < as_of or day >= presentment.date:
        return None
    return day


def _triggered_torts(conduct: set[str], facts: dict[str, Any] | None = None) -> list[dict]:
    """The tort rows raised by a conduct tag or by a named fact (the narrative, the claimants)."""
    facts = facts or {}
    return [
        t
        for t in rules()["torts"]
        if set(t["conduct"]) & conduct or any(facts.get(name) for name in t.get("facts", ()))
    ]


def _mentions(case: Case, fact: str) -> bool:
    """Does the narrative, the place or an officer's recorded role use one of the fact's words?"""
    inc = case.incident
    text = " ".join([inc.narrative or "", inc.place or "", *(o.role or "" for o in inc.officers)]).lower()
    for word in rules()["fact_words"][fact]:
        for m in re.finditer(r"\b" + re.escape(word.lower()) + r"\b", text):
            # "he was not arrested", "never handcuffed": a denial is no fact.
            if not re.search(r"\b(not|never|n't)\s+(\w+\s+)?$", text[max(0, m.start() - 20) : m.start()]):
                return True
    return False


def _injured_married(case: Case) -> list:
    """Injured claimants recorded as married (their spouse has a consortium claim of their own)."""
    return [
        c
        for c in case.claimants
        if (c.role == "injured" or (c.role is None and T.clean(c.injuries).strip()))
        and (c.marital_status or "").strip().lower().startswith("married")
    ]


def _death_row(case: Case) -> dict:
    """Who brings a death claim under the incident state's law (wrongful_death.yaml), or {}."""
    return data.load("wrongful_death")["states"].get(case.incident.state) or {}


def circuit_row_of(state: str) -> dict:
    """The state's own row in circuits.yaml (its tag, source, last_checked), or {}."""
    for row in data.load("circuits")["circuits"].values():
        if state in row["states"]:
            return row["states"][state]
    return {}


def circuit_of(state: str) -> tuple[str, str]:
    """(short name, full name) of the federal circuit for a state code (circuits.yaml, one row per state)."""
    for short, row in data.load("circuits")["circuits"].items():
        if state in row["states"]:
            return short, row["name"]
    return "", ""


def _spouses(case: Case) -> list:
    """Claimants who are (or appear to be) an injured claimant's spouse: role spouse, or married
    and living at the injured claimant's address."""
    injured = _injured_married(case)
    homes = {T.clean(c.address).strip().lower() for c in injured if c.address}
    return [
        c
        for c in case.claimants
        if c not in injured
        and (
            c.role == "spouse"
            or (
                (c.marital_status or "").strip().lower().startswith("married")
                and c.address
                and T.clean(c.address).strip().lower() in homes
            )
        )
    ]


def _decedents(case: Case) -> str:
    return join_names(list(dict.fromkeys(_decedent_name(c) for c in _death_claimants(case))))


def _death_claimants(case: Case) -> list:
    return [c for c in case.claimants if c.role == "estate" or c.damages.wrongful_death > 0]


def _without_authority(case: Case) -> list:
    """Death claimants whose signer shows no evidence of authority (28 C.F.R. § 14.2(a))."""
    return [c for c in _death_claimants(case) if c.representative is None or not c.representative.authority_documents]


def _wrong_signers(case: Case) -> list:
    """Death claimants signed by someone the incident state's law does not let bring the claim
    (neither the person it names, such as Minnesota's trustee, nor the executor or administrator)."""
    return [
        c
        for c in _death_claimants(case)
        if c.representative is not None
        and death_signer_outside_state_law(case.incident.state, c.representative.capacity)
    ]


def _people_facts(case: Case, as_of: dt.date, death: bool) -> dict[str, Any]:
    """Facts about the claimants: citizenship, marriage, authority to present a death claim."""
    citizens = [c.us_citizen for c in case.claimants]
    return {
        "all_citizens": bool(citizens) and all(v is True for v in citizens),
        "any_citizen": any(v is True for v in citizens),
        "noncitizen_or_unknown": any(c.us_citizen is not True and c.role != "estate" for c in case.claimants),
        "married_injured": bool(_injured_married(case)),
        "spouse_claimant": bool(_spouses(case)),
        "death_no_authority": death and bool(_without_authority(case)),
        "death_wrong_signer": death and bool(_wrong_signers(case)),
        "death_settlement_approval": death and bool(_death_row(case).get("settlement_approval")),
    }


def _narrative_facts(case: Case, conduct: set[str], immigration: bool, citizen: bool) -> dict[str, Any]:
    """Facts the conduct tags may miss, read from the narrative's words (analysis.yaml fact_words)."""
    inc = case.incident
    restrained = _mentions(case, "restrained")
    held = bool(conduct & set(rules()["held_conduct"])) or restrained
    act = rules()["illinois_bivens_act_signed"]
    return {
        "restrained": restrained,
        "restrained_arrest": _mentions(case, "restrained_arrest"),
        "home_entered": _mentions(case, "home_entered"),
        "property_taken": _mentions(case, "property_taken"),
        "courthouse": _mentions(case, "courthouse"),
        "citizen_held": citizen and immigration and held,
        "il_before_act": inc.state == "IL" and inc.date < dt.date.fromisoformat(act),
    }


def case_facts(case: Case, report: Any) -> dict[str, Any]:
    """Named booleans and sets the rules test (see the head of analysis.yaml)."""
    inc = case.incident
    conduct = set(inc.conduct)
    agencies = set(inc.agencies)
    directory = data.agencies()
    departments = {directory[a].get("department") for a in agencies}
    as_of = getattr(report, "as_of", None) or dt.date.today()
    immigration = any(directory[a].get("immigration") for a in agencies)
    death = "death" in conduct or any(c.damages.wrongful_death > 0 for c in case.claimants)
    people = _people_facts(case, as_of, death)
    words = _narrative_facts(case, conduct, immigration, people["any_citizen"])
    torts = _triggered_torts(conduct, {**people, **words})
    facts: dict[str, Any] = {
        **people,
        **words,
        "_conduct": conduct,
        "_agencies": agencies,
        "_departments": departments,
        "_state": inc.state,
        "near_border": inc.near_border,
        "contractor": bool(inc.contractor),
        "removal_related": inc.removal_related,
        "outside_us": inc.outside_us,
        "task_force": inc.task_force,
        "death": death,
        "minor": any(c.is_minor_on(as_of) for c in case.claimants),
        "multi_agency": len(agencies) > 1,
        "dhs": "DHS" in departments,
        "non_dhs": any(directory[a].get("department") != "DHS" for a in agencies),
        "immigration": immigration,
        "close_to_bivens": "home_entry" in conduct and not inc.near_border and not inc.outside_us,
        "arrest_for_removal": immigration
        and bool(conduct & {"false_arrest", "prolonged_detention"} or words["restrained_arrest"])
        and not inc.removal_related,
        "detention": bool(conduct & {"prolonged_detention", "medical_neglect"}) or bool(inc.contractor),
        "force": bool(conduct & {"excessive_force", "deadly_force"}),
        "restored_torts": any(t["proviso"] == "restored" for t in torts),
        "unclear_torts": any(t["proviso"] == "not_listed" for t in torts),
        "represented": any(c.representative is not None for c in case.claimants),
        "unknown_officers": not inc.officers or any(not o.known for o in inc.officers),
        "bivens_clock_tight": False,
        "bivens_soon": False,
        "_flags": {f.id for f in getattr(report, "flags", [])},
    }
    bivens = _bivens_for_timing(report)
    presentment = _deadline(report, "ftca_presentment")
    earliest = _deadline(report, "ftca_earliest_suit")
    suit = _deadline(report, "ftca_suit_deadline")
    facts["presented"] = presentment is not None and presentment.status == "met"
    mailed_on = case.claim.mailed_on
    facts["mailed"] = (
        not facts["presented"] and case.claim.presented_on is None and mailed_on is not None and mailed_on <= as_of
    )
    facts["receipt_target"] = (
        not facts["presented"] and _receipt_target(_bivens_for_timing(report), presentment, as_of) is not None
    )
    facts["denied"] = suit is not None and suit.date is not None and suit.status == "open"
    facts["suit_available"] = (
        earliest is not None
        and earliest.status == "met"
        and not facts["denied"]
        and (suit is None or suit.status == "not_applicable")
    )
    if bivens is not None and bivens.date is not None and bivens.status == "open":
        days_left = getattr(bivens, "days_left", None)
        facts["bivens_soon"] = days_left is not None and days_left <= rules()["bivens_soon_days"]
        if earliest is not None and earliest.date is not None:
            # Presented: the six months end on a known day (already passed once it is "met").
            facts["bivens_clock_tight"] = earliest.status == "open" and bivens.date < earliest.date
        elif presentment is not None and presentment.status == "open":
            # Not presented: tight only if even a claim received today leaves the six months
            # running past the Bivens deadline (the engine's own test, 28 U.S.C. § 2675(a)).
            if_today = _six_months_from(as_of)
            facts["bivens_clock_tight"] = if_today is not None and bivens.date < if_today
    facts["delivery_urgent"] = _delivery_day(case, report, as_of) is not None
    return facts


def _delivery_day(case: Case, report: Any, as_of: dt.date) -> dt.date | None:
    """The day the agency must receive the claim when it is within a few weeks (else None).

    The receipt target that keeps the FTCA suit ahead of the Bivens deadline where there is
    one, else the last business day to present; only for a claim not yet received.
    """
    from .calendar_days import business_day_on_or_before

    presentment = _deadline(report, "ftca_presentment")
    if presentment is None or presentment.status != "open" or presentment.date is None:
        return None
    day = _receipt_target(_bivens_for_timing(report), presentment, as_of) or presentment.date
    day = business_day_on_or_before(day)
    if as_of <= day and (day - as_of).days <= rules()["delivery"]["urgent_days"]:
        return day
    return None


def delivery_advice(case: Case, report: Any, agency: str | None = None) -> dict[str, str] | None:
    """When the claim must arrive within a few weeks: the day it must arrive, the day to send it by,
    and whether certified mail or e-mail can serve. None when there is time for any tracked method.
    """
    from .calendar_days import is_business_day

    as_of = getattr(report, "as_of", None) or dt.date.today()
    day = _delivery_day(case, report, as_of)
    if day is None:
        return None
    D = rules()["delivery"]
    send_by = day
    for _ in range(D["courier_margin_days"]):
        send_by -= dt.timedelta(days=1)
        while not is_business_day(send_by):
            send_by -= dt.timedelta(days=1)
    send_by = max(send_by, as_of)
    mail_by = day - dt.timedelta(days=D["mail_days"])
    while not is_business_day(mail_by):
        mail_by -= dt.timedelta(days=1)
    agencies = [agency] if agency else list(case.incident.agencies)
    emails = [(a, data.agencies()[a].get("email")) for a in agencies if data.agencies()[a].get("email")]
    email = " ".join(fill(D["email"], {"agency_name": _agency_name(a), "email": e}) for a, e in emails)
    days = (day - as_of).days
    presentment = _deadline(report, "ftca_presentment")
    return {
        # "deadline": the day is the last day to present (a legal limit), not only a target.
        "deadline": "yes" if presentment is not None and presentment.act_by == day else "",
        "deliver_by": T.weekday_date(day),
        "deliver_days": _word("span_day" if days == 1 else "span_days", n=days),
        "send_by": T.weekday_date(send_by),
        "mail_advice": fill(D["mail_ok"], {"mail_by": T.weekday_date(mail_by)})
        if mail_by >= as_of
        else fill(D["mail_too_late"], {}),
        "email_advice": email,
    }


def _agency_name(key: str) -> str:
    row = data.agencies().get(key, {})
    return row.get("name", key)


def _finding(row: dict, values: dict[str, Any], prefix: str = "") -> Finding:
    keys: list[str] = []
    text = fill(row["text"], values, keys)
    why = fill(row["why"], values, keys) if row.get("why") else ""
    title = fill(row["title"], values, keys) if row.get("title") else ""
    verify = [fill(str(v), values) for v in row.get("verify") or []]
    return Finding(
        id=prefix + str(row.get("id") or row.get("key") or ""),
        text=text,
        authorities=keys,
        title=title,
        why=why,
        verify=verify,
    )


def _findings(rows: list[dict], facts: dict, values: dict, prefix: str = "") -> list[Finding]:
    out = []
    for i, row in enumerate(rows):
        if holds(row.get("when"), facts):
            f = _finding(row, values, prefix)
            if not (row.get("id") or row.get("key")):
                f.id = f"{prefix}{i + 1}"
            out.append(f)
    return out


def _exhibit_label(case: Case, exhibit_id: str) -> str:
    ev = case.exhibit(exhibit_id)
    if ev is None:
        return exhibit_id
    desc = T.clean(ev.description).strip()
    return f"{exhibit_id} — {desc}" if desc else exhibit_id


class _SupportIndex:
    """Which exhibits name each claimant, item, witness or box in ``supports`` (built once).

    The record table asks this for every claimant and damages line; scanning the whole
    evidence list each time made a 500-claimant, 10,000-exhibit memo take 15 s.
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        self.supports = [set(e.supports) for e in case.evidence]
        self.by_target: dict[str, list[int]] = {}
        for i, sup in enumerate(self.supports):
            for target in sup:
                self.by_target.setdefault(target, []).append(i)
        self.position: dict[str, int] = {}
        for i, e in enumerate(case.evidence):
            self.position.setdefault(e.id, i)

    def naming(self, *targets: str) -> list[int]:
        """Positions (evidence order) of the exhibits whose ``supports`` names any of ``targets``."""
        found: set[int] = set()
        for t in targets:
            found.update(self.by_target.get(t, ()))
        return sorted(found)


def _supporting(case: Case, *targets: str, index: _SupportIndex | None = None) -> list[str]:
    """Exhibit ids whose ``supports`` names any of ``targets`` (in evidence order)."""
    index = index or _SupportIndex(case)
    return [case.evidence[i].id for i in index.naming(*targets)]


def _linked_only(case: Case, claimant, index: _SupportIndex) -> list[str]:
    """Exhibits linked to the claimant itself, not to one of its items, nor authority papers."""
    items = {it.id for it in claimant.damages_items if it.id}
    listed = {e for it in claimant.damages_items for e in it.evidence}
    authority = set(claimant.representative.authority_documents) if claimant.representative else set()
    return [
        case.evidence[i].id
        for i in index.naming(claimant.id)
        if not (index.supports[i] & items) and case.evidence[i].id not in listed | authority
    ]


def _support_rows(case: Case, no_exhibit: str) -> list[dict[str, str]]:
    """What in the record supports each fact: narrative, injuries, damage items, property, witnesses."""

    def row(fact: str, ids: list[str]) -> dict[str, Any]:
        ids = list(dict.fromkeys(ids))
        return {
            "fact": fact,
            "exhibits": "; ".join(_exhibit_label(case, i) for i in ids) if ids else no_exhibit,
            "_ids": ids,
        }

    S = _words()["support"]
    index = _SupportIndex(case)
    evidence = case.evidence
    rows = [row(S["narrative"], _supporting(case, "box-8", index=index))]
    authority_docs = {e for c in case.claimants if c.representative for e in c.representative.authority_documents}
    single = len(case.claimants) == 1
    everyone = {c.id for c in case.claimants} | {it.id for c in case.claimants for it in c.damages_items if it.id}
    for c in case.claimants:
        first_row = len(rows)
        injured = T.clean(c.injuries).strip()
        items = {it.id for it in c.damages_items if it.id}
        injury_items = {it.id for it in c.damages_items if it.id and it.category != "property_damage"}
        property_items = items - injury_items
        # Exhibits an item lists as its own evidence count for that item's box.
        injury_listed = {e for it in c.damages_items if it.category != "property_damage" for e in it.evidence}
        property_listed = {e for it in c.damages_items if it.category == "property_damage" for e in it.evidence}

        def belongs(sup: set[str], c=c, items=items) -> bool:
            # Names this claimant or one of its items; with one claimant, also an exhibit
            # that names no claimant at all (a medical record tagged only "box-10").
            return c.id in sup or bool(items & sup) or (single and not (everyone & sup))

        # Injuries: records of the injury (box 10), the claimant's own account of what happened
        # (box 8) and the records behind the injury items; never authority papers, property-only
        # records or papers that merely name the claimant (a mailing receipt).
        # Only exhibits that can belong to this claimant are looked at (all of them when the
        # case has one claimant), plus those its items list; in evidence order as before.
        candidates: list[int]
        if single:
            candidates = list(range(len(evidence)))
        else:
            candidates = index.naming(c.id, *items)
        listed = sorted({index.position[e] for e in injury_listed | property_listed if e in index.position})
        candidates = sorted(set(candidates) | set(listed))
        ids = [
            evidence[i].id
            for i in candidates
            if (e := evidence[i]).id not in authority_docs
            and belongs(sup := index.supports[i])
            and ("box-10" in sup or (c.id in sup and "box-8" in sup) or injury_items & sup)
            or e.id in injury_listed
            and e.id not in authority_docs
        ]
        if injured:
            rows.append(row(fill(S["injuries"], {"name": c.name}), ids))
        if c.property is not None or c.damages.property_damage > 0:
            ids = [
                evidence[i].id
                for i in candidates
                if belongs(sup := index.supports[i])
                and ("box-9" in sup or property_items & sup)
                or evidence[i].id in property_listed
            ]
            rows.append(row(fill(S["property"], {"name": c.name}), ids))
        for item in c.damages_items:
            ids = list(item.evidence) + (_supporting(case, item.id, index=index) if item.id else [])
            label = fill(S["item"], {"name": c.name, "item": T.clean(item.description), "amount": T.money(item.amount)})
            rows.append(row(label, ids))
        shown = {e for r in rows[first_row:] for e in r["_ids"]}
        linked = [e for e in _linked_only(case, c, index) if e not in shown]
        if linked:
            rows.append(row(fill(S["linked"], {"name": c.name}), linked))
        if c.representative is not None:
            rep = c.representative
            label = fill(S["representative"], {"rep_name": rep.name, "name": c.name, "capacity": T.clean(rep.capacity)})
            rows.append(row(label, list(rep.authority_documents)))
    for w in case.witnesses:
        saw = T.clean(w.saw).strip() if w.saw else ""
        fact = fill(S["witness_saw"] if saw else S["witness"], {"name": w.name, "saw": saw})
        rows.append(row(fact, _supporting(case, w.id, index=index) if w.id else []))
    return [{"fact": r["fact"], "exhibits": r["exhibits"]} for r in rows]


def _words() -> dict:
    """The memo's short connecting words (labels, fallbacks, singular/plural) from analysis.yaml."""
    return rules()["memo"]["words"]


def _word(key: str, **values: Any) -> str:
    return fill(_words()[key], values)


def _officer_rows(case: Case) -> list[dict[str, str]]:
    W = _words()
    rows = []
    unknown = 0
    for o in case.incident.officers:
        if o.known:
            who = T.clean(o.name)
        else:
            unknown += 1
            who = _word("unknown_officer", n=unknown)
        details = []
        for key, value in (
            ("description", o.description),
            ("badge", o.badge_number),
            ("role", o.role),
            ("how_identified", o.how_identified),
        ):
            if value:
                details.append(f"{W['officer_labels'][key]}: {T.clean(value)}")
        rows.append(
            {
                "who": who,
                "agency": o.agency or W["not_recorded"],
                "details": "; ".join(details) or W["no_description"],
            }
        )
    return rows


def _period_text(state: dict, case: Case) -> tuple[str, str, str]:
    """(period sentence, citation as printed, tag) for the state's Bivens limitation period."""
    lim = state.get("bivens_limitations") or {}
    tag = lim.get("tag") or "U"
    citation = lim.get("citation")
    years = lim.get("years")
    if years is None and case.claim.bivens_period_years:
        by_hand = case.claim.bivens_period_years
        return (_word("period_by_hand_one" if by_hand == 1 else "period_by_hand", years=by_hand), "", "U")
    if years is None or not citation:
        return ("", "", tag)
    if data.needs_verify(tag):
        cite = mark_secondary(citation) + " [verify]"
    elif tag == "S":
        cite = f"{citation} {SECONDARY_MARK}"  # the whole citation, Puerto Rico's Carreras-Rosa with it
    else:
        cite = mark_secondary(citation)  # a case the row cites that is an [S] authority of its own
    return (_word("period_one" if years == 1 else "period", years=years, cite=cite), cite, tag)


def _span(start: dt.date, end: dt.date) -> str:
    """'12 days', 'about 4 years' between two dates, in words a reader takes in at a glance."""
    days = (end - start).days
    if days >= 365:
        years = round(days / 365.25)
        return _word("span_years" if years != 1 else "span_year", n=years)
    return _word("span_days" if days != 1 else "span_day", n=days)


def _date_or(day: dt.date | None, fmt=T.long_date) -> str:
    return fmt(day) if day else _words()["not_computed"]


def _day(day: dt.date) -> str:
    """A date the memo names as a deadline or target, saying so when it is a weekend or holiday."""
    from .calendar_days import holiday_name

    W = _words()
    holiday = holiday_name(day)
    if holiday:
        return fill(W["holiday_day"], {"date": T.long_date(day), "holiday": holiday})
    if day.weekday() >= 5:
        return fill(W["weekend_day"], {"date": T.long_date(day), "weekday": day.strftime("%A")})
    return T.long_date(day)


def _people_values(case: Case, facts: dict[str, Any], state: dict, values: dict[str, Any]) -> dict[str, Any]:
    """Values about who the claimants are: spouses, citizens, decedents, who may present, circuit."""
    R = rules()
    W = _words()
    circuit, circuit_name = circuit_of(case.incident.state)
    base = {**values, "circuit": circuit, "circuit_name": circuit_name or state["name"]}
    married = [c.name for c in _injured_married(case)]
    citizens = [c.name for c in case.claimants if c.us_citizen is True]
    # An estate is no person to be at risk; its survivors are named in the death-claim sentence.
    others = [c.name for c in case.claimants if c.us_citizen is not True and c.role != "estate"]
    decedents = _decedents(case)
    row = _death_row(case)
    views = R["circuit_views"]
    out: dict[str, Any] = {
        "circuit": circuit,
        "circuit_name": base["circuit_name"],
        "spouse_of": join_names(married),
        "consortium_status": fill(
            W["consortium_claimant" if facts["spouse_claimant"] else "consortium_missing"],
            {"spouse_names": join_names([c.name for c in _spouses(case)])},
        ),
        "decedent_death": fill(W["decedent_death"], {"decedent": decedents}) if decedents else "",
        "citizen_names": join_names(citizens),
        "citizen_verb": W["is" if len(citizens) == 1 else "are"],
        "disclosure_names": fill(
            W["disclosure_one" if len(others) == 1 else "disclosure_many"], {"names": join_names(others)}
        ),
        "wrong_signer_names": join_names(
            [
                fill(
                    W["signed_as"],
                    {"name": c.name, "signer": c.representative.name, "capacity": c.representative.capacity},
                )
                for c in _wrong_signers(case)
            ]
        ),
        "unauthorized_names": join_names(
            [
                fill(W["signed_by"], {"name": c.name, "signer": c.representative.name}) if c.representative else c.name
                for c in _without_authority(case)
            ]
        ),
        "death_survivors": cited(W["death_survivors"], {}) if facts["death"] else "",
        "consult_who": fill(W["consult_one" if len(others) == 1 else "consult_many"], {"names": join_names(others)}),
        "circuit_view": cited(
            views["discretionary_function"].get(circuit) or views["discretionary_function"]["default"], base
        ),
        "circuit_presentment": cited(views["presentment"].get(circuit) or views["presentment"]["default"], base),
        "death_who": cited(
            W["death_who"] if row else W["death_who_unknown"], {**base, "who": cited(row["who"], base) if row else ""}
        ),
        "death_who_short": cited(row["who"], base) if row else fill(W["death_who_short_unknown"], base),
        "death_settlement_approval": cited(row["settlement_approval"], base) if row.get("settlement_approval") else "",
    }
    key = "citizen_held" if facts.get("citizen_held") else "default"
    out["directives"] = cited(R["directives"][key], {**base, **out})
    out["preserve_family"] = cited(R["preserve_family"]["text"], {"third_parties": _third_parties(case, facts)})
    return out


def _decedent_name(claimant) -> str:
    """Whose death the claim is for: box 10's person without the notes after the name, else the claimant."""
    if not claimant.injured_person:
        return claimant.name
    return re.split(r"\s*[(,;]", T.clean(claimant.injured_person), maxsplit=1)[0].strip() or claimant.name


def _third_parties(case: Case, facts: dict[str, Any]) -> str:
    """Whom the family should ask for recordings, from what happened and where."""
    P = rules()["preserve_family"]["third_parties"]
    asks = [P[c] for c in case.incident.conduct if c in P]
    if facts.get("home_entered"):
        asks.append(P["home_entry"])
    if case.incident.near_border:
        asks.append(P["near_border"])
    if not asks:
        asks.append(P["default"])
    if case.witnesses:
        asks.append(P["witnesses"])
    return join_names(list(dict.fromkeys(asks)))


# ---------------------------------------------------------------- memo sections, one builder each


@dataclass
class _Context:
    """What every section builder reads: the case, its facts, the deadline rows and the fill values."""

    case: Case
    report: Any
    facts: dict[str, Any]
    as_of: dt.date
    state: dict
    values: dict[str, Any]
    bivens: Any
    presentment: Any
    earliest: Any
    suit: Any
    period_cite: str
    period_tag: str


def _context(case: Case, report: Any) -> _Context:
    """The facts and the ``{name}`` values the rows of analysis.yaml fill in."""
    R = rules()
    W = _words()
    inc = case.incident
    facts = case_facts(case, report)
    as_of = getattr(report, "as_of", None) or dt.date.today()
    state = data.states()[inc.state]
    directory = data.agencies()
    torts = _triggered_torts(facts["_conduct"], facts)
    unclear = [t["name"][:1].lower() + t["name"][1:] for t in torts if t["proviso"] == "not_listed"]
    minors = [c.name for c in case.claimants if c.is_minor_on(as_of)]
    likelihood_row = next(r for r in R["bivens"]["likelihood"] if holds(r.get("when"), facts))
    bivens = _bivens_for_timing(report)
    presentment = _deadline(report, "ftca_presentment")
    earliest = _deadline(report, "ftca_earliest_suit")
    suit = _deadline(report, "ftca_suit_deadline")
    period_sentence, period_cite, period_tag = _period_text(state, case)
    one = len(unclear) == 1
    examples = join_names([R["discretion_examples"][c] for c in inc.conduct if c in R["discretion_examples"]])
    examples = examples or W["discretion_fallback"]
    values: dict[str, Any] = {
        "state_name": state["name"],
        "state": inc.state,
        "place": T.clean(inc.place) if inc.place else state["name"],
        "incident_date": T.long_date(inc.date),
        "agency_names": join_names([_agency_name(a) for a in inc.agencies]),
        "non_dhs_names": join_names([_agency_name(a) for a in inc.agencies if directory[a].get("department") != "DHS"]),
        "immigration_names": join_names([_agency_name(a) for a in inc.agencies if directory[a].get("immigration")]),
        "contractor": T.clean(inc.contractor) if inc.contractor else "",
        "unclear_names": join_names(unclear) or W["none"],
        "unclear_lead": W["unclear_lead_one" if one else "unclear_lead_many"],
        "unclear_them": W["it" if one else "them"],
        "unclear_need": W["needs" if one else "need"],
        "as_of": T.long_date(as_of),
        "bivens_which": W["safer_bivens" if bivens is not None and bivens.id != "bivens_limitations" else "bivens"],
        "bivens_days_left": ""
        if bivens is None or getattr(bivens, "days_left", None) is None
        else str(bivens.days_left),
        "presented_on": T.long_date(case.claim.presented_on) if case.claim.presented_on else W["recorded_day"],
        "suit_act_by": _date_or(suit.act_by if suit is not None else None),
        "relation": "",
        "gap": "",
        "minor_names": join_names(minors),
        "minor_verb": W["is" if len(minors) == 1 else "are"],
        "sum_list": "; ".join(f"{c.name}: {T.money(c.damages.total)}" for c in case.claimants),
        "discretion_examples": examples[:1].lower() + examples[1:],
        "likelihood": likelihood_row["label"].lower(),
        "bivens_period": period_sentence
        or R["bivens"]["limitations"]["no_period"].replace("{state_name}", state["name"]),
        "bivens_date": _date_or(bivens.date if bivens else None),
        "bivens_act_by": _date_or(bivens.act_by if bivens else None),
        "presentment_date": _date_or(presentment.date if presentment else None),
        "presentment_act_by": _date_or(presentment.act_by if presentment else None),
        "earliest_suit_date": T.long_date(earliest.date) if earliest and earliest.date else "",
        "mailed_on": T.long_date(case.claim.mailed_on) if case.claim.mailed_on else "",
        "receipt_target": "",
        "receipt_target_act_by": "",
    }
    target = _receipt_target(bivens, presentment, as_of) if facts["receipt_target"] else None
    if target is not None:
        from .calendar_days import business_day_on_or_before

        values["receipt_target"] = _day(target)
        values["receipt_target_act_by"] = T.weekday_date(business_day_on_or_before(target))
    for key, day in (
        ("bivens_date", bivens.date if bivens else None),
        ("presentment_date", presentment.date if presentment else None),
        ("earliest_suit_date", earliest.date if earliest else None),
    ):
        if day is not None:
            values[key] = _day(day)
    values.update(_people_values(case, facts, state, values))
    values.update(delivery_advice(case, report) or {})
    values["unclear_their"] = W["its" if one else "their"]
    return _Context(
        case, report, facts, as_of, state, values, bivens, presentment, earliest, suit, period_cite, period_tag
    )


def _summary(cx: _Context) -> dict[str, Any]:
    """Section 1: claimants and sums, agencies, the incident, the deadline table."""
    W = _words()
    case, inc = cx.case, cx.case.incident
    claimant_rows = []
    for c in case.claimants:
        rep = c.representative
        claimant_rows.append(
            {
                "name": c.name,
                "role": (c.role or "").replace("_", " "),
                "signs": _signer(rep) if rep else W["the_claimant"],
                "property": T.money(c.damages.property_damage),
                "injury": T.money(c.damages.personal_injury),
                "death": T.money(c.damages.wrongful_death),
                "total": T.money(c.damages.total),
            }
        )
    total = sum((c.damages.total for c in case.claimants), Decimal("0.00"))
    agency_rows = [
        {"key": a, "name": _agency_name(a), "office": data.agencies()[a].get("claims_office") or ""}
        for a in inc.agencies
    ]
    settings = W["settings"]
    contractor = fill(settings["contractor"], {"contractor": T.clean(inc.contractor or "")})
    incident = {
        "date": T.weekday_date(inc.date),
        "time": T.time_12h(inc.time) if inc.time else W["not_recorded"],
        "place": T.clean(inc.place) if inc.place else cx.state["name"],
        "state": cx.state["name"],
        "conduct": "; ".join(
            data.conduct()[c]["label"]
            if c != "death" or not cx.values.get("decedent_death")
            else fill(W["decedent_died"], {"decedent": _decedents(case)})
            for c in inc.conduct
        )
        or W["not_recorded"],
        "settings": "; ".join(
            label
            for flag, label in (
                (inc.near_border, settings["near_border"]),
                (inc.outside_us, settings["outside_us"]),
                (bool(inc.contractor), contractor),
                (inc.removal_related, settings["removal_related"]),
                (inc.task_force, settings["task_force"]),
            )
            if flag
        )
        or W["none_recorded"],
    }
    return {
        "claimants": claimant_rows,
        "total_claimed": T.money(total),
        "agencies": agency_rows,
        "incident": incident,
        "deadlines": _deadline_rows(cx.report, cx.case.incident.state),
    }


def _signer(rep) -> str:
    """Who signs for a claimant, with the appointment where the case file records it."""
    W = _words()
    signer = f"{rep.name}, {rep.capacity}"
    if rep.appointed_by or rep.appointed_on:
        key = (
            "appointed_by_on"
            if rep.appointed_by and rep.appointed_on
            else "appointed_by"
            if rep.appointed_by
            else "appointed_on"
        )
        signer = fill(
            W[key],
            {
                "signer": signer,
                "by": T.clean(rep.appointed_by or ""),
                "on": T.long_date(rep.appointed_on) if rep.appointed_on else "",
            },
        )
    return signer


def _deadline_rows(report: Any, state: str | None = None) -> list[dict[str, str]]:
    """The engine's deadlines, the safer Bivens reading right after the contract Bivens row."""
    table = list(getattr(report, "deadlines", []))
    for safer_row in getattr(report, "safer_dates", []):
        at = next((i + 1 for i, d in enumerate(table) if d.id == "bivens_limitations"), len(table))
        table.insert(at, safer_row)
    rows = []
    for d in table:
        kind = getattr(d, "kind", "last_day")
        rows.append(
            {
                "label": getattr(d, "label", "") or d.id,
                "date": T.long_date(d.date) if d.date else "—",
                # "Act by" is a last business day: a first day to sue has none (the check table's "—").
                "act_by": T.weekday_date(d.act_by) if d.act_by and kind == "last_day" else "—",
                "status": data.status_word(kind, str(d.status)),
                "days_left": "" if getattr(d, "days_left", None) is None else str(d.days_left),
                "rule": mark_secondary(d.rule or "", state),
            }
        )
    return rows


def _engine_flags(report: Any) -> list:
    return sorted(getattr(report, "flags", []), key=lambda f: SEVERITY_ORDER.get(f.severity, 3))


def _risks(cx: _Context) -> list[Finding]:
    """Top risks: the engine's warnings first, then the rules' risks in their order."""
    rows = rules()["risks"]
    first = _findings([r for r in rows if r.get("first")], cx.facts, cx.values, "risk:")
    risks = [
        Finding(
            id=f"flag:{f.id}", text=mark_secondary(f.message, cx.case.incident.state), title=f.severity.capitalize()
        )
        for f in _engine_flags(cx.report)
        if f.severity in ("critical", "warning")
    ]
    return first + risks + _findings([r for r in rows if not r.get("first")], cx.facts, cx.values, "risk:")


def _ftca(cx: _Context) -> dict[str, Any]:
    """Section 3: the tort table and the FTCA, exception, procedure and damages findings."""
    R = rules()
    tort_rows = []
    for t in _triggered_torts(cx.facts["_conduct"], cx.facts):
        # "A person died" is no fact to print bare: death rows name whose death it was.
        from_conduct = [
            data.conduct()[c]["label"] for c in cx.case.incident.conduct if c in t["conduct"] and c != "death"
        ]
        if (not from_conduct or "death" in t["conduct"]) and t.get("from_facts"):
            from_conduct.append(fill(t["from_facts"], cx.values))
        tort_rows.append(
            {"tort": t["name"], "facts": "; ".join(from_conduct), "proviso": R["proviso_labels"][t["proviso"]]}
        )
    return {
        "torts": tort_rows,
        "ftca": _findings(R["ftca"], cx.facts, cx.values),
        "exceptions": _findings(R["exceptions"], cx.facts, cx.values),
        "procedure": _findings(R["procedure"], cx.facts, cx.values),
        "damages": _findings(R["damages"], cx.facts, cx.values),
    }


def _bivens(cx: _Context) -> dict[str, Any]:
    """Section 4 up to qualified immunity: claims, the two steps, likelihood."""
    B = rules()["bivens"]
    facts, values = cx.facts, cx.values
    likelihood_row = next(r for r in B["likelihood"] if holds(r.get("when"), facts))
    claims = [_finding(c, values, "claim:") for c in B["claims"] if set(c["conduct"]) & facts["_conduct"]]
    if not claims:
        claims = [_finding({"id": "claim:none", "text": B["no_claims"]}, values)]
    differences = _findings(B["differences"], facts, values, "differs:")
    if not differences:
        differences = [_finding({"id": "differs:none", "text": B["no_difference"]}, values)]
    case = cx.case
    return {
        "bivens_intro": _finding({"id": "bivens_intro", "text": B["intro"]}, values),
        "defendants": _officer_rows(case),
        "defendants_note": " ".join(B["unknown_officer_note"].split())
        if facts["unknown_officers"] and case.incident.officers
        else "",
        "bivens_claims": claims,
        "bivens_contexts": _finding({"id": "contexts", "text": B["contexts"]}, values),
        "bivens_no_match": " ".join(B["no_match"].split()),
        "bivens_matches": _findings(B["matches"], facts, values, "match:"),
        "bivens_differences": differences,
        "bivens_step_two": _finding({"id": "step_two", "text": B["step_two"]}, values),
        "bivens_recent_intro": B["recent_intro"],
        "bivens_recent": _findings(B["recent"], facts, values, "recent:"),
        "likelihood": likelihood_row["label"],
        "likelihood_reason": _finding({"id": "likelihood", "text": likelihood_row["reason"]}, values),
        "qualified_immunity": _findings(B["qualified_immunity"], facts, values, "qi:"),
        "judgment_bar": _findings(B["judgment_bar"], facts, values, "bar:"),
    }


def _limitations(cx: _Context) -> list[Finding]:
    """The Bivens limitation period, its safer reading, and how it meets the FTCA clock."""
    L = rules()["bivens"]["limitations"]
    values, state = cx.values, cx.state
    out = [_finding({"id": "lim:borrowed", "text": L["borrowed"]}, values)]
    lim_row = state.get("bivens_limitations") or {}
    if lim_row.get("note"):
        out.append(
            Finding(
                id="lim:state_note",
                text=_word("state_note", state_name=state["name"], note=T.clean(lim_row["note"])),
                authorities=[],
            )
        )
    safer = lim_row.get("safer_years")
    safer_rows = [d for d in _bivens_rows(cx.report) if d.id != "bivens_limitations" and d.date]
    if safer and lim_row.get("years") and safer < lim_row["years"]:
        values["safer_years"] = str(safer)
        values["safer_date"] = _date_or(safer_rows[0].date if safer_rows else None)
        values["safer_act_by"] = _date_or(safer_rows[0].act_by if safer_rows else None, T.weekday_date)
        out.append(_finding({"id": "lim:safer_period", "text": L["safer_period"]}, values))
    out.append(_finding({"id": "lim:accrual", "text": L["accrual"]}, values))
    out.append(Finding(id="lim:no_tolling", text=" ".join(L["no_tolling"].split())))
    timing = _timing(cx)
    if timing is not None:
        out.append(timing)
    return out


def _timing(cx: _Context) -> Finding | None:
    """One finding on where the Bivens deadline falls against the agency's six months."""
    L = rules()["bivens"]["limitations"]
    bivens, earliest, presentment, values = cx.bivens, cx.earliest, cx.presentment, cx.values
    if bivens is None or bivens.date is None:
        return None
    if bivens.status != "open":
        return Finding(
            id="lim:status",
            text=_word("bivens_status", bivens_date=values["bivens_date"], status=str(bivens.status).replace("_", " ")),
        )
    if earliest is not None and earliest.date is not None:
        if earliest.status == "met":
            key = "earliest_passed"
        else:
            values["gap"] = _span(earliest.date, bivens.date)
            key = "before_earliest_suit" if bivens.date < earliest.date else "after_earliest_suit"
        return _finding({"id": f"lim:{key}", "text": L[key]}, values)
    if cx.facts["bivens_clock_tight"]:
        return _finding({"id": "lim:too_late_to_wait", "text": L["too_late_to_wait"]}, values)
    if presentment is not None and presentment.date is not None:
        if bivens.date < presentment.date:
            values["relation"] = _word("relation_before", span=_span(bivens.date, presentment.date))
        elif bivens.date == presentment.date:
            values["relation"] = _word("relation_same")
        else:
            values["relation"] = _word("relation_after", span=_span(presentment.date, bivens.date))
        return _finding({"id": "lim:not_presented", "text": L["not_presented"]}, values)
    return None


def _other_roads(cx: _Context) -> list[Finding]:
    """Section 5: each road the facts open, the complaint offices under their heading."""
    R = rules()
    channels = _findings(R["complaint_channels"], cx.facts, cx.values, "channel:")
    other = []
    for row in R["other_roads"]:
        if not holds(row.get("when"), cx.facts):
            continue
        other.append(_finding(row, cx.values))
        if row.get("id") == "admin_complaints":
            other += channels  # one office to a paragraph, under the same heading
    return other


def analyze(case: Case, report: Any) -> Analysis:
    """Apply the rules in analysis.yaml to ``case``; ``report`` is ``deadlines.compute(case, as_of)``."""
    memo = rules()["memo"]
    cx = _context(case, report)
    summary = _summary(cx)
    risks = _risks(cx)
    ftca = _ftca(cx)
    bivens = _bivens(cx)
    limitations = _limitations(cx)  # fills safer_* and timing values the sequence may use
    sequence = _findings(rules()["bivens"]["sequence"], cx.facts, cx.values, "seq:")
    analysis = Analysis(
        marking=memo["marking"],
        title=memo["title"],
        disclaimer=" ".join(memo["disclaimer"].split()),
        as_of=cx.as_of,
        case_title=T.clean(case.title) if case.title else "",
        **summary,
        risks=risks,
        facts=T.paragraphs(case.incident.narrative),
        support=_support_rows(case, memo["no_exhibit"]),
        **ftca,
        **bivens,
        precedent_placeholder=memo["precedent_placeholder"],
        limitations=limitations,
        sequence=sequence,
        other_roads=_other_roads(cx),
        checklist=[],
        facts_flags={k: v for k, v in cx.facts.items() if not k.startswith("_")},
    )
    analysis.checklist = _checklist(
        case, analysis, _engine_flags(report), cx.values, cx.state, cx.period_cite, cx.period_tag
    )
    return analysis


def _checklist(
    case: Case, analysis: Analysis, engine_flags: list, values: dict, state: dict, period_cite: str, period_tag: str
) -> list[str]:
    """The closing list: engine flags, addresses, unverified authorities, gaps in the record."""
    C = rules()["checklist"]
    items: list[str] = []
    # Warnings and critical flags are already the first top risks: one line here, not a copy.
    shown = [f for f in engine_flags if f.severity in ("critical", "warning")]
    if shown:
        items.append(fill(C["engine_warnings"], {"count": f"items 1-{len(shown)}" if len(shown) > 1 else "item 1"}))
    for f in engine_flags:
        if f not in shown:
            message = mark_secondary(f.message, case.incident.state)
            items.append(fill(C["engine_flag"], {"severity": f.severity, "message": message}))
    for key in case.incident.agencies:
        row = data.agencies()[key]
        v = {
            "agency": key,
            "agency_name": row["name"],
            "claims_office": row.get("claims_office") or "no claims office on file",
            "address": ", ".join(row["address"]) if row.get("address") else "",
            "source": row.get("source") or "not recorded",
            "tag_meaning": data.TAG_MEANING.get(row.get("tag") or "U", "unverified — verify"),
        }
        items.append(fill(C["agency"] if row.get("address") else C["agency_no_address"], v))
        for office in row.get("other_offices", ()):
            items.append(
                fill(
                    C["agency_other_office"],
                    {
                        **v,
                        "office": office["office"],
                        "where_to_verify": " ".join(office["where_to_verify"].split()),
                        "source": office["source"],
                        "tag_meaning": data.TAG_MEANING.get(office.get("tag") or "U", "unverified — verify"),
                    },
                )
            )
    # Every unverified authority the memo relies on, its findings' and the engine flags' alike.
    keys = dict.fromkeys(analysis.authority_keys())
    for f in engine_flags:
        keys.update(dict.fromkeys(k for k in getattr(f, "citations", ()) if k in data.authorities()))
    for key in keys:
        row = data.authority(key)
        if data.needs_verify(row.get("tag")):
            items.append(fill(C["unverified_authority"], {"cite": row["cite"], "holds": row.get("holds", "")}))
    secondary = [data.authority(k)["cite"] for k in keys if data.authority(k).get("tag") == "S"]
    groups: list[list[str]] = []
    for c in secondary:  # a few lines of a readable length rather than one wall of citations
        if not groups or len("; ".join(groups[-1] + [c])) > 600:
            groups.append([])
        groups[-1].append(c)
    items += [fill(C["secondary_authorities"], {"cites": "; ".join(g)}) for g in groups]
    if analysis.facts_flags.get("delivery_urgent"):
        for key in case.incident.agencies:
            if data.agencies()[key].get("email"):
                items.append(fill(C["email"], {"agency": key, "email": data.agencies()[key]["email"]}))
    for finding in analysis.findings():
        items += [v for v in finding.verify if v not in items]
    if analysis.facts_flags.get("death") and not _death_row(case):
        items.append(fill(C["death_who_unknown"], {"state_name": state["name"]}))
    elif analysis.facts_flags.get("death") and _death_row(case).get("note"):
        items.append(fill(C["death_note"], {"state_name": state["name"], "note": cited(_death_row(case)["note"], {})}))
    # The memo names the incident's circuit for a split: say how sure that circuit is.
    circuit_row, circuit_name = circuit_row_of(case.incident.state), circuit_of(case.incident.state)[1]
    if (
        circuit_row
        and circuit_row.get("tag") != "P"
        and any(f"in the {circuit_name}" in f.text for f in analysis.findings())
    ):
        items.append(
            fill(
                C["circuit"],
                {
                    "circuit_name": circuit_name,
                    "state_name": state["name"],
                    "note": f" {circuit_row['note']}" if circuit_row.get("note") else "",
                    "how_sure": f" ({data.TAG_MEANING[circuit_row['tag']]})" if circuit_row.get("tag") == "S" else "",
                },
            )
        )
    lim = state.get("bivens_limitations") or {}
    if period_cite and period_tag != "P":
        items.append(
            fill(
                C["state_period"],
                {
                    "state_name": state["name"],
                    "citation": lim.get("citation"),
                    "tag_meaning": data.TAG_MEANING.get(period_tag, "unverified"),
                },
            )
        )
    elif not period_cite:
        items.append(
            " ".join(rules()["bivens"]["limitations"]["no_period"].split()).replace("{state_name}", state["name"])
        )
    if lim.get("note"):
        items.append(fill(C["state_note"], {"state_name": state["name"], "note": lim["note"]}))
    items.append(fill(C["no_tolling"], {}))
    if analysis.facts_flags.get("unclear_torts"):
        items.append(fill(C["unclear_torts"], values))
    for row in analysis.defendants:
        if row["who"].startswith("Unknown officer"):
            items.append(fill(C["officer"], {"officer": f"{row['who']} ({row['agency']})"}))
    index = _SupportIndex(case)
    for c in case.claimants:
        own = _linked_only(case, c, index)
        for item in c.damages_items:
            supported = list(item.evidence) + (_supporting(case, item.id, index=index) if item.id else [])
            if not supported:
                v = {
                    "claimant_name": c.name,
                    "item": T.clean(item.description),
                    "amount": T.money(item.amount),
                    "exhibits": ", ".join(own),
                }
                items.append(fill(C["no_evidence_item_linked"] if own else C["no_evidence_item"], v))
        rep = c.representative
        if rep is not None:
            v = {
                "rep_name": rep.name,
                "capacity": rep.capacity,
                "claimant_name": c.name,
                "exhibits": "; ".join(_exhibit_label(case, e) for e in rep.authority_documents),
            }
            items.append(fill(C["representative"] if rep.authority_documents else C["representative_none"], v))
            if rep.appointed_by or rep.appointed_on:
                appointed = ", ".join(
                    x
                    for x in (
                        T.clean(rep.appointed_by) if rep.appointed_by else "",
                        T.long_date(rep.appointed_on) if rep.appointed_on else "",
                    )
                    if x
                )
                items.append(fill(C["appointment"], {**v, "appointed": appointed}))
    items.append(fill(C["precedent"], {}))
    items += [" ".join(s.split()) for s in C["fixed"]]
    return items


# ---------------------------------------------------------------- rule-file self check


def rule_problems() -> list[str]:
    """Every unknown condition, fact name, value or authority key in analysis.yaml (for tests)."""
    known_facts = {
        "near_border",
        "contractor",
        "removal_related",
        "outside_us",
        "task_force",
        "death",
        "minor",
        "multi_agency",
        "dhs",
        "non_dhs",
        "immigration",
        "close_to_bivens",
        "arrest_for_removal",
        "detention",
        "force",
        "restored_torts",
        "unclear_torts",
        "represented",
        "unknown_officers",
        "bivens_clock_tight",
        "bivens_soon",
        "presented",
        "suit_available",
        "denied",
        "mailed",
        "receipt_target",
        "all_citizens",
        "any_citizen",
        "noncitizen_or_unknown",
        "married_injured",
        "spouse_claimant",
        "death_no_authority",
        "death_wrong_signer",
        "death_settlement_approval",
        "restrained",
        "restrained_arrest",
        "home_entered",
        "property_taken",
        "courthouse",
        "citizen_held",
        "il_before_act",
        "delivery_urgent",
    }
    engine_flags = set(data.load("deadlines").get("flags", {}))
    problems: list[str] = []
    authorities = data.authorities()

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "when":
                    check_when(v, f"{path}.when")
                else:
                    walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")
        elif isinstance(node, str):
            for key in re.findall(r"\[\[(\w+)\]\]|<<(\w+)>>", node):
                name = key[0] or key[1]
                if name not in authorities:
                    problems.append(f"{path}: unknown authority {name!r}")

    def check_when(when: Any, path: str) -> None:
        if not isinstance(when, dict):
            problems.append(f"{path}: must be a mapping")
            return
        for k, v in when.items():
            if k not in WHEN_KEYS:
                problems.append(f"{path}: unknown condition {k!r}")
            elif k in ("facts", "not_facts"):
                problems.extend([f"{path}: unknown fact {n!r}" for n in v if n not in known_facts])
            elif k == "not_flags":
                problems.extend(f"{path}: unknown engine flag {n!r}" for n in v if n not in engine_flags)
            elif k == "any":
                for i, w in enumerate(v):
                    check_when(w, f"{path}.any[{i}]")
            elif k == "conduct_any":
                problems.extend(f"{path}: unknown conduct {n!r}" for n in v if n not in data.conduct())
            elif k == "agency_any":
                problems.extend(f"{path}: unknown agency {n!r}" for n in v if n not in data.agencies())

    walk(rules(), "analysis")
    return problems
