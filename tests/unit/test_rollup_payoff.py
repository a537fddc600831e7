""" "Do 1:1s pay off?" in the roll-up, and the tracker's per-rep "1:1 held" it reads.
Every expected figure is worked out by hand from the records spelled out here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service.domain.kpis import OneOnOne
from service.domain.rollup_payoff import (
    PAYOFF,
    RepWeekRecord,
    attainment_of,
    history_records,
    payoff_row,
)
from service.domain.tracker_layout import HISTORY
from service.domain.tracker_rows import held_rows
from service.domain.week import Week

FIRST = Week.parse("2026-10-05")
WEEKS = [Week(FIRST.monday + timedelta(days=7 * i)) for i in range(10)]  # all in 2026-Q4
LAST_Q = Week.parse("2026-09-21")


def reps(email: str, held: list[bool | None], paces: list[float | None]) -> list[RepWeekRecord]:
    return [
        RepWeekRecord(email, WEEKS[i], h, p)
        for i, (h, p) in enumerate(zip(held, paces + [None] * len(held), strict=False))
    ]


RECORDS = [
    *reps("a", [True] * 10, [0.8, 1.0]),  # 10/10 held, attainment (0.8 + 1.0) / 2 = 0.9
    *reps("b", [True] * 9 + [False], [1.2]),  # 9/10 = 90 %: counts as kept up, 1.2
    *reps("c", [True, True, True, None], [0.6]),  # unknown week left out: 3/3, 0.6
    *reps("d", [True] * 8 + [False] * 2, [0.5]),  # 80 %: the others, 0.5
    *reps("e", [False, False], [0.7, 0.9]),  # 0 %, (0.7 + 0.9) / 2 = 0.8
    *reps("f", [True, False], [0.6]),  # 50 %, 0.6
    *reps("g", [None, None], [2.0]),  # never due: left out
    *reps("h", [True], [None]),  # no attainment: left out
    RepWeekRecord("e", LAST_Q, True, 5.0),  # another quarter: left out
]


def col(row: list[object], header: str) -> object:
    return row[PAYOFF.index(header)]


def test_groups_sizes_means_and_difference() -> None:
    row = payoff_row(RECORDS, WEEKS[-1], min_group=3)
    assert col(row, "Quarter") == "2026-Q4"
    assert col(row, "Reps with 1:1s held in ≥ 90% of due weeks") == 3  # a, b, c
    assert col(row, "Their avg % of goal") == 0.9  # (0.9 + 1.2 + 0.6) / 3
    assert col(row, "Other reps") == 3  # d, e, f
    assert col(row, "Others' avg % of goal") == 0.6333  # (0.5 + 0.8 + 0.6) / 3
    assert col(row, "Difference (points of % of goal)") == 26.7
    note = str(col(row, "Note"))
    assert "Small groups (3 and 3 reps)" in note and "not proof" in note
    assert "cause" not in str(PAYOFF.headers).lower()


def test_small_groups_are_hidden() -> None:
    row = payoff_row(RECORDS, WEEKS[-1], min_group=4)
    assert col(row, "Their avg % of goal") == "—" and col(row, "Others' avg % of goal") == "—"
    assert col(row, "Difference (points of % of goal)") == ""
    assert "fewer than 4 reps" in str(col(row, "Note"))


def test_attainment_read_from_the_pace_cell() -> None:
    assert attainment_of("49% of goal, 14% of month gone · ahead") == 0.49
    assert attainment_of(1.2) == 1.2 and attainment_of("") is None and attainment_of(True) is None


def test_history_rows_become_records() -> None:
    table = [HISTORY.headers, [""] * len(HISTORY.headers), [""] * len(HISTORY.headers)]
    for row, held, pace in ((table[1], "yes", 0.9), (table[2], "", "")):
        row[HISTORY.index("Week")] = WEEKS[0].label
        row[HISTORY.index("Email")] = "A@x.com"
        row[HISTORY.index("1:1 held")], row[HISTORY.index("Pace")] = held, pace
    assert history_records(table) == [
        RepWeekRecord("a@x.com", WEEKS[0], True, 0.9),
        RepWeekRecord("a@x.com", WEEKS[0], None, None),
    ]


def test_held_is_decided_once_the_week_is_over() -> None:
    week = Week.parse("2026-11-30")
    now = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)  # that Friday
    table = [HISTORY.headers]
    for email in ("avery", "blake", "casey", "drew"):
        row = [""] * len(HISTORY.headers)
        row[HISTORY.index("Week")], row[HISTORY.index("Email")] = week.label, f"{email}@x.com"
        table.append(row)

    def meeting(email: str, day: int, **kw: bool) -> OneOnOne:
        start = datetime(2026, 11, 30, 19, 0, tzinfo=UTC) + timedelta(days=day)
        return OneOnOne(f"{email}@x.com", start, start + timedelta(minutes=30), **kw)

    meetings = [
        meeting("avery", 0),  # Monday, held
        meeting("blake", 1, declined=True),  # Tuesday, declined
        meeting("drew", 4),  # Friday 19:00-19:30 UTC: over at 21:00
        meeting("drew", 5),  # Saturday: not over yet, so drew waits for a later run
    ]
    rows = held_rows(table, week, meetings, now)
    got = {r[HISTORY.index("Email")]: r[HISTORY.index("1:1 held")] for r in rows}
    assert got == {"avery@x.com": "yes", "blake@x.com": "no", "casey@x.com": "no"}
    assert held_rows(table, week, meetings, datetime(2026, 12, 2, tzinfo=UTC)) == []
