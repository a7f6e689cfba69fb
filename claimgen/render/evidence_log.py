"""The evidence log: ``evidence-log.docx``, ``evidence-log.csv`` and ``SHA256SUMS``.

One row per exhibit, the same rows in the DOCX (a landscape table from
templates/evidence_log.docx) and the CSV (UTF-8, RFC 4180, CRLF line ends).
``SHA256SUMS`` is in the format ``sha256sum -c`` reads, with paths as stored in
the case file — relative to the case file's folder — so it is checked with::

    cd <folder of case.yaml> && sha256sum -c /path/to/packet/SHA256SUMS

Its first line, a comment (``sha256sum -c`` skips lines that start with ``#``),
says so, because the exhibits are not inside the packet (exhibits stored outside
the case folder have absolute paths and check from anywhere). With no exhibits
there is no SHA256SUMS: ``sha256sum -c`` refuses an empty list, and the DOCX log
says that none is registered.
Ids in ``supports`` (and the reverse links: damages items and representatives
that cite an exhibit) are resolved to people and things a reader knows:
"Tomás Ramírez (claimant c1)", "SF-95 box 8 (basis of claim)". A final copy
(``build --final``) names them without the case file's internal ids.
Nothing here reads the clock: the same case and ``--as-of`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

from .. import formatting as T
from ..errors import CaseError, Problem
from ..model import Case, Evidence
from .csvfile import csv_bytes as _csv_file
from .finalcopy import case_name, docx_properties, is_final

KIND_DOCX, KIND_CSV, KIND_SUMS = "evidence_log", "evidence_log_csv", "evidence_sha256sums"
DOCX_NAME, CSV_NAME, SUMS_NAME = "evidence-log.docx", "evidence-log.csv", "SHA256SUMS"

# Titles of the SF-95's numbered boxes (the form's own wording, shortened).
SF95_BOXES = {
    "2": "name and address of the claimant",
    "8": "basis of claim",
    "9": "property damage",
    "10": "personal injury / wrongful death",
    "11": "witnesses",
    "12a": "amount claimed: property damage",
    "12b": "amount claimed: personal injury",
    "12c": "amount claimed: wrongful death",
    "12d": "total amount claimed",
    "13": "signature of claimant",
}

CSV_COLUMNS = [
    "exhibit", "description", "source", "custodian", "captured_at", "obtained_on", "original_name", "path",
    "size_bytes", "mime_type", "sha256", "metadata", "metadata_flags", "supports", "supports_ids", "custody",
]

_METADATA_LABELS = {
    "device": "Device",
    "software": "Software",
    "duration_seconds": "Duration",
    "captured_at_source": "Time from",
    "exif_datetime": "EXIF last changed",
}


# ---------------------------------------------------------------- small formatters


def _size(n: int) -> list[str]:
    if n < 1000:
        return [f"{n} bytes"]
    return [T.human_size(n), f"{n:,} bytes"]


def _when(value: Any) -> str:
    """An ISO date-time (str or datetime) as '2025-06-14 06:12:30 UTC-05:00' (no offset: as recorded)."""
    if value is None or value == "":
        return ""
    when = value
    if isinstance(value, str):
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            return T.clean(value)
    if not isinstance(when, dt.datetime):
        return T.clean(str(value))
    text = when.strftime("%Y-%m-%d %H:%M:%S")
    off = when.utcoffset()
    if off is None:
        return text
    if off == dt.timedelta(0):
        return text + " UTC"
    total = int(off.total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{text} UTC{sign}{total // 60:02d}:{total % 60:02d}"


def _duration(seconds: Any) -> str:
    try:
        s = float(seconds)
    except (TypeError, ValueError):
        return T.clean(str(seconds))
    whole = int(round(s))
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _metadata_lines(e: Evidence) -> list[str]:
    md = dict(e.metadata or {})
    out: list[str] = []
    if e.mime_type:
        out.append(T.clean(e.mime_type))
    if "width" in md and "height" in md:
        out.append(f"{md.pop('width')} × {md.pop('height')} pixels")
    lat, lon = md.pop("gps_latitude", None), md.pop("gps_longitude", None)
    if lat is not None and lon is not None:
        line = f"GPS {lat}, {lon}"
        alt = md.pop("gps_altitude_m", None)
        if alt is not None:
            line += f" (altitude {alt} m)"
        out.append(line)
    for key, value in md.items():
        label = _METADATA_LABELS.get(key, str(key).replace("_", " ").capitalize())
        shown = _duration(value) if key == "duration_seconds" else value
        if isinstance(shown, (dict, list)):
            shown = ", ".join(str(x) for x in (shown.items() if isinstance(shown, dict) else shown))
        out.append(T.clean(f"{label}: {shown}"))
    if e.file_modified:
        out.append(f"File modified {_when(e.file_modified)}")
    for flag in e.metadata_flags:
        out.append(T.clean(f"FLAG: {flag}"))
    return out


# ---------------------------------------------------------------- links


def supports_index(case: Case, with_ids: bool = True) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(id → human name, exhibit → ids citing it from elsewhere in the case).

    ``with_ids=False`` (a final copy): the names without the case file's internal ids.
    """
    names: dict[str, str] = {}
    cited_by: dict[str, list[str]] = {}
    for c in case.claimants:
        tag = f" {c.id}" if with_ids else ""
        names[c.id] = f"{T.clean(c.name)} (claimant{tag})"
        for item in c.damages_items:
            label = f"{T.clean(item.description)} — {T.money(item.amount)} (damages item"
            label += f" {item.id}, {T.clean(c.name)})" if item.id and with_ids else f" of {T.clean(c.name)})"
            key = item.id or f"{c.id}:{item.description}"
            names[key] = label
            for ex in item.evidence:
                cited_by.setdefault(ex, []).append(key)
        if c.representative:
            key = f"{c.id}:representative"
            names[key] = f"authority of {T.clean(c.representative.name)} to act for {T.clean(c.name)} (claimant{tag})"
            for ex in c.representative.authority_documents:
                cited_by.setdefault(ex, []).append(key)
    for w in case.witnesses:
        if w.id:
            names[w.id] = f"{T.clean(w.name)} (witness {w.id})" if with_ids else f"{T.clean(w.name)} (witness)"
    for box, title in SF95_BOXES.items():
        names[f"box-{box}"] = f"SF-95 box {box} ({title})"
    return names, cited_by


