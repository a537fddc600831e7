"""Load the YAML configuration directory into validated models, or refuse it whole.

Every problem is reported as ``<file>: <field path>: <reason> (line N)`` so a customer can
find and fix it; nothing is written anywhere when any file is bad.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from service.errors import ConfigError
from service.settings.checks import cross_checks
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
)

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

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

    def rules_for(self, team_id: str) -> RulesConfig:
        """The scheduling rules of a team (its override, else the default)."""
        override = self.schedule.teams.get(team_id)
        return override.rules if override and override.rules else self.schedule.rules

    def cycle_for(self, team_id: str) -> CycleConfig:
        """The weekly cycle times of a team."""
        override = self.schedule.teams.get(team_id)
        return override.cycle if override and override.cycle else self.schedule.cycle

    def development_for(self, team_id: str) -> DevelopmentConfig:
        """The monthly development session settings of a team."""
        override = self.schedule.teams.get(team_id)
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


def format_loc(loc: Loc) -> str:
    """``('teams', 1, 'reps', 3, 'email')`` -> ``teams[1].reps[3].email``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _line_map(
    node: yaml.Node | None, loc: Loc = (), out: dict[Loc, int] | None = None
) -> dict[Loc, int]:
    """Map every field path in a YAML document to its 1-based line."""
    out = {} if out is None else out
    if node is None:
        return out
    out.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*loc, str(key.value))
            out[child] = key.start_mark.line + 1
            _line_map(value, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*loc, index), out)
    return out


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


def _read_yaml(path: Path, shown: str) -> tuple[Any, dict[Loc, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError([f"{shown}: is not UTF-8 text"]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        raise ConfigError([f"{shown}: {line}invalid YAML: {exc.problem or exc}"]) from None
    return ({} if data is None else data), _line_map(node)


def _validate(model: type[M], data: Any, shown: str, lines: dict[Loc, int]) -> M:
    if not isinstance(data, dict):
        raise ConfigError([f"{shown}: (top level): expected a mapping of keys to values"])
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
            data, lines[name] = _read_yaml(path, shown)
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
    problems = [
        f"{root / name}: {format_loc(loc)}: {reason}"
        + (f" (line {lines[name][loc]})" if loc in lines.get(name, {}) else "")
        for name, loc, reason in cross_checks(config)
    ]
    if problems:
        raise ConfigError(problems)
    return config
