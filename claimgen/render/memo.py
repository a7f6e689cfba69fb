"""The cover memo (``cover-memo.docx``): the legal analysis laid out for the supervising attorney.

All reasoning lives in :mod:`claimgen.checks.analysis`; this module only turns the
:class:`~claimgen.checks.analysis.Analysis` into the plain strings and lists the
template ``cover_memo.docx`` loops over.
"""

from __future__ import annotations

from typing import Any

from .. import formatting as T

TEMPLATE = "cover_memo"
FILENAME = "cover-memo.docx"


def _finding(f) -> dict[str, str]:
    return {"title": f.title, "why": f.why, "text": f.text}


def _numbered(findings) -> list[dict[str, str]]:
    return [{"n": str(i), "text": f.text} for i, f in enumerate(findings, 1)]


def memo_context(analysis, case) -> dict[str, Any]:
    """Strings and lists for the template, in memo order (see tools/templates/cover_memo.py)."""
    a = analysis
    counsel = ""
    if case.counsel is not None:
        c = case.counsel
        counsel = ", ".join(x for x in (T.clean(c.name), T.clean(c.firm) if c.firm else "") if x)
    lead = [f for f in a.ftca if f.id == "law_of_the_place"]
    rest = [f for f in a.ftca if f.id != "law_of_the_place"]
    risks = []
    for f in a.risks:
        risks.append({"text": f"{f.title}: {f.text}" if f.title else f.text})
    return {
        "marking": a.marking,
        "title": a.title,
        "disclaimer": a.disclaimer,
        "as_of": T.long_date(a.as_of),
        "case_title": a.case_title,
        "counsel": counsel,
        "claimants": a.claimants,
        "total_claimed": a.total_claimed,
        "agencies": a.agencies,
        "incident": a.incident,
        "deadlines": a.deadlines,
        "risks": [{"n": str(i), "text": r["text"]} for i, r in enumerate(risks, 1)],
        "facts": a.facts,
        "support": a.support,
        "ftca_lead": [_finding(f) for f in lead],
        "torts": a.torts,
        "ftca": [_finding(f) for f in rest],
        "exceptions": [_finding(f) for f in a.exceptions],
        "procedure": [_finding(f) for f in a.procedure],
        "damages": [_finding(f) for f in a.damages],
        "bivens_intro": a.bivens_intro.text,
        "defendants": a.defendants,
        "defendants_note": a.defendants_note,
        "bivens_claims": [f.text for f in a.bivens_claims],
        "bivens_contexts": a.bivens_contexts.text,
        "matches": [f.text for f in a.bivens_matches],
        "no_match": a.bivens_no_match,
        "differences": [f.text for f in a.bivens_differences],
        "bivens_step_two": a.bivens_step_two.text,
        "recent_intro": a.bivens_recent_intro,
        "recent": [f.text for f in a.bivens_recent],
        "likelihood": a.likelihood,
        "likelihood_reason": a.likelihood_reason.text,
        "qualified_immunity": [f.text for f in a.qualified_immunity],
        "precedent_placeholder": a.precedent_placeholder,
        "limitations": [f.text for f in a.limitations],
        "judgment_bar": [f.text for f in a.judgment_bar],
        "sequence": _numbered(a.sequence),
        "other_roads": [_finding(f) for f in a.other_roads],
        "checklist": a.checklist,
    }


def render_memo(case, report, epoch: int) -> bytes:
    """The memo's DOCX bytes for ``case`` and its deadline ``report``."""
    from ..checks.analysis import analyze
    from .docx import render_docx

    from .finalcopy import docx_properties

    title = "Cover memo" + (f" — {T.clean(case.title)}" if case.title else "")
    properties = docx_properties(case, title, "Privileged and confidential: attorney work product")
    return render_docx(TEMPLATE, memo_context(analyze(case, report), case), epoch, properties=properties)


def render(ctx) -> None:
    ctx.write(FILENAME, render_memo(ctx.case, ctx.deadlines(), ctx.source_date_epoch()), "cover_memo")
