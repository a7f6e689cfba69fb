"""A claim already denied, through the interview as people answer it: every date kept, the mailing proof asked
only when there is a denial, and the deadline engine counting from the day the denial was mailed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from claimgen.caseio import load_raw
from claimgen.interview import i18n
from claimgen.serve.app import create_app
from claimgen.serve.security import Guard
from helpers import run_cli
from interview_cases import SHORT_ANSWERS_YAML
from serve_helpers import BASE, PORT, TODAY, Form, answer_for

SENT_NOT_RECEIVED = {
    "claim.already_sent": "yes",
    "claim.presented_on": "",  # the family does not know the day the agency received it
    "claim.mailed_on": "8/28/2025",
    "claim.denied": "yes",
    "claim.denial_mailed_on": "January 10, 2026",
}


@pytest.fixture(autouse=True)
def english():
    i18n.setup("en")
    yield
    i18n.setup("en")


def answered(tmp_path, extra: dict, lang: str = "en"):
    """``claimgen interview CASE --answers FILE`` on the short household with ``extra`` answers; the case file."""
    answers = yaml.safe_load(SHORT_ANSWERS_YAML)
    answers.update(extra)
    file = tmp_path / "answers.yaml"
    file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    case = tmp_path / "case.yaml"
    result = run_cli("interview", case, "--answers", file, "--lang", lang)
    assert result.returncode == 0, result.stderr
    return case


def deadlines(case) -> tuple[dict, set[str]]:
    result = run_cli("check", case, "--as-of", "2026-03-01", "--format", "json")
    out = json.loads(result.stdout)
    return {d["id"]: d for d in out["deadlines"]}, {f["id"] for f in out["flags"]}


def test_a_denial_is_kept_when_the_day_of_receipt_is_unknown(tmp_path):
    case = answered(tmp_path, {**SENT_NOT_RECEIVED, "claim.denial_mailing_proof": "envelope"})
    claim = load_raw(case)["claim"]
    assert claim == {
        "mailed_on": dt.date(2025, 8, 28),
        "denial_mailed_on": dt.date(2026, 1, 10),
        "denial_mailing_proof": "postmarked envelope",
    }
    found, flags = deadlines(case)
    # 28 U.S.C. § 2401(b): six months from the mailing of the denial: July 10, 2026 (a Friday)
    assert found["ftca_suit_deadline"]["date"] == "2026-07-10" and found["ftca_suit_deadline"]["status"] == "open"
    # the denial proves the agency had the claim: presentment met, not "missed" or "open"
    assert found["ftca_presentment"]["status"] == "met"
    assert "denial_mailing_unproven" not in flags


@pytest.mark.parametrize("proof", ["letter", "unknown"])
def test_without_a_receipt_or_postmark_nothing_is_recorded_as_proof_and_check_asks_for_it(tmp_path, proof):
    case = answered(tmp_path, {**SENT_NOT_RECEIVED, "claim.denial_mailing_proof": proof})
    claim = load_raw(case)["claim"]
    assert "denial_mailing_proof" not in claim and str(claim["denial_mailed_on"]) == "2026-01-10"
    _, flags = deadlines(case)
    assert "denial_mailing_unproven" in flags


def test_the_proof_is_required_once_there_is_a_denial(tmp_path):
    answers = yaml.safe_load(SHORT_ANSWERS_YAML)
    answers.update(SENT_NOT_RECEIVED)
    file = tmp_path / "answers.yaml"
    file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = run_cli("interview", tmp_path / "case.yaml", "--answers", file)
    assert result.returncode == 2
    assert "claim.denial_mailing_proof" in result.stderr
    assert not (tmp_path / "case.yaml").exists()


def test_words_the_lawyer_wrote_about_the_proof_are_kept(tmp_path):
    case = answered(tmp_path, {**SENT_NOT_RECEIVED, "claim.denial_mailing_proof": "receipt"})
    raw = load_raw(case)
    raw["claim"]["denial_mailing_proof"] = "PS Form 3800 receipt, exhibit E-007"
    case.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    # the family changes the denial's day; the proof answer is replayed and the lawyer's words stay
    answers = yaml.safe_load(SHORT_ANSWERS_YAML)
    answers.update(
        {**SENT_NOT_RECEIVED, "claim.denial_mailing_proof": "receipt", "claim.denial_mailed_on": "1/12/2026"}
    )
    file = tmp_path / "answers2.yaml"
    file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    assert run_cli("interview", case, "--answers", file).returncode == 0
    claim = load_raw(case)["claim"]
    assert claim["denial_mailing_proof"] == "PS Form 3800 receipt, exhibit E-007"
    assert str(claim["denial_mailed_on"]) == "2026-01-12"


def test_a_denial_dated_before_the_claim_was_sent_is_refused_with_the_reason(tmp_path):
    answers = yaml.safe_load(SHORT_ANSWERS_YAML)
    answers.update({**SENT_NOT_RECEIVED, "claim.denial_mailed_on": "8/1/2025", "claim.denial_mailing_proof": "receipt"})
    file = tmp_path / "answers.yaml"
    file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    result = run_cli("interview", tmp_path / "case.yaml", "--answers", file)
    assert result.returncode == 2
    assert "claim.denial_mailed_on: That is before the claim was sent" in result.stderr


def test_saying_no_denial_removes_the_denial_and_its_proof(tmp_path):
    case = answered(tmp_path, {**SENT_NOT_RECEIVED, "claim.denial_mailing_proof": "receipt"})
    assert load_raw(case)["claim"]["denial_mailing_proof"] == "certified or registered mail receipt"
    answers = yaml.safe_load(SHORT_ANSWERS_YAML)
    answers.update({**SENT_NOT_RECEIVED, "claim.denied": "no"})
    file = tmp_path / "answers2.yaml"
    file.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    assert run_cli("interview", case, "--answers", file).returncode == 0
    assert load_raw(case)["claim"] == {"mailed_on": dt.date(2025, 8, 28)}


# ---------------------------------------------------------------- the web page, in Spanish


def pages(tmp_path, answers: dict, lang: str) -> tuple[list[tuple[str, str]], object]:
    """Answer every page of ``claimgen serve``'s interview; the (question id, page text) shown, and the case."""
    case = tmp_path / "case.yaml"
    guard = Guard()
    guard.port = PORT
    client = create_app(case, lang=lang, today=TODAY, guard=guard).test_client()
    r = client.get(f"/?token={guard.token}", base_url=BASE)
    shown = []
    while r.status_code in (302, 303) or r.request.path != "/review":
        if r.status_code in (302, 303):
            r = client.get(r.headers["Location"], base_url=BASE)
            continue
        form = Form(r.get_data(as_text=True))
        shown.append((form.qid, form.text()))
        value = answer_for(answers[form.qid]) if form.qid in answers else form.offered()
        data = {"qid": form.qid, "mode": "next", "answer": value, "csrf": guard.csrf}
        r = client.post("/answer", data=data, base_url=BASE)
        if r.status_code == 200 and Form(r.get_data(as_text=True)).widget == "confirm":
            r = client.post("/answer", data={**data, "confirm": "yes"}, base_url=BASE)
        assert r.status_code == 303, (form.qid, Form(r.get_data(as_text=True)).error())
    return shown, case


def test_the_web_page_asks_the_proof_in_spanish_only_after_a_denial(tmp_path):
    answers = yaml.safe_load(SHORT_ANSWERS_YAML)
    answers.update({**SENT_NOT_RECEIVED, "claim.denial_mailing_proof": "receipt"})
    shown, case = pages(tmp_path, answers, "es")
    ids = [qid for qid, _ in shown]
    assert ids.index("claim.mailed_on") < ids.index("claim.denial_mailed_on") < ids.index("claim.denial_mailing_proof")
    text = dict(shown)["claim.denial_mailing_proof"]
    assert "¿Qué muestra el día en que enviaron por correo la carta de rechazo?" in text
    assert "El matasellos del sobre" in text and "No estoy seguro/a" in text
    assert load_raw(case)["claim"]["denial_mailing_proof"] == "certified or registered mail receipt"

    answers.update({"claim.denied": "no"})
    (tmp_path / "no").mkdir()
    shown, _ = pages(tmp_path / "no", answers, "en")
    assert "claim.denied" in [qid for qid, _ in shown]
    assert "claim.denial_mailing_proof" not in [qid for qid, _ in shown]
