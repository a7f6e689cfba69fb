"""How a build writes its packet: every file on disk before the swap, no child processes.

The files of a packet are flushed (fsync) by a background thread while the build goes on
rendering; the folder may be swapped into place only once all of them are on disk. The
atomic swap (Linux ``renameat2``) is found without ``ctypes.util.find_library``, which runs
``ldconfig`` in a child process on every rebuild.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

import claimgen
from claimgen import fsutil, packet

AS_OF = dt.date(2026, 11, 22)


def test_every_packet_file_is_flushed_before_the_swap(tmp_path, monkeypatch):
    flushed: set[int] = set()
    real_fsync = os.fsync

    def recording_fsync(fd):
        flushed.add(os.fstat(fd).st_ino)
        real_fsync(fd)

    seen_at_swap: dict[str, int] = {}
    real_replace = packet.replace_dir

    def checking_replace(new, target):
        for root, _dirs, files in os.walk(new):
            for name in files:
                path = os.path.join(root, name)
                seen_at_swap[os.path.relpath(path, new)] = os.stat(path).st_ino
        real_replace(new, target)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(packet, "replace_dir", checking_replace)
    case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    manifest = claimgen.build(case, tmp_path / "packet", as_of=AS_OF)

    assert {f["path"] for f in manifest["files"]} | {"manifest.json"} == set(seen_at_swap)
    not_flushed = sorted(rel for rel, ino in seen_at_swap.items() if ino not in flushed)
    assert not_flushed == [], f"swapped in before these were on disk: {not_flushed}"


def test_a_failed_flush_fails_the_build_and_leaves_the_old_packet(tmp_path, monkeypatch):
    case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    out = tmp_path / "packet"
    claimgen.build(case, out, as_of=AS_OF)
    before = sorted(p.name for p in out.iterdir())

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output error"):
        claimgen.build(case, out, as_of=dt.date(2026, 12, 1))
    assert sorted(p.name for p in out.iterdir()) == before
    assert '"as_of": "2026-11-22"' in (out / "manifest.json").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["packet"], "the staging folder was left behind"


def test_background_flush_reports_the_first_error_and_closes_every_file(tmp_path):
    flush = fsutil.BackgroundFlush()
    read_end, write_end = os.pipe()  # fsync on a pipe fails (EINVAL)
    good = os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT, 0o600)
    flush.add(write_end)
    flush.add(good)
    with pytest.raises(OSError):
        flush.wait()
    for fd in (write_end, good):
        with pytest.raises(OSError):
            os.fstat(fd)  # closed
    os.close(read_end)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_rebuild_swaps_atomically_without_a_child_process(tmp_path, monkeypatch):
    assert fsutil._renameat2() is not None, "renameat2 not found in the running process's C library"
    case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    out = tmp_path / "packet"
    claimgen.build(case, out, as_of=AS_OF)

    def no_child(*args, **kwargs):
        raise AssertionError(f"a build started a child process: {args[:1]}")

    monkeypatch.setattr(subprocess.Popen, "__init__", no_child)
    exchanged = []
    real = fsutil._renameat2_exchange
    monkeypatch.setattr(fsutil, "_renameat2_exchange", lambda a, b: exchanged.append(real(a, b)) or exchanged[-1])
    claimgen.build(case, out, as_of=dt.date(2026, 12, 1))
    assert exchanged == [True]
    assert '"as_of": "2026-12-01"' in (out / "manifest.json").read_text(encoding="utf-8")
