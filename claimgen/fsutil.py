"""Private, atomic file writing.

Case files and packets hold medical and immigration facts, so every file we write
is 0600 and every folder 0700 whatever the umask, and every write goes to a temp
file in the same folder, is fsynced, then renamed over the target: a reader (or a
crash) sees the old bytes or the new ones, never half of each.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import shutil
import stat
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


class NotRegularFile(OSError):
    """A folder, FIFO, socket or device where a regular file is needed: never opened for reading
    (a FIFO would block), never replaced (``--ics /dev/null`` must not swap the device for a file)."""


class FileTooLarge(OSError):
    """More bytes than the reader's cap (a device such as /dev/zero reports size 0 and never ends)."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words a user knows."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_capped(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Opened with ``O_NONBLOCK`` so a FIFO with no writer cannot hang us; anything but a
    regular file raises :class:`NotRegularFile`; more than ``limit`` bytes raises
    :class:`FileTooLarge` (the size is counted while reading: a device reports 0).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(0, f"is {kind_of(st.st_mode)}, not a regular file", str(path))
        chunks: list[bytes] = []
        total = 0
        while True:
            block = os.read(fd, min(1 << 20, limit + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
            if total > limit:
                raise FileTooLarge(0, f"is larger than {limit} bytes", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_target(path: Path | str) -> Path:
    """Where a write to ``path`` must land: a symlink is followed to its target (resolved once),
    and a target that exists but is not a regular file is refused with :class:`NotRegularFile`."""
    path = Path(path)
    real = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real
    except NotADirectoryError:
        return real  # the parent is not a folder: the write itself reports it
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(0, f"is {kind_of(st.st_mode)}; claimgen replaces only regular files", str(path))
    return real


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700 folders; leave existing parents alone."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(d, DIR_MODE)
        os.chmod(d, DIR_MODE)
    return path


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600.

    A symlink is written through to its target (the link stays a link); a folder, FIFO,
    socket or device at ``path`` is refused (:class:`NotRegularFile`), never replaced.
    """
    path = write_target(path)
    created = []
    p = path.parent
    while not os.path.lexists(p) and p.parent != p:
        created.append(p)
        p = p.parent
    try:
        ensure_private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except BaseException:
        _remove_empty_dirs(created)
        raise
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _remove_empty_dirs(created)  # a failed write leaves no new empty folders behind
        raise
    _fsync_dir(path.parent)


def _remove_empty_dirs(created: list[Path]) -> None:
    """Remove folders this write created (deepest first), stopping at the first that is not empty."""
    for d in created:
        try:
            os.rmdir(d)
        except OSError:
            break


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_private_bytes(path: Path, data: bytes, flush: BackgroundFlush | None = None) -> None:
    """Write a new file inside a private staging folder (no rename needed: the folder is swapped whole).

    The file is on disk (fsynced) when this returns, or, given ``flush``, once ``flush.wait()`` has.
    """
    path = Path(path)
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb", closefd=False) as fh:
            fh.write(data)
        if flush is None:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        raise
    if flush is None:
        os.close(fd)
    else:
        flush.add(fd)


class BackgroundFlush:
    """fsync files in a background thread while the build goes on rendering.

    fsync waits for the disk; a build writes a dozen files and spent 20-40 ms of its wall
    time waiting for them one after another. Each file is handed over open; :meth:`wait`
    returns once every one is on disk (or raises the first error) and must be called before
    the folder is swapped into place. :meth:`close` (on a failed build) only closes them.
    """

    def __init__(self) -> None:
        import queue
        import threading

        self._todo: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="claimgen-fsync", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (fd := self._todo.get()) is not None:
            try:
                if self._error is None:
                    os.fsync(fd)
            except OSError as exc:
                self._error = exc
            finally:
                os.close(fd)

    def add(self, fd: int) -> None:
        """Flush and close ``fd`` (an open, fully written file) in the background."""
        self._todo.put(fd)

    def close(self) -> None:
        """Wait for the thread; every file handed over is closed when this returns."""
        if self._thread.is_alive():
            self._todo.put(None)
            self._thread.join()

    def wait(self) -> None:
        """Return when every file handed over is on disk; raise the first fsync error."""
        self.close()
        if self._error is not None:
            raise self._error


def make_tree_private(root: Path) -> None:
    """chmod every folder 0700 and every file 0600 under ``root`` (belt and braces)."""
    root = Path(root)
    os.chmod(root, DIR_MODE)
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), DIR_MODE)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), FILE_MODE)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2():
    """libc's ``renameat2``, or None where the C library has none (macOS, Windows, old glibc).

    Looked up among the symbols the process has already loaded (``CDLL(None)``), not with
    ``ctypes.util.find_library("c")``, which runs ``ldconfig -p`` in a child process: about
    50 ms on every build that replaces an earlier packet.
    """
    import ctypes

    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # TypeError: Windows has no CDLL(None)
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def _renameat2_exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE). False when unsupported."""
    fn = _renameat2()
    if fn is None:
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` at ``target``; the old ``target`` (if any) is removed.

    Where the system allows, the swap is a single atomic exchange, so ``target`` is at
    every instant either the complete old folder or the complete new one. Elsewhere the
    old folder is first renamed aside to ``.<name>.old-*`` and :func:`recover_dir`
    puts it back if we die between the two renames.
    """
    new, target = Path(new), Path(target)
    if not target.exists():
        os.rename(new, target)
        _fsync_dir(target.parent)
        return
    if _renameat2_exchange(new, target):
        # ``new`` now holds the old packet.
        _fsync_dir(target.parent)
        shutil.rmtree(new, ignore_errors=True)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(aside)
    os.rename(target, aside)
    os.rename(new, target)
    _fsync_dir(target.parent)
    shutil.rmtree(aside, ignore_errors=True)


def recover_dir(target: Path) -> None:
    """Undo an interrupted :func:`replace_dir` and clear folders it set aside beside ``target``.

    Staging folders (``.<name>.new-<pid>-*``) are left alone here: one may belong to a
    build that is still running; ``packet`` removes those whose process is gone.
    """
    target = Path(target)
    parent = target.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{glob.escape(target.name)}.old-*"))
    if not target.exists() and olds:
        os.rename(olds[-1], target)
        olds = olds[:-1]
    for stale in olds:
        shutil.rmtree(stale, ignore_errors=True)
