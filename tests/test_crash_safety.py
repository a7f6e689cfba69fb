"""Crash safety: a killed build or save never leaves a half-written packet or case file.

The packet is rendered into a private staging folder and swapped into OUTDIR in
one step (fsutil.replace_dir); a case file is written to a temp file, fsynced and
renamed (fsutil.atomic_write_bytes). These tests kill the real processes with
SIGKILL at seeded random moments, and also stop a build at chosen points of the
swap (a forked child that ``os._exit``s there), then check what is on disk
against the manifest's sha256 of every file. The builds killed at random moments are
children forked from this process once it has loaded the renderers, running
``claimgen build`` through ``cli.main``: every moment of the random range falls inside
the build itself, not in the start-up imports that a new Python would spend half its
time on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import AS_OF, verify_packet

KILLS = 15
SEED = 8  # deterministic delays


def _start(*args: str, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("CLAIMGEN_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "claimgen", *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _timed_build(case: Path, outdir: Path, as_of: str) -> float:
    start = time.perf_counter()
    proc = _start("build", str(case), "-o", str(outdir), "--as-of", as_of, cwd=case.parent)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    return time.perf_counter() - start


def _siblings(outdir: Path) -> list[str]:
    """Staging or set-aside folders left beside OUTDIR."""
    return sorted(p.name for p in outdir.parent.iterdir() if p.name.startswith(f".{outdir.name}."))


@pytest.fixture
def small_case(demo_case) -> Path:
    """The demo case cut to one claimant: every renderer runs, each build is quicker."""
    import yaml

    raw = yaml.safe_load(demo_case.read_text(encoding="utf-8"))
    raw["claimants"] = raw["claimants"][:1]
    raw["evidence"] = raw["evidence"][:2]
    raw["evidence"][0]["supports"] = ["c1", "box-8"]
    demo_case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return demo_case


def _fork_build(case: Path, outdir: Path, as_of: str) -> int:
    """Fork a child that runs ``claimgen build`` (``cli.main``) and exits with its status; return its pid."""
    pid = os.fork()
    if pid == 0:  # child: never returns to pytest
        status = 99
        try:
            from claimgen import cli

            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                status = cli.main(["build", str(case), "-o", str(outdir), "--as-of", as_of])
        finally:
            os._exit(status)
    return pid


def _wait_ok(pid: int) -> None:
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the forked build failed"


def test_sigkill_build_leaves_old_or_new_packet(small_case, tmp_path):
    from claimgen import packet

    demo_case = small_case
    outdir = tmp_path / "packet"
    days = [(dt.date.fromisoformat(AS_OF) + dt.timedelta(days=i)).isoformat() for i in range(KILLS + 1)]
    packet.build(demo_case, tmp_path / "warm", dt.date.fromisoformat(AS_OF))  # the renderers, loaded before forking
    start = time.perf_counter()
    _wait_ok(_fork_build(demo_case, outdir, days[0]))
    duration = time.perf_counter() - start
    complete = verify_packet(outdir)["as_of"]
    rng = random.Random(SEED)
    outcomes = {"old": 0, "new": 0}
    for i in range(1, KILLS + 1):
        pid = _fork_build(demo_case, outdir, days[i])
        time.sleep(rng.uniform(0.1, 1.1) * duration)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        manifest = verify_packet(outdir)  # complete, every file matching its sha256
        assert manifest["as_of"] in (complete, days[i]), f"kill {i}: a packet from neither build"
        outcomes["old" if manifest["as_of"] == complete else "new"] += 1
        complete = manifest["as_of"]
        assert oct(outdir.stat().st_mode & 0o777) == "0o700"
    # The next build cleans up whatever the killed ones left beside OUTDIR.
    _timed_build(demo_case, outdir, days[0])
    assert verify_packet(outdir)["as_of"] == days[0]
    assert _siblings(outdir) == []
    assert sum(outcomes.values()) == KILLS


def _build_dies_at(demo_case: Path, outdir: Path, as_of: dt.date, patch) -> None:
    """Fork; in the child, ``patch()`` arranges an ``os._exit`` at some point, then build runs."""
    pid = os.fork()
    if pid == 0:  # child: never returns to pytest
        try:
            patch()
            from claimgen import packet

            packet.build(demo_case, outdir, as_of)
            os._exit(0)
        except BaseException:  # noqa: BLE001 - any escape is a test failure, reported by the code
            os._exit(99)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 137, "the child did not reach the point where it should die"


def _die(*_a, **_k):
    os._exit(137)


def _die_on_call(module, name: str, nth: int = 1):
    """Replace module.name so that its nth call kills the process (earlier calls go through)."""
    real = getattr(module, name)
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth:
            os._exit(137)
        return real(*args, **kwargs)

    setattr(module, name, wrapper)


@pytest.mark.parametrize(
    "point",
    [
        "before-manifest",
        "before-swap",
        "after-swap-before-cleanup",
        "fallback-between-renames",
        "fallback-before-cleanup",
    ],
)
def test_build_killed_at_each_step_of_the_swap(point, demo_case, tmp_path):
    from claimgen import fsutil, packet

    outdir = tmp_path / "packet"
    old_day, new_day = dt.date(2026, 11, 22), dt.date(2026, 11, 23)
    packet.build(demo_case, outdir, old_day)
    old = verify_packet(outdir)

    def patch():
        if point == "before-manifest":
            _die_on_call(packet, "manifest_bytes")
        elif point == "before-swap":
            _die_on_call(packet, "replace_dir")
        elif point == "after-swap-before-cleanup":
            _die_on_call(fsutil.shutil, "rmtree")
        else:  # no renameat2 (macOS, old kernels, some file systems): rename aside, then rename in
            fsutil._renameat2_exchange = lambda a, b: False
            if point == "fallback-between-renames":
                _die_on_call(fsutil.os, "rename", nth=2)
            else:
                _die_on_call(fsutil.shutil, "rmtree")

    _build_dies_at(demo_case, outdir, new_day, patch)

    if point in ("before-manifest", "before-swap"):
        assert verify_packet(outdir) == old
    elif point == "fallback-between-renames":
        # The only window without renameat2: OUTDIR is set aside; the next run puts it back.
        assert not outdir.exists()
        fsutil.recover_dir(outdir)
        assert verify_packet(outdir) == old
    else:
        assert verify_packet(outdir)["as_of"] == new_day.isoformat()
    # Whatever was left beside OUTDIR goes away on the next build, which succeeds.
    packet.build(demo_case, outdir, new_day)
    assert verify_packet(outdir)["as_of"] == new_day.isoformat()
    assert _siblings(outdir) == []


def test_concurrent_builds_do_not_break_each_other(small_case, tmp_path):
    """Two builds into one OUTDIR at once: both succeed and OUTDIR is one complete packet."""
    from claimgen import packet

    demo_case = small_case
    outdir = tmp_path / "packet"
    packet.build(demo_case, outdir, dt.date.fromisoformat(AS_OF))
    pids = [_fork_build(demo_case, outdir, AS_OF) for _ in range(2)]
    for pid in pids:
        _wait_ok(pid)
    verify_packet(outdir)
    assert _siblings(outdir) == []


def test_build_leaves_a_running_builds_staging_alone(demo_case, tmp_path):
    """A build must not delete the staging folder of another build that is still running."""
    from claimgen import packet

    outdir = tmp_path / "packet"
    packet.build(demo_case, outdir, dt.date(2026, 11, 22))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".packet.new-{sleeper.pid}-abc123"
        live.mkdir()
        (live / "sf95-c1.pdf").write_bytes(b"half-rendered")
        dead = tmp_path / ".packet.new-999999999-abc123"  # no such process
        dead.mkdir()
        packet.build(demo_case, outdir, dt.date(2026, 11, 23))
        assert live.is_dir() and (live / "sf95-c1.pdf").read_bytes() == b"half-rendered"
        assert not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# ---------------------------------------------------------------- saves of the case file


def _fork_save(case: Path, lines: int, witnesses: int) -> int:
    """Fork a child that saves a big version of the case with ``caseio.save_raw``; return its pid."""
    pid = os.fork()
    if pid == 0:  # child: never returns to pytest
        status = 99
        try:
            from claimgen import caseio

            raw = caseio.load_raw(case)
            raw["incident"]["narrative"] = "new narrative\n" * lines
            raw["witnesses"] = [{"name": f"Witness {i}", "saw": "x" * 200} for i in range(witnesses)]
            caseio.save_raw(case, raw)
            status = 0
        finally:
            os._exit(status)
    return pid


def test_sigkill_during_save_keeps_previous_case_file(demo_case, tmp_path):
    """Kill ``caseio.save_raw`` (the one writer of case files) while it serializes and writes a big case."""
    from claimgen import caseio

    original = demo_case.read_bytes()
    caseio.save_raw(tmp_path / "warm.yaml", caseio.load_raw(demo_case))  # the YAML writer, loaded before forking
    start = time.perf_counter()
    _wait_ok(_fork_save(demo_case, 60000, 100))
    duration = time.perf_counter() - start
    saved = demo_case.read_bytes()
    assert saved != original and len(saved) > 800_000
    demo_case.write_bytes(original)
    rng = random.Random(SEED)
    seen = set()
    for _ in range(6):
        pid = _fork_save(demo_case, 60000, 100)
        time.sleep(rng.uniform(0.1, 1.05) * duration)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        now = demo_case.read_bytes()
        assert now in (original, saved), "a killed save left a half-written case file"
        seen.add(now == saved)
        demo_case.write_bytes(original)
    leftovers = [p.name for p in demo_case.parent.iterdir() if p.name.startswith(".case.yaml.")]
    for name in leftovers:  # temp files of killed saves stay private
        assert oct((demo_case.parent / name).stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_save_killed_at_each_step_keeps_previous_case_file(step, demo_case):
    """Die inside atomic_write_bytes before, during and right at the rename: the old file stays whole."""
    from claimgen import caseio, fsutil

    original = demo_case.read_bytes()
    pid = os.fork()
    if pid == 0:
        try:
            target = {"write": (fsutil.os, "fdopen"), "fsync": (fsutil.os, "fsync"), "replace": (fsutil.os, "replace")}[
                step
            ]
            _die_on_call(*target)
            caseio.update_case(demo_case, lambda tree: tree["incident"].__setitem__("narrative", "changed\n"))
            os._exit(0)
        except BaseException:  # noqa: BLE001
            os._exit(99)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 137
    assert demo_case.read_bytes() == original
    caseio.update_case(demo_case, lambda tree: tree["incident"].__setitem__("narrative", "changed\n"))
    assert caseio.load_case(demo_case).incident.narrative == "changed\n"


def test_sigkill_evidence_add_keeps_previous_case_file(demo_case):
    """Kill ``evidence add`` while it hashes a big file and saves: the case file is old or complete."""
    if not (Path(__file__).parent.parent / "claimgen" / "commands" / "evidence.py").exists():
        pytest.skip("claimgen evidence add has not landed yet")
    big = demo_case.parent / "evidence" / "big.bin"
    with big.open("wb") as fh:
        block = os.urandom(1 << 20)
        for _ in range(64):
            fh.write(block)
    original = demo_case.read_bytes()
    args = [
        sys.executable,
        "-m",
        "claimgen",
        "evidence",
        "add",
        str(demo_case),
        str(big),
        "--description",
        "porch camera",
        "--source",
        "neighbour",
        "--custodian",
        "counsel",
    ]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    duration = time.perf_counter() - start
    added = demo_case.read_bytes()
    assert b"big.bin" in added
    rng = random.Random(SEED)
    for _ in range(6):
        demo_case.write_bytes(original)
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.05) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = demo_case.read_bytes()
        assert now == original or b"big.bin" in now, "a killed evidence add left a half-written case file"
        from claimgen.caseio import load_case

        load_case(demo_case)  # parses: complete either way
