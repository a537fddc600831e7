"""Hostile and odd configurations (issue 13): each is refused with one located line, or
accepted with a warning when legal but probably not meant; nothing ever escapes as a
traceback. The YAML is written as text: duplicate keys and unquoted times cannot be dumped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from service.cli import main
from service.errors import ConfigError
from service.settings import load_config
from tests.helpers import write_fake_service_account

# Split so the repository scan for committed keys does not flag this fake one.
PEM_HEAD = "-----BEGIN " + "PRIVATE KEY-----"

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"

ORG = """\
company: Example Co
timezone: America/New_York
country: US
directors:
  - {name: Dana Director, email: dana@example.com}
teams:
  - id: east
    name: East
    manager: {name: Morgan, email: morgan@example.com}
    reports_to: dana@example.com
    reps:
      - {name: Avery, email: avery@example.com}
      - {name: Blake, email: blake@example.com, tenure: veteran}
"""
WEST = """\
  - id: west
    name: West
    manager: {name: Wes, email: wes@example.com}
    reports_to: dana@example.com
    reps:
      - {name: Quinn, email: quinn@example.com}
"""


def configure(tmp_path: Path, files: dict[str, str]) -> Path:
    directory = tmp_path / "config"
    directory.mkdir()
    files = {"org.yaml": ORG, **files}
    for name, text in files.items():
        (directory / name).write_text(text)
    return directory


def refused(directory: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(directory)
    return caught.value.problems


# (id, files, expected problem: "<file>: <field>: <reason start>", line or None)
REFUSED: list[tuple[str, dict[str, str], str, int | None]] = [
    (
        "duplicate top-level teams key",
        {"org.yaml": ORG + "teams:\n" + WEST},
        "org.yaml: teams: duplicate key 'teams' (first at line 6;",
        14,
    ),
    (
        "duplicate tenure of one rep",
        {"org.yaml": ORG.replace("tenure: veteran", "tenure: veteran, tenure: new")},
        "org.yaml: teams[0].reps[1].tenure: duplicate key 'tenure' (first at line 13;",
        13,
    ),
    (
        "duplicate key in block mapping",
        {"schedule.yaml": "rules:\n  days: [MON]\n  buffer_minutes: 10\n  days: [TUE]\n"},
        "schedule.yaml: rules.days: duplicate key 'days' (first at line 2;",
        4,
    ),
    (
        "duplicate key differing in quoting",
        {"program.yaml": "template: doc\n'template': sheet\n"},
        "program.yaml: template: duplicate key 'template'",
        2,
    ),
    (
        "unquoted time in the window",
        {"schedule.yaml": "rules:\n  window: [13:00, '17:00']\n"},
        "schedule.yaml: rules.window[0]: YAML read an unquoted time as the number 780: "
        'quote times, as "13:00"',
        2,
    ),
    (
        "unquoted cycle time",
        {"schedule.yaml": "cycle:\n  deadline: {day: FRI, time: 16:00}\n"},
        "schedule.yaml: cycle.deadline.time: YAML read an unquoted time as the number 960",
        2,
    ),
    (
        "unquoted fill-in earliest",
        {"schedule.yaml": "fill_in_block:\n  earliest: 12:30\n"},
        "schedule.yaml: fill_in_block.earliest: YAML read an unquoted time as the number 750: "
        'quote times, as "12:30"',
        2,
    ),
    (
        "impossible start date",
        {
            "org.yaml": ORG.replace(
                "email: avery@example.com}", "email: avery@example.com, start_date: 2019-02-30}"
            )
        },
        "org.yaml: teams[0].reps[0].start_date: '2019-02-30' is not valid",
        12,
    ),
    (
        "impossible holiday",
        {"schedule.yaml": "rules:\n  holidays: [2026-13-01]\n"},
        "schedule.yaml: rules.holidays[0]: '2026-13-01' is not valid",
        2,
    ),
    (
        "negative daily cap",
        {"schedule.yaml": "rules:\n  max_per_day: {MON: -1, TUE: 4, WED: 4}\n"},
        "schedule.yaml: rules.max_per_day.MON: Input should be greater than or equal to 0",
        2,
    ),
    (
        "every day capped at zero",
        {"schedule.yaml": "rules:\n  max_per_day: {MON: 0, TUE: 0, WED: 0}\n"},
        "schedule.yaml: rules.max_per_day: every 1:1 day (MON, TUE, WED) has a cap of 0",
        2,
    ),
    (
        "no 1:1 days",
        {
            "schedule.yaml": "rules:\n  days: []\n  max_per_day: {}\n  veteran_days: []\n"
            "  new_rep_days: []\n"
        },
        "schedule.yaml: rules.days: List should have at least 1 item",
        2,
    ),
    (
        "a day listed twice",
        {"schedule.yaml": "rules:\n  days: [MON, TUE, mon]\n"},
        "schedule.yaml: rules.days[2]: MON is listed twice (also days[0])",
        2,
    ),
    (
        "team override with zero caps",
        {
            "schedule.yaml": "teams:\n  east:\n    rules: {days: [TUE], max_per_day: {TUE: 0},"
            " veteran_days: [], new_rep_days: []}\n"
        },
        "schedule.yaml: teams.east.rules.max_per_day: every 1:1 day (TUE) has a cap of 0",
        3,
    ),
    (
        "tiers out of order",
        {"program.yaml": "tiers: {a: 0.7, b: 0.9}\n"},
        "program.yaml: tiers: tier a (0.7) is below tier b (0.9)",
        1,
    ),
    (
        "tier NaN",
        {"program.yaml": "tiers: {a: .nan, b: 0.8}\n"},
        "program.yaml: tiers.a: Input should be a finite number",
        1,
    ),
    (
        "tier infinite",
        {"program.yaml": "tiers:\n  a: 1.0\n  b: -.inf\n"},
        "program.yaml: tiers.b: Input should be a finite number",
        3,
    ),
    (
        "no collect",
        {"schedule.yaml": "cycle:\n  collect: []\n"},
        "schedule.yaml: cycle.collect: List should have at least 1 item",
        2,
    ),
    (
        "only collect before the deadline",
        {"schedule.yaml": "cycle:\n  collect: [{day: FRI, time: '11:00'}]\n"},
        "schedule.yaml: cycle.collect[0]: collect (FRI 11:00) runs before the deadline "
        "(FRI 15:00) and no collect runs after it",
        2,
    ),
    (
        "collect before prepare",
        {
            "schedule.yaml": "cycle:\n  collect:\n    - {day: FRI, time: '16:00'}\n"
            "    - {day: WED, time: '08:00'}\n"
            "  prepare: {day: SAT, time: '09:00'}\n  deadline: {day: SUN, time: '12:00'}\n"
            "  remind: {day: SUN, time: '10:00'}\n"
        },
        "schedule.yaml: cycle.collect[0]: collect (FRI 16:00) runs before prepare (SAT 09:00)",
        3,
    ),
    (
        "deadline before prepare",
        {"schedule.yaml": "cycle:\n  deadline: {day: WED, time: '12:00'}\n"},
        "schedule.yaml: cycle.deadline: the deadline (WED 12:00) is not after prepare (THU 09:00)",
        2,
    ),
    (
        "remind before prepare",
        {"schedule.yaml": "cycle:\n  remind: {day: THU, time: '08:00'}\n"},
        "schedule.yaml: cycle.remind: remind (THU 08:00) runs before prepare (THU 09:00)",
        2,
    ),
    (
        "duplicate director",
        {
            "org.yaml": ORG.replace(
                "directors:\n", "directors:\n  - {name: Dana Again, email: DANA@example.com}\n"
            )
        },
        "org.yaml: directors[1].email: duplicate director 'dana@example.com' (also directors[0])",
        6,
    ),
    (
        "rep emails differing in case",
        {"org.yaml": ORG.replace("blake@example.com", "Avery@Example.COM")},
        "org.yaml: teams[0].reps[1].email: duplicate rep 'avery@example.com' (also reps[0])",
        13,
    ),
    (
        "rep in two teams differing in case",
        {"org.yaml": ORG + WEST.replace("quinn@example.com", "AVERY@example.com")},
        "org.yaml: teams[1].reps[0].email: 'avery@example.com' is already a rep of",
        19,
    ),
    (
        "manager listed as a rep of another team",
        {"org.yaml": ORG + WEST.replace("quinn@example.com", "morgan@example.com")},
        "org.yaml: teams[1].reps[0].email: 'morgan@example.com' manages teams[0] and reports "
        "to 'dana@example.com', not to this team's manager 'wes@example.com'",
        19,
    ),
    (
        "unknown org country",
        {"org.yaml": ORG.replace("country: US", "country: XX")},
        "org.yaml: country: country 'XX' has no known public holidays",
        3,
    ),
    (
        "lower-case country",
        {"org.yaml": ORG.replace("country: US", "country: us")},
        "org.yaml: country: country 'us' has no known public holidays (country codes are "
        "upper case)",
        3,
    ),
    (
        "unknown team country",
        {"org.yaml": ORG.replace("    name: East\n", "    name: East\n    country: Narnia\n")},
        "org.yaml: teams[0].country: country 'Narnia' has no known public holidays",
        9,
    ),
    (
        "int tag on text",
        {"program.yaml": "privacy:\n  min_group_size: !!int three\n"},
        "program.yaml: line 2: invalid YAML: cannot read 'three' as int",
        None,
    ),
    (
        "bool tag on text",
        {"program.yaml": "privacy:\n  notify_on_share: !!bool maybe\n"},
        "program.yaml: line 2: invalid YAML: cannot read 'maybe' as bool",
        None,
    ),
    (
        "empty float",
        {"program.yaml": "tiers:\n  a: !!float ''\n"},
        "program.yaml: line 2: invalid YAML: cannot read '' as float",
        None,
    ),
    (
        "impossible explicit timestamp",
        {"schedule.yaml": "rules:\n  holidays: [!!timestamp 2026-02-29]\n"},
        "schedule.yaml: rules.holidays[0]: '2026-02-29' is not valid",
        2,
    ),
    (
        "python tag",
        {"program.yaml": "template: !!python/object/apply:os.system ['true']\n"},
        "program.yaml: line 1: invalid YAML: could not determine a constructor",
        None,
    ),
    (
        "alias bomb",
        {
            "program.yaml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
                for i in range(6)
            )
        },
        "program.yaml: line ",
        None,
    ),
    (
        "deeply nested",
        {"program.yaml": "x: " + "[" * 5000 + "]" * 5000 + "\n"},
        "program.yaml: invalid YAML: nested too deeply",
        None,
    ),
    (
        "two documents",
        {"program.yaml": "template: doc\n---\ntemplate: sheet\n"},
        "program.yaml: line 2: invalid YAML: expected a single document in the stream but "
        "found another document",
        None,
    ),
    (
        "mapping key is a list",
        {"program.yaml": "? [a, b]\n: 1\n"},
        "program.yaml: line 1: invalid YAML: while constructing a mapping found unhashable key",
        None,
    ),
    (
        "tab indentation",
        {"program.yaml": "privacy:\n\tmin_group_size: 3\n"},
        "program.yaml: line 2: invalid YAML: while scanning for the next token found "
        "character '\\t'",
        None,
    ),
    (
        "binary org",
        {"org.yaml": "\x00\x01\x02"},
        "org.yaml: line 1: invalid YAML: character #x0000 is not allowed in YAML",
        None,
    ),
]


@pytest.mark.parametrize(
    ("files", "expected", "line"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_hostile_config_is_refused_in_one_located_line(
    tmp_path: Path, files: dict[str, str], expected: str, line: int | None
) -> None:
    directory = configure(tmp_path, files)
    problems = refused(directory)
    matching = [p for p in problems if p.startswith(f"{directory}/{expected}")]
    assert matching, problems
    assert all("\n" not in p and "Traceback" not in p for p in problems)
    if line is not None:
        assert matching[0].endswith(f"(line {line})"), matching[0]


# (id, files, expected warning)
WARNED: list[tuple[str, dict[str, str], str]] = [
    (
        "remind after the deadline",
        {"schedule.yaml": "cycle:\n  remind: {day: FRI, time: '15:30'}\n"},
        "schedule.yaml: cycle.remind: remind (FRI 15:30) runs after the deadline (FRI 15:00) "
        "(line 2)",
    ),
    (
        "remind on a weekend",
        {
            "schedule.yaml": "cycle:\n  remind: {day: SUN, time: '10:00'}\n"
            "  deadline: {day: SUN, time: '18:00'}\n"
        },
        "schedule.yaml: cycle.remind.day: remind runs on a weekend (SUN) (line 2)",
    ),
    (
        "an extra collect before the deadline",
        {
            "schedule.yaml": "cycle:\n  collect:\n    - {day: FRI, time: '11:00'}\n"
            "    - {day: MON, time: '07:00'}\n"
        },
        "schedule.yaml: cycle.collect[0]: collect (FRI 11:00) runs before the deadline "
        "(FRI 15:00) (line 3)",
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [case[1:] for case in WARNED], ids=[case[0] for case in WARNED]
)
def test_odd_config_loads_with_a_located_warning(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    directory = configure(tmp_path, files)
    config = load_config(directory)
    assert f"{directory}/{expected}" in config.warnings, config.warnings


def test_the_example_has_no_warnings() -> None:
    assert load_config(EXAMPLE).warnings == ()


def test_a_merge_key_may_override_what_it_merges(tmp_path: Path) -> None:
    text = "base: &base {days: [MON], veteran_days: [], new_rep_days: [], max_per_day: {}}\n"
    directory = configure(tmp_path, {})
    org = ORG.replace("company: Example Co", "company: Example Co\n")
    (directory / "org.yaml").write_text(org)
    (directory / "schedule.yaml").write_text(
        "rules:\n  <<: {days: [MON], veteran_days: [], new_rep_days: [], max_per_day: {}}\n"
        "  days: [TUE]\n"
    )
    assert load_config(directory).schedule.rules.days == ["TUE"]
    assert text  # the anchor form above is the same mapping


def test_a_manager_may_be_a_rep_of_their_own_boss(tmp_path: Path) -> None:
    boss_team = """\
  - id: leads
    name: Leads
    manager: {name: Dana Director, email: dana@example.com}
    reps:
      - {name: Morgan, email: morgan@example.com, role: manager}
