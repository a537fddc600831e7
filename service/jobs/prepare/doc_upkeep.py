"""Keeping the week's docs right after they are made: a duplicate left by a retried copy is
trashed, and a doc whose 1:1 moved gets the new time (its ``meeting`` tag says which time the
doc shows, so nothing is read when nothing moved)."""

from __future__ import annotations

from datetime import UTC
from typing import Any, Final

from service.domain.model import Meeting, Rep, Team
from service.domain.week import Week
from service.errors import WorkspaceError
from service.google import tags
from service.jobs.base import Deps, TeamReport
from service.jobs.prepare.doc_content import meeting_time
from service.templates.prefill import meeting_start, meeting_update

MEETING: Final[str] = "meeting"  # appProperty: the 1:1 start the doc shows ("" = not booked)


def meeting_key(meeting: Meeting | None) -> str:
    """A 1:1's start as the ``meeting`` tag records it (in UTC: a planned 1:1 and the same
    one read back from Calendar compare equal)."""
    return meeting.start.astimezone(UTC).isoformat() if meeting else ""


def update_meeting_times(
    deps: Deps,
    team: Team,
    files: dict[str, dict[str, Any]],
    reps: list[Rep],
    meetings: dict[str, Meeting],
    report: TeamReport,
) -> None:
    """The 1:1 moved (or was booked) since the doc was prefilled: rewrite the meeting time in
    the doc (one Docs read and one write each, only for those: the read places the Meet link and
    guards the write) and its ``meeting`` tag (one Drive batch)."""
    gw, manager = deps.gateway, team.manager.email
    drive = gw.client("drive", manager)
    docs = gw.client("docs", manager).documents()
    tags_to_set = []
    for rep in reps:
        file = files[rep.email]
        text = meeting_time(meetings.get(rep.email), rep.timezone)
        if deps.dry_run:
            report.actions.append(f"would write the new 1:1 time in the doc of {rep.email}")
            continue
        try:
            # Read first: the video address is made a link where the line starts, and the
            # write is guarded by the revision it was planned on.
            doc = gw.execute(docs.get(documentId=file["id"]), manager, "1:1 doc")
            body = {
                "requests": meeting_update(text, meeting_start(doc)),
                "writeControl": {"requiredRevisionId": doc["revisionId"]},
            }
            gw.execute(docs.batchUpdate(documentId=file["id"], body=body), manager, "1:1 doc time")
        except WorkspaceError as exc:
            report.warnings.append(f"{rep.email}: the doc's 1:1 time not updated ({exc})")
            continue
        report.count("meeting_times_updated")
        tag = {MEETING: meeting_key(meetings.get(rep.email))}
        tags_to_set.append(
            (
                rep.email,
                drive.files().update(
                    fileId=file["id"], body={"appProperties": tag}, fields="id",
                    supportsAllDrives=True,
                ),
            )
        )  # fmt: skip
    if tags_to_set:
        gw.execute_batch("drive", manager, tags_to_set, "1:1 doc tag")


def remove_duplicates(
    deps: Deps, manager: str, week: Week, duplicates: list[dict[str, Any]], report: TeamReport
) -> None:
    """Trash the younger copies of a rep's doc (a copy retried after a lost reply), unless
    the rep already wrote in one: that one is kept and the manager told."""
    trash = []
    for file in duplicates:
        rep = file["appProperties"][tags.REP]
        edited_by = str(file.get("lastModifyingUser", {}).get("emailAddress", "")).lower()
        if edited_by == rep.lower():
            report.warnings.append(
                f"{rep}: two docs for the week of {week}; the rep wrote in "
                f"{file.get('webViewLink', file['id'])}, which is kept"
            )
            continue
        if deps.dry_run:
            report.actions.append(f"would trash a duplicate doc of {rep}")
            continue
        drive = deps.gateway.client("drive", manager)
        request = drive.files().update(
            fileId=file["id"], body={"trashed": True}, supportsAllDrives=True, fields="id"
        )
        trash.append((file["id"], request))
    if trash:
        results = deps.gateway.execute_batch("drive", manager, trash, "duplicate 1:1 doc")
        removed = sum(not isinstance(r, Exception) for r in results.values())
        report.count("duplicates_trashed", removed)


def tag_docs(
    deps: Deps,
    manager: str,
    docs: dict[str, dict[str, Any]],
    wanted: dict[str, dict[str, str]],
    report: TeamReport,
) -> None:
    """Add appProperties to rep docs (rep e-mail -> tags) in one Drive batch; the Drive files
    in ``docs`` are updated to match."""
    if not wanted:
        return
    drive = deps.gateway.client("drive", manager)
    calls = []
    for email, tag in wanted.items():
        file = docs[email]
        body = {"appProperties": tag}
        calls.append(
            (email, drive.files().update(fileId=file["id"], body=body, fields="id",
                                         supportsAllDrives=True))
        )  # fmt: skip
        file["appProperties"] = {**file.get("appProperties", {}), **tag}
    results = deps.gateway.execute_batch("drive", manager, calls, "1:1 doc tag")
    for key, result in results.items():
        if isinstance(result, WorkspaceError):
            report.warnings.append(f"{key}: doc tags not set ({result})")
