"""The interview's language belongs to a context (a thread, a web request), not to the process."""

from __future__ import annotations

import threading

from claimgen.interview import i18n


def test_language_block_restores_the_language_before_it():
    i18n.setup("en")
    with i18n.language("es"):
        assert i18n.lang() == "es" and i18n._("Yes") == "Sí"
    assert i18n.lang() == "en" and i18n._("Yes") == "Yes"


def test_two_threads_speak_two_languages():
    seen: dict[str, str] = {}
    ready = threading.Barrier(2)

    def interview(lang: str) -> None:
        i18n.setup(lang)
        ready.wait(5)  # both have chosen before either reads
        seen[lang] = i18n._("Yes")

    threads = [threading.Thread(target=interview, args=(lang,)) for lang in ("es", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert seen == {"es": "Sí", "en": "Yes"}
    assert i18n.lang() == "en"  # the test's own thread was never switched
