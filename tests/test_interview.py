"""The interview driven as a person would: keys through prompt_toolkit's pipe input.

Each test types into the real questionary prompts (create_pipe_input + DummyOutput:
questionary needs a terminal otherwise) and then reads the case file from disk.
Keys: ENTER submits; for a yes/no question "y"/"n" ("s"/"n" in Spanish) then
ENTER; a numbered choice is its number then ENTER; SPACE marks a checkbox.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from contextlib import contextmanager
from pathlib import Path

import pyte
import pytest

from claimgen.caseio import load_case, load_raw
from claimgen.checks.validate import check_case
from claimgen.interview.engine import Engine
from claimgen.interview.session import interactive
from interview_cases import ANSWERS_YAML, EXPECTED, TODAY, _facts, _plain

ENTER, DOWN, SPACE, CTRL_C, CTRL_U = "\r", "\x1b[B", " ", "\x03", "\x15"
FINISH_TEXT = "\x1b\r"  # Esc then Enter ends a multi-line answer


def yes(word: str = "y") -> str:
    return word + ENTER


def no() -> str:
    return "n" + ENTER


def text(value: str) -> str:
    return value + ENTER


def long(value: str) -> str:
    return value.replace("\n", ENTER) + FINISH_TEXT


def date(value: str) -> str:
    return value + ENTER + ENTER  # the date, then Enter on "… — is that right?" (Yes)


@contextmanager
def keyboard(keys: str):
    """Type ``keys`` into every prompt of the block; when they run out the prompt sees end of input."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text(keys)
        inp.close()
        yield


def run(case: Path, keys: str, lang: str = "en", build: bool = False) -> int:
    with keyboard(keys):
        return interactive(case, lang, today=TODAY, offer_build=build)


# ---------------------------------------------------------------- one claimant, every section

WHO = [
    text("1"),  # how many claimants
    ENTER,  # role: the pointer starts on "was hurt" (injured)
    text("Ana López"),
    text("12 Main St, El Paso, TX 79901"),
    ENTER,  # phone: skipped
    ENTER,  # U.S. citizen? the pointer starts on "I do not know"
    date("3/2/1988"),
    ENTER,  # under 18? default No
    text("3"),  # marital status: 1 skip, 2 single, 3 married
    ENTER,  # military? default No
    ENTER,  # add the husband or wife as a claimant? default No
]
INCIDENT = [
    date("June 14 2025"),
    text("6:10 am"),
    text("12 Main St, El Paso"),
    text("texas"),
    SPACE + ENTER,  # agencies: ICE
    yes(),  # know anything about the officers
    ENTER,  # name: unknown
    text("4471"),  # badge
    text("tall man, green vest marked ERO"),
    text("vest markings"),
    text("forced the door"),
    no(),  # another officer?
    long("Officers came at dawn.\n\nThey broke the door & pushed me <down>."),
    SPACE + DOWN + DOWN + SPACE + ENTER,  # conduct: excessive_force, home_entry
    ENTER,  # near the border? default No
    ENTER,  # the case's title: Enter takes the suggestion
]
INJURIES = [ENTER, long("Broken left wrist; ER at Del Sol, June 14.")]  # hurt? default Yes for "was hurt"
PROPERTY = [
    yes(),
    long("Front door frame split."),
    ENTER,
    ENTER,
    text("at home, by appointment"),
]  # not someone else's; not taken
MONEY = [
    text("Door repair"),
    text("$1,150"),
    ENTER,
    text("ER bill"),
    text("4850"),
    yes(),
    text("Pain and suffering"),
    text("50000"),
    ENTER,
    ENTER,  # accident insurance: No
    yes(),
    text("State Farm renter's policy 123"),  # liability insurance
]
WITNESSES = [yes(), text("Nguyễn Thị Hương"), text("14 Main St"), ENTER, text("Saw the door forced"), ENTER]
HISTORY = [
    yes(),
    date("9/2/2025"),
    yes(),
    date("1/10/2026"),
    text("1"),
    ENTER,
]  # received Sep 2; denial Jan 10, the certified-mail receipt shows it; no reconsideration
COUNSEL = [yes(), ENTER, text("Jordan Whitfield"), text("East Side Legal Aid"), ENTER, ENTER, ENTER, text("TX 123")]
REVIEW_FINISH = [ENTER]


def evidence_keys(statement: Path) -> list[str]:
    # costs it proves: none; who adds it; another file: no
    return [yes(), text(str(statement)), text("Written statement"), ENTER, text("Ana López"), ENTER]


