"""Reliability (docs/reliability.md): no input, file or environment gives exit 3 or a traceback.

Each reproduction of the probe is fed here: a file truncated while it is hashed
(SIGBUS through the memory-mapped path), a NUL in an evidence path, ``--at`` with a
seconds offset, a bad SOURCE_DATE_EPOCH, a full disk and a read-only file system while
writing, and a terminal that cannot show the names.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from claimgen import fsutil
from claimgen.cli import main
from claimgen.evidence import hashing
from interview_cases import SHORT_ANSWERS_YAML as ANSWERS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "claimgen" / "examples" / "minneapolis-home-entry"
AS_OF = "2026-11-22"


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def clean(code: int, err: str) -> bool:
    return code != 3 and "Traceback" not in err and "internal error" not in err


@pytest.fixture
def case(tmp_path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "case")
    return tmp_path / "case" / "case.yaml"


# ---------------------------------------------------------------- item 6: truncated while hashed


TRUNCATE_WHILE_HASHING = """
import os, sys
from claimgen.evidence import hashing
path = sys.argv[1]
def shrink(n, done=[]):
    if not done:
        done.append(n)
        os.truncate(path, 4096)  # the recording is cut short while we read it
try:
    hashing.hash_file(path, shrink)
except hashing.ChangedWhileReading as exc:
    print("refused:", exc)
