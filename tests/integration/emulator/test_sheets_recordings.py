"""Replay gspread's real recordings of Google (``shared/fixtures/gspread-sheets-drive``) against
the emulator over HTTP.

Every recorded Sheets call and the Drive calls that make, read and delete the spreadsheets are
sent again with the same method, path, query and body (recorded spreadsheet, sheet, named-range
and protected-range ids mapped to the emulator's); the answer must have the recorded status,
and the recorded body with ids mapped (exactly for values, replies and errors; for
``spreadsheets.get`` the sheets, named ranges and the properties gspread reads).
Cassettes or calls that rely on what the emulator does not do are listed with the reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from google.auth.transport.requests import AuthorizedSession

from tests.fixture_paths import RECORDINGS
from workspace_emulator.calendar.store import set_user_timezone
from workspace_emulator.core import auth
from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import credentials

FIXTURES = RECORDINGS / "gspread-sheets-drive"
CASSETTES = sorted(FIXTURES.glob("*.json"))
USER = "gspread.replay@example.com"
RECORDED_USER = "telegram-budgeter@telegram-budgeter.iam.gserviceaccount.com"
# Cassettes that need what the emulator leaves out (see workspace_emulator/sheets/values.py):
# not replayed by the test, reported as out of scope by ``make fidelity``.
OUT_OF_SCOPE = {
    "ClientTest.test_access_private_spreadsheet": "a file of another account, not recorded",
    "ClientTest.test_list_spreadsheet_files": "lists the recording account's other files",
    "ClientTest.test_openall": "lists the recording account's other files",
    "ClientTest.test_open_all_has_metadata": "lists the recording account's other files",
    "ClientTest.test_open_by_name_has_metadata": "lists the recording account's other files",
}


def _session(emulator: Emulator) -> AuthorizedSession:
    return AuthorizedSession(credentials(emulator, USER, [auth.SPREADSHEETS, auth.DRIVE]))


class Ids:
    """Recorded ids and the emulator's, learned from the answers as the replay goes."""

    def __init__(self) -> None:
        self.text: dict[str, str] = {}
        self.numbers: dict[int, int] = {}

    def learn(self, recorded: Any, ours: Any) -> None:
        """Pair the ids found at the same places of a recorded and an emulated answer."""
        if isinstance(recorded, dict) and isinstance(ours, dict):
            for key, value in recorded.items():
                if key not in ours:
                    continue
                if key in ("sheetId", "protectedRangeId") and isinstance(value, int):
                    self.numbers[value] = int(ours[key])
                elif key in ("spreadsheetId", "id", "namedRangeId") and isinstance(value, str):
                    self.text[value] = str(ours[key])
                else:
                    self.learn(value, ours[key])
        elif isinstance(recorded, list) and isinstance(ours, list):
            for a, b in zip(recorded, ours, strict=False):
                self.learn(a, b)

    def path(self, text: str) -> str:
        """A recorded path or body with our ids."""
        for recorded, ours in sorted(self.text.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(recorded, ours)
        for recorded_id, our_id in self.numbers.items():
            text = re.sub(rf"(?<![0-9]){recorded_id}(?![0-9])", str(our_id), text)
        return text

    def mapped(self, value: Any, key: str = "") -> Any:
        """A recorded JSON value with our ids (and our user)."""
        if isinstance(value, dict):
            return {k: self.mapped(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.mapped(v, key) for v in value]
        if isinstance(value, str):
            return self.path(value.replace(RECORDED_USER, USER))
        if isinstance(value, int) and key in ("sheetId", "protectedRangeId"):
            return self.numbers.get(value, value)
        return value


def _compare(expected: Any, got: Any, operation: str, where: str) -> None:
    if operation == "spreadsheets.get":
        for key in ("sheets", "namedRanges"):
            assert _sheets_view(got.get(key)) == _sheets_view(expected.get(key)), f"{where} {key}"
        for key in ("title", "locale", "timeZone"):
            props = (got.get("properties") or {}, expected.get("properties") or {})
            assert props[0].get(key) == props[1].get(key), f"{where} {key}"
        assert set(got) == set(expected), where
        return
    if operation.startswith("drive."):
        assert set(got) == set(expected), where
        return
    assert got == expected, where


def _sheets_view(sheets: Any) -> Any:
    """What is compared of ``sheets``: everything but grid data sizes gspread never reads."""
    return json.loads(json.dumps(sheets)) if sheets is not None else None


def _operation(method: str, uri: str) -> str:
    path = urlsplit(uri).path
    if "sheets.googleapis.com" not in uri:
        return f"drive.{method} {re.sub(r'/files/[^/]+', '/files/ID', path)}"
    if "/values" in path:
        return f"values.{method}"
    if path.endswith(":batchUpdate"):
        return "spreadsheets.batchUpdate"
    return "spreadsheets.get"


def _replayable(method: str, uri: str) -> bool:
    path = urlsplit(uri).path
    if "sheets.googleapis.com" in uri:
        return True
    return (method, re.sub(r"/files/[^/]+", "/files/ID", path)) in {
        ("POST", "/drive/v3/files"),
        ("GET", "/drive/v3/files"),
        ("GET", "/drive/v3/files/ID/comments"),
        ("GET", "/drive/v3/files/ID"),
        ("DELETE", "/drive/v3/files/ID"),
        ("POST", "/drive/v3/files/ID/copy"),
        ("GET", "/drive/v3/files/ID/export"),
        ("PUT", "/upload/drive/v2/files/ID"),
    }


@dataclass
class Outcome:
    """One recorded interaction replayed: ``pass``, ``fail`` or ``skip`` (out of scope)."""

    where: str
    status: Literal["pass", "fail", "skip"]
    reason: str = ""


def replay(emulator: Emulator, cassette: Path) -> list[Outcome]:
    """Replay every interaction of ``cassette``; one outcome each (a mismatch does not stop
    the replay: the following calls run on what the emulator answered)."""
    interactions = json.loads(cassette.read_text())["interactions"]
    if cassette.stem in OUT_OF_SCOPE:
        calls = [(it["request"]["method"], urlsplit(it["request"]["uri"])) for it in interactions]
        return [
            Outcome(
                f"{cassette.stem} {method} {parts.path}?{parts.query}",
                "skip",
                OUT_OF_SCOPE[cassette.stem],
            )
            for method, parts in calls
        ]
    session = _session(emulator)
    # the recording account's time zone, which the files it converted from CSV took
    set_user_timezone(emulator.store, USER, "America/Los_Angeles")
    ids = Ids()
    outcomes = []
    for it in interactions:
        request, response = it["request"], it["response"]
        method, uri = request["method"], request["uri"]
        parts = urlsplit(uri)
        where = f"{cassette.stem} {method} {parts.path}?{parts.query}"
        if not _replayable(method, uri):
            outcomes.append(Outcome(where, "skip", "a Drive call outside the replayed set"))
            continue
        try:
            _replay_one(emulator, session, ids, request, response, where)
        except AssertionError as exc:
            reason = str(exc).split("\n")[0].removeprefix(where).lstrip(": ")
            outcomes.append(Outcome(where, "fail", reason or "answer differs from the recording"))
        else:
            outcomes.append(Outcome(where, "pass"))
    return outcomes


def _replay_one(
    emulator: Emulator,
    session: AuthorizedSession,
    ids: Ids,
    request: dict[str, Any],
    response: dict[str, Any],
    where: str,
) -> None:
    method, uri = request["method"], request["uri"]
    parts = urlsplit(uri)
    url = emulator.base_url + ids.path(parts.path) + ("?" + ids.path(parts.query) if
                                                       parts.query else "")  # fmt: skip
    body = ids.path(request["body"]) if request["body"] else None
    sent_as = (request.get("headers") or {}).get("Content-Type") or ["application/json"]
    answer = session.request(method, url, data=body, headers={"Content-Type": sent_as[0]})
    code = response["status"]["code"]
    assert answer.status_code == code, f"{where}: {answer.status_code} not {code}: {answer.text}"
    text = response["body"]["string"]
    if "/export" in parts.path:
        assert answer.text == text, where
        return
    if not text.strip():
        return
    expected, got = json.loads(text), answer.json()
    ids.learn(expected, got)
    _compare(ids.mapped(expected), got, _operation(method, uri), where)


IN_SCOPE = [c for c in CASSETTES if c.stem not in OUT_OF_SCOPE]


def test_the_recordings_are_there_and_out_of_scope_names_real_cassettes() -> None:
    assert IN_SCOPE, f"no gspread recordings in {FIXTURES}"
    assert set(OUT_OF_SCOPE) <= {c.stem for c in CASSETTES}


@pytest.mark.parametrize("cassette", IN_SCOPE, ids=lambda p: p.stem)
def test_emulator_answers_like_the_recording(emulator: Emulator, cassette: Path) -> None:
    outcomes = replay(emulator, cassette)
    failures = [f"{o.where}: {o.reason}" for o in outcomes if o.status == "fail"]
    assert not failures, "\n".join(failures)
    assert any(o.status == "pass" for o in outcomes)