def test_whole_interview_writes_the_expected_case(tmp_path, capsys):
    statement = tmp_path / "statement.txt"
    statement.write_text("What I saw.\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    keys = "".join(
        WHO
        + INCIDENT
        + INJURIES
        + PROPERTY
        + MONEY
        + WITNESSES
        + evidence_keys(statement)
        + HISTORY
        + COUNSEL
        + REVIEW_FINISH
    )
    keys += ENTER + CTRL_U + text(str(tmp_path / "packet"))  # yes, build the packet, into this folder
    status = run(case, keys, build=True)
    out = capsys.readouterr().out
    assert status == 0, out
    assert _plain(_facts(case)) == _plain(EXPECTED)
    # the evidence went through the intake: hashed, numbered, linked to the claimant
    (exhibit,) = load_raw(case)["evidence"]
    assert exhibit["id"] == "E-001" and exhibit["path"] == "statement.txt" and exhibit["supports"] == ["c1"]
    assert exhibit["description"] == "Written statement" and len(exhibit["sha256"]) == 64
    # a valid case: validate finds no error; 0600; the review and the deadline table were shown
    parsed = load_case(case)
    assert [p for p in check_case(parsed, tmp_path, today=TODAY) if p.severity == "error"] == []
    assert stat.S_IMODE(os.stat(case).st_mode) == 0o600
    assert "Review your answers" in out and "Saturday, June 14, 2025" in out
    assert "Last day for the agency to RECEIVE the claim" in out
    assert "Total for injuries: $54,850.00" in out
    state = load_raw(case)["interview"]
    assert state["finished"] is True and state["lang"] == "en"
    # the packet offered at the end was built from the interview's case file
    assert "The claim packet was written to" in out
    assert (tmp_path / "packet" / "manifest.json").is_file() and (tmp_path / "packet" / "sf95-c1.pdf").is_file()


