"""Reliability (docs/reliability.md): a value is read as the digits written, or refused — never converted.

YAML 1.1 reads ``0100`` as 64, ``0x3E8`` as 1000, ``06:10`` as 370 and ``1e3``-like
floats as numbers. The case loader keeps such scalars as their text; amounts accept plain
decimals only; times, phones, badge and claim numbers are text; an ``--answers`` file gets
exactly the keyboard's checks on the text as written.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import re
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from claimgen import caseio
from claimgen.cli import main
from claimgen.errors import CaseError


def run(*argv: object) -> tuple[int, str, str]:
    """The command line, in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


CASE = """\
claimgen: 1
title: {title}
incident:
  date: {date}
  time: {time}
  state: MN
  place: 12 Elm St, Minneapolis, MN 55401
  agencies: [ICE]
  narrative: Officers forced the door and pushed Ms. López to the floor.
  officers:
    - description: tall man in a green vest
      badge_number: {badge}
claimants:
  - id: c1
    name: Ana López
    address: 12 Elm St, Minneapolis, MN 55401
    phone: {phone}
    injuries: Bruised ribs.
    damages: {{personal_injury: {amount}}}
evidence:
  - id: E-001
    path: receipt.txt
    description: {description}
    sha256: {sha}
    size: {size}
"""
RECEIPT = b"a receipt\n"


def write_case(folder: Path, **values: str) -> Path:
    fields = dict(
        title="Test",
        date="2025-06-14",
        time='"06:10"',
        badge='"4471"',
        phone='"612-555-0142"',
        amount="1000",
        description="a receipt",
    )
    fields.update(values)
    (folder / "receipt.txt").write_bytes(RECEIPT)
    case = folder / "case.yaml"
    case.write_text(CASE.format(sha=hashlib.sha256(RECEIPT).hexdigest(), size=len(RECEIPT), **fields), encoding="utf-8")
    return case


def problems(case: Path) -> dict[str, str]:
    try:
        caseio.load_case(case)
    except CaseError as exc:
        return {p.path: p.message for p in exc.problems}
    return {}


# ---------------------------------------------------------------- the reproductions


@pytest.mark.parametrize("written", ["0100", "0x3E8", "0b1111101000", "1e3", "1_000", "0o144", "1:40", "1.5e3"])
def test_an_amount_in_another_spelling_is_refused(tmp_path, written):
    found = problems(write_case(tmp_path, amount=written))
    message = found.get("claimants[0].damages.personal_injury", "")
    assert "plain number" in message or "sum certain" in message, found


@pytest.mark.parametrize(
    "written,amount", [("100", "100.00"), ("1850.50", "1850.50"), ('"0100"', "100.00"), ("+250", "250.00")]
)
def test_a_plain_decimal_amount_is_read_as_written(tmp_path, written, amount):
    case = caseio.load_case(write_case(tmp_path, amount=written))
    assert case.claimants[0].damages.personal_injury == Decimal(amount)


def test_0100_never_becomes_64_on_the_sf95(tmp_path):
    case = write_case(tmp_path, amount="0100")
    code, _out, err = run("build", case, "-o", tmp_path / "packet", "--as-of", "2026-01-10")
    assert code == 2 and "'0100'" in err
    assert not (tmp_path / "packet").exists()


@pytest.mark.parametrize(
    "written,kept",
    [("0612555014", "0612555014"), ("6125550140", "6125550140"), ("+16125550140", "+16125550140"), ("06:12", "06:12")],
)
def test_unquoted_phone_numbers_are_text_as_written(tmp_path, written, kept):
    case = caseio.load_case(write_case(tmp_path, phone=written, badge=written))
    assert case.claimants[0].phone == kept
    assert case.incident.officers[0].badge_number == kept


