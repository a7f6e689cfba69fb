"""Transmittal letters (``transmittal-<AGENCY>.docx``): one per agency, to its claims office.

Each letter presents every claimant's SF-95 for its sum certain, lists the enclosures,
names the other agencies the claim went to (28 C.F.R. § 14.2(b)(3)), asks for a written
acknowledgment and the claim number, routes contact through counsel and states the
trackable delivery method. Wording lives in ``data/analysis_letters.yaml``; addresses
in ``data/agencies.yaml``; the template only lays it out.
"""

from __future__ import annotations

from typing import Any

from .. import data
from .. import formatting as T

TEMPLATE = "transmittal_letter"
WORDING = "analysis_letters"


def _wording() -> dict:
    return data.load(WORDING)


def recipient_lines(agency: str) -> list[str]:
    """The claims office's address block; a bracketed placeholder where the directory has none."""
    W = _wording()
    row = data.agencies()[agency]
    if row.get("address"):
        return [T.clean(line) for line in row["address"]]
    return [row["name"], row.get("claims_office") or "Claims office", W["address_unknown"]]


def delivery_method(case) -> str:
    return T.clean(case.claim.delivery_method) if case.claim.delivery_method else _wording()["default_delivery_method"]


def _signers(case) -> list[list[str]]:
    """Signature blocks: counsel's, or each claimant's (or the representative's) when no counsel."""
    W = _wording()
    c = case.counsel
    if c is not None and c.role != "self":
        role = W["roles"][c.role].replace("{claimant_word}", "claimants" if len(case.claimants) > 1 else "claimant")
        if "{supervisor}" in role:
            role = role.replace("{supervisor}", T.clean(c.supervising_attorney) if c.supervising_attorney else W["supervisor_unknown"])
        block = [T.clean(c.name), role]
        if c.firm:
            block.append(T.clean(c.firm))
        if c.bar_number:
            block.append(W["bar_number"].replace("{bar}", T.clean(c.bar_number)))
        blocks = [block]
        if c.role == "law_student" and c.supervising_attorney:
            # The supervising attorney signs too: the student's authority runs through them.
            blocks.append([T.clean(c.supervising_attorney), W["supervisor_signs"]])
        return blocks
    blocks = []
    for cl in case.claimants:
        if cl.representative is not None:
            blocks.append([T.clean(cl.representative.name), f"{T.clean(cl.representative.capacity)}, for {T.clean(cl.name)}"])
        else:
            blocks.append([T.clean(cl.name), W["roles"]["self"]])
    return blocks


def _sender(case) -> list[str]:
    c = case.counsel
    if c is not None and c.role != "self":
        lines = [T.clean(c.name)] + ([T.clean(c.firm)] if c.firm else []) + T.lines(c.address)
        lines += [x for x in (c.phone, c.email) if x]
        return lines
    first = case.claimants[0]
    who = first.representative or first
    return [T.clean(who.name)] + T.lines(who.address) + [x for x in (who.phone, who.email) if x]


def _copy_names(case) -> list[str]:
    """Who gets a copy: each claimant, or the person who signs for one; each name once."""
    names: dict[str, None] = {}
    for c in case.claimants:
        who = c.representative.name if c.representative is not None else c.name
        names.setdefault(T.clean(who), None)
    return list(names)


def _number_words(n: int) -> dict[str, str]:
    """The words of the letter that agree with the number of claimants (one claim or several)."""
    many = n > 1
    pairs = {
        "claimant_word": ("claimants", "claimant"), "claim_word": ("claims", "claim"), "their": ("their", "the"),
        "these": ("these", "this"), "arise": ("arise", "arises"), "each_claim": ("Each claim is", "It is"),
        "These_claims": ("These claims", "This claim"), "were": ("were", "was"), "they": ("they", "it"),
        "them": ("them", "it"), "those": ("those", "that"), "a_new": ("new or amended", "a new or amended"),
    }
    return {key: plural if many else singular for key, (plural, singular) in pairs.items()}


