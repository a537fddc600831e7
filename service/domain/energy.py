"""Read a 1-5 score from a section's text: the rep's energy, and their rating of the last 1:1.

Both follow one set of rules (PRODUCT.md, "The 1:1 doc"): "2", "2/5", "⚡ 3", "two", a note after
the number; out of range (0, 7, "-1"), not on the 1-5 scale, not whole, or a range: None with a
warning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ENERGY_MIN = 1
ENERGY_MAX = 5

# The template's own label "(1-5)" / "1 to 5" / "scale of 1-5" must never be read as the answer.
_LABEL = re.compile(
    r"\(\s*1\s*(?:-|–|—|to)\s*5\s*\)|(?:on\s+a\s+)?scale\s+(?:of\s+)?1\s*(?:-|–|—|to)\s*5"
    r"|\b1\s*(?:-|–|—|to)\s*5\s*(?=:)",
    re.IGNORECASE,
)
_SCALED = re.compile(
    r"(?<![\d.])(\d+(?:[.,]\d+)?)\s*(?:/|out\s+of|of)\s*(\d+)(?![\d.])", re.IGNORECASE
)
_RANGE = re.compile(r"(?<![\d.])(\d)\s*(?:-|–|—|to)\s*(\d)(?![\d.])")
_NUMBER = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)(?![\d])")
# A minus sign written against the first number makes it negative ("-1", "−2/5"); a dash after
# a digit ("3-4") or before a space ("2 - rough week") is not a sign.
_NEGATIVE = re.compile(r"(?<![\w.,])[-−–—](?=\d)")
# "1:1" names the meeting ("How useful was our last 1:1?"); it is never the answer.
_ONE_ON_ONE = re.compile(r"(?<![\d.])1\s*:\s*1(?![\d.])")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_WORD = re.compile(r"\b(one|two|three|four|five)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ScoreReading:
    """The score (None when absent or unusable) and why it was refused, if it was."""

    value: int | None
    warning: str | None = None


EnergyReading = ScoreReading  # the name the energy reader has always returned


def read_energy(text: str) -> ScoreReading:
    """The energy score in ``text``: "2", "2/5", "Energy this week (1-5): 2 - rough", "⚡ 3"."""
    return read_score(text, "energy")


def read_score(text: str, what: str) -> ScoreReading:
    """The 1-5 score in ``text``; ``what`` ("energy", "rating") names it in warnings.

    Out-of-range, negative or non-whole answers give None with a warning; no number gives None
    quietly.
    """
    text = _LABEL.sub(" ", unicodedata.normalize("NFKC", text))
    text = _ONE_ON_ONE.sub(" ", text)
    found = _first_number(text)
    if found is None:
        word = _WORD.search(text)
        return ScoreReading(_WORDS[word.group(1).lower()] if word else None)
    kind, match = found
    negative = _NEGATIVE.search(text)
    if negative and negative.end() < match.start():  # "-1 (was 3/5)": the answer is -1
        earlier = _NUMBER.match(text, negative.end())
        if earlier:
            return _checked("-" + earlier.group(1), what)
    sign = _sign_before(text, match.start())
    if kind == "scaled":
        value, scale = match.group(1), match.group(2)
        if scale != str(ENERGY_MAX):
            return ScoreReading(None, f"{what} '{sign}{match.group(0)}' is not on the 1-5 scale")
        return _checked(sign + value, what)
    if kind == "range":
        return ScoreReading(None, f"{what} '{match.group(0)}' is a range, not one score")
    return _checked(sign + match.group(1), what)


def _first_number(text: str) -> tuple[str, re.Match[str]] | None:
    """The answer's number: a "n/5" score, else a range, else the first number."""
    scaled = _SCALED.search(text)
    if scaled:
        return "scaled", scaled
    ranged = _RANGE.search(text)
    if ranged and ranged.group(1) != ranged.group(2) and not _sign_before(text, ranged.start()):
        return "range", ranged
    number = _NUMBER.search(text)
    return ("number", number) if number else None


def _sign_before(text: str, at: int) -> str:
    """A minus when one is written right against the number starting at ``at``, else ""."""
    return "-" if at > 0 and _NEGATIVE.match(text, at - 1) else ""


def _checked(raw: str, what: str) -> ScoreReading:
    if raw.startswith("-"):
        return ScoreReading(None, f"{what} {raw} is out of range (1-5)")
    if not raw.isdigit():
        return ScoreReading(None, f"{what} '{raw}' is not a whole number from 1 to 5")
    value = int(raw)
    if not ENERGY_MIN <= value <= ENERGY_MAX:
        return ScoreReading(None, f"{what} {value} is out of range (1-5)")
    return ScoreReading(value)
