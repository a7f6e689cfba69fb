"""Helpers for the SF-95 tests: edit a copy of the demo case, build it, read PDFs back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

from helpers import AS_OF, SHARED, copy_example, run_cli

SAMPLE_FORM = SHARED / "forms" / "sf95-fillable-sample.pdf"


def edited_case(tmp_path: Path, change=None) -> Path:
    """A copy of the demo case with ``change(dict)`` applied to its YAML."""
    case = copy_example("minneapolis-home-entry", tmp_path)
    if change is not None:
        raw = yaml.safe_load(case.read_text(encoding="utf-8"))
        change(raw)
        case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def build(case: Path, outdir: Path, *extra: str, env: dict | None = None):
    return run_cli("build", case, "-o", outdir, "--as-of", AS_OF, *extra, env=env)


def pages_text(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace collapsed, for phrases that may wrap across lines."""
    return " ".join(text.split())


def continuation_starts(pages: list[str]) -> dict[str, int]:
    """Box number → the number of the attached sheet where its continuation starts, read from
    the sheets themselves (each headed "Continuation of Box N — name", subtitled "Sheet n")."""
    out: dict[str, int] = {}
    for text in pages:
        page = flat(text)
        sheet = re.search(r"· Sheet (\d+)", page)
        if sheet is None:
            continue
        for box in re.findall(r"Continuation of Box (\d+) —", page):
            out.setdefault(box, int(sheet.group(1)))
    return out


def markers(text: str) -> list[int]:
    """The sheet numbers named by the "(continued on attached sheet N)" markers of a page."""
    return [int(n) for n in re.findall(r"\(continued on attached sheet (\d+)\)", flat(text))]


def words_in_order(words: list[str], text: str) -> list[str]:
    """The words of ``words`` not found, in order, among the tokens of ``text`` (empty = all there)."""
    tokens = re.findall(r"\S+", text)
    position = 0
    missing = []
    for word in words:
        while position < len(tokens) and tokens[position] != word:
            position += 1
        if position == len(tokens):
            missing.append(word)
            position = 0
        else:
            position += 1
    return missing


def render_png(pdf: Path, page: int, out_prefix: Path) -> Path | None:
    """Page ``page`` (1-based) as PNG via pdftoppm, or None where poppler is not installed."""
    if shutil.which("pdftoppm") is None:
        return None
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(out_prefix)], check=True, capture_output=True)
    return out_prefix.with_suffix(".png")


def ink_fraction(png: Path) -> float:
    from PIL import Image

    image = Image.open(png).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128])
    return dark / (image.width * image.height)


NARRATIVE_WORDS = [f"w{n:04d}" for n in range(1, 5001)]


def _sized_runs(pdf, page: int) -> list[tuple[str, float, float, float]]:
    """(text, font size, x, y) of every text run drawn on ``page`` (0-based), via pypdf's visitor."""
    from pypdf import PdfReader

    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text.strip(), size * (tm[0] or 1), tm[4], tm[5]))

    PdfReader(str(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs
