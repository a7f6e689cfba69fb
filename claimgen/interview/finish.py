"""The end of the interview: the review screen, the checks, the deadline table, the packet.

The case file keys and the documents stay in English; what is printed here is in
the user's language. Messages that come from the English-only checks (key paths
and problems found by ``validate``, risk flags of the deadline engine) are
introduced in the user's language and shown as they are, because a lawyer
will read them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import data
from ..errors import CaseError, Problem
from .i18n import N_, _, lang, money_text, ngettext, readback_date
from .questions import as_display

DEADLINE_LABELS = {
    "ftca_presentment": N_("Last day for the agency to RECEIVE the claim"),
    "ftca_earliest_suit": N_("First day a lawsuit may be filed if the agency has not decided"),
    "ftca_suit_deadline": N_("Last day to file a lawsuit after a written denial"),
    "ftca_reconsideration_deadline": N_("Last day for the agency to receive a request to reconsider"),
    "bivens_limitations": N_("Last day to sue the officers personally (Bivens)"),
    "bivens_limitations_safer": N_(
        "Safer last day to sue the officers personally (a shorter time limit a court might apply)"
    ),
}
SEVERITY = {"info": N_("Note"), "warning": N_("Warning"), "critical": N_("URGENT")}


def case_problems(case_path: Path, today: dt.date) -> tuple[Any, list[Problem]]:
    """(case or None, every problem): schema problems, then the business rules of ``validate``."""
    from ..caseio import load_raw, parse_case
    from ..checks.validate import check_case

    raw = load_raw(case_path)
    try:
        case = parse_case(raw, str(case_path))
    except CaseError as exc:
        return None, exc.problems
    return case, check_case(case, case_path.parent, today=today)


def show_review(engine, say: Callable[..., None]) -> None:
    say()
    say("══ " + _("Review your answers") + " ══")
    for key, title, rows in engine.by_section():
        say()
        say("▸ " + _(title))
        for asked in rows:
            q = asked.question
            if q.id.endswith(".more"):
                continue  # "Is there another …?" — the list itself shows the answer
            say(q.text(), indent="    ")
            for line in as_display(q, asked.value).split("\n"):
                say("→ " + line if line else "", indent="      ")
        if key == "money":
            for name, total in claimed_totals(engine.tree):
                say(_("Total claimed for {name}: {amount}").format(name=name, amount=money_text(total)), indent="    ")


def claimed_totals(tree) -> list[tuple[str, Decimal]]:
    """(claimant's name, sum of his or her damages lines), as the claim form will show them."""
    out = []
    for c in tree.get("claimants") or []:
        if not isinstance(c, dict):
            continue
        total = Decimal("0.00")
        for item in c.get("damages_items") or []:
            try:
                total += (
                    Decimal(str(item.get("amount"))) if isinstance(item, dict) and item.get("amount") is not None else 0
                )
            except ArithmeticError:
                continue
        out.append((str(c.get("name") or c.get("id") or "?"), total.quantize(Decimal("0.01"))))
    return out


def show_problems(problems: list[Problem], case_path: Path, say) -> None:
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if errors:
        say()
        say(_("Before the claim can be prepared, these must be fixed (the messages are in English for the lawyer):"))
        for p in errors:
            say("✗ " + p.line(str(case_path.name)), indent="  ")
    if warnings:
        say()
        say(_("Points for the lawyer to look at (in English):"))
        for p in warnings:
            say("! " + p.line(str(case_path.name)), indent="  ")


def show_next_steps(case, today: dt.date, say) -> None:
    """The family's next-steps sheet as text, in the interview's language (the PDF of the packet says the same)."""
    from ..render.next_steps import blocks, plain_text

    say()
    for line in plain_text(blocks(case, today, lang())):
        head = len(line) - len(line.lstrip(" •→"))  # a bullet's text lines up under its first word
        say(line, hang=" " * head) if head else say(line)


def most_urgent(case, report) -> str | None:
    """The first line of the summary: the earliest day to act — a practical day where one comes before the legal last day."""
    from ..render.next_steps import has_lawyer, key_date, key_date_sentences, translator

    key = key_date(case, report)
    if key.kind == "none":
        return None
    sentences = key_date_sentences(key, translator(lang()), has_lawyer(case))
    return _("Most urgent: {what}").format(what=" ".join(sentences))


def show_deadlines(case, today: dt.date, say, warnings: bool = True) -> bool:
    """Print the deadline table in the user's language; False when the engine is missing.

    ``warnings``: also the deadline engine's warnings (English, for the lawyer); the end of
    the interview leaves them to ``claimgen check`` and the memo.
    """
    try:
        from ..checks.deadlines import compute
    except ImportError:
        say(_("The deadline check is not available in this version; run `claimgen check` later."))
        return False
    report = compute(case, today)
    rows = [*report.deadlines, *report.safer_dates]  # the safer reading too: families must see the earlier day

    def label_of(d) -> str:
        return _(DEADLINE_LABELS[d.id]) if d.id in DEADLINE_LABELS else (getattr(d, "label", None) or d.id)

    say()
    say("══ " + _("Deadlines (as of {date})").format(date=readback_date(today)) + " ══")
    lead = most_urgent(case, report)
    if lead:
        say(lead)
    for d in rows:
        label = label_of(d)
        status = _(data.status_word(d.kind, d.status))  # the words `check` prints, translated
        say("• " + label)
        if d.act_by or d.date:
            when = readback_date(d.act_by or d.date)
            left = getattr(d, "days_left", None)
            extra = ""
            if left is not None and d.status == "open":
                extra = " — " + ngettext("{n} day left", "{n} days left", left).format(n=left) if left >= 0 else ""
            say(_("{when} [{status}]").format(when=when, status=status) + extra, indent="    ")
        else:
            say("[" + status + "]", indent="    ")
        say(_("Rule: {rule}").format(rule=d.rule), indent="    ")
    if report.flags and warnings:
        say()
        say(_("Warnings about the deadlines (in English, for the lawyer):"))
        for f in report.flags:
            sev = _(SEVERITY[f.severity]) if f.severity in SEVERITY else f.severity
            say(f"{sev}: {f.message}", indent="  ")
    say()
    say(_("These dates are calculated by a program and must be checked by a lawyer. When in doubt, act early."))
    return True


def build_packet(case, case_path: Path, outdir: Path, today: dt.date, say) -> bool:
    from ..options import BuildOptions
    from ..packet import build

    try:
        manifest = build(case_path, outdir, today, BuildOptions(), case=case)
    except CaseError as exc:
        say(_("The packet could not be built:"))
        for line in exc.lines():
            say(line, indent="  ")
        return False
    say()
    say(_("The claim packet was written to {folder}:").format(folder=outdir))
    for f in manifest["files"]:
        say(f["path"], indent="  ")
    say(_("Every document is a draft for a lawyer's review, not legal advice."))
    return True
