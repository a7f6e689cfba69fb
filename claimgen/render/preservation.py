"""Preservation letters (``preservation-<AGENCY>.docx``): one litigation-hold demand per agency.

Sent with the claim or at once: it names what the facts make likely to exist (video with
its audit logs, radio and dispatch records, reports, immigration forms and logs, GPS,
operation plans, the officers' names) and states the agency's duty to keep it. Which
records are listed is decided by the rows of ``data/preservation.yaml`` tested against
the same named facts the memo uses (:func:`claimgen.checks.analysis.case_facts`);
addresses come from ``data/agencies.yaml``; the template only lays it out.
"""

from __future__ import annotations

from typing import Any

from .. import data
from .. import formatting as T

TEMPLATE = "preservation_letter"
KIND = "preservation_letter"


def _wording() -> dict:
    return data.load("preservation")


def preservation_context(case, agency: str, report, final: bool = False) -> dict[str, Any]:
    """Strings and lists for ``preservation_letter.docx`` (see tools/templates/preservation_letter.py).

    ``final``: the copy that is mailed cites only primary-verified authority, so it carries no
    "[verify]" mark (the draft shows every citation with its mark for the lawyer to check)."""
    from functools import partial

    from ..checks import analysis
    from ..checks.analysis import case_facts, holds, join_names
    from .letters import recipient_lines, sender_lines, signature_blocks

    fill = partial(analysis.fill, primary_only=final)
    W = _wording()
    inc = case.incident
    state = data.states()[inc.state]
    facts = case_facts(case, report)
    has_counsel = case.counsel is not None and case.counsel.role != "self"
    names = join_names(
        [T.clean(c.name) for c in case.claimants if c.role != "estate"]
        + [T.clean(c.injured_person) for c in case.claimants if c.role == "estate" and c.injured_person]
    )
    values = {
        "incident_date": T.long_date(inc.date),
        "place": T.clean(inc.place) if inc.place else state["name"],
        "agency_name": data.agencies()[agency]["name"],
        "claimant_names": join_names([T.clean(c.name) for c in case.claimants]),
        "people": names or join_names([T.clean(c.name) for c in case.claimants]),
        "presented_on": T.long_date(case.claim.presented_on) if case.claim.presented_on else "",
    }
    values["intro_who"] = fill(W["intro_who"]["counsel" if has_counsel else "self"], values)
    status = "presented" if case.claim.presented_on else "mailed" if case.claim.mailed_on else "not_presented"
    values["mailed_on"] = T.long_date(case.claim.mailed_on) if case.claim.mailed_on else ""
    values["claim_status"] = fill(W["claim_status"][status], values)
    return {
        "sender": sender_lines(case),
        "date": T.long_date(report.as_of),
        "recipient": recipient_lines(agency),
        "subject": fill(W["subject"], values),
        "salutation": W["salutation"],
        "paragraphs": [fill(W["intro"], values), fill(W["duty"], values), fill(W["demand"], values)],
        "items": [fill(row["text"], values) for row in W["items"] if holds(row.get("when"), facts)],
        "after": [fill(W["scope"], values), W["contact"]["counsel" if has_counsel else "self"]],
        "closing": W["closing"],
        "signers": [{"lines": block} for block in signature_blocks(case)],
    }


def render_preservation(case, agency: str, report, epoch: int, final: bool = False) -> bytes:
    from ..checks.analysis import fill
    from .docx import render_docx
    from .finalcopy import docx_properties

    context = preservation_context(case, agency, report, final)
    title = fill(_wording()["docx_title"], {"agency_name": data.agencies()[agency]["name"]})
    return render_docx(TEMPLATE, context, epoch, properties=docx_properties(case, title, context["subject"]))


def render(ctx) -> None:
    report = ctx.deadlines()
    for agency in ctx.case.incident.agencies:
        ctx.write(
            f"preservation-{agency}.docx",
            render_preservation(ctx.case, agency, report, ctx.source_date_epoch(), ctx.options.final),
            KIND,
            agency=agency,
        )
