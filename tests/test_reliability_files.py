"""Reliability (docs/reliability.md): special files, edited packets, symlinked outputs, no litter.

FIFOs are made in a temp folder and every command on them runs under a timeout (a
hang fails the test, it does not hang the suite). Device nodes are private ones made with
``os.mknod`` in a temp folder (root only), never the real /dev/null.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from claimgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "claimgen" / "examples" / "minneapolis-home-entry"
AS_OF = "2026-11-22"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def run_child(*argv: object, timeout: float = 30) -> subprocess.CompletedProcess:
    """A separate process with a timeout: for inputs that used to hang (a FIFO with no writer)."""
    env = {k: v for k, v in os.environ.items() if k != "CLAIMGEN_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "claimgen", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture
def case(tmp_path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "case")
    return tmp_path / "case" / "case.yaml"


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def private_device(folder: Path, name: str, major: int, minor: int) -> Path:
    if not IS_ROOT:
        pytest.skip("making a device node needs root")
    path = folder / name
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(major, minor))
    return path


# ---------------------------------------------------------------- FIFOs and devices as inputs


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{fifo}"],
        ["check", "{fifo}"],
        ["evidence", "log", "{fifo}", "E-001", "--action", "copied", "--by", "me"],
        ["evidence", "add", "{fifo}", "{case}"],
        ["interview", "{tmp}/new.yaml", "--answers", "{fifo}"],
        ["build", "{case}", "-o", "{tmp}/packet", "--official-sf95", "{fifo}"],
        ["check", "{case}", "--ics", "{fifo}"],
    ],
)
def test_a_fifo_with_no_writer_is_refused_not_waited_on(argv, fifo, case, tmp_path):
    args = [a.format(fifo=fifo, case=case, tmp=tmp_path) for a in argv]
    done = run_child(*args)
    assert done.returncode == 2, done.stderr
    assert "named pipe (FIFO)" in done.stderr and "Traceback" not in done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO is still a FIFO"
    assert not (tmp_path / "packet").exists() and not (tmp_path / "new.yaml").exists()


def test_check_ics_never_replaces_a_device(case, tmp_path):
    null = private_device(tmp_path, "null", 1, 3)
    code, _out, err = run("check", case, "--as-of", AS_OF, "--ics", null)
    assert code == 2 and "is a device" in err
    assert stat.S_ISCHR(os.lstat(null).st_mode), "the device node is still a device"


def test_a_device_that_never_ends_is_not_read_as_a_case(tmp_path):
    zero = private_device(tmp_path, "zero", 1, 5)
    done = run_child("validate", zero)
    assert done.returncode == 2 and "is a device" in done.stderr


def test_a_large_case_file_is_refused_by_its_bytes(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(11 * 1024 * 1024)  # sparse: the size the reader counts, not a long write
    code, _out, err = run("validate", big)
    assert code == 2 and "the limit is 10 MB" in err


def test_ics_empty_name_is_a_usage_error(case):
    code, _out, err = run("check", case, "--ics", "")
    assert code == 2 and "--ics" in err and "empty name" in err


# ---------------------------------------------------------------- a rebuild never destroys edits


def _build(case: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run("build", case, "-o", out, "--as-of", AS_OF, *extra)


def test_rebuild_refuses_when_a_packet_file_was_edited(case, tmp_path):
    out = tmp_path / "packet"
    assert _build(case, out)[0] == 0
    memo = out / "cover-memo.docx"
    memo.write_bytes(memo.read_bytes() + b"corrected in Word")
    signed = out / "sf95-c1.pdf"
    signed.write_bytes(b"%PDF-1.7 signed copy")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    code, _out, err = _build(case, out)
    assert code == 2
    assert "cover-memo.docx" in err and "sf95-c1.pdf" in err and "--overwrite-edited" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "nothing changed"


def test_overwrite_edited_moves_the_edits_aside(case, tmp_path):
    out = tmp_path / "packet"
    assert _build(case, out)[0] == 0
    memo = out / "cover-memo.docx"
    edited = memo.read_bytes() + b"corrected in Word"
    memo.write_bytes(edited)
    code, _out, err = _build(case, out, "--overwrite-edited")
    assert code == 0, err
    [kept] = list(tmp_path.glob("packet.edited-*"))
    assert (kept / "cover-memo.docx").read_bytes() == edited
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    import hashlib

    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert _build(case, out)[0] == 0, "an unedited packet is replaced without a word"


def test_overwrite_edited_is_a_build_option():
    from claimgen.cli import build_parser
    from claimgen.commands.build import build_options

    args = build_parser().parse_args(["build", "c.yaml", "-o", "out", "--overwrite-edited"])
    options = build_options(args)
    value = options["overwrite_edited"] if isinstance(options, dict) else options.overwrite_edited
    assert value is True


# ---------------------------------------------------------------- symlinks, empty folders


def test_output_through_a_symlink_to_a_folder_writes_into_the_folder(case, tmp_path):
    real = tmp_path / "real-packets"
    link = tmp_path / "packet-link"
    assert _build(case, real)[0] == 0
    link.symlink_to(real, target_is_directory=True)
    code, _out, err = _build(case, link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real / "manifest.json").is_file()
    assert not [p.name for p in tmp_path.iterdir() if ".new-" in p.name or ".old-" in p.name]


def test_ics_through_a_symlink_replaces_the_target(case, tmp_path):
    target = tmp_path / "calendars" / "deadlines.ics"
    target.parent.mkdir()
    target.write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    link = tmp_path / "link.ics"
    link.symlink_to(target)
    code, _out, err = run("check", case, "--as-of", AS_OF, "--ics", link)
    assert code == 0, err
    assert link.is_symlink() and "DTSTART" in target.read_text(encoding="utf-8")


def test_exit_2_leaves_no_new_empty_folders(case, tmp_path):
    bad = case.parent / "bad.yaml"
    bad.write_text("claimgen: 1\n", encoding="utf-8")
    code, _out, _err = run("build", bad, "-o", tmp_path / "a" / "b" / "packet", "--as-of", AS_OF)
    assert code == 2 and not (tmp_path / "a").exists()
    code, _out, _err = run(
        "build",
        case,
        "-o",
        tmp_path / "c" / "d" / "packet",
        "--as-of",
        AS_OF,
        "--official-sf95",
        tmp_path / "missing.pdf",
    )
    assert code == 2 and not (tmp_path / "c").exists()


def test_a_newline_in_a_path_is_shown_escaped(tmp_path):
    odd = tmp_path / "two\nlines.yaml"
    code, _out, err = run("validate", odd)
    assert code == 2
    assert "two\\nlines.yaml" in err and len(err.strip().splitlines()) == 1
