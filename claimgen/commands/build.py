"""``claimgen build CASE -o OUTDIR`` — the whole packet, swapped into place at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import as_of


def build_options(args):
    """The command line's build options (a bad ``--bates-prefix`` is a UsageError, exit 2)."""
    from ..options import BuildOptions

    return BuildOptions(
        official_sf95=getattr(args, "official_sf95", None),
        sf95_field_map=getattr(args, "sf95_field_map", None),
        font=getattr(args, "font", None) or os.environ.get("CLAIMGEN_FONT"),
        final=bool(getattr(args, "final", False)),
        bates_prefix=BuildOptions.bates_prefix if getattr(args, "bates_prefix", None) is None else args.bates_prefix,
    )


def print_manifest(outdir: Path, manifest: dict, stream=None) -> None:
    stream = stream or sys.stdout  # looked up now: a default of sys.stdout would pin the stream seen at import
    print(f"Packet written to {outdir}/ (as of {manifest['as_of']}):", file=stream)
    for f in manifest["files"]:
        who = f" [{f['claimant']}]" if f.get("claimant") else (f" [{f['agency']}]" if f.get("agency") else "")
        print(f"  {f['path']:<40} {f['kind']}{who}", file=stream)
    print("Every document is a draft for a lawyer's review, not legal advice.", file=stream)


def run(args) -> int:
    from ..errors import UsageError
    from ..packet import build, load_valid_case

    if getattr(args, "sf95_field_map", None) and not getattr(args, "official_sf95", None):
        # the map names fields of the fillable form: without the form it would be ignored without a word
        raise UsageError("--sf95-field-map: is used only with --official-sf95 FORM.pdf (it names the fields of that form); "
                         "add --official-sf95 or leave the map out")
    options = build_options(args)  # a bad --bates-prefix stops here (exit 2), before the case is read
    case_path = Path(args.case)
    _case, warnings = load_valid_case(case_path)
    for w in warnings:
        print(w.line(str(case_path)), file=sys.stderr)
    outdir = Path(args.outdir)
    manifest = build(case_path, outdir, as_of(args), options, case=_case)
    print_manifest(outdir, manifest)
    return 0
