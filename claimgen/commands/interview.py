"""``claimgen interview [CASE] [--lang en|es] [--answers FILE]`` — ask, save after every answer, resume.

Without a terminal on standard input (a pipe, /dev/null, CI) the questions
cannot be asked: exit 2 with a message pointing to ``--answers FILE``. The
interview package (and questionary) is imported only here, so ``claimgen --help``
never pays for it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def run(args) -> int:
    from ..interview import i18n
    from ..interview.i18n import _

    case_path = Path(args.case)
    lang = getattr(args, "lang", None)
    i18n.setup(lang or "en")
    if case_path.exists() and case_path.is_dir():
        from ..errors import CaseError, Problem

        raise CaseError(str(case_path), [Problem("", "is a folder, not a case file")])

    if getattr(args, "answers", None):
        import os

        if os.path.realpath(args.answers) == os.path.realpath(case_path):
            from ..errors import CaseError, Problem

            # the interview rewrites the case file after every answer: the answers would be lost
            raise CaseError(str(args.answers), [Problem("", "is also the case file; give the answers their own file "
                                                            "(the interview writes the case file, e.g. case.yaml)")])
        from ..interview.answers import run_answers
        from ..interview.prompts import say
        from ..interview.session import conclude

        engine = run_answers(case_path, Path(args.answers), lang, today=getattr(args, "as_of", None),
                             say=lambda text: say(text, stream=sys.stderr))
        i18n.setup(engine.lang)
        return conclude(engine, None, engine.today, offer_build=False)

    if not _stdin_is_terminal():
        print(
            "claimgen: error: "
            + _("the interview needs a terminal to ask its questions, and standard input is not one. "
                "To answer from a file instead, run: claimgen interview {case} --answers ANSWERS.yaml").format(case=case_path),
            file=sys.stderr,
        )
        return 2

    from ..interview.session import interactive, resume_command

    try:
        return interactive(case_path, lang, today=getattr(args, "as_of", None))
    except (KeyboardInterrupt, EOFError):
        print(file=sys.stderr)
        print(_("Stopped. Every answer you gave is saved in {case}. To continue, even in a new terminal window, run:").format(case=case_path),
              file=sys.stderr)
        print("  " + resume_command(case_path), file=sys.stderr)
        return 130
