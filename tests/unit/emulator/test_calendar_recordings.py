"""Replay the real Calendar recordings (handley-calendar) against the emulator's routes.

Every recorded call on the user's own calendar is sent again (same method, path, query and
body, recorded event ids mapped to ours); the answer must have the recorded status, the same
fields, the same start/end as Google wrote them, and, for errors, the very same body.
Calls on calendars that only existed in that account (group and holiday calendars) and the
OAuth 401/token traffic are skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import yaml

from tests.fixture_paths import RECORDINGS
from tests.unit.emulator.calendar_client import call
from workspace_emulator.calendar.store import set_user_timezone
from workspace_emulator.core.framework import Store

FIXTURES = RECORDINGS / "handley-calendar"
CASSETTES = sorted(FIXTURES.glob("*.yaml"))
USER = "user@example.com"  # the redacted owner of the recorded account
FOREIGN = ("group.calendar.google.com", "group.v.calendar.google.com")


def _api_call(it: dict[str, Any]) -> bool:
    """An API call proper: not a 401 retry, not an OAuth token call."""
    return (
        it["response"]["status"]["code"] != 401
        and urlsplit(it["request"]["uri"]).netloc == "www.googleapis.com"
    )


def _replayable(uri: str) -> bool:
    path = unquote(urlsplit(uri).path)
    return "nonexistent" in path or not any(host in path for host in FOREIGN)


def _body(text: str | None) -> Any:
    return json.loads(text) if text and text.strip() else None


@dataclass
class Outcome:
    """One recorded interaction replayed: ``pass``, ``fail`` or ``skip`` (out of scope)."""

    where: str
    status: Literal["pass", "fail", "skip"]
    reason: str = ""


def replay(cassette: Path) -> list[Outcome]:
    """Replay every interaction of ``cassette`` on a fresh store; one outcome each (401s and
    token calls included, as out of scope; a mismatch does not stop the replay)."""
    store = Store()
    set_user_timezone(store, USER, "Europe/London")  # the recorded calendar's zone
    ids: dict[str, str] = {}
    outcomes = []
    for it in yaml.safe_load(cassette.read_text())["interactions"]:
        request = it["request"]
        parts = urlsplit(request["uri"])
        where = f"{cassette.stem} {request['method']} {parts.path}"
        if not _api_call(it):
            reason = "OAuth token refresh" if parts.netloc != "www.googleapis.com" else "401 retry"
            outcomes.append(Outcome(where, "skip", reason))
            continue
        if not _replayable(request["uri"]):
            outcomes.append(Outcome(where, "skip", "a calendar only that account had"))
            continue
        try:
            _replay_one(store, ids, it, where)
        except AssertionError as exc:
            reason = str(exc).split("\n")[0].removeprefix(where).lstrip(": ")
            outcomes.append(Outcome(where, "fail", reason or "answer differs from the recording"))
        else:
            outcomes.append(Outcome(where, "pass"))
    return outcomes


def _replay_one(store: Store, ids: dict[str, str], it: dict[str, Any], where: str) -> None:
    request, response = it["request"], it["response"]
    parts = urlsplit(request["uri"])
    path = parts.path
    for recorded, ours in ids.items():
        path = path.replace(recorded, ours)
    params: dict[str, Any] = {}
    for name, value in parse_qsl(parts.query):
        if name != "alt":
            params.setdefault(name, []).append(value)
    status, body = call(store, request["method"], path, _body(request["body"]), user=USER, **params)
    expected = _body(response["body"]["string"])
    code = response["status"]["code"]
    assert status == code, f"{where}: {status} not {code}: {body}"
    if status >= 400:
        assert body == expected, where
        return
    if expected is None:
        return
    _compare(expected, body, where)
    if expected.get("kind") == "calendar#event" and request["method"] == "POST":
        ids[expected["id"]] = body["id"]


def test_the_recordings_are_there() -> None:
    assert CASSETTES, f"no calendar recordings in {FIXTURES}"


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.stem)
def test_emulator_answers_like_the_recording(cassette: Path) -> None:
    outcomes = replay(cassette)
    failures = [f"{o.where}: {o.reason}" for o in outcomes if o.status == "fail"]
    assert not failures, "\n".join(failures)
    assert any(o.status == "pass" for o in outcomes)


def _compare(expected: dict[str, Any], got: dict[str, Any], where: str) -> None:
    kind = expected.get("kind")
    if kind == "calendar#calendarList":
        assert set(got) == set(expected) - {"nextSyncToken"}, where
        return
    if kind == "calendar#event" and expected.get("status") == "cancelled":
        assert got["status"] == "cancelled", where
        return
    assert set(got) == set(expected), f"{where}: {sorted(set(got) ^ set(expected))}"
    if kind == "calendar#event":
        for field in ("start", "end", "status", "summary", "description", "sequence"):
            assert got.get(field) == expected.get(field), f"{where}: {field}"
        assert got["creator"] == expected["creator"] and got["organizer"] == expected["organizer"]
    if kind == "calendar#freeBusy":
        assert set(got["calendars"]) == set(expected["calendars"]), where
        assert got["timeMin"] == expected["timeMin"], where