def letter_context(case, agency: str, as_of) -> dict[str, Any]:
    """Strings and lists for ``transmittal_letter.docx`` (see tools/templates/transmittal_letter.py)."""
    from ..checks.analysis import fill

    W = _wording()
    inc = case.incident
    n = len(case.claimants)
    has_counsel = case.counsel is not None and case.counsel.role != "self"
    state = data.states()[inc.state]
    values = {
        "incident_date": T.long_date(inc.date),
        "place": T.clean(inc.place) if inc.place else state["name"],
        "agency_name": data.agencies()[agency]["name"],
        "delivery": delivery_method(case),
        **_number_words(n),
    }
    others = [a for a in inc.agencies if a != agency]
    claimant_lines = []
    for c in case.claimants:
        rep = c.representative
        signer = " " + fill(W["signer"], {"rep_name": T.clean(rep.name), "capacity": T.clean(rep.capacity)}) if rep else ""
        claimant_lines.append(fill(W["claimant_line"], {"name": T.clean(c.name), "total": T.money(c.damages.total), "signer": signer}))
    paragraphs = []
    mailed_on = case.claim.mailed_on
    if case.claim.presented_on is None and mailed_on is not None and mailed_on < as_of:
        # Sent before, receipt unknown: this letter sends it again and must say so.
        many_words = has_counsel or n > 1
        paragraphs.append(fill(W["mailed_before"] if many_words else W["mailed_before_self"],
                               {**values, "mailed_on": T.long_date(mailed_on)}))
    if others:
        names = [f"{data.agencies()[a]['name']} ({a})" for a in others]
        from ..checks.analysis import join_names

        paragraphs.append(fill(W["other_agencies"], {"others": join_names(names)}))
    number = case.claim.claim_numbers.get(agency)
    values["number_ask"] = W["number_ask_known"] if number else (W["number_ask_many"] if n > 1 else W["number_ask_one"])
    paragraphs.append(fill(W["acknowledge"], values))
    paragraphs.append(fill(W["contact_counsel"] if has_counsel or n > 1 else W["contact_self"], values))
    paragraphs.append(fill(W["delivery"], values))

    enclosures = []
    for c in case.claimants:
        schedule = W["enclosure_schedule"] if c.damages_items else ""
        enclosures.append(fill(W["enclosure_sf95"], {"name": T.clean(c.name), "schedule": schedule}))
    for c in case.claimants:
        rep = c.representative
        if rep is not None and rep.authority_documents:
            exhibits = "; ".join(
                f"{e} — {T.clean(case.exhibit(e).description)}" if case.exhibit(e) and case.exhibit(e).description else e
                for e in rep.authority_documents
            )
            enclosures.append(fill(W["enclosure_authority"], {
                "rep_name": T.clean(rep.name), "name": T.clean(c.name), "capacity": T.clean(rep.capacity), "exhibits": exhibits}))
    if case.evidence:
        enclosures.append(fill(W["enclosure_log"], {
            "count": str(len(case.evidence)), "first": case.evidence[0].id, "last": case.evidence[-1].id}))
    else:
        enclosures.append(W["enclosure_log_empty"])

    many = has_counsel or n > 1
    subject = W["subject"] if n > 1 else W["subject_one"]
    if case.claim.presented_on is not None:  # already received: this letter must not present it again
        values["presented_on"] = T.long_date(case.claim.presented_on)
        amended = case.claim.amended_on
        values["amended"] = " " + fill(W["amended_note"], {"dates": ", ".join(T.long_date(d) for d in sorted(amended))}) if amended else ""
        values["each_claimant"] = "each claimant" if n > 1 else "the claimant"
        values["each_form"] = "each form" if n > 1 else "the form"
        presentment = W["presented_already"] if many else W["presented_already_self"]
        subject = W["subject_presented"] if n > 1 else W["subject_presented_one"]
    else:
        presentment = W["presentment"] if many else W["presentment_self"]
    return {
        "sender": _sender(case),
        "date": T.long_date(as_of),
        "delivery_line": "By " + values["delivery"],
        "recipient": recipient_lines(agency),
        "subject": fill(subject, values),
        "claim_number": fill(W["claim_number"], {"number": T.clean(number)}) if number else "",
        "salutation": W["salutation"],
        "presentment": fill(presentment, values),
        "claimant_lines": claimant_lines,
        "paragraphs": paragraphs,
        "closing": W["closing"],
        "signers": [{"lines": block} for block in _signers(case)],
        "enclosures_heading": W["enclosures_heading"],
        "enclosures": enclosures,
        "cc": fill(W["copy_line"], {"names": ", ".join(_copy_names(case))}) if has_counsel else "",
    }


def render_letter(case, agency: str, as_of, epoch: int) -> bytes:
    from .docx import render_docx

    return render_docx(TEMPLATE, letter_context(case, agency, as_of), epoch)


def render(ctx) -> None:
    for agency in ctx.case.incident.agencies:
        ctx.write(
            f"transmittal-{agency}.docx",
            render_letter(ctx.case, agency, ctx.as_of, ctx.source_date_epoch()),
            "transmittal_letter",
            agency=agency,
        )
