"""Maximum-weight bipartite assignment (Hungarian method, shortest augmenting paths).

Pure and exact on integer weights; sized for the planner (a dozen reps, a dozen positions).
"""

from __future__ import annotations

from collections.abc import Sequence


def max_weight_assignment(weights: Sequence[Sequence[int | None]]) -> list[int | None]:
    """For each row, the column it gets (or None) in a matching of maximum total weight.

    ``weights[row][col]`` is a positive weight, or None when the pair is not allowed. Rows may
    stay unmatched; each column is used at most once.
    """
    rows = len(weights)
    if rows == 0:
        return []
    cols = len(weights[0])
    total = sum(w for row in weights for w in row if w is not None)
    forbidden = total + 1
    # Minimise cost on rows x (cols + rows): one private zero-cost "unmatched" column per row.
    width = cols + rows
    cost = [[(-w if w is not None else forbidden) for w in row] + [0] * rows for row in weights]
    inf = 4 * (forbidden + total) * (width + 2)  # integers: weights can exceed 2**53
    u = [0] * (rows + 1)
    v = [0] * (width + 1)
    owner = [0] * (width + 1)  # column (1-based) -> row (1-based); 0 = free
    way = [0] * (width + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        col0 = 0
        minv = [inf] * (width + 1)
        used = [False] * (width + 1)
        while True:
            used[col0] = True
            r0 = owner[col0]
            delta, col1 = inf, 0
            line = cost[r0 - 1]
            ur0 = u[r0]
            for col in range(1, width + 1):
                if used[col]:
                    continue
                cur = line[col - 1] - ur0 - v[col]
                if cur < minv[col]:
                    minv[col], way[col] = cur, col0
                if minv[col] < delta:
                    delta, col1 = minv[col], col
            for col in range(width + 1):
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
    result: list[int | None] = [None] * rows
    for col in range(1, cols + 1):
        row = owner[col]
        if row and weights[row - 1][col - 1] is not None:
            result[row - 1] = col - 1
    return result
