"""Directors' roll-ups, written after every team's tracker: read back from the trackers (the
tracker is the record), never from the reps' docs, so no doc text and no private note can
reach them. One spreadsheet per director, owned by and shared with that director only.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from datetime import datetime
from typing import Any

from service.domain.cycle import week_to_collect
from service.domain.dashboard import ROLLUP_DASHBOARD, ROLLUP_NOTE
from service.domain.model import Person, Team
from service.domain.pacing import parse_pace
from service.domain.rollup import (
    INITIATIVES,
    OUTLIERS,
    ROLLUP_TABS,
    TEAMS,
    TIERS,
    Figure,
    Initiative,
    RepPace,
    TeamSummary,
    initiative_rows,
    outlier_rows,
    team_rows,
    tier_rows,
)
from service.domain.rollup_coaching import (
    COACHING,
    Rating,
    TeamCoaching,
    TeamWeekCoaching,
    coaching_rows,
)
from service.domain.rollup_managers import MANAGERS, manager_rows
from service.domain.rollup_payoff import PAYOFF, RepWeekRecord, history_records, payoff_row
from service.domain.tracker_layout import (
    AVG_ENERGY,
    HISTORY,
    KUDOS,
    RATING,
    TEAM_HEALTH,
    THIS_WEEK,
    TOPICS,
    Cell,
    Row,
)
from service.domain.tracker_upsert import read_rows, upsert
from service.domain.week import Week
from service.errors import OneOnOneError, PermissionDeniedError
from service.google import tags
from service.google.drive import find_files
from service.google.gateway import Gateway
from service.google.managed_sheet import (
    a1,
    create_sheet,
    find_sheet,
    fix_sharing,
    read_sheet,
    sheet_changes,
    write_sheet,
    written,
)
from service.jobs.base import Deps, TeamReport, converging
from service.logs import add_labels

log = logging.getLogger(__name__)
DIRECTOR = "director"  # appProperties key on a roll-up: the director's e-mail


def collect_rollups(
    deps: Deps,
    now: datetime,
    week: Week | None = None,
    *,
    collected: Collection[str] | None = None,
    skipped: Collection[str] = (),
) -> list[TeamReport]:
    """One roll-up per director of the ``collected`` teams (default: every team), on ``week``
    or the week the cycle gives; a ``skipped`` team (its week was not prepared) gets no row.
    One director's failure is reported and does not stop the others."""
    directors: dict[str, Person] = {}
    for team in deps.teams:
        if team.director and (collected is None or team.id in collected):
            directors.setdefault(team.director.email, team.director)

    def one(director: Person) -> TeamReport:
        try:
            return converging(
                lambda: rollup_director(deps, director, now, week, skipped=skipped),
                "the roll-up of a director",
            )
        except OneOnOneError as exc:
            log.warning("roll-up failed for a director: %s", type(exc).__name__)
            return TeamReport(job="rollup", team=director.email, error=str(exc))

    workers = max(1, min(deps.max_workers, len(directors)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rollup") as pool:
        contexts = [copy_context() for _ in directors]  # the run's labels, in each thread
        return list(pool.map(lambda ctx, d: ctx.run(one, d), contexts, directors.values()))


def rollup_director(
    deps: Deps,
    director: Person,
    now: datetime,
    week: Week | None = None,
    *,
    skipped: Collection[str] = (),
) -> TeamReport:
    """Read the director's teams' trackers and write the director's roll-up."""
    gw, email = deps.gateway, director.email
    week = week or week_to_collect(now, director.timezone)
    add_labels(week=week.label)
    report = TeamReport(job="rollup", team=email, week=week.label)
    mine = [t for t in deps.teams if t.id not in skipped]
    teams = [t for t in mine if t.director and t.director.email == email]
    own = [t for t in mine if t.manager.email == email]  # the director's managers
    trackers = find_trackers(gw, [*teams, *own])
    summaries: list[TeamSummary] = []
    coaching: list[TeamCoaching] = []
    records: list[RepWeekRecord] = []
    found: list[Initiative] = []
    managers: list[Row] = []
    for team in [*teams, *own]:
        file = trackers.get(team.id)
        if file is None:
            report.warnings.append(
                f"no tracker readable for team {team.id}: left out of this roll-up (run "
                "check-access: the service must act as its manager)"
            )
            continue
        this_week, health, history = read_tracker(gw, email, file["id"])
        if team in teams:
            summaries.append(team_summary(team, week, this_week, health))
            coaching.append(_coaching(team, health, history))
            records.extend(history_records(history))
        if team in own:
            found.extend(_initiatives(this_week, week))
            managers.extend(manager_rows(this_week, week))
    program = deps.config.program
    min_group = program.privacy.min_group_size
    rollup, count = find_sheet(gw, email, kind=tags.KIND_ROLLUP, **{DIRECTOR: email})
    state = None
    if rollup is None and not deps.dry_run:
        app = tags.tags(kind=tags.KIND_ROLLUP, **{DIRECTOR: email})
        rollup = create_sheet(gw, email, f"1:1 Roll-up - {director.name}", app, None)
        report.count("rollups_created")
    if rollup is not None:
        report.actions.extend(fix_sharing(gw, email, rollup, {}, dry_run=deps.dry_run))
        state = read_sheet(
            gw,
            email,
            rollup,
            (*ROLLUP_TABS, COACHING, PAYOFF, MANAGERS, ROLLUP_DASHBOARD),
            created=count == 0,
        )
    previous = state.values if state else {}
    goals = program.kpi_targets
    teams_table = team_rows(
        summaries,
        week,
        min_group=min_group,
        completion_goal=goals.completion_rate,
        coverage_goal=goals.manager_coverage,
    )
    snapshot = {
        TEAMS: teams_table,
        OUTLIERS: outlier_rows(summaries, week, min_group=min_group),
        TIERS: tier_rows(summaries, week, a=program.tiers.a, b=program.tiers.b),
    }
    tables = {
        layout.title: (layout, upsert(layout, previous.get(layout.title, []), rows, keep=_none))
        for layout, rows in snapshot.items()
    }
    tables[INITIATIVES.title] = (
        INITIATIVES,
        initiative_rows(previous.get(INITIATIVES.title, []), found),
    )
    tables[COACHING.title] = (
        COACHING,
        upsert(
            COACHING,
            previous.get(COACHING.title, []),
            coaching_rows(coaching, week, min_group=min_group),
        ),
    )  # earlier quarters' rows stay
    if own:  # the director's own 1:1s with their managers: what each wrote, week by week
        managers_table = upsert(MANAGERS, previous.get(MANAGERS.title, []), managers)
        tables[MANAGERS.title] = (MANAGERS, managers_table)
    payoff = payoff_row(records, week, min_group=min_group)
    tables[PAYOFF.title] = (PAYOFF, upsert(PAYOFF, previous.get(PAYOFF.title, []), [payoff]))
    board: list[Row] = [list(ROLLUP_DASHBOARD.headers), [ROLLUP_NOTE]]
    tables[ROLLUP_DASHBOARD.title] = (ROLLUP_DASHBOARD, board)
    report.count("teams", len(summaries))
    if state is None:
        report.actions.extend(
            f"would write {len(t) - 1} row(s) to {n!r}" for n, (_, t) in tables.items()
        )
        return report  # fmt: skip
    if deps.dry_run:
        _requests, cells = sheet_changes(state, tables)
    else:
        cells = write_sheet(gw, email, state, tables)
    report.count("cells_written", cells)
    report.actions.append(written(cells, "roll-up", state.url, dry_run=deps.dry_run))
    return report


def find_trackers(gw: Gateway, teams: list[Team]) -> dict[str, dict[str, Any]]:
    """Each team's tracker, found by its tags acting as the team's manager (one files.list
    per manager). Not as the director: with ``drive.file`` Google shows a user only the files
    the app made as that user, and the managers made the trackers."""
    found: dict[str, dict[str, Any]] = {}
    query = tags.drive_query(kind=tags.KIND_TRACKER)
    for manager in sorted({t.manager.email for t in teams}):
        try:
            files = find_files(
                gw, manager, query, fields="id,appProperties,createdTime", what="trackers"
            )
        except PermissionDeniedError:  # one manager's account must not hide the other teams
            log.warning("trackers of a manager not readable (cannot act as them)")
            continue
        files.sort(key=lambda f: (f.get("createdTime", ""), f["id"]))  # the oldest wins
        for file in files:
            found.setdefault(file.get("appProperties", {}).get(tags.TEAM, ""), file)
    return found


def _none(_row: Row) -> bool:
    return False


Table = list[list[Cell]]


def read_tracker(gw: Gateway, user: str, file_id: str) -> tuple[Table, Table, Table]:
    """This Week, Team Health and History of a tracker, in one values.batchGet."""
    sheets = gw.client("sheets", user).spreadsheets()
    answer = gw.execute(
        sheets.values().batchGet(
            spreadsheetId=file_id,
            ranges=[a1(tab.title, "A1:Z") for tab in (THIS_WEEK, TEAM_HEALTH, HISTORY)],
            valueRenderOption="UNFORMATTED_VALUE",
        ),
        user,
        "tracker",
    )
    blocks = [b.get("values", []) for b in answer.get("valueRanges", [])] + [[], [], []]
    return blocks[0], blocks[1], blocks[2]


def _coaching(team: Team, health: Table, history: Table) -> TeamCoaching:
    """Kudos and coaching categories per week (Team Health) and every rating (History)."""
    weeks = []
    for r in read_rows(TEAM_HEALTH, health):
        week = _week(r[TEAM_HEALTH.index("Week")])
        if week is not None:
            kudos = r[TEAM_HEALTH.index(KUDOS)]
            topics = str(r[TEAM_HEALTH.index(TOPICS)])
            weeks.append(TeamWeekCoaching(week, int(kudos) if _number(kudos) else 0, topics))
    ratings = []
    for r in read_rows(HISTORY, history):
        week, value = _week(r[HISTORY.index("Week")]), r[HISTORY.index(RATING)]
        if week is not None and _number(value):
            email = str(r[HISTORY.index("Email")]).lower()
            ratings.append(Rating(email, week, int(value)))
    return TeamCoaching(team.name, team.manager.name, tuple(weeks), tuple(ratings))


def _week(cell: Cell) -> Week | None:
    try:
        return Week.parse(str(cell))
    except ValueError:
        return None


def _number(cell: Cell) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def team_summary(
    team: Team, week: Week, this_week: list[list[Cell]], health: list[list[Cell]]
) -> TeamSummary:
    """The team's figures: submissions for ``week``, 1:1 completion and coverage for the week
    before (the last whose 1:1s have happened; ``week``'s are still ahead)."""
    rows = {str(r[0]): r for r in read_rows(TEAM_HEALTH, health)}
    blank: list[Cell] = [""] * len(TEAM_HEALTH.columns)
    row, last = rows.get(week.label, blank), rows.get(week.previous().label, blank)

    def get(header: str, source: list[Cell] = row) -> float | None:
        value = source[TEAM_HEALTH.index(header)]
        return float(value) if isinstance(value, int | float) else None

    due, submitted = int(get("Reps due") or 0), int(get("Submitted") or 0)
    rep_at, email_at = THIS_WEEK.index("Rep"), THIS_WEEK.index("Email")
    paces = tuple(
        RepPace(team.id, str(r[rep_at]), str(r[email_at]), parse_pace(r[THIS_WEEK.index("Pace")]))
        for r in read_rows(THIS_WEEK, this_week)
        if str(r[THIS_WEEK.index("Week")]) == week.label
    )
    return TeamSummary(
        team_id=team.id,
        team=team.name,
        manager=team.manager.name,
        reps=due,
        submission_rate=Figure(get("Submission rate"), due),
        on_time_rate=Figure(get("On-time rate"), due),
        completion_rate=Figure(get("Completion rate", last), int(get("1:1s due", last) or 0)),
        coverage=Figure(get("Coverage (month)", last), len(team.reps)),
        commitments_kept=Figure(get("Commitments kept"), submitted),
        coaching=Figure(get("Coaching utilization"), submitted),
        energy=Figure(get(AVG_ENERGY), int(get("Energy responses") or 0)),
        paces=paces,
    )


def _initiatives(this_week: list[list[Cell]], week: Week) -> list[Initiative]:
    at = THIS_WEEK.index("Initiatives")
    out = []
    for r in read_rows(THIS_WEEK, this_week):
        if str(r[THIS_WEEK.index("Week")]) != week.label:
            continue
        for line in str(r[at]).splitlines():
            if line.strip():
                rep, email = r[THIS_WEEK.index("Rep")], r[THIS_WEEK.index("Email")]
                out.append(Initiative(str(rep), str(email), line.strip(), week))
    return out
