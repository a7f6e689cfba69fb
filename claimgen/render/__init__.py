"""Renderers: each turns a validated case into files of the packet.

A renderer is a module with ``render(ctx: BuildContext) -> None`` that writes its
files through ``ctx.write(...)``. They are listed once, in :data:`RENDERERS`, and
imported only when a build runs (reportlab and docxtpl are slow to import).
A renderer that finds bad input (a glyph the font lacks, say) raises
:class:`claimgen.errors.CaseError`: the build stops, exit 2, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CaseError, Problem
from ..fsutil import BackgroundFlush, write_private_bytes
from ..model import Case
from ..options import BuildOptions


def source_date_epoch(as_of: dt.date) -> int:
    """A fixed timestamp for formats that need one: SOURCE_DATE_EPOCH, else the as-of day (UTC noon).

    Every packet file and ``check --ics`` use it, so the same case and the same as-of day
    give the same bytes.
    """
    env = (os.environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if env:
        # reproducible-builds.org: whole seconds since 1970; anything else is a usage error, not a crash later
        if not (env.isascii() and env.isdigit() and len(env) <= 12 and int(env) <= MAX_EPOCH):
            from ..errors import UsageError

            raise UsageError(
                f"SOURCE_DATE_EPOCH={env[:20]!r} is not a number of seconds since 1970-01-01 "
                "(reproducible-builds.org), like 1700000000; fix it or unset it"
            )
        return int(env)
    return int(dt.datetime.combine(as_of, dt.time(12, 0), dt.UTC).timestamp())


MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a date can hold


# Order matters only for readability of the manifest; files are sorted by path anyway.
RENDERERS: list[str] = [
    # one line per renderer module; each issue adds its own
    "claimgen.render.evidence_log",
    "claimgen.render.letters",
    "claimgen.render.memo",
    "claimgen.render.preservation",
    "claimgen.render.sf95",
    "claimgen.render.sf95_official",
    "claimgen.render.ics",
    "claimgen.render.next_steps",
    "claimgen.render.letter_pdf",
    "claimgen.render.evidence_log_pdf",
    "claimgen.render.mailing_packet",  # last: it binds the PDFs written before it
]


@dataclass
class OutputFile:
    path: str  # relative to OUTDIR, POSIX separators
    kind: str
    sha256: str
    claimant: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def manifest_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"path": self.path, "kind": self.kind}
        if self.claimant is not None:
            entry["claimant"] = self.claimant
        entry.update(self.extra)
        entry["sha256"] = self.sha256
        return entry


@dataclass
class BuildContext:
    """Everything a renderer may read, and the one way it may write."""

    case: Case
    case_path: Path
    as_of: dt.date
    staging: Path
    options: BuildOptions = field(default_factory=BuildOptions)
    outputs: list[OutputFile] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)
    # Where given, written files are flushed to disk in the background (the build waits before the swap).
    flush: BackgroundFlush | None = None

    @property
    def case_dir(self) -> Path:
        return self.case_path.parent

    def write(self, relpath: str, data: bytes, kind: str, claimant: str | None = None, **extra: Any) -> OutputFile:
        """Write one packet file (0600) into the staging folder and record it for the manifest."""
        if any(o.path == relpath for o in self.outputs):
            raise RuntimeError(f"two renderers wrote {relpath}")
        target = self.staging / relpath
        write_private_bytes(target, data, self.flush)
        out = OutputFile(relpath, kind, hashlib.sha256(data).hexdigest(), claimant, dict(extra))
        self.outputs.append(out)
        return out

    def deadlines(self) -> Any:
        """The deadline report for ``as_of`` (computed once, shared by memo, letters and calendar)."""
        if "deadlines" not in self.cache:
            from ..checks.deadlines import compute

            self.cache["deadlines"] = compute(self.case, self.as_of)
        return self.cache["deadlines"]

    def source_date_epoch(self) -> int:
        """The build's fixed timestamp (see :func:`source_date_epoch`)."""
        return source_date_epoch(self.as_of)


def drawing_problems(case: Case, case_file: str, font_file: str | None = None) -> list[Problem]:
    """What ``build`` would refuse when drawing the SF-95: characters its font cannot draw.

    The same check and the same font as a build (the bundled one, or ``font_file``), so
    ``validate`` catches a name in a script claimgen cannot draw before the packet is built.
    Problems of a bad ``font_file`` name that file; problems of the case name ``case_file``.
    """
    from . import fonts, sf95

    try:
        sf95.prepare(case, case_file, fonts.load(font_file))
    except CaseError as exc:
        if exc.file == case_file:
            return list(exc.problems)
        return [Problem(p.path, f"{exc.file}: {p.message}") for p in exc.problems]
    return []
