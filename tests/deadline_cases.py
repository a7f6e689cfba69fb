"""Cases for the deadline tests: a minimal valid case built in code, with its claim dates."""

from __future__ import annotations

import datetime as dt

from claimgen.caseio import parse_case

D = dt.date.fromisoformat


AS_OF = D("2026-11-22")


def make(incident: str = "2025-06-14", state: str = "MN", agencies=("ICE",), claimants=None, **claim):
    """A minimal valid case; ``claim`` keys go under ``claim:`` (dates as ISO strings)."""
    raw = {
        "claimgen": 1,
        "incident": {
            "date": incident,
            "state": state,
            "agencies": list(agencies),
            "conduct": ["excessive_force"],
            "narrative": "Officers forced the door.",
        },
        "claimants": claimants or [{"id": "c1", "name": "Ana Pérez", "damages": {"personal_injury": 1000}}],
        "claim": claim,
    }
    return parse_case(raw, "t.yaml")
