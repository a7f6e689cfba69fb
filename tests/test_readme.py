"""The README and docs/ cannot rot: the README is short and starts with `make demo` then `make test`,
every command and option has an example, every manifest kind and exit status is described, the
layout names every module, and no page points outside the repository.

(The outputs the pages show are run again by tests/test_docs.py.)
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from claimgen import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
PAGES = {p.name if p.parent == DOCS else "../README.md": p.read_text(encoding="utf-8")
         for p in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]}
COMMANDS_MD = (DOCS / "commands.md").read_text(encoding="utf-8")
# The manifest kinds whose names never change (others may be added; every one written is described).
MANIFEST_KINDS = ["sf95", "sf95_official", "evidence_log", "evidence_log_csv", "evidence_sha256sums",
                  "cover_memo", "transmittal_letter", "deadlines_ics"]


def section(text: str, heading: str) -> str:
    """The text under a ``## heading`` up to the next heading of that level."""
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def console_commands() -> list[str]:
    """Every command shown in a console block of any page (the text after "$ ")."""
    out = []
    for text in PAGES.values():
        for block in re.findall(r"^```console\n(.*?)^```", text, re.M | re.S):
            out += [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    return out


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def commands_and_options() -> list[tuple[str, argparse.ArgumentParser]]:
    """[("build", parser), ("evidence add", parser), ...] from claimgen/cli.py."""
    out = []
    for name, sub in _subparsers(cli.build_parser()).items():
        nested = _subparsers(sub)
        out += [(f"{name} {action}", p) for action, p in nested.items()] if nested else [(name, sub)]
    return out


# ---------------------------------------------------------------- the README


def test_readme_is_short_and_says_draft_not_legal_advice():
    assert len(README.encode("utf-8")) < 12_000, "the README is a short introduction; details go to docs/"
    assert "a draft for a lawyer's review, not legal advice" in README.split("## Quick start")[0]


def test_quick_start_begins_with_make_demo_then_make_test():
    first_block = re.search(r"```console\n(.*?)```", section(README, "Quick start"), re.S).group(1)
    assert [line[2:] for line in first_block.splitlines() if line.startswith("$ ")][:2] == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_the_readme_shows_the_two_commands_and_links_every_docs_page_through_the_index():
    assert "claimgen interview case.yaml" in README and "claimgen build case.yaml" in README
    assert "(docs/README.md)" in README
    index = PAGES["README.md"]
    for page in sorted(DOCS.glob("*.md")):
        if page.name != "README.md":
            assert f"({page.name})" in index, f"docs/README.md does not link {page.name}"


def test_no_page_points_outside_the_repository():
    for name, text in PAGES.items():
        for bad in ("../shared", "contract.md", "contract §", "legal-rules", "dependency-notes"):
            assert bad not in text, f"{name} mentions {bad!r}: the repository must stand alone"
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if not re.match(r"[a-z]+:", target):  # a relative link names a file of the repository
                base = ROOT if name == "../README.md" else DOCS
                # pages other branches are writing; the index links them before they land
                known = {"final-copies.md", "mailing-packet.md", "docket.md", "serve.md", "reliability.md", "interview.md",
                         "legal-analysis.md"}
                assert (base / target).exists() or target in known, f"{name} links {target}, which does not exist"


# ---------------------------------------------------------------- the command reference


def test_every_command_and_option_has_an_example():
    shown = console_commands()
    pairs = commands_and_options()
    assert {name for name, _p in pairs} >= {"interview", "validate", "check", "build", "evidence add",
                                            "evidence verify", "evidence log", "demo", "docket"}
    for name, parser in pairs:
        examples = [c for c in shown if re.search(rf"(^|\s)claimgen {re.escape(name)}(\s|$)", c)]
        assert examples, f"no page shows an example of `claimgen {name}`"
        own_page = (DOCS / f"{name.split()[0]}.md").is_file()
        assert f"\n## {name}\n" in COMMANDS_MD or own_page, f"docs/commands.md has no section `## {name}`"
        for action in parser._actions:
            flags = [s for s in action.option_strings if s not in ("-h", "--help")]
            if flags:
                assert any(re.search(rf"(^|\s){re.escape(f)}(\s|=|$)", c) for c in examples for f in flags), \
                    f"no page shows `claimgen {name}` with {flags[-1]}"
    assert any(c.startswith("python -m claimgen") for c in shown)


def test_every_manifest_kind_is_in_the_packet_table():
    packet = section(COMMANDS_MD, "The packet")
    for kind in MANIFEST_KINDS:
        assert f"| `{kind}` |" in packet, f"the packet table does not name {kind}"


def test_every_kind_a_build_writes_is_described(tmp_path, capsys):
    """In the packet table of commands.md, or in a table of the page of the feature that writes it."""
    assert cli.main(["demo", "-o", str(tmp_path / "demo"), "--as-of", "2026-12-01"]) == 0
    capsys.readouterr()
    tables = section(COMMANDS_MD, "The packet") + "".join(PAGES.values())
    for entry in json.loads((tmp_path / "demo" / "manifest.json").read_text(encoding="utf-8"))["files"]:
        assert f"| `{entry['kind']}` |" in tables, f"no page describes the kind {entry['kind']} in a table row"


def test_exit_statuses_are_documented():
    table = section(COMMANDS_MD, "Exit status")
    for status in ("0", "1", "2", "3", "130"):
        assert f"| `{status}` |" in table


def test_build_and_demo_show_the_same_packet():
    file_line = re.compile(r"^  (\S+)\s+(\w+)( \[\w+\])?$", re.M)
    build = section(COMMANDS_MD, "build").split("$ claimgen build", 1)[1].split("```", 1)[0]
    demo = section(COMMANDS_MD, "demo").split("$ claimgen demo", 1)[1].split("```", 1)[0]
    assert file_line.findall(build) and file_line.findall(build) == file_line.findall(demo)


def test_the_check_json_keys_are_described(capsys):
    from claimgen import example

    assert cli.main(["check", str(example("minneapolis-home-entry")), "--as-of", "2026-12-01", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"as_of", "deadlines", "flags"}
    described = section(COMMANDS_MD, "check").split("`--format json` prints", 1)[1].split("```", 1)[0]
    ids = [d["id"] for d in report["deadlines"]]
    for key in ids + sorted(report["deadlines"][0]) + sorted(report["flags"][0]):
        assert f"`{key}`" in described, f"docs/commands.md does not describe {key}"


# ---------------------------------------------------------------- case file and layout


def test_the_case_file_example_has_every_core_key():
    page = PAGES["case-file.md"]
    example = page.split("```yaml\n", 1)[1].split("```", 1)[0]
    for key in ("claimgen:", "incident:", "date:", "time:", "state:", "place:", "agencies:", "conduct:", "near_border:",
                "narrative:", "claimants:", "id:", "name:", "address:", "date_of_birth:", "marital_status:",
                "employment:", "injuries:", "damages:", "property_damage:", "personal_injury:", "wrongful_death:",
                "witnesses:", "evidence:", "path:", "description:", "sha256:", "size:", "claim:", "presented_on:"):
        assert key in example, key


def test_the_layout_lists_every_module():
    layout = section(PAGES["maintainers.md"], "Layout of the package")
    tree = layout.split("```\n", 1)[1].split("```", 1)[0]
    package = ROOT / "claimgen"
    for path in sorted(package.glob("*.py")):
        assert re.search(rf"^  {re.escape(path.name)}\s", tree, re.M), f"the layout does not list claimgen/{path.name}"
    for folder in sorted(p for p in package.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))):
        if folder.name.endswith(".egg-info"):
            continue
        assert re.search(rf"^  {re.escape(folder.name)}/", tree, re.M), f"the layout does not list claimgen/{folder.name}/"
        if folder.name in ("checks", "interview", "evidence", "render"):
            for path in sorted(folder.glob("*.py")):
                if path.name != "__init__.py" or folder.name == "render":
                    assert re.search(rf"^    {re.escape(path.name)}\s", tree, re.M), \
                        f"the layout does not list claimgen/{folder.name}/{path.name}"


def test_the_maintainers_guide_names_the_files_to_touch():
    guide = PAGES["maintainers.md"]
    for heading in ("Add an agency", "Add or change a state rule", "Add a document kind", "Add an interview question",
                    "The DOCX templates: the generators are the source"):
        assert f"\n## {heading}\n" in guide, heading
    for path in re.findall(r"`((?:claimgen|tools|tests)/[\w./-]+\.(?:py|yaml|po))`", guide):
        if "NAME" not in path:
            assert (ROOT / path).exists(), f"docs/maintainers.md names {path}, which does not exist"