@pytest.mark.parametrize(
    "written,ok", [("06:10", True), ("6:10", True), ("0610", False), ("610", False), ("06:10:00", False)]
)
def test_a_time_is_the_text_written_or_refused(tmp_path, written, ok):
    found = problems(write_case(tmp_path, time=written))
    if ok:
        assert found == {}
        assert caseio.load_case(tmp_path / "case.yaml").incident.time == "06:10"
    else:
        assert "HH:MM" in found.get("incident.time", ""), found


def test_a_datetime_given_for_a_date_says_without_a_time(tmp_path):
    found = problems(write_case(tmp_path, date="2025-06-14 10:30:00"))
    assert found["incident.date"].startswith("must be a date, without a time")


def test_a_merge_key_has_its_own_message(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("claimgen: 1\nbase: &b {state: MN}\nincident:\n  <<: *b\n", encoding="utf-8")
    with pytest.raises(CaseError) as info:
        caseio.load_raw(case)
    assert "merge key" in info.value.lines()[0] or "aliases" in info.value.lines()[0]
    case.write_text("claimgen: 1\nincident:\n  <<: {state: MN}\n", encoding="utf-8")
    with pytest.raises(CaseError) as info:
        caseio.load_raw(case)
    assert "the merge key `<<` is not allowed" in info.value.lines()[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_named_as_such(tmp_path, encoding):
    case = write_case(tmp_path)
    case.write_bytes(case.read_text(encoding="utf-8").encode(encoding))
    code, _out, err = run("validate", case)
    assert code == 2 and "this is UTF-16; save it as UTF-8" in err


def test_a_number_of_4301_digits_is_refused_not_a_crash(tmp_path):
    case = write_case(tmp_path, amount="9" * 4301)
    code, _out, err = run("validate", case)
    assert code == 2 and "4301 digits is too long" in err and "internal error" not in err
    code, _out, err = run("evidence", "add", case, tmp_path / "receipt.txt")
    assert code == 2 and "internal error" not in err


@pytest.mark.parametrize("date", ["9999-12-30", "9998-01-01", "0001-01-01"])
def test_dates_near_9999_are_refused_by_validate_build_and_check(tmp_path, date):
    case = write_case(tmp_path, date=date)
    for argv in (
        ["validate", case],
        ["check", case, "--as-of", "2026-01-10", "--ics", tmp_path / "d.ics"],
        ["build", case, "-o", tmp_path / "packet", "--as-of", "2026-01-10"],
    ):
        code, _out, err = run(*argv)
        assert code == 2 and "is not plausible" in err and "internal error" not in err, (argv, err)
    assert not (tmp_path / "packet").exists() and not (tmp_path / "d.ics").exists()


def test_a_future_date_of_birth_and_amendment_are_flagged(tmp_path):
    case = write_case(tmp_path)
    text = case.read_text(encoding="utf-8").replace("    injuries:", "    date_of_birth: 2090-01-01\n    injuries:")
    case.write_text(text + "claim:\n  presented_on: 2025-09-02\n  amended_on: [2090-02-02]\n", encoding="utf-8")
    code, _out, err = run("validate", case)
    assert code == 0, err
    assert "claimants[0].date_of_birth: warning: 2090-01-01 is in the future" in err
    assert "claim.amended_on[0]: warning: 2090-02-02 is in the future" in err


def test_saving_keeps_every_number_as_written(tmp_path):
    """evidence add re-writes the case file: the spellings it holds must survive, not become 64 or 370."""
    case = write_case(tmp_path, phone="0612555014", badge="0412", time="06:10")
    (tmp_path / "more.txt").write_text("another exhibit\n")
    code, _out, err = run("evidence", "add", case, tmp_path / "more.txt", "--by", "test")
    assert code == 0, err
    text = case.read_text(encoding="utf-8")
    assert "phone: 0612555014" in text and "badge_number: 0412" in text and "time: 06:10" in text
    loaded = caseio.load_case(case)
    assert (loaded.claimants[0].phone, loaded.incident.officers[0].badge_number, loaded.incident.time) == (
        "0612555014",
        "0412",
        "06:10",
    )


# ---------------------------------------------------------------- the answers file: the keyboard's checks


ANSWERS = """\
claimants.count: 1
claimants[0].role: injured
claimants[0].name: Ana López
claimants[0].address: 12 Main St, El Paso, TX 79901
claimants[0].phone: {phone}
incident.date: June 14 2025
incident.time: {time}
incident.place: 12 Main St, El Paso
incident.state: texas
incident.agencies: [ICE]
incident.officers.any: yes
incident.officers[0].badge_number: {badge}
incident.officers[0].description: tall man, green vest marked ERO
incident.narrative: Officers came at dawn.
incident.conduct: [excessive_force, home_entry]
claimants[0].hurt: yes
claimants[0].injuries: Broken left wrist.
claimants[0].property.any: no
claimants[0].damages.personal_injury[0].description: ER bill
claimants[0].damages.personal_injury[0].amount: {amount}
witnesses.any: no
claim.already_sent: no
counsel.any: no
"""


def answer(tmp_path: Path, **values: str) -> tuple[int, str, Path]:
    fields = dict(phone="915-555-0100", time="6:10 am", badge='"4471"', amount="4850")
    fields.update(values)
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.format(**fields), encoding="utf-8")
    case = tmp_path / "case.yaml"
    code, _out, err = run("interview", case, "--answers", answers, "--as-of", "2026-01-10")
    return code, err, case


@pytest.mark.parametrize("time", ["0610", "610", "370"])
def test_answers_time_in_digits_only_is_refused_never_converted(tmp_path, time):
    code, err, case = answer(tmp_path, time=time)
    assert code == 2 and "incident.time:" in err and not case.exists()


@pytest.mark.parametrize("time", ["06:10", "6:10", "6:10 am"])
def test_answers_time_as_written_is_kept(tmp_path, time):
    code, err, case = answer(tmp_path, time=time)
    assert code in (0, 1), err
    assert caseio.load_case(case).incident.time == "06:10"


def test_answers_phone_and_badge_keep_their_digits(tmp_path):
    code, err, case = answer(tmp_path, phone="0612555014", badge="0412")
    assert code in (0, 1), err
    loaded = caseio.load_case(case)
    assert loaded.claimants[0].phone == "0612555014" and loaded.incident.officers[0].badge_number == "0412"


@pytest.mark.parametrize("amount", ["0x3E8", "1e3", "0b1111101000"])
def test_answers_amounts_in_other_spellings_are_refused(tmp_path, amount):
    code, err, case = answer(tmp_path, amount=amount)
    assert code == 2 and "claimants[0].damages.personal_injury[0].amount:" in err and not case.exists()


def test_answers_a_mapping_is_not_saved_as_its_python_text(tmp_path):
    answers_text = ANSWERS.replace("claimants[0].name: Ana López", "claimants[0].name: {{a: 1}}")
    answers = tmp_path / "answers.yaml"
    answers.write_text(answers_text.format(phone="1", time="6:10", badge="1", amount="1"), encoding="utf-8")
    code, _out, err = run("interview", tmp_path / "case.yaml", "--answers", answers, "--as-of", "2026-01-10")
    assert code == 2 and "claimants[0].name:" in err and "not a list or a group of keys" in err
    assert not (tmp_path / "case.yaml").exists()


# ---------------------------------------------------------------- every YAML 1.1 spelling, through a whole build

AMOUNTS = [
    "100",
    "0100",
    "1850.50",
    "0x3E8",
    "0b1111101000",
    "1e3",
    "1_000",
    "0o17",
    "017",
    "1:40",
    "+250",
    "1000.",
    ".5e3",
    "12.345",
    "1.5E+3",
    ".inf",
    "-.inf",
    ".nan",
    "250.5",
]
TIMES = ["06:10", "6:10", "0610", "610", "06:10:00", "23:59", "24:00", "6.10", "0x10", "1_0:10", "7:5"]
TEXTS = [
    "0612555014",
    "6125550140",
    "+16125550140",
    "0x3E8",
    "0b101",
    "1e3",
    "1_000",
    "06:12",
    "0412",
    "1:2:3",
    "55401",
    "0o17",
    ".5",
    "+.5",
    "1.0",
]
DATES = ["2025-06-14", "2025-6-14", "2025-06-14T00:00:00Z", "2025-06-14 00:00:00", "20250614", "2025_06_14"]
SHEET_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


FIELDS = {"amount": AMOUNTS, "time": TIMES, "phone": TEXTS, "badge": TEXTS, "description": TEXTS, "date": DATES}
DEFAULTS = dict(
    amount="1000", time="06:10", phone="612-555-0142", badge="4471", description="a receipt", date="2025-06-14"
)


@st.composite
def spellings(draw) -> dict[str, str]:
    """One or two fields in a YAML 1.1 spelling, the others plain: about half the builds then succeed."""
    values = dict(DEFAULTS)
    for name in draw(st.lists(st.sampled_from(sorted(FIELDS)), min_size=1, max_size=2, unique=True)):
        values[name] = draw(st.sampled_from(FIELDS[name]))
    return values


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=spellings())
def test_every_yaml11_spelling_shows_the_digits_written_or_exit_2(values):
    from pypdf import PdfReader

    amount, time, phone, badge, description = (values[k] for k in ("amount", "time", "phone", "badge", "description"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        case = write_case(folder, **values)
        code, _out, err = run("build", case, "-o", folder / "packet", "--as-of", "2026-01-10")
        assert code in (0, 2) and "Traceback" not in err and "internal error" not in err, err
        event(f"exit {code}")
        if code == 2:
            assert not (folder / "packet").exists()
            return
        packet = folder / "packet"
        sheet = " ".join(page.extract_text() for page in PdfReader(packet / "sf95-c1.pdf").pages)
        memo = _docx_text(packet / "cover-memo.docx")
        rows = list(csv.DictReader(io.StringIO((packet / "evidence-log.csv").read_text(encoding="utf-8-sig"))))
        ics = (packet / "deadlines.ics").read_text(encoding="utf-8")
        # an amount is accepted only as a plain decimal, and shown as that number of dollars
        assert re.fullmatch(r"\+?([1-9][0-9]*|0)?(\.[0-9]*)?", amount), f"{amount!r} was accepted"
        dollars = f"{Decimal(amount.lstrip('+')):,.2f}"
        assert dollars in sheet and dollars in memo
        # a time only as H:MM or HH:MM, shown as that hour and minute
        m = SHEET_TIME.match(time)
        assert m, f"time {time!r} was accepted"
        hour, minute = int(m[1]), m[2]
        assert f"{hour % 12 or 12}:{minute} {'a.m.' if hour < 12 else 'p.m.'}" in sheet
        # text fields: exactly the characters written
        assert phone in sheet, (phone, sheet[:400])
        assert badge in memo or badge in sheet
        assert rows[0]["description"].lstrip("'") == description
        # the date's deadlines: two years from June 14, 2025 (a Monday in 2027)
        assert dt.date(2025, 6, 14) == caseio.load_case(case).incident.date
        assert "DTSTART;VALUE=DATE:20270614" in ics


# ---------------------------------------------------------------- the loader itself


def test_loader_keeps_each_spelling():
    data = caseio.parse_yaml("a: 0100\nb: 0x3E8\nc: 6:10\nd: 610\ne: 1850.50\nf: .inf\ng: 1_000\n", "x")
    assert data == {
        "a": "0100",
        "b": "0x3E8",
        "c": "6:10",
        "d": 610,
        "e": Decimal("1850.50"),
        "f": ".inf",
        "g": "1_000",
    }
    assert all(isinstance(data[k], caseio.NumberText) for k in "abcfg")
    dumped = caseio.dump_yaml(data)
    assert caseio.parse_yaml(dumped, "x") == data  # a save reads back as the same text
