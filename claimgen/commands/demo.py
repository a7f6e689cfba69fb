"""``claimgen demo`` — build the bundled Minneapolis example so a new user sees a whole packet."""

from __future__ import annotations

from pathlib import Path

from . import as_of, collect_less_often
from .build import build_options, print_manifest

DEMO_CASE = "minneapolis-home-entry"


def run(args) -> int:
    from ..api import build, example, load_case

    collect_less_often()
    case_path = example(DEMO_CASE)
    outdir = Path(args.outdir)
    manifest = build(load_case(case_path), outdir, build_options(args), as_of=as_of(args))
    print(f"Demo case: {case_path}")
    print_manifest(outdir, manifest)
    print(f"Open {outdir.resolve()} to read the packet.")
    return 0
