"""``claimgen serve [CASE.yaml] [--lang en|es] [--port N] [--no-browser] [--upload-limit SIZE]`` — the interview as a
local web page.

Flask and the pages are imported only here, so ``claimgen --help`` never pays for them.
"""

from __future__ import annotations

from pathlib import Path


def run(args) -> int:
    from ..errors import CaseError, Problem

    case_path = Path(args.case)
    if case_path.exists() and case_path.is_dir():
        raise CaseError(str(case_path), [Problem("", "is a folder, not a case file")])
    from ..serve.server import serve

    return serve(
        case_path,
        lang=args.lang,
        port=args.port,
        open_browser=not args.no_browser,
        today=args.as_of,
        upload_limit=args.upload_limit,
    )
