"""A corpus of 1:1 docs as reps really leave them, each with what the parser must find.

``CASES`` holds (name, documents.get JSON, expectation). An expectation is a partial contract
object: top-level keys are compared exactly (a commitment without "category" expects null),
``sections`` maps key -> expected items, ``texts`` maps key -> expected text, ``warnings``
lists substrings that must each occur in some warning (``[]`` means no warning at all),
``absent`` lists keys that must not be sections.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.domain.sections import SECTION_HINTS, SECTION_KEYS, SECTION_TITLES
from tests.unit.doc_builder import (
    HR,
    IMG,
    B,
    Block,
    DateChip,
    H,
    P,
    Person,
    RichLink,
    Run,
    T,
    TabSpec,
    document,
    tabbed_document,
)

REQUIRED = ["wins", "challenges", "pipeline", "energy", "plan"]

FILLED: dict[str, list[Block]] = {
    "key_metrics": [
        T(["Metric", "Goal", "Actual", "Pace to goal"], ["Calls", "50", "42", "84%"]),
        P("Behind on demos, catching up."),
    ],
    "skill_updates": [B("Call recording: ", RichLink("Acme discovery call"))],
    "wins": [B("Closed Acme ($40k)"), B("Booked 3 demos")],
    "challenges": [P("Globex legal is slow")],
    "pipeline": [B("Globex - legal review"), B("waiting on redlines", level=1)],
    "energy": [P("Energy this week (1-5): 4")],
    "upcoming_calls": [B("Initech demo on ", DateChip("Mar 18, 2025"))],
    "deals_to_close": [P("Globex: legal done by Friday")],
    "target_accounts": [P("Umbrella via ", Person("Dana Scully", "dana@umbrella.example"))],
    "plan": [B("Finish Globex redlines"), B("10 prospecting calls")],
    "commitments": [
        B(Run("Send Acme proposal", strike=True)),
        B("[x] Update CRM"),
        B("Book 3 demos"),
    ],
    "new_commitments": [P("Rep: book 5 demos"), P("Manager: join the Globex call")],
    "kudos": [B("Dana: great Acme demo"), B("Globex CFO thanked us for the fast answers")],
    "rating": [P("How useful was our last 1:1? (1-5): 5 - the Globex role-play helped")],
}

FILLED_ITEMS = {
    "key_metrics": ["Metric | Goal | Actual | Pace to goal", "Calls | 50 | 42 | 84%",
                    "Behind on demos, catching up."],
    "skill_updates": ["Call recording: Acme discovery call"],
    "wins": ["Closed Acme ($40k)", "Booked 3 demos"],
    "challenges": ["Globex legal is slow"],
    "pipeline": ["Globex - legal review", "waiting on redlines"],
    "energy": ["Energy this week (1-5): 4"],
    "upcoming_calls": ["Initech demo on Mar 18, 2025"],
    "deals_to_close": ["Globex: legal done by Friday"],
    "target_accounts": ["Umbrella via Dana Scully"],
    "plan": ["Finish Globex redlines", "10 prospecting calls"],
    "commitments": ["Send Acme proposal", "[x] Update CRM", "Book 3 demos"],
    "new_commitments": ["Rep: book 5 demos", "Manager: join the Globex call"],
    "kudos": ["Dana: great Acme demo", "Globex CFO thanked us for the fast answers"],
    "rating": ["How useful was our last 1:1? (1-5): 5 - the Globex role-play helped"],
}  # fmt: skip

FILLED_COMMITMENTS = [
    {"text": "Send Acme proposal", "done": True},
    {"text": "Update CRM", "done": True},
    {"text": "Book 3 demos", "done": False},
]

COMPLETE = {"missing": [], "complete": True}


def hint(key: str) -> list[Block]:
    """The template's hint under a heading: italic grey, except bare labels ("Rep:")."""
    blocks = []
    for line in SECTION_HINTS[key].splitlines():
        grey = not line.endswith(":")
        blocks.append(P(Run(line, italic=grey, grey=grey)))
    return blocks


