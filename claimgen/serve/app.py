"""The pages of ``claimgen serve``: one question per page, Back, "Save and stop", review, the end.

Server-rendered HTML that works without JavaScript; a small stylesheet of its own; no
file from any other host. Every form posts, is checked (:mod:`.security`) and answers
with a redirect to the page to show next, so reloading a page never sends an answer twice.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ..errors import CaseError
from ..interview.flow import SECTION_TITLES, SECTIONS, part_number
from ..interview.i18n import _, ngettext, readback_date
from ..interview.parse import AnswerError
from ..interview.questions import Action, Question, as_display
from . import wording
from .driver import WebInterview, capture
from .fields import answer_from_form, field_for
from .security import Guard, install
from .uploads import UploadError, save_upload

HERE = Path(__file__).resolve().parent
UPLOAD_LIMIT = 500 * 1000 * 1000  # bytes of one file chosen in the browser; a phone video of a few minutes fits
FORM_OVERHEAD = 1 << 20  # the other fields of the form that carries a file


def human_limit(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} KB"


def create_app(
    case_path: Path,
    *,
    lang: str | None = None,
    today: dt.date | None = None,
    guard: Guard | None = None,
    upload_limit: int = UPLOAD_LIMIT,
):
    """The Flask application for one case file (raises CaseError when the case file cannot be read)."""
    from flask import Flask

    web = WebInterview(Path(case_path), lang, today)
    guard = guard or Guard()
    app = Flask("claimgen.serve", root_path=str(HERE), static_folder="static", template_folder="templates")
    app.config.update(
        MAX_CONTENT_LENGTH=upload_limit + FORM_OVERHEAD,
        MAX_FORM_MEMORY_SIZE=4 << 20,  # a long narrative fits
        TEMPLATES_AUTO_RELOAD=False,
        SEND_FILE_MAX_AGE_DEFAULT=0,
    )
    app.config["CLAIMGEN"] = {"web": web, "guard": guard, "upload_limit": upload_limit}
    app.jinja_env.globals.update(_=_, ngettext=ngettext, csrf=guard.csrf, current_lang=lambda: web.lang)
    install(app, guard)
    _routes(app, web, guard, upload_limit)
    return app


def _routes(app, web: WebInterview, guard: Guard, upload_limit: int) -> None:  # noqa: C901 - the routes, one after the other
    """Every page and form of the site (kept together: they share the page helpers below)."""
    from flask import redirect, render_template, request
    from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

    def see(path: str):
        return redirect(path, 303)

    def page(template: str, status: int = 200, **context: Any):
        context.setdefault("notices", web.take_notices())
        return render_template(template, lang=web.lang, **context), status

    def question_page(
        question: Question,
        offered: Any,
        *,
        part: str,
        whose: str | None,
        notes=(),
        minutes: int | None = None,
        mode: str = "next",
        typed: Any = None,
        error: str | None = None,
        status: int = 200,
        can_back: bool = True,
    ):
        n = part_number(part)
        progress = _("Part {n} of {total}").format(n=n, total=len(SECTIONS))
        if minutes is not None:
            progress += " — " + ngettext("about {n} minute left", "about {n} minutes left", minutes).format(n=minutes)
        notices = web.take_notices()
        if web.resumed:
            web.resumed = False
            notices.insert(0, _("Welcome back. Your earlier answers are saved; we continue where you stopped."))
        return page(
            "question.html",
            status,
            notices=notices,
            question=question,
            prompt=wording.prompt_text(question),
            help=wording.help_text(question),
            field=field_for(question, offered, typed),
            error=error,
            mode=mode,
            part_title=_(SECTION_TITLES.get(part, part)),
            part_n=n,
            part_total=len(SECTIONS),
            progress=progress,
            whose=whose,
            notes=[wording.note_text(x) for x in notes],
            can_back=can_back and mode == "next",
            limit=human_limit(upload_limit),
        )

    def step_page(step, **kw: Any):
        return question_page(
            step.question,
            step.default,
            part=step.part,
            whose=step.whose,
            notes=step.notes,
            minutes=step.minutes_left,
            can_back=not web.is_first(step),
            **kw,
        )

    def change_page(question_id: str, **kw: Any):
        step = web.step_for(question_id)
        if step is None or not isinstance(step.item, Question):
            return see("/review")
        return question_page(step.item, step.default, part=step.part, whose=step.whose, mode="change", **kw)

    def retry(question: Question, mode: str, typed: Any, error: str | None, status: int = 422):
        """The same question again, the typed answer kept, the reason next to the field."""
        if mode == "change":
            return change_page(question.id, typed=typed, error=error, status=status)
        step = web.current()
        if step is None or step.item.id != question.id:
            return see("/")
        return step_page(step, typed=typed, error=error, status=status)

    def locked(view):
        import functools

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            with web.lock:
                return view(*args, **kwargs)

        return wrapper

    # ---------------------------------------------------------------- the questions

    @app.get("/")
    @locked
    def index():
        step = web.current()
        for _attempt in range(3):  # an evidence step reached but not done (the program stopped in between)
            if step is None or not isinstance(step.item, Action):
                break
            step = web.perform_pending()
        if step is None:
            return see("/review")
        return step_page(step)

    @app.post("/answer")
    @locked
    def answer():
        qid = request.form.get("qid", "")
        mode = "change" if request.form.get("mode") == "change" else "next"
        if mode == "change":
            found = web.step_for(qid)
            if found is None or not isinstance(found.item, Question):
                return see("/review")
            q = found.question
        else:
            step = web.current()
            if step is None or step.item.id != qid:
                web.notices.append(_("That page was out of date. Here is the question you are on; nothing was lost."))
                return see("/")
            q = step.question
        uploaded = None
        if q.kind == "path":
            file = request.files.get("file")
            if file is not None and file.filename:
                try:
                    uploaded = save_upload(file.stream, file.filename, web.case_path, upload_limit)
                except UploadError as exc:
                    return retry(q, mode, None, upload_message(exc.code))
            raw = str(uploaded) if uploaded else ""
        else:
            raw = answer_from_form(q, request.form)
        try:
            value = q.accept(raw, web.today)
        except AnswerError as exc:
            if uploaded:
                uploaded.unlink(missing_ok=True)
            return retry(q, mode, raw, wording.error_text(str(exc)))
        if q.kind == "date" and value is not None and request.form.get("confirm") != "yes":
            if request.form.get("confirm") == "no":
                return retry(q, mode, raw, None, status=200)
            return page(
                "confirm.html",
                question=q,
                prompt=q.text(),
                raw=raw,
                mode=mode,
                part_title=_(SECTION_TITLES.get(q.section, q.section)),
                readback=_("{date} — is that right?").format(date=readback_date(value)),
            )
        try:
            web.answer(q.id, raw)
        except AnswerError as exc:  # a rule that needs the rest of the case (cannot happen after accept; kept safe)
            return retry(q, mode, raw, wording.error_text(str(exc)))
        if q.kind in ("money", "state", "time") and value is not None:  # what was understood, as the terminal shows it
            web.notices.append(_("Saved: {answer}").format(answer=as_display(q, value)))
        return see("/")

    def upload_message(code: str) -> str:
        if code == "too_big":
            return _(
                "This file is too big: the limit is {limit}. Choose a smaller file, or give this one to the "
                "lawyer another way (nothing else was lost)."
            ).format(limit=human_limit(upload_limit))
        if code == "empty":
            return _("That file is empty (0 bytes). Please choose it again.")
        return _("The evidence folder of this case cannot be used. Ask the person who set up claimgen to look at it.")

    @app.post("/back")
    @locked
    def back():
        web.back()
        return see("/")

    @app.get("/change")
    @locked
    def change():
        return change_page(request.args.get("q", ""))

    # ---------------------------------------------------------------- review and the end

    @app.get("/review")
    @locked
    def review():
        from ..interview.finish import case_problems, claimed_totals

        step, parts, engine = web.review()
        if step is not None:
            return see("/")
        _case, problems = case_problems(web.case_path, web.today)
        errors = [p.line(web.case_path.name) for p in problems if p.severity == "error"]
        warnings = [p.line(web.case_path.name) for p in problems if p.severity != "error"]
        totals = [(name, as_money(total)) for name, total in claimed_totals(engine.tree)]
        return page(
            "review.html",
            parts=parts,
            show=as_display,
            errors=errors,
            warnings=warnings,
            totals=totals,
            finish=_("Everything is correct — finish")
            if not errors
            else _("Finish for now — the answers are saved, the claim is not ready yet"),
        )

    @app.post("/finish")
    @locked
    def finish():
        if web.current() is not None:
            return see("/")
        web.finish()
        return see("/done")

    @app.get("/done")
    @locked
    def done():
        from ..interview.finish import case_problems, show_deadlines, show_problems

        if web.current() is not None or not web.finished():
            return see("/")
        case, problems = case_problems(web.case_path, web.today)
        errors = [p for p in problems if p.severity == "error"]
        lines, say = capture()
        if case is None or errors:
            show_problems(problems, web.case_path, say)
            return page("done.html", ready=False, lines=lines)
        from ..render.next_steps import blocks

        sheet = blocks(case, web.today, web.lang)  # the family's next steps: the same words as the packet's sheet
        show_deadlines(case, web.today, say, warnings=False)  # the lawyer's warnings are in the memo and `check`
        packet = web.case_path.parent / "packet"
        return page("done.html", ready=True, sheet=sheet, lines=lines, packet=str(packet))

    @app.post("/packet")
    @locked
    def packet():
        from ..interview.finish import build_packet, case_problems

        case, problems = case_problems(web.case_path, web.today)
        if case is None or any(p.severity == "error" for p in problems):
            return see("/done")
        lines, say = capture()
        build_packet(case, web.case_path, web.case_path.parent / "packet", web.today, say)
        web.notices.extend(line.strip() for line in lines if line.strip())
        return see("/done")

    @app.get("/stopped")
    @locked
    def stopped():
        web.engine()  # the language of the case
        return page("stopped.html", case=str(web.case_path))

    @app.post("/lang")
    @locked
    def language():
        web.set_lang(request.form.get("lang", "en"))
        target = request.form.get("next", "/")
        if not target.startswith("/") or target.startswith("//") or "\\" in target:
            target = "/"
        return see(target)

    # ---------------------------------------------------------------- when something is wrong

    @app.errorhandler(RequestEntityTooLarge)
    @locked
    def too_big(_exc):
        # nothing of the form can be read: the question on screen is shown again with the reason
        step = web.current()
        message = upload_message("too_big")
        if step is None or not isinstance(step.item, Question):
            web.notices.append(message)
            return see("/")
        return step_page(step, error=message, status=413)

    @app.errorhandler(CaseError)
    @locked
    def case_error(exc: CaseError):
        return page("problem.html", 409, lines=exc.lines())

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return page("problem.html", exc.code or 500, lines=[], missing=exc.code == 404)

    @app.errorhandler(Exception)
    def internal_error(exc: Exception):
        # the message may quote the case: only its type goes to the terminal
        print(f"claimgen serve: internal error: {type(exc).__name__}", file=sys.stderr)
        return page("problem.html", 500, lines=[], internal=True)


def as_money(amount) -> str:
    from ..interview.i18n import money_text

    return money_text(amount)
