"""``claimgen validate CASE`` — schema and business rules, every problem on its own line."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from .. import render
from ..caseio import load_case
from ..checks.validate import check_case
from ..errors import CaseError


def run(args) -> int:
    path = Path(args.case)
    case = load_case(path)
    problems = check_case(case, path.parent, today=dt.date.today())
    drawing = render.drawing_problems(case, str(path), os.environ.get("CLAIMGEN_FONT") or None)
    problems = [p for p in problems if p.severity == "error"] + drawing + [p for p in problems if p.severity == "warning"]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CaseError(str(path), problems)  # warnings are printed too, after the errors
    for p in problems:
        print(p.line(str(path)), file=sys.stderr)
    n = len(case.claimants)
    total = sum((c.damages.total for c in case.claimants))
    warn = f", {len(problems)} warning{'s' * (len(problems) != 1)}" if problems else ""
    print(f"{path}: valid — {n} claimant{'s' * (n != 1)}, ${total:,.2f} claimed in all, {len(case.evidence)} exhibit{'s' * (len(case.evidence) != 1)}{warn}")
    return 0
