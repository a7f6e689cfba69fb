"""The locks on a web page that only this computer may open.

Anything on the same computer can reach 127.0.0.1, and any web site the person
visits can make their browser send requests there. So every request must show:

- a **Host** header naming this server (``127.0.0.1:PORT`` or ``localhost:PORT``):
  a page on another name that resolves to 127.0.0.1 (DNS rebinding) gets 400;
- the **secret token**: in the first URL (``?token=...``, printed by ``claimgen serve``),
  then in an HttpOnly, SameSite=Strict cookie that the first visit sets (the URL is
  then cleaned of the token). Without it: 403;
- for every form sent (POST), the **CSRF token** written into the form, and an
  ``Origin`` header, when the browser sends one, of this server.

Every answer carries ``Content-Security-Policy: default-src 'self'`` (nothing from any
other host, no inline script or style), and ``Cache-Control: no-store`` (the pages
hold medical and immigration facts).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # no-referrer would make the browser send "Origin: null" with our own forms
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

FORBIDDEN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>claimgen</title></head><body>
<h1>This page needs its link</h1>
<p>Open the whole link that <code>claimgen serve</code> printed (it ends with <code>?token=</code> and a code).</p>
<p lang="es">Abra el enlace completo que mostró <code>claimgen serve</code> (termina con <code>?token=</code> y un código).</p>
</body></html>
"""
BAD_HOST_PAGE = "This server answers only to 127.0.0.1 and localhost.\n"
BAD_FORM_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>claimgen</title></head><body>
<h1>This form is out of date</h1>
<p><a href="/">Go back to the questions</a>. Nothing was lost: every answer given before is saved.</p>
<p lang="es"><a href="/">Volver a las preguntas</a>. No se perdió nada: cada respuesta dada antes está guardada.</p>
</body></html>
"""


@dataclass
class Guard:
    """The secrets of one server run, and the checks every request goes through."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    port: int | None = None  # set once the socket is bound

    @property
    def cookie_name(self) -> str:
        # cookies are shared by every port of a host: one name per server, so two runs do not collide
        return f"claimgen_{self.port}"

    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def origins(self) -> set[str]:
        return {"http://" + h for h in self.hosts()}

    def host_ok(self, host: str | None) -> bool:
        return self.port is not None and (host or "").lower() in self.hosts()

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.token.encode())

    def csrf_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.csrf.encode())


def install(app, guard: Guard) -> None:
    """Put the checks in front of every view of ``app`` and the headers on every answer."""
    from flask import Response, redirect, request

    @app.before_request
    def _check():
        if not guard.host_ok(request.headers.get("Host")):
            return Response(BAD_HOST_PAGE, 400, mimetype="text/plain")
        given = request.args.get("token")
        if given is not None:
            if not guard.token_ok(given):
                return Response(FORBIDDEN_PAGE, 403, mimetype="text/html")
            if request.method in SAFE_METHODS:
                # the token leaves the address bar (and history) at once; the cookie carries it from now on
                rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
                target = request.path + ("?" + urlencode(rest) if rest else "")
                answer = redirect(target, 303)
                answer.set_cookie(guard.cookie_name, guard.token, httponly=True, samesite="Strict", path="/")
                return answer
        elif not guard.token_ok(request.cookies.get(guard.cookie_name)):
            return Response(FORBIDDEN_PAGE, 403, mimetype="text/html")
        if request.method not in SAFE_METHODS:
            origin = request.headers.get("Origin")
            if origin is not None and origin.lower() not in guard.origins():
                return Response(BAD_FORM_PAGE, 403, mimetype="text/html")
            if not guard.csrf_ok(request.form.get("csrf")):  # a too-big upload raises 413 here
                return Response(BAD_FORM_PAGE, 403, mimetype="text/html")
        return None

    @app.after_request
    def _headers(response):
        for key, value in HEADERS.items():
            response.headers[key] = value
        return response
