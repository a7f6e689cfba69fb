"""Business rules over a parsed case: what the schema alone cannot see.

Errors stop ``build`` (exit 2); warnings are what a lawyer should look at.
Every rule names the key path it is about.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import data
from ..errors import Problem
from ..model import DAMAGE_CATEGORIES, Case, Model

_CONTROL_OK = {"\n", "\t"}
# The languages of the interview (claimgen/locale holds their catalogs); docs/case-file.md, `interview.lang`.
INTERVIEW_LANGS = ("en", "es")


def _money(value: Decimal) -> str:
    return f"${value:,.2f}"


def looks_like_placeholder(amount: Decimal) -> bool:
    """Round or patterned amounts that are often typed as a stand-in for the real sum."""
    if amount <= 0:
        return False
    whole = int(amount)
    digits = str(whole)
    if amount == amount.to_integral_value():
        if whole >= 1_000_000 and whole % 1_000_000 == 0:
            return True
        if len(digits) >= 4 and set(digits) == {"9"}:
            return True
        if len(digits) >= 4 and len(set(digits)) == 1:
            return True
        if len(digits) >= 4 and "1234567890".startswith(digits):
            return True
    if str(amount) in {"999999.99", "99999.99", "9999999.99"}:
        return True
    return False


def _text_problems(value: Any, path: str) -> list[Problem]:
    """Control characters in user text (other than newline and tab) are refused."""
    out = []
    if isinstance(value, str):
        bad = sorted({c for c in value if unicodedata.category(c) == "Cc" and c not in _CONTROL_OK})
        if bad:
            names = ", ".join(f"U+{ord(c):04X}" for c in bad[:5])
            out.append(Problem(path, f"contains control characters ({names}); remove them"))
    return out


def _walk_text(node: Any, path: str) -> list[Problem]:
    out: list[Problem] = []
    if isinstance(node, Model):
        extra = node.model_extra or {}
        for name in list(type(node).model_fields) + list(extra.keys()):
            value = getattr(node, name, None) if name in type(node).model_fields else extra[name]
            out += _walk_text(value, f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += _walk_text(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for k, v in node.items():
            out += _walk_text(v, f"{path}.{k}" if path else str(k))
    else:
        out += _text_problems(node, path)
    return out


def _unknown_keys(node: Any, path: str) -> list[Problem]:
    out: list[Problem] = []
    if isinstance(node, Model):
        for key in node.model_extra or {}:
            out.append(
                Problem(
                    f"{path}.{key}" if path else str(key),
                    "is not a key claimgen knows; it is kept but not used",
                    "warning",
                )
            )
        for name in type(node).model_fields:
            out += _unknown_keys(getattr(node, name), f"{path}.{name}" if path else name)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            out += _unknown_keys(item, f"{path}[{i}]")
    return out


def date_problems(case: Case, today: dt.date | None = None) -> list[Problem]:
    """The procedural dates in a possible order: all the deadline engine needs checked.

    ``check`` and ``docket`` run only these on a half-finished case (the deadline-only
    level); ``check_case`` runs them with every other rule.
    """
    problems: list[Problem] = []
    err = lambda path, msg: problems.append(Problem(path, msg))  # noqa: E731
    warn = lambda path, msg: problems.append(Problem(path, msg, "warning"))  # noqa: E731
    inc = case.incident
    claim = case.claim
    incident_day = inc.date
    if claim.accrual_date and claim.accrual_date < incident_day:
        err("claim.accrual_date", f"is before the incident ({incident_day.isoformat()})")
    if today and incident_day > today:
        warn("incident.date", f"is in the future ({incident_day.isoformat()})")

    def not_before(path: str, day: dt.date | None, floor: dt.date | None, floor_name: str) -> None:
        if day is not None and floor is not None and day < floor:
            err(path, f"{day.isoformat()} is before {floor_name} ({floor.isoformat()})")

    not_before("claim.presented_on", claim.presented_on, incident_day, "the incident")
    not_before("claim.mailed_on", claim.mailed_on, incident_day, "the incident")
    not_before("claim.presented_on_or_before", claim.presented_on_or_before, incident_day, "the incident")
    if claim.presented_on and claim.presented_on_or_before and claim.presented_on > claim.presented_on_or_before:
        err(
            "claim.presented_on",
            f"{claim.presented_on.isoformat()} is after claim.presented_on_or_before "
            f"({claim.presented_on_or_before.isoformat()})",
        )
    for i, day in enumerate(claim.amended_on):
        not_before(
            f"claim.amended_on[{i}]",
            day,
            claim.presented_on or incident_day,
            "presentment" if claim.presented_on else "the incident",
        )
        if claim.presented_on is None and claim.presented_on_or_before is None:
            err(
                f"claim.amended_on[{i}]",
                "an amendment needs claim.presented_on (the day the agency received the claim)",
            )
    if claim.denial_mailed_on is not None:
        if claim.presented_on is None:
            bound = claim.presented_on_or_before or claim.denial_mailed_on
            warn(
                "claim.presented_on",
                f"is not recorded; the denial shows the agency had the claim, so claimgen "
                f"counts presentment as on or before {bound.isoformat()} "
                "(record the day the agency received it when it is known)",
            )
        not_before("claim.denial_mailed_on", claim.denial_mailed_on, claim.presented_on, "presentment")
        not_before(
            "claim.denial_mailed_on",
            claim.denial_mailed_on,
            claim.presented_on_or_before,
            "claim.presented_on_or_before (presentment cannot come after the denial)",
        )
    if claim.reconsideration_requested_on is not None:
        if claim.denial_mailed_on is None:
            err(
                "claim.reconsideration_requested_on",
                "reconsideration needs claim.denial_mailed_on (the denial it answers)",
            )
        not_before(
            "claim.reconsideration_requested_on",
            claim.reconsideration_requested_on,
            claim.denial_mailed_on,
            "the denial",
        )
    if claim.reconsideration_denial_mailed_on is not None:
        if claim.reconsideration_requested_on is None:
            err("claim.reconsideration_denial_mailed_on", "needs claim.reconsideration_requested_on")
        not_before(
            "claim.reconsideration_denial_mailed_on",
            claim.reconsideration_denial_mailed_on,
            claim.reconsideration_requested_on,
            "the reconsideration request",
        )
    not_before("claim.suit_filed_on", claim.suit_filed_on, incident_day, "the incident")
    not_before("claim.bivens_suit_filed_on", claim.bivens_suit_filed_on, incident_day, "the incident")
    not_before("claim.bivens_accrual_date", claim.bivens_accrual_date, incident_day, "the incident")
    not_before("claim.westfall_dismissal_on", claim.westfall_dismissal_on, incident_day, "the incident")
    if claim.mailed_on and claim.presented_on and claim.presented_on < claim.mailed_on:
        err(
            "claim.presented_on",
            f"the agency cannot receive the claim ({claim.presented_on.isoformat()}) before it was mailed ({claim.mailed_on.isoformat()})",
        )
    if today:
        for name in (
            "presented_on",
            "mailed_on",
            "denial_mailed_on",
            "reconsideration_requested_on",
            "suit_filed_on",
            "bivens_suit_filed_on",
        ):
            day = getattr(claim, name)
            if day and day > today:
                warn(f"claim.{name}", f"{day.isoformat()} is in the future; record it once it has happened")
        for i, day in enumerate(claim.amended_on):
            if day > today:
                warn(
                    f"claim.amended_on[{i}]",
                    f"{day.isoformat()} is in the future; record an amendment once it was sent",
                )
        for i, c in enumerate(case.claimants):
            if c.date_of_birth and c.date_of_birth > today:
                warn(f"claimants[{i}].date_of_birth", f"{c.date_of_birth.isoformat()} is in the future; check the year")
    return problems


def check_case(case: Case, case_dir: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """Every cross-field problem in ``case``: errors first, then warnings.

    One checker per subject, run in a fixed order so the lines come out in the same order every time.
    """
    problems: list[Problem] = _walk_text(case, "")
    problems += _id_problems(case)
    problems += date_problems(case, today)
    problems += _agency_problems(case)
    exhibits = {e.id for e in case.evidence}
    for i, claimant in enumerate(case.claimants):
        problems += _claimant_problems(claimant, f"claimants[{i}]", exhibits, case.incident.date)
    if "death" in case.incident.conduct and not any(c.damages.wrongful_death > 0 for c in case.claimants):
        problems.append(
            Problem(
                "claimants", "incident.conduct includes death but no claimant claims wrongful-death damages", "warning"
            ),
        )
    problems += _evidence_problems(case, case_dir)
    problems += _interview_problems(case)
    problems += _unknown_keys(case, "")
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    return errors + warnings


def _interview_problems(case: Case) -> list[Problem]:
    """``interview.lang`` is the family's language, and the documents for the family use it: only
    a language claimgen has (a French family must not silently get English instructions)."""
    state = case.interview if isinstance(case.interview, dict) else {}
    if "lang" in state and state["lang"] not in INTERVIEW_LANGS:
        shown = " or ".join(repr(code) for code in INTERVIEW_LANGS)
        return [
            Problem("interview.lang", f"must be {shown} (the language of the interview and of the family's papers)")
        ]
    return []


def _duplicates(items: Sequence[tuple[str, str | None]], what: str) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for path, ident in items:
        if ident is None:
            continue
        if ident in seen:
            out.append(Problem(path, f"{what} {ident!r} is used twice (also at {seen[ident]})"))
        else:
            seen[ident] = path
    return out


def _id_problems(case: Case) -> list[Problem]:
    """Ids, evidence paths and file contents that must be unique."""
    out = _duplicates([(f"claimants[{i}].id", c.id) for i, c in enumerate(case.claimants)], "claimant id")
    out += _duplicates([(f"witnesses[{i}].id", w.id) for i, w in enumerate(case.witnesses)], "witness id")
    out += _duplicates(
        [(f"evidence[{i}].id", e.id) for i, e in enumerate(case.evidence)]
        + [(f"removed_evidence[{i}].id", e.id) for i, e in enumerate(case.removed_evidence)],
        "exhibit id",
    )
    out += _duplicates(
        [
            (f"claimants[{i}].damages_items[{j}].id", d.id)
            for i, c in enumerate(case.claimants)
            for j, d in enumerate(c.damages_items)
        ],
        "damages item id",
    )
    out += _duplicates([(f"evidence[{i}].path", e.path) for i, e in enumerate(case.evidence)], "evidence path")
    out += _duplicates(
        [(f"evidence[{i}].sha256", e.sha256) for i, e in enumerate(case.evidence)], "file content (sha256)"
    )
    return out


def _agency_problems(case: Case) -> list[Problem]:
    """Agencies named in the claim history must be incident agencies; a state without a Bivens period is flagged."""
    out: list[Problem] = []
    inc = case.incident
    claim = case.claim
    if claim.lead_agency and claim.lead_agency not in inc.agencies:
        out.append(Problem("claim.lead_agency", f"{claim.lead_agency} is not one of incident.agencies"))
    for agency in claim.claim_numbers:
        if agency not in inc.agencies:
            out.append(Problem(f"claim.claim_numbers.{agency}", "is not one of incident.agencies"))
    state_row = data.states()[inc.state]
    if state_row["bivens_limitations"].get("years") is None and claim.bivens_period_years is None:
        out.append(
            Problem(
                "claim.bivens_period_years",
                f"claimgen has no Bivens limitation period for {state_row['name']}; research it and enter it here",
                "warning",
            )
        )
    return out


def _claimant_problems(c: Any, base: str, exhibits: set[str], incident_day: dt.date) -> list[Problem]:
    """One claimant: the money, its itemization, who signs, and the SF-95 boxes the money needs."""
    out = _money_problems(c, base, exhibits)
    out += _representative_problems(c, base, exhibits, incident_day)
    if c.damages.property_damage > 0 and (c.property is None or not c.property.description):
        out.append(
            Problem(
                f"{base}.property.description",
                "property damage is claimed but box 9 (what was damaged) is empty",
                "warning",
            )
        )
    if c.damages.personal_injury > 0 and not c.injuries.strip():
        out.append(
            Problem(f"{base}.injuries", "personal injury is claimed but box 10 (the injuries) is empty", "warning")
        )
    if c.signature.electronic and not c.signature.signed_on:
        out.append(
            Problem(
                f"{base}.signature.signed_on",
                "an electronic signature is marked but no signature date is given",
                "warning",
            )
        )
    return out


def _money_problems(c: Any, base: str, exhibits: set[str]) -> list[Problem]:
    """A positive sum certain whose itemized lines add up, with no stand-in amounts."""
    out: list[Problem] = []
    if c.damages.total <= 0:
        out.append(
            Problem(
                f"{base}.damages",
                f"the total must be a positive sum certain ({data.cite('cfr_14_2a')}): state the dollar amount claimed",
            )
        )
    for cat in DAMAGE_CATEGORIES:
        items = c.items_in(cat)
        if items:
            s = sum((it.amount for it in items), Decimal("0.00"))
            box = getattr(c.damages, cat)
            if s != box:
                out.append(
                    Problem(
                        f"{base}.damages.{cat}",
                        f"is {_money(box)} but its itemized lines in damages_items add up to {_money(s)}",
                    )
                )
        amount = getattr(c.damages, cat)
        if looks_like_placeholder(amount):
            out.append(
                Problem(
                    f"{base}.damages.{cat}",
                    f"{_money(amount)} looks like a placeholder; the suit is capped at the sum claimed ({data.cite('usc_2675b')})",
                    "warning",
                )
            )
    for j, item in enumerate(c.damages_items):
        for k, ex in enumerate(item.evidence):
            if ex not in exhibits:
                out.append(Problem(f"{base}.damages_items[{j}].evidence[{k}]", f"exhibit {ex} is not in evidence"))
    return out


def _representative_problems(c: Any, base: str, exhibits: set[str], incident_day: dt.date) -> list[Problem]:
    """Who signs for the claimant: evidence of authority, an estate's representative, a minor's parent."""
    out: list[Problem] = []
    rep = c.representative
    if rep is not None:
        if not rep.authority_documents:
            out.append(
                Problem(
                    f"{base}.representative.authority_documents",
                    f"{rep.capacity} signs for the claimant without evidence of authority ({data.cite('cfr_14_2a')})",
                    "warning",
                )
            )
        for k, ex in enumerate(rep.authority_documents):
            if ex not in exhibits:
                out.append(
                    Problem(f"{base}.representative.authority_documents[{k}]", f"exhibit {ex} is not in evidence")
                )
    if c.damages.wrongful_death > 0 and rep is None:
        out.append(
            Problem(
                f"{base}.representative",
                f"a wrongful-death amount is claimed but no executor or administrator of the estate is named; add the representative and the letters of administration ({data.cite('cfr_14_3')})",
                "warning",
            )
        )
    age = c.age_on(incident_day)
    if c.minor is not None and age is not None and c.minor != (age < 18):
        out.append(
            Problem(
                f"{base}.minor",
                f"says {'' if c.minor else 'not '}a minor, but the date of birth "
                f"({c.date_of_birth.isoformat()}) makes the claimant {age} on the day of the "
                f"incident; check both (claimgen treats the claimant as a minor)",
                "warning",
            )
        )
    if c.is_minor_on(incident_day) and rep is None:
        out.append(
            Problem(
                f"{base}.representative",
                f"the claimant was a minor; a parent or guardian must present the claim, and minority does not stop the two-year clock ({data.cite('mccall')})",
                "warning",
            )
        )
    return out


_SF95_BOXES = {"2", "8", "9", "10", "11", "12a", "12b", "12c", "12d", "13"}


def _evidence_problems(case: Case, case_dir: Path | None) -> list[Problem]:
    """Each exhibit: what it supports must exist, and its file must be there with the size registered."""
    out: list[Problem] = []
    known_refs = {c.id for c in case.claimants} | {w.id for w in case.witnesses if w.id}
    known_refs |= {d.id for c in case.claimants for d in c.damages_items if d.id}
    for i, e in enumerate(case.evidence):
        for k, ref in enumerate(e.supports):
            if ref.startswith("box-"):
                if ref[4:] not in _SF95_BOXES:
                    out.append(
                        Problem(f"evidence[{i}].supports[{k}]", f"{ref!r} is not an SF-95 box like box-8 or box-12a")
                    )
            elif ref not in known_refs:
                out.append(
                    Problem(
                        f"evidence[{i}].supports[{k}]",
                        f"{ref!r} is not a claimant, witness or damages item id (or box-N)",
                    )
                )
        out += _evidence_file_problems(e, f"evidence[{i}]", case_dir)
    return out


def _evidence_file_problems(e: Any, base: str, case_dir: Path | None) -> list[Problem]:
    p = Path(e.path)
    full = p if p.is_absolute() else (case_dir / p if case_dir else None)
    if "\x00" in e.path or full is None:  # no file can have a NUL in its name (the control-character check reports it)
        return []
    try:
        st = full.stat()
    except FileNotFoundError:
        return [Problem(f"{base}.path", f"file not found: {e.path}")]
    except OSError as exc:
        return [Problem(f"{base}.path", f"cannot read {e.path}: {exc.strerror}")]
    if not os.path.isfile(full):
        return [Problem(f"{base}.path", f"is not a file: {e.path}")]
    if st.st_size != e.size:
        return [
            Problem(
                f"{base}.size",
                f"the file is now {st.st_size} bytes, not {e.size}: it changed; run `claimgen evidence verify`",
            )
        ]
    return []
