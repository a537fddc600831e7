"""A read-only HTML view of the emulated Workspace, for people running the demo: what Google
would show a person (a Drive tree, who can open a file and through which folder, formatted
sheets with their conditional formats, calendars at the weeks that have events). Pages come
from Jinja2 templates with autoescaping; the Docs and Calendar fragments they embed escape
everything user-supplied themselves.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.view import render_week_html
from workspace_emulator.core.charts import chart_svg
from workspace_emulator.core.framework import Request
from workspace_emulator.core.links import event_of
from workspace_emulator.drive.acl import CONTENT_RENDERERS, FILES, FOLDER

if TYPE_CHECKING:
    from workspace_emulator.core.server import Emulator

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals["chart_svg"] = chart_svg


def _render(template: str, **values: Any) -> str:
    return _ENV.get_template(template).render(**values)


def sheets_fragment(spreadsheet: dict[str, Any]) -> str:
    """A spreadsheet's tabs as a person sees them in Sheets (see ``sheets.page``)."""
    from workspace_emulator.sheets.page import shown_sheets

    return _render("sheets.html", sheets=shown_sheets(spreadsheet))


def render_page(emulator: Emulator, request: Request) -> tuple[int, str]:
    """(status, html) for ``/`` and ``/view/...``."""
    store = emulator.store
    parts = request.path.strip("/").split("/")
    with store.lock:
        if request.path == "/":
            return 200, _render("index.html", title="Overview", **_index(store))
        if parts[:2] == ["view", "file"] and len(parts) == 3:
            return _file(store, parts[2])
        if parts[:2] == ["view", "calendar"] and len(parts) == 3:
            return _calendar(store, parts[2], request.arg("week"))
        if parts[:2] == ["view", "event"] and len(parts) == 3:
            return _event(store, parts[2])
        if parts[:2] == ["view", "outbox"]:
            return 200, _render("plain.html", title="Invitation outbox", content=_outbox(store))
    return 404, _render("plain.html", title="Not found", content="Nothing here.")


def _kind(mime: str) -> str:
    return mime.rsplit(".", 1)[-1] if mime.startswith("application/vnd.google-apps") else mime


def _owner(file: dict[str, Any]) -> str:
    return ", ".join(o.get("emailAddress", "") for o in file.get("owners", []))


def _index(store: Any) -> dict[str, Any]:
    files = [f for f in store.all(FILES) if not f.get("trashed")]
    by_id = {f["id"]: f for f in files}
    children: dict[str, list[dict[str, Any]]] = {}
    roots: list[dict[str, Any]] = []
    for file in files:
        parent = next((p for p in file.get("parents", []) if p in by_id), None)
        (children.setdefault(parent, []) if parent else roots).append(file)

    def node(file: dict[str, Any], depth: int = 0) -> dict[str, Any]:
        is_folder = file.get("mimeType") == FOLDER
        kids = sorted(children.get(file["id"], []), key=lambda f: f.get("name", ""))
        return {
            "id": file["id"],
            "name": file.get("name", ""),
            "kind": _kind(file.get("mimeType", "")),
            "owner": _owner(file),
            "modified": file.get("modifiedTime", ""),
            "children": [node(k, depth + 1) for k in kids] if is_folder and depth < 20 else None,
        }

    tree = [
        node(f)
        for f in sorted(roots, key=lambda f: (f.get("mimeType") != FOLDER, f.get("name", "")))
    ]
    sheets = sorted(
        (
            {"id": f["id"], "name": f.get("name", ""), "owner": _owner(f)}
            for f in files
            if f.get("mimeType") == "application/vnd.google-apps.spreadsheet"
        ),
        key=lambda f: f["name"],
    )
    return {"tree": tree, "calendars": _calendars(store), "sheets": sheets}


def _calendars(store: Any) -> list[dict[str, Any]]:
    """Each calendar with the Mondays of the weeks that hold its events (latest first), so a
    link opens a week with something in it rather than today's."""
    weeks: dict[str, set[str]] = {}
    for record in store.all("events"):
        owner = str(record.get("calendarId", ""))
        if "@" not in owner or record.get("event", {}).get("status") == "cancelled":
            continue
        start = record.get("event", {}).get("start", {})
        day = str(start.get("dateTime") or start.get("date") or "")[:10]
        try:
            monday = date.fromisoformat(day)
        except ValueError:
            continue
        monday -= timedelta(days=monday.weekday())
        weeks.setdefault(owner, set()).add(monday.isoformat())
    for file in store.all(FILES):
        for owner in file.get("owners", []):
            weeks.setdefault(owner.get("emailAddress", ""), set())
    this_monday = date.today() - timedelta(days=date.today().weekday())
    out = []
    for email in sorted(e for e in weeks if "@" in e):
        found = sorted(weeks[email], reverse=True)
        out.append({"email": email, "week": found[0] if found else this_monday.isoformat(),
                    "weeks": found[:8]})  # fmt: skip
    return out


