"""The domain model: reps, managers, teams, weeks, meetings, submissions, commitments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from service.domain.week import Week


class Tenure(StrEnum):
    """How long a rep has been in the seat; drives which day their 1:1 lands on."""

    NEW = "new"
    STANDARD = "standard"
    VETERAN = "veteran"


class Cadence(StrEnum):
    """How often a rep has a 1:1."""

    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class Role(StrEnum):
    """What the person does: an account executive, a manager or a director."""

    AE = "AE"
    MANAGER = "manager"
    DIRECTOR = "director"


@dataclass(frozen=True)
class Person:
    """Anyone in the org: a name, a work address and a home time zone."""

    name: str
    email: str
    timezone: str


@dataclass(frozen=True)
class Rep(Person):
    """Someone who fills in a 1:1 doc each cycle (an AE, or a manager in a director's team)."""

    role: Role = Role.AE
    tenure: Tenure = Tenure.STANDARD
    cadence: Cadence = Cadence.WEEKLY
    start_date: date | None = None
    left_on: date | None = None  # last day in the team; no 1:1 after it

    def is_active(self, week: Week) -> bool:
        """Whether the rep is in the team during ``week`` (started, not yet left)."""
        if self.left_on is not None and self.left_on < week.monday:
            return False
        return self.start_date is None or self.start_date <= week.friday

    def is_due(self, week: Week) -> bool:
        """Whether this rep has a 1:1 in ``week`` given their cadence and dates."""
        if not self.is_active(week):
            return False
        if self.cadence is Cadence.WEEKLY:
            return True
        if self.cadence is Cadence.BIWEEKLY:
            anchor = Week.of(self.start_date) if self.start_date else Week.EPOCH
            return (week.index - anchor.index) % 2 == 0
        return week.is_first_of_month


@dataclass(frozen=True)
class Team:
    """A manager and the reps who report to them."""

    id: str
    name: str
    manager: Person
    reps: tuple[Rep, ...]
    timezone: str
    director: Person | None = None
    country: str | None = None  # ISO code for public holidays, when the team sets its own

    def reps_due(self, week: Week) -> tuple[Rep, ...]:
        """The reps who have a 1:1 in ``week``."""
        return tuple(rep for rep in self.reps if rep.is_due(week))

    def reps_for_development(self, week: Week) -> tuple[Rep, ...]:
        """The reps whose monthly development session falls in ``week``: every rep in the
        team that month, in the month's first 1:1 week (whatever their 1:1 cadence)."""
        if not week.is_first_of_month:
            return ()
        return tuple(rep for rep in self.reps if rep.is_active(week))

    def rep(self, email: str) -> Rep | None:
        """The rep with this address, if in the team."""
        return next((r for r in self.reps if r.email == email), None)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Interval:
    """A half-open span of time [start, end) between two aware datetimes."""

    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        """True when the two spans share any instant (compared in UTC: Python compares two
        times of one zone by wall clock, which is wrong in the repeated hour of a DST end)."""
        return _utc(self.start) < _utc(other.end) and _utc(other.start) < _utc(self.end)


@dataclass(frozen=True)
class Meeting:
    """A booked (or planned) 1:1."""

    rep_email: str
    start: datetime
    end: datetime
    video: str = ""  # the Google Meet link, once Calendar has made one


@dataclass(frozen=True)
class Commitment:
    """A promise made in a 1:1: by the rep, or by the manager to support them."""

    text: str
    owner: str = "rep"  # "rep" or "manager"
    done: bool = False
    week_made: Week | None = None
    category: str | None = None  # a coaching category of program.yaml ("Quality")


@dataclass(frozen=True)
class MetricValue:
    """One key metric of one rep: goal and actual for the period so far."""

    name: str
    goal: float | None
    actual: float | None
    unit: str = ""
    higher_is_better: bool = True
    as_of: date | None = None  # the day the actual is as of, when the source says


@dataclass(frozen=True)
class RepMetrics:
    """A rep's key metrics as read from the metrics source."""

    rep_email: str
    values: tuple[MetricValue, ...] = ()


@dataclass(frozen=True)
class Section:
    """One section of a 1:1 doc as the rep left it."""

    text: str
    items: tuple[str, ...] = ()

    @property
    def filled(self) -> bool:
        """A section counts as filled when it holds any text of the rep's."""
        return bool(self.text.strip())


@dataclass(frozen=True)
class Submission:
    """What a rep handed in for a week, read from their doc."""

    rep_email: str
    week: Week
    sections: dict[str, Section] = field(default_factory=dict)
    energy: int | None = None
    missing: tuple[str, ...] = ()
    commitments: tuple[Commitment, ...] = ()  # carried over, with their done state
    new_commitments: tuple[Commitment, ...] = ()  # made in this week's meeting
    warnings: tuple[str, ...] = ()
    last_edit: datetime | None = None
    manager_comments: int = 0
    kudos: tuple[str, ...] = ()  # recognition the rep received, one item per line
    rating: int | None = None  # how useful the rep found the last 1:1 (1-5)

    @property
    def complete(self) -> bool:
        """Every required section is filled."""
        return not self.missing
