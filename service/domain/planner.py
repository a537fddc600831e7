"""The week planner of contract 2 (pure): which rep meets the manager when, and why not.

Hard rules: a 1:1 starts on a quarter hour and lies inside the window of an allowed,
non-holiday day in the manager's zone; no rep busy interval meets [start, end); no manager busy
interval meets [start, end + buffer); no other 1:1 (the fixed ones included) meets
[start, end + buffer) - so two 1:1s are at least ``buffer`` apart. The buffer follows a 1:1
("45 on, 15 off"); it does not precede it: a manager's call may end when a 1:1 starts. A day
holds at most ``max_per_day`` 1:1s, fixed ones counted. A rep whose zone differs from the
manager's also meets inside their working hours, on one of their weekdays.

Among the plans that obey these, the planner returns one with the most reps; among those, in
this order: the most veterans on veteran days, the most new reps on new-rep days, the most reps
in their previous slot (weekday and wall-clock time), then the earliest plan (the smallest sum
of start times). Remaining ties go to the order the reps are given in: earlier reps are
kept first and take the earlier slots. The order is one integer weight per (rep, start), each
level outweighing every sum of the levels below it, and the search (``plan_search``) finds the
plan of greatest weight.
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
from service.domain.plan_reasons import unscheduled_reasons
from service.domain.plan_search import DaySpec, RepOptions, best_assignment

__all__ = ["RepToPlan", "Rules", "WeekPlan", "WeekProblem", "plan_week"]

SLOTS_PER_WEEK = 7 * 24 * 60 // STEP + 8  # quarter hours in a week (+ a 25-hour DST day)


def plan_week(problem: WeekProblem) -> WeekPlan:
    """The optimal plan of contract 2 (see the module docstring for the exact order)."""
    grid = WeekGrid(problem)
    days = grid.days
    options = [_options(grid, rep, index, days) for index, rep in enumerate(problem.reps)]
    chosen = best_assignment([DaySpec(day.open, day.room) for day in days], options, grid.gap)
    meetings = [
        Meeting(problem.reps[index].email, grid.at(start), grid.at(start + grid.length))
        for index, (_, start) in sorted(chosen.items(), key=lambda item: item[1][1])
    ]
    booked = [0] * len(days)
    for d, _ in chosen.values():
        booked[d] += 1
    left = [rep for index, rep in enumerate(problem.reps) if index not in chosen]
    reasons = unscheduled_reasons(grid, left, booked)
    return WeekPlan(tuple(meetings), reasons)


def _options(grid: WeekGrid, rep: RepToPlan, index: int, days: list[Day]) -> RepOptions:
    """Every start open to ``rep``, weighted by the lexicographic order as one integer."""
    rules, n = grid.rules, len(grid.problem.reps)
    earliness = (n + 1) * n * SLOTS_PER_WEEK + 1  # beats every tie-break sum
    previous = (n * SLOTS_PER_WEEK + 1) * earliness  # beats every earliness sum
    new = (n + 1) * previous
    veteran = (n + 1) * new
    scheduled = (n + 1) * veteran
    by_day: list[list[tuple[int, int]]] = []
    busy = [grid.span(b) for b in rep.busy]
    for day in days:
        base = scheduled
        if rep.tenure is Tenure.VETERAN and day.weekday in rules.veteran_days:
            base += veteran
        if rep.tenure is Tenure.NEW and day.weekday in rules.new_rep_days:
            base += new
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
