"""The bad-input corpus: every file is refused cleanly by ``validate`` and ``build``.

For each file of ``tests/corpus/`` (see ``index.yaml``): exit 2; one line per
problem, each ``FILE: key.path: message``, naming the expected key path; no
traceback; nothing written (OUTDIR absent or byte-identical, case folder
unchanged); bounded memory (the child runs under RLIMIT_AS and its peak RSS is
measured); and no personal data beyond the field in question (the corpus marks
personal data ``PRIVATE-``).

``validate`` runs in a real child process under the limits: one child for the whole
corpus, calling ``claimgen.cli.main`` for each file in its own folder (the peak RSS is
the batch's, so every refusal stays under the bound; starting one Python per file made
this the slowest part of the suite). ``build`` runs through ``claimgen.cli.main``
in-process, which is the same code after argument parsing. The huge inputs are
generated here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from helpers import AS_OF, ROOT, snapshot

CORPUS = ROOT / "tests" / "corpus"
INDEX = yaml.safe_load((CORPUS / "index.yaml").read_text(encoding="utf-8"))
LIMIT_AS = 1536 * 1024 * 1024  # address space; generous for Python + pydantic + lxml
LIMIT_CPU = 60  # seconds: a hang is a failure, not a stuck suite
MAX_RSS_KB = 400 * 1024  # measured peak resident set of one refusal

# Run the CLI in a child that first limits itself (no preexec_fn: safe with threads).
_SHIM = (
    "import resource, runpy, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({LIMIT_AS}, {LIMIT_AS}))\n"
    f"resource.setrlimit(resource.RLIMIT_CPU, ({LIMIT_CPU}, {LIMIT_CPU}))\n"
    "sys.argv = ['claimgen'] + sys.argv[1:]\n"
    "runpy.run_module('claimgen', run_name='__main__', alter_sys=True)\n"
)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    maxrss_kb: int


def run_limited(*args: str, cwd: Path) -> Run:
    """Run ``claimgen ARGS`` under memory and CPU limits; return its output and peak RSS."""
    env = dict(os.environ)
    env.pop("CLAIMGEN_DEBUG", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-c", _SHIM, *args], cwd=cwd, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), usage.ru_maxrss)


# The same child, running many commands: each in its folder, output captured, one JSON result list.
_BATCH = (
    "import contextlib, io, json, os, sys\n"
    "from claimgen import cli\n"
    "results = []\n"
    "for cwd, args in json.load(sys.stdin):\n"
    "    os.chdir(cwd)\n"
    "    out, err = io.StringIO(), io.StringIO()\n"
    "    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
    "        try:\n"
    "            code = cli.main(args)\n"
    "        except SystemExit as exc:\n"
    "            code = exc.code if isinstance(exc.code, int) else 2\n"
    "    results.append([code, out.getvalue(), err.getvalue()])\n"
    "sys.__stdout__.write(json.dumps(results))\n"
)


def run_limited_batch(jobs: list[tuple[Path, list[str]]]) -> list[Run]:
    """Run ``claimgen ARGS`` for each (folder, args) in one child under the limits; the peak RSS is the batch's."""
    env = dict(os.environ)
    env.pop("CLAIMGEN_DEBUG", None)
    shim = _SHIM.replace("sys.argv = ['claimgen'] + sys.argv[1:]\nrunpy.run_module('claimgen', run_name='__main__', alter_sys=True)\n", _BATCH)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as stdin:
        stdin.write(json.dumps([[str(cwd), args] for cwd, args in jobs]).encode("utf-8"))
        stdin.seek(0)
        proc = subprocess.Popen([sys.executable, "-c", shim], env=env, stdin=stdin, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        assert os.waitstatus_to_exitcode(status) == 0, err.read().decode("utf-8", "replace")
        results = json.loads(out.read().decode("utf-8"))
    return [Run(code, stdout, stderr, usage.ru_maxrss) for code, stdout, stderr in results]


def stage(entry: dict, root: Path) -> Path:
    """Copy one corpus file (and any files it needs) into a fresh folder; return the case path."""
    folder = root / entry["file"].replace(".", "_")
    folder.mkdir(parents=True)
    case = folder / entry["file"]
    shutil.copyfile(CORPUS / entry["file"], case)
    for rel, text in (entry.get("files") or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return case


def assert_refused(returncode: int, stderr: str, file: str, entry: dict) -> None:
    """Exit 2; every line is ``FILE: ...``; the expected key paths and messages are there; no leaks."""
    assert returncode == 2, f"exit {returncode}, stderr:\n{stderr}"
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = stderr.splitlines()
    assert lines, "no message at all"
    for line in lines:
        assert line.startswith(f"{file}: "), f"not one problem per line: {line!r}"
    for path, fragment in [[entry["path"], entry["message"]], *entry.get("also", [])]:
        if path:
            hits = [ln for ln in lines if ln.startswith(f"{file}: {path}: ")]
        else:  # a whole-file problem: 'FILE: message' (a YAML error may start with its line number)
            hits = lines
        assert any(fragment in ln for ln in hits), f"no line names {path or 'the file'} with {fragment!r}:\n{stderr}"
    leaked = stderr.replace(entry["echo"], "") if entry.get("echo") else stderr
    assert "PRIVATE-" not in leaked, f"an error line echoes personal data from another field:\n{stderr}"


# ---------------------------------------------------------------- validate, as a user runs it


@pytest.fixture(scope="module")
def validate_runs(tmp_path_factory) -> dict[str, tuple[Run, Path, dict, dict]]:
    """Run ``claimgen validate`` on every corpus file (one limited child); keep results and snapshots."""
    root = tmp_path_factory.mktemp("corpus-validate")
    cases = [stage(entry, root) for entry in INDEX]
    before = [snapshot(case.parent) for case in cases]
    runs = run_limited_batch([(case.parent, ["validate", case.name]) for case in cases])
    return {entry["file"]: (run, case, snap, snapshot(case.parent))
            for entry, case, snap, run in zip(INDEX, cases, before, runs)}


def test_corpus_is_big_enough():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".yaml", ".bin") and p.name != "index.yaml"}
    assert len(INDEX) >= 30
    assert files == {e["file"] for e in INDEX}, "index.yaml and the corpus files disagree"
    for p in CORPUS.iterdir():
        assert p.stat().st_size < 64 * 1024, f"{p.name} is big; generate huge inputs at test time"


