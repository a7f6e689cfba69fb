"""The interview without a keyboard: parsers, Spanish catalogs, --answers mode, no terminal, import cost."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
import sys
from decimal import Decimal

import pytest

from claimgen.caseio import load_raw
from claimgen.interview import i18n
from claimgen.interview.parse import AnswerError, parse_date, parse_dollars, parse_state, parse_time

from helpers import ROOT, run_cli
from interview_cases import ANSWERS_YAML, EXPECTED, _facts, _plain

TODAY = dt.date(2026, 11, 22)


# ---------------------------------------------------------------- parsers


@pytest.mark.parametrize("typed", ["6/14/2025", "06/14/2025", "6-14-2025", "6/14/25", "June 14 2025", "June 14, 2025",
                                   "jun 14th 2025", "14 June 2025", "2025-06-14", "14 de junio de 2025", "junio 14, 2025"])
def test_dates_in_common_forms(typed):
    assert parse_date(typed, TODAY) == dt.date(2025, 6, 14)


@pytest.mark.parametrize("typed", ["2/30/2025", "14/6/2025", "June 2025", "next week", "", "6/14/202"])
def test_impossible_or_unclear_dates_are_refused(typed):
    with pytest.raises(AnswerError):
        parse_date(typed, TODAY)


def test_readback_in_both_languages():
    try:
        i18n.setup("en")
        assert i18n.readback_date(dt.date(2025, 6, 14)) == "Saturday, June 14, 2025"
        i18n.setup("es")
        assert i18n.readback_date(dt.date(2025, 6, 14)) == "sábado, 14 de junio de 2025"
    finally:
        i18n.setup("en")


@pytest.mark.parametrize("typed,hhmm", [("6:10", "06:10"), ("6:10 am", "06:10"), ("6:10 p.m.", "18:10"), ("12:05 am", "00:05"),
                                        ("18:30", "18:30"), ("6 pm", "18:00")])
def test_times(typed, hhmm):
    assert parse_time(typed) == hhmm


@pytest.mark.parametrize("typed,amount", [("1850", "1850.00"), ("$1,850.00", "1850.00"), ("1850.5", "1850.50"), ("0", "0.00"),
                                          ("12,345,678.90", "12345678.90"), ("4850 dollars", "4850.00")])
def test_money_to_decimal(typed, amount):
    assert parse_dollars(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["TBD", "more than 5000", "5000+", "about 2000", "1000-2000", "por determinar", "más de 5000", "unknown"])
def test_money_that_is_not_a_sum_certain_is_explained(typed):
    with pytest.raises(AnswerError, match="sum certain"):
        parse_dollars(typed)


@pytest.mark.parametrize("typed,why", [("-5", "negative"), ("10.555", "two digits"), ("1,85,0", "digits only"), ("1e15", "sum certain")])
def test_money_other_refusals(typed, why):
    with pytest.raises(AnswerError, match=why):
        parse_dollars(typed)


@pytest.mark.parametrize("typed,code", [("TX", "TX"), ("tx", "TX"), ("Texas", "TX"), ("new mexico", "NM"), ("Nuevo México", "NM"),
                                        ("D.C.", "DC"), ("District of Columbia", "DC"), ("Puerto Rico", "PR"), ("Carolina del Norte", "NC")])
def test_states(typed, code):
    assert parse_state(typed) == code


def test_unknown_state():
    with pytest.raises(AnswerError, match="Texsa"):
        parse_state("Texsa")


# ---------------------------------------------------------------- Spanish catalog


def _catalog():
    from babel.messages.pofile import read_po

    with (ROOT / "claimgen/locale/es/LC_MESSAGES/claimgen.po").open("rb") as fh:
        return read_po(fh, locale="es")


def _used_msgids() -> set[str]:
    """Every string the interview shows: the msgids marked in the code, and the agency names."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import compile_catalogs
    finally:
        sys.path.pop(0)
    used = set(compile_catalogs.extract_msgids())
    from claimgen import data

    return used | {row["name"] for row in data.agencies().values()}  # shown translated in the agency list


def _forms(message) -> tuple[str, ...]:
    """The translated text of a catalog entry: one string, or every plural form."""
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _untranslated(catalog, used) -> list[str]:
    return sorted(m for m in used if m not in catalog or not all(_forms(catalog[m])) or catalog[m].fuzzy)


def test_every_message_has_a_spanish_translation():
    used = _used_msgids()
    assert len(used) > 250
    catalog = _catalog()
    missing = _untranslated(catalog, used)
    assert missing == [], f"untranslated: {missing[:5]}"
    fields = re.compile(r"{(\w*)}")
    for m in used:
        source = m[-1] if isinstance(m, tuple) else m  # a plural: its plural form names every field
        for form in _forms(catalog[m]):
            assert sorted(fields.findall(source)) == sorted(fields.findall(form)), f"placeholders differ: {m!r}"
    # a plural message has every plural form of Spanish translated
    assert ("{n} day left", "{n} days left") in used
    assert _forms(catalog["{n} day left"]) == ("queda {n} día", "quedan {n} días")
    # the conduct checklist and the deadline status words come from the data files, translated here
    from claimgen import data

    assert {row["label"] for row in data.conduct().values()} <= used
    assert {"not running yet", "allowed now"} <= used


