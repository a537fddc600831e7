"""Arithmetic on busy intervals (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from service.domain.model import Interval


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union of intervals (touching ones are joined)."""
    out: list[Interval] = []
    for item in sorted(intervals, key=lambda i: (i.start, i.end)):
        if out and item.start <= out[-1].end:
            if item.end > out[-1].end:
                out[-1] = Interval(out[-1].start, item.end)
        else:
            out.append(item)
    return out


def subtract(busy: Iterable[Interval], remove: Iterable[Interval]) -> list[Interval]:
    """``busy`` minus every interval of ``remove`` (e.g. our own 1:1s from free/busy)."""
    result = merge(busy)
    for cut in merge(remove):
        pieces: list[Interval] = []
        for item in result:
            if not item.overlaps(cut):
                pieces.append(item)
                continue
            if item.start < cut.start:
                pieces.append(Interval(item.start, cut.start))
            if cut.end < item.end:
                pieces.append(Interval(cut.end, item.end))
        result = pieces
    return result
