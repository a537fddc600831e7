"""What the prefill writes: numbers, metric rows with pace, carried commitments, times."""

from __future__ import annotations

from datetime import UTC, date, datetime

from service.domain.model import Commitment, Meeting, MetricValue, RepMetrics, Submission
from service.domain.week import Week
from service.jobs.prepare.doc_content import (
    NOT_SCHEDULED,
    carried_commitments,
    format_number,
    meeting_time,
    metric_rows,
)
from service.settings.models import KeyMetricConfig

KEYS = [
    KeyMetricConfig(id="arr", name="ARR", unit="$"),
    KeyMetricConfig(id="demos", name="Demos"),
    KeyMetricConfig(id="churn", name="Churn", unit="%", higher_is_better=False),
]


def test_format_number() -> None:
    assert format_number(120000, "$") == "$120,000"
    assert format_number(12.5, "%") == "12.5%"
    assert format_number(3, "calls") == "3 calls"
    assert format_number(None) == ""


def test_metric_rows_follow_the_configured_set() -> None:
    metrics = RepMetrics("a@x.com", (MetricValue("demos", 10, 5), MetricValue("arr", 100, 60)))
    rows = metric_rows(KEYS, metrics, "week", date(2026, 10, 14))  # Wednesday: 3/5 elapsed
    assert rows == (
        ("ARR", "$100", "$60", "60% of goal, 60% of week gone · on pace"),
        ("Demos", "10", "5", "50% of goal, 60% of week gone · behind"),
        ("Churn", "", "", ""),
    )
    assert metric_rows(KEYS, None, "week", date(2026, 10, 14))[0] == ("ARR", "", "", "")
    assert metric_rows([], metrics, "week", date(2026, 10, 16))[0][0] == "demos"


def test_metric_rows_count_the_share_gone_to_the_sources_as_of_date() -> None:
    # Actuals as of Monday the 12th (1 of 5 days gone), read on Wednesday the 14th: pace is
    # judged against the Monday, not the Wednesday (5 of 10 is ahead on Monday).
    dated = MetricValue("demos", 10, 5, as_of=date(2026, 10, 12))
    rows = metric_rows(KEYS[1:2], RepMetrics("a@x.com", (dated,)), "week", date(2026, 10, 14))
    assert rows == (("Demos", "10", "5", "50% of goal, 20% of week gone · ahead"),)


def test_carried_commitments_are_the_open_ones_then_the_new_ones() -> None:
    week = Week.parse("2026-10-12")
    last = Submission(
        "a@x.com",
        week,
        commitments=(Commitment("Send proposal", done=True), Commitment("Call Globex"),
                     Commitment("Join the call", owner="manager")),
        new_commitments=(Commitment("Book 5 demos"), Commitment("call globex"),
                         Commitment("Call Halcyon's CFO", category="Quality")),
    )  # fmt: skip
    assert carried_commitments(last) == (
        "Rep: Call Globex",
        "Manager: Join the call",
        "Rep: Book 5 demos",
        "Rep: [Quality] Call Halcyon's CFO",
    )
    assert carried_commitments(None) == ()


def test_meeting_time_in_the_reps_zone_across_dst() -> None:
    start = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)  # the Monday after US DST ends
    meeting = Meeting("a@x.com", start, start.replace(minute=45))
    assert meeting_time(meeting, "America/New_York") == "Mon Nov 2, 1:00-1:45 PM EST"
    assert meeting_time(meeting, "Europe/Paris") == "Mon Nov 2, 7:00-7:45 PM CET"
    assert meeting_time(None, "America/New_York") == NOT_SCHEDULED
