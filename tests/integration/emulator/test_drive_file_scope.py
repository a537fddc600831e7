"""``drive.file`` is per user, as Google documents it: through Drive, the app reaches a file
only if it created (or copied) it acting as that same user. Checked through
googleapiclient with a delegated service account, as the service runs."""

from __future__ import annotations

from typing import Any

import pytest

from service.errors import NotFoundError
from service.google.credentials import CredentialSource
from service.google.gateway import Gateway
from service.google.scopes import DRIVE_FILE, DRIVE_READONLY, SCOPES
from workspace_emulator.core.server import Emulator

DOC = "application/vnd.google-apps.document"


def gateway(emulator: Emulator, scopes: tuple[str, ...] = SCOPES) -> Gateway:
    source = CredentialSource("service_account", emulator.service_account_file, scopes)
    return Gateway(source, endpoint=emulator.base_url, max_attempts=1)


def make_doc(gw: Gateway, user: str, name: str, reader: str | None = None) -> str:
    drive = gw.client("drive", user)
    file: dict[str, Any] = gw.execute(
        drive.files().create(body={"name": name, "mimeType": DOC}, fields="id"), user, name
    )
    if reader:
        body = {"type": "user", "role": "reader", "emailAddress": reader}
        gw.execute(drive.permissions().create(fileId=file["id"], body=body), user, "share")
    return str(file["id"])


def names(gw: Gateway, user: str, query: str) -> list[str]:
    drive = gw.client("drive", user)
    answer = gw.execute(drive.files().list(q=query, fields="files(name)"), user, "list")
    return sorted(f["name"] for f in answer.get("files", []))


def test_a_file_made_as_another_user_is_hidden_even_when_shared(emulator: Emulator) -> None:
    gw = gateway(emulator)
    admin, manager = "admin.dfs1@example.com", "morgan.dfs1@example.com"
    theirs = make_doc(gw, admin, "dfs1 admin template", reader=manager)
    mine = make_doc(gw, manager, "dfs1 manager template")
    drive = gw.client("drive", manager)
    assert names(gw, manager, "name contains 'dfs1'") == ["dfs1 manager template"]
    with pytest.raises(NotFoundError):
        gw.execute(drive.files().get(fileId=theirs), manager, "get")
    with pytest.raises(NotFoundError):  # the weekly copy of a template the admin made
        gw.execute(drive.files().copy(fileId=theirs, body={"name": "copy"}), manager, "copy")
    copy = gw.execute(drive.files().copy(fileId=mine, body={"name": "dfs1 copy"}), manager, "cp")
    assert names(gw, manager, "name contains 'dfs1'") == ["dfs1 copy", "dfs1 manager template"]
    assert copy["id"] not in (theirs, mine)


def test_the_docs_api_is_not_limited_by_drive_file(emulator: Emulator) -> None:
    gw = gateway(emulator)
    admin, manager = "admin.dfs2@example.com", "morgan.dfs2@example.com"
    theirs = make_doc(gw, admin, "dfs2 shared", reader=manager)
    docs = gw.client("docs", manager).documents()
    assert gw.execute(docs.get(documentId=theirs), manager, "read")["documentId"] == theirs
    made = gw.execute(docs.create(body={"title": "dfs2 made by Docs"}), manager, "create")
    assert names(gw, manager, "name contains 'dfs2'") == ["dfs2 made by Docs"]
    assert made["documentId"]


def test_drive_readonly_reads_and_copies_what_the_app_did_not_make(emulator: Emulator) -> None:
    admin, manager = "admin.dfs3@example.com", "morgan.dfs3@example.com"
    theirs = make_doc(gateway(emulator), admin, "dfs3 customer template", reader=manager)
    gw = gateway(emulator, (*SCOPES, DRIVE_READONLY))
    drive = gw.client("drive", manager)
    assert gw.execute(drive.files().get(fileId=theirs, fields="id"), manager, "get")["id"]
    copy = gw.execute(drive.files().copy(fileId=theirs, body={"name": "dfs3 copy"}), manager, "")
    body = {"type": "user", "role": "reader", "emailAddress": "rep.dfs3@example.com"}
    with pytest.raises(NotFoundError):  # read-only reach: sharing it is a write
        gw.execute(drive.permissions().create(fileId=theirs, body=body), manager, "share")
    only_file = gateway(emulator, (DRIVE_FILE,))
    assert gw.execute(drive.files().get(fileId=copy["id"], fields="id"), manager, "get")
    assert names(only_file, manager, "name contains 'dfs3'") == ["dfs3 copy"]


def test_another_oauth_client_does_not_reach_the_files_of_the_first(
    emulator: Emulator, tmp_path: Any
) -> None:
    service = gateway(emulator)
    user = "ops.dfs4@example.com"
    make_doc(service, user, "dfs4 by the service")
    key = emulator.write_authorized_user_file(user, list(SCOPES), tmp_path / "user.json")
    other = Gateway(CredentialSource("oauth_user", key), endpoint=emulator.base_url)
    assert names(other, user, "name contains 'dfs4'") == []
    make_doc(other, user, "dfs4 by the other app")
    assert names(other, user, "name contains 'dfs4'") == ["dfs4 by the other app"]
    assert names(service, user, "name contains 'dfs4'") == ["dfs4 by the service"]
