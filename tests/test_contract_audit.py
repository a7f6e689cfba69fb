"""Statements of the contract (docs: commands.md, docket.md, final-copies.md, serve.md) that an
outside audit found untested or broken, each driven through the command line as a user would."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from docket_cases import AS_OF, CASES, write_case
from helpers import copy_example, run_cli, run_cli_process


def test_docket_reports_a_fifo_named_like_a_case_file_without_hanging(tmp_path: Path) -> None:
    """A named pipe with no writer inside the clinic's folder is listed under problems; the docket finishes."""
    clients = tmp_path / "clients"
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    (clients / "pipe").mkdir()
    os.mkfifo(clients / "pipe" / "case.yaml")
    result = run_cli_process("docket", "clients", "--as-of", AS_OF, "--format", "json", cwd=tmp_path, timeout=30)
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert [c["path"] for c in doc["cases"]] == [rel]
    assert [p["path"] for p in doc["problems"]] == ["clients/pipe/case.yaml"]
    assert "named pipe" in doc["problems"][0]["message"]
    assert "Traceback" not in result.stderr


def test_docket_ics_on_a_fifo_is_a_usage_error_not_a_hang(tmp_path: Path) -> None:
    """``--ics`` naming a named pipe: exit 2 with one line, nothing written, no hang (as ``check --ics``)."""
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    os.mkfifo(tmp_path / "office.ics")
    result = run_cli_process("docket", "clients", "--as-of", AS_OF, "--ics", "office.ics", cwd=tmp_path, timeout=30)
    assert result.returncode == 2, result.stderr
    assert "office.ics" in result.stderr and "named pipe" in result.stderr
    assert result.stdout == ""


def test_docket_empty_ics_name_is_a_usage_error(tmp_path: Path) -> None:
    """``--ics ''`` is a wrong command line for the docket, as it is for ``check``: exit 2, nothing printed."""
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    result = run_cli("docket", "clients", "--as-of", AS_OF, "--ics", "", cwd=tmp_path)
    assert result.returncode == 2
    assert "--ics" in result.stderr and "empty name" in result.stderr
    assert result.stdout == ""


def test_docket_lists_a_case_file_saved_as_utf16_under_problems(tmp_path: Path) -> None:
    """A case file re-saved by Notepad as UTF-16 is a broken case file: it shows up, it does not disappear."""
    rel = "clients/due300/case.yaml"
    write_case(tmp_path / rel, **CASES[rel])
    utf16 = tmp_path / "clients" / "notepad" / "case.yaml"
    utf16.parent.mkdir()
    utf16.write_bytes((tmp_path / rel).read_text(encoding="utf-8").encode("utf-16"))
    result = run_cli("docket", "clients", "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert [c["path"] for c in doc["cases"]] == [rel]
    assert [p["path"] for p in doc["problems"]] == ["clients/notepad/case.yaml"]
    assert "UTF-16" in doc["problems"][0]["message"]


def test_docket_table_shows_the_safer_bivens_day_that_check_strict_counts(tmp_path: Path) -> None:
    """Minnesota, claim presented: the contract's ``next`` is the 6-year Bivens day (2031-06-13, a Friday
    before Saturday 2031-06-14), but ``check --strict`` warns of the 2-year reading (Monday 2027-06-14,
    13 days after 2027-06-01). The docket's table must not hide that day; its JSON stays the contract's."""
    case = tmp_path / "clients" / "mn" / "case.yaml"
    case.parent.mkdir(parents=True)
    case.write_text(
        "claimgen: 1\ntitle: Presented in Minnesota\nincident:\n  date: 2025-06-14\n  state: MN\n"
        "claim:\n  presented_on: 2025-09-02\n",
        encoding="utf-8",
    )
    strict = run_cli("check", "clients/mn/case.yaml", "--as-of", "2027-06-01", "--strict", cwd=tmp_path)
    assert strict.returncode == 1 and "act by 2027-06-14" in strict.stderr
    table = run_cli("docket", "clients", "--as-of", "2027-06-01", cwd=tmp_path)
    row = next(line for line in table.stdout.splitlines() if "Presented in Minnesota" in line)
    assert row.startswith("2031-06-13") and "safer reading: act by 2027-06-14" in row
    doc = json.loads(run_cli("docket", "clients", "--as-of", "2027-06-01", "--format", "json", cwd=tmp_path).stdout)
    assert doc["cases"][0]["next"] == {
        "id": "bivens_limitations",
        "date": "2031-06-14",
        "act_by": "2031-06-13",
        "days_left": 1473,
    }


def _serve(case: Path, *args: str, env: dict | None = None, umask: int | None = None):
    """Start ``claimgen serve`` as a user would; return (process, port, token) from its first line."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimgen", "serve", str(case), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DISPLAY": "", "WAYLAND_DISPLAY": "", **(env or {})},
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )
    first = proc.stdout.readline().rstrip("\n")
    m = re.fullmatch(r"claimgen serve: http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)", first)
    if not m:
        proc.kill()
        proc.communicate()
        raise AssertionError(first)
    return proc, int(m.group(1)), m.group(2)


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port`` (Linux /proc/net/tcp{,6}, hex as the kernel writes them)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as fh:
            for line in fh.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                addr, hexport = local.split(":")
                if state == "0A" and int(hexport, 16) == port:
                    found.add(addr)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from Linux /proc/net/tcp")
def test_serve_listens_on_127_0_0_1_only_and_port_0_picks_a_free_port(tmp_path: Path) -> None:
    proc, port, _ = _serve(tmp_path / "case.yaml", "--no-browser", "--port", "0")
    try:
        assert port > 0
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing on 0.0.0.0 or ::
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    assert proc.returncode == 0


def test_serve_opens_a_browser_on_its_link_unless_no_browser(tmp_path: Path) -> None:
    """Without ``--no-browser`` the link is handed to the system's browser (here: $BROWSER, a script)."""
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n', encoding="utf-8")
    script.chmod(0o700)
    for extra, expect in (([], True), (["--no-browser"], False)):
        opened.unlink(missing_ok=True)
        proc, port, token = _serve(tmp_path / "case.yaml", *extra, env={"BROWSER": str(script), "DISPLAY": ":99"})
        try:
            deadline = time.monotonic() + 10
            while expect and not opened.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=20)
        assert proc.returncode == 0
        if expect:
            assert opened.read_text(encoding="utf-8") == f"http://127.0.0.1:{port}/?token={token}"
        else:
            assert not opened.exists()