def template(
    fill: dict[str, list[Block]] | None = None,
    headings: dict[str, Block] | None = None,
    drop: Sequence[str] = (),
    empty: bool = False,
    after: dict[str, list[Block]] | None = None,
) -> list[Block]:
    """The AE template's blocks: title, then every section filled (or hinted when ``empty``)."""
    fill, headings, after = fill or {}, headings or {}, after or {}
    blocks: list[Block] = [H("1:1 Self-Management - Ana - week of 2025-03-10", 0),
                           P("Meeting: Mon 10 Mar 14:00")]  # fmt: skip
    for key in SECTION_KEYS:
        if key in drop:
            continue
        blocks.append(headings.get(key, H(SECTION_TITLES[key])))
        default = hint(key) if empty else FILLED[key]
        blocks += fill.get(key, default)
        blocks += after.get(key, [])
    return blocks


@dataclass(frozen=True)
class Case:
    """One corpus document and what the parser must find in it."""

    name: str
    doc: dict[str, Any]
    expect: dict[str, Any]


CASES: list[Case] = []


def case(name: str, doc: dict[str, Any] | list[Block], **expect: Any) -> None:
    """Register a corpus case (a block list is built as a legacy-form document)."""
    CASES.append(Case(name, doc if isinstance(doc, dict) else document(doc), expect))


def energy_case(name: str, *lines: str, value: int | None, warn: str | None = None) -> None:
    """A filled doc whose Energy section holds ``lines``."""
    missing = [] if value is not None else ["energy"]
    case(f"energy_{name}", template(fill={"energy": [P(line) for line in lines]}),
         energy=value, missing=missing, warnings=[warn] if warn else [])  # fmt: skip


def commitment_case(name: str, blocks: list[Block], expected: list[dict[str, Any]]) -> None:
    """A filled doc whose carried-over commitments are ``blocks``."""
    case(f"commitments_{name}", template(fill={"commitments": blocks}),
         commitments=expected, **COMPLETE)  # fmt: skip


def heading_case(name: str, titles: dict[str, str]) -> None:
    """A filled doc with some headings renamed; every section must still be found."""
    headings = {key: H(text) for key, text in titles.items()}
    case(f"heading_{name}", template(headings=headings), warnings=[],
         sections={key: FILLED_ITEMS[key] for key in titles}, **COMPLETE)  # fmt: skip


# --- the whole template -------------------------------------------------------------------
case(
    "filled_template",
    template(),
    energy=4,
    commitments=FILLED_COMMITMENTS,
    warnings=[],
    sections=FILLED_ITEMS,
    **COMPLETE,
)
case(
    "empty_template",
    template(empty=True),
    energy=None,
    missing=REQUIRED,
    complete=False,
    commitments=[],
    warnings=[],
    sections={key: [] for key in SECTION_KEYS},
)
case(
    "empty_document",
    document([]),
    energy=None,
    missing=REQUIRED,
    complete=False,
    warnings=["no 'Wins' section", "no 'Energy' section", "no 'Plan of Attack"],
)
case("title_only", [H("1:1 Self-Management - Ana - week of 2025-03-10", 0)], missing=REQUIRED)
case(
    "tabs_form_filled",
    tabbed_document([TabSpec("Tab 1", template())]),
    energy=4,
    warnings=[],
    sections=FILLED_ITEMS,
    **COMPLETE,
)

