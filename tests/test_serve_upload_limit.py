"""`claimgen serve --upload-limit SIZE`: the largest file the page accepts, written as people write sizes."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from claimgen.interview import i18n
from claimgen.serve.app import create_app
from claimgen.serve.security import Guard
from helpers import run_cli
from serve_helpers import BASE, HOUSEHOLD, PORT, TODAY, Form, answer_for


@pytest.fixture(autouse=True)
def english():
    i18n.setup("en")
    yield
    i18n.setup("en")


def case_at_the_file_question(tmp_path: Path) -> Path:
    """A case file whose next question is the first evidence file (answered through the pages)."""
    case = tmp_path / "case.yaml"
    guard = Guard()
    guard.port = PORT
    client = create_app(case, lang="en", today=TODAY, guard=guard).test_client()
    answers = {**HOUSEHOLD, "claimants.count": "1", "evidence.any": "yes"}
    r = client.get(f"/?token={guard.token}", base_url=BASE)
    while True:
        while r.status_code in (302, 303):
            r = client.get(r.headers["Location"], base_url=BASE)
        form = Form(r.get_data(as_text=True))
        if form.qid == "evidence[0].file":
            return case
        value = answer_for(answers[form.qid]) if form.qid in answers else form.offered()
        data = {"qid": form.qid, "mode": "next", "answer": value, "csrf": guard.csrf}
        r = client.post("/answer", data=data, base_url=BASE)
        if r.status_code == 200 and Form(r.get_data(as_text=True)).widget == "confirm":
            r = client.post("/answer", data={**data, "confirm": "yes"}, base_url=BASE)


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_the_limit_given_on_the_command_line_is_the_one_the_page_states_and_enforces(tmp_path):
    case = case_at_the_file_question(tmp_path)
    before = case.read_bytes()
    env = dict(os.environ, DISPLAY="", WAYLAND_DISPLAY="")
    command = [sys.executable, "-m", "claimgen", "serve", str(case), "--no-browser", "--as-of", "2026-11-22"]
    proc = subprocess.Popen(
        [*command, "--upload-limit", "2K"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        link = proc.stdout.readline().split(": ", 1)[1].strip()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(link, timeout=20) as r:
            page = Form(r.read().decode())
        assert page.qid == "evidence[0].file" and "Largest file: 2 KB." in page.text()
        body, kind = multipart(
            {"qid": "evidence[0].file", "mode": "next", "csrf": page.hidden("csrf")}, "video.mp4", b"v" * 5000
        )
        request = urllib.request.Request(link.split("?")[0] + "answer", data=body, headers={"Content-Type": kind})
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(request, timeout=20)
        assert refused.value.code in (413, 422)
        error = Form(refused.value.read().decode()).error()
        assert "too big" in error and "2 KB" in error
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and "Traceback" not in err
    assert case.read_bytes() == before
    assert not (tmp_path / "evidence").exists() or list((tmp_path / "evidence").iterdir()) == []  # nothing kept


@pytest.mark.parametrize("size", ["0", "12", "lots", "2X", "", "1e999", "-5M"])
def test_nonsense_sizes_are_one_line_and_exit_2(tmp_path, size):
    case = tmp_path / "case.yaml"
    result = run_cli("serve", case, "--no-browser", f"--upload-limit={size}")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("claimgen serve: error: argument --upload-limit: ")
    assert "Traceback" not in result.stderr and not case.exists()


@pytest.mark.parametrize(
    "size,expected",
    [("200M", 200_000_000), ("2G", 2_000_000_000), ("500KB", 500_000), ("1.5G", 1_500_000_000), ("1GiB", 2**30)],
)
def test_sizes_as_people_write_them(size, expected):
    from claimgen.cli import byte_size

    assert byte_size(size) == expected
