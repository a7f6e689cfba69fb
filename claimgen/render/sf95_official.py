"""The user's own fillable SF-95, filled in and flattened: ``sf95-official-<id>.pdf`` (kind ``sf95_official``).

``build --official-sf95 FORM.pdf`` takes a fillable SF-95 (the GSA file or an agency's
copy), finds each box's field by box number and label (``data/sf95_fields.yaml``;
``--sf95-field-map MAP.yaml`` overrides it), and for each claimant draws the same
values as :mod:`claimgen.render.sf95` over each field's rectangle with reportlab in
the embedded font (10 pt, shrinking to 7 pt, wrapped; a value that must continue is
set at 8.5 pt rather than squeezed; what still does not fit goes
to the same continuation sheets, appended), draws an X in the chosen check boxes and
radio buttons (their on-states are read from each widget's /AP /N), merges that
overlay onto the page, and removes the widgets and /AcroForm: a flattened,
printable copy whose text cannot be edited by accident.

Why not let pypdf fill the fields (``update_page_form_field_values``)? Measured with
pypdf 7.1 on the fixture (see docs/maintainers.md, library pitfalls): its
appearance streams encode text with StandardEncoding and ignore the form's
/Differences, so ``'`` prints as ``©`` and `` ` `` as ``Á``; characters outside
Latin-1 come out as ``?`` ("Nguy?n Th? H??ng"); radio groups get ``/V`` as a text
string instead of a name, so viewers show no choice, and when flattened the radio
widgets share one XObject name, so one question shows both boxes and another none.
qpdf's appearance generation is single-line only and also drops Vietnamese.
Drawing the values ourselves avoids all of that.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from .. import data
from ..errors import CaseError, Problem
from . import fonts
from .pdf_sheets import Fonts, draw_sheet, new_canvas, pdf_date
from .pdf_text import LEADING, Para, fit, shrink_to_width, width
from .sf95 import (
    KEY_ORDER,
    SMALLEST,
    SPILL,
    ClaimForm,
    Section,
    continuation_sheets,
    fill_text,
    fit_box,
    fit_witnesses,
    footer,
    label,
    marker,
    page_label,
    prepare,
    schedule_sheets,
    section_heading,
)

PAD = 2.0  # inside a field's rectangle
SIGN_LINE = 10.5  # 13a: the line to sign on, above the field's bottom (the ✗ sits on it)
CAPTION_Y = 2.5  # 13a: the "Sign in ink: name, capacity" baseline, below the line
AMOUNT_KEYS = ("12a", "12b", "12c", "12d")  # printed on one baseline, like figures in a row of columns
TEXT_KEYS = [*KEY_ORDER[: KEY_ORDER.index("12d") + 1], "13a", *KEY_ORDER[KEY_ORDER.index("12d") + 1 :]]
BUTTON_KEYS = ["3.military", "3.civilian", "15", "16", "19"]


@dataclass
class Widget:
    page: int
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF user space
    on_state: str | None = None  # buttons: the appearance name that means "checked"


@dataclass
class FormField:
    name: str  # fully qualified
    label: str  # /TU, or "" if none
    kind: str  # "text" | "button"
    widgets: list[Widget] = field(default_factory=list)


# ---------------------------------------------------------------- reading the form


MAX_FORM_BYTES = 50 << 20  # the official SF-95 is about 1 MB; a field map is a few lines


def _bad_form(path: str, message: str) -> CaseError:
    return CaseError(path, [Problem("", message)])


def read_form(path: str) -> bytes:
    """The form's bytes; a missing, unreadable or non-PDF file is exit 2 with a clear message."""
    from ..fsutil import FileTooLarge, NotRegularFile, read_capped

    try:
        blob = read_capped(path, MAX_FORM_BYTES)  # a regular file only: a FIFO would hang, /dev/zero never end
    except FileNotFoundError:
        raise _bad_form(path, "the fillable SF-95 given with --official-sf95 does not exist") from None
    except IsADirectoryError:
        raise _bad_form(path, "is a folder, not the fillable SF-95 PDF (--official-sf95)") from None
    except NotRegularFile as exc:
        if "folder" in exc.strerror:
            raise _bad_form(path, "is a folder, not the fillable SF-95 PDF (--official-sf95)") from None
        raise _bad_form(path, f"{exc.strerror}; give the fillable SF-95 PDF (--official-sf95)") from None
    except FileTooLarge:
        raise _bad_form(
            path, f"is larger than {MAX_FORM_BYTES >> 20} MB; the SF-95 is a small PDF (--official-sf95)"
        ) from None
    except OSError as exc:
        raise _bad_form(path, f"cannot read the fillable SF-95 ({exc.strerror or type(exc).__name__})") from None
    if not blob.lstrip()[:5].startswith(b"%PDF"):
        raise _bad_form(path, "is not a PDF file; give the fillable SF-95 PDF (--official-sf95)")
    return blob


