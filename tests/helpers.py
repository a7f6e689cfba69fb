"""Test helpers: drive the CLI as a user would, on copies of the examples.

Tests import these from here (``from helpers import run_cli``), never from another test
file or from conftest. ``run_cli`` calls ``claimgen.cli.main(argv)`` in the test's own
process, as sqlite-utils' CliRunner does: the same parser, the same exit statuses, the
same output, without starting a Python for every command. ``run_cli_process`` starts
``python -m claimgen`` for the tests where the process itself is under test (signals,
start-up imports, the file-mode mask, a real terminal).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
# Fixtures kept outside the repository (the fillable SF-95 re-creation): beside the clone, or CLAIMGEN_SHARED.
SHARED = Path(os.environ.get("CLAIMGEN_SHARED") or ROOT.parent / "shared")
AS_OF = "2026-11-22"


@dataclass
class Result:
    """What a command did: like subprocess.CompletedProcess (text output)."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


class _Text(io.StringIO):
    """A captured stream that is not a terminal and has a byte buffer, like a pipe."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = io.BytesIO()

    def isatty(self) -> bool:
        return False

    def getvalue(self) -> str:
        return super().getvalue() + self.buffer.getvalue().decode("utf-8", "replace")


@contextlib.contextmanager
def _environment(env: dict[str, str]):
    saved = dict(os.environ)
    os.environ.pop("CLAIMGEN_DEBUG", None)
    os.environ.update({k: str(v) for k, v in env.items()})
    if "TZ" in env:
        time.tzset()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        if "TZ" in env:
            time.tzset()


def run_cli(*args: object, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
            timeout: float = 120) -> Result:
    """Run ``claimgen ARGS`` through ``cli.main`` in this process and capture its output.

    ``cwd`` and ``env`` apply while it runs and are restored after; ``input`` is standard input
    (empty when not given: never the test runner's). The interview's language is put back to
    English afterwards, as a new process would start. ``timeout`` is accepted for the same
    calls as :func:`run_cli_process` and not enforced.
    """
    from claimgen import cli
    from claimgen.interview import i18n

    argv = [str(a) for a in args]
    out, err = _Text(), _Text()
    stdin = io.StringIO(input or "")
    saved_cwd = os.getcwd()
    with _environment(env or {}):
        if cwd is not None:
            os.chdir(cwd)
        saved_stdin = sys.stdin
        sys.stdin = stdin
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    status = cli.main(argv)
                except SystemExit as exc:  # argparse: --help, --version, a usage error
                    status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        finally:
            sys.stdin = saved_stdin
            os.chdir(saved_cwd)
            i18n.setup("en")
    return Result(argv, status, out.getvalue(), err.getvalue())


def run_cli_process(*args: object, cwd: Path | None = None, env: dict | None = None, input: str | None = None,
                    timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``python -m claimgen ARGS`` in a child process and capture its output (text)."""
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


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under ``root`` -> (mode, content): proves that nothing was written."""
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
    outdir = Path(outdir)
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    named = {f["path"] for f in manifest["files"]}
    present = {str(p.relative_to(outdir)) for p in outdir.rglob("*") if p.is_file()}
    assert present == named | {"manifest.json"}, f"packet holds {sorted(present)}, manifest names {sorted(named)}"
    for f in manifest["files"]:
        digest = hashlib.sha256((outdir / f["path"]).read_bytes()).hexdigest()
        assert digest == f["sha256"], f"{f['path']} does not match its manifest sha256"
    return manifest
