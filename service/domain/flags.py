"""What needs the manager's attention before a 1:1 (PRODUCT.md, ``collect``). Pure.

Flags: energy at or below 2, pacing behind goal, required sections missing, late or missing
doc, commitments left open two weeks running, and no 1:1 this week (with why). A flag the
manager can act on says how ("missing: no doc yet — ask for it before the 1:1").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from service.domain.kpis import Status
from service.domain.model import Submission
from service.domain.pacing import Pace, PaceStatus
from service.domain.sections import SECTION_TITLES

LOW_ENERGY = 2  # energy at or below this is flagged


class FlagKind(StrEnum):
    """The kinds of flag, in the order a manager should read them."""

    MISSING = "missing"
    NO_ONE_ON_ONE = "no 1:1 this week"
    LOW_ENERGY = "low energy"
    BEHIND_PACE = "behind pace"
    COMMITMENTS = "commitments open 2 weeks"
    INCOMPLETE = "sections missing"
    LATE = "late"
    SHARING = "sharing fixed"  # the rep had shared their doc beyond privacy (jobs remove it)


# What the manager can do about a flag; a flag without one is for reading (the figures beside
# it say the rest), or was dealt with already (sharing fixed).
ACTIONS: dict[FlagKind, str] = {
    FlagKind.MISSING: "ask for it before the 1:1",
    FlagKind.NO_ONE_ON_ONE: "book one by hand if it is still needed",
    FlagKind.COMMITMENTS: "agree in the 1:1 what to drop or move",
    FlagKind.INCOMPLETE: "ask the rep to fill it in",
}
AWAY = "manager out of office"  # why a rep has no 1:1: nothing to book


@dataclass(frozen=True)
class Flag:
    """One thing to look at for one rep."""

    kind: FlagKind
    rep_email: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.kind.value}: {self.detail}" if self.detail else self.kind.value
        action = ACTIONS.get(self.kind) if self.detail != AWAY else None
        return f"{text} — {action}" if action else text


def unkept(submission: Submission | None) -> int:
    """How many carried-over commitments the rep left open this week."""
    if submission is None or submission.last_edit is None:
        return 0
    return sum(1 for c in submission.commitments if not c.done)


def rep_flags(
    rep_email: str,
    submission: Submission | None,
    status: Status,
    *,
    pace: Pace | None = None,
    unkept_last_week: int = 0,
    unbooked: str | None = None,
) -> list[Flag]:
    """The flags for one rep this week, most urgent first.

    ``unkept_last_week`` is how many commitments were left open in last week's doc (from the
    tracker's history); with some open again this week the rep gets the two-weeks flag.
    ``unbooked`` says why the rep has no 1:1 this week (None: they have one).
    """
    flags: list[Flag] = []
    if status is Status.MISSING:
        flags.append(Flag(FlagKind.MISSING, rep_email, "no doc yet"))
    if unbooked is not None:
        flags.append(Flag(FlagKind.NO_ONE_ON_ONE, rep_email, unbooked))
    if pace is not None and pace.status is PaceStatus.BEHIND:
        flags.append(Flag(FlagKind.BEHIND_PACE, rep_email))  # the figures are in Pace, beside
    if submission is None or status is Status.MISSING:
        return flags
    if submission.energy is not None and submission.energy <= LOW_ENERGY:
        flags.insert(0, Flag(FlagKind.LOW_ENERGY, rep_email, f"energy {submission.energy}/5"))
    open_now = unkept(submission)
    if open_now and unkept_last_week:
        flags.append(Flag(FlagKind.COMMITMENTS, rep_email, f"{open_now} not done"))
    if submission.missing:
        names = ", ".join(SECTION_TITLES.get(key, key) for key in submission.missing)
        flags.append(Flag(FlagKind.INCOMPLETE, rep_email, names))
    if status is Status.LATE:
        flags.append(Flag(FlagKind.LATE, rep_email, "edited after the deadline"))
    return flags


def flag_text(flags: list[Flag]) -> str:
    """Flags as one tracker cell: "low energy: energy 2/5; late: ..."."""
    return "; ".join(str(flag) for flag in flags)
