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
from ..model import Case
from .. import formatting as T

RULES = "analysis"

# [[key]] → "(cite)" (adjacent markers share one pair); <<key>> → "cite" inline; {name} → a value.
_CITE_RUN = re.compile(r"\[\[\w+\]\](?:\s*\[\[\w+\]\])*")
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
        out += [self.bivens_intro, *self.bivens_claims, self.bivens_contexts, *self.bivens_matches, *self.bivens_differences]
        out += [self.bivens_step_two, *self.bivens_recent, self.likelihood_reason, *self.qualified_immunity, *self.limitations]
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


def fill(template: str, values: dict[str, Any], keys: list[str] | None = None) -> str:
    """Resolve citation markers and ``{name}`` values in one pass (values are never re-scanned).

    ``[[a]] [[b]]`` → ``(cite a; cite b)``; ``<<a>>`` → ``cite a``. Keys cited are appended
    to ``keys``. A missing value or authority is a bug in the rules and raises KeyError.
    """
    keys = keys if keys is not None else []
    text = " ".join(template.split())
    # First fold each run of [[a]] [[b]] into one <<(a|b)>> token (data text only, no values yet).
    text = _CITE_RUN.sub(lambda m: "<<(" + "|".join(re.findall(r"\[\[(\w+)\]\]", m.group(0))) + ")>>", text)

    def token(m: re.Match) -> str:
        if m.group(1) is not None:
            cited = m.group(1).split("|")
            keys.extend(cited)
            return "(" + "; ".join(data.cite(k) for k in cited) + ")"
        if m.group(2) is not None:
            keys.append(m.group(2))
            return data.cite(m.group(2))
        return str(values[m.group(3)])

    return _TOKEN.sub(token, text)


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
    day = bivens.date
    for _ in range(400):  # at most about six months back
        first_suit = _six_months_from(day)
        if first_suit is not None and first_suit <= bivens.date:
            break
        day -= dt.timedelta(days=1)
    else:
        return None
    if day < as_of or day >= presentment.date:
        return None
    return day


def _triggered_torts(conduct: set[str]) -> list[dict]:
    return [t for t in rules()["torts"] if set(t["conduct"]) & conduct]