def test_ctrl_c_mid_way_resumes_at_the_first_unanswered_question(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    head = WHO + INCIDENT[:2]  # up to the time of the incident
    with pytest.raises(KeyboardInterrupt):
        run(case, "".join(head) + "12 Main" + CTRL_C)  # Ctrl-C while typing the place
    saved = load_raw(case)
    assert saved["claimants"][0]["name"] == "Ana López"
    assert str(saved["incident"]["date"]) == "2025-06-14" and saved["incident"]["time"] == "06:10"
    assert "place" not in saved["incident"]  # only the answer being typed is lost
    assert Engine(case, "en", today=TODAY).first_unanswered().id == "incident.place"
    # starting again asks the place first (the next keys answer it), and nothing earlier changed
    with pytest.raises(EOFError):
        run(case, "".join(INCIDENT[2:4]))
    out = capsys.readouterr().out
    assert "Welcome back" in out
    again = load_raw(case)
    assert again["incident"]["place"] == "12 Main St, El Paso" and again["incident"]["state"] == "TX"
    assert again["claimants"] == saved["claimants"] and str(again["incident"]["date"]) == "2025-06-14"
    assert Engine(case, "en", today=TODAY).first_unanswered().id == "incident.agencies"


def test_wrong_answers_are_asked_again_with_the_reason(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    bad_then_good = WHO[:6] + [
        text("2/30/1988") + CTRL_U + date("3/2/1988"),  # no February 30
        ENTER,
        text("3"),
        ENTER,
        ENTER,  # not a minor; married; not military; no spouse added
        text("next week") + CTRL_U + date("June 14 2025"),
        text("25:99") + CTRL_U + text("6:10 am"),
        text("12 Main St, El Paso"),
        text("Texsa") + CTRL_U + text("TX"),
        ENTER + SPACE + ENTER,  # no agency marked: asked again, then ICE
    ]
    with pytest.raises(EOFError):
        run(case, "".join(bad_then_good))
    out = capsys.readouterr().out
    assert "February 1988 has only 29 days" in out
    assert "I could not read that date" in out
    assert "That is not a time of day" in out
    assert 'I do not know the state "Texsa"' in out
    assert "Please choose at least one" in out
    inc = load_raw(case)["incident"]
    assert str(inc["date"]) == "2025-06-14" and inc["state"] == "TX" and inc["agencies"] == ["ICE"]


def test_spanish_interview(tmp_path, capsys):
    case = tmp_path / "caso.yaml"
    keys = [
        text("1"),
        ENTER,
        text("María Pérez"),
        text("5 Calle Sol, Laredo, TX"),
        ENTER,
        ENTER,  # phone; citizen
        date("2 de marzo de 1988"),  # a Spanish date is understood too
        ENTER,
        ENTER,
        ENTER,
        date("6/14/2025"),
        ENTER,
        text("Laredo"),
        text("Tejas"),
        DOWN + SPACE + ENTER,  # CBP
        ENTER,  # officers: No
        long("Los agentes me detuvieron en la calle."),
        DOWN + DOWN + DOWN + DOWN + SPACE + ENTER,
        yes("s"),
        ENTER,
        long("Dolor de espalda; clínica el 15 de junio."),
        ENTER,  # property: No
        text("Clínica"),
        text("300"),
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # witnesses, evidence: No
        ENTER,
        ENTER,  # claim sent: No; lawyer: No
        ENTER,
    ]
    assert run(case, "".join(keys), lang="es") == 0
    out = capsys.readouterr().out
    assert "miércoles, 2 de marzo de 1988" in out and "sábado, 14 de junio de 2025" in out
    assert "Revise sus respuestas" in out and "¿Qué día pasó?" in out
    assert "Último día para que la agencia RECIBA el reclamo" in out
    assert "Total por lesiones: $300.00" in out
    assert "Review your answers" not in out and "Total for injuries" not in out
    raw = load_raw(case)
    # keys and fixed values stay in English; the person's own words stay as typed
    assert raw["incident"]["state"] == "TX" and raw["incident"]["agencies"] == ["CBP"]
    assert raw["incident"]["conduct"] == ["false_arrest"] and raw["incident"]["near_border"] is True
    assert raw["claimants"][0]["employment"] == "civilian" and raw["claimants"][0]["role"] == "injured"
    assert raw["interview"]["lang"] == "es"
    assert [p for p in check_case(load_case(case), tmp_path, today=TODAY) if p.severity == "error"] == []


def test_household_of_three_with_a_minor_and_a_property_owner(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    keys = [
        text("3"),
        # claimant 1: the father, hurt
        ENTER,
        text("Tomás Ramírez"),
        text("1234 Elm St, Minneapolis, MN"),
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        text("3"),
        ENTER,
        ENTER,  # married: add the wife as a claimant? No (she is claimant 2 already)
        # claimant 2: the mother, property damaged
        text("2"),
        text("María Ramírez"),
        text("1234 Elm St, Minneapolis, MN"),
        ENTER,
        ENTER,
        ENTER,
        ENTER,
        text("3"),
        ENTER,
        # claimant 3: the daughter, a minor -> parent signs
        ENTER,
        text("Sofía Ramírez"),
        text("1234 Elm St, Minneapolis, MN"),
        ENTER,
        ENTER,
        date("1/8/2016"),  # under 18 today: not asked whether a minor
        # (a child is not asked about military service)
        text("María Ramírez"),
        ENTER,
        ENTER,  # parent's name; "Mother or father"; address skipped
        # incident
        date("6/14/2025"),
        ENTER,
        text("1234 Elm St, Minneapolis"),
        text("MN"),
        SPACE + ENTER,
        ENTER,
        long("Officers forced the door."),
        ENTER,
        ENTER,
        ENTER,  # conduct; border; title
        # injuries: Tomás yes, María no, Sofía yes
        ENTER,
        long("Fractured wrist."),
        no(),
        yes(),
        long("Nightmares; counseling."),
        # property: only María
        no(),
        yes(),
        long("Door frame split."),
        ENTER,
        ENTER,
        ENTER,
        no(),
        # money: Tomás (injury), María (property), Sofía (injury)
        text("ER"),
        text("4850"),
        ENTER,
        ENTER,
        ENTER,
        text("Door"),
        text("1850"),
        ENTER,
        ENTER,
        ENTER,
        text("Counseling"),
        text("1600"),
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # witnesses: No
        ENTER,  # proof of authority for Sofía: No
        ENTER,  # evidence: No
        ENTER,
        ENTER,  # history, lawyer
        ENTER,  # review: finish
    ]
    assert run(case, "".join(keys)) == 0, capsys.readouterr().out
    parsed = load_case(case)
    assert [c.id for c in parsed.claimants] == ["c1", "c2", "c3"]
    tomas, maria, sofia = parsed.claimants
    assert str(tomas.damages.personal_injury) == "4850.00" and tomas.damages.property_damage == 0
    assert (
        maria.role == "property_owner"
        and str(maria.damages.property_damage) == "1850.00"
        and maria.property.description
    )
    assert sofia.minor is True and sofia.representative.name == "María Ramírez"
    assert sofia.representative.capacity == "Parent and natural guardian of Sofía Ramírez, a minor"
    assert str(sofia.date_of_birth) == "2016-01-08" and sofia.items_in("personal_injury")[0].id == "c3-pi1"
    problems = check_case(parsed, tmp_path, today=TODAY)
    assert [p for p in problems if p.severity == "error"] == []
    # the missing proof of the mother's authority is pointed out for the lawyer
    assert any(p.path == "claimants[2].representative.authority_documents" for p in problems)


def test_estate_branch_asks_for_the_representative_and_proof(tmp_path, capsys):
    proof = tmp_path / "letters.txt"
    proof.write_text("Letters of administration\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    keys = [
        text("1"),
        text("3"),  # role 3: estate
        text("Luis Gómez"),
        ENTER,  # decedent; the name suggested is "Estate of Luis Gómez"
        text("PO Box 1, Tucson, AZ"),
        ENTER,
        ENTER,  # phone; citizen: do not know
        text("Rosa Gómez"),
        text("2"),  # administrator
        text("Pima County Superior Court"),
        date("8/1/2025"),  # appointed by, on
        ENTER,  # address skipped
        date("6/14/2025"),
        ENTER,
        text("Nogales"),
        text("AZ"),
        DOWN + SPACE + ENTER,
        ENTER,
        long("He was shot."),
        DOWN + SPACE + ENTER * 0 + "".join([DOWN] * 10) + SPACE + ENTER,
        yes(),  # deadly force, death
        ENTER,  # title: the suggestion
        long("Gunshot wound; died at the hospital."),
        ENTER,  # property: No
        text("Medical bills"),
        text("20000"),
        ENTER,  # personal injury (the decedent's)
        text("Funeral"),
        text("9000"),
        ENTER,  # wrongful death
        ENTER,
        ENTER,  # insurance
        ENTER,  # witnesses
        yes(),
        text(str(proof)),
        text("Rosa Gómez"),  # proof of authority -> evidence; who adds it
        ENTER,  # other evidence: No
        ENTER,
        ENTER,
        ENTER,
    ]
    assert run(case, "".join(keys)) == 0, capsys.readouterr().out
    parsed = load_case(case)
    (estate,) = parsed.claimants
    assert estate.name == "Estate of Luis Gómez" and estate.role == "estate" and estate.injured_person == "Luis Gómez"
    assert estate.representative.capacity == "Administrator of the Estate of Luis Gómez"
    assert estate.representative.appointed_by == "Pima County Superior Court"
    assert str(estate.representative.appointed_on) == "2025-08-01"
    assert estate.representative.authority_documents == ["E-001"]
    assert str(estate.damages.wrongful_death) == "9000.00" and parsed.incident.conduct == ["deadly_force", "death"]
    assert parsed.incident.near_border is True


def test_review_screen_changes_one_section(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_YAML, encoding="utf-8")
    from claimgen.interview.answers import run_answers

    run_answers(case, answers, "en", today=TODAY)
    # a finished interview opens on the review screen; choice 7 is "Change: Witnesses"
    # (1 finish, 2 who, 3 incident, 4 injuries, 5 property, 6 money, 7 witnesses)
    keys = [text("7"), ENTER, CTRL_U + text("Łukasz Wiśniewski"), ENTER, ENTER, ENTER, ENTER] + REVIEW_FINISH
    assert run(case, "".join(keys)) == 0
    out = capsys.readouterr().out
    assert "Welcome back" in out and "review screen" in out
    assert "Nguyễn Thị Hương" in out  # the review lists the answers
    raw = load_raw(case)
    assert [w["name"] for w in raw["witnesses"]] == ["Łukasz Wiśniewski"]
    assert raw["witnesses"][0]["address"] == "14 Main St"  # the other answers were offered again and kept
    expected = _plain(EXPECTED)
    expected["witnesses"][0]["name"] = "Łukasz Wiśniewski"
    assert _plain(_facts(case)) == expected


# ---------------------------------------------------------------- defects found walking the interview in a real terminal


def test_parent_and_child_household_as_a_family_would_answer_it(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    keys = [
        text("2"),
        # the mother
        ENTER,
        text("María Torres"),
        text("455 Alameda Ave Apt 3, El Paso, TX 79905"),
        ENTER,
        ENTER,
        date("4/9/1990"),
        ENTER,
        text("5"),
        ENTER,  # divorced; not military
        # the son, 9: the address and the parent are offered from the mother's answers (Enter takes them)
        ENTER,
        text("Diego Torres"),
        ENTER,
        ENTER,
        ENTER,
        date("3/5/2016"),  # under 18 today: not asked whether a minor
        ENTER,
        ENTER,
        ENTER,  # parent: María Torres (offered); "Mother or father"; address skipped
        # incident: a state typed the Spanish way is read back by name
        date("6/14/2025"),
        ENTER,
        text("455 Alameda Ave Apt 3, El Paso"),
        text("Minesota"),
        SPACE + ENTER,
        ENTER,
        long("They kicked the door in."),
        ENTER,
        ENTER,
        ENTER,  # conduct; border; title
        ENTER,
        long("Bruised ribs; ER on June 14."),
        ENTER,
        long("Nightmares; counseling."),
        # property: the door belongs to the landlord
        yes(),
        long("Front door broken."),
        yes(),
        text("Rio Grande Rentals LLC"),
        ENTER,
        ENTER,
        ENTER,
        no(),
        # money: "38.500" is refused as ambiguous, "$1,850.00" accepted
        text("Door"),
        text("38.500") + CTRL_U + text("$1,850.00"),
        ENTER,
        text("ER bill"),
        text("1240"),
        ENTER,
        ENTER,
        ENTER,
        text("Counseling"),
        text("1200"),
        ENTER,
        ENTER,  # the boy: no car or home insurance question
        ENTER,  # witnesses: No
        yes(),
        ENTER,  # proof that María may act for Diego: yes, but the file is not at hand: left empty
        yes(),
        ENTER,  # other files: yes, then left empty as well
        ENTER,
        ENTER,  # history, lawyer
        ENTER,  # review: finish
    ]
    status = run(case, "".join(keys))
    out = " ".join(capsys.readouterr().out.split())  # the lines are wrapped to the terminal's width
    assert status == 0, out
    raw = load_raw(case)
    mother, son = raw["claimants"]
    assert son["address"] == mother["address"] and son["representative"]["name"] == "María Torres"
    assert son["representative"]["capacity"] == "Parent and natural guardian of Diego Torres, a minor"
    # a nine-year-old is not asked about military service or a car or renter's policy
    assert "Was Diego Torres serving in the U.S. military" not in out and "Does Diego Torres have car" not in out
    # his date of birth already says he is a child: not asked, recorded
    assert "Was Diego Torres under 18" not in out and "Was María Torres under 18" in out and son["minor"] is True
    assert son["employment"] == "civilian" and son["insurance"]["liability_insurance"] is False
    assert mother["property"]["owner"] == "Rio Grande Rentals LLC"
    assert raw["incident"]["state"] == "MN" and "Minnesota (MN)" in out
    assert '"38.500" could mean $38,500.00 or $38.50' in out
    assert [str(i["amount"]) for i in mother["damages_items"]] == ["1850.00", "1240.00"] or [
        float(i["amount"]) for i in mother["damages_items"]
    ] == [1850.0, 1240.0]
    assert "Total claimed for María Torres: $3,090.00" in out and "Total claimed for Diego Torres: $1,200.00" in out
    # a long question is printed whole (it used to be cut at the edge of the terminal)
    assert "Describe María Torres's injuries, and the medical care or counseling received (where and when)." in out
    assert "press Esc and then Enter" in out
    # an empty file path is a way out, not a trap; nothing was registered
    assert "This question needs an answer" not in out
    assert "claimgen evidence add" in out and "evidence" not in raw
    parsed = load_case(case)
    assert [p for p in check_case(parsed, tmp_path, today=TODAY) if p.severity == "error"] == []


def _english_leaks(out: str) -> list[str]:
    """English msgids (with a different Spanish translation) that appear in Spanish output."""
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent
    with (root / "claimgen/locale/es/LC_MESSAGES/claimgen.po").open("rb") as fh:
        catalog = read_po(fh, locale="es")
    from claimgen import data

    for row in data.agencies().values():  # a mailing address stays as the post office reads it
        for line in row.get("address") or []:
            out = out.replace(line, "")
    leaks = []
    for m in catalog:
        if not m.id or not m.string or m.string == m.id:
            continue
        for piece in str(m.id).split("{"):
            piece = piece.split("}")[-1].strip(" :.,?()—")
            if len(piece) >= 24 and piece in out:
                leaks.append(piece)
    return leaks


def test_spanish_estate_interview_names_the_person_who_died(tmp_path, capsys):
    case = tmp_path / "caso.yaml"
    keys = [
        text("1"),
        text("3"),
        text("Jorge Ramírez Núñez"),
        ENTER,  # the estate's name is offered
        text("2210 Calle Sol, Laredo, TX 78040"),
        ENTER,
        ENTER,  # phone; citizen
        text("Lucía Ramírez"),
        text("2"),
        ENTER,
        ENTER,
        ENTER,  # administrator; court and day not known; address
        date("3 de marzo de 2025"),
        text("9:40 pm"),
        text("Puente Internacional, Laredo"),
        text("Tejas"),
        DOWN + SPACE + ENTER,
        ENTER,  # CBP; officers: No
        long("Un agente le disparó dos veces."),
        DOWN + SPACE + "".join([DOWN] * 10) + SPACE + ENTER,
        yes("s"),
        ENTER,  # title
        long("Dos heridas de bala; murió en el hospital."),
        ENTER,  # property: No
        text("Hospital"),
        text("38500"),
        ENTER,
        text("Funeral"),
        text("9800"),
        ENTER,
        ENTER,
        ENTER,  # insurance
        ENTER,
        ENTER,
        ENTER,  # witnesses, proof, evidence: No
        yes("s"),
        date("20 de abril de 2026"),
        yes("s"),
        text("4/1/2026") + CTRL_U + date("10/15/2026"),  # a denial before the claim arrived is refused
        text("2"),  # the postmark shows the mailing day
        ENTER,
        ENTER,  # reconsideration, lawyer: No
        ENTER,
    ]
    status = run(case, "".join(keys), lang="es")
    out = " ".join(capsys.readouterr().out.split())  # the lines are wrapped to the terminal's width
    assert status == 0, out
    assert "sucesión de Jorge Ramírez Núñez" in out
    assert "sucesión de Estate of" not in out and "estate of Estate of" not in out.lower()
    assert "¿Tenía Jorge Ramírez Núñez seguro médico" in out and "¿Tiene Estate of" not in out
    assert "Esa fecha es anterior al día en que la agencia recibió el reclamo" in out
    assert "Total que se reclama para Estate of Jorge Ramírez Núñez: $48,300.00" in out
    assert "→ $38,500.00" in out and "Texas (TX)" in out
    assert _english_leaks(out) == []
    raw = load_raw(case)
    (estate,) = raw["claimants"]
    assert estate["name"] == "Estate of Jorge Ramírez Núñez" and estate["representative"]["capacity"].startswith(
        "Administrator of"
    )
    assert str(raw["claim"]["denial_mailed_on"]) == "2026-10-15" and raw["interview"]["lang"] == "es"


def test_english_leak_check_can_fail():
    assert _english_leaks("? Is there another cost to add here?") == ["Is there another cost to add here"]
    assert _english_leaks("¿Hay otro gasto que agregar aquí?") == []


def test_a_section_change_interrupted_half_way_resumes_inside_the_section(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_YAML, encoding="utf-8")
    from claimgen.interview.answers import run_answers

    run_answers(case, answers, "en", today=TODAY)
    # "Change: What happened" (3); the date is confirmed again; Ctrl-C while retyping the time
    with pytest.raises(KeyboardInterrupt):
        run(case, text("3") + ENTER + ENTER + CTRL_U + "7:0" + CTRL_C)
    raw = load_raw(case)
    assert raw["interview"]["finished"] is False
    assert raw["incident"]["time"] == "06:10" and raw["incident"]["place"] == "12 Main St, El Paso"  # nothing lost
    # the next run goes on with the time, not back to the review screen, and offers every other answer again
    assert Engine(case, "en", today=TODAY).first_unanswered().id == "incident.time"
    rest = [CTRL_U + text("7:00 am")] + [ENTER] * 10 + [FINISH_TEXT, ENTER, ENTER, ENTER] + REVIEW_FINISH  # ... title
    assert run(case, "".join(rest)) == 0
    out = capsys.readouterr().out
    assert "Welcome back" in out
    raw = load_raw(case)
    assert raw["incident"]["time"] == "07:00" and raw["interview"]["finished"] is True
    expected = _plain(EXPECTED)
    expected["incident"]["time"] = "07:00"
    assert _plain(_facts(case)) == expected


# ---------------------------------------------------------------- what the terminal shows (a VT100 screen, not DummyOutput)


class Screen:
    """A VT100 screen (pyte) reading back what prompt_toolkit drew; a frame is kept at each full render.

    prompt_toolkit erases below the cursor before it redraws and turns autowrap back on at
    the end of every render: the screen as it was at each of those moments is a frame.
    """

    _FRAME_ENDS = re.compile(r"(\x1b\[0?J|\x1b\[\?7h)")

    def __init__(self, columns: int, rows: int = 60) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.Stream(self.screen)
        self.frames: list[list[str]] = []

    def _snapshot(self) -> None:
        frame = [line.rstrip() for line in self.screen.display]
        while frame and not frame[-1]:
            frame.pop()
        if any(frame):
            self.frames.append(frame)

    def feed(self, data: str) -> None:
        for part in self._FRAME_ENDS.split(data):
            if part in ("\x1b[J", "\x1b[0J"):
                self._snapshot()  # what was on the screen before it is erased
            self.stream.feed(part)
            if part == "\x1b[?7h":
                self._snapshot()
        self._snapshot()


@contextmanager
def terminal(keys: str, columns: int = 50):
    """Like :func:`keyboard`, but drawn on a real VT100 output ``columns`` wide; yields the screen, filled at the end."""
    import io
    import threading
    import time

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    buf = io.StringIO()
    screen = Screen(columns)
    output = Vt100_Output(buf, lambda: Size(rows=60, columns=columns), term="xterm")
    with create_pipe_input() as inp, create_app_session(input=inp, output=output):

        def type_after_first_draw() -> None:
            # Keys typed before the prompt has drawn itself can be answered without a full draw
            # (it depends on timing); a person types after seeing the question.
            deadline = time.monotonic() + 5
            seen, still_since = "", time.monotonic()
            while time.monotonic() < deadline:  # wait until the screen has settled after the first draw
                now = buf.getvalue()
                if now != seen:
                    seen, still_since = now, time.monotonic()
                elif seen and time.monotonic() - still_since > 0.15:
                    break
                time.sleep(0.01)
            inp.send_text(keys)
            inp.close()

        typist = threading.Thread(target=type_after_first_draw, daemon=True)
        typist.start()
        yield screen
        typist.join(5)
    screen.feed(buf.getvalue())


def _fullest(frames: list[list[str]]) -> list[str]:
    """The frame with the most text on it: a full draw, not a partial redraw with blank rows."""
    return max(frames, key=lambda rows: sum(len(r.strip()) for r in rows))


def _drawn_whole(frame: list[str], texts: list[str], columns: int) -> None:
    """Every row fits, and every word of ``texts`` is on the screen whole (not "lo" / "oked")."""
    assert all(len(row) < columns for row in frame), "\n".join(frame)
    words = " ".join(frame).split()
    for text in texts:
        for word in text.split():
            assert word in words, f"{word!r} is cut:\n" + "\n".join(frame)


@pytest.fixture(autouse=True)
def english_after_each_test():
    """An interview sets the process's language (a Spanish one leaves it Spanish): start each test in English."""
    from claimgen.interview import i18n

    i18n.setup("en")
    yield
    i18n.setup("en")


@pytest.fixture
def spanish():
    from claimgen.interview import i18n

    i18n.setup("es")
    yield
    i18n.setup("en")


def test_long_yes_no_and_choice_prompts_wrap_between_words(capsys):
    from claimgen.interview.flow import ROLE_CHOICES
    from claimgen.interview.prompts import TerminalAsker
    from claimgen.interview.questions import Question

    message = "Do you know anything about the officers — a name, a badge number, what they looked like?"
    with terminal(yes(), columns=50) as screen:
        assert TerminalAsker(TODAY).yes_no(message, False) is True
    asking, answered = _fullest(screen.frames), screen.frames[-1]
    _drawn_whole(asking, [message, "(arrow keys or the key shown, then Enter)", "Yes", "No"], 50)
    _drawn_whole(answered, [message, "Yes"], 50)
    assert "Enter)" not in " ".join(answered)  # the instruction goes away once answered

    role = Question(
        "claimants[0].role",
        "who",
        "select",
        "Which best describes the person making the claim about this incident?",
        choices=ROLE_CHOICES,
    )
    with terminal(text("2"), columns=44) as screen:
        assert TerminalAsker(TODAY).ask(role, None, []) == "property_owner"
    titles = [c.title() for c in ROLE_CHOICES]
    _drawn_whole(_fullest(screen.frames), [role.text()] + titles, 44)
    _drawn_whole(screen.frames[-1], [role.text(), titles[1]], 44)


def test_a_long_checkbox_in_spanish_wraps_between_words(capsys, spanish):
    from claimgen.interview.flow import _agency_choices
    from claimgen.interview.prompts import TerminalAsker
    from claimgen.interview.questions import Question

    agencies = Question(
        "incident.agencies",
        "incident",
        "multi",
        "Which federal agencies were the officers from?",
        choices=_agency_choices(),
    )
    with terminal(DOWN + SPACE + ENTER, columns=48) as screen:
        assert TerminalAsker(TODAY).ask(agencies, [], []) == ["CBP"]
    _drawn_whole(_fullest(screen.frames), [agencies.text()] + [c.title() for c in agencies.choices], 48)


def test_enter_on_a_suggested_answer_shows_the_value_taken(capsys):
    from claimgen.interview.prompts import TerminalAsker
    from claimgen.interview.questions import Question

    q = Question(
        "claimants[1].address",
        "who",
        "text",
        "What is the mailing address of {name}?",
        fmt={"name": "Diego Torres"},
        default="455 Alameda Ave Apt 3, El Paso, TX 79905",
    )
    with terminal(ENTER, columns=80) as screen:
        assert TerminalAsker(TODAY).ask(q, q.default, []) == "455 Alameda Ave Apt 3, El Paso, TX 79905"
    shown = " ".join(" ".join(screen.frames[-1]).split())
    assert shown.endswith(
        "(press Enter for 455 Alameda Ave Apt 3, El Paso, TX 79905) 455 Alameda Ave Apt 3, El Paso, TX 79905"
    )
    # typing something else still wins over the suggestion
    with terminal(text("1 Elm St"), columns=80):
        assert TerminalAsker(TODAY).ask(q, q.default, []) == "1 Elm St"


@pytest.mark.parametrize("lang,hint", [("en", "press Ctrl-U to clear it"), ("es", "oprima Ctrl-U para borrarla")])
def test_a_refused_answer_stays_in_the_box_and_the_user_is_told_how_to_clear_it(capsys, lang, hint):
    from claimgen.interview import i18n
    from claimgen.interview.prompts import TerminalAsker
    from claimgen.interview.questions import Question

    q = Question("incident.date", "incident", "date", "On what day did it happen?")
    backspace = "\x7f"
    i18n.setup(lang)
    try:
        # June has 30 days: the refused "6/31/2025" stays, so two keys fix it (back over "1/2025", type "0/2025")
        with keyboard(text("6/31/2025") + backspace * 6 + "0/2025" + ENTER + ENTER):
            assert TerminalAsker(TODAY).ask(q, None, []) == dt.date(2025, 6, 30)
    finally:
        i18n.setup("en")
    out = " ".join(capsys.readouterr().out.split())
    assert hint in out
    # an empty answer that is refused leaves nothing in the box: no hint about clearing it
    required = Question("claimants[0].name", "who", "text", "Full name?")
    with keyboard(ENTER + text("Ana López")):
        assert TerminalAsker(TODAY).ask(required, None, []) == "Ana López"
    out = capsys.readouterr().out
    assert "This question needs an answer" in out and "Ctrl-U" not in out


# ---------------------------------------------------------------- evidence changed on the review screen


def test_a_file_path_changed_on_the_review_screen_registers_the_new_file(tmp_path, capsys):
    first, second = tmp_path / "statement.txt", tmp_path / "statement-signed.txt"
    first.write_text("What I saw.\n", encoding="utf-8")
    second.write_text("What I saw. Signed, Ana López.\n", encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        ANSWERS_YAML + f"evidence.any: yes\nevidence[0].file: {first}\nevidence[0].description: Written statement\n",
        encoding="utf-8",
    )
    case = tmp_path / "case.yaml"
    from claimgen.interview.answers import run_answers

    run_answers(case, answers, "en", today=TODAY)
    assert [e["path"] for e in load_raw(case)["evidence"]] == ["statement.txt"]
    # review: 8 is "Change: Evidence"; files to add: Yes; the path is replaced; the description kept; no cost;
    # who adds it: left empty; no other file
    change = text("8") + ENTER + CTRL_U + text(str(second)) + ENTER + ENTER + ENTER + ENTER
    assert run(case, change + "".join(REVIEW_FINISH)) == 0
    out = " ".join(capsys.readouterr().out.split())
    raw = load_raw(case)
    entries = {e["id"]: e for e in raw["evidence"]}
    assert entries["E-002"]["path"] == "statement-signed.txt" and entries["E-002"]["description"] == "Written statement"
    assert entries["E-001"]["path"] == "statement.txt"  # the exhibit registered first is never silently deleted
    assert "Added E-002: statement-signed.txt" in out
    assert "E-001 (statement.txt), the file given before, stays in the evidence list" in out
    assert raw["interview"]["meta"]["evidence[0].added"]["ids"] == ["E-002"]
    # confirming the same path again registers nothing more
    assert run(case, text("8") + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + "".join(REVIEW_FINISH)) == 0
    assert [e["id"] for e in load_raw(case)["evidence"]] == ["E-001", "E-002"]
    assert "Added" not in capsys.readouterr().out


def test_a_changed_proof_of_authority_replaces_the_link_but_keeps_the_exhibit(tmp_path, capsys):
    first, second = tmp_path / "letters-draft.txt", tmp_path / "letters.txt"
    first.write_text("Letters (unsigned)\n", encoding="utf-8")
    second.write_text("Letters of administration, signed by the court\n", encoding="utf-8")
    case = tmp_path / "case.yaml"
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        f"""\
claimants.count: 1
claimants[0].role: estate
claimants[0].injured_person: Luis Gómez
claimants[0].address: PO Box 1, Tucson, AZ
claimants[0].representative.name: Rosa Gómez
claimants[0].representative.capacity: Administrator of the Estate of Luis Gómez
incident.date: 6/14/2025
incident.place: Nogales
incident.state: AZ
incident.agencies: [CBP]
incident.narrative: He was shot.
incident.conduct: [deadly_force, death]
claimants[0].injuries: Gunshot wound; died at the hospital.
claimants[0].damages.personal_injury[0].description: Medical bills
claimants[0].damages.personal_injury[0].amount: 20000
claimants[0].damages.wrongful_death[0].description: Funeral
claimants[0].damages.wrongful_death[0].amount: 9000
claimants[0].representative.proof: yes
claimants[0].representative.proof_file: {first}
""",
        encoding="utf-8",
    )
    from claimgen.interview.answers import run_answers

    run_answers(case, answers, "en", today=TODAY)
    raw = load_raw(case)
    assert raw["claimants"][0]["representative"]["authority_documents"] == ["E-001"]
    # the review offers "Change: …" for each section asked, after "finish": find the evidence one
    engine = Engine(case, "en", today=TODAY)
    engine.run(_Replay())
    present = [k for k, _t, _r in engine.by_section()]
    choice = str(present.index("evidence") + 2)
    keys = (
        text(choice) + ENTER + CTRL_U + text(str(second)) + ENTER + ENTER
    )  # proof: yes; the new path; who adds it; no other files
    assert run(case, keys + "".join(REVIEW_FINISH)) in (0, 1)
    raw = load_raw(case)
    assert raw["claimants"][0]["representative"]["authority_documents"] == ["E-002"]
    assert [e["path"] for e in raw["evidence"]] == ["letters-draft.txt", "letters.txt"]
    assert "E-001 (letters-draft.txt), the file given before, stays in the evidence list" in " ".join(
        capsys.readouterr().out.split()
    )


class _Replay:
    """An asker for a finished interview: everything is answered, so it is never asked anything."""

    def ask(self, q, default, notes, stored=None):  # pragma: no cover - a failure if reached
        raise AssertionError(f"asked {q.id}")

    def act(self, action, engine):  # pragma: no cover
        raise AssertionError(f"acted {action.id}")
