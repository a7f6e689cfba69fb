"""``claimgen build CASE -o OUTDIR`` — the whole packet, swapped into place at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..api import Manifest
from . import as_of, collect_less_often


def build_options(args):
    """The command line's build options (a bad ``--bates-prefix`` is a UsageError, exit 2)."""
    from ..options import BuildOptions

    return BuildOptions(
        official_sf95=getattr(args, "official_sf95", None),
        sf95_field_map=getattr(args, "sf95_field_map", None),
        font=getattr(args, "font", None) or os.environ.get("CLAIMGEN_FONT"),
        final=bool(getattr(args, "final", False)),
        bates_prefix=BuildOptions.bates_prefix if getattr(args, "bates_prefix", None) is None else args.bates_prefix,
        overwrite_edited=bool(getattr(args, "overwrite_edited", False)),
        exhibit_delivery=getattr(args, "exhibit_delivery", None),
    )


def print_manifest(outdir: Path, manifest: Manifest, stream=None) -> None:
    stream = stream or sys.stdout  # looked up now: a default of sys.stdout would pin the stream seen at import
    print(f"Packet written to {outdir}/ (as of {manifest['as_of']}):", file=stream)
    for f in manifest["files"]:
        who = f" [{f['claimant']}]" if f.get("claimant") else (f" [{f['agency']}]" if f.get("agency") else "")
        print(f"  {f['path']:<40} {f['kind']}{who}", file=stream)
    if manifest.get("final"):
        print("Final copies for the agency; the cover memo stays the lawyer's privileged draft.", file=stream)
    else:
        print("Every document is a draft for a lawyer's review, not legal advice.", file=stream)


def run(args) -> int:
    from ..api import build, load_case
    from ..checks.readiness import NotReady
    from ..errors import UsageError

    if getattr(args, "sf95_field_map", None) and not getattr(args, "official_sf95", None):
        # the map names fields of the fillable form: without the form it would be ignored without a word
        raise UsageError(
            "--sf95-field-map: is used only with --official-sf95 FORM.pdf (it names the fields of that form); "
            "add --official-sf95 or leave the map out"
        )
    collect_less_often()
    case_path = Path(args.case)
    day = as_of(args)
    options = build_options(args)  # a bad --bates-prefix stops here (exit 2), before the case is read
    if options.final:
        case, warnings, ready = final_gate(case_path, day)
        for w in warnings:
            print(w.line(str(case_path)), file=sys.stderr)
        if ready:
            return _not_ready(case_path, ready)
        on_warning = None  # printed above, with the gate's problems said once
    else:
        case = load_case(case_path)
        on_warning = lambda w: print(w.line(str(case_path)), file=sys.stderr)  # noqa: E731
    outdir = Path(args.outdir)
    try:
        manifest = build(case, outdir, options, as_of=day, on_warning=on_warning)
    except NotReady as exc:  # an exhibit whose content changed: found when the build re-hashes the files
        return _not_ready(case_path, exc.problems)
    print_manifest(outdir, {**manifest, "final": options.final})
    return 0


def _not_ready(case_path: Path, ready) -> int:
    """Print what keeps the claim from being filed; exit status 1 (nothing was written)."""
    for p in ready:
        print(p.line(str(case_path)), file=sys.stderr)
    n = len(ready)
    print(
        f"claimgen: not ready to file ({n} problem{'s' * (n != 1)}); nothing was written. "
        f"Fix {'them' if n != 1 else 'it'} (claimgen validate --final lists {'them' if n != 1 else 'it'}), "
        "or build without --final for a draft.",
        file=sys.stderr,
    )
    return 1


def final_gate(case_path: Path, day):
    """(case, warnings, readiness problems) for a final build; a case-file error raises CaseError (exit 2).

    The gate runs before anything is written: with a readiness problem the output folder
    is neither created nor touched. Exhibits are compared by size here; the build itself
    re-hashes them once (``packet.build`` runs the full gate for a final build).
    """
    from ..api import load_case
    from ..checks.readiness import readiness_problems, split_for_final
    from ..checks.validate import check_case
    from ..errors import CaseError

    case = load_case(case_path)
    problems = check_case(case, case_path.parent, today=day)
    ready = readiness_problems(case, case_path.parent, day, hash_files=False)
    errors = split_for_final([p for p in problems if p.severity == "error"], ready)
    if errors:
        raise CaseError(str(case_path), errors)
    return case, split_for_final([p for p in problems if p.severity == "warning"], ready), ready
