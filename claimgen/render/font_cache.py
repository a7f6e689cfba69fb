"""An opt-in cache of parsed TrueType faces, so each build need not parse DejaVu Sans again.

Within one process the faces are parsed once (:func:`claimgen.render.fonts.load` is
cached). Across processes, reportlab parses each TrueType file again in pure Python; the
cache loads the parsed tables back instead. It holds font metrics, never case data: one
file per face (folder 0700, files 0600, written atomically with a rename, so concurrent
builds at worst store the same entry twice), named by the font file's SHA-256 and the
reportlab and Python versions, so a changed font or library never reads a stale entry.
Only a regular file owned by this user, in a folder nobody else can write to, is read.
Anything wrong with it (unwritable, foreign owner, damaged file) means the font is simply
parsed: the PDFs are byte-identical either way (``tests/test_font_cache.py``).

It stays opt-in (``CLAIMGEN_CACHE_DIR`` names the folder: an office server that builds
all day, a benchmark). claimgen writes nothing outside the output folder unless asked,
and a ``~/.cache/claimgen`` would tell anyone who looks at the family's computer that a
claim against an immigration agency was prepared on it (``tests/test_privacy.py`` keeps
HOME and XDG_CACHE_HOME empty). The gain would not pay for that: the three faces parse in
about 27 ms of CPU and load from the cache in about 15 ms (measured 2026-12-06).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

CACHE_ENV = "CLAIMGEN_CACHE_DIR"
FORMAT = 1  # bump when what is stored changes


def cache_dir() -> Path | None:
    """The folder ``CLAIMGEN_CACHE_DIR`` names, or None (no cache)."""
    folder = os.environ.get(CACHE_ENV)
    return Path(folder) if folder else None


def _entry(folder: Path, data: bytes) -> Path:
    import reportlab

    digest = hashlib.sha256(data).hexdigest()[:32]
    py = f"{sys.version_info[0]}{sys.version_info[1]}"
    return folder / f"ttf-{digest}-rl{reportlab.Version}-py{py}-v{FORMAT}.pickle"


def _private(st: os.stat_result) -> bool:
    """Owned by this user, and nobody else can write to it."""
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted(path: Path) -> bool:
    """Ours alone: a regular file (not a link) owned by this user that nobody else can write,
    in a folder nobody else can write to (where others could swap entries, nothing is read)."""
    try:
        st, folder = path.lstat(), path.parent.stat()
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and _private(st) and stat.S_ISDIR(folder.st_mode) and _private(folder)


def _thaw(name: str, data: bytes, blob: bytes):
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    saved = pickle.loads(blob)  # noqa: S301 - our own file, checked by _trusted
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(saved["face"])
    face._ttf_data = data
    units = face.unitsPerEm
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(saved["font"])
    font.fontName = name
    font.face = face
    font.state = WeakKeyDictionary()
    return font


def _freeze(font) -> bytes:
    face = {k: v for k, v in vars(font.face).items() if k not in ("_pdfScale", "_ttf_data")}
    rest = {k: v for k, v in vars(font).items() if k not in ("face", "state", "fontName")}
    return pickle.dumps({"face": face, "font": rest}, protocol=pickle.HIGHEST_PROTOCOL)


def _store(path: Path, blob: bytes) -> None:
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".ttf-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def parse(name: str, path: Path):
    """The reportlab TTFont of ``path`` named ``name``: from the cache when it holds this file,
    else parsed (and stored for the next process)."""
    from reportlab.pdfbase.ttfonts import TTFont

    folder = cache_dir()
    if folder is None:
        return TTFont(name, str(path))
    data = Path(path).read_bytes()
    try:
        entry = _entry(folder, data)
    except Exception:  # noqa: BLE001 - a cache must never stop a build
        return TTFont(name, str(path))
    if _trusted(entry):
        try:
            return _thaw(name, data, entry.read_bytes())
        except Exception:  # noqa: BLE001 - damaged or from another library layout: parse instead
            pass
    font = TTFont(name, str(path))
    try:
        _store(entry, _freeze(font))
    except Exception:  # noqa: BLE001 - read-only home, full disk, ...: the next build parses again
        pass
    return font