def _shares(store: Any, file: dict[str, Any]) -> list[dict[str, Any]]:
    """Who can open ``file``: its own permissions, then those it inherits from its folders."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    current: dict[str, Any] | None = file
    via: dict[str, Any] | None = None
    for _depth in range(20):
        if current is None:
            break
        for perm in current.get("permissions", []):
            who = perm.get("emailAddress") or perm.get("domain") or perm.get("type", "")
            if (who, perm.get("role", "")) in seen:
                continue
            seen.add((who, perm.get("role", "")))
            out.append({
                "who": who, "role": perm.get("role", ""),
                "via": via.get("name") if via else "", "via_id": via["id"] if via else "",
            })  # fmt: skip
        parent_id = next(iter(current.get("parents", [])), None)
        current = store.get(FILES, parent_id) if parent_id else None
        via = current
    return out


def _file(store: Any, file_id: str) -> tuple[int, str]:
    file = store.get(FILES, file_id)
    if file is None:
        return 404, _render("plain.html", title="Not found", content="No such file.")
    mime = file.get("mimeType", "")
    parent_id = next(iter(file.get("parents", [])), None)
    parent = store.get(FILES, parent_id) if parent_id else None
    children = None
    if mime == FOLDER:
        children = sorted(
            (
                {"id": f["id"], "name": f.get("name", ""), "kind": _kind(f.get("mimeType", ""))}
                for f in store.all(FILES)
                if file_id in f.get("parents", []) and not f.get("trashed")
            ),
            key=lambda f: f["name"],
        )
    content: Markup | str = ""
    if (render := CONTENT_RENDERERS.get(mime)) is not None:
        content = Markup(render(store, file_id))  # noqa: S704 - the renderer escapes its text
    return 200, _render(
        "file.html",
        title=file.get("name", file_id),
        kind=_kind(mime),
        owner=_owner(file),
        parent={"id": parent["id"], "name": parent.get("name", "")} if parent else None,
        shares=_shares(store, file),
        children=children,
        content=content,
    )


def _event(store: Any, eid: str) -> tuple[int, str]:
    """An event's ``htmlLink``, opened: the week holding it on its calendar, the event marked."""
    named = event_of(eid)
    if named is None:
        return 404, _render("plain.html", title="Not found", content="No such event.")
    event_id, calendar = named
    record = next(
        (r for r in cs.records(store, calendar.lower()) if r["event"].get("id") == event_id), None
    )
    if record is None:
        return 404, _render("plain.html", title="Not found", content="No such event.")
    start = record["event"].get("start", {})
    day = str(start.get("dateTime") or start.get("date") or "")[:10]
    return _calendar(store, calendar, day, shown=event_id)


def _calendar(store: Any, user: str, week: str | None, shown: str = "") -> tuple[int, str]:
    try:
        start = date.fromisoformat(week) if week else date.today()
    except ValueError:
        return 400, _render("plain.html", title="Bad week", content="week must be YYYY-MM-DD")
    start -= timedelta(days=start.weekday())
    previous, following = start - timedelta(days=7), start + timedelta(days=7)
    nav = Markup(
        '<p><a href="?week={}">&larr; previous</a> | <a href="?week={}">next &rarr;</a></p>'
    ).format(previous.isoformat(), following.isoformat())
    week_html = Markup(render_week_html(store, user, start, shown))  # noqa: S704 - escapes its text
    zone = cs.timezone_of(store, user.lower()).key
    return 200, _render(
        "plain.html", title=f"{user}: week of {start.isoformat()} ({zone})", content=nav + week_html
    )


def _outbox(store: Any) -> Markup:
    mails = sorted(store.all("outbox"), key=lambda m: str(m.get("time", "")))
    rows = Markup("").join(
        Markup("<tr>")
        + Markup("").join(
            Markup("<td>{}</td>").format(str(m.get(k, "")))
            for k in ("time", "method", "to", "subject")
        )
        + Markup("</tr>")
        for m in mails
    )
    head = Markup("<table><tr><th>Time</th><th>Method</th><th>To</th><th>Subject</th></tr>")
    return head + rows + Markup("</table>")
