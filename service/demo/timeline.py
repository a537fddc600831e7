"""A demo week as a script: every step at its moment, in each team's own time zone.

The weekly cycle that ends with the 1:1s of ``week`` runs from the Thursday before (prepare)
to the Wednesday of ``week`` (the last 1:1s). Each team's jobs run at the times its schedule
gives, in its zone, as the scheduler would; the people act in between. Pure: it only says
what happens when; ``runner`` makes it happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from service.demo.personas import DECLINER, MOVED, decliner_team, moved_team, persona_of
from service.domain.model import Role, Team
from service.domain.week import Week
from service.settings import Config

# Steps at the same moment run in this order.
ORDER = ("seed", "prepare", "answer", "move", "write", "remind", "collect")
WEEK_ENDS = "WED 20:00"  # after the last 1:1 of the week, in every team's zone


def moment(week: Week, spec: str, timezone: str) -> datetime:
    """``"FRI 11:30"`` in the week BEFORE the 1:1 ``week`` (``"MON ..."`` = the 1:1 week)."""
    day, clock = spec.split()
    base = week if day in ("MON", "TUE", "WED") else week.previous()
    return datetime.combine(base.day(day), time.fromisoformat(clock), ZoneInfo(timezone))


@dataclass(frozen=True)
class Step:
    """One thing that happens in the demo week: a job for a team, or a person acting."""

    at: datetime
    action: str  # one of ORDER
    team: Team
    rep: str | None = None  # the rep who acts, or whom the action is about
    index: int = 0  # the rep's position in the team (their persona)

    @property
    def label(self) -> str:
        """How the step reads in the demo's progress lines."""
        local = self.at.astimezone(ZoneInfo(self.team.timezone))
        who = f" {self.rep}" if self.rep else ""
        return f"{local:%a %H:%M %Z} {self.team.id}: {self.action}{who}"


def week_script(config: Config, teams: tuple[Team, ...], week: Week, week_no: int) -> list[Step]:
    """Every step of the cycle for ``week`` (the run's week number ``week_no``), in time order."""
    steps: list[Step] = []
    # Declines and moves rotate through the reps' teams (a team of managers has its own cast).
    rotating = [t.id for t in teams if any(r.role is Role.AE for r in t.reps)]
    for team in teams:
        position = rotating.index(team.id) if team.id in rotating else -1
        zone = team.timezone
        cycle = config.cycle_for(team.id)

        def step(spec: str, action: str, rep: str | None = None, index: int = 0) -> Step:
            return Step(moment(week, spec, zone), action, team, rep, index)  # noqa: B023

        prepare = f"{cycle.prepare.day} {cycle.prepare.time}"
        steps.append(step(_before(prepare), "seed"))
        steps.append(step(prepare, "prepare"))
        declines = position == decliner_team(week_no, len(rotating))
        decliner = _rep_at(team, DECLINER) if declines else None
        steps.append(step(_after(prepare, 6), "answer", decliner))
        if position == moved_team(week_no, len(rotating)) and (mover := _rep_at(team, MOVED)):
            steps.append(step("FRI 09:00", "move", mover, MOVED))
        for index, rep in enumerate(team.reps):
            submit_at = persona_of(index).submit_at
            if submit_at is not None and rep.is_due(week):
                steps.append(step(submit_at, "write", rep.email, index))
        steps.append(step(f"{cycle.remind.day} {cycle.remind.time}", "remind"))
        steps.extend(step(f"{c.day} {c.time}", "collect") for c in cycle.collect)
    return sorted(steps, key=lambda s: (s.at.astimezone(UTC), ORDER.index(s.action)))


def week_end(teams: tuple[Team, ...], week: Week) -> datetime:
    """When the last team's last 1:1 of ``week`` is over."""
    return max(moment(week, WEEK_ENDS, team.timezone) for team in teams).astimezone(UTC)


def _rep_at(team: Team, index: int) -> str | None:
    return team.reps[index].email if index < len(team.reps) else None


def _before(spec: str) -> str:
    """An hour before ``spec``: the calendars are as people left them."""
    return _after(spec, -1)


def _after(spec: str, hours: int) -> str:
    day, clock = spec.split()
    hour = min(23, max(0, time.fromisoformat(clock).hour + hours))
    return f"{day} {hour:02d}:{time.fromisoformat(clock).minute:02d}"
