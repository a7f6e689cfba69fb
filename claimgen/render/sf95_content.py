"""What goes in each box of one claimant's SF-95, independent of where it is drawn.

:func:`build_form` turns the case into a :class:`ClaimForm`: each box's wordings
(preferred first), the witnesses, the check boxes, the signature and the amounts,
with every user string recorded with its key path for the glyph check. The drawn
form (:mod:`claimgen.render.sf95`) and the filled official form
(:mod:`claimgen.render.sf95_official`) both draw from it.

Content decisions (each claimant files separately, 28 C.F.R. § 14.2):
- Box 1 names every agency of ``incident.agencies`` with its claims-office address
  from the agency directory (28 C.F.R. § 14.2(b)(3)); where the directory has no
  street address (BOP) the office is named and no address is invented. "Verify"
  notes belong in the memo and the letters, not on the form.
- Box 2: the claimant, then the personal representative with his or her capacity
  (parent, guardian, administrator: § 14.2(a) requires it), said once: an estate's
  "c/o <administrator>" is left to the representative's line, "Administrator of the
  Estate of X" is "Administrator" just below "Estate of X", and an address the two
  share reads "(same address)"; then the attorney
  (``case.counsel``) "please send correspondence to", so the agency writes to
  counsel. The attorney is an agent, not the claimant, and is never put in the
  claimant's place.
- 13a stays blank for an ink signature, with a "SIGN HERE" mark and the signer's
  name and capacity under the line; ``/s/ Name`` only where
  ``signature.electronic`` is true. 14 is filled only from ``signature.signed_on``.
- "NONE" goes in each box that does not apply (the form's own instruction; box 9's
  owner is "NONE (the claimant owns the property)" also where the case names the
  claimant itself as the owner; boxes 4 and 5 for an estate); a person's date of
  birth or marital status that the case file leaves out is "Not provided". Box 9 is
  left empty, never NONE, when 12a claims property damage the case does not describe.
- Amounts are printed as $1,234.56, zeros as $0.00, and 12d is their sum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .. import data
from ..formatting import money, paragraphs, time_12h, us_date, weekday_date
from ..model import Case, Claimant
from . import fonts
from .pdf_text import Para

KEY_ORDER = [
    "1",
    "2",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9.owner",
    "9.property",
    "10",
    "11",
    "12a",
    "12b",
    "12c",
    "12d",
    "13b",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
]


def wording() -> dict:
    return data.load("sf95")


def fill_text(name: str) -> object:
    return wording()["fill"][name]


def label(key: str) -> str:
    return " ".join(str(wording()["boxes"][key]).split())


def series_of(key: str) -> str:
    """The box number a key continues under: '9.owner' → '9', '12a' → '12'."""
    match = re.match(r"\d+", key)
    if match is None:
        raise ValueError(f"{key!r} is not an SF-95 box key")
    return match.group()


class Texts:
    """Records every user string with its key path, for the glyph check, and returns it drawable."""

    def __init__(self) -> None:
        self.fields: list[tuple[str, str]] = []

    def __call__(self, path: str, value: object) -> str:
        text = fonts.drawable(value)
        self.fields.append((path, text))
        return text

    def lines(self, path: str, value: object) -> list[str]:
        return [ln.strip() for ln in self(path, value).split("\n") if ln.strip()]


@dataclass
class Signature:
    signer: str
    capacity: str  # "" for the claimant signing personally
    electronic: bool


@dataclass
class ScheduleLine:
    category: str
    description: str
    evidence: list[str]
    amount: Decimal


@dataclass
class ClaimForm:
    """What goes on one claimant's SF-95, independent of where it is drawn."""

    claimant_id: str
    name: str
    boxes: dict[str, list[list[Para]]]  # key → wordings, preferred first
    witnesses: list[tuple[str, str]] | None  # (name, address and phone); None → NONE
    checks: dict[str, bool]  # "3.military", "3.civilian", "15.yes", "15.no", "16.yes", ...
    signature: Signature
    amounts: dict[str, Decimal]
    schedule: list[ScheduleLine] | None
    texts: list[tuple[str, str]] = field(default_factory=list)
    # a short wording kept in the box when the full text must move to a sheet (box 1: the agencies' names)
    summaries: dict[str, list[Para]] = field(default_factory=dict)


def _none() -> list[list[Para]]:
    return [[Para(str(fill_text("none")))]]


def _one(text: str) -> list[list[Para]]:
    return [[Para(text)]] if text.strip() else [[]]


