"""Director roll-up: small groups hidden, tiers, outliers, running initiatives list."""

from __future__ import annotations

from service.domain.pacing import Pace, parse_pace
from service.domain.rollup import (
    HIDDEN,
    INITIATIVES,
    TEAMS,
    Figure,
    Initiative,
    RepPace,
    TeamSummary,
    initiative_rows,
    outlier_rows,
    team_rows,
    tier_of,
    tier_rows,
)
from service.domain.week import Week

WEEK = Week.parse("2026-12-07")


def team(team_id: str, paces: list[float | None], energy: float = 3.5) -> TeamSummary:
    """A team whose reps have the given attainments, half the month gone."""
    n = len(paces)
    return TeamSummary(
        team_id=team_id,
        team=team_id.title(),
        manager=f"Manager {team_id}",
        reps=n,
        submission_rate=Figure(0.9, n),
        on_time_rate=Figure(0.8, n),
        completion_rate=Figure(0.95, n),
        coverage=Figure(1.0, n),
        commitments_kept=Figure(0.5, n),
        coaching=Figure(0.4, n),
        energy=Figure(energy, n),
        paces=tuple(
            RepPace(team_id, f"{team_id}-{i}", f"{team_id}{i}@example.com", half_gone(p))
            for i, p in enumerate(paces)
        ),
    )


def half_gone(attainment: float | None) -> Pace | None:
    return (
        None if attainment is None else parse_pace(f"{attainment:.0%} of goal, 50% of month gone")
    )


def col(row: list, header: str) -> object:  # type: ignore[type-arg]
    return row[TEAMS.index(header)]


def test_small_team_averages_are_hidden_with_a_note() -> None:
    rows = team_rows(
        [team("east", [0.6, 0.45, 0.35]), team("west", [0.5, 0.25])],
        WEEK,
        min_group=3,
        completion_goal=0.9,
        coverage_goal=1.0,
    )
    east, west = rows
    assert col(east, "Avg energy (1-5)") == 3.5 and col(east, "Completion vs goal") == 0.05
    assert col(east, "Note") == "" and col(east, "Pace rank") == 1
    assert col(east, "Avg % of goal") == 0.47  # (60 + 45 + 35) / 3
    for header in ("Avg energy (1-5)", "Avg % of goal", "Submission rate", "Completion vs goal"):
        assert col(west, header) == HIDDEN
    assert col(west, "Pace rank") == ""
    assert "fewer than 3 people" in str(col(west, "Note"))
    assert col(west, "Reps") == 2  # a head count is not an average


def test_tiers_by_attainment_of_the_expected_share() -> None:
    # Half the month gone: A from 50 % of goal (1.0 x the share), B from 40 % (0.8 x), else C;
    # counted by hand from the thresholds in program.yaml (a: 1.0, b: 0.8).
    assert [tier_of(half_gone(p), 1.0, 0.8) for p in (0.5, 0.49, 0.4, 0.39, None)] == [
        "A",
        "B",
        "B",
        "C",
        HIDDEN,
    ]
    early = parse_pace("30% of goal, 5% of month gone")
    assert early is not None and tier_of(early, 1.0, 0.8) == HIDDEN  # 600 % of nothing: no tier
    rows = tier_rows([team("east", [0.35, 0.65, None, 0.42])], WEEK, a=1.0, b=0.8)
    assert [(r[1], r[2]) for r in rows] == [
        ("A", "east-1"),
        ("B", "east-3"),
        ("C", "east-0"),
        (HIDDEN, "east-2"),
    ]
    assert rows[0][4] == "65% of goal, 50% of month gone · ahead"


def test_outliers_high_and_low_per_team() -> None:
    # Against each team's median, by hand: east's median is 50 % (80 % stands out, the three
    # at 50 % are the norm); west's is 51 % (20 % is far below, 55 % is within 10 % of it).
    east = team("east", [0.5, 0.5, 0.5, 0.8])
    west = team("west", [0.2, 0.5, 0.52, 0.55])
    rows = outlier_rows([east, west, team("tiny", [0.9, 0.1])], WEEK, min_group=3)
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("high", "east-3", "East"),
        ("low", "west-0", "West"),
    ]
    assert rows[0][4] == "80% of goal, 50% of month gone · ahead" and rows[0][5] == 0.5
    even = team("even", [0.5, 0.51, 0.49])
    assert outlier_rows([even], WEEK, min_group=3) == []  # nobody stands out


def test_initiatives_running_list() -> None:
    w1, w2 = WEEK, WEEK.next()
    at = {h: INITIATIVES.index(h) for h in INITIATIVES.headers}
    first = initiative_rows([], [Initiative("Mo", "mo@example.com", "SDR pilot", w1)])
    first[1][at["Director notes"]] = "check in March"
    second = initiative_rows(first, [Initiative("Mo", "mo@example.com", "Pricing page", w2)])
    by_text = {r[2]: r for r in second[1:]}
    assert by_text["SDR pilot"][at["Status"]] == "not in latest doc"
    assert by_text["SDR pilot"][at["Director notes"]] == "check in March"
    assert by_text["Pricing page"][at["First seen"] : at["Status"] + 1] == [
        w2.label, w2.label, "open",
    ]  # fmt: skip
    step = Initiative("Mo", "mo@example.com", "SDR pilot - next: hire two SDRs", w2)
    third = initiative_rows(second, [step])
    assert len(third) == 3  # the same initiative, with its next step
    sdr = {r[2]: r for r in third[1:]}["SDR pilot"]
    assert sdr[at["First seen"] : at["Status"] + 1] == [w1.label, w2.label, "open"]
    assert sdr[at["Next step"]] == "hire two SDRs"
    assert sdr[at["Director notes"]] == "check in March"
