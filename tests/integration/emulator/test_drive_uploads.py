"""Drive uploads through the real Drive client: multipart and media uploads keep the media's
Content-Type; a resumable upload answers with a session Location and takes chunks."""

from __future__ import annotations

from google.auth.transport.requests import AuthorizedSession
from googleapiclient.http import MediaInMemoryUpload

from workspace_emulator.core import auth
from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import credentials, drive_client

USER = "uma.upload@example.com"
FIELDS = "id,name,mimeType,size"


def content(emulator: Emulator, file_id: str) -> bytes:
    data: bytes = drive_client(emulator, USER).files().get_media(fileId=file_id).execute()
    return data


def test_multipart_and_media_uploads_keep_the_media_type(emulator: Emulator) -> None:
    files = drive_client(emulator, USER).files()
    csv = MediaInMemoryUpload(b"rep,calls\nAna,3\n", mimetype="text/csv")
    made = files.create(body={"name": "calls.csv"}, media_body=csv, fields=FIELDS).execute()
    assert (made["name"], made["mimeType"], made["size"]) == ("calls.csv", "text/csv", "16")
    assert content(emulator, made["id"]) == b"rep,calls\nAna,3\n"
    png = MediaInMemoryUpload(b"\x89PNG\r\n\x1a\n", mimetype="image/png")
    bare = files.create(media_body=png, fields=FIELDS).execute()
    assert bare["mimeType"] == "image/png"
    named = files.create(body={"name": "x.txt", "mimeType": "text/markdown"},
                         media_body=csv, fields=FIELDS).execute()  # fmt: skip
    assert named["mimeType"] == "text/markdown"  # the metadata's type wins


def test_a_resumable_upload_in_chunks(emulator: Emulator) -> None:
    data = bytes(range(256)) * 2500  # 640,000 bytes: three chunks of 256 KiB
    media = MediaInMemoryUpload(data, mimetype="application/zip", resumable=True,
                                chunksize=256 * 1024)  # fmt: skip
    made = drive_client(emulator, USER).files().create(
        body={"name": "archive.zip"}, media_body=media, fields=FIELDS).execute()  # fmt: skip
    assert (made["name"], made["mimeType"], made["size"]) == ("archive.zip", "application/zip",
                                                              str(len(data)))  # fmt: skip
    assert content(emulator, made["id"]) == data


def test_the_first_resumable_call_answers_a_session_location(emulator: Emulator) -> None:
    session = AuthorizedSession(credentials(emulator, USER, [auth.DRIVE]))
    start = session.post(
        emulator.base_url + "/upload/drive/v3/files?uploadType=resumable",
        json={"name": "notes.txt"}, headers={"X-Upload-Content-Type": "text/plain"},
    )  # fmt: skip
    assert start.status_code == 200 and "upload_id=" in start.headers["Location"]
    partial = session.put(start.headers["Location"], data=b"hello ",
                          headers={"Content-Range": "bytes 0-5/11"})  # fmt: skip
    assert (partial.status_code, partial.headers["Range"]) == (308, "bytes=0-5")
    done = session.put(start.headers["Location"], data=b"world",
                       headers={"Content-Range": "bytes 6-10/11"})  # fmt: skip
    assert (done.status_code, done.json()["name"]) == (200, "notes.txt")
    assert content(emulator, done.json()["id"]) == b"hello world"
