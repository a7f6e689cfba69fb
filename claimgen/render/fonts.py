"""The PDF font, and the rule that every character drawn must have a glyph in it.

reportlab's standard fonts cover cp1252 only: "Nguyễn" comes out as "Nguy■n" and
"Łukasz" as "■ukasz", silently. So claimgen embeds a TrueType font (DejaVu Sans,
bundled in ``claimgen/fonts/``; ``--font FILE`` or ``CLAIMGEN_FONT`` choose another)
and checks every user string against the font's character map *before* drawing:
a missing glyph is a :class:`~claimgen.errors.CaseError` naming the key path and
the character, never a box or a blank on a legal form.

Right-to-left scripts (Arabic, Hebrew, ...) are refused even where the font has
the letters: reportlab draws them left to right and unjoined, which would put a
misspelt name on a sworn claim.

Reusable by every renderer (and the hostile-input tests)::

    font = fonts.load(ctx.options.font)
    fonts.missing_glyphs("Nguyễn 小明", font)   # ['小', '明']
    fonts.check_text(value, "claimants[0].name", font)  # [Problem, ...]
    fonts.drawable(value)                       # the text as it will be drawn
"""

from __future__ import annotations

import hashlib
import os
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import CaseError, Problem

BUNDLED = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
# Where a system DejaVu usually lives, should the bundled copy be missing from an install.
SYSTEM_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    os.path.expanduser("~/Library/Fonts"),
)

# Invisible characters dropped before drawing (they carry no text a reader could see).
_INVISIBLE = {0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFE0E, 0xFE0F}
# Bidirectional embedding/override/isolate controls: text direction tricks, refused with RTL.
_BIDI_CONTROLS = {"RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}
_CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x2E80, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


@dataclass(frozen=True)
class PdfFont:
    """A registered font family: reportlab names of its faces and the characters all faces can draw."""

    regular: str
    bold: str
    italic: str
    source: str  # file path or "bundled DejaVu Sans", for messages
    chars: frozenset[int]

    def has(self, char: str) -> bool:
        return ord(char) in self.chars


class FontError(CaseError):
    """The chosen font file cannot be used (not found, not TrueType, no Latin letters)."""


# ---------------------------------------------------------------- loading


def _bundled_dir() -> Path | None:
    try:
        folder = Path(str(resources.files("claimgen").joinpath("fonts")))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - odd installs
        return None
    return folder if all((folder / name).is_file() for name in BUNDLED[:2]) else None


def _system_dejavu() -> Path | None:
    """A system DejaVu Sans (for installs that dropped the bundled files); fc-match where present."""
    import subprocess  # only here: every build would otherwise import it for nothing

    candidates = [Path(d) / "DejaVuSans.ttf" for d in SYSTEM_DIRS]
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, timeout=5
            ).stdout.strip()
            if out.endswith("DejaVuSans.ttf"):
                candidates.insert(0, Path(out))
        except (OSError, subprocess.SubprocessError):
            pass
    return next((p for p in candidates if p.is_file()), None)


def _sibling(path: Path, style: str) -> Path | None:
    """The bold or italic face next to a regular one: Foo-Regular.ttf → Foo-Bold.ttf, arial.ttf → arialbd.ttf."""
    stem, suffix = path.stem, path.suffix
    base = stem[: -len("-Regular")] if stem.endswith("-Regular") else stem
    names = {
        "bold": [f"{base}-Bold", f"{base}Bold", f"{base}bd", f"{base}Bd", f"{base}-bold", f"{base}_Bold"],
        "italic": [f"{base}-Oblique", f"{base}-Italic", f"{base}Italic", f"{base}It", f"{base}i", f"{base}-italic"],
    }[style]
    for name in names:
        candidate = path.with_name(name + suffix)
        if candidate.is_file() and candidate != path:
            return candidate
    return None


def _register(name: str, path: Path, origin: str):
    """Register one TrueType face with reportlab; a bad file is a FontError naming it."""
    from reportlab.pdfbase import pdfmetrics

    from .font_cache import parse

    try:
        face = parse(name, path)
    except Exception as exc:  # reportlab raises TTFError, struct.error, OSError, ...
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise FontError(
            origin,
            [
                Problem(
                    "",
                    f"cannot use this font for the PDFs ({reason}); "
                    "give a TrueType font file (.ttf), e.g. DejaVuSans.ttf",
                )
            ],
        ) from None
    pdfmetrics.registerFont(face)
    return face


def _cmap(face) -> set[int]:
    return {code for code, glyph in face.face.charToGlyph.items() if glyph}


