"""The interview itself: which questions, in which order, with which branches — one generator per part.

The parts
---------
:data:`PARTS` lists the nine parts in order ("who", "incident", "injuries", "property",
"money", "witnesses", "evidence", "history", "representative"). Each :class:`Part` has a
generator function ``questions(ctx, facts)`` that yields that part's questions; the whole
interview is those generators joined with ``yield from`` (:func:`interview`). A question
is added in its part's function; what a later part needs from an earlier one (the
claimants, the incident date, who was hurt...) is passed in :class:`Facts`.

The protocol between the flow and its driver (the "asker")
----------------------------------------------------------
The flow never prints, prompts or writes a file. It yields three kinds of objects
(:mod:`.questions`) and receives one value back for each:

- :class:`~.questions.Note` — something to tell the person before the next question
  that is actually asked (``note.text()`` is in the interview's language). The flow
  receives ``None`` back.
- :class:`~.questions.Question` — ``id`` (stable; the key of an ``--answers`` file, e.g.
  ``claimants[1].damages.personal_injury[0].amount``), ``part`` (the part's key; stored
  as ``section``), ``kind`` (one of :data:`~.questions.KINDS`), ``text()`` (the prompt,
  translated and filled), ``help_text()``, ``choices`` (:class:`~.questions.Choice`:
  ``value`` and ``title()``), ``required``, ``default`` (offered when nothing is saved)
  and ``accept(raw, today)`` — the one validator (parse, the flow's own rule, then the
  case model's field validator) that turns typed text into the value, or raises
  :class:`~.parse.AnswerError` whose text is the reason to show next to the field.
  The flow receives the accepted *value* back (a ``date``, a ``Decimal``, ``True``...).
- :class:`~.questions.Action` — a step with an effect outside the answers (register
  evidence files, ``kind == "add_evidence"``). The driver performs it (``asker.act``)
  and sends back the exhibit ids it registered.

:class:`~.engine.Engine` stands between the flow and the asker: for each question it
replays the saved answer if the question was answered before, or calls
``asker.ask(question, default, notes, stored=...)`` and saves the case file (one atomic
write) before the flow goes on. So:

- **save** happens after every answer, whatever the driver;
- **resume** is the same pass on the same case file: answered questions replay silently,
  and the first unanswered one is asked (``Engine.next_step()`` returns it without asking);
- **stop** is the asker raising (``KeyboardInterrupt`` on the terminal, or
  :class:`~.engine.Stop`): everything answered is already on disk;
- **Back** is ``Engine.back(question_id)``: the question asked before ``question_id`` is
  marked unanswered (its answer stays as the value offered), so the next step asks it again;
- **progress** is ``Step.part_number`` of ``Step.part_total`` with the part's title and
  :attr:`Part.minutes` (a rough time for a part, for "about N minutes left").

A request/response driver (a web page) calls ``Engine.next_step()`` to get the
:class:`~.engine.Step` to show (question, notes, part, progress, whose item it is),
and ``Engine.answer(question_id, raw)`` when the form comes back: the answer is
checked by ``question.accept``, saved, and the next step returned. The terminal
driver (:class:`~.prompts.TerminalAsker`) and ``--answers`` (:class:`~.answers.FileAsker`)
go through ``Engine.run(asker)``, the same pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import data
from ..model import (
    DAMAGE_CATEGORIES,
    Case,
    Claimant,
    ClaimHistory,
    Counsel,
    DamageItem,
    Incident,
    Insurance,
    Officer,
    PropertyDetails,
    Representative,
    Witness,
    age_on,
)
from .i18n import MONTHS, N_, _, ngettext, readback_date
from .parse import AnswerError
from .questions import Action, Choice, Note, Question
from .store import Nth

ROLE_CHOICES = [
    Choice("injured", N_("Was hurt, frightened or mistreated by the officers")),
    Choice("property_owner", N_("Had property damaged or taken (and was not hurt)")),
    Choice("estate", N_("Is claiming for a person who died")),
    Choice("spouse", N_("Is the husband or wife of a person who was hurt")),
    Choice("parent", N_("Is the parent of a person who was hurt")),
    Choice("child", N_("Is the son or daughter of a person who was hurt")),
    Choice("family", N_("Is another family member who was affected")),
    Choice("other", N_("Something else")),
]
MARITAL_CHOICES = [
    Choice("single", N_("Single")),
    Choice("married", N_("Married")),
    Choice("separated", N_("Separated")),
    Choice("divorced", N_("Divorced")),
    Choice("widowed", N_("Widowed")),
]
CITIZEN_CHOICES = [
    Choice("yes", N_("Yes")),
    Choice("no", N_("No")),
    Choice("unknown", N_("I do not know")),
]
CITIZEN_VALUES = {"yes": True, "no": False, "unknown": None}
COUNSEL_ROLES = [
    Choice("attorney", N_("A lawyer (attorney)")),
    Choice("law_student", N_("A law student")),
    Choice("accredited_representative", N_("An accredited representative")),
    Choice("legal_worker", N_("A legal worker or paralegal")),
]
CATEGORY_NOTES = {
    "property_damage": N_("Property costs for {name}: list each cost on its own line — repairs, replacement, board-up, towing, things that were taken."),
    "personal_injury": N_(
        "Injury costs for {name}: list each cost on its own line — hospital and doctor bills, medicine, counseling, "
        "lost wages, and an amount for pain, fear and suffering (those have a value too)."
    ),
    "wrongful_death": N_("Costs of the death of {name}: list each on its own line — funeral and burial, lost support for the family, loss of companionship."),
}
CATEGORY_TOTALS = {
    "property_damage": N_("Total for property: {amount}"),
    "personal_injury": N_("Total for injuries: {amount}"),
    "wrongful_death": N_("Total for the death: {amount}"),
}
COST_EXAMPLES = {
    "property_damage": N_("For example: new front door and lock; or: phone that was broken."),
    "personal_injury": N_("For example: emergency room bill, June 14; or: pain and suffering."),
    "wrongful_death": N_("For example: funeral and burial; or: loss of support for the family."),
}
CATEGORIES = DAMAGE_CATEGORIES  # box 12a-c, in box order
REGISTERED_BY = ("interview", "registered_by")  # who registers evidence files: the custody record's "by"
CAT_SHORT = {"property_damage": "pd", "personal_injury": "pi", "wrongful_death": "wd"}


LATER_HELP = N_("If you cannot find it now, leave this empty and press Enter; you can add it later with: claimgen evidence add {case} FILE")


def _date_rule(today: dt.date, not_before: dt.date | None = None, why: str | None = None):
    """A day that has already happened (and, where given, not before ``not_before``: the incident by default)."""

    def check(day: dt.date) -> None:
        if day > today:
            raise AnswerError(_("That date is in the future (today is {today}). Please check it.").format(today=readback_date(today)))
        if day.year < 1900:
            raise AnswerError(_("Please check the year."))
        if not_before is not None and day < not_before:
            raise AnswerError(_(why or N_("That is before the day of the incident. Please check it.")))

    return check


def _agency_choices() -> list[Choice]:
    return [Choice(key, f"{key} — {_(row['name'])}", translated=True) for key, row in data.agencies().items()]


def _conduct_choices() -> list[Choice]:
    return [Choice(k, _(row["label"]), translated=True) for k, row in data.conduct().items()]


def _yes(question_id: str, section: str, prompt: str, *, default: bool | None = None, help: str | None = None,
         path: tuple | None = None, model_field=None, **fmt: Any) -> Question:
    return Question(question_id, section, "yesno", prompt, help=help, fmt=fmt, path=path, model_field=model_field, default=default)


@dataclass
class Facts:
    """What a later part needs from an earlier one (each part is a generator of its own)."""

    today: dt.date
    people: list[dict[str, Any]] = field(default_factory=list)  # one row per claimant: id, name, role, rep, proof...
    day: dt.date | None = None  # the day of the incident
    agencies: list[str] = field(default_factory=list)
    conduct: list[str] = field(default_factory=list)
    hurt: dict[int, bool] = field(default_factory=dict)  # claimant index -> hurt (or died)
    has_property: dict[int, bool] = field(default_factory=dict)  # claimant index -> property damaged or taken
    registered_by_asked: bool = False  # who adds evidence files: asked once a pass


Steps = Generator[Any, Any, Any]


# ================================================================ part 1: who is claiming


def who(ctx, facts: Facts) -> Steps:
    """How many claimants, and for each: role, name, address, age, and who acts for an estate or a child."""
    yield Note(N_(
        "Welcome. These questions gather what happened so a claim can be prepared for a lawyer to review. "
        "Every answer is saved as soon as you give it: you can stop at any time (Ctrl-C) and continue later "
        "with the same command. If you do not know an answer, you can usually leave it empty."
    ))
    count = yield Question(
        "claimants.count", "who", "count",
        N_("How many people are making a claim about this incident?"),
        help=N_(
            "Count everyone who was hurt, frightened or mistreated, or whose property was damaged — for example "
            "a father, a mother and a child in the same home. Each person gets his or her own claim form. "
            "If someone died, count the claim for that person's estate."
        ),
        default=len(ctx.get(("claimants",)) or []) or 1,
    )
    count = yield from _remove_claimants(ctx, count)
    ctx.truncate(("claimants",), count)
    i = 0
    while i < count:
        person = yield from _claimant(ctx, facts, i, count)
        facts.people.append(person)
        if person.pop("add_spouse", False):
            # the husband or wife becomes the next claimant, asked like every other one
            ctx.set(("claimants", count, "role"), "spouse")
            count += 1
            ctx.set_answer("claimants.count", count)
        i += 1


def _remove_claimants(ctx, count: int) -> Steps:
    """A lower number of claimants: ask which people to take out, and confirm; nothing is deleted silently."""
    existing = [c for c in (ctx.get(("claimants",)) or []) if isinstance(c, dict)]
    extra = len(existing) - count
    if extra <= 0:
        return count
    choices = [Choice(str(k), str(c.get("name") or _("Claimant {n}").format(n=k + 1)), translated=True)
               for k, c in enumerate(existing)]

    def exactly(chosen: list) -> None:
        if len(chosen) != extra:
            raise AnswerError(ngettext("Please choose {n} person.", "Please choose {n} people.", extra).format(n=extra))

    chosen = yield Question(
        "claimants.remove", "who", "multi",
        N_("There were {before} people in this claim and now you said {count}. Who should be taken out?"),
        choices=choices, check=exactly, fmt={"before": len(existing), "count": count},
    )
    names = ", ".join(c.title() for c in choices if c.value in chosen)
    sure = yield _yes(
        "claimants.remove_confirm", "who",
        N_("Take {names} out of the claim? Everything answered about them will be deleted."),
        default=False, names=names,
    )
    ctx.forget("claimants.remove", "claimants.remove_confirm")  # a later change of the number asks afresh
    if not sure:
        yield Note(N_("Nothing was taken out: the claim keeps {n} people."), {"n": len(existing)})
        ctx.set_answer("claimants.count", len(existing))
        return len(existing)
    for k in sorted((int(v) for v in chosen), reverse=True):
        ctx.remove_claimant(k)
    yield Note(N_("{names}: taken out of the claim."), {"names": names})
    return count


def _claimant_id(ctx, i: int) -> str:
    """The claimant's id: kept once given; a new one is the first c1, c2... no other claimant has."""
    own = ctx.get(("claimants", i, "id"))
    if own:
        return own
    taken = {str(c.get("id")) for k, c in enumerate(ctx.get(("claimants",)) or []) if isinstance(c, dict) and k != i}
    n = i + 1
    while f"c{n}" in taken:
        n += 1
    return f"c{n}"


