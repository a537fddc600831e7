"""The emulator's Docs v1 through the real googleapiclient client and google-auth.

Every call goes over HTTP to the loopback emulator with a delegated service-account token
minted by its own token endpoint, exactly as the service talks to Google.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from service.domain.doc_parser import parse_document
from service.domain.sections import SECTION_TITLES
from tests.fixture_paths import RECORDINGS as FIXTURES
from workspace_emulator.core.server import Emulator
from workspace_emulator.docs.documents import import_document
from workspace_emulator.testing import docs_client, drive_client

OWNER = "docs.manager@example.com"
REP = "docs.rep@example.com"
VIEWER = "docs.director@example.com"
OUTSIDER = "docs.outsider@example.com"
RECORDINGS = sorted(FIXTURES.glob("docs-*/*.json"))


def docs(emulator: Emulator, user: str) -> Any:
    return docs_client(emulator, user).documents()


def share(emulator: Emulator, file_id: str, email: str, role: str) -> None:
    body = {"type": "user", "role": role, "emailAddress": email}
    drive_client(emulator, OWNER).permissions().create(
        fileId=file_id, body=body, sendNotificationEmail=False
    ).execute()


def error_of(exc: HttpError) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(exc.content)["error"]
    return body


def paragraphs(content: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(named style, text) of the top-level paragraphs."""
    out = []
    for element in content:
        if "paragraph" in element:
            par = element["paragraph"]
            text = "".join(e.get("textRun", {}).get("content", "") for e in par["elements"])
            out.append((par["paragraphStyle"].get("namedStyleType", ""), text))
    return out


def build_one_on_one(emulator: Emulator) -> str:
    """A 1:1 doc like the template: HEADING_2 sections, a metrics table, bullets, hints."""
    api = docs(emulator, OWNER)
    doc = api.create(
        body={"title": "1:1 Self-Management - Avery Rep - week of 2026-03-02"}
    ).execute()
    doc_id: str = doc["documentId"]
    text, index = "", 1
    requests: list[dict[str, Any]] = []
    heads: list[tuple[int, int]] = []
    hints: list[tuple[int, int]] = []
    for key, title in SECTION_TITLES.items():
        hint = "Rep: \nManager: " if key == "new_commitments" else f"Type your {key} here..."
        heads.append((index, index + len(title) + 1))
        hints.append((index + len(title) + 1, index + len(title) + 1 + len(hint)))
        text += f"{title}\n{hint}\n"
        index += len(title) + 1 + len(hint) + 1
    requests.append({"insertText": {"location": {"index": 1}, "text": text}})
    for start, end in heads:
        h2 = {"namedStyleType": "HEADING_2"}
        rng = {"startIndex": start, "endIndex": end}
        style = {"range": rng, "paragraphStyle": h2, "fields": "namedStyleType"}
        requests.append({"updateParagraphStyle": style})
    grey = {"color": {"rgbColor": {"red": 0.6, "green": 0.6, "blue": 0.6}}}
    for start, end in hints[1:]:
        requests.append({"updateTextStyle": {
            "range": {"startIndex": start, "endIndex": end},
            "textStyle": {"italic": True, "foregroundColor": grey},
            "fields": "italic,foregroundColor"}})  # fmt: skip
    api.batchUpdate(documentId=doc_id, body={"requests": requests}).execute()
    # The metrics table goes right after the first heading (from the end backwards).
    table_at = heads[0][1]
    api.batchUpdate(documentId=doc_id, body={"requests": [
        {"insertTable": {"location": {"index": table_at}, "rows": 2, "columns": 4}},
    ]}).execute()  # fmt: skip
    got = api.get(documentId=doc_id).execute()
    table = next(e for e in got["body"]["content"] if "table" in e)
    cells = [c["content"][0]["startIndex"] for r in table["table"]["tableRows"]
             for c in r["tableCells"]]  # fmt: skip
    values = ["Metric", "Goal", "Actual", "Pace", "Calls", "50", "42", "84%"]
    fill = [
        {"insertText": {"location": {"index": cell}, "text": value}}
        for cell, value in reversed(list(zip(cells, values, strict=True)))
    ]
    api.batchUpdate(documentId=doc_id, body={"requests": fill}).execute()
    # Carried-over commitments as a bulleted list in "Commitments from Last 1:1".
    got = api.get(documentId=doc_id).execute()
    title = SECTION_TITLES["commitments"]
    heading = next(e for e in got["body"]["content"]
                   if paragraphs([e]) and paragraphs([e])[0][1] == title + "\n")  # fmt: skip
    at: int = heading["endIndex"]
    items = "Call 20 prospects\nBook 3 demos\n"
    api.batchUpdate(documentId=doc_id, body={"requests": [
        {"insertText": {"location": {"index": at}, "text": items}},
        {"updateTextStyle": {"range": {"startIndex": at, "endIndex": at + len(items)},
                             "textStyle": {}, "fields": "italic,foregroundColor"}},
        {"createParagraphBullets": {"range": {"startIndex": at, "endIndex": at + len(items)},
                                    "bulletPreset": "BULLET_CHECKBOX"}},
        {"updateTextStyle": {"range": {"startIndex": at, "endIndex": at + 17},
                             "textStyle": {"strikethrough": True}, "fields": "strikethrough"}},
    ]}).execute()  # fmt: skip
    return doc_id


