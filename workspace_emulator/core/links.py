"""Links in stored content as the HTML view draws them, so that each one opens something here.

What the emulator hands out is what Google would: a file's ``webViewLink`` names the emulator's
own address (with the port it ran on then), an event's ``htmlLink`` is Calendar's
``https://www.google.com/calendar/event?eid=...``. Drawn in the view, the first opens on
whatever port the emulator serves now, and the second opens the event's week on its calendar
(``/view/event/<eid>``), as clicking it in Google would open the event. Anything else is left
as it is.
"""

from __future__ import annotations

import base64
import binascii
import re

_OWN = re.compile(r"^https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(/view/[^\s]*)$")
_EVENT = re.compile(r"^https://www\.google\.com/calendar/event\?eid=([A-Za-z0-9_-]+)=*$")


def local_href(url: str) -> str:
    """Where a link found in stored content opens in this view."""
    if match := _OWN.match(url):
        return match.group(1)
    if match := _EVENT.match(url):
        return f"/view/event/{match.group(1)}"
    return url


def event_of(eid: str) -> tuple[str, str] | None:
    """(event id, calendar id) named by an ``eid`` (base64 of "id calendar"), or None."""
    try:
        decoded = base64.urlsafe_b64decode(eid + "=" * (-len(eid) % 4)).decode()
    except (binascii.Error, ValueError):
        return None
    event_id, _, calendar = decoded.partition(" ")
    return (event_id, calendar) if event_id and "@" in calendar else None
