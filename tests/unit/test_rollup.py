"""Director roll-up: small groups hidden, tiers, outliers, running initiatives list."""

from __future__ import annotations

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
            RepPace(team_id, f"{team_id}-{i}", f"{team_id}{i}@example.com", p)
            for i, p in enumerate(paces)
        ),
    )


def col(row: list, header: str) -> object:  # type: ignore[type-arg]
    return row[TEAMS.index(header)]


def test_small_team_averages_are_hidden_with_a_note() -> None:
    rows = team_rows(
        [team("east", [1.2, 0.9, 0.7]), team("west", [1.0, 0.5])],
        WEEK,
        min_group=3,
        completion_goal=0.9,
        coverage_goal=1.0,
    )
    east, west = rows
    assert col(east, "Avg energy") == 3.5 and col(east, "Completion vs goal") == 0.05
    assert col(east, "Note") == "" and col(east, "Pace rank") == 1
    for header in ("Avg energy", "Avg pace", "Submission rate", "Completion vs goal"):
        assert col(west, header) == HIDDEN
    assert col(west, "Pace rank") == ""
    assert "fewer than 3 people" in str(col(west, "Note"))
    assert col(west, "Reps") == 2  # a head count is not an average


def test_tiers_by_configured_thresholds() -> None:
    assert [tier_of(p, 1.0, 0.8) for p in (1.0, 0.99, 0.8, 0.79, None)] == [
        "A",
        "B",
        "B",
        "C",
        HIDDEN,
    ]
    rows = tier_rows([team("east", [0.7, 1.3, None, 0.85])], WEEK, a=1.0, b=0.8)
    assert [(r[1], r[4]) for r in rows] == [("A", 1.3), ("B", 0.85), ("C", 0.7), (HIDDEN, "")]


def test_outliers_high_and_low() -> None:
    rows = outlier_rows([team("east", [1.0, 1.0, 1.0, 1.6]), team("west", [0.3, 1.0, 1.0])],
                        WEEK, min_group=3)  # fmt: skip
    assert [(r[1], r[2]) for r in rows] == [("high", "east-3"), ("low", "west-0")]
    assert outlier_rows([team("east", [2.0, 0.1])], WEEK, min_group=3) == []


def test_initiatives_running_list() -> None:
    w1, w2 = WEEK, WEEK.next()
    first = initiative_rows([], [Initiative("Mo", "mo@example.com", "SDR pilot", w1)])
    first[1][INITIATIVES.index("Director notes")] = "check in March"
    second = initiative_rows(first, [Initiative("Mo", "mo@example.com", "Pricing page", w2)])
    by_text = {r[2]: r for r in second[1:]}
    assert by_text["SDR pilot"][5] == "not in latest doc"
    assert by_text["SDR pilot"][6] == "check in March"
    assert by_text["Pricing page"][3:6] == [w2.label, w2.label, "open"]
    third = initiative_rows(second, [Initiative("Mo", "mo@example.com", "SDR pilot", w2)])
    assert len(third) == 3
    assert {r[2]: r for r in third[1:]}["SDR pilot"][3:6] == [w1.label, w2.label, "open"]