def test_create_answers_googles_shape(emulator: Emulator) -> None:
    doc = docs(emulator, OWNER).create(body={"title": "Fresh", "body": {"x": 1}}).execute()
    assert set(doc) == {"title", "body", "documentStyle", "namedStyles", "revisionId",
                        "suggestionsViewMode", "documentId"}  # fmt: skip
    assert doc["title"] == "Fresh" and doc["suggestionsViewMode"] == "SUGGESTIONS_INLINE"
    content = doc["body"]["content"]
    assert content[0] == {"endIndex": 1, "sectionBreak": content[0]["sectionBreak"]}
    assert (content[1]["startIndex"], content[1]["endIndex"]) == (1, 2)
    styles = {s["namedStyleType"] for s in doc["namedStyles"]["styles"]}
    assert {"NORMAL_TEXT", "HEADING_2", "TITLE"} <= styles
    file = (
        drive_client(emulator, OWNER)
        .files()
        .get(fileId=doc["documentId"], fields="id,name,mimeType,owners")
        .execute()
    )
    assert file["mimeType"] == "application/vnd.google-apps.document"
    assert file["name"] == "Fresh" and file["owners"][0]["emailAddress"] == OWNER


def test_a_one_on_one_doc_reads_back_in_both_forms(emulator: Emulator) -> None:
    doc_id = build_one_on_one(emulator)
    api = docs(emulator, OWNER)
    legacy = api.get(documentId=doc_id).execute()
    tabbed = api.get(documentId=doc_id, includeTabsContent=True).execute()
    assert "tabs" not in legacy and "body" not in tabbed
    (tab,) = tabbed["tabs"]
    assert tab["tabProperties"] == {"tabId": "t.0", "title": "Tab 1", "index": 0}
    assert tab["documentTab"]["body"] == legacy["body"]
    assert tab["documentTab"]["lists"] == legacy["lists"]
    headings = [t.strip() for s, t in paragraphs(legacy["body"]["content"]) if s == "HEADING_2"]
    assert headings == list(SECTION_TITLES.values())
    table = next(e for e in legacy["body"]["content"] if "table" in e)["table"]
    assert (table["rows"], table["columns"]) == (2, 4)
    parsed = parse_document(tabbed)
    assert set(SECTION_TITLES) - {"key_metrics"} <= set(parsed.sections)
    done = {c.text: c.done for c in parsed.commitments}
    assert done == {"Call 20 prospects": True, "Book 3 demos": False}
    html = urllib.request.urlopen(f"{emulator.base_url}/view/file/{doc_id}").read().decode()
    assert "<h2>Wins</h2>" in html and "<s>Call 20 prospects</s>" in html


def test_fields_give_a_partial_response(emulator: Emulator) -> None:
    doc_id = docs(emulator, OWNER).create(body={"title": "Partial"}).execute()["documentId"]
    got = docs(emulator, OWNER).get(documentId=doc_id, fields="title,revisionId").execute()
    assert set(got) == {"title", "revisionId"}


