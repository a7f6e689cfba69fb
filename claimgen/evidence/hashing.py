"""Streaming SHA-256: one read of each file, a reusable buffer, constant memory.

``hashlib.sha256`` is OpenSSL's implementation and releases the GIL on large
updates, so reading into one preallocated 64 KiB buffer hashes at the speed of
``openssl dgst -sha256`` (larger reads cost the kernel far more time per GiB). The first bytes are kept from the same pass so the
MIME type can be sniffed without a second read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

CHUNK = 64 << 10  # 64 KiB: reads of 128 KiB and more cost the kernel 3-4x the time here (measured: sys 0.41 s vs 0.11 s per GiB)
PREFETCH_CHUNK = CHUNK
# Files of MAP_MIN bytes and more are hashed through memory maps of MAP_WINDOW bytes, in
# update() calls of MAP_SLICE bytes: 0.75 s per GiB here against 0.83 s for 64 KiB reads
# and 0.9 s for `openssl dgst`, with 128 GIL hand-overs per GiB instead of 32,768.
# (A file truncated while it is mapped would end the process with SIGBUS; the case file
# is only written after every hash is done, so nothing is lost.)
MAP_MIN = 1 << 20
MAP_WINDOW = 16 << 20
MAP_SLICE = 4 << 20
FAST_SWITCH = 0.0002  # seconds; Python's default is 0.005  # in the background thread: fewer GIL hand-overs while the main thread imports
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


class NotRegularFile(OSError):
    """A folder, FIFO, socket or device: never opened (a FIFO would block forever)."""


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

    import sys

    normal = sys.getswitchinterval()
    sys.setswitchinterval(FAST_SWITCH)  # let the reader take the GIL back promptly between chunks

    def work() -> None:
        try:
            _work()
        finally:
            sys.setswitchinterval(normal)

    def _work() -> None:
        for real, entry in todo:
            try:
                def count(n: int, entry: _Prefetched = entry) -> None:
                    entry.read += n

                entry.digest = _hash(real, count, entry, PREFETCH_CHUNK)
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


def _digest_read(fd: int, progress: Progress | None, chunk: int):
    """SHA-256 of the open file by read() into one reused buffer: (digest, head, bytes read)."""
    digest = hashlib.sha256()
    buf = bytearray(chunk)
    view = memoryview(buf)
    head = b""
    total = 0
    with open(fd, "rb", buffering=0, closefd=False) as fh:
        while True:
            n = fh.readinto(buf)
            if not n:
                break
            if len(head) < HEAD:
                head += bytes(view[: min(n, HEAD - len(head))])
            digest.update(view[:n])
            total += n
            if progress is not None:
                progress(n)
    return digest, head, total


def _digest_mapped(fd: int, size: int, progress: Progress | None):
    """SHA-256 of a large file through read-only memory maps, one window at a time.

    No copy into a buffer and a few large ``update`` calls that release the GIL, so the
    hashing thread runs beside the main thread's imports; at most one window is mapped
    (memory stays flat). ``None`` where the file cannot be mapped: then it is read.
    """
    import mmap

    digest = hashlib.sha256()
    head = b""
    offset = 0
    while offset < size:
        length = min(MAP_WINDOW, size - offset)
        try:
            window = mmap.mmap(fd, length, access=mmap.ACCESS_READ, offset=offset)
        except (OSError, ValueError):
            if offset == 0:
                return None  # a file system without mmap: read it instead
            raise
        with window:
            if hasattr(window, "madvise") and hasattr(mmap, "MADV_SEQUENTIAL"):
                try:
                    window.madvise(mmap.MADV_SEQUENTIAL)
                except OSError:
                    pass
            view = memoryview(window)
            try:
                if offset == 0:
                    head = bytes(view[:HEAD])
                for start in range(0, length, MAP_SLICE):
                    piece = view[start:start + MAP_SLICE]
                    digest.update(piece)
                    if progress is not None:
                        progress(len(piece))
                    piece.release()
            finally:
                view.release()
        offset += length
    return digest, head, offset


def _hash(path: Path | str, progress: Progress | None, prefetched: _Prefetched | None = None, chunk: int = CHUNK) -> FileDigest:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO must not hang
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        if prefetched is not None:
            prefetched.signature = _signature(st)
        if hasattr(os, "posix_fadvise"):  # a cold disk reads ahead further; no effect once cached
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
            except OSError:
                pass
        digest, head, total = None, b"", 0
        if st.st_size >= MAP_MIN:
            mapped = _digest_mapped(fd, st.st_size, progress)
            if mapped is not None:
                digest, head, total = mapped
        if digest is None:
            digest, head, total = _digest_read(fd, progress, chunk)
        after = os.fstat(fd)
        if (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns) or total != after.st_size:
            raise ChangedWhileReading("the file changed while it was being read (still being copied or recorded?); "
                                      "wait until it is complete and try again")
        return FileDigest(digest.hexdigest(), total, st.st_mtime, head)
    finally:
        os.close(fd)


def sha256_file(path: Path | str) -> str:
    """Just the hex digest (for verification and custody re-hashes)."""
    return hash_file(path).sha256