def _claimant(ctx, facts: Facts, i: int, count: int) -> Steps:
    """One claimant: who the person is, then (for an estate or a child) who acts for him or her."""
    base = ("claimants", i)
    ctx.set(base + ("id",), _claimant_id(ctx, i))
    number = {"n": i + 1}
    if count > 1:
        yield Note(N_("Claimant {n} of {count}."), {"n": i + 1, "count": count})
    role = yield Question(
        f"claimants[{i}].role", "who", "select",
        N_("Which best describes this person?") if count > 1 else N_("Which best describes the person making the claim?"),
        choices=ROLE_CHOICES, path=base + ("role",), model_field=(Claimant, "role"), fmt=number, default="injured",
    )
    decedent = None
    if role == "estate":
        decedent = yield Question(
            f"claimants[{i}].injured_person", "who", "text",
            N_("What was the full name of the person who died?"),
            path=base + ("injured_person",), model_field=(Claimant, "injured_person"),
        )
    else:
        ctx.delete(base + ("injured_person",))
    name = yield Question(
        f"claimants[{i}].name", "who", "text",
        N_("What is the full name of the person making the claim?") if count == 1 else N_("What is the full name of claimant {n}?"),
        help=N_("If this is you, write your own name, as it appears on your documents.") if role != "estate"
        else N_("A claim for a death is usually made in the name of the estate, for example \"Estate of Ana López\"; a lawyer will check the name to use."),
        path=base + ("name",), model_field=(Claimant, "name"), fmt=number,
        default=f"Estate of {decedent}" if decedent else None,
    )
    who = {"name": name}
    estate_of = {"decedent": decedent}
    # a household usually shares one address: the one given before is offered (Enter takes it)
    earlier_address = ctx.get(("claimants", i - 1, "address")) if i > 0 else None
    yield Question(
        f"claimants[{i}].address", "who", "text",
        N_("What is the mailing address of {name}?") if role != "estate" else N_("What is the mailing address for the estate of {decedent}?"),
        help=N_("Street, city, state and ZIP code, where letters about the claim should be sent."),
        path=base + ("address",), model_field=(Claimant, "address"), fmt=who if role != "estate" else estate_of,
        default=earlier_address or None,
    )
    yield Question(
        f"claimants[{i}].phone", "who", "text",
        N_("A telephone number for {name} (optional):") if role != "estate" else N_("A telephone number for the estate of {decedent} (optional):"),
        required=False, path=base + ("phone",), model_field=(Claimant, "phone"), fmt=who if role != "estate" else estate_of,
    )
    yield Question(
        f"claimants[{i}].us_citizen", "who", "select",
        N_("Is {name} a citizen of the United States?") if role != "estate" else N_("Was {decedent} a citizen of the United States?"),
        help=N_("Some laws apply differently to citizens; this helps the lawyer. It is not written on the claim form."),
        choices=CITIZEN_CHOICES, path=base + ("us_citizen",), model_field=(Claimant, "us_citizen"),
        fmt=who if role != "estate" else estate_of, default="unknown",
        encode=lambda v: CITIZEN_VALUES[v], decode=lambda v: {True: "yes", False: "no"}.get(v),
    )
    minor = False
    if role != "estate":
        minor = yield from _age_and_status(ctx, facts, i, name)
    else:
        ctx.delete(base + ("minor",))
    person = {"id": ctx.get(base + ("id",)), "name": name, "role": role, "rep": None, "proof": None}
    if role == "estate":
        person.update(rep=(yield from _estate_representative(ctx, facts.today, i, decedent)), proof="estate", decedent=decedent)
    elif minor:
        person.update(rep=(yield from _guardian(ctx, facts, i, name)), proof="minor", minor=True)
    else:
        rep = base + ("representative",)
        capacity = str(ctx.get(rep + ("capacity",)) or "")
        if capacity.endswith(", a minor") or "Estate of" in capacity or "next of kin of" in capacity:
            ctx.delete(rep)  # set by an earlier answer that has since changed
    if role == "injured" and not minor and ctx.get(base + ("marital_status",)) == "married" and not _has_spouse(ctx):
        person["add_spouse"] = yield _yes(
            f"claimants[{i}].add_spouse", "who",
            N_("{name} is married. Should the husband or wife be added as a claimant too?"),
            help=N_(
                "A husband or wife can have a claim of his or her own for the loss of a partner's company, care and help "
                "(\"loss of consortium\"). It must be sent on its own claim form, with its own amount and its own "
                "signature; it is not included in {name}'s claim."
            ),
            default=False, name=name,
        )
    return person