def test_required_revision_id_guards_against_concurrent_edits(emulator: Emulator) -> None:
    api = docs(emulator, OWNER)
    doc = api.create(body={"title": "Guarded"}).execute()
    first = doc["revisionId"]
    insert = {"insertText": {"location": {"index": 1}, "text": "hello"}}
    answer = api.batchUpdate(documentId=doc["documentId"], body={
        "requests": [insert], "writeControl": {"requiredRevisionId": first}}).execute()  # fmt: skip
    second = answer["writeControl"]["requiredRevisionId"]
    assert second != first and answer["replies"] == [{}]
    assert api.get(documentId=doc["documentId"]).execute()["revisionId"] == second
    stale = {"requests": [insert], "writeControl": {"requiredRevisionId": first}}
    with pytest.raises(HttpError) as caught:
        api.batchUpdate(documentId=doc["documentId"], body=stale).execute()
    assert caught.value.resp.status == 400
    error = error_of(caught.value)
    assert error["status"] == "FAILED_PRECONDITION" and "requiredRevisionId" in error["message"]
    body = api.get(documentId=doc["documentId"]).execute()["body"]
    assert paragraphs(body["content"]) == [("NORMAL_TEXT", "hello\n")]


def test_bad_index_is_invalid_argument_and_changes_nothing(emulator: Emulator) -> None:
    api = docs(emulator, OWNER)
    doc = api.create(body={"title": "Indexes"}).execute()
    requests = [{"insertText": {"location": {"index": 1}, "text": "x" * 40}},
                {"insertText": {"location": {"index": 57}, "text": "y"}}]  # fmt: skip
    with pytest.raises(HttpError) as caught:
        api.batchUpdate(documentId=doc["documentId"], body={"requests": requests}).execute()
    assert error_of(caught.value) == {
        "code": 400,
        "status": "INVALID_ARGUMENT",
        "message": "Invalid requests[1].insertText: Index 57 must be less than the end index "
        "of the referenced segment, 42.",
    }
    after = api.get(documentId=doc["documentId"]).execute()
    assert after["revisionId"] == doc["revisionId"]


def test_a_reader_can_read_but_not_write_and_an_outsider_sees_nothing(
    emulator: Emulator,
) -> None:
    doc_id = docs(emulator, OWNER).create(body={"title": "Shared"}).execute()["documentId"]
    share(emulator, doc_id, VIEWER, "reader")
    seen = docs(emulator, VIEWER).get(documentId=doc_id).execute()
    assert seen["suggestionsViewMode"] == "PREVIEW_WITHOUT_SUGGESTIONS"
    write = {"requests": [{"insertText": {"location": {"index": 1}, "text": "x"}}]}
    with pytest.raises(HttpError) as caught:
        docs(emulator, VIEWER).batchUpdate(documentId=doc_id, body=write).execute()
    assert caught.value.resp.status == 403
    assert error_of(caught.value)["status"] == "PERMISSION_DENIED"
    for call in (
        docs(emulator, OUTSIDER).get(documentId=doc_id),
        docs(emulator, OUTSIDER).batchUpdate(documentId=doc_id, body=write),
    ):
        with pytest.raises(HttpError) as caught:
            call.execute()
        assert caught.value.resp.status == 404
        assert error_of(caught.value)["status"] == "NOT_FOUND"


def test_a_writer_edit_touches_the_drive_file(emulator: Emulator) -> None:
    doc_id = docs(emulator, OWNER).create(body={"title": "Touched"}).execute()["documentId"]
    share(emulator, doc_id, REP, "writer")
    write = {"requests": [{"insertText": {"endOfSegmentLocation": {}, "text": "my wins"}}]}
    docs(emulator, REP).batchUpdate(documentId=doc_id, body=write).execute()
    file = (
        drive_client(emulator, OWNER)
        .files()
        .get(fileId=doc_id, fields="lastModifyingUser,modifiedTime")
        .execute()
    )
    assert file["lastModifyingUser"]["emailAddress"] == REP


