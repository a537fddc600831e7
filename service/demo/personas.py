"""The sample team's behaviour in the demo week: who submits when, and what they write."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    """How one rep behaves: when they fill in the doc (hours after the Friday deadline's
    morning, None = never), their energy, and whether they skip a required section."""

    submit_at: str | None  # "FRI 11:30" (on time), "FRI 18:30" / "SUN 20:00" (late), None
    energy: str
    skips: tuple[str, ...] = ()
    keeps_commitments: bool = True


# In the order of config/example/org.yaml.
PERSONAS: tuple[Persona, ...] = (
    Persona("FRI 10:15", "4"),
    Persona("FRI 11:40", "3/5"),
    Persona("FRI 13:05", "5 - best week this quarter"),
    Persona("FRI 18:30", "3"),  # late
    Persona("FRI 14:20", "2 - rough week, two deals slipped"),  # energy 2
    Persona("FRI 09:50", "4", skips=("challenges",), keeps_commitments=False),
    Persona("SUN 20:10", "4"),  # late
    Persona(None, ""),  # never submits
    Persona("FRI 12:30", "4"),
    Persona("FRI 14:45", "3"),
)

ACCOUNTS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell",
            "Cyberdyne")  # fmt: skip


def answers_for(index: int, first_name: str) -> dict[str, str]:
    """What rep number ``index`` writes in their doc."""
    persona = PERSONAS[index]
    account = ACCOUNTS[index % len(ACCOUNTS)]
    other = ACCOUNTS[(index + 3) % len(ACCOUNTS)]
    answers = {
        "key_metrics": "Pipeline is behind pace; meetings picked up in the second half.",
        "skill_updates": f"Call recording with {account} (discovery) linked; scorecard 3.5/5.",
        "wins": f"Got {account} to a technical evaluation; booked 4 new meetings.",
        "challenges": f"{other} went quiet after pricing; legal review is slow.",
        "pipeline": f"{account} moved to Proposal ($48k). {other} at risk, next step Tuesday.",
        "energy": persona.energy,
        "upcoming_calls": f"Demo with {account} on Tuesday: prepping the security answers.",
        "deals_to_close": f"{account} this month: champion confirmed, budget approved.",
        "target_accounts": f"{other} and two lookalikes: multi-threading through ops leaders.",
        "plan": f"Close the {account} proposal, 15 prospecting calls a day, re-engage {other}.",
        "Rep:": f"{first_name} sends the {account} proposal by Wednesday.",
        "Manager:": f"Join the {other} exec call and unblock legal.",
    }
    for key in persona.skips:
        answers.pop(key, None)
    return answers