# --- headings -----------------------------------------------------------------------------
heading_case(
    "numbered",
    {
        "wins": "3. Wins",
        "challenges": "4) Challenges",
        "pipeline": "5 - Deal & Pipeline Updates",
        "energy": "6. Energy",
    },
)
heading_case(
    "emoji",
    {
        "wins": "🏆 Wins",
        "energy": "⚡️ Energy",
        "pipeline": "📈 Deal & Pipeline Updates",
        "plan": "🗺 Plan of Attack for Next Week",
    },
)
heading_case(
    "colon_and_case",
    {"wins": "WINS:", "challenges": "challenges :", "plan": "plan of attack for next week:"},
)
heading_case("extra_whitespace", {"pipeline": "  Deal   &  Pipeline\tUpdates  ", "wins": " Wins "})
heading_case(
    "smart_quotes",
    {
        "target_accounts": "Accounts I’m Targeting & How",
        "new_commitments": "This Week’s Commitments",
    },
)
heading_case(
    "wording_drift",
    {
        "pipeline": "Deal and Pipeline Update",
        "plan": "Plan of attack next week",
        "energy": "Energy check-in",
        "wins": "Big wins this week",
        "key_metrics": "Metrics and pacing",
        "upcoming_calls": "Upcoming calls & prep",
        "deals_to_close": "Deals closing and why",
        "commitments": "Last 1:1 commitments",
    },
)
heading_case("other_levels", {"wins": "Wins", "challenges": "Challenges"})
CASES[-1] = Case(
    "heading_other_levels",
    document(
        template(
            headings={
                "wins": H("Wins", 1),
                "challenges": H("Challenges", 3),
                "energy": H("Energy", 6),
            }
        )
    ),
    CASES[-1].expect,
)
case(
    "heading_bold_normal_text",
    template(headings={key: P(Run(f"{SECTION_TITLES[key]}:", bold=True)) for key in SECTION_KEYS}),
    energy=4,
    warnings=[],
    sections=FILLED_ITEMS,
    **COMPLETE,
)
case(
    "bold_answer_is_not_heading",
    template(
        fill={
            "wins": [P(Run("Closed Acme — biggest deal of the quarter", bold=True))],
            "energy": [P(Run("Energy: 4", bold=True))],
        }
    ),
    energy=4,
    sections={"wins": ["Closed Acme — biggest deal of the quarter"]},
    **COMPLETE,
)
case(
    "bold_repeat_of_current_section",
    template(fill={"wins": [P(Run("Wins", bold=True)), B("Closed Acme")]}),
    sections={"wins": ["Wins", "Closed Acme"]},
    warnings=[],
    **COMPLETE,
)
case(
    "subheading_inside_pipeline",
    template(
        fill={"pipeline": [H("Globex", 3), B("legal review"), H("Initech", 3), B("demo booked")]}
    ),
    sections={"pipeline": ["Globex", "legal review", "Initech", "demo booked"]},
    warnings=[],
    **COMPLETE,
)
case(
    "title_as_heading_1",
    [H("1:1 Self-Management - Ana - week of 2025-03-10", 1), *template()[2:]],
    warnings=[],
    **COMPLETE,
)

case(
    "title_with_section_words",
    [H("1:1 Self-Management - Pace Winters - week of 2025-03-10", 0),
     H("1:1 Self-Management - Pace Winters - next week", 1), *template()[2:]],
    warnings=[], sections={"key_metrics": FILLED_ITEMS["key_metrics"]}, **COMPLETE,
)  # fmt: skip

# --- extra, duplicate, missing sections -----------------------------------------------------
case(
    "unknown_extra_section",
    template(after={"plan": [H("Random Thoughts"), P("Maybe run a webinar?")]}),
    sections={"random_thoughts": ["Maybe run a webinar?"], "plan": FILLED_ITEMS["plan"]},
    warnings=["'random_thoughts'"],
    **COMPLETE,
)
case(
    "duplicate_section",
    template(after={"plan": [H("Wins"), B("Renewed Hooli")]}),
    sections={"wins": [*FILLED_ITEMS["wins"], "Renewed Hooli"]},
    warnings=["'Wins' appears more than once"],
    **COMPLETE,
)
case(
    "missing_section",
    template(drop=["challenges"]),
    missing=["challenges"],
    complete=False,
    warnings=["no 'Challenges' section found"],
)
case(
    "missing_optional_section",
    template(drop=["skill_updates", "key_metrics"]),
    warnings=[],
    **COMPLETE,
)
case(
    "empty_required_section",
    template(fill={"plan": []}),
    missing=["plan"],
    complete=False,
    warnings=[],
)

