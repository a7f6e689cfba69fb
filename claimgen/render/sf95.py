"""Standard Form 95, drawn with reportlab: one PDF per claimant (``sf95-<id>.pdf``, kind ``sf95``).

Page 1 is boxes 1-14 in the layout of SF-95 (Rev. 2/2007, OMB No. 1105-0008),
with the penalty notices; page 2 the insurance boxes 15-19. The instruction pages
are not reproduced. After the form come the attached sheets: "Continuation of
Box N" wherever a box could not hold its text at a readable size (each box ends
with "(continued on attached sheet N)"; the continuations of several boxes share
numbered sheets where they fit), and a "Schedule of damages" for a
claimant with itemized damages, whose lines add up to 12a-12c.

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
  claimant itself as the owner; boxes 4 and 5 for an estate);
  boxes merely unknown (a person's missing date of birth) stay blank for the lawyer.
- Amounts are printed as $1,234.56, zeros as $0.00, and 12d is their sum.

Every user string goes through :func:`fonts.drawable` and the glyph check before
anything is drawn; text is drawn with ``drawString`` (never parsed as markup).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .. import __version__, data
from ..model import DAMAGE_CATEGORIES, Case, Claimant
from . import fonts
from .pdf_sheets import BODY_W, Flow, Fonts, Row, RowMaker, Sheet, draw_footer, draw_sheet, new_canvas, paginate, paginate_flows
from .pdf_text import LEADING, Fit, Para, fit, shrink_to_width, sizes, wrap, width
from ..formatting import money, paragraphs, time_12h, us_date, weekday_date

PAGE_W, PAGE_H = 612.0, 792.0
SMALLEST = 7.0  # no value on the form is printed smaller
SPILL = 8.5  # a value that continues on a sheet anyway is typed at this size, not squeezed to SMALLEST
SECTION_GAP = 6.0  # points between two sections of one box's continuation
KEY_ORDER = ["1", "2", "4", "5", "6", "7", "8", "9.owner", "9.property", "10", "11", "12a", "12b", "12c",
             "12d", "13b", "14", "15", "16", "17", "18", "19"]


def wording() -> dict:
    return data.load("sf95")


def fill_text(name: str) -> object:
    return wording()["fill"][name]


def label(key: str) -> str:
    return " ".join(str(wording()["boxes"][key]).split())


def series_of(key: str) -> str:
    """The box number a key continues under: '9.owner' → '9', '12a' → '12'."""
    return re.match(r"\d+", key).group()


# ---------------------------------------------------------------- content


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
    while k < len(parts) and parts[k] and not re.search(r"\d", parts[k]) \
            and set(_folded(parts[k]).split()) <= capacity_words:
        k += 1
    first = ", ".join(p for p in parts[k:] if p)
    return ([first] if first else []) + lines[1:]


def _short_capacity(capacity: str, claimant_name: str) -> str:
    """"Administrator of the Estate of X" → "Administrator" in box 2, just below "Estate of X"."""
    for tail in (" of the " + claimant_name, " of " + claimant_name):
        if capacity.casefold().endswith(tail.casefold()) and len(capacity) > len(tail):
            return capacity[:-len(tail)].rstrip(" ,")
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
        signer, capacity, phone_owner = t(f"{base}.representative.name", rep.name), t(f"{base}.representative.capacity", rep.capacity), rep
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
        coverage = {"full": fill_text("coverage_full"), "deductible": fill_text("coverage_deductible")}.get(ins.coverage or "")
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
    if c.role == "estate":  # an estate has no birth date or marital status: the boxes do not apply
        if c.date_of_birth is None:
            boxes["4"] = _none()
        if not status:
            boxes["5"] = _none()
    boxes["6"] = _one(weekday_date(case.incident.date))
    boxes["7"] = _one(time_12h(case.incident.time))
    narrative = [Para(p) for p in paragraphs(t("incident.narrative", case.incident.narrative))]
    if case.incident.place:
        place = " ".join(t.lines("incident.place", case.incident.place))
        narrative.insert(0, Para(str(fill_text("place_prefix")) + place))
    boxes["8"] = [narrative]
    boxes["9.owner"], boxes["9.property"] = _property_boxes(c, i, t)
    boxes["10"] = _injury_box(case, c, i, t)
    amounts = {"12a": c.damages.property_damage, "12b": c.damages.personal_injury,
               "12c": c.damages.wrongful_death, "12d": c.damages.total}
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
    names = [str(directory[key]["name"]) + (str(fill_text("lead_agency")) if key == lead else "")
             for key in case.incident.agencies]
    summaries = {"1": [Para("; ".join(names))]}
    return ClaimForm(c.id, " ".join(name.split()), boxes, witnesses, checks, signature, amounts, schedule, t.fields,
                     summaries)


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


# ---------------------------------------------------------------- continuation sheets


@dataclass
class Section:
    """What one box (or half of box 9 or 11) carries over to attached sheets."""

    key: str
    heading: str
    paras: list[Para] | None = None
    rows: list[tuple[str, str]] | None = None
    first_sheet: str = ""


def fit_box(form: ClaimForm, key: str, options: list[list[Para]], family: tuple[str, str], w: float, h: float,
            largest: float, smallest: float, spill: float | None = SPILL) -> Fit:
    """Fit a box's value; where it overflows and the box has a summary (box 1: every agency's
    name), the box shows the whole summary and the full text moves to the sheet, so that
    nothing essential is split across the page."""
    result = fit(options, family, w, h, largest, smallest, spill)
    summary = form.summaries.get(key)
    if not result.overflow or not summary:
        return result
    short = fit([summary], family, w, h - smallest * LEADING, largest, smallest)
    if short.overflow:
        return result
    last = short.lines[-1].y if short.lines else 0.0
    return Fit(short.size, short.lines, options[0], last + short.size * LEADING)


def fit_witnesses(rows: list[tuple[str, str]], family: tuple[str, str], name_w: float, addr_w: float,
                  height: float, largest: float, smallest: float):
    """Fit whole witnesses (name | address) into a two-column box; return (size, placed, overflow)."""
    regular = family[0]

    def layout(size: float):
        placed, y = [], 0.0
        for name, address in rows:
            if y > height:  # already full: the rest need not be measured
                return placed, y
            name_lines = wrap(name, regular, size, name_w)
            addr_lines = wrap(address, regular, size, addr_w)
            n = max(len(name_lines), len(addr_lines))
            placed.append((name_lines, addr_lines, y))
            y += n * size * LEADING + size * LEADING * 0.3
        return placed, y - size * LEADING * 0.3 if placed else 0.0

    for size in sizes(largest, smallest):
        placed, used = layout(size)
        if used <= height + 0.01:
            return size, placed, []
    placed, _ = layout(smallest)
    room = height - smallest * LEADING
    keep = 0
    for k, (name_lines, addr_lines, y) in enumerate(placed):
        bottom = y + max(len(name_lines), len(addr_lines)) * smallest * LEADING
        if bottom > room + 0.01:
            break
        keep = k + 1
    return smallest, placed[:keep], rows[keep:]


def continuation_sheets(form: ClaimForm, sections: list[Section], family: Fonts) -> list[Sheet]:
    """Every overflowing box's continuation, box after box on shared, numbered sheets (1, 2, ...).

    Each box's continuation is headed "Continuation of Box N — name" (at the top of a sheet,
    or part-way down one when it follows another box's); ``Section.first_sheet`` is the
    number of the sheet where it starts, which the box's "(continued on attached sheet N)"
    names. The schedule of damages is not among them: it keeps sheets of its own.
    """
    fill = wording()["fill"]
    form_name = wording()["form"]["name"]
    by_series: dict[str, list[Section]] = {}
    for section in sections:
        by_series.setdefault(series_of(section.key), []).append(section)
    maker = RowMaker(family)
    flows: list[Flow] = []
    first_rows: list[tuple[Section, Row]] = []
    for series in sorted(by_series, key=int):
        rows: list[Row] = []
        repeat: list[Row] | None = None
        for section in by_series[series]:
            head = maker.paragraph(Para(section.heading), size=7.5, gray=True, gap=0.2)
            first_rows.append((section, head[0]))
            rows += head
            rows += maker.paragraph(Para(str(fill["continued_from"]).format(box=series)), italic=True, size=8.5, gap=0.6)
            if section.rows is not None:
                columns = [str(x) for x in fill["witness_columns"]]
                header = maker.table_row([(0, 170, columns[0]), (180, BODY_W - 180, columns[1])], bold=True,
                                         rule="below", gap=0.4)
                rows += header
                repeat = header
                for name, address in section.rows:
                    rows += maker.table_row([(0, 170, name), (180, BODY_W - 180, address)], gap=0.6)
            else:
                for para in section.paras or []:
                    rows += maker.paragraph(para, gap=0.6)
            rows.append(Row(SECTION_GAP))
        title = str(fill["continuation_title"]).format(box=series, name=form.name)
        flows.append(Flow(title, rows, repeat))
    subtitle = str(fill["continuation_sub"]).format(form=form_name, sheet="{n}")
    sheets, _firsts = paginate_flows(flows, subtitle, family)
    for section, first in first_rows:
        section.first_sheet = str(next(n for n, sheet in enumerate(sheets, 1) if any(r is first for r in sheet.rows)))
    return sheets


def schedule_sheets(form: ClaimForm, family: Fonts) -> list[Sheet]:
    """The schedule of damages: every itemized line with its exhibits; subtotals equal 12a-12c."""
    if form.schedule is None:
        return []
    fill = wording()["fill"]
    maker = RowMaker(family)
    columns = [str(x) for x in fill["schedule_columns"]]
    # the amount column as wide as its widest figure (bold totals included), the rest shared
    figures = [money(x.amount) for x in form.schedule] + [money(v) for v in form.amounts.values()] + [columns[2]]
    amount_w = max(60.0, max(width(f, family.bold, 10.0) for f in figures) + 2)
    rest = BODY_W - amount_w - 16
    item_w = round(rest * 0.52, 1)
    item_col, ev_col, amount_col = (0, item_w), (item_w + 8, rest - item_w), (BODY_W - amount_w, amount_w)

    def line(item: str, evidence: str, amount: str, **kw) -> list[Row]:
        return maker.table_row([(item_col[0], item_col[1], item), (ev_col[0], ev_col[1], evidence),
                                (amount_col[0], amount_col[1], amount)], right=(2,), **kw)

    header = line(columns[0], columns[1], columns[2], bold=True, rule="below", gap=0.4)
    rows: list[Row] = list(header)
    box_of = {"property_damage": "12a", "personal_injury": "12b", "wrongful_death": "12c"}
    for category in DAMAGE_CATEGORIES:
        box = box_of[category]
        items = [s for s in form.schedule if s.category == category]
        rows += maker.paragraph(Para(str(fill["schedule_category"][category]), bold=True), gap=0.25)
        if not items and form.amounts[box] == 0:
            rows += line(str(fill["schedule_no_items"]), "", money(Decimal("0")), gap=0.2)
        for item in items:
            evidence = "\n".join(item.evidence) or str(fill["schedule_no_exhibit"])
            rows += line(item.description, evidence, money(item.amount), gap=0.5)
        rows += line(str(fill["schedule_subtotal"]).format(box=box), "", money(form.amounts[box]),
                     bold=True, rule="above", gap=1.0)
    rows += line(str(fill["schedule_total"]), "", money(form.amounts["12d"]), bold=True, rule="double", gap=0)
    title = str(fill["schedule_title"]).format(name=form.name)
    subtitle = str(fill["schedule_sub"]).format(form=wording()["form"]["name"])
    return paginate(title, subtitle, rows, family, repeat=header)


def section_heading(key: str) -> str:
    """A continuation sheet's heading: the box's label, with the box's title for 9, 10 and 11."""
    if key == "9.owner":
        return f"9. {label('9.head')} — {label('9.owner')}"
    if key == "9.property":
        return f"9. {label('9.head')} — {label('9.property')}"
    if key == "10":
        return f"10. {label('10.head')} — {label('10.body')}"
    if key == "11":
        return f"11. {label('11.head')}"
    return label(key)


