"""Streaming SHA-256: one read of each file, a reusable buffer, constant memory.

``hashlib.sha256`` is OpenSSL's implementation and releases the GIL on large
updates, so reading into one preallocated 1 MiB buffer hashes at the speed of
``openssl dgst -sha256``. The first bytes are kept from the same pass so the
MIME type can be sniffed without a second read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

CHUNK = 1 << 20  # 1 MiB: measured as fast as 4-8 MiB here, and kinder to small machines
HEAD = 8192  # what filetype needs to recognise a format

Progress = Callable[[int], None]  # called with the number of bytes just read


@dataclass(frozen=True)
class FileDigest:
    sha256: str
    size: int  # bytes actually read
    mtime: float  # st_mtime of the open file, seconds since the epoch
    head: bytes  # the first HEAD bytes, for MIME sniffing


class NotRegularFile(OSError):
    """A folder, FIFO, socket or device: never opened (a FIFO would block forever)."""


def hash_file(path: Path | str, progress: Progress | None = None) -> FileDigest:
    """SHA-256, size, mtime and the first bytes of ``path``, read once, read-only.

    Raises ``FileNotFoundError``/``PermissionError``/``OSError`` for files that
    cannot be read, and :class:`NotRegularFile` for anything but a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO must not hang
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        digest = hashlib.sha256()
        buf = bytearray(CHUNK)
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
        return FileDigest(digest.hexdigest(), total, st.st_mtime, head)
    finally:
        os.close(fd)


def sha256_file(path: Path | str) -> str:
    """Just the hex digest (for verification and custody re-hashes)."""
    return hash_file(path).sha256
