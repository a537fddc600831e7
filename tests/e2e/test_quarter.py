"""A quarter, end to end: 13 weeks of a 3-team org on the emulator (one team in London, a
Chicago rep, biweekly and monthly reps, one director), the jobs run as the service runs them
with time passed in, the people simulated through the Calendar and Docs APIs.

Within the quarter: two public holidays (US), the US and the UK clock changes, a rep who
leaves, a new hire, a rep who moves to another manager's team, a manager on vacation for a
week, a 1:1 the manager deletes, declined invitations, and ``collect`` run by hand on
Tuesdays. Every figure is checked cell by cell against counts made from the emulator's
Calendar, Drive and Docs through the real client libraries (``quarter_counts``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from service.domain.tracker_layout import HELD, KEPT  # the tracker's column names
from tests.e2e import quarter_counts as count
from tests.e2e import quarter_org as q
from tests.e2e.quarter_checks import (
    ENDED,
    MEMBERS,
    NAMES,
    ORG,
    TABS,
    TEAMS,
    UNPREPARED,
    local,
    tracker,
)  # fmt: skip
from tests.e2e.quarter_run import Quarter


def test_every_scheduled_job_succeeded(quarter: Quarter) -> None:
    for label, report in quarter.reports:
        assert report.ok, (label, report.job, [t.error for t in report.teams])


def test_one_doc_per_due_rep_per_week_owned_by_their_manager(quarter: Quarter) -> None:
    for week in q.WEEKS:
        for team in TEAMS.values():
            due = q.due_reps(ORG, team.id, week)
            docs = count.week_docs(quarter.reader, team.manager, week)
            mine = {
                NAMES[name]: files
                for name, files in docs.items()
                if any(f["owners"][0]["emailAddress"] == team.manager for f in files)
            }
            assert set(mine) == due, (team.id, week)
            assert all(len(files) == 1 for files in mine.values()), (team.id, week)


def test_one_1on1_per_due_rep_per_week_in_the_rules(quarter: Quarter) -> None:
    for week in q.WEEKS:
        for team in TEAMS.values():
            meetings = count.week_one_on_ones(quarter.reader, team, week)
            reps = Counter(m.rep for m in meetings)
            if (team.id, week) == (q.VACATION_TEAM, q.VACATION_WEEK):
                assert not meetings, "1:1s booked while the manager is out of office"
                continue
            assert reps == Counter(q.due_reps(ORG, team.id, week)), (team.id, week)
            for m in meetings:
                start = m.start.astimezone(ZoneInfo(team.timezone))
                assert start.date() not in q.HOLIDAYS or team.id == "london", m
                assert start.strftime("%a") in ("Mon", "Tue", "Wed"), m
                assert time(13) <= start.time() and (
                    m.end.astimezone(start.tzinfo).time() <= time(17)
                ), m
                member = MEMBERS[m.rep]
                assert member.start is None or start.date() >= member.start, (m, "before start")
                assert member.left is None or start.date() <= member.left, (m, "after leaving")


def test_history_has_one_row_per_rep_week(quarter: Quarter) -> None:
    for team in TEAMS.values():
        history = tracker(quarter, team)["History"]
        got = Counter((row["Email"], row["Week"]) for row in history if row["Week"] != UNPREPARED)
        want = Counter(
            (rep, week.isoformat()) for week in q.WEEKS for rep in q.due_reps(ORG, team.id, week)
        )
        assert got == want, (team.id, got - want, want - got)


def test_history_says_whether_each_1on1_was_held(quarter: Quarter) -> None:
    """Each rep-week of an ended week: "yes" when the calendar shows that rep's 1:1 held, "no"
    otherwise (declined, deleted, or none booked: the vacation week); the last week blank."""
    wrong = []
    for team in TEAMS.values():
        held: dict[date, set[str]] = {
            week: {m.rep for m in count.week_one_on_ones(quarter.reader, team, week) if m.held}
            for week in ENDED
        }
        for row in tracker(quarter, team)["History"]:
            if row["Week"] == UNPREPARED:
                continue
            week = date.fromisoformat(row["Week"])
            want = "" if week not in held else "yes" if row["Email"] in held[week] else "no"
            if row.get(HELD, "") != want:
                wrong.append((team.id, row["Week"], row["Email"], row.get(HELD, ""), want))
    assert not wrong, "\n".join(map(str, wrong))


def test_team_health_counts_match_the_calendar_and_the_docs(quarter: Quarter) -> None:
    """Every Team Health row against counts from the docs (who wrote, when) and the managers'
    calendars (1:1s due, held, coverage); a week's 1:1 figures once the week has ended."""
    wrong: list[tuple[str, str, str, Any, Any]] = []
    for team in TEAMS.values():
        rows = {
            row["Week"]: row
            for row in tracker(quarter, team)["Team Health"]
            if row["Week"] != UNPREPARED  # test_collect_run_by_hand_...
        }
        assert sorted(rows) == [w.isoformat() for w in q.WEEKS], (team.id, sorted(rows))
        for week in q.WEEKS:
            row, due = rows[week.isoformat()], q.due_reps(ORG, team.id, week)
            deadline = local(week - timedelta(days=3), "15:00", team.timezone)
            written = [quarter.written.get((rep, week)) for rep in due]
            on_time = sum(1 for w in written if w is not None and w.at <= deadline)
            want: dict[str, Any] = {
                "Reps due": len(due),
                "Submitted": sum(1 for w in written if w is not None),
                "On-time rate": pytest.approx(on_time / len(due), abs=1e-4),
                "1:1s due": "",  # the week's 1:1s happen after the quarter's last run
                "1:1s held": "",
                "Completion rate": "",
                "Coverage (month)": "",
            }
            if week in ENDED:
                meetings = count.week_one_on_ones(quarter.reader, team, week)
                held = sum(1 for m in meetings if m.held)
                cover = count.coverage(quarter.reader, ORG, team, week)
                want |= {
                    "1:1s due": len(meetings),
                    "1:1s held": held,
                    "Completion rate": pytest.approx(held / len(meetings), abs=1e-4)
                    if meetings
                    else "",
                    "Coverage (month)": pytest.approx(cover, abs=1e-4),
                }
            wrong.extend(
                (team.id, week.isoformat(), column, row.get(column, ""), value)
                for column, value in want.items()
                if row.get(column, "") != value
            )
    assert not wrong, "\n".join(map(str, wrong))


