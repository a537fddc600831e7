"""Load the YAML configuration directory into validated models, or refuse it whole.

Every problem is reported as ``<file>: <field path>: <reason> (line N)`` so a customer can
find and fix it; nothing is written anywhere when any file is bad.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from service.domain.model import Role
from service.errors import ConfigError
from service.settings.checks import Problem, cross_checks
from service.settings.models import (
    CycleConfig,
    DevelopmentConfig,
    GoogleConfig,
    MetricsConfig,
    OrgConfig,
    ProgramConfig,
    RulesConfig,
    ScheduleConfig,
    ServiceConfig,
    TeamScheduleOverride,
)
from service.settings.yaml_source import Loc, format_loc, read_yaml

M = TypeVar("M", bound=BaseModel)

FILES: dict[str, type[BaseModel]] = {
    "org.yaml": OrgConfig,
    "schedule.yaml": ScheduleConfig,
    "metrics.yaml": MetricsConfig,
    "program.yaml": ProgramConfig,
    "google.yaml": GoogleConfig,
    "service.yaml": ServiceConfig,
}
REQUIRED = ("org.yaml",)


@dataclass(frozen=True)
class Config:
    """The whole validated configuration of one deployment."""

    directory: Path
    org: OrgConfig
    schedule: ScheduleConfig
    metrics: MetricsConfig
    program: ProgramConfig
    google: GoogleConfig
    service: ServiceConfig
    warnings: tuple[str, ...] = ()  # legal but probably not meant, as located lines

    def _override(self, team_id: str) -> TeamScheduleOverride | None:
        """A team's own schedule entry, else ``leaders`` for a team of leaders."""
        own = self.schedule.teams.get(team_id)
        if own is not None:
            return own
        return self.schedule.leaders if self.leads_leaders(team_id) else None

    def leads_leaders(self, team_id: str) -> bool:
        """Whether a team is a leader's own 1:1s: every rep a manager or a director."""
        team = next((t for t in self.org.teams if t.id == team_id), None)
        return team is not None and all(r.role is not Role.AE for r in team.reps)

    def rules_for(self, team_id: str) -> RulesConfig:
        """The scheduling rules of a team (its override, else the default)."""
        override = self._override(team_id)
        return override.rules if override and override.rules else self.schedule.rules

    def cycle_for(self, team_id: str) -> CycleConfig:
        """The weekly cycle times of a team."""
        override = self._override(team_id)
        return override.cycle if override and override.cycle else self.schedule.cycle

    def development_for(self, team_id: str) -> DevelopmentConfig:
        """The monthly development session settings of a team."""
        override = self._override(team_id)
        if override and override.development:
            return override.development
        return self.schedule.development

    @property
    def admin_user(self) -> str:
        """The account that owns shared setup (root folder, templates, roll-ups)."""
        if self.google.admin_user:
            return self.google.admin_user
        if self.org.directors:
            return self.org.directors[0].email
        return self.org.teams[0].manager.email

    def resolve(self, relative: str) -> Path:
        """A path from a config file, taken relative to the config directory."""
        path = Path(relative).expanduser()
        return path if path.is_absolute() else self.directory / path


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key (check the spelling)"
    if kind == "missing":
        return "is required"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind in (
        "enum",
        "literal_error",
        "string_pattern_mismatch",
        "int_parsing",
        "date_from_datetime_parsing",
        "date_parsing",
        "bool_parsing",
        "float_parsing",
    ):
        return f"{error['input']!r} is not valid: {message}"
    return message


def _validate(model: type[M], data: Any, shown: str, lines: dict[Loc, int]) -> M:
    if not isinstance(data, dict):
        at = f" (line {lines[()]})" if () in lines else ""
        raise ConfigError([f"{shown}: (top level): expected a mapping of keys to values{at}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc: Loc = tuple(error["loc"])
            line = lines.get(loc) or lines.get(loc[:-1])
            where = f" (line {line})" if line else ""
            problems.append(f"{shown}: {format_loc(loc)}: {_message(error)}{where}")
        raise ConfigError(problems) from None


def load_config(directory: Path | str) -> Config:
    """Load and validate every file of a configuration directory.

    Raises ``ConfigError`` listing every problem found; returns only a fully valid config.
    """
    root = Path(directory)
    if not root.is_dir():
        raise ConfigError([f"{root}: configuration directory not found"])
    models: dict[str, BaseModel] = {}
    lines: dict[str, dict[Loc, int]] = {}
    problems: list[str] = []
    for name, model in FILES.items():
        path = root / name
        shown = str(path)
        if not path.exists():
            if name in REQUIRED:
                problems.append(f"{shown}: file is required but missing")
            else:
                models[name] = model()
            continue
        try:
            data, lines[name] = read_yaml(path, shown)
            models[name] = _validate(model, data, shown, lines[name])
        except ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    config = Config(
        directory=root,
        org=models["org.yaml"],  # type: ignore[arg-type]
        schedule=models["schedule.yaml"],  # type: ignore[arg-type]
        metrics=models["metrics.yaml"],  # type: ignore[arg-type]
        program=models["program.yaml"],  # type: ignore[arg-type]
        google=models["google.yaml"],  # type: ignore[arg-type]
        service=models["service.yaml"],  # type: ignore[arg-type]
    )
    errors, warnings = cross_checks(config)
    if errors:
        raise ConfigError([_located(root, lines, problem) for problem in errors])
    return replace(config, warnings=tuple(_located(root, lines, w) for w in warnings))


def _located(root: Path, lines: dict[str, dict[Loc, int]], problem: Problem) -> str:
    """``file: field.path: reason (line N)`` for a cross-check's problem."""
    name, loc, reason = problem
    known = lines.get(name, {})
    # A default the file leaves out has no line: show its nearest written ancestor's.
    line = next((known[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in known), None)
    return f"{root / name}: {format_loc(loc)}: {reason}" + (f" (line {line})" if line else "")