def test_compiled_catalog_matches_the_po():
    from babel.messages.mofile import read_mo

    catalog = _catalog()
    with (ROOT / "claimgen/locale/es/LC_MESSAGES/claimgen.mo").open("rb") as fh:
        compiled = read_mo(fh)
    def plain(value):  # plural ids and forms come back as lists from the .mo
        return tuple(value) if isinstance(value, (list, tuple)) else value

    want = {plain(m.id): plain(m.string) for m in catalog if m.id and m.string and not m.fuzzy}
    got = {plain(m.id): plain(m.string) for m in compiled if m.id}
    assert got == want, "claimgen.mo is stale: run `make catalogs`"


# ---------------------------------------------------------------- --answers and no terminal


def test_answers_file_produces_the_same_case_as_the_keyboard(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_YAML, encoding="utf-8")
    case = tmp_path / "case.yaml"
    result = run_cli("interview", case, "--answers", answers, "--lang", "es", input="")
    assert result.returncode == 0, result.stderr
    assert _plain(_facts(case)) == _plain(EXPECTED)
    assert stat.S_IMODE(os.stat(case).st_mode) == 0o600
    assert "Listo." in result.stdout and "Último día para que la agencia RECIBA el reclamo" in result.stdout
    assert load_raw(case)["interview"]["finished"] is True
    # the case is valid and builds
    assert run_cli("validate", case).returncode == 0
    built = run_cli("build", case, "-o", tmp_path / "packet", "--as-of", "2026-11-22")
    assert built.returncode == 0, built.stderr


