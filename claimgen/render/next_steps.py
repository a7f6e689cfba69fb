"""The next-steps sheet for the family (manifest kind ``next_steps``): what happens next, in their language.

One page in plain words: the one date that matters most and what must happen by
then, the steps ahead, who signs, where the claim goes, what not to do, and how to
reach the lawyer named in the case. The interview ends with the same text
(:func:`blocks` is shared). The lawyer's warnings are not here: they stay in the
memo and in ``claimgen check``.

The wording is in ``data/next_steps.yaml`` (English) and in the interview's gettext
catalogs (other languages); the language is the case's ``interview.lang``. The date
that matters most is the earliest day to act among the open deadlines, and an
earlier practical day where the Bivens clock makes one: the agency should receive
the claim early enough that its six months end before the last day to sue the
officers, so both lawsuits can still be brought (:func:`key_date`).
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import data

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "claimgen"
FILENAME = "next-steps.pdf"

# Which sentence of ``key_dates`` says what must happen by a deadline's act-by day.
KIND_OF = {
    "ftca_presentment": "receive",
    "ftca_suit_deadline": "sue",
    "ftca_reconsideration_deadline": "reconsider",
    "bivens_limitations": "sue_officers",
    "bivens_limitations_safer": "sue_officers",
    "westfall_presentment": "receive_again",
}
RECEIPT_KINDS = {"receive", "receive_early", "reconsider", "receive_again"}  # the agency must RECEIVE something


def wording(lawyer: bool = True) -> dict[str, Any]:
    """The sheet's words; ``lawyer=False`` (no lawyer named in the case) puts in the
    ``without_lawyer`` texts, so a family filing on its own is never told "the lawyer" will act."""
    words = data.load("next_steps")
    if lawyer:
        return words
    alone = words["without_lawyer"]
    return {**words, **alone, "key_dates": {**words["key_dates"], **alone.get("key_dates", {})}}


def has_lawyer(case) -> bool:
    """A lawyer is named in the case (``counsel.name``)."""
    return case.counsel is not None and bool(case.counsel.name)


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalog for ``lang`` ("en": the English of the data file), without touching the interview's language."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def case_lang(case) -> str:
    """The language of the interview that wrote the case (``interview.lang``); English by default."""
    state = case.interview if isinstance(case.interview, dict) else {}
    lang = state.get("lang")
    return lang if isinstance(lang, str) and lang in ("en", "es") else "en"


# ---------------------------------------------------------------- the date that matters most


@dataclass(frozen=True)
class KeyDate:
    """The one date to put first, and what must happen by then."""

    kind: str  # a key of ``key_dates`` in next_steps.yaml
    day: dt.date | None  # the day to act by (a business day)
    last_day: dt.date | None = None  # the later day the law allows, when ``day`` is earlier for a practical reason
    send_by: dt.date | None = None  # when the agency must receive something: the day to send it by
    what: str | None = None  # for a missed deadline: its label (English, from the deadline engine)


def _receive_early(case, report) -> KeyDate | None:
    """The last day of receipt that lets the agency's six months end before the (safer) last day to sue the officers."""
    from ..checks.calendar_days import business_day_on_or_before
    from ..checks.deadlines import latest_receipt_before

    presentment = report.get("ftca_presentment")
    if presentment.status != "open" or case.claim.presented_on is not None or presentment.act_by is None:
        return None
    if case.claim.bivens_suit_filed_on is not None:
        return None
    bivens = [
        d
        for d in (report.get("bivens_limitations"), *report.safer_dates)
        if d.id.startswith("bivens_limitations") and d.status == "open" and d.act_by is not None
    ]
    if not bivens:
        return None
    first = min(bivens, key=lambda d: d.act_by)
    latest = latest_receipt_before(first.act_by)
    if latest is None:
        return None
    day = business_day_on_or_before(latest)
    if day >= presentment.act_by or day < report.as_of:
        return None  # not earlier than the law's own day, or already too late for both (the lawyer's warnings say so)
    return KeyDate("receive_early", day, last_day=presentment.act_by)


def key_date(case, report) -> KeyDate:
    """The earliest day to act: the open deadlines' act-by days and the practical day of receipt."""
    from ..checks.calendar_days import business_day_on_or_before

    rows = [*report.deadlines, *report.safer_dates]
    candidates = [
        KeyDate(KIND_OF[d.id], d.act_by)
        for d in rows
        if d.kind == "last_day" and d.status == "open" and d.act_by is not None and d.id in KIND_OF
    ]
    early = _receive_early(case, report)
    if early is not None:
        candidates.append(early)
    if candidates:
        best = min(candidates, key=lambda k: k.day or dt.date.max)  # every candidate has its day
        if best.kind in RECEIPT_KINDS and best.day is not None:
            send_by = business_day_on_or_before(best.day - dt.timedelta(days=int(wording()["send_days_before"])))
            best = KeyDate(best.kind, best.day, best.last_day, send_by if send_by >= report.as_of else None)
        return best
    missed = [d for d in rows if d.status == "missed" and d.id in KIND_OF and d.id != "ftca_reconsideration_deadline"]
    if missed:
        return KeyDate("missed", missed[0].date, what=missed[0].label)
    earliest = report.get("ftca_earliest_suit")
    if earliest.status == "open" and earliest.date is not None:
        return KeyDate("wait", earliest.date)
    return KeyDate("none", None)


