"""The citation checker of the document tests: every citation a rendered document prints must be
one a data row of ``claimgen/data/`` holds. eyecite, the field's own citation finder, reads both
the document and the data rows, so like is compared with like.

- A case (``FullCaseCitation``) matches a data row on (volume, reporter, page), the reporter
  normalised by eyecite ("S.Ct." and "S. Ct." are one reporter), and on the year where both give
  one. A short form ("596 U.S. at 490") needs a data row of that volume and reporter starting at
  or before that page; ``supra`` needs a data case of that party name; ``Id.`` needs a citation
  before it.
- A statute or regulation eyecite knows (``FullLawCitation``: U.S.C., C.F.R., Fed. Reg., Pub. L.,
  the state codes in its tables) matches a data row on (code, title, section), and its
  subsection ("(h)", "(b)(9)") must be one a data row cites or lies inside.

What eyecite 2.7 does not read, a small scanner beside it does (the replacement for the hand-made
regex scanner these tests used before). Each class was found by running eyecite over the data rows,
and ``test_the_scanner_reads_only_what_eyecite_does_not`` fails when an eyecite release learns one:

- bare and listed sections: "§ 2680(h)" with no code before it, and the sections after the first
  of "28 U.S.C. §§ 2401(b), 2675" (eyecite keeps only the first);
- state codes missing from its tables ("A.R.S. § 12-542", "Cal. Code Civ. Proc. § 377.60",
  "Ohio Rev. Code § 2125.02", "Tex. Civ. Prac. & Rem. Code § 71.004" without "Ann."): each
  section number must be one a data row cites;
- Illinois citations: "740 ILCS 180/2" and public acts "P.A. 104-0440";
- court rules: "Fed. R. Civ. P. 37(e)";
- a case named without a reporter ("Sigalovskaya v. Braden (2d Cir. Aug. 27, 2025)"): each
  "X v. Y" must be a pair of parties some data row names;
- a reporter eyecite does not know ("123 F.5th 456", a misspelling): the shape "volume
  Reporter page" that eyecite did not read is reported.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from eyecite import get_citations
from eyecite.models import (
    CaseCitation,
    FullCaseCitation,
    FullLawCitation,
    IdCitation,
    ShortCaseCitation,
    SupraCitation,
)

from claimgen import data

# eyecite logs "Unknown overlap case" for an Id. next to a short form: not a problem of ours.
logging.getLogger("eyecite").setLevel(logging.ERROR)


@lru_cache(maxsize=50_000)
def citations_in(text: str) -> tuple:
    """eyecite's citations of a text, read once (eyecite takes seconds for a memo; it refuses an empty text)."""
    return tuple(get_citations(text)) if text.strip() else ()


@dataclass(frozen=True)
class Row:
    """One data row's citation: where it lives, its text as printed, its tag."""

    where: str
    text: str
    tag: str | None


def _state_rows(lim: dict, where: str) -> list[Row]:
    """A state's limitation citations, and those of its older periods (``by_accrual``, nested rows)."""
    rows = []
    for name in ("citation", "safer_citation"):
        if lim.get(name):
            rows.append(Row(f"{where}.{name}", lim[name], lim.get("tag")))
    for name, value in lim.items():
        for i, part in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(part, dict):
                rows += _state_rows({"tag": lim.get("tag"), **part}, f"{where}.{name}[{i}]")
    return rows


@cache
def data_rows() -> tuple[Row, ...]:
    """Every citation a data row claims: authorities' ``cite``, the states' limitation citations."""
    rows = [Row(f"authorities.yaml {k}", r["cite"], r.get("tag")) for k, r in data.authorities().items()]
    for code, row in data.states().items():
        lim = row.get("bivens_limitations") or {}
        rows += _state_rows(lim, f"states.yaml {code}.bivens_limitations")
    return tuple(rows)


