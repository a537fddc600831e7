"""``writersCanShare`` through the real Drive client: with it false a writer edits but cannot
change who has access (Google's 403 insufficientFilePermissions); the owner still shares, and
only the owner changes the setting. Copies take it from the copy request's body."""

from __future__ import annotations

from tests.integration.emulator.test_drive_ownership import error_of
from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import drive_client

ANN, CAL, DEE = "ann.owner@example.com", "cal.writer@example.com", "dee.peer@example.com"
FIELDS = "id,writersCanShare,capabilities"


def shared_doc(emulator: Emulator, *, writers_can_share: bool) -> str:
    drive = drive_client(emulator, ANN)
    body = {"name": "1:1 doc", "writersCanShare": writers_can_share}
    file_id = str(drive.files().create(body=body).execute()["id"])
    writer = {"type": "user", "role": "writer", "emailAddress": CAL}
    drive.permissions().create(fileId=file_id, body=writer, sendNotificationEmail=False).execute()
    return file_id


def test_a_writer_cannot_share_on_when_writers_cannot_share(emulator: Emulator) -> None:
    file_id = shared_doc(emulator, writers_can_share=False)
    cal = drive_client(emulator, CAL)
    seen = cal.files().get(fileId=file_id, fields=FIELDS).execute()
    assert seen["writersCanShare"] is False
    assert seen["capabilities"] == {"canEdit": True, "canComment": True, "canShare": False}
    to_dee = {"type": "user", "role": "reader", "emailAddress": DEE}
    assert error_of(cal.permissions().create(fileId=file_id, body=to_dee)) == (
        403,
        "insufficientFilePermissions",
    )
    listed = cal.permissions().list(fileId=file_id).execute()["permissions"]
    ann_perm = next(p["id"] for p in listed if p["emailAddress"] == ANN)
    cal_perm = next(p["id"] for p in listed if p["emailAddress"] == CAL)
    to_reader = {"role": "reader"}
    denied = cal.permissions().update(fileId=file_id, permissionId=cal_perm, body=to_reader)
    assert error_of(denied)[0] == 403
    assert error_of(cal.permissions().delete(fileId=file_id, permissionId=ann_perm))[0] == 403
    back_on = cal.files().update(fileId=file_id, body={"writersCanShare": True})
    assert error_of(back_on) == (403, "insufficientFilePermissions")
    # The owner shares as before.
    drive_client(emulator, ANN).permissions().create(
        fileId=file_id, body=to_dee, sendNotificationEmail=False
    ).execute()


def test_by_default_a_writer_shares_and_a_copy_takes_the_setting_from_its_body(
    emulator: Emulator,
) -> None:
    file_id = shared_doc(emulator, writers_can_share=True)
    cal = drive_client(emulator, CAL)
    to_dee = {"type": "user", "role": "reader", "emailAddress": DEE}
    cal.permissions().create(fileId=file_id, body=to_dee, sendNotificationEmail=False).execute()
    copy = (
        drive_client(emulator, ANN)
        .files()
        .copy(fileId=file_id, body={"writersCanShare": False}, fields=FIELDS)
        .execute()
    )
    assert copy["writersCanShare"] is False and copy["capabilities"]["canShare"] is True
    bad = drive_client(emulator, ANN).files().update(fileId=file_id, body={"writersCanShare": "no"})
    assert error_of(bad)[0] == 400
