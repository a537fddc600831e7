"""Teams that share a person, to be worked on one after another.

A manager is the manager of their own team and a rep in their director's team of leads
(and a director one of a VP's). Two such teams booked at the same moment would each read the
shared person's free/busy before the other's new 1:1 is on it, and could book them twice in
one slot. So teams linked by anyone (manager, rep) form a group whose teams run in turn,
groups side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.domain.model import Team


def linked_groups(teams: Sequence[Team]) -> list[list[Team]]:
    """``teams`` split into groups of teams linked, directly or through others, by a person
    they share; each group and the teams in it keep the order of ``teams``."""
    parent = list(range(len(teams)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict[str, int] = {}
    for index, team in enumerate(teams):
        for email in {team.manager.email.lower(), *(r.email.lower() for r in team.reps)}:
            other = first_seen.setdefault(email, index)
            a, b = root(other), root(index)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Team]] = {}
    for index, team in enumerate(teams):
        groups.setdefault(root(index), []).append(team)
    return list(groups.values())
