"""The official-form fill lists each witness once, also when box 11 continues on a sheet."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from claimgen import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = "2026-11-22"


def _sample_form() -> Path | None:
    """The fillable SF-95 kept beside the repository (or named by CLAIMGEN_TEST_SF95_FORM)."""
    given = os.environ.get("CLAIMGEN_TEST_SF95_FORM")
    candidates = [Path(given)] if given else []
    candidates += [
        ROOT.parent / "shared" / "forms" / "sf95-fillable-sample.pdf",
        ROOT.parent.parent / "shared" / "forms" / "sf95-fillable-sample.pdf",
    ]
    return next((p for p in candidates if p.is_file()), None)


FORM = _sample_form()
NAMES = [f"Quillon Vexmoor {n:02d}" for n in range(1, 15)]


@pytest.mark.skipif(FORM is None, reason="the fillable SF-95 sample is not beside the repository")
def test_each_witness_appears_once_in_the_filled_form(tmp_path, capsys):
    from pypdf import PdfReader

    target = tmp_path / "case"
    shutil.copytree(EXAMPLES / "minneapolis-home-entry", target)
    case = target / "case.yaml"
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    raw["witnesses"] = [
        {
            "id": f"w{n}",
            "name": name,
            "address": f"{100 + n} Long Avenue Northeast, Apartment {n}, Minneapolis, MN 55418",
        }
        for n, name in enumerate(NAMES, 1)
    ]
    for e in raw["evidence"]:
        e["supports"] = [ref for ref in e.get("supports", []) if not ref.startswith("w")]
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["build", str(case), "-o", str(out), "--as-of", AS_OF, "--official-sf95", str(FORM)])
    err = capsys.readouterr().err
    assert code == 0, err
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(out / "sf95-official-c1.pdf")).pages)
    assert "Continuation of Box 11" in text or "continued from Box 11" in text  # the list did overflow
    flat = " ".join(text.split())
    for name in NAMES:
        assert flat.count(name) == 1, (name, flat.count(name))
