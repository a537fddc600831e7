"""The one adapter from org configuration to domain teams."""

from __future__ import annotations

from service.domain.model import Person, Rep, Team
from service.settings.loader import Config


def teams_of(config: Config) -> tuple[Team, ...]:
    """Every team of the org as domain objects, time zones resolved."""
    org = config.org
    people = {d.email: d for d in org.directors} | {t.manager.email: t.manager for t in org.teams}
    teams = []
    for team in org.teams:
        zone = team.timezone or team.manager.timezone or org.timezone
        boss = people.get(team.reports_to) if team.reports_to else None
        teams.append(
            Team(
                id=team.id,
                name=team.name,
                manager=Person(team.manager.name, team.manager.email, zone),
                reps=tuple(
                    Rep(
                        name=rep.name,
                        email=rep.email,
                        timezone=rep.timezone or zone,
                        role=rep.role,
                        tenure=rep.tenure,
                        cadence=rep.cadence,
                        start_date=rep.start_date,
                        left_on=rep.left_on,
                    )
                    for rep in team.reps
                ),
                timezone=zone,
                country=team.country,
                director=(
                    Person(boss.name, boss.email, boss.timezone or org.timezone) if boss else None
                ),
            )
        )
    return tuple(teams)