def test_drive_copy_is_an_independent_document(emulator: Emulator) -> None:
    doc_id = build_one_on_one(emulator)
    copy = (
        drive_client(emulator, OWNER)
        .files()
        .copy(fileId=doc_id, body={"name": "1:1 - next week"})
        .execute()
    )
    api = docs(emulator, OWNER)
    original = api.get(documentId=doc_id).execute()
    copied = api.get(documentId=copy["id"]).execute()
    assert copied["documentId"] == copy["id"] and copied["title"] == "1:1 - next week"
    assert copied["body"] == original["body"]
    edit = {"requests": [{"insertText": {"location": {"index": 1}, "text": "COPY "}}]}
    api.batchUpdate(documentId=copy["id"], body=edit).execute()
    assert api.get(documentId=doc_id).execute()["body"] == original["body"]
    assert api.get(documentId=copy["id"]).execute()["body"] != original["body"]


def test_drive_files_create_makes_an_empty_doc(emulator: Emulator) -> None:
    meta = {"name": "Via Drive", "mimeType": "application/vnd.google-apps.document"}
    file = drive_client(emulator, OWNER).files().create(body=meta).execute()
    got = docs(emulator, OWNER).get(documentId=file["id"]).execute()
    assert paragraphs(got["body"]["content"]) == [("NORMAL_TEXT", "\n")]


def test_the_docs_recordings_are_there() -> None:
    assert RECORDINGS, f"no Docs recordings in {FIXTURES}"


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.name)
def test_imported_recordings_read_back_as_recorded(emulator: Emulator, path: Path) -> None:
    assert read_back_differences(emulator, path) == []


def read_back_differences(emulator: Emulator, path: Path) -> list[str]:
    """Import the recorded document, read it back over HTTP in its own form (tabs or
    legacy): the top-level fields that differ from the recording (ids aside)."""
    recorded = json.loads(path.read_text())
    with emulator.store.lock:
        doc_id = import_document(emulator.store, OWNER, recorded)
    tabs = "tabs" in recorded
    got = docs(emulator, OWNER).get(documentId=doc_id, includeTabsContent=tabs).execute()
    differ = [] if got["documentId"] == doc_id else ["documentId"]
    keys = (set(got) | set(recorded)) - {"documentId", "revisionId"}
    return differ + sorted(k for k in keys if got.get(k) != recorded.get(k))


def test_suggestion_view_modes(emulator: Emulator) -> None:
    path = FIXTURES / "docs-markkohdev" / "Markdown_Conversion_Example_-_Multi-Tab.json"
    with emulator.store.lock:
        doc_id = import_document(emulator.store, OWNER, json.loads(path.read_text()))
    api = docs(emulator, OWNER)
    texts = {}
    for mode in (
        "SUGGESTIONS_INLINE",
        "PREVIEW_WITHOUT_SUGGESTIONS",
        "PREVIEW_SUGGESTIONS_ACCEPTED",
    ):
        got = api.get(documentId=doc_id, suggestionsViewMode=mode).execute()
        assert got["suggestionsViewMode"] == mode
        texts[mode] = json.dumps(got)
    assert "suggestedInsertionIds" in texts["SUGGESTIONS_INLINE"]
    for mode in ("PREVIEW_WITHOUT_SUGGESTIONS", "PREVIEW_SUGGESTIONS_ACCEPTED"):
        assert "suggestedInsertionIds" not in texts[mode]
        assert "suggestedDeletionIds" not in texts[mode]
    assert len(texts["PREVIEW_WITHOUT_SUGGESTIONS"]) < len(texts["PREVIEW_SUGGESTIONS_ACCEPTED"])


def test_target_revision_id_must_be_a_revision_of_the_document(emulator: Emulator) -> None:
    api = docs(emulator, OWNER)
    doc = api.create(body={"title": "Targeted"}).execute()
    first = doc["revisionId"]
    insert = {"insertText": {"location": {"index": 1}, "text": "a"}}
    api.batchUpdate(documentId=doc["documentId"], body={"requests": [insert]}).execute()
    late = {"requests": [insert], "writeControl": {"targetRevisionId": first}}
    answer = api.batchUpdate(documentId=doc["documentId"], body=late).execute()
    assert answer["replies"] == [{}]
    bogus = {"requests": [insert], "writeControl": {"targetRevisionId": "not-a-revision"}}
    with pytest.raises(HttpError) as caught:
        api.batchUpdate(documentId=doc["documentId"], body=bogus).execute()
    assert caught.value.resp.status == 400
