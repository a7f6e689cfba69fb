"""Run the interview flow against a case file: replay saved answers, ask the rest, save each one.

Where progress lives (a design choice, documented in the README of the package):
inside the case file, under the reserved top-level key ``interview``::

    interview:
      lang: es                # the language last used
      section: money          # the section being answered
      finished: false         # true once the review screen was confirmed
      answered: [claimants.count, claimants[0].role, ...]   # question ids, in order
      meta: {claimants[0].hurt: true, ...}   # answers that are not case facts (yes/no gates, file paths)

Keeping it in the case file means one atomic write (temp file, fsync, rename, mode
0600) records an answer *and* the fact that it was answered: the two can never
disagree, whatever moment the process is killed. Answers to questions that map
to case keys live only in those keys, so a hand edit of the case is what the
interview shows next time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from ..caseio import parse_yaml, read_text, round_trip_tree, save_raw
from ..errors import CaseError, Problem
from . import store
from .flow import SECTIONS, interview
from .i18n import _
from .parse import AnswerError
from .questions import Action, Note, Question

RESERVED = "interview"
TOP_ORDER = ("claimgen", "title", "incident", "claimants", "witnesses", "evidence", "claim", "counsel", "notes")


class Stop(Exception):
    """The flow cannot go on (answers mode: a required answer is missing or wrong; a driver's "stop")."""


@dataclass
class Step:
    """What a one-question-at-a-time driver shows next (see the protocol in :mod:`.flow`)."""

    item: Question | Action  # the question to ask, or an evidence step to perform
    notes: list[Note]  # to show before it
    default: Any  # the value to offer: the saved answer, else the question's default
    stored: Any  # the saved answer (None when nothing is saved)
    part: str  # the part's key ("who", "incident", ...)
    part_number: int  # 1-based: "Part 3 of 9"
    part_total: int
    minutes_left: int  # a rough estimate, this part included
    whose: str | None  # the claimant the question is about, if it is about one

    @property
    def question(self) -> Question | None:
        return self.item if isinstance(self.item, Question) else None

    def part_title(self) -> str:
        from .flow import SECTION_TITLES

        return _(SECTION_TITLES.get(self.part, self.part))


class _Reached(Exception):
    """A pass of :meth:`Engine.next_step` reached the question (or step) to show."""

    def __init__(self, item: Question | Action, default: Any = None, notes: list[Note] | None = None, stored: Any = None) -> None:
        super().__init__(item.id)
        self.item, self.default, self.notes, self.stored = item, default, notes or [], stored


class _StepAsker:
    """Answers the questions it is given (checked), stops at the first other one."""

    def __init__(self, answers: dict[str, Any], today: dt.date, act: Callable[[Action, "Engine"], list[str]] | None) -> None:
        self.answers, self.today, self._act = answers, today, act

    def ask(self, q: Question, default: Any, notes: list[Note], stored: Any = None) -> Any:
        if q.id in self.answers:
            return q.accept(self.answers.pop(q.id), self.today)
        raise _Reached(q, default, notes, stored)

    def act(self, action: Action, engine: "Engine") -> list[str]:
        if self._act is None:
            raise _Reached(action)
        return self._act(action, engine)


@dataclass
class Asked:
    question: Question
    value: Any


class Context:
    """What the flow may read and shape: the case tree, today's date, file checks."""

    def __init__(self, engine: "Engine") -> None:
        self._engine = engine
        self.today = engine.today
        self.case_name = str(engine.case_path)  # for messages such as "claimgen evidence add CASE FILE"

    def get(self, path: tuple) -> Any:
        return store.from_yaml_value(store.get(self._engine.tree, path))

    def set(self, path: tuple, value: Any) -> None:
        if store.get(self._engine.tree, path) != value or value is None:
            store.set_value(self._engine.tree, path, value)

    def delete(self, path: tuple) -> None:
        store.delete(self._engine.tree, path)

    def truncate(self, path: tuple, n: int, where=None, drop_empty_key: bool = False) -> None:
        store.truncate(self._engine.tree, path, n, where, drop_empty_key)

    def set_answer(self, question_id: str, value: Any) -> None:
        """Change a saved answer kept in ``interview.meta`` (a count the flow itself corrected)."""
        self._engine.meta[question_id] = store.to_yaml_value(value)

    def forget(self, *question_ids: str) -> None:
        """Forget the answers to ``question_ids`` (asked afresh next time the flow reaches them)."""
        self._engine.answered[:] = [q for q in self._engine.answered if q not in question_ids]
        for qid in question_ids:
            self._engine.meta.pop(qid, None)

    def remove_claimant(self, index: int) -> None:
        """Take claimant ``index`` out of the case: the entry, its links from evidence, and its answers' bookkeeping.

        Question ids carry the claimant's place (``claimants[2].name``): the ids of the
        claimants after it move down by one, so their answers stay theirs.
        """
        tree = self._engine.tree
        claimants = store.get(tree, ("claimants",))
        if not isinstance(claimants, list) or not 0 <= index < len(claimants):
            return
        gone = claimants[index].get("id") if isinstance(claimants[index], dict) else None
        del claimants[index]
        for entry in store.get(tree, ("evidence",)) or []:
            supports = entry.get("supports") if isinstance(entry, dict) else None
            if isinstance(supports, list) and gone in supports:
                supports.remove(gone)
        self._engine.renumber("claimants", index)

    def action_ids(self, action_id: str) -> list[str]:
        """The exhibit ids an evidence step registered last time ([] if it has not run)."""
        return self._engine.action_record(action_id)[0]

    def check_file(self, text: str) -> None:
        path = Path(os.path.expanduser(text.strip().strip("'\"")))
        if not path.exists():
            raise AnswerError(_("There is no file or folder at {path}. Check the spelling, or drag the file into this window.").format(path=text.strip()[:80]))
        if not os.access(path, os.R_OK):
            raise AnswerError(_("That file cannot be read (no permission)."))


class Engine:
    """One case file, one language; ``run()`` goes through the flow once."""

    def __init__(self, case_path: Path, lang: str, *, today: dt.date | None = None, dry: bool = False) -> None:
        self.case_path = Path(case_path)
        self.today = today or dt.date.today()
        self.dry = dry  # answers mode, first pass: check everything, write nothing
        self.tree = self._load()
        self.state = self.tree[RESERVED]
        if lang:
            self.state["lang"] = lang
        self.lang = str(self.state.get("lang") or "en")
        self.asked: list[Asked] = []  # every question of the last pass, in order, with its answer
        self.redo: set[str] = set()  # sections to ask again
        self.force: set[str] = set()  # question ids to ask again (answers mode: the file wins)

    # ---------------------------------------------------------------- the file

    def _load(self):
        from ruamel.yaml.comments import CommentedMap

        if self.case_path.exists():
            text = read_text(self.case_path)
            raw = parse_yaml(text, str(self.case_path))  # the safe gate, before the round-trip loader
            if raw is None:
                tree = CommentedMap()
            elif not isinstance(raw, dict):
                raise CaseError(str(self.case_path), [Problem("", "is not a mapping of keys; it cannot be continued by the interview")])
            else:
                tree = round_trip_tree(text)
        else:
            tree = CommentedMap()
            tree.yaml_set_start_comment(
                "claimgen case file — written by `claimgen interview`; a draft for a lawyer's review.\n"
                "Keys and the generated documents are in English. Progress of the interview is kept under `interview:`."
            )
        if "claimgen" not in tree:
            tree.insert(0, "claimgen", 1)
        if not isinstance(tree.get(RESERVED), dict):
            state = CommentedMap()
            state["lang"] = "en"
            state["section"] = SECTIONS[0][0]
            state["finished"] = False
            state["answered"] = store._new_seq()
            state["meta"] = CommentedMap()
            tree[RESERVED] = state
        state = tree[RESERVED]
        if not isinstance(state.get("answered"), list):
            state["answered"] = store._new_seq()
        if not isinstance(state.get("meta"), dict):
            state["meta"] = CommentedMap()
        return tree

    def save(self) -> None:
        if self.dry:
            return
        self._order_top()
        save_raw(self.case_path, self.tree)

    def reload(self) -> None:
        """After another writer (evidence intake) changed the file, continue from what is on disk."""
        lang, redo = self.lang, self.redo
        self.tree = self._load()
        self.state = self.tree[RESERVED]
        self.state["lang"] = lang
        self.redo = redo

    def _order_top(self) -> None:
        """Known top-level keys in contract order; ``interview`` last."""
        tree = self.tree
        keys = list(tree.keys())
        wanted = [k for k in TOP_ORDER if k in tree] + [k for k in keys if k not in TOP_ORDER and k != RESERVED] + [RESERVED]
        if keys != wanted:
            for k in wanted:
                value = tree[k]
                del tree[k]
                tree[k] = value

    # ---------------------------------------------------------------- state

    @property
    def answered(self) -> list:
        return self.state["answered"]

    @property
    def meta(self):
        return self.state["meta"]

    @property
    def finished(self) -> bool:
        return bool(self.state.get("finished"))

    def mark_finished(self, done: bool) -> None:
        self.state["finished"] = done
        self.save()

    def current(self, q: Question) -> Any:
        """The stored answer to ``q`` (None when nothing is stored)."""
        if q.path is not None:
            value = store.from_yaml_value(store.get(self.tree, q.path))
        else:
            value = store.from_yaml_value(self.meta.get(q.id))
        if value is not None and q.decode is not None:
            value = q.decode(value)
        if q.kind == "money" and isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value).quantize(Decimal("0.01"))
        if q.kind == "date" and isinstance(value, dt.datetime):
            value = value.date()
        return value

    def _store(self, q: Question, value: Any) -> None:
        stored = q.encode(value) if (q.encode is not None and value is not None) else value
        if q.path is None:
            if stored is None:
                self.meta.pop(q.id, None)
            else:
                self.meta[q.id] = store.to_yaml_value(stored)
        elif stored is None or stored == "" or stored == []:
            store.delete(self.tree, q.path)
        else:
            store.set_value(self.tree, q.path, stored)
        if q.id not in self.answered:
            self.answered.append(q.id)
        self.state["section"] = q.section

    def renumber(self, list_key: str, removed: int) -> None:
        """Answers about ``list_key[removed]`` are forgotten; those about later entries move down by one."""
        pattern = re.compile(rf"^{re.escape(list_key)}\[(\d+)\]")

        def moved(qid: str) -> str | None:
            m = pattern.match(qid)
            if not m or int(m[1]) < removed:
                return qid
            if int(m[1]) == removed:
                return None
            return f"{list_key}[{int(m[1]) - 1}]" + qid[m.end():]

        self.answered[:] = [new for new in (moved(q) for q in self.answered) if new is not None]
        items = list(self.meta.items())
        for key, _value in items:
            del self.meta[key]
        for key, value in items:
            new = moved(str(key))
            if new is not None:
                self.meta[new] = value

    def action_record(self, action_id: str) -> tuple[list[str], list[str] | None]:
        """(exhibit ids, files) of an action already done; files is None in a record written before they were kept."""
        raw = self.meta.get(action_id)
        if isinstance(raw, dict):
            ids = store.from_yaml_value(raw.get("ids")) or []
            files = store.from_yaml_value(raw.get("files"))
            return [str(i) for i in ids], [str(f) for f in files] if isinstance(files, list) else None
        return [str(i) for i in (store.from_yaml_value(raw) or [])], None

    def is_answered(self, q: Question) -> bool:
        return q.id in self.answered and q.section not in self.redo and q.id not in self.force

    def forget_section(self, section: str) -> None:
        """Ask ``section`` again; its answers stay as the defaults offered.

        The section's questions are taken off the ``answered`` list *on disk*, so a
        change interrupted half-way (Ctrl-C, a closed terminal, kill -9) resumes at the
        first question of the section not yet confirmed again, not at the review screen.
        Their answers stay in the case keys (and in ``meta``) and are offered again.
        Steps that already happened (evidence added) stay done.
        """
        ids = {a.question.id for a in self.asked if a.question.section == section}
        self.answered[:] = [qid for qid in self.answered if qid not in ids]
        self.redo.add(section)
        self.state["finished"] = False
        self.state["section"] = section
        self.save()

    # ---------------------------------------------------------------- the loop

    def first_unanswered(self) -> Question | Action | None:
        """Where a resumed interview starts (for messages and tests); replays without asking."""
        step = self.next_step()
        return step.item if step else None

    def next_step(self, answers: dict[str, Any] | None = None, act: Callable[[Action, "Engine"], list[str]] | None = None) -> "Step | None":
        """The next thing to show, for a driver that shows one question at a time (a web page); None when done.

        One pass through the flow: answered questions replay; an unanswered question whose
        id is in ``answers`` is checked with ``question.accept`` (an :class:`AnswerError`
        goes up to the caller, nothing is saved) and saved; the first unanswered question
        not in ``answers`` ends the pass and is returned. An evidence step reached on the way
        is performed by ``act(action, engine)``; without ``act`` it is returned as the step.
        Nothing is written when neither ``answers`` nor ``act`` is given (``next_step(act=...)``
        performs a pending evidence step and saves).
        """
        saved_dry = self.dry
        self.dry = saved_dry or (not answers and act is None)
        try:
            self.run(_StepAsker(dict(answers or {}), self.today, act))
        except _Reached as reached:
            return self._step(reached)
        finally:
            self.dry = saved_dry
        return None

    def answer(self, question_id: str, raw: Any, act: Callable[[Action, "Engine"], list[str]] | None = None) -> "Step | None":
        """Check and save the answer to ``question_id`` (raises AnswerError); return the step after it.

        An answered question is answered again (a "Change" link changes that answer only); an
        answer to a question the flow does not reach now is not used, and the step returned
        is the one the flow is at.
        """
        self.force.add(question_id)
        try:
            return self.next_step({question_id: raw}, act)
        finally:
            self.force.discard(question_id)

    def step_for(self, question_id: str) -> "Step | None":
        """The step that shows an answered question again, its answer offered (a review page's "Change" link).

        None when the flow does not reach ``question_id`` now (a branch not taken).
        """
        self.next_step()  # a replay: ``asked`` holds every question up to where the flow stands
        for asked in self.asked:
            if asked.question.id == question_id:
                stored = self.current(asked.question)
                return self._step(_Reached(asked.question, asked.value if stored is None else stored, [], stored))
        return None

    def back(self) -> "Step | None":
        """Ask again the question answered just before the current one (its answer is offered); return that step.

        At the end of the flow (review), the last question is asked again.
        """
        current = self.next_step()
        ids = [a.question.id for a in self.asked]
        if current is not None and current.item.id in ids:
            ids = ids[: ids.index(current.item.id)]
        previous = next((qid for qid in reversed(ids) if qid in self.answered), None)
        if previous is None:
            return current
        self.answered.remove(previous)
        self.state["finished"] = False
        self.save()
        return self.next_step()

    def _step(self, reached: "_Reached") -> "Step":
        from .flow import PARTS, part_number

        item = reached.item
        key = item.section
        n = part_number(key)
        whose = None
        m = re.match(r"claimants\[(\d+)\]", item.id)
        if m:
            name = store.get(self.tree, ("claimants", int(m[1]), "name"))
            whose = str(name) if name else None
        return Step(
            item=item, notes=list(reached.notes), default=reached.default, stored=reached.stored, part=key,
            part_number=n, part_total=len(PARTS), minutes_left=sum(p.minutes for p in PARTS[max(n - 1, 0):]), whose=whose,
        )

    def run(self, asker) -> None:
        """One pass through the flow: replay what is answered, ask (and save) the rest."""
        ctx = Context(self)
        gen = interview(ctx)
        asked: list[Asked] = []
        self.asked = asked  # kept as it grows: a pass that stops part-way (next_step) shows where it stopped
        seen: set[str] = set()
        notes: list[Note] = []
        value: Any = None
        try:
            item = next(gen)
            while True:
                if isinstance(item, Note):
                    notes.append(item)
                    value = None
                elif isinstance(item, Question):
                    seen.add(item.id)
                    if self.is_answered(item):
                        value = self.current(item)
                        if value is None and (item.path is None or item.kind == "select") and item.default is not None:
                            value = item.default  # e.g. "I do not know", which is stored as no value
                    else:
                        stored = self.current(item)
                        value = asker.ask(item, item.default if stored is None else stored, notes, stored=stored)
                        notes = []
                        self._store(item, value)
                        self.save()
                    asked.append(Asked(item, value))
                    notes = [] if self.is_answered(item) else notes
                elif isinstance(item, Action):
                    seen.add(item.id)
                    ids, files = self.action_record(item.id)
                    if item.id in self.answered and (files is None or files == action_files(item)):
                        value = ids
                    else:
                        # not done yet, or done for other files (a path changed on the review screen):
                        # register the files now; what was registered before stays registered
                        if item.id in self.answered:
                            item.payload["replaces"] = ids
                        value = asker.act(item, self) or []
                        from ruamel.yaml.comments import CommentedMap

                        record = CommentedMap()
                        record["files"] = store.to_yaml_value(action_files(item))
                        record["ids"] = store.to_yaml_value(list(value))
                        self.meta[item.id] = record
                        if item.id not in self.answered:
                            self.answered.append(item.id)
                        self.save()
                    notes = []
                item = gen.send(value)
        except StopIteration:
            pass
        # forget answers to questions that this pass no longer asks (a branch not taken)
        keep = [qid for qid in self.answered if qid in seen]
        if len(keep) != len(self.answered):
            self.answered[:] = keep
            for key in [k for k in self.meta if k not in seen]:
                del self.meta[key]
        self.redo.clear()
        self.save()

    # ---------------------------------------------------------------- review

    def by_section(self) -> list[tuple[str, str, list[Asked]]]:
        out = []
        for key, title in SECTIONS:
            rows = [a for a in self.asked if a.question.section == key]
            if rows:
                out.append((key, title, rows))
        return out