def _has_spouse(ctx) -> bool:
    return any(isinstance(c, dict) and c.get("role") == "spouse" for c in (ctx.get(("claimants",)) or []))


def _age_and_status(ctx, facts: Facts, i: int, name: str) -> Steps:
    """Date of birth, minor on the day, marital status, military service; returns whether a minor."""
    base = ("claimants", i)
    who = {"name": name}
    yield Question(
        f"claimants[{i}].date_of_birth", "who", "date", N_("Date of birth of {name} (optional):"),
        help=N_("Month/day/year, for example 3/2/1988."), required=False,
        path=base + ("date_of_birth",), model_field=(Claimant, "date_of_birth"), fmt=who,
        check=_date_rule(facts.today),
    )
    dob = ctx.get(base + ("date_of_birth",))
    if isinstance(dob, dt.date) and age_on(dob, facts.today) < 18:
        # Under 18 today, so under 18 on the day it happened too: not asked (the note
        # below says a parent or guardian makes the claim).
        ctx.set(base + ("minor",), True)
        minor = True
    else:
        minor = yield _yes(
            f"claimants[{i}].minor", "who", N_("Was {name} under 18 years old on the day it happened?"),
            path=base + ("minor",), model_field=(Claimant, "minor"), default=False, name=name,
        )
    if not minor:
        yield Question(
            f"claimants[{i}].marital_status", "who", "select", N_("Marital status of {name}:"),
            choices=MARITAL_CHOICES, required=False, path=base + ("marital_status",),
            model_field=(Claimant, "marital_status"), fmt=who,
        )
    if minor:
        ctx.set(base + ("employment",), "civilian")  # a child is not in the military: not asked
    else:
        yield Question(
            f"claimants[{i}].employment", "who", "yesno",
            N_("Was {name} serving in the U.S. military at the time?"),
            help=N_("The claim form asks this. Most people answer no."),
            path=base + ("employment",), model_field=(Claimant, "employment"), fmt=who, default=False,
            encode=lambda yes: "military" if yes else "civilian", decode=lambda v: None if v is None else v == "military",
        )
    return minor


def _estate_representative(ctx, today: dt.date, i: int, decedent: str) -> Steps:
    """Who has been appointed to bring the claim for a death, by which court and when; returns that person's name."""
    rep = ("claimants", i, "representative")
    yield Note(N_(
        "A claim for a death must be made by the person the law allows to make it: usually the executor or "
        "administrator of the estate, appointed by a court, and in some states a trustee or a family member named "
        "by the law. That person must show proof of it. A lawyer will check which applies here."
    ))
    rep_name = yield Question(
        f"claimants[{i}].representative.name", "who", "text",
        N_("Who has been appointed to bring the claim for the death of {decedent}?"),
        help=N_("Write that person's full name. If nobody has been appointed yet, write who will ask the court."),
        path=rep + ("name",), model_field=(Representative, "name"), fmt={"decedent": decedent},
    )
    kinds = [
        Choice(f"Executor of the Estate of {decedent}", N_("Executor (named in the will, appointed by a court)")),
        Choice(f"Administrator of the Estate of {decedent}", N_("Administrator (appointed by a court)")),
        Choice(f"Trustee for the next of kin of {decedent}", N_("Trustee for the family (appointed by a court)")),
        Choice(f"Proposed administrator of the Estate of {decedent} (not yet appointed)", N_("Not appointed yet")),
    ]
    capacity = yield Question(
        f"claimants[{i}].representative.capacity", "who", "select",
        N_("What is {rep}'s role for the claim?"), choices=kinds,
        path=rep + ("capacity",), model_field=(Representative, "capacity"), fmt={"rep": rep_name},
    )
    if capacity.startswith("Proposed"):
        for key in ("appointed_by", "appointed_on"):
            ctx.delete(rep + (key,))
        yield Note(N_(
            "Important: a court must appoint the person who brings the claim. Ask a lawyer or the probate court "
            "soon, because the deadline to file the claim keeps running."
        ))
    else:
        yield Question(
            f"claimants[{i}].representative.appointed_by", "who", "text",
            N_("Which court appointed {rep}? (optional)"),
            help=N_("The court's name and county, as written on the appointment papers, for example: Clark County Probate Court."),
            required=False, path=rep + ("appointed_by",), model_field=(Representative, "appointed_by"), fmt={"rep": rep_name},
        )
        yield Question(
            f"claimants[{i}].representative.appointed_on", "who", "date", N_("On what day was {rep} appointed? (optional)"),
            help=N_("The date on the appointment papers (letters of administration or testamentary)."),
            required=False, path=rep + ("appointed_on",), model_field=(Representative, "appointed_on"), fmt={"rep": rep_name},
            check=_date_rule(today, None),
        )
    yield Question(
        f"claimants[{i}].representative.address", "who", "text", N_("Mailing address of {rep} (optional):"),
        required=False, path=rep + ("address",), model_field=(Representative, "address"), fmt={"rep": rep_name},
    )
    return rep_name


