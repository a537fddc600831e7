"""Google Meet through the real Calendar client: ``conferenceData.createRequest`` answered as
Google answers it, kept on re-runs, and ignored without ``conferenceDataVersion=1``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import calendar_client

HOST, GUEST = "mia.meet@example.com", "gus.meet@example.com"
MEET_URI = re.compile(r"https://meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}")


def meeting(
    ident: str, request_id: str = "oneonone-1", kind: str = "hangoutsMeet"
) -> dict[str, Any]:
    return {
        "id": ident,
        "summary": "1:1 Gus / Mia",
        "start": {"dateTime": "2026-03-02T14:00:00Z"},
        "end": {"dateTime": "2026-03-02T14:45:00Z"},
        "attendees": [{"email": GUEST}],
        "conferenceData": {
            "createRequest": {"requestId": request_id, "conferenceSolutionKey": {"type": kind}}
        },
    }


def events(emulator: Emulator, user: str = HOST) -> Any:
    return calendar_client(emulator, user).events()


def test_create_request_gets_a_meet_conference(emulator: Emulator) -> None:
    made = events(emulator).insert(calendarId="primary", body=meeting("meet00001"),
                                   conferenceDataVersion=1).execute()  # fmt: skip
    data = made["conferenceData"]
    assert data["createRequest"] == {"requestId": "oneonone-1",
                                     "conferenceSolutionKey": {"type": "hangoutsMeet"},
                                     "status": {"statusCode": "success"}}  # fmt: skip
    (video,) = [e for e in data["entryPoints"] if e["entryPointType"] == "video"]
    assert MEET_URI.fullmatch(video["uri"])
    assert data["conferenceId"] == video["uri"].rsplit("/", 1)[1]
    assert data["conferenceSolution"]["key"] == {"type": "hangoutsMeet"}
    assert data["conferenceSolution"]["name"] == "Google Meet"
    assert made["hangoutLink"] == video["uri"]
    got = events(emulator, GUEST).get(calendarId="primary", eventId="meet00001").execute()
    assert got["hangoutLink"] == video["uri"]  # the guest's copy has the link


def test_re_runs_and_plain_patches_keep_the_link(emulator: Emulator) -> None:
    api = events(emulator)
    first = api.insert(calendarId="primary", body=meeting("meet00002"),
                       conferenceDataVersion=1).execute()["hangoutLink"]  # fmt: skip
    again = api.patch(calendarId="primary", eventId="meet00002", body=meeting("meet00002"),
                      conferenceDataVersion=1).execute()  # fmt: skip
    assert again["hangoutLink"] == first
    plain = api.patch(calendarId="primary", eventId="meet00002",
                      body={"summary": "Moved", "conferenceData": None}).execute()  # fmt: skip
    assert plain["hangoutLink"] == first  # without conferenceDataVersion the body's is ignored
    whole = api.update(calendarId="primary", eventId="meet00002",
                       body={**meeting("meet00002"), "conferenceData": None}).execute()  # fmt: skip
    assert whole["conferenceData"]["conferenceId"] == first.rsplit("/", 1)[1]
    fresh = api.patch(calendarId="primary", eventId="meet00002", body=meeting("meet00002", "new"),
                      conferenceDataVersion=1).execute()  # fmt: skip
    assert MEET_URI.fullmatch(fresh["hangoutLink"]) and fresh["hangoutLink"] != first


def test_without_conference_data_version_the_request_is_ignored(emulator: Emulator) -> None:
    made = events(emulator).insert(calendarId="primary", body=meeting("meet00003")).execute()
    assert "conferenceData" not in made and "hangoutLink" not in made


@pytest.mark.parametrize("kind", ["eventHangout", "addOn", "nonsense"])
def test_a_conference_type_calendar_does_not_allow_is_a_400(emulator: Emulator, kind: str) -> None:
    with pytest.raises(HttpError) as caught:
        events(emulator).insert(calendarId="primary", body=meeting("meet00004", kind=kind),
                                conferenceDataVersion=1).execute()  # fmt: skip
    assert caught.value.resp.status == 400
