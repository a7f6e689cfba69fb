"""CSV files as spreadsheets open them safely: UTF-8 with a byte-order mark, formulas defused.

Excel on Windows reads a CSV without a byte-order mark in the local code page (María
becomes MarÃ­a); with the mark it reads UTF-8. Excel and LibreOffice also run a cell that
starts with ``=``, ``+``, ``-`` or ``@`` (or TAB or CR before one) as a formula: a
description such as ``=HYPERLINK("http://…","x")`` would become a live link. As OWASP
recommends for CSV injection, such a cell is written with a leading apostrophe (``'=…``),
which spreadsheets show as text. Every CSV claimgen writes goes through :func:`csv_bytes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell: object) -> str:
    """The cell as text, with ``'`` in front when a spreadsheet would read it as a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """RFC 4180 (comma, double-quote quoting, CRLF records), UTF-8 with a byte-order mark."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([defuse(h) for h in header])
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
    return (BOM + buf.getvalue()).encode("utf-8")
