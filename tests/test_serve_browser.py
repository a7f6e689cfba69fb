"""claimgen serve in a real browser: the distribution's Chromium, at the size of a phone, as a family would use it.

Selenium drives /usr/bin/chromium through chromium-driver (no browser is downloaded).
Where either is missing, or selenium is not installed, the tests skip and say why.
Set CLAIMGEN_SCREENSHOTS=FOLDER to keep a screenshot of every page.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgen.caseio import load_raw
from serve_helpers import HOUSEHOLD, answer_for, write_answers

PHONE = (390, 844)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _why_not() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not CHROMIUM:
        return "Chromium is not installed (apt-get install chromium)"
    if not DRIVER:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=f"browser tests need Chromium: {_why_not()}")


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--window-size={PHONE[0]},{PHONE[1]}",
        "--lang=en-US",
    ):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    except Exception as exc:  # a Chromium that cannot start here (no shared memory, a broken install)
        pytest.skip(f"Chromium could not be started: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    driver.set_window_size(*PHONE)
    yield driver
    driver.quit()


class Server:
    """``claimgen serve`` as a family's helper starts it: a process that prints the link first."""

    def __init__(self, case: Path, lang: str | None = None) -> None:
        args = [sys.executable, "-m", "claimgen", "serve", str(case), "--no-browser", "--as-of", "2026-11-22"]
        if lang:
            args += ["--lang", lang]
        self.proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, DISPLAY="", WAYLAND_DISPLAY=""),
        )
        first = self.proc.stdout.readline().strip()
        m = re.fullmatch(r"claimgen serve: (http://127\.0\.0\.1:\d+/\?token=\S+)", first)
        if not m:
            self.proc.kill()
            raise AssertionError(f"first line was {first!r}; stderr: {self.proc.stderr.read()[:500]}")
        self.url = m[1]

    def stop(self, sig=signal.SIGTERM) -> None:
        self.proc.send_signal(sig)
        _out, err = self.proc.communicate(timeout=30)
        assert self.proc.returncode == 0, err
        assert "Traceback" not in err


