"""Every console block of README.md and docs/*.md is run again and must print what the page shows.

Pages added later are picked up by themselves. How a page is run (see docs/README.md,
"How these pages are tested"):

- each page starts in a private folder holding a copy of the Minneapolis example
  (``case.yaml`` and ``evidence/``) and a copy of ``claimgen/examples/`` as in a clone
  (so ``claimgen validate claimgen/examples/texas-worksite-arrest/case.yaml`` works too);
  its console blocks run in order, each ``$ `` line in bash, so a file written or a
  ``cd`` made by one command is there for the next;
- a shown output is matched line by line (trailing spaces ignored): a line that is just
  ``...`` stands for any number of lines, ``...`` inside a line for any text; standard
  output and standard error are read together, as a terminal shows them; a command
  shown without output must exit 0;
- a block with a command that waits for a person (``claimgen serve``, an interview
  without ``--answers``) is shown, not run;
- HTML comments just before a block adjust it: ``<!-- docs-test: skip REASON -->``
  (shown, not run: say why), ``<!-- docs-test: fresh -->`` (a new copy of the example
  first), ``<!-- docs-test: before COMMAND -->`` (run first, unshown), ``<!-- docs-test:
  env NAME=VALUE -->`` and, before a non-console block, ``<!-- docs-test: file NAME -->``
  (write the block's text to NAME).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
START = ROOT / "claimgen" / "examples" / "minneapolis-home-entry"
MARKER = re.compile(r"<!-- docs-test: (\w+)(?: (.*?))? -->")
COMMAND_TIMEOUT = 120


@dataclass
class Block:
    line: int  # where the block starts in its page (1-based), for messages
    info: str  # the fence's info string: console, yaml, ...
    body: list[str]
    markers: list[tuple[str, str]] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """Every fenced block of a page, with the docs-test markers just before it."""
    out: list[Block] = []
    lines = text.splitlines()
    pending: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = MARKER.fullmatch(line.strip())
        if m:
            pending.append((m.group(1), (m.group(2) or "").strip()))
        elif line.startswith("```"):
            start, info, body = i + 1, line[3:].strip(), []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            out.append(Block(start, info, body, pending))
            pending = []
        elif line.strip():
            pending = []  # a marker applies only to the block right after it
        i += 1
    return out


def commands(block: Block) -> list[tuple[str, list[str]]]:
    """(command, the output shown under it) for each ``$ `` line of a console block."""
    out: list[tuple[str, list[str]]] = []
    for line in block.body:
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


def _line_matches(shown: str, actual: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in shown.rstrip().split("..."))
    return re.fullmatch(pattern, actual.rstrip()) is not None


def output_problem(shown: list[str], actual_text: str) -> str | None:
    """None when the shown lines (with their ``...`` gaps) are the actual output, else why not."""
    while shown and not shown[-1].strip():
        shown = shown[:-1]
    actual = actual_text.splitlines()
    segments: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            segments.append([])
        else:
            segments[-1].append(line)
    open_start, open_end = not segments[0], not segments[-1]
    segments = [s for s in segments if s]
    pos = 0
    for n, seg in enumerate(segments):
        starts = [pos] if n == 0 and not open_start else range(pos, len(actual) - len(seg) + 1)
        for start in starts:
            if start + len(seg) <= len(actual) and all(
                _line_matches(s, a) for s, a in zip(seg, actual[start : start + len(seg)])
            ):
                pos = start + len(seg)
                break
        else:
            return "the page shows:\n" + "\n".join(seg)
    if not open_end and pos != len(actual):
        return "the command prints more than the page shows:\n" + "\n".join(actual[pos:])
    return None


class Shell:
    """Runs a page's commands one by one in bash, keeping the folder and the last exit status."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/bin{os.pathsep}/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
            "COLUMNS": "120",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "PYTHONUNBUFFERED": "1",  # stdout and stderr in the order they were written
            "PAGER": "cat",
            # The sandbox holds a claimgen/examples/ folder, as a clone does: without this, Python would
            # take that folder (in the working directory) for the claimgen package.
            "PYTHONSAFEPATH": "1",
        }
        self.fresh()

    def fresh(self) -> None:
        work = self.home / "work"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(START, work)
        shutil.copytree(START.parent, work / "claimgen" / "examples")
        self.cwd = work
        self.status = 0

    def run(self, command: str, extra_env: dict[str, str]) -> subprocess.CompletedProcess:
        """One ``$ `` line: a plain ``claimgen`` command runs in this process (fast), the rest in bash."""
        plain = _plain_claimgen(command)
        if plain is not None:
            return self._in_process(plain, extra_env)
        marker = self.home / ".cwd"
        script = f"(exit {self.status})\n{command}\n__status=$?\npwd > {marker}\nexit $__status\n"
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=self.cwd,
            env={**self.env, **extra_env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
        if marker.exists():
            self.cwd = Path(marker.read_text().strip())
            marker.unlink()
        self.status = done.returncode
        return done

    def _in_process(self, plain: Plain, extra_env: dict[str, str]) -> subprocess.CompletedProcess:
        """``cli.main(argv)`` in the page's folder and environment, stdout and stderr read together
        (stdout dropped for ``> /dev/null``; the exit status printed after for ``; echo $?``)."""
        from claimgen import cli
        from claimgen.interview import i18n

        out = io.StringIO()
        stdout = io.StringIO() if plain.quiet else out
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        os.environ.update({**self.env, **extra_env, **plain.env})
        os.chdir(self.cwd)
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(out):
                try:
                    status = cli.main(plain.argv)
                except SystemExit as exc:  # argparse: --help, --version, a usage error
                    status = exc.code if isinstance(exc.code, int) else 1
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
            i18n.setup("en")  # an interview in Spanish sets the language; a new process starts in English
        if plain.echo_status:
            out.write(f"{status}\n")
            status = 0
        self.status = status
        return subprocess.CompletedProcess(plain.argv, status, out.getvalue())


@dataclass
class Plain:
    """A ``claimgen`` line that runs in this process: its argv, ``NAME=VALUE`` words before it,
    a trailing ``> /dev/null`` (quiet) and a trailing ``; echo $?``."""

    argv: list[str]
    env: dict[str, str]
    quiet: bool
    echo_status: bool


# [NAME=VALUE ...] COMMAND [> /dev/null] [; echo $?]
_LINE = re.compile(
    r"(?P<env>(?:[A-Z_][A-Z0-9_]*=[\w./-]+ )*)(?P<command>.+?)(?P<quiet> > /dev/null)?(?P<echo>; echo \$\?)?"
)
# Shell features (outside quotes) that only bash can run.
_SHELL = re.compile(r"[|;&<>$`\\*?(){}\[\]~]")
# A quoted word without anything bash would expand inside it.
_QUOTED = re.compile(r"'[^']*'|\"[^\"$`\\]*\"")
# Commands that never end (``serve``) are not run in this process.
_OWN_PROCESS = {"serve"}


def _plain_claimgen(command: str) -> Plain | None:
    """A ``claimgen ...`` line that this process can run (see :class:`Plain`), else None (bash runs it)."""
    line = _LINE.fullmatch(command)
    if line is None:
        return None
    rest = line["command"]
    if _SHELL.search(_QUOTED.sub("", rest)) or "=" in rest.split(" ", 1)[0]:
        return None
    try:
        words = shlex.split(rest)
    except ValueError:
        return None
    if words[:1] == ["claimgen"]:
        words = words[1:]
    elif words[:3] == ["python", "-m", "claimgen"]:
        words = words[3:]
    else:
        return None
    if not words or words[0] in _OWN_PROCESS or (words[0] == "interview" and "--answers" not in words):
        return None
    env = dict(word.split("=", 1) for word in line["env"].split())
    return Plain(words, env, bool(line["quiet"]), bool(line["echo"]))


def _waits_for_a_person(command: str) -> bool:
    """``claimgen serve`` (runs until stopped) and an interview without ``--answers`` (asks at the keyboard)."""
    words = command.split()
    if "claimgen" not in words:
        return False
    rest = words[words.index("claimgen") + 1 :]
    return rest[:1] == ["serve"] or (rest[:1] == ["interview"] and "--answers" not in rest)


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def test_there_are_pages_with_commands():
    assert (ROOT / "docs" / "README.md").is_file()
    assert sum(1 for page in PAGES for b in blocks(page.read_text(encoding="utf-8")) if b.info == "console") >= 20


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_console_blocks_print_what_the_page_shows(page, tmp_path):
    text = page.read_text(encoding="utf-8")
    shell = Shell(tmp_path)
    failures: list[str] = []
    for block in blocks(text):
        markers = block.markers
        kinds = [k for k, _v in markers]
        unknown = set(kinds) - {"skip", "fresh", "before", "env", "file"}
        assert not unknown, f"{_page_id(page)}:{block.line}: unknown docs-test marker {unknown}"
        if "file" in kinds:
            name = dict(markers)["file"]
            target = shell.cwd / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(block.body) + "\n", encoding="utf-8")
            continue
        if block.info != "console":
            continue
        if "skip" in kinds:
            assert dict(markers)["skip"], (
                f"{_page_id(page)}:{block.line}: say why a block is not run: <!-- docs-test: skip REASON -->"
            )
            continue
        if any(_waits_for_a_person(command) for command, _shown in commands(block)):
            continue  # shown only: it would wait for a person or run until stopped
        if "fresh" in kinds:
            shell.fresh()
        env = dict(v.split("=", 1) for k, v in markers if k == "env")
        for k, v in markers:
            if k == "before":
                done = shell.run(v, env)
                assert done.returncode == 0, f"{_page_id(page)}:{block.line}: before {v!r} failed:\n{done.stdout}"
        for command, shown in commands(block):
            done = shell.run(command, env)
            where = f"{_page_id(page)}:{block.line}: $ {command}"
            if not any(line.strip() for line in shown):
                if done.returncode != 0:
                    failures.append(
                        f"{where}\nexit status {done.returncode} (a command shown without output must succeed):\n{done.stdout}"
                    )
                continue
            problem = output_problem(shown, done.stdout)
            if problem:
                failures.append(f"{where}\n{problem}\n\nit prints:\n{done.stdout}")
    assert not failures, "\n\n".join(failures)
