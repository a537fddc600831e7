"""Teams sharing a person run one after another (a manager is a rep in their director's team
of leads: booked side by side, both teams could give them the same slot), other teams side
by side."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from service.bootstrap import build_deps
from service.domain.model import Person, Rep, Team
from service.domain.team_groups import linked_groups
from service.jobs.base import Deps, TeamReport, run_job
from service.settings import load_config
from tests.helpers import write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
ZONE = "America/New_York"


def team(team_id: str, manager: str, *reps: str) -> Team:
    return Team(
        id=team_id,
        name=team_id,
        manager=Person(manager, manager, ZONE),
        reps=tuple(Rep(r, r, ZONE) for r in reps),
        timezone=ZONE,
    )


LEADS = team("leads", "dana@x.com", "morgan@x.com", "riley@x.com")
EAST = team("east", "morgan@x.com", "avery@x.com")
CENTRAL = team("central", "Riley@X.com", "casey@x.com")
EMEA = team("emea", "sam@x.com", "kit@x.com")
VP = team("vp", "vera@x.com", "dana@x.com")


def ids(groups: list[list[Team]]) -> list[list[str]]:
    return [[t.id for t in group] for group in groups]


def test_teams_sharing_nobody_are_groups_of_one() -> None:
    assert ids(linked_groups([EAST, EMEA])) == [["east"], ["emea"]]


def test_a_manager_who_is_a_rep_of_the_leads_links_the_teams_in_order() -> None:
    assert ids(linked_groups([EAST, EMEA, LEADS, CENTRAL])) == [
        ["east", "leads", "central"],  # Riley in capitals is the same person
        ["emea"],
    ]


def test_links_are_followed_through_other_teams() -> None:
    assert ids(linked_groups([VP, EAST, LEADS])) == [["vp", "east", "leads"]]
    assert ids(linked_groups([])) == []


def deps_for(tmp_path: Path, teams: tuple[Team, ...]) -> Deps:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    write_fake_service_account(target / "service-account.json")
    return replace(build_deps(load_config(target)), teams=teams)


def test_linked_teams_never_run_at_once_and_the_others_run_beside_them(tmp_path: Path) -> None:
    deps = deps_for(tmp_path, (LEADS, EAST, EMEA))
    lock, inside, most_linked = threading.Lock(), set(), [0]
    emea_and_a_linked_team = threading.Barrier(2, timeout=20)

    def job(deps: Deps, team: Team, now: datetime) -> TeamReport:
        with lock:
            inside.add(team.id)
            most_linked[0] = max(most_linked[0], len(inside & {"leads", "east"}))
        if team.id in ("emea", "leads"):  # only possible when the two groups run side by side
            emea_and_a_linked_team.wait()
        with lock:
            inside.discard(team.id)
        return TeamReport(job="prepare", team=team.id)

    report = run_job("prepare", job, deps, NOW)
    assert [t.team for t in report.teams] == ["leads", "east", "emea"]
    assert all(t.error is None for t in report.teams), [t.error for t in report.teams]
    assert most_linked[0] == 1
