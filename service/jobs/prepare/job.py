"""Thursday's ``prepare``: plan and book next week's 1:1s, make and share each rep's doc.

Order matters for the invite to link the doc and the doc to show the meeting time and its
Meet link: plan first (reads only), then the docs are copied, then the bookings (with the doc
links; in the month's first 1:1 week, with the optional development sessions planned after
the 1:1s), then the docs are prefilled (with the times and Meet links), then the reps'
fill-in blocks. Every step finds what exists before it creates
anything, so a re-run or a run after a crash converges to the same Workspace.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from service.domain.cycle import week_to_prepare
from service.domain.model import Team
from service.domain.week import Week
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.book import apply_bookings, plan_bookings
from service.jobs.install.folders import close_departed_folders
from service.jobs.prepare.docs import prepare_docs
from service.jobs.prepare.fill_in import book_fill_in_blocks
from service.logs import add_labels

log = logging.getLogger(__name__)


def prepare_team(deps: Deps, team: Team, now: datetime, week: Week | None = None) -> TeamReport:
    """Prepare ``week`` (default: the week after ``now``) for one team."""
    week = week or week_to_prepare(now, team.timezone)
    add_labels(week=week.label)
    report = TeamReport(job="prepare", team=team.id, week=week.label)
    plan = plan_bookings(deps, team, week, now)
    meetings = {
        rep.email: meeting
        for rep in team.reps_due(week)
        if (meeting := plan.meeting(rep.email)) is not None
    }
    docs = prepare_docs(
        deps, team, week, meetings, now, report,
        book=lambda links: apply_bookings(deps, team, plan, links, report),
    )  # fmt: skip
    book_fill_in_blocks(deps, team, plan, docs, report)
    # Weekly, so a rep who left loses access to their docs without anyone running install.
    close_departed_folders(deps, team, now.astimezone(ZoneInfo(team.timezone)).date(), report)
    log.info("prepare %s: %s", team.id, report.counts)
    return report
