"""Fixtures shared by the tests (helpers to import live in tests/helpers.py, not here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_example, run_cli


@pytest.fixture
def cli():
    """Run ``claimgen ARGS`` in this process (``helpers.run_cli``)."""
    return run_cli


@pytest.fixture
def demo_case(tmp_path) -> Path:
    """A private copy of the demo case (Minneapolis household) that a test may change."""
    return copy_example("minneapolis-home-entry", tmp_path)
