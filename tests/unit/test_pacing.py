"""Pace to goal: periods, working days, expected share, status."""

from __future__ import annotations

from datetime import date

import pytest

from service.domain.pacing import (
    Pace,
    PaceStatus,
    combined,
    elapsed_fraction,
    judge,
    pace_to_goal,
    parse_pace,
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


def test_pace_reads_attainment_and_the_share_gone() -> None:
    # March 2027 has no US federal holiday and 23 weekdays (Mon 1st to Wed 31st); by the end of
    # Monday the 15th, 11 of them are gone (1-5, 8-12, 15): counted on a calendar, by hand.
    gone = elapsed_fraction("month", date(2027, 3, 15))
    assert gone == pytest.approx(11 / 23)
    pace = pace_to_goal(120000, 58800, gone)  # 49 % of goal
    assert pace is not None
    assert pace.text() == "49% of goal, 48% of month gone · on pace"
    ahead = pace_to_goal(60000, 42000, gone)
    assert ahead is not None and ahead.text() == "70% of goal, 48% of month gone · ahead"
    behind = pace_to_goal(24, 8, gone)
    assert behind is not None and behind.text() == "33% of goal, 48% of month gone · behind"


def test_the_issue_case_early_in_a_month_is_not_568_percent_ahead() -> None:
    # December 2026: 23 weekdays, less Christmas (Fri 25th) = 22 working days; Thursday the
    # 3rd closes the third of them.
    gone = elapsed_fraction("month", date(2026, 12, 3), {date(2026, 12, 25)})
    assert gone == pytest.approx(3 / 22)
    pace = pace_to_goal(120000, 59316, gone)
    assert pace is not None and pace.text() == "49% of goal, 14% of month gone · ahead"
    # The day before: 2 of 22 (9 %): too early to call anyone ahead or behind.
    early = pace_to_goal(120000, 59316, 2 / 22)
    assert early is not None and early.status is PaceStatus.EARLY
    assert early.text() == "49% of goal, 9% of month gone · too early to tell"
    assert judge(0.0, 0.09) is PaceStatus.EARLY


def test_the_verdict_is_the_one_the_shown_figures_give() -> None:
    # 12.4 % against 13.6 % is 91 % of the expected share, but a person reads "12% of goal,
    # 14% of month gone" (86 %): the verdict follows what is shown.
    pace = pace_to_goal(1000, 124, 3 / 22)
    assert pace is not None and (pace.attainment, pace.gone) == (0.12, 0.14)
    assert pace.status is PaceStatus.BEHIND
    assert judge(0.45, 0.5) is PaceStatus.ON_PACE  # exactly 10 % short: still on pace
    assert judge(0.44, 0.5) is PaceStatus.BEHIND
    assert judge(0.56, 0.5) is PaceStatus.AHEAD


def test_lower_is_better_inverts_the_verdict() -> None:
    churn = pace_to_goal(10, 8, 1.0, higher_is_better=False)
    assert churn is not None and churn.status is PaceStatus.AHEAD
    worse = pace_to_goal(10, 12, 1.0, higher_is_better=False)
    assert worse is not None and worse.status is PaceStatus.BEHIND
    nothing = pace_to_goal(10, 0, 0.5, higher_is_better=False)
    assert nothing is not None and nothing.status is PaceStatus.AHEAD


def test_unknowns_are_none() -> None:
    assert pace_to_goal(None, 5, 0.5) is None
    assert pace_to_goal(5, None, 0.5) is None
    assert pace_to_goal(0, 5, 0.5) is None


def test_text_round_trips_and_combines() -> None:
    pace = pace_to_goal(100, 30, 0.5, period="quarter")
    assert pace is not None and parse_pace(pace.text()) == pace
    assert parse_pace("49 % of goal, 14 % of month gone · ahead") == Pace(
        0.49, 0.14, PaceStatus.AHEAD, "month"
    )
    assert parse_pace("568% · ahead") is None and parse_pace(5.98) is None
    rep = combined([Pace(0.11, 0.14, PaceStatus.BEHIND), Pace(0.17, 0.14, PaceStatus.AHEAD),
                    Pace(0.18, 0.14, PaceStatus.AHEAD)])  # fmt: skip
    assert rep is not None and rep.text() == "15% of goal, 14% of month gone · on pace"
    assert combined([]) is None
