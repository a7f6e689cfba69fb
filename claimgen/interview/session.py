"""One interactive interview: greet, ask (resuming), review, check, show deadlines, offer the packet."""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import sys
from pathlib import Path

from . import i18n
from .engine import Engine
from .finish import build_packet, case_problems, show_deadlines, show_next_steps, show_problems, show_review
from .flow import SECTIONS
from .i18n import _
from .prompts import TerminalAsker, say


def review(engine: Engine, asker: TerminalAsker, today: dt.date) -> str:
    """Show every answer by section; return "finish" or the key of a section to change."""
    show_review(engine, say)
    _case, problems = case_problems(engine.case_path, today)
    show_problems(problems, engine.case_path, say)
    errors = [p for p in problems if p.severity == "error"]
    say()
    finish = _("Everything is correct — finish") if not errors else _("Finish for now — the answers are saved, the claim is not ready yet")
    titles = dict(SECTIONS)
    present = [key for key, _t, _rows in engine.by_section()]
    choices = [(finish, "finish")] + [(_("Change: {section}").format(section=_(titles[k])), k) for k in present]
    return asker._select(_("Is everything correct?"), choices, "finish")


def resume_command(case_path: Path, lang: str | None = None) -> str:
    """The whole command that continues this interview, typed in a new terminal window, from any folder.

    The case file is named by its full path. Where claimgen runs from a virtual environment
    (which a new window has not activated), the program is named by its full path too.
    """
    program = "claimgen"
    in_venv = sys.prefix != sys.base_prefix
    beside = Path(sys.executable).parent / "claimgen"
    if in_venv and beside.exists():
        program = shlex.quote(str(beside))
    elif shutil.which("claimgen") is None:
        program = shlex.quote(sys.executable) + " -m claimgen"
    command = f"{program} interview {shlex.quote(str(Path(case_path).resolve()))}"
    return command + (f" --lang {lang}" if lang else "")


def where_we_are(engine: Engine) -> str | None:
    """After a resume: which part comes next, and whose item it is ("Part 5 of 9: Money — about Ana López")."""
    step = engine.next_step()
    if step is None:
        return None
    text = _("You are in part {n} of {total}: {part}.").format(n=step.part_number, total=step.part_total, part=step.part_title())
    if step.whose:
        text += " " + _("The next question is about {name}.").format(name=step.whose)
    return text


def interactive(case_path: Path, lang: str | None, today: dt.date | None = None, offer_build: bool = True) -> int:
    """The whole conversation; returns the exit status (0 ready, 1 saved but not ready yet)."""
    today = today or dt.date.today()
    engine = Engine(case_path, lang or "", today=today)
    i18n.setup(engine.lang)
    asker = TerminalAsker(today)
    if engine.answered:
        say(_("Welcome back. Your earlier answers are saved in {case}; we continue where you stopped.").format(case=case_path))
        if engine.finished:
            say(_("This interview was finished before: you will see the review screen, where you can change any section."))
        else:
            where = where_we_are(engine)
            if where:
                say(where)
    else:
        say(_("claimgen interview — the answers are saved in {case} after each question.").format(case=case_path))
        if engine.lang == "en":
            say("Para responder en español: " + resume_command(case_path, "es"))
    engine.save()
    while True:
        engine.run(asker)
        choice = review(engine, asker, today)
        if choice == "finish":
            break
        engine.forget_section(choice)
    engine.mark_finished(True)
    return conclude(engine, asker, today, offer_build)


def conclude(engine: Engine, asker: TerminalAsker | None, today: dt.date, offer_build: bool) -> int:
    case, problems = case_problems(engine.case_path, today)
    errors = [p for p in problems if p.severity == "error"]
    say()
    if case is None or errors:
        show_problems(problems, engine.case_path, say)
        say(_("Your answers are saved in {case}, but the claim is not ready yet. Run this command again to change answers:").format(case=engine.case_path))
        say("  " + resume_command(engine.case_path))
        return 1
    say(_("Done. The case file {case} is complete and valid.").format(case=engine.case_path))
    show_next_steps(case, today, say)
    show_deadlines(case, today, say, warnings=False)
    # the lawyer's warnings (English, with citations) are in the memo and in `claimgen check`, not here
    say(_("For the lawyer: every date with its rule, and every warning, are shown by: {command}").format(
        command="claimgen check " + shlex.quote(str(Path(engine.case_path).resolve()))))
    if asker is not None and offer_build:
        say()
        if asker.yes_no(_("Prepare the claim packet (claim forms, evidence log, letters) now?"), True):
            default = str(engine.case_path.parent / "packet")
            folder = asker.plain_text(_("In which folder? (it is created or replaced)"), default=default)
            build_packet(case, engine.case_path, Path(folder.strip() or default), today, say)
        else:
            say(_("You can prepare it later with: claimgen build {case} -o packet").format(case=engine.case_path))
    return 0