# --- hints --------------------------------------------------------------------------------
case(
    "hint_left_as_plain_text",
    template(fill={"wins": [P("Type your wins here...")]}),
    missing=["wins"],
    complete=False,
    sections={"wins": []},
)
case(
    "hint_plain_plus_answer",
    template(fill={"wins": [P("Type your wins here…"), B("Closed Acme")]}),
    sections={"wins": ["Closed Acme"]},
    **COMPLETE,
)
case(
    "hint_italic_grey_left_in",
    template(fill={"challenges": [*hint("challenges"), P("Globex legal")]}),
    sections={"challenges": ["Globex legal"]},
    **COMPLETE,
)
case(
    "italic_grey_custom_hint",
    template(fill={"wins": [P(Run("e.g. logos signed, demos booked", italic=True, grey=True))]}),
    missing=["wins"],
    complete=False,
)
case(
    "italic_only_counts",
    template(fill={"wins": [P(Run("Closed Acme", italic=True))]}),
    sections={"wins": ["Closed Acme"]},
    **COMPLETE,
)
case(
    "grey_only_counts",
    template(fill={"wins": [P(Run("Closed Acme", grey=True))]}),
    sections={"wins": ["Closed Acme"]},
    **COMPLETE,
)
case(
    "red_italic_counts",
    template(fill={"wins": [P(Run("Closed Acme", italic=True, red=True))]}),
    sections={"wins": ["Closed Acme"]},
    **COMPLETE,
)
case(
    "new_commitment_labels_only",
    template(fill={"new_commitments": hint("new_commitments")}),
    sections={"new_commitments": []},
    **COMPLETE,
)

# --- suggestions --------------------------------------------------------------------------
case(
    "suggested_insertion_ignored",
    template(fill={"wins": [P(Run("Closed Acme", insert=True))]}),
    missing=["wins"],
    complete=False,
)
case(
    "suggested_insertion_partial",
    template(fill={"wins": [P("Closed Acme", Run(" and Globex", insert=True))]}),
    sections={"wins": ["Closed Acme"]},
    **COMPLETE,
)
case(
    "suggested_deletion_counts",
    template(fill={"wins": [P(Run("Closed Acme", delete=True))]}),
    sections={"wins": ["Closed Acme"]},
    **COMPLETE,
)
case(
    "suggested_heading_insertion",
    template(after={"plan": [H([Run("Random Thoughts", insert=True)]), P("more plan")]}),
    sections={"plan": [*FILLED_ITEMS["plan"], "more plan"]},
    absent=["random_thoughts"],
    warnings=[],
    **COMPLETE,
)

