"""A case at the deadline-only level: what ``check`` and ``docket`` need, nothing more.

The interview saves after every answer, so a case file is half-finished for days or
weeks while its two-year clock runs. The deadlines need only the incident's date and
state and the claim history; the narrative, the agencies, the claimants' names and the
other parts the documents need may still be missing. This level validates the file with
the same models and validators (:class:`~claimgen.model.DraftCase` only lets those parts
be absent) and the same date rules (:func:`~claimgen.checks.validate.date_problems`), and
says which parts the documents still need. ``build`` keeps the full level and refuses such
a case.

What is *missing* is tolerated; what is *wrong* is not: a value that is there but invalid
(an amount "TBD", a bad exhibit id) stops ``check`` and ``docket`` just as it stops
``validate``, because a wrong value may be a wrong date.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..caseio import implausible_dates, load_raw, parse_case, problems_from_validation
from ..errors import CaseError, Problem, format_path
from ..model import Case, DraftCase
from .validate import date_problems

# Key paths the deadlines are computed from: a problem here (missing or wrong) stops them.
DEADLINE_KEYS = ("claimgen", "incident", "incident.date", "incident.state", "claim")
_MISSING = {"missing", "too_short", "string_too_short"}
_MAX_PRUNES = 12  # each pass removes at least one incomplete part; a case has few nesting levels


@dataclass
class DeadlineCase:
    """A case read at the deadline-only level."""

    case: Case
    warnings: list[Problem] = field(default_factory=list)
    missing: list[Problem] = field(default_factory=list)  # what the documents still need, by key path

    @property
    def complete(self) -> bool:
        return not self.missing

    def missing_paths(self) -> list[str]:
        return list(dict.fromkeys(p.path or "(the whole file)" for p in self.missing))


def _loc(err: Mapping[str, Any]) -> tuple:
    """The error's location as real keys and indexes (pydantic's internal tags dropped)."""
    return tuple(part for part in err["loc"] if isinstance(part, int) or "[" not in str(part))


def _blocks_deadlines(loc: tuple) -> bool:
    """True where a problem at ``loc`` touches what the deadlines are counted from."""
    dotted = ".".join(str(p) for p in loc if not isinstance(p, int))
    return (
        not loc
        or any(dotted == k or dotted.startswith(k + ".") for k in DEADLINE_KEYS if k != "incident")
        or (dotted == "incident")
    )


def _prune(data: dict, locs: list[tuple]) -> None:
    """Remove the incomplete parts at ``locs`` (each the object that lacks a key) from ``data``."""
    lists: dict[int, tuple[list, set[int]]] = {}
    for loc in locs:
        parent: Any = data
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        key = loc[-1]
        if isinstance(parent, dict):
            parent.pop(key, None)
        elif isinstance(parent, list) and isinstance(key, int):
            lists.setdefault(id(parent), (parent, set()))[1].add(key)
    for seq, drop in lists.values():
        for index in sorted(drop, reverse=True):
            if index < len(seq):
                del seq[index]


def parse_for_deadlines(raw: Any, file: str, today: dt.date | None = None) -> DeadlineCase:
    """Validate plain case data at the deadline-only level; raise CaseError if the deadlines cannot be counted."""
    if not isinstance(raw, dict):
        parse_case(raw, file)  # raises the usual one-line message for a list, a scalar, an empty file
    implausible = implausible_dates(raw)  # a year like 9999 would overflow the deadline arithmetic
    if implausible:
        raise CaseError(file, implausible)
    try:
        case: Case = Case.model_validate(raw)
        missing: list[Problem] = []
    except ValidationError as exc:
        missing = problems_from_validation(exc, raw)
        case = _draft(raw, file)
    except RecursionError:
        raise CaseError(file, [Problem("", "nesting is too deep")]) from None
    dates = date_problems(case, today)
    errors = [p for p in dates if p.severity == "error"]
    if errors:
        raise CaseError(file, errors)
    return DeadlineCase(case, [p for p in dates if p.severity == "warning"], missing)


def _draft(raw: dict, file: str) -> DraftCase:
    """The case as a :class:`DraftCase`, with incomplete parts that the deadlines do not read left out."""
    data = raw
    for _ in range(_MAX_PRUNES):
        try:
            return DraftCase.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            prunable = [
                _loc(e)
                for e in errors
                if e.get("type") in _MISSING and len(_loc(e)) >= 2 and not _blocks_deadlines(_loc(e))
            ]
            if len(prunable) != len(errors):
                skip = {format_path(loc) for loc in prunable}
                problems = problems_from_validation(exc, data)
                raise CaseError(file, [p for p in problems if p.path not in skip] or problems) from None
            if data is raw:
                data = copy.deepcopy(raw)
            # a missing key: leave out the object that lacks it (a representative without a
            # capacity, an exhibit without a hash); an empty list or text: leave it out itself
            _prune(
                data,
                [
                    loc[:-1] if e_missing else loc
                    for loc, e_missing in ((_loc(e), e.get("type") == "missing") for e in errors)
                ],
            )
        except RecursionError:
            raise CaseError(file, [Problem("", "nesting is too deep")]) from None
    raise CaseError(file, [Problem("", "too many unfinished parts to read the deadlines")])


def load_for_deadlines(path: Path, today: dt.date | None = None) -> DeadlineCase:
    """Read a case file at the deadline-only level (see the module docstring)."""
    path = Path(path)
    return parse_for_deadlines(load_raw(path), str(path), today)


def report(loaded: DeadlineCase, as_of: dt.date):
    """The deadline report of a case read at this level; a half-finished case says what it lacks."""
    from .deadlines import compute

    return compute(loaded.case, as_of, missing=loaded.missing_paths())
