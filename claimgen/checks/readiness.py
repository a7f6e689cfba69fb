"""Readiness: what keeps a valid case file from being a claim that can be signed and mailed.

``validate`` answers "is the case file right?"; this module answers "can it go in the
envelope?" — a sum certain, a signer with authority, a schedule without provisional
amounts, exhibits that are still the files registered, a narrative the signer stands by.
The rules, their wording and citations live in ``data/readiness.yaml``; each problem
names the key path to fix. ``validate --final`` lists them (exit 1); ``build --final``
refuses to write anything while there is one.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from .. import data
from ..errors import CaseError, Problem
from ..model import Case, Claimant

RULES_FILE = "readiness"


class NotReady(CaseError):
    """A final build of a claim that is not ready to file (``problems``: what keeps it from being filed)."""


@cache
def rules() -> dict[str, dict]:
    """The rules of ``data/readiness.yaml``, keyed by rule id."""
    return data.load(RULES_FILE)["rules"]


@cache
def _patterns(rule_id: str) -> tuple[re.Pattern[str], ...]:
    row = rules()[rule_id]
    flags = 0 if row.get("case_sensitive") else re.IGNORECASE
    return tuple(re.compile(p, flags) for p in row.get("patterns", ()))


def _first_match(rule_id: str, text: str | None) -> str | None:
    """The first words of ``text`` that a rule's patterns find (None when none does)."""
    if not text:
        return None
    for pattern in _patterns(rule_id):
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


def _problem(rule_id: str, key_path: str, /, *, also_cites: tuple[str, ...] = (), **values: Any) -> Problem:
    """One problem at ``key_path``: the rule's message filled with ``values``, then its citations
    (and ``also_cites``: authorities the case's facts add, such as the incident state's statute)."""
    row = rules()[rule_id]
    message = " ".join(str(row["message"]).split()).format(**values)
    cites = "; ".join(data.cite(key) for key in (*row["citations"], *also_cites))
    return Problem(key_path, f"{message} ({cites})")


def death_signer_outside_state_law(state: str, capacity: str | None) -> dict | None:
    """The incident state's wrongful-death row when ``capacity`` is neither the person its law names
    to bring the claim (Minnesota's trustee) nor the estate's executor or administrator
    (28 C.F.R. § 14.3(c)); None when it is one of them, or the state names no one person."""
    row = data.load("wrongful_death")["states"].get(state) or {}
    if not row.get("signer_patterns") or not capacity:
        return None
    if _first_match("death_state_signer", capacity):
        return None
    if any(re.search(p, capacity, re.IGNORECASE) for p in row["signer_patterns"]):
        return None
    return row


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def readiness_problems(case: Case, case_dir: Path | None, today: dt.date, *, hash_files: bool = True) -> list[Problem]:
    """Every problem that keeps ``case`` from being filed as it stands, in the order of the case file.

    ``today``: the day the claim would be signed (a child who has turned 18 signs for
    themself). ``hash_files``: re-hash every exhibit (False compares only each file's size,
    without reading it).
    """
    problems: list[Problem] = []
    for i, claimant in enumerate(case.claimants):
        problems += _claimant_problems(case, claimant, f"claimants[{i}]", today)
    problems += _narrative_problems(case)
    claim = case.claim
    if claim.denial_mailed_on is not None and claim.presented_on is None:
        problems.append(
            _problem("denial_without_receipt", "claim.presented_on", denial=claim.denial_mailed_on.isoformat())
        )
    for k, agency in enumerate(case.incident.agencies):
        row = data.agencies()[agency]
        if not row.get("address"):
            problems.append(_problem("agency_address", f"incident.agencies[{k}]", agency=agency, name=row["name"]))
    problems += _exhibit_problems(case, case_dir, hash_files)
    return problems


def _claimant_problems(case: Case, c: Claimant, base: str, today: dt.date) -> list[Problem]:
    out: list[Problem] = []
    if c.damages.total <= 0:
        out.append(_problem("sum_certain", f"{base}.damages"))
    out += _signer_problems(case, c, base, today)
    for j, item in enumerate(c.damages_items):
        found = _first_match("preliminary_amount", item.description)
        if found:
            out.append(_problem("preliminary_amount", f"{base}.damages_items[{j}].description", found=found))
    if c.damages.property_damage > 0 and (c.property is None or not (c.property.description or "").strip()):
        out.append(
            _problem("property_description", f"{base}.property.description", amount=_money(c.damages.property_damage))
        )
    return out


def _death_reason(case: Case, c: Claimant) -> str | None:
    """Why this claimant's claim is a claim for a death (None when it is not one)."""
    if c.role == "estate":
        return "the claimant is an estate"
    if c.damages.wrongful_death > 0:
        return "wrongful-death damages are claimed"
    return None


def _minor_now(c: Claimant, today: dt.date) -> str | None:
    """How the claimant is a minor on the signing day ("9 years old", "minor: true"); None for an adult."""
    age = c.age_on(today)
    if age is not None:
        return f"{age} years old" if age < 18 else None
    return "minor: true" if c.minor else None