def _guardian(ctx, facts: Facts, i: int, name: str) -> Steps:
    """Who signs for a child (an adult claimant of the household is offered); returns that person's name."""
    rep = ("claimants", i, "representative")
    who = {"name": name}
    yield Note(N_("Because {name} was a minor, a parent or legal guardian makes the claim for him or her."), who)
    adults = [q["name"] for q in facts.people if q["role"] != "estate" and not q.get("minor")]
    rep_name = yield Question(
        f"claimants[{i}].representative.name", "who", "text",
        N_("What is the full name of the parent or guardian who will sign for {name}?"),
        path=rep + ("name",), model_field=(Representative, "name"), fmt=who,
        default=adults[0] if adults else None,
    )
    kinds = [
        Choice(f"Parent and natural guardian of {name}, a minor", N_("Mother or father")),
        Choice(f"Legal guardian of {name}, a minor", N_("Legal guardian named by a court")),
    ]
    yield Question(
        f"claimants[{i}].representative.capacity", "who", "select", N_("{rep} is {name}'s:"),
        choices=kinds, path=rep + ("capacity",), model_field=(Representative, "capacity"),
        fmt={"rep": rep_name, "name": name},
    )
    yield Question(
        f"claimants[{i}].representative.address", "who", "text", N_("Mailing address of {rep} (optional):"),
        required=False, path=rep + ("address",), model_field=(Representative, "address"), fmt={"rep": rep_name},
    )
    return rep_name


# ================================================================ part 2: the incident


def incident(ctx, facts: Facts) -> Steps:
    """Day, time, place, agencies, officers, the narrative and what happened."""
    inc = ("incident",)
    yield Note(N_("Now, what happened. Take your time; you can change any answer at the end."))
    facts.day = yield Question(
        "incident.date", "incident", "date", N_("On what day did it happen?"),
        help=N_("Month/day/year, for example 6/14/2025, or June 14, 2025."),
        path=inc + ("date",), model_field=(Incident, "date"), check=_date_rule(facts.today),
    )
    yield Question(
        "incident.time", "incident", "time", N_("At about what time? (optional)"),
        help=N_("For example 6:10 am or 18:10."), required=False, path=inc + ("time",), model_field=(Incident, "time"),
    )
    yield Question(
        "incident.place", "incident", "text", N_("Where did it happen?"),
        help=N_("The street address, or the nearest corner or landmark, and the city."),
        path=inc + ("place",), model_field=(Incident, "place"),
    )
    yield Question(
        "incident.state", "incident", "state", N_("In which state or territory?"),
        help=N_("The name or the two-letter code, for example Texas or TX."),
        path=inc + ("state",), model_field=(Incident, "state"),
    )
    agencies = yield Question(
        "incident.agencies", "incident", "multi", N_("Which federal agencies were the officers from?"),
        help=N_(
            "Look at what was written on their vests, cars or papers. Choose every agency that took part: "
            "each one must receive the claim. If you are not sure, choose the one you think is most likely; a lawyer will check."
        ),
        choices=_agency_choices(), path=inc + ("agencies",), model_field=(Incident, "agencies"),
    )
    facts.agencies = agencies
    if len(agencies) > 1:
        yield Note(N_("Several agencies took part: the claim will name each of them, and each will get its own copy."))
        yield Question(
            "claim.lead_agency", "incident", "select", N_("Which agency was in charge? (skip if you do not know)"),
            choices=[Choice(a, a, translated=True) for a in agencies], required=False,
            path=("claim", "lead_agency"), model_field=(ClaimHistory, "lead_agency"),
        )
    else:
        ctx.delete(("claim", "lead_agency"))
    yield from _officers(ctx, agencies)
    yield Question(
        "incident.narrative", "incident", "long", N_("In your own words, what happened?"),
        help=N_(
            "Tell it in order: what the officers did and said, what you and others did, how long it lasted, and how "
            "it ended. Use plain words. You can write several paragraphs (press Enter for a new line)."
        ),
        path=inc + ("narrative",), model_field=(Incident, "narrative"),
    )
    conduct = yield Question(
        "incident.conduct", "incident", "multi", N_("Which of these happened? Choose all that apply."),
        help=N_("These help the lawyer see which rules apply. If none fits, choose nothing and go on."),
        required=False, choices=_conduct_choices(), path=inc + ("conduct",), model_field=(Incident, "conduct"),
    )
    facts.conduct = list(conduct or [])
    yield _yes(
        "incident.near_border", "incident", N_("Did it happen at or near the border with Mexico or Canada, or at a port of entry?"),
        path=inc + ("near_border",), model_field=(Incident, "near_border"), default=False,
    )
    yield Question(
        "title", "incident", "text", N_("A short name for this case, printed on every document:"),
        help=N_("Press Enter to take the suggestion, or write your own."),
        path=("title",), model_field=(Case, "title"), default=suggested_title(ctx, facts),
    )
    if "death" in facts.conduct and not any(p["role"] == "estate" for p in facts.people):
        yield Note(N_(
            "You said that a person died. A claim for the death must be made for that person, by whoever the law "
            "allows (usually the estate's executor or administrator): at the end, choose to change \"Who is making "
            "the claim\" and add a claimant for the person who died."
        ))


def suggested_title(ctx, facts: Facts) -> str | None:
    """"Ana López and others — 12 Main St, El Paso, June 14, 2025": the first claimant, the place, the day (in English, as the documents)."""
    if not facts.people:
        return None
    first = facts.people[0]["name"]
    who = f"{first} and others" if len(facts.people) > 1 else first
    place = ctx.get(("incident", "place"))
    day = facts.day
    when = f"{MONTHS[day.month - 1]} {day.day}, {day.year}" if isinstance(day, dt.date) else None
    return " — ".join(x for x in (who, ", ".join(str(y) for y in (place, when) if y)) if x)


