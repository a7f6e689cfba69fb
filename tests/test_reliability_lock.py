"""Reliability (docs/reliability.md): one lock for every writer of a case file; symlinks written through.

Reproduction of the lost update: two `evidence add` on one case at once both said
"registered" and one file was missing from the case file (24 of 30 runs).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml

from claimgen import caseio
from claimgen.errors import CaseError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "claimgen" / "examples" / "minneapolis-home-entry"


@pytest.fixture
def case(tmp_path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    return folder / "case.yaml"


SMALL_CASE = """\
claimgen: 1
incident:
  date: 2025-06-14
  state: MN
  agencies: [ICE]
  narrative: Officers entered the home.
claimants:
  - id: c1
    name: Ana López
    damages: {personal_injury: 1000}
"""


def _ids(case: Path) -> list[str]:
    return [e["id"] for e in yaml.safe_load(case.read_text(encoding="utf-8"))["evidence"]]


def _paths(case: Path) -> list[str]:
    return [e["path"] for e in yaml.safe_load(case.read_text(encoding="utf-8"))["evidence"]]


def _add(case: str, file: str, start: float) -> None:
    from claimgen.evidence.intake import add_files

    time.sleep(max(0.0, start - time.time() - 0.005))  # both writers start at the same instant:
    while time.time() < start:  # sleep until just before it, then watch the clock
        pass
    add_files(case, [file], by="test", progress=False)


def test_two_concurrent_evidence_adds_lose_nothing_30_times(tmp_path):
    ctx = multiprocessing.get_context("fork")
    folder = tmp_path
    case = folder / "case.yaml"
    case.write_text(SMALL_CASE, encoding="utf-8")
    (folder / "warm.txt").write_text("loads the libraries once, before the forks\n")
    _add(str(case), str(folder / "warm.txt"), 0)
    before = len(_ids(case))
    for i in range(30):
        a, b = folder / f"a{i}.txt", folder / f"b{i}.txt"
        a.write_text(f"first writer {i}\n")
        b.write_text(f"second writer {i}\n")
        start = time.time() + 0.05
        procs = [ctx.Process(target=_add, args=(str(case), str(f), start)) for f in (a, b)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
            assert p.exitcode == 0
        paths = _paths(case)
        assert f"a{i}.txt" in paths and f"b{i}.txt" in paths, (
            f"run {i}: a registered file is missing from the case file"
        )
    ids = _ids(case)
    assert len(ids) == before + 60 and len(set(ids)) == len(ids), "every file registered once, under its own id"
    assert not (folder / ".case.yaml.lock").exists(), "the lock file is removed by its last holder"


def _hold(case: str, seconds: float, ready, release=None) -> None:
    """Hold the case's lock for ``seconds``, or until ``release`` is set when one is given."""
    with caseio.locked_case(case):
        ready.set()
        if release is None:
            time.sleep(seconds)
        else:
            release.wait(seconds)


def test_a_second_writer_waits_then_names_the_holder(case):
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(str(case), 30.0, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        t0 = time.monotonic()
        with pytest.raises(CaseError) as info:
            with caseio.locked_case(case, wait=0.5):
                pass
        waited = time.monotonic() - t0
        assert waited >= 0.45
        [line] = info.value.lines()
        assert f"pid {holder.pid}" in line and "is being changed by" in line and "try again" in line
    finally:
        release.set()
        holder.join(10)
    with caseio.locked_case(case, wait=0.5):  # free again once the holder is gone
        pass


def test_a_waiting_writer_gets_the_lock_when_the_holder_finishes(case):
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold, args=(str(case), 0.5, ready))
    holder.start()
    assert ready.wait(10)
    caseio.update_case(case, lambda tree: tree.__setitem__("title", "after the wait"))
    holder.join(10)
    assert yaml.safe_load(case.read_text(encoding="utf-8"))["title"] == "after the wait"


def test_threads_of_one_process_take_turns(case):
    """`serve` answers requests on threads: they must not interleave either."""
    errors: list[BaseException] = []

    def note(i: int) -> None:
        try:
            caseio.update_case(case, lambda tree: tree.__setitem__(f"x_thread_{i}", i))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=note, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    assert all(data[f"x_thread_{i}"] == i for i in range(8))


def test_the_lock_is_reentrant_and_update_inside_it_works(case):
    with caseio.locked_case(case) as target:
        assert target == case.resolve()
        caseio.update_case(case, lambda tree: tree.__setitem__("title", "inside"))
    assert yaml.safe_load(case.read_text(encoding="utf-8"))["title"] == "inside"


def test_save_case_refuses_to_undo_another_writers_change(case):
    base = case.read_text(encoding="utf-8")
    tree = caseio.load_for_update(case).tree
    caseio.update_case(case, lambda t: t.__setitem__("title", "by evidence add meanwhile"))
    tree["title"] = "by the interview"
    with pytest.raises(CaseError) as info:
        caseio.save_case(case, tree, base=base)
    assert "changed by another program" in info.value.lines()[0]
    assert yaml.safe_load(case.read_text(encoding="utf-8"))["title"] == "by evidence add meanwhile"
    now = case.read_text(encoding="utf-8")
    written = caseio.save_case(case, tree, base=now)
    assert case.read_text(encoding="utf-8") == written


def test_a_symlinked_case_file_is_written_through_to_its_target(case, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(case)
    (case.parent / "new.txt").write_text("new exhibit\n")
    from claimgen.evidence.intake import add_files

    add_files(link, [case.parent / "new.txt"], by="test", progress=False)
    assert link.is_symlink() and os.readlink(link) == str(case)
    assert "case/new.txt" in _paths(case)  # relative to the case file as named, as every reader resolves it
    assert not list(tmp_path.glob(".link.yaml*")), "no lock or temp file beside the link"


def test_crlf_case_file_keeps_one_line_ending(case):
    text = case.read_text(encoding="utf-8")
    case.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    caseio.update_case(case, lambda tree: tree.__setitem__("title", "saved once"))
    raw = case.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n"), "every line ends CRLF, as before"
    assert yaml.safe_load(raw.decode("utf-8"))["title"] == "saved once"
    lf = case.parent / "lf.yaml"
    lf.write_text(text, encoding="utf-8")
    caseio.update_case(lf, lambda tree: tree.__setitem__("title", "lf"))
    assert b"\r" not in lf.read_bytes()
