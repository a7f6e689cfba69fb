"""How a question of each kind looks as a form field, and how the form comes back as an answer.

Only the shape changes: a ``yesno`` or ``select`` question becomes radio buttons, a
``multi`` one check boxes, ``long`` a text area, ``path`` a file chooser, the rest
a text box (with the keyboard a phone should show). The answer goes back as the
text or value the person chose, and the question's own ``accept`` checks it, as on
the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..interview.i18n import _
from ..interview.questions import Question, as_input

INPUT_MODES = {"money": "decimal", "count": "numeric"}
AUTOCOMPLETE = "off"  # a shared family computer must not offer one person's answers to the next


@dataclass
class Option:
    value: str
    title: str
    checked: bool


@dataclass
class Field:
    widget: str  # "text", "textarea", "radio", "checkbox", "file"
    value: str = ""
    options: list[Option] = field(default_factory=list)
    inputmode: str | None = None


def field_for(question: Question, offered: Any, typed: Any = None) -> Field:
    """The form field for ``question``: ``offered`` is the saved answer or the default; ``typed`` a refused answer kept."""
    kind = question.kind
    if kind == "yesno":
        chosen = _chosen(typed, offered)
        return Field(
            "radio",
            options=[
                Option("yes", _("Yes"), chosen in (True, "yes")),
                Option("no", _("No"), chosen in (False, "no")),
            ],
        )
    if kind in ("select", "multi"):
        chosen = _chosen(typed, offered)
        picked = set(map(str, chosen if isinstance(chosen, list) else ([] if chosen is None else [chosen])))
        options = [Option(str(c.value), c.title(), str(c.value) in picked) for c in question.choices]
        if kind == "select" and not question.required:
            options.append(Option("", _("(skip this question)"), chosen in (None, "")))
        return Field("radio" if kind == "select" else "checkbox", options=options)
    if kind == "path":
        return Field("file")
    text = typed if typed is not None else as_input(question, offered)
    return Field("textarea" if kind == "long" else "text", value=str(text or ""), inputmode=INPUT_MODES.get(kind))


def _chosen(typed: Any, offered: Any) -> Any:
    return typed if typed is not None else offered


def answer_from_form(question: Question, form) -> Any:
    """The raw answer a form gives for ``question`` (the file of a ``path`` question is handled by the caller)."""
    if question.kind == "multi":
        return [v for v in form.getlist("answer") if v]
    value = form.get("answer")
    if value is None:
        return "" if question.kind not in ("select", "yesno") else None
    return value
