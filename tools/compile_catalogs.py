"""Compile the interview's gettext catalogs (.po -> .mo) with babel; ``--extract`` refreshes the .po first.

    python tools/compile_catalogs.py            # claimgen/locale/*/LC_MESSAGES/claimgen.po -> .mo
    python tools/compile_catalogs.py --extract  # add new msgids from the code to every .po (empty msgstr), then compile
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
SOURCES = [ROOT / "claimgen" / "interview", ROOT / "claimgen" / "commands" / "interview.py"]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract_msgids() -> dict[str, list[tuple[str, int]]]:
    """Every msgid the interview code marks, with where it appears."""
    from babel.messages.extract import extract

    found: dict[str, list[tuple[str, int]]] = {}
    files: list[Path] = []
    for src in SOURCES:
        files += sorted(src.rglob("*.py")) if src.is_dir() else [src]
    for path in files:
        with path.open("rb") as fh:
            for lineno, message, _comments, _ctx in extract("python", fh, keywords=KEYWORDS):
                ids = message if isinstance(message, tuple) else (message,)
                for msgid in ids:
                    if msgid:
                        found.setdefault(msgid, []).append((str(path.relative_to(ROOT)), lineno))
    return found


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


def update(path: Path, msgids: dict[str, list[tuple[str, int]]]) -> int:
    """Add missing msgids (empty translation); keep existing ones. Returns how many were added."""
    catalog = read_po(path)
    added = 0
    for msgid, locations in msgids.items():
        if msgid not in catalog:
            catalog.add(msgid, "", locations=locations)
            added += 1
        else:
            catalog[msgid].locations = locations
    write_po(path, catalog)
    return added


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
            if msg is None or not msg.string or msg.fuzzy:
                problems.append(f"{po.relative_to(ROOT)}: missing translation of {msgid!r}")
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            problems.append(f"{mo.relative_to(ROOT)}: out of date; run `make catalogs`")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extract", action="store_true", help="add new msgids from the code to each .po first")
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
            print(f"{po.relative_to(ROOT)}: {update(po, msgids)} new message(s)")
    for mo in compile_all():
        print(f"wrote {mo.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
