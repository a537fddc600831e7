"""The roll-up's Managers tab: what each manager wrote for their 1:1 with the director, week by
week: whether they submitted, their initiatives with each one's next step, their risks, their
asks and their plan. Pure.

Read back from the director's own tracker (the team of their 1:1s with the managers, whose rows
``collect`` wrote from the manager docs): the director reads what the managers wrote to them,
and nothing of the reps' docs. A VP's roll-up shows their directors the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.domain.leader_notes import split_initiative
from service.domain.tracker_layout import ASKS, CHALLENGES, THIS_WEEK, Cell, Column, Row, TabLayout
from service.domain.tracker_upsert import read_rows
from service.domain.week import Week

INITIATIVES_AND_STEPS = "Initiatives → next step"
MANAGERS = TabLayout(
    "Managers",
    (
        *(Column(h) for h in ("Week", "Manager", "Email", "Status", INITIATIVES_AND_STEPS,
                              "Risks", "Asks", "Plan")),
        Column("Director notes", "manager"),
    ),
    key=("Email", "Week"),
    sheet_id=208,
)  # fmt: skip


def initiatives_text(cell: Cell) -> str:
    """The Initiatives cell, one initiative a line, each as "initiative → next step" (or the
    initiative alone, with "(no next step)", when the manager gave none)."""
    lines = []
    for line in str(cell).splitlines():
        if not line.strip():
            continue
        initiative, step = split_initiative(line)
        lines.append(f"{initiative} → {step}" if step else f"{initiative} (no next step)")
    return "\n".join(lines)


def manager_rows(this_week: Sequence[Sequence[Cell]], week: Week) -> list[Row]:
    """One row per manager due in ``week`` on the director's own tracker's This Week tab."""
    rows: list[Row] = []
    for r in read_rows(THIS_WEEK, this_week):
        if str(r[THIS_WEEK.index("Week")]) != week.label:
            continue
        rows.append(
            [
                week.label,
                r[THIS_WEEK.index("Rep")],
                r[THIS_WEEK.index("Email")],
                r[THIS_WEEK.index("Status")],
                initiatives_text(r[THIS_WEEK.index("Initiatives")]),
                r[THIS_WEEK.index(CHALLENGES)],
                r[THIS_WEEK.index(ASKS)],
                r[THIS_WEEK.index("Plan")],
                "",
            ]
        )
    return sorted(rows, key=lambda row: str(row[1]))
