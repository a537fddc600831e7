"""The demo week's script and its CRM export, without a Workspace (pure, fast)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from service.demo.metrics_feed import metrics_rows
from service.demo.personas import DECLINER, MOVED
from service.demo.timeline import week_end, week_script
from service.domain.pacing import period_span, working_days
from service.domain.week import Week
from service.settings import load_config
from service.settings.org import teams_of

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
WEEK = Week.parse("2027-03-08")


def test_each_team_runs_its_cycle_at_its_own_local_times_in_time_order() -> None:
    config = load_config(EXAMPLE)
    teams = teams_of(config)
    script = week_script(config, teams, WEEK, 0)
    assert [s.at for s in script] == sorted(s.at for s in script)
    for team in teams:
        mine = [s for s in script if s.team is team]
        jobs = [(s.action, s.at.astimezone(ZoneInfo(team.timezone))) for s in mine]
        local = [(a, f"{t:%a %H:%M}") for a, t in jobs if a in ("prepare", "remind", "collect")]
        assert local == [
            ("prepare", "Thu 09:00"), ("remind", "Fri 12:00"),
            ("collect", "Fri 16:00"), ("collect", "Mon 07:00"),
        ]  # fmt: skip
        actions = [s.action for s in mine]
        assert actions.index("seed") < actions.index("prepare") < actions.index("answer")
        writers = {s.rep for s in mine if s.action == "write"}
        due = {rep.email for rep in team.reps_due(WEEK)}
        assert writers <= due  # nobody who is not due writes; one rep of eight never does
        assert len(due - writers) == (1 if len(team.reps) >= 8 else 0)
    # London's prepare is five hours before New York's, Chicago's an hour after.
    prepares = {s.team.id: s.at for s in script if s.action == "prepare"}
    order = sorted(prepares, key=prepares.__getitem__)
    assert (
        order[0] == "emea-ae"
        and order[-1] == "central-ae"
        and set(order[1:3]) == {"east-ae", "leads"}
    )
    assert week_end(teams, WEEK) > max(s.at for s in script)


def test_one_decline_and_one_move_a_week_rotate_through_the_teams() -> None:
    config = load_config(EXAMPLE)
    teams = teams_of(config)
    seen: Counter[tuple[str, str]] = Counter()
    for week_no in range(3):
        script = week_script(config, teams, Week(WEEK.monday), week_no)
        declines = [s for s in script if s.action == "answer" and s.rep]
        moves = [s for s in script if s.action == "move"]
        assert len(declines) == len(moves) == 1
        assert declines[0].team is not moves[0].team
        assert declines[0].rep == declines[0].team.reps[DECLINER].email
        assert moves[0].rep == moves[0].team.reps[MOVED].email
        seen.update({("decline", declines[0].team.id), ("move", moves[0].team.id)})
    reps_teams = [team for team in teams if team.id != "leads"]  # the managers play no part
    assert seen == {(kind, team.id): 1 for kind in ("decline", "move") for team in reps_teams}


def test_the_crm_export_paces_reps_differently_and_changes_weekly() -> None:
    teams = teams_of(load_config(EXAMPLE))
    rows = metrics_rows(teams, WEEK, "month")
    assert rows[0] == ["rep_email", "metric", "goal", "actual", "as_of"]
    assert len(rows) - 1 == 3 * sum(r.role.value == "AE" for team in teams for r in team.reps)
    as_of = WEEK.monday.replace(day=3)  # the Wednesday before Thursday's prepare
    start, end = period_span("month", as_of)
    elapsed = working_days(start, as_of) / working_days(start, end)
    assert {row[4] for row in rows[1:]} == {as_of.isoformat()}  # pace counts to that day
    paces = [int(row[3]) / (int(row[2]) * elapsed) for row in rows[1:]]
    assert 0.6 < min(paces) < 0.95 and 1.05 < max(paces) < 1.4  # behind and ahead
    assert metrics_rows(teams, WEEK, "month") == rows
    assert metrics_rows(teams, WEEK.next(), "month") != rows
