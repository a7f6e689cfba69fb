"""The terminal side of the interview: questionary prompts for each kind of question.

questionary (and prompt_toolkit under it) is imported here only, so nothing else
in claimgen pays for it. A wrong answer is not blocked inside the prompt (whose
one-line toolbar would cut a long reason short): the reason is printed in full,
in the user's language, and the question is asked again with the typed text
ready to fix. Ctrl-C is let through (``unsafe_ask``) so the command can say that
everything answered so far is saved.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import textwrap
from typing import Any

from .engine import Engine, add_evidence
from .flow import SECTION_TITLES, SECTIONS
from .i18n import _, readback_date
from .parse import AnswerError
from .questions import Action, Question, accept, as_display, as_input

SKIP = "__skip__"


def say(text: str = "", indent: str = "", stream=None) -> None:
    """Print ``text`` wrapped to the terminal, paragraphs kept."""
    stream = stream or sys.stdout
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)
    for para in text.split("\n"):
        lines = textwrap.wrap(para, width=width, initial_indent=indent, subsequent_indent=indent) or [""]
        print("\n".join(lines), file=stream)
    stream.flush()


class TerminalAsker:
    """Asks on the terminal (or on prompt_toolkit's pipe input in tests)."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today
        self._section: str | None = None

    # ---------------------------------------------------------------- helpers

    def _header(self, section: str) -> None:
        if section == self._section:
            return
        self._section = section
        keys = [k for k, _t in SECTIONS]
        n = keys.index(section) + 1 if section in keys else 0
        say()
        say("── " + _("{title} (part {n} of {total})").format(title=_(SECTION_TITLES.get(section, section)), n=n, total=len(keys)) + " ──")

    def _select(self, message: str, choices: list[tuple[str, Any]], default: Any = None, keys: list[str] | None = None) -> Any:
        """One choice: arrow keys, or the key shown before each choice (1, 2, 3... or y/n), then Enter."""
        import questionary

        qchoices = [
            questionary.Choice(title, value=value, shortcut_key=keys[i] if keys else True)
            for i, (title, value) in enumerate(choices)
        ]
        values = [v for _t, v in choices]
        return questionary.select(
            message, choices=qchoices, default=default if default in values else None,
            use_shortcuts=len(choices) <= 36, use_jk_keys=False,
            instruction=_("(arrow keys or the key shown, then Enter)"),
        ).unsafe_ask()

    def yes_no(self, message: str, default: bool | None = True) -> bool:
        # TRANSLATORS: the one-letter keys that answer yes and no (y/n in English, s/n in Spanish).
        keys = _("y n").split()
        return bool(self._select(message, [(_("Yes"), True), (_("No"), False)], True if default is None else bool(default), keys=keys))

    def _text(self, message: str, default: str, multiline: bool = False, suggestion: str = "") -> str:
        import questionary

        if multiline:
            # prompt_toolkit does not wrap the lines above a multi-line box: a long question and its
            # instruction would be cut at the edge of the terminal. Print them wrapped, then open
            # the box on its own line, so the answer wraps across the whole width too.
            say("? " + message)
            say(_("(press Esc and then Enter when you have finished)"), indent="  ")
            return questionary.text("", qmark="›", default=default, multiline=True, instruction="").unsafe_ask()
        instruction = _("(press Enter for {value})").format(value=suggestion) if suggestion else None
        return questionary.text(message, default=default, instruction=instruction).unsafe_ask()

    # ---------------------------------------------------------------- one question

    def ask(self, q: Question, default: Any, notes, stored: Any = None) -> Any:
        self._header(q.section)
        for note in notes:
            say(note.text())
            say()
        help_text = q.help_text()
        if help_text:
            say(help_text, indent="  ")
        message = q.text()
        if q.kind == "yesno":
            return self.yes_no(message, default)
        if q.kind == "select":
            choices = [(c.title(), c.value) for c in q.choices]
            if not q.required:
                choices.insert(0, (_("(skip this question)"), SKIP))
            value = self._select(message, choices, SKIP if default is None else default)
            return None if value == SKIP else value
        if q.kind == "multi":
            return self._multi(q, default or [])
        # A saved answer is put in the box to edit; a suggested default is taken on an empty Enter.
        typed = as_input(q, stored)
        suggestion = as_input(q, q.default) if stored is None and q.default is not None else ""
        while True:
            typed = self._text(message, typed, multiline=q.kind == "long", suggestion=suggestion)
            try:
                value = accept(q, typed if typed.strip() or not suggestion else suggestion, self.today)
            except AnswerError as exc:
                say("✗ " + str(exc), indent="  ")
                continue
            if q.kind == "date" and value is not None:
                if not self.yes_no(_("{date} — is that right?").format(date=readback_date(value)), True):
                    continue
            if q.kind in ("state", "money") and value is not None:
                say("→ " + as_display(q, value), indent="  ")  # what was understood: "Minnesota (MN)", "$38,500.00"
            return value

    def _multi(self, q: Question, default: list) -> list:
        import questionary

        message = q.text()
        chosen = list(default)
        while True:
            choices = [questionary.Choice(c.title(), value=c.value, checked=c.value in chosen) for c in q.choices]
            chosen = questionary.checkbox(
                message, choices=choices, erase_when_done=True,
                instruction=_("(arrow keys to move, space bar to mark, Enter when done)"),
            ).unsafe_ask()
            try:
                value = accept(q, chosen, self.today)
            except AnswerError as exc:
                say("? " + message)
                say("✗ " + str(exc), indent="  ")
                continue
            say("? " + message + " " + (as_display(q, value) if value else _("(none)")))
            return value

    def act(self, action: Action, engine: Engine) -> list[str]:
        if action.kind == "add_evidence":
            return add_evidence(engine, action, say)
        raise ValueError(f"unknown action {action.kind!r}")  # a bug