def test_serve_writes_a_private_case_file_under_umask_000(tmp_path: Path) -> None:
    """The case file serve creates, and the folder it makes for it, are 0600 and 0700 whatever the umask."""
    case = tmp_path / "family" / "case.yaml"
    proc, port, token = _serve(case, "--no-browser", "--lang", "es", umask=0)
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(f"http://127.0.0.1:{port}/?token={token}", timeout=10) as r:
            assert '<html lang="es">' in r.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert stat.S_IMODE(case.stat().st_mode) == 0o600
    assert stat.S_IMODE(case.parent.stat().st_mode) == 0o700


def test_interview_lang_other_than_en_or_es_is_refused_with_its_key_path(tmp_path: Path) -> None:
    """``interview.lang`` is ``en | es``; a French family would otherwise get English papers without a word."""
    case = copy_example("minneapolis-home-entry", tmp_path)
    text = case.read_text(encoding="utf-8")
    assert "\ninterview:" not in text
    case.write_text(text + "interview:\n  lang: fr\n", encoding="utf-8")
    before = case.read_bytes()
    result = run_cli("validate", case)
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if "interview.lang" in line] == [
        f"{case}: interview.lang: must be 'en' or 'es' (the language of the interview and of the family's papers)"
    ]
    build = run_cli("build", case, "-o", tmp_path / "out")
    assert build.returncode == 2 and not (tmp_path / "out").exists() and case.read_bytes() == before
    case.write_text(text + "interview:\n  lang: es\n", encoding="utf-8")
    assert run_cli("validate", case).returncode == 0


def test_preservation_letter_docx_properties_name_the_letter_and_who_signs(tmp_path: Path) -> None:
    """File > Properties of the preservation letter, like the transmittal letter's: its title, its subject
    and who signs, with the build's fixed date; never empty, never the library's or the tool's name."""
    import docx

    case = copy_example("minneapolis-home-entry", tmp_path)
    out = tmp_path / "packet"
    assert run_cli("build", case, "-o", out, "--as-of", "2026-11-22", "--final").returncode == 0
    props = docx.Document(str(out / "preservation-ICE.docx")).core_properties
    assert props.title == "Demand to preserve evidence, to U.S. Immigration and Customs Enforcement"
    assert props.subject.startswith("Demand to preserve evidence — incident of June 14, 2025")
    assert props.author == props.last_modified_by == "Jordan Whitfield"
    assert props.created.isoformat() == props.modified.isoformat() == "2026-11-22T12:00:00+00:00"


@pytest.mark.parametrize(
    "argv, option",
    [
        (["evidence", "add", "CASE", "NEWFILE", "--description", "bad \udcff byte"], "--description"),
        (["evidence", "add", "CASE", "NEWFILE", "--source", "\udcfe"], "--source"),
        (["evidence", "add", "CASE", "NEWFILE", "--by", "\udcff"], "--by"),
        (["evidence", "log", "CASE", "E-001", "--action", "copied", "--by", "Ana \udcff"], "--by"),
        (["evidence", "remove", "CASE", "E-001", "--note", "dup \udcff"], "--note"),
    ],
)
def test_text_options_that_are_not_utf8_are_a_usage_error_and_the_case_stays_readable(
    tmp_path: Path, argv: list[str], option: str
) -> None:
    """A terminal in Latin-1 passes bytes that are not UTF-8: exit 2 naming the option, the case unchanged.
    (Before: the description was saved as a "\\uDCFF" escape no YAML reader accepts, exit 0, and every later
    command refused the case file; ``--by`` was an internal error, exit 3.)"""
    case = copy_example("minneapolis-home-entry", tmp_path)
    new = case.parent / "evidence" / "new.txt"
    new.write_text("new exhibit\n", encoding="utf-8")
    before = case.read_bytes()
    args = [str(case) if a == "CASE" else str(new) if a == "NEWFILE" else a for a in argv]
    result = run_cli_process(*args)
    assert result.returncode == 2, result.stderr
    assert f"argument {option}: " in result.stderr and "is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
    assert case.read_bytes() == before
    assert run_cli("validate", case).returncode == 0


