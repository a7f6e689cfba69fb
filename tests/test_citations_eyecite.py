"""eyecite, the field's citation finder, reads every document claimgen prints citations in, and
each citation it finds must be one a data row holds (tests/citations.py says how they are
compared, and which classes a small scanner beside eyecite reads).

The documents: for each bundled example, the whole packet as ``claimgen build`` writes it, draft
and ``--final`` (every DOCX read with python-docx: paragraphs, tables, headers and footers; every
PDF read with pypdf; the calendar's event descriptions) and ``claimgen check``'s text; for the
memo fixtures and the fact patterns of tests/citation_cases.py, the cover memo, each transmittal
and preservation letter, the next-steps sheet's text, the calendar and ``check``'s text, from the
renderers a build uses. Together they make every rule of analysis.yaml and preservation.yaml
apply at least once (``test_the_cases_reach_every_rule``), so every citation the analysis can print is read.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import re
from pathlib import Path

import pytest
import yaml
from eyecite import get_citations
from eyecite.models import FullCaseCitation, FullLawCitation

import claimgen
from citation_cases import AS_OF, PATTERNS
from citations import LOOKS_LIKE_A_CASE, NOT_A_REPORTER, data_rows, unknown_citations, unverified_without_verify
from claimgen import data
from claimgen.caseio import load_case, parse_case
from helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "claimgen" / "examples").glob("*/case.yaml"))
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "memo").glob("*.yaml"))
EPOCH = 1_795_000_000


# ---------------------------------------------------------------- reading documents


def docx_text(blob: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(blob))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def pdf_text(blob: bytes) -> str:
    """pypdf's text with the lines joined: a citation may wrap at the end of a line."""
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(blob)).pages).split())


def ics_text(blob: bytes) -> str:
    from icalendar import Calendar

    return "\n\n".join(str(e.get("DESCRIPTION")) for e in Calendar.from_ical(blob).walk("VEVENT"))


def check_text(case_path: Path) -> str:
    """``claimgen check`` as a user runs it, in a terminal wide enough that no citation wraps."""
    result = run_cli("check", case_path, "--as-of", AS_OF.isoformat(), env={"COLUMNS": "2000"})
    assert result.returncode == 0, result.stderr
    return "\n".join(" ".join(line.split()) for line in result.stdout.splitlines())


def packet_documents(case_path: Path, outdir: Path) -> dict[str, str]:
    """Every document of a built packet, draft and final (``--final``, what is mailed), by file
    name, as text, and ``claimgen check``'s text."""
    readers = {".docx": docx_text, ".pdf": pdf_text, ".ics": ics_text}
    docs = {}
    for final in (False, True):
        folder = outdir / ("final" if final else "draft")
        claimgen.build(case_path, folder, claimgen.BuildOptions(final=final), as_of=AS_OF)
        for f in sorted(folder.iterdir()):
            if f.suffix in readers:
                docs[f"{f.name}{' (final)' if final else ''}"] = readers[f.suffix](f.read_bytes())
    docs["claimgen check"] = check_text(case_path)
    return docs


def rendered_documents(case, case_path: Path, report) -> dict[str, str]:
    """The documents that print citations, from the renderers a build calls."""
    from claimgen.render.ics import calendar_bytes
    from claimgen.render.letters import render_letter
    from claimgen.render.memo import render_memo
    from claimgen.render.next_steps import blocks, plain_text
    from claimgen.render.preservation import render_preservation

    docs = {"cover-memo.docx": docx_text(render_memo(case, report, EPOCH))}
    for agency in case.incident.agencies:
        docs[f"transmittal-{agency}.docx"] = docx_text(render_letter(case, agency, AS_OF, EPOCH))
        docs[f"preservation-{agency}.docx"] = docx_text(render_preservation(case, agency, report, EPOCH))
    docs["next-steps (text)"] = "\n".join(plain_text(blocks(case, AS_OF, report=report)))
    docs["deadlines.ics"] = ics_text(calendar_bytes(case, report, EPOCH))
    docs["claimgen check"] = check_text(case_path)
    return docs


# ---------------------------------------------------------------- which rules applied