def _supports(e: Evidence, names: dict[str, str], cited_by: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    ids = list(dict.fromkeys([*e.supports, *cited_by.get(e.id, [])]))
    return [names.get(i, T.clean(i)) for i in ids], ids


# ---------------------------------------------------------------- custody


def _custody_lines(e: Evidence) -> list[str]:
    out = []
    for ev in e.custody:
        line = f"{_when(ev.at)} — {T.clean(ev.action)} by {T.clean(ev.by)}"
        if ev.to:
            line += f" to {T.clean(ev.to)}"
        if ev.method:
            line += f" ({T.clean(ev.method)})"
        if ev.sha256:
            line += "; hash matches" if ev.sha256 == e.sha256 else f"; HASH DIFFERS: {ev.sha256}"
        if ev.note:
            line += f". {T.clean(ev.note)}"
        out.append(line)
    return out


# ---------------------------------------------------------------- rows


def _captured_lines(e: Evidence) -> list[str]:
    out = []
    if e.captured_at:
        out.append(f"Captured {_when(e.captured_at)}")
    if e.obtained_on:
        out.append(f"Obtained {T.long_date(e.obtained_on)}")
    registered = next((ev for ev in e.custody if ev.action.strip().lower() == "registered"), None)
    if registered is not None:
        out.append(f"Registered {_when(registered.at)}")
    return out


def build_rows(case: Case, final: bool = False) -> list[dict[str, Any]]:
    """One dict per exhibit; ``lines`` fields are lists for the DOCX, joined for the CSV."""
    names, cited_by = supports_index(case, with_ids=not final)
    rows = []
    for e in case.evidence:
        supports, support_ids = _supports(e, names, cited_by)
        original = T.clean(e.original_name or PurePosixPath(e.path).name)
        rows.append(
            {
                "id": e.id,
                "description": T.paragraphs(e.description),
                "source_text": T.clean(e.source or ""),
                "custodian_text": T.clean(e.custodian or ""),
                "captured": _captured_lines(e),
                "captured_at": T.clean(e.captured_at or ""),
                "obtained_on": e.obtained_on.isoformat() if e.obtained_on else "",
                "original_name": original,
                "path": T.clean(e.path),
                "size_bytes": e.size,
                "size": _size(e.size),
                "mime_type": T.clean(e.mime_type or ""),
                "sha256": e.sha256,
                "metadata": _metadata_lines(e),
                "flags": [T.clean(f) for f in e.metadata_flags],
                "supports": supports,
                "supports_ids": support_ids,
                "custody": _custody_lines(e),
            }
        )
    return rows


def _docx_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every multi-line cell gets at least one line (a table cell must hold a paragraph)."""
    source = []
    if row["source_text"]:
        source.append(f"Source: {row['source_text']}")
    if row["custodian_text"]:
        source.append(f"Custodian: {row['custodian_text']}")
    name = [row["original_name"]]
    if row["path"] != row["original_name"]:
        name.append(f"Stored at: {row['path']}")
    out = {
        "id": row["id"],
        "description": row["description"],
        "source": source,
        "captured": row["captured"],
        "name": name,
        "size": row["size"],
        "sha256": row["sha256"],
        "metadata": row["metadata"],
        "supports": row["supports"],
        "custody": row["custody"],
    }
    for key, value in out.items():
        if isinstance(value, list) and not value:
            out[key] = ["—"]
    return out


_BODY_OPEN = re.compile(r"^<w:body\b[^>]*>")
_BODY_IN_DOC = re.compile(r"<w:body[ >/]")
_LISTING_CHARS = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


def large_table_template():
    """docxtpl's DocxTemplate without two costs that grow with a 10,000-row table.

    1. ``resolve_listing`` rewrites every paragraph with regexes, to turn \\n, \\t,
       \\a and \\f inside text into Word markup; it is skipped when no text holds one.
    2. ``map_tree`` moves the rendered body into the template's document, which
       lxml does node by node (seconds for a million nodes); instead the rendered
       body is parsed once inside a copy of the document element, which replaces
       the old one. The bytes written are the same either way.
    Anything unexpected falls back to docxtpl's own code.
    """
    from docx.oxml.parser import oxml_parser
    from docxtpl import DocxTemplate
    from lxml import etree

    class LargeTableTemplate(DocxTemplate):
        def resolve_listing(self, xml):
            if _LISTING_CHARS.search(xml) is None:
                return xml
            return super().resolve_listing(xml)

        def fix_tables(self, xml):
            root_xml = etree.tostring(self.docx._element, encoding="unicode")
            start = _BODY_IN_DOC.search(root_xml)
            end = root_xml.rfind("</w:body>")
            head = _BODY_OPEN.match(xml)
            tail = xml.rfind("</w:body>")
            if start is None or end < 0 or head is None or tail < 0:
                return super().fix_tables(xml)
            text = root_xml[: start.start()] + "<w:body>" + xml[head.end() : tail] + root_xml[end:]
            document = etree.fromstring(text.encode("utf-8"), oxml_parser)
            return document.body

        def fix_docpr_ids(self, tree):
            import docx.oxml.ns

            for elt in etree._Element.xpath(tree, "//wp:docPr", namespaces=docx.oxml.ns.nsmap):
                self.docx_ids_index += 1
                elt.attrib["id"] = str(self.docx_ids_index)

        def map_tree(self, tree):
            document = tree.getparent()
            if document is None or document.tag != self.docx._element.tag:
                return super().map_tree(tree)
            self.docx._element = document
            self.docx._part._element = document

    return LargeTableTemplate


def docx_bytes(case: Case, case_file_name: str, as_of: dt.date, epoch: int, rows: list[dict[str, Any]] | None = None,
               *, title: str | None = None, final: bool = False) -> bytes:
    """The DOCX log. ``title``: the case's name (its ``title``, or its folder's name); ``final``: the agency's copy."""
    from .docx import render_docx

    rows = build_rows(case, final) if rows is None else rows
    n = len(rows)
    name = T.clean(case.title) if title is None and case.title else (title or "")
    context = {
        "case_title": name,
        "as_of": T.long_date(as_of),
        "count_text": f"{n} exhibit{'s' * (n != 1)}" if n else "no exhibits registered",
        "case_file_name": T.clean(case_file_name),
        "rows": [_docx_row(r) for r in rows],
        "final": final,
    }
    properties = docx_properties(case, f"Evidence log — {name}" if name else "Evidence log", "Evidence log and chain of custody")
    return render_docx("evidence_log", context, epoch, template_class=large_table_template(), properties=properties)


