"""Checks of the weekly cycle and the scheduling rules that a single field cannot see.

The jobs place each moment relative to the 1:1 week it works on (``service.domain.cycle``):
``prepare`` and the deadline fall in the week before; ``remind`` and ``collect`` on Monday to
Wednesday fall in the 1:1 week itself, later days in the week before. A cycle is sound when,
on that time line, prepare comes first, the deadline after it, and some collect after the
deadline. Errors make the configuration useless; warnings are legal but probably not meant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from service.domain.week import WEEKDAYS
from service.settings.models import CycleConfig, Moment, RulesConfig, minutes_of

if TYPE_CHECKING:
    from service.settings.loader import Config

Problem = tuple[str, tuple[str | int, ...], str]  # file, field path, reason
DAY = 24 * 60
WEEKEND = ("SAT", "SUN")


def _before_week(moment: Moment) -> int:
    """Minutes from the 1:1 week's Monday 00:00 to a moment always in the week before."""
    return (WEEKDAYS.index(moment.day) - 7) * DAY + minutes_of(moment.time)


def _collect_week(moment: Moment) -> int:
    """The same for remind and collect, which read the current week until Wednesday."""
    day = WEEKDAYS.index(moment.day)
    return (day if day <= 2 else day - 7) * DAY + minutes_of(moment.time)


def _said(moment: Moment) -> str:
    return f"{moment.day} {moment.time}"


def cycle_problems(config: Config) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of the default cycle and rules and of every team override."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    schedule = config.schedule
    places: list[tuple[tuple[str | int, ...], CycleConfig | None, RulesConfig | None]] = [
        ((), schedule.cycle, schedule.rules)
    ]
    places += [(("teams", k), v.cycle, v.rules) for k, v in schedule.teams.items()]
    for prefix, cycle, rules in places:
        if cycle is not None:
            for error, where, reason in _cycle(cycle):
                (errors if error else warnings).append(("schedule.yaml", (*prefix, *where), reason))
        if rules is not None:
            errors.extend(("schedule.yaml", (*prefix, *where), r) for where, r in _rules(rules))
    return errors, warnings


def _cycle(cycle: CycleConfig) -> Iterator[tuple[bool, tuple[str | int, ...], str]]:
    """(is an error, field path, reason) for each problem of one cycle."""
    prepare = _before_week(cycle.prepare)
    deadline = _before_week(cycle.deadline)
    if deadline <= prepare:
        yield (
            True,
            ("cycle", "deadline"),
            f"the deadline ({_said(cycle.deadline)}) is not after prepare "
            f"({_said(cycle.prepare)}): reps would have no time to fill in their docs",
        )
    remind = _collect_week(cycle.remind)
    if remind <= prepare:
        yield (
            True,
            ("cycle", "remind"),
            f"remind ({_said(cycle.remind)}) runs before prepare ({_said(cycle.prepare)}) "
            "has made the week's docs",
        )
    elif remind > deadline:
        yield (
            False,
            ("cycle", "remind"),
            f"remind ({_said(cycle.remind)}) runs after the deadline ({_said(cycle.deadline)})",
        )
    if cycle.remind.day in WEEKEND:
        yield False, ("cycle", "remind", "day"), f"remind runs on a weekend ({cycle.remind.day})"
    after_deadline = any(_collect_week(m) >= deadline for m in cycle.collect)
    for i, moment in enumerate(cycle.collect):
        at = _collect_week(moment)
        if at <= prepare:
            yield (
                True,
                ("cycle", "collect", i),
                f"collect ({_said(moment)}) runs before prepare ({_said(cycle.prepare)}) "
                "has made the week's docs",
            )
        elif at < deadline:
            yield (
                not after_deadline,
                ("cycle", "collect", i),
                f"collect ({_said(moment)}) runs before the deadline ({_said(cycle.deadline)})"
                + ("" if after_deadline else " and no collect runs after it"),
            )


def _rules(rules: RulesConfig) -> Iterator[tuple[tuple[str | int, ...], str]]:
    caps = [rules.max_per_day.get(day) for day in rules.days]
    if caps and all(cap == 0 for cap in caps):
        yield (
            ("rules", "max_per_day"),
            f"every 1:1 day ({', '.join(rules.days)}) has a cap of 0: no 1:1 can be booked",
        )
    seen: dict[str, int] = {}
    for i, day in enumerate(rules.days):
        if day in seen:
            yield ("rules", "days", i), f"{day} is listed twice (also days[{seen[day]}])"
        seen.setdefault(day, i)
