"""Fixes from the new-user trial and the new questions, in the shared flow (so the terminal and the web get them).

Driven through the one-question-at-a-time protocol (``Engine.next_step`` / ``answer``)
and ``--answers`` files, as a web page and a script would; the terminal asks the
same questions (tests/test_interview.py types them).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from claimgen.caseio import load_raw
from claimgen.interview import i18n
from claimgen.interview.answers import run_answers
from claimgen.interview.engine import Engine
from claimgen.interview.parse import AnswerError, parse_count, parse_dollars, parse_state, parse_time
from claimgen.interview.session import resume_command, where_we_are

TODAY = dt.date(2026, 11, 22)
ROOT = Path(__file__).resolve().parent.parent

HOUSE = {
    "claimants.count": 3,
    "claimants[0].role": "injured", "claimants[0].name": "Ana López", "claimants[0].address": "12 Main St, El Paso, TX",
    "claimants[1].role": "injured", "claimants[1].name": "Luis López",
    "claimants[2].role": "injured", "claimants[2].name": "Rosa López",
    "incident.date": "6/14/2025", "incident.place": "12 Main St, El Paso", "incident.state": "TX", "incident.agencies": ["ICE"],
    "incident.narrative": "They broke the door.",
    "claimants[0].injuries": "Wrist", "claimants[1].injuries": "Back", "claimants[2].injuries": "Fear",
    "claimants[0].damages.personal_injury[0].description": "ER", "claimants[0].damages.personal_injury[0].amount": "100",
    "claimants[1].damages.personal_injury[0].description": "ER", "claimants[1].damages.personal_injury[0].amount": "200",
    "claimants[2].damages.personal_injury[0].description": "Counseling", "claimants[2].damages.personal_injury[0].amount": "300",
}


@pytest.fixture(autouse=True)
def english():
    i18n.setup("en")
    yield
    i18n.setup("en")


def answered_case(tmp_path: Path, answers: dict, name: str = "case.yaml") -> Path:
    case = tmp_path / name
    file = tmp_path / (name + ".answers.yaml")
    file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    run_answers(case, file, "en", today=TODAY)
    return case


def step_to(engine: Engine, question_id: str, answers: dict):
    """Answer every question (from ``answers``, else the offered value) until ``question_id`` is reached."""
    step = engine.next_step()
    while step is not None and step.question.id != question_id:
        q = step.question
        fallback = "1 Test St, El Paso, TX" if q.required and q.kind in ("text", "long") else ""
        step = engine.answer(q.id, answers.get(q.id, step.default if step.default is not None else fallback))
    assert step is not None, f"{question_id} was never asked"
    return step


# ---------------------------------------------------------------- 10: fewer claimants


def test_lowering_the_number_of_claimants_asks_who_and_keeps_everyone_unless_confirmed(tmp_path):
    case = answered_case(tmp_path, HOUSE)
    engine = Engine(case, "en", today=TODAY)
    step = engine.answer("claimants.count", "2")
    assert step.question.id == "claimants.remove"
    assert [c.title() for c in step.question.choices] == ["Ana López", "Luis López", "Rosa López"]
    with pytest.raises(AnswerError, match="Please choose 1 person"):
        engine.answer("claimants.remove", ["0", "1"])
    step = engine.answer("claimants.remove", ["1"])
    assert step.question.id == "claimants.remove_confirm" and "Take Luis López out of the claim?" in step.question.text()
    assert step.default is False  # nothing is deleted by pressing Enter
    assert engine.answer("claimants.remove_confirm", "no") is None  # nothing else to ask
    raw = load_raw(case)
    assert [c["name"] for c in raw["claimants"]] == ["Ana López", "Luis López", "Rosa López"]
    assert raw["interview"]["meta"]["claimants.count"] == 3  # the number follows the people kept
    # a second time, confirmed: Luis goes; Rosa keeps her id and her answers (her questions moved to claimants[1])
    engine = Engine(case, "en", today=TODAY)
    assert engine.answer("claimants.count", "2").question.id == "claimants.remove"
    engine.answer("claimants.remove", ["1"])
    assert engine.answer("claimants.remove_confirm", "yes") is None
    raw = load_raw(case)
    assert [(c["id"], c["name"]) for c in raw["claimants"]] == [("c1", "Ana López"), ("c3", "Rosa López")]
    assert raw["claimants"][1]["injuries"] == "Fear" and raw["claimants"][1]["damages_items"][0]["id"] == "c3-pi1"
    assert "claimants.remove" not in raw["interview"]["answered"]
    assert not any(q.startswith("claimants[2]") for q in raw["interview"]["answered"])
    # a claimant added later gets a new id: not Rosa's, and not the one of the person taken out
    engine = Engine(case, "en", today=TODAY)
    step = engine.answer("claimants.count", "3")
    step = step_to(engine, "claimants[2].name", {})
    engine.answer("claimants[2].name", "Eva López")
    assert [c["id"] for c in load_raw(case)["claimants"]] == ["c1", "c3", "c4"]  # never the removed person's c2


# ---------------------------------------------------------------- 11: property owner, seized items


def test_a_property_owner_is_offered_yes_and_a_taken_phone_is_asked_where_it_is(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    answers = {"claimants.count": "1", "claimants[0].role": "property_owner", "claimants[0].name": "Ana López",
               "incident.date": "6/14/2025", "incident.place": "El Paso", "incident.state": "TX", "incident.agencies": ["ICE"],
               "incident.narrative": "They took my phone.", "claimants[0].hurt": "no"}
    step = step_to(engine, "claimants[0].property.any", answers)
    assert step.default is True
    engine.answer("claimants[0].property.any", "yes")
    step = engine.answer("claimants[0].property.description", "My phone")
    step = engine.answer(step.question.id, "no")  # not someone else's
    assert step.question.id == "claimants[0].property.taken"
    step = engine.answer("claimants[0].property.taken", "yes")
    assert step.question.id == "claimants[0].property.inspect_at"
    assert step.question.text() == "Where is it now, if you know? (optional)"
    # not taken: where the damage can be seen
    step = Engine(case, "en", today=TODAY).answer("claimants[0].property.taken", "no")
    assert step.question.text() == "Where and when can the damage be seen? (optional)"


def test_a_hurt_claimant_is_not_offered_yes_for_property(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    answers = {"claimants.count": "1", "claimants[0].name": "Ana López", "incident.date": "6/14/2025", "incident.place": "El Paso",
               "incident.state": "TX", "incident.agencies": ["ICE"], "incident.narrative": "x", "claimants[0].injuries": "Wrist"}
    assert step_to(engine, "claimants[0].property.any", answers).default is False


# ---------------------------------------------------------------- 12: who registers files


def test_who_registers_files_is_asked_once_and_recorded_in_custody(tmp_path):
    (tmp_path / "a.txt").write_text("photo one\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("photo two\n", encoding="utf-8")
    answers = dict(HOUSE, **{
        "claimants.count": 1, "evidence.any": True, "evidence[0].file": str(tmp_path / "a.txt"), "evidence[0].more": True,
        "evidence[1].file": str(tmp_path / "b.txt"), "interview.registered_by": "Ana López",
    })
    case = answered_case(tmp_path, answers)
    raw = load_raw(case)
    assert raw["interview"]["registered_by"] == "Ana López"
    assert [e["custody"][0]["by"] for e in raw["evidence"]] == ["Ana López", "Ana López"]
    engine = Engine(case, "en", today=TODAY)
    engine.next_step()
    assert [a.question.id for a in engine.asked].count("interview.registered_by") == 1


# ---------------------------------------------------------------- 13: natural answers


@pytest.mark.parametrize("text, expected", [("two", 2), ("Two", 2), ("dos", 2), ("tres", 3), ("3", 3)])
def test_counts_in_words(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("about 6 in the morning", "06:00"), ("6 de la mañana", "06:00"), ("seis de la tarde", "18:00"),
    ("around 7:30 in the evening", "19:30"), ("a las 9 de la noche", "21:00"), ("12 at night", "00:00"),
    ("noon", "12:00"), ("6:10 am", "06:10"), ("18:10", "18:10"),
])
def test_times_as_people_say_them(text, expected):
    assert parse_time(text) == expected


def test_a_misspelt_state_gets_a_suggestion_not_a_guess():
    with pytest.raises(AnswerError, match="Did you mean Illinois"):
        parse_state("Ilinois")
    with pytest.raises(AnswerError) as exc:
        parse_state("Atlantis")
    assert "Did you mean" not in str(exc.value)


def test_an_amount_in_words_is_refused_with_the_digits_to_write():
    with pytest.raises(AnswerError, match=r"Please write the amount in digits, for example 4000\."):
        parse_dollars("four thousand")
    with pytest.raises(AnswerError, match=r"for example 4000\."):
        parse_dollars("cuatro mil dólares")
    with pytest.raises(AnswerError, match="sum certain"):
        parse_dollars("about four thousand")  # not exact: the sum-certain rule, not the digits hint


def test_spanish_reasons(tmp_path):
    i18n.setup("es")
    with pytest.raises(AnswerError, match="¿Quiso decir Illinois?"):
        parse_state("Ilinois")
    with pytest.raises(AnswerError, match="Escriba la cantidad con números, por ejemplo 4000"):
        parse_dollars("cuatro mil")


# ---------------------------------------------------------------- 14: the case title


def test_the_case_title_is_asked_with_a_suggestion(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    step = step_to(engine, "title", dict(HOUSE, **{"incident.place": "12 Main St, El Paso"}))
    assert step.default == "Ana López and others — 12 Main St, El Paso, June 14, 2025"
    engine.answer("title", "López family — ICE home entry")
    assert load_raw(case)["title"] == "López family — ICE home entry"


# ---------------------------------------------------------------- 15, 16: resume and stop


def test_a_resume_says_which_part_and_whose_item(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    step_to(engine, "claimants[1].address", dict(HOUSE, **{"claimants.count": "2"}))
    assert where_we_are(Engine(case, "en", today=TODAY)) == (
        "You are in part 1 of 9: Who is making the claim. The next question is about Luis López.")
    i18n.setup("es")
    assert where_we_are(Engine(case, "es", today=TODAY)) == (
        "Está en la parte 1 de 9: Quién hace el reclamo. La próxima pregunta es sobre Luis López.")


def test_the_stop_message_command_works_in_a_new_terminal(tmp_path):
    case = tmp_path / "my case" / "case.yaml"
    case.parent.mkdir()
    command = resume_command(case)
    assert str(case.resolve()) in command and "'" in command  # the full path, quoted (it has a space)
    # a new terminal: another folder, a bare PATH (no virtual environment activated), no terminal on stdin
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    result = subprocess.run(command, shell=True, cwd="/", env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert result.returncode == 2 and "needs a terminal" in result.stderr, result.stderr  # claimgen ran, on this case
    assert str(case) in result.stderr


def test_spanish_says_verification_code_not_fingerprint():
    po = (ROOT / "claimgen/locale/es/LC_MESSAGES/claimgen.po").read_text(encoding="utf-8")
    assert "huella" not in po
    assert "código de verificación (SHA-256)" in po


# ---------------------------------------------------------------- issue 15: citizens, death claims, spouses


@pytest.mark.parametrize("answer, stored", [("yes", True), ("no", False), ("unknown", None), (True, True), (False, False)])
def test_each_claimant_is_asked_about_citizenship(tmp_path, answer, stored):
    case = answered_case(tmp_path, dict(HOUSE, **{"claimants.count": 1, "claimants[0].us_citizen": answer}))
    claimant = load_raw(case)["claimants"][0]
    assert claimant.get("us_citizen") is stored
    assert ("us_citizen" in claimant) == (stored is not None)


def test_a_death_claim_asks_who_was_appointed_by_which_court_and_when(tmp_path):
    answers = {
        "claimants.count": 1, "claimants[0].role": "estate", "claimants[0].injured_person": "Juan Pérez",
        "claimants[0].address": "1 A St, Minneapolis, MN", "claimants[0].representative.name": "María Pérez",
        "claimants[0].representative.capacity": "Trustee for the next of kin of Juan Pérez",
        "claimants[0].representative.appointed_by": "Hennepin County District Court",
        "claimants[0].representative.appointed_on": "8/1/2025",
        "incident.date": "6/14/2025", "incident.place": "Minneapolis", "incident.state": "MN", "incident.agencies": ["ICE"],
        "incident.narrative": "Shot.", "claimants[0].injuries": "Died",
        "claimants[0].damages.personal_injury[0].description": "ER", "claimants[0].damages.personal_injury[0].amount": "100",
        "claimants[0].damages.wrongful_death[0].description": "Funeral", "claimants[0].damages.wrongful_death[0].amount": "9000",
    }
    case = answered_case(tmp_path, answers)
    rep = load_raw(case)["claimants"][0]["representative"]
    assert rep["capacity"] == "Trustee for the next of kin of Juan Pérez"
    assert rep["appointed_by"] == "Hennepin County District Court" and str(rep["appointed_on"]) == "2025-08-01"
    # not appointed yet: no court, no day (and the flow says a court must appoint someone)
    proposed = "Proposed administrator of the Estate of Juan Pérez (not yet appointed)"
    Engine(case, "en", today=TODAY).answer("claimants[0].representative.capacity", proposed)
    rep = load_raw(case)["claimants"][0]["representative"]
    assert "appointed_by" not in rep and "appointed_on" not in rep
    fresh = tmp_path / "fresh.yaml"
    engine = Engine(fresh, "en", today=TODAY)
    engine.save()
    step_to(engine, "claimants[0].representative.capacity", answers)
    step = engine.answer("claimants[0].representative.capacity", proposed)
    assert step.question.id == "claimants[0].representative.address"
    assert any("a court must appoint the person who brings the claim" in n.text() for n in step.notes)
    # the role is no longer "the estate" only
    from claimgen.interview.flow import ROLE_CHOICES

    assert next(c.label for c in ROLE_CHOICES if c.value == "estate") == "Is claiming for a person who died"


def test_a_future_appointment_day_is_refused(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    answers = {"claimants.count": "1", "claimants[0].role": "estate", "claimants[0].injured_person": "Juan Pérez",
               "claimants[0].representative.name": "María Pérez",
               "claimants[0].representative.capacity": "Administrator of the Estate of Juan Pérez"}
    step_to(engine, "claimants[0].representative.appointed_on", answers)
    with pytest.raises(AnswerError, match="future"):
        engine.answer("claimants[0].representative.appointed_on", "1/1/2030")


def test_a_married_injured_claimant_is_offered_to_add_the_spouse(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    answers = {"claimants.count": "1", "claimants[0].name": "Ana López", "claimants[0].marital_status": "married"}
    step = step_to(engine, "claimants[0].add_spouse", answers)
    assert "loss of consortium" in step.question.help_text() and "its own amount and its own signature" in step.question.help_text()
    step = engine.answer("claimants[0].add_spouse", "yes")
    assert step.question.id == "claimants[1].role" and step.default == "spouse"
    assert [n.text() for n in step.notes] == ["Claimant 2 of 2."]
    step = engine.answer("claimants[1].role", "spouse")
    engine.answer("claimants[1].name", "Luis López")
    raw = load_raw(case)
    assert raw["interview"]["meta"]["claimants.count"] == 2
    assert [(c["id"], c["role"]) for c in raw["claimants"]] == [("c1", "injured"), ("c2", "spouse")]
    # with a spouse in the claim, it is not offered again
    step = Engine(case, "en", today=TODAY).next_step()
    assert step.question.id == "claimants[1].address"
    assert "claimants[0].add_spouse" not in [a.question.id for a in Engine(case, "en", today=TODAY).asked]


def test_the_terminal_stop_message_names_the_full_command(tmp_path):
    """``claimgen interview`` stopped with Ctrl-C (or end of input) prints the command for a new terminal."""
    case = tmp_path / "case.yaml"
    script = (
        "import sys; from unittest import mock; from claimgen import cli\n"
        "with mock.patch('claimgen.commands.interview._stdin_is_terminal', return_value=True), "
        "mock.patch('claimgen.interview.session.interactive', side_effect=KeyboardInterrupt):\n"
        f"    sys.exit(cli.main(['interview', {str(case)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 130
    assert "To continue, even in a new terminal window, run:" in result.stderr
    assert resume_command(case) in result.stderr


def test_without_a_name_custody_says_unknown_never_the_login_name(tmp_path):
    import getpass

    (tmp_path / "a.txt").write_text("photo one\n", encoding="utf-8")
    answers = dict(HOUSE, **{"claimants.count": 1, "evidence.any": True, "evidence[0].file": str(tmp_path / "a.txt")})
    raw = load_raw(answered_case(tmp_path, answers))
    assert raw["evidence"][0]["custody"][0]["by"] == "unknown"
    assert "registered_by" not in raw["interview"]
    assert getpass.getuser() != "unknown"
