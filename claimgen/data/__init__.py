"""Legal facts kept as data beside the code.

Each YAML file here holds rows that carry their citation, a tag (P primary-verified,
S secondary, U unverified) and the day they were last checked. Code reads them
through these helpers and never hard-codes a period, an address or a citation.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

TAG_MEANING = {"P": "primary-verified", "S": "secondary source", "U": "unverified — verify"}


@cache
def load(name: str) -> Any:
    """Parse ``claimgen/data/<name>.yaml`` (cached; the files never change at run time)."""
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    # libyaml's safe loader when present: the tables are read by every command (~4x faster).
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


@cache
def agencies() -> dict[str, dict]:
    """Agency directory keyed by its short key (ICE, CBP, ...)."""
    return {row["key"]: row for row in load("agencies")["agencies"]}


@cache
def states() -> dict[str, dict]:
    """State table keyed by USPS code (50 states, DC and the territories)."""
    return {row["code"]: row for row in load("states")["states"]}


def needs_verify(tag: str | None) -> bool:
    """True where the documents must tell the reader to verify the item."""
    return tag not in ("P", "S")


@cache
def authorities() -> dict[str, dict]:
    """Every statute, regulation and case claimgen cites, keyed by a short id."""
    return {row["key"]: row for row in load("authorities")["authorities"]}


def authority(key: str) -> dict:
    """One authority row; a KeyError here is a bug (a citation used but not in the data)."""
    return authorities()[key]


def cite(key: str) -> str:
    """The citation as documents print it, with "[verify]" where the reference marks it unverified."""
    row = authority(key)
    return row["cite"] + (" [verify]" if needs_verify(row.get("tag")) else "")


def status_word(kind: str, status: str) -> str:
    """The word printed for a deadline's status (``deadlines.yaml`` ``status_words``), by kind.

    ``kind`` is ``last_day`` or ``first_day``; an unknown status is printed as it is.
    """
    words = load("deadlines")["status_words"]
    return words.get(kind, words["last_day"]).get(status, status)


@cache
def conduct() -> dict[str, dict]:
    """The ``incident.conduct`` vocabulary (docs/case-file.md), with plain labels."""
    return {row["key"]: row for row in load("conduct")["conduct"]}
