"""What the PDF copies drawn for the agency share: their wording, the draft note, the glyph check.

The transmittal letter, the evidence log and the mailing packet are drawn from strings the
DOCX renderers also use (already cleaned); before drawing, every string is checked against
the PDF font. A character the font lacks is reported at the case-file key that holds it,
like the SF-95's check: a missing glyph is an error, never a box or a blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .. import data
from ..errors import CaseError, Problem
from . import fonts


def wording() -> dict:
    return data.load("print_copies")


def draft_note(final: bool) -> str:
    """The small print at the foot of a draft's pages; nothing on a final copy."""
    return "" if final else str(wording()["draft_note"])


def page_of(page: int, pages: int) -> str:
    return str(wording()["page_of"]).format(page=page, pages=pages)


def case_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the case (or a part of it), with its key path: claimants[0].name, ..."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="python")
    if isinstance(value, dict):
        for key, item in value.items():
            yield from case_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for k, item in enumerate(value):
            yield from case_strings(item, f"{path}[{k}]")
    elif isinstance(value, str):
        yield path, value


def ensure_drawable(case, case_file: str, texts: Iterable[str], font: fonts.PdfFont) -> None:
    """Refuse (CaseError, exit 2) any text the font cannot draw, naming the case keys that hold it."""
    joined = "\n".join(t for t in texts if t)  # one pass over every distinct character
    if not fonts.check_text(joined, "", font):
        return
    drawn = fonts.drawable(joined)
    bad = {c for c in set(drawn) if c not in "\n " and (not font.has(c) or fonts.is_rtl(c) or ord(c) > 0xFFFF)}
    problems: list[Problem] = []
    for path, value in case_strings(case):
        if bad & set(fonts.drawable(value)):
            problems += fonts.check_text(value, path, font)
    if not problems:  # the character came from wording, not from the case: name it plainly
        problems = [
            Problem("", f"the PDF font cannot draw {', '.join(sorted(bad))}; use --font with a font that has it")
        ]
    raise CaseError(case_file, problems)
