"""How an exhibit that cannot be printed reaches the agency: the placeholder page says what the case or
the build says (USB drive, disc, or a link sent separately), USB when neither does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from claimgen import data
from claimgen.model import ExhibitDelivery
from claimgen.options import EXHIBIT_DELIVERIES
from helpers import run_cli, verify_packet

EXAMPLE = Path(__file__).resolve().parent.parent / "claimgen" / "examples" / "minneapolis-home-entry"
WORDS = data.load("print_copies")["mailing_packet"]["placeholder_delivery"]


@pytest.fixture
def video_case(tmp_path: Path) -> Path:
    """The Minneapolis example with a doorbell video registered through `claimgen evidence add`."""
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    video = folder / "evidence" / "doorbell.mp4"
    video.parent.mkdir(exist_ok=True)
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"v" * 4000)
    case = folder / "case.yaml"
    result = run_cli("evidence", "add", case, video, "--description", "Doorbell camera video")
    assert result.returncode == 0, result.stderr
    return case


def placeholder_text(outdir: Path) -> str:
    verify_packet(outdir)
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(outdir / "mailing-packet-ICE.pdf").pages]
    (page,) = [t for t in pages if "cannot be printed on paper" in t]
    return page


def set_claim_key(case: Path, value: str) -> None:
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    raw.setdefault("claim", {})["exhibit_delivery"] = value
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_default_is_the_usb_drive(video_case, tmp_path):
    assert run_cli("build", video_case, "-o", tmp_path / "p", "--as-of", "2026-11-22").returncode == 0
    page = placeholder_text(tmp_path / "p")
    assert "It is delivered on the enclosed USB drive." in page and "Doorbell camera video" in page


def test_the_case_says_a_disc_and_the_build_may_say_a_link(video_case, tmp_path):
    set_claim_key(video_case, "disc")
    assert run_cli("validate", video_case).returncode == 0
    assert run_cli("build", video_case, "-o", tmp_path / "disc", "--as-of", "2026-11-22").returncode == 0
    page = placeholder_text(tmp_path / "disc")
    assert "It is delivered on the enclosed disc (CD or DVD)." in page and "USB" not in page
    # the build's flag wins over the case file for this build only
    out = tmp_path / "link"
    result = run_cli("build", video_case, "-o", out, "--as-of", "2026-11-22", "--exhibit-delivery", "link")
    assert result.returncode == 0, result.stderr
    page = placeholder_text(out)
    assert "It is delivered by a download link sent separately by the sender of this letter." in page
    assert "disc" not in page and "USB" not in page


def test_a_wrong_value_is_refused_in_one_line_and_nothing_is_written(video_case, tmp_path):
    out = tmp_path / "p"
    result = run_cli("build", video_case, "-o", out, "--exhibit-delivery", "floppy")
    assert result.returncode == 2 and not out.exists()
    assert "--exhibit-delivery" in result.stderr and "floppy" in result.stderr
    assert "Traceback" not in result.stderr
    set_claim_key(video_case, "pigeon")
    result = run_cli("build", video_case, "-o", out)
    assert result.returncode == 2 and not out.exists()
    (line,) = [x for x in result.stderr.splitlines() if "claim.exhibit_delivery" in x]
    assert "case.yaml" in line


def test_the_choices_are_one_list_in_the_model_the_options_and_the_wording():
    assert set(ExhibitDelivery.__args__) == set(EXHIBIT_DELIVERIES) == set(WORDS)