def _officers(ctx, agencies: list[str]) -> Steps:
    """What is known of each officer, one at a time, for as long as the person has more to say."""
    officers = ("incident", "officers")
    known = ctx.get(officers) or []
    any_officer = yield _yes(
        "incident.officers.any", "incident",
        N_("Do you know anything about the officers — a name, a badge number, what they looked like?"),
        default=bool(known),
    )
    n_officers = 0
    while any_officer:
        k = n_officers
        base = officers + (k,)
        yield Note(N_("Officer {n}:"), {"n": k + 1})
        yield Question(f"incident.officers[{k}].name", "incident", "text", N_("The officer's name, if you know it (optional):"),
                       required=False, path=base + ("name",), model_field=(Officer, "name"))
        if len(agencies) == 1:
            ctx.set(base + ("agency",), agencies[0])
        else:
            yield Question(
                f"incident.officers[{k}].agency", "incident", "select", N_("Which agency was this officer from? (skip if you do not know)"),
                choices=[Choice(a, a, translated=True) for a in agencies], required=False,
                path=base + ("agency",), model_field=(Officer, "agency"),
            )
        yield Question(f"incident.officers[{k}].badge_number", "incident", "text", N_("Badge number, or part of it (optional):"),
                       required=False, path=base + ("badge_number",), model_field=(Officer, "badge_number"))
        yield Question(
            f"incident.officers[{k}].description", "incident", "text", N_("What did this officer look like or wear? (optional)"),
            help=N_("For example: tall man, shaved head, green vest marked ERO."),
            required=False, path=base + ("description",), model_field=(Officer, "description"),
        )
        yield Question(
            f"incident.officers[{k}].how_identified", "incident", "text", N_("How do you know who this officer was? (optional)"),
            help=N_("For example: the vest said ICE, the officer said his name, a badge, a business card, a video."),
            required=False, path=base + ("how_identified",), model_field=(Officer, "how_identified"),
        )
        yield Question(f"incident.officers[{k}].role", "incident", "text", N_("What did this officer do? (optional)"),
                       required=False, path=base + ("role",), model_field=(Officer, "role"))
        n_officers += 1
        any_officer = yield _yes(f"incident.officers[{k}].more", "incident", N_("Is there another officer you can describe?"),
                                 default=len(known) > n_officers)
    ctx.truncate(officers, n_officers, drop_empty_key=True)


# ================================================================ part 3: injuries and medical care


def injuries(ctx, facts: Facts) -> Steps:
    """For each claimant: hurt in body or mind, and the care received (for an estate: how the death happened)."""
    yield Note(N_("Next: injuries and medical care."))
    for i, p in enumerate(facts.people):
        base = ("claimants", i)
        fmt = {"name": p["name"], "decedent": p.get("decedent")}
        if p["role"] == "estate":
            facts.hurt[i] = True
            yield Question(
                f"claimants[{i}].injuries", "injuries", "long",
                N_("How was {decedent} hurt, how did the death happen, and what medical care was given before death?"),
                path=base + ("injuries",), model_field=(Claimant, "injuries"), fmt=fmt,
            )
            continue
        was_hurt = yield _yes(
            f"claimants[{i}].hurt", "injuries", N_("Was {name} hurt — in body or in mind?"),
            help=N_("Fear, nightmares, anxiety and trouble sleeping count too, not only wounds."),
            default=bool(str(ctx.get(base + ("injuries",)) or "").strip()) or p["role"] == "injured", **fmt,
        )
        facts.hurt[i] = bool(was_hurt)
        if was_hurt:
            yield Question(
                f"claimants[{i}].injuries", "injuries", "long",
                N_("Describe {name}'s injuries, and the medical care or counseling received (where and when)."),
                help=N_("For example: broken left wrist, treated at the county hospital emergency room on June 14; counseling since July."),
                path=base + ("injuries",), model_field=(Claimant, "injuries"), fmt=fmt,
            )
        else:
            ctx.set(base + ("injuries",), "")


# ================================================================ part 4: property


def property_part(ctx, facts: Facts) -> Steps:
    """For each claimant: property damaged or taken, whose it is, where it can be seen."""
    yield Note(N_("Next: property that was damaged or taken."))
    for i, p in enumerate(facts.people):
        prop = ("claimants", i, "property")
        fmt = {"name": p["name"] if p["role"] != "estate" else p["decedent"]}
        has = yield _yes(
            f"claimants[{i}].property.any", "property",
            N_("Was anything that {name} owns or uses damaged or taken — a door, a car, a phone, money?") if p["role"] != "estate"
            else N_("Was anything that {name} owned or used damaged or taken — a car, a phone, money, clothing?"),
            default=bool(ctx.get(prop + ("description",))) or p["role"] == "property_owner", **fmt,
        )
        facts.has_property[i] = bool(has)
        if not has:
            ctx.delete(prop)
            continue
        yield Question(
            f"claimants[{i}].property.description", "property", "long", N_("What was damaged or taken, and how?"),
            help=N_("For example: the front door frame was split and the lock broken when officers forced the door."),
            path=prop + ("description",), model_field=(PropertyDetails, "description"), fmt=fmt,
        )
        owner_is_other = yield _yes(
            f"claimants[{i}].property.someone_else", "property", N_("Does this property belong to someone else (a landlord, a relative, a company)?"),
            default=bool(ctx.get(prop + ("owner",))), **fmt,
        )
        if owner_is_other:
            yield Question(f"claimants[{i}].property.owner", "property", "text", N_("Who owns it?"),
                           path=prop + ("owner",), model_field=(PropertyDetails, "owner"))
            yield Question(f"claimants[{i}].property.owner_address", "property", "text", N_("The owner's address (optional):"),
                           required=False, path=prop + ("owner_address",), model_field=(PropertyDetails, "owner_address"))
            yield Note(N_("The owner may need to make a separate claim for the property; the lawyer will check."))
        else:
            ctx.delete(prop + ("owner",))
            ctx.delete(prop + ("owner_address",))
        yield from _where_property_is(ctx, i)


def _where_property_is(ctx, i: int) -> Steps:
    """Where the agency can see it: the damage, or — for something the officers took — where the thing is now."""
    prop = ("claimants", i, "property")
    taken = yield _yes(
        f"claimants[{i}].property.taken", "property",
        N_("Did the officers take something and keep it (a phone, money, papers)?"), default=False,
    )
    if taken:
        yield Question(
            f"claimants[{i}].property.inspect_at", "property", "text", N_("Where is it now, if you know? (optional)"),
            help=N_("For example: kept by ICE at the field office on Main Street; never returned; receipt number 123."),
            required=False, path=prop + ("inspect_at",), model_field=(PropertyDetails, "inspect_at"),
        )
    else:
        yield Question(
            f"claimants[{i}].property.inspect_at", "property", "text", N_("Where and when can the damage be seen? (optional)"),
            help=N_("The agency may want to inspect it. For example: at home, by appointment."),
            required=False, path=prop + ("inspect_at",), model_field=(PropertyDetails, "inspect_at"),
        )


# ================================================================ part 5: money


