"""A progress bar for hashing big files — on a terminal only, never garbage in a log.

On a terminal (stderr is a TTY) and with enough bytes to wait for, a rich bar
shows bytes, speed and time left. Elsewhere (CI, pipes) a file large enough
to take a while gets one plain line, so a log shows why the command is busy.

The words are English (``claimgen evidence add``); a caller that speaks another
language to the user (the interview) swaps them for a block with :func:`wording`,
so this module depends on no translation machinery.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator

from ..formatting import human_size

BAR_FROM = 64 * 1024 * 1024  # total bytes worth a bar on a terminal
LINE_FROM = 512 * 1024 * 1024  # one file worth a plain "hashing ..." line elsewhere

LINE = "hashing {name} ({size}) ..."  # {name}: the file as given; {size}: "1.1 GB"
BAR = "hashing {name}"  # the label in front of the bar
# The words of the current context (a thread, a web request), not of the process.
_words: ContextVar[tuple[str, str]] = ContextVar("claimgen_progress_words", default=(LINE, BAR))  # (line, bar)


def words() -> dict[str, str]:
    """The progress line and bar wording in force here ({"line": ..., "bar": ...})."""
    line, bar = _words.get()
    return {"line": line, "bar": bar}


@contextmanager
def wording(line: str | None = None, bar: str | None = None) -> Iterator[None]:
    """Use other words (another language) for the progress line and bar while the block runs."""
    now_line, now_bar = _words.get()
    token = _words.set((line or now_line, bar or now_bar))
    try:
        yield
    finally:
        _words.reset(token)


class Reporter:
    """Called by the hasher: ``start(name, size)``, then ``advance(n)`` per chunk."""

    def start(self, name: str, size: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, n: int) -> None:  # pragma: no cover - interface
        pass

    def callback(self) -> Callable[[int], None] | None:
        return None


class _Quiet(Reporter):
    def __init__(self, stream) -> None:
        self.stream = stream

    def start(self, name: str, size: int) -> None:
        if size >= LINE_FROM:
            print(_words.get()[0].format(name=name, size=human_size(size)), file=self.stream, flush=True)


class _Bar(Reporter):
    def __init__(self, progress, task) -> None:
        self.progress = progress
        self.task = task

    def start(self, name: str, size: int) -> None:
        self.progress.update(self.task, description=name[-40:])

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def callback(self) -> Callable[[int], None]:
        return self.advance


@contextmanager
def reporter(total_bytes: int, enabled: bool = True, stream=None) -> Iterator[Reporter]:
    """The right reporter for this terminal and this much work."""
    stream = stream or sys.stderr
    is_tty = bool(getattr(stream, "isatty", lambda: False)())
    if not enabled:
        yield Reporter()
        return
    if not (is_tty and total_bytes >= BAR_FROM):
        yield _Quiet(stream)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    console = Console(file=stream)
    with Progress(
        # the file name is data, never rich markup ("[red]" in a name stays as typed)
        TextColumn(_words.get()[1].replace("{name}", "{task.description}"), markup=False),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total_bytes)
        yield _Bar(progress, task)
