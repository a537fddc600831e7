"""How a simulated rep fills in their 1:1 doc: Docs API requests, as a person would type.

Each hint paragraph the rep answers is replaced by their text in normal style; a label
("Energy this week (1-5):", "Rep:") gets the answer typed after it; carried-over commitments
the rep kept are struck through. Requests run from the end of the document backwards so that
every index stays valid (GOOGLE-FACTS: indexes are UTF-16 code units).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from service.demo.leader_answers import leader_answers
from service.demo.personas import answers_for, persona_of
from service.domain.model import Rep, Role
from service.domain.sections import SECTION_HINTS, match_section
from service.google.drive import read_doc
from service.google.gateway import Gateway

PLAIN = {"italic": False, "foregroundColor": {}}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Docs counts."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph with its index range and section."""

    start: int
    end: int  # exclusive; the last character is the paragraph's newline
    text: str
    section: str | None


def paragraphs(doc: dict[str, Any]) -> Iterator[Paragraph]:
    """The first tab's top-level paragraphs, each tagged with the section it sits in."""
    tabs = doc.get("tabs") or []
    body = tabs[0]["documentTab"]["body"] if tabs else doc.get("body", {})
    section: str | None = None
    for element in body.get("content", []):
        paragraph = element.get("paragraph")
        if paragraph is None:
            continue
        text = "".join(
            run.get("textRun", {}).get("content", "") for run in paragraph.get("elements", [])
        )
        style = paragraph.get("paragraphStyle", {}).get("namedStyleType", "")
        if style.startswith("HEADING"):
            section = match_section(text.strip())
            continue
        yield Paragraph(element["startIndex"], element["endIndex"], text.rstrip("\n"), section)


def carried_over(doc: dict[str, Any]) -> frozenset[str]:
    """The commitments carried over into the doc (its "Commitments from Last 1:1" lines that
    are not the template's hint)."""
    hints = set(SECTION_HINTS.get("commitments", "").split("\n"))
    return frozenset(
        para.text.strip()
        for para in paragraphs(doc)
        if para.section == "commitments" and para.text.strip() and para.text.strip() not in hints
    )


def fill_requests(
    doc: dict[str, Any], answers: dict[str, str], kept: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Requests that answer ``answers`` (section key, or "Rep:"/"Manager:" label -> text)
    and strike through the carried-over commitments whose text is in ``kept``."""
    edits: list[tuple[int, list[dict[str, Any]]]] = []
    for para in paragraphs(doc):
        hint_lines = SECTION_HINTS.get(para.section or "", "").split("\n")
        label = para.text.strip()
        if para.section == "commitments" and label in kept:
            edits.append(
                (
                    para.start,
                    [_style(para.start, para.end - 1, {"strikethrough": True}, "strikethrough")],
                )
            )
        elif label in hint_lines and label.endswith(":"):
            answer = answers.get(label) or answers.get(para.section or "")
            if answer:
                at = para.end - 1
                edits.append((at, _insert(at, " " + answer)))
        elif (label in hint_lines or label in answers) and (
            answer := _answer_to_hint(label, para.section, answers)
        ):
            ops = [
                {
                    "deleteContentRange": {
                        "range": {"startIndex": para.start, "endIndex": para.end - 1}
                    }
                }
            ]
            edits.append((para.start, ops + _insert(para.start, answer)))
    requests: list[dict[str, Any]] = []
    for _at, ops in sorted(edits, key=lambda e: e[0], reverse=True):
        requests.extend(ops)
    return requests


def _answer_to_hint(hint: str, section: str | None, answers: dict[str, str]) -> str | None:
    """What replaces a grey hint: the answer given for that very hint, else the section's
    answer when the section asks nothing else (a section with a label, like the rating's
    "(1-5):", takes its answer there; its other hint only by its own text)."""
    if hint in answers:
        return answers[hint]
    lines = SECTION_HINTS.get(section or "", "").split("\n")
    if any(line.endswith(":") for line in lines):
        return None
    return answers.get(section or "")


def _insert(at: int, text: str) -> list[dict[str, Any]]:
    return [
        {"insertText": {"location": {"index": at}, "text": text}},
        _style(at, at + utf16_len(text), PLAIN, "italic,foregroundColor"),
    ]


def _style(start: int, end: int, style: dict[str, Any], fields: str) -> dict[str, Any]:
    return {
        "updateTextStyle": {
            "range": {"startIndex": start, "endIndex": end},
            "textStyle": style,
            "fields": fields,
        }
    }


def write_doc(gw: Gateway, rep: Rep, doc_id: str, index: int, week_no: int) -> bool:
    """The rep at position ``index`` fills in their doc as themselves (one read, one
    batchUpdate); True when they wrote. An answered hint is no longer a hint, so a rep whose
    doc is already filled in writes nothing."""
    persona = persona_of(index)
    doc = read_doc(gw, rep.email, doc_id)
    who = leader_answers if rep.role is not Role.AE else answers_for
    answers = who(index, rep.name.split()[0], week_no)
    if not fill_requests(doc, answers):
        return False
    kept = carried_over(doc) if persona.keeps_commitments else frozenset()
    body = {
        "requests": fill_requests(doc, answers, kept),
        "writeControl": {"requiredRevisionId": doc["revisionId"]},  # typed into what they saw
    }
    service = gw.client("docs", rep.email)
    request = service.documents().batchUpdate(documentId=doc["documentId"], body=body)
    gw.execute(request, rep.email, "demo rep edit", idempotent=False)
    return True