def money(ctx, facts: Facts) -> Steps:
    """For each claimant: each cost on its own line, by category, added up; then insurance."""
    yield Note(N_(
        "Now the money. The agency only accepts a claim that asks for an exact number of dollars — the law calls "
        "it a \"sum certain\". \"To be determined\", \"more than $10,000\" or a range are not accepted, and the "
        "amount you write is the most that can be recovered later, so include every cost. We will list the costs "
        "one by one and add them up for you."
    ))
    for i, p in enumerate(facts.people):
        base = ("claimants", i)
        items = base + ("damages_items",)
        cats = [c for c, on in (("property_damage", facts.has_property[i]), ("personal_injury", facts.hurt[i]),
                                ("wrongful_death", p["role"] == "estate")) if on]
        if not cats:
            yield Note(N_("{name} has no injury or damaged property listed, but a claim needs an amount. We will ask about injury costs."), {"name": p["name"]})
            cats = ["personal_injury"]
        for cat in CATEGORIES:
            ctx.set(base + ("damages", cat), Decimal("0.00"))
            if cat not in cats:
                ctx.truncate(items, 0, where=("category", cat))
        grand = Decimal("0.00")
        for cat in cats:
            grand += yield from _cost_lines(ctx, i, p, cat)
        if len(cats) > 1 or len(facts.people) > 1:
            yield Note(N_("Total claimed for {name}: {amount}. This is the amount that goes on the claim form."),
                       {"name": p["name"], "amount": f"${grand:,.2f}"})
        yield from _insurance(ctx, i, p)


def _cost_lines(ctx, i: int, p: dict[str, Any], cat: str) -> Steps:
    """The damages lines of one category for one claimant, one at a time; returns their total."""
    base = ("claimants", i)
    items = base + ("damages_items",)
    name = p.get("decedent") if p["role"] == "estate" else p["name"]
    yield Note(CATEGORY_NOTES[cat], {"name": name})
    existing = len([x for x in (ctx.get(items) or []) if isinstance(x, dict) and x.get("category") == cat])
    k = 0
    total = Decimal("0.00")
    while True:
        line = items + (Nth(cat, k),)
        ctx.set(line + ("category",), cat)
        ctx.set(line + ("id",), ctx.get(line + ("id",)) or f"{p['id']}-{CAT_SHORT[cat]}{k + 1}")
        qid = f"claimants[{i}].damages.{cat}[{k}]"
        yield Question(f"{qid}.description", "money", "text", N_("Cost {n}: what is it for?"),
                       help=COST_EXAMPLES[cat],
                       path=line + ("description",), model_field=(DamageItem, "description"), fmt={"n": k + 1})
        amount = yield Question(
            f"{qid}.amount", "money", "money", N_("Cost {n}: how many dollars?"),
            help=N_("An exact number, like 4850 or 4850.00. For pain and suffering, write the amount you ask for."),
            path=line + ("amount",), model_field=(DamageItem, "amount"), fmt={"n": k + 1},
        )
        total += amount
        ctx.set(base + ("damages", cat), total)
        k += 1
        more = yield _yes(f"{qid}.more", "money", N_("Is there another cost to add here?"), default=existing > k)
        if not more:
            break
    ctx.truncate(items, k, where=("category", cat))
    yield Note(CATEGORY_TOTALS[cat], {"amount": f"${total:,.2f}"})
    return total


def _insurance(ctx, i: int, p: dict[str, Any]) -> Steps:
    """Accident and liability insurance (the claim form's boxes 14-15)."""
    ins = ("claimants", i, "insurance")
    died = p["role"] == "estate"
    fmt = {"name": p["decedent"] if died else p["name"]}
    has_acc = yield _yes(
        f"claimants[{i}].insurance.accident_insurance", "money",
        N_("Did {name} have health or accident insurance that could pay for some of this?") if died
        else N_("Does {name} have health or accident insurance that could pay for some of this?"),
        help=N_("The claim form asks about insurance. Medicaid and Medicare count as health coverage."),
        path=ins + ("accident_insurance",), model_field=(Insurance, "accident_insurance"), default=False, **fmt,
    )
    if has_acc:
        yield Question(f"claimants[{i}].insurance.accident_insurer", "money", "text",
                       N_("The insurance company's name and the policy number (optional):"),
                       required=False, path=ins + ("accident_insurer",))
        yield _yes(f"claimants[{i}].insurance.claim_filed_with_insurer", "money", N_("Has a claim been made with that insurance?"),
                   path=ins + ("claim_filed_with_insurer",), model_field=(Insurance, "claim_filed_with_insurer"), default=False)
    else:
        for key in ("accident_insurer", "claim_filed_with_insurer"):
            ctx.delete(ins + (key,))
    if p.get("minor"):
        ctx.set(ins + ("liability_insurance",), False)  # a child has no car, home or renter's policy: not asked
        has_liab = False
    else:
        has_liab = yield _yes(
            f"claimants[{i}].insurance.liability_insurance", "money",
            N_("Did {name} have car, home or renter's insurance?") if died else N_("Does {name} have car, home or renter's insurance?"),
            path=ins + ("liability_insurance",), model_field=(Insurance, "liability_insurance"), default=False, **fmt,
        )
    if has_liab:
        yield Question(f"claimants[{i}].insurance.liability_insurer", "money", "text",
                       N_("The insurance company's name and the policy number (optional):"),
                       required=False, path=ins + ("liability_insurer",))
    else:
        ctx.delete(ins + ("liability_insurer",))


# ================================================================ part 6: witnesses


def witnesses(ctx, facts: Facts) -> Steps:
    """Each person who saw or heard it, for as long as there is another."""
    wit = ("witnesses",)
    known_w = ctx.get(wit) or []
    any_w = yield _yes(
        "witnesses.any", "witnesses", N_("Did anyone else see or hear what happened — a neighbor, a passer-by, a relative?"),
        default=bool(known_w),
    )
    n_w = 0
    while any_w:
        base = wit + (n_w,)
        ctx.set(base + ("id",), ctx.get(base + ("id",)) or f"w{n_w + 1}")
        yield Question(f"witnesses[{n_w}].name", "witnesses", "text", N_("Witness {n}: full name"),
                       path=base + ("name",), model_field=(Witness, "name"), fmt={"n": n_w + 1})
        yield Question(f"witnesses[{n_w}].address", "witnesses", "text", N_("The witness's address (optional):"),
                       required=False, path=base + ("address",), model_field=(Witness, "address"))
        yield Question(f"witnesses[{n_w}].phone", "witnesses", "text", N_("The witness's telephone number (optional):"),
                       required=False, path=base + ("phone",), model_field=(Witness, "phone"))
        yield Question(f"witnesses[{n_w}].saw", "witnesses", "text", N_("What did this person see or hear? (optional)"),
                       required=False, path=base + ("saw",), model_field=(Witness, "saw"))
        n_w += 1
        any_w = yield _yes(f"witnesses[{n_w - 1}].more", "witnesses", N_("Is there another witness?"), default=len(known_w) > n_w)
    ctx.truncate(wit, n_w)


# ================================================================ part 7: evidence


def evidence(ctx, facts: Facts) -> Steps:
    """Proof of a representative's authority, then any files the person has now (registered, never moved)."""
    yield Note(N_(
        "Evidence: photos, videos, medical records, bills, receipts, letters and written statements help the claim. "
        "claimgen does not move or change your files: it records where each one is and a digital fingerprint "
        "(SHA-256), so anyone can check later that it was not altered. Files inside the case folder work best."
    ))
    for i, p in enumerate(facts.people):
        if p["proof"]:
            yield from _authority_proof(ctx, facts, i, p)
    yield from _files(ctx, facts)


