"""The web asker: the interview's one flow, driven one question per page.

Each request opens the case file afresh (an :class:`~claimgen.interview.engine.Engine`),
asks the flow for the next step, or hands it one answer to check and save — the
request/response side of the protocol documented in :mod:`claimgen.interview.flow`.
Nothing about the questions, their order, branches or checks lives here: the page
only shows a :class:`~claimgen.interview.engine.Step` and posts its answer back.

The interview's language is process-wide (gettext), and there is one person and one
case file: a single lock serialises the requests that read or write the case.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..interview import i18n
from ..interview.engine import Engine, Step, add_evidence
from ..interview.questions import Action, Question


@dataclass
class ReviewRow:
    question: Question
    value: Any
    whose: str | None  # the claimant the answer is about, named once above his or her answers


@dataclass
class ReviewPart:
    key: str
    title: str  # English msgid
    rows: list[ReviewRow] = field(default_factory=list)


class WebInterview:
    """One case file seen through web pages: the current step, answers, Back, changes, language."""

    def __init__(self, case_path: Path, lang: str | None = None, today: dt.date | None = None) -> None:
        self.case_path = Path(case_path)
        self.today = today or dt.date.today()
        self.lock = threading.RLock()
        self.notices: list[str] = []  # shown once, on the next page (files registered, what was understood)
        engine = Engine(self.case_path, lang or "", today=self.today)  # a file that cannot be read stops here, at start
        self.resumed = bool(engine.answered)
        engine.save()
        self.lang = engine.lang

    # ---------------------------------------------------------------- the case file

    def engine(self) -> Engine:
        """The case as it is on disk now (a hand edit or `evidence add` in a terminal is seen)."""
        engine = Engine(self.case_path, "", today=self.today)
        self.lang = engine.lang
        i18n.setup(self.lang)
        return engine

    def set_lang(self, lang: str) -> None:
        engine = Engine(self.case_path, lang if lang in i18n.LANGUAGES else "en", today=self.today)
        engine.save()
        self.lang = engine.lang
        i18n.setup(self.lang)

    # ---------------------------------------------------------------- steps

    def current(self) -> Step | None:
        """The step to show now; None when every question is answered (the review)."""
        return self.engine().next_step()

    def answer(self, question_id: str, raw: Any) -> Step | None:
        """Check and save one answer (AnswerError when refused: nothing saved); return the next step."""
        return self.engine().answer(question_id, raw, self._act)

    def perform_pending(self) -> Step | None:
        """Run an evidence step that was reached but not done (the program stopped in between)."""
        return self.engine().next_step(act=self._act)

    def back(self) -> Step | None:
        return self.engine().back()

    def is_first(self, step: Step) -> bool:
        """Nothing comes before this step (the first question): no Back button."""
        engine = self.engine()
        engine.next_step()
        return not [a for a in engine.asked if a.question.id != step.item.id and a.question.id in engine.answered]

    def step_for(self, question_id: str) -> Step | None:
        """An answered question shown again with its answer (a "Change" link); None if the flow does not ask it now."""
        return self.engine().step_for(question_id)

    def _act(self, action: Action, engine: Engine) -> list[str]:
        if action.kind != "add_evidence":
            raise ValueError(f"unknown action {action.kind!r}")  # a bug
        return add_evidence(engine, action, self.notices.append, progress=False)

    # ---------------------------------------------------------------- review and the end

    def review(self) -> tuple[Step | None, list[ReviewPart], Engine]:
        """Every answer of the pass, by part; the claimant's name where his or her answers start."""
        engine = self.engine()
        step = engine.next_step()
        parts: list[ReviewPart] = []
        for key, title, rows in engine.by_section():
            part = ReviewPart(key, title)
            last_whose = None
            for asked in rows:
                q = asked.question
                if q.id.endswith(".more"):
                    continue  # "Is there another …?": the list itself shows the answer
                whose = claimant_name(engine, q.id)
                part.rows.append(ReviewRow(q, asked.value, whose if whose != last_whose else None))
                last_whose = whose
            parts.append(part)
        return step, parts, engine

    def finish(self) -> None:
        self.engine().mark_finished(True)

    def finished(self) -> bool:
        return self.engine().finished

    def take_notices(self) -> list[str]:
        out, self.notices = self.notices, []
        return out


def claimant_name(engine: Engine, question_id: str) -> str | None:
    from ..interview import store

    m = re.match(r"claimants\[(\d+)\]", question_id)
    if not m:
        return None
    name = store.get(engine.tree, ("claimants", int(m[1]), "name"))
    return str(name) if name else None


def capture() -> tuple[list[str], Callable[..., None]]:
    """A ``say`` for the interview's ending code that keeps the lines for a page instead of printing them."""
    lines: list[str] = []

    def say(text: str = "", indent: str = "", stream: Any = None, **_layout: Any) -> None:
        lines.append(indent + str(text))

    return lines, say
