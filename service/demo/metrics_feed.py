"""The sample org's CRM export, refreshed before each demo week like a nightly export.

The demo's ``metrics.csv`` (rows ``rep_email, metric, goal, actual, as_of``) holds each rep's
actuals as of the day before Thursday's prepare (the ``as_of`` column says so, and pace counts
to that day): the goal, scaled to the part of the month gone by, times how well that rep is
doing (steady per rep, a little different each week), so the docs show some reps ahead, some
on pace and some behind, week after week.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import timedelta
from pathlib import Path

from service.domain.model import Role, Team
from service.domain.pacing import Period, period_span, working_days
from service.domain.week import Week

GOALS = {"pipeline_created": 120000, "meetings_booked": 24, "closed_won": 60000}


def _share(*parts: str) -> float:
    """A number in [0, 1) fixed by ``parts``."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def metrics_rows(teams: tuple[Team, ...], week: Week, period: Period) -> list[list[str]]:
    """The export's rows for the cycle that prepares ``week`` (header first)."""
    as_of = week.monday - timedelta(days=5)  # the Wednesday before Thursday's prepare
    start, end = period_span(period, as_of)
    elapsed = working_days(start, as_of) / max(1, working_days(start, end))
    rows = [["rep_email", "metric", "goal", "actual", "as_of"]]
    for rep in (r for team in teams for r in team.reps if r.role is Role.AE):  # not leaders
        form = 0.7 + 0.6 * _share(rep.email)  # 0.7 (behind) to 1.3 (ahead) of pace
        for metric, goal in GOALS.items():
            pace = form + 0.15 * (_share(rep.email, metric, week.label) - 0.5)
            actual = str(round(goal * elapsed * pace))
            rows.append([rep.email, metric, str(goal), actual, as_of.isoformat()])
    return rows


def write_metrics(path: Path, teams: tuple[Team, ...], week: Week, period: Period) -> None:
    """Write the export for ``week`` to ``path`` (the same file for the same week)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(metrics_rows(teams, week, period))
    path.write_text(out.getvalue(), encoding="utf-8")