def _registered_by(ctx, facts: Facts) -> Steps:
    """Who is registering files, asked once, before the first one: the chain of custody names that person."""
    if facts.registered_by_asked:
        return
    facts.registered_by_asked = True
    yield Question(
        "interview.registered_by", "evidence", "text", N_("Who is adding these files? Write your full name."),
        help=N_("Each file's record says who added it and when (the chain of custody). If you leave it empty, it says \"unknown\"."),
        path=REGISTERED_BY, required=False,
    )


def _authority_proof(ctx, facts: Facts, i: int, p: dict[str, Any]) -> Steps:
    """The letters of administration or the birth certificate that let a representative act."""
    rep_path = ("claimants", i, "representative", "authority_documents")
    what = (N_("letters of administration or testamentary from the court") if p["proof"] == "estate"
            else N_("a birth certificate or the guardianship order"))
    fmt = {"rep": p["rep"], "name": p["name"], "document": _(what), "decedent": p.get("decedent")}
    has = yield _yes(f"claimants[{i}].representative.proof", "evidence",
                     N_("Do you have a file proving that {rep} may act for {name} — {document}?") if p["proof"] != "estate"
                     else N_("Do you have a file proving that {rep} may act for the estate of {decedent} — {document}?"),
                     default=bool(ctx.get(rep_path)), **fmt)
    path = None
    if has:
        path = yield Question(f"claimants[{i}].representative.proof_file", "evidence", "path",
                              N_("Where is that file? Type its path (you can drag the file into this window):"),
                              help=LATER_HELP, fmt={"case": ctx.case_name}, required=False, check=ctx.check_file)
    if path:
        yield from _registered_by(ctx, facts)
        action_id = f"claimants[{i}].representative.proof_added"
        before = ctx.action_ids(action_id)  # the proof registered for an earlier path, if the path was changed
        ids = yield Action(action_id, "evidence", "add_evidence",
                           {"files": [path], "description": f"Proof of authority of {p['rep']} for {p['name']}", "supports": [p["id"]]})
        if ids:
            linked = [x for x in (ctx.get(rep_path) or []) if x not in before or x in ids]
            ctx.set(rep_path, sorted(set(linked + list(ids))))


def _files(ctx, facts: Facts) -> Steps:
    """Files to register now, one at a time, each with whose claim it helps."""
    people = facts.people
    any_e = yield _yes("evidence.any", "evidence", N_("Do you have files to add now — photos, videos, records, bills, statements?"),
                       default=False)
    n_e = 0
    while any_e:
        qid = f"evidence[{n_e}]"
        path = yield Question(f"{qid}.file", "evidence", "path",
                              N_("Where is the file or folder? Type its path (you can drag it into this window):"),
                              help=LATER_HELP, fmt={"case": ctx.case_name}, required=False, check=ctx.check_file)
        if not path:
            break
        description = yield Question(f"{qid}.description", "evidence", "text", N_("What is it? (optional)"),
                                     help=N_("For example: video of the entry, recorded by a neighbor; hospital bill."), required=False)
        supports: list[str] = [people[0]["id"]]
        if len(people) > 1:
            supports = yield Question(
                f"{qid}.supports", "evidence", "multi", N_("Whose claim does it help? Choose all that apply."),
                choices=[Choice(p["id"], p["name"], translated=True) for p in people], required=False,
            )
        costs = yield from _costs_proven(ctx, qid, people, supports or [])
        yield from _registered_by(ctx, facts)
        yield Action(f"{qid}.added", "evidence", "add_evidence",
                     {"files": [path], "description": description, "supports": (supports or []) + costs})
        n_e += 1
        any_e = yield _yes(f"{qid}.more", "evidence", N_("Add another file?"), default=False)


def _costs_proven(ctx, qid: str, people: list[dict[str, Any]], whose: list[str]) -> Steps:
    """Which costs (damages lines of the claimants it helps) a file proves: a bill, a receipt, a photo of the door."""
    choices = []
    for i, p in enumerate(people):
        if p["id"] not in whose:
            continue
        for item in ctx.get(("claimants", i, "damages_items")) or []:
            if isinstance(item, dict) and item.get("id"):
                label = f"{item.get('description') or item['id']} (${Decimal(str(item.get('amount') or 0)):,.2f})"
                choices.append(Choice(str(item["id"]), f"{p['name']}: {label}" if len(whose) > 1 else label, translated=True))
    if not choices:
        return []
    costs = yield Question(f"{qid}.costs", "evidence", "multi", N_("Which costs does it help prove? Choose all that apply (optional)."),
                           help=N_("For example, a hospital bill proves the hospital cost; a photo of the broken door proves the repair."),
                           choices=choices, required=False)
    return list(costs or [])


# ================================================================ part 8: claims already sent


HISTORY_KEYS = ("presented_on", "mailed_on", "denial_mailed_on", "denial_mailing_proof", "reconsideration_requested_on")
DENIAL_KEYS = ("denial_mailed_on", "denial_mailing_proof", "reconsideration_requested_on")
# What shows the day a denial was mailed (28 C.F.R. § 14.9(a): certified or registered mail). The stored words are
# the case file's (read by the lawyer); "letter" and "unknown" store nothing, so `check` keeps asking for the proof.
MAILING_PROOFS = [
    Choice("receipt", N_("A certified-mail or registered-mail receipt, or the tracking page")),
    Choice("envelope", N_("The postmark on the envelope")),
    Choice("letter", N_("Only the date printed on the letter (the envelope is lost)")),
    Choice("unknown", N_("I am not sure")),
]
MAILING_PROOF_TEXT = {"receipt": "certified or registered mail receipt", "envelope": "postmarked envelope"}


def history(ctx, facts: Facts) -> Steps:
    """A claim already sent: when the agency received it, a denial, a request to reconsider."""
    claim = ("claim",)
    today, day = facts.today, facts.day
    sent = yield _yes(
        "claim.already_sent", "history",
        N_("Has a claim about this (an SF-95 form or a letter) already been sent to any agency?"),
        default=bool(ctx.get(claim + ("presented_on",)) or ctx.get(claim + ("mailed_on",))
                     or ctx.get(claim + ("denial_mailed_on",))),
    )
    if not sent:
        for key in HISTORY_KEYS:
            ctx.delete(claim + (key,))
        return
    received = yield Question(
        "claim.presented_on", "history", "date", N_("On what day did the agency RECEIVE it? (leave empty if you do not know)"),
        help=N_(
            "Not the day it was mailed: the day it arrived. The certified-mail green card, the tracking page or an "
            "email reply shows it. The deadline is met only when the agency receives the claim."
        ),
        required=False, path=claim + ("presented_on",), model_field=(ClaimHistory, "presented_on"),
        check=_date_rule(today, day),
    )
    mailed = None
    if not received:
        yield Note(N_("Without the day of receipt the claim may not count as presented yet. Try to find the tracking or receipt."))
        mailed = yield Question(
            "claim.mailed_on", "history", "date", N_("On what day was it mailed or sent? (optional)"),
            required=False, path=claim + ("mailed_on",), model_field=(ClaimHistory, "mailed_on"), check=_date_rule(today, day),
        )
    # A denial is asked either way: it proves the agency had the claim, and its mailing day starts the six months.
    if received:
        after = (received, N_("That is before the day the agency received the claim. Please check it."))
    elif mailed:
        after = (mailed, N_("That is before the claim was sent. Please check it."))
    else:
        after = (day, None)
    yield from _denial(ctx, today, after, bool(received))


