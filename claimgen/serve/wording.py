"""The few sentences of the flow that speak of the terminal's keys, said for a web page instead.

The flow is the one definition of every question; a handful of its notes and help
lines tell the person to press Ctrl-C, press Enter or type a path. On a page those
words would confuse, so the page shows the sentence on the right instead of the one
on the left (both are gettext msgids; the left one is the flow's own text, and a test
checks that the flow still uses it). Nothing else is changed: same questions, same
order, same checks.
"""

from __future__ import annotations

from ..interview.flow import LATER_HELP
from ..interview.i18n import N_, _

WELCOME = (
    "Welcome. These questions gather what happened so a claim can be prepared for a lawyer to review. "
    "Every answer is saved as soon as you give it: you can stop at any time (Ctrl-C) and continue later "
    "with the same command. If you do not know an answer, you can usually leave it empty."
)

NOTES = {
    WELCOME: N_(
        "Welcome. These questions gather what happened so a claim can be prepared for a lawyer to review. "
        "Every answer is saved on this computer as soon as you give it: you can stop at any time with "
        '"Save and stop" and continue later. If you do not know an answer, you can usually leave it empty.'
    ),
}
HELP = {
    LATER_HELP: N_("If you do not have it now, leave this empty and press Continue: a file can be added later."),
    "Press Enter to take the suggestion, or write your own.": N_("Keep the suggestion, or write your own."),
}
PROMPTS = {
    "Where is that file? Type its path (you can drag the file into this window):": N_(
        "Choose that file: a scan or a photo of the paper is fine."
    ),
    "Where is the file or folder? Type its path (you can drag it into this window):": N_(
        "Choose the file: a photo, a video, a scan or a document."
    ),
}
ERRORS = {
    "Please choose at least one (press the space bar to mark it).": N_("Please choose at least one."),
}


def note_text(note) -> str:
    """A flow note in the page's words (the note's own text unless it speaks of terminal keys)."""
    if note.message in NOTES:
        return _(NOTES[note.message]).format(**note.fmt)
    return note.text()


def prompt_text(question) -> str:
    """The question as the page asks it."""
    if question.prompt in PROMPTS:
        return _(PROMPTS[question.prompt]).format(**question.fmt)
    return question.text()


def help_text(question) -> str | None:
    if question.help in HELP:
        return _(HELP[question.help]).format(**question.fmt)
    return question.help_text()


def error_text(message: str) -> str:
    for terminal, web in ERRORS.items():
        if message == _(terminal):
            return _(web)
    return message
