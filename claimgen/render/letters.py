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
            role = role.replace(
                "{supervisor}", T.clean(c.supervising_attorney) if c.supervising_attorney else W["supervisor_unknown"]
            )
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
            blocks.append(
                [T.clean(cl.representative.name), f"{T.clean(cl.representative.capacity)}, for {T.clean(cl.name)}"]
            )
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


def _delivery_in_time(case, agency: str, as_of) -> dict[str, str] | None:
    """When the claim must reach the agency within a few weeks (the memo explains why), the day it
    must arrive; None when any tracked delivery has time. Only for a claim not yet received."""
    from ..checks.analysis import delivery_advice
    from ..checks.deadlines import compute

    if case.claim.presented_on is not None:
        return None
    return delivery_advice(case, compute(case, as_of), agency)


def sender_lines(case) -> list[str]:
    """The sender's address block (counsel's, or the first claimant's): also heads the preservation letter."""
    return _sender(case)


def signature_blocks(case) -> list[list[str]]:
    """The signature blocks of a letter sent for the claimants (the preservation letter signs the same way)."""
    return _signers(case)


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
        "claimant_word": ("claimants", "claimant"),
        "claim_word": ("claims", "claim"),
        "their": ("their", "the"),
        "these": ("these", "this"),
        "arise": ("arise", "arises"),
        "each_claim": ("Each claim is", "It is"),
        "These_claims": ("These claims", "This claim"),
        "were": ("were", "was"),
        "they": ("they", "it"),
        "them": ("them", "it"),
        "those": ("those", "that"),
        "a_new": ("new or amended", "a new or amended"),
    }
    return {key: plural if many else singular for key, (plural, singular) in pairs.items()}


def voice(case) -> str:
    """Who speaks in the letter: ``counsel``; ``self`` (one claimant); ``rep`` (one person signing for
    one claimant); ``family`` (several claimants filing for themselves: we, our, write to us)."""
    if case.counsel is not None and case.counsel.role != "self":
        return "counsel"
    if len(case.claimants) > 1:
        return "family"
    return "rep" if case.claimants[0].representative is not None else "self"


def place_phrase(place: str | None, state_name: str) -> str:
    """The place as a phrase after "officers of <agency>": "at 1234 Elm St", "at our home", "in Texas".

    An interview answer often starts with its own preposition ("At our home", "Near the
    checkpoint"); it keeps it, lower-cased, instead of reading "at At our home".
    """
    W = _wording()
    text = T.clean(place).strip() if place else ""
    last = text[:-1].rsplit(" ", 1)[-1]
    if text.endswith(".") and "." not in last and last not in W["place_abbreviations"]:
        text = text[:-1].rstrip()  # a sentence's full stop, not an abbreviation's ("Elm St.", "U.S.")
    if not text:
        return f"{W['place_state']} {state_name}"
    first, _, rest = text.partition(" ")
    if rest and first.lower() in W["place_prepositions"] and (first.islower() or first[1:].islower()):
        return f"{first.lower()} {rest}"
    return f"{W['place_default']} {text}"


def reconsideration_deadline(case, as_of) -> Any:
    """The open last day for a request to reconsider (28 C.F.R. § 14.9(b)) while one may still be made
    (no request received yet, no suit filed); None otherwise."""
    from ..checks.deadlines import compute

    claim = case.claim
    if claim.denial_mailed_on is None or claim.reconsideration_requested_on is not None or claim.suit_filed_on:
        return None
    found = {d.id: d for d in compute(case, as_of).deadlines}.get("ftca_reconsideration_deadline")
    return found if found is not None and found.status == "open" else None


def reconsideration_open(case, as_of) -> bool:
    """True while a denied claim may still be reconsidered (see :func:`reconsideration_deadline`)."""
    return reconsideration_deadline(case, as_of) is not None


def _reconsideration_in_time(case, as_of) -> dict[str, str] | None:
    """When a request to reconsider must reach the agency within a few weeks: the day it must arrive."""
    from ..checks.analysis import rules as analysis_rules

    deadline = reconsideration_deadline(case, as_of)
    if deadline is None or deadline.act_by is None:
        return None
    if (deadline.act_by - as_of).days > analysis_rules()["delivery"]["urgent_days"]:
        return None
    return {"deliver_by": T.weekday_date(deadline.act_by), "deadline": "yes"}


