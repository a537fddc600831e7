"""files.export through the real Drive client: a Doc's text and HTML, a Sheet's CSV and TSV;
Google's refusals (400, 403) and a clear 501 for formats the emulator does not make."""

from __future__ import annotations

import json
from typing import Any

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import docs_client, drive_client, sheets_client

USER = "erin.export@example.com"
PDF = "application/pdf"


def a_doc(emulator: Emulator) -> str:
    doc = docs_client(emulator, USER).documents().create(body={"title": "Notes"}).execute()
    requests = [
        {"insertText": {"location": {"index": 1}, "text": "Wins & <risks>\nNext week\n"}},
        {"updateParagraphStyle": {"range": {"startIndex": 1, "endIndex": 2},
                                  "paragraphStyle": {"namedStyleType": "HEADING_1"},
                                  "fields": "namedStyleType"}},
    ]  # fmt: skip
    docs_client(emulator, USER).documents().batchUpdate(
        documentId=doc["documentId"], body={"requests": requests}).execute()  # fmt: skip
    return str(doc["documentId"])


def export(emulator: Emulator, file_id: str, mime: str) -> bytes:
    data: bytes = (
        drive_client(emulator, USER).files().export(fileId=file_id, mimeType=mime).execute()
    )
    return data


def refusal(emulator: Emulator, file_id: str, mime: str) -> tuple[int, dict[str, Any]]:
    with pytest.raises(HttpError) as caught:
        export(emulator, file_id, mime)
    return int(caught.value.resp.status), json.loads(caught.value.content)["error"]


def test_a_doc_exports_its_text_and_html(emulator: Emulator) -> None:
    doc_id = a_doc(emulator)
    assert (
        export(emulator, doc_id, "text/plain").decode() == "\ufeffWins & <risks>\r\nNext week\r\n"
    )
    html = export(emulator, doc_id, "text/html").decode()
    assert html.startswith("<html><head>") and "<title>Notes</title>" in html
    assert "<h1>Wins &amp; &lt;risks&gt;</h1>" in html and "<p>Next week</p>" in html


def test_a_sheet_exports_csv_and_tsv_of_its_first_sheet(emulator: Emulator) -> None:
    sheet = sheets_client(emulator, USER).spreadsheets().create(
        body={"properties": {"title": "Numbers"}}).execute()  # fmt: skip
    sheets_client(emulator, USER).spreadsheets().values().update(
        spreadsheetId=sheet["spreadsheetId"], range="A1", valueInputOption="RAW",
        body={"values": [["rep", "calls"], ["Ana, B.", 3]]}).execute()  # fmt: skip
    sheet_id = sheet["spreadsheetId"]
    assert export(emulator, sheet_id, "text/csv").decode() == 'rep,calls\r\n"Ana, B.",3'
    assert export(emulator, sheet_id, "text/tab-separated-values").decode() == (
        "rep\tcalls\r\nAna, B.\t3"
    )
    assert refusal(emulator, sheet_id, "text/html")[0] == 400  # Google has no HTML for a Sheet


def test_refused_and_not_emulated_formats(emulator: Emulator) -> None:
    doc_id = a_doc(emulator)
    status, error = refusal(emulator, doc_id, "image/bmp")
    assert (status, error["errors"][0]["reason"]) == (400, "badRequest")
    assert error["message"] == "The requested conversion is not supported."
    status, error = refusal(emulator, doc_id, PDF)
    assert status == 501 and PDF in error["message"]
    upload = MediaInMemoryUpload(b"%PDF-1.4", mimetype=PDF)
    plain = drive_client(emulator, USER).files().create(
        body={"name": "scan.pdf"}, media_body=upload).execute()  # fmt: skip
    status, error = refusal(emulator, plain["id"], "text/plain")
    assert (status, error["errors"][0]["reason"]) == (403, "fileNotExportable")
