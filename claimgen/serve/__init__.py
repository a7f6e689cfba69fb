"""``claimgen serve``: the interview as a web page on the person's own computer.

Modules, one job each:

- :mod:`.server` — bind 127.0.0.1, print the link, stop cleanly on Ctrl-C or SIGTERM;
- :mod:`.app` — the pages (Flask): one question per page, Back, "Save and stop", review, the end;
- :mod:`.driver` — the web asker: the interview's one flow (:mod:`claimgen.interview.flow`),
  one step per request, the case file saved after every answer by the interview's engine;
- :mod:`.fields` — a question of each kind as a form field, and the form back as an answer;
- :mod:`.wording` — the few flow sentences about terminal keys, said for a page;
- :mod:`.security` — token and cookie, Host check, CSRF, Content-Security-Policy;
- :mod:`.uploads` — a chosen file copied, under a safe name, into the case's ``evidence/`` folder.
"""