def open_form(path: str, blob: bytes):
    import logging

    from pypdf import PdfReader

    # pypdf logs repairs of damaged files ("EOF marker not found") to stderr; the error below says it once.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(blob), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _bad_form(path, "is password-protected; save an unprotected copy of the form first")
        _ = len(reader.pages)
        return reader
    except CaseError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise _bad_form(path, f"cannot be read as a PDF ({type(exc).__name__}); give the fillable SF-95 PDF") from None


def _inherited(obj, key: str):
    while obj is not None:
        if key in obj:
            return obj[key]
        parent = obj.get("/Parent")
        obj = parent.get_object() if parent is not None else None
    return None


def _full_name(obj) -> str:
    parts = []
    while obj is not None:
        if "/T" in obj:
            parts.append(str(obj["/T"]))
        parent = obj.get("/Parent")
        obj = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def list_fields(reader) -> list[FormField]:
    """Every text and button field with its widgets, in page order."""
    found: dict[str, FormField] = {}
    for page_index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            widget = annot.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            kind = {"/Tx": "text", "/Btn": "button"}.get(str(_inherited(widget, "/FT")))
            if kind is None:
                continue
            name = _full_name(widget)
            rect = tuple(float(v) for v in widget["/Rect"])
            rect = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
            on_state = None
            if kind == "button":
                appearances = (widget.get("/AP") or {}).get("/N")
                states = [str(k) for k in appearances.get_object().keys()] if hasattr(appearances, "keys") else []
                on_state = next((s for s in states if s != "/Off"), None)
            entry = found.setdefault(name, FormField(name, str(_inherited(widget, "/TU") or ""), kind))
            entry.widgets.append(Widget(page_index, rect, on_state))
    return list(found.values())


def normalize(text: str) -> str:
    return " ".join(re.sub(r"[^0-9A-Za-z]+", " ", text).upper().split())


# ---------------------------------------------------------------- matching fields to boxes