def csv_columns(final: bool = False) -> list[str]:
    """The CSV's columns; a final copy has no ``supports_ids`` (the case file's internal ids)."""
    return [c for c in CSV_COLUMNS if not (final and c == "supports_ids")]


def csv_bytes(rows: list[dict[str, Any]], final: bool = False) -> bytes:
    """One row per exhibit, through :func:`claimgen.render.csvfile.csv_bytes` (BOM, formulas defused)."""
    columns = csv_columns(final)
    return _csv_file(columns, [[cell for col, cell in zip(CSV_COLUMNS, _csv_cells(r)) if col in columns] for r in rows])


def _csv_cells(r: dict[str, Any]) -> list[str]:
    """The cells of one row, in the order of CSV_COLUMNS."""
    return [
        r["id"],
        "\n\n".join(r["description"]),
        r["source_text"],
        r["custodian_text"],
        r["captured_at"],
        r["obtained_on"],
        r["original_name"],
        r["path"],
        str(r["size_bytes"]),
        r["mime_type"],
        r["sha256"],
        "\n".join(line for line in r["metadata"] if not line.startswith("FLAG: ")),
        "\n".join(r["flags"]),
        "\n".join(r["supports"]),
        " ".join(r["supports_ids"]),
        "\n".join(r["custody"]),
    ]


