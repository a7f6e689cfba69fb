"""claimgen serve in-process (Flask's test client): the locks on the door, and the interview through its pages.

Browser tests with a real Chromium are in test_serve_browser.py; the server process
(first line, signals) is tested at the end of this file.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from io import BytesIO
from pathlib import Path

import pytest

from claimgen.caseio import load_raw
from claimgen.interview import i18n
from claimgen.interview.answers import run_answers
from claimgen.serve.app import create_app
from claimgen.serve.security import Guard
from claimgen.serve.uploads import safe_name
from serve_helpers import BASE, HOUSEHOLD, PORT, TODAY, Form, answer_for, write_answers


@pytest.fixture(autouse=True)
def english():
    i18n.setup("en")
    yield
    i18n.setup("en")


def make(case: Path, lang: str = "en", **kw):
    guard = Guard()
    guard.port = PORT
    app = create_app(case, lang=lang, today=TODAY, guard=guard, **kw)
    return app, guard


@pytest.fixture
def site(tmp_path):
    """(client with the cookie set, guard, case path)."""
    case = tmp_path / "case.yaml"
    app, guard = make(case)
    client = app.test_client()
    r = client.get(f"/?token={guard.token}", base_url=BASE)
    assert r.status_code == 303
    return client, guard, case


def get(client, path="/"):
    return client.get(path, base_url=BASE)


def post(client, guard, path, data=None, **kw):
    data = dict(data or {})
    data.setdefault("csrf", guard.csrf)
    return client.post(path, data=data, base_url=BASE, **kw)


def follow(client, r):
    while r.status_code in (302, 303):
        r = get(client, r.headers["Location"])
    return r


def answer(client, guard, qid, value, **extra):
    """Post one answer as the page's form would; confirm a date's read-back with Yes."""
    data = {"qid": qid, "mode": extra.pop("mode", "next"), "answer": value, **extra}
    r = post(client, guard, "/answer", data)
    if r.status_code == 200 and Form(r.get_data(as_text=True)).widget == "confirm":
        r = post(client, guard, "/answer", {**data, "confirm": "yes"})
    return r


def drive(client, guard, answers: dict, stop_at: str | None = None) -> list[str]:
    """Answer every page from ``answers`` (else what the page offers) until the review; return the question ids."""
    shown = []
    r = follow(client, get(client))
    while r.request.path != "/review":
        form = Form(r.get_data(as_text=True))
        qid = form.qid
        if qid == stop_at:
            return shown
        shown.append(qid)
        value = answer_for(answers[qid]) if qid in answers else form.offered()
        r = answer(client, guard, qid, value)
        assert r.status_code == 303, (qid, Form(r.get_data(as_text=True)).error())
        r = follow(client, r)
    return shown


# ---------------------------------------------------------------- the locks


def test_no_token_no_page(tmp_path):
    app, guard = make(tmp_path / "case.yaml")
    client = app.test_client()
    for path in ("/", "/review", "/static/style.css", "/nothing"):
        assert get(client, path).status_code == 403
    assert get(client, "/?token=wrong").status_code == 403
    assert post(client, guard, "/answer", {"qid": "claimants.count", "answer": "1"}).status_code == 403


def test_the_token_becomes_an_httponly_strict_cookie_and_leaves_the_address(tmp_path):
    app, guard = make(tmp_path / "case.yaml")
    client = app.test_client()
    r = get(client, f"/?token={guard.token}")
    assert r.status_code == 303 and r.headers["Location"] == "/"
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(f"claimgen_{PORT}={guard.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert get(client, "/").status_code == 200
    other = app.test_client()
    other.set_cookie(f"claimgen_{PORT}", "not-the-token", domain="127.0.0.1")
    assert get(other, "/").status_code == 403


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "localhost", "127.0.0.1", "[::1]:8765", ""])
def test_a_host_header_of_another_name_is_refused(site, host):
    client, guard, case = site
    r = client.get("/", headers={"Host": host}, base_url=BASE)
    assert r.status_code == 400
    assert "Content-Security-Policy" in r.headers


def test_localhost_with_the_port_is_accepted(site):
    client, guard, case = site
    r = client.get(f"/?token={guard.token}", base_url=f"http://localhost:{PORT}")
    assert r.status_code == 303


def test_every_form_needs_its_csrf_token(site):
    client, guard, case = site
    before = case.read_bytes()
    for data in ({}, {"csrf": "wrong"}):
        r = client.post("/answer", data={"qid": "claimants.count", "answer": "2", **data}, base_url=BASE)
        assert r.status_code == 403
    r = client.post("/lang", data={"lang": "es"}, base_url=BASE)
    assert r.status_code == 403
    r = post(
        client, guard, "/answer", {"qid": "claimants.count", "answer": "2"}, headers={"Origin": "http://evil.example"}
    )
    assert r.status_code == 403
    assert case.read_bytes() == before
    page = get(client).get_data(as_text=True)
    forms = lxml_forms(page)
    assert forms and all(f.xpath(".//input[@name='csrf']")[0].get("value") == guard.csrf for f in forms)


def lxml_forms(html: str):
    import lxml.html

    return lxml.html.fromstring(html).xpath("//form")


def test_every_answer_has_the_security_headers_and_loads_nothing_from_elsewhere(site):
    client, guard, case = site
    for r in (
        get(client),
        get(client, "/static/style.css"),
        get(client, "/nope"),
        client.get("/", base_url="http://x:1"),
    ):
        csp = r.headers["Content-Security-Policy"]
        assert csp.startswith("default-src 'self'") and "http" not in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["Cache-Control"] == "no-store"
    html = get(client).get_data(as_text=True)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "<script" not in html and "style=" not in html  # nothing inline: the CSP would block it
    css = get(client, "/static/style.css").get_data(as_text=True)
    assert "url(" not in css and "@import" not in css


@pytest.mark.parametrize(
    "path", ["/static/", "/static", "/static/../app.py", "/static/%2e%2e/app.py", "/templates/base.html"]
)
def test_no_directory_listing_and_no_file_outside_static(site, path):
    client, guard, case = site
    r = get(client, path)
    assert r.status_code == 404
    assert b"There is no such page" in r.data and b"Index of" not in r.data and b"def create_app" not in r.data


def test_pages_say_their_language_and_the_switch_is_on_every_page(site):
    client, guard, case = site
    page = Form(get(client).get_data(as_text=True))
    assert page.lang == "en" and "Español" in page.text()
    r = follow(client, post(client, guard, "/lang", {"lang": "es", "next": "/"}))
    page = Form(r.get_data(as_text=True))
    assert page.lang == "es" and "¿Cuántas personas" in page.text() and "English" in page.text()
    assert load_raw(case)["interview"]["lang"] == "es"
    for path in ("/stopped", "/nope"):
        html = get(client, path).get_data(as_text=True)
        assert '<html lang="es">' in html and 'action="/lang"' in html
    r = follow(client, post(client, guard, "/lang", {"lang": "en", "next": "//evil.example/"}))
    assert r.request.path == "/" and Form(r.get_data(as_text=True)).lang == "en"


def test_labels_are_tied_to_their_fields(site):
    client, guard, case = site
    doc = Form(get(client).get_data(as_text=True)).doc
    (box,) = doc.xpath("//input[@name='answer']")
    assert doc.xpath(f"//label[@for='{box.get('id')}']")
    answer(client, guard, "claimants.count", "1")
    doc = Form(follow(client, get(client)).get_data(as_text=True)).doc
    radios = doc.xpath("//input[@type='radio'][@name='answer']")
    assert radios and all(doc.xpath(f"//label[@for='{r.get('id')}']") for r in radios)
    assert doc.xpath("//fieldset/legend//h1")


# ---------------------------------------------------------------- the interview through its pages


def test_a_refused_answer_is_shown_next_to_the_field_and_nothing_is_saved(site):
    client, guard, case = site
    before = case.read_bytes()
    r = answer(client, guard, "claimants.count", "a lot")
    assert r.status_code == 422
    page = Form(r.get_data(as_text=True))
    assert page.error() and "1" in page.error()
    assert page.form.xpath(".//input[@name='answer']")[0].get("value") == "a lot"  # kept to fix
    assert page.form.xpath(".//input[@name='answer']")[0].get("aria-invalid") == "true"
    assert case.read_bytes() == before


def test_a_date_is_read_back_before_it_is_saved(site):
    client, guard, case = site
    drive(client, guard, {**HOUSEHOLD, "claimants.count": "1"}, stop_at="incident.date")
    r = post(client, guard, "/answer", {"qid": "incident.date", "answer": "6/14/2025"})
    page = Form(r.get_data(as_text=True))
    assert "Saturday, June 14, 2025 — is that right?" in page.text()
    assert "date" not in (load_raw(case).get("incident") or {})
    r = post(client, guard, "/answer", {"qid": "incident.date", "answer": "6/14/2025", "confirm": "no"})
    assert Form(r.get_data(as_text=True)).offered() == "6/14/2025"  # asked again, the typed date kept
    r = post(client, guard, "/answer", {"qid": "incident.date", "answer": "6/14/2025", "confirm": "yes"})
    assert r.status_code == 303
    assert str(load_raw(case)["incident"]["date"]) == "2025-06-14"


def test_back_asks_the_previous_question_with_its_answer(site):
    client, guard, case = site
    answer(client, guard, "claimants.count", "1")
    answer(client, guard, "claimants[0].role", "injured")
    answer(client, guard, "claimants[0].name", "Ana López")
    page = Form(get(client).get_data(as_text=True))
    assert page.qid == "claimants[0].address" and "About: Ana López" in page.text()
    r = follow(client, post(client, guard, "/back"))
    page = Form(r.get_data(as_text=True))
    assert page.qid == "claimants[0].name" and page.offered() == "Ana López"


def test_a_stale_form_does_not_answer_another_question(site):
    client, guard, case = site
    answer(client, guard, "claimants.count", "1")
    before = case.read_bytes()
    r = follow(client, answer(client, guard, "claimants.count", "3"))
    assert Form(r.get_data(as_text=True)).qid == "claimants[0].role"
    assert "out of date" in r.get_data(as_text=True)
    assert case.read_bytes() == before


def test_the_pages_write_the_same_case_file_as_an_answers_file(site, tmp_path):
    client, guard, case = site
    shown = drive(client, guard, HOUSEHOLD)
    assert len(shown) == len(set(shown)) and shown[0] == "claimants.count"
    follow(client, post(client, guard, "/finish"))
    other = tmp_path / "terminal"
    other.mkdir()
    run_answers(other / "case.yaml", write_answers(tmp_path / "answers.yaml", HOUSEHOLD), "en", today=TODAY)
    assert case.read_bytes() == (other / "case.yaml").read_bytes()


def test_review_lists_every_answer_by_part_and_changes_one_only(site):
    client, guard, case = site
    drive(client, guard, HOUSEHOLD)
    page = Form(get(client, "/review").get_data(as_text=True))
    text = page.text()
    for words in (
        "Who is making the claim",
        "Money: the amount claimed",
        "Luis López",
        "Sofía López",
        "Nguyễn Thị Hương",
        "Saturday, June 14, 2025",
        "$50,000.00",
        "Total claimed for Ana López: $54,850.00",
        "Texas (TX)",
    ):
        assert words in text
    assert "They broke the door & pushed me <down>." in text  # user text is text, never markup
    links = page.doc.xpath("//a[@class='change']/@href")
    assert "/change?q=incident.place" in links and len(links) == len(set(links))
    assert len(page.doc.xpath("//h3[normalize-space()='Luis López']")) >= 1
    assert page.doc.xpath("//form[@action='/back']") and page.doc.xpath("//a[@href='/stopped']")
    before = load_raw(case)
    change = Form(get(client, "/change?q=incident.place").get_data(as_text=True))
    assert change.hidden("mode") == "change" and change.offered() == "12 Main St, El Paso"
    r = answer(client, guard, "incident.place", "14 Main St, El Paso", mode="change")
    assert follow(client, r).request.path == "/review"
    after = load_raw(case)
    assert after["incident"].pop("place") == "14 Main St, El Paso"
    before["incident"].pop("place")
    for raw in (before, after):
        raw["interview"].pop("section")
    assert after == before


def test_finish_shows_the_deadlines_in_the_page_language(site):
    client, guard, case = site
    follow(client, post(client, guard, "/lang", {"lang": "es"}))
    drive(client, guard, HOUSEHOLD)
    r = follow(client, post(client, guard, "/finish"))
    assert r.request.path == "/done"
    text = Form(r.get_data(as_text=True)).text()
    assert "Listo" in text and "Plazos" in text
    assert load_raw(case)["interview"]["finished"] is True


def test_stop_page_says_everything_is_saved_and_how_to_continue(site):
    client, guard, case = site
    answer(client, guard, "claimants.count", "2")
    text = Form(get(client, "/stopped").get_data(as_text=True)).text()
    assert "saved" in text and f"claimgen serve {case}" in text and "close this window" in text


# ---------------------------------------------------------------- files from the browser


def to_evidence(client, guard, household: dict | None = None) -> None:
    drive(client, guard, {**(household or HOUSEHOLD), "evidence.any": "yes"}, stop_at="evidence[0].file")


def upload(client, guard, name: str, data: bytes, qid: str = "evidence[0].file"):
    return post(
        client,
        guard,
        "/answer",
        {"qid": qid, "mode": "next", "file": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_an_uploaded_photo_is_copied_into_evidence_and_registered_with_hash_and_custody(site, tmp_path):
    client, guard, case = site
    to_evidence(client, guard)
    r = upload(client, guard, "../../../etc/foto puerta año.jpg", b"\xff\xd8\xff\xe0 a photo")
    assert r.status_code == 303
    copy = tmp_path / "evidence" / "foto_puerta_año.jpg"
    assert copy.read_bytes() == b"\xff\xd8\xff\xe0 a photo"
    assert oct(copy.stat().st_mode & 0o777) == "0o600" and oct(copy.parent.stat().st_mode & 0o777) == "0o700"
    assert not (tmp_path.parent / "etc").exists()
    answer(client, guard, "evidence[0].description", "Photo of the door")
    page = Form(follow(client, get(client)).get_data(as_text=True))
    assert page.qid == "evidence[0].supports"
    answer(client, guard, "evidence[0].supports", ["c1", "c2"])
    page = Form(follow(client, get(client)).get_data(as_text=True))
    assert page.qid == "evidence[0].costs"
    costs = {
        o.get("value"): " ".join(o.getparent().text_content().split())
        for o in page.doc.xpath("//input[@name='answer']")
    }
    assert costs["c2-pd1"] == "Luis López: Door repair ($1,150.00)" and "c3-pi1" not in costs
    answer(client, guard, "evidence[0].costs", ["c2-pd1"])
    assert Form(follow(client, get(client)).get_data(as_text=True)).qid == "interview.registered_by"
    r = follow(client, answer(client, guard, "interview.registered_by", "Ana López"))
    assert "Added E-001: evidence/foto_puerta_año.jpg" in Form(r.get_data(as_text=True)).text()
    (entry,) = load_raw(case)["evidence"]
    import hashlib

    assert entry["path"] == "evidence/foto_puerta_año.jpg" and entry["description"] == "Photo of the door"
    assert entry["sha256"] == hashlib.sha256(b"\xff\xd8\xff\xe0 a photo").hexdigest()
    assert entry["supports"] == ["c1", "c2", "c2-pd1"]
    assert entry["custody"][0]["action"] == "registered" and entry["custody"][0]["sha256"] == entry["sha256"]
    assert entry["custody"][0]["by"] == "Ana López"


@pytest.mark.parametrize(
    "name, kept",
    [
        ("../../x.txt", "x.txt"),
        ("..\\..\\windows\\x.txt", "x.txt"),
        (".bashrc", "bashrc"),
        ("", "file"),
        ("/", "file"),
        ("a/../../b.pdf", "b.pdf"),
        ("con:tent?.pdf", "con_tent.pdf"),
        ("..", "file"),
        ("x" * 300 + ".jpg", "x" * 120 + ".jpg"),
        ("Nguyễn hóa đơn.pdf", "Nguyễn_hóa_đơn.pdf"),
        ("evil\x00.txt", "evil.txt"),
        ("line\nbreak.txt", "line_break.txt"),
    ],
)
def test_safe_names(name, kept):
    assert safe_name(name) == kept
    assert "/" not in kept and not kept.startswith(".")


def test_a_second_file_of_the_same_name_never_replaces_the_first(site, tmp_path):
    client, guard, case = site
    (tmp_path / "evidence").mkdir(mode=0o700)
    (tmp_path / "evidence" / "photo.jpg").write_bytes(b"first")
    to_evidence(client, guard, {**HOUSEHOLD, "claimants.count": "1"})
    assert upload(client, guard, "photo.jpg", b"second").status_code == 303
    assert (tmp_path / "evidence" / "photo.jpg").read_bytes() == b"first"
    assert (tmp_path / "evidence" / "photo-2.jpg").read_bytes() == b"second"


def test_a_file_over_the_limit_is_refused_with_a_clear_message(tmp_path):
    case = tmp_path / "case.yaml"
    app, guard = make(case, upload_limit=2000)
    client = app.test_client()
    get(client, f"/?token={guard.token}")
    to_evidence(client, guard, {**HOUSEHOLD, "claimants.count": "1"})
    before = case.read_bytes()
    for size in (5000, 2 << 20):  # past the file limit; past the whole request's limit too
        r = upload(client, guard, "video.mp4", b"v" * size)
        assert r.status_code in (413, 422)
        page = Form(r.get_data(as_text=True))
        assert page.qid == "evidence[0].file" and "too big" in page.error() and "2 KB" in page.error()
    assert case.read_bytes() == before
    assert list((tmp_path / "evidence").iterdir()) == [] if (tmp_path / "evidence").exists() else True
    r = upload(client, guard, "empty.jpg", b"")
    assert "empty" in Form(r.get_data(as_text=True)).error()
    assert upload(client, guard, "small.jpg", b"s" * 1000).status_code == 303


def test_the_evidence_folder_may_not_be_a_link_elsewhere(site, tmp_path):
    client, guard, case = site
    elsewhere = tmp_path.parent / (tmp_path.name + "-elsewhere")
    elsewhere.mkdir()
    (tmp_path / "evidence").symlink_to(elsewhere)
    to_evidence(client, guard, {**HOUSEHOLD, "claimants.count": "1"})
    r = upload(client, guard, "photo.jpg", b"data")
    assert r.status_code == 422 and "cannot be used" in Form(r.get_data(as_text=True)).error()
    assert list(elsewhere.iterdir()) == []


def test_no_file_chosen_skips_the_file(site):
    client, guard, case = site
    to_evidence(client, guard, {**HOUSEHOLD, "claimants.count": "1"})
    r = follow(client, post(client, guard, "/answer", {"qid": "evidence[0].file", "mode": "next"}))
    assert Form(r.get_data(as_text=True)).qid == "claim.already_sent"
    assert "evidence" not in load_raw(case)


def test_the_web_wording_replaces_only_sentences_the_flow_still_uses(tmp_path):
    from claimgen.interview import flow
    from claimgen.interview.engine import Engine
    from claimgen.interview.parse import AnswerError
    from claimgen.interview.questions import Choice, Question, accept
    from claimgen.serve import wording

    step = Engine(tmp_path / "case.yaml", "en", today=TODAY).next_step()
    assert step.notes[0].message in wording.NOTES
    assert flow.LATER_HELP in wording.HELP
    source = Path(flow.__file__).read_text(encoding="utf-8")
    for help_text in wording.HELP:
        assert f'N_("{help_text}")' in source or help_text == flow.LATER_HELP
    for prompt in wording.PROMPTS:
        assert f'N_("{prompt}")' in source
    q = Question("x", "who", "multi", "?", choices=[Choice("a", "A")])
    with pytest.raises(AnswerError) as exc:
        accept(q, [])
    assert str(exc.value) in wording.ERRORS


# ---------------------------------------------------------------- the server process


def start_server(case: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, DISPLAY="", WAYLAND_DISPLAY="")
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimgen", "serve", str(case), "--no-browser", "--as-of", "2026-11-22", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    first = proc.stdout.readline().rstrip("\n")
    return proc, first


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_the_server_prints_its_link_first_and_stops_cleanly(tmp_path, sig):
    case = tmp_path / "case.yaml"
    proc, first = start_server(case)
    try:
        m = re.fullmatch(r"claimgen serve: http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)", first)
        assert m, first
        port, token = m.groups()
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert exc.value.code == 403
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(f"http://127.0.0.1:{port}/?token={token}", timeout=10) as r:
            html = r.read().decode()
            assert r.status == 200 and '<html lang="en">' in html and r.url.endswith(f":{port}/")
    finally:
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "stopped" in err
    assert load_raw(case)["interview"]["lang"] == "en"


def test_a_port_in_use_is_one_clear_line_and_exit_2(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "claimgen",
                "serve",
                str(tmp_path / "case.yaml"),
                "--no-browser",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert r.returncode == 2 and f"port {port} cannot be used" in r.stderr and "Traceback" not in r.stderr


def test_a_case_file_that_cannot_be_read_is_exit_2_before_serving(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("claimants: [unclosed\n", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "claimgen", "serve", str(case), "--no-browser"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and str(case) in r.stderr and "claimgen serve: http" not in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "claimgen", "serve", str(tmp_path), "--no-browser"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "is a folder" in r.stderr