"""
    directory = configure(tmp_path, {"org.yaml": ORG + boss_team})
    assert load_config(directory).org.teams[1].reps[0].email == "morgan@example.com"


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("directory", "org.yaml: is a directory, not a YAML file"),
        ("latin-1", "org.yaml: is not UTF-8 text"),
    ],
)
def test_unreadable_org_file_is_one_line(
    tmp_path: Path, how: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = tmp_path / "config"
    directory.mkdir()
    if how == "directory":
        (directory / "org.yaml").mkdir()
    else:
        (directory / "org.yaml").write_bytes("company: Café".encode("latin-1"))
    assert main(["check-config", str(directory)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"oneonone check-config: {directory}/{expected}"


def _example(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    return target


KEY_FILES: list[tuple[str, str, str]] = [
    ("json but not a key", json.dumps({"hello": "world"}), "is not a service-account key"),
    ("authorized-user json", json.dumps({"type": "authorized_user", "client_id": "x"}),
     "is not a service-account key"),
    ("not json", PEM_HEAD + "\n", "is not a service-account key"),
    ("json list", "[1, 2]", "is not a service-account key"),
    ("broken private key", json.dumps({
        "type": "service_account", "client_email": "a@b.c", "token_uri": "http://x/token",
        "private_key": PEM_HEAD + "\nAAAA\n" + PEM_HEAD.replace("BEGIN", "END") + "\n",
    }), "is not a service-account key"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in KEY_FILES], ids=[c[0] for c in KEY_FILES]
)
@pytest.mark.parametrize("command", ["check-config", "install"])
def test_a_key_file_that_is_not_a_key_is_one_line(
    tmp_path: Path,
    content: str,
    expected: str,
    command: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    directory = _example(tmp_path)
    (directory / "service-account.json").write_text(content)
    argv = ["check-config", str(directory)] if command == "check-config" else [
        "install", "--config", str(directory), "--dry-run"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    assert "google.yaml: auth.key_file: " in err and expected in err, err


def test_check_config_warns_when_the_key_file_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _example(tmp_path)
    assert main(["check-config", str(directory)]) == 0
    err = capsys.readouterr().err
    assert f"warning: {directory}/google.yaml: auth.key_file: " in err
    assert "service-account.json does not exist" in err
    write_fake_service_account(directory / "service-account.json")
    assert main(["check-config", str(directory)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_check_config_prints_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = _example(tmp_path)
    write_fake_service_account(directory / "service-account.json")
    schedule = directory / "schedule.yaml"
    schedule.write_text(
        schedule.read_text().replace('day: FRI, time: "12:00"', 'day: SAT, time: "12:00"')
    )
    assert main(["check-config", str(directory)]) == 0
    err = capsys.readouterr().err
    assert "cycle.remind: remind (SAT 12:00) runs after the deadline (FRI 15:00)" in err


def test_addresses_in_config_compare_case_insensitively(tmp_path: Path) -> None:
    org = ORG.replace("reports_to: dana@example.com", "reports_to: Dana@EXAMPLE.com")
    directory = configure(
        tmp_path,
        {
            "org.yaml": org,
            "google.yaml": "admin_user: DANA@example.com\nauth: {mode: application_default}\n",
        },
    )
    config = load_config(directory)
    assert config.org.teams[0].reports_to == "dana@example.com"
    assert config.admin_user == "dana@example.com"
