"""Files chosen in the browser: a safe name, copied into the case's ``evidence/`` folder, never outside it.

The browser sends a file name chosen on someone's phone or computer; it is data,
not a path. :func:`safe_name` keeps its letters (any alphabet), digits and a few
marks, drops every folder part, and never gives a hidden name (intake skips those)
or an empty one. :func:`save_upload` writes the bytes to a new file (mode 0600;
an existing file is never replaced: a number is added to the name) inside
``evidence/`` (mode 0700), refusing a name whose real path would land elsewhere.
Registering the copy (hash, custody) is the evidence intake's job, as for
``claimgen evidence add``.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import BinaryIO

from ..fsutil import FILE_MODE, ensure_private_dir

EVIDENCE_FOLDER = "evidence"
MAX_NAME = 120  # characters kept of the stem; file systems allow 255 bytes
CHUNK = 1 << 20


class UploadError(Exception):
    """The upload cannot be kept; ``code`` says why ("too_big", "empty", "folder"), the page words it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def safe_name(name: str | None) -> str:
    """A browser's file name as a plain file name: no folders, no hidden name, no odd characters.

    ``../../etc/passwd`` -> ``passwd``; ``C:\\fotos\\puerta año.jpg`` -> ``puerta_año.jpg``;
    ``.bashrc`` -> ``bashrc``; ``""`` -> ``file``.
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").split("/")[-1]  # a Windows path or a path sent on purpose: the last part only
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "-_." or cat[0] in ("L", "N"):
            out.append(ch)
        elif cat[0] in ("Z", "P", "S", "C") and out and out[-1] != "_":
            out.append("_")
    cleaned = "".join(out).strip("._- ")
    stem, dot, ext = cleaned.rpartition(".")
    if not dot:
        stem, ext = cleaned, ""
    stem = stem.strip("._-")[:MAX_NAME] or "file"
    ext = ext[:16]
    return f"{stem}.{ext}" if ext else stem


def evidence_dir(case_path: Path) -> Path:
    """The case's ``evidence/`` folder (created 0700 when missing); refused if it is a link elsewhere."""
    case_dir = Path(os.path.abspath(Path(case_path).parent))
    folder = case_dir / EVIDENCE_FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UploadError("folder")
    return ensure_private_dir(folder)


def save_upload(stream: BinaryIO, filename: str | None, case_path: Path, limit: int) -> Path:
    """Copy ``stream`` into a new file in the case's evidence folder; return its path.

    At most ``limit`` bytes are kept: a longer stream is removed and refused. An empty
    file is refused too (nothing was chosen, or the copy failed on the phone).
    """
    folder = evidence_dir(case_path)
    name = safe_name(filename)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for n in range(1, 10_000):
        candidate = name if n == 1 else (f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}")
        target = folder / candidate
        if os.path.realpath(target.parent) != os.path.realpath(
            folder
        ):  # cannot happen with a safe name; kept as a guard
            raise UploadError("folder")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - ten thousand files of one name
        raise UploadError("folder")
    size = 0
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise UploadError("too_big")
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise UploadError("empty")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
