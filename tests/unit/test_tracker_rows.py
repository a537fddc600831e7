"""Tracker rows and the upsert by key: no duplicates, manager notes kept, private text left out."""

from __future__ import annotations

from datetime import UTC, datetime

from service.domain.kpis import Status, team_kpis
from service.domain.model import Commitment, Section, Submission
from service.domain.tracker_layout import COMMITMENTS, HISTORY, NOTES, TEAM_HEALTH, THIS_WEEK
from service.domain.tracker_rows import (
    RepWeek,
    commitment_rows,
    history_row,
    hyperlink,
    merge_commitment,
    share_notes,
    sparkline_column,
    team_health_row,
    this_week_row,
    upsert,
)
from service.domain.week import Week

WEEK = Week.parse("2026-12-07")
EDIT = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)


def rep_week(email: str = "avery@example.com", week: Week = WEEK, **kw: object) -> RepWeek:
    submission = Submission(
        rep_email=email,
        week=week,
        sections={
            "wins": Section('=IMPORTRANGE("x","y")'),
            "plan": Section("call Acme"),
            "manager_private_notes": Section("secret"),
        },
        energy=3,
        commitments=(Commitment("send deck", done=True), Commitment("Manager: intro to VP")),
        new_commitments=(Commitment("book demo", week_made=week),),
        last_edit=EDIT,
    )
    values: dict[str, object] = {
        "name": "Avery",
        "email": email,
        "week": week,
        "status": Status.ON_TIME,
        "timezone": "America/New_York",
        "submission": submission,
        "doc_url": "https://docs.google.com/document/d/abc",
    }
    values.update(kw)
    return RepWeek(**values)  # type: ignore[arg-type]


def cell(row: list, header: str) -> object:  # type: ignore[type-arg]
    return row[THIS_WEEK.index(header)]


def test_this_week_row_holds_tracked_text_only() -> None:
    row = this_week_row(rep_week())
    assert cell(row, "Wins") == '=IMPORTRANGE("x","y")'  # written as a string value by the job
    assert cell(row, "Last edit") == "2026-12-04 13:30"
    assert cell(row, "Commitments kept") == "1/2"
    assert cell(row, "Doc") == '=HYPERLINK("https://docs.google.com/document/d/abc","Open doc")'
    assert "secret" not in [str(c) for c in row]
    assert cell(row, NOTES) == ""


def test_missing_rep_shows_no_content() -> None:
    row = this_week_row(rep_week(status=Status.MISSING, submission=None))
    assert cell(row, "Status") == "missing" and cell(row, "Wins") == ""
    assert history_row(rep_week(status=Status.MISSING))[HISTORY.index("Energy")] == ""


def test_hyperlink_escapes_quotes() -> None:
    assert hyperlink('https://x/"y') == '=HYPERLINK("https://x/""y","Open doc")'
    assert hyperlink(None) == ""


def test_upsert_replaces_by_key_and_keeps_manager_notes() -> None:
    first = upsert(THIS_WEEK, [], [this_week_row(rep_week())])
    assert len(first) == 2
    first[1][THIS_WEEK.index(NOTES)] = "ask about Acme"
    changed = rep_week(submission=None, status=Status.MISSING)
    second = upsert(THIS_WEEK, first, [this_week_row(changed)])
    assert len(second) == 2  # no duplicate
    assert cell(second[1], "Status") == "missing"
    assert cell(second[1], NOTES) == "ask about Acme"
    assert upsert(THIS_WEEK, second, [this_week_row(changed)]) == second  # idempotent


def test_upsert_matches_moved_columns_and_drops_copies() -> None:
    table = upsert(HISTORY, [], [history_row(rep_week())])
    table[1][HISTORY.index(NOTES)] = "note"
    moved = [[row[-1], *row[:-1]] for row in table]  # manager moved the notes column first
    moved.append(list(moved[1]))  # and pasted the row twice
    again = upsert(HISTORY, moved, [history_row(rep_week())])
    assert len(again) == 2 and again[1][HISTORY.index(NOTES)] == "note"


def test_upsert_keep_drops_old_weeks_and_appends_new() -> None:
    old = upsert(THIS_WEEK, [], [this_week_row(rep_week(week=WEEK.previous()))])
    new = upsert(
        THIS_WEEK,
        old,
        [this_week_row(rep_week()), this_week_row(rep_week("blake@example.com"))],
        keep=lambda row: row[THIS_WEEK.index("Week")] == WEEK.label,
    )
    assert [r[THIS_WEEK.index("Email")] for r in new[1:]] == [
        "avery@example.com",
        "blake@example.com",
    ]


def test_history_keeps_earlier_weeks() -> None:
    prev = upsert(HISTORY, [], [history_row(rep_week(week=WEEK.previous()))])
    table = upsert(HISTORY, prev, [history_row(rep_week())])
    assert [r[0] for r in table[1:]] == [WEEK.previous().label, WEEK.label]


def test_notes_shared_between_this_week_and_history() -> None:
    tw = upsert(THIS_WEEK, [], [this_week_row(rep_week())])
    hist = upsert(HISTORY, [], [history_row(rep_week())])
    tw[1][THIS_WEEK.index(NOTES)] = "typed on This Week"
    share_notes(tw, hist)
    assert hist[1][HISTORY.index(NOTES)] == "typed on This Week"


def test_commitments_rows_and_weeks_open() -> None:
    rows = commitment_rows([rep_week()])
    texts = [(r[2], r[3], r[5]) for r in rows]
    assert texts == [
        ("rep", "send deck", "done"),
        ("rep", "Manager: intro to VP", "open"),
        ("rep", "book demo", "open"),
    ]
    table = upsert(COMMITMENTS, [], rows)
    later = rep_week(week=WEEK.next())
    later_rows = commitment_rows([later])
    merged = upsert(COMMITMENTS, table, later_rows, merge=merge_commitment)
    assert len(merged) == len(table)  # same commitments, no duplicates
    by_text = {r[3]: r for r in merged[1:]}
    demo = by_text["book demo"]
    assert demo[COMMITMENTS.index("Week made")] == WEEK.label
    assert demo[COMMITMENTS.index("Weeks open")] == 1
    deck = by_text["send deck"]
    assert deck[COMMITMENTS.index("Weeks open")] == 1  # frozen when it was done


def test_team_health_keeps_known_values_and_sparkline() -> None:
    now = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)
    k = team_kpis(WEEK, ["a"], {}, EDIT, [], now)
    first = sparkline_column(upsert(TEAM_HEALTH, [], [team_health_row(k)], blank_keeps=True))
    first[1][TEAM_HEALTH.index("Completion rate")] = 0.95
    again = upsert(TEAM_HEALTH, first, [team_health_row(k)], blank_keeps=True)
    assert again[1][TEAM_HEALTH.index("Completion rate")] == 0.95
    assert first[1][TEAM_HEALTH.index("Energy trend")] == "=SPARKLINE(N$2:N2)"
