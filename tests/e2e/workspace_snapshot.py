"""The Workspace as a person sees it, from the emulator's store: which files, docs, events,
invitations and tracker cells exist, with ids, ports and random digests normalized away, so
that two runs can be compared (a duplicate shows as a count of 2)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from workspace_emulator.core.server import Emulator

LOOPBACK = re.compile(r"http://127\.0\.0\.1:\d+")
RANDOM_TAGS = {"revision"}  # a digest of the template's revision id, which is random
ID = re.compile(r"[A-Za-z0-9_-]{25,}")  # Drive/Docs/Sheets ids and event ids in text
MEET = re.compile(r"https://meet\.google\.com/[a-z-]+")  # random per conference


def snapshot(emulator: Emulator) -> dict[str, Any]:
    """The Workspace as a person sees it: which files, docs, events, invitations and tracker
    cells exist, with ids and timestamps normalized away (duplicates show as counts > 1)."""
    store = emulator.store
    files = [f for f in store.all("files") if not f.get("trashed")]
    names = {f["id"]: f["name"] for f in files}
    # A Meet link stands for the event that carries it, so a doc showing another rep's link
    # still differs.
    meets = {
        entry["uri"]: f"<meet of {e['event'].get('summary')}>"
        for e in store.all("events")
        for entry in e["event"].get("conferenceData", {}).get("entryPoints", [])
    }

    def text(value: Any) -> str:
        value = LOOPBACK.sub("http://emulator", str(value))  # each attempt has its own port
        value = MEET.sub(lambda m: meets.get(m.group(0), "<meet of nothing>"), value)
        return ID.sub(lambda m: names.get(m.group(0), "<id>"), value)

    def contents(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "content" and isinstance(value, str):
                    yield value
                else:
                    yield from contents(value)
        elif isinstance(node, list):
            for item in node:
                yield from contents(item)

    return {
        "files": Counter(
            (
                f["name"],
                f["mimeType"],
                tuple(names.get(p, p) for p in f.get("parents", [])),
                tuple(
                    sorted(
                        (k, text(v))
                        for k, v in f.get("appProperties", {}).items()
                        if k not in RANDOM_TAGS
                    )
                ),
                tuple(sorted((p.get("emailAddress", ""), p["role"]) for p in f["permissions"])),
            )
            for f in files
        ),
        "docs": Counter(
            (d["title"], text("".join(contents(d.get("tabs") or d.get("body")))))
            for d in store.all("documents")
            if d["documentId"] in names
        ),
        "events": Counter(
            (
                e["calendarId"],
                e["event"].get("summary"),
                e["event"].get("status"),
                e["event"]["start"].get("dateTime"),
                text(e["event"].get("description", "")),
            )
            for e in store.all("events")
        ),
        "invitations": Counter((m["to"], m["subject"], m["method"]) for m in store.all("outbox")),
        "sheets": Counter(
            (s["properties"]["title"], sheet["properties"]["title"], r, text(_values(row)))
            for s in store.all("spreadsheets")
            if s["spreadsheetId"] in names
            for sheet in s["sheets"]
            for r, row in enumerate(sheet.get("rows", []))
            if any(row)
        ),
    }


def _values(row: list[Any]) -> list[Any]:
    return [next(iter((cell or {}).get("userEnteredValue", {"": ""}).values()), "") for cell in row]


def difference(got: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    """What is extra (+) or missing (-) in ``got``, per kind of thing."""
    out = {}
    for key in want:
        extra, missing = got[key] - want[key], want[key] - got[key]
        if extra or missing:
            out[key] = {"+": sorted(extra.elements()), "-": sorted(missing.elements())}
    return out