def marker(section: Section | None) -> str:
    return str(fill_text("continued")).format(sheet=section.first_sheet if section else "")


def footer() -> str:
    return str(fill_text("footer")).format(version=__version__)


def page_label(page: int, pages: int) -> str:
    return str(fill_text("page")).format(page=page, pages=pages)


# ---------------------------------------------------------------- the drawn form

X0, X1 = 19.5, 591.0
LABEL = 6.2  # label font size
AMOUNT_COLUMNS = {"12a": (X0, 142.5), "12b": (142.5, 292), "12c": (292, 422.5), "12d": (422.5, X1)}


@dataclass
class Area:
    """Where a box's value goes: page (0/1), left x, top (down from the page top), width, height."""

    page: int
    x: float
    top: float
    w: float
    h: float
    largest: float = 9.0
    smallest: float = SMALLEST


class FormDrawing:
    """Draws claimgen's SF-95 for one claimant."""

    def __init__(self, form: ClaimForm, font: fonts.PdfFont, epoch: int | None = None):
        self.form = form
        self.font = font
        self.epoch = epoch
        self.family = Fonts(font.regular, font.bold, font.italic)
        self.fits: dict[str, Fit] = {}
        self.sections: dict[str, Section] = {}
        self.witness_fit = None

    # -- geometry helpers: y measured down from the top of the page

    def ytop(self, y: float) -> float:
        return PAGE_H - y

    def label_lines(self, key: str, w: float, size: float = LABEL, bold: bool = False) -> list[str]:
        return wrap(label(key), self.font.bold if bold else self.font.regular, size, w)

    def areas(self) -> dict[str, Area]:
        """Value areas below each box's label (layout of SF-95 Rev. 2/2007, in points)."""
        lab = LABEL * LEADING

        def below(key: str, x0: float, top: float, x1: float, bottom: float, **kw) -> Area:
            n = len(self.label_lines(key, x1 - x0 - 6))
            y = top + 2.5 + n * lab + 2
            return Area(0, x0 + 4, y, x1 - x0 - 8, bottom - y - 2, **kw)

        a = {
            "1": below("1", X0, 68.5, 319, 144),
            "2": below("2", 319, 68.5, X1, 144),
            "4": below("4", 142.5, 144, 229, 171.5),
            "5": below("5", 229, 144, 319, 171.5),
            "6": below("6", 319, 144, 486, 171.5),
            "7": below("7", 486, 144, X1, 171.5),
            "8": below("8", X0, 171.5, X1, 272),
            "9.owner": below("9.owner", X0, 288, X1, 322),
            "9.property": below("9.property", X0, 322, X1, 371),
            "10": below("10.body", X0, 388, X1, 461.5),
            "13b": below("13b", 319, 636.5, 496, 669.5),
            "14": below("14", 496, 636.5, X1, 669.5),
        }
        amount_top = max(below(k, x0, 569.5, x1, 610.5).top for k, (x0, x1) in AMOUNT_COLUMNS.items())
        for key, (x0, x1) in AMOUNT_COLUMNS.items():  # one baseline for all four amounts
            a[key] = Area(0, x0 + 4, amount_top, x1 - x0 - 8, 610.5 - amount_top - 2, largest=10.0, smallest=7.0)
        # page 2: insurance
        a["15"] = Area(1, X0 + 4, 54 + 15, X1 - X0 - 8, 119 - 54 - 17)
        a["16"] = Area(1, X0 + 4, 119 + 4 + 2 * LABEL * LEADING + 4, 450 - X0 - 8, 167.5 - 119 - 2 * LABEL * LEADING - 12)
        a["17"] = replace(below("17", 450, 119, X1, 167.5), page=1)
        a["18"] = replace(below("18", X0, 167.5, X1, 232), page=1)
        a["19"] = Area(1, X0 + 4, 232 + 15, X1 - X0 - 8, 298 - 232 - 17)
        return a

    WITNESS = (X0, 495.5, 229, X1, 552)  # x0, top, split, x1, bottom

    # -- layout (no drawing): fits, overflow sections, sheet numbers

    def layout(self) -> list[Sheet]:
        family2 = (self.font.regular, self.font.bold)
        for key, area in self.areas().items():
            result = fit_box(self.form, key, self.form.boxes.get(key, [[]]), family2, area.w, area.h,
                             area.largest, area.smallest)
            self.fits[key] = result
            if result.overflow:
                self.sections[key] = Section(key, self._section_heading(key), paras=result.overflow)
        if self.form.witnesses is not None:
            x0, top, split, x1, bottom = self.WITNESS
            self.witness_fit = fit_witnesses(self.form.witnesses, family2, split - x0 - 8, x1 - split - 8,
                                             bottom - top - 5, 9.0, 7.0)
            if self.witness_fit[2]:
                self.sections["11"] = Section("11", self._section_heading("11"), rows=self.witness_fit[2])
        ordered = [self.sections[k] for k in KEY_ORDER if k in self.sections]
        return continuation_sheets(self.form, ordered, self.family) + schedule_sheets(self.form, self.family)

    def _section_heading(self, key: str) -> str:
        return section_heading(key)

    # -- drawing

    def pdf(self) -> bytes:
        sheets = self.layout()
        pages = 2 + len(sheets)
        buffer = io.BytesIO()
        c = new_canvas(buffer, self.epoch)
        c.setTitle(f"SF-95 — {self.form.name}")
        c.setAuthor("claimgen")
        c.setCreator(f"claimgen {__version__}")
        c.setSubject(wording()["form"]["name"])
        self.page1(c)
        draw_footer(c, self.family, footer(), page_label(1, pages), X0 + 2, X1)
        c.showPage()
        self.page2(c)
        draw_footer(c, self.family, footer(), page_label(2, pages), X0 + 2, X1)
        c.showPage()
        for n, sheet in enumerate(sheets, 3):
            draw_sheet(c, sheet, self.family, footer(), page_label(n, pages))
            c.showPage()
        c.save()
        return buffer.getvalue()

    def text(self, c, x: float, y: float, text: str, size: float, bold: bool = False, italic: bool = False,
             align: str = "left") -> None:
        c.setFont(self.font.bold if bold else (self.font.italic if italic else self.font.regular), size)
        if align == "center":
            c.drawCentredString(x, self.ytop(y), text)
        elif align == "right":
            c.drawRightString(x, self.ytop(y), text)
        else:
            c.drawString(x, self.ytop(y), text)

    def hline(self, c, x0: float, x1: float, y: float, weight: float = 0.5) -> None:
        c.setLineWidth(weight)
        c.line(x0, self.ytop(y), x1, self.ytop(y))

    def vline(self, c, x: float, y0: float, y1: float, weight: float = 0.5) -> None:
        c.setLineWidth(weight)
        c.line(x, self.ytop(y0), x, self.ytop(y1))

    def draw_label(self, c, key: str, x0: float, top: float, x1: float, size: float = LABEL, bold: bool = False,
                   align: str = "left") -> float:
        y = top + 2.5
        for line in self.label_lines(key, x1 - x0 - 6, size, bold):
            y += size * LEADING
            if align == "center":
                self.text(c, (x0 + x1) / 2, y - size * 0.2, line, size, bold, align="center")
            else:
                self.text(c, x0 + 3, y - size * 0.2, line, size, bold)
        return y

    def checkbox(self, c, x: float, top: float, checked: bool, size: float = 9.5) -> None:
        c.setLineWidth(0.6)
        c.rect(x, self.ytop(top + size), size, size, stroke=1, fill=0)
        if checked:
            c.setLineWidth(1.3)
            inset = 1.8
            c.line(x + inset, self.ytop(top + inset), x + size - inset, self.ytop(top + size - inset))
            c.line(x + inset, self.ytop(top + size - inset), x + size - inset, self.ytop(top + inset))

    def draw_fit(self, c, key: str, area: Area) -> None:
        result = self.fits[key]
        for line in result.lines:
            self.text(c, area.x, area.top + line.y, line.text, result.size, line.bold)
        if result.overflow:
            note = marker(self.sections.get(key))
            size = shrink_to_width(note, self.font.italic, result.size, area.w)
            self.text(c, area.x, area.top + (result.marker_y or result.size), note, size, italic=True)

    def page1(self, c) -> None:
        w = wording()
        form = w["form"]
        areas = self.areas()
        c.setStrokeGray(0)
        # outer frame and the horizontal rules
        c.setLineWidth(1.2)
        c.rect(X0, self.ytop(727), X1 - X0, 727 - 18, stroke=1, fill=0)
        for y in (68.5, 144, 171.5, 272, 288, 322, 371, 388, 461.5, 479, 495.5, 552, 569.5, 610.5, 636.5, 669.5):
            self.hline(c, X0, X1, y, 0.6)
        for x, y0, y1 in ((229, 18, 68.5), (486, 18, 68.5), (319, 68.5, 144), (142.5, 144, 171.5), (229, 144, 171.5),
                          (319, 144, 171.5), (486, 144, 171.5), (229, 479, 552), (142.5, 569.5, 610.5),
                          (292, 569.5, 610.5), (422.5, 569.5, 610.5), (319, 636.5, 669.5), (496, 636.5, 669.5),
                          (319, 669.5, 727)):
            self.vline(c, x, y0, y1, 0.6)
        # header
        for n, line in enumerate(form["title"]):
            self.text(c, (X0 + 229) / 2, 38 + n * 14, line, 11.5, bold=True, align="center")
        head = str(form["instructions_head"])
        self.text(c, 233, 29, head, 8.5, bold=True)
        head_w = width(head + " ", self.font.bold, 8.5)
        body = " ".join(str(form["instructions"]).split())
        first = wrap(body, self.font.regular, 6.5, 486 - 233 - 4 - head_w)[0]
        self.text(c, 233 + head_w, 29, first, 6.5)
        rest = body[len(first):].strip()
        for n, line in enumerate(wrap(rest, self.font.regular, 6.5, 486 - 233 - 4)):
            self.text(c, 233, 29 + (n + 1) * 8.2, line, 6.5)
        for n, line in enumerate(form["approved"]):
            self.text(c, 490, 28 + n * 8.5, str(line), 7.5)
        # box labels
        self.draw_label(c, "1", X0, 68.5, 319)
        self.draw_label(c, "2", 319, 68.5, X1)
        self.draw_label(c, "3", X0, 144, 142.5)
        for key, x in (("3.military", 26), ("3.civilian", 84)):
            self.checkbox(c, x, 157.5, self.form.checks.get(key, False))
            self.text(c, x + 13, 165.5, label(key), LABEL)
        for key, (x0, x1) in {"4": (142.5, 229), "5": (229, 319), "6": (319, 486), "7": (486, X1)}.items():
            self.draw_label(c, key, x0, 144, x1)
        self.draw_label(c, "8", X0, 171.5, X1)
        self.text(c, X0 + 3, 283, label("9"), LABEL)
        self.text(c, (X0 + X1) / 2, 283, label("9.head"), 6.8, bold=True, align="center")
        self.draw_label(c, "9.owner", X0, 288, X1)
        self.draw_label(c, "9.property", X0, 322, X1)
        self.text(c, X0 + 3, 382.5, label("10"), LABEL)
        self.text(c, (X0 + X1) / 2, 382.5, label("10.head"), 6.8, bold=True, align="center")
        self.draw_label(c, "10.body", X0, 388, X1)
        self.text(c, X0 + 3, 473, label("11"), LABEL)
        self.text(c, (X0 + X1) / 2, 473, label("11.head"), 6.8, bold=True, align="center")
        self.text(c, (X0 + 229) / 2, 490, label("11.name"), LABEL, align="center")
        self.text(c, (229 + X1) / 2, 490, label("11.address"), LABEL, align="center")
        self.text(c, X0 + 3, 563.5, label("12"), LABEL)
        self.text(c, 300, 563.5, label("12.head"), 6.8, bold=True, align="center")
        for key, (x0, x1) in AMOUNT_COLUMNS.items():
            self.draw_label(c, key, x0, 569.5, x1)
        self.draw_label(c, "12.certify", X0, 610.5 + 3, X1, size=6.5, bold=True)
        self.draw_label(c, "13a", X0, 636.5, 319)
        self.draw_label(c, "13b", 319, 636.5, 496)
        self.draw_label(c, "14", 496, 636.5, X1)
        # penalties
        for (x0, x1), kind in (((X0, 319), "civil"), ((319, X1), "criminal")):
            titles = w["penalties"][kind]["title"]
            for n, line in enumerate(titles):
                self.text(c, (x0 + x1) / 2, 680 + n * 8, str(line), 6.5, bold=True, align="center")
            for n, line in enumerate(wrap(penalty_text(kind), self.font.regular, 6.2, x1 - x0 - 8)):
                self.text(c, x0 + 4, 704 + n * 7.4, line, 6.2)
        # below the frame
        for n, line in enumerate(form["reproduction"]):
            self.text(c, X0 + 2, 737 + n * 8.5, str(line), 7)
        self.text(c, X0 + 2, 760, str(form["form_number"]), 7)
        self.text(c, 300, 737, str(form["nsn"]), 7, bold=True, align="center")
        self.text(c, X1, 737, str(form["revision"]), 7.5, bold=True, align="right")
        for n, line in enumerate(form["prescribed"]):
            self.text(c, X1, 745.5 + n * 7.5, str(line), 6.2, align="right")
        # values
        for key, area in areas.items():
            if area.page == 0:
                self.draw_fit(c, key, area)
        self.draw_witnesses(c)
        self.draw_signature(c)

    def draw_witnesses(self, c) -> None:
        x0, top, split, x1, bottom = self.WITNESS
        if self.form.witnesses is None:
            self.text(c, x0 + 4, top + 11, str(fill_text("none")), 9)
            self.text(c, split + 4, top + 11, str(fill_text("none")), 9)
            return
        size, placed, overflow = self.witness_fit
        y = top + 3
        last = 0.0
        for name_lines, addr_lines, dy in placed:
            for n, line in enumerate(name_lines):
                self.text(c, x0 + 4, y + dy + n * size * LEADING + size * 0.93, line, size)
            for n, line in enumerate(addr_lines):
                self.text(c, split + 4, y + dy + n * size * LEADING + size * 0.93, line, size)
            last = dy + max(len(name_lines), len(addr_lines)) * size * LEADING
        if overflow:
            note = marker(self.sections.get("11"))
            note_size = shrink_to_width(note, self.font.italic, size, x1 - x0 - 8)
            self.text(c, x0 + 4, y + last + size * 0.3 * LEADING + size * 0.93, note, note_size, italic=True)

    def draw_signature(self, c) -> None:
        sig = self.form.signature
        x0, top, x1 = X0, 636.5, 319.0
        who = sig.signer + (f", {sig.capacity}" if sig.capacity else "")
        if sig.electronic:
            text = str(fill_text("electronic")).format(signer=sig.signer)
            size = shrink_to_width(text, self.font.italic, 11, x1 - x0 - 16, 6)
            self.text(c, x0 + 8, top + 22.5, text, size, italic=True)
            caption = str(fill_text("signed_caption")).format(signer=who)
        else:
            self.text(c, x0 + 5, top + 23, "✗", 10, bold=True)
            c.setLineWidth(0.5)
            self.hline(c, x0 + 17, x1 - 8, top + 24, 0.5)
            tag = str(fill_text("sign_here"))
            self.text(c, x1 - 8, top + 21.5, tag, 5.5, bold=True, align="right")
            caption = str(fill_text("sign_caption")).format(signer=who)
        # the caption at label size; only a very long capacity makes it smaller, then drops the capacity
        # (which box 2 states in full) rather than printing it unreadably small
        size = shrink_to_width(caption, self.font.regular, LABEL, x1 - x0 - 22, 5.0)
        if width(caption, self.font.regular, size) > x1 - x0 - 22:
            caption = str(fill_text("sign_caption" if not sig.electronic else "signed_caption")).format(signer=sig.signer)
            size = shrink_to_width(caption, self.font.regular, LABEL, x1 - x0 - 22, 3.0)
        self.text(c, x0 + 17, top + 30.5, caption, size)

    def page2(self, c) -> None:
        areas = self.areas()
        checks = self.form.checks
        c.setStrokeGray(0)
        c.setLineWidth(1.2)
        c.rect(X0, self.ytop(298), X1 - X0, 298 - 18, stroke=1, fill=0)
        for y in (37.5, 54, 119, 167.5, 232):
            self.hline(c, X0, X1, y, 0.6)
        self.vline(c, 450, 119, 167.5, 0.6)
        self.text(c, (X0 + X1) / 2, 31, label("insurance.head"), 6.8, bold=True, align="center")
        intro = wrap(label("insurance.intro"), self.font.regular, LABEL, X1 - X0 - 8)
        for n, line in enumerate(intro):
            self.text(c, X0 + 3, 47 + n * 7.3 - (len(intro) - 1) * 3.6, line, LABEL)
        self.yes_no_line(c, "15", 54, checks)
        self.yes_no_line(c, "19", 232, checks)
        # 16: question on two lines, then the boxes; 17 beside it
        question = wrap(label("16"), self.font.regular, LABEL, 360 - X0)
        for n, line in enumerate(question):
            self.text(c, X0 + 3, 119 + 9.5 + n * 7.3, line, LABEL)
        yes, no = str(label("yes")), str(label("no"))
        self.checkbox(c, 384, 122, checks.get("16.yes", False), 9)
        self.text(c, 396, 129.5, yes, LABEL)
        self.checkbox(c, 420, 122, checks.get("16.no", False), 9)
        self.text(c, 432, 129.5, no, LABEL)
        self.draw_label(c, "17", 450, 119, X1)
        self.draw_label(c, "18", X0, 167.5, X1)
        for key, area in areas.items():
            if area.page == 1:
                self.draw_fit(c, key, area)
        note = wrap(" ".join(str(fill_text("not_reproduced")).split()), self.font.italic, 7, X1 - X0 - 8)
        for n, line in enumerate(note):
            self.text(c, X0 + 4, 316 + n * 9, line, 7, italic=True)
        self.text(c, X1, 752, str(wording()["form"]["back"]), 7.5, bold=True, align="right")

    def yes_no_line(self, c, box: str, top: float, checks: dict[str, bool]) -> None:
        """'15. Do you carry accident Insurance? [ ] Yes  If yes, give name ... [ ] No' on one line."""
        question, detail = label(box), label(f"{box}.detail")
        yes, no = label("yes"), label("no")
        y = top + 9.5
        self.text(c, X0 + 3, y, question, LABEL)
        x = X0 + 3 + width(question, self.font.regular, LABEL) + 8
        self.checkbox(c, x, top + 2.5, checks.get(f"{box}.yes", False), 9)
        x += 12
        self.text(c, x, y, yes, LABEL)
        x += width(yes, self.font.regular, LABEL) + 10
        no_x = X1 - 30
        size = shrink_to_width(detail, self.font.regular, LABEL, no_x - x - 6, 4.5)
        self.text(c, x, y, detail, size)
        self.checkbox(c, no_x, top + 2.5, checks.get(f"{box}.no", False), 9)
        self.text(c, no_x + 12, y, no, LABEL)


def render(ctx) -> None:
    """One SF-95 PDF per claimant; refuses (exit 2) any text the font cannot draw, before writing."""
    font = fonts.load(ctx.options.font)
    forms = prepare(ctx.case, str(ctx.case_path), font)
    for form in forms:
        pdf = FormDrawing(form, font, ctx.source_date_epoch()).pdf()
        ctx.write(f"sf95-{form.claimant_id}.pdf", pdf, "sf95", claimant=form.claimant_id)