def long_date(day: dt.date, tr: gettext.NullTranslations) -> str:
    """ "Monday, June 14, 2027" / "lunes, 14 de junio de 2027" (the interview's own date words)."""
    names = wording()
    pattern = tr.gettext("{weekday}, {month} {day}, {year}")
    return pattern.format(
        weekday=tr.gettext(names["weekdays"][day.weekday()]),
        month=tr.gettext(names["months"][day.month - 1]),
        day=day.day,
        year=day.year,
    )


def key_date_sentences(key: KeyDate, tr: gettext.NullTranslations, lawyer: bool = True) -> list[str]:
    """What must happen by the key date, in one or two sentences (``lawyer``: one is named in the case)."""
    texts = wording(lawyer)["key_dates"]
    fmt = {
        "date": long_date(key.day, tr) if key.day else "",
        "last_day": long_date(key.last_day, tr) if key.last_day else "",
        "send_by": long_date(key.send_by, tr) if key.send_by else "",
        "what": key.what or "",
    }
    out = [tr.gettext(texts[key.kind]).format(**fmt)]
    if key.kind in RECEIPT_KINDS:
        out.append(tr.gettext(texts["send_by" if key.send_by else "send_now"]).format(**fmt))
    return out


# ---------------------------------------------------------------- the sheet's text


@dataclass(frozen=True)
class Block:
    """One piece of the sheet: ``title``, ``heading``, ``para``, ``date`` (the big date), ``item`` or ``line``."""

    kind: str
    text: str


def _signers(case) -> list[tuple[str, str | None]]:
    """(claimant, who signs for him or her; None when the claimant signs)."""
    out = []
    for c in case.claimants:
        rep = c.representative.name if c.representative is not None else None
        out.append((c.name, rep if rep and rep != c.name else None))
    return out


def _case_title(case) -> str:
    return case.title or ", ".join(c.name for c in case.claimants)


def blocks(case, as_of: dt.date, lang: str | None = None, report=None) -> list[Block]:
    """The whole sheet, in ``lang`` (the case's interview language by default)."""
    from ..checks.deadlines import compute, rules

    tr = translator(lang or case_lang(case))
    t = tr.gettext
    lawyer = has_lawyer(case)
    w = wording(lawyer)
    report = report if report is not None else compute(case, as_of)
    months = rules()["deadlines"]["ftca_earliest_suit"]["period"].get("months")
    out = [
        Block("title", t(w["title"])),
        Block("line", t(w["for_case"]).format(title=_case_title(case))),
        Block("para", t(w["prepared"]).format(date=long_date(as_of, tr))),
        Block("heading", t(w["date_heading"])),
    ]
    key = key_date(case, report)
    if key.day is not None and key.kind != "missed":
        out.append(Block("date", long_date(key.day, tr)))
    out += [Block("para", s) for s in key_date_sentences(key, tr, lawyer)]
    out.append(Block("heading", t(w["steps_heading"])))
    denial = case.claim.denial_mailed_on if case.claim.suit_filed_on is None else None
    steps = w["steps_denied"] if denial is not None else w["steps"]
    values = {"months": months, "denial": long_date(denial, tr) if denial is not None else ""}
    out += [Block("item", t(s).format(**values)) for s in steps]
    out.append(Block("heading", t(w["sign_heading"])))
    for claimant, signer in _signers(case):
        line = (
            t(w["sign_for"]).format(signer=signer, claimant=claimant)
            if signer
            else t(w["sign_self"]).format(claimant=claimant)
        )
        out.append(Block("item", line))
    out.append(Block("para", t(w["sign_note"])))
    out.append(Block("heading", t(w["where_heading"])))
    out.append(Block("para", t(w["where_intro"])))
    directory = data.agencies()
    for agency in case.incident.agencies:
        row = directory.get(agency)
        lines = list(row["address"]) if row and row.get("address") else [agency]
        out.append(Block("address", "\n".join(str(x) for x in lines)))
        for office in (row or {}).get("other_offices") or ():
            out.append(Block("para", t(w["where_other"]).format(agency=agency, office=t(office["office"]))))
    out.append(Block("heading", t(w["dont_heading"])))
    out += [Block("item", t(s)) for s in w["dont"]]
    out.append(Block("heading", t(w["lawyer_heading"])))
    out += _lawyer(case, t, w)
    return out