def _agency_box(case: Case, t: Texts) -> list[list[Para]]:
    directory = data.agencies()
    block, compact = [], []
    several = len(case.incident.agencies) > 1
    for k, key in enumerate(case.incident.agencies):
        row = directory[key]
        lines = [str(x) for x in row.get("address") or []] or [row["name"], row["claims_office"]]
        if several and case.claim.lead_agency == key:
            lines[0] += str(fill_text("lead_agency"))
        lines = t.lines(f"incident.agencies[{k}]", "\n".join(lines))
        block.append(Para("\n".join(lines), keep=True))
        compact.append(Para(", ".join(lines), keep=True))
    return [block, compact]


def _counsel_para(case: Case, t: Texts) -> tuple[list[str], str] | None:
    counsel = case.counsel
    if counsel is None or counsel.role == "self":
        return None
    roles = fill_text("counsel_roles")
    assert isinstance(roles, dict)  # sf95.yaml fill.counsel_roles: role -> words
    head = str(roles.get(counsel.role, roles["attorney"])) + t("counsel.name", counsel.name)
    if counsel.supervising_attorney:
        head += ", " + str(fill_text("supervised_by")) + t("counsel.supervising_attorney", counsel.supervising_attorney)
    lines = [head]
    if counsel.firm:
        lines.append(t("counsel.firm", counsel.firm))
    lines += t.lines("counsel.address", counsel.address)
    contact = [str(fill_text("phone")) + t("counsel.phone", counsel.phone)] if counsel.phone else []
    if counsel.email:
        contact.append(t("counsel.email", counsel.email))
    if contact:
        lines.append(", ".join(contact))
    return lines, head


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _care_of_removed(lines: list[str], rep_name: str, capacity: str) -> list[str]:
    """The claimant's address without a leading "c/o <representative>, <capacity word>," that box 2
    states anyway on the representative's line ("c/o Mirlande Désir, Administrator, 418 Kenton St"
    → "418 Kenton St")."""
    if not lines:
        return lines
    parts = [p.strip() for p in lines[0].split(",")]
    if _folded(parts[0]) != _folded("c/o " + rep_name):
        return lines
    capacity_words = set(_folded(capacity).split())
    k = 1
    while (
        k < len(parts)
        and parts[k]
        and not re.search(r"\d", parts[k])
        and set(_folded(parts[k]).split()) <= capacity_words
    ):
        k += 1
    first = ", ".join(p for p in parts[k:] if p)
    return ([first] if first else []) + lines[1:]


def _short_capacity(capacity: str, claimant_name: str) -> str:
    """ "Administrator of the Estate of X" → "Administrator" in box 2, just below "Estate of X"."""
    for tail in (" of the " + claimant_name, " of " + claimant_name):
        if capacity.casefold().endswith(tail.casefold()) and len(capacity) > len(tail):
            return capacity[: -len(tail)].rstrip(" ,")
    return capacity


def _claimant_box(case: Case, i: int, t: Texts) -> list[list[Para]]:
    """The claimant and its address; the personal representative with capacity (and address
    where it differs); counsel. Nothing is said twice: a claimant's "c/o <representative>"
    is left to the representative's line, an address they share is printed once."""
    c = case.claimants[i]
    base = f"claimants[{i}]"
    name = t(f"{base}.name", c.name)
    address = t.lines(f"{base}.address", c.address)
    rep = c.representative
    rep_group = None
    if rep is not None:
        rep_name = t(f"{base}.representative.name", rep.name)
        capacity = t(f"{base}.representative.capacity", rep.capacity)
        rep_address = t.lines(f"{base}.representative.address", rep.address)
        address = _care_of_removed(address, rep_name, capacity)
        head = str(fill_text("representative")) + rep_name + ", " + _short_capacity(capacity, name)
        if rep_address and _folded(" ".join(rep_address)) == _folded(" ".join(address)):
            rep_group = [head + str(fill_text("same_address"))]
        else:
            rep_group = [head, *rep_address]
    groups = [[name, *address]]
    if rep_group is not None:
        groups.append(rep_group)
    counsel = _counsel_para(case, t)
    if counsel is not None:
        groups.append(counsel[0])
    # each person's name and address stays together: what does not fit moves to a sheet whole
    block = [Para("\n".join(g), keep=True) for g in groups]
    compact = [Para(", ".join(g), keep=True) for g in groups]
    return [block, compact]


def _signature(c: Claimant, i: int, t: Texts) -> tuple[Signature, str]:
    base = f"claimants[{i}]"
    rep = c.representative
    if c.signature.signer:
        signer = t(f"{base}.signature.signer", c.signature.signer)
        capacity = t(f"{base}.representative.capacity", rep.capacity) if rep and rep.name == c.signature.signer else ""
        phone_owner = rep if rep and rep.name == c.signature.signer else None
    elif rep is not None:
        signer, capacity, phone_owner = (
            t(f"{base}.representative.name", rep.name),
            t(f"{base}.representative.capacity", rep.capacity),
            rep,
        )
    else:
        signer, capacity, phone_owner = t(f"{base}.name", c.name), "", None
    if c.signature.phone:
        phone = t(f"{base}.signature.phone", c.signature.phone)
    elif phone_owner is not None and phone_owner.phone:
        phone = t(f"{base}.representative.phone", phone_owner.phone)
    elif phone_owner is None and not c.signature.signer and c.phone:
        phone = t(f"{base}.phone", c.phone)
    else:
        phone = ""
    return Signature(signer, capacity, c.signature.electronic), phone