def sums_line(sha256: str, path: str) -> str:
    """One ``sha256sum`` line. A name with a backslash or line break gets GNU's escaped form:
    a leading backslash, then ``\\\\`` and ``\\n`` inside the name (``sha256sum -c`` undoes it)."""
    if "\\" in path or "\n" in path or "\r" in path:
        escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{sha256}  {escaped}\n"
    return f"{sha256}  {path}\n"


def sums_bytes(case: Case, case_file_name: str = "case.yaml") -> bytes:
    """The SHA256SUMS file: a comment line saying where to run it, then one line per exhibit."""
    where = T.clean(case_file_name).replace("\n", " ")
    head = (f"# Paths are relative to the folder that holds {where} (the exhibits are not in this packet): "
            "run sha256sum -c with this file from that folder.\n")
    return (head + "".join(sums_line(e.sha256, e.path) for e in case.evidence)).encode("utf-8")


def render(ctx) -> None:
    case: Case = ctx.case
    for i, e in enumerate(case.evidence):
        if "\r" in e.path:
            raise CaseError(str(ctx.case_path), [Problem(f"evidence[{i}].path", "contains a carriage return; rename the file and register it again")])
    final = is_final(ctx)
    rows = build_rows(case, final)
    epoch = ctx.source_date_epoch()
    title = case_name(case, ctx.case_path)
    ctx.write(DOCX_NAME, docx_bytes(case, ctx.case_path.name, ctx.as_of, epoch, rows, title=title, final=final), KIND_DOCX)
    ctx.write(CSV_NAME, csv_bytes(rows, final), KIND_CSV)
    if case.evidence:  # `sha256sum -c` refuses a file with no lines, so none is written
        ctx.write(SUMS_NAME, sums_bytes(case, ctx.case_path.name), KIND_SUMS)
