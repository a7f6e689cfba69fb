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
from collections.abc import Sequence
from typing import Any

from .engine import Engine, add_evidence
from .flow import SECTION_TITLES, SECTIONS
from .i18n import _, readback_date
from .parse import AnswerError
from .questions import Action, Question, accept, as_display, as_input

SKIP = "__skip__"


def prompt_width() -> int:
    """Columns a prompt may fill: the terminal prompt_toolkit draws on (its own size in tests), capped at 100.

    One column is left free: prompt_toolkit wraps a line that reaches the last column.
    """
    try:
        from prompt_toolkit.application.current import get_app_session

        columns = get_app_session().output.get_size().columns
    except Exception:  # no terminal at all: the usual size
        columns = shutil.get_terminal_size((80, 24)).columns
    return max(20, min(100, columns) - 1)


def fit_prompt(message: str, tails: Sequence[str] = (), width: int | None = None, room: int = 0) -> str:
    """``message`` with line breaks at word boundaries, so prompt_toolkit never cuts a word at the edge.

    questionary draws ``"? " + message + " " + tail`` where the tail is the instruction while
    asking and the answer once answered; a tail that does not fit after the last line of the
    message starts a line of its own. ``room`` keeps that many columns free for typing.
    """
    width = width or prompt_width()
    lines = textwrap.wrap(
        " ".join(message.split()), width=width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
    ) or ["  "]
    lines[0] = lines[0][2:]
    longest = max([len(t.split("\n")[0]) for t in tails if t] + [0]) + room
    last = len(lines[-1]) + (2 if len(lines) == 1 else 0)  # "? " before the first line
    if longest and last + 1 + longest > width:
        lines.append(" ")  # questionary writes " " before the tail: it starts under the message
    return "\n".join(lines)


def fit_line(text: str, indent: int, width: int | None = None) -> str:
    """A choice title or an instruction wrapped at word boundaries, continuation lines indented."""
    width = width or prompt_width()
    if indent + len(text) <= width:
        return text
    lines = textwrap.wrap(text, width=max(10, width - indent), break_on_hyphens=False) or [text]
    return ("\n" + " " * indent).join(lines)


def say(text: str = "", indent: str = "", stream=None, hang: str | None = None) -> None:
    """Print ``text`` wrapped to the terminal, paragraphs kept; ``hang``: the indent of continuation lines."""
    stream = stream or sys.stdout
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 2)
    for para in text.split("\n"):
        lines = textwrap.wrap(
            para, width=width, initial_indent=indent, subsequent_indent=indent if hang is None else hang
        ) or [""]
        print("\n".join(lines), file=stream)
    stream.flush()


def _take_suggestion(suggestion: str):
    """Enter on an empty box puts the suggested value in it, then submits: the answered line shows it."""
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings

    kb = KeyBindings()

    @kb.add("enter", filter=Condition(lambda: not get_app().current_buffer.text.strip()))
    def _take(event) -> None:
        buf = event.current_buffer
        buf.text = suggestion
        buf.cursor_position = len(suggestion)
        buf.validate_and_handle()

    return kb


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
        say(
            "── "
            + _("{title} (part {n} of {total})").format(
                title=_(SECTION_TITLES.get(section, section)), n=n, total=len(keys)
            )
            + " ──"
        )

    def _select(
        self, message: str, choices: list[tuple[str, Any]], default: Any = None, keys: list[str] | None = None
    ) -> Any:
        """One choice: arrow keys, or the key shown before each choice (1, 2, 3... or y/n), then Enter."""
        import questionary

        width = prompt_width()
        # questionary draws each choice as " » 1) title": continuation lines start under the title
        titles = [fit_line(title, 6, width) for title, _v in choices]
        instruction = fit_line(_("(arrow keys or the key shown, then Enter)"), 2, width)
        qchoices = [
            questionary.Choice(title, value=value, shortcut_key=keys[i] if keys else True)
            for i, (title, (_t, value)) in enumerate(zip(titles, choices))
        ]
        values = [v for _t, v in choices]
        return questionary.select(
            fit_prompt(message, [instruction] + titles, width),
            choices=qchoices,
            default=default if default in values else None,
            use_shortcuts=len(choices) <= 36,
            use_jk_keys=False,
            instruction=instruction,
        ).unsafe_ask()

    def yes_no(self, message: str, default: bool | None = True) -> bool:
        # TRANSLATORS: the one-letter keys that answer yes and no (y/n in English, s/n in Spanish).
        keys = _("y n").split()
        return bool(
            self._select(
                message, [(_("Yes"), True), (_("No"), False)], True if default is None else bool(default), keys=keys
            )
        )

    def _text(self, message: str, default: str, multiline: bool = False, suggestion: str = "") -> str:
        import questionary

        if multiline:
            # prompt_toolkit does not wrap the lines above a multi-line box: a long question and its
            # instruction would be cut at the edge of the terminal. Print them wrapped, then open
            # the box on its own line, so the answer wraps across the whole width too.
            say("? " + message)
            say(_("(press Esc and then Enter when you have finished)"), indent="  ")
            return questionary.text("", qmark="›", default=default, multiline=True, instruction="").unsafe_ask()
        width = prompt_width()
        room = max(12, len(suggestion), len(default))  # columns for the answer after the question
        instruction, extra = None, {}
        if suggestion:
            instruction = fit_line(
                _("(press Enter for {value})").format(value=suggestion), 3, width
            )  # drawn as " (…) "
            if 3 + len(instruction.split("\n")[-1]) + 1 + room > width:
                instruction += "\n "  # the answer (the value taken) starts a line of its own
            extra["key_bindings"] = _take_suggestion(suggestion)
        return questionary.text(
            fit_prompt(message, [instruction or ""], width, room=room),
            default=default,
            instruction=instruction,
            **extra,
        ).unsafe_ask()

    def plain_text(self, message: str, default: str = "") -> str:
        """A one-line answer with no rules (the packet folder), wrapped like every other prompt."""
        import questionary

        return questionary.text(fit_prompt(message, [], room=12), default=default).unsafe_ask()

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
                self._kept(typed, q.kind == "long")
                continue
            if q.kind == "date" and value is not None:
                if not self.yes_no(_("{date} — is that right?").format(date=readback_date(value)), True):
                    self._kept(typed, False)
                    continue
            if q.kind in ("state", "money") and value is not None:
                say("→ " + as_display(q, value), indent="  ")  # what was understood: "Minnesota (MN)", "$38,500.00"
            return value

    @staticmethod
    def _kept(typed: str, multiline: bool) -> None:
        """The refused answer stays in the box to fix (one typo is one key); say how to start over."""
        if not typed.strip():
            return
        if multiline:
            say(_("(Your answer is still in the box: correct it there, then press Esc and then Enter.)"), indent="  ")
        else:
            say(
                _("(Your answer is still in the box: correct it, or press Ctrl-U to clear it and type it again.)"),
                indent="  ",
            )

    def _multi(self, q: Question, default: list) -> list:
        import questionary

        message = q.text()
        chosen = list(default)
        while True:
            width = prompt_width()
            # questionary draws each choice as " » ○ title"
            choices = [
                questionary.Choice(fit_line(c.title(), 5, width), value=c.value, checked=c.value in chosen)
                for c in q.choices
            ]
            instruction = fit_line(_("(arrow keys to move, space bar to mark, Enter when done)"), 2, width)
            chosen = questionary.checkbox(
                fit_prompt(message, [instruction], width),
                choices=choices,
                erase_when_done=True,
                instruction=instruction,
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
