"""The next-steps sheet (kind ``next_steps``): the family's plain-words page, in the interview's language.

Dates are hand-computed in each test's comments; the PDF is read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from claimgen import cli, data
from claimgen.caseio import load_case
from claimgen.checks.deadlines import compute
from claimgen.interview import i18n
from claimgen.packet import build
from claimgen.render import next_steps as ns

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"


@pytest.fixture(autouse=True)
def english():
    i18n.setup("en")
    yield
    i18n.setup("en")


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages)


def copy_example(tmp_path: Path, name: str, extra: str = "") -> Path:
    folder = tmp_path / name
    shutil.copytree(EXAMPLES / name, folder)
    case = folder / "case.yaml"
    if extra:
        case.write_text(case.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return case


def test_every_build_writes_the_sheet_and_it_leads_with_the_practical_date(tmp_path):
    case = copy_example(tmp_path, "minneapolis-home-entry")
    out = tmp_path / "packet"
    manifest = build(case, out, dt.date(2026, 12, 1))
    (entry,) = [f for f in manifest["files"] if f["kind"] == "next_steps"]
    assert entry["path"] == "next-steps.pdf" and entry["lang"] == "en"
    text = pdf_text(out / "next-steps.pdf")
    # Incident June 14, 2025 in Minnesota. The safer Bivens reading is 2 years: Monday, June 14, 2027.
    # The agency's six months must end by then: receipt by Sunday, Dec 13, 2026 (+6 months = June 13, suit
    # allowed June 14) -> the business day before, Friday, December 11, 2026. Send by: 7 days earlier, Friday, Dec 4.
    assert "The most important date Friday, December 11, 2026" in text
    assert (
        "The agency should RECEIVE the claim by Friday, December 11, 2026. The law allows until Monday, June 14, 2027."
        in text
    )
    assert "Send it by Friday, December 4, 2026." in text
    # who signs, where it goes (the agency directory), what not to do, the lawyer named in the case
    assert "María Ramírez signs the claim form for Sofía Ramírez." in text
    assert "Tomás Ramírez signs his or her own claim form." in text
    assert "500 12th St SW, Mailstop 5900 Washington, DC 20536" in text
    assert "Do not sign anything from the agency or the officers without talking to the lawyer first." in text
    assert "Do not delete or change the videos and photos on your phone." in text
    assert "Jordan Whitfield" in text and "(612) 555-0100" in text
    # plain words for the family: no citations, no lawyer's warnings
    assert "U.S.C." not in text and "C.F.R." not in text and "Bivens" not in text


def test_spanish_case_gets_a_spanish_sheet(tmp_path):
    case = copy_example(tmp_path, "fatal-vehicle-stop", "interview:\n  lang: es\n")
    out = tmp_path / "packet"
    manifest = build(case, out, dt.date(2026, 11, 22))
    assert [f["lang"] for f in manifest["files"] if f["kind"] == "next_steps"] == ["es"]
    text = pdf_text(out / "next-steps.pdf")
    # Ohio, death on Thursday, September 23, 2025; Bivens 2 years: Thursday, September 23, 2027.
    # Receipt by Monday, March 22, 2027 (+6 months = Sept 22, suit allowed Sept 23); send by Monday, March 15.
    assert "La fecha más importante lunes, 22 de marzo de 2027" in text
    assert "La agencia debería RECIBIR el reclamo a más tardar el lunes, 22 de marzo de 2027." in text
    assert "La ley da plazo hasta el jueves, 23 de septiembre de 2027." in text
    assert "Envíelo a más tardar el lunes, 15 de marzo de 2027." in text
    assert "Mirlande Désir firma el formulario de Kervens Désir." in text
    assert "Lo que no hay que hacer" in text and "Su abogado" in text and "Claudette Mésidor" in text
    assert "What happens next" not in text and "The most important date" not in text
    # the interview's own language is not changed by a build
    assert i18n.lang() == "en"


def test_when_the_practical_day_has_passed_the_last_day_of_receipt_leads(tmp_path):
    case = load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml")
    # As of January 20, 2027 the early day (Dec 11, 2026) is gone: the claim must still reach the agency by
    # Monday, June 14, 2027 (2 years); send by 7 days earlier, Monday, June 7, 2027.
    as_of = dt.date(2027, 1, 20)
    key = ns.key_date(case, compute(case, as_of))
    assert (key.kind, key.day, key.send_by) == ("receive", dt.date(2027, 6, 14), dt.date(2027, 6, 7))
    lines = ns.plain_text(ns.blocks(case, as_of, "en"))
    assert "  → Monday, June 14, 2027" in lines
    assert (
        "The agency must RECEIVE the claim by Monday, June 14, 2027. Mailing it is not enough: "
        "it counts on the day it arrives."
    ) in lines
    assert (
        "Send it by Monday, June 7, 2027. Use a delivery service that gets a signature when it arrives, and keep the receipt."
        in lines
    )


def test_a_claim_already_received_waits_for_the_agency(tmp_path):
    case = load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml")
    # received Sept 2, 2025; Bivens suit filed: nothing open but the agency's six months -> "wait" until
    # March 2, 2026 + 1 = March 3, 2026 (the first day a suit may be filed)
    claim = case.claim.model_copy(
        update={"presented_on": dt.date(2025, 9, 2), "bivens_suit_filed_on": dt.date(2025, 10, 1)}
    )
    case = case.model_copy(update={"claim": claim})
    key = ns.key_date(case, compute(case, dt.date(2025, 12, 1)))
    assert (key.kind, key.day) == ("wait", dt.date(2026, 3, 3))


def test_user_text_is_data_not_markup_and_the_pdf_is_reproducible(tmp_path):
    case = copy_example(tmp_path, "minneapolis-home-entry")
    text = case.read_text(encoding="utf-8").replace(
        'name: "Jordan Whitfield"', 'name: "Smith & Sons <b>Law</b> {{ x }} {% y %}"'
    )
    case.write_text(text, encoding="utf-8")
    build(case, tmp_path / "a", dt.date(2026, 12, 1))
    build(case, tmp_path / "b", dt.date(2026, 12, 1))
    assert (tmp_path / "a" / "next-steps.pdf").read_bytes() == (tmp_path / "b" / "next-steps.pdf").read_bytes()
    assert "Smith & Sons <b>Law</b> {{ x }} {% y %}" in pdf_text(tmp_path / "a" / "next-steps.pdf")


def test_a_name_the_font_cannot_draw_stops_the_build(tmp_path):
    from claimgen.errors import CaseError

    case = copy_example(tmp_path, "minneapolis-home-entry")
    case.write_text(
        case.read_text(encoding="utf-8").replace('name: "Jordan Whitfield"', "name: 王小明"), encoding="utf-8"
    )
    with pytest.raises(CaseError) as exc:
        build(case, tmp_path / "packet", dt.date(2026, 12, 1))
    assert "counsel.name" in "\n".join(exc.value.lines())
    assert not (tmp_path / "packet").exists()


def test_the_wording_is_data_with_a_translation_for_every_text():
    wording = data.load("next_steps")
    assert set(ns.KIND_OF.values()) | {"receive_early", "missed", "wait", "none", "send_by", "send_now"} <= set(
        wording["key_dates"]
    )
    for key in wording["citations"]:
        assert key in data.authorities()
    tr = ns.translator("es")
    for text in [wording["title"], *wording["steps"], *wording["dont"], *wording["key_dates"].values()]:
        assert tr.gettext(text) != text, text


def test_the_end_of_the_interview_shows_the_sheet_not_the_lawyers_warnings(tmp_path, capsys):
    answers = {
        "claimants.count": 1,
        "claimants[0].name": "Ana López",
        "claimants[0].address": "12 Main St, El Paso, TX",
        "incident.date": "6/14/2025",
        "incident.place": "12 Main St, El Paso",
        "incident.state": "TX",
        "incident.agencies": ["ICE"],
        "incident.narrative": "They broke the door.",
        "claimants[0].injuries": "Wrist",
        "claimants[0].damages.personal_injury[0].description": "ER",
        "claimants[0].damages.personal_injury[0].amount": "100",
    }
    file = tmp_path / "answers.yaml"
    file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    case = tmp_path / "case.yaml"
    assert cli.main(["interview", str(case), "--answers", str(file), "--lang", "es", "--as-of", "2026-11-22"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    # Texas: Bivens 2 years from June 14, 2025 -> Monday, June 14, 2027; receipt by Sunday, Dec 13, 2026 ->
    # Friday, December 11, 2026 (as in Minnesota, same dates)
    assert "Lo que sigue" in out and "La fecha más importante → viernes, 11 de diciembre de 2026" in out
    assert (
        "Lo más urgente: La agencia debería RECIBIR el reclamo a más tardar el viernes, 11 de diciembre de 2026." in out
    )
    assert "Advertencias sobre los plazos" not in out and "Puntos para que el abogado revise" not in out
    assert "claimgencheck" + str(case.resolve()) in "".join(out.split())  # (wrapped at the terminal's width)
    assert "Ana López firma su propio formulario." in out
    assert "Todavía no hay un abogado en el caso." in out


@pytest.mark.parametrize(
    "lang,lawyer_words", [("en", ("the lawyer", "The lawyer")), ("es", ("el abogado", "El abogado"))]
)
def test_a_family_without_a_lawyer_is_never_told_the_lawyer_will_act(lang, lawyer_words):
    case = load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml")
    alone = case.model_copy(update={"counsel": None})
    received = alone.model_copy(update={"claim": alone.claim.model_copy(update={"presented_on": dt.date(2025, 9, 2)})})
    denied = received.model_copy(
        update={"claim": received.claim.model_copy(update={"denial_mailed_on": dt.date(2026, 1, 15)})}
    )
    # early receipt target, the law's own last day of receipt, waiting for the agency, the suit window, a denial
    cases = ((alone, dt.date(2026, 12, 1)), (alone, dt.date(2027, 1, 20)), (received, dt.date(2025, 12, 1)))
    for c, as_of in (*cases, (denied, dt.date(2026, 2, 1))):
        text = " ".join(ns.plain_text(ns.blocks(c, as_of, lang)))
        assert not [w for w in lawyer_words if w in text], text
        assert ("legal aid" if lang == "en" else "ayuda legal") in text
    with_lawyer = " ".join(ns.plain_text(ns.blocks(case, dt.date(2026, 12, 1), lang)))
    assert any(w in with_lawyer for w in lawyer_words)


def test_the_words_without_a_lawyer_are_translated_too():
    alone = data.load("next_steps")["without_lawyer"]
    texts = [alone["prepared"], *alone["steps"], *alone["steps_denied"], *alone["dont"], *alone["key_dates"].values()]
    texts += [alone["sign_note"], alone["where_intro"]]
    tr = ns.translator("es")
    for text in texts:
        assert tr.gettext(text) != text, text


@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "en",
            "CBP may also take the claim at the port of entry or Border Patrol station nearest the incident. "
            "That address is not here: find it, and call to check it, before you send the claim there too.",
        ),
        (
            "es",
            "CBP también puede recibir el reclamo en el puerto de entrada o la estación de la Patrulla "
            "Fronteriza más cercana al lugar de los hechos. Esa dirección no está aquí",
        ),
    ],
)
def test_where_it_goes_names_an_agencys_other_office_without_inventing_its_address(lang, expected):
    case = load_case(EXAMPLES / "arizona-checkpoint-force" / "case.yaml")
    assert case.incident.agencies == ["CBP"]
    text = " ".join(ns.plain_text(ns.blocks(case, dt.date(2026, 11, 22), lang)))
    assert expected in text
    assert "1300 Pennsylvania Ave NW" in text  # the Office of Chief Counsel is still there
    minneapolis = load_case(EXAMPLES / "minneapolis-home-entry" / "case.yaml")  # ICE: no other office
    assert "may also take the claim" not in " ".join(ns.plain_text(ns.blocks(minneapolis, dt.date(2026, 11, 22))))
