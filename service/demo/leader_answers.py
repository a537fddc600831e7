"""What a simulated manager writes in their 1:1 doc for the director (the manager template):
wins, risks, pipeline, energy, plan, their running list of initiatives with next steps, how
their meeting cadences go, and their asks. Keyed by the template's own hint texts (read from
``sheets_templates/manager_doc.yaml``), so the demo answers the doc the service installed."""

from __future__ import annotations

from functools import cache

from service.demo.personas import ACCOUNTS, persona_of
from service.templates import load_doc_template

INITIATIVES = (
    ("SDR pilot", "hire two SDRs"),
    ("Discovery call scorecard", "roll out to the whole team"),
    ("Mid-market pricing page", "agree the tiers with marketing"),
    ("Partner-sourced pipeline", "first joint webinar"),
)


@cache
def hints() -> dict[str, str]:
    """Heading -> the first grey hint under it, in the manager template."""
    out: dict[str, str] = {}
    heading = ""
    for block in load_doc_template("manager").blocks:
        if block.kind == "heading2":
            heading = block.text
        elif block.kind == "hint" and heading and heading not in out:
            out[heading] = block.text
    return out


def leader_answers(index: int, first_name: str, week_no: int = 0) -> dict[str, str]:
    """The answers of the manager at position ``index`` of the director's team in week
    ``week_no`` (section keys and labels as for a rep, and the manager template's hints)."""
    persona = persona_of(index)
    account = ACCOUNTS[(index + week_no) % len(ACCOUNTS)]
    # One initiative moves on each week (a new next step), the next one joins the list.
    first, second = (INITIATIVES[(index + week_no + k) % len(INITIATIVES)] for k in (0, 1))
    steps = ("this week", "by the end of the month", "before the quarter review")
    at = hints()
    return {
        "key_metrics": "Pipeline coverage is the gap; bookings are on plan.",
        "wins": f"Team closed {account}; two new reps ramped to first meetings.",
        "challenges": f"Two late-stage deals slipped; {first_name}'s team is short one AE.",
        "pipeline": f"Forecast holds at 92% of plan; {account} expansion is the swing deal.",
        "energy": persona.energy,
        "plan": "Pipeline review Monday; ride-alongs with the two newest reps.",
        "Rep:": f"[Productivity] {first_name} sends the hiring plan by Wednesday.",
        "Manager:": "Introduce the team to the partner lead.",
        at["Outliers, High & Low"]: "The top rep is multi-threading early; pairing them with "
        "the rep furthest behind.",
        at["A/B/C Tiers"]: "A: stretch accounts. B: call coaching weekly. C: 30-day plan.",
        at["Running List of Initiatives"]: (
            f"{first[0]} - next: {first[1]} {steps[week_no % len(steps)]}\n"
            f"{second[0]} - next: {second[1]}"
        ),
        at["Meeting Cadences"]: "Stand-ups daily, 1:1s weekly, pipeline review every Monday.",
        at["Where I Need Your Help"]: f"Approve the SDR headcount; an intro to {account}'s CFO.",
    }
