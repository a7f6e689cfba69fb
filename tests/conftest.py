"""Shared test helpers: drive the CLI as a user would, on copies of the examples."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
SHARED = ROOT.parent / "shared"
AS_OF = "2026-11-22"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``python -m claimgen ARGS`` in a subprocess and capture its output (text)."""
    full_env = dict(os.environ)
    full_env.pop("CLAIMGEN_DEBUG", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "claimgen", *map(str, args)],
        cwd=cwd, env=full_env, input=input, capture_output=True, text=True, timeout=timeout,
    )


def copy_example(name: str, dest: Path) -> Path:
    """Copy examples/<name>/ (case.yaml and evidence) into ``dest``; return the case path."""
    target = dest / name
    shutil.copytree(EXAMPLES / name, target)
    return target / "case.yaml"


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def demo_case(tmp_path) -> Path:
    """A private copy of the demo case (Minneapolis household) that a test may change."""
    return copy_example("minneapolis-home-entry", tmp_path)
