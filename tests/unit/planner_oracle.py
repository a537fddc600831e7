"""An independent referee for the planner: contract 2's hard rules and an exhaustive optimum.

Written from the contract with datetimes only (nothing of the planner's integer grid), so that
a shared mistake is unlikely. Small problems only: the optimum is found by trying every plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from service.domain.model import Interval, Meeting, Tenure
from service.domain.planner import RepToPlan, WeekPlan, WeekProblem
from service.domain.week import WEEKDAYS

QUARTER = timedelta(minutes=15)


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def u(when: datetime) -> datetime:
    """In UTC: aware datetimes that share a zone compare and subtract by wall clock, ignoring
    DST folds, so every comparison and sum here goes through UTC."""
    return when.astimezone(UTC)


def _meets(spans: tuple[Interval, ...] | list[Interval], start: datetime, end: datetime) -> bool:
    return any(u(b.start) < u(end) and u(start) < u(b.end) for b in spans)


@dataclass(frozen=True)
class Referee:
    problem: WeekProblem

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.problem.timezone)

    @property
    def length(self) -> timedelta:
        return timedelta(minutes=self.problem.rules.meeting_minutes)

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.problem.rules.buffer_minutes)

    def local_day(self, start: datetime) -> date:
        return start.astimezone(self.zone).date()

    def slot_problem(self, start: datetime) -> str | None:
        """Why a 1:1 may not start at ``start`` whoever the rep is (None when it may)."""
        rules, zone = self.problem.rules, self.zone
        local = start.astimezone(zone)
        day = local.date()
        if not self.problem.week.monday <= day <= self.problem.week.monday + timedelta(days=6):
            return "outside the week"
        if local.minute % 15 or local.second or local.microsecond:
            return "not on a quarter hour"
        if WEEKDAYS[day.weekday()] not in rules.days:
            return "not an allowed day"
        if day in self.problem.holidays:
            return "a holiday"
        end = u(start) + self.length
        if u(start) < u(datetime.combine(day, _clock(rules.window[0]), zone)):
            return "before the window"
        if end > u(datetime.combine(day, _clock(rules.window[1]), zone)):
            return "after the window"
        if _meets(self.problem.manager_busy, start, end + self.buffer):
            return "manager busy"
        for fixed in self.problem.fixed:
            if u(fixed.start) < end + self.buffer and u(start) < u(fixed.end) + self.buffer:
                return "too close to a fixed 1:1"
        return None

    def has_fixed(self, rep: RepToPlan) -> bool:
        """Whether a fixed 1:1 of this week names ``rep`` (addresses compare case-insensitively)."""
        week = self.problem.week
        return any(
            f.rep_email.lower() == rep.email.lower()
            and week.monday <= self.local_day(f.start) <= week.monday + timedelta(days=6)
            for f in self.problem.fixed
        )

    def rep_problem(self, rep: RepToPlan, start: datetime) -> str | None:
        """Why ``rep`` may not meet at ``start`` (None when they may)."""
        if self.has_fixed(rep):
            return "already has a fixed 1:1 this week"
        end = u(start) + self.length
        if _meets(rep.busy, start, end):
            return "rep busy"
        if rep.timezone and rep.timezone != self.problem.timezone:
            zone = ZoneInfo(rep.timezone)
            begin, finish = start.astimezone(zone), end.astimezone(zone)
            lo, hi = self.problem.rules.rep_hours
            if begin.weekday() >= 5 or finish.date() != begin.date():
                return "not on the rep's weekday"
            if begin.time() < _clock(lo) or finish.time() > _clock(hi):
                return "outside the rep's hours"
        return None

    def cap_left(self, day: date, planned: list[datetime]) -> bool:
        cap = self.problem.rules.max_per_day.get(WEEKDAYS[day.weekday()])
        if cap is None:
            return True
        fixed = sum(1 for f in self.problem.fixed if self.local_day(f.start) == day)
        return fixed + sum(1 for p in planned if self.local_day(p) == day) <= cap

    def violations(self, plan: WeekPlan) -> list[str]:
        """Every way ``plan`` breaks contract 2 (empty when it keeps it)."""
        out = []
        reps = {rep.email: rep for rep in self.problem.reps}
        planned = [m.rep_email for m in plan.meetings]
        if sorted(planned + list(plan.unscheduled)) != sorted(reps):
            out.append("not every rep exactly once")
        for email, reason in plan.unscheduled.items():
            if not reason.strip():
                out.append(f"{email}: empty reason")
        for rep in self.problem.reps:
            if self.has_fixed(rep) and not plan.unscheduled.get(rep.email, "").startswith(
                "already has a 1:1"
            ):
                out.append(f"{rep.email}: booked again despite a fixed 1:1")
        starts = [m.start for m in plan.meetings]
        for m in plan.meetings:
            if u(m.end) - u(m.start) != self.length:
                out.append(f"{m.rep_email}: lasts {u(m.end) - u(m.start)}")
            if m.start.utcoffset() != m.start.astimezone(self.zone).utcoffset():
                out.append(f"{m.rep_email}: not in the manager's zone")
            problem = self.slot_problem(m.start) or self.rep_problem(reps[m.rep_email], m.start)
            if problem:
                out.append(f"{m.rep_email} at {m.start.isoformat()}: {problem}")
            for other in plan.meetings:
                if (
                    other is not m
                    and u(other.start) < u(m.end) + self.buffer
                    and u(m.start) < u(other.end)
                ):
                    out.append(f"{m.rep_email}: another 1:1 within its buffer")
            if not self.cap_left(self.local_day(m.start), starts):
                out.append(f"{m.rep_email}: day cap exceeded")
        return out

    @cached_property
    def open_starts(self) -> list[datetime]:
        """Every quarter-hour instant of the week when the manager may hold a 1:1."""
        first = u(datetime.combine(self.problem.week.monday, time(0), self.zone))
        starts = [(first + k * QUARTER).astimezone(self.zone) for k in range(7 * 96 + 8)]
        return [start for start in starts if self.slot_problem(start) is None]

    def candidates(self, rep: RepToPlan) -> list[datetime]:
        """Every quarter-hour instant of the week when ``rep`` may meet, ignoring other reps."""
        return [start for start in self.open_starts if self.rep_problem(rep, start) is None]

    def score(self, meetings: tuple[Meeting, ...] | list[Meeting]) -> tuple[int, ...]:
        """Contract 2's order as a tuple (bigger is better): how many reps; of them, how many
        first in line, new, standard; then veterans on veteran days, new reps on new-rep days,
        reps in their previous slot, and earliness."""
        rules, reps = self.problem.rules, {r.email: r for r in self.problem.reps}
        anchor = datetime.combine(self.problem.week.monday, time(0), self.zone)
        first = new = standard = on_veteran_day = on_new_day = previous = 0
        early = 0
        for m in meetings:
            rep, local = reps[m.rep_email], m.start.astimezone(self.zone)
            weekday = WEEKDAYS[local.weekday()]
            first += rep.first_in_line
            new += rep.tenure is Tenure.NEW
            standard += rep.tenure is Tenure.STANDARD
            on_veteran_day += rep.tenure is Tenure.VETERAN and weekday in rules.veteran_days
            on_new_day += rep.tenure is Tenure.NEW and weekday in rules.new_rep_days
            if rep.previous and (weekday, f"{local:%H:%M}") == rep.previous:
                previous += 1
            early += int((u(m.start) - u(anchor)) / QUARTER)
        return (len(meetings), first, new, standard, on_veteran_day, on_new_day, previous, -early)

    def best_score(self) -> tuple[int, ...]:
        """The best score over every plan that keeps the hard rules (exhaustive)."""
        options = [self.candidates(rep) for rep in self.problem.reps]
        best = self.score([])
        for plan in self._plans(options, 0, []):
            best = max(best, self.score(plan))
        return best

    def _plans(
        self, options: list[list[datetime]], index: int, chosen: list[Meeting]
    ) -> Iterator[list[Meeting]]:
        if index == len(options):
            yield chosen
            return
        yield from self._plans(options, index + 1, chosen)
        email = self.problem.reps[index].email
        for start in options[index]:
            end = u(start) + self.length
            if any(
                u(c.start) < end + self.buffer and u(start) < u(c.end) + self.buffer for c in chosen
            ):
                continue
            if not self.cap_left(self.local_day(start), [c.start for c in chosen] + [start]):
                continue
            yield from self._plans(options, index + 1, [*chosen, Meeting(email, start, end)])

    def best_score_by_dp(self) -> tuple[int, ...]:
        """The same optimum by dynamic programming over the week's open starts (for more reps).

        The score is a sum over 1:1s, and sums keep the tuple order, so the best plan from a
        start on, given the reps already used and the 1:1s already on that day, is memoised.
        """
        starts = [u(s) for s in self.open_starts]
        rules, reps = self.problem.rules, self.problem.reps
        free = [{u(s) for s in self.candidates(rep)} for rep in reps]
        gap = self.length + self.buffer
        days = [self.local_day(s) for s in starts]
        caps = []
        for day in days:
            cap = rules.max_per_day.get(WEEKDAYS[day.weekday()])
            fixed = sum(1 for f in self.problem.fixed if self.local_day(f.start) == day)
            caps.append(None if cap is None else cap - fixed)
        value = [
            [self.score([Meeting(rep.email, s, s + self.length)]) for s in starts] for rep in reps
        ]
        zero = self.score([])
        memo: dict[tuple[int, int, int], tuple[int, ...]] = {}

        def best(i: int, used: int, today: int) -> tuple[int, ...]:
            if i >= len(starts):
                return zero
            key = (i, used, today)
            if key in memo:
                return memo[key]
            nxt_today = today if i + 1 < len(starts) and days[i + 1] == days[i] else 0
            result = best(i + 1, used, nxt_today)
            cap = caps[i]
            if cap is None or today < cap:
                j = next((k for k in range(i + 1, len(starts)) if starts[k] >= starts[i] + gap),
                         len(starts))  # fmt: skip
                after = today + 1 if j < len(starts) and days[j] == days[i] else 0
                for r in range(len(reps)):
                    if used >> r & 1 or starts[i] not in free[r]:
                        continue
                    mine = best(j, used | 1 << r, after)
                    total = tuple(a + b for a, b in zip(value[r][i], mine, strict=True))
                    result = max(result, total)
            memo[key] = result
            return result

        return best(0, 0, 0)
