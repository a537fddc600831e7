"""A manager's private coach notes: one doc per rep that the rep can never open.

Seed 004 keeps "Coach Notes" and "Personal Notes" apart from the rep's own doc. A tab of the
rep's doc would not do: tabs share their doc's sharing, so the rep could read it. So each
team folder holds a "Coach notes" folder (made by the service acting as the manager, never
shared with a rep: it inherits the team folder's sharing, which is the manager, plus the
director only when ``privacy.share_docs_with_director`` is on) with one doc per rep. Each
week ``prepare`` puts a dated section at the top: the week's 1:1 time, a link to the rep's
doc and the open action items. The manager writes the rest. Nothing in these docs is ever
read by the service: their text cannot reach the tracker, the roll-up or a log.

Calls: one Docs ``batchUpdate`` per rep and week. The rep's folder names the notes doc (its
``coach_notes`` tag; the folders are listed by ``prepare`` anyway); only the first week a rep
appears costs a ``files.list`` per team and a Drive batch to make the doc and tag the folder.
The rep doc's ``coach`` tag names the rep's notes doc (set by the copy that makes the doc;
in a rep's first week, when the notes doc is made after the copy, by one Drive batch), and the
tracker links it. That this week's section is written is recorded in the team's read ledger
(``service.jobs.collect.ledger``) with the doc's prefill; a re-run after a crash before the
ledger's save reads the notes doc once, looking for this week's named range.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Final

from service.domain.model import Rep, Team
from service.domain.week import Week
from service.errors import WorkspaceError
from service.google import tags
from service.google.drive import find_files
from service.jobs.base import Deps, TeamReport
from service.jobs.install.folders import TeamFolders
from service.templates import Prefill
from service.templates.prefill import MEETING_FIELD

log = logging.getLogger(__name__)
COACH: Final[str] = "coach"  # rep doc tag: the id of the rep's notes doc
NOTES_DOC: Final[str] = "coach_notes"  # rep folder tag: the id of the rep's notes doc
FOLDER_MIME: Final[str] = "application/vnd.google-apps.folder"
DOC_MIME: Final[str] = "application/vnd.google-apps.document"
HINT: Final[str] = "Your private notes for this 1:1 (the rep cannot open this doc)"
GREY: Final[dict[str, Any]] = {"color": {"rgbColor": {"red": 0.6, "green": 0.6, "blue": 0.6}}}


@dataclass(frozen=True)
class CoachEntry:
    """What this week's section of one rep's notes says."""

    rep: Rep
    meeting: str  # the 1:1 time as the rep's doc shows it
    doc_title: str
    doc_url: str
    open_items: tuple[str, ...]  # "Rep: ..." / "Manager: ..." lines carried over


def coach_entries(
    reps: list[Rep], docs: dict[str, dict[str, Any]], prefills: dict[str, Prefill]
) -> list[CoachEntry]:
    """This week's section of each rep's notes, from their doc and its prefill."""
    return [
        CoachEntry(
            rep=rep,
            meeting=prefills[rep.email].fields.get(MEETING_FIELD, ""),
            doc_title=str(docs[rep.email].get("name", "")),
            doc_url=str(docs[rep.email].get("webViewLink", "")),
            open_items=prefills[rep.email].commitments,
        )
        for rep in reps
    ]


def coach_notes_url(doc: dict[str, Any]) -> str | None:
    """The link to the notes doc named by a rep doc's ``coach`` tag: the rep doc's own link
    with the id swapped (both are Docs, so Google and the emulator link them alike)."""
    notes, url = doc.get("appProperties", {}).get(COACH), doc.get("webViewLink")
    if not notes or not url or doc.get("mimeType") != DOC_MIME or doc.get("id") not in url:
        return None
    return str(url).replace(str(doc["id"]), str(notes))


def section_name(week: Week) -> str:
    """The named range over a week's heading: how a re-run knows it is there."""
    return f"coach_week_{week.label}"