def _voiced(base: str, v: str) -> str:
    """The key of a paragraph in the letter's voice: counsel and a representative speak as "I, for them"."""
    return {"counsel": base, "rep": base, "family": f"{base}_family"}.get(v, f"{base}_self")


def _presentment(case, v: str, values: dict[str, Any], as_of) -> tuple[str, str]:
    """(presentment paragraph key, subject key): presenting now, the agency has the claim already,
    or the agency denied it (a request to reconsider, or the forms for the file)."""
    W = _wording()
    n = len(case.claimants)
    values["each_claimant"] = "each claimant" if n > 1 else "the claimant"
    values["each_form"] = "each form" if n > 1 else "the form"
    claim = case.claim
    if claim.denial_mailed_on is not None:  # denied: the claim was presented, whatever the file records
        values["denial"] = T.long_date(claim.denial_mailed_on)
        values["their_behalf"] = "their behalf" if n > 1 else "the claimant's behalf"
        asked = claim.reconsideration_requested_on
        values["reconsidered"] = fill_text(W["reconsidered_note"], {"date": T.long_date(asked)}) if asked else ""
        if reconsideration_open(case, as_of):
            return _voiced("reconsideration_request", v), (
                "subject_reconsideration" if n > 1 else "subject_reconsideration_one"
            )
        return _voiced("denied_already", v), ("subject_denied" if n > 1 else "subject_denied_one")
    if claim.presented_on is not None:  # already received: this letter must not present it again
        values["presented_on"] = T.long_date(claim.presented_on)
        amended = claim.amended_on
        values["amended"] = (
            " " + fill_text(W["amended_note"], {"dates": ", ".join(T.long_date(d) for d in sorted(amended))})
            if amended
            else ""
        )
        return _voiced("presented_already", v), ("subject_presented" if n > 1 else "subject_presented_one")
    key = {"counsel": "presentment", "family": "presentment_family", "rep": "presentment_rep"}.get(
        v, "presentment_self"
    )
    return key, ("subject" if n > 1 else "subject_one")


def fill_text(template: str, values: dict[str, Any]) -> str:
    from ..checks.analysis import fill

    return fill(template, values)


def _enclosures(case) -> list[str]:
    W = _wording()
    out = []
    for c in case.claimants:
        schedule = W["enclosure_schedule"] if c.damages_items else ""
        out.append(fill_text(W["enclosure_sf95"], {"name": T.clean(c.name), "schedule": schedule}))
    for c in case.claimants:
        rep = c.representative
        if rep is not None and rep.authority_documents:
            exhibits = "; ".join(
                f"{e} — {T.clean(case.exhibit(e).description)}"
                if case.exhibit(e) and case.exhibit(e).description
                else e
                for e in rep.authority_documents
            )
            out.append(
                fill_text(
                    W["enclosure_authority"],
                    {
                        "rep_name": T.clean(rep.name),
                        "name": T.clean(c.name),
                        "capacity": T.clean(rep.capacity),
                        "exhibits": exhibits,
                    },
                )
            )
    if len(case.evidence) == 1:
        out.append(fill_text(W["enclosure_log_one"], {"first": case.evidence[0].id}))
    elif case.evidence:
        out.append(
            fill_text(
                W["enclosure_log"],
                {"count": str(len(case.evidence)), "first": case.evidence[0].id, "last": case.evidence[-1].id},
            )
        )
    return out


