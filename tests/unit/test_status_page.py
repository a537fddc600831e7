"""The /status page's words: times in the team's zone, run counts as words."""

from __future__ import annotations

from service.web.status_page import did_text, local_time


def test_times_read_in_the_teams_zone() -> None:
    assert local_time("2026-12-10T14:00:00+00:00", "America/New_York") == "Thu 10 Dec 09:00 EST"
    assert local_time("2026-07-06T07:00:00+00:00", "Europe/London") == "Mon 6 Jul 08:00 BST"
    assert local_time(None) == "" and local_time("soon") == "soon"  # kept as typed
    assert local_time("2026-12-10T14:00:00") == "2026-12-10T14:00:00"  # no zone: not guessed


def test_counts_read_as_words() -> None:
    run = {"counts": {"one_on_ones_booked": 9, "docs_created": 9, "cells_written": 0}}
    assert did_text(run) == "cells written 0, docs created 9, 1:1s booked 9"
    assert did_text({}) == ""
