"""Checks that span teams or files: duplicates, reporting lines, references, paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from service.settings.checks_cycle import cycle_problems
from service.settings.checks_roles import role_checks

if TYPE_CHECKING:
    from service.settings.loader import Config

Problem = tuple[str, tuple[str | int, ...], str]  # file, field path, reason


def cross_checks(config: Config) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings): every cross-file or cross-team problem of a config that passed
    field validation, and what is legal but probably not meant."""
    cycle_errors, cycle_warnings = cycle_problems(config)
    errors = [
        *_org_checks(config),
        *_director_checks(config),
        *_manager_as_rep_checks(config),
        *role_checks(config),
        *_schedule_checks(config),
        *cycle_errors,
        *_metrics_checks(config),
    ]
    return errors, cycle_warnings


def _director_checks(config: Config) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for d, director in enumerate(config.org.directors):
        if director.email in seen:
            yield (
                "org.yaml",
                ("directors", d, "email"),
                f"duplicate director {director.email!r} (also directors[{seen[director.email]}])",
            )
        seen.setdefault(director.email, d)


def _manager_as_rep_checks(config: Config) -> Iterator[Problem]:
    """A team's manager may be a rep only in the team of the one they report to (their own
    1:1s, ``role: manager``); anywhere else they would get a second boss."""
    teams = config.org.teams
    led = {team.manager.email: t for t, team in enumerate(teams)}
    for t, team in enumerate(teams):
        for r, rep in enumerate(team.reps):
            own = led.get(rep.email)
            if own is None or own == t:
                continue
            boss = teams[own].reports_to
            if boss != team.manager.email:
                yield (
                    "org.yaml",
                    ("teams", t, "reps", r, "email"),
                    f"{rep.email!r} manages teams[{own}] and reports to "
                    f"{boss or 'nobody'!r}, not to this team's manager "
                    f"{team.manager.email!r}",
                )


def _org_checks(config: Config) -> Iterator[Problem]:
    org = config.org
    team_ids: dict[str, int] = {}
    rep_home: dict[str, tuple[int, int]] = {}
    managers = {team.manager.email: t for t, team in enumerate(org.teams)}
    directors = {d.email for d in org.directors}
    for t, team in enumerate(org.teams):
        if team.id in team_ids:
            yield (
                "org.yaml",
                ("teams", t, "id"),
                (f"duplicate team id {team.id!r} (also teams[{team_ids[team.id]}])"),
            )
        team_ids.setdefault(team.id, t)
        for r, rep in enumerate(team.reps):
            where = ("teams", t, "reps", r, "email")
            if rep.email == team.manager.email:
                yield "org.yaml", where, f"{rep.email!r} is this team's manager, not a rep"
            elif rep.email in rep_home:
                t0, r0 = rep_home[rep.email]
                if t0 == t:
                    yield "org.yaml", where, f"duplicate rep {rep.email!r} (also reps[{r0}])"
                else:
                    yield (
                        "org.yaml",
                        where,
                        (
                            f"{rep.email!r} is already a rep of "
                            f"{org.teams[t0].manager.email!r} (teams[{t0}].reps[{r0}]); "
                            "a rep reports to one manager"
                        ),
                    )
            else:
                rep_home[rep.email] = (t, r)
            if rep.left_on and rep.start_date and rep.left_on < rep.start_date:
                yield "org.yaml", ("teams", t, "reps", r, "left_on"), "is before start_date"
        if team.reports_to and team.reports_to not in directors | set(managers):
            yield (
                "org.yaml",
                ("teams", t, "reports_to"),
                (f"{team.reports_to!r} is neither a director nor a team manager"),
            )
    yield from _cycle_checks(config, managers, rep_home)


def _cycle_checks(
    config: Config, managers: dict[str, int], rep_home: dict[str, tuple[int, int]]
) -> Iterator[Problem]:
    """A manager may not, up the reporting line, end up reporting to themselves."""
    boss: dict[str, str] = {}
    for team in config.org.teams:
        if team.reports_to:
            boss[team.manager.email] = team.reports_to
        for rep in team.reps:
            boss.setdefault(rep.email, team.manager.email)
    for email, t in managers.items():
        seen = [email]
        current = boss.get(email)
        while current is not None and current not in seen:
            seen.append(current)
            current = boss.get(current)
        if current == email:
            chain = " -> ".join([*seen, email])
            yield "org.yaml", ("teams", t, "manager", "email"), f"reporting cycle: {chain}"


def _schedule_checks(config: Config) -> Iterator[Problem]:
    known = {team.id for team in config.org.teams}
    for team_id in config.schedule.teams:
        if team_id not in known:
            yield "schedule.yaml", ("teams", team_id), f"unknown team id {team_id!r}"
    overrides = {f"teams.{k}": v.rules for k, v in config.schedule.teams.items() if v.rules}
    if config.schedule.leaders and config.schedule.leaders.rules:
        overrides["leaders"] = config.schedule.leaders.rules
    for where, rules in {"": config.schedule.rules, **overrides}.items():
        prefix: tuple[str | int, ...] = tuple(where.split(".")) if where else ()
        for day in rules.max_per_day:
            if day not in rules.days:
                yield (
                    "schedule.yaml",
                    (*prefix, "rules", "max_per_day", day),
                    (f"{day} is not one of the 1:1 days {rules.days}"),
                )
        for key in ("veteran_days", "new_rep_days"):
            for i, day in enumerate(getattr(rules, key)):
                if day not in rules.days:
                    yield (
                        "schedule.yaml",
                        (*prefix, "rules", key, i),
                        (f"{day} is not one of the 1:1 days {rules.days}"),
                    )


def _metrics_checks(config: Config) -> Iterator[Problem]:
    source = config.metrics.source
    if (
        source
        and source.kind == "csv"
        and source.path
        and not config.resolve(source.path).is_file()
    ):
        yield "metrics.yaml", ("source", "path"), f"file not found: {source.path}"
    seen: set[str] = set()
    for i, metric in enumerate(config.metrics.key_metrics):
        if metric.id in seen:
            yield "metrics.yaml", ("key_metrics", i, "id"), f"duplicate metric id {metric.id!r}"
        seen.add(metric.id)
