"""An independent referee for the planner: contract 2's hard rules and an exhaustive optimum.

Written from the contract with datetimes only (nothing of the planner's integer grid), so that
a shared mistake is unlikely. Small problems only: the optimum is found by trying every plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
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

    def rep_problem(self, rep: RepToPlan, start: datetime) -> str | None:
        """Why ``rep`` may not meet at ``start`` (None when they may)."""
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

    def candidates(self, rep: RepToPlan) -> list[datetime]:
        """Every quarter-hour instant of the week when ``rep`` may meet, ignoring other reps."""
        anchor = datetime.combine(self.problem.week.monday, time(0), self.zone)
        first = anchor.astimezone(ZoneInfo("UTC"))
        out = []
        for k in range(7 * 96 + 8):
            start = (first + k * QUARTER).astimezone(self.zone)
            if self.slot_problem(start) is None and self.rep_problem(rep, start) is None:
                out.append(start)
        return out

    def score(self, meetings: tuple[Meeting, ...] | list[Meeting]) -> tuple[int, ...]:
        """Contract 2's order as a tuple (bigger is better)."""
        rules, reps = self.problem.rules, {r.email: r for r in self.problem.reps}
        anchor = datetime.combine(self.problem.week.monday, time(0), self.zone)
        veterans = news = previous = 0
        early = 0
        for m in meetings:
            rep, local = reps[m.rep_email], m.start.astimezone(self.zone)
            weekday = WEEKDAYS[local.weekday()]
            veterans += rep.tenure is Tenure.VETERAN and weekday in rules.veteran_days
            news += rep.tenure is Tenure.NEW and weekday in rules.new_rep_days
            if rep.previous and (weekday, f"{local:%H:%M}") == rep.previous:
                previous += 1
            early += int((u(m.start) - u(anchor)) / QUARTER)
        return (len(meetings), veterans, news, previous, -early)

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