def test_bad_answers_file_names_each_question_and_writes_nothing(tmp_path):
    answers = tmp_path / "answers.yaml"
    text = ANSWERS_YAML.replace("incident.date: June 14 2025", "incident.date: sometime in June")
    text = text.replace("claimants[0].damages.personal_injury[0].amount: 4850", "claimants[0].damages.personal_injury[0].amount: TBD")
    text = text.replace("incident.state: texas", "incident.state: Texsa")
    answers.write_text(text, encoding="utf-8")
    case = tmp_path / "case.yaml"
    result = run_cli("interview", case, "--answers", answers)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"{answers}: incident.date: Please give the day and the year") for line in lines)
    assert any("incident.state:" in line and "Texsa" in line for line in lines)
    assert any("personal_injury[0].amount:" in line and "sum certain" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert not case.exists()


def test_missing_required_answer(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("claimants.count: 1\nclaimants[0].role: injured\n", encoding="utf-8")
    result = run_cli("interview", tmp_path / "case.yaml", "--answers", answers)
    assert result.returncode == 2
    assert "claimants[0].name: is required, and the answers file does not give it" in result.stderr
    assert not (tmp_path / "case.yaml").exists()


@pytest.mark.parametrize("lang,words", [("en", "needs a terminal"), ("es", "necesita una terminal")])
def test_no_terminal_exits_2_with_a_clear_message(tmp_path, lang, words):
    case = tmp_path / "case.yaml"
    result = run_cli("interview", case, "--lang", lang, input="")
    assert result.returncode == 2
    assert words in result.stderr and "--answers" in result.stderr
    assert "Traceback" not in result.stderr and not case.exists()


def test_help_does_not_import_questionary():
    code = "import sys, claimgen.cli as c; c.build_parser(); import claimgen.commands.interview; print('questionary' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---------------------------------------------------------------- defects found in a real terminal session


@pytest.mark.parametrize("typed,big,small", [("38.500", "$38,500.00", "$38.50"), ("1.850", "$1,850.00", "$1.85")])
def test_a_period_that_may_group_thousands_is_refused_not_read_as_cents(typed, big, small):
    # "38.500" was taken as $38.50: a claim for a $38,500 hospital bill would have asked for $38.50
    with pytest.raises(AnswerError) as exc:
        parse_dollars(typed)
    assert big in str(exc.value) and small in str(exc.value)
    assert parse_dollars("38.50") == Decimal("38.50") and parse_dollars("38,500") == Decimal("38500.00")


@pytest.mark.parametrize("typed,why", [("6/31/2025", "June 2025 has only 30 days"), ("2/29/2025", "February 2025 has only 28 days"),
                                       ("2/30/2024", "February 2024 has only 29 days")])
def test_a_day_past_the_end_of_the_month_says_how_long_the_month_is(typed, why):
    with pytest.raises(AnswerError, match=why):
        parse_date(typed, TODAY)


def test_a_day_past_the_end_of_the_month_in_spanish():
    try:
        i18n.setup("es")
        with pytest.raises(AnswerError, match="En junio de 2025 solo hay 30 días"):
            parse_date("6/31/2025", TODAY)
    finally:
        i18n.setup("en")


def test_a_denial_dated_before_the_claim_was_received_is_refused(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_YAML.replace("claim.denial_mailed_on: January 10, 2026", "claim.denial_mailed_on: 8/1/2025"), encoding="utf-8")
    case = tmp_path / "case.yaml"
    result = run_cli("interview", case, "--answers", answers)
    assert result.returncode == 2, result.stdout
    assert "claim.denial_mailed_on: That is before the day the agency received the claim" in result.stderr
    assert not case.exists()


def test_catalog_test_fails_when_a_translation_is_missing():
    """The check above really notices a message shown in English (an empty, or fuzzy, translation)."""
    used = _used_msgids()
    catalog = _catalog()
    assert _untranslated(catalog, used) == []
    catalog["Is there another witness?"].string = ""
    catalog["Add another file?"].flags.add("fuzzy")
    assert _untranslated(catalog, used) == ["Add another file?", "Is there another witness?"]
    used.add("A message added to the code but not to the catalog")
    assert "A message added to the code but not to the catalog" in _untranslated(catalog, used)


def test_extract_drops_messages_the_code_no_longer_uses(tmp_path, monkeypatch, capsys):
    """`compile_catalogs.py --extract` brings the .po in line with the code: new msgids in, unused ones out."""
    import shutil

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import compile_catalogs as cc
    finally:
        sys.path.pop(0)
    from babel.messages.pofile import read_po

    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "claimgen/locale", locale)
    po = locale / "es/LC_MESSAGES/claimgen.po"
    catalog = cc.read_po(po)
    catalog.add("A question the interview stopped asking?", "¿Una pregunta que la entrevista ya no hace?")
    del catalog["Is there another witness?"]  # as if it were new in the code
    cc.write_po(po, catalog)
    monkeypatch.setattr(cc, "LOCALE", locale)

    assert cc.main(["--extract"]) == 0
    assert "1 new message(s), 1 no longer used dropped" in capsys.readouterr().out
    with po.open("rb") as fh:
        after = read_po(fh, locale="es")
    assert "A question the interview stopped asking?" not in after and not after.obsolete
    assert "#~" not in po.read_text(encoding="utf-8")  # dropped, not kept as an obsolete entry
    # added for a translator: babel offers the translation of a close message, marked fuzzy (not used until confirmed)
    new = after["Is there another witness?"]
    assert new.string == "" or new.fuzzy
    before = _catalog()
    assert {m.id: m.string for m in after if m.id and m.id != "Is there another witness?"} == \
        {m.id: m.string for m in before if m.id and m.id != "Is there another witness?"}  # every translation kept
    assert after["U.S. Customs and Border Protection"].string  # names from the data files are in use too
    assert cc.check() == [f"{po}: missing translation of 'Is there another witness?'"]
    monkeypatch.setattr(cc, "LOCALE", ROOT / "claimgen/locale")
    assert cc.check() == []  # the catalog in the repository is complete and compiled


def test_deadline_summary_leads_with_the_most_urgent_day_and_shows_the_safer_reading():
    """A family reads the first line: the earliest day to act, a practical one before the legal last day included."""
    import datetime as dt

    from claimgen.caseio import load_case
    from claimgen.interview import i18n
    from claimgen.interview.finish import show_deadlines

    i18n.setup("en")
    case = load_case(ROOT / "claimgen" / "examples" / "minneapolis-home-entry" / "case.yaml")
    lines: list[str] = []
    assert show_deadlines(case, dt.date(2026, 12, 1), lambda text="", indent="": lines.append(indent + text))
    # The safer Bivens day is Monday, June 14, 2027 (2 years); the agency's six months must end by then, so
    # the claim should arrive by Sunday, December 13, 2026 -> Friday, December 11 (the law's own last day is June 14, 2027).
    assert lines[2].startswith("Most urgent: The agency should RECEIVE the claim by Friday, December 11, 2026. "
                               "The law allows until Monday, June 14, 2027.")
    assert "Send it by Friday, December 4, 2026." in lines[2]
    assert "• Safer last day to sue the officers personally (a shorter time limit a court might apply)" in lines
    # with the claim received, the safer Bivens day (2 years) is what comes first, not the 6-year one
    received = case.model_copy(update={"claim": case.claim.model_copy(update={"presented_on": dt.date(2025, 9, 2)})})
    lines.clear()
    show_deadlines(received, dt.date(2026, 12, 1), lambda text="", indent="": lines.append(indent + text))
    assert lines[2] == ("Most urgent: A lawsuit against the officers themselves must be filed in court by Monday, "
                        "June 14, 2027. Talk to the lawyer about it now.")
