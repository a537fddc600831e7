"""Calendar's account-level reads: ``colors.get`` (Google's fixed "classic" palettes) and the
user's ``settings`` (``list`` and ``get``).

The palettes are the ones the API always answers, whatever colour set the user picked in the
UI. Settings are a new account's defaults, but ``timezone`` is the user's calendar time zone
(``store.set_user_timezone``). Every value is a string, as on Google.
"""

from __future__ import annotations

import hashlib
from typing import Any

from workspace_emulator.calendar import store as cs
from workspace_emulator.core.framework import ApiError, Request, Store

_CALENDAR_COLORS = (
    "#ac725e", "#d06b64", "#f83a22", "#fa573c", "#ff7537", "#ffad46", "#42d692", "#16a765",
    "#7bd148", "#b3dc6c", "#fbe983", "#fad165", "#92e1c0", "#9fe1e7", "#9fc6e7", "#4986e7",
    "#9a9cff", "#b99aff", "#c2c2c2", "#cabdbf", "#cca6ac", "#f691b2", "#cd74e6", "#a47ae2",
)  # fmt: skip
_EVENT_COLORS = ("#a4bdfc", "#7ae7bf", "#dbadff", "#ff887c", "#fbd75b", "#ffb878", "#46d6db",
                 "#e1e1e1", "#5484ed", "#51b749", "#dc2127")  # fmt: skip
_FOREGROUND = "#1d1d1d"
_PALETTE_UPDATED = "2012-02-14T00:00:00.000Z"
DEFAULT_SETTINGS = {
    "autoAddHangouts": "false", "dateFieldOrder": "MDY", "defaultEventLength": "60",
    "format24HourTime": "false", "hideInvitations": "false", "hideWeekends": "false",
    "locale": "en", "remindOnRespondedEventsOnly": "false", "showDeclinedEvents": "true",
    "timezone": cs.DEFAULT_TZ, "useKeyboardShortcuts": "true", "weekStart": "0",
}  # fmt: skip


def _palette(colors: tuple[str, ...]) -> dict[str, dict[str, str]]:
    return {str(i): {"background": color, "foreground": _FOREGROUND}
            for i, color in enumerate(colors, start=1)}  # fmt: skip


def get_colors(_store: Store, _request: Request) -> dict[str, Any]:
    """colors.get: the calendar and event palettes."""
    return {
        "kind": "calendar#colors",
        "updated": _PALETTE_UPDATED,
        "calendar": _palette(_CALENDAR_COLORS),
        "event": _palette(_EVENT_COLORS),
    }


def _etag(*parts: str) -> str:
    return '"' + hashlib.sha256("/".join(parts).encode()).hexdigest()[:16] + '"'


def _settings(store: Store, user: str) -> list[dict[str, str]]:
    values = {**DEFAULT_SETTINGS, "timezone": cs.timezone_name(store, user)}
    return [{"kind": "calendar#setting", "etag": _etag(user, name, value), "id": name,
             "value": value} for name, value in values.items()]  # fmt: skip


def list_settings(store: Store, request: Request) -> dict[str, Any]:
    """settings.list: every setting of the caller (one page: there are a dozen)."""
    items = _settings(store, request.user.lower())
    return {"kind": "calendar#settings", "etag": _etag(*(i["etag"] for i in items)),
            "items": items}  # fmt: skip


def get_setting(store: Store, request: Request) -> dict[str, Any]:
    """settings.get: one setting by id; an unknown id is Google's 404."""
    wanted = request.match["setting"]
    for item in _settings(store, request.user.lower()):
        if item["id"] == wanted:
            return item
    raise ApiError(404, "Not Found", reason="notFound")
