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


# ---- helpers for hostile input, crash safety, privacy, reproducibility)


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under ``root`` -> (mode, content): proves that nothing was written."""
    import hashlib

    root = Path(root)
    out: dict[str, tuple[int, bytes]] = {}
    if not root.exists():
        return out
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        body = hashlib.sha256(p.read_bytes()).digest() if p.is_file() else b""
        out[str(p.relative_to(root))] = (st.st_mode, body)
    return out


def verify_packet(outdir: Path) -> dict:
    """Assert OUTDIR is one complete packet: exactly the manifest's files, each matching its sha256."""
    import hashlib
    import json

    outdir = Path(outdir)
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    named = {f["path"] for f in manifest["files"]}
    present = {str(p.relative_to(outdir)) for p in outdir.rglob("*") if p.is_file()}
    assert present == named | {"manifest.json"}, f"packet holds {sorted(present)}, manifest names {sorted(named)}"
    for f in manifest["files"]:
        digest = hashlib.sha256((outdir / f["path"]).read_bytes()).hexdigest()
        assert digest == f["sha256"], f"{f['path']} does not match its manifest sha256"
    return manifest
