"""The tracker spreadsheet's tabs and columns, and who owns each column.

Defined here as constants (``sheets_templates/tracker.yaml`` is not there yet). A column is
``text`` (written by the service as string values, so a rep's "=..." stays text),
``formula`` (our own HYPERLINK / SPARKLINE, written as formulas) or ``manager`` (typed by the
manager; carried over from the sheet's previous content, never computed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

ColumnKind = Literal["text", "formula", "manager"]
Cell = str | int | float
Row = list[Cell]


@dataclass(frozen=True)
class Column:
    """One column: its header text and who writes it."""

    header: str
    kind: ColumnKind = "text"
    percent: bool = False  # shown as a percentage
    signed: bool = False  # a percentage with its sign, "+10%" / "-17%" (a gap to a goal)
    pattern: str = ""  # a number pattern for a column that is not a percentage ("0.0")
    note: str = ""  # what the figures mean, as a note on the header cell
    formerly: tuple[str, ...] = ()  # headers this column had in older trackers (read back)
    width: int = 100  # pixels, as Sheets draws it (100 is Sheets' default)


@dataclass(frozen=True)
class TabLayout:
    """One tab: its title, its columns, and the columns that identify a row (the upsert key)."""

    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    sheet_id: int  # fixed, so formatting requests can name the tab before it is read back

    @property
    def headers(self) -> list[str]:
        """The header row."""
        return [c.header for c in self.columns]

    def index(self, header: str) -> int:
        """The 0-based position of a column."""
        return self.headers.index(header)

    def letter(self, header: str) -> str:
        """The A1 column letter of a column (tabs are narrower than 27 columns)."""
        return chr(ord("A") + self.index(header))


def _cols(*specs: str | Column) -> tuple[Column, ...]:
    return tuple(spec if isinstance(spec, Column) else Column(spec) for spec in specs)


NOTES = "Manager notes"
DOC = "Doc"
LAST_DOC = "Last week's doc"
EVENT = "1:1"  # the meeting's time, linking to its Calendar event
COACH_NOTES = "Coach notes"  # the manager's private notes doc (the rep cannot open it)
ENERGY = "Energy (1-5)"
CHALLENGES = "Risks/Challenges"
KEPT = "Commitments kept (done/total)"
COMMENTS = "Comments from you in the doc"
KUDOS = "Kudos"
RATING = "Rating of last 1:1 (1-5)"  # the rep's answer to "How useful was our last 1:1?"
TOPICS = "Coaching categories (1:1s)"  # e.g. "Quality 2 · Discovery 1"
AVG_ENERGY = "Avg energy (1-5)"  # the mean of the reps' answers, 1 to 5
ASKS = "Asks"  # a leader's asks of their boss (the manager doc's "Where I Need Your Help")
HELD = "1:1 held"  # yes / no once the week's 1:1 time has passed (filled on a later run)

PACE_NOTE = (
    "The rep's mean over their key metrics (the doc shows each one): attainment of goal next to "
    "the share of the month's working days gone, and whether that is ahead, on pace or behind."
)
DUE_NOTE = (
    "The week's 1:1s whose time has passed. A week's 1:1s come after Friday's collect, so its "
    "1:1 figures are filled in by the first run after them (blank until then)."
)
HELD_NOTE = (
    "Held: its time has passed, it was not cancelled and nobody declined. Filled in by the "
    "first run after the week's 1:1s (blank until then)."
)
COVERAGE_NOTE = "The team's reps with at least one 1:1 held in the month so far."

# Column widths in pixels: rows are one line high (text is clipped, the whole text is in the
# cell), so a column is as wide as what a manager needs to read of it at a glance.
NARROW, TEXT, PACE, WIDE, FLAGS = 70, 140, 330, 220, 300
_ENERGY = Column(ENERGY, formerly=("Energy",), width=NARROW)
_KEPT = Column(KEPT, formerly=("Commitments kept",), width=NARROW + 30)

# What a manager scans first comes first (issue 14): who, status, energy, pace, flags, what the
# rep wrote, then the links; the record-keeping columns (week, e-mail, key) stay at the right.
THIS_WEEK: Final = TabLayout(
    "This Week",
    _cols(Column("Rep", width=TEXT - 20), Column("Status", width=NARROW), _ENERGY,
          Column("Pace", width=PACE, note=PACE_NOTE), Column("Flags", width=FLAGS),
          Column(CHALLENGES, formerly=("Challenges",), width=WIDE), Column("Wins", width=WIDE),
          Column("Plan", width=WIDE), _KEPT,
          Column(DOC, "formula", width=NARROW + 10), Column(LAST_DOC, "formula"),
          Column(EVENT, "formula", width=TEXT - 20), Column(COACH_NOTES, "formula"),
          Column(NOTES, "manager", width=WIDE),
          Column(KUDOS, width=WIDE), Column("Pipeline", width=WIDE),
          Column("Initiatives", width=WIDE), Column(ASKS, width=WIDE),
          Column(COMMENTS, formerly=("Manager comments",)), Column("Last edit", width=TEXT - 20),
          Column("Complete", width=NARROW), Column("Missing sections", width=TEXT), "Week",
          Column("Email", width=WIDE)),
    key=("Email", "Week"),
    sheet_id=101,
)  # fmt: skip

HISTORY: Final = TabLayout(
    "History",
    _cols("Week", Column("Rep", width=TEXT - 20), Column("Email", width=WIDE),
          Column("Status", width=NARROW), Column("Last edit", width=TEXT - 20), _ENERGY,
          Column("Pace", width=PACE), Column("Complete", width=NARROW), _KEPT,
          "Commitments open", "Kudos received", RATING, Column(HELD, width=NARROW),
          Column("Flags", width=WIDE), Column(DOC, "formula", width=NARROW + 10),
          Column(NOTES, "manager", width=WIDE)),
    key=("Email", "Week"),
    sheet_id=102,
)  # fmt: skip

COMMITMENTS: Final = TabLayout(
    "Commitments",
    _cols(Column("Rep", width=TEXT - 20), Column("Email", width=WIDE), "Owner",
          Column("Commitment", width=2 * WIDE), "Category", "Week made", "Status", "Weeks open",
          "Last seen", Column(NOTES, "manager", width=WIDE)),
    key=("Email", "Owner", "Commitment"),
    sheet_id=103,
)  # fmt: skip

TEAM_HEALTH: Final = TabLayout(
    "Team Health",
    _cols("Week", "Reps due", "Submitted", Column("Submission rate", percent=True),
          Column("On-time rate", percent=True), Column("1:1s due", note=DUE_NOTE),
          Column("1:1s held", note=HELD_NOTE),
          Column("Completion rate", percent=True, note=HELD_NOTE),
          Column("Completion goal", percent=True),
          Column("Coverage (month)", percent=True, note=COVERAGE_NOTE),
          Column("Coverage goal", percent=True),
          Column("Commitments kept", percent=True), Column("Coaching utilization", percent=True),
          Column(AVG_ENERGY, pattern="0.0", formerly=("Avg energy",)), "Energy responses",
          Column("Energy trend", "formula"), KUDOS, Column(TOPICS, width=2 * WIDE)),
    key=("Week",),
    sheet_id=104,
)  # fmt: skip

TABS: Final = (THIS_WEEK, HISTORY, COMMITMENTS, TEAM_HEALTH)

# Sections of the rep's doc that may reach the tracker; nothing else does (private notes,
# unknown sections and the preamble stay in the doc).
TRACKED_SECTIONS: Final = {
    "Wins": "wins",
    CHALLENGES: "challenges",
    "Pipeline": "pipeline",
    "Plan": "plan",
}
MAX_CELL_CHARS: Final = 2000  # keep the sheet readable (a cell holds up to 50,000)
