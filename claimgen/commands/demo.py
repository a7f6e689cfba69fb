"""``claimgen demo`` — build the bundled Minneapolis example so a new user sees a whole packet."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from . import as_of
from .build import build_options, print_manifest

DEMO_CASE = "minneapolis-home-entry/case.yaml"


def run(args) -> int:
    from ..packet import build

    root = resources.files("claimgen").joinpath("examples")
    with resources.as_file(root) as examples:
        case_path = Path(examples) / DEMO_CASE
        outdir = Path(args.outdir)
        manifest = build(case_path, outdir, as_of(args), build_options(args))
    print(f"Demo case: {case_path}")
    print_manifest(outdir, manifest)
    print(f"Open {outdir.resolve()} to read the packet.")
    return 0
