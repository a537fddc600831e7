"""Pure Calendar rules of the emulator: ids, times, intervals, patches."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.event_ids import event_id
from service.domain.week import Week
from workspace_emulator.calendar.model import (
    BASE32HEX,
    clip,
    event_span,
    format_ms,
    format_rfc3339,
    merge_intervals,
    merge_patch,
    new_event_id,
    overlaps,
    parse_rfc3339,
    render_time,
    valid_event_id,
)
from workspace_emulator.core.framework import ApiError

T0 = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize("ident", ["abcde", "0123456789", "v" * 1024])
def test_valid_event_ids(ident: str) -> None:
    assert valid_event_id(ident)


def test_minted_event_ids_are_valid() -> None:
    # Not a parameter: a random id in a test name differs between pytest-xdist workers.
    assert all(valid_event_id(new_event_id()) for _ in range(100))


@pytest.mark.parametrize("ident", ["abcd", "abcdw", "ABCDE", "abc-de", "v" * 1025, ""])
def test_invalid_event_ids(ident: str) -> None:
    assert not valid_event_id(ident)


def test_the_services_deterministic_ids_are_valid() -> None:
    assert valid_event_id(event_id("one_on_one", "east", "a@example.com", Week.of(T0.date())))


@given(st.text(alphabet=BASE32HEX, min_size=5, max_size=60))
def test_any_base32hex_string_is_valid(ident: str) -> None:
    assert valid_event_id(ident)


def test_rfc3339_round_trip_and_z() -> None:
    moment = parse_rfc3339("2026-03-02T09:00:00-05:00")
    assert moment == datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    assert format_rfc3339(moment) == "2026-03-02T14:00:00Z"
    assert format_rfc3339(moment, NEW_YORK) == "2026-03-02T09:00:00-05:00"
    assert format_ms(moment.replace(microsecond=743598)) == "2026-03-02T14:00:00.743Z"
    with pytest.raises(ValueError):
        parse_rfc3339("2026-03-02T09:00:00")


def test_event_span_accepts_offsets_zones_and_dates() -> None:
    timed = {
        "start": {"dateTime": "2025-08-14T10:00:00", "timeZone": "Europe/London"},
        "end": {"dateTime": "2025-08-14T17:00:00-04:00"},
    }
    assert event_span(timed, LONDON) == (
        datetime(2025, 8, 14, 9, 0, tzinfo=UTC),
        datetime(2025, 8, 14, 21, 0, tzinfo=UTC),
    )
    all_day = {"start": {"date": "2025-08-14"}, "end": {"date": "2025-08-15"}}
    assert event_span(all_day, NEW_YORK)[0] == datetime(2025, 8, 14, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            {"dateTime": "2025-08-14T15:00:00Z"},
            {"dateTime": "2025-08-14T10:00:00Z"},
            "The specified time range is empty.",
        ),
        (
            {"dateTime": "2025-08-14T15:00:00"},
            {"dateTime": "2025-08-14T16:00:00Z"},
            "Missing time zone definition for start time.",
        ),
        (
            {"dateTime": "2025-08-14T15:00:00Z", "timeZone": "Mars/Base"},
            {"dateTime": "2025-08-14T16:00:00Z"},
            "Invalid time zone definition for start time.",
        ),
        (
            {"date": "2025-07-22", "dateTime": "2025-07-22T09:00:00+01:00"},
            {"dateTime": "2025-07-22T10:00:00+01:00"},
            "Invalid start time.",
        ),
        (
            {"date": "2025-07-22"},
            {"dateTime": "2025-07-22T10:00:00+01:00"},
            "Start and end times must either both be date or both be dateTime.",
        ),
        (
            {"dateTime": "yesterday"},
            {"dateTime": "2025-07-22T10:00:00+01:00"},
            "Invalid start time.",
        ),
        ({"date": "2025-07-22"}, {"date": "2025-07-22"}, "The specified time range is empty."),
    ],
)
def test_event_span_refuses_like_google(
    start: dict[str, str], end: dict[str, str], message: str
) -> None:
    with pytest.raises(ApiError) as caught:
        event_span({"start": start, "end": end}, LONDON)
    assert caught.value.code == 400 and caught.value.message == message


def test_render_time_uses_the_calendars_zone_and_keeps_the_given_zone() -> None:
    given_ = {"dateTime": "2025-08-14T10:00:00-07:00", "timeZone": "America/Los_Angeles"}
    instant = datetime(2025, 8, 14, 17, 0, tzinfo=UTC)
    assert render_time(given_, instant, LONDON) == {
        "dateTime": "2025-08-14T18:00:00+01:00",
        "timeZone": "America/Los_Angeles",
    }
    assert render_time({"date": "2025-08-14"}, instant, LONDON) == {"date": "2025-08-14"}


def test_overlap_is_half_open() -> None:
    span = (at(0), at(45))
    assert overlaps(span, at(44), at(90)) and overlaps(span, None, at(1))
    assert not overlaps(span, at(45), at(90)) and not overlaps(span, at(-30), at(0))
    assert overlaps(span, None, None)


def test_merge_joins_overlapping_and_touching() -> None:
    spans = [(at(30), at(60)), (at(0), at(30)), (at(50), at(90)), (at(120), at(130))]
    assert merge_intervals(spans) == [(at(0), at(90)), (at(120), at(130))]


def test_clip_cuts_to_the_window() -> None:
    assert clip([(at(-30), at(30)), (at(100), at(200)), (at(300), at(400))], at(0), at(150)) == [
        (at(0), at(30)),
        (at(100), at(150)),
    ]


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(1, 120)), max_size=20))
def test_merge_is_disjoint_and_covers_the_same_minutes(raw: list[tuple[int, int]]) -> None:
    spans = [(at(a), at(a + n)) for a, n in raw]
    merged = merge_intervals(spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(merged))

    def minutes(ss: list[tuple[datetime, datetime]]) -> set[int]:
        return {
            m
            for s, e in ss
            for m in range(int((s - T0).total_seconds() // 60), int((e - T0).total_seconds() // 60))
        }

    assert minutes(merged) == minutes(spans)


def test_merge_patch_merges_objects_clears_nulls_and_replaces_lists() -> None:
    stored = {
        "summary": "1:1",
        "location": "Room 1",
        "extendedProperties": {"private": {"a": "1", "b": "2"}, "shared": {"s": "x"}},
        "attendees": [{"email": "a@example.com"}, {"email": "b@example.com"}],
    }
    patch = {
        "location": None,
        "extendedProperties": {"private": {"b": "3", "c": "4"}},
        "attendees": [{"email": "c@example.com"}],
    }
    assert merge_patch(stored, patch) == {
        "summary": "1:1",
        "extendedProperties": {"private": {"a": "1", "b": "3", "c": "4"}, "shared": {"s": "x"}},
        "attendees": [{"email": "c@example.com"}],
    }
    assert stored["location"] == "Room 1"  # the input is not changed
