"""The quarter's events, end to end (the quarter itself: ``conftest.py``, ``quarter_run``):
a rep who moves, a rep who leaves, a manager on vacation, the director's roll-up, the real
scheduler firing for every team at once, and logs without personal data."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from tests.e2e import quarter_counts as count
from tests.e2e import quarter_org as q
from tests.e2e.quarter_checks import (
    ENDED,
    MEMBERS,
    ORG,
    TEAMS,
    tracker,
)  # fmt: skip
from tests.e2e.quarter_run import Quarter


def test_the_moved_rep_is_followed_by_their_folder_and_1on1s(quarter: Quarter) -> None:
    """Before the move, Casey's docs are the old manager's; from the move on, the new
    manager's, in a folder of the new team. Casey opens every doc of theirs (404 on nothing),
    the old manager none of the new ones, and Casey nothing else of the old team."""
    reader, old, new = quarter.reader, TEAMS[q.MOVE_FROM], TEAMS[q.MOVE_TO]
    casey = MEMBERS[q.MOVER]
    for week in q.WEEKS:
        owner = new if week >= q.MOVE_WEEK else old
        (doc,) = count.week_docs(reader, owner.manager, week)[casey.name]
        assert reader.can_open(q.MOVER, doc["id"]), week
        assert reader.can_open(old.manager, doc["id"]) == (owner is old), week
        assert reader.can_open(new.manager, doc["id"]) == (owner is new), week
        meetings = [m for m in count.week_one_on_ones(reader, owner, week) if m.rep == q.MOVER]
        if casey.due(week) and (owner.id, week) != (q.VACATION_TEAM, q.VACATION_WEEK):
            assert len(meetings) == 1, week
    for week in q.WEEKS:  # Casey sees nothing of the old team but their own docs
        assert set(count.week_docs(reader, q.MOVER, week)) == {casey.name}, week
    east_things = reader.files(
        old.manager, "trashed = false and mimeType != 'application/vnd.google-apps.document'"
    )
    for file in east_things:
        if file["name"] != f"1:1s - {casey.name}":
            assert not reader.can_open(q.MOVER, file["id"]), file["name"]


def test_the_rep_who_left_has_no_1on1_after_their_last_day_and_no_access(quarter: Quarter) -> None:
    reader, team, finley = quarter.reader, TEAMS["east"], MEMBERS[q.LEAVER]
    assert finley.left is not None
    for week in q.WEEKS:
        docs = count.week_docs(reader, team.manager, week)
        assert (finley.name in docs) == finley.due(week), week
        for file in docs.get(finley.name, []):
            assert not reader.can_open(q.LEAVER, file["id"]), week  # gone since the next prepare
            assert reader.can_open(team.manager, file["id"]), week


def test_the_vacation_week_says_why_there_is_no_1on1(quarter: Quarter) -> None:
    team = TEAMS[q.VACATION_TEAM]
    rows = [
        row
        for row in tracker(quarter, team)["History"]
        if row["Week"] == q.VACATION_WEEK.isoformat()
    ]
    assert {row["Email"] for row in rows} == q.due_reps(ORG, team.id, q.VACATION_WEEK)
    for row in rows:
        assert "no 1:1 this week: manager out of office" in row["Flags"], row
    for week in q.WEEKS:  # the other weeks, nobody's 1:1 is missing for that reason
        if week != q.VACATION_WEEK:
            for other in TEAMS.values():
                for row in tracker(quarter, other)["History"]:
                    if row["Week"] == week.isoformat():
                        assert "out of office" not in row["Flags"], row


def test_the_directors_rollup_matches_the_teams(quarter: Quarter) -> None:
    """The roll-up's last week: submissions of the doc week, completion and coverage of the
    last week whose 1:1s have happened, per team, from the calendars."""
    director = ORG["directors"][0]["email"]
    found = quarter.reader.files(director, "name contains '1:1 Roll-up' and trashed = false")
    assert len(found) == 1
    (teams,) = quarter.reader.sheet_tabs(director, found[0]["id"], ["Teams"]).values()
    last_ended = ENDED[-1]
    for team in TEAMS.values():
        (row,) = [r for r in teams if r.get("Team") == team.name]
        meetings = count.week_one_on_ones(quarter.reader, team, last_ended)
        held = sum(1 for m in meetings if m.held)
        assert row["Completion rate"] == pytest.approx(held / len(meetings), abs=1e-4), team.id
        cover = count.coverage(quarter.reader, ORG, team, last_ended)
        assert row["Coverage"] == pytest.approx(cover, abs=1e-4), team.id


def test_no_personal_data_in_logs_at_info(quarter: Quarter) -> None:
    assert quarter.logs
    text = "\n".join(quarter.logs)
    for secret in ("Acme", "Energy this week", "@example.com", "proposal", "Vacation"):
        assert secret not in text


def test_the_quarter_had_what_it_claims(quarter: Quarter) -> None:
    """The checks above mean something only if the quarter held these cases."""
    assert len(quarter.declined) >= 3
    late = [key for key, w in quarter.written.items() if w.at.strftime("%a") in ("Sat", "Sun")]
    assert late
    due = {(rep, week) for week in q.WEEKS for t in TEAMS for rep in q.due_reps(ORG, t, week)}
    assert due - set(quarter.written)  # some never wrote
    cancelled = count.week_one_on_ones(quarter.reader, TEAMS[q.CANCELLED[0]], q.CANCELLED[1])
    assert [m.rep for m in cancelled if m.cancelled] == [q.CANCELLED[2]]
    parker = MEMBERS[q.NEW_HIRE]
    assert parker.start is not None and parker.start.weekday() == 2  # starts on a Wednesday
    assert [
        m
        for m in count.week_one_on_ones(quarter.reader, TEAMS["north"], q.monday(parker.start))
        if m.rep == q.NEW_HIRE
    ]  # booked, on or after the start


def test_the_scheduler_fired_every_team_at_once(quarter: Quarter) -> None:
    """One week ran on the real APScheduler of ``oneonone serve``: at each moment of the
    cycle every team whose job falls then ran it (the two New York teams together, London at
    its own hour), without an error, and the quarter's checks above include that week."""
    moments = {
        (now, job): (fired, ran, errors) for now, job, fired, ran, errors in quarter.scheduled
    }
    ny, london = {"east", "north"}, {"london"}
    assert {job for _now, job in moments} == {"prepare", "remind", "collect"}
    assert len(moments) == 8  # four moments of the cycle, in two time zones
    for (now, job), (fired, ran, errors) in moments.items():
        zone = ZoneInfo(TEAMS[sorted(fired)[0]].timezone)
        assert fired in (ny, london), (now, job, fired)
        assert now.astimezone(zone).strftime("%a %H:%M") in (
            "Thu 09:00",
            "Fri 12:00",
            "Fri 16:00",
            "Mon 07:00",
        ), (now, job)
        assert ran == fired and not errors, (now, job, ran, errors)