@cache
def data_text() -> tuple[str, ...]:
    """Every data string that may name an authority: the citations, and the rows' notes and
    sources (a state note names its other subsection, an agency row its C.F.R. source)."""
    texts = [r.text for r in data_rows()]
    for row in data.states().values():
        lim = row.get("bivens_limitations") or {}
        texts += [str(v) for k, v in lim.items() if k == "note" and v]
    for row in data.agencies().values():
        texts += [str(row[k]) for k in ("source", "notes") if row.get(k)]
    texts.append(str(data.load("circuits").get("source", "")))
    return tuple(texts)


# ---------------------------------------------------------------- keys eyecite gives


def case_key(c: CaseCitation) -> tuple[str, str, str | None]:
    """(volume, reporter, page) with the reporter as eyecite corrects it ("S.Ct." → "S. Ct.")."""
    return (str(c.groups.get("volume")), c.corrected_reporter(), c.groups.get("page"))


def law_key(c: FullLawCitation) -> tuple[str, str, str]:
    """(code, title or chapter, section), the code as eyecite corrects it."""
    g = c.groups
    reporter = c.corrected_reporter() or g.get("reporter") or ""
    return (reporter, str(g.get("title") or g.get("chapter") or ""), str(g.get("section") or ""))


def law_pin(c: FullLawCitation) -> str:
    return (c.metadata.pin_cite or "").replace(" ", "")


@dataclass
class Known:
    """The data rows as eyecite reads them."""

    cases: dict[tuple[str, str, str | None], list[tuple[Row, Any]]] = field(default_factory=dict)
    laws: dict[tuple[str, str, str], list[tuple[Row, str]]] = field(default_factory=dict)
    parties: set[str] = field(default_factory=set)  # party names of data cases (for supra)
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (last word before "v.", first after)
    sections: set[str] = field(default_factory=set)  # "2680(h)", "541.05", "12-542"
    texts: tuple[str, ...] = ()


@cache
def known() -> Known:
    k = Known(texts=data_text())
    for row in data_rows():
        for c in citations_in(row.text):
            if isinstance(c, FullCaseCitation):
                k.cases.setdefault(case_key(c), []).append((row, c))
                for name in (c.metadata.plaintiff, c.metadata.defendant):
                    if name:
                        k.parties.add(name)
            elif isinstance(c, FullLawCitation):
                k.laws.setdefault(law_key(c), []).append((row, law_pin(c)))
    for text in k.texts:
        k.pairs |= set(party_pairs(text))
        for m in SECTIONS.finditer(text):
            k.sections |= set(section_numbers(m.group(0)))
    return k


# ---------------------------------------------------------------- the scanner beside eyecite

# "§ 2680(h)", "§§ 2401(b), 2675 and 2679(d)(5)", "§ 541.05, subd. 1(5)", "§ 12-612(A)"
SECTION_NUMBER = r"\d[\w.\-:]*(?:\([A-Za-z0-9]+\))*"
# a listed section is not the title of the next citation ("§ 2675 and 28 C.F.R. § 14.2")
NEXT_CODE = r"(?![\w.\-:]*\s+(?:[A-Z][\w&]*\.|ILCS))"
SECTIONS = re.compile(rf"§§?\s?{SECTION_NUMBER}(?:(?:,\s|,?\s(?:and|or)\s|-){SECTION_NUMBER}{NEXT_CODE})*")
ILCS = re.compile(r"\b\d+ ILCS \d+/[\d.\-]*\d(?:\([a-z0-9]+\))*")
PUBLIC_ACT = re.compile(r"\bP\.A\. \d+-\d+")
COURT_RULE = re.compile(r"\bFed\. R\. (?:Civ|Crim|App|Evid)\. P\. \d+(?:\.\d+)?(?:\([A-Za-z0-9]+\))*")
# "447 F.3d 1248 (9th Cir. 2006)", "69 Ohio St.3d 508 (1994)", "605 U.S. ___ (2025)": the shape of a
# case citation (an abbreviated reporter between two numbers, a year in parentheses), whether or not
# eyecite knows the reporter (an unknown or misspelt reporter is read by nobody else)
LOOKS_LIKE_A_CASE = re.compile(
    r"\b(\d+) ((?:[A-Z][\w.'&]*)(?: [A-Z0-9][\w.'&]*)*) (\d+|_{3})(?=(?:, [\d\-–]+)? \((?:[^()]*\s)?\d{4}\))"
)
NOT_A_REPORTER = re.compile(r"^(?:U\.S\.C\.|C\.F\.R\.|Fed\. Reg\.|ILCS)|\bAct$")  # codes, session laws
PAIR = re.compile(r"([A-Z][\w'’.\-]*)\s+v\.\s+([A-Z][\w'’\-]*\.?)")


