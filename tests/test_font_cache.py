"""The opt-in font cache: same PDF bytes with or without it, private files, a damaged entry ignored."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "claimgen" / "examples" / "fatal-vehicle-stop" / "case.yaml"
PDFS = ("sf95-estate.pdf", "transmittal-ICE.pdf", "evidence-log.pdf", "mailing-packet-ICE.pdf")


def build(out: Path, cache: Path | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMGEN_CACHE_DIR", "CLAIMGEN_FONT")}
    if cache is not None:
        env["CLAIMGEN_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "claimgen", "build", str(CASE), "-o", str(out), "--as-of", "2026-11-22"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cached_fonts_draw_the_same_bytes(tmp_path):
    cache = tmp_path / "cache"
    assert build(tmp_path / "plain", None).returncode == 0
    assert build(tmp_path / "first", cache).returncode == 0  # parses and stores
    entries = sorted(cache.iterdir())
    assert len(entries) == 3  # regular, bold, oblique
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in entries)
    assert build(tmp_path / "second", cache).returncode == 0  # reads the cache
    for name in PDFS:
        plain = (tmp_path / "plain" / name).read_bytes()
        assert (tmp_path / "first" / name).read_bytes() == plain, name
        assert (tmp_path / "second" / name).read_bytes() == plain, name
    entries[0].write_bytes(b"not a pickle")  # damaged: parsed again, same bytes
    assert build(tmp_path / "third", cache).returncode == 0
    assert (tmp_path / "third" / "sf95-estate.pdf").read_bytes() == (
        tmp_path / "plain" / "sf95-estate.pdf"
    ).read_bytes()


def test_no_cache_unless_asked(tmp_path, monkeypatch):
    from claimgen.render import font_cache

    monkeypatch.delenv("CLAIMGEN_CACHE_DIR", raising=False)
    assert font_cache.cache_dir() is None
    monkeypatch.setenv("CLAIMGEN_CACHE_DIR", str(tmp_path / "c"))
    assert font_cache.cache_dir() == tmp_path / "c"


def test_entries_others_could_swap_are_not_read(tmp_path):
    """A link, or any entry in a folder others can write to, is parsed again, never unpickled."""
    from claimgen.render import font_cache

    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    entry = folder / "ttf-x.pickle"
    entry.write_bytes(b"x")
    os.chmod(entry, 0o600)
    assert font_cache._trusted(entry)
    os.chmod(folder, 0o777)
    assert not font_cache._trusted(entry)
    os.chmod(folder, 0o700)
    link = folder / "ttf-link.pickle"
    link.symlink_to(entry)
    assert not font_cache._trusted(link)
    os.chmod(entry, 0o620)
    assert not font_cache._trusted(entry)
