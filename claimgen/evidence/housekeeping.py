"""``evidence remove`` and ``evidence relink``: tidy the evidence list without losing the chain.

*Remove* takes an exhibit out of ``evidence`` and keeps it, with its chain of custody and
a final "removed" event, under ``removed_evidence``: the record of who had the file stays,
and ``evidence add`` numbers new exhibits past it, so an id is never given to another file.
An exhibit that the case still cites (a damages line, a representative's authority) is not
removed until the citation is.

*Relink* points an exhibit at its file's new place after a move, only when the file there
has exactly the registered SHA-256 and size: a different file is never passed off as the
exhibit. The custody log records the move.

Both save through :func:`claimgen.caseio.update_case` (atomic, comments and key order kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..caseio import load_raw, parse_case, update_case
from ..errors import CaseError, Problem
from .common import append_keeping_layout, case_folder, control_chars, now_utc, resolve_evidence_path

UNKNOWN_ACTOR = "unknown"


@dataclass
class Relinked:
    id: str
    old_path: str
    new_path: str
    sha256: str
    outside: bool


def custody_actor(case: Any, by: str | None) -> str:
    """Who acts, for the custody log: ``--by``, else ``interview.registered_by``, else "unknown"."""
    if by and by.strip():
        return by.strip()
    registered = (case.interview or {}).get("registered_by") if isinstance(case.interview, dict) else None
    return str(registered).strip() if registered and str(registered).strip() else UNKNOWN_ACTOR


def _check_option(name: str, value: str | None) -> list[Problem]:
    if value is not None and [c for c in control_chars(value) if c not in "\n\t"]:
        return [Problem(name, "contains control characters; remove them")]
    return []


def _citations_of(case: Any, exhibit_id: str) -> list[str]:
    """Key paths in the case that cite ``exhibit_id``."""
    out = []
    for i, c in enumerate(case.claimants):
        for j, item in enumerate(c.damages_items):
            out += [f"claimants[{i}].damages_items[{j}].evidence[{k}]" for k, ex in enumerate(item.evidence) if ex == exhibit_id]
        if c.representative is not None:
            out += [f"claimants[{i}].representative.authority_documents[{k}]"
                    for k, ex in enumerate(c.representative.authority_documents) if ex == exhibit_id]
    return out


def _find(case: Any, exhibit_id: str, file: str):
    for e in case.evidence:
        if e.id == exhibit_id:
            return e
    if any(e.id == exhibit_id for e in case.removed_evidence):
        raise CaseError(file, [Problem(exhibit_id, "was already removed (it is kept under removed_evidence)")])
    known = ", ".join(e.id for e in case.evidence[:8]) or "none"
    raise CaseError(file, [Problem(exhibit_id, f"is not a registered exhibit (known: {known}{' ...' if len(case.evidence) > 8 else ''})")])


def _event(action: str, by: str, **more: Any) -> dict[str, Any]:
    from ..model import CustodyEvent

    event: dict[str, Any] = {"action": action, "by": by, "at": now_utc()}
    event.update({k: v for k, v in more.items() if v})
    CustodyEvent.model_validate(event)  # a bug here must never reach the case file
    return event


def _entry_of(tree: Any, exhibit_id: str, file: str) -> tuple[Any, int]:
    seq = tree.get("evidence")
    for index, item in enumerate(seq if isinstance(seq, list) else []):
        if isinstance(item, dict) and item.get("id") == exhibit_id:
            return seq, index
    raise CaseError(file, [Problem(exhibit_id, "disappeared from the case file meanwhile; nothing was saved")])


def _append_custody(item: Any, event: dict[str, Any]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    chain = item.get("custody")
    if not isinstance(chain, list):
        chain = CommentedSeq()
        item["custody"] = chain
    append_keeping_layout(chain, CommentedMap(event))


def remove_exhibit(case_path: Path | str, exhibit_id: str, *, by: str | None = None, note: str | None = None) -> str:
    """Move ``exhibit_id`` to ``removed_evidence`` with a "removed" custody event; return the actor."""
    case_path = Path(case_path)
    file = str(case_path)
    case = parse_case(load_raw(case_path), file)
    problems = _check_option("--by", by) + _check_option("--note", note)
    if problems:
        raise CaseError(file, problems)
    _find(case, exhibit_id, file)
    cited = _citations_of(case, exhibit_id)
    if cited:
        raise CaseError(file, [Problem(path, f"still cites {exhibit_id}; take it out there first, then remove the exhibit")
                               for path in cited])
    actor = custody_actor(case, by)
    event = _event("removed", actor, note=note)

    def change(tree: Any) -> None:
        from ruamel.yaml.comments import CommentedSeq

        seq, index = _entry_of(tree, exhibit_id, file)
        item = seq.pop(index)
        _append_custody(item, event)
        removed = tree.get("removed_evidence")
        if not isinstance(removed, list):
            removed = CommentedSeq()
            tree["removed_evidence"] = removed
        removed.append(item)

    update_case(case_path, change)
    return actor


def relink_exhibit(case_path: Path | str, exhibit_id: str, new_path: Path | str, *, by: str | None = None) -> Relinked:
    """Point ``exhibit_id`` at ``new_path`` if that file has the registered SHA-256; log the move."""
    from .hashing import NotRegularFile, hash_file
    from .intake import stored_path

    case_path = Path(case_path)
    file = str(case_path)
    case = parse_case(load_raw(case_path), file)
    problems = _check_option("--by", by)
    if problems:
        raise CaseError(file, problems)
    exhibit = _find(case, exhibit_id, file)
    new = Path(new_path)
    shown = str(new_path)
    try:
        digest = hash_file(new)
    except NotRegularFile:
        raise CaseError(shown, [Problem("", "is not a regular file")]) from None
    except FileNotFoundError:
        raise CaseError(shown, [Problem("", "no such file")]) from None
    except OSError as exc:
        raise CaseError(shown, [Problem("", f"cannot read: {exc.strerror or exc}")]) from None
    if digest.sha256 != exhibit.sha256 or digest.size != exhibit.size:
        raise CaseError(shown, [Problem("", f"is not {exhibit_id}: its SHA-256 is {digest.sha256[:12]}… ({digest.size} bytes), "
                                            f"the registered one is {exhibit.sha256[:12]}… ({exhibit.size} bytes); "
                                            "nothing was changed (register a different file with `claimgen evidence add`)")])
    case_dir = case_folder(case_path)
    stored, outside = stored_path(new, case_dir)
    for other in case.evidence:
        if other.id != exhibit_id and other.path == stored:
            raise CaseError(shown, [Problem("", f"is already the file of {other.id}")])
    old = exhibit.path
    if resolve_evidence_path(old, case_dir).resolve() == resolve_evidence_path(stored, case_dir).resolve() and old == stored:
        return Relinked(exhibit_id, old, stored, digest.sha256, outside)  # already there: nothing to record
    event = _event("relinked", custody_actor(case, by), sha256=digest.sha256, note=f"file moved from {old} to {stored}")

    def change(tree: Any) -> None:
        seq, index = _entry_of(tree, exhibit_id, file)
        item = seq[index]
        item["path"] = stored
        _append_custody(item, event)

    update_case(case_path, change)
    return Relinked(exhibit_id, old, stored, digest.sha256, outside)
