"""Reading a team's rep docs for a week through the read ledger (``ledger``): only the docs
that changed since they were last read, and, for ``collect``, every doc's comments and the
revisions of a changed doc someone other than the rep edited last.

Calls: one ``documents.get`` (``spreadsheets.get`` for a Sheet-form doc) per changed doc; one
Drive batch holding a ``comments.list`` per doc (comments leave a doc's modified time alone,
so they are read every time) and a ``revisions.list`` per changed doc whose last editor is not
its rep.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from service.domain.parsed_doc import ParsedDoc
from service.domain.week import Week
from service.google.gateway import Gateway
from service.jobs.collect.ledger import Ledger, parse_key
from service.jobs.collect.rep_doc_read import read_rep_doc

COMMENT_FIELDS = "comments(author(emailAddress,me),deleted),nextPageToken"
REVISION_FIELDS = "revisions(modifiedTime,lastModifyingUser(emailAddress,me))"


def read_docs(
    gw: Gateway,
    user: str,
    ledger: Ledger,
    week: Week,
    docs: dict[str, dict[str, Any]],
    categories: Sequence[str] = (),
) -> dict[str, ParsedDoc]:
    """Each rep's parsed doc (rep -> Drive file as listed): from the ledger when the doc has
    not changed since it was read, else read now (and remembered)."""
    key = parse_key(tuple(categories))
    out: dict[str, ParsedDoc] = {}
    for rep, file in docs.items():
        parsed = ledger.parsed(week, rep, file, key)
        if parsed is None:
            parsed = read_rep_doc(gw, user, file, categories)
            ledger.remember(week, rep, file, key, parsed)
        out[rep] = parsed
    return out


def comments_and_edits(
    gw: Gateway,
    manager: str,
    ledger: Ledger,
    week: Week,
    docs: dict[str, dict[str, Any]],
    categories: Sequence[str] = (),
) -> dict[str, tuple[int, datetime | None]]:
    """Per rep: the manager's comments on the doc, and the rep's last edit when someone else
    edited after them (from revisions, or the ledger for an unchanged doc): one Drive batch."""
    key = parse_key(tuple(categories))
    drive = gw.client("drive", manager)
    calls = []
    known: dict[str, datetime | None] = {}
    for rep, file in docs.items():
        request = drive.comments().list(fileId=file["id"], fields=COMMENT_FIELDS, pageSize=100)
        calls.append((f"c|{rep}", request))
        if last_editor(file) == rep:
            continue
        if ledger.untouched(week, rep, file) is not None:
            known[rep] = None  # nobody edited it since prepare: the rep never wrote
            continue
        found, edit = ledger.rep_edit(week, rep, file, key)
        if found:
            known[rep] = drive_time(edit)
            continue
        revisions = drive.revisions().list(fileId=file["id"], fields=REVISION_FIELDS, pageSize=1000)
        calls.append((f"r|{rep}", revisions))
    results = gw.execute_batch("drive", manager, calls, "1:1 doc") if calls else {}  # fmt: skip
    out: dict[str, tuple[int, datetime | None]] = {}
    for rep, file in docs.items():
        comments = results.get(f"c|{rep}")
        count = 0
        if isinstance(comments, dict):
            count = sum(
                1
                for c in comments.get("comments", [])
                if not c.get("deleted") and _is_me(c.get("author", {}), manager)
            )
        edit = known.get(rep)
        revisions = results.get(f"r|{rep}")
        if isinstance(revisions, dict):
            edits = [
                drive_time(r.get("modifiedTime"))
                for r in revisions.get("revisions", [])
                if str(r.get("lastModifyingUser", {}).get("emailAddress", "")).lower() == rep
            ]
            edit = max((e for e in edits if e), default=None)
            ledger.remember_rep_edit(week, rep, file, key, edit)
        out[rep] = (count, edit)
    return out


def last_editor(file: dict[str, Any]) -> str:
    """Who edited the doc last, as Drive lists it (lower case)."""
    return str(file.get("lastModifyingUser", {}).get("emailAddress", "")).lower()


def drive_time(value: Any) -> datetime | None:
    """An RFC 3339 time as Drive writes it (or as the ledger kept it)."""
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


def _is_me(author: dict[str, Any], manager: str) -> bool:
    return bool(author.get("me")) or str(author.get("emailAddress", "")).lower() == manager
