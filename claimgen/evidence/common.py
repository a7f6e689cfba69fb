"""Small pieces shared by intake, verification and custody: paths, people, time, errors."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import unicodedata
from pathlib import Path

from ..errors import CaseError, Problem


class EvidenceInputError(CaseError):
    """Bad input about several files at once: each line names its own file."""

    def __init__(self, entries: list[tuple[str, Problem]]):
        super().__init__(entries[0][0] if entries else "", [p for _, p in entries])
        self.entries = entries

    def lines(self) -> list[str]:
        return [p.line(f) for f, p in self.entries]


def now_utc() -> str:
    """The present moment, UTC, to the second, ISO 8601 with its offset (timezone-aware)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def os_user() -> str:
    """Who is at the keyboard, for a custody event when nobody is named."""
    try:
        return getpass.getuser() or "unknown user"
    except Exception:  # noqa: BLE001 - no user database (containers)
        return "unknown user"


def resolve_evidence_path(stored: str, case_dir: Path) -> Path:
    """A stored evidence path (relative to the case folder, or absolute) as a path to open."""
    p = Path(stored)
    return p if p.is_absolute() else Path(case_dir) / p


def control_chars(text: str) -> list[str]:
    """Control characters (tab and newline included) — not allowed in file names we register."""
    return sorted({c for c in text if unicodedata.category(c) == "Cc"})


def case_folder(case_path: Path) -> Path:
    return Path(os.path.abspath(Path(case_path).parent))


def _deepest_last(node):
    """(container, key) holding the comment slot after ``node``'s last value (block style only)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    holder = (None, None)
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        key = list(node.keys())[-1] if isinstance(node, CommentedMap) else len(node) - 1
        holder = (node, key)
        node = node[key]
    return holder


def append_keeping_layout(seq, item) -> None:
    """Append ``item`` to a round-trip sequence, moving the blank lines or comments that
    followed the old last entry (ruamel keeps them on its deepest last value) after the new one."""
    from ruamel.yaml.comments import CommentedMap

    old_holder, old_key = _deepest_last(seq) if len(seq) else (None, None)
    token = None
    if old_holder is not None:
        slot = 2 if isinstance(old_holder, CommentedMap) else 0
        entry = old_holder.ca.items.get(old_key)
        if entry and len(entry) > slot and entry[slot] is not None:
            token = entry[slot]
            entry[slot] = None
    seq.append(item)
    if token is not None:
        new_holder, new_key = _deepest_last(seq)
        if new_holder is None:
            return
        slot = 2 if isinstance(new_holder, CommentedMap) else 0
        entry = new_holder.ca.items.setdefault(new_key, [None, None, None, None])
        entry[slot] = token
