"""``verify``: re-hash every registered file and compare it with the case file.

A file whose size differs is CHANGED without being read again; every other file
is re-hashed in full. Nothing is written: verification only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..caseio import load_case
from .common import case_folder, resolve_evidence_path
from .hashing import ChangedWhileReading, NotRegularFile, hash_file
from .progress import reporter

OK, CHANGED, MISSING, UNREADABLE = "ok", "CHANGED", "MISSING", "UNREADABLE"


@dataclass
class VerifyRow:
    id: str
    path: str
    status: str  # ok | CHANGED | MISSING | UNREADABLE
    size: int  # registered size
    size_now: int | None = None
    sha256: str = ""
    sha256_now: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK


def check_one(path: Path, size: int, sha256: str, progress=None) -> tuple[str, int | None, str | None, str]:
    """(status, size now, sha256 now, detail) of one file against its registered size and hash."""
    try:
        size_now = path.stat().st_size
    except FileNotFoundError:
        return MISSING, None, None, "file not found"
    except ValueError:  # a NUL in the registered path: no file can have that name
        return MISSING, None, None, "the registered path contains a NUL character; no file can have that name"
    except OSError as exc:
        return UNREADABLE, None, None, exc.strerror or str(exc)
    if not path.is_file():
        return MISSING, None, None, "not a regular file"
    if size_now != size:
        return CHANGED, size_now, None, f"size is {size_now} bytes, registered {size}"
    try:
        digest = hash_file(path, progress)
    except NotRegularFile:
        return MISSING, None, None, "not a regular file"
    except FileNotFoundError:
        return MISSING, None, None, "file not found"
    except ChangedWhileReading:
        return CHANGED, None, None, "the file changed while it was read"
    except OSError as exc:
        return UNREADABLE, size_now, None, exc.strerror or str(exc)
    if digest.sha256 != sha256:
        return CHANGED, digest.size, digest.sha256, "same size, different content"
    return OK, digest.size, digest.sha256, ""


def verify(case_path: Path | str, progress: bool = False) -> list[VerifyRow]:
    """One row per registered exhibit, in case-file order."""
    case_path = Path(case_path)
    case = load_case(case_path)
    case_dir = case_folder(case_path)
    rows: list[VerifyRow] = []
    total = sum(e.size for e in case.evidence)
    with reporter(total, enabled=progress) as rep:
        for e in case.evidence:
            rep.start(e.path, e.size)
            status, size_now, sha_now, detail = check_one(
                resolve_evidence_path(e.path, case_dir), e.size, e.sha256, rep.callback()
            )
            rows.append(VerifyRow(e.id, e.path, status, e.size, size_now, e.sha256, sha_now, detail))
    return rows
