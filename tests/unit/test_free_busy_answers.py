"""Free/busy answers that do not say what was asked (issue 13, wrong results without a word):
a calendar missing from the answer, or echoed in another letter case, is never taken as a
free one. A fake gateway port stands in for Google; no client library is patched."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.google.calendar import free_busy

START = datetime(2026, 3, 9, tzinfo=UTC)
END = datetime(2026, 3, 14, tzinfo=UTC)
BUSY = [{"start": "2026-03-09T14:00:00Z", "end": "2026-03-09T15:00:00Z"}]


class FakeGateway:
    """The two gateway calls ``free_busy`` makes, answering a canned ``calendars`` map."""

    def __init__(self, calendars: dict[str, Any]) -> None:
        self.calendars = calendars

    def client(self, api: str, user: str) -> FakeGateway:
        return self

    def freebusy(self) -> FakeGateway:
        return self

    def query(self, body: dict[str, Any]) -> dict[str, Any]:
        return body

    def execute(self, request: dict[str, Any], user: str, what: str) -> dict[str, Any]:
        return {"calendars": self.calendars}


def test_a_calendar_missing_from_the_answer_is_unreadable_not_free() -> None:
    gw = FakeGateway({"a@example.com": {"busy": BUSY}})
    busy, unreadable = free_busy(
        gw, "m@example.com", ["a@example.com", "b@example.com"], START, END
    )  # type: ignore[arg-type]
    assert unreadable == ["b@example.com"]
    assert len(busy["a@example.com"]) == 1 and busy["b@example.com"] == []


def test_an_answer_in_another_letter_case_still_counts() -> None:
    gw = FakeGateway({"A@Example.COM": {"busy": BUSY}})
    busy, unreadable = free_busy(gw, "m@example.com", ["a@example.com"], START, END)  # type: ignore[arg-type]
    assert unreadable == [] and len(busy["a@example.com"]) == 1
