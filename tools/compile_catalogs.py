"""Compile the interview's gettext catalogs (.po -> .mo) with babel; ``--extract`` refreshes the .po first.

    python tools/compile_catalogs.py            # claimgen/locale/*/LC_MESSAGES/claimgen.po -> .mo
    python tools/compile_catalogs.py --extract  # bring every .po in line with the code (new msgids added with an
                                                # empty msgstr, msgids no longer used dropped), then compile
    python tools/compile_catalogs.py --check    # exit 1 if a msgid lacks a translation or a .mo is stale

The .mo files are committed (the package ships them; babel is only needed here and
in the tests). Output is deterministic: no creation dates, messages sorted.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "claimgen" / "locale"
DOMAIN = "claimgen"
SOURCES = [
    ROOT / "claimgen" / "interview",
    ROOT / "claimgen" / "commands" / "interview.py",
    ROOT / "claimgen" / "serve",
]
TEMPLATES = ROOT / "claimgen" / "serve" / "templates"  # the web pages: Jinja templates calling _() and ngettext()
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# Strings kept in data files that the interview shows translated (``_(row["name"])`` and the like).
DATA_MSGIDS = ("claimgen/data/agencies.yaml", "claimgen/data/conduct.yaml", "claimgen/data/deadlines.yaml")
WORDING_MSGIDS = "claimgen/data/next_steps.yaml"  # the next-steps sheet: every text is a msgid
WORDING_NOT_TEXT = {"last_checked", "citations"}  # its keys that hold data, not words


def extract_msgids() -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Every msgid the interview code marks, with where it appears ((singular, plural) for ngettext)."""
    from babel.messages.extract import extract

    found: dict[str, list[tuple[str, int]]] = {}
    files: list[Path] = []
    for src in SOURCES:
        files += sorted(src.rglob("*.py")) if src.is_dir() else [src]
    files += sorted(TEMPLATES.glob("*.html"))
    for path in files:
        method = "jinja2.ext:babel_extract" if path.suffix == ".html" else "python"
        with path.open("rb") as fh:
            for lineno, message, _comments, _ctx in extract(method, fh, keywords=KEYWORDS):
                # ngettext gives (singular, plural): kept whole, as babel's catalogs take it
                msgid = tuple(message) if isinstance(message, (tuple, list)) else message
                if msgid and all(msgid):
                    found.setdefault(msgid, []).append((str(path.relative_to(ROOT)), lineno))
    for msgid, where in data_msgids():
        found.setdefault(msgid, []).append((where, 0))
    for msgid in wording_msgids():
        found.setdefault(msgid, []).append((WORDING_MSGIDS, 0))
    return found


def data_msgids() -> list[tuple[str, str]]:
    """(msgid, data file) for the data strings the interview translates when it shows them:
    agency names and their other offices, conduct labels and the deadline status words."""
    sys.path.insert(0, str(ROOT))
    try:
        from claimgen import data
    finally:
        sys.path.pop(0)
    agencies, conduct, deadlines = DATA_MSGIDS
    found = [(row["name"], agencies) for row in data.agencies().values()]
    found += [(o["office"], agencies) for row in data.agencies().values() for o in row.get("other_offices") or ()]
    found += [(row["label"], conduct) for row in data.conduct().values()]
    words = data.load("deadlines")["status_words"]
    found += [(word, deadlines) for kind in words.values() for word in kind.values()]
    return list(dict.fromkeys(found))


def wording_msgids() -> list[str]:
    """Every text of the next-steps sheet's wording file (each one is shown translated)."""
    import yaml

    def texts(node) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [t for item in node for t in texts(item)]
        if isinstance(node, dict):
            return [t for key, value in node.items() if key not in WORDING_NOT_TEXT for t in texts(value)]
        return []

    return texts(yaml.safe_load((ROOT / WORDING_MSGIDS).read_text(encoding="utf-8")))


def shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def po_files() -> list[Path]:
    return sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_po(path: Path):
    from babel.messages.pofile import read_po as _read

    with path.open("rb") as fh:
        return _read(fh, locale=path.parent.parent.name, domain=DOMAIN)


def write_po(path: Path, catalog) -> None:
    from babel.messages.pofile import write_po as _write

    buf = io.BytesIO()
    _write(buf, catalog, width=100, omit_header=False, sort_output=False, include_previous=False)
    path.write_bytes(buf.getvalue())


def mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def update(path: Path, msgids: dict[str, list[tuple[str, int]]]) -> tuple[int, int]:
    """Bring one .po in line with the code: (how many msgids were added, how many dropped).

    babel's own update: a new msgid gets an empty translation (or, when it is close to
    a message that went away, that translation marked fuzzy, which ``--check`` and the
    compiled catalog treat as missing until a translator confirms it); a msgid the
    code no longer uses is dropped (git keeps its history), not kept as ``#~`` clutter.
    """
    from babel.messages.catalog import Catalog

    catalog = read_po(path)
    before = {m.id for m in catalog if m.id}
    template = Catalog(domain=DOMAIN)
    for msgid, locations in msgids.items():
        template.add(msgid, locations=locations)
    catalog.update(template, update_header_comment=False, update_creation_date=False)
    catalog.obsolete.clear()
    after = {m.id for m in catalog if m.id}
    write_po(path, catalog)
    return len(after - before), len(before - after)


def compile_all() -> list[Path]:
    written = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        data = mo_bytes(read_po(po))
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            written.append(mo)
    return written


def check() -> list[str]:
    problems = []
    msgids = extract_msgids()
    for po in po_files():
        catalog = read_po(po)
        for msgid in msgids:
            msg = catalog.get(msgid)
            forms = msg.string if msg is not None and isinstance(msg.string, tuple) else (msg.string if msg else "",)
            if msg is None or not all(forms) or msg.fuzzy:  # every plural form translated
                problems.append(f"{shown(po)}: missing translation of {msgid!r}")
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            problems.append(f"{shown(mo)}: out of date; run `make catalogs`")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--extract", action="store_true", help="add new msgids from the code to each .po, drop unused ones, first"
    )
    ap.add_argument("--check", action="store_true", help="report missing translations and stale .mo files")
    args = ap.parse_args(argv)
    if args.check:
        problems = check()
        for p in problems:
            print(p)
        return 1 if problems else 0
    if args.extract:
        msgids = extract_msgids()
        for po in po_files():
            added, dropped = update(po, msgids)
            print(f"{shown(po)}: {added} new message(s), {dropped} no longer used dropped")
    for mo in compile_all():
        print(f"wrote {shown(mo)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
