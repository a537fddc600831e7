"""Pace to goal: periods, working days, expected share, status."""

from __future__ import annotations

from datetime import date

import pytest

from service.domain.pacing import (
    PaceStatus,
    elapsed_fraction,
    pace_to_goal,
    period_span,
    working_days,
)


@pytest.mark.parametrize(
    ("period", "day", "span"),
    [
        ("month", date(2026, 10, 15), (date(2026, 10, 1), date(2026, 10, 31))),
        ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
        ("month", date(2028, 2, 10), (date(2028, 2, 1), date(2028, 2, 29))),
        ("quarter", date(2026, 11, 2), (date(2026, 10, 1), date(2026, 12, 31))),
        ("quarter", date(2026, 3, 31), (date(2026, 1, 1), date(2026, 3, 31))),
        ("week", date(2026, 10, 15), (date(2026, 10, 12), date(2026, 10, 18))),
    ],
)
def test_period_span(period: str, day: date, span: tuple[date, date]) -> None:
    assert period_span(period, day) == span  # type: ignore[arg-type]


def test_working_days_skip_weekends_and_holidays() -> None:
    assert working_days(date(2026, 10, 1), date(2026, 10, 31)) == 22
    assert working_days(date(2026, 10, 1), date(2026, 10, 31), {date(2026, 10, 12)}) == 21
    assert working_days(date(2026, 10, 3), date(2026, 10, 4)) == 0  # a weekend


def test_elapsed_fraction_counts_the_reading_day() -> None:
    assert elapsed_fraction("month", date(2026, 10, 14)) == pytest.approx(10 / 22)
    assert elapsed_fraction("month", date(2026, 10, 31)) == 1.0
    assert elapsed_fraction("week", date(2026, 10, 14)) == pytest.approx(3 / 5)
    assert elapsed_fraction("week", date(2026, 10, 18)) == 1.0  # Sunday: the week is done
    assert elapsed_fraction("month", date(2026, 11, 1)) == 0.0  # a Sunday before any work day


def test_pace_statuses() -> None:
    assert pace_to_goal(100, 50, 0.5).status is PaceStatus.ON_PACE
    ahead = pace_to_goal(100, 60, 0.5)
    assert ahead.status is PaceStatus.AHEAD and ahead.ratio == pytest.approx(1.2)
    behind = pace_to_goal(120000, 59316, 10 / 22)
    assert behind.expected == pytest.approx(54545.45, rel=1e-4)
    assert behind.status is PaceStatus.AHEAD
    assert pace_to_goal(24, 9, 10 / 22).status is PaceStatus.BEHIND


def test_lower_is_better_inverts_the_ratio() -> None:
    churn = pace_to_goal(10, 8, 1.0, higher_is_better=False)
    assert churn.ratio == pytest.approx(1.25) and churn.status is PaceStatus.AHEAD
    assert pace_to_goal(10, 12, 1.0, higher_is_better=False).status is PaceStatus.BEHIND
    assert pace_to_goal(10, 0, 0.5, higher_is_better=False).status is PaceStatus.AHEAD


def test_unknowns_are_unknown() -> None:
    assert pace_to_goal(None, 5, 0.5).status is PaceStatus.UNKNOWN
    assert pace_to_goal(5, None, 0.5).status is PaceStatus.UNKNOWN
    nothing_expected_yet = pace_to_goal(100, 5, 0.0)
    assert nothing_expected_yet.ratio is None and nothing_expected_yet.expected == 0
