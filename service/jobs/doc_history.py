"""The reps' previous 1:1 docs, read for what carries over into the new one.

One ``files.list`` finds the team's docs of the last five weeks (a monthly rep's last doc is at
most five weeks old); one ``documents.get`` (or ``spreadsheets.get`` for a Sheet-form doc) per
rep reads the most recent, without the manager's private tabs, and the parser turns it into a
submission.
"""

from __future__ import annotations

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
from service.jobs.rep_doc_read import read_rep_doc

LOOKBACK_WEEKS: Final[int] = 5


def last_submissions(
    gw: Gateway,
    team: Team,
    week: Week,
    reps: list[Rep],
    report: TeamReport,
    categories: Sequence[str] = (),
) -> dict[str, tuple[Submission, str]]:
    """Each rep's most recent earlier doc, parsed (one files.list, one read each), so its
    commitments carry over with their coaching categories (``categories``)."""
    weeks = [week.monday - timedelta(days=7 * n) for n in range(1, LOOKBACK_WEEKS + 1)]
    clauses = " or ".join(
        f"appProperties has {{ key='{tags.WEEK}' and value='{day.isoformat()}' }}" for day in weeks
    )
    query = tags.drive_query(kind=tags.KIND_REP_DOC, team=team.id) + f" and ({clauses})"
    files = find_files(gw, team.manager.email, query, what=f"earlier 1:1 docs of {team.id}")
    latest: dict[str, dict[str, Any]] = {}
    for file in sorted(files, key=lambda f: f.get("appProperties", {}).get(tags.WEEK, "")):
        rep = file.get("appProperties", {}).get(tags.REP)
        if rep:
            latest[rep] = file  # sorted by week: the last one kept is the most recent
    out: dict[str, tuple[Submission, str]] = {}
    for rep in reps:
        last = latest.get(rep.email)
        if last is None:
            continue
        try:
            parsed = read_rep_doc(gw, team.manager.email, last, categories)
        except WorkspaceError as exc:
            report.warnings.append(f"{rep.email}: last doc not readable ({exc})")
            continue
        made = Week.parse(last["appProperties"][tags.WEEK])
        out[rep.email] = (to_submission(parsed, rep.email, made), str(last.get("webViewLink", "")))
    return out
