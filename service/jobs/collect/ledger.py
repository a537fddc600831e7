"""The read ledger: what the jobs last read of each rep doc, so a doc is read again only when
it changed.

``remind`` and ``collect`` (Friday's, then Monday's re-collect) read the same docs within
three days, and most docs do not change between two of those runs. Each run lists the week's
docs anyway (one ``files.list``, which gives each doc's ``version`` and ``modifiedTime``);
the ledger keeps, per team and week, each doc's parse with the version and modified time it
was read at, and the rep's last edit when revisions were needed to find it. A doc whose
version and modified time are what the ledger says gives the same parse: it is not read
again. A doc edited since, by anyone, is. Comments do not change a Google Doc's modified
time (nor anything else Drive lists), so ``collect`` still reads every doc's comments.

Where it lives: a JSON file per team ("1:1 read ledger - <team>"), made by the service acting
as the manager in the team folder (so exactly who may open the team's docs may open it; never a
rep), found by the same ``files.list`` that finds the week's docs. It is a cache: a ledger that
is missing, broken, written by another version of the parser or behind because a run crashed
before saving it only makes the next run read more; it can never make a run read less than
what changed. Each run that learned something saves it once (one Drive write; the first time
one ``files.list`` for the team folder and a create). The weeks kept are the two latest.

It also records the reps ``remind`` nudged this week, so a re-run looks up no reminder event,
and the docs ``prepare`` finished (prefilled, and this week's coach notes written), so its
re-run reads none of them; a doc the ledger does not know finished (a crash before the save)
is read once to find the prefill's named range, as is its coach notes doc.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from googleapiclient.http import MediaInMemoryUpload

from service.domain.parsed_doc import ParsedDoc
from service.domain.parsed_json import parsed_from_json, parsed_to_json
from service.domain.week import Week
from service.errors import WorkspaceError
from service.google import tags
from service.google.drive import find_files
from service.google.gateway import Gateway

log = logging.getLogger(__name__)
MIME: Final[str] = "application/json"
FORMAT: Final[int] = 1
WEEKS_KEPT: Final[int] = 2
_SERVICE = Path(__file__).resolve().parents[2]
# The code a parse depends on: a change to any of these makes every entry stale.
_PARSER_SOURCES = (
    "domain/doc_parser.py", "domain/parsed_doc.py", "domain/commitments.py", "domain/energy.py",
    "domain/sections.py", "domain/doc_text.py", "domain/sheet_form.py", "domain/parsed_json.py",
    "jobs/collect/rep_doc_read.py",
)  # fmt: skip
_PARSER = hashlib.sha256(b"".join((_SERVICE / p).read_bytes() for p in _PARSER_SOURCES))


def parse_key(categories: tuple[str, ...] | list[str]) -> str:
    """What a parse depends on besides the doc: the parser's code and the coaching
    categories."""
    digest = _PARSER.copy()
    digest.update(json.dumps(list(categories)).encode())
    return digest.hexdigest()[:16]


def ledger_query() -> str:
    """The ``q`` clause that also finds the team's ledger in the week's doc listing."""
    return f"appProperties has {{ key='{tags.KIND}' and value='{tags.KIND_READ_LEDGER}' }}"


def _fingerprint(file: dict[str, Any]) -> list[str]:
    return [str(file.get("id")), str(file.get("version")), str(file.get("modifiedTime"))]


@dataclass
class Ledger:
    """One team's ledger as read; ``changed`` when a run added to it."""

    file_id: str | None = None
    weeks: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: bool = False

    def _week(self, week: Week) -> dict[str, Any]:
        return self.weeks.setdefault(week.label, {"docs": {}, "nudged": [], "prepared": {}})

    def _entry(self, week: Week, rep: str, file: dict[str, Any], key: str) -> dict[str, Any]:
        entry = self.weeks.get(week.label, {}).get("docs", {}).get(rep)
        if (
            isinstance(entry, dict)
            and entry.get("doc") == _fingerprint(file)
            and entry.get("key") == key
        ):
            return entry
        return {}

    def parsed(self, week: Week, rep: str, file: dict[str, Any], key: str) -> ParsedDoc | None:
        """The parse of ``file`` when it has not changed since it was read, else None."""
        data = self._entry(week, rep, file, key).get("parsed")
        if data is None:
            return None
        try:
            return parsed_from_json(data)
        except (KeyError, TypeError, ValueError):
            return None

    def remember(
        self, week: Week, rep: str, file: dict[str, Any], key: str, parsed: ParsedDoc
    ) -> None:
        """``file`` (as listed before it was read) parses to ``parsed``."""
        docs = self._week(week)["docs"]
        docs[rep] = {"doc": _fingerprint(file), "key": key, "parsed": parsed_to_json(parsed)}
        self.changed = True

    def rep_edit(self, week: Week, rep: str, file: dict[str, Any], key: str) -> tuple[bool, Any]:
        """(known, the rep's last edit as ISO text or None) for an unchanged ``file``."""
        entry = self._entry(week, rep, file, key)
        return ("rep_edit" in entry, entry.get("rep_edit"))

    def remember_rep_edit(
        self, week: Week, rep: str, file: dict[str, Any], key: str, edit: datetime | None
    ) -> None:
        """The rep's last edit of ``file``, found in its revisions."""
        entry = self._entry(week, rep, file, key)
        if entry:
            entry["rep_edit"] = edit.isoformat() if edit else None
            self.changed = True

    def prepared(self, week: Week, rep: str, doc_id: str) -> dict[str, str] | None:
        """What ``prepare`` finished for the rep's doc ``doc_id``: ``{"coach": notes doc id or
        ""}`` once the doc is prefilled; None when the ledger does not know it done."""
        entry = self.weeks.get(week.label, {}).get("prepared", {}).get(rep)
        if isinstance(entry, dict) and entry.get("id") == doc_id:
            return {"coach": str(entry.get("coach") or "")}
        return None

    def remember_prepared(self, week: Week, rep: str, doc_id: str, coach: str = "") -> None:
        """The rep's doc ``doc_id`` is prefilled (and this week's coach notes are in the
        notes doc ``coach``, when given)."""
        prepared = self._week(week).setdefault("prepared", {})
        entry = {"id": doc_id, "coach": coach}
        if prepared.get(rep) != entry:
            prepared[rep] = entry
            self.changed = True

    def remember_untouched(
        self, week: Week, rep: str, file: dict[str, Any], missing: tuple[str, ...]
    ) -> None:
        """``file`` as listed right after ``prepare`` finished it: while it stays so, nobody
        has touched it, so it lacks ``missing`` (the required sections, as its template)."""
        entry = self.weeks.get(week.label, {}).get("prepared", {}).get(rep)
        if isinstance(entry, dict) and entry.get("id") == file.get("id"):
            entry["untouched"] = {"doc": _fingerprint(file), "missing": list(missing)}
            self.changed = True

    def untouched(self, week: Week, rep: str, file: dict[str, Any]) -> tuple[str, ...] | None:
        """The sections ``file`` lacks when nobody has edited it since ``prepare`` (then it
        needs no read to know it incomplete, nor its revisions to know the rep never wrote);
        None when it may have been edited."""
        entry = self.weeks.get(week.label, {}).get("prepared", {}).get(rep)
        mark = entry.get("untouched") if isinstance(entry, dict) else None
        if isinstance(mark, dict) and mark.get("doc") == _fingerprint(file):
            return tuple(str(m) for m in mark.get("missing", []))
        return None

    def nudged(self, week: Week) -> set[str]:
        """The reps ``remind`` nudged for ``week``."""
        return set(self.weeks.get(week.label, {}).get("nudged", []))

    def add_nudged(self, week: Week, rep: str) -> None:
        """``rep`` has their nudge for ``week`` on the calendar."""
        nudged = self._week(week)["nudged"]
        if rep not in nudged:
            nudged.append(rep)
            self.changed = True