# --- content kinds ------------------------------------------------------------------------
case(
    "smart_chips",
    template(
        fill={
            "wins": [
                P("Intro from ", Person("Dana Scully", "dana@x.example")),
                P("Thanks ", Person(email="fox@x.example")),
                P("Signed: ", RichLink("Acme MSA")),
                P("Closed on ", DateChip("2025-03-12")),
            ]
        }
    ),
    sections={
        "wins": [
            "Intro from Dana Scully",
            "Thanks fox@x.example",
            "Signed: Acme MSA",
            "Closed on 2025-03-12",
        ]
    },
    **COMPLETE,
)
case(
    "table_in_section",
    template(fill={"wins": [T(["Acme", "$40k", ""], ["Globex", "$10k", "Q2"])]}),
    sections={"wins": ["Acme | $40k |", "Globex | $10k | Q2"]},
    **COMPLETE,
)
case(
    "nested_bullets",
    template(
        fill={"plan": [B("Prospect"), B("fintech", level=1), B("Stripe", level=2), B("Follow up")]}
    ),
    sections={"plan": ["Prospect", "fintech", "Stripe", "Follow up"]},
    **COMPLETE,
)
case(
    "images_rules_breaks_ignored",
    template(fill={"wins": [IMG(), HR(), P("Closed Acme"), HR()]}),
    sections={"wins": ["Closed Acme"]},
    **COMPLETE,
)
case(
    "soft_line_break",
    template(fill={"wins": [P("Closed Acme\vBooked demos")]}),
    sections={"wins": ["Closed Acme Booked demos"]},
    **COMPLETE,
)
case(
    "utf16_emoji_text",
    template(fill={"wins": [P("🎉 Closed Acme 🚀"), P("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 win")]}),
    sections={"wins": ["🎉 Closed Acme 🚀", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 win"]},
    **COMPLETE,
)
case(
    "substantive_preamble",
    [P("Sorry, late this week - I was out sick on Thursday and Friday."), *template()],
    warnings=["'preamble'"],
    sections={"preamble": ["Sorry, late this week - I was out sick on Thursday and Friday."]},
    **COMPLETE,
)
case(
    "preamble_labels_ignored",
    [P("Rep: Ana Lopez"), P("Week of: 2025-03-10"), *template()],
    warnings=[],
    absent=["preamble"],
    **COMPLETE,
)
case(
    "customer_header_lines_with_several_labels_ignored",
    [P("1:1 Self-Management - Avery Adams - week of 2026-12-07"),
     P("Rep: Avery Adams · Manager: Morgan Manager · 1:1: Mon Dec 7, 2:00-2:45 PM EST"),
     P("Deadline: Fri Dec 4, 3:00 PM EST | Last doc: none yet"), *template()],
    warnings=[],
    absent=["preamble"],
    **COMPLETE,
)  # fmt: skip

# --- tabs ---------------------------------------------------------------------------------
_first_half = template(
    drop=[
        "energy",
        "upcoming_calls",
        "deals_to_close",
        "target_accounts",
        "plan",
        "commitments",
        "new_commitments",
    ]
)
_second_half = [H("Energy"), P("3"), H("Plan of Attack for Next Week"), B("Call Globex")]
case(
    "second_tab",
    tabbed_document([TabSpec("Tab 1", _first_half), TabSpec("Tab 2", _second_half)]),
    energy=3,
    sections={"plan": ["Call Globex"]},
    warnings=[],
    **COMPLETE,
)
case(
    "section_split_across_tabs",
    tabbed_document(
        [TabSpec("Tab 1", template()), TabSpec("More", [H("Wins"), B("Renewed Hooli")])]
    ),
    sections={"wins": [*FILLED_ITEMS["wins"], "Renewed Hooli"]},
    warnings=["'Wins' appears more than once"],
    **COMPLETE,
)
case(
    "grandchild_tab",
    tabbed_document(
        [
            TabSpec(
                "Main",
                template(drop=["energy"]),
                children=[
                    TabSpec(
                        "Child",
                        [P("nothing here")],
                        children=[TabSpec("Grandchild", [H("Energy"), P("2")])],
                    )
                ],
            )
        ]
    ),
    energy=2,
    **COMPLETE,
)
case(
    "tab_titled_as_section",
    tabbed_document(
        [TabSpec("Tab 1", template(drop=["plan"])), TabSpec("Plan", [B("Call Globex"), B("Demo")])]
    ),
    sections={"plan": ["Call Globex", "Demo"]},
    warnings=[],
    **COMPLETE,
)
case(
    "tabs_and_body_prefers_tabs",
    {**document(template(empty=True)), **tabbed_document([TabSpec("Tab 1", template())])},
    **COMPLETE,
)

# --- energy -------------------------------------------------------------------------------
energy_case("bare", "2", value=2)
energy_case("slash", "2/5", value=2)
energy_case("label_and_note", "Energy this week (1-5): 2 - rough week", value=2)
energy_case("out_of_words", "energy: 4 out of 5", value=4)
energy_case("emoji", "⚡ 3", value=3)
energy_case("keycap", "3️⃣", value=3)
energy_case("word", "feeling four-ish", value=4)
energy_case("label_only", "Energy this week (1-5):", value=None)
energy_case("label_then_line", "Energy this week (1-5):", "5", value=5)
energy_case("label_spaced", "Energy this week (1 - 5): 1", value=1)
energy_case("no_number", "tired but ok", value=None, warn="no score")
energy_case("zero", "0", value=None, warn="out of range")
energy_case("seven", "Energy this week (1-5): 7", value=None, warn="out of range")
energy_case("ten_of_ten", "10/10", value=None, warn="not on the 1-5 scale")
energy_case("decimal", "3.5", value=None, warn="whole number")
energy_case("range", "3-4", value=None, warn="range")
energy_case("minus_one", "-1", value=None, warn="-1 is out of range")
energy_case("minus_scaled", "-2/5", value=None, warn="-2 is out of range")
energy_case("minus_sign", "Energy this week (1-5): −2 - rough week", value=None, warn="-2 is out")
energy_case("minus_before_note", "-1 (was 3/5 last week)", value=None, warn="-1 is out of range")
energy_case("dash_as_bullet", "- 3", value=3)
energy_case("minus_in_note", "4 (was -1 last week)", value=4)

# --- commitments --------------------------------------------------------------------------
_open_item = {"text": "Call Globex", "done": False}
commitment_case(
    "strikethrough",
    [B(Run("Send proposal", strike=True)), B("Call Globex")],
    [{"text": "Send proposal", "done": True}, _open_item],
)
commitment_case(
    "partial_strikethrough",
    [B(Run("Send", strike=True), " proposal")],
    [{"text": "Send proposal", "done": False}],
)
commitment_case(
    "strike_with_trailing_space",
    [B(Run("Send proposal", strike=True), " ")],
    [{"text": "Send proposal", "done": True}],
)
commitment_case(
    "markers",
    [
        B(f"{m} Task {i}")
        for i, m in enumerate(["[x]", "[X]", "☑", "✅", "✔", "✔️", "Done:", "DONE:", "done: "])
    ],
    [{"text": f"Task {i}", "done": True} for i in range(9)],
)
commitment_case("open_markers", [B("[ ] Call Globex"), B("☐ Call Globex")], [_open_item] * 2)
commitment_case(
    "paragraphs",
    [P("✅ Send proposal"), P("Call Globex")],
    [{"text": "Send proposal", "done": True}, _open_item],
)
commitment_case(
    "table_done_column",
    [T(["Commitment", "Done"], ["Send proposal", "✅"], ["Call Globex", ""], ["Demo", "FALSE"])],
    [{"text": "Send proposal", "done": True}, _open_item, {"text": "Demo", "done": False}],
)
commitment_case(
    "owner_prefixes",
    [B(Run("Rep: send proposal", strike=True)), B("[x] Manager: intro to CFO")],
    [{"text": "Rep: send proposal", "done": True}, {"text": "Manager: intro to CFO", "done": True}],
)
commitment_case("hint_only", hint("commitments"), [])

# --- coaching categories (program.yaml: coaching_categories = CATEGORIES) -------------------
CATEGORIES = ("Other", "Productivity", "Quality", "Discovery")
commitment_case(
    "category",
    [B("[Quality] Call Halcyon's CFO"), B("[ discovery ]  Map the Globex org")],
    [
        {"text": "Call Halcyon's CFO", "done": False, "category": "Quality"},
        {"text": "Map the Globex org", "done": False, "category": "Discovery"},
    ],
)
commitment_case(
    "category_and_done_markers",
    [
        B("[x] [quality] Send deck"),
        B("[Quality] [x] Send recap"),
        B(Run("[Productivity] Clean CRM", strike=True)),
        B("✅ Rep: [Other] Book demos"),
        B("[ ] [Quality] Call back"),
        B("[X] Plain"),
    ],
    [
        {"text": "Send deck", "done": True, "category": "Quality"},
        {"text": "Send recap", "done": True, "category": "Quality"},
        {"text": "Clean CRM", "done": True, "category": "Productivity"},
        {"text": "Rep: Book demos", "done": True, "category": "Other"},
        {"text": "Call back", "done": False, "category": "Quality"},
        {"text": "Plain", "done": True},
    ],
)
commitment_case(
    "category_in_a_table",
    [T(["Commitment", "Done"], ["[Quality] Call Halcyon's CFO", "✅"])],
    [{"text": "Call Halcyon's CFO", "done": True, "category": "Quality"}],
)
case(
    "category_unknown",
    template(fill={"commitments": [B("[Pricing] Send deck")]}),
    commitments=[{"text": "[Pricing] Send deck", "done": False}],
    warnings=["[Pricing] is not a coaching category"],
    **COMPLETE,
)
case(
    "category_unknown_in_this_weeks_commitments",
    template(
        fill={"new_commitments": [P("Rep: [Pricing] Send deck"), P("Manager: [Quality] join")]}
    ),
    warnings=["[Pricing] is not a coaching category (Other, Productivity, Quality, Discovery)"],
    **COMPLETE,
)
case(
    "category_known_in_this_weeks_commitments",
    template(fill={"new_commitments": [P("Rep: [Quality] Send deck")]}),
    sections={"new_commitments": ["Rep: [Quality] Send deck"]},
    warnings=[],
    **COMPLETE,
)

# --- kudos --------------------------------------------------------------------------------
case("kudos", template(), kudos=FILLED_ITEMS["kudos"], warnings=[], **COMPLETE)
case("kudos_hint_only", template(fill={"kudos": hint("kudos")}), kudos=[], **COMPLETE)
case(
    "kudos_heading_variant_and_empty_lines",
    template(
        headings={"kudos": H("13. 🎉 Kudos:")},
        fill={
            "kudos": [P("Shout-out from Dana"), P(""), P(Run("grey aside", italic=True, grey=True))]
        },
    ),
    kudos=["Shout-out from Dana"],
    warnings=[],
    **COMPLETE,
)
case(
    "kudos_absent",
    template(drop=["kudos", "rating"]),
    kudos=[],
    rating=None,
    warnings=[],
    **COMPLETE,
)


# --- the rep's rating of the last 1:1 (same rules as energy) ------------------------------
def rating_case(name: str, *lines: str, value: int | None, warn: str | None = None) -> None:
    """A filled doc whose "Rate Our Last 1:1" section holds ``lines``; never required."""
    case(f"rating_{name}", template(fill={"rating": [P(line) for line in lines]}),
         rating=value, warnings=[warn] if warn else [], **COMPLETE)  # fmt: skip


rating_case("filled", "How useful was our last 1:1? (1-5): 4 - the role-play helped", value=4)
rating_case("bare", "5", value=5)
rating_case("slash", "3/5", value=3)
rating_case("label_only", "How useful was our last 1:1? (1-5):", value=None)
rating_case("hint_only", *SECTION_HINTS["rating"].splitlines(), value=None)
rating_case("label_then_line", "How useful was our last 1:1? (1-5):", "2", value=2)
rating_case("comment_only", "we ran out of time", value=None, warn="no score from 1 to 5")
rating_case("zero", "0", value=None, warn="rating 0 is out of range")
rating_case("seven", "How useful was our last 1:1? (1-5): 7", value=None, warn="out of range")
rating_case("minus", "-1", value=None, warn="rating -1 is out of range")
rating_case("minus_scaled", "-2/5", value=None, warn="rating -2 is out of range")
rating_case("ten_of_ten", "10/10", value=None, warn="not on the 1-5 scale")
rating_case("range", "3-4", value=None, warn="range")
rating_case("word", "four", value=4)
case(
    "rating_bold_heading",
    template(headings={"rating": P(Run("Rate our last 1:1", bold=True))},
             fill={"rating": [P("4")]}),
    rating=4,
    warnings=[],
    **COMPLETE,
)  # fmt: skip
