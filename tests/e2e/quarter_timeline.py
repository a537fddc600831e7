"""The quarter's timeline: every step of the 13 weeks, at its moment in its team's zone.

The jobs at the cycle's moments (teams sharing a moment run together, as their shared cron
entry does; one week through the real APScheduler instead), the reps answering and writing
(``behaviour``: when, whether they keep their commitments, whether they decline), and the
quarter's events: a hand-run collect before anything was prepared and one mid-quarter, the
vacation booked, the move, a 1:1 the manager deletes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from service.demo.timeline import moment
from service.domain.week import Week
from tests.e2e import quarter_org as q
from tests.e2e.quarter_run import NEW_YORK, QuarterRunner, at_local

# The jobs of config/example/schedule.yaml (the quarter's teams keep the default cycle).
CYCLE = (("prepare", "THU 09:00"), ("remind", "FRI 12:00"), ("collect", "FRI 16:00"),
         ("collect", "MON 07:00"))  # fmt: skip


def behaviour(team_i: int, rep_i: int, week_i: int) -> tuple[str | None, bool, bool]:
    """When a rep fills in their doc ("FRI 10:20", late on the weekend, or never), whether
    they keep the commitments carried over, and whether they decline the 1:1."""
    h = (3 * rep_i + 5 * week_i + 7 * team_i) % 11
    when = {0: None, 1: "SAT 10:00", 2: "SUN 20:10"}.get(
        h, f"FRI {9 + h // 3:02d}:{h % 3 * 20:02d}"
    )
    return when, h % 4 != 3, h == 5


def build_quarter(emulator: Any, root: Path) -> QuarterRunner:
    """Every step of the quarter on one timeline."""
    runner = QuarterRunner(emulator, root)
    org = runner.quarter.org
    teams = q.teams(org)
    add = runner.add
    # Before anything is prepared, a manager runs collect by hand on a Tuesday.
    add(
        at_local(date(2027, 1, 5), "10:00", NEW_YORK),
        "hand-run collect",
        runner.hand_run("collect"),
    )
    add(at_local(date(2027, 1, 6), "08:30", NEW_YORK), "install", runner.install)
    add(at_local(date(2027, 1, 6), "08:40", NEW_YORK), "vacation booked", runner.vacation)
    add(at_local(q.MOVE_WEEK - timedelta(days=5), "12:00", NEW_YORK), "move", runner.move)
    add(
        at_local(date(2027, 3, 2), "10:00", NEW_YORK),
        "hand-run collect",
        runner.hand_run("collect"),
    )
    # Teams whose job falls at one moment run together, as they share a cron entry.
    moments: dict[tuple[datetime, str, date], list[str]] = {}
    for week_i, monday in enumerate(q.WEEKS):
        week = Week(monday)
        for team_i, team in enumerate(teams.values()):
            zone = team.timezone

            def when(spec: str, week: Week = week, zone: str = zone) -> datetime:
                return moment(week, spec, zone)

            label = f"{team.id} {monday}"
            for job, spec in CYCLE:
                moments.setdefault((when(spec), job, monday), []).append(team.id)
            declines: set[str] = set()
            roster = q.members(org)
            for rep_i, rep in enumerate(roster):
                if rep.team_in(monday) != team.id or not rep.due(monday):
                    continue
                spec, keeps, declines_it = behaviour(team_i, rep_i, week_i)
                if declines_it:
                    declines.add(rep.email)
                if spec is not None:
                    index = (rep_i + week_i) % 10
                    index = 8 if index == 7 else index  # persona 7 writes no energy
                    add(when(spec), f"{rep.email} writes {monday}",
                        runner.write(rep, monday, index, keeps))  # fmt: skip
            add(when("THU 11:00"), f"answers {label}", runner.answer(team.id, monday, declines))
            if (team.id, monday) == q.CANCELLED[:2]:
                add(when("THU 12:00"), f"cancel {label}",
                    runner.cancel(team.id, monday, q.CANCELLED[2]))  # fmt: skip
    for (at, job, monday), ids in moments.items():
        if monday == q.SCHEDULER_WEEK:  # that week's cycle: the real scheduler fires instead
            add(at, f"scheduler {job}", runner.scheduler)
        else:
            label = f"{'+'.join(ids)} {at:%Y-%m-%d}"
            add(at, f"{job} {label}", runner.job(job, set(ids), label))
    return runner
