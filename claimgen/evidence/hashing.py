"""Streaming SHA-256: one read of each file, a reusable buffer, constant memory.

Reading into one preallocated buffer and hashing with OpenSSL, which releases the
GIL on each update, runs at the speed of ``openssl dgst -sha256`` (``make bench``). The first bytes are kept from the same pass so the MIME type can
be sniffed without a second read. Files are read with ``read()``, never memory-mapped:
a file truncated while mapped ends the process with SIGBUS, while a short read is
caught and reported as "the file changed while it was read". Nothing here changes
process-wide state (no ``sys.setswitchinterval``).
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..fsutil import NotRegularFile

# 4 MiB reads: in the prefetch thread each GIL hand-over then hashes ~4 ms of data while the main
# thread imports, with Python's default switch interval (no process-wide setting is changed).
# hashlib.file_digest (fixed 256 KiB buffer) measured 1.28x `openssl dgst -sha256` on the whole
# `evidence add` of 1 GiB (benchmarks/run.py, 2026-12-06), over the 1.25x budget; this loop 1.16x.
CHUNK = 4 << 20
HEAD = 8192  # what filetype needs to recognise a format

Progress = Callable[[int], None]  # called with the number of bytes just read


@dataclass(frozen=True)
class FileDigest:
    sha256: str
    size: int  # bytes actually read
    mtime: float  # st_mtime of the open file, seconds since the epoch
    head: bytes  # the first HEAD bytes, for MIME sniffing


class ChangedWhileReading(OSError):
    """The file grew, shrank or was rewritten during the one read: its hash would describe nothing."""


CHANGED_WHILE_READ = (
    "the file changed while it was read (still being copied or recorded?); wait until it is complete and try again"
)


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass
class _Prefetched:
    done: threading.Event = field(default_factory=threading.Event)
    read: int = 0
    signature: tuple | None = None
    digest: FileDigest | None = None


_prefetched: dict[str, _Prefetched] = {}


def prefetch(paths) -> None:
    """Start hashing the regular files among ``paths`` in a background thread, at once.

    The command line calls this before the slow imports (pydantic, ruamel.yaml),
    so on a 1 GB video the reading overlaps Python's start-up. :func:`hash_file`
    uses a result only if the file's device, inode, size and mtime are unchanged;
    otherwise it hashes again. Nothing is written; a Ctrl-C simply ends the thread.
    """
    todo: list[tuple[str, _Prefetched]] = []
    for p in paths:
        try:
            if not stat.S_ISREG(os.stat(p).st_mode):
                continue
            real = os.path.realpath(p)
        except (OSError, ValueError):
            continue
        if real not in _prefetched:
            _prefetched[real] = entry = _Prefetched()
            todo.append((real, entry))
    if not todo:
        return

    def work() -> None:
        for real, entry in todo:
            try:

                def count(n: int, entry: _Prefetched = entry) -> None:
                    entry.read += n

                entry.digest = _hash(real, count, entry)
            except OSError:
                entry.digest = None  # hash_file will try again and report the error itself
            finally:
                entry.done.set()

    threading.Thread(target=work, name="claimgen-prefetch-hash", daemon=True).start()


def forget(paths) -> None:
    """Drop the background results of ``paths`` that were not used (a command stopped before
    hashing them), so nothing is left for a later command in the same process."""
    for p in paths:
        try:
            _prefetched.pop(os.path.realpath(p), None)
        except (OSError, ValueError):
            continue


def _from_prefetch(path: Path | str, progress: Progress | None) -> FileDigest | None:
    try:
        entry = _prefetched.pop(os.path.realpath(path), None)
    except (OSError, ValueError):
        return None
    if entry is None:
        return None
    reported = 0
    while not entry.done.wait(0.1):
        if progress is not None and entry.read > reported:
            progress(entry.read - reported)
            reported = entry.read
    if entry.digest is None:
        return None
    try:
        if _signature(os.stat(path)) != entry.signature:
            return None
    except OSError:
        return None
    if progress is not None and entry.digest.size > reported:
        progress(entry.digest.size - reported)
    return entry.digest


def hash_file(path: Path | str, progress: Progress | None = None) -> FileDigest:
    """SHA-256, size, mtime and the first bytes of ``path``, read once, read-only.

    Raises ``FileNotFoundError``/``PermissionError``/``OSError`` for files that
    cannot be read, and :class:`NotRegularFile` for anything but a regular file.
    """
    if _prefetched:
        done = _from_prefetch(path, progress)
        if done is not None:
            return done
    return _hash(path, progress)


class _Reading:
    """The open file as :func:`hashlib.file_digest` reads it, reporting progress and keeping the first bytes."""

    def __init__(self, fh, progress: Progress | None) -> None:
        self._fh = fh
        self._progress = progress
        self.head = b""
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        n = self._fh.readinto(buf) or 0
        if n:
            if len(self.head) < HEAD:
                self.head += bytes(memoryview(buf)[: min(n, HEAD - len(self.head))])
            self.total += n
            if self._progress is not None:
                self._progress(n)
        return n


def _hash(path: Path | str, progress: Progress | None, prefetched: _Prefetched | None = None) -> FileDigest:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO must not hang
    except ValueError:  # a NUL in the name: no file can have it
        raise FileNotFoundError(2, "no file can have a name with a NUL character", str(path)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(0, "is not a regular file", str(path))
        if prefetched is not None:
            prefetched.signature = _signature(st)
        if hasattr(os, "posix_fadvise"):  # a cold disk reads ahead further; no effect once cached
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
            except OSError:
                pass
        with open(fd, "rb", buffering=0, closefd=False) as fh:
            reading = _Reading(fh, progress)
            digest = hashlib.sha256()
            buf = bytearray(CHUNK)
            view = memoryview(buf)
            while n := reading.readinto(buf):
                digest.update(view[:n])  # OpenSSL, GIL released: the main thread imports meanwhile
        after = os.fstat(fd)
        if (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns) or reading.total != after.st_size:
            raise ChangedWhileReading(CHANGED_WHILE_READ)
        return FileDigest(digest.hexdigest(), reading.total, st.st_mtime, reading.head)
    finally:
        os.close(fd)


def sha256_file(path: Path | str) -> str:
    """Just the hex digest (for verification and custody re-hashes)."""
    return hash_file(path).sha256