def _run_bytes_safe(*args: object) -> subprocess.CompletedProcess:
    """``python -m claimgen ARGS``, its output read with replacement: it echoes paths that are not UTF-8."""
    return subprocess.run(
        [sys.executable, "-m", "claimgen", *map(str, args)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "CLAIMGEN_DEBUG"},
    )


def test_a_case_without_title_in_a_folder_whose_name_is_not_utf8_builds_and_calendars(tmp_path: Path) -> None:
    """The folder's name stands in for a missing title: a name in Latin-1 bytes (made on another system)
    is shown with a replacement character, never an internal error (exit 3) from build, check or docket."""
    folder = os.fsencode(tmp_path) + b"/ram\xedrez"
    case = Path(os.fsdecode(folder)) / "case.yaml"
    copy_example("minneapolis-home-entry", tmp_path)
    os.rename(tmp_path / "minneapolis-home-entry", case.parent)
    case.write_text(
        "".join(line for line in case.read_text(encoding="utf-8").splitlines(True) if not line.startswith("title:")),
        encoding="utf-8",
    )
    for final in ([], ["--final"]):
        out = tmp_path / f"packet{len(final)}"
        result = _run_bytes_safe("build", case, "-o", out, "--as-of", "2026-11-22", *final)
        assert result.returncode == 0, result.stderr
    assert "ram\ufffdrez" in (tmp_path / "packet1" / "deadlines.ics").read_text(encoding="utf-8")
    check = _run_bytes_safe("check", case, "--as-of", "2026-11-22", "--ics", tmp_path / "one.ics")
    assert check.returncode == 0, check.stderr
    docket = _run_bytes_safe("docket", tmp_path, "--as-of", "2026-11-22", "--ics", tmp_path / "office.ics")
    assert docket.returncode in (0, 1), docket.stderr
    assert "Traceback" not in docket.stderr and "internal error" not in docket.stderr
    assert "SUMMARY:ram\ufffdrez: " in (tmp_path / "office.ics").read_text(encoding="utf-8")


def test_an_answers_file_that_is_a_folder_or_a_fifo_is_called_the_answers_file(tmp_path: Path) -> None:
    """``interview --answers`` names what is wrong with the answers file, not with "the case file"."""
    (tmp_path / "answers.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    for name, words in (("answers.yaml", "is a folder, not an answers file"), ("pipe.yaml", "give the answers file")):
        result = run_cli_process("interview", "case.yaml", "--answers", name, cwd=tmp_path, timeout=30)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [f"{name}: " + result.stderr.split(": ", 1)[1].strip()]
        assert words in result.stderr and "case file" not in result.stderr
        assert not (tmp_path / "case.yaml").exists()


def test_the_memo_says_privileged_once_on_its_first_page(tmp_path: Path) -> None:
    """The cover memo stays the privileged internal draft, and says so once (its banner had appeared twice)."""
    import docx

    case = copy_example("minneapolis-home-entry", tmp_path)
    out = tmp_path / "packet"
    assert run_cli("build", case, "-o", out, "--as-of", "2026-11-22", "--final").returncode == 0
    memo = docx.Document(str(out / "cover-memo.docx"))
    first_page = [p.text for p in memo.sections[0].header.paragraphs] + [p.text for p in memo.paragraphs[:8]]
    banners = [t for t in first_page if "work product" in t.lower()]
    assert len(banners) == 1 and "privileged" in banners[0].lower()


def test_a_deadline_one_day_away_says_1_day_not_1_days(tmp_path: Path) -> None:
    """New York incident 2024-12-07: the agency must receive the claim by Monday 2026-12-07; on Sunday
    2026-12-06 that is 1 day away, and the critical flag says so in English a lawyer would sign."""
    case = tmp_path / "case.yaml"
    case.write_text("claimgen: 1\ntitle: One day left\nincident:\n  date: 2024-12-07\n  state: NY\n", encoding="utf-8")
    doc = json.loads(run_cli("check", case, "--as-of", "2026-12-06", "--format", "json").stdout)
    due = next(f for f in doc["flags"] if f["id"] == "ftca_presentment_due")
    assert due["severity"] == "critical"
    assert "(1 day from Sunday, December 6, 2026)" in due["message"] and "1 days" not in due["message"]
