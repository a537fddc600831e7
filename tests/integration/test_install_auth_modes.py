"""``install`` and the docs half of ``prepare`` in the two single-identity auth modes (an OAuth
user, and application default credentials): one account does everything, so the manager gets
writer access to the team folder explicitly, and reps still see their own doc only."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import NotFoundError
from service.google.credentials import CredentialSource
from service.google.drive import read_doc
from service.google.gateway import Gateway
from service.google.scopes import SCOPES
from service.jobs.install.job import install
from tests.integration.docs_builders import NOW, make_deps, prepare, rep_email
from workspace_emulator.core.server import Emulator


@pytest.mark.parametrize("mode", ["oauth_user", "application_default"])
def test_a_single_identity_installs_and_prepares_privately(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    tag = "auth" + mode[:5]
    ops = f"ops.{tag}@example.com"
    key = emulator.write_authorized_user_file(ops, list(SCOPES), tmp_path / "user.json")
    auth = {"mode": mode}
    if mode == "oauth_user":
        auth["authorized_user_file"] = str(key)
    else:
        monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    deps = make_deps(emulator, tmp_path / "config", tag, google={"auth": auth, "admin_user": ops})
    assert not deps.gateway.credentials.delegates
    first = install(deps, NOW)
    assert first.ok, [t.error for t in first.teams]
    again = install(deps, NOW)
    assert all(k.endswith((".list", ".get")) for k in again.api_calls), again.api_calls

    report, links, _calls = prepare(deps)
    assert report.counts["docs_created"] == 10
    gw, team = deps.gateway, deps.teams[0]
    avery, blake = rep_email("avery", tag), rep_email("blake", tag)
    drive = gw.client("drive", ops)
    doc = gw.execute(drive.files().get(fileId=links[avery].file_id, fields="owners"), ops, "doc")
    assert doc["owners"][0]["emailAddress"] == ops  # everything is the one identity's
    # Acting as a rep or the manager needs their own credentials in these modes.
    rep_file = emulator.write_authorized_user_file(avery, list(SCOPES), tmp_path / "rep.json")
    as_avery = Gateway(CredentialSource("oauth_user", rep_file), endpoint=emulator.base_url)
    assert read_doc(as_avery, avery, links[avery].file_id)["documentId"] == links[avery].file_id
    with pytest.raises(NotFoundError):
        read_doc(as_avery, avery, links[blake].file_id)
    manager_file = emulator.write_authorized_user_file(
        team.manager.email, list(SCOPES), tmp_path / "manager.json"
    )
    as_manager = Gateway(CredentialSource("oauth_user", manager_file), endpoint=emulator.base_url)
    # The manager reads every doc through the team folder shared with them.
    assert read_doc(as_manager, team.manager.email, links[blake].file_id)
