"""Kudos, coaching categories and the rep's rating of the last 1:1 on the tracker (issue 15).

Every expected figure below is counted by hand from the submissions spelled out here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from service.domain.kpis import Status, team_kpis
from service.domain.model import Commitment, Section, Submission
from service.domain.tracker_layout import COMMITMENTS, HISTORY, TEAM_HEALTH, THIS_WEEK
from service.domain.tracker_rows import (
    RepWeek,
    commitment_rows,
    history_row,
    team_health_row,
    this_week_row,
)
from service.domain.week import Week

WEEK = Week.parse("2026-12-07")
EDIT = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)


def sub(email: str, **kw: object) -> Submission:
    values: dict[str, object] = {"rep_email": email, "week": WEEK, "last_edit": EDIT}
    values.update(kw)
    return Submission(**values)  # type: ignore[arg-type]


SUBS = {
    # two Quality items in one 1:1 count once; Discovery once
    "a@x.com": sub(
        "a@x.com",
        commitments=(Commitment("call CFO", category="Quality"),),
        new_commitments=(
            Commitment("tighten notes", category="Quality"),
            Commitment("map the org", category="Discovery"),
        ),
        kudos=("Great demo - Sam", "Customer thanked you"),
        rating=4,
    ),
    # coaching by skill updates only, no category
    "b@x.com": sub(
        "b@x.com", sections={"skill_updates": Section("practised objections")}, rating=2
    ),
    # a category on a carried item only
    "c@x.com": sub(
        "c@x.com", commitments=(Commitment("plan Q1", category="Quality"),), kudos=("shout",)
    ),
    # nothing coaching-related
    "d@x.com": sub("d@x.com", commitments=(Commitment("send deck"),)),
}


def rep_week(email: str) -> RepWeek:
    return RepWeek(email[0].upper(), email, WEEK, Status.ON_TIME, "UTC", SUBS[email])


def test_kudos_reach_this_week_and_history() -> None:
    row = this_week_row(rep_week("a@x.com"))
    assert row[THIS_WEEK.index("Kudos")] == "Great demo - Sam\nCustomer thanked you"
    history = history_row(rep_week("a@x.com"))
    assert history[HISTORY.index("Kudos received")] == 2
    assert history[HISTORY.index("Rating of last 1:1 (1-5)")] == 4
    assert history_row(rep_week("d@x.com"))[HISTORY.index("Rating of last 1:1 (1-5)")] == ""


def test_commitments_carry_their_category() -> None:
    rows = commitment_rows([rep_week("a@x.com"), rep_week("d@x.com")])
    got = {str(r[COMMITMENTS.index("Commitment")]): r[COMMITMENTS.index("Category")] for r in rows}
    assert got == {
        "call CFO": "Quality",
        "tighten notes": "Quality",
        "map the org": "Discovery",
        "send deck": "",
    }


def test_team_health_counts_kudos_categories_and_coaching() -> None:
    kpis = team_kpis(WEEK, list(SUBS), SUBS, DEADLINE, [], EDIT)
    row = team_health_row(kpis)
    assert row[TEAM_HEALTH.index("Kudos")] == 3  # 2 + 0 + 1 + 0
    # Quality in a's and c's 1:1s, Discovery in a's
    assert row[TEAM_HEALTH.index("Coaching categories (1:1s)")] == "Quality 2 · Discovery 1"
    # a (categories), b (skill updates), c (category): 3 of 4 submitted docs
    assert row[TEAM_HEALTH.index("Coaching utilization")] == 0.75