def case_facts(case: Case, report: Any) -> dict[str, Any]:
    """Named booleans and sets the rules test (see the head of analysis.yaml)."""
    inc = case.incident
    conduct = set(inc.conduct)
    agencies = set(inc.agencies)
    directory = data.agencies()
    departments = {directory[a].get("department") for a in agencies}
    as_of = getattr(report, "as_of", None) or dt.date.today()
    torts = _triggered_torts(conduct)
    immigration = bool(agencies & {"ICE", "CBP"})
    facts: dict[str, Any] = {
        "_conduct": conduct,
        "_agencies": agencies,
        "_departments": departments,
        "_state": inc.state,
        "near_border": inc.near_border,
        "contractor": bool(inc.contractor),
        "removal_related": inc.removal_related,
        "outside_us": inc.outside_us,
        "task_force": inc.task_force,
        "death": "death" in conduct or any(c.damages.wrongful_death > 0 for c in case.claimants),
        "minor": any(c.is_minor_on(as_of) for c in case.claimants),
        "multi_agency": len(agencies) > 1,
        "dhs": "DHS" in departments,
        "non_dhs": any(directory[a].get("department") != "DHS" for a in agencies),
        "immigration": immigration,
        "close_to_bivens": "home_entry" in conduct and not inc.near_border and not inc.outside_us,
        "arrest_for_removal": immigration
        and bool(conduct & {"false_arrest", "prolonged_detention"})
        and not inc.removal_related,
        "detention": bool(conduct & {"prolonged_detention", "medical_neglect"}) or bool(inc.contractor),
        "force": bool(conduct & {"excessive_force", "deadly_force"}),
        "restored_torts": any(t["proviso"] == "restored" for t in torts),
        "unclear_torts": any(t["proviso"] == "unclear" for t in torts),
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
    facts["mailed"] = (not facts["presented"] and case.claim.presented_on is None
                       and mailed_on is not None and mailed_on <= as_of)
    facts["receipt_target"] = (not facts["presented"]
                               and _receipt_target(_bivens_for_timing(report), presentment, as_of) is not None)
    facts["denied"] = suit is not None and suit.date is not None and suit.status == "open"
    facts["suit_available"] = (earliest is not None and earliest.status == "met" and not facts["denied"]
                               and (suit is None or suit.status == "not_applicable"))
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
    return facts


def _agency_name(key: str) -> str:
    row = data.agencies().get(key, {})
    return row.get("name", key)


def _finding(row: dict, values: dict[str, Any], prefix: str = "") -> Finding:
    keys: list[str] = []
    text = fill(row["text"], values, keys)
    why = fill(row["why"], values, keys) if row.get("why") else ""
    title = fill(row["title"], values, keys) if row.get("title") else ""
    verify = [" ".join(str(v).split()) for v in row.get("verify") or []]
    return Finding(id=prefix + str(row.get("id") or row.get("key") or ""), text=text, authorities=keys, title=title,
                   why=why, verify=verify)


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
        self.position = {}
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


def _support_rows(case: Case, no_exhibit: str) -> list[dict[str, str]]:
    """What in the record supports each fact: narrative, injuries, damage items, property, witnesses."""

    def row(fact: str, ids: list[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(ids))
        return {"fact": fact, "exhibits": "; ".join(_exhibit_label(case, i) for i in ids) if ids else no_exhibit}

    index = _SupportIndex(case)
    evidence = case.evidence
    rows = [row("What happened (SF-95 box 8, the narrative above)", _supporting(case, "box-8", index=index))]
    authority_docs = {e for c in case.claimants if c.representative for e in c.representative.authority_documents}
    single = len(case.claimants) == 1
    everyone = {c.id for c in case.claimants} | {it.id for c in case.claimants for it in c.damages_items if it.id}
    for c in case.claimants:
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
        if single:
            candidates = range(len(evidence))
        else:
            candidates = index.naming(c.id, *items)
        listed = sorted({index.position[e] for e in injury_listed | property_listed if e in index.position})
        candidates = sorted(set(candidates) | set(listed))
        ids = [evidence[i].id for i in candidates
               if (e := evidence[i]).id not in authority_docs and belongs(sup := index.supports[i])
               and ("box-10" in sup or (c.id in sup and "box-8" in sup) or injury_items & sup)
               or e.id in injury_listed and e.id not in authority_docs]
        if injured:
            rows.append(row(f"{c.name}: injuries (box 10)", ids))
        if c.property is not None or c.damages.property_damage > 0:
            ids = [evidence[i].id for i in candidates
                   if belongs(sup := index.supports[i]) and ("box-9" in sup or property_items & sup)
                   or evidence[i].id in property_listed]
            rows.append(row(f"{c.name}: property damage (box 9)", ids))
        for item in c.damages_items:
            ids = list(item.evidence) + (_supporting(case, item.id, index=index) if item.id else [])
            rows.append(row(f"{c.name}: {T.clean(item.description)} ({T.money(item.amount)})", ids))
        if c.representative is not None:
            rep = c.representative
            rows.append(row(f"{rep.name} may sign for {c.name} ({T.clean(rep.capacity)})", list(rep.authority_documents)))
    for w in case.witnesses:
        saw = T.clean(w.saw).strip() if w.saw else ""
        fact = f"Witness {w.name}" + (f": {saw}" if saw else "")
        rows.append(row(fact, _supporting(case, w.id, index=index) if w.id else []))
    return rows


def _officer_rows(case: Case) -> list[dict[str, str]]:
    rows = []
    unknown = 0
    for o in case.incident.officers:
        if o.known:
            who = T.clean(o.name)
        else:
            unknown += 1
            who = f"Unknown officer {unknown}"
        details = []
        for label, value in (
            ("Description", o.description),
            ("Badge", o.badge_number),
            ("What the officer did", o.role),
            ("How identified", o.how_identified),
        ):
            if value:
                details.append(f"{label}: {T.clean(value)}")
        rows.append({
            "who": who,
            "agency": o.agency or "not recorded",
            "details": "; ".join(details) or "No description recorded.",
        })
    return rows


def _period_text(state: dict, case: Case) -> tuple[str, str, str]:
    """(period sentence, citation as printed, tag) for the state's Bivens limitation period."""
    lim = state.get("bivens_limitations") or {}
    tag = lim.get("tag") or "U"
    citation = lim.get("citation")
    years = lim.get("years")
    if years is None and case.claim.bivens_period_years:
        return (f"{case.claim.bivens_period_years} years, entered by hand in the case file (no citation on file) [verify]", "", "U")
    if years is None or not citation:
        return ("", "", tag)
    cite = citation + (" [verify]" if data.needs_verify(tag) else "")
    return (f"{years} years ({cite})", cite, tag)


def _span(start: dt.date, end: dt.date) -> str:
    """'12 days', 'about 4 years' between two dates, in words a reader takes in at a glance."""
    days = (end - start).days
    if days >= 365:
        years = round(days / 365.25)
        return f"about {years} year" + ("s" if years != 1 else "")
    return f"{days} day" + ("s" if days != 1 else "")


def analyze(case: Case, report: Any) -> Analysis:
    """Apply the rules in analysis.yaml to ``case``; ``report`` is ``deadlines.compute(case, as_of)``."""
    R = rules()
    memo = R["memo"]
    inc = case.incident
    facts = case_facts(case, report)
    as_of = getattr(report, "as_of", None) or dt.date.today()
    state = data.states()[inc.state]
    conduct_labels = [data.conduct()[c]["label"] for c in inc.conduct]
    agency_names = join_names([_agency_name(a) for a in inc.agencies])
    torts = _triggered_torts(facts["_conduct"])
    unclear = [t["name"][:1].lower() + t["name"][1:] for t in torts if t["proviso"] == "unclear"]
    minors = [c.name for c in case.claimants if c.is_minor_on(as_of)]
    likelihood_row = next(r for r in R["bivens"]["likelihood"] if holds(r.get("when"), facts))
    bivens = _bivens_for_timing(report)
    presentment = _deadline(report, "ftca_presentment")
    earliest = _deadline(report, "ftca_earliest_suit")
    suit = _deadline(report, "ftca_suit_deadline")
    period_sentence, period_cite, period_tag = _period_text(state, case)

    values: dict[str, Any] = {
        "state_name": state["name"],
        "state": inc.state,
        "place": T.clean(inc.place) if inc.place else state["name"],
        "incident_date": T.long_date(inc.date),
        "agency_names": agency_names,
        "non_dhs_names": join_names([_agency_name(a) for a in inc.agencies if data.agencies()[a].get("department") != "DHS"]),
        "immigration_names": join_names([_agency_name(a) for a in inc.agencies if a in ("ICE", "CBP")]),
        "contractor": T.clean(inc.contractor) if inc.contractor else "",
        "unclear_names": join_names(unclear) or "none",
        "unclear_lead": ("This claim is not among the torts the proviso names:" if len(unclear) == 1
                         else "These claims are not among the torts the proviso names:"),
        "unclear_them": "it" if len(unclear) == 1 else "them",
        "unclear_need": "needs" if len(unclear) == 1 else "need",
        "as_of": T.long_date(as_of),
        "bivens_which": ("safer Bivens deadline" if bivens is not None and bivens.id != "bivens_limitations"
                         else "Bivens deadline"),
        "bivens_days_left": "" if bivens is None or getattr(bivens, "days_left", None) is None else str(bivens.days_left),
        "presented_on": T.long_date(case.claim.presented_on) if case.claim.presented_on else "the recorded day",
        "suit_act_by": (T.long_date(suit.act_by) if suit is not None and suit.act_by else "not computed"),
        "relation": "",
        "gap": "",
        "minor_names": join_names(minors),
        "minor_verb": "is" if len(minors) == 1 else "are",
        "sum_list": "; ".join(f"{c.name}: {T.money(c.damages.total)}" for c in case.claimants),
        "discretion_examples": join_names(
            [R["discretion_examples"][c] for c in inc.conduct if c in R["discretion_examples"]]
        ) or "the officers' choices",
        "likelihood": likelihood_row["label"].lower(),
        "bivens_period": period_sentence or R["bivens"]["limitations"]["no_period"].replace("{state_name}", state["name"]),
        "bivens_date": T.long_date(bivens.date) if bivens and bivens.date else "not computed",
        "bivens_act_by": T.long_date(bivens.act_by) if bivens and bivens.act_by else "not computed",
        "presentment_date": T.long_date(presentment.date) if presentment and presentment.date else "not computed",
        "presentment_act_by": T.long_date(presentment.act_by) if presentment and presentment.act_by else "not computed",
        "earliest_suit_date": T.long_date(earliest.date) if earliest and earliest.date else "",
        "mailed_on": T.long_date(case.claim.mailed_on) if case.claim.mailed_on else "",
        "receipt_target": "",
        "receipt_target_act_by": "",
    }
    target = _receipt_target(bivens, presentment, as_of) if facts["receipt_target"] else None
    if target is not None:
        from .calendar_days import business_day_on_or_before

        values["receipt_target"] = T.long_date(target)
        values["receipt_target_act_by"] = T.weekday_date(business_day_on_or_before(target))
    values["discretion_examples"] = values["discretion_examples"][:1].lower() + values["discretion_examples"][1:]

    # ---- summary
    claimant_rows = []
    for c in case.claimants:
        rep = c.representative
        claimant_rows.append({
            "name": c.name,
            "role": (c.role or "").replace("_", " "),
            "signs": f"{rep.name}, {rep.capacity}" if rep else "the claimant",
            "property": T.money(c.damages.property_damage),
            "injury": T.money(c.damages.personal_injury),
            "death": T.money(c.damages.wrongful_death),
            "total": T.money(c.damages.total),
        })
    total = sum((c.damages.total for c in case.claimants), Decimal("0.00"))
    agency_rows = [
        {"key": a, "name": _agency_name(a), "office": data.agencies()[a].get("claims_office") or ""}
        for a in inc.agencies
    ]
    incident = {
        "date": T.weekday_date(inc.date),
        "time": T.time_12h(inc.time) if inc.time else "not recorded",
        "place": T.clean(inc.place) if inc.place else state["name"],
        "state": state["name"],
        "conduct": "; ".join(conduct_labels) or "not recorded",
        "settings": "; ".join(
            label
            for flag, label in (
                (inc.near_border, "at or near an international border"),
                (inc.outside_us, "outside the United States"),
                (bool(inc.contractor), f"private contractor involved: {T.clean(inc.contractor or '')}"),
                (inc.removal_related, "the harm flows from removal proceedings or a removal order"),
                (inc.task_force, "state or local officers on a federal task force took part"),
            )
            if flag
        ) or "none recorded",
    }
    deadline_rows = []
    table = list(getattr(report, "deadlines", []))
    for safer_row in getattr(report, "safer_dates", []):
        # The safer Bivens reading sits right after the contract Bivens row.
        at = next((i + 1 for i, d in enumerate(table) if d.id == "bivens_limitations"), len(table))
        table.insert(at, safer_row)
    for d in table:
        kind = getattr(d, "kind", "last_day")
        deadline_rows.append({
            "label": getattr(d, "label", "") or d.id,
            "date": T.long_date(d.date) if d.date else "—",
            # "Act by" is a last business day: a first day to sue has none (the check table's "—").
            "act_by": T.weekday_date(d.act_by) if d.act_by and kind == "last_day" else "—",
            "status": data.status_word(kind, str(d.status)),
            "days_left": "" if getattr(d, "days_left", None) is None else str(d.days_left),
            "rule": d.rule or "",
        })

    engine_flags = sorted(getattr(report, "flags", []), key=lambda f: SEVERITY_ORDER.get(f.severity, 3))
    risks = [
        Finding(id=f"flag:{f.id}", text=f"{f.message}", title=f.severity.capitalize())
        for f in engine_flags
        if f.severity in ("critical", "warning")
    ]
    risks += _findings(R["risks"], facts, values, "risk:")

    # ---- facts
    narrative = T.paragraphs(inc.narrative)
    support = _support_rows(case, memo["no_exhibit"])

    # ---- FTCA
    tort_rows = []
    for t in torts:
        from_conduct = [data.conduct()[c]["label"] for c in inc.conduct if c in t["conduct"]]
        tort_rows.append({"tort": t["name"], "facts": "; ".join(from_conduct), "proviso": R["proviso_labels"][t["proviso"]]})
    ftca = _findings(R["ftca"], facts, values)
    exceptions = _findings(R["exceptions"], facts, values)
    procedure = _findings(R["procedure"], facts, values)
    damages = _findings(R["damages"], facts, values)

    # ---- Bivens
    B = R["bivens"]
    intro = _finding({"id": "bivens_intro", "text": B["intro"]}, values)
    claims = [
        _finding(c, values, "claim:")
        for c in B["claims"]
        if set(c["conduct"]) & facts["_conduct"]
    ]
    if not claims:
        claims = [_finding({"id": "claim:none", "text": B["no_claims"]}, values)]
    contexts = _finding({"id": "contexts", "text": B["contexts"]}, values)
    matches = _findings(B["matches"], facts, values, "match:")
    differences = _findings(B["differences"], facts, values, "differs:")
    if not differences:
        differences = [_finding({"id": "differs:none", "text": B["no_difference"]}, values)]
    step_two = _finding({"id": "step_two", "text": B["step_two"]}, values)
    recent = _findings(B["recent"], facts, values, "recent:")
    likelihood_reason = _finding({"id": "likelihood", "text": likelihood_row["reason"]}, values)
    qi = _findings(B["qualified_immunity"], facts, values, "qi:")

    L = B["limitations"]
    limitations = [_finding({"id": "lim:borrowed", "text": L["borrowed"]}, values)]
    lim_row = state.get("bivens_limitations") or {}
    if lim_row.get("note"):
        limitations.append(Finding(id="lim:state_note", text=f"{state['name']}: {T.clean(lim_row['note'])}", authorities=[]))
    safer = lim_row.get("safer_years")
    safer_rows = [d for d in _bivens_rows(report) if d.id != "bivens_limitations" and d.date]
    if safer and lim_row.get("years") and safer < lim_row["years"]:
        values["safer_years"] = str(safer)
        values["safer_date"] = T.long_date(safer_rows[0].date) if safer_rows else "not computed"
        values["safer_act_by"] = T.weekday_date(safer_rows[0].act_by) if safer_rows and safer_rows[0].act_by else "not computed"
        limitations.append(_finding({"id": "lim:safer_period", "text": L["safer_period"]}, values))
    limitations.append(_finding({"id": "lim:accrual", "text": L["accrual"]}, values))
    limitations.append(Finding(id="lim:no_tolling", text=" ".join(L["no_tolling"].split())))
    if bivens is not None and bivens.date is not None:
        if bivens.status != "open":
            limitations.append(Finding(
                id="lim:status",
                text=f"The deadline report shows the Bivens deadline ({values['bivens_date']}) as {str(bivens.status).replace('_', ' ')}.",
            ))
        elif earliest is not None and earliest.date is not None:
            if earliest.status == "met":
                key = "earliest_passed"
            else:
                values["gap"] = _span(earliest.date, bivens.date)
                key = "before_earliest_suit" if bivens.date < earliest.date else "after_earliest_suit"
            limitations.append(_finding({"id": f"lim:{key}", "text": L[key]}, values))
        elif facts["bivens_clock_tight"]:
            limitations.append(_finding({"id": "lim:too_late_to_wait", "text": L["too_late_to_wait"]}, values))
        elif presentment is not None and presentment.date is not None:
            if bivens.date < presentment.date:
                values["relation"] = _span(bivens.date, presentment.date) + " before"
            elif bivens.date == presentment.date:
                values["relation"] = "the same day as"
            else:
                values["relation"] = _span(presentment.date, bivens.date) + " after"
            limitations.append(_finding({"id": "lim:not_presented", "text": L["not_presented"]}, values))
    judgment_bar = _findings(B["judgment_bar"], facts, values, "bar:")
    sequence = _findings(B["sequence"], facts, values, "seq:")

    # ---- other roads
    channels = _findings(R["complaint_channels"], facts, values, "channel:")
    other = []
    for row in R["other_roads"]:
        if not holds(row.get("when"), facts):
            continue
        other.append(_finding(row, values))
        if row.get("id") == "admin_complaints":
            other += channels  # one office to a paragraph, under the same heading

    analysis = Analysis(
        marking=memo["marking"],
        title=memo["title"],
        disclaimer=" ".join(memo["disclaimer"].split()),
        as_of=as_of,
        case_title=T.clean(case.title) if case.title else "",
        claimants=claimant_rows,
        total_claimed=T.money(total),
        agencies=agency_rows,
        incident=incident,
        deadlines=deadline_rows,
        risks=risks,
        facts=narrative,
        support=support,
        torts=tort_rows,
        ftca=ftca,
        exceptions=exceptions,
        procedure=procedure,
        damages=damages,
        bivens_intro=intro,
        defendants=_officer_rows(case),
        defendants_note=" ".join(B["unknown_officer_note"].split()) if facts["unknown_officers"] and case.incident.officers else "",
        bivens_claims=claims,
        bivens_contexts=contexts,
        bivens_no_match=" ".join(B["no_match"].split()),
        bivens_matches=matches,
        bivens_differences=differences,
        bivens_step_two=step_two,
        bivens_recent_intro=B["recent_intro"],
        bivens_recent=recent,
        likelihood=likelihood_row["label"],
        likelihood_reason=likelihood_reason,
        qualified_immunity=qi,
        precedent_placeholder=memo["precedent_placeholder"],
        limitations=limitations,
        judgment_bar=judgment_bar,
        sequence=sequence,
        other_roads=other,
        checklist=[],
        facts_flags={k: v for k, v in facts.items() if not k.startswith("_")},
    )
    analysis.checklist = _checklist(case, analysis, engine_flags, values, state, period_cite, period_tag)
    return analysis


def _checklist(case: Case, analysis: Analysis, engine_flags: list, values: dict, state: dict,
               period_cite: str, period_tag: str) -> list[str]:
    """The closing list: engine flags, addresses, unverified authorities, gaps in the record."""
    C = rules()["checklist"]
    items: list[str] = []
    # Warnings and critical flags are already the first top risks: one line here, not a copy.
    shown = [f for f in engine_flags if f.severity in ("critical", "warning")]
    if shown:
        items.append(fill(C["engine_warnings"], {"count": f"items 1-{len(shown)}" if len(shown) > 1 else "item 1"}))
    for f in engine_flags:
        if f not in shown:
            items.append(fill(C["engine_flag"], {"severity": f.severity, "message": f.message}))
    for key in case.incident.agencies:
        row = data.agencies()[key]
        v = {"agency": key, "agency_name": row["name"], "claims_office": row.get("claims_office") or "no claims office on file",
             "address": ", ".join(row["address"]) if row.get("address") else "", "source": row.get("source") or "not recorded",
             "tag_meaning": data.TAG_MEANING.get(row.get("tag") or "U", "unverified — verify")}
        items.append(fill(C["agency"] if row.get("address") else C["agency_no_address"], v))
    # Every unverified authority the memo relies on, its findings' and the engine flags' alike.
    keys = dict.fromkeys(analysis.authority_keys())
    for f in engine_flags:
        keys.update(dict.fromkeys(k for k in getattr(f, "citations", ()) if k in data.authorities()))
    for key in keys:
        row = data.authority(key)
        if data.needs_verify(row.get("tag")):
            items.append(fill(C["unverified_authority"], {"cite": row["cite"], "holds": row.get("holds", "")}))
    for finding in analysis.findings():
        items += [v for v in finding.verify if v not in items]
    lim = state.get("bivens_limitations") or {}
    if period_cite and period_tag != "P":
        items.append(fill(C["state_period"], {"state_name": state["name"], "citation": lim.get("citation"),
                                              "tag_meaning": data.TAG_MEANING.get(period_tag, "unverified")}))
    elif not period_cite:
        items.append(" ".join(rules()["bivens"]["limitations"]["no_period"].split()).replace("{state_name}", state["name"]))
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
        for item in c.damages_items:
            supported = list(item.evidence) + (_supporting(case, item.id, index=index) if item.id else [])
            if not supported:
                items.append(fill(C["no_evidence_item"], {"claimant_name": c.name, "item": T.clean(item.description), "amount": T.money(item.amount)}))
        rep = c.representative
        if rep is not None:
            v = {"rep_name": rep.name, "capacity": rep.capacity, "claimant_name": c.name,
                 "exhibits": "; ".join(_exhibit_label(case, e) for e in rep.authority_documents)}
            items.append(fill(C["representative"] if rep.authority_documents else C["representative_none"], v))
    items.append(fill(C["precedent"], {}))
    items += [" ".join(s.split()) for s in C["fixed"]]
    return items


# ---------------------------------------------------------------- rule-file self check


def rule_problems() -> list[str]:
    """Every unknown condition, fact name, value or authority key in analysis.yaml (for tests)."""
    known_facts = {
        "near_border", "contractor", "removal_related", "outside_us", "task_force", "death", "minor",
        "multi_agency", "dhs", "non_dhs", "immigration", "close_to_bivens", "arrest_for_removal",
        "detention", "force", "restored_torts", "unclear_torts", "represented", "unknown_officers",
        "bivens_clock_tight", "bivens_soon", "presented", "suit_available", "denied", "mailed",
        "receipt_target",
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
