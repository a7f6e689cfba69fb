"""Shared by the serve tests: answers for a household, and a form-filling client that answers as a person would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html

TODAY = dt.date(2026, 11, 22)
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"

# A household of three: a mother who was hurt, a father whose door was broken, a child (answers as a person types them).
HOUSEHOLD = {
    "claimants.count": "3",
    "claimants[0].role": "injured",
    "claimants[0].name": "Ana López",
    "claimants[0].address": "12 Main St, El Paso, TX 79901",
    "claimants[0].date_of_birth": "3/2/1988",
    "claimants[0].marital_status": "married",
    "claimants[1].role": "property_owner",
    "claimants[1].name": "Luis López",
    "claimants[1].date_of_birth": "1/1/1980",
    "claimants[1].marital_status": "married",
    "claimants[2].role": "child",
    "claimants[2].name": "Sofía López",
    "claimants[2].date_of_birth": "1/1/2015",
    "claimants[2].representative.capacity": "Parent and natural guardian of Sofía López, a minor",
    "incident.date": "June 14 2025",
    "incident.time": "6:10 am",
    "incident.place": "12 Main St, El Paso",
    "incident.state": "texas",
    "incident.agencies": ["ICE"],
    "incident.officers.any": "yes",
    "incident.officers[0].badge_number": "4471",
    "incident.officers[0].description": "tall man, green vest marked ERO",
    "incident.narrative": "Officers came at dawn.\n\nThey broke the door & pushed me <down>.",
    "incident.conduct": ["excessive_force", "home_entry"],
    "claimants[0].injuries": "Broken left wrist; ER at Del Sol, June 14.",
    "claimants[1].hurt": "no",
    "claimants[2].hurt": "yes",
    "claimants[2].injuries": "Nightmares since that day",
    "claimants[0].property.any": "no",
    "claimants[1].property.any": "yes",
    "claimants[1].property.description": "Front door frame split.",
    "claimants[2].property.any": "no",
    "claimants[0].damages.personal_injury[0].description": "ER bill",
    "claimants[0].damages.personal_injury[0].amount": "4850",
    "claimants[0].damages.personal_injury[0].more": "yes",
    "claimants[0].damages.personal_injury[1].description": "Pain and suffering",
    "claimants[0].damages.personal_injury[1].amount": "50,000.00",
    "claimants[1].damages.property_damage[0].description": "Door repair",
    "claimants[1].damages.property_damage[0].amount": "$1,150",
    "claimants[2].damages.personal_injury[0].description": "Counseling",
    "claimants[2].damages.personal_injury[0].amount": "2000",
    "witnesses.any": "yes",
    "witnesses[0].name": "Nguyễn Thị Hương",
    "witnesses[0].saw": "Saw the door forced",
    "claim.already_sent": "no",
    "counsel.any": "yes",
    "counsel.name": "Jordan Whitfield",
    "counsel.firm": "East Side Legal Aid",
    "counsel.bar_number": "TX 123",
}


class Form:
    """The question form of a page: its question id and the value each field offers."""

    def __init__(self, html: str) -> None:
        self.doc = lxml.html.fromstring(html)
        forms = self.doc.xpath("//form[@action='/answer']")
        self.form = forms[0] if forms else None

    @property
    def lang(self) -> str:
        return self.doc.get("lang")

    def hidden(self, name: str) -> str | None:
        if self.form is None:
            return None
        found = self.form.xpath(f".//input[@name='{name}']")
        return found[0].get("value") if found else None

    @property
    def qid(self) -> str | None:
        return self.hidden("qid")

    @property
    def widget(self) -> str:
        if self.form.xpath(".//textarea[@name='answer']"):
            return "textarea"
        if self.form.xpath(".//input[@type='file']"):
            return "file"
        if self.form.xpath(".//button[@name='confirm']"):
            return "confirm"  # a date read back: "… — is that right?"
        inputs = self.form.xpath(".//input[@name='answer']")
        return inputs[0].get("type") if inputs else "none"

    def offered(self):
        """What the page offers when the person just presses Continue."""
        w = self.widget
        if w == "textarea":
            return self.form.xpath(".//textarea[@name='answer']")[0].text or ""
        if w == "text":
            return self.form.xpath(".//input[@name='answer']")[0].get("value") or ""
        if w == "radio":
            checked = self.form.xpath(".//input[@name='answer'][@checked]")
            return checked[0].get("value") if checked else None
        if w == "checkbox":
            return [i.get("value") for i in self.form.xpath(".//input[@name='answer'][@checked]")]
        return ""

    def text(self) -> str:
        return " ".join(self.doc.text_content().split())

    def error(self) -> str | None:
        found = self.doc.xpath("//*[@id='error']")
        return " ".join(found[0].text_content().split()) if found else None


def answer_for(value) -> str | list:
    """An answers-file value as a form sends it (yes/no as the radio values)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def write_answers(path: Path, answers: dict) -> Path:
    import yaml

    path.write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
