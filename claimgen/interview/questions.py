"""What a question is, and how an answer becomes a case-file value (one set of rules for both modes).

A :class:`Question` is plain data: a stable id (also the key in an ``--answers``
file), its section, its kind, an English prompt (a gettext msgid), where the
answer lives in the case file, and which case-model field checks it. The flow
(:mod:`.flow`) decides which questions to ask; :func:`accept` turns typed text
(or a value from an answers file) into the value stored, with the case model's
own validator as the last word.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

from pydantic import TypeAdapter, ValidationError

from .i18n import _, money_text, readback_date, yes_no
from .parse import AnswerError, fold, parse_count, parse_date, parse_dollars, parse_state, parse_time

KINDS = ("text", "long", "date", "time", "money", "state", "count", "select", "multi", "yesno", "path")


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str  # an English msgid, or already in the user's language when ``translated``
    translated: bool = False

    def title(self) -> str:
        return self.label if self.translated else _(self.label)


@dataclass
class Question:
    id: str
    section: str
    kind: str
    prompt: str  # English msgid; may hold {placeholders} filled from ``fmt``
    help: str | None = None
    fmt: dict[str, Any] = field(default_factory=dict)
    required: bool = True
    choices: list[Choice] = field(default_factory=list)
    path: tuple | None = None  # where the answer lives in the case file; None: interview.meta
    model_field: tuple[type, str] | None = None  # (model class, field name) whose validator checks it
    default: Any = None  # offered when nothing is stored yet
    check: Callable[[Any], None] | None = None  # an extra rule; raises AnswerError
    encode: Callable[[Any], Any] | None = None  # answer -> stored value
    decode: Callable[[Any], Any] | None = None  # stored value -> answer
    low: int = 1
    high: int = 20

    def text(self) -> str:
        return _(self.prompt).format(**self.fmt)

    def help_text(self) -> str | None:
        return _(self.help).format(**self.fmt) if self.help else None

    @property
    def part(self) -> str:
        """The interview part the question belongs to (its ``section`` key)."""
        return self.section

    def accept(self, raw: Any, today: dt.date | None = None) -> Any:
        """Typed text (or a value) -> the answer's value, with every check; raises AnswerError (see :func:`accept`)."""
        return accept(self, raw, today)


@dataclass
class Note:
    """Something to tell the user before the next question that is actually asked."""

    message: str  # English msgid
    fmt: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return _(self.message).format(**self.fmt)


@dataclass
class Action:
    """A step with an effect outside the answers (adding evidence files); done once, result kept."""

    id: str
    section: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- the model as the validator


@lru_cache(maxsize=None)
def _adapter(model: type, name: str) -> TypeAdapter:
    info = model.model_fields[name]
    annotation = info.annotation
    if info.metadata:
        annotation = typing.Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def model_check(question: Question, value: Any) -> None:
    """Run the case model's own validator for the field this answer fills."""
    if question.model_field is None or value is None:
        return
    stored = question.encode(value) if question.encode else value
    model, name = question.model_field
    try:
        _adapter(model, name).validate_python(stored)
    except ValidationError as exc:
        from ..caseio import field_error_message

        reasons = "; ".join(field_error_message(e) for e in exc.errors(include_url=False))
        raise AnswerError(_("This answer cannot be used: {reason}").format(reason=reasons)) from None


# ---------------------------------------------------------------- answers -> values

_YES = {"y", "yes", "si", "s", "true", "1", "x"}
_NO = {"n", "no", "false", "0"}


def _empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, list) and not raw)


def convert(question: Question, raw: Any, today: dt.date | None = None) -> Any:
    """Typed text (or an answers-file value) -> the answer's value; raises AnswerError."""
    kind = question.kind
    if _empty(raw) and kind != "multi":
        if question.required:
            raise AnswerError(_("This question needs an answer."))
        return None
    if kind in ("text", "path"):
        text = str(raw).strip()
        if "\n" in text:
            raise AnswerError(_("Please keep this answer on one line."))
        return text
    if kind == "long":
        text = str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
        return text
    if kind == "date":
        return raw if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime) else parse_date(str(raw), today)
    if kind == "time":
        if isinstance(raw, int) and not isinstance(raw, bool):  # YAML 1.1 reads 6:10 as 370
            raw = f"{raw // 60}:{raw % 60:02d}"
        return parse_time(str(raw))
    if kind == "money":
        return parse_dollars(str(raw))
    if kind == "state":
        return parse_state(str(raw))
    if kind == "count":
        return parse_count(str(raw), question.low, question.high)
    if kind == "yesno":
        if isinstance(raw, bool):
            return raw
        word = fold(str(raw))
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise AnswerError(_("Please answer yes or no."))
    if kind == "select":
        if isinstance(raw, bool) and question.decode is not None:
            raw = question.decode(raw)  # an answers file may give the stored value (true/false)
        for c in question.choices:
            if raw == c.value or (isinstance(raw, str) and isinstance(c.value, str) and fold(raw) == fold(c.value)):
                return c.value
        allowed = ", ".join(str(c.value) for c in question.choices)
        raise AnswerError(_("Please choose one of: {choices}.").format(choices=allowed))
    if kind == "multi":
        items = raw if isinstance(raw, list) else ([] if _empty(raw) else [p for p in str(raw).replace(",", " ").split()])
        values = []
        for item in items:
            match = next((c.value for c in question.choices if item == c.value or fold(str(item)) == fold(str(c.value))), None)
            if match is None:
                allowed = ", ".join(str(c.value) for c in question.choices)
                raise AnswerError(_("\"{item}\" is not one of: {choices}.").format(item=str(item)[:40], choices=allowed))
            if match not in values:
                values.append(match)
        if question.required and not values:
            raise AnswerError(_("Please choose at least one (press the space bar to mark it)."))
        return values
    raise ValueError(f"unknown question kind {kind!r}")  # a bug, not user input


def accept(question: Question, raw: Any, today: dt.date | None = None) -> Any:
    """The full check of one answer: parse, the flow's own rule, then the case model's validator."""
    value = convert(question, raw, today)
    if value is not None and question.check:
        question.check(value)
    model_check(question, value)
    return value


# ---------------------------------------------------------------- showing values


def as_input(question: Question, value: Any) -> str:
    """A stored answer as text to edit in a prompt (the default shown when asked again)."""
    if value is None:
        return ""
    if question.kind == "date" and isinstance(value, dt.date):
        return f"{value.month}/{value.day}/{value.year}"
    if question.kind == "money" and isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def as_display(question: Question, value: Any) -> str:
    """A stored answer as the review screen shows it, in the user's language."""
    if value is None or value == "" or value == []:
        return _("(no answer)")
    kind = question.kind
    if kind == "date" and isinstance(value, dt.date):
        return readback_date(value)
    if kind == "money" and isinstance(value, Decimal):
        return money_text(value)
    if kind == "yesno":
        return yes_no(bool(value))
    if kind == "state" and isinstance(value, str):
        from .. import data

        row = data.states().get(value)
        return f"{row['name']} ({value})" if row else value
    if kind in ("select", "multi"):
        titles = {c.value: c.title() for c in question.choices}
        values = value if isinstance(value, list) else [value]
        return ", ".join(titles.get(v, str(v)) for v in values)
    return str(value)
