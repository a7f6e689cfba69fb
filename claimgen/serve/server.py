"""Run the pages on 127.0.0.1 until Ctrl-C or SIGTERM; print the one link that opens them.

The first line on standard output is ``claimgen serve: http://127.0.0.1:PORT/?token=TOKEN``
(a program that starts ``claimgen serve`` for a family reads it; docs/serve.md). The server
runs in a thread; the main thread only waits for a stop signal, then shuts the server
down and exits 0. Every answer is already on disk by then: each one was saved when given.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import threading
from pathlib import Path

from ..errors import UsageError
from .app import create_app
from .security import Guard


def _quiet_handler():
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        """No line per request on the terminal (addresses would show which questions were answered)."""

        def log_request(self, code="-", size="-") -> None:
            return None

    return QuietHandler


def can_open_browser() -> bool:
    """A desktop to open a browser on (on Linux without one, a text browser would take over the terminal)."""
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def serve(
    case_path: Path,
    *,
    lang: str | None = None,
    port: int | None = None,
    open_browser: bool = True,
    today: dt.date | None = None,
    upload_limit: int | None = None,
) -> int:
    """Serve the interview for ``case_path``; return the exit status (0 after Ctrl-C or SIGTERM).

    ``upload_limit``: the largest file a page accepts, in bytes (None: ``app.UPLOAD_LIMIT``).
    """
    from werkzeug.serving import make_server

    guard = Guard()
    limits = {} if upload_limit is None else {"upload_limit": upload_limit}
    app = create_app(
        case_path, lang=lang, today=today, guard=guard, **limits
    )  # a case file that cannot be read: exit 2 here
    try:
        server = make_server("127.0.0.1", port or 0, app, threaded=True, request_handler=_quiet_handler())
    except (OSError, SystemExit) as exc:
        reason = getattr(exc, "strerror", None) or "it is in use"
        raise UsageError(
            f"port {port} cannot be used ({reason}); choose another with --port, or leave --port out to pick a free one"
        ) from None
    guard.port = server.server_port
    url = f"http://127.0.0.1:{guard.port}/?token={guard.token}"
    stop = threading.Event()
    # Caught before the link is printed: whoever reads the link may stop the page at once (SIGTERM
    # right after the first line used to end the process by the default action, exit -15).
    previous = {sig: signal.signal(sig, lambda *_a: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    print(f"claimgen serve: {url}", flush=True)
    print(
        f"Open that link in a web browser on this computer. Answers are saved in {case_path} after each one.",
        flush=True,
    )
    print("Press Ctrl-C here to stop the page (every answer stays saved).", flush=True)
    thread = threading.Thread(target=server.serve_forever, name="claimgen-serve", daemon=True)
    thread.start()
    try:
        if open_browser and can_open_browser():
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        while not stop.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"claimgen serve: stopped. Every answer given is saved in {case_path}.", file=sys.stderr, flush=True)
    return 0