@lru_cache(maxsize=8)
def load(font_file: str | None = None) -> PdfFont:
    """Register the PDF font family (cached): ``font_file`` if given, else the bundled DejaVu Sans.

    The reportlab names depend only on the font bytes, so two builds embed the same
    names and the PDFs stay byte-identical.
    """
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    if font_file:
        regular = Path(font_file).expanduser()
        if not regular.is_file():
            raise FontError(str(font_file), [Problem("", "font file not found (from --font or CLAIMGEN_FONT)")])
        bold, italic = _sibling(regular, "bold") or regular, _sibling(regular, "italic") or regular
        origin = str(font_file)
        tag = "User-" + hashlib.sha256(regular.read_bytes()).hexdigest()[:8]
    else:
        folder = _bundled_dir()
        if folder is not None:
            regular, bold, italic = (folder / n for n in BUNDLED)
            if not italic.is_file():
                italic = regular
            origin, tag = "bundled DejaVu Sans", "Sans"
        else:
            system = _system_dejavu()
            if system is not None:
                regular = system
                bold, italic = _sibling(system, "bold") or system, _sibling(system, "italic") or system
                origin, tag = str(system), "SysSans"
            else:  # reportlab's own Vera: Western European only; the glyph check refuses the rest
                import reportlab

                vera = Path(reportlab.__file__).parent / "fonts"
                regular, bold, italic = vera / "Vera.ttf", vera / "VeraBd.ttf", vera / "VeraIt.ttf"
                origin, tag = "reportlab Vera (install fonts-dejavu-core for more scripts)", "Vera"
    names = {"regular": f"Claimgen{tag}", "bold": f"Claimgen{tag}-Bold", "italic": f"Claimgen{tag}-Italic"}
    faces = {
        "regular": _register(names["regular"], regular, origin),
        "bold": _register(names["bold"], bold, origin) if bold != regular else None,
        "italic": _register(names["italic"], italic, origin) if italic != regular else None,
    }
    if faces["bold"] is None:
        names["bold"] = names["regular"]
    if faces["italic"] is None:
        names["italic"] = names["regular"]
    registerFontFamily(
        names["regular"], normal=names["regular"], bold=names["bold"], italic=names["italic"], boldItalic=names["bold"]
    )
    chars = _cmap(faces["regular"])
    if faces["bold"] is not None:  # user text is drawn in both faces (titles are bold)
        chars &= _cmap(faces["bold"])
    missing_latin = [c for c in "AZaz09$.,:;()/§-" if ord(c) not in chars]
    if missing_latin:
        raise FontError(origin, [Problem("", "this font lacks basic Latin letters and digits; choose a text font")])
    return PdfFont(names["regular"], names["bold"], names["italic"], origin, frozenset(chars))


# ---------------------------------------------------------------- checking text


def _drawn_as(char: str) -> str:
    """What one character becomes on the page ('' = dropped)."""
    if char == "\n":
        return char
    if char == "\t" or (unicodedata.category(char) == "Zs"):
        return " "
    if char in "\u2028\u2029":
        return "\n"
    if ord(char) in _INVISIBLE or unicodedata.category(char) == "Cc":
        return ""
    return char


def drawable(text: object) -> str:
    """User text as it will be drawn: like :func:`claimgen.formatting.clean` (\\r\\n → \\n,
    control characters dropped, NFC), plus tabs and odd spaces to plain spaces, line and
    paragraph separators to \\n, invisible characters dropped.

    Decided once per distinct character (``str.translate``), so a megabyte narrative costs
    milliseconds, not seconds.
    """
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    table = {ord(c): _drawn_as(c) for c in set(text)}
    text = text.translate({k: v for k, v in table.items() if v != chr(k)})
    return unicodedata.normalize("NFC", text)


def is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL") or unicodedata.bidirectional(char) in _BIDI_CONTROLS


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def missing_glyphs(text: str, font: PdfFont | None = None) -> list[str]:
    """Distinct characters of ``text`` (as drawn) that the font cannot draw, in order of appearance."""
    font = font or load()
    text = drawable(text)
    lacking = {c for c in set(text) if c not in "\n " and not font.has(c)}
    if not lacking:
        return []
    return list(dict.fromkeys(c for c in text if c in lacking))  # in order of appearance


def _show(chars: Iterable[str]) -> str:
    return ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)


def check_text(value: object, path: str, font: PdfFont | None = None) -> list[Problem]:
    """Problems with drawing ``value`` in the PDF font, each naming ``path`` and the characters."""
    if value is None:
        return []
    text = drawable(value)
    rtl_chars = {c for c in set(text) if is_rtl(c)}
    rtl = list(dict.fromkeys(c for c in text if c in rtl_chars)) if rtl_chars else []
    if rtl:
        return [
            Problem(
                path,
                f"contains right-to-left text {_show(rtl[:3])}, which claimgen cannot yet lay out "
                "correctly in the PDF; write it in Latin letters (as on the claimant's ID) "
                "or fill this box of the form by hand",
            )
        ]
    missing = missing_glyphs(text, font)
    if not missing:
        astral = list(dict.fromkeys(c for c in text if ord(c) > 0xFFFF))
        if astral:  # drawn, but reportlab's ToUnicode map cannot name them: unsearchable, unreadable aloud
            return [
                Problem(
                    path,
                    f"contains {_show(astral[:5])}, beyond the Basic Multilingual Plane, which "
                    "claimgen cannot put into a PDF as searchable text; replace it with ordinary letters",
                )
            ]
        return []
    shown = _show(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
    hint = "use --font with a TrueType (.ttf) font that has it"
    if any(is_cjk(c) for c in missing):
        hint = (
            "Chinese, Japanese and Korean need a TrueType CJK font: use --font with a .ttf font that has "
            "these characters (claimgen cannot embed .otf/CFF fonts), or write the name in Latin letters"
        )
    word = "it" if len(missing) == 1 else "them"
    return [Problem(path, f"contains {shown}, which the PDF font cannot draw; {hint.replace('has it', 'has ' + word)}")]


def ensure_drawable(file: str, fields: Iterable[tuple[str, object]], font: PdfFont | None = None) -> None:
    """Raise one CaseError listing every field that cannot be drawn (each path once)."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for path, value in fields:
        if path in seen:
            continue
        seen.add(path)
        problems.extend(check_text(value, path, font))
    if problems:
        raise CaseError(file, problems)
