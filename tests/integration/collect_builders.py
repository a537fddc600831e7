"""Test helpers for ``collect`` on the emulator: write a rep's 1:1 doc through the real Docs
and Drive APIs acting as the manager, and edit it acting as the rep."""

from __future__ import annotations

from typing import Any

from service.domain.sections import SECTION_HINTS, SECTION_TITLES
from service.domain.week import Week
from service.google import tags
from service.google.gateway import Gateway

PRIVATE_HEADING = "Manager Private Notes"


def make_doc(
    gw: Gateway, team_id: str, manager: str, rep: str, week: Week, private_note: str = ""
) -> dict[str, Any]:
    """A 1:1 doc with the 12 HEADING_2 sections and their hints, tagged and shared with the
    rep. Returns the Drive file (id, webViewLink)."""
    docs = gw.client("docs", manager).documents()
    doc = gw.execute(docs.create(body={"title": f"1:1 - {rep} - {week}"}), manager, "doc")
    blocks = [(title, SECTION_HINTS[key].splitlines()[0]) for key, title in SECTION_TITLES.items()]
    if private_note:
        blocks.append((PRIVATE_HEADING, private_note))
    text, headings, index = "", [], 1
    for title, body in blocks:
        headings.append((index, index + len(title) + 1))
        text += f"{title}\n{body}\n"
        index += len(title) + 1 + len(body) + 1
    requests: list[dict[str, Any]] = [{"insertText": {"location": {"index": 1}, "text": text}}]
    for start, end in headings:
        requests.append(
            {
                "updateParagraphStyle": {
                    "range": {"startIndex": start, "endIndex": end},
                    "paragraphStyle": {"namedStyleType": "HEADING_2"},
                    "fields": "namedStyleType",
                }
            }
        )
    body = {"requests": requests}
    gw.execute(docs.batchUpdate(documentId=doc["documentId"], body=body), manager, "doc")
    drive = gw.client("drive", manager)
    app = tags.tags(kind=tags.KIND_REP_DOC, team=team_id, rep=rep, week=week.label)
    update = drive.files().update(
        fileId=doc["documentId"], body={"appProperties": app}, fields="id,webViewLink"
    )
    file: dict[str, Any] = gw.execute(update, manager, "doc tags")
    share = {"type": "user", "role": "writer", "emailAddress": rep}
    create = drive.permissions().create(fileId=file["id"], body=share, sendNotificationEmail=False)
    gw.execute(create, manager, "doc share")
    return file


def rep_writes(gw: Gateway, rep: str, doc_id: str, answers: dict[str, str]) -> None:
    """The rep types an answer under each named section (one batchUpdate, as the rep)."""
    docs = gw.client("docs", rep).documents()
    doc = gw.execute(docs.get(documentId=doc_id), rep, "doc")
    starts: dict[str, int] = {}
    for element in doc["body"]["content"]:
        paragraph = element.get("paragraph")
        if not paragraph:
            continue
        text = "".join(e.get("textRun", {}).get("content", "") for e in paragraph["elements"])
        starts[text.strip()] = element["endIndex"]
    requests = [
        {"insertText": {"location": {"index": starts[SECTION_TITLES[key]]}, "text": answer + "\n"}}
        for key, answer in sorted(
            answers.items(), key=lambda kv: -starts[SECTION_TITLES[kv[0]]]
        )  # from the end backwards, so earlier indexes stay right
    ]
    gw.execute(docs.batchUpdate(documentId=doc_id, body={"requests": requests}), rep, "doc edit")
