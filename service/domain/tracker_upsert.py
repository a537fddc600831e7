"""Upsert by key into a tracker tab's previous content. Pure.

Re-running a collect never duplicates a row, and what the manager typed in a manager column
("Manager notes") is carried over from the sheet as it was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from service.domain.sections import fold
from service.domain.tracker_layout import (
    AVG_ENERGY,
    HISTORY,
    NOTES,
    TEAM_HEALTH,
    THIS_WEEK,
    Cell,
    Row,
    TabLayout,
)

Merge = Callable[[Row, Row], Row]


def read_rows(tab: TabLayout, previous: Sequence[Sequence[Cell]]) -> list[Row]:
    """The previous data rows in the tab's column order, matched by header text (a manager who
    moved a column does not scramble the tab); empty cells and short rows become ""."""
    if not previous:
        return []
    header = [fold(str(cell)) for cell in previous[0]]
    where = [_position(header, (c.header, *c.formerly)) for c in tab.columns]
    rows: list[Row] = []
    for raw in previous[1:]:
        rows.append(["" if i is None or i >= len(raw) else raw[i] for i in where])
    return rows


def _position(header: list[str], names: Sequence[str]) -> int | None:
    """Where a column is in a sheet's header row, under its header or one it had before (an
    older tracker's layout is read back into the new one, the manager's columns included)."""
    for name in names:
        if fold(name) in header:
            return header.index(fold(name))
    return None


def upsert(
    tab: TabLayout,
    previous: Sequence[Sequence[Cell]],
    new_rows: Iterable[Row],
    *,
    keep: Callable[[Row], bool] = lambda _row: True,
    merge: Merge | None = None,
    blank_keeps: bool = False,
) -> list[Row]:
    """The tab's full content (header first) after upserting ``new_rows`` by the tab's key.

    Previous rows keep their position (the manager may have sorted them); a row with a new key
    is appended. Manager columns always come from the previous row, the other columns from the
    new row (with ``blank_keeps``, a blank new value keeps the previous one). ``keep`` decides
    whether a previous row that is not updated stays (e.g. last week's rows on "This Week").
    Rows repeated under one key (a copy-paste) are dropped after the first.
    """
    width = len(tab.columns)
    keys = [tab.index(k) for k in tab.key]
    fresh: dict[tuple[str, ...], Row] = {}
    for row in new_rows:
        fresh.setdefault(_key(row, keys), list(row) + [""] * (width - len(row)))
    out: list[Row] = [list[Cell](tab.headers)]
    seen: set[tuple[str, ...]] = set()
    for old in read_rows(tab, previous):
        key = _key(old, keys)
        if key in seen or not any(key):
            continue
        seen.add(key)
        if key in fresh:
            out.append(_combine(tab, old, fresh[key], merge, blank_keeps))
        elif keep(old):
            out.append(old)
    out.extend(row for key, row in fresh.items() if key not in seen)
    return out


def _key(row: Row, keys: list[int]) -> tuple[str, ...]:
    return tuple(fold(str(row[i])) for i in keys)


def _combine(tab: TabLayout, old: Row, new: Row, merge: Merge | None, blank_keeps: bool) -> Row:
    merged = merge(old, new) if merge else list(new)
    for i, column in enumerate(tab.columns):
        if column.kind == "manager" or (blank_keeps and merged[i] == ""):
            merged[i] = old[i]
    return merged


def share_notes(this_week: list[Row], history: list[Row]) -> None:
    """Manager notes typed on either tab for the same rep and week show on both (in place)."""
    tw_note, h_note = THIS_WEEK.index(NOTES), HISTORY.index(NOTES)
    tw_keys = [THIS_WEEK.index(k) for k in THIS_WEEK.key]
    h_keys = [HISTORY.index(k) for k in HISTORY.key]
    history_by_key = {_key(r, h_keys): r for r in history[1:]}
    for row in this_week[1:]:
        other = history_by_key.get(_key(row, tw_keys))
        if other is None:
            continue
        if row[tw_note] == "" and other[h_note] != "":
            row[tw_note] = other[h_note]
        elif other[h_note] == "":
            other[h_note] = row[tw_note]


def sparkline_column(table: list[Row]) -> list[Row]:
    """Fill "Energy trend" on each Team Health row: the average energy so far, as a SPARKLINE
    (our own formula, recomputed from the row's final position on every run)."""
    energy = TEAM_HEALTH.letter(AVG_ENERGY)
    trend_at = TEAM_HEALTH.index("Energy trend")
    for number, row in enumerate(table[1:], start=2):
        row[trend_at] = f"=SPARKLINE({energy}$2:{energy}{number})"
    return table
