"""The Hungarian assignment against every matching of small random matrices."""

from __future__ import annotations

from itertools import permutations

from hypothesis import given
from hypothesis import strategies as st

from service.domain.assignment import max_weight_assignment

Matrix = list[list[int | None]]


@st.composite
def matrices(draw: st.DrawFn) -> Matrix:
    rows, cols = draw(st.integers(0, 5)), draw(st.integers(1, 5))
    cell = st.one_of(st.none(), st.integers(1, 10**15))
    return [[draw(cell) for _ in range(cols)] for _ in range(rows)]


def best_total(weights: Matrix) -> int:
    """Try every injective map of rows to columns or nothing."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    best = 0
    for perm in permutations([*range(cols), *([None] * rows)], rows):
        if any(c is not None and weights[r][c] is None for r, c in enumerate(perm)):
            continue
        best = max(best, sum(weights[r][c] or 0 for r, c in enumerate(perm) if c is not None))
    return best


@given(matrices())
def test_maximum_weight_and_valid(weights: Matrix) -> None:
    result = max_weight_assignment(weights)
    assert len(result) == len(weights)
    taken = [c for c in result if c is not None]
    assert len(taken) == len(set(taken))
    assert all(weights[r][c] is not None for r, c in enumerate(result) if c is not None)
    total = sum(weights[r][c] or 0 for r, c in enumerate(result) if c is not None)
    assert total == best_total(weights)


def test_weights_beyond_float_precision() -> None:
    big = 2**60
    assert max_weight_assignment([[big + 1, big], [big + 3, None]]) == [1, 0]
