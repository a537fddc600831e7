"""Google Meet on events: ``conferenceData`` as Calendar makes it from a ``createRequest``.

Only with ``conferenceDataVersion=1`` does Calendar read ``conferenceData``; without it the
body's conference is ignored and the event keeps the one it has. A ``createRequest`` whose
``requestId`` the event's conference already answered changes nothing (so a re-run keeps the
link); a new ``requestId`` makes a new conference.
https://developers.google.com/calendar/api/guides/create-events#conferencing
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from workspace_emulator.calendar.model import calendar_error

MEET = "hangoutsMeet"
SOLUTION = {
    "key": {"type": MEET},
    "name": "Google Meet",
    "iconUri": "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/"
    "logo_meet_2020q4_color_2x_web_512dp.png",
}


def conference(given: Any, previous: dict[str, Any] | None, version: int) -> dict[str, Any] | None:
    """The ``conferenceData`` to keep on an event written with ``given`` (None: none)."""
    old = (previous or {}).get("conferenceData")
    if version < 1:
        return old if isinstance(old, dict) else None
    if given is None:
        return None
    if not isinstance(given, dict):
        raise calendar_error(400, "Invalid conference data.", "invalid")
    create = given.get("createRequest")
    if create is None:
        if not given.get("conferenceSolution") or not given.get("entryPoints"):
            raise calendar_error(400, "Invalid conference data.", "invalid")
        return given
    if not isinstance(create, dict) or not isinstance(create.get("requestId"), str):
        raise calendar_error(400, "Invalid conference create request.", "invalid")
    kind = (create.get("conferenceSolutionKey") or {}).get("type")
    if kind != MEET:
        raise calendar_error(400, "Invalid conference type value.", "invalid")
    if old and (old.get("createRequest") or {}).get("requestId") == create["requestId"]:
        return dict(old)
    return new_meet(create["requestId"])


def new_meet(request_id: str) -> dict[str, Any]:
    """A Meet conference as Calendar answers a successful ``createRequest``."""
    code = "-".join(_letters(n) for n in (3, 4, 3))
    uri = f"https://meet.google.com/{code}"
    return {
        "createRequest": {
            "requestId": request_id,
            "conferenceSolutionKey": {"type": MEET},
            "status": {"statusCode": "success"},
        },
        "entryPoints": [
            {"entryPointType": "video", "uri": uri, "label": uri.removeprefix("https://")}
        ],
        "conferenceSolution": dict(SOLUTION),
        "conferenceId": code,
    }


def meet_link(data: dict[str, Any] | None) -> str | None:
    """The video entry point's URI (Calendar's ``hangoutLink``), if any."""
    for entry in (data or {}).get("entryPoints", []):
        if entry.get("entryPointType") == "video":
            return str(entry.get("uri"))
    return None


def _letters(n: int) -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))
