"""The reps' previous 1:1 docs, read for what carries over into the new one.

One ``files.list`` finds the team's docs of the last five weeks (a monthly rep's last doc is at
most five weeks old); one ``documents.get`` (or ``spreadsheets.get`` for a Sheet-form doc) per
rep reads the most recent, without the manager's private tabs, and the parser turns it into a
submission.

A rep who just moved in from another manager's team has no earlier doc here: their last doc
is the old manager's, which the new manager cannot open (and which, with the ``drive.file``
scope, only the manager it was made as can list). It is looked for as each other manager, one
``files.list`` each until found, only for such a rep in a team that has run before (not in a
team's first week, not for a new hire: a start date inside the look-back), so once per move.
From a doc of another team only the rep's own commitments carry over; the old manager's
promises stay with the old manager.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final

from service.domain.doc_parser import to_submission
from service.domain.model import Rep, Submission, Team
from service.domain.week import Week
from service.errors import WorkspaceError
from service.google import tags
from service.google.drive import find_files
from service.google.gateway import Gateway
from service.jobs.base import TeamReport
from service.jobs.collect.rep_doc_read import read_rep_doc

LOOKBACK_WEEKS: Final[int] = 5


def last_submissions(
    gw: Gateway,
    team: Team,
    week: Week,
    reps: list[Rep],
    report: TeamReport,
    categories: Sequence[str] = (),
    other_managers: Sequence[str] = (),
) -> dict[str, tuple[Submission, str]]:
    """Each rep's most recent earlier doc, parsed (one files.list, one read each), so its
    commitments carry over with their coaching categories (``categories``); for a rep who
    moved in, found with the manager among ``other_managers`` who made it."""
    weeks = [week.monday - timedelta(days=7 * n) for n in range(1, LOOKBACK_WEEKS + 1)]
    clauses = " or ".join(
        f"appProperties has {{ key='{tags.WEEK}' and value='{day.isoformat()}' }}" for day in weeks
    )
    query = tags.drive_query(kind=tags.KIND_REP_DOC, team=team.id) + f" and ({clauses})"
    files = find_files(gw, team.manager.email, query, what=f"earlier 1:1 docs of {team.id}")
    latest = _latest_by_rep(files)
    out: dict[str, tuple[Submission, str]] = {}
    for rep in reps:
        reader, last = team.manager.email, latest.get(rep.email)
        if last is None and files and not (rep.start_date and rep.start_date >= weeks[-1]):
            reader, last = _moved_in(gw, rep, other_managers, clauses)
        if last is None:
            continue
        try:
            parsed = read_rep_doc(gw, reader, last, categories)
        except WorkspaceError as exc:
            report.warnings.append(f"{rep.email}: last doc not readable ({exc})")
            continue
        made = Week.parse(last["appProperties"][tags.WEEK])
        submission = to_submission(parsed, rep.email, made)
        if last["appProperties"].get(tags.TEAM) != team.id:
            submission = _rep_own(submission)
        out[rep.email] = (submission, str(last.get("webViewLink", "")))
    return out


def _moved_in(
    gw: Gateway, rep: Rep, managers: Sequence[str], clauses: str
) -> tuple[str, dict[str, Any] | None]:
    """(the manager who made it, the rep's latest doc) for a rep new to a team that has run
    before; each other manager is asked in turn (one files.list each) until one has it. A
    manager who cannot be asked is skipped: another team's trouble is not this team's."""
    query = tags.drive_query(kind=tags.KIND_REP_DOC, rep=rep.email) + f" and ({clauses})"
    for manager in dict.fromkeys(managers):
        try:
            found = find_files(gw, manager, query, what="earlier 1:1 docs of a moved rep")
        except WorkspaceError:
            continue
        if found:
            return manager, _latest_by_rep(found).get(rep.email)
    return "", None


def _latest_by_rep(files: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for file in sorted(files, key=lambda f: f.get("appProperties", {}).get(tags.WEEK, "")):
        rep = file.get("appProperties", {}).get(tags.REP)
        if rep:
            latest[rep] = file  # sorted by week: the last one kept is the most recent
    return latest


def _rep_own(submission: Submission) -> Submission:
    """Only the rep's own commitments (a doc of another team: another manager's promises)."""
    return dataclasses.replace(
        submission,
        commitments=tuple(c for c in submission.commitments if c.owner == "rep"),
        new_commitments=tuple(c for c in submission.new_commitments if c.owner == "rep"),
    )
