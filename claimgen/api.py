"""The library API: what the command line does, as typed functions (the CLI is a thin layer over these).

As in sqlite-utils, every command is a function first::

    case = claimgen.load_case("case.yaml")        # claimgen validate (the schema)
    problems = claimgen.validate(case)            # claimgen validate (every rule)
    report = claimgen.check(case)                 # claimgen check
    manifest = claimgen.build(case, "packet")     # claimgen build

Nothing here prints, reads the environment or changes process-wide state (the language of
the interview, the words of a progress bar, the interpreter's switch interval): a
program can call these for many cases, in threads, and get the same bytes as the CLI.
Bad input raises :class:`claimgen.errors.CaseError`, whose ``problems`` name each key path.

Heavy libraries (reportlab, docxtpl, pypdf) are imported inside the functions, so
``import claimgen`` stays fast.

``claimgen.docket(paths, as_of)`` gives the deadlines of many case files at once (the
computation lives in :mod:`claimgen.caseload`: a module named ``claimgen/docket.py`` would
replace this function as the package attribute of the same name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NotRequired, TypedDict, cast

from .errors import CaseError, Problem
from .options import BuildOptions

if TYPE_CHECKING:
    from .caseload import Docket
    from .checks.deadlines import Report
    from .model import Case

__all__ = ["BuildOptions", "Manifest", "ManifestFile", "build", "check", "docket", "example", "load_case", "validate"]


class ManifestFile(TypedDict):
    """One file of a packet, as ``manifest.json`` lists it."""

    path: str  # relative to the packet folder, "/" separators
    kind: str  # sf95, evidence_log, cover_memo, transmittal_letter, deadlines_ics, ...
    sha256: str
    claimant: NotRequired[str]  # the claimant id, for a per-claimant document
    agency: NotRequired[str]  # the agency key, for a letter


class Manifest(TypedDict):
    """What :func:`build` wrote: the contents of the packet's ``manifest.json``."""

    claimgen: str  # the version that built it
    as_of: str  # YYYY-MM-DD
    files: list[ManifestFile]
    final: NotRequired[bool]  # added by the command line when it prints a build's summary


def load_case(path: str | Path) -> Case:
    """Read a case file and check it against the schema (types, formats, vocabularies).

    Raises :class:`~claimgen.errors.CaseError` listing every problem by key path. The case
    remembers its file (``case.source_path``): evidence paths are relative to its folder.

    >>> import claimgen
    >>> case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    >>> [c.id for c in case.claimants], case.incident.state
    (['c1', 'c2', 'c3'], 'MN')
    """
    from .caseio import load_case as read_case

    return read_case(Path(path)).read_from(path)


def validate(case: Case, *, today: dt.date | None = None, font: str | None = None) -> list[Problem]:
    """Every problem ``claimgen validate`` reports: errors first (the rules that relate several
    fields, then characters the PDF font cannot draw), then warnings.

    ``today``: the day "in the future" is counted from (default: today). ``font``: the
    TrueType file a build would draw with (default: the bundled DejaVu Sans). A case is
    ready to build when no problem has ``severity == "error"``.

    >>> import claimgen, datetime
    >>> case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    >>> [p for p in claimgen.validate(case, today=datetime.date(2026, 11, 22)) if p.severity == "error"]
    []
    """
    from .checks.validate import check_case
    from .render import drawing_problems

    problems = check_case(case, _folder(case), today=today)
    drawing = drawing_problems(case, str(case.source_path or "case"), font)
    return [p for p in problems if p.severity == "error"] + drawing + [p for p in problems if p.severity != "error"]


def check(case: Case, as_of: dt.date | None = None) -> Report:
    """Every FTCA and Bivens deadline of the case, with its status, rule and flags (``claimgen check``).

    ``as_of``: the day to count from (default: today); with it, nothing depends on the
    clock. ``report.to_json()`` is exactly what ``claimgen check --format json`` prints.

    >>> import claimgen, datetime
    >>> case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    >>> report = claimgen.check(case, as_of=datetime.date(2026, 11, 22))
    >>> first = report.deadlines[0]
    >>> first.id, first.date.isoformat(), first.status
    ('ftca_presentment', '2027-06-14', 'open')
    """
    from .checks.deadlines import compute

    return compute(case, as_of or dt.date.today())


def build(
    case: Case | str | Path,
    outdir: str | Path,
    options: BuildOptions | None = None,
    *,
    as_of: dt.date | None = None,
    on_warning: Callable[[Problem], None] | None = None,
) -> Manifest:
    """Validate the case and write its whole packet into ``outdir`` (``claimgen build``).

    ``case``: a case from :func:`load_case` (or the path of a case file). ``options``: how
    to build (:class:`BuildOptions`; default: a draft with the bundled font). ``as_of``:
    the day deadlines are counted from (default: today); the same case and the same day
    give the same bytes. ``on_warning`` is called with each warning of the case.

    The packet appears whole or not at all: it is written beside ``outdir`` and swapped in.
    Raises :class:`~claimgen.errors.CaseError` (and writes nothing) when the case has errors.

    >>> import claimgen, datetime, pathlib, shutil, tempfile
    >>> case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> manifest = claimgen.build(case, folder / "packet", as_of=datetime.date(2026, 11, 22))
    >>> sorted({f["kind"] for f in manifest["files"]})[:3]
    ['cover_memo', 'deadlines_ics', 'evidence_log']
    >>> (folder / "packet" / "manifest.json").is_file()
    True
    >>> shutil.rmtree(folder)
    """
    from .checks.validate import check_case
    from .packet import build as write_packet

    if isinstance(case, (str, Path)):
        case = load_case(case)
    path = case.source_path
    if path is None:
        raise ValueError("build needs a case read with claimgen.load_case: its evidence paths are relative to its file")
    problems = check_case(case, path.parent)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CaseError(str(path), errors)
    for warning in problems:
        if on_warning is not None:
            on_warning(warning)
    return cast(
        Manifest, write_packet(path, Path(outdir), as_of or dt.date.today(), options or BuildOptions(), case=case)
    )


def docket(paths: Sequence[str | Path], as_of: dt.date | None = None) -> Docket:
    """Every case file under ``paths``, by its most urgent deadline (``claimgen docket``).

    Folders are searched recursively (packet folders, hidden folders and virtual
    environments skipped); a YAML file whose top-level ``claimgen`` is 1 is a case. A case
    that cannot be read is listed in ``problems`` and never stops the others.
    ``docket(...).to_json()`` is what ``claimgen docket --format json`` prints.

    >>> import claimgen, datetime
    >>> folder = claimgen.example("texas-worksite-arrest").parent.parent
    >>> result = claimgen.docket([folder], as_of=datetime.date(2026, 12, 5))
    >>> len(result.rows), result.problems
    (4, [])
    """
    from .caseload import docket as find_cases

    return find_cases([str(p) for p in paths], as_of or dt.date.today())


def example(name: str) -> Path:
    """The case file of a bundled example (``claimgen demo`` builds ``minneapolis-home-entry``).

    >>> import claimgen
    >>> claimgen.example("texas-worksite-arrest").name
    'case.yaml'
    """
    from importlib import resources

    folder = Path(str(resources.files("claimgen").joinpath("examples")))
    path = folder / name / "case.yaml"
    if not path.is_file():
        names = sorted(p.parent.name for p in folder.glob("*/case.yaml"))
        raise ValueError(f"no bundled example {name!r}; there are: {', '.join(names)}")
    return path


def _folder(case: Case) -> Path:
    """The folder evidence paths are relative to: the case file's, else the current one."""
    return case.source_path.parent if case.source_path is not None else Path.cwd()
