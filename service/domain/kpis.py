"""Team KPIs for one week: submissions, on-time, 1:1 completion and coverage, commitments kept,
coaching utilization, energy. Pure: every input (meetings, deadline, ``now``) is passed in.

Goals come from seed 002: completion rate > 90 %, manager coverage 100 % each month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from service.domain.model import Submission
from service.domain.week import Week


class Status(StrEnum):
    """Where a rep's doc stands at collection time."""

    ON_TIME = "on time"
    LATE = "late"
    MISSING = "missing"


@dataclass(frozen=True)
class OneOnOne:
    """A booked 1:1 as the calendar shows it (the adapter reads declined / cancelled)."""

    rep_email: str
    start: datetime
    end: datetime
    declined: bool = False
    cancelled: bool = False
    link: str = ""  # the event's Calendar page (htmlLink)

    def due(self, now: datetime) -> bool:
        """Its time has passed, so it was either held or not."""
        return self.end <= now

    def held(self, now: datetime) -> bool:
        """Held: it exists, nobody declined or cancelled it, and its time has passed."""
        return self.due(now) and not self.declined and not self.cancelled


@dataclass(frozen=True)
class TeamKpis:
    """One team's KPIs for one week. A rate is None when there is nothing to measure yet."""

    week: Week
    reps_due: int
    submitted: int
    on_time: int
    meetings_due: int
    meetings_held: int
    coverage_reps: int
    covered_reps: int
    commitments_due: int
    commitments_kept: int
    coached: int
    energy_count: int
    average_energy: float | None
    completion_goal: float = 0.9
    coverage_goal: float = 1.0
    kudos: int = 0  # kudos items in the submitted docs
    categories: tuple[tuple[str, int], ...] = ()  # coaching category -> 1:1s it came up in

    @property
    def submission_rate(self) -> float | None:
        """Share of due reps who wrote in their doc."""
        return ratio(self.submitted, self.reps_due)

    @property
    def on_time_rate(self) -> float | None:
        """Share of due reps whose last edit was before the deadline."""
        return ratio(self.on_time, self.reps_due)

    @property
    def completion_rate(self) -> float | None:
        """Share of 1:1s whose time has passed that were held."""
        return ratio(self.meetings_held, self.meetings_due)

    @property
    def coverage(self) -> float | None:
        """Share of the team who had at least one held 1:1 in the month so far."""
        return ratio(self.covered_reps, self.coverage_reps)

    @property
    def commitments_kept_rate(self) -> float | None:
        """Share of last week's commitments marked done."""
        return ratio(self.commitments_kept, self.commitments_due)

    @property
    def coaching_utilization(self) -> float | None:
        """Share of submitted docs with coaching on the agenda (see ``coached``)."""
        return ratio(self.coached, self.submitted)


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or None for an empty whole."""
    return part / whole if whole else None


def status_of(submission: Submission | None, deadline: datetime) -> Status:
    """Missing without a rep edit; late when the rep's last edit is after ``deadline``."""
    if submission is None or submission.last_edit is None:
        return Status.MISSING
    return Status.LATE if submission.last_edit > deadline else Status.ON_TIME


def month_coverage(
    reps: Sequence[str], meetings: Iterable[OneOnOne], month: date, now: datetime
) -> tuple[int, int]:
    """(reps, reps with a held 1:1 in the month of ``month``) for the reps given. A 1:1 belongs
    to the month of its week's Monday, as the week's row does (a Tuesday 1:1 on the 1st of a
    month whose week began the month before counts for that earlier month)."""
    held = {
        m.rep_email
        for m in meetings
        if m.held(now) and _month(Week.of(m.start.date()).monday) == _month(month)
    }
    return len(reps), sum(1 for rep in reps if rep in held)


def _month(day: date) -> tuple[int, int]:
    return day.year, day.month


def team_kpis(
    week: Week,
    reps_due: Sequence[str],
    submissions: Mapping[str, Submission],
    deadline: datetime,
    meetings: Sequence[OneOnOne],
    now: datetime,
    *,
    coverage_reps: Sequence[str] | None = None,
    completion_goal: float = 0.9,
    coverage_goal: float = 1.0,
) -> TeamKpis:
    """The KPIs of ``week``: submissions of the due reps against ``deadline``, completion of the
    1:1s starting in ``week`` and coverage in the month of the week's Monday (``meetings`` may
    hold the whole month; starts are read in their own offset)."""
    statuses = [status_of(submissions.get(rep), deadline) for rep in reps_due]
    handed_in = [submissions[rep] for rep in reps_due if rep in submissions]
    handed_in = [s for s in handed_in if s.last_edit is not None]
    carried = [c for s in handed_in for c in s.commitments]
    energies = [s.energy for s in handed_in if s.energy is not None]
    due_meetings = [m for m in meetings if Week.of(m.start.date()) == week and m.due(now)]
    people, covered = month_coverage(
        coverage_reps if coverage_reps is not None else reps_due, meetings, week.monday, now
    )
    return TeamKpis(
        week=week,
        reps_due=len(reps_due),
        submitted=sum(1 for s in statuses if s is not Status.MISSING),
        on_time=sum(1 for s in statuses if s is Status.ON_TIME),
        meetings_due=len(due_meetings),
        meetings_held=sum(1 for m in due_meetings if m.held(now)),
        coverage_reps=people,
        covered_reps=covered,
        commitments_due=len(carried),
        commitments_kept=sum(1 for c in carried if c.done),
        coached=sum(1 for s in handed_in if coached(s)),
        energy_count=len(energies),
        average_energy=sum(energies) / len(energies) if energies else None,
        completion_goal=completion_goal,
        coverage_goal=coverage_goal,
        kudos=sum(len(s.kudos) for s in handed_in),
        categories=category_counts(handed_in),
    )


def _categories(submission: Submission) -> set[str]:
    every = (*submission.commitments, *submission.new_commitments)
    return {c.category for c in every if c.category}


def coached(submission: Submission) -> bool:
    """A 1:1 counts as coaching when an action item carries a coaching category or the rep
    wrote skill updates (seed 004)."""
    return bool(_categories(submission)) or _filled(submission, "skill_updates")


def category_counts(submissions: Iterable[Submission]) -> tuple[tuple[str, int], ...]:
    """How many 1:1s each coaching category came up in (once per 1:1), most frequent first."""
    counts: dict[str, int] = {}
    for submission in submissions:
        for category in _categories(submission):
            counts[category] = counts.get(category, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _filled(submission: Submission, key: str) -> bool:
    section = submission.sections.get(key)
    return section is not None and section.filled