def ledger_file(files: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The team's ledger among the listed files (the oldest, should a lost reply have made a
    second)."""
    found = [f for f in files if f.get("appProperties", {}).get(tags.KIND) == tags.KIND_READ_LEDGER]
    found.sort(key=lambda f: (str(f.get("createdTime", "")), str(f.get("id", ""))))
    return found[0] if found else None


def load_ledger(gw: Gateway, user: str, file: dict[str, Any] | None) -> Ledger:
    """The ledger in ``file`` (one Drive read); an empty one when there is none or it cannot
    be read (a cache: the run then reads every doc)."""
    if file is None:
        return Ledger()
    request = gw.client("drive", user).files().get_media(fileId=file["id"])
    try:
        data = json.loads(gw.execute(request, user, "read ledger"))
    except (WorkspaceError, ValueError) as exc:
        log.warning("read ledger %s not used (%s)", file["id"], type(exc).__name__)
        return Ledger(file_id=file["id"], changed=True)
    weeks = data.get("weeks") if isinstance(data, dict) else None
    if not isinstance(weeks, dict) or data.get("format") != FORMAT:
        return Ledger(file_id=file["id"], changed=True)
    return Ledger(file_id=file["id"], weeks=weeks)


def save_ledger(
    gw: Gateway,
    user: str,
    team_id: str,
    team_name: str,
    ledger: Ledger,
    folder: str | None = None,
) -> None:
    """Write the ledger back when a run added to it (one Drive write; the first time, a
    create in the team folder ``folder``, looked up with one ``files.list`` when not given).
    A failure is logged: it only costs the next run some reads."""
    if not ledger.changed:
        return
    latest = sorted(ledger.weeks)[-WEEKS_KEPT:]
    content = {"format": FORMAT, "weeks": {w: ledger.weeks[w] for w in latest}}
    data = json.dumps(content, sort_keys=True).encode()
    media = MediaInMemoryUpload(data, mimetype=MIME, resumable=False)
    drive = gw.client("drive", user)
    try:
        if ledger.file_id:
            request = drive.files().update(fileId=ledger.file_id, media_body=media, fields="id")
        else:
            body = {
                "name": f"1:1 read ledger - {team_name}",
                "mimeType": MIME,
                "parents": [folder] if folder else _team_folder(gw, user, team_id),
                "appProperties": tags.tags(kind=tags.KIND_READ_LEDGER, team=team_id),
            }
            request = drive.files().create(body=body, media_body=media, fields="id")
        ledger.file_id = str(gw.execute(request, user, "read ledger")["id"])
    except WorkspaceError as exc:
        log.warning("read ledger of %s not saved (%s)", team_id, type(exc).__name__)
        return
    ledger.changed = False


def _team_folder(gw: Gateway, user: str, team_id: str) -> list[str]:
    query = tags.drive_query(kind=tags.KIND_TEAM_FOLDER, team=team_id)
    found = find_files(gw, user, query, fields="id,createdTime", what="team folder")
    found.sort(key=lambda f: (str(f.get("createdTime", "")), str(f["id"])))
    if not found:
        raise WorkspaceError(f"the team folder of {team_id} was not found; run install")
    return [str(found[0]["id"])]
