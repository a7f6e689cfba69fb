"""One module per CLI command: ``run(args) -> exit status``."""

from __future__ import annotations

import datetime as dt


def as_of(args) -> dt.date:
    """``--as-of`` or today; with ``--as-of`` nothing depends on the clock."""
    return getattr(args, "as_of", None) or dt.date.today()
