"""The leaders' own 1:1s in org.yaml: a role that does not match what someone leads is
refused with file, field and reason."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_config import config_dir, edit, problems_of

__all__ = ["config_dir"]


def leads(data: dict) -> dict:
    return next(t for t in data["teams"] if t["id"] == "leads")


def test_a_manager_rep_must_lead_a_team(config_dir: Path) -> None:
    edit(config_dir, "org.yaml", lambda d: leads(d)["reps"].append(
        {"name": "Nia Nobody", "email": "nia@example.com", "role": "manager"}
    ))  # fmt: skip
    (problem,) = problems_of(config_dir)
    assert "org.yaml: teams[3].reps[3].role" in problem
    assert "'nia@example.com' has role manager but leads no team" in problem


def test_someone_who_leads_a_team_is_not_an_ae_in_their_boss_team(config_dir: Path) -> None:
    edit(config_dir, "org.yaml", lambda d: leads(d)["reps"][0].update(role="AE"))
    (problem,) = problems_of(config_dir)
    assert "teams[3].reps[0].role" in problem and "give them role manager" in problem


def test_a_director_rep_must_be_a_director_with_teams(config_dir: Path) -> None:
    def vp_team(d: dict) -> None:
        d["teams"].append({
            "id": "vp", "name": "Directors",
            "manager": {"name": "Val Vp", "email": "val.vp@example.com"},
            "reps": [{"name": "Ed Else", "email": "ed@example.com", "role": "director"}],
        })  # fmt: skip

    edit(config_dir, "org.yaml", vp_team)
    (problem,) = problems_of(config_dir)
    assert "teams[4].reps[0].role" in problem and "is not in directors" in problem


def test_a_vp_level_is_a_team_of_directors(config_dir: Path) -> None:
    """What turns the VP doc on: the VP leads a team of directors, the directors' own team
    of managers reports to the VP."""

    def vp_team(d: dict) -> None:
        d["teams"].append({
            "id": "vp", "name": "Directors",
            "manager": {"name": "Val Vp", "email": "val.vp@example.com"},
            "reps": [{"name": "Dana Director", "email": "dana.director@example.com",
                      "role": "director"}],
        })  # fmt: skip
        leads(d)["reports_to"] = "val.vp@example.com"

    edit(config_dir, "org.yaml", vp_team)
    from service.settings import load_config
    from service.settings.org import teams_of

    teams = {t.id: t for t in teams_of(load_config(config_dir))}
    assert teams["vp"].reps[0].role.value == "director"
    assert teams["leads"].director is not None
    assert teams["leads"].director.email == "val.vp@example.com"


def test_the_leaders_rules_are_checked_and_a_teams_own_entry_wins(config_dir: Path) -> None:
    def bad(d: dict) -> None:
        d["leaders"]["rules"]["max_per_day"] = {"MON": 2}

    edit(config_dir, "schedule.yaml", bad)
    (problem,) = problems_of(config_dir)
    assert "schedule.yaml: leaders.rules.max_per_day.MON: MON is not one of the 1:1 days" in problem

    def own(d: dict) -> None:
        d["leaders"]["rules"]["max_per_day"] = {"THU": 2}
        d["teams"] = {"leads": {"rules": {"days": ["MON"], "max_per_day": {"MON": 3},
                                          "veteran_days": [], "new_rep_days": []}}}  # fmt: skip

    edit(config_dir, "schedule.yaml", own)
    from service.settings import load_config

    config = load_config(config_dir)
    assert config.rules_for("leads").days == ["MON"]
    assert config.rules_for("east-ae").days == ["MON", "TUE", "WED"]
    assert config.leads_leaders("leads") and not config.leads_leaders("east-ae")
