"""The case file as pydantic models: one source of truth for every validator.

The interview, ``validate``, the deadline engine and every renderer read a
:class:`Case`. Field-level rules (types, formats, vocabularies) live here;
rules that relate several fields live in :mod:`claimgen.checks.validate`.
Reference: ``docs/case-file.md``. Unknown keys are kept (a case file may
carry more) and reported as warnings by ``validate``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
)

from . import data

SCHEMA_VERSION = 1
ID_RE = re.compile(r"^[a-z0-9-]+$")
EXHIBIT_RE = re.compile(r"^E-\d{3,}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# ---------------------------------------------------------------- field types


def parse_money(value: Any) -> Decimal:
    """A sum certain in US dollars: a plain number, >= 0, at most two decimals.

    Accepts ints, Decimals and plain numeric strings (``"1850.00"``). Rejects
    floats from Python callers only when they are not exactly representable as
    two-decimal amounts; rejects "TBD", "more than", "$1,000" and the like.
    """
    if isinstance(value, bool):
        raise ValueError("must be a number of dollars, not true/false")
    number_text = type(value).__name__ == "NumberText"  # caseio: written unquoted, read as a number by YAML 1.1
    if isinstance(value, str) and (number_text or not re.fullmatch(r"[0-9]+(\.[0-9]*)?|\.[0-9]+", value.strip())):
        # Not a plain decimal: YAML 1.1's 0100 (octal 64), 0x3E8, 1e3, 1_000, .inf, or words. Refused,
        # never converted; the message says why when the text is a number written another way.
        try:
            seen = Decimal(value.strip().replace("_", "").lower().replace(".inf", "inf").replace(".nan", "nan"))
        except InvalidOperation:
            seen = None
        if seen is not None and not seen.is_finite():
            raise ValueError("must be a finite number of dollars")
        if seen is not None and abs(seen) >= Decimal("1e12"):
            raise ValueError("is implausibly large")
        if seen is not None and seen < 0:
            raise ValueError("must not be negative")
        if number_text:
            raise ValueError(
                f"must be a plain number of dollars such as 1850.00; {value[:40]!r} is not one "
                "(no leading zero, exponent, underscore or 0x/0b prefix: other YAML tools read those as other numbers)"
            )
        raise ValueError(f"must be a sum certain: a plain number of dollars such as 1850.00, not {value[:40]!r}")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                f"must be a sum certain: a plain number of dollars such as 1850.00, not {value[:40]!r}"
            ) from None
    else:
        raise ValueError("must be a sum certain: a plain number of dollars such as 1850.00")
    if not amount.is_finite():
        raise ValueError("must be a finite number of dollars")
    if amount < 0:
        raise ValueError("must not be negative")
    exponent = amount.as_tuple().exponent  # an int for every finite amount
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValueError("must have at most two decimal places (cents)")
    if amount >= Decimal("1e12"):
        raise ValueError("is implausibly large")
    return amount.quantize(Decimal("0.01"))


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError("must use only lowercase letters, digits and hyphens, like c1 or w-2")
    return value


def _check_exhibit(value: str) -> str:
    if not EXHIBIT_RE.match(value):
        raise ValueError("must look like E-001")
    return value


def _check_sha256(value: str) -> str:
    if not SHA256_RE.match(value):
        raise ValueError("must be 64 lowercase hexadecimal digits")
    return value


def _check_state(value: str) -> str:
    if value not in data.states():
        raise ValueError(f"{value!r} is not a USPS state or territory code (e.g. MN, TX, DC, PR)")
    return value


def _check_agency(value: str) -> str:
    if value not in data.agencies():
        known = ", ".join(sorted(data.agencies()))
        raise ValueError(f"{value!r} is not in the agency directory ({known})")
    return value


def _check_time(value: Any) -> str:
    # The case loader keeps an unquoted 6:10 as its text (YAML 1.1 would read the number 370);
    # a plain number such as 610 is not a time and is refused, never converted.
    if isinstance(value, str) and re.match(r"^\d:[0-5]\d$", value.strip()):
        value = "0" + value.strip()
    if not isinstance(value, str) or not TIME_RE.match(value):
        raise ValueError('must be a 24-hour time "HH:MM", like "06:10"')
    return value


def _normalize_text(value: Any) -> Any:
    """Newlines to \\n; other control characters (except tab) are rejected later by the text checks.

    A number written unquoted (a phone 6125550140, a badge 0412) is text as written: the case
    loader keeps its digits (``written``), so a leading zero or a ``+`` is never lost.
    """
    written = getattr(value, "written", None)
    if isinstance(written, str) and not isinstance(value, bool):
        return written
    if isinstance(value, int) and not isinstance(value, bool):  # 6125550140: its digits are the text
        return str(value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


Money = Annotated[Decimal, BeforeValidator(parse_money)]
Id = Annotated[str, AfterValidator(_check_id)]
ExhibitId = Annotated[str, AfterValidator(_check_exhibit)]
Sha256 = Annotated[str, AfterValidator(_check_sha256)]
StateCode = Annotated[str, AfterValidator(_check_state)]
AgencyKey = Annotated[str, AfterValidator(_check_agency)]
Time = Annotated[str, BeforeValidator(_check_time)]
Text = Annotated[str, BeforeValidator(_normalize_text)]
if TYPE_CHECKING:
    Conduct = str
else:
    # The keys of data/conduct.yaml, the one list of them: a bad key is refused with the whole list.
    Conduct = Literal[tuple(data.conduct())]


class Model(BaseModel):
    """Base: keep unknown keys (reported as warnings), validate defaults too."""

    model_config = ConfigDict(extra="allow", validate_default=True, populate_by_name=True)


# ---------------------------------------------------------------- people


class Person(Model):
    name: Text = Field(min_length=1)
    address: Text | None = None
    phone: Text | None = None
    email: str | None = None


class Representative(Person):
    """Whoever signs or acts for a claimant: attorney, agent, parent, guardian, executor, administrator."""

    capacity: Text = Field(min_length=1, description="Title or legal capacity, e.g. 'Administrator of the Estate'")
    appointed_by: Text | None = Field(default=None, description="The court or office that appointed the representative")
    appointed_on: dt.date | None = Field(default=None, description="The day of the appointment")
    firm: Text | None = None
    bar_number: str | None = None
    authority_documents: list[ExhibitId] = Field(
        default_factory=list, description="Exhibits proving authority (letters of administration, power of attorney)"
    )


class Counsel(Person):
    """The attorney or clinic preparing and sending the claim (letters, signature blocks)."""

    firm: Text | None = None
    bar_number: str | None = None
    role: Literal["attorney", "law_student", "accredited_representative", "legal_worker", "self"] = "attorney"
    supervising_attorney: Text | None = None


class Officer(Model):
    """A federal officer involved; unknown officers are described, never guessed."""

    name: Text | None = None
    agency: AgencyKey | None = None
    badge_number: Text | None = None
    description: Text | None = None
    how_identified: Text | None = None
    role: Text | None = None

    @property
    def known(self) -> bool:
        return bool(self.name)


class Witness(Person):
    id: Id | None = None
    saw: Text | None = Field(default=None, description="What the witness saw or heard")
    language: str | None = None


# ---------------------------------------------------------------- damages


class Damages(Model):
    """SF-95 box 12: each a sum certain in dollars."""

    property_damage: Money = Decimal("0.00")
    personal_injury: Money = Decimal("0.00")
    wrongful_death: Money = Decimal("0.00")

    @property
    def total(self) -> Decimal:
        return self.property_damage + self.personal_injury + self.wrongful_death


# The three categories of box 12, in box order: the fields above are their one list.
DAMAGE_CATEGORIES: tuple[str, ...] = tuple(Damages.model_fields)
if TYPE_CHECKING:
    DamageCategory = str
else:
    DamageCategory = Literal[DAMAGE_CATEGORIES]


class DamageItem(Model):
    """One line of the schedule of damages; lines of a category add up to its box 12 amount."""

    id: Id | None = None
    category: DamageCategory
    description: Text = Field(min_length=1)
    amount: Money
    evidence: list[ExhibitId] = Field(default_factory=list)
    date: dt.date | None = None


class PropertyDetails(Model):
    """SF-95 box 9."""

    owner: Text | None = Field(default=None, description="Owner's name if not the claimant")
    owner_address: Text | None = None
    description: Text | None = None
    inspect_at: Text | None = Field(default=None, description="Where and when the property can be inspected")


class Insurance(Model):
    """SF-95 boxes 15-19. ``None`` means not answered yet."""

    accident_insurance: bool | None = None
    accident_insurer: Text | None = Field(default=None, description="Name, address and policy number")
    claim_filed_with_insurer: bool | None = None
    coverage: Literal["full", "deductible"] | None = None
    deductible: Money | None = None
    insurer_action: Text | None = None
    liability_insurance: bool | None = None
    liability_insurer: Text | None = None


class Signature(Model):
    """SF-95 boxes 13-14."""

    electronic: bool = Field(default=False, description="Print '/s/ Name' instead of leaving 13a for ink")
    signer: Text | None = Field(default=None, description="Who signs, if not the claimant (the representative)")
    phone: Text | None = None
    signed_on: dt.date | None = None


ExhibitDelivery = Literal["usb", "disc", "link"]
ClaimantRole = Literal["injured", "estate", "property_owner", "spouse", "child", "parent", "family", "other"]


class Claimant(Model):
    id: Id
    name: Text = Field(min_length=1)
    address: Text | None = None
    phone: Text | None = None
    email: str | None = None
    date_of_birth: dt.date | None = None
    marital_status: Text | None = None
    employment: Literal["civilian", "military"] = "civilian"
    role: ClaimantRole | None = None
    us_citizen: bool | None = Field(default=None, description="A U.S. citizen: true, false, or null (not known)")
    minor: bool | None = None
    injured_person: Text | None = Field(
        default=None, description="Box 10: the injured person or decedent, if not the claimant"
    )
    injuries: Text = ""
    damages: Damages = Field(default_factory=Damages)
    damages_items: list[DamageItem] = Field(default_factory=list)
    property: PropertyDetails | None = None
    insurance: Insurance = Field(default_factory=Insurance)
    representative: Representative | None = None
    signature: Signature = Field(default_factory=Signature)

    @field_validator("injuries", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return "" if v is None else v

    def age_on(self, day: dt.date) -> int | None:
        """Whole years of age on ``day`` by the date of birth (None without one)."""
        return None if self.date_of_birth is None else age_on(self.date_of_birth, day)

    def is_minor_on(self, day: dt.date) -> bool:
        """A minor on ``day``: ``minor: true``, or under 18 by the date of birth.

        Either one is enough (the safe side: a minor's claim needs a parent or guardian,
        and the deadline warnings for children must not be lost); ``validate`` warns when
        the two disagree.
        """
        age = self.age_on(day)
        return bool(self.minor) or (age is not None and age < 18)

    def items_in(self, category: str) -> list[DamageItem]:
        return [item for item in self.damages_items if item.category == category]


# ---------------------------------------------------------------- evidence


class CustodyEvent(Model):
    """One link in the chain of custody."""

    action: Text = Field(min_length=1, description="registered, copied, sent to counsel, produced to agency, ...")
    by: Text = Field(min_length=1)
    at: dt.datetime
    sha256: Sha256 | None = None
    to: Text | None = None
    method: Text | None = None
    note: Text | None = None

    @field_validator("at")
    @classmethod
    def _aware(cls, v: dt.datetime) -> dt.datetime:
        if v.tzinfo is None:
            raise ValueError("must include a UTC offset, like 2025-06-20T14:03:00+00:00")
        return v


class Evidence(Model):
    id: ExhibitId
    path: Text = Field(min_length=1)
    description: Text = ""
    sha256: Sha256
    size: int = Field(ge=0)
    mime_type: str | None = None
    original_name: Text | None = None
    source: Text | None = None
    custodian: Text | None = None
    obtained_on: dt.date | None = None
    captured_at: str | None = None
    file_modified: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    metadata_flags: list[str] = Field(default_factory=list)
    supports: list[str] = Field(
        default_factory=list,
        description="What it supports: claimant ids, damage item ids, witness ids, or SF-95 boxes like 'box-8'",
    )
    custody: list[CustodyEvent] = Field(default_factory=list)

    @field_validator("description", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return "" if v is None else v


# ---------------------------------------------------------------- incident and claim


class Incident(Model):
    date: dt.date
    time: Time | None = None
    state: StateCode
    place: Text | None = None
    agencies: list[AgencyKey] = Field(min_length=1)
    conduct: list[Conduct] = Field(default_factory=list)
    near_border: bool = False
    narrative: Text = Field(min_length=1)
    officers: list[Officer] = Field(default_factory=list)
    contractor: Text | None = Field(
        default=None, description="Private detention or transport contractor involved (28 U.S.C. § 2671)"
    )
    removal_related: bool = Field(
        default=False, description="The harm flows from removal proceedings or a removal order (8 U.S.C. § 1252(g))"
    )
    outside_us: bool = Field(default=False, description="The act happened in a foreign country (§ 2680(k))")
    task_force: bool = Field(default=False, description="State or local officers on a federal task force took part")
    narrative_reviewed: bool = Field(
        default=False, description="The attorney confirmed the narrative as the signer's statement (box 8)"
    )

    @field_validator("agencies")
    @classmethod
    def _unique_agencies(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("lists an agency more than once")
        return v


class ClaimHistory(Model):
    """Procedural history (docs/case-file.md); every key optional."""

    accrual_date: dt.date | None = None
    presented_on: dt.date | None = None
    presented_on_or_before: dt.date | None = Field(
        default=None,
        description="An upper bound on presentment where the day of receipt is unknown (a denial letter proves "
        "the agency had the claim by then)",
    )
    amended_on: list[dt.date] = Field(default_factory=list)
    denial_mailed_on: dt.date | None = Field(
        default=None,
        description="The day the final denial was MAILED, as the envelope's postmark or the certified-mail "
        "receipt shows; not the date printed on the letter",
    )
    denial_mailing_proof: Text | None = Field(
        default=None,
        description="What proves the denial's mailing day: the certified or registered mail receipt, the "
        "postmarked envelope (an exhibit id such as E-007 where it is registered)",
    )
    reconsideration_requested_on: dt.date | None = None
    reconsideration_denial_mailed_on: dt.date | None = None
    bivens_accrual_date: dt.date | None = None
    bivens_period_years: int | None = Field(
        default=None, ge=1, le=20, description="Limitation period entered by hand where the state table has none"
    )
    mailed_on: dt.date | None = None
    suit_filed_on: dt.date | None = None
    bivens_suit_filed_on: dt.date | None = None
    westfall_dismissal_on: dt.date | None = None
    lead_agency: AgencyKey | None = None
    claim_numbers: dict[str, Text] = Field(default_factory=dict)
    delivery_method: Text | None = None
    exhibit_delivery: ExhibitDelivery | None = Field(
        default=None,
        description="How exhibits that cannot be printed (video, audio) reach the agency: usb, disc or link "
        "(a download link the sender mails separately); the mailing packet's placeholder pages say so",
    )

    @field_validator("amended_on", mode="before")
    @classmethod
    def _none_or_one(cls, v: Any) -> Any:
        if v is None:
            return []
        if isinstance(v, (dt.date, str)):
            return [v]
        return v


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` of someone born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Case(Model):
    claimgen: Literal[1]
    title: Text | None = None
    incident: Incident
    claimants: list[Claimant] = Field(min_length=1)
    witnesses: list[Witness] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    removed_evidence: list[Evidence] = Field(
        default_factory=list,
        description="Exhibits taken out with `claimgen evidence remove`: kept with their chain of custody, "
        "so an exhibit id is never given to another file",
    )
    claim: ClaimHistory = Field(default_factory=ClaimHistory)
    counsel: Counsel | None = None
    notes: Text | None = None
    interview: dict[str, Any] | None = Field(
        default=None,
        description="Reserved: progress of `claimgen interview` (language, answered questions); not a fact of the case",
    )

    @field_validator("witnesses", "evidence", "removed_evidence", mode="before")
    @classmethod
    def _none_is_empty_list(cls, v: Any) -> Any:
        return [] if v is None else v

    @field_validator("claim", mode="before")
    @classmethod
    def _none_is_empty_claim(cls, v: Any) -> Any:
        return {} if v is None else v

    # Convenience lookups used by renderers. The exhibit index is built once per evidence
    # list (rebuilt if the list is replaced or changes length): renderers look exhibits up
    # for every damages line and authority document, so a scan each time is quadratic.
    _exhibit_index: tuple[int, int, dict[str, Evidence]] | None = PrivateAttr(default=None)

    def exhibit(self, exhibit_id: str) -> Evidence | None:
        index = self._exhibit_index
        if index is None or index[0] != id(self.evidence) or index[1] != len(self.evidence):
            by_id: dict[str, Evidence] = {}
            for e in self.evidence:
                by_id.setdefault(e.id, e)  # the first of a duplicated id, as the scan found it
            index = self._exhibit_index = (id(self.evidence), len(self.evidence), by_id)
        return index[2].get(exhibit_id)

    def claimant(self, claimant_id: str) -> Claimant | None:
        return next((c for c in self.claimants if c.id == claimant_id), None)

    @property
    def accrual_date(self) -> dt.date:
        return self.claim.accrual_date or self.incident.date

    # The case file this case was read from: evidence paths are relative to its folder, and a
    # build must never write into a folder that holds it. Set by :func:`claimgen.load_case`.
    _source_path: Path | None = PrivateAttr(default=None)

    @property
    def source_path(self) -> Path | None:
        """The case file this case was read from, or None for a case made in memory."""
        return self._source_path

    def read_from(self, path: str | Path) -> Case:
        """Remember ``path`` as the file this case was read from; returns the case itself."""
        self._source_path = Path(path)
        return self


# ---------------------------------------------------------------- the deadline-only level
#
# A half-finished case (the interview saves after every answer) has its deadlines long
# before it has a narrative, agencies or claimants' damages. These subclasses are the same
# models with the same field types and validators; only the parts the documents need, and
# the deadlines do not, may still be missing. ``claimgen.checks.deadline_case`` uses them.


class DraftIncident(Incident):
    """An incident with at least its date and state (what the deadlines count from)."""

    agencies: list[AgencyKey] = Field(default_factory=list)
    narrative: Text | None = None  # type: ignore[assignment]  # a draft may not have it yet (see above)


class DraftClaimant(Claimant):
    """A claimant whose id and name may not be written yet."""

    id: Id | None = None  # type: ignore[assignment]
    name: Text | None = None  # type: ignore[assignment]


class DraftCase(Case):
    """A case as far as the deadline engine needs it (check and docket accept it; build does not)."""

    incident: DraftIncident
    claimants: list[DraftClaimant] = Field(default_factory=list)  # type: ignore[assignment]

    @field_validator("claimants", mode="before")
    @classmethod
    def _none_is_no_claimants(cls, v: Any) -> Any:
        return [] if v is None else v