"""


def test_a_file_truncated_while_hashed_is_reported_not_a_sigbus(tmp_path):
    big = tmp_path / "video.mp4"
    with open(big, "wb") as fh:
        fh.write(os.urandom(1 << 20) * 24)  # 24 MiB: the size that used to be memory-mapped
    done = subprocess.run(
        [sys.executable, "-c", TRUNCATE_WHILE_HASHING, str(big)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode != -signal.SIGBUS, "killed by SIGBUS"
    assert done.returncode == 0, done.stderr
    assert "refused: the file changed while it was read" in done.stdout


def test_verify_reports_a_file_that_changed_while_it_was_read(case, monkeypatch):
    from claimgen.evidence import verify as verify_module

    def changing(path, progress=None):
        raise hashing.ChangedWhileReading(hashing.CHANGED_WHILE_READ)

    monkeypatch.setattr(verify_module, "hash_file", changing)
    code, _out, err = run("evidence", "verify", case)
    assert code == 1 and clean(code, err)
    assert "the file changed while it was read" in err


def test_hashing_changes_no_process_wide_state(tmp_path):
    before = sys.getswitchinterval()
    f = tmp_path / "f.bin"
    f.write_bytes(os.urandom(3 * hashing.CHUNK + 1))
    hashing.prefetch([f])
    hashing._prefetched[os.path.realpath(f)].done.wait(10)
    hashing.hash_file(f)
    assert sys.getswitchinterval() == before


# ---------------------------------------------------------------- item 8: inputs that gave exit 3


def test_a_nul_in_an_evidence_path_at_verify(case):
    text = case.read_text(encoding="utf-8")
    case.write_text(
        text.replace("path: evidence/statement-maria-ramirez.txt", 'path: "evidence/statement\\0.txt"', 1),
        encoding="utf-8",
    )
    code, _out, err = run("evidence", "verify", case)
    assert clean(code, err) and code in (1, 2), err
    assert "NUL" in err


@pytest.mark.parametrize(
    "at", ["2025-06-20T14:03:00+05:00:30", "2025-06-20T14:03:00-04:59:59", "0001-01-01T00:00:00+14:00"]
)
def test_evidence_log_at_with_a_seconds_offset_or_year_1(case, at):
    before = case.read_bytes()
    code, _out, err = run("evidence", "log", case, "E-001", "--action", "copied", "--by", "me", "--at", at)
    assert code == 2 and clean(code, err) and "--at" in err
    assert case.read_bytes() == before


@pytest.mark.parametrize("value", ["abc", "1e9", "-5", "99999999999999999999", "9" * 5000, "１２３", "253402300800"])
def test_a_bad_source_date_epoch_is_a_usage_error(case, tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for argv in (
        ["build", case, "-o", tmp_path / "packet", "--as-of", AS_OF],
        ["check", case, "--as-of", AS_OF, "--ics", tmp_path / "d.ics"],
    ):
        code, _out, err = run(*argv)
        assert code == 2 and clean(code, err) and "SOURCE_DATE_EPOCH" in err
    assert not (tmp_path / "packet").exists()


@pytest.mark.parametrize("value", ["0", "253402300799"])
def test_source_date_epoch_at_its_limits_builds(case, tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    code, _out, err = run("build", case, "-o", tmp_path / "packet", "--as-of", AS_OF)
    assert code == 0 and clean(code, err), err


# ---------------------------------------------------------------- a full disk, a read-only file system


class _Failing:
    """A file object whose write fails the way a full disk or a read-only mount does."""

    def __init__(self, fh, error: int) -> None:
        self.fh, self.error = fh, error

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def write(self, data):
        raise OSError(self.error, os.strerror(self.error))

    def __getattr__(self, name):
        return getattr(self.fh, name)


def _fail_writes(monkeypatch, error: int) -> None:
    real = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real(fd, mode, *args, **kwargs)
        return _Failing(fh, error) if "w" in mode else fh

    monkeypatch.setattr(fsutil.os, "fdopen", fdopen)


WRITERS = {
    "build": lambda case, tmp: ["build", case, "-o", tmp / "packet", "--as-of", AS_OF],
    "evidence add": lambda case, tmp: ["evidence", "add", case, tmp / "new.txt", "--by", "me"],
    "evidence log": lambda case, tmp: ["evidence", "log", case, "E-001", "--action", "copied", "--by", "me"],
    "check --ics": lambda case, tmp: ["check", case, "--as-of", AS_OF, "--ics", tmp / "d.ics"],
    "interview": lambda case, tmp: [
        "interview",
        tmp / "fresh.yaml",
        "--answers",
        tmp / "answers.yaml",
        "--as-of",
        AS_OF,
    ],
}


@pytest.mark.parametrize("error,words", [(errno.ENOSPC, "no space left"), (errno.EROFS, "read-only file system")])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_disk_full_or_read_only_is_exit_2_with_the_reason(case, tmp_path, monkeypatch, writer, error, words):
    (tmp_path / "new.txt").write_text("a new exhibit\n")
    (tmp_path / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    before = case.read_bytes()
    _fail_writes(monkeypatch, error)
    code, _out, err = run(*WRITERS[writer](case, tmp_path))
    assert code == 2 and clean(code, err), err
    assert words in err.lower()
    assert case.read_bytes() == before, "the case file is as it was"
    assert not (tmp_path / "packet").exists() and not (tmp_path / "fresh.yaml").exists()
    assert not [p for p in tmp_path.rglob("*.tmp")], "no half-written temp file is left"


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A real 96 KiB file system (root only; skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount")):
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_build_onto_a_really_full_disk(case, tiny_tmpfs):
    code, _out, err = run("build", case, "-o", tiny_tmpfs / "packet", "--as-of", AS_OF)
    assert code == 2 and clean(code, err), err
    assert "no space left" in err
    assert not (tiny_tmpfs / "packet").exists()
    assert [p.name for p in tiny_tmpfs.iterdir()] == [], "the staging folder is removed"


# ---------------------------------------------------------------- a terminal that cannot show the names


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{case}", "--as-of", AS_OF],
        ["evidence", "verify", "{case}"],
        ["validate", "{case}"],
        ["build", "{case}", "-o", "{tmp}/packet", "--as-of", AS_OF],
    ],
)
def test_stdout_that_cannot_show_a_name_prints_a_replacement(case, tmp_path, encoding, argv):
    case.write_text(case.read_text(encoding="utf-8").replace("María", "Nguyễn Thị María"), encoding="utf-8")
    args = [a.format(case=case, tmp=tmp_path) for a in argv]
    env = {k: v for k, v in os.environ.items() if k != "CLAIMGEN_DEBUG"}
    env.update(PYTHONIOENCODING=encoding, LC_ALL="C", LANG="C")
    done = subprocess.run(
        [sys.executable, "-m", "claimgen", *map(str, args)], capture_output=True, timeout=120, env=env, cwd=ROOT
    )
    err = done.stderr.decode(encoding, "replace")
    assert done.returncode in (0, 1) and clean(done.returncode, err), err