def _signer_problems(case: Case, c: Claimant, base: str, today: dt.date) -> list[Problem]:
    """Who signs: a representative with evidence of authority, already appointed; never a child alone."""
    out: list[Problem] = []
    rep = c.representative
    name = " ".join(c.name.split())
    death = _death_reason(case, c)
    minor = _minor_now(c, today)
    if rep is None:
        if death:
            out.append(_problem("death_claim_representative", f"{base}.representative", why=death))
        if minor:
            out.append(_problem("minor_signer", f"{base}.representative", name=name, age=minor))
        return out
    capacity = " ".join(rep.capacity.split())
    if minor and not death and not _first_match("minor_representative", capacity):
        out.append(
            _problem("minor_representative", f"{base}.representative.capacity", name=name, age=minor, capacity=capacity)
        )
    if not rep.authority_documents:
        if death:
            out.append(_problem("death_claim_representative", f"{base}.representative.authority_documents", why=death))
        else:
            out.append(
                _problem(
                    "representative_authority",
                    f"{base}.representative.authority_documents",
                    capacity=capacity,
                    name=name,
                )
            )
    state_row = death_signer_outside_state_law(case.incident.state, capacity) if death else None
    if state_row:
        out.append(
            _problem(
                "death_state_signer",
                f"{base}.representative.capacity",
                also_cites=tuple(state_row.get("signer_citations", ())),
                state_name=data.states()[case.incident.state]["name"],
                signer=state_row["signer"],
                name=name,
                capacity=capacity,
            )
        )
    if _first_match("not_appointed", capacity) or (rep.appointed_on is not None and rep.appointed_on > today):
        out.append(_problem("not_appointed", f"{base}.representative.capacity", capacity=capacity))
    return out


def _signer_kind(case: Case) -> str | None:
    """Who signs for someone else's account: counsel, a representative, several claimants; None when one person."""
    if case.counsel is not None and case.counsel.role != "self":
        return "counsel"
    if any(c.representative is not None for c in case.claimants):
        return "representative"
    if len(case.claimants) > 1:
        return "several"
    return None


def _narrative_problems(case: Case) -> list[Problem]:
    """A narrative the interview took down: in another language, or in another person's voice."""
    state = case.interview if isinstance(case.interview, dict) else None
    inc = case.incident
    if state is None or inc.narrative_reviewed:
        return []
    answered = state.get("answered")
    if isinstance(answered, list) and "incident.narrative" not in answered:
        return []  # the interview did not record the narrative (it was typed into the file)
    out: list[Problem] = []
    lang = str(state.get("lang") or "en")
    if lang != "en":
        language = data.load(RULES_FILE).get("languages", {}).get(lang, lang)
        out.append(_problem("narrative_language", "incident.narrative_reviewed", language=language))
    signer = _signer_kind(case)
    found = _first_match("narrative_voice", inc.narrative) if signer else None
    if found:
        wording = rules()["narrative_voice"]["signers"][signer]
        out.append(_problem("narrative_voice", "incident.narrative_reviewed", found=found, signer=wording))
    return out


def _exhibit_problems(case: Case, case_dir: Path | None, hash_files: bool) -> list[Problem]:
    """Each exhibit is still where the case says, with the content registered for it."""
    from ..evidence.common import resolve_evidence_path
    from ..evidence.verify import CHANGED, OK, check_one

    out: list[Problem] = []
    if case_dir is None:
        return out
    for i, e in enumerate(case.evidence):
        if "\x00" in e.path:
            continue  # no file can have this name; validate reports the path itself
        path = resolve_evidence_path(e.path, case_dir)
        if hash_files:
            status, _size, _digest, detail = check_one(path, e.size, e.sha256)
        else:
            status, detail = _present(path, e.size)
        if status == OK:
            continue
        shown = " ".join(e.path.split())
        if status == CHANGED:
            out.append(_problem("exhibit_changed", f"evidence[{i}].sha256", id=e.id, path=shown, detail=detail))
        else:
            out.append(
                _problem("exhibit_missing", f"evidence[{i}].path", id=e.id, path=shown, detail=detail or "missing")
            )
    return out


def _present(path: Path, size: int) -> tuple[str, str]:
    """(status, detail) from the file's size alone: MISSING, CHANGED (another size) or ok, without reading it."""
    from ..evidence.verify import CHANGED, MISSING, OK

    try:
        st = path.stat()
    except OSError:
        return MISSING, "file not found"
    if not path.is_file():
        return MISSING, "not a regular file"
    if st.st_size != size:
        return CHANGED, f"size is {st.st_size} bytes, registered {size}"
    return OK, ""


def split_for_final(errors: list[Problem], readiness: list[Problem]) -> list[Problem]:
    """The case-file errors (or warnings) that remain once the readiness problems are listed.

    A readiness rule can see what ``validate`` also reports — no sum certain, an exhibit
    that is gone or changed, a representative without evidence of authority. Under
    ``--final`` those are readiness problems (exit 1), named once; every other error stays
    an error in the case file (exit 2).
    """
    covered = {p.path for p in readiness}
    covered |= {p.path.replace(".sha256", ".size") for p in readiness if p.path.endswith(".sha256")}
    # no sum certain: the empty boxes also disagree with their itemized lines; one problem, not four
    boxes = tuple(p.path + "." for p in readiness if p.path.endswith("].damages"))
    return [p for p in errors if p.path not in covered and not p.path.startswith(boxes)]
