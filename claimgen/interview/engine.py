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
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from ..caseio import parse_yaml, read_text, save_raw
from ..errors import CaseError, Problem
from . import store
from .flow import SECTIONS, interview
from .i18n import _
from .parse import AnswerError
from .questions import Action, Note, Question

RESERVED = "interview"
TOP_ORDER = ("claimgen", "title", "incident", "claimants", "witnesses", "evidence", "claim", "counsel", "notes")


class Stop(Exception):
    """The flow cannot go on (answers mode: a required answer is missing or wrong)."""


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
                from ..caseio import round_trip_tree

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

    def first_unanswered(self) -> Question | None:
        """Where a resumed interview starts (for messages and tests); replays without asking."""
        found: list[Question] = []

        class _Probe:
            def ask(_self, q, default, notes, stored=None):
                found.append(q)
                raise Stop

            def act(_self, action, engine):
                found.append(action)
                raise Stop

        saved_dry, self.dry = self.dry, True
        try:
            self.run(_Probe())
        except Stop:
            pass
        finally:
            self.dry = saved_dry
        return found[0] if found else None

    def run(self, asker) -> None:
        """One pass through the flow: replay what is answered, ask (and save) the rest."""
        ctx = Context(self)
        gen = interview(ctx)
        asked: list[Asked] = []
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
                        if value is None and item.path is None and item.default is not None:
                            value = item.default
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
        self.asked = asked
        self.save()

    # ---------------------------------------------------------------- review

    def by_section(self) -> list[tuple[str, str, list[Asked]]]:
        out = []
        for key, title in SECTIONS:
            rows = [a for a in self.asked if a.question.section == key]
            if rows:
                out.append((key, title, rows))
        return out


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