def letter_context(case, agency: str, as_of) -> dict[str, Any]:
    """The letter's whole content as strings and lists: what ``transmittal_letter.docx`` lays out
    (see tools/templates/transmittal_letter.py) and what a PDF drawing of the letter draws.

    Keys: sender[], date, delivery_line, recipient[], subject, claim_number, salutation,
    presentment, claimant_lines[], paragraphs[] (also split as body_paragraphs[] and the
    closing_paragraph that the DOCX keeps on the signature's page), closing, signers[{lines[]}],
    enclosures_heading, enclosures[], cc, running_head (second and later pages, before the
    page number), addressee, voice (counsel | self | rep | family).
    """
    W = _wording()
    inc = case.incident
    n = len(case.claimants)
    v = voice(case)
    state = data.states()[inc.state]
    first = case.claimants[0]
    values = {
        "incident_date": T.long_date(inc.date),
        "place": place_phrase(inc.place, state["name"]),
        "agency_name": data.agencies()[agency]["name"],
        "delivery": delivery_method(case),
        "name": T.clean(first.name),
        "capacity": T.clean(first.representative.capacity) if first.representative else "",
        **_number_words(n),
    }
    others = [a for a in inc.agencies if a != agency]
    claimant_lines = []
    for c in case.claimants:
        rep = c.representative
        signer = (
            " " + fill_text(W["signer"], {"rep_name": T.clean(rep.name), "capacity": T.clean(rep.capacity)})
            if rep
            else ""
        )
        claimant_lines.append(
            fill_text(
                W["claimant_line"], {"name": T.clean(c.name), "total": T.money(c.damages.total), "signer": signer}
            )
        )
    paragraphs = []
    mailed_on = case.claim.mailed_on
    denied = case.claim.denial_mailed_on is not None  # the agency had the claim: nothing is sent "again"
    presentment, subject = _presentment(case, v, values, as_of)
    if not denied and case.claim.presented_on is None and mailed_on is not None and mailed_on < as_of:
        # Sent before, receipt unknown: this letter sends it again and must say so.
        key = {"counsel": "mailed_before", "rep": "mailed_before", "family": "mailed_before_family"}.get(
            v, "mailed_before_self"
        )
        paragraphs.append(fill_text(W[key], {**values, "mailed_on": T.long_date(mailed_on)}))
    if others:
        names = [f"{data.agencies()[a]['name']} ({a})" for a in others]
        from ..checks.analysis import join_names

        paragraphs.append(fill_text(W["other_agencies"], {"others": join_names(names)}))
    number = case.claim.claim_numbers.get(agency)
    values["number_ask"] = W["number_ask_known"] if number else (W["number_ask_many"] if n > 1 else W["number_ask_one"])
    if presentment.startswith("reconsideration_request"):  # a request: its day of receipt is what counts
        paragraphs.append(fill_text(W["acknowledge_reconsideration"], values))
    elif not denied:
        paragraphs.append(fill_text(W["acknowledge"], values))
    contact = {"counsel": "contact_counsel", "family": "contact_family"}.get(v, "contact_self")
    paragraphs.append(fill_text(W[contact], values))
    asking = presentment.startswith("reconsideration_request")
    if denied:
        in_time = _reconsideration_in_time(case, as_of) if asking else None
    else:
        in_time = _delivery_in_time(case, agency, as_of)
    if in_time is not None and not case.claim.delivery_method:
        values["delivery"] = W["urgent_delivery_method"]  # certified mail may not arrive in time
    paragraphs.append(fill_text(W["delivery"], values))
    if in_time is not None and in_time["deadline"]:  # tell the agency only a legal limit, not a target
        key = "reconsideration_in_time" if asking else "delivery_in_time"
        paragraphs.append(fill_text(W[key], {**values, **in_time}))
    addressee = values["agency_name"]
    date = T.long_date(as_of)
    return {
        "sender": _sender(case),
        "date": date,
        "delivery_line": "By " + values["delivery"],
        "recipient": recipient_lines(agency),
        "subject": fill_text(W[subject], values),
        "claim_number": fill_text(W["claim_number"], {"number": T.clean(number)}) if number else "",
        "salutation": W["salutation"],
        "presentment": fill_text(W[presentment], values),
        "claimant_lines": claimant_lines,
        "paragraphs": paragraphs,
        "body_paragraphs": paragraphs[:-1],
        "closing_paragraph": paragraphs[-1],
        "closing": W["closing"],
        "signers": [{"lines": block} for block in _signers(case)],
        "enclosures_heading": W["enclosures_heading"],
        "enclosures": _enclosures(case),
        "cc": fill_text(W["copy_line"], {"names": ", ".join(_copy_names(case))}) if v == "counsel" else "",
        "addressee": addressee,
        "running_head": fill_text(W["running_head"], {"addressee": addressee, "date": date}),
        "voice": v,
    }


def render_letter(case, agency: str, as_of, epoch: int) -> bytes:
    from .docx import render_docx
    from .finalcopy import docx_properties

    W = _wording()
    context = letter_context(case, agency, as_of)
    title = fill_text(W["docx_title"], {"agency_name": data.agencies()[agency]["name"]})
    properties = docx_properties(case, title, fill_text(W["docx_subject"], {"subject": context["subject"]}))
    return render_docx(TEMPLATE, context, epoch, properties=properties)


def render(ctx) -> None:
    for agency in ctx.case.incident.agencies:
        ctx.write(
            f"transmittal-{agency}.docx",
            render_letter(ctx.case, agency, ctx.as_of, ctx.source_date_epoch()),
            "transmittal_letter",
            agency=agency,
        )
