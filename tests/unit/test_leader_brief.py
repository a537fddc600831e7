"""A leader's 1:1 doc: the team brief (the roll-up's figures for the teams they lead), the
initiatives with their next steps and the asks they write, and the roll-up's Managers tab."""

from __future__ import annotations

from service.domain.leader_notes import ask_items, initiative_items, running_list, split_initiative
from service.domain.model import Section
from service.domain.rollup import tier_rows
from service.domain.rollup_managers import MANAGERS, manager_rows
from service.domain.team_brief import NO_FIGURES, Goals, team_brief
from service.domain.tracker_layout import ASKS, CHALLENGES, THIS_WEEK
from tests.unit.test_rollup import WEEK, team


def test_a_managers_brief_is_the_rollups_figures_for_their_team() -> None:
    east = team("east", [0.6, 0.45, 0.35, None])
    brief = team_brief([east], WEEK, Goals())
    assert brief.header == (f"Week of {WEEK.label}", "East", "Goal")
    rows = {row[0]: row[1:] for row in brief.figures}
    assert rows["Reps due"] == ("4", "")
    assert rows["Submission rate"] == ("90%", "")
    assert rows["1:1 completion (week before)"] == ("95%", "90%")
    assert rows["Avg energy (1-5)"] == ("3.5", "")
    assert rows["Avg % of goal"] == ("47%", "")  # mean of the three paces, as the roll-up
    # The same tiers as the roll-up's Tiers tab, one row per tier.
    tiers = {row[0][0]: row[1] for row in brief.tiers}
    by_rollup = {str(r[2]): str(r[1]) for r in tier_rows([east], WEEK, a=1.0, b=0.8)}
    for tier in ("A", "B", "C"):
        assert set(filter(None, tiers[tier].split(", "))) == {
            name for name, t in by_rollup.items() if t == tier
        }
    assert tiers["N"] == "east-3"  # no pace: not judged, named apart
    assert brief.outliers == (
        "High: east-0, 60% of goal, 50% of month gone · ahead; team median 45% of goal",
        "Low: east-2, 35% of goal, 50% of month gone · behind; team median 45% of goal",
    )


def test_a_small_team_keeps_its_averages_hidden_and_a_director_sees_teams_side_by_side() -> None:
    brief = team_brief([team("east", [0.6, 0.45]), team("west", [0.5, 0.4, 0.3])], WEEK, Goals())
    assert brief.header[1:] == ("East", "West", "Goal")
    rows = {row[0]: row[1:] for row in brief.figures}
    assert rows["Submission rate"] == ("—", "90%", "")
    assert any(label.startswith("— = hidden") for label in rows)
    assert all(" (West)" in n or " (East)" in n for r in brief.tiers for n in r[1].split(", ") if n)


def test_no_tracker_yet_says_so() -> None:
    brief = team_brief([], None, Goals())
    assert brief.figures == ((NO_FIGURES, ""),) and brief.outliers == ()
    assert [row[0] for row in brief.tiers] == [
        "A: keep investing", "B: to the next level", "C: up or out",
    ]  # fmt: skip


def test_initiatives_keep_their_next_step() -> None:
    assert split_initiative("SDR pilot - next: hire two SDRs by Jan 15") == (
        "SDR pilot", "hire two SDRs by Jan 15",
    )  # fmt: skip
    assert split_initiative("Pricing page → agree tiers") == ("Pricing page", "agree tiers")
    assert split_initiative("Scorecard (next step: roll out)") == ("Scorecard", "roll out")
    assert split_initiative("Partner webinar") == ("Partner webinar", "")
    assert split_initiative("next: nothing before") == ("next: nothing before", "")
    sections = {
        "running_list_of_initiatives": Section("a\nb", ("a", "b")),
        "where_i_need_your_help": Section("an intro", ("an intro",)),
        "private_initiatives": Section("secret", ("secret",)),
        "wins": Section("w", ("w",)),
    }
    assert initiative_items(sections) == ("a", "b")
    assert ask_items(sections) == ("an intro",)


def test_the_managers_tab_shows_what_each_manager_wrote() -> None:
    def row(name: str, week: str, **cells: str) -> list[str]:
        values = {"Rep": name, "Email": f"{name}@example.com", "Week": week} | cells
        return [values.get(h, "") for h in THIS_WEEK.headers]

    this_week = [
        THIS_WEEK.headers,
        row("quinn", WEEK.label, Status="missing"),
        row("morgan", WEEK.label, Status="on time", Initiatives="SDR pilot - next: hire\nWebinar",
            **{CHALLENGES: "slipped deals", ASKS: "headcount"}, Plan="reviews"),
        row("morgan", WEEK.previous().label, Status="late"),
    ]  # fmt: skip
    rows = manager_rows(this_week, WEEK)
    assert [r[MANAGERS.index("Manager")] for r in rows] == ["morgan", "quinn"]
    morgan = rows[0]
    assert morgan[MANAGERS.index("Initiatives → next step")] == (
        "SDR pilot → hire\nWebinar (no next step)"
    )
    assert morgan[MANAGERS.index("Risks")] == "slipped deals"
    assert morgan[MANAGERS.index("Asks")] == "headcount"


def test_the_running_list_keeps_one_line_per_initiative_with_its_latest_step() -> None:
    lines = [
        "SDR pilot - next: hire two SDRs",  # carried over from last week
        "Webinar",
        "sdr pilot - next: interviews on Tuesday",  # updated this week
        "Webinar - next: book the room",
        "Webinar",  # named again without a step: keeps the one it had
    ]
    assert running_list(lines) == (
        "sdr pilot - next: interviews on Tuesday",
        "Webinar - next: book the room",
    )
