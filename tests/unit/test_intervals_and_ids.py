"""Busy-interval arithmetic and deterministic event ids."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from service.domain.event_ids import event_id
from service.domain.intervals import merge, subtract
from service.domain.model import Interval
from service.domain.week import Week

T0 = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)


def span(a: int, b: int) -> Interval:
    return Interval(T0 + timedelta(minutes=a), T0 + timedelta(minutes=b))


def test_merge_joins_overlapping_and_touching() -> None:
    assert merge([span(30, 60), span(0, 30), span(50, 90), span(120, 130)]) == [
        span(0, 90),
        span(120, 130),
    ]


def test_subtract_cuts_holes() -> None:
    assert subtract([span(0, 120)], [span(30, 45), span(100, 200)]) == [
        span(0, 30),
        span(45, 100),
    ]


minutes = st.lists(st.tuples(st.integers(0, 300), st.integers(1, 60)), max_size=8)


@given(minutes, minutes)
def test_subtract_leaves_no_minute_of_the_removed(busy: list, cut: list) -> None:  # type: ignore[type-arg]
    busy_iv = [span(a, a + d) for a, d in busy]
    cut_iv = [span(a, a + d) for a, d in cut]
    result = subtract(busy_iv, cut_iv)
    for m in range(361):
        point = span(m, m + 1)
        in_busy = any(i.overlaps(point) for i in busy_iv)
        in_cut = any(i.overlaps(point) for i in cut_iv)
        assert any(i.overlaps(point) for i in result) == (in_busy and not in_cut)


def test_event_ids_are_valid_stable_and_distinct() -> None:
    week = Week.parse("2026-11-30")
    first = event_id("one_on_one", "east-ae", "avery@example.com", week)
    assert re.fullmatch(r"[a-v0-9]{5,1024}", first)
    assert first == event_id("one_on_one", "east-ae", "avery@example.com", week)
    others = {
        event_id("fill_in", "east-ae", "avery@example.com", week),
        event_id("one_on_one", "east-ae", "blake@example.com", week),
        event_id("one_on_one", "east-ae", "avery@example.com", week.next()),
    }
    assert first not in others and len(others) == 3


def test_overlap_in_the_repeated_hour_of_a_dst_end() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from service.domain.model import Interval

    zone = ZoneInfo("America/New_York")  # 2026-11-01 01:00-02:00 happens twice
    first = Interval(
        datetime(2026, 11, 1, 1, 10, tzinfo=zone), datetime(2026, 11, 1, 1, 50, tzinfo=zone)
    )
    second = Interval(
        datetime(2026, 11, 1, 1, 0, fold=1, tzinfo=zone),
        datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=zone),
    )
    assert not first.overlaps(second) and not second.overlaps(first)
    assert first.overlaps(first)
