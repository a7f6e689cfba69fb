"""Regenerate the DOCX templates in claimgen/templates/ from their python-docx sources.

The generators are the source of the templates (docs/maintainers.md): each module in
tools/templates/ defines ``build(path)`` writing one template, and the generated .docx
files are committed so that an installed claimgen needs no generator. Do not edit the
.docx files in Word: tests/test_templates.py fails when a committed template differs
from what its generator writes. Zip timestamps are fixed, so running this without a
change to a generator leaves every file byte-identical.
Run: make templates
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT.parent / "claimgen" / "templates"


def main(names: list[str]) -> int:
    OUT.mkdir(exist_ok=True)
    for src in sorted((ROOT / "templates").glob("*.py")):
        if names and src.stem not in names:
            continue
        spec = importlib.util.spec_from_file_location(f"tpl_{src.stem}", src)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        target = OUT / f"{src.stem}.docx"
        module.build(target)
        fix_timestamps(target)
        print(f"wrote {target.relative_to(ROOT.parent)}")
    return 0


def fix_timestamps(path: Path) -> None:
    """Rewrite the zip with every member dated 1980-01-01 (python-docx stamps the current time)."""
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            out.writestr(fixed, data)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