def _lawyer(case, t: Callable[[str], str], w: dict[str, Any]) -> list[Block]:
    counsel = case.counsel
    if counsel is None or not has_lawyer(case):
        return [Block("para", t(w["lawyer_none"]))]
    lines = [counsel.name, counsel.firm, counsel.address]
    if counsel.phone:
        lines.append(t(w["lawyer_phone"]).format(phone=counsel.phone))
    if counsel.email:
        lines.append(t(w["lawyer_email"]).format(email=counsel.email))
    return [Block("address", "\n".join(str(x) for x in lines if x))]


def plain_text(items: list[Block]) -> list[str]:
    """The sheet as lines for a terminal (the end of the interview)."""
    out: list[str] = []
    for b in items:
        if b.kind == "title":
            out += ["══ " + b.text + " ══"]
        elif b.kind == "heading":
            out += ["", "▸ " + b.text]
        elif b.kind == "date":
            out += ["  → " + b.text]
        elif b.kind == "item":
            out += ["  • " + b.text]
        elif b.kind == "address":
            out += ["    " + line for line in b.text.split("\n")]
        else:
            out += [b.text]
    return out


# ---------------------------------------------------------------- the PDF


def user_fields(case) -> list[tuple[str, object]]:
    """Every value from the case the sheet draws, with its key path (checked against the font first)."""
    fields: list[tuple[str, object]] = [("title", case.title)]
    for i, c in enumerate(case.claimants):
        fields.append((f"claimants[{i}].name", c.name))
        if c.representative is not None:
            fields.append((f"claimants[{i}].representative.name", c.representative.name))
    if case.counsel is not None:
        for key in ("name", "firm", "address", "phone", "email"):
            fields.append((f"counsel.{key}", getattr(case.counsel, key, None)))
    return fields


def render_pdf(items: list[Block], font, epoch: int | None, footer: str) -> bytes:
    """Letter-size pages drawn with reportlab's platypus; every string escaped (user text is never markup)."""
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from .pdf_sheets import new_canvas

    base = ParagraphStyle("body", fontName=font.regular, fontSize=12.5, leading=17, alignment=TA_LEFT, spaceAfter=5)
    styles = {
        "title": ParagraphStyle("title", parent=base, fontName=font.bold, fontSize=22, leading=27, spaceAfter=4),
        "line": ParagraphStyle("line", parent=base, fontName=font.bold, fontSize=13),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=font.bold, fontSize=15, leading=19, spaceBefore=10, keepWithNext=1
        ),
        "date": ParagraphStyle(
            "date",
            parent=base,
            fontName=font.bold,
            fontSize=19,
            leading=24,
            spaceBefore=2,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "item": ParagraphStyle("item", parent=base, leftIndent=16, bulletIndent=2, bulletFontName=font.regular),
        "address": ParagraphStyle("address", parent=base, leftIndent=16, spaceBefore=2, spaceAfter=6),
        "para": base,
    }
    story: list[Any] = []
    for b in items:
        text = html.escape(b.text, quote=False).replace("\n", "<br/>")
        if b.kind == "item":
            story.append(Paragraph(text, styles["item"], bulletText="•"))
        else:
            story.append(Paragraph(text, styles.get(b.kind, base)))
        if b.kind == "title":
            story.append(Spacer(1, 2))

    def footer_on(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font.regular, 8.5)
        canvas.setFillGray(0.35)
        canvas.drawString(0.9 * inch, 0.55 * inch, footer)
        canvas.drawRightString(letter[0] - 0.9 * inch, 0.55 * inch, str(doc.page))
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=letter,
        leftMargin=0.9 * inch,
        rightMargin=0.9 * inch,
        topMargin=0.8 * inch,
        bottomMargin=0.9 * inch,
        title=items[0].text if items else "",
        author="claimgen",
        creator="claimgen",
        producer="claimgen",
        invariant=1,
    )
    doc.build(
        story,
        onFirstPage=footer_on,
        onLaterPages=footer_on,
        canvasmaker=lambda *args, **kwargs: new_canvas(args[0] if args else kwargs["filename"], epoch, letter),
    )
    return buf.getvalue()


def render(ctx) -> None:
    """Write ``next-steps.pdf`` in the case's interview language."""
    from . import fonts

    case = ctx.case
    font = fonts.load(_option(ctx, "font"))
    fonts.ensure_drawable(str(ctx.case_path), user_fields(case), font)
    lang = case_lang(case)
    items = blocks(case, ctx.as_of, lang, report=ctx.deadlines())
    footer = translator(lang).gettext(wording()["footer"])
    ctx.write(FILENAME, render_pdf(items, font, ctx.source_date_epoch(), footer), "next_steps", lang=lang)


def _option(ctx, name: str) -> Any:
    """A build option, whether the options are a dict or a BuildOptions dataclass."""
    options = ctx.options
    return options.get(name) if isinstance(options, dict) else getattr(options, name, None)
