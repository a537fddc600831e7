"""Exact search for the best week: branch and bound over an assignment relaxation (pure).

A plan puts at most ``room`` 1:1s on a day, each ``gap`` (meeting + buffer) after the one
before. Number a day's 1:1s in time order: the k-th of them is an *ordinal* (day, k). The
relaxation assigns reps to ordinals, each rep taking its best open start for that ordinal,
without checking the spacing between ordinals. That is a bipartite assignment (solved exactly
by the Hungarian method) whose value bounds every plan from above, because the k-th 1:1 of a
day can start no earlier than the k-th start of the earliest possible chain of that day.

When the relaxed answer is a valid plan it is optimal for its node. Otherwise two consecutive
ordinals (k < k') of a day sit too close: a start t' for k' and a start t for k with
t' < t + gap. Every plan of the node either starts ordinal k no later than
t' - (k' - k) * gap, or starts ordinal k' after t' (or leaves it empty). Both children forbid
the relaxed answer, domains only shrink, so the search ends, and it is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from service.domain.assignment import max_weight_assignment

NO_LIMIT = 1 << 40


@dataclass(frozen=True)
class DaySpec:
    """A day as the search sees it: the open starts (sorted) and the 1:1s it may still take."""

    starts: list[int]
    room: int


@dataclass(frozen=True)
class RepOptions:
    """A rep's open starts per day as (weight, start), best weight first."""

    by_day: list[list[tuple[int, int]]]

    @property
    def any_slot(self) -> bool:
        return any(self.by_day)


@dataclass(frozen=True)
class _Node:
    lo: tuple[tuple[int, ...], ...]  # per day, per ordinal: earliest start allowed
    hi: tuple[tuple[int, ...], ...]  # per day, per ordinal: latest start allowed


def _chain_rooms(days: list[DaySpec], gap: int) -> list[int]:
    """How many ordinals each day has: its room, and no more than fit in its open starts."""
    rooms = []
    for day in days:
        count, nxt = 0, -NO_LIMIT
        for start in day.starts:
            if count >= day.room:
                break
            if start >= nxt:
                count, nxt = count + 1, start + gap
        rooms.append(count)
    return rooms


class _Search:
    def __init__(self, days: list[DaySpec], reps: list[RepOptions], gap: int) -> None:
        self.days, self.reps, self.gap = days, reps, gap
        self.ordinals = [
            (d, k) for d, room in enumerate(_chain_rooms(days, gap)) for k in range(room)
        ]
        self.best_value = 0
        self.best: dict[int, tuple[int, int]] = {}
        self.nodes = 0
        self._columns: dict[tuple[int, int, int], list[tuple[int, int] | None]] = {}

    def root(self) -> _Node:
        rooms = _chain_rooms(self.days, self.gap)
        return _Node(
            tuple((-NO_LIMIT,) * room for room in rooms),
            tuple((NO_LIMIT,) * room for room in rooms),
        )

    def _windows(self, node: _Node) -> list[tuple[int, int]]:
        """Each ordinal's [earliest, latest] start, the earliest pushed by the ordinals before."""
        windows = []
        for d, (los, his) in enumerate(zip(node.lo, node.hi, strict=True)):
            starts, reach = self.days[d].starts, -NO_LIMIT
            for lo, hi in zip(los, his, strict=True):
                lo = max(lo, reach)
                first = next((s for s in starts if lo <= s <= hi), None)
                if first is None:  # this ordinal is empty, so are the later ones in any plan
                    reach = NO_LIMIT
                    windows.append((NO_LIMIT, -NO_LIMIT))
                else:
                    reach = first + self.gap
                    windows.append((lo, hi))
        return windows

    def _column(self, d: int, lo: int, hi: int) -> list[tuple[int, int] | None]:
        """Each rep's best (weight, start) on day ``d`` within [lo, hi] (cached: children share
        most of their parent's columns)."""
        key = (d, lo, hi)
        column = self._columns.get(key)
        if column is None:
            column = [
                next(((w, s) for w, s in rep.by_day[d] if lo <= s <= hi), None) for rep in self.reps
            ]
            self._columns[key] = column
        return column

    def relax(self, node: _Node) -> tuple[int, dict[int, tuple[int, int]]]:
        """The relaxation's value and answer: rep -> (ordinal index, start)."""
        columns = [
            self._column(d, lo, hi)
            for (d, _), (lo, hi) in zip(self.ordinals, self._windows(node), strict=True)
        ]
        matrix = [
            [(hit[0] if (hit := column[r]) else None) for column in columns]
            for r in range(len(self.reps))
        ]
        value, answer = 0, {}
        for r, col in enumerate(max_weight_assignment(matrix)):
            if col is not None:
                hit = columns[col][r]
                assert hit is not None
                value += hit[0]
                answer[r] = (col, hit[1])
        return value, answer

    def conflict(self, answer: dict[int, tuple[int, int]]) -> tuple[int, int, int, int] | None:
        """Two consecutive used ordinals of a day too close, as (day, k, k', start of k')."""
        used: dict[int, list[tuple[int, int]]] = {}
        for col, start in answer.values():
            d, k = self.ordinals[col]
            used.setdefault(d, []).append((k, start))
        for d, items in used.items():
            times = sorted(start for _, start in items)
            if all(b - a >= self.gap for a, b in pairwise(times)):
                continue  # a valid day, even if its ordinals are not in time order
            items.sort()
            for (k, t), (k2, t2) in pairwise(items):
                if t2 < t + self.gap:
                    return d, k, k2, t2
        return None

    def run(self, node: _Node, relaxed: tuple[int, dict[int, tuple[int, int]]]) -> None:
        """Depth first, the child with the better bound first; prune what cannot win."""
        self.nodes += 1
        value, answer = relaxed
        if value <= self.best_value:
            return
        found = self.conflict(answer)
        if found is None:
            self.best_value = value
            self.best = {r: (self.ordinals[col][0], start) for r, (col, start) in answer.items()}
            return
        d, k, k2, t2 = found
        children = [
            _Node(node.lo, _tighten(node.hi, d, k, t2 - (k2 - k) * self.gap, min)),
            _Node(_tighten(node.lo, d, k2, t2 + 1, max), node.hi),
        ]
        bounded = sorted(
            ((self.relax(child), i) for i, child in enumerate(children)),
            key=lambda item: -item[0][0],
        )
        for child_relaxed, i in bounded:
            self.run(children[i], child_relaxed)


def _tighten(
    bounds: tuple[tuple[int, ...], ...], d: int, k: int, value: int, pick: Callable[[int, int], int]
) -> tuple[tuple[int, ...], ...]:
    day = list(bounds[d])
    day[k] = pick(day[k], value)
    return (*bounds[:d], tuple(day), *bounds[d + 1 :])


def best_assignment(
    days: list[DaySpec], reps: list[RepOptions], gap: int
) -> dict[int, tuple[int, int]]:
    """The plan of greatest total weight: rep index -> (day index, start)."""
    search = _Search(days, reps, gap)
    if search.ordinals:
        root = search.root()
        search.run(root, search.relax(root))
    return search.best