def test_submissions_seen_in_drive_are_the_ones_the_reps_wrote(quarter: Quarter) -> None:
    for week in q.WEEKS:
        for team in TEAMS.values():
            docs = count.week_docs(quarter.reader, team.manager, week)
            for name, (file,) in docs.items():
                rep = NAMES[name]
                editors = quarter.reader.editors(team.manager, file["id"])
                edited_by_rep = rep in editors
                assert edited_by_rep == ((rep, week) in quarter.written), (rep, week)


def test_commitments_are_carried_over_and_their_keeping_counted(quarter: Quarter) -> None:
    """Each doc shows what the rep's previous doc left: its carried lines not struck through
    and the commitments made in that 1:1; History and Team Health count what was struck."""
    expected: dict[tuple[str, date], set[str]] = {}
    last: dict[str, tuple[str, dict[str, Any]]] = {}
    kept_cells: dict[tuple[str, str], str] = {}
    totals: Counter[tuple[str, date]] = Counter()
    for week in q.WEEKS:
        for team in TEAMS.values():
            for name, (file,) in count.week_docs(quarter.reader, team.manager, week).items():
                rep = NAMES[name]
                doc = quarter.reader.document(team.manager, file["id"])
                shown = count.commitment_lines(doc, count.CARRIED)
                if rep in last:
                    previous_team, previous = last[rep]
                    want = {
                        line.text
                        for line in count.commitment_lines(previous, count.CARRIED)
                        if not line.struck
                    } | {line.text for line in count.commitment_lines(previous, count.NEW)}
                    if previous_team != team.id:  # moved: the old manager's promises stay
                        want = {text for text in want if text.startswith("Rep:")}
                    assert {line.text for line in shown} == want, (rep, week)
                    expected[(rep, week)] = want
                last[rep] = (team.id, doc)
                if (rep, week) in quarter.written and shown:
                    struck = sum(1 for line in shown if line.struck)
                    kept_cells[(rep, week.isoformat())] = f"{struck}/{len(shown)}"
                    totals[(team.id + " kept", week)] += struck
                    totals[(team.id + " carried", week)] += len(shown)
    assert sum(len(v) for v in expected.values()) > 100  # commitments did carry over
    assert expected[(q.MOVER, q.MOVE_WEEK)]  # into the new team too
    for team in TEAMS.values():
        tabs = tracker(quarter, team)
        for row in tabs["History"]:
            key = (row["Email"], row["Week"])
            assert row.get(KEPT, "") == kept_cells.get(key, ""), key
        for row in tabs["Team Health"]:
            week = date.fromisoformat(row["Week"])
            carried = totals[(team.id + " carried", week)]
            rate: Any = totals[(team.id + " kept", week)] / carried if carried else None
            want_cell = pytest.approx(rate, abs=1e-4) if carried else ""
            assert row["Commitments kept"] == want_cell, (team.id, week)


def test_collect_run_by_hand_writes_nothing_for_an_unprepared_week(quarter: Quarter) -> None:
    """On Tuesday 01-05, before anything was prepared, collect targets a week without docs:
    it says so in one line per team and writes nothing (no rows, no Team Health figures for
    that week). On Tuesday 03-02 it targets a prepared week and changes nothing the checks
    above would see (they run on the quarter that includes it)."""
    (first, unprepared), (second, prepared) = quarter.hand_runs
    assert (first.date(), second.date()) == (date(2027, 1, 5), date(2027, 3, 2))
    for team_report in unprepared.teams:
        assert team_report.error is None and team_report.skipped, team_report
    assert {t.team for t in unprepared.teams} == set(TEAMS)  # no roll-up either
    for team in TEAMS.values():
        tabs = tracker(quarter, team)
        for title in TABS:
            rows = [row for row in tabs[title] if row.get("Week") == UNPREPARED]
            assert not rows, (team.id, title)
    assert prepared.ok and not any(t.skipped for t in prepared.teams)
