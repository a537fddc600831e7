"""Weeks: the unit the whole product runs on (Monday to Sunday, named by the Monday)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

# The years a week may fall in: the jobs look a few weeks back (monthly coverage, last docs)
# and ahead, and every week in these years leaves room for that date arithmetic.
FIRST_YEAR = 2000
LAST_YEAR = 2999

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@dataclass(frozen=True, order=True)
class Week:
    """A calendar week, identified by its Monday."""

    monday: date
    EPOCH: ClassVar[Week]

    def __post_init__(self) -> None:
        if self.monday.weekday() != 0:
            raise ValueError(f"{self.monday.isoformat()} is not a Monday")

    @classmethod
    def of(cls, day: date) -> Week:
        """The week holding ``day``."""
        return cls(day - timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, text: str) -> Week:
        """A week from its Monday as YYYY-MM-DD (any day of the week is accepted)."""
        return cls.of(date.fromisoformat(text))

    @classmethod
    def parse_monday(cls, text: str) -> Week:
        """A week from its Monday as YYYY-MM-DD; any other day is refused (ValueError), not
        moved to its week's Monday: a mistyped date must not pick a week silently."""
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
        if day.weekday() != 0:
            monday = cls.of(day).label
            raise ValueError(f"{text} is a {day:%A}, not a Monday (its week is {monday})")
        return cls(day)

    @property
    def label(self) -> str:
        """The Monday as YYYY-MM-DD: how the week is named in docs, sheets and ids."""
        return self.monday.isoformat()

    @property
    def friday(self) -> date:
        """The Friday of the week."""
        return self.monday + timedelta(days=4)

    @property
    def index(self) -> int:
        """Weeks since the epoch week (for biweekly parity)."""
        return (self.monday - Week.EPOCH.monday).days // 7

    @property
    def is_first_of_month(self) -> bool:
        """True when this week's Monday is the first Monday of its month."""
        return self.monday.day <= 7

    def day(self, weekday: str) -> date:
        """The date of ``weekday`` (MON..SUN) in this week."""
        return self.monday + timedelta(days=WEEKDAYS.index(weekday.upper()))

    def next(self) -> Week:
        """The following week."""
        return Week(self.monday + timedelta(days=7))

    def previous(self) -> Week:
        """The week before."""
        return Week(self.monday - timedelta(days=7))

    def __str__(self) -> str:
        return self.label


Week.EPOCH = Week(date(2024, 1, 1))
