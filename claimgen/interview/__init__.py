"""The plain-language interview (English and Spanish) that writes a case file.

Modules, one job each:

- :mod:`.flow` — the questions and their branches: one generator per part, joined with
  ``yield from``; its docstring states the protocol between the flow and a driver;
- :mod:`.questions` — what a question is; answer -> value, checked by the case model;
- :mod:`.parse` — dates, times, dollars, states as people type them;
- :mod:`.store` — reading and writing answers in the round-trip YAML tree;
- :mod:`.engine` — replay saved answers, ask the rest, save after each one; ``next_step`` /
  ``answer`` / ``back`` for a driver that shows one question at a time (a web page);
- :mod:`.prompts` — questionary on the terminal (imported only there);
- :mod:`.answers` — ``--answers FILE`` for scripted use;
- :mod:`.session` / :mod:`.finish` — review screen, checks, deadlines, packet;
- :mod:`.i18n` — gettext catalogs in ``claimgen/locale``.

Progress is kept inside the case file under the reserved key ``interview``
(see :mod:`.engine`): one atomic write saves an answer and its bookkeeping.
"""
