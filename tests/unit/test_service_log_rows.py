"""Rows of the admin's "1:1 service log" spreadsheet read back: a row the service wrote is an
entry; a row someone typed or damaged by hand is skipped, never a crash of /status."""

from __future__ import annotations

from typing import Any

import pytest

from service.google.service_log import _entry, _row

GOOD = {
    "run": "r1", "started": "2026-12-03T21:00:00Z", "job": "collect", "team": "east-ae",
    "week": "2026-12-07", "seconds": 1.5, "api_calls": 12, "counts": {"rows": 3},
    "warnings": 0, "error": None, "skipped": None,
}  # fmt: skip


def test_a_row_the_service_wrote_reads_back_as_its_entry() -> None:
    assert _entry(_row(GOOD)) == GOOD


@pytest.mark.parametrize(
    ("column", "typed"),
    [
        (7, "[1, 2]"),  # counts as a list
        (7, "3"),  # counts as a number
        (7, "{not json"),
        (5, "nan"),  # seconds
        (5, "soon"),
        (6, "12.5"),  # api calls
        (8, "many"),  # warnings
    ],
)
def test_a_cell_typed_by_hand_skips_the_row(column: int, typed: Any) -> None:
    row = _row(GOOD)
    row[column] = typed
    assert _entry(row) is None


def test_the_header_a_blank_row_and_a_short_row_are_skipped() -> None:
    assert _entry(["Run", "Started (UTC)", "Job"]) is None
    assert _entry([]) is None
    assert _entry(["r2"]) is None