def _property_boxes(c: Claimant, i: int, t: Texts) -> tuple[list[list[Para]], list[list[Para]]]:
    base = f"claimants[{i}].property"
    prop = c.property
    if prop is None or not any([prop.owner, prop.description, prop.inspect_at]):
        if c.damages.property_damage > 0:  # 12a claims property: left visibly empty, never NONE
            return [[]], [[]]
        return _none(), _none()
    if prop.owner and _folded(prop.owner) != _folded(c.name):
        owner = [t(f"{base}.owner", prop.owner), *t.lines(f"{base}.owner_address", prop.owner_address)]
        owner_opts = [[Para("\n".join(owner))], [Para(", ".join(owner))]]
    else:
        owner_opts = [[Para(str(fill_text("owner_is_claimant")))]]
    paras = [Para(p) for p in paragraphs(t(f"{base}.description", prop.description))]
    if prop.inspect_at:
        paras.append(Para(str(fill_text("inspect_prefix")) + " ".join(t.lines(f"{base}.inspect_at", prop.inspect_at))))
    return owner_opts, [paras]


def _injury_box(case: Case, c: Claimant, i: int, t: Texts) -> list[list[Para]]:
    base = f"claimants[{i}]"
    paras: list[Para] = []
    if c.injured_person:
        died = c.role == "estate" or c.damages.wrongful_death > 0
        prefix = fill_text("decedent") if died else fill_text("injured_person")
        paras.append(Para(str(prefix) + t(f"{base}.injured_person", c.injured_person)))
    paras += [Para(p) for p in paragraphs(t(f"{base}.injuries", c.injuries))]
    if not paras:
        if c.damages.personal_injury == 0 and c.damages.wrongful_death == 0:
            return _none()
        return [[]]
    return [paras]


def _witnesses(case: Case, t: Texts) -> list[tuple[str, str]] | None:
    if not case.witnesses:
        return None
    rows = []
    for j, w in enumerate(case.witnesses):
        address = t.lines(f"witnesses[{j}].address", w.address)
        if w.phone:
            address.append(str(fill_text("phone")) + t(f"witnesses[{j}].phone", w.phone))
        rows.append((t(f"witnesses[{j}].name", w.name), "\n".join(address)))
    return rows


def _insurance(c: Claimant, i: int, t: Texts) -> tuple[dict[str, list[list[Para]]], dict[str, bool]]:
    base = f"claimants[{i}].insurance"
    ins = c.insurance
    none = str(fill_text("none"))
    boxes: dict[str, list[list[Para]]] = {}
    checks: dict[str, bool] = {}

    def yes_no(box: str, answer: bool | None) -> None:
        checks[f"{box}.yes"] = answer is True
        checks[f"{box}.no"] = answer is False

    yes_no("15", ins.accident_insurance)
    if ins.accident_insurance:
        boxes["15"] = [[Para("\n".join(t.lines(f"{base}.accident_insurer", ins.accident_insurer)))]]
    else:
        boxes["15"] = _none() if ins.accident_insurance is False else [[]]
    yes_no("16", ins.claim_filed_with_insurer)
    if ins.claim_filed_with_insurer:
        coverage = {"full": fill_text("coverage_full"), "deductible": fill_text("coverage_deductible")}.get(
            ins.coverage or ""
        )
        boxes["16"] = _one(str(coverage or ""))
        if ins.coverage == "deductible" and ins.deductible is not None:
            boxes["17"] = _one(money(ins.deductible))
        elif ins.coverage == "full":
            boxes["17"] = _none()
        else:
            boxes["17"] = [[]]
        action = [Para(p) for p in paragraphs(t(f"{base}.insurer_action", ins.insurer_action))]
        boxes["18"] = [action] if action else [[]]
    elif ins.claim_filed_with_insurer is False:
        boxes["16"], boxes["17"], boxes["18"] = _none(), _none(), _none()
    else:
        boxes["16"], boxes["17"], boxes["18"] = [[]], [[]], [[]]
    yes_no("19", ins.liability_insurance)
    if ins.liability_insurance:
        boxes["19"] = [[Para("\n".join(t.lines(f"{base}.liability_insurer", ins.liability_insurer)))]]
    else:
        boxes["19"] = [[Para(none)]] if ins.liability_insurance is False else [[]]
    return boxes, checks