def write_coach_notes(
    deps: Deps,
    team: Team,
    week: Week,
    folders: TeamFolders,
    entries: list[CoachEntry],
    report: TeamReport,
    *,
    check: set[str],
) -> dict[str, str]:
    """Put this week's section at the top of each rep's notes doc (made when missing).
    Returns rep e-mail -> notes doc id for the reps whose section is there. Reps in ``check``
    may have it already (a crash after the write): their doc is read first."""
    if not entries or deps.dry_run or folders.team_folder is None:
        report.actions.extend(
            f"would add this week's coach notes for {e.rep.email}" for e in entries
        )
        return {}
    docs = {
        email: str(folder["appProperties"][NOTES_DOC])
        for email, folder in folders.rep_folders.items()
        if folder.get("appProperties", {}).get(NOTES_DOC)
    }
    missing = [e.rep for e in entries if e.rep.email not in docs]
    if missing:
        docs |= _find_or_make(deps, team, folders, missing, report)
    manager, done = team.manager.email, {}
    for entry in entries:
        doc_id = docs.get(entry.rep.email)
        if doc_id is None:
            continue
        try:
            if entry.rep.email in check and _has_section(deps, manager, doc_id, week):
                done[entry.rep.email] = doc_id
                continue
            _prepend(deps, manager, doc_id, week, entry)
        except WorkspaceError as exc:
            if exc.after_lost_reply:
                raise  # maybe written: the team's job runs again and looks first
            report.warnings.append(f"{entry.rep.email}: coach notes not written ({exc})")
            continue
        report.count("coach_notes_written")
        done[entry.rep.email] = doc_id
    return done


def _find_or_make(
    deps: Deps, team: Team, folders: TeamFolders, reps: list[Rep], report: TeamReport
) -> dict[str, str]:
    """The notes docs of ``reps`` (whose folders do not name one yet): found by their tags
    (one files.list), else made; each rep folder then names its doc."""
    gw, manager = deps.gateway, team.manager.email
    query = tags.drive_query(team=team.id) + (
        f" and (appProperties has {{ key='{tags.KIND}' and value='{tags.KIND_COACH_FOLDER}' }}"
        f" or appProperties has {{ key='{tags.KIND}' and value='{tags.KIND_COACH_NOTES}' }})"
    )
    files = find_files(
        gw, manager, query, fields="id,createdTime,appProperties", what="coach notes"
    )
    files.sort(key=lambda f: (f.get("createdTime", ""), f["id"]))  # the oldest wins
    kinds = [(f["appProperties"].get(tags.KIND), f) for f in files]
    folder = next((f["id"] for kind, f in kinds if kind == tags.KIND_COACH_FOLDER), None)
    found: dict[str, str] = {}
    for kind, file in kinds:
        if kind == tags.KIND_COACH_NOTES and file["appProperties"].get(tags.REP):
            found.setdefault(file["appProperties"][tags.REP], file["id"])
    assert folders.team_folder is not None
    if folder is None:
        folder = _create_folder(deps, team, folders.team_folder["id"])
    found |= _create_docs(deps, team, folder, [r for r in reps if r.email not in found], report)
    _name_in_folders(
        deps, team, folders, {r.email: found[r.email] for r in reps if r.email in found}
    )
    return found


def _name_in_folders(deps: Deps, team: Team, folders: TeamFolders, docs: dict[str, str]) -> None:
    """Each rep folder names its notes doc (one Drive batch), so later weeks need no list."""
    drive = deps.gateway.client("drive", team.manager.email)
    calls = [
        (email, drive.files().update(
            fileId=folders.rep_folders[email]["id"],
            body={"appProperties": {NOTES_DOC: doc_id}}, fields="id",
        ))
        for email, doc_id in docs.items()
        if email in folders.rep_folders
    ]  # fmt: skip
    if calls:
        deps.gateway.execute_batch("drive", team.manager.email, calls, "rep folder tag")


