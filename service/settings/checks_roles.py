"""Checks of the leaders' own 1:1s: who fills in the manager doc and who the VP doc.

A director's 1:1s with their managers are a team in org.yaml led by the director whose reps
are the managers with ``role: manager``: each gets the manager doc, prefilled with the figures
of the team they lead. A VP's 1:1s with directors are the same one level up (``role:
director``, the VP doc, prefilled with the figures of the teams reporting to that director).
So a ``role: manager`` rep must lead a team, a ``role: director`` rep must be a director with
teams, and someone who leads a team and sits in their boss's team must say so by their role.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from service.domain.model import Role

if TYPE_CHECKING:
    from service.settings.loader import Config

Problem = tuple[str, tuple[str | int, ...], str]  # file, field path, reason


def role_checks(config: Config) -> Iterator[Problem]:
    """Every rep whose role does not match what they lead."""
    org = config.org
    leads = {team.manager.email for team in org.teams}
    directors = {d.email for d in org.directors}
    bosses = {team.reports_to for team in org.teams if team.reports_to}
    for t, team in enumerate(org.teams):
        for r, rep in enumerate(team.reps):
            where = ("teams", t, "reps", r, "role")
            if rep.role is Role.MANAGER and rep.email not in leads:
                yield (
                    "org.yaml",
                    where,
                    f"{rep.email!r} has role manager but leads no team (no teams[].manager "
                    "with this address): the manager doc is prefilled with their team's "
                    "figures; add their team, or give them role AE",
                )
            elif rep.role is Role.DIRECTOR and rep.email not in directors:
                yield (
                    "org.yaml",
                    where,
                    f"{rep.email!r} has role director but is not in directors: add them "
                    "there (the VP doc shows the teams reporting to them), or give them "
                    "another role",
                )
            elif rep.role is Role.DIRECTOR and rep.email not in bosses:
                yield (
                    "org.yaml",
                    where,
                    f"{rep.email!r} has role director but no team reports to them "
                    "(teams[].reports_to): the VP doc would show no figures",
                )
            elif rep.role is Role.AE and rep.email in leads:
                yield (
                    "org.yaml",
                    where,
                    f"{rep.email!r} leads a team: give them role manager (or director) so "
                    "their 1:1 doc is the manager doc with their team's figures",
                )
