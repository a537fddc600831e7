"""The sections of the 1:1 doc (AE template): titles, keys, hints, and heading matching.

The template installer writes ``SECTION_TITLES`` as HEADING_2 paragraphs and ``SECTION_HINTS``
in italic grey under them; the parser reads them back with the same constants, so a change here
changes both sides at once.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Key -> heading text, in the template's order (PRODUCT.md, "The 1:1 doc").
SECTION_TITLES: Final[dict[str, str]] = {
    "key_metrics": "Key Metrics & Pacing",
    "skill_updates": "Skill Updates",
    "wins": "Wins",
    "challenges": "Challenges",
    "pipeline": "Deal & Pipeline Updates",
    "energy": "Energy",
    "upcoming_calls": "Calls Coming Up & Prep",
    "deals_to_close": "Deals to Close & Why",
    "target_accounts": "Accounts I'm Targeting & How",
    "plan": "Plan of Attack for Next Week",
    "commitments": "Commitments from Last 1:1",
    "new_commitments": "This Week's Commitments",
    "kudos": "Kudos",
    "rating": "Rate Our Last 1:1",
}

SECTION_KEYS: Final[tuple[str, ...]] = tuple(SECTION_TITLES)

REQUIRED_SECTIONS: Final[tuple[str, ...]] = ("wins", "challenges", "pipeline", "energy", "plan")

# Key -> the template's hint under the heading. Lines ending in ":" are labels the rep writes
# after (they stay in the text, but a section holding only labels counts as empty); the other
# lines are pure hints and are dropped wherever they appear.
SECTION_HINTS: Final[dict[str, str]] = {
    "key_metrics": "Add a comment on your numbers and pacing here...",
    "skill_updates": "Link call recordings, scorecards and feedback here...",
    "wins": "Type your wins here...",
    "challenges": "Type your challenges here...",
    "pipeline": "Update your key deals and pipeline here...",
    "energy": "Energy this week (1-5):",
    "upcoming_calls": "List the calls coming up and how you are prepping...",
    "deals_to_close": "List the deals you expect to close and why...",
    "target_accounts": "List the accounts you are targeting and how...",
    "plan": "Type your plan of attack for next week here...",
    "commitments": "Last week's commitments appear here. Strike through or mark [x] when done.",
    "new_commitments": "Rep:\nManager:",
    "kudos": "Recognition from your manager, peers or customers, one per line...",
    "rating": "How useful was our last 1:1? (1-5):\n"
    "Add a comment if you like (what helped, what to change)...",
}


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Keyword rules, checked in order; a heading matches the first rule with an alternative whose
# words all occur in it. Order matters: "This Week's Commitments" before "Commitments",
# "Deals to Close" before "Deal & Pipeline".
_RULES: Final[tuple[tuple[str, tuple[frozenset[str], ...]], ...]] = tuple(
    (key, tuple(frozenset(_singular(word) for word in alt.split()) for alt in alts))
    for key, alts in (
        ("new_commitments", ("this week commitment", "new commitment", "commitment next",
                             "commitment today", "next step", "action item")),
        ("commitments", ("commitment", "carried over", "follow up")),
        ("key_metrics", ("metric", "pacing", "pace", "kpi", "number")),
        ("skill_updates", ("skill", "coaching", "recording", "scorecard")),
        ("deals_to_close", ("deal close", "deal closing", "closing", "to close")),
        ("pipeline", ("pipeline", "deal", "opportunity", "opp", "forecast")),
        ("upcoming_calls", ("call", "upcoming meeting", "meeting coming", "prep")),
        ("target_accounts", ("account", "target", "targeting", "prospecting", "prospect")),
        ("plan", ("plan", "attack", "priority", "next week", "focus")),
        ("energy", ("energy", "morale", "feeling", "mood", "wellbeing")),
        ("wins", ("win", "highlight", "success")),
        ("challenges", ("challenge", "blocker", "obstacle", "struggle", "roadblock",
                        "lowlight")),
        ("kudos", ("kudo", "recognition", "shoutout", "shout out", "praise")),
        ("rating", ("rate oneonone", "rating", "useful oneonone", "rate last", "rate meeting")),
    )
)  # fmt: skip

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"'})
_NUMBERING = re.compile(r"^\s*(?:section\s+)?(?:\d+|[ivx]+|[a-z])\s*[.):\-–]\s+", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\s*\d+\s*[.):\-–]?\s*")


def fold(text: str) -> str:
    """Text for comparing: NFKC, straight quotes, case-folded, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.casefold().split())


def heading_words(text: str) -> list[str]:
    """The words of a heading: numbering, emoji and punctuation gone, plurals singular."""
    text = fold(text).replace("1:1", "oneonone")
    text = _NUMBERING.sub("", text, count=1)
    text = _LEADING_NUMBER.sub("", text, count=1)
    text = text.replace("&", " and ").replace("'s ", " ")
    words = re.findall(r"[^\W_]+", text)
    return [_singular(word) for word in words]


def match_section(text: str) -> str | None:
    """The canonical key a heading text stands for, or None when it is not a known section."""
    words = set(heading_words(text))
    if not words:
        return None
    for key, alternatives in _RULES:
        if any(alt <= words for alt in alternatives):
            return key
    return None


_STOPWORDS: Final[frozenset[str]] = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "from",
        "to",
        "my",
        "our",
        "i",
        "m",
        "this",
        "how",
        "why",
        "with",
        "on",
        "in",
        "at",
    ]
)


def content_words(text: str) -> list[str]:
    """The heading's words without small words ("Plan of Attack for Next Week" -> 4)."""
    return [word for word in heading_words(text) if word not in _STOPWORDS]


def slug(text: str) -> str:
    """A key for an unknown section: ASCII words joined by underscores ("random_thoughts")."""
    text = _NUMBERING.sub("", fold(text), count=1)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "_".join(re.findall(r"[a-z0-9]+", ascii_text))


def _hint_form(text: str) -> str:
    return fold(text).rstrip(" .…")


# Hints only the Sheet-form template writes (a cell cannot be struck through there).
SHEET_HINTS: Final[dict[str, str]] = {
    "commitments": "Last week's commitments appear here. Put x in Done when kept.",
}

_HINT_LINES: Final[frozenset[str]] = frozenset(
    _hint_form(line)
    for hint in (*SECTION_HINTS.values(), *SHEET_HINTS.values())
    for line in hint.splitlines()
    if not line.rstrip().endswith(":")
)

_LABEL_LINES: Final[dict[str, frozenset[str]]] = {
    key: frozenset(_hint_form(line) for line in hint.splitlines() if line.rstrip().endswith(":"))
    for key, hint in SECTION_HINTS.items()
}


def is_hint(line: str) -> bool:
    """True when a line is one of the template's hints (never the rep's own text)."""
    return _hint_form(line) in _HINT_LINES


def is_label(key: str, line: str) -> bool:
    """True when a line is a bare template label of this section (e.g. "Rep:")."""
    return _hint_form(line) in _LABEL_LINES.get(key, frozenset())
