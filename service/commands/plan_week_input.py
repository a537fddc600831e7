"""The input of `oneonone plan-week` (contract 2): JSON in, validated, planned, JSON out.

Beyond the contract's input, these optional keys are read: a rep's ``timezone`` (working
hours then apply in it) and ``first_in_line`` (true: left out last week, so planned before
tenure counts), a top-level ``country`` (its public holidays are skipped like the configured
ones) and ``fixed`` (1:1s already booked: ``[{"rep", "start", "end"}]``; each names one of the
reps, who is then not booked again that week). ``rules`` also takes ``rep_working_hours``; a
day left out of ``max_per_day`` has no cap (only its window limits it). Addresses compare
case-insensitively: two reps differing only in case are one rep written twice (refused).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from service.commands.json_input import one_line, read_json
from service.domain.model import Tenure
from service.domain.week import Week
from service.errors import InputError
from service.settings.models import Clock, RulesConfig, TimeZoneName, Weekday


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Strict):
    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _ends_after_start(self) -> Span:
        if self.end <= self.start:
            raise ValueError(
                f"end {self.end.isoformat()} is not after start {self.start.isoformat()}"
            )
        return self


class Previous(_Strict):
    weekday: Weekday
    time: Clock


class ManagerIn(_Strict):
    email: str = Field(min_length=1)
    busy: list[Span]


class RepIn(_Strict):
    email: str = Field(min_length=1)
    tenure: Tenure
    busy: list[Span]
    previous: Previous | None = None
    timezone: TimeZoneName | None = None
    first_in_line: bool = False


class FixedIn(Span):
    rep: str


def _monday(value: date) -> date:
    if value.weekday() != 0:
        raise ValueError(f"{value.isoformat()} is a {value:%A}, not a Monday")
    return value


class Problem(_Strict):
    week_start: Annotated[date, AfterValidator(_monday)]
    timezone: TimeZoneName
    manager: ManagerIn
    reps: list[RepIn]
    rules: RulesConfig = RulesConfig()
    country: str | None = None
    fixed: list[FixedIn] = []

    @model_validator(mode="after")
    def _known_country(self) -> Problem:
        import holidays

        if self.country is not None and self.country not in holidays.list_supported_countries():
            raise ValueError(f"country {self.country!r} has no known public holidays")
        return self

    @model_validator(mode="after")
    def _unique_reps(self) -> Problem:
        seen: dict[str, str] = {}  # addresses compare case-insensitively
        for rep in self.reps:
            first = seen.get(rep.email.casefold())
            if first is not None:
                also = "" if first == rep.email else f" (as {first!r})"
                raise ValueError(f"rep {rep.email!r} appears twice{also}")
            seen[rep.email.casefold()] = rep.email
        return self

    @model_validator(mode="after")
    def _fixed_names_a_rep(self) -> Problem:
        # A fixed 1:1 is one of the reps' own; anyone else's meeting is the manager's busy time.
        reps = {rep.email.casefold() for rep in self.reps}
        for index, fixed in enumerate(self.fixed):
            if fixed.rep.casefold() not in reps:
                raise ValueError(
                    f"fixed.{index}.rep: {fixed.rep!r} is not one of the reps "
                    "(give another meeting as the manager's busy time)"
                )
        return self


def load_problem(path: Path) -> Problem:
    """The problem in ``path``, or InputError with a one-line reason."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object, got {type(data).__name__}")
    try:
        return Problem.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: {_problems(exc)}") from None


def _problems(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "(top level)"
        if error["type"] == "missing":
            message = "is required"
        elif error["type"] == "extra_forbidden":
            message = "unknown key"
        else:
            message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return one_line("; ".join(parts))


def solve(problem: Problem) -> dict[str, Any]:
    """Contract 2's output for a validated problem; InputError for a week out of reach."""
    week = Week(problem.week_start)
    try:
        return _solve(problem, week)
    except OverflowError:
        # Dates near year 1 or 9999: the week (or its zone's offset) leaves Python's calendar.
        raise InputError(
            f"week_start {problem.week_start.isoformat()} is too far in the past or future to plan"
        ) from None


def _solve(problem: Problem, week: Week) -> dict[str, Any]:
    from service.domain.model import Interval, Meeting
    from service.domain.planner import RepToPlan, WeekProblem, plan_week
    from service.jobs.booking.week_plan import holidays_of, planner_rules

    plan = plan_week(
        WeekProblem(
            week=week,
            timezone=problem.timezone,
            reps=tuple(
                RepToPlan(
                    email=rep.email,
                    tenure=rep.tenure,
                    busy=tuple(Interval(b.start, b.end) for b in rep.busy),
                    timezone=rep.timezone,
                    previous=(rep.previous.weekday, rep.previous.time) if rep.previous else None,
                    first_in_line=rep.first_in_line,
                )
                for rep in problem.reps
            ),
            manager_busy=tuple(Interval(b.start, b.end) for b in problem.manager.busy),
            fixed=tuple(Meeting(f.rep, f.start, f.end) for f in problem.fixed),
            rules=planner_rules(problem.rules),
            holidays=holidays_of(week, problem.rules.holidays, problem.country),
        )
    )
    return {
        "meetings": [
            {"rep": m.rep_email, "start": m.start.isoformat(), "end": m.end.isoformat()}
            for m in plan.meetings
        ],
        "unscheduled": [
            {"rep": rep.email, "reason": plan.unscheduled[rep.email]}
            for rep in problem.reps
            if rep.email in plan.unscheduled
        ],
    }
