"""claimgen: from a careful interview to a filing-ready FTCA claim packet.

The flow, one module per step::

    model (the case file) → checks (validate, deadlines, analysis) → render (documents) → packet (OUTDIR)

Public API (small on purpose)::

    from claimgen import load_case, check_case, build
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_case", "check_case", "build"]


def __getattr__(name: str):  # lazy: keep `claimgen --help` fast
    if name == "load_case":
        from .caseio import load_case

        return load_case
    if name == "check_case":
        from .checks.validate import check_case

        return check_case
    if name == "build":
        from .packet import build

        return build
    raise AttributeError(name)
