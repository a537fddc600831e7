"""The roll-up's Coaching tab: kudos and coaching categories per team and quarter, and the 1:1
rating average shown only when enough reps answered. Expected figures are counted by hand."""

from __future__ import annotations

from service.domain.rollup_coaching import (
    COACHING,
    Rating,
    TeamCoaching,
    TeamWeekCoaching,
    coaching_rows,
    parse_topics,
    quarter_of,
)
from service.domain.week import Week

OCT, NOV, DEC = Week.parse("2026-10-05"), Week.parse("2026-11-02"), Week.parse("2026-12-07")
SEP = Week.parse("2026-09-28")  # the quarter before


def col(row: list[object], header: str) -> object:
    return row[COACHING.index(header)]


def team(ratings: tuple[Rating, ...]) -> TeamCoaching:
    weeks = (
        TeamWeekCoaching(SEP, 9, "Quality 9"),  # another quarter: not counted
        TeamWeekCoaching(OCT, 2, "Quality 2 · Discovery 1"),
        TeamWeekCoaching(DEC, 1, "Discovery 2 · Other 1"),
    )
    return TeamCoaching("East AEs", "Morgan", weeks, ratings)


def test_kudos_and_categories_add_up_over_the_quarter() -> None:
    (row,) = coaching_rows([team(())], DEC, min_group=3)
    assert col(row, "Quarter") == "2026-Q4" and col(row, "Kudos") == 3  # 2 + 1
    assert col(row, "Coaching categories (1:1s)") == "Discovery 3 · Quality 2 · Other 1"
    assert col(row, "Avg rating of 1:1s (1-5)") == "" and col(row, "Reps who rated") == 0


def test_rating_average_needs_enough_different_reps() -> None:
    two = (Rating("a@x", OCT, 5), Rating("a@x", NOV, 3), Rating("b@x", DEC, 1))
    (row,) = coaching_rows([team(two)], DEC, min_group=3)
    assert col(row, "Avg rating of 1:1s (1-5)") == "—" and col(row, "Reps who rated") == 2
    assert "fewer than 3" in str(col(row, "Note"))
    three = (*two, Rating("c@x", DEC, 4), Rating("d@x", SEP, 1))  # d's is last quarter
    (row,) = coaching_rows([team(three)], DEC, min_group=3)
    assert col(row, "Avg rating of 1:1s (1-5)") == 3.25  # (5 + 3 + 1 + 4) / 4
    assert col(row, "Reps who rated") == 3


def test_topics_and_quarters_parse() -> None:
    assert parse_topics("Quality 2 · Discovery 1") == {"Quality": 2, "Discovery": 1}
    assert parse_topics("edited by hand") == {}
    assert quarter_of(SEP.monday) == "2026-Q3" and quarter_of(OCT.monday) == "2026-Q4"
