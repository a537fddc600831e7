"""Recurrence expansion (RRULE/EXRULE/RDATE/EXDATE) against dateutil and RFC 5545's examples.

The property tests expand random rules in zones with DST two ways: the emulator's (dateutil on
times aware of the zone) and an independent one (dateutil on naive wall-clock times, each then
placed in the zone); both must agree instance for instance.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, weekday
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workspace_emulator.calendar.recurrence import check, expand, instance_suffix, parse_suffix
from workspace_emulator.core.framework import ApiError

NEW_YORK = ZoneInfo("America/New_York")
ZONES = [ZoneInfo(z) for z in ("America/New_York", "Europe/London", "Australia/Sydney",
                               "America/Santiago", "Asia/Kolkata", "Pacific/Chatham")]  # fmt: skip
FREQS = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def local(text: str, tz: ZoneInfo = NEW_YORK) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz).astimezone(UTC)


def shown(spans: list[tuple[datetime, datetime]], tz: ZoneInfo = NEW_YORK) -> list[str]:
    return [s.astimezone(tz).strftime("%a %m-%d %H:%M") for s, _ in spans]


def series(*lines: str, start: str = "2026-03-02T14:00", minutes: int = 45) -> list[str]:
    first = local(start)
    return shown(expand(list(lines), (first, first + timedelta(minutes=minutes)), NEW_YORK,
                        all_day=False))  # fmt: skip


def test_weekly_keeps_the_wall_clock_across_dst_and_the_length() -> None:
    first = local("2026-03-02T14:00")
    got = expand(["RRULE:FREQ=WEEKLY;COUNT=3"], (first, first + timedelta(minutes=45)),
                 NEW_YORK, all_day=False)  # fmt: skip
    assert shown(got) == ["Mon 03-02 14:00", "Mon 03-09 14:00", "Mon 03-16 14:00"]
    assert got[1][0] - got[0][0] == timedelta(days=7, hours=-1)  # DST began on 03-08
    assert all(end - start == timedelta(minutes=45) for start, end in got)


def test_byday_exdate_with_tzid_rdate_and_until_forms() -> None:
    assert series("RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4",
                  "EXDATE;TZID=America/New_York:20260304T140000") == [
        "Mon 03-02 14:00", "Mon 03-09 14:00", "Wed 03-11 14:00"]  # fmt: skip
    assert series("RRULE:FREQ=DAILY;UNTIL=20260304") == [
        "Mon 03-02 14:00", "Tue 03-03 14:00", "Wed 03-04 14:00"]  # fmt: skip
    assert series("RRULE:FREQ=DAILY;UNTIL=20260304T140000") == [
        "Mon 03-02 14:00", "Tue 03-03 14:00", "Wed 03-04 14:00"]  # fmt: skip
    assert series("RRULE:FREQ=MONTHLY;COUNT=3", "RDATE:20260310T150000Z") == [
        "Mon 03-02 14:00", "Tue 03-10 11:00", "Thu 04-02 14:00", "Sat 05-02 14:00"]  # fmt: skip
    assert series("RRULE:FREQ=YEARLY;COUNT=2", "EXDATE:20260302T190000Z") == ["Tue 03-02 14:00"]
    assert series("RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=3") == [
        "Mon 03-02 14:00", "Mon 04-06 14:00", "Mon 05-04 14:00"]  # fmt: skip
    assert series("RRULE:FREQ=DAILY;COUNT=5", "EXRULE:FREQ=DAILY;INTERVAL=2") == [
        "Tue 03-03 14:00", "Thu 03-05 14:00"]  # fmt: skip


def test_wkst_changes_which_weeks_count_rfc_5545_example() -> None:
    rule = "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST="
    start = "1997-08-05T09:00"
    assert [d[4:9] for d in series(rule + "MO", start=start)] == [
        "08-05", "08-10", "08-19", "08-24"]  # fmt: skip
    assert [d[4:9] for d in series(rule + "SU", start=start)] == [
        "08-05", "08-17", "08-19", "08-31"]  # fmt: skip


def test_the_first_start_is_an_instance_and_counts_towards_count() -> None:
    assert series("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=2") == ["Mon 03-02 14:00", "Tue 03-03 14:00"]
    assert series("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=1") == ["Mon 03-02 14:00"]


def test_all_day_series_steps_in_days_and_excludes_dates() -> None:
    first = datetime.combine(date(2026, 3, 7), time(0), NEW_YORK).astimezone(UTC)
    got = expand(["RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20260308"],
                 (first, first + timedelta(days=1)), NEW_YORK, all_day=True)  # fmt: skip
    assert [(s.astimezone(NEW_YORK).isoformat(), e - s) for s, e in got] == [
        ("2026-03-07T00:00:00-05:00", timedelta(hours=24)),
        ("2026-03-09T00:00:00-04:00", timedelta(hours=24)),
    ]


def test_a_window_and_the_limit_cut_an_endless_series() -> None:
    first = local("2026-03-02T14:00")
    span = (first, first + timedelta(hours=1))
    window = expand(["RRULE:FREQ=DAILY"], span, NEW_YORK, all_day=False,
                    lo=local("2026-03-10T14:30"), hi=local("2026-03-12T14:00"))  # fmt: skip
    assert shown(window) == ["Tue 03-10 14:00", "Wed 03-11 14:00"]
    assert len(expand(["RRULE:FREQ=DAILY"], span, NEW_YORK, all_day=False, limit=30)) == 30


@pytest.mark.parametrize(
    "recurrence",
    [["RRULE:FREQ=SOMETIMES"], ["FOO:BAR"], "RRULE:FREQ=DAILY", ["RRULE:FREQ=DAILY;COUNT=x"],
     ["RRULE:FREQ=DAILY;UNTIL=soon"], ["EXDATE;TZID=Mars/Base:20260302T140000"], [3]],
)  # fmt: skip
def test_malformed_recurrence_is_a_400(recurrence: object) -> None:
    with pytest.raises(ApiError) as caught:
        check(recurrence)
    assert caught.value.code == 400


@st.composite
def rules(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """An RRULE line and the same rule as dateutil keyword arguments."""
    freq = draw(st.sampled_from(sorted(FREQS)))
    interval = draw(st.integers(1, 3))
    text, kwargs = [f"FREQ={freq}", f"INTERVAL={interval}"], {"interval": interval}
    if freq in ("WEEKLY", "MONTHLY") and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        text.append("BYDAY=" + ",".join(days))
        kwargs["byweekday"] = [weekday(DAYS.index(d)) for d in days]
    if draw(st.booleans()):
        wkst = draw(st.sampled_from(DAYS))
        text.append(f"WKST={wkst}")
        kwargs["wkst"] = DAYS.index(wkst)
    count = draw(st.integers(1, 40))
    text.append(f"COUNT={count}")
    kwargs["count"] = count
    return "RRULE:" + ";".join(text), {"freq": FREQS[freq], **kwargs}


@settings(max_examples=150, deadline=None)
@given(
    rule=rules(),
    tz=st.sampled_from(ZONES),
    anchor=st.datetimes(datetime(2024, 1, 1), datetime(2027, 12, 31)),
    minutes=st.integers(15, 600),
    dropped=st.sets(st.integers(0, 39), max_size=4),
)
def test_timed_series_agree_with_dateutil_on_wall_clock_times(
    rule: tuple[str, dict[str, object]],
    tz: ZoneInfo,
    anchor: datetime,
    minutes: int,
    dropped: set[int],
) -> None:
    line, kwargs = rule
    anchor = anchor.replace(second=0, microsecond=0)
    naive = list(rrule(dtstart=anchor, **kwargs))  # type: ignore[arg-type]
    start = naive[0]  # a start the rule yields, so both readings agree on the first instance
    naive = list(rrule(dtstart=start, **kwargs))  # type: ignore[arg-type]
    gone = {naive[i] for i in dropped if i < len(naive)}
    exdates = [f"EXDATE;TZID={tz.key}:{d:%Y%m%dT%H%M%S}" for d in sorted(gone)]
    want = [d.replace(tzinfo=tz).astimezone(UTC) for d in naive if d not in gone]
    first = start.replace(tzinfo=tz).astimezone(UTC)
    length = timedelta(minutes=minutes)
    got = expand([line, *exdates], (first, first + length), tz, all_day=False)
    assert [s for s, _ in got] == want
    assert all(e - s == length for s, e in got)
    for s, _ in got:
        assert parse_suffix(instance_suffix(s, tz, all_day=False), tz, all_day=False) == s


@settings(max_examples=80, deadline=None)
@given(
    rule=rules(), tz=st.sampled_from(ZONES), anchor=st.dates(date(2024, 1, 1), date(2027, 12, 31))
)
@example(  # a 25-hour day: DST ends in Sydney
    rule=("RRULE:FREQ=DAILY;INTERVAL=1;COUNT=1", {"freq": DAILY, "interval": 1, "count": 1}),
    tz=ZoneInfo("Australia/Sydney"),
    anchor=date(2024, 4, 7),
)
def test_all_day_series_agree_with_dateutil_on_dates(
    rule: tuple[str, dict[str, object]], tz: ZoneInfo, anchor: date
) -> None:
    line, kwargs = rule
    midnight = datetime.combine(anchor, time(0))
    start = next(iter(rrule(dtstart=midnight, **kwargs)))  # type: ignore[arg-type]
    want = [d.date() for d in rrule(dtstart=start, **kwargs)]  # type: ignore[arg-type]
    first = datetime.combine(start.date(), time(0), tz).astimezone(UTC)
    # An all-day event ends at the next local midnight: 23 or 25 hours later across DST.
    last = datetime.combine(start.date() + timedelta(days=1), time(0), tz).astimezone(UTC)
    got = expand([line], (first, last), tz, all_day=True)
    assert [s.astimezone(tz).date() for s, _ in got] == want
    assert all((e.astimezone(tz).date() - s.astimezone(tz).date()).days == 1 for s, e in got)
