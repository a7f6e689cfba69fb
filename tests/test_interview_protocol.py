"""The interview's parts and the protocol a second driver (a web page) uses: same questions, same case file."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest
import yaml

from claimgen.caseio import load_raw
from claimgen.interview import flow, i18n
from claimgen.interview.answers import run_answers
from claimgen.interview.engine import Engine
from claimgen.interview.parse import AnswerError

TODAY = dt.date(2026, 11, 22)

HOUSEHOLD = {
    "claimants.count": 3,
    "claimants[0].role": "injured",
    "claimants[0].name": "Ana López",
    "claimants[0].address": "12 Main St, El Paso, TX",
    "claimants[0].date_of_birth": "3/2/1988",
    "claimants[0].marital_status": "single",
    "claimants[1].role": "property_owner",
    "claimants[1].name": "Luis López",
    "claimants[1].date_of_birth": "1/1/1980",
    "claimants[2].role": "child",
    "claimants[2].name": "Sofía López",
    "claimants[2].date_of_birth": "1/1/2015",
    "claimants[2].representative.capacity": "Parent and natural guardian of Sofía López, a minor",
    "incident.date": "6/14/2025",
    "incident.time": "6:10 am",
    "incident.place": "12 Main St, El Paso",
    "incident.state": "TX",
    "incident.agencies": ["ICE", "CBP"],
    "claim.lead_agency": "ICE",
    "incident.officers.any": True,
    "incident.officers[0].badge_number": "4471",
    "incident.officers[0].agency": "ICE",
    "incident.narrative": "They broke the door.\nThen left.",
    "incident.conduct": ["excessive_force", "home_entry"],
    "claimants[0].injuries": "Broken wrist",
    "claimants[1].hurt": False,
    "claimants[2].hurt": True,
    "claimants[2].injuries": "Nightmares",
    "claimants[0].property.any": False,
    "claimants[1].property.any": True,
    "claimants[1].property.description": "Door",
    "claimants[1].property.someone_else": True,
    "claimants[1].property.owner": "Landlord LLC",
    "claimants[2].property.any": False,
    "claimants[0].damages.personal_injury[0].description": "ER",
    "claimants[0].damages.personal_injury[0].amount": "4850",
    "claimants[0].damages.personal_injury[0].more": True,
    "claimants[0].damages.personal_injury[1].description": "Pain",
    "claimants[0].damages.personal_injury[1].amount": "50,000.00",
    "claimants[1].damages.property_damage[0].description": "Door",
    "claimants[1].damages.property_damage[0].amount": "1150",
    "claimants[2].damages.personal_injury[0].description": "Counseling",
    "claimants[2].damages.personal_injury[0].amount": "2000",
    "claimants[0].insurance.accident_insurance": True,
    "claimants[0].insurance.accident_insurer": "Medicaid",
    "witnesses.any": True,
    "witnesses[0].name": "Nguyễn Thị Hương",
    "witnesses[0].more": True,
    "witnesses[1].name": "Bob",
    "claim.already_sent": True,
    "claim.presented_on": "9/2/2025",
    "claim.denied": True,
    "claim.denial_mailed_on": "1/10/2026",
    "claim.denial_mailing_proof": "envelope",
    "counsel.any": True,
    "counsel.role": "law_student",
    "counsel.name": "Jo",
    "counsel.supervising_attorney": "Pat",
}


@pytest.fixture(autouse=True)
def english():
    i18n.setup("en")
    yield
    i18n.setup("en")


def drive_one_at_a_time(case: Path, answers: dict, lang: str = "en") -> list[str]:
    """What a web page does: show the next step, post its answer, repeat; returns the question ids in order."""
    engine = Engine(case, lang, today=TODAY)
    engine.save()
    shown = []
    step = engine.next_step()
    while step is not None:
        q = step.question
        shown.append(q.id)
        if q.id in answers:
            raw = answers[q.id]
        elif step.default is not None:
            raw = step.default  # the value the page offers, submitted as it is
        else:
            raw = ""
        step = Engine(case, lang, today=TODAY).answer(q.id, raw)  # a new request: a new engine on the saved file
    Engine(case, lang, today=TODAY).mark_finished(True)
    return shown


def test_the_interview_is_its_parts_joined_in_order():
    assert [p.key for p in flow.PARTS] == [
        "who",
        "incident",
        "injuries",
        "property",
        "money",
        "witnesses",
        "evidence",
        "history",
        "representative",
    ]
    source = inspect.getsource(flow.interview)
    assert "yield from part.questions(ctx, facts)" in source
    assert flow.SECTIONS == [(p.key, p.title) for p in flow.PARTS]


def test_no_function_of_the_flow_is_longer_than_80_lines():
    tree = ast.parse(Path(flow.__file__).read_text(encoding="utf-8"))
    long = [
        (n.name, n.end_lineno - n.lineno + 1)
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > 80
    ]
    assert long == []


def test_a_one_question_at_a_time_driver_writes_the_same_case_file_as_the_answers_file(tmp_path):
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(yaml.safe_dump(HOUSEHOLD, allow_unicode=True), encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    run_answers(tmp_path / "a" / "case.yaml", answers_file, "en", today=TODAY)
    shown = drive_one_at_a_time(tmp_path / "b" / "case.yaml", HOUSEHOLD)
    assert (tmp_path / "b" / "case.yaml").read_bytes() == (tmp_path / "a" / "case.yaml").read_bytes()
    assert len(shown) == len(set(shown))
    assert shown[0] == "claimants.count" and shown[-1] == "counsel.supervising_attorney"


def test_each_step_says_its_part_progress_and_whose_item_it_is(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    step = engine.next_step()
    assert (step.question.id, step.part, step.part_number, step.part_total) == ("claimants.count", "who", 1, 9)
    assert step.part_title() == "Who is making the claim"
    assert step.minutes_left == sum(p.minutes for p in flow.PARTS)
    assert [n.text() for n in step.notes][0].startswith("Welcome.")
    step = engine.answer("claimants.count", "2")
    step = engine.answer(step.question.id, "injured")
    step = engine.answer("claimants[0].name", "Ana López")
    assert step.question.id == "claimants[0].address" and step.whose == "Ana López"
    i18n.setup("es")
    assert step.part_title() == "Quién hace el reclamo"


def test_a_refused_answer_raises_its_reason_and_saves_nothing(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    engine.answer("claimants.count", "1")
    before = case.read_bytes()
    with pytest.raises(AnswerError, match="from 1 to 20"):
        Engine(case, "en", today=TODAY).answer("claimants.count", "0")
    step = Engine(case, "en", today=TODAY).answer("claimants[0].name", "Ana")  # not reached: the role comes first
    assert step.question.id == "claimants[0].role"
    assert case.read_bytes() == before
    with pytest.raises(AnswerError, match="choose one of"):
        Engine(case, "en", today=TODAY).answer("claimants[0].role", "astronaut")
    assert case.read_bytes() == before


def test_changing_one_answered_question_changes_that_answer_only(tmp_path):
    case = tmp_path / "case.yaml"
    drive_one_at_a_time(case, HOUSEHOLD)
    before = yaml.safe_load(case.read_text(encoding="utf-8"))
    step = Engine(case, "en", today=TODAY).answer("incident.place", "14 Main St, El Paso")
    assert step is None  # nothing left to ask: back to the review
    after = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert after["incident"].pop("place") == "14 Main St, El Paso"
    before["incident"].pop("place")
    assert after["interview"].pop("section") == "incident"  # where the person last answered
    before["interview"].pop("section")
    assert after == before


def test_back_asks_the_previous_question_again_with_its_answer_offered(tmp_path):
    case = tmp_path / "case.yaml"
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    engine.answer("claimants.count", "1")
    engine.answer("claimants[0].role", "injured")
    step = engine.answer("claimants[0].name", "Ana López")
    assert step.question.id == "claimants[0].address"
    step = Engine(case, "en", today=TODAY).back()
    assert step.question.id == "claimants[0].name" and step.stored == "Ana López" and step.default == "Ana López"
    step = Engine(case, "en", today=TODAY).answer("claimants[0].name", "Ana María López")
    assert step.question.id == "claimants[0].address"  # on again to where the person was
    assert Engine(case, "en", today=TODAY).tree["claimants"][0]["name"] == "Ana María López"


def test_a_resume_jumps_to_the_first_unanswered_question(tmp_path):
    case = tmp_path / "case.yaml"
    shown = drive_one_at_a_time(case, HOUSEHOLD)
    engine = Engine(case, "en", today=TODAY)
    engine.answered.remove("incident.place")
    engine.save()
    step = Engine(case, "en", today=TODAY).next_step()
    assert step.question.id == "incident.place" and step.part_number == 2 and step.stored == "12 Main St, El Paso"
    assert shown.index("incident.place") > 0


def test_a_review_page_can_show_any_answered_question_again(tmp_path):
    case = tmp_path / "case.yaml"
    drive_one_at_a_time(case, HOUSEHOLD)
    step = Engine(case, "en", today=TODAY).step_for("witnesses[1].name")
    assert step.question.text() == "Witness 2: full name" and step.stored == "Bob" and step.part == "witnesses"
    assert step.part_number == 6
    assert (
        Engine(case, "en", today=TODAY).step_for("claimants[0].representative.name") is None
    )  # not asked for an adult


def test_a_pending_evidence_step_is_returned_then_performed(tmp_path):
    photo = tmp_path / "photo.txt"
    photo.write_text("a photo\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    answers = dict(
        HOUSEHOLD,
        **{
            "evidence.any": True,
            "evidence[0].file": str(photo),
            "evidence[0].supports": ["c1"],
            "interview.registered_by": "Ana López",
        },
    )
    engine = Engine(case, "en", today=TODAY)
    engine.save()
    step = engine.next_step()
    while step is not None and step.question is not None:
        q = step.question
        raw = answers.get(q.id, step.default if step.default is not None else "")
        step = Engine(case, "en", today=TODAY).answer(q.id, raw)
    assert step.item.id == "evidence[0].added" and step.item.kind == "add_evidence" and step.part == "evidence"
    before = case.read_bytes()
    assert Engine(case, "en", today=TODAY).next_step().item.id == "evidence[0].added"  # looking writes nothing
    assert case.read_bytes() == before
    done = []

    def act(action, engine):
        done.append(action.payload["files"])
        return ["E-001"]

    step = Engine(case, "en", today=TODAY).next_step(act=act)
    assert done == [[str(photo)]] and step.question.id == "evidence[0].more"
    assert load_raw(case)["interview"]["meta"]["evidence[0].added"]["ids"] == ["E-001"]