def load_field_map(path: str | None) -> tuple[dict[str, str], list[Problem]]:
    """``--sf95-field-map``: box key → field name, and the problems of its entries.

    The problems are returned, not raised, so that :func:`match_fields` can add the
    entries naming fields the form lacks and every problem is reported at once.
    A file that cannot be read or is not a mapping is refused at once.
    """
    if not path:
        return {}, []
    import yaml

    from ..fsutil import read_capped

    try:
        raw = yaml.safe_load(read_capped(path, MAX_FORM_BYTES).decode("utf-8"))
    except OSError as exc:
        raise _bad_form(path, f"cannot read the SF-95 field map ({exc.strerror or type(exc).__name__})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise _bad_form(path, f"is not a valid YAML field map ({type(exc).__name__})") from None
    if not isinstance(raw, dict):
        raise _bad_form(path, 'must be a mapping of SF-95 box to field name, like  "8": "Basis of claim"')
    known = set(TEXT_KEYS) | set(BUTTON_KEYS) | {"11.name", "11.address"}
    problems = []
    out = {}
    for key, value in raw.items():
        key = str(key)
        if key not in known:
            problems.append(Problem(key, f"is not an SF-95 box; use one of {', '.join(sorted(known))}"))
        elif not isinstance(value, str) or not value:
            problems.append(Problem(key, "must be the full name of a field of the form"))
        else:
            out[key] = value
    return out, problems


def match_fields(
    form_fields: list[FormField],
    overrides: dict[str, str],
    map_path: str | None = None,
    map_problems: list[Problem] | None = None,
) -> dict[tuple[str, str], FormField]:
    """(box key, kind) → the field that holds it. Overrides first, then box number and label.

    ``map_problems`` (from :func:`load_field_map`) are reported together with the overrides
    that name no field of the form: one CaseError with every problem of the map.
    """
    rules = data.load("sf95_fields")["fields"]
    by_name = {f.name: f for f in form_fields}
    matched: dict[tuple[str, str], FormField] = {}
    used: set[str] = set()
    problems = list(map_problems or [])
    for key, name in overrides.items():
        target = by_name.get(name)
        if target is None:
            problems.append(Problem(key, f"names the field {name!r}, which is not in the form"))
            continue
        matched[(key, target.kind)] = target
        used.add(name)
    if problems:
        raise CaseError(map_path or "--sf95-field-map", problems)
    compiled = [(r["key"], r["kind"], [re.compile(p) for p in r["match"]]) for r in rules]
    for form_field in form_fields:
        if form_field.name in used:
            continue
        labels = [normalize(form_field.name.split(".")[-1]), normalize(form_field.name), normalize(form_field.label)]
        for key, kind, patterns in compiled:
            if kind != form_field.kind:
                continue
            if any(p.search(text) for p in patterns for text in labels if text):
                if key != "ignore" and (key, kind) not in matched:
                    matched[(key, kind)] = form_field
                break
    return matched


# ---------------------------------------------------------------- drawing


class OfficialFill:
    """Draws one claimant's values over the widgets of the fillable form."""

    def __init__(
        self,
        form: ClaimForm,
        font: fonts.PdfFont,
        matched: dict[tuple[str, str], FormField],
        epoch: int | None = None,
        final: bool = False,
    ):
        self.final = final
        self.form = form
        self.epoch = epoch
        self.font = font
        self.family = Fonts(font.regular, font.bold, font.italic)
        self.matched = matched
        self.sections: dict[str, Section] = {}
        self.draws: list[tuple[int, object]] = []  # (page, callable(canvas))

    def text_field(self, key: str) -> FormField | None:
        return self.matched.get((key, "text"))

    def box_values(self) -> dict[str, list[list[Para]]]:
        """The drawn form's values, plus Yes/No written out where the form lacks the buttons."""
        values = dict(self.form.boxes)
        for box in ("15", "16", "19"):
            if (box, "button") not in self.matched:
                answer = (
                    "yes"
                    if self.form.checks.get(f"{box}.yes")
                    else ("no" if self.form.checks.get(f"{box}.no") else None)
                )
                if answer:
                    word = str(label(answer))
                    options = values.get(box) or [[]]
                    values[box] = [[Para(f"{word} — {p[0].text}" if p else word), *p[1:]] for p in options]
        return values

    def plan(self) -> list:
        """Fit every value into its field; record overflow and boxes the form has no field for."""
        fonts2 = (self.font.regular, self.font.bold)
        unmapped: list[Section] = []
        amounts: list[tuple[str, Widget, object]] = []
        for key, options in self.box_values().items():
            target = self.text_field(key)
            if target is None:
                if any(options):
                    unmapped.append(Section(key, label(self._label_key(key)), paras=options[0] or options[-1]))
                continue
            widget = target.widgets[0]
            x0, y0, x1, y1 = widget.rect
            w, h = x1 - x0 - 2 * PAD, y1 - y0 - 2 * PAD
            result = fit_box(self.form, key, options, fonts2, w, h, 10.0, SMALLEST)
            if result.overflow:
                self.sections[key] = Section(key, section_heading(key), paras=result.overflow)
            if key in AMOUNT_KEYS and len(result.lines) == 1 and not result.overflow:
                amounts.append((key, widget, result))
                continue
            self.draws.append((widget.page, self._draw_fit(key, widget, result)))
        self._plan_amounts(amounts)
        self._plan_witnesses(unmapped)
        self._plan_signature()
        for key in ("3.military", "3.civilian"):
            target = self.matched.get((key, "button"))
            if target is not None and self.form.checks.get(key):
                for widget in target.widgets:
                    self.draws.append((widget.page, self._draw_x(widget)))
        for box in ("15", "16", "19"):
            target = self.matched.get((box, "button"))
            if target is None:
                continue
            for position, widget in enumerate(target.widgets):
                state = normalize((widget.on_state or "").lstrip("/"))
                is_yes = state.startswith("YES") or (not state.startswith("NO") and position == 0)
                if self.form.checks.get(f"{box}.{'yes' if is_yes else 'no'}"):
                    self.draws.append((widget.page, self._draw_x(widget)))
        # "11" is in TEXT_KEYS already when the form has a text field for box 11: each section once.
        ordered = [self.sections[k] for k in dict.fromkeys([*TEXT_KEYS, "11"]) if k in self.sections]
        for section in unmapped:
            section.heading = f"{section.heading} (this form has no field for it)"
        sheets = continuation_sheets(self.form, ordered + unmapped, self.family)
        return sheets + schedule_sheets(self.form, self.family)

    def _plan_amounts(self, amounts: list) -> None:
        """12a-12d side by side: each centred in its field, then all on the lowest of those
        baselines (the GSA form's 12d field is shorter than 12a-12c), where each still fits."""
        pages = {widget.page for _, widget, _ in amounts}
        baselines = {key: self._centred_baseline(widget, result) for key, widget, result in amounts}
        common = min(baselines.values()) if len(pages) == 1 and baselines else None
        for key, widget, result in amounts:
            bottom = widget.rect[1] + PAD + result.size * 0.25  # room for descenders
            y = common if common is not None and common >= bottom else baselines[key]
            self.draws.append((widget.page, self._draw_fit(key, widget, result, baseline=y)))

    @staticmethod
    def _centred_baseline(widget: Widget, result) -> float:
        x0, y0, x1, y1 = widget.rect
        h = y1 - y0 - 2 * PAD
        offset = (h - result.size * LEADING) / 2 if h < 3 * result.size else 0
        return y1 - PAD - offset - result.lines[0].y

    @staticmethod
    def _label_key(key: str) -> str:
        return "10.body" if key == "10" else key

    def _draw_fit(self, key: str, widget: Widget, result, baseline: float | None = None):
        x0, y0, x1, y1 = widget.rect
        h = y1 - y0 - 2 * PAD

        def draw(c) -> None:
            lines = result.lines
            # a single line in a low field is centred vertically; otherwise text starts at the top
            offset = (
                (h - result.size * LEADING) / 2
                if len(lines) == 1 and not result.overflow and h < 3 * result.size
                else 0
            )
            top = y1 - PAD - offset
            if baseline is not None and lines:
                top = baseline + lines[0].y
            for line in lines:
                c.setFont(self.font.bold if line.bold else self.font.regular, result.size)
                c.drawString(x0 + PAD, top - line.y, line.text)
            if result.overflow:
                note = marker(self.sections.get(key))
                size = shrink_to_width(note, self.font.italic, result.size, x1 - x0 - 2 * PAD)
                c.setFont(self.font.italic, size)
                c.drawString(x0 + PAD, top - (result.marker_y or result.size), note)

        return draw

    def _draw_x(self, widget: Widget):
        x0, y0, x1, y1 = widget.rect

        def draw(c) -> None:
            inset = max(1.0, min(x1 - x0, y1 - y0) * 0.18)
            c.setLineWidth(1.2)
            c.line(x0 + inset, y0 + inset, x1 - inset, y1 - inset)
            c.line(x0 + inset, y1 - inset, x1 - inset, y0 + inset)

        return draw

    def _plan_witnesses(self, unmapped: list[Section]) -> None:
        rows = self.form.witnesses
        name_field, addr_field = self.text_field("11.name"), self.text_field("11.address")
        if rows is None:
            for target in (name_field, addr_field):
                if target is not None:
                    self.draws.append(
                        (
                            target.widgets[0].page,
                            self._draw_fit(
                                "11",
                                target.widgets[0],
                                fit(
                                    [[Para(str(fill_text("none")))]],
                                    (self.font.regular, self.font.bold),
                                    999,
                                    999,
                                    10.0,
                                    SMALLEST,
                                ),
                            ),
                        )
                    )
            if name_field is None and addr_field is None:
                unmapped.append(Section("11", f"11. {label('11.head')}", paras=[Para(str(fill_text("none")))]))
            return
        if name_field is None or addr_field is None:
            target = name_field or addr_field
            paras = [Para(f"{name} — {address}".replace("\n", ", ")) for name, address in rows]
            if target is None:
                unmapped.append(Section("11", f"11. {label('11.head')}", rows=rows))
                return
            widget = target.widgets[0]
            x0, y0, x1, y1 = widget.rect
            result = fit(
                [paras],
                (self.font.regular, self.font.bold),
                x1 - x0 - 2 * PAD,
                y1 - y0 - 2 * PAD,
                10.0,
                SMALLEST,
                SPILL,
            )
            if result.overflow:
                self.sections["11"] = Section("11", f"11. {label('11.head')}", paras=result.overflow)
            self.draws.append((widget.page, self._draw_fit("11", widget, result)))
            return
        name_w, addr_w = name_field.widgets[0], addr_field.widgets[0]
        height = min(name_w.rect[3] - name_w.rect[1], addr_w.rect[3] - addr_w.rect[1]) - 2 * PAD
        size, placed, overflow = fit_witnesses(
            rows,
            (self.font.regular, self.font.bold),
            name_w.rect[2] - name_w.rect[0] - 2 * PAD,
            addr_w.rect[2] - addr_w.rect[0] - 2 * PAD,
            height,
            10.0,
            SMALLEST,
        )
        if overflow:
            self.sections["11"] = Section("11", f"11. {label('11.head')}", rows=overflow)

        def draw(c) -> None:
            last = 0.0
            for name_lines, addr_lines, dy in placed:
                for widget, lines in ((name_w, name_lines), (addr_w, addr_lines)):
                    c.setFont(self.font.regular, size)
                    for n, line in enumerate(lines):
                        c.drawString(
                            widget.rect[0] + PAD, widget.rect[3] - PAD - dy - n * size * LEADING - size * 0.93, line
                        )
                last = dy + max(len(name_lines), len(addr_lines)) * size * LEADING
            if overflow:
                note = marker(self.sections.get("11"))
                note_size = shrink_to_width(note, self.font.italic, size, name_w.rect[2] - name_w.rect[0] - 2 * PAD)
                c.setFont(self.font.italic, note_size)
                c.drawString(
                    name_w.rect[0] + PAD, name_w.rect[3] - PAD - last - size * 0.3 * LEADING - size * 0.93, note
                )

        self.draws.append((name_w.page, draw))

    def _plan_signature(self) -> None:
        target = self.text_field("13a")
        if target is None:
            return
        widget = target.widgets[0]
        sig = self.form.signature
        x0, y0, x1, y1 = widget.rect
        who = sig.signer + (f", {sig.capacity}" if sig.capacity else "")

        def draw(c) -> None:
            # two tiers, as on the drawn form: the mark and the line to sign on above, the
            # caption below them (never beside the ✗ on the same line)
            room = x1 - x0 - 2 * PAD
            line_y = y0 + SIGN_LINE
            if sig.electronic:
                text = str(fill_text("electronic")).format(signer=sig.signer)
                size = shrink_to_width(text, self.font.italic, 10, room, 5)
                c.setFont(self.font.italic, size)
                c.drawString(x0 + PAD, line_y + 1.5, text)
                caption = str(fill_text("signed_caption")).format(signer=who)
            else:
                c.setFont(self.font.bold, 9)
                c.drawString(x0 + PAD, line_y + 0.5, "✗")
                c.setLineWidth(0.5)
                c.line(x0 + PAD + 12, line_y, x1 - PAD, line_y)
                tag = str(fill_text("sign_here"))
                c.setFont(self.font.bold, 5.5)
                c.drawRightString(x1 - PAD, line_y + 2.0, tag)
                caption = str(fill_text("sign_caption")).format(signer=who)
            size = shrink_to_width(caption, self.font.regular, 6.2, room - 12, 5.0)
            if width(caption, self.font.regular, size) > room - 12:
                caption = caption.split(",")[0]
                size = shrink_to_width(caption, self.font.regular, 6.2, room - 12, 3.0)
            c.setFont(self.font.regular, size)
            c.drawString(x0 + PAD + 12, y0 + CAPTION_Y, caption)

        self.draws.append((widget.page, draw))

    def pdf(self, blob: bytes, form_path: str) -> bytes:
        from pypdf import PdfReader, PdfWriter
        from pypdf.generic import NameObject

        sheets = self.plan()
        reader = open_form(form_path, blob)
        form_pages = len(reader.pages)
        pages = form_pages + len(sheets)
        overlay = io.BytesIO()
        c = new_canvas(overlay, self.epoch)
        for index, page in enumerate(reader.pages):
            box = page.mediabox
            c.setPageSize((float(box.right), float(box.top)))
            for page_index, draw in self.draws:
                if page_index == index:
                    c.setFillGray(0)
                    c.setStrokeGray(0)
                    draw(c)
            c.setFillGray(0.35)
            c.setFont(self.font.regular, 6)
            c.drawString(float(box.left) + 20, float(box.bottom) + 8, footer(self.final))
            c.drawRightString(float(box.right) - 20, float(box.bottom) + 8, page_label(index + 1, pages))
            c.showPage()
        c.save()
        stamps = PdfReader(io.BytesIO(overlay.getvalue()))
        writer = PdfWriter(clone_from=reader)
        for index, page in enumerate(writer.pages):
            page.merge_page(stamps.pages[index])
        writer.remove_annotations(subtypes="/Widget")
        root = writer._root_object
        if "/AcroForm" in root:
            del root[NameObject("/AcroForm")]
        if sheets:
            extra = io.BytesIO()
            c = new_canvas(extra, self.epoch)
            for n, sheet in enumerate(sheets, form_pages + 1):
                draw_sheet(c, sheet, self.family, footer(self.final), page_label(n, pages))
                c.showPage()
            c.save()
            writer.append(PdfReader(io.BytesIO(extra.getvalue())))
        if "/Metadata" in root:  # the blank form's XMP (its maker, its dates) no longer describes this file
            del root[NameObject("/Metadata")]
        meta = {"/Title": f"SF-95 — {self.form.name}"}
        if not self.final:
            meta.update({"/Creator": "claimgen", "/Producer": "claimgen (pypdf, reportlab)"})
        if self.epoch is not None:
            meta["/CreationDate"] = meta["/ModDate"] = pdf_date(self.epoch)
        writer.add_metadata(meta)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def render(ctx) -> None:
    """With ``--official-sf95 FORM.pdf``: one filled, flattened copy of that form per claimant."""
    form_path = ctx.options.official_sf95
    if not form_path:
        return
    form_path = str(form_path)
    font = fonts.load(ctx.options.font)
    forms = prepare(ctx.case, str(ctx.case_path), font)
    blob = read_form(form_path)
    form_fields = list_fields(open_form(form_path, blob))
    if not form_fields:
        raise _bad_form(
            form_path, "has no fillable fields; give a fillable SF-95 (or print claimgen's sf95-*.pdf instead)"
        )
    map_path = ctx.options.sf95_field_map
    overrides, map_problems = load_field_map(map_path)
    matched = match_fields(form_fields, overrides, map_path, map_problems)
    required = [str(k) for k in data.load("sf95_fields")["required"]]
    missing = [k for k in required if (k, "text") not in matched]
    if missing:
        raise _bad_form(
            form_path,
            "does not look like a fillable SF-95: no field found for box "
            + ", ".join(missing)
            + "; name the fields with --sf95-field-map MAP.yaml",
        )
    for form in forms:
        pdf = OfficialFill(form, font, matched, ctx.source_date_epoch(), final=ctx.options.final).pdf(blob, form_path)
        ctx.write(f"sf95-official-{form.claimant_id}.pdf", pdf, "sf95_official", claimant=form.claimant_id)