def registered_by(tree: Any) -> str | None:
    """Who the interview was told registers evidence files (``interview.registered_by``), or None."""
    state = tree.get(RESERVED) if isinstance(tree, dict) else None
    name = state.get("registered_by") if isinstance(state, dict) else None
    return str(name).strip() or None if name else None


def action_files(action: Action) -> list[str]:
    """The files an action registers, as the intake is given them (quotes from a drag-and-drop removed, ~ expanded)."""
    return [os.path.expanduser(str(f).strip().strip("'\"")) for f in action.payload.get("files", [])]


def add_evidence(engine: Engine, action: Action, say: Callable[[str], None], progress: bool = True) -> list[str]:
    """Register files through the evidence intake (hash, metadata, custody); keep going on failure."""
    from ..evidence.intake import add_files
    from ..evidence.progress import wording

    files = action_files(action)
    engine.save()
    try:
        # TRANSLATORS: shown while a big file is read; {name} is the file, {size} like "1.1 GB".
        with wording(line=_("hashing {name} ({size}) ..."), bar=_("hashing {name}")):
            result = add_files(
                engine.case_path, files,
                description=action.payload.get("description") or None,
                supports=action.payload.get("supports") or (),
                by=registered_by(engine.tree) or "unknown",  # never the computer's login name
                progress=progress,
            )
    except CaseError as exc:
        say(_("The file could not be added. You can add it later with: claimgen evidence add {case} FILE").format(case=engine.case_path))
        for line in exc.lines():
            say("  " + line)
        engine.reload()
        return []
    engine.reload()
    for a in result.added:
        say(_("Added {id}: {path} (fingerprint {sha}…)").format(id=a.id, path=a.path, sha=a.sha256[:12]))
    for d in result.duplicates:
        say(_("Already registered: {file} (same content as {id})").format(file=d.file, id=d.existing_id or d.existing_path))
    for w in result.warnings + result.changed:
        say("  " + w)
    ids = [a.id for a in result.added] + [d.existing_id for d in result.duplicates if d.existing_id]
    _report_replaced(engine, action.payload.get("replaces") or [], ids, say)
    return ids


def _report_replaced(engine: Engine, before: list[str], now: list[str], say: Callable[[str], None]) -> None:
    """A file changed on the review screen: the exhibit registered before is kept (chain of custody), and said so."""
    entries = {str(e.get("id")): e for e in (engine.tree.get("evidence") or []) if isinstance(e, dict)}
    for old in before:
        if old in now or old not in entries:
            continue
        say(_("{id} ({path}), the file given before, stays in the evidence list: claimgen never deletes a registered "
              "exhibit. If it does not belong to the claim, ask the lawyer to take it out of the case file.")
            .format(id=old, path=entries[old].get("path")))
