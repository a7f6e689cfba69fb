"""``--answers FILE``: the same interview, answered from a YAML file instead of a terminal.

The file maps question ids to answers, written as a person would type them or
as plain YAML values::

    claimants.count: 1
    claimants[0].role: injured
    claimants[0].name: "Ana López"
    incident.date: 6/14/2025          # or 2025-06-14, or "June 14, 2025"
    incident.agencies: [ICE]
    claimants[0].damages.personal_injury[0].amount: "4,850.00"

Every answer goes through exactly the checks of the terminal interview. A
question left out takes its saved answer, then its default; a required one with
neither is a problem. All problems are reported at once (``FILE: question id:
reason``), exit status 2, and nothing is written: the whole flow is first run
in memory, and only a clean run is repeated for real.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import CaseError, Problem
from .engine import Engine, Stop, add_evidence
from .i18n import _
from .parse import AnswerError
from .questions import Action, Question, accept


def load_answers(path: Path) -> dict[str, Any]:
    from ..caseio import load_text_values

    # Every answer as the text written (0610 stays "0610", 06:10 stays "06:10"): the same text a
    # person would type, so it gets exactly the keyboard's checks. Safe loader: no tags, no aliases.
    try:
        raw = load_text_values(path)
    except CaseError as exc:  # the reader speaks of "the case file": this is the answers file
        raise CaseError(
            exc.file,
            [
                Problem(
                    p.path,
                    p.message.replace("a case file", "an answers file").replace("case file", "answers file"),
                    p.severity,
                )
                for p in exc.problems
            ],
        ) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise CaseError(str(path), [Problem("", "must be a mapping of question ids to answers")])
    return {str(k): v for k, v in raw.items()}


def placeholder(q: Question, today: dt.date | None) -> Any:
    """A stand-in for a wrong required answer, so the check can go on and report every problem."""
    from .. import data

    kind = q.kind
    if kind in ("select", "multi"):
        first = q.choices[0].value if q.choices else None
        return [first] if kind == "multi" else first
    return {
        "date": dt.date(1900, 1, 1),
        "time": "00:00",
        "money": Decimal("0.00"),
        "state": next(iter(data.states())),
        "count": 1,
        "yesno": False,
    }.get(kind, "?")


class FileAsker:
    """Answers each question from the file; collects every problem instead of asking again."""

    def __init__(self, answers: dict[str, Any], today: dt.date | None = None, say=None) -> None:
        self.answers = answers
        self.today = today
        self.used: set[str] = set()
        self.problems: list[Problem] = []
        self.say = say or (lambda *a, **k: None)

    def ask(self, q: Question, default: Any, notes, stored: Any = None) -> Any:
        """The file's answer; else the saved one; else what Enter would take; else a problem if required."""
        if q.id in self.answers:
            self.used.add(q.id)
            try:
                value = self.answers[q.id]
                if isinstance(value, dict) or (isinstance(value, list) and q.kind != "multi"):
                    # a keyboard can only type text: {a: 1} or [x, y] is not an answer to this question
                    raise AnswerError(_("Please give one answer written as text, not a list or a group of keys."))
                return accept(q, value, self.today)
            except AnswerError as exc:
                self.problems.append(Problem(q.id, str(exc)))
                if q.required and stored is None and q.default is None:
                    return placeholder(q, self.today)  # only to find more problems: nothing is written
        if stored is not None:
            return stored
        if q.default is not None:  # the answer a person gets by pressing Enter
            return q.default
        if q.required:
            if q.id not in self.answers:
                self.problems.append(Problem(q.id, _("is required, and the answers file does not give it")))
            raise Stop
        return None

    def act(self, action: Action, engine: Engine) -> list[str]:
        if engine.dry:
            return []
        return add_evidence(engine, action, self.say, progress=False)

    def unused(self) -> list[str]:
        return sorted(set(self.answers) - self.used)


def run_answers(
    case_path: Path, answers_path: Path, lang: str | None, today: dt.date | None = None, say=None
) -> Engine:
    """Check every answer in memory, then write the case; raise CaseError (nothing written) on any problem."""
    answers = load_answers(answers_path)
    trial = Engine(case_path, lang, today=today, dry=True)
    trial.force = set(answers)
    asker = FileAsker(answers, today)
    try:
        trial.run(asker)
    except Stop:
        pass
    if asker.problems:
        raise CaseError(str(answers_path), asker.problems)
    engine = Engine(case_path, lang, today=today)
    engine.force = set(answers)
    final = FileAsker(answers, today, say)
    engine.run(final)
    engine.force = set()
    engine.mark_finished(True)
    for key in final.unused():
        (say or print)(
            f"{answers_path}: {key}: "
            + _("warning: not a question of this interview (or of a branch not taken); ignored")
        )
    return engine
