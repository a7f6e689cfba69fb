"""The eyecite-style citation check shared by the memo and letter tests.

Every citation string the data files hold is removed from a document's text; anything left
that looks like a legal citation (a reporter, a code, "v. Name", a section no data row
cites) is invented.
"""

from __future__ import annotations

import re

from claimgen import data


def known_citation_text() -> list[str]:
    """Every citation string claimgen's data files hold (authorities, states, agencies)."""
    known = [row["cite"] for row in data.authorities().values()]
    for row in data.states().values():
        lim = row.get("bivens_limitations") or {}
        known += [s for s in (lim.get("citation"), lim.get("note"), lim.get("safer_citation")) if s]
        if lim.get("citation"):
            known += lim["citation"].split("; ")
    for row in data.agencies().values():
        known += [s for s in (row.get("source"), row.get("notes")) if s]
    return sorted(set(known), key=len, reverse=True)


# Anything that looks like a legal citation after the known ones are removed is invented.
CITATION_LOOKS = re.compile(
    r"U\.S\.C\.|C\.F\.R\.|\b\d+ U\.S\. [\d_]+|\bF\.[234]d\b|F\.4th|F\. Supp\.|N\.W\.2d|\bStat\. §|Code §|ILCS|\bv\. [A-Z]|P\.A\. \d"
)
SECTION = re.compile(r"§§? ?(\d[\w.\-]*(?:\([A-Za-z0-9]+\))*)")


def unknown_citations(text: str) -> list[str]:
    known = known_citation_text()
    sections = {m for k in known for m in SECTION.findall(k)}
    rest = text
    for cite in known:
        rest = rest.replace(cite, " ⟦cite⟧ ")
    problems = [f"{m.group(0)!r} near …{rest[max(0, m.start() - 40): m.end() + 40]}…" for m in CITATION_LOOKS.finditer(rest)]
    for m in SECTION.finditer(rest):
        sec = m.group(1).rstrip(".")
        if not any(s == sec or s.startswith(sec + "(") or s.startswith(sec) for s in sections):
            problems.append(f"§ {sec} (no data row cites it)")
    return problems
