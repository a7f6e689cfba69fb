"""``claimgen validate CASE`` — schema and business rules, every problem on its own line."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from ..api import load_case, validate
from ..errors import CaseError, Problem


def run(args) -> int:
    path = Path(args.case)
    case = load_case(path)
    today = getattr(args, "as_of", None) or dt.date.today()
    problems = validate(case, today=today, font=os.environ.get("CLAIMGEN_FONT") or None)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    ready: list[Problem] = []
    if getattr(args, "final", False):
        from ..checks.readiness import readiness_problems, split_for_final

        ready = readiness_problems(case, path.parent, today)
        errors = split_for_final(errors, ready)
        warnings = split_for_final(warnings, ready)  # a warning the gate lists as a problem is said once
    if errors:
        raise CaseError(str(path), errors + ready + warnings)  # everything is printed, errors first
    for p in warnings:
        print(p.line(str(path)), file=sys.stderr)
    if ready:
        for p in ready:
            print(p.line(str(path)))
        n = len(ready)
        print(f"{path}: not ready to file — {n} problem{'s' * (n != 1)} to fix first (listed above)")
        return 1
    n = len(case.claimants)
    total = sum((c.damages.total for c in case.claimants))
    warn = f", {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""
    ready_note = "; ready to file" if getattr(args, "final", False) else ""
    print(f"{path}: valid — {n} claimant{'s' * (n != 1)}, ${total:,.2f} claimed in all, {len(case.evidence)} exhibit{'s' * (len(case.evidence) != 1)}{warn}{ready_note}")
    return 0
