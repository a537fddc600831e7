""" "Do 1:1s pay off?": per quarter, the attainment of reps whose 1:1s were held in at least
90 % of their due weeks against the other reps. Pure.

It compares two groups; it does not claim that the 1:1s caused the difference (reps who keep
their 1:1s may differ in other ways), and the note says so, louder when the groups are small.
A group's average over fewer than ``min_group_size`` reps is hidden like every roll-up figure.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from service.domain.rollup import HIDDEN
from service.domain.rollup_coaching import quarter_of
from service.domain.tracker_layout import HELD, HISTORY, Cell, Column, Row, TabLayout
from service.domain.tracker_upsert import read_rows
from service.domain.week import Week

HELD_SHARE = 0.9
SMALL = 10  # below this many reps in a group, a difference is easily chance
KEPT_UP = "Reps with 1:1s held in ≥ 90% of due weeks"
PAYOFF = TabLayout(
    "1:1s and attainment",
    (*(Column(h) for h in ("Quarter", KEPT_UP)), Column("Their avg % of goal", percent=True),
     Column("Other reps"), Column("Others' avg % of goal", percent=True),
     Column("Difference (points of % of goal)"), Column("Note")),
    key=("Quarter",),
    sheet_id=206,
)  # fmt: skip
_OF_GOAL = re.compile(r"(-?\d+(?:\.\d+)?)\s*%\s*of goal", re.IGNORECASE)


@dataclass(frozen=True)
class RepWeekRecord:
    """One History row of one rep: whether the 1:1 was held (None: not known) and attainment."""

    email: str
    week: Week
    held: bool | None
    attainment: float | None  # share of goal reached (1.0 = 100 %)


def attainment_of(cell: Cell) -> float | None:
    """Attainment from a tracker's Pace cell: "49% of goal, ..." or a number (1.0 = goal)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    match = _OF_GOAL.search(str(cell))
    return float(match.group(1)) / 100 if match else None


def history_records(history: Sequence[Sequence[Cell]]) -> list[RepWeekRecord]:
    """A tracker's History tab (as read back) as records; rows without a week are skipped."""
    out: list[RepWeekRecord] = []
    for row in read_rows(HISTORY, history):
        try:
            week = Week.parse(str(row[HISTORY.index("Week")]))
        except ValueError:
            continue
        held = {"yes": True, "no": False}.get(str(row[HISTORY.index(HELD)]).strip().lower())
        email = str(row[HISTORY.index("Email")]).lower()
        out.append(RepWeekRecord(email, week, held, attainment_of(row[HISTORY.index("Pace")])))
    return out


def payoff_row(records: Sequence[RepWeekRecord], week: Week, *, min_group: int) -> Row:
    """The quarter of ``week``: each group's size and mean attainment, and the difference."""
    quarter = quarter_of(week.monday)
    mine = [r for r in records if quarter_of(r.week.monday) == quarter]
    kept: list[float] = []
    others: list[float] = []
    for email in sorted({r.email for r in mine}):
        weeks = [r for r in mine if r.email == email]
        due = [r.held for r in weeks if r.held is not None]
        scores = [r.attainment for r in weeks if r.attainment is not None]
        if not due or not scores:
            continue
        group = kept if sum(due) / len(due) >= HELD_SHARE else others
        group.append(statistics.fmean(scores))
    mean_kept, mean_others = _mean(kept, min_group), _mean(others, min_group)
    difference: Cell = ""
    if isinstance(mean_kept, float) and isinstance(mean_others, float):
        difference = round((mean_kept - mean_others) * 100, 1)
    return [quarter, len(kept), mean_kept, len(others), mean_others, difference,
            _note(len(kept), len(others), min_group)]  # fmt: skip


def _mean(values: list[float], min_group: int) -> Cell:
    if not values:
        return ""
    return round(statistics.fmean(values), 4) if len(values) >= min_group else HIDDEN


def _note(kept: int, others: int, min_group: int) -> str:
    words = "A comparison, not proof: reps who keep their 1:1s may differ in other ways."
    if min(kept, others) < min_group:
        return f"{HIDDEN} = hidden: fewer than {min_group} reps in a group. {words}"
    if min(kept, others) < SMALL:
        return (
            f"Small groups ({kept} and {others} reps): a difference this size can be chance. "
            + words
        )
    return words