@pytest.mark.parametrize("entry", INDEX, ids=[e["file"] for e in INDEX])
def test_validate_refuses(entry, validate_runs):
    run, case, before, after = validate_runs[entry["file"]]
    assert_refused(run.returncode, run.stderr, case.name, entry)
    assert run.stdout == ""
    assert after == before, "validate changed the case folder"
    assert run.maxrss_kb < MAX_RSS_KB, f"peak RSS {run.maxrss_kb} KB"


# ---------------------------------------------------------------- build (same CLI code, in-process)


def _fake_previous_packet(outdir: Path) -> None:
    outdir.mkdir()
    (outdir / "old.txt").write_text("the previous packet\n")
    (outdir / "manifest.json").write_text(json.dumps({"claimgen": "0.1.0", "as_of": AS_OF, "files": [
        {"path": "old.txt", "kind": "note", "sha256": "0" * 64}]}))


@pytest.mark.parametrize("entry", INDEX, ids=[e["file"] for e in INDEX])
def test_build_refuses_and_writes_nothing(entry, tmp_path, monkeypatch, capsys):
    from claimgen.cli import main

    case = stage(entry, tmp_path)
    monkeypatch.chdir(case.parent)
    monkeypatch.delenv("CLAIMGEN_DEBUG", raising=False)
    before = snapshot(tmp_path)

    status = main(["build", case.name, "-o", "packet", "--as-of", AS_OF])
    captured = capsys.readouterr()
    assert_refused(status, captured.err, case.name, entry)
    assert captured.out == ""
    assert snapshot(tmp_path) == before, "build wrote something"

    # A previous packet in OUTDIR survives, byte for byte.
    _fake_previous_packet(case.parent / "old-packet")
    before = snapshot(tmp_path)
    status = main(["build", case.name, "-o", "old-packet", "--as-of", AS_OF])
    assert status == 2
    capsys.readouterr()
    assert snapshot(tmp_path) == before, "build changed a previous packet"
    assert not (tmp_path / "PWNED").exists() and not (case.parent / "PWNED").exists()


# ---------------------------------------------------------------- huge inputs, generated here


def _base() -> str:
    sys.path.insert(0, str(CORPUS))
    try:
        import make_corpus
    finally:
        sys.path.remove(str(CORPUS))
    return make_corpus.BASE


