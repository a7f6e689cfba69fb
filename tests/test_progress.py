"""The hashing progress line and bar: English for `claimgen evidence add`, the user's language in the interview."""

from __future__ import annotations

import io

import pytest

from claimgen.evidence import progress
from claimgen.interview import i18n
from claimgen.interview.engine import Engine, add_evidence
from claimgen.interview.questions import Action

from helpers import run_cli
from interview_cases import ANSWERS_YAML, TODAY


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_plain_line_is_english_by_default():
    out = io.StringIO()
    with progress.reporter(1_100_000_000, stream=out) as rep:
        rep.start("video.mp4", 1_100_000_000)
        rep.start("small.jpg", 2_000)  # too small to mention
    assert out.getvalue() == "hashing video.mp4 (1.1 GB) ...\n"


def test_wording_changes_the_words_for_a_block_only():
    out = io.StringIO()
    with progress.wording(line="calculando la huella digital de {name} ({size})..."):
        with progress.reporter(1_100_000_000, stream=out) as rep:
            rep.start("video.mp4", 1_100_000_000)
    with progress.reporter(1_100_000_000, stream=out) as rep:
        rep.start("video.mp4", 1_100_000_000)
    assert out.getvalue().splitlines() == ["calculando la huella digital de video.mp4 (1.1 GB)...", "hashing video.mp4 (1.1 GB) ..."]


def test_the_bar_shows_a_file_name_as_typed_never_as_markup():
    name = "[bold]cam[/bold] & <1>.mp4"
    out = _Tty()
    with progress.reporter(progress.BAR_FROM, stream=out) as rep:
        rep.start(name, progress.BAR_FROM)
        rep.advance(progress.BAR_FROM)
    assert "hashing " + name in out.getvalue()
    out = _Tty()
    with progress.wording(bar="huella digital de {name}"):
        with progress.reporter(progress.BAR_FROM, stream=out) as rep:
            rep.start(name, progress.BAR_FROM)
            rep.advance(progress.BAR_FROM)
    assert "huella digital de " + name in out.getvalue() and "hashing" not in out.getvalue()


@pytest.fixture
def case(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_YAML, encoding="utf-8")
    from claimgen.interview.answers import run_answers

    case = tmp_path / "case.yaml"
    run_answers(case, answers, "en", today=TODAY)
    return case


def test_the_interview_in_spanish_says_hashing_in_spanish(case, capsys, monkeypatch):
    video = case.parent / "video.mp4"
    with video.open("wb") as f:
        f.truncate(3 * 2**20)  # sparse: 3 MiB of zeros, no disk used
    monkeypatch.setattr(progress, "LINE_FROM", 2**20)  # as if it were a 1 GB video
    i18n.setup("es")
    try:
        engine = Engine(case, "es", today=TODAY)
        action = Action("evidence[0].added", "evidence", "add_evidence", {"files": [str(video)], "description": "Video", "supports": ["c1"]})
        assert add_evidence(engine, action, print, progress=True) == ["E-001"]
    finally:
        i18n.setup("en")
    captured = capsys.readouterr()
    assert f"calculando el código de verificación (SHA-256) de {video} (3.1 MB)..." in captured.err
    assert "hashing" not in captured.err and "Se agregó E-001" in captured.out
    # and the words are English again for everyone else
    assert progress.words() == {"line": progress.LINE, "bar": progress.BAR}


def test_evidence_add_on_the_command_line_stays_english(case, tmp_path):
    # the plain line is shown from 512 MB: a sparse file that large takes no disk, only a moment to read
    big = tmp_path / "big.bin"
    with big.open("wb") as f:
        f.truncate(progress.LINE_FROM)
    result = run_cli("evidence", "add", case, big)
    assert result.returncode == 0, result.stderr
    assert f"hashing {big} (536.9 MB) ...\n" in result.stderr, result.stderr
    assert "huella" not in result.stderr
