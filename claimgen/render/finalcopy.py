"""What a document says about itself: its case name, its DOCX properties, draft or final copy.

A draft build is for the lawyer and may say so anywhere; a final build (``--final``)
makes the copies mailed to the agency: no draft markings, nothing about the tool that
made them, no internal ids. Renderers ask :func:`is_final` which copy they are making.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import formatting as T


def is_final(ctx: Any) -> bool:
    """True when the build (a BuildContext) makes the final copies."""
    return bool(getattr(getattr(ctx, "options", None), "final", False))


def case_name(case: Any, case_path: Path | str | None = None) -> str:
    """The case's ``title``, or the name of the folder that holds the case file, or "" when neither is known."""
    title = T.clean(case.title) if getattr(case, "title", None) else ""
    if title:
        return title
    if case_path is None:
        return ""
    return T.folder_text(Path(case_path).resolve().parent.name)


def signer_name(case: Any) -> str:
    """Who signs for the claim, for a document's author: counsel, else the first claimant or their representative."""
    counsel = getattr(case, "counsel", None)
    if counsel is not None and counsel.role != "self":
        return T.clean(counsel.name)
    first = case.claimants[0]
    who = first.representative or first
    return T.clean(who.name)


def docx_properties(case: Any, title: str, subject: str) -> dict[str, str]:
    """Core properties of a DOCX (File > Properties): never the library's name, never the tool's."""
    return {"title": title, "subject": subject, "author": signer_name(case)}