def _huge_narrative(path: Path, megabytes: int) -> None:
    head, tail = _base().split("    PRIVATE-NARRATIVE", 1)
    line = "    PRIVATE-NARRATIVE the officers broke the door and the family was frightened.\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        block = line * 1000
        for _ in range(megabytes * 1024 * 1024 // len(block) + 1):
            fh.write(block)
        fh.write("    end\n" + tail.split("\n", 1)[1])


GENERATED = {
    "huge-narrative-50mb.yaml": (lambda p: _huge_narrative(p, 50), {"path": "", "message": "the limit is 10 MB"}),
    "deep-flow-100k.yaml": (
        lambda p: p.write_text(_base().replace("conduct: [excessive_force]", "conduct: " + "[" * 100_000 + "]" * 100_000)),
        {"path": "", "message": "nesting"},
    ),
    "deep-mapping-5k.yaml": (
        lambda p: p.write_text(_base() + "notes: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"),
        {"path": "", "message": "nesting"},
    ),
    "alias-bomb-deep.yaml": (
        lambda p: p.write_text(
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 30))
            + _base().replace("claimgen: 1\n", "claimgen: 1\nincident_copy: *a29\n")
        ),
        {"path": "", "message": "aliases"},
    ),
    "long-key-2mb.yaml": (
        lambda p: p.write_text(_base() + "k" * (2 * 1024 * 1024) + ": [unclosed\n"),
        {"path": "", "message": "YAML error"},
    ),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_huge_input(name, tmp_path):
    make, entry = GENERATED[name]
    entry = {"file": name, **entry}
    case = tmp_path / name
    make(case)
    original = case.read_bytes()
    for args in (["validate", name], ["build", name, "-o", "packet", "--as-of", AS_OF]):
        run = run_limited(*args, cwd=tmp_path)
        assert_refused(run.returncode, run.stderr, name, entry)
        assert run.maxrss_kb < MAX_RSS_KB, f"{args[0]}: peak RSS {run.maxrss_kb} KB"
        assert sorted(p.name for p in tmp_path.iterdir()) == [name], "something was written"
        assert case.read_bytes() == original


def test_libyaml_and_pure_python_loaders_agree():
    """The fast (libyaml events) loader refuses exactly what the pure-Python one refuses, and reads the same data."""
    from claimgen import caseio
    from claimgen.errors import CaseError

    loaders = [caseio._CaseLoader] + ([caseio._FastCaseLoader] if caseio._FastCaseLoader else [])
    files = [CORPUS / e["file"] for e in INDEX] + sorted((ROOT / "claimgen" / "examples").glob("*/case.yaml"))
    compared = 0
    for path in files:
        try:
            text = caseio.read_text(path)
        except CaseError:
            continue  # refused before any YAML is parsed
        outcomes = []
        for loader in loaders:
            try:
                outcomes.append(("data", caseio.parse_yaml(text, path.name, loader)))
            except CaseError as exc:
                line = exc.lines()[0]
                kind = next((k for k in ("alias", "nesting", "duplicate key", "tag is not allowed", "plain value", "character U+") if k in line), "syntax")
                outcomes.append(("refused", kind))
        assert all(o == outcomes[0] for o in outcomes), f"{path.name}: {outcomes}"
        compared += 1
    assert compared > 60


def test_large_legal_narrative_builds_in_bounded_memory(tmp_path):
    """A 1 MB narrative is allowed (the limit is the 10 MB file): it builds, within the same memory fence."""
    from helpers import EXAMPLES, verify_packet

    shutil.copytree(EXAMPLES / "minneapolis-home-entry" / "evidence", tmp_path / "evidence")
    head, tail = _base().split("    PRIVATE-NARRATIVE", 1)
    line = "    The officers broke the door; Ana was pushed to the ground and her arm was bruised.\n"
    (tmp_path / "case.yaml").write_text(head + line * (1_000_000 // len(line)) + "    end\n" + tail.split("\n", 1)[1], encoding="utf-8")
    run = run_limited("build", "case.yaml", "-o", "packet", "--as-of", AS_OF, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    manifest = verify_packet(tmp_path / "packet")
    assert any(f["kind"] == "sf95" for f in manifest["files"])
    assert run.maxrss_kb < MAX_RSS_KB, f"peak RSS {run.maxrss_kb} KB"
