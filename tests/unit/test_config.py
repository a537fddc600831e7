"""Configuration loading: the example is valid; every bad file is refused precisely."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from service.cli import main
from service.errors import ConfigError
from service.settings import load_config
from service.settings.org import teams_of

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    return target


def edit(directory: Path, name: str, change: Callable[[dict], None]) -> None:
    path = directory / name
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def problems_of(directory: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(directory)
    return caught.value.problems


def test_example_config_is_valid() -> None:
    config = load_config(EXAMPLE)
    team, central, emea, leads = teams_of(config)
    # The director's own 1:1s: a team led by the director whose reps are the managers.
    assert leads.manager.email == "dana.director@example.com" and leads.director is None
    assert [r.email for r in leads.reps] == [t.manager.email for t in (team, central, emea)]
    assert {r.role.value for r in leads.reps} == {"manager"}
    assert config.rules_for(leads.id).window == ("10:00", "13:00")
    assert [len(t.reps) for t in (team, central, emea)] == [10, 8, 12]
    assert {t.timezone for t in (team, central, emea)} == {
        "America/New_York", "America/Chicago", "Europe/London",
    }  # fmt: skip
    assert {t.director for t in (team, central, emea)} == {team.director}
    cadences = {rep.cadence.value for t in (team, central, emea) for rep in t.reps}
    assert cadences == {"weekly", "biweekly", "monthly"}
    assert team.director is not None and team.director.email == "dana.director@example.com"
    assert config.rules_for(team.id).max_per_day == {"MON": 4, "TUE": 4, "WED": 4}
    jordan = team.rep("jordan.james@example.com")
    assert jordan is not None and jordan.timezone == "America/Chicago"
    assert team.rep("avery.adams@example.com").timezone == "America/New_York"  # type: ignore[union-attr]


def test_optional_files_default(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "org.yaml", tmp_path / "org.yaml")
    config = load_config(tmp_path)
    assert config.schedule.rules.window == ("13:00", "17:00")
    assert config.program.coaching_categories == ["Other", "Productivity", "Quality"]


def test_development_is_off_in_the_example_and_a_team_may_turn_it_on(config_dir: Path) -> None:
    config = load_config(config_dir)
    assert config.schedule.development.enabled is False
    assert config.development_for("east-ae").days == ["THU", "FRI"]
    override = {"enabled": True, "days": ["tue"], "window": ["09:00", "12:00"], "max_per_day": 2}
    edit(
        config_dir,
        "schedule.yaml",
        lambda d: d.update(teams={"east-ae": {"development": override}}),
    )
    development = load_config(config_dir).development_for("east-ae")
    assert development.enabled and development.days == ["TUE"] and development.max_per_day == 2
    assert development.minutes == 45 and development.buffer_minutes == 15


def rep(t: int, r: int, key: str, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["teams"][t]["reps"][r][key] = value

    return change


def add_team(data: dict, **overrides: object) -> None:
    team = {
        "id": "west-ae",
        "name": "West AEs",
        "manager": {"name": "Wes West", "email": "wes.west@example.com"},
        "reps": [{"name": "Quinn Q", "email": "quinn@example.com"}],
    }
    team.update(overrides)
    data["teams"].append(team)


BAD_CASES: list[tuple[str, str, Callable[[dict], None], str]] = [
    (
        "bad email",
        "org.yaml",
        rep(0, 3, "email", "bob@"),
        "org.yaml: teams[0].reps[3].email: 'bob@' is not an email address",
    ),
    (
        "bad tenure",
        "org.yaml",
        rep(0, 1, "tenure", "senior"),
        "org.yaml: teams[0].reps[1].tenure: 'senior' is not valid",
    ),
    (
        "bad cadence",
        "org.yaml",
        rep(0, 2, "cadence", "daily"),
        "org.yaml: teams[0].reps[2].cadence: 'daily' is not valid",
    ),
    (
        "bad role",
        "org.yaml",
        rep(0, 0, "role", "SDR"),
        "org.yaml: teams[0].reps[0].role: 'SDR' is not valid",
    ),
    (
        "typo key",
        "org.yaml",
        rep(0, 4, "emial", "x@example.com"),
        "org.yaml: teams[0].reps[4].emial: unknown key (check the spelling)",
    ),
    (
        "missing name",
        "org.yaml",
        lambda d: d["teams"][0]["reps"][5].pop("name"),
        "org.yaml: teams[0].reps[5].name: is required",
    ),
    (
        "bad rep zone",
        "org.yaml",
        rep(0, 9, "timezone", "Mars/Olympus"),
        "org.yaml: teams[0].reps[9].timezone: 'Mars/Olympus' is not a known IANA time zone",
    ),
    (
        "bad org zone",
        "org.yaml",
        lambda d: d.update(timezone="EST5"),
        "org.yaml: timezone: 'EST5' is not a known IANA time zone",
    ),
    (
        "bad start date",
        "org.yaml",
        rep(0, 0, "start_date", "someday"),
        "org.yaml: teams[0].reps[0].start_date: 'someday' is not valid",
    ),
    (
        "left before start",
        "org.yaml",
        rep(0, 0, "left_on", "2019-01-01"),
        "org.yaml: teams[0].reps[0].left_on: is before start_date",
    ),
    (
        "duplicate rep",
        "org.yaml",
        rep(0, 6, "email", "casey.chen@example.com"),
        "org.yaml: teams[0].reps[6].email: duplicate rep 'casey.chen@example.com' (also reps[2])",
    ),
    (
        "rep under two managers",
        "org.yaml",
        lambda d: add_team(d, reps=[{"name": "Avery", "email": "avery.adams@example.com"}]),
        "org.yaml: teams[4].reps[0].email: 'avery.adams@example.com' is already a rep of "
        "'morgan.manager@example.com'",
    ),
    (
        "duplicate team id",
        "org.yaml",
        lambda d: add_team(d, id="east-ae"),
        "org.yaml: teams[4].id: duplicate team id 'east-ae' (also teams[0])",
    ),
    (
        "bad team id",
        "org.yaml",
        lambda d: d["teams"][0].update(id="East AE!"),
        "org.yaml: teams[0].id: 'East AE!' is not valid",
    ),
    (
        "manager is own rep",
        "org.yaml",
        rep(0, 0, "email", "morgan.manager@example.com"),
        "org.yaml: teams[0].reps[0].email: 'morgan.manager@example.com' is this team's manager",
    ),
    (
        "unknown boss",
        "org.yaml",
        lambda d: d["teams"][0].update(reports_to="who@example.com"),
        "org.yaml: teams[0].reports_to: 'who@example.com' is neither a director nor a team manager",
    ),
    (
        "manager cycle",
        "org.yaml",
        lambda d: (
            add_team(
                d,
                reports_to="morgan.manager@example.com",
                reps=[{"name": "Q", "email": "quinn@example.com"}],
            ),
            d["teams"][0].update(reports_to="wes.west@example.com"),
        ),
        "org.yaml: teams[0].manager.email: reporting cycle: morgan.manager@example.com -> "
        "wes.west@example.com -> morgan.manager@example.com",
    ),
    (
        "no teams",
        "org.yaml",
        lambda d: d.update(teams=[]),
        "org.yaml: teams: List should have at least 1 item",
    ),
    (
        "team without reps",
        "org.yaml",
        lambda d: d["teams"][0].update(reps=[]),
        "org.yaml: teams[0].reps: List should have at least 1 item",
    ),
    (
        "window too short",
        "schedule.yaml",
        lambda d: d["rules"].update(window=["13:00", "13:30"]),
        "schedule.yaml: rules: window 13:00-13:30 cannot hold a single 45-minute meeting",
    ),
    (
        "bad clock",
        "schedule.yaml",
        lambda d: d["rules"].update(window=["1pm", "17:00"]),
        "schedule.yaml: rules.window[0]: '1pm' is not a time of day as HH:MM (24-hour)",
    ),
    (
        "bad weekday",
        "schedule.yaml",
        lambda d: d["rules"].update(days=["MON", "Funday"]),
        "schedule.yaml: rules.days[1]: 'Funday' is not a weekday",
    ),
    (
        "cap on a non-1:1 day",
        "schedule.yaml",
        lambda d: d["rules"]["max_per_day"].update(FRI=2),
        "schedule.yaml: rules.max_per_day.FRI: FRI is not one of the 1:1 days",
    ),
    (
        "veteran day not a 1:1 day",
        "schedule.yaml",
        lambda d: d["rules"].update(veteran_days=["THU"]),
        "schedule.yaml: rules.veteran_days[0]: THU is not one of the 1:1 days",
    ),
    (
        "negative buffer",
        "schedule.yaml",
        lambda d: d["rules"].update(buffer_minutes=-5),
        "schedule.yaml: rules.buffer_minutes: Input should be greater than or equal to 0",
    ),
    (
        "unknown team override",
        "schedule.yaml",
        lambda d: d.update(teams={"north": {"rules": {"days": ["TUE"]}}}),
        "schedule.yaml: teams.north: unknown team id 'north'",
    ),
    (
        "bad cycle day",
        "schedule.yaml",
        lambda d: d["cycle"]["prepare"].update(day="THURS"),
        "schedule.yaml: cycle.prepare.day: 'THURS' is not a weekday",
    ),
    (
        "development window too short",
        "schedule.yaml",
        lambda d: d["development"].update(window=["13:00", "13:30"]),
        "schedule.yaml: development: window 13:00-13:30 cannot hold a single 45-minute "
        "development session",
    ),
    (
        "development typo key",
        "schedule.yaml",
        lambda d: d["development"].update(lenght=30),
        "schedule.yaml: development.lenght: unknown key (check the spelling)",
    ),
    (
        "development bad day",
        "schedule.yaml",
        lambda d: d["development"].update(days=["THU", "Someday"]),
        "schedule.yaml: development.days[1]: 'Someday' is not a weekday",
    ),
    (
        "development without days",
        "schedule.yaml",
        lambda d: d["development"].update(days=[]),
        "schedule.yaml: development.days: List should have at least 1 item",
    ),
    (
        "development team override",
        "schedule.yaml",
        lambda d: d.update(teams={"east-ae": {"development": {"enabled": True, "max_per_day": 0}}}),
        "schedule.yaml: teams.east-ae.development.max_per_day: Input should be greater than or "
        "equal to 1",
    ),
    (
        "metrics file missing",
        "metrics.yaml",
        lambda d: d["source"].update(path="nope.csv"),
        "metrics.yaml: source.path: file not found: nope.csv",
    ),
    (
        "sheet source without id",
        "metrics.yaml",
        lambda d: d.update(source={"kind": "sheet"}),
        "metrics.yaml: source: a sheet metrics source needs 'spreadsheet_id'",
    ),
    (
        "duplicate metric",
        "metrics.yaml",
        lambda d: d["key_metrics"].append({"id": "closed_won", "name": "Again"}),
        "metrics.yaml: key_metrics[3].id: duplicate metric id 'closed_won'",
    ),
    (
        "bad auth mode",
        "google.yaml",
        lambda d: d["auth"].update(mode="password"),
        "google.yaml: auth.mode: 'password' is not valid",
    ),
    (
        "oauth without file",
        "google.yaml",
        lambda d: d.update(auth={"mode": "oauth_user"}),
        "google.yaml: auth: auth mode oauth_user needs 'authorized_user_file'",
    ),
    (
        "bad endpoint",
        "google.yaml",
        lambda d: d.update(endpoint="localhost:8765"),
        "google.yaml: endpoint: 'localhost:8765' is not valid",
    ),
    (
        "bad privacy",
        "program.yaml",
        lambda d: d["privacy"].update(min_group_size=0),
        "program.yaml: privacy.min_group_size: Input should be greater than or equal to 1",
    ),
    (
        "bad kpi target",
        "program.yaml",
        lambda d: d["kpi_targets"].update(completion_rate=90),
        "program.yaml: kpi_targets.completion_rate: Input should be less than or equal to 1",
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [case[1:] for case in BAD_CASES],
    ids=[case[0] for case in BAD_CASES],
)
def test_bad_config_names_file_field_and_reason(
    config_dir: Path, file: str, change: Callable[[dict], None], expected: str
) -> None:
    edit(config_dir, file, change)
    problems = problems_of(config_dir)
    assert any(p.startswith(f"{config_dir}/{expected}") for p in problems), problems


def test_field_errors_carry_the_line(config_dir: Path) -> None:
    edit(config_dir, "org.yaml", rep(0, 3, "email", "bob@"))
    (problem,) = problems_of(config_dir)
    line = problem.rsplit("(line ", 1)[1].rstrip(")")
    text = (config_dir / "org.yaml").read_text().splitlines()[int(line) - 1]
    assert "email" in text


def test_yaml_syntax_error_names_the_line(config_dir: Path) -> None:
    path = config_dir / "schedule.yaml"
    lines = path.read_text().splitlines()
    lines[3] = "  remind: {day: FRI, time: '12:00'"
    path.write_text("\n".join(lines) + "\n")
    (problem,) = problems_of(config_dir)
    assert problem.startswith(f"{path}: line ")
    assert "invalid YAML" in problem


def test_missing_org_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [f"{tmp_path}/org.yaml: file is required but missing"]


def test_not_a_mapping(config_dir: Path) -> None:
    (config_dir / "program.yaml").write_text("- just\n- a list\n")
    assert problems_of(config_dir) == [
        f"{config_dir}/program.yaml: (top level): expected a mapping of keys to values (line 1)"
    ]


def test_every_problem_is_reported_at_once(config_dir: Path) -> None:
    edit(config_dir, "org.yaml", rep(0, 3, "email", "bob@"))
    edit(config_dir, "schedule.yaml", lambda d: d["rules"].update(days=["Funday"]))
    assert len(problems_of(config_dir)) >= 2


def test_check_config_cli(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(config_dir)]) == 0
    out = capsys.readouterr().out
    assert "4 team(s), 33 rep(s)" in out
    assert "next cycle: prepare Thu" in out
    edit(config_dir, "org.yaml", rep(0, 3, "email", "bob@"))
    assert main(["check-config", str(config_dir)]) == 2
    err = capsys.readouterr().err
    assert "org.yaml: teams[0].reps[3].email: 'bob@' is not an email address" in err


def test_check_config_warns_of_a_missing_key_file(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Valid YAML naming a credentials file that is not there: every Google call would fail."""
    from tests.helpers import write_fake_service_account

    assert main(["check-config", str(config_dir)]) == 0
    missing = config_dir / "service-account.json"
    err = capsys.readouterr().err
    assert f"warning: {config_dir}/google.yaml: auth.key_file: {missing} does not exist" in err
    write_fake_service_account(missing)
    assert main(["check-config", str(config_dir)]) == 0
    assert "warning" not in capsys.readouterr().err
    edit(config_dir, "google.yaml", lambda d: d.update(
        auth={"mode": "oauth_user", "authorized_user_file": "user.json"}
    ))  # fmt: skip
    assert main(["check-config", str(config_dir)]) == 0
    assert "auth.authorized_user_file: " in capsys.readouterr().err
