"""Maximum-weight bipartite assignment (Hungarian method, shortest augmenting paths).

Pure and exact on integers (the planner's weights exceed a float's 53 bits); sized for the
planner: a dozen reps against a dozen places.
"""

from __future__ import annotations

from collections.abc import Sequence


def max_weight_assignment(weights: Sequence[Sequence[int | None]]) -> list[int | None]:
    """For each row, the column it gets (or None) in a matching of maximum total weight.

    ``weights[row][col]`` is a positive weight, or None when the pair is not allowed. Rows may
    stay unmatched; each column is used at most once.
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return [None] * rows
    if rows > cols:
        by_col = _assign([[weights[r][c] or 0 for r in range(rows)] for c in range(cols)])
        result: list[int | None] = [None] * rows
        for col, row in enumerate(by_col):
            if weights[row][col] is not None:
                result[row] = col
        return result
    by_row = _assign([[w or 0 for w in line] for line in weights])
    return [col if weights[row][col] is not None else None for row, col in enumerate(by_row)]


def _assign(gain: list[list[int]]) -> list[int]:
    """Every row a distinct column, maximising the total gain (rows <= columns).

    A forbidden pair has gain 0: taking it is the same as leaving the row unmatched.
    """
    rows, cols = len(gain), len(gain[0])
    inf = 4 * (1 + sum(max(line) for line in gain)) * (cols + 2)
    u = [0] * (rows + 1)
    v = [0] * (cols + 1)
    owner = [0] * (cols + 1)  # column (1-based) -> row (1-based); 0 = free
    way = [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        col0 = 0
        minv = [inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[col0] = True
            r0 = owner[col0]
            delta, col1 = inf, 0
            line, ur0 = gain[r0 - 1], u[r0]
            for col in range(1, cols + 1):
                if used[col]:
                    continue
                cur = -line[col - 1] - ur0 - v[col]
                if cur < minv[col]:
                    minv[col], way[col] = cur, col0
                if minv[col] < delta:
                    delta, col1 = minv[col], col
            for col in range(cols + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    result = [0] * rows
    for col in range(1, cols + 1):
        if owner[col]:
            result[owner[col] - 1] = col - 1
    return result
