"""Ownership through the real Drive client: role=owner needs transferOwnership (Google's 403),
only the owner can hand a file over, and a file keeps one owner."""

from __future__ import annotations

import json
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import drive_client

ANN, BEN, CAL = "ann.owner@example.com", "ben.heir@example.com", "cal.writer@example.com"


def error_of(request: Any) -> tuple[int, str]:
    with pytest.raises(HttpError) as caught:
        request.execute()
    error = json.loads(caught.value.content)["error"]
    return int(caught.value.resp.status), str(error["errors"][0]["reason"])


def roles(emulator: Emulator, file_id: str) -> dict[str, str]:
    listed = drive_client(emulator, ANN).permissions().list(fileId=file_id).execute()
    return {p["emailAddress"]: p["role"] for p in listed["permissions"]}


def test_owner_role_needs_transfer_ownership_and_leaves_one_owner(emulator: Emulator) -> None:
    file_id = drive_client(emulator, ANN).files().create(body={"name": "Plan"}).execute()["id"]
    perms = drive_client(emulator, ANN).permissions()
    to_ben = {"type": "user", "role": "owner", "emailAddress": BEN}
    assert error_of(perms.create(fileId=file_id, body=to_ben)) == (403, "forbidden")
    assert roles(emulator, file_id) == {ANN: "owner"}
    writer = {"type": "user", "role": "writer", "emailAddress": CAL}
    perms.create(fileId=file_id, body=writer, sendNotificationEmail=False).execute()
    by_cal = drive_client(emulator, CAL).permissions()
    denied = by_cal.create(fileId=file_id, body=to_ben, transferOwnership=True)
    assert error_of(denied) == (403, "insufficientFilePermissions")
    perms.create(fileId=file_id, body=to_ben, transferOwnership=True).execute()
    assert roles(emulator, file_id) == {ANN: "writer", CAL: "writer", BEN: "owner"}
    got = (
        drive_client(emulator, BEN).files().get(fileId=file_id, fields="owners,ownedByMe").execute()
    )
    assert ([o["emailAddress"] for o in got["owners"]], got["ownedByMe"]) == ([BEN], True)


def test_update_to_owner_needs_the_flag_too_and_bad_addresses_are_400(emulator: Emulator) -> None:
    file_id = drive_client(emulator, ANN).files().create(body={"name": "Memo"}).execute()["id"]
    perms = drive_client(emulator, ANN).permissions()
    reader = {"type": "user", "role": "reader", "emailAddress": BEN}
    made = perms.create(fileId=file_id, sendNotificationEmail=False, body=reader).execute()
    promote = perms.update(fileId=file_id, permissionId=made["id"], body={"role": "owner"})
    assert error_of(promote) == (403, "forbidden")
    perms.update(fileId=file_id, permissionId=made["id"], body={"role": "owner"},
                 transferOwnership=True).execute()  # fmt: skip
    assert roles(emulator, file_id) == {ANN: "writer", BEN: "owner"}
    bad = {"type": "user", "role": "reader", "emailAddress": "not-an-email"}
    assert error_of(perms.create(fileId=file_id, body=bad))[0] == 400


def test_a_revision_is_got_by_its_id(emulator: Emulator) -> None:
    drive = drive_client(emulator, ANN)
    made = drive.files().create(body={"name": "Revised"}).execute()
    listed = drive.revisions().list(fileId=made["id"]).execute()["revisions"]
    one = drive.revisions().get(fileId=made["id"], revisionId=listed[-1]["id"]).execute()
    assert one["kind"] == "drive#revision" and one["id"] == listed[-1]["id"]
    assert error_of(drive.revisions().get(fileId=made["id"], revisionId="999")) == (
        404, "notFound")  # fmt: skip