def section_numbers(match: str) -> list[str]:
    """The section numbers of a "§"/"§§" group, subsections kept, trailing dots dropped."""
    return [n.rstrip(".") for n in re.findall(SECTION_NUMBER, match.lstrip("§ "))]


def party_pairs(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2).rstrip(".")) for m in PAIR.finditer(text)]


def section_known(number: str, sections: set[str]) -> bool:
    """A section printed is known when a data row cites it, or a subsection inside it, or the
    whole section it is a subsection of (a row citing "§ 2675" covers "§ 2675(a)")."""
    base = number.split("(")[0]
    return any(s == number or s.startswith(number + "(") or s == base for s in sections)


# ---------------------------------------------------------------- the check


@dataclass(frozen=True)
class Unknown:
    """A citation found in a document that no data row holds."""

    citation: str
    why: str
    near: str

    def __str__(self) -> str:
        return f"{self.citation!r}: {self.why}; near …{self.near}…"


def _near(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 60) : end + 60].split())


# The year in the parenthetical right after "596 U.S. 482" or "457 U.S. 800, 818": eyecite's own
# metadata.year can be taken from a later parenthetical in a long document, so it is read here.
YEAR_AFTER = re.compile(r"(?:,\s*[\d\-–]+)*\s*\((?:[^()]*?\s)?(\d{4})\)")


def year_after(text: str, end: int) -> str | None:
    m = YEAR_AFTER.match(text, end)
    return m.group(1) if m else None


def _case_problem(c: CaseCitation, text: str, k: Known) -> str | None:
    if isinstance(c, FullCaseCitation):
        rows = k.cases.get(case_key(c))
        if not rows:
            return "no data row cites this volume, reporter and page"
        years = {year_after(row.text, rc.span()[1]) for row, rc in rows} - {None}
        year = year_after(text, c.span()[1])
        if year and years and year not in years:
            return f"the year {year} is not the data row's ({', '.join(sorted(years))})"
        return None
    volume, reporter, page = case_key(c)
    starts = [p for (v, r, p) in k.cases if v == volume and r == reporter]
    if not starts:
        return "no data row cites this volume and reporter"
    if page and page.isdigit() and not any(p and p.isdigit() and int(p) <= int(page) for p in starts):
        return "the page is before every data case of this volume"
    return None


def paragraphs(text: str) -> list[str]:
    """A document's lines: eyecite reads each once however many documents print it (it takes
    about a second for every case it finds with a court, so a memo read whole takes many)."""
    return [line for line in text.split("\n") if line.strip()]


def unknown_citations(text: str) -> list[Unknown]:
    """Every citation in ``text`` that no data row holds (empty when all are known).

    eyecite reads ``text`` line by line (an ``Id.`` may refer to a line before); the scanner
    beside it reads the whole text.
    """
    k = known()
    problems: list[Unknown] = []
    earlier = False
    for line in paragraphs(text):
        for c in citations_in(line):
            why = _eyecite_problem(c, line, k, earlier)
            if why:
                problems.append(Unknown(c.matched_text(), why, _near(line, *c.span())))
            elif not isinstance(c, IdCitation):
                earlier = True
        read = [c.span() for c in citations_in(line)]
        for m in LOOKS_LIKE_A_CASE.finditer(line):
            if "." not in m.group(2) or NOT_A_REPORTER.search(m.group(2)):
                continue
            if not any(s < m.end() and m.start() < e for s, e in read):
                problems.append(Unknown(m.group(0), "a case citation eyecite cannot read", _near(line, *m.span())))
    return problems + _scanner_problems(text, k)


