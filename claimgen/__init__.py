"""claimgen: from a careful interview to a filing-ready FTCA claim packet.

The flow, one module per step::

    model (the case file) → checks (validate, deadlines, analysis) → render (documents) → packet (OUTDIR)

The library API, which the command line is built on (see :mod:`claimgen.api`)::

    import claimgen

    case = claimgen.load_case("case.yaml")             # schema-checked Case
    problems = claimgen.validate(case)                 # every rule, errors first
    report = claimgen.check(case, as_of=None)          # deadlines and risk flags
    docket = claimgen.docket(["clients/"])            # every case under a folder, by urgency
    manifest = claimgen.build(case, "packet", claimgen.BuildOptions(final=False))

Importing claimgen loads no heavy library: each function imports what it needs.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:  # type checkers and editors see the names; the CLI's start-up does not load them
    from .api import BuildOptions, Manifest, ManifestFile, build, check, docket, example, load_case, validate

__all__ = [
    "__version__",
    "BuildOptions",
    "Manifest",
    "ManifestFile",
    "build",
    "check",
    "docket",
    "example",
    "load_case",
    "validate",
]


def __getattr__(name: str) -> object:
    """The API's names, imported on first use: ``claimgen --help`` never loads them."""
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimgen' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
