"""``claimgen build``: validate first, render into a private staging folder, swap the whole
packet into OUTDIR. A refused or failed build changes nothing on disk and leaves no
staging folder; a good one writes exactly the files its manifest names (docs/commands.md, the manifest).

Real builds run as subprocesses. The failure cases swap the renderer registry for small
fake renderers in this process (``claimgen.packet.RENDERERS``) and call the CLI's
``main(argv)``, so a renderer can be made to fail at a chosen point.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import types

import pytest
import yaml

from claimgen import packet
from claimgen.cli import main
from claimgen.errors import CaseError, Problem
from helpers import AS_OF, ROOT, copy_example, run_cli, snapshot, verify_packet

CONTRACT_KINDS = {"sf95", "sf95_official", "evidence_log", "evidence_log_csv", "evidence_sha256sums", "cover_memo",
                  "transmittal_letter", "deadlines_ics"}


def _siblings(outdir) -> list[str]:
    """Staging or set-aside folders left beside OUTDIR."""
    return sorted(p.name for p in outdir.parent.iterdir() if p.name.startswith(f".{outdir.name}."))


def _modes(root) -> tuple[set[int], set[int]]:
    files = {stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*") if p.is_file()}
    dirs = {stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")] if p.is_dir()}
    return files, dirs


def test_build_under_umask_000_writes_a_private_packet_as_the_manifest_says(demo_case, tmp_path):
    outdir = tmp_path / "new" / "nested" / "packet"
    done = subprocess.run(
        [sys.executable, "-m", "claimgen", "build", str(demo_case), "-o", str(outdir), "--as-of", AS_OF],
        cwd=tmp_path, capture_output=True, text=True, preexec_fn=lambda: os.umask(0),
        env={k: v for k, v in os.environ.items() if k != "CLAIMGEN_DEBUG"},
    )
    assert done.returncode == 0, done.stderr
    manifest = verify_packet(outdir)  # exactly the named files, each matching its sha256
    assert manifest["claimgen"] == "0.1.0" and manifest["as_of"] == AS_OF
    assert [f["path"] for f in manifest["files"]] == sorted(f["path"] for f in manifest["files"])
    for f in manifest["files"]:
        assert set(f) >= {"path", "kind", "sha256"} and len(f["sha256"]) == 64
        assert not os.path.isabs(f["path"]) and ".." not in f["path"].split("/")
    kinds = {f["kind"] for f in manifest["files"]}
    assert kinds & CONTRACT_KINDS, kinds
    sf95 = sorted(f["claimant"] for f in manifest["files"] if f["kind"] == "sf95")
    assert sf95 in ([], ["c1", "c2", "c3"])  # one per claimant once the SF-95 renderer is registered
    # every file 0600, every folder 0700 — including the parents build created
    assert _modes(outdir) == ({0o600}, {0o700})
    for parent in (tmp_path / "new", tmp_path / "new" / "nested"):
        assert stat.S_IMODE(parent.stat().st_mode) == 0o700
    assert _siblings(outdir) == []
    # what the user sees: where the packet is and what is in it
    assert f"Packet written to {outdir}/ (as of {AS_OF}):" in done.stdout
    for f in manifest["files"]:
        assert f["path"] in done.stdout
    assert "draft for a lawyer's review" in done.stdout


def test_invalid_case_writes_nothing_and_keeps_the_old_packet(demo_case, tmp_path):
    outdir = tmp_path / "packet"
    assert run_cli("build", demo_case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path).returncode == 0
    data = yaml.safe_load(demo_case.read_text(encoding="utf-8"))
    data["claimants"][0]["damages"]["personal_injury"] = -1
    demo_case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = snapshot(tmp_path)
    done = run_cli("build", demo_case, "-o", outdir, "--as-of", "2026-12-01", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"{demo_case}: claimants[0].damages.personal_injury: must not be negative"]
    assert done.stdout == ""
    assert snapshot(tmp_path) == before
    # and with no packet yet, OUTDIR is not even created
    done = run_cli("build", demo_case, "-o", tmp_path / "fresh" / "packet", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2 and not (tmp_path / "fresh").exists()


@pytest.mark.parametrize("files", [
    {"letter.docx": b"my own letter"},
    # a manifest.json that is not claimgen's does not make the folder a packet
    {"manifest.json": b'{"name": "my app", "icons": []}', "index.html": b"<p>mine</p>"},
], ids=["my-documents", "web-app"])
def test_build_refuses_a_folder_that_is_not_a_packet(demo_case, tmp_path, files):
    mine = tmp_path / "my-documents"
    mine.mkdir()
    for name, data in files.items():
        (mine / name).write_bytes(data)
    before = snapshot(tmp_path)
    done = run_cli("build", demo_case, "-o", mine, "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"{mine}: is a folder that is not a claimgen packet and not empty; choose a new "
                                        "or empty folder (claimgen replaces the whole folder)"]
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("inside", ["case file", "exhibit"])
def test_build_refuses_a_packet_folder_that_holds_its_own_inputs(inside, demo_case, tmp_path):
    """The swap replaces the whole folder: a case file or exhibit kept inside it would be deleted."""
    outdir = tmp_path / "packet"
    assert run_cli("build", demo_case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path).returncode == 0
    if inside == "case file":
        for item in (demo_case, *demo_case.parent.joinpath("evidence").iterdir()):
            target = outdir / item.relative_to(demo_case.parent)
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(item.read_bytes())
        case = outdir / "case.yaml"
    else:
        case = demo_case
        (demo_case.parent / "evidence").rename(outdir / "evidence")
        text = demo_case.read_text(encoding="utf-8").replace("path: evidence/", "path: ../packet/evidence/")
        demo_case.write_text(text, encoding="utf-8")
    before = snapshot(tmp_path)
    done = run_cli("build", case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{outdir}: holds " in done.stderr and "choose another one" in done.stderr
    assert snapshot(tmp_path) == before


def test_an_outdir_that_cannot_be_created_is_a_usage_problem(demo_case, tmp_path):
    outdir = demo_case / "packet"  # below a file
    done = run_cli("build", demo_case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"{outdir}: cannot write the packet here: Not a directory"]


# ---------------------------------------------------------------- failures inside a build


def _fake_renderer(monkeypatch, name: str, render) -> str:
    module = types.ModuleType(name)
    module.render = render
    monkeypatch.setitem(sys.modules, name, module)
    return name


@pytest.fixture
def fake_renderers(monkeypatch):
    """Replace the registry: ``use(*renderers)`` sets which (fake) renderers the next build runs."""

    def first(ctx):
        ctx.write("first.txt", f"first, as of {ctx.as_of}\n".encode(), "note")

    def second(ctx):
        ctx.write("sub/second.txt", b"second\n", "note", claimant="c1")

    def boom(ctx):
        ctx.write("boom-partial.txt", b"half a packet\n", "note")
        raise RuntimeError("renderer bug")

    def refuse(ctx):
        raise CaseError(str(ctx.case_path), [Problem("claimants[0].name", "has a glyph the font lacks")])

    def interrupted(ctx):
        raise KeyboardInterrupt

    names = {key: _fake_renderer(monkeypatch, f"claimgen_test_fake_{key}", fn)
             for key, fn in {"first": first, "second": second, "boom": boom, "refuse": refuse,
                             "interrupted": interrupted}.items()}

    def use(*keys):
        monkeypatch.setattr(packet, "RENDERERS", [names[k] for k in keys])

    return use


def _build(case, outdir, as_of=AS_OF) -> int:
    return main(["build", str(case), "-o", str(outdir), "--as-of", as_of])


def test_fake_renderers_build_a_packet(fake_renderers, demo_case, tmp_path, capsys):
    fake_renderers("first", "second")
    outdir = tmp_path / "packet"
    assert _build(demo_case, outdir) == 0
    manifest = verify_packet(outdir)
    assert manifest["files"][0] == {"path": "first.txt", "kind": "note", "sha256": manifest["files"][0]["sha256"]}
    assert manifest["files"][1]["claimant"] == "c1"
    assert (outdir / "first.txt").read_text() == f"first, as of {AS_OF}\n"


@pytest.mark.parametrize("failure, status", [("boom", 3), ("refuse", 2), ("interrupted", 130)])
def test_failed_build_leaves_the_previous_packet_and_no_staging(failure, status, fake_renderers, demo_case, tmp_path, capsys):
    outdir = tmp_path / "packet"
    fake_renderers("first", "second")
    assert _build(demo_case, outdir) == 0
    before = snapshot(tmp_path)
    capsys.readouterr()

    fake_renderers("first", failure, "second")
    assert _build(demo_case, outdir, "2026-12-24") == status
    err = capsys.readouterr().err
    assert snapshot(tmp_path) == before  # old packet byte-identical, no half packet, no staging folder
    assert _siblings(outdir) == []
    assert "Traceback" not in err
    if failure == "refuse":
        assert err.splitlines() == [f"{demo_case}: claimants[0].name: has a glyph the font lacks"]
    if failure == "boom":
        assert "internal error: RuntimeError" in err and "renderer bug" not in err


def test_a_failed_first_build_creates_no_outdir(fake_renderers, demo_case, tmp_path, capsys):
    fake_renderers("first", "boom")
    outdir = tmp_path / "packet"
    assert _build(demo_case, outdir) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [demo_case.parent.name]


def test_a_rebuild_replaces_the_whole_packet(fake_renderers, demo_case, tmp_path, capsys):
    outdir = tmp_path / "packet"
    fake_renderers("first", "second")
    assert _build(demo_case, outdir) == 0
    fake_renderers("first")
    assert _build(demo_case, outdir, "2026-12-24") == 0
    manifest = verify_packet(outdir)  # sub/second.txt is gone with the old packet
    assert manifest["as_of"] == "2026-12-24"
    assert not (outdir / "sub").exists()
    assert json.loads((outdir / "manifest.json").read_text())["files"][0]["path"] == "first.txt"
    assert _siblings(outdir) == []


def test_demo_builds_the_bundled_example_and_says_where(tmp_path):
    outdir = tmp_path / "demo-packet"
    done = run_cli("demo", "-o", outdir, "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    manifest = verify_packet(outdir)
    assert f"Packet written to {outdir}/ (as of {AS_OF}):" in done.stdout
    assert f"Open {outdir.resolve()} to read the packet." in done.stdout
    assert "minneapolis-home-entry" in done.stdout
    assert len(manifest["files"]) >= 1
    # the bundled example itself is never written to
    assert not any(p.name.startswith(".") for p in (ROOT / "claimgen" / "examples" / "minneapolis-home-entry").iterdir())


def test_demo_default_outdir_is_claimgen_demo_in_the_working_folder(tmp_path):
    done = run_cli("demo", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    verify_packet(tmp_path / "claimgen-demo")
    assert f"Open {(tmp_path / 'claimgen-demo').resolve()}" in done.stdout


def test_build_does_not_touch_the_case_folder(tmp_path):
    case = copy_example("minneapolis-home-entry", tmp_path / "cases")
    before = snapshot(case.parent)
    assert run_cli("build", case, "-o", tmp_path / "packet", "--as-of", AS_OF, cwd=tmp_path).returncode == 0
    assert snapshot(case.parent) == before


def test_leftovers_of_a_killed_build_are_cleared_even_with_glob_characters_in_the_name(fake_renderers, demo_case, tmp_path, capsys):
    outdir = tmp_path / "packet [draft]"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".{outdir.name}.new-{dead}-x1y2"  # the staging folder of a build that was killed
    stale.mkdir()
    (stale / "half.txt").write_text("half a packet\n")
    fake_renderers("first")
    assert _build(demo_case, outdir) == 0
    assert _siblings(outdir) == []
    verify_packet(outdir)


def test_a_packet_set_aside_by_a_killed_swap_is_put_back(fake_renderers, demo_case, tmp_path, capsys):
    """Killed between the two renames of the fallback swap: the old packet waits beside OUTDIR."""
    outdir = tmp_path / "packet [v2]"
    fake_renderers("first", "second")
    assert _build(demo_case, outdir) == 0
    before = snapshot(outdir)
    outdir.rename(tmp_path / f".{outdir.name}.old-k1ll3d")
    fake_renderers("boom")  # the next build fails, but first puts the old packet back
    assert _build(demo_case, outdir, "2026-12-24") == 3
    assert snapshot(outdir) == before
    assert _siblings(outdir) == []


def test_a_rebuild_never_deletes_a_file_someone_saved_into_the_packet(demo_case, tmp_path):
    """The swap deletes the old folder whole: a note or a signed copy saved into it would be lost silently."""
    outdir = tmp_path / "packet"
    assert run_cli("build", demo_case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path).returncode == 0
    (outdir / "lawyer-notes.txt").write_text("call the client on Monday\n", encoding="utf-8")
    (outdir / "signed").mkdir()
    (outdir / "signed" / "sf95-c1-signed.pdf").write_bytes(b"%PDF-1.4 signed copy")
    before = snapshot(tmp_path)
    done = run_cli("build", demo_case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f"{outdir}: is an earlier claimgen packet that now also holds files claimgen did not write "
        "(lawyer-notes.txt, signed/); claimgen replaces the whole folder, so move them out or choose another folder"]
    assert done.stdout == ""
    assert snapshot(tmp_path) == before and _siblings(outdir) == []
    # moved out (file-browser litter such as .DS_Store does not count): the rebuild goes ahead
    (outdir / "lawyer-notes.txt").unlink()
    shutil.rmtree(outdir / "signed")
    (outdir / ".DS_Store").write_bytes(b"\0")
    assert run_cli("build", demo_case, "-o", outdir, "--as-of", AS_OF, cwd=tmp_path).returncode == 0
    verify_packet(outdir)


