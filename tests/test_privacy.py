"""Privacy: private files, no network, no personal data in errors, nothing left behind.

Every command runs as a real subprocess with umask 000 (the most permissive), a
``sitecustomize`` on PYTHONPATH that refuses and records any IPv4/IPv6 socket use
or name lookup, and HOME, TMPDIR and XDG_CACHE_HOME pointing at empty folders
that must stay empty. Files claimgen writes must be 0600 and folders 0700.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from helpers import AS_OF, ROOT, copy_example, snapshot, verify_packet

COMMANDS = ROOT / "claimgen" / "commands"

_GUARD = textwrap.dedent(
    """
    # Installed by tests/test_privacy.py: claimgen must never touch the network.
    import os, socket

    _LOG = os.environ.get("CLAIMGEN_TEST_NET_LOG")
    _INET = (socket.AF_INET, socket.AF_INET6)

    def _record(what, detail):
        if _LOG:
            with open(_LOG, "a", encoding="utf-8") as fh:
                fh.write(f"{what} {detail!r}\\n")
        raise OSError(f"network use refused by the test guard: {what}")

    _connect, _connect_ex, _sendto, _bind = (socket.socket.connect, socket.socket.connect_ex,
                                             socket.socket.sendto, socket.socket.bind)

    def _guard(real, what):
        def method(self, *args):
            if self.family in _INET:
                _record(what, args[-1:])
            return real(self, *args)
        return method

    socket.socket.connect = _guard(_connect, "connect")
    socket.socket.connect_ex = _guard(_connect_ex, "connect_ex")
    socket.socket.sendto = _guard(_sendto, "sendto")
    socket.socket.bind = _guard(_bind, "bind")
    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "create_connection"):
        setattr(socket, _name, (lambda n: (lambda *a, **k: _record(n, a[:1])))(_name))
    """
)


@pytest.fixture
def sandbox(tmp_path):
    """Environment for a guarded run: network guard, umask 000, empty HOME/TMPDIR/cache."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(_GUARD)
    scratch = {name: tmp_path / name for name in ("home", "tmp", "cache")}
    for p in scratch.values():
        p.mkdir()
    log = tmp_path / "network.log"
    env = dict(os.environ)
    env.pop("CLAIMGEN_DEBUG", None)
    env.update(
        PYTHONPATH=os.pathsep.join([str(guard), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        CLAIMGEN_TEST_NET_LOG=str(log),
        HOME=str(scratch["home"]),
        TMPDIR=str(scratch["tmp"]),
        XDG_CACHE_HOME=str(scratch["cache"]),
    )

    def run(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:  # noqa: A002
        shim = "import os, runpy, sys; os.umask(0); sys.argv = ['claimgen'] + sys.argv[1:]; runpy.run_module('claimgen', run_name='__main__', alter_sys=True)"
        return subprocess.run(
            [sys.executable, "-c", shim, *map(str, args)],
            cwd=cwd,
            env=env,
            input=input,
            capture_output=True,
            text=True,
            timeout=120,
        )

    run.log = log
    run.scratch = scratch
    yield run
    assert not log.exists(), f"a network socket was used:\n{log.read_text()}"
    for name, p in scratch.items():
        assert list(p.iterdir()) == [], f"claimgen left files in {name}: {sorted(x.name for x in p.rglob('*'))}"


def assert_private(root: Path) -> None:
    """``root`` and everything under it: folders 0700, files 0600."""
    root = Path(root)
    paths = [root, *root.rglob("*")] if root.is_dir() else [root]
    for p in paths:
        mode = stat.S_IMODE(p.lstat().st_mode)
        want = 0o700 if p.is_dir() else 0o600
        assert mode == want, f"{p} is {oct(mode)}, not {oct(want)}"


def _has_command(name: str) -> bool:
    return (COMMANDS / f"{name}.py").exists()


def test_guard_catches_network_use(sandbox, tmp_path):
    """The guard itself works (else every test below would pass for nothing)."""
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "guard"), "CLAIMGEN_TEST_NET_LOG": str(tmp_path / "probe.log")}
    probe = (
        "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError:\n    pass\n"
    )
    probe += "try:\n    socket.socket().connect(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=60)
    logged = (tmp_path / "probe.log").read_text()
    assert "create_connection" in logged and "connect" in logged


def test_build_and_demo_private_offline_under_umask_000(sandbox, tmp_path):
    case = copy_example("minneapolis-home-entry", tmp_path / "work")
    os.chmod(case, 0o644)
    before = snapshot(case.parent)
    done = sandbox("build", case, "-o", tmp_path / "new" / "deep" / "packet", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    verify_packet(tmp_path / "new" / "deep" / "packet")
    assert_private(tmp_path / "new")  # folders claimgen created on the way are private too
    assert snapshot(case.parent) == before, "build changed the case folder"

    # Rebuild over the previous packet: still private.
    done = sandbox("build", case, "-o", tmp_path / "new" / "deep" / "packet", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert_private(tmp_path / "new")

    done = sandbox("demo", "-o", "demo-packet", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    verify_packet(tmp_path / "demo-packet")
    assert_private(tmp_path / "demo-packet")


def test_validate_writes_nothing(sandbox, tmp_path):
    case = copy_example("minneapolis-home-entry", tmp_path / "work")
    before = snapshot(tmp_path / "work")
    done = sandbox("validate", case, cwd=tmp_path / "work")
    assert done.returncode == 0, done.stderr
    assert snapshot(tmp_path / "work") == before


def test_check_ics_private(sandbox, tmp_path):
    if not _has_command("check"):
        pytest.skip("claimgen check has not landed yet")
    case = copy_example("minneapolis-home-entry", tmp_path / "work")
    done = sandbox(
        "check", case, "--as-of", AS_OF, "--format", "json", "--ics", tmp_path / "cal" / "deadlines.ics", cwd=tmp_path
    )
    assert done.returncode in (0, 1), done.stderr
    assert (tmp_path / "cal" / "deadlines.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert_private(tmp_path / "cal")


def test_evidence_add_and_log_keep_case_private(sandbox, tmp_path):
    if not _has_command("evidence"):
        pytest.skip("claimgen evidence has not landed yet")
    case = copy_example("minneapolis-home-entry", tmp_path / "work")
    os.chmod(case, 0o644)
    photo = case.parent / "evidence" / "porch.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2048))
    done = sandbox(
        "evidence",
        "add",
        case,
        photo,
        "--description",
        "porch camera still",
        "--source",
        "neighbour",
        "--custodian",
        "counsel",
        cwd=case.parent,
    )
    assert done.returncode == 0, done.stderr
    assert_private(case)
    done = sandbox(
        "evidence",
        "log",
        case,
        "E-001",
        "--action",
        "copied",
        "--by",
        "J. Whitfield",
        "--at",
        "2026-11-20T10:00:00+00:00",
        cwd=case.parent,
    )
    assert done.returncode == 0, done.stderr
    assert_private(case)
    done = sandbox("evidence", "verify", case, cwd=case.parent)
    assert done.returncode == 0, done.stderr
    leftovers = [p.name for p in case.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [], f"temp files left beside the case: {leftovers}"


def test_interview_answers_private(sandbox, tmp_path):
    if not _has_command("interview"):
        pytest.skip("claimgen interview has not landed yet")
    from interview_cases import ANSWERS_YAML  # the full household interview, as a file

    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS_YAML, encoding="utf-8")
    done = sandbox(
        "interview",
        tmp_path / "new-case" / "deeper" / "case.yaml",
        "--answers",
        answers,
        "--lang",
        "es",
        cwd=tmp_path,
        input="",
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new-case" / "deeper" / "case.yaml").is_file()
    assert_private(tmp_path / "new-case")


# ---------------------------------------------------------------- personal data in messages


def _case_with_canaries(tmp_path: Path) -> Path:
    case = copy_example("minneapolis-home-entry", tmp_path / "work")
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    raw["incident"]["narrative"] = "PRIVATE-NARRATIVE the officers broke the door.\n"
    raw["claimants"][0]["injuries"] = "PRIVATE-INJURY a broken wrist"
    raw["claimants"][1]["address"] = "PRIVATE-ADDRESS 1 Elm St"
    raw["witnesses"][0]["saw"] = "PRIVATE-WITNESS saw it all"
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def test_errors_name_the_field_not_the_rest_of_the_case(sandbox, tmp_path):
    case = _case_with_canaries(tmp_path)
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("personal_injury: 85000", "personal_injury: about 85k"), encoding="utf-8")
    for args in (["validate", case], ["build", case, "-o", tmp_path / "packet", "--as-of", AS_OF]):
        done = sandbox(*args, cwd=tmp_path)
        assert done.returncode == 2
        assert "claimants[0].damages.personal_injury" in done.stderr
        assert "PRIVATE-" not in done.stderr + done.stdout, done.stderr


def test_build_output_lists_files_not_facts(sandbox, tmp_path):
    case = _case_with_canaries(tmp_path)
    done = sandbox("build", case, "-o", tmp_path / "packet", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "PRIVATE-" not in done.stdout + done.stderr


def test_internal_error_does_not_dump_case_contents(tmp_path, monkeypatch, capsys):
    """A bug deep in a renderer may hold the narrative in its message; the one-line report must not."""
    from claimgen import cli, packet

    case = _case_with_canaries(tmp_path)

    def broken(ctx, renderers=None):
        raise ValueError(f"cannot lay out {ctx.case.incident.narrative!r} for {ctx.case.claimants[0].name}")

    monkeypatch.setattr(packet, "render_all", broken)
    monkeypatch.delenv("CLAIMGEN_DEBUG", raising=False)
    status = cli.main(["build", str(case), "-o", str(tmp_path / "packet"), "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert status == 3
    assert "internal error" in err and "ValueError" in err and "CLAIMGEN_DEBUG" in err
    assert "PRIVATE-" not in err and "Tomás" not in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "packet").exists()


def test_undrawable_text_error_quotes_only_the_characters(sandbox, tmp_path):
    """A glyph the PDF font lacks is named by itself, not with the narrative around it."""
    case = _case_with_canaries(tmp_path)
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    raw["incident"]["narrative"] = (
        "PRIVATE-NARRATIVE " + "The officers came in. " * 40 + "王小明 " + "More facts. " * 40 + "PRIVATE-END\n"
    )
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = sandbox("build", case, "-o", tmp_path / "packet", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "incident.narrative" in done.stderr and "王" in done.stderr
    assert "PRIVATE-" not in done.stderr and "officers came in" not in done.stderr, done.stderr
    assert not (tmp_path / "packet").exists()


def test_no_pydantic_plugin_sees_the_case(tmp_path):
    """pydantic passes what it validates to any installed plugin; the command line loads none."""
    site = tmp_path / "site"
    (site / "spy_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "spy_plugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n"
    )
    (site / "spy_plugin-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    marker = tmp_path / "plugin-was-loaded"
    (site / "spy_plugin.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('loaded')\n"
        "class _Spy:\n    def new_schema_validator(self, *a, **k):\n        return None, None, None\nplugin = _Spy()\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    # the plugin is found by any program that uses pydantic as it comes ...
    probe = "import claimgen.model, claimgen.caseio as c, sys; c.load_case(sys.argv[1])"
    case = copy_example("minneapolis-home-entry", tmp_path / "work")
    done = subprocess.run(
        [sys.executable, "-c", probe, str(case)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert marker.exists()
    marker.unlink()
    # ... and never by claimgen's command line
    done = subprocess.run(
        [sys.executable, "-m", "claimgen", "validate", str(case)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
