"""Read the rep's energy score (1-5) from the text of the Energy section."""

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
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_WORD = re.compile(r"\b(one|two|three|four|five)\b", re.IGNORECASE)


@dataclass(frozen=True)
class EnergyReading:
    """The score (None when absent or unusable) and why it was refused, if it was."""

    value: int | None
    warning: str | None = None


def read_energy(text: str) -> EnergyReading:
    """The energy score in ``text``: "2", "2/5", "Energy this week (1-5): 2 - rough", "⚡ 3".

    Out-of-range or non-whole answers give None with a warning; no number gives None quietly.
    """
    text = _LABEL.sub(" ", unicodedata.normalize("NFKC", text))
    scaled = _SCALED.search(text)
    if scaled:
        value, scale = scaled.group(1), scaled.group(2)
        if scale != str(ENERGY_MAX):
            return EnergyReading(None, f"energy '{scaled.group(0)}' is not on the 1-5 scale")
        return _checked(value)
    ranged = _RANGE.search(text)
    if ranged and ranged.group(1) != ranged.group(2):
        return EnergyReading(None, f"energy '{ranged.group(0)}' is a range, not one score")
    number = _NUMBER.search(text)
    if number:
        return _checked(number.group(1))
    word = _WORD.search(text)
    if word:
        return EnergyReading(_WORDS[word.group(1).lower()])
    return EnergyReading(None)


def _checked(raw: str) -> EnergyReading:
    if not raw.isdigit():
        return EnergyReading(None, f"energy '{raw}' is not a whole number from 1 to 5")
    value = int(raw)
    if not ENERGY_MIN <= value <= ENERGY_MAX:
        return EnergyReading(None, f"energy {value} is out of range (1-5)")
    return EnergyReading(value)
