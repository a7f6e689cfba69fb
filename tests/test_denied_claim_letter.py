"""A claim the agency already denied: the letter never presents it again, `--final` wants the day of receipt.

A written final denial means the agency received the claim. Built as a user would (the CLI on a
copy of the Minneapolis example), the transmittal letter is a request for reconsideration while
28 C.F.R. § 14.9(b) allows one, and only a cover for the current forms once it does not.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import yaml

from claimgen import data
from helpers import run_cli, verify_packet

EXAMPLE = Path(__file__).resolve().parent.parent / "claimgen" / "examples" / "minneapolis-home-entry"


def denied_case(tmp_path: Path, **claim) -> Path:
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    case = target / "case.yaml"
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    raw["claim"] = {"denial_mailed_on": "2026-10-01", "denial_mailing_proof": "certified mail receipt", **claim}
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def letter(outdir: Path) -> tuple[str, str]:
    """(DOCX text, PDF text) of the ICE transmittal letter in a built packet."""
    import docx
    from pypdf import PdfReader

    verify_packet(outdir)
    document = docx.Document(io.BytesIO((outdir / "transmittal-ICE.docx").read_bytes()))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    text = " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    (pdf,) = [f["path"] for f in manifest["files"] if f["kind"] == "transmittal_letter_pdf"]
    pdf_text = " ".join(" ".join(page.extract_text() for page in PdfReader(outdir / pdf).pages).split())
    return text, pdf_text


def test_final_copies_of_a_denied_claim_wait_for_the_day_it_was_received(tmp_path):
    case = denied_case(tmp_path)
    result = run_cli("validate", case, "--final", "--as-of", "2026-11-22")
    assert result.returncode == 1
    (line,) = [x for x in result.stdout.splitlines() + result.stderr.splitlines() if "claim.presented_on" in x]
    assert "denied the claim by a letter mailed on 2026-10-01" in line
    assert data.cite("cfr_14_9b") in line and data.cite("usc_2401b") in line
    out = tmp_path / "final"
    result = run_cli("build", case, "-o", out, "--final", "--as-of", "2026-11-22")
    assert result.returncode == 1 and not out.exists()
    assert "claim.presented_on" in result.stdout + result.stderr
    # with the day of receipt recorded the gate has nothing more to say about it
    fixed = denied_case(tmp_path / "fixed", presented_on="2025-09-02")
    result = run_cli("validate", fixed, "--final", "--as-of", "2026-11-22")
    assert "claim.presented_on" not in result.stdout + result.stderr


def test_within_six_months_of_the_denial_the_draft_letter_asks_for_reconsideration(tmp_path):
    case = denied_case(tmp_path)
    out = tmp_path / "draft"
    result = run_cli("build", case, "-o", out, "--as-of", "2026-11-22")
    assert result.returncode == 0, result.stderr
    for text in letter(out):
        assert "I present" not in text and "first mailed" not in text and "send it again" not in text
        assert "Request for reconsideration of the denial of claims under the Federal Tort Claims Act" in text
        assert (
            "Your office denied the claims of the claimants named below by a letter mailed on October 1, 2026. "
            "On their behalf, I request that your office reconsider that denial under 28 C.F.R. § 14.9(b)."
        ) in text
        assert "stating the date on which your office received it (28 C.F.R. § 14.9(b))" in text
        assert "Tomás Ramírez: $85,000.00" in text


def test_once_reconsideration_has_passed_the_letter_only_sends_the_forms_for_the_file(tmp_path):
    # 28 C.F.R. § 14.9(b): six months from the mailing on October 1, 2026 end April 1, 2027
    case = denied_case(tmp_path, presented_on="2025-09-02")
    out = tmp_path / "late"
    assert run_cli("build", case, "-o", out, "--as-of", "2027-04-02").returncode == 0
    for text in letter(out):
        assert "Claims under the Federal Tort Claims Act denied October 1, 2026" in text
        assert "This letter does not present a new claim and does not ask for reconsideration." in text
        assert "request that your office reconsider" not in text and "I present" not in text
        assert "any amendment" not in text  # no amendment after a final denial (28 C.F.R. § 14.2(c))
    # on the last day it is still a request
    out = tmp_path / "last-day"
    assert run_cli("build", case, "-o", out, "--as-of", "2027-04-01").returncode == 0
    assert "request that your office reconsider" in letter(out)[0]


def test_a_request_already_received_or_a_suit_filed_means_no_second_request(tmp_path):
    case = denied_case(tmp_path, presented_on="2025-09-02", reconsideration_requested_on="2026-11-02")
    out = tmp_path / "asked"
    assert run_cli("build", case, "-o", out, "--as-of", "2026-11-22").returncode == 0
    text = letter(out)[0]
    assert (
        "by a letter mailed on October 1, 2026; your office received a request to reconsider it on November 2, 2026."
    ) in text
    assert "request that your office reconsider" not in text
    sued = denied_case(tmp_path / "sued", presented_on="2025-09-02", suit_filed_on="2026-11-10")
    out = tmp_path / "sued-out"
    assert run_cli("build", sued, "-o", out, "--as-of", "2026-11-22").returncode == 0
    assert "does not ask for reconsideration" in letter(out)[0]


def next_steps_text(outdir: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(outdir / "next-steps.pdf").pages).split())


def test_the_familys_sheet_says_the_claim_is_not_sent_again(tmp_path):
    case = denied_case(tmp_path)
    out = tmp_path / "en"
    assert run_cli("build", case, "-o", out, "--as-of", "2026-11-22").returncode == 0
    text = next_steps_text(out)
    assert "The agency said no to the claim in a letter mailed on Thursday, October 1, 2026." in text
    assert "The claim is not sent again." in text and "The claim is sent to the agency" not in text
    raw = yaml.safe_load(case.read_text(encoding="utf-8"))
    raw["interview"] = {"lang": "es"}
    case.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "es"
    assert run_cli("build", case, "-o", out, "--as-of", "2026-11-22").returncode == 0
    text = next_steps_text(out)
    assert "La agencia dijo que no al reclamo en una carta enviada por correo el jueves, 1 de octubre de 2026." in text
    assert "El reclamo no se vuelve a enviar." in text
    # once suit is filed the sheet no longer speaks of the choice
    sued = denied_case(tmp_path / "sued", presented_on="2025-09-02", suit_filed_on="2026-11-10")
    assert run_cli("build", sued, "-o", tmp_path / "s", "--as-of", "2026-11-22").returncode == 0
    assert "The claim is not sent again." not in next_steps_text(tmp_path / "s")


def test_a_request_due_within_weeks_goes_by_courier_and_says_when_it_must_arrive(tmp_path):
    # the request's last day is Thursday, April 1, 2027; on March 15 that is 17 days off
    case = denied_case(tmp_path, presented_on="2025-09-02")
    out = tmp_path / "soon"
    assert run_cli("build", case, "-o", out, "--as-of", "2027-03-15").returncode == 0
    for text in letter(out):
        assert "By courier or hand delivery, with signed proof of delivery" in text
        assert "This request must be received by Thursday, April 1, 2027 (28 C.F.R. § 14.9(b))." in text
    # with months to go, certified mail and no date for the agency
    out = tmp_path / "early"
    assert run_cli("build", case, "-o", out, "--as-of", "2026-11-22").returncode == 0
    text = letter(out)[0]
    assert "By certified mail, return receipt requested" in text and "must be received by" not in text