def _denial(ctx, today: dt.date, after: tuple[dt.date, str | None], received: bool) -> Steps:
    """A denial letter: the day it was mailed, what proves that day, and a request to reconsider it."""
    claim = ("claim",)
    denied = yield _yes("claim.denied", "history", N_("Has the agency sent a letter denying the claim?"),
                        default=bool(ctx.get(claim + ("denial_mailed_on",))))
    if not denied:
        for key in DENIAL_KEYS:
            ctx.delete(claim + (key,))
        return
    yield Note(N_(
        "A denial letter starts a six-month deadline to sue or to ask the agency to reconsider. "
        "Show the letter to a lawyer right away."
    ))
    if not received:
        yield Note(N_("The denial letter also shows that the agency had the claim by the day it was mailed."))
    denial = yield Question(
        "claim.denial_mailed_on", "history", "date", N_("On what day was the denial letter mailed?"),
        help=N_(
            "The postmark on the envelope or the certified-mail receipt shows it; the date printed on "
            "the letter may be earlier. If you have neither the envelope nor the receipt, write the date "
            "printed on the letter. Keep the envelope and give it to the lawyer."
        ),
        path=claim + ("denial_mailed_on",), model_field=(ClaimHistory, "denial_mailed_on"),
        check=_date_rule(today, *after),
    )
    yield from _mailing_proof(ctx)
    asked = yield _yes("claim.reconsideration", "history", N_("Did you ask the agency to reconsider the denial?"),
                       default=bool(ctx.get(claim + ("reconsideration_requested_on",))))
    if asked:
        yield Question(
            "claim.reconsideration_requested_on", "history", "date",
            N_("On what day did the agency receive the request to reconsider?"),
            path=claim + ("reconsideration_requested_on",), model_field=(ClaimHistory, "reconsideration_requested_on"),
            check=_date_rule(today, denial, N_("That is before the date of the denial letter. Please check it.")),
        )
    else:
        ctx.delete(claim + ("reconsideration_requested_on",))


def _mailing_proof(ctx) -> Steps:
    """What shows the denial's mailing day; words a lawyer wrote in ``claim.denial_mailing_proof`` are kept."""
    path = ("claim", "denial_mailing_proof")
    written = ctx.get(path)
    ours = {v: k for k, v in MAILING_PROOF_TEXT.items()}
    proof = yield Question(
        "claim.denial_mailing_proof", "history", "select", N_("What shows the day the denial letter was mailed?"),
        help=N_("The six months are counted from the day the agency mailed the letter, so the lawyer needs the paper that shows it."),
        choices=MAILING_PROOFS, default=ours.get(written, "receipt" if written else None),
    )
    phrase = MAILING_PROOF_TEXT.get(proof)
    if phrase and (not written or written in ours):
        ctx.set(path, phrase)
    elif not phrase and written in ours:
        ctx.delete(path)


# ================================================================ part 9: lawyer or helper


def representative(ctx, facts: Facts) -> Steps:
    """The lawyer, law student or legal worker helping (``counsel``)."""
    counsel = ("counsel",)
    has_counsel = yield _yes(
        "counsel.any", "representative", N_("Is a lawyer, law student or legal worker helping with this claim?"),
        default=bool(ctx.get(counsel + ("name",))),
    )
    if not has_counsel:
        ctx.delete(counsel)
        return
    role = yield Question("counsel.role", "representative", "select", N_("Who is helping?"), choices=COUNSEL_ROLES,
                          path=counsel + ("role",), model_field=(Counsel, "role"), default="attorney")
    yield Question("counsel.name", "representative", "text", N_("Their full name:"), path=counsel + ("name",), model_field=(Counsel, "name"))
    yield Question("counsel.firm", "representative", "text", N_("Office, clinic or law firm (optional):"), required=False,
                   path=counsel + ("firm",), model_field=(Counsel, "firm"))
    yield Question("counsel.address", "representative", "text", N_("Office address (optional):"), required=False,
                   path=counsel + ("address",), model_field=(Counsel, "address"))
    yield Question("counsel.phone", "representative", "text", N_("Telephone (optional):"), required=False,
                   path=counsel + ("phone",), model_field=(Counsel, "phone"))
    yield Question("counsel.email", "representative", "text", N_("Email (optional):"), required=False,
                   path=counsel + ("email",), model_field=(Counsel, "email"))
    if role == "attorney":
        yield Question("counsel.bar_number", "representative", "text", N_("Bar number and state (optional):"), required=False,
                       path=counsel + ("bar_number",), model_field=(Counsel, "bar_number"))
    else:
        ctx.delete(counsel + ("bar_number",))
    if role == "law_student":
        yield Question("counsel.supervising_attorney", "representative", "text", N_("The supervising attorney's name:"),
                       path=counsel + ("supervising_attorney",), model_field=(Counsel, "supervising_attorney"))
    else:
        ctx.delete(counsel + ("supervising_attorney",))


# ================================================================ the parts, in order


@dataclass(frozen=True)
class Part:
    """One part of the interview: its key (stored as ``interview.section``), title, a rough time, its questions."""

    key: str
    title: str  # English msgid
    minutes: int  # about how long a person takes, for "about N minutes left"
    questions: Callable[[Any, Facts], Steps]


PARTS: list[Part] = [
    Part("who", N_("Who is making the claim"), 4, who),
    Part("incident", N_("What happened"), 8, incident),
    Part("injuries", N_("Injuries and medical care"), 3, injuries),
    Part("property", N_("Property"), 2, property_part),
    Part("money", N_("Money: the amount claimed"), 5, money),
    Part("witnesses", N_("Witnesses"), 2, witnesses),
    Part("evidence", N_("Evidence"), 3, evidence),
    Part("history", N_("Claims already sent"), 1, history),
    Part("representative", N_("Lawyer or helper"), 1, representative),
]
SECTIONS: list[tuple[str, str]] = [(p.key, p.title) for p in PARTS]
SECTION_TITLES = dict(SECTIONS)


def part_number(key: str) -> int:
    """1 for the first part, ... (0 for a key that is not a part)."""
    keys = [p.key for p in PARTS]
    return keys.index(key) + 1 if key in keys else 0


def interview(ctx) -> Generator[Any, Any, None]:
    """Every question of the interview in order: the parts joined; ``ctx`` reads and shapes the case tree."""
    facts = Facts(ctx.today)
    for part in PARTS:
        yield from part.questions(ctx, facts)