class Person:
    """Reads the page, answers, presses the buttons — with a screenshot of each page when asked."""

    def __init__(self, driver, shots: str | None = None, name: str = "page") -> None:
        self.d = driver
        self.shots = Path(shots) if shots else None
        self.name = name
        self.n = 0
        self.seen: list[str] = []

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.d.find_element(By.CSS_SELECTOR, css)

    def all(self, css: str):
        from selenium.webdriver.common.by import By

        return self.d.find_elements(By.CSS_SELECTOR, css)

    def shot(self, label: str = "") -> None:
        if not self.shots:
            return
        self.shots.mkdir(parents=True, exist_ok=True)
        self.n += 1
        height = self.d.execute_script("return document.documentElement.scrollHeight")
        self.d.set_window_size(PHONE[0], max(PHONE[1], height + 140))
        self.d.save_screenshot(str(self.shots / f"{self.name}-{self.n:03d}-{label or 'page'}.png"))
        self.d.set_window_size(*PHONE)

    @property
    def lang(self) -> str:
        return self.find("html").get_attribute("lang")

    @property
    def path(self) -> str:
        return "/" + self.d.current_url.split("/", 3)[3].split("?")[0]

    def qid(self) -> str | None:
        """The question on screen, read in one step: a page being replaced must not leave a stale element."""
        from selenium.common.exceptions import StaleElementReferenceException

        for _try in range(50):
            try:
                found = self.all("form.question input[name=qid]")
                return found[0].get_attribute("value") if found else None
            except StaleElementReferenceException:  # the next page arrived between find and read
                time.sleep(0.1)
        raise AssertionError("the page kept changing under the test")

    def text(self) -> str:
        return " ".join(self.find("body").text.split())

    def error(self) -> str | None:
        found = self.all("#error")
        return " ".join(found[0].text.split()) if found else None

    def put(self, value) -> None:
        """Give ``value`` in the question's field, the way a person would (type, tap a choice, choose a file)."""
        value = answer_for(value)
        if self.all("form.question textarea[name=answer]"):
            box = self.find("textarea[name=answer]")
            box.clear()
            box.send_keys(value)
        elif self.all("form.question input[type=file]"):
            if value:
                self.find("input[type=file]").send_keys(str(value))
        elif self.all("form.question input[type=checkbox]"):
            wanted = set(value or [])
            for box in self.all("input[type=checkbox][name=answer]"):
                if box.is_selected() != (box.get_attribute("value") in wanted):
                    box.click()
        elif self.all("form.question input[type=radio]"):
            self.find(f"input[type=radio][name=answer][value='{value}']").click()
        else:
            box = self.find("input[name=answer]")
            box.clear()
            box.send_keys(value)

    def press(self, css: str) -> None:
        """Press a button or link and wait for the next page (a click does not wait for it)."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.wait import WebDriverWait

        page = self.find("html")
        self.find(css).click()

        def gone(_driver) -> bool:
            try:
                page.is_enabled()
                return False
            except WebDriverException:  # stale, or already replaced by the next document
                return True

        WebDriverWait(self.d, 20).until(gone)

    def go(self) -> None:
        self.press("form.question button.primary")
        if self.all("button[name=confirm]"):  # a date read back: "… — is that right?"
            self.shot("readback")
            self.press("button[name=confirm][value=yes]")

    def answer_all(self, answers: dict, stop_at: str | None = None) -> None:
        """Every question until the review (or ``stop_at``): the answer given, else what the page offers."""
        for _n in range(400):
            qid = self.qid()
            if qid is None or qid == stop_at:
                return
            self.seen.append(qid)
            self.shot(qid.replace("[", "").replace("]", "").replace(".", "-"))
            if qid in answers:
                self.put(answers[qid])
            self.go()
            assert self.error() is None, (qid, self.error())
        raise AssertionError("the interview did not end")


def interview_answers(tmp_path: Path, answers: dict, lang: str, name: str = "terminal") -> Path:
    """The case file `claimgen interview --answers` writes for the same answers."""
    folder = tmp_path / name
    folder.mkdir()
    file = write_answers(tmp_path / f"{name}-answers.yaml", answers)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimgen",
            "interview",
            str(folder / "case.yaml"),
            "--answers",
            str(file),
            "--lang",
            lang,
            "--as-of",
            "2026-11-22",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return folder / "case.yaml"


def finish(person: Person) -> None:
    assert person.path == "/review"
    person.shot("review")
    person.press("form[action='/finish'] button")
    assert person.path == "/done"
    person.shot("done")


def test_an_english_household_on_a_phone_writes_the_case_the_terminal_writes(browser, tmp_path):
    case = tmp_path / "web" / "case.yaml"
    case.parent.mkdir()
    server = Server(case)
    person = Person(browser, os.environ.get("CLAIMGEN_SCREENSHOTS"), "en")
    try:
        browser.get(server.url)
        assert person.lang == "en" and person.path == "/"  # the token left the address bar
        assert "Part 1 of 9" in person.text() and "minutes left" in person.text()
        # a refused answer: the reason next to the field, the typed text kept to fix, nothing saved
        person.put("a lot")
        before = case.read_bytes()
        person.go()
        assert "Please enter a number" in person.error()
        assert person.find("input[name=answer]").get_attribute("aria-invalid") == "true"
        assert person.find("input[name=answer]").get_attribute("value") == "a lot"
        assert case.read_bytes() == before
        person.shot("refused")
        person.answer_all(HOUSEHOLD)
        finish(person)
        assert "Done" in person.text() and "Deadlines" in person.text()
        terminal = interview_answers(tmp_path, HOUSEHOLD, "en")
        assert case.read_bytes() == terminal.read_bytes()

        # the review: one "Change" changes that answer only
        browser.get(server.url.split("?")[0] + "review")
        person.press("a.change[href='/change?q=incident.place']")
        assert person.qid() == "incident.place" and "Save this answer" in person.text()
        person.put("14 Main St, El Paso")
        person.shot("change")
        person.go()
        assert person.path == "/review" and "14 Main St, El Paso" in person.text()
        changed, before = load_raw(case), load_raw(terminal)
        assert changed["incident"].pop("place") == "14 Main St, El Paso"
        before["incident"].pop("place")
        for raw in (changed, before):
            raw["interview"].pop("section")
            raw["interview"].pop("finished")
        assert changed == before
    finally:
        server.stop()


def test_a_spanish_household_stops_comes_back_and_adds_a_photo(browser, tmp_path):
    case = tmp_path / "web" / "case.yaml"
    case.parent.mkdir()
    photo = tmp_path / "phone" / "puerta rota.jpg"
    photo.parent.mkdir()
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"photo of the door" * 100)
    answers = {
        **HOUSEHOLD,
        "evidence.any": "yes",
        "evidence[0].file": str(photo),
        "evidence[0].description": "Foto de la puerta",
        "evidence[0].supports": ["c1", "c2"],
        "evidence[0].costs": ["c2-pd1"],
        "interview.registered_by": "Luis López",
    }
    server = Server(case, "es")
    person = Person(browser, os.environ.get("CLAIMGEN_SCREENSHOTS"), "es")
    try:
        browser.get(server.url)
        assert person.lang == "es" and "Parte 1 de 9" in person.text()
        person.answer_all(answers, stop_at="incident.place")
        person.press("a[href='/stopped']")
        assert person.lang == "es" and "Sus respuestas están guardadas" in person.text()
        person.shot("stopped")
    finally:
        server.stop(signal.SIGINT)
    assert str(load_raw(case)["incident"]["date"]) == "2025-06-14"

    server = Server(case)  # started again, without --lang: the language used before
    try:
        browser.get(server.url)
        assert person.lang == "es" and person.qid() == "incident.place"
        text = person.text()
        assert "Bienvenido de nuevo" in text and "Parte 2 de 9" in text
        person.shot("resumed")
        person.answer_all(answers, stop_at="evidence[0].file")
        assert "Elija el archivo" in person.text()
        person.shot("upload")
        person.answer_all(answers)
        finish(person)
        assert "Listo" in person.text()
        for switch in ("English", "Español"):  # the language switch, on the last page too
            person.press("form[action='/lang'] button")
            assert person.lang == ("en" if switch == "English" else "es") and person.path == "/done"
    finally:
        server.stop()
    raw = load_raw(case)
    (entry,) = raw["evidence"]
    assert entry["path"] == "evidence/puerta_rota.jpg" and entry["description"] == "Foto de la puerta"
    assert entry["supports"] == ["c1", "c2", "c2-pd1"] and len(entry["sha256"]) == 64
    assert entry["custody"][0]["by"] == "Luis López"
    assert (case.parent / "evidence" / "puerta_rota.jpg").read_bytes() == photo.read_bytes()
    assert photo.exists()  # the person's own file is not moved
    terminal = load_raw(interview_answers(tmp_path, {**answers, "evidence.any": "no"}, "es"))
    raw.pop("interview"), terminal.pop("interview")
    for r in (raw, terminal):
        r.pop("evidence", None)
    assert raw == terminal


def test_keyboard_only_focus_is_visible_and_reaches_the_answer(browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    server = Server(tmp_path / "case.yaml")
    person = Person(browser)
    try:
        browser.get(server.url)
        body = person.find("body")
        body.send_keys(Keys.TAB)  # the first stop: "Skip to the question"
        active = browser.switch_to.active_element
        assert active.get_attribute("class") == "skip"
        outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active)
        assert outline == "solid"
        for _ in range(6):
            active = browser.switch_to.active_element
            if active.get_attribute("name") == "answer":
                break
            active.send_keys(Keys.TAB)
        assert browser.switch_to.active_element.get_attribute("name") == "answer"
        browser.switch_to.active_element.send_keys(Keys.CONTROL, "a")
        browser.switch_to.active_element.send_keys("2", Keys.ENTER)  # Enter sends the form, as on any web page
        from selenium.webdriver.support.wait import WebDriverWait

        WebDriverWait(browser, 20).until(lambda _d: person.qid() == "claimants[0].role")
    finally:
        server.stop()


def test_a_file_over_the_limit_gets_its_message_in_the_browser(browser, tmp_path):
    """The browser shows the refusal (not a broken connection), on the same question, and nothing is kept."""
    import datetime as dt
    import threading

    from werkzeug.serving import make_server

    from claimgen.serve.app import create_app
    from claimgen.serve.security import Guard

    big = tmp_path / "video.mp4"
    big.write_bytes(os.urandom(3_000_000))
    guard = Guard()
    case = tmp_path / "case" / "case.yaml"
    case.parent.mkdir()
    app = create_app(case, lang="en", today=dt.date(2026, 11, 22), guard=guard, upload_limit=100_000)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    guard.port = server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    person = Person(browser)
    try:
        browser.get(f"http://127.0.0.1:{guard.port}/?token={guard.token}")
        person.answer_all({**HOUSEHOLD, "claimants.count": "1", "evidence.any": "yes"}, stop_at="evidence[0].file")
        person.put(big)
        person.press("form.question button.primary")
        assert person.qid() == "evidence[0].file"
        assert "too big" in person.error() and "100 KB" in person.error()
    finally:
        server.shutdown()
        server.server_close()
    folder = case.parent / "evidence"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert "evidence" not in load_raw(case)
