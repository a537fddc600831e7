"""The sample org's behaviour in a demo week: who submits when, and what they write.

Every team plays the same cast, by a rep's position in the team (config/example/org.yaml):
most write on Friday before the deadline, two are late, one has a rough week (energy 2),
one skips a section and never keeps a commitment, one never submits. Week after week the
accounts they talk about rotate, so each week's doc (and its commitments) reads differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.domain.sections import SECTION_HINTS


@dataclass(frozen=True)
class Persona:
    """How one rep behaves: when they fill in the doc (in the team's time zone; None =
    never), their energy, the required sections they skip, whether they strike through the
    commitments carried over from their last 1:1 (kept them), and how they rate that 1:1."""

    submit_at: str | None  # "FRI 11:30" (on time), "FRI 18:30" / "SUN 20:00" (late), None
    energy: str
    skips: tuple[str, ...] = ()
    keeps_commitments: bool = True
    rating: str = "4"


# By a rep's position in their team; a team of 8 plays the first eight.
PERSONAS: tuple[Persona, ...] = (
    Persona("FRI 10:15", "4", rating="5"),
    Persona("FRI 11:40", "3/5"),
    Persona("FRI 13:05", "5 - best week this quarter", rating="5"),
    Persona("FRI 18:30", "3", rating="3"),  # late
    Persona("FRI 14:20", "2 - rough week, two deals slipped", rating="3"),  # energy 2
    Persona("FRI 09:50", "4", skips=("challenges",), keeps_commitments=False),
    Persona("SUN 20:10", "4"),  # late
    Persona(None, ""),  # never submits
    Persona("FRI 12:30", "4"),
    Persona("FRI 14:45", "3"),
    Persona("FRI 11:05", "4"),
    Persona("FRI 10:40", "3 - busy but fine"),
)

# Who, in a team, answers "no" to a 1:1 invitation, and whose 1:1 the manager moves by hand
# (positions in the team; both are weekly reps in the sample org). Each week one team sees
# the move and the next team the decline, so over three weeks every team sees both.
DECLINER, MOVED = 0, 1

CATEGORIES = ("Quality", "Discovery", "Productivity")  # of config/example/program.yaml
RATING_COMMENT = SECTION_HINTS["rating"].split("\n")[-1]  # the hint under the 1-5 label
ACCOUNTS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell",
            "Cyberdyne")  # fmt: skip


def persona_of(index: int) -> Persona:
    """The persona of the rep at position ``index`` in their team."""
    return PERSONAS[index % len(PERSONAS)]


def decliner_team(week_no: int, teams: int) -> int:
    """The position of the team whose ``DECLINER`` declines in the run's week ``week_no``."""
    return (week_no + 1) % teams


def moved_team(week_no: int, teams: int) -> int:
    """The position of the team whose manager moves ``MOVED``'s 1:1 in week ``week_no``."""
    return week_no % teams


def answers_for(index: int, first_name: str, week_no: int = 0) -> dict[str, str]:
    """What the rep at position ``index`` writes in their doc in the run's week ``week_no``."""
    persona = persona_of(index)
    account = ACCOUNTS[(index + week_no) % len(ACCOUNTS)]
    other = ACCOUNTS[(index + week_no + 3) % len(ACCOUNTS)]
    category = CATEGORIES[(index + week_no) % len(CATEGORIES)]
    peer = ACCOUNTS[(index + week_no + 5) % len(ACCOUNTS)]
    answers = {
        "key_metrics": "Meetings picked up this week; two proposals are out for signature.",
        "skill_updates": f"Call recording with {account} (discovery) linked; scorecard 3.5/5.",
        "wins": f"Got {account} to a technical evaluation; booked 4 new meetings.",
        "challenges": f"{other} went quiet after pricing; legal review is slow.",
        "pipeline": f"{account} moved to Proposal ($48k). {other} at risk, next step Tuesday.",
        "energy": persona.energy,
        "upcoming_calls": f"Demo with {account} on Tuesday: prepping the security answers.",
        "deals_to_close": f"{account} this month: champion confirmed, budget approved.",
        "target_accounts": f"{other} and two lookalikes: multi-threading through ops leaders.",
        "plan": f"Close the {account} proposal, 15 prospecting calls a day, re-engage {other}.",
        "Rep:": f"[{category}] {first_name} sends the {account} proposal by Wednesday.",
        "Manager:": f"Join the {other} exec call and unblock legal.",
        "kudos": f"The {peer} champion thanked us for the fast security review.",
        "rating": persona.rating,
        RATING_COMMENT: f"The {account} deal review helped; more time on {other} next time.",
    }
    for key in persona.skips:
        answers.pop(key, None)
    return answers
