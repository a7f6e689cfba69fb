"""The library API (claimgen.load_case / validate / check / build): typed, documented, doctested,
the same bytes as the CLI, and no process-wide state changed by a call."""

from __future__ import annotations

import datetime as dt
import doctest
import inspect
import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import claimgen
from claimgen import api
from claimgen.errors import CaseError

AS_OF = dt.date(2026, 11, 22)
PUBLIC = ["BuildOptions", "Manifest", "ManifestFile", "build", "check", "example", "load_case", "validate"]


def test_the_docstring_examples_run():
    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0


def test_public_names_are_listed_typed_and_documented():
    assert set(PUBLIC) <= set(dir(claimgen)) and set(PUBLIC) <= set(claimgen.__all__)
    assert (Path(claimgen.__file__).parent / "py.typed").is_file()
    for name in ("load_case", "validate", "check", "build"):
        fn = getattr(claimgen, name)
        assert fn.__doc__ and ">>>" in fn.__doc__, name
        sig = inspect.signature(fn)
        assert sig.return_annotation is not inspect.Signature.empty, name
        assert all(p.annotation is not inspect.Parameter.empty for p in sig.parameters.values()), name
    assert inspect.signature(claimgen.build).parameters["options"].annotation == "BuildOptions | None"


def test_help_shows_a_typed_documented_build():
    done = subprocess.run([sys.executable, "-c", "import claimgen; help(claimgen.build)"],
                          capture_output=True, text=True, env={"PAGER": "cat", "PATH": "/usr/bin:/bin"}, check=True)
    assert "build(case: 'Case | str | Path', outdir: 'str | Path', options: 'BuildOptions | None' = None" in done.stdout
    assert "-> 'Manifest'" in done.stdout and "Validate the case and write its whole packet" in done.stdout


def test_import_claimgen_loads_no_heavy_library():
    code = ("import sys, claimgen; heavy = {'reportlab', 'docxtpl', 'pypdf', 'pydantic', 'questionary', 'rich', 'holidays'};"
            "print(sorted(m for m in heavy if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_build_options_is_a_dataclass_whose_typos_fail():
    with pytest.raises(TypeError):
        claimgen.BuildOptions(finale=True)  # type: ignore[call-arg]
    assert claimgen.BuildOptions().final is False and claimgen.BuildOptions().bates_prefix == "CLAIM"


def test_library_build_matches_the_cli_byte_for_byte(tmp_path):
    from claimgen import cli

    case = claimgen.load_case(claimgen.example("texas-worksite-arrest"))
    warnings = []
    manifest = claimgen.build(case, tmp_path / "lib", as_of=AS_OF, on_warning=warnings.append)
    assert cli.main(["build", str(claimgen.example("texas-worksite-arrest")), "-o", str(tmp_path / "cli"),
                     "--as-of", AS_OF.isoformat()]) == 0
    assert json.loads((tmp_path / "cli" / "manifest.json").read_text()) == manifest
    for f in manifest["files"]:
        assert (tmp_path / "lib" / f["path"]).read_bytes() == (tmp_path / "cli" / f["path"]).read_bytes(), f["path"]
    assert all(w.severity == "warning" for w in warnings)


def test_check_is_the_json_of_the_cli(capsys):
    from claimgen import cli

    path = claimgen.example("minneapolis-home-entry")
    report = claimgen.check(claimgen.load_case(path), as_of=AS_OF)
    assert cli.main(["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out) == report.to_json()


def test_bad_input_raises_case_error_naming_the_key(tmp_path):
    bad = tmp_path / "case.yaml"
    text = claimgen.example("minneapolis-home-entry").read_text(encoding="utf-8")
    bad.write_text(text.replace("state: MN", "state: ZZ"), encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        claimgen.load_case(bad)
    assert any(p.path == "incident.state" for p in caught.value.problems)
    assert not list(tmp_path.glob("out*"))


def test_build_of_a_case_without_a_file_is_refused(tmp_path):
    from claimgen.model import Case

    case = claimgen.load_case(claimgen.example("minneapolis-home-entry"))
    memory = Case.model_validate(case.model_dump())
    with pytest.raises(ValueError, match="load_case"):
        claimgen.build(memory, tmp_path / "out", as_of=AS_OF)
    assert not (tmp_path / "out").exists()


def test_library_calls_change_no_process_wide_state(tmp_path):
    from claimgen.evidence import progress
    from claimgen.interview import i18n

    before = (sys.getswitchinterval(), i18n.lang(), progress.words(), dict(__import__("os").environ))
    case = claimgen.load_case(claimgen.example("fatal-vehicle-stop"))
    claimgen.validate(case, today=AS_OF)
    claimgen.check(case, as_of=AS_OF)
    claimgen.build(case, tmp_path / "out", as_of=AS_OF)
    after = (sys.getswitchinterval(), i18n.lang(), progress.words(), dict(__import__("os").environ))
    assert after == before


def test_example_names_the_bundled_examples():
    with pytest.raises(ValueError, match="minneapolis-home-entry"):
        claimgen.example("nowhere")
    assert typing.get_type_hints(claimgen.Manifest)["files"] == list[claimgen.ManifestFile]