def _eyecite_problem(c: Any, text: str, k: Known, earlier: bool) -> str | None:
    """Why the citation eyecite found is not a data row's (None when it is)."""
    if isinstance(c, (FullCaseCitation, ShortCaseCitation)):
        return _case_problem(c, text, k)
    if isinstance(c, SupraCitation):
        name = c.metadata.antecedent_guess
        return None if name and name in k.parties else "supra names no data case"
    if isinstance(c, IdCitation):
        return None if earlier else "Id. with no citation before it"
    if isinstance(c, FullLawCitation):
        rows = k.laws.get(law_key(c))
        if not rows:
            return "no data row cites this code, title and section"
        # "(b)" is known where a row cites (b) or (b)(1), or the whole section; "(b)(7)" is not.
        # A pin may list several: "§ 1252(g) and (b)(9)".
        for sub in re.findall(r"(?:\([A-Za-z0-9]+\))+", law_pin(c)):
            if not any(p == "" or p.startswith(sub) for _r, p in rows):
                return f"no data row cites subsection {sub} of it"
    return None


def _scanner_problems(text: str, k: Known) -> list[Unknown]:
    """The classes eyecite does not read (see the module's docstring)."""
    problems = []
    for m in SECTIONS.finditer(text):
        for number in section_numbers(m.group(0)):
            if not section_known(number, k.sections):
                problems.append(Unknown(f"§ {number}", "no data row cites this section", _near(text, *m.span())))
    for pattern, what in ((ILCS, "Illinois statute"), (PUBLIC_ACT, "public act"), (COURT_RULE, "court rule")):
        for m in pattern.finditer(text):
            if not any(m.group(0) in t for t in k.texts):
                problems.append(Unknown(m.group(0), f"no data row cites this {what}", _near(text, *m.span())))
    for m in PAIR.finditer(text):
        pair = (m.group(1), m.group(2).rstrip("."))
        if pair not in k.pairs:
            problems.append(Unknown(m.group(0), "no data row names these parties", _near(text, *m.span())))
    return problems


# ---------------------------------------------------------------- [U] rows print "verify"


def _marked(text: str, start: int, end: int) -> bool:
    """Is the citation at text[start:end] marked: "[verify]" or "(unverified — verify)" right
    after it (past its parentheticals), or a checklist line's "Verify" before it in its clause?"""
    after = re.match(r"\s*(\([^()]*\)\s*)*[\[(][^\])]*verify", text[end : end + 80])
    before = re.split(r"[;)\n]", text[max(0, start - 80) : start])[-1]
    return bool(after or re.search(r"\bverify\b", before, re.IGNORECASE))


def unverified_without_verify(text: str) -> list[str]:
    """Each place a [U] row's citation is printed without "verify" beside it.

    Found two ways: the row's text as written, and every case eyecite finds that is a [U]
    row's, however it is printed.
    """
    out = []
    for row in data_rows():
        if data.needs_verify(row.tag):
            for m in re.finditer(re.escape(row.text), text):
                if not _marked(text, *m.span()):
                    out.append(f"{row.where} {row.text!r} printed without verify: …{_near(text, *m.span())}…")
    k = known()
    for line in paragraphs(text):
        for c in citations_in(line):
            if isinstance(c, FullCaseCitation):
                rows = k.cases.get(case_key(c)) or []
                if any(data.needs_verify(r.tag) for r, _c in rows) and not _marked(line, c.span()[0], c.full_span()[1]):
                    out.append(f"{c.matched_text()!r} ([U]) printed without verify: …{_near(line, *c.span())}…")
    return sorted(set(out))
