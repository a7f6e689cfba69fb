"""The interview itself: which questions, in which order, with which branches.

:func:`interview` is a generator. It yields :class:`Question`, :class:`Note` and
:class:`Action` objects and receives each answer back; the engine
(:mod:`.engine`) decides whether an answer is already saved (resume) or must be
asked (terminal or ``--answers`` file). Nothing here prints, prompts or writes a
file, so the same questions drive every mode and the tests.

Question ids are stable and double as the keys of an ``--answers`` file, e.g.
``claimants.count``, ``claimants[0].name``, ``incident.date``,
``claimants[1].damages.personal_injury[0].amount``, ``witnesses[0].name``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Generator

from .. import data
from ..model import DAMAGE_CATEGORIES, Claimant, ClaimHistory, age_on, Counsel, DamageItem, Incident, Insurance, Officer, PropertyDetails, Representative, Witness
from .i18n import N_, _, readback_date
from .parse import AnswerError
from .questions import Action, Choice, Note, Question
from .store import Nth

SECTIONS: list[tuple[str, str]] = [
    ("who", N_("Who is making the claim")),
    ("incident", N_("What happened")),
    ("injuries", N_("Injuries and medical care")),
    ("property", N_("Property")),
    ("money", N_("Money: the amount claimed")),
    ("witnesses", N_("Witnesses")),
    ("evidence", N_("Evidence")),
    ("history", N_("Claims already sent")),
    ("representative", N_("Lawyer or helper")),
]
SECTION_TITLES = dict(SECTIONS)

ROLE_CHOICES = [
    Choice("injured", N_("Was hurt, frightened or mistreated by the officers")),
    Choice("property_owner", N_("Had property damaged or taken (and was not hurt)")),
    Choice("estate", N_("Is claiming for a person who died (the estate)")),
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


def interview(ctx) -> Generator[Any, Any, None]:
    """Every question of the interview in order; ``ctx`` reads and shapes the case tree."""
    today = ctx.today

    # ================================================================ who is claiming
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
    ctx.truncate(("claimants",), count)
    people: list[dict[str, Any]] = []
    for i in range(count):
        base = ("claimants", i)
        ctx.set(base + ("id",), ctx.get(base + ("id",)) or f"c{i + 1}")
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
            else N_("The claim for a death is made by the estate, for example \"Estate of Ana López\"."),
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
        minor = False
        if role != "estate":
            yield Question(
                f"claimants[{i}].date_of_birth", "who", "date", N_("Date of birth of {name} (optional):"),
                help=N_("Month/day/year, for example 3/2/1988."), required=False,
                path=base + ("date_of_birth",), model_field=(Claimant, "date_of_birth"), fmt=who,
                check=_date_rule(today),
            )
            dob = ctx.get(base + ("date_of_birth",))
            if isinstance(dob, dt.date) and age_on(dob, today) < 18:
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
        else:
            ctx.delete(base + ("minor",))
        rep = base + ("representative",)
        if role == "estate":
            yield Note(N_(
                "A claim for a death must be made by the estate's legal representative (the executor or administrator "
                "named by a court), who must show proof of that authority."
            ))
            rep_name = yield Question(
                f"claimants[{i}].representative.name", "who", "text",
                N_("Who is the executor or administrator of the estate of {decedent}?"),
                help=N_("Write that person's full name. If nobody has been appointed yet, write who will ask the court."),
                path=rep + ("name",), model_field=(Representative, "name"), fmt={"decedent": decedent},
            )
            kinds = [
                Choice(f"Executor of the Estate of {decedent}", N_("Executor (named in the will)")),
                Choice(f"Administrator of the Estate of {decedent}", N_("Administrator (appointed by a court)")),
                Choice(f"Proposed administrator of the Estate of {decedent} (not yet appointed)", N_("Not appointed yet")),
            ]
            capacity = yield Question(
                f"claimants[{i}].representative.capacity", "who", "select",
                N_("What is {rep}'s role for the estate?"), choices=kinds,
                path=rep + ("capacity",), model_field=(Representative, "capacity"), fmt={"rep": rep_name},
            )
            if capacity.startswith("Proposed"):
                yield Note(N_(
                    "Important: a court must appoint a representative of the estate. Ask a lawyer or the probate court "
                    "soon, because the deadline to file the claim keeps running."
                ))
            yield Question(
                f"claimants[{i}].representative.address", "who", "text", N_("Mailing address of {rep} (optional):"),
                required=False, path=rep + ("address",), model_field=(Representative, "address"), fmt={"rep": rep_name},
            )
            people.append({"id": ctx.get(base + ("id",)), "name": name, "role": role, "rep": rep_name, "proof": "estate", "decedent": decedent})
        elif minor:
            yield Note(N_("Because {name} was a minor, a parent or legal guardian makes the claim for him or her."), who)
            adults = [q["name"] for q in people if q["role"] != "estate" and not q.get("minor")]
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
            people.append({"id": ctx.get(base + ("id",)), "name": name, "role": role, "rep": rep_name, "proof": "minor", "minor": True})
        else:
            capacity = str(ctx.get(rep + ("capacity",)) or "")
            if capacity.endswith(", a minor") or "Estate of" in capacity:
                ctx.delete(rep)  # set by an earlier answer that has since changed
            people.append({"id": ctx.get(base + ("id",)), "name": name, "role": role, "rep": None, "proof": None})

    # ================================================================ the incident
    inc = ("incident",)
    yield Note(N_("Now, what happened. Take your time; you can change any answer at the end."))
    day = yield Question(
        "incident.date", "incident", "date", N_("On what day did it happen?"),
        help=N_("Month/day/year, for example 6/14/2025, or June 14, 2025."),
        path=inc + ("date",), model_field=(Incident, "date"), check=_date_rule(today),
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
    if len(agencies) > 1:
        yield Note(N_("Several agencies took part: the claim will name each of them, and each will get its own copy."))
        yield Question(
            "claim.lead_agency", "incident", "select", N_("Which agency was in charge? (skip if you do not know)"),
            choices=[Choice(a, a, translated=True) for a in agencies], required=False,
            path=("claim", "lead_agency"), model_field=(ClaimHistory, "lead_agency"),
        )
    else:
        ctx.delete(("claim", "lead_agency"))
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
    yield _yes(
        "incident.near_border", "incident", N_("Did it happen at or near the border with Mexico or Canada, or at a port of entry?"),
        path=inc + ("near_border",), model_field=(Incident, "near_border"), default=False,
    )
    if "death" in (conduct or []) and not any(p["role"] == "estate" for p in people):
        yield Note(N_(
            "You said that a person died. A claim for the death must be made by that person's estate: at the end, "
            "choose to change \"Who is making the claim\" and add the estate as a claimant."
        ))

    # ================================================================ injuries and medical care
    yield Note(N_("Next: injuries and medical care."))
    hurt: dict[int, bool] = {}
    for i, p in enumerate(people):
        base = ("claimants", i)
        fmt = {"name": p["name"], "decedent": p.get("decedent")}
        if p["role"] == "estate":
            hurt[i] = True
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
        hurt[i] = bool(was_hurt)
        if was_hurt:
            yield Question(
                f"claimants[{i}].injuries", "injuries", "long",
                N_("Describe {name}'s injuries, and the medical care or counseling received (where and when)."),
                help=N_("For example: broken left wrist, treated at the county hospital emergency room on June 14; counseling since July."),
                path=base + ("injuries",), model_field=(Claimant, "injuries"), fmt=fmt,
            )
        else:
            ctx.set(base + ("injuries",), "")

    # ================================================================ property
    yield Note(N_("Next: property that was damaged or taken."))
    has_property: dict[int, bool] = {}
    for i, p in enumerate(people):
        base = ("claimants", i)
        prop = base + ("property",)
        fmt = {"name": p["name"] if p["role"] != "estate" else p["decedent"]}
        has = yield _yes(
            f"claimants[{i}].property.any", "property",
            N_("Was anything that {name} owns or uses damaged or taken — a door, a car, a phone, money?") if p["role"] != "estate"
            else N_("Was anything that {name} owned or used damaged or taken — a car, a phone, money, clothing?"),
            default=bool(ctx.get(prop + ("description",))), **fmt,
        )
        has_property[i] = bool(has)
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
        yield Question(
            f"claimants[{i}].property.inspect_at", "property", "text", N_("Where and when can the damage be seen? (optional)"),
            help=N_("The agency may want to inspect it. For example: at home, by appointment."),
            required=False, path=prop + ("inspect_at",), model_field=(PropertyDetails, "inspect_at"),
        )

    # ================================================================ money
    yield Note(N_(
        "Now the money. The agency only accepts a claim that asks for an exact number of dollars — the law calls "
        "it a \"sum certain\". \"To be determined\", \"more than $10,000\" or a range are not accepted, and the "
        "amount you write is the most that can be recovered later, so include every cost. We will list the costs "
        "one by one and add them up for you."
    ))
    for i, p in enumerate(people):
        base = ("claimants", i)
        items = base + ("damages_items",)
        cats = [c for c, on in (("property_damage", has_property[i]), ("personal_injury", hurt[i]),
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
            grand += total
            yield Note(CATEGORY_TOTALS[cat], {"amount": f"${total:,.2f}"})
        if len(cats) > 1 or len(people) > 1:
            yield Note(N_("Total claimed for {name}: {amount}. This is the amount that goes on the claim form."),
                       {"name": p["name"], "amount": f"${grand:,.2f}"})
        ins = base + ("insurance",)
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

    # ================================================================ witnesses
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

    # ================================================================ evidence
    yield Note(N_(
        "Evidence: photos, videos, medical records, bills, receipts, letters and written statements help the claim. "
        "claimgen does not move or change your files: it records where each one is and a digital fingerprint "
        "(SHA-256), so anyone can check later that it was not altered. Files inside the case folder work best."
    ))
    for i, p in enumerate(people):
        if not p["proof"]:
            continue
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
            action_id = f"claimants[{i}].representative.proof_added"
            before = ctx.action_ids(action_id)  # the proof registered for an earlier path, if the path was changed
            ids = yield Action(action_id, "evidence", "add_evidence",
                               {"files": [path], "description": f"Proof of authority of {p['rep']} for {p['name']}", "supports": [p["id"]]})
            if ids:
                linked = [x for x in (ctx.get(rep_path) or []) if x not in before or x in ids]
                ctx.set(rep_path, sorted(set(linked + list(ids))))
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
        yield Action(f"{qid}.added", "evidence", "add_evidence", {"files": [path], "description": description, "supports": supports or []})
        n_e += 1
        any_e = yield _yes(f"{qid}.more", "evidence", N_("Add another file?"), default=False)

    # ================================================================ claim history
    claim = ("claim",)
    sent = yield _yes(
        "claim.already_sent", "history",
        N_("Has a claim about this (an SF-95 form or a letter) already been sent to any agency?"),
        default=bool(ctx.get(claim + ("presented_on",)) or ctx.get(claim + ("mailed_on",))),
    )
    history_keys = ("presented_on", "mailed_on", "denial_mailed_on", "reconsideration_requested_on")
    if not sent:
        for key in history_keys:
            ctx.delete(claim + (key,))
    else:
        received = yield Question(
            "claim.presented_on", "history", "date", N_("On what day did the agency RECEIVE it? (leave empty if you do not know)"),
            help=N_(
                "Not the day it was mailed: the day it arrived. The certified-mail green card, the tracking page or an "
                "email reply shows it. The deadline is met only when the agency receives the claim."
            ),
            required=False, path=claim + ("presented_on",), model_field=(ClaimHistory, "presented_on"),
            check=_date_rule(today, day),
        )
        if not received:
            yield Note(N_("Without the day of receipt the claim may not count as presented yet. Try to find the tracking or receipt."))
            yield Question(
                "claim.mailed_on", "history", "date", N_("On what day was it mailed or sent? (optional)"),
                required=False, path=claim + ("mailed_on",), model_field=(ClaimHistory, "mailed_on"), check=_date_rule(today, day),
            )
            for key in ("denial_mailed_on", "reconsideration_requested_on"):
                ctx.delete(claim + (key,))
        else:
            denied = yield _yes("claim.denied", "history", N_("Has the agency sent a letter denying the claim?"),
                                default=bool(ctx.get(claim + ("denial_mailed_on",))))
            if denied:
                yield Note(N_(
                    "A denial letter starts a six-month deadline to sue or to ask the agency to reconsider. "
                    "Show the letter to a lawyer right away."
                ))
                denial = yield Question(
                    "claim.denial_mailed_on", "history", "date", N_("What date is on the denial letter (the day it was mailed)?"),
                    help=N_("Usually the date printed at the top of the letter, or the postmark on the envelope."),
                    path=claim + ("denial_mailed_on",), model_field=(ClaimHistory, "denial_mailed_on"),
                    check=_date_rule(today, received, N_("That is before the day the agency received the claim. Please check it.")),
                )
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
            else:
                for key in ("denial_mailed_on", "reconsideration_requested_on"):
                    ctx.delete(claim + (key,))

    # ================================================================ representative (counsel)
    counsel = ("counsel",)
    has_counsel = yield _yes(
        "counsel.any", "representative", N_("Is a lawyer, law student or legal worker helping with this claim?"),
        default=bool(ctx.get(counsel + ("name",))),
    )
    if not has_counsel:
        ctx.delete(counsel)
    else:
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