def _whens(node, path: str, out: dict[int, str]) -> dict[int, str]:
    if isinstance(node, dict):
        if isinstance(node.get("when"), dict):
            out[id(node["when"])] = path
        for key, value in node.items():
            _whens(value, f"{path}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _whens(value, f"{path}[{i}]", out)
    return out


def rule_conditions() -> dict[int, str]:
    """Every ``when`` of the analysis and preservation rules, by identity, with its place."""
    out: dict[int, str] = {}
    _whens(data.load("analysis"), "analysis.yaml", out)
    _whens(data.load("preservation"), "preservation.yaml", out)
    return out


WITHOUT_FLAGS = {
    "death-texas, no engine flags": "death-texas",
    "minor, no engine flags": "minor-california-home-entry",
    "one-year state, no engine flags": "bivens-soon-tennessee",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, object]:
    """{case name: {document: text}}, the rule conditions that held while they were rendered, and
    the deadline engine's flags raised."""
    from claimgen.checks import analysis
    from claimgen.checks.deadlines import compute

    held: set[int] = set()
    original = analysis.holds

    def recording(when, facts):
        ok = original(when, facts)
        if ok and when:
            held.add(id(when))
        return ok

    docs: dict[str, dict[str, str]] = {}
    flags: set[str] = set()
    folder = tmp_path_factory.mktemp("citations")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(analysis, "holds", recording)
        for path in EXAMPLES:
            docs[path.parent.name] = packet_documents(path, folder / path.parent.name)
            flags |= {f.id for f in compute(load_case(path), AS_OF).flags}
        for path in FIXTURES:
            case = load_case(path)
            report = compute(case, AS_OF)
            docs[path.stem] = rendered_documents(case, path, report)
            flags |= {f.id for f in report.flags}
        for name, raw in PATTERNS.items():
            path = folder / f"{name}.yaml"
            path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
            case = parse_case(copy.deepcopy(raw), str(path))
            report = compute(case, AS_OF)
            docs[name] = rendered_documents(case, path, report)
            flags |= {f.id for f in report.flags}
        # The memo's own risk rows for what the deadline engine would already have flagged: they
        # print only from a report without the engine's flags (the library API allows one).
        from claimgen.render.memo import render_memo

        for label, name in WITHOUT_FLAGS.items():
            case = parse_case(copy.deepcopy(PATTERNS[name]), f"{name}.yaml")
            bare = dataclasses.replace(compute(case, AS_OF), flags=[])
            docs[label] = {"cover-memo.docx": docx_text(render_memo(case, bare, EPOCH))}
    return {"docs": docs, "held": held, "flags": flags}


CASES = [p.parent.name for p in EXAMPLES] + [p.stem for p in FIXTURES] + list(PATTERNS) + list(WITHOUT_FLAGS)


# ---------------------------------------------------------------- the tests


def test_the_cases_reach_every_rule(corpus):
    """A rule no case reaches is a citation no test reads: add a pattern to tests/citation_cases.py."""
    never = sorted(path for key, path in rule_conditions().items() if key not in corpus["held"])
    assert never == []


# Flags of case files no document is built from: one the interview has not finished
# (checks/deadline_case.py; ``build`` refuses it) and a date past the calendar (the case file is
# refused when read). Their citations are authority keys like every flag's (tests/test_deadlines_flags.py).
FLAGS_NO_DOCUMENT_SHOWS = {"case_incomplete", "date_out_of_range"}


def test_the_cases_raise_every_flag_of_the_deadline_engine(corpus):
    """Each flag prints its citations in ``check``, the calendar and the memo: each must be read."""
    every = set(data.load("deadlines")["flags"])
    assert sorted(every - corpus["flags"] - FLAGS_NO_DOCUMENT_SHOWS) == []


def test_the_bundled_examples_are_read_whole(corpus):
    """The examples' packets: every DOCX, PDF and the calendar, and the check command's text."""
    for path in EXAMPLES:
        docs = corpus["docs"][path.parent.name]
        assert {"cover-memo.docx", "next-steps.pdf", "deadlines.ics", "claimgen check"} <= set(docs)
        assert {"cover-memo.docx (final)", "next-steps.pdf (final)"} <= set(docs)
        assert any(name.startswith("transmittal-") for name in docs)
        assert any(name.startswith("preservation-") for name in docs)
        # eyecite finds the memo's cases: an empty read would pass every test below
        cases = [c for c in get_citations(docs["cover-memo.docx"]) if isinstance(c, FullCaseCitation)]
        assert len(cases) >= 10, path


@pytest.mark.parametrize("name", CASES)
def test_every_citation_in_every_document_is_in_the_data_files(corpus, name):
    problems = [
        f"{name} / {document}: {problem}"
        for document, text in corpus["docs"][name].items()
        for problem in unknown_citations(text)
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", CASES)
def test_every_unverified_row_prints_verify_wherever_it_appears(corpus, name):
    problems = [
        f"{name} / {document}: {problem}"
        for document, text in corpus["docs"][name].items()
        for problem in unverified_without_verify(text)
    ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", CASES)
def test_every_secondary_row_in_a_memo_prints_its_mark(corpus, name):
    """An [S] authority the memo relies on prints "[verify: secondary source]" after it. The
    exceptions say their tag themselves: the checklist lines that list those authorities, name an
    address's source or a state's period with its tag, and the deadline table's rule cell, which
    prints the state's citation as ``check`` does."""
    secondary = [r.text for r in data_rows() if r.tag == "S" and r.where.startswith("authorities.yaml")]
    state_citations = {r.text for r in data_rows() if r.where.startswith("states.yaml")}
    checklist = (
        "Read the primary text of these authorities",
        "Confirm the claims address",
        "limitation period against",
    )
    problems = []
    for line in corpus["docs"][name]["cover-memo.docx"].split("\n"):
        if any(words in line for words in checklist) or line.removesuffix(" [verify]") in state_citations:
            continue
        for cite in secondary:
            if any(cite != other and cite in other and other in line for other in secondary):
                continue  # a longer [S] citation holding this one is checked on its own
            for m in re.finditer(re.escape(cite), line):
                if not line[m.end() :].startswith(" [verify: secondary source]"):
                    problems.append(f"{name}: {cite!r} near …{line[max(0, m.start() - 60) : m.end() + 40]}…")
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------- the data rows themselves

# "28 U.S.C. § 2401(b)", "28 C.F.R. §§ 14.2-14.3": title, code, section as written
LOOKS_LIKE_A_CODE = re.compile(r"\b(\d+) (U\.S\.C\.|C\.F\.R\.) §§? ([\d.]+(?:-[\d.]*\d)?)")


@pytest.mark.parametrize("row", data_rows(), ids=lambda r: r.where)
def test_every_data_citation_is_read_by_eyecite_as_the_citation_it_claims(row):
    """Each case in a row's text is found by eyecite with the same volume, reporter and page
    (a reporter eyecite does not know, a typo, is found by nobody), and each U.S.C. and C.F.R.
    citation with the same title and section."""
    found = get_citations(row.text)
    cases = [c for c in found if isinstance(c, FullCaseCitation)]
    laws = [c for c in found if isinstance(c, FullLawCitation)]
    written = [m for m in LOOKS_LIKE_A_CASE.finditer(row.text) if not NOT_A_REPORTER.search(m.group(2))]
    assert [(c.groups["volume"], c.groups["reporter"], c.groups["page"] or "___") for c in cases] == [
        (m.group(1), m.group(2), m.group(3)) for m in written
    ]
    for c in cases:
        assert c.corrected_reporter(), c  # a reporter of eyecite's tables (a variant is corrected, "S.Ct." → "S. Ct.")
    statutes = [(m.group(1), m.group(2), m.group(3)) for m in LOOKS_LIKE_A_CODE.finditer(row.text)]
    assert [
        (str(c.groups.get("title") or c.groups.get("chapter")), c.groups["reporter"], c.groups["section"])
        for c in laws
        if c.groups["reporter"] in ("U.S.C.", "C.F.R.")
    ] == statutes


def test_each_authority_key_is_one_row():
    """A second row under the same key silently replaces the first when the table is read."""
    keys = [row["key"] for row in data.load("authorities")["authorities"]]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_the_data_rows_use_each_reporter_as_eyecite_spells_it_or_a_known_variant():
    """A reporter printed in a form eyecite corrects is listed here with the reason it is kept."""
    kept = {"Ohio St.3d": "the Ohio Supreme Court's own style, as the opinion is cited in Ohio"}
    variants = {}
    for row in data_rows():
        for c in get_citations(row.text):
            if isinstance(c, FullCaseCitation) and c.groups["reporter"] != c.corrected_reporter():
                variants[c.groups["reporter"]] = row.where
    assert set(variants) <= set(kept), variants


# ---------------------------------------------------------------- the check can fail


INVENTED = "Doe v. Roe, 999 F.4th 123 (9th Cir. 2025)"


def test_an_invented_case_in_a_rendered_memo_is_reported(corpus):
    text = corpus["docs"]["minneapolis-home-entry"]["cover-memo.docx"]
    assert unknown_citations(text) == []
    planted = text.replace("3. FTCA theory", f"3. FTCA theory\nSee {INVENTED}.", 1)
    assert planted != text
    found = unknown_citations(planted)
    assert [p.citation for p in found] == ["999 F.4th 123", "Doe v. Roe"]
    assert "See Doe v. Roe, 999 F.4th 123 (9th Cir. 2025)" in found[0].near


@pytest.mark.parametrize(
    ("planted", "reported"),
    [
        ("Egbert v. Boule, 596 U.S. 483 (2022)", "596 U.S. 483"),  # wrong first page
        ("Egbert v. Boule, 596 U.S. 482 (2021)", "596 U.S. 482"),  # wrong year
        ("Egbert v. Boule, 142 S.Ct. 1793 (2022)", "142 S.Ct. 1793"),  # a parallel cite the data lacks
        ("Egbert, 596 U.S. at 470", "596 U.S. at 470"),  # a pin before the first page
        ("28 U.S.C. § 2680(z)", "28 U.S.C. § 2680"),  # a subsection no row cites
        ("42 U.S.C. § 1985", "42 U.S.C. § 1985"),
        ("28 C.F.R. § 14.11", "28 C.F.R. § 14.11"),
        ("Pub. L. No. 79-601", "Pub. L. No. 79-601"),
        ("under § 2681 of the Act", "§ 2681"),  # a bare section
        ("28 U.S.C. §§ 2401(b), 2677", "§ 2677"),  # the second of a list
        ("Cal. Code Civ. Proc. § 377.99", "§ 377.99"),  # a code eyecite does not know
        ("5 ILCS 71/4", "5 ILCS 71/4"),
        ("Illinois P.A. 104-0441", "P.A. 104-0441"),
        ("Fed. R. Civ. P. 11(b)", "Fed. R. Civ. P. 11(b)"),
        ("Doe, 123 F.5th 456 (9th Cir. 2026)", "123 F.5th 456"),  # a reporter eyecite does not know
        ("Smith v. Jones (9th Cir. Mar. 3, 2025)", "Smith v. Jones"),  # a case without a reporter
        ("Ziglar v. Abbasi, supra, at 130", "supra"),  # known; with another name, reported
    ],
)
def test_the_checker_reports_each_kind_of_unknown_citation(planted, reported):
    text = f"The analysis relies on McNeil v. United States, 508 U.S. 106 (1993). See {planted}."
    found = [p.citation for p in unknown_citations(text)]
    if reported == "supra":
        assert found == []
        found = [p.citation for p in unknown_citations(text.replace("Ziglar v. Abbasi", "Roe"))]
    assert any(f.startswith(reported) for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "under § 2680(h) of the Act",  # a bare section
        "28 U.S.C. §§ 2401(b), 2675",  # eyecite keeps 2401 only
        "A.R.S. § 12-612(A)",
        "Cal. Code Civ. Proc. § 377.60",
        "Ohio Rev. Code § 2125.02",
        "Tex. Civ. Prac. & Rem. Code § 71.004",
        "740 ILCS 180/2",
        "Illinois P.A. 104-0440",
        "Fed. R. Civ. P. 37(e)",
        "Sigalovskaya v. Braden (2d Cir. Aug. 27, 2025)",
        "Doe, 123 F.5th 456 (9th Cir. 2026)",  # a reporter eyecite does not know
    ],
)
def test_the_scanner_reads_only_what_eyecite_does_not(text):
    """Each class the scanner beside eyecite reads (tests/citations.py): eyecite 2.7 finds no
    section of it. When a newer eyecite does, this fails: let eyecite read it and drop that part."""
    found = [c for c in get_citations(text) if isinstance(c, (FullCaseCitation, FullLawCitation))]
    if text.startswith("28 U.S.C."):
        assert [c.groups["section"] for c in found] == ["2401"]
    else:
        assert found == []


def test_a_known_citation_in_any_printed_form_is_not_reported():
    text = (
        "Egbert v. Boule, 596 U.S. 482, 490 (2022); Egbert, 596 U.S. at 491; Id. at 492. "
        "28 U.S.C. §§ 2401(b), 2675 and 28 C.F.R. § 14.2(a); § 2680(h); Minn. Stat. § 541.05, subd. 1(5); "
        "740 ILCS 180/2; Fed. R. Civ. P. 37(e); Ramsey v. Neiman, 69 Ohio St. 3d 508 (1994)."
    )
    assert unknown_citations(text) == []


def test_an_unverified_case_without_verify_is_reported():
    abbasi = data.authority("abbasi")["cite"]
    assert unverified_without_verify(f"See {abbasi} [verify].") == []
    assert unverified_without_verify(f"☐ Verify {abbasi}: not confirmed.") == []
    assert len(unverified_without_verify(f"See {abbasi}.")) == 2  # as written, and as eyecite reads it
    assert unverified_without_verify("See Ziglar v. Abbasi, 582 U.S. 120, 135 (2017).") != []