def _create_folder(deps: Deps, team: Team, parent: str) -> str:
    manager = deps.gateway.client("drive", team.manager.email)
    body = {
        "name": "Coach notes (private)",
        "mimeType": FOLDER_MIME,
        "parents": [parent],
        "appProperties": tags.tags(kind=tags.KIND_COACH_FOLDER, team=team.id),
    }
    created = deps.gateway.execute(
        manager.files().create(body=body, fields="id"), team.manager.email, "coach notes folder"
    )
    return str(created["id"])


def _create_docs(
    deps: Deps, team: Team, folder: str, reps: list[Rep], report: TeamReport
) -> dict[str, str]:
    """One Drive batch of notes docs, each tagged in its create call (found again, not made
    twice, by a re-run)."""
    if not reps:
        return {}
    drive = deps.gateway.client("drive", team.manager.email)
    calls = []
    for rep in reps:
        body = {
            "name": f"Coach notes - {rep.name} (private)",
            "mimeType": DOC_MIME,
            "parents": [folder],
            "appProperties": tags.tags(kind=tags.KIND_COACH_NOTES, team=team.id, rep=rep.email),
        }
        calls.append((rep.email, drive.files().create(body=body, fields="id")))
    results = deps.gateway.execute_batch("drive", team.manager.email, calls, "coach notes doc")
    made: dict[str, str] = {}
    for email, result in results.items():
        if isinstance(result, dict):
            made[email] = str(result["id"])
            report.count("coach_docs_created")
        else:
            report.warnings.append(f"{email}: coach notes doc not created ({result})")
    return made


def _has_section(deps: Deps, manager: str, doc_id: str, week: Week) -> bool:
    docs = deps.gateway.client("docs", manager).documents()
    doc = deps.gateway.execute(docs.get(documentId=doc_id), manager, "coach notes")
    return section_name(week) in doc.get("namedRanges", {})


def _prepend(deps: Deps, manager: str, doc_id: str, week: Week, entry: CoachEntry) -> None:
    docs = deps.gateway.client("docs", manager).documents()
    body = {"requests": section_requests(week, entry)}
    # Prepended twice the section would show twice: a lost answer is not retried blindly.
    request = docs.batchUpdate(documentId=doc_id, body=body)
    deps.gateway.execute(request, manager, "coach notes", idempotent=False)


def section_requests(week: Week, entry: CoachEntry) -> list[dict[str, Any]]:
    """Docs requests that insert this week's section at the start of the body."""
    heading = f"Week of {week.label}"
    items = entry.open_items or ("No open action items",)
    lines = [
        heading,
        f"1:1: {entry.meeting or 'not booked'}",
        f"Rep's doc: {entry.doc_title}",
        "Open action items:",
        *(f"• {item}" for item in items),
        HINT,
        "",
    ]
    text = "\n".join(lines) + "\n"
    starts, at = [], 1
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    heading_range = {"startIndex": 1, "endIndex": 1 + len(heading)}
    title_start = starts[2] + len("Rep's doc: ")
    hint_start = starts[-2]
    requests: list[dict[str, Any]] = [
        {"insertText": {"location": {"index": 1}, "text": text}},
        {
            "updateParagraphStyle": {
                "range": {"startIndex": 1, "endIndex": starts[1]},
                "paragraphStyle": {"namedStyleType": "HEADING_2"},
                "fields": "namedStyleType",
            }
        },
        {
            "updateParagraphStyle": {
                "range": {"startIndex": starts[1], "endIndex": at},
                "paragraphStyle": {"namedStyleType": "NORMAL_TEXT"},
                "fields": "namedStyleType",
            }
        },
        {
            "updateTextStyle": {
                "range": {"startIndex": hint_start, "endIndex": hint_start + len(HINT)},
                "textStyle": {"italic": True, "foregroundColor": GREY},
                "fields": "italic,foregroundColor",
            }
        },
        {"createNamedRange": {"name": section_name(week), "range": heading_range}},
    ]
    if entry.doc_url and entry.doc_title:
        title = {"startIndex": title_start, "endIndex": title_start + len(entry.doc_title)}
        link = {"range": title, "textStyle": {"link": {"url": entry.doc_url}}, "fields": "link"}
        requests.append({"updateTextStyle": link})
    return requests
