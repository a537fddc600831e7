"""Drive search (files.list q) through the real Drive client: fullText reads the content,
'me' in owners, name contains matches from the start of a word, sharedWithMe."""

from __future__ import annotations

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaInMemoryUpload

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import docs_client, drive_client

OWNER, FRIEND = "olga.owner@example.com", "fred.friend@example.com"


def names(emulator: Emulator, user: str, q: str) -> list[str]:
    answer = drive_client(emulator, user).files().list(q=q, orderBy="name").execute()
    return [f["name"] for f in answer["files"]]


@pytest.fixture(scope="module")
def files(emulator: Emulator) -> None:
    docs = docs_client(emulator, OWNER).documents()
    doc = docs.create(body={"title": "qsx Weekly Pipeline Review"}).execute()
    text = {"insertText": {"location": {"index": 1}, "text": "Quarterly forecast: zebrafish\n"}}
    docs.batchUpdate(documentId=doc["documentId"], body={"requests": [text]}).execute()
    drive = drive_client(emulator, OWNER).files()
    upload = MediaInMemoryUpload(b"a zebrafish crossing", mimetype="text/plain")
    drive.create(body={"name": "qsx pipelines.txt"}, media_body=upload).execute()
    drive.create(body={"name": "qsx superpipeline"}).execute()
    drive_client(emulator, OWNER).permissions().create(
        fileId=doc["documentId"], sendNotificationEmail=False,
        body={"type": "user", "role": "reader", "emailAddress": FRIEND}).execute()  # fmt: skip


@pytest.mark.usefixtures("files")
def test_name_contains_matches_from_the_start_of_a_word(emulator: Emulator) -> None:
    assert names(emulator, OWNER, "name contains 'qsx' and name contains 'pipe'") == [
        "qsx Weekly Pipeline Review", "qsx pipelines.txt"]  # fmt: skip
    assert names(emulator, OWNER, "name contains 'qsx weekly pip'") == [
        "qsx Weekly Pipeline Review"
    ]
    assert names(emulator, OWNER, "name contains 'ipeline'") == []


@pytest.mark.usefixtures("files")
def test_full_text_searches_the_content(emulator: Emulator) -> None:
    assert names(emulator, OWNER, "fullText contains 'zebrafish'") == [
        "qsx Weekly Pipeline Review", "qsx pipelines.txt"]  # fmt: skip
    assert names(emulator, OWNER, "fullText contains 'quarterly forecast'") == [
        "qsx Weekly Pipeline Review"]  # fmt: skip
    assert names(emulator, OWNER, "fullText contains 'zebra'") == []  # whole words


@pytest.mark.usefixtures("files")
def test_me_in_owners_and_shared_with_me(emulator: Emulator) -> None:
    mine = names(emulator, OWNER, "'me' in owners and name contains 'qsx'")
    assert mine == ["qsx Weekly Pipeline Review", "qsx pipelines.txt", "qsx superpipeline"]
    assert names(emulator, FRIEND, "'me' in owners and name contains 'qsx'") == []
    assert names(emulator, FRIEND, "sharedWithMe and name contains 'qsx'") == [
        "qsx Weekly Pipeline Review"]  # fmt: skip
    assert names(emulator, FRIEND, "sharedWithMe = true") == ["qsx Weekly Pipeline Review"]
    assert names(emulator, OWNER, "sharedWithMe and name contains 'qsx'") == []


@pytest.mark.parametrize(
    "q", ["colour = 'red'", "name contains", "(name = 'x'", "starred = 'maybe'", "fullText = 'x'"]
)
def test_a_bad_query_is_a_400(emulator: Emulator, q: str) -> None:
    with pytest.raises(HttpError) as caught:
        names(emulator, OWNER, q)
    assert caught.value.resp.status == 400