def _schedule(case: Case, c: Claimant, i: int, t: Texts) -> list[ScheduleLine] | None:
    if not c.damages_items:
        return None
    lines = []
    for j, item in enumerate(c.damages_items):
        description = " ".join(t(f"claimants[{i}].damages_items[{j}].description", item.description).split())
        if item.date:
            description += f" ({us_date(item.date)})"
        evidence = []
        for ex in item.evidence:
            exhibit = case.exhibit(ex)
            k = case.evidence.index(exhibit) if exhibit else None
            about = " ".join(t(f"evidence[{k}].description", exhibit.description).split()) if exhibit else ""
            evidence.append(f"{ex} — {about}" if about else ex)
        lines.append(ScheduleLine(item.category, description, evidence, item.amount))
    return lines


def build_form(case: Case, i: int) -> ClaimForm:
    """Everything one claimant's SF-95 says, with each user string recorded for the glyph check."""
    c = case.claimants[i]
    t = Texts()
    base = f"claimants[{i}]"
    boxes: dict[str, list[list[Para]]] = {}
    boxes["1"] = _agency_box(case, t)
    boxes["2"] = _claimant_box(case, i, t)
    boxes["4"] = _one(us_date(c.date_of_birth))
    status = t(f"{base}.marital_status", c.marital_status)
    boxes["5"] = _one(status[:1].upper() + status[1:] if status.islower() else status)
    # Never blank (the form: insert NONE where a box does not apply): an estate has no birth date
    # or marital status (NONE); a person's that the case file leaves out are "Not provided".
    missing = _none() if c.role == "estate" else [[Para(str(fill_text("not_provided")))]]
    if c.date_of_birth is None:
        boxes["4"] = missing
    if not status.strip():
        boxes["5"] = missing
    boxes["6"] = _one(weekday_date(case.incident.date))
    boxes["7"] = _one(time_12h(case.incident.time))
    narrative = [Para(p) for p in paragraphs(t("incident.narrative", case.incident.narrative))]
    if case.incident.place:
        place = " ".join(t.lines("incident.place", case.incident.place))
        narrative.insert(0, Para(str(fill_text("place_prefix")) + place))
    boxes["8"] = [narrative]
    boxes["9.owner"], boxes["9.property"] = _property_boxes(c, i, t)
    boxes["10"] = _injury_box(case, c, i, t)
    amounts = {
        "12a": c.damages.property_damage,
        "12b": c.damages.personal_injury,
        "12c": c.damages.wrongful_death,
        "12d": c.damages.total,
    }
    for key, amount in amounts.items():
        boxes[key] = _one(money(amount))
    signature, phone = _signature(c, i, t)
    boxes["13b"] = _one(phone)
    boxes["14"] = _one(us_date(c.signature.signed_on))
    insurance_boxes, checks = _insurance(c, i, t)
    boxes.update(insurance_boxes)
    checks["3.military"] = c.employment == "military"
    checks["3.civilian"] = c.employment == "civilian"
    witnesses = _witnesses(case, t)
    schedule = _schedule(case, c, i, t)
    name = t(f"{base}.name", c.name)
    directory = data.agencies()
    lead = case.claim.lead_agency if len(case.incident.agencies) > 1 else None
    names = [
        str(directory[key]["name"]) + (str(fill_text("lead_agency")) if key == lead else "")
        for key in case.incident.agencies
    ]
    summaries = {"1": [Para("; ".join(names))]}
    return ClaimForm(
        c.id, " ".join(name.split()), boxes, witnesses, checks, signature, amounts, schedule, t.fields, summaries
    )


def static_texts(font: fonts.PdfFont) -> list[tuple[str, str]]:
    """The form's own wording, checked against a user-chosen font like any user text."""
    out = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for v in value:
                walk(v, path)
        elif isinstance(value, str):
            out.append((f"--font (form wording {path[1:]})", value))

    walk({k: wording()[k] for k in ("form", "boxes", "penalties", "fill")}, "")
    out += [("--font (form wording)", penalty_text(k)) for k in ("civil", "criminal")]
    out.append(("--font (form wording)", "✗0123456789$,.-/"))
    return out


def penalty_text(kind: str) -> str:
    text = " ".join(str(wording()["penalties"][kind]["text"]).split())
    return re.sub(r"\{cite:(\w+)\}", lambda m: data.cite(m.group(1)), text)


def prepare(case: Case, case_file: str, font: fonts.PdfFont) -> list[ClaimForm]:
    """Build every claimant's form and refuse, all at once, every string the font cannot draw."""
    forms = [build_form(case, i) for i in range(len(case.claimants))]
    fields = [f for form in forms for f in form.texts]
    if font.source != "bundled DejaVu Sans":
        fields = static_texts(font) + fields
    fonts.ensure_drawable(case_file, fields, font)
    return forms
