"""One module per CLI command: ``run(args) -> exit status``."""

from __future__ import annotations

import datetime as dt


def as_of(args) -> dt.date:
    """``--as-of`` or today; with ``--as-of`` nothing depends on the clock."""
    return getattr(args, "as_of", None) or dt.date.today()


def collect_less_often() -> None:
    """Run the cyclic garbage collector less often, for a command that builds a packet and exits.

    A build allocates some hundred thousand objects that live to the end (imported modules,
    pydantic schemas, parsed fonts and templates) and almost no reference cycles (about two
    thousand on the demo): with Python's default thresholds the collector walked the
    survivors again and again, a tenth of a build's time. Cycles are still collected.
    """
    import gc

    gc.set_threshold(10_000, 10, 10)
