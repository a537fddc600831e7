"""The week planner of contract 2 (pure): which rep meets the manager when, and why not.

Hard rules: a 1:1 starts on a quarter hour and lies inside the window of an allowed,
non-holiday day in the manager's zone; no rep busy interval meets [start, end); no manager busy
interval meets [start, end + buffer); no other 1:1 (the fixed ones included) meets
[start, end + buffer) - so two 1:1s are at least ``buffer`` apart. The buffer follows a 1:1
("45 on, 15 off"); it does not precede it: a manager's call may end when a 1:1 starts. A day
holds at most ``max_per_day`` 1:1s, fixed ones counted. A rep whose zone differs from the
manager's also meets inside their working hours, on one of their weekdays.

A rep who already has a fixed 1:1 in the week is not planned again (they are reported as
unscheduled, with their 1:1's time); rep addresses compare case-insensitively.

Among the plans that obey these, the planner returns one with the most reps; among those, in
this order: the most reps who are first in line (left out last week), the most new reps, the
most standard reps (so veterans are left out first: they can be given more space), then the
placement preferences: the most veterans on veteran days, the most new reps on new-rep days,
the most reps in their previous slot (weekday and wall-clock time), then the earliest plan (the
smallest sum of start times). Remaining ties go to the order the reps are given in: earlier
reps are kept first and take the earlier slots. The order is one integer weight per (rep,
start), each level outweighing every sum of the levels below it, and the search
(``plan_search``) finds the plan of greatest weight.
"""

from __future__ import annotations

from service.domain.model import Meeting, Tenure
from service.domain.plan_problem import (
    STEP,
    Day,
    RepToPlan,
    Rules,
    WeekGrid,
    WeekPlan,
    WeekProblem,
)
from service.domain.plan_reasons import already_booked, unscheduled_reasons
from service.domain.plan_search import DaySpec, RepOptions, best_assignment

__all__ = ["RepToPlan", "Rules", "WeekPlan", "WeekProblem", "plan_week"]

SLOTS_PER_WEEK = 7 * 24 * 60 // STEP + 8  # quarter hours in a week (+ a 25-hour DST day)


def plan_week(problem: WeekProblem) -> WeekPlan:
    """The optimal plan of contract 2 (see the module docstring for the exact order)."""
    grid = WeekGrid(problem)
    days = grid.days
    booked_already = grid.fixed_this_week()
    reps = [rep for rep in problem.reps if rep.email.casefold() not in booked_already]
    weights = _Weights(len(reps))
    options = [_options(grid, rep, index, days, weights) for index, rep in enumerate(reps)]
    chosen = best_assignment([DaySpec(day.open, day.room) for day in days], options, grid.gap)
    meetings = [
        Meeting(reps[index].email, grid.at(start), grid.at(start + grid.length))
        for index, (_, start) in sorted(chosen.items(), key=lambda item: item[1][1])
    ]
    booked = [0] * len(days)
    for d, _ in chosen.values():
        booked[d] += 1
    left = [rep for index, rep in enumerate(reps) if index not in chosen]
    reasons = unscheduled_reasons(grid, left, booked)
    for rep in problem.reps:
        fixed = booked_already.get(rep.email.casefold())
        if fixed is not None:
            reasons[rep.email] = already_booked(grid, fixed)
    return WeekPlan(tuple(meetings), reasons)


class _Weights:
    """The value of each level of contract 2's order for ``n`` reps: each level outweighs the
    sum, over every rep, of all the levels below it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.earliness = (n + 1) * n * SLOTS_PER_WEEK + 1  # beats every tie-break sum
        self.previous = (n * SLOTS_PER_WEEK + 1) * self.earliness  # beats every earliness sum
        self.new_day = (n + 1) * self.previous
        self.veteran_day = (n + 1) * self.new_day
        self.standard = (n + 1) * self.veteran_day
        self.new = (n + 1) * self.standard
        self.first_in_line = (n + 1) * self.new
        self.scheduled = (n + 1) * self.first_in_line

    def base(self, rep: RepToPlan) -> int:
        """What scheduling ``rep`` at all is worth, before where."""
        value = self.scheduled
        if rep.first_in_line:
            value += self.first_in_line
        if rep.tenure is Tenure.NEW:
            value += self.new
        elif rep.tenure is Tenure.STANDARD:
            value += self.standard
        return value


def _options(
    grid: WeekGrid, rep: RepToPlan, index: int, days: list[Day], weights: _Weights
) -> RepOptions:
    """Every start open to ``rep``, weighted by the lexicographic order as one integer."""
    rules, n = grid.rules, weights.n
    earliness, previous = weights.earliness, weights.previous
    by_day: list[list[tuple[int, int]]] = []
    busy = [grid.span(b) for b in rep.busy]
    for day in days:
        base = weights.base(rep)
        if rep.tenure is Tenure.VETERAN and day.weekday in rules.veteran_days:
            base += weights.veteran_day
        if rep.tenure is Tenure.NEW and day.weekday in rules.new_rep_days:
            base += weights.new_day
        found = []
        for start in grid.rep_open(rep, day, busy):
            slot = start // STEP
            weight = base - earliness * slot + (n - index) * (SLOTS_PER_WEEK - slot)
            if rep.previous and grid.is_slot(start, *rep.previous):
                weight += previous
            found.append((weight, start))
        found.sort(key=lambda item: (-item[0], item[1]))
        by_day.append(found)
    return RepOptions(by_day)
