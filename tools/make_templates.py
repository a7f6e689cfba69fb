"""Regenerate the DOCX templates in claimgen/templates/ from their python-docx sources.

Each module in tools/templates/ defines ``build(path)`` writing one template. The
generated .docx files are committed: edit them in Word afterwards if you like
(keep every {{ tag }} inside one run; see docs in claimgen/render/docx.py).
Run: make templates
"""

from __future__ import annotations

import importlib.util
import sys
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
        print(f"wrote {target.relative_to(ROOT.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
