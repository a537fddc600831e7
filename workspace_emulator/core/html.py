"""A read-only HTML view of the emulated Workspace, for people running the demo."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING, Any

from workspace_emulator.calendar.view import render_week_html
from workspace_emulator.core.framework import Request
from workspace_emulator.drive.acl import CONTENT_RENDERERS

if TYPE_CHECKING:
    from workspace_emulator.core.server import Emulator

STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}h1 a{text-decoration:none}"
)


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{STYLE}</style></head><body><h1><a href='/'>Workspace emulator</a></h1>"
        f"<h2>{escape(title)}</h2>{body}</body></html>"
    )


def render_page(emulator: Emulator, request: Request) -> tuple[int, str]:
    """(status, html) for ``/`` and ``/view/...``."""
    store = emulator.store
    parts = request.path.strip("/").split("/")
    with store.lock:
        if request.path == "/":
            return 200, _page("Overview", _index(store))
        if parts[:2] == ["view", "file"] and len(parts) == 3:
            return _file(store, parts[2])
        if parts[:2] == ["view", "calendar"] and len(parts) == 3:
            return _calendar(store, parts[2], request.arg("week"))
        if parts[:2] == ["view", "outbox"]:
            return 200, _page("Invitation outbox", _outbox(store))
    return 404, _page("Not found", "<p>Nothing here.</p>")


def _users(store: Any) -> list[str]:
    users: set[str] = set()
    for file in store.all("files"):
        users.update(o.get("emailAddress", "") for o in file.get("owners", []))
    for record in store.all("events"):
        users.add(str(record.get("calendarId", "")))
    return sorted(u for u in users if "@" in u)


def _index(store: Any) -> str:
    files = sorted(store.all("files"), key=lambda f: f.get("name", ""))
    rows = "".join(
        f"<tr><td><a href='/view/file/{escape(f['id'])}'>{escape(f.get('name', ''))}</a></td>"
        f"<td>{escape(f.get('mimeType', '').rsplit('.', 1)[-1])}</td>"
        f"<td>{escape(', '.join(o.get('emailAddress', '') for o in f.get('owners', [])))}</td>"
        f"<td>{escape(f.get('modifiedTime', ''))}</td></tr>"
        for f in files
        if not f.get("trashed")
    )
    monday = date.today() - timedelta(days=date.today().weekday())
    people = "".join(
        f"<li><a href='/view/calendar/{escape(u)}?week={monday.isoformat()}'>{escape(u)}</a></li>"
        for u in _users(store)
    )
    return (
        "<p><a href='/view/outbox'>Invitation outbox</a></p>"
        f"<h3>Calendars</h3><ul>{people}</ul>"
        f"<h3>Drive</h3><table><tr><th>Name</th><th>Type</th><th>Owner</th><th>Modified</th></tr>"
        f"{rows}</table>"
    )


def _file(store: Any, file_id: str) -> tuple[int, str]:
    file = store.get("files", file_id)
    if file is None:
        return 404, _page("Not found", "<p>No such file.</p>")
    render = CONTENT_RENDERERS.get(file.get("mimeType", ""))
    shared = ", ".join(
        f"{p.get('emailAddress', p.get('type'))} ({p.get('role')})"
        for p in file.get("permissions", [])
    )
    body = f"<p>Shared with: {escape(shared)}</p>"
    body += render(store, file_id) if render else f"<pre>{escape(str(file))}</pre>"
    return 200, _page(file.get("name", file_id), body)


def _calendar(store: Any, user: str, week: str | None) -> tuple[int, str]:
    try:
        start = date.fromisoformat(week) if week else date.today()
    except ValueError:
        return 400, _page("Bad week", "<p>week must be YYYY-MM-DD</p>")
    start -= timedelta(days=start.weekday())
    nav = (
        f"<p><a href='?week={(start - timedelta(days=7)).isoformat()}'>&larr; previous</a> | "
        f"<a href='?week={(start + timedelta(days=7)).isoformat()}'>next &rarr;</a></p>"
    )
    return 200, _page(
        f"{user}: week of {start.isoformat()}", nav + render_week_html(store, user, start)
    )


def _outbox(store: Any) -> str:
    mails = sorted(store.all("outbox"), key=lambda m: str(m.get("time", "")))
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(str(m.get(k, '')))}</td>" for k in ("time", "method", "to", "subject")
        )
        + "</tr>"
        for m in mails
    )
    return f"<table><tr><th>Time</th><th>Method</th><th>To</th><th>Subject</th></tr>{rows}</table>"
