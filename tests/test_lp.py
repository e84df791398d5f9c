"""The exact simplex: one tableau for lexicographic stages gives what solving them one by one gives."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.core.allocation.simplex import LPError, maximise, maximise_lexicographically

F = Fraction


def one_stage_at_a_time(
    objectives: list[list[Fraction]], a: list[list[Fraction]], b: list[Fraction]
) -> tuple[Fraction, ...] | None:
    """The reference: solve each stage afresh, with a constraint keeping every earlier optimum."""
    rows, bounds = [list(r) for r in a], list(b)
    values = []
    for c in objectives:
        try:
            value = maximise(c, rows, bounds).value
        except LPError:
            return None
        values.append(value)
        rows.append([-v for v in c])
        bounds.append(-value)
    return tuple(values)


@st.composite
def programs(draw: st.DrawFn) -> tuple[list[list[Fraction]], list[list[Fraction]], list[Fraction]]:
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 5))
    number = st.fractions(min_value=-4, max_value=4, max_denominator=4)
    a = [[draw(number) for _ in range(n)] for _ in range(m)]
    b = [draw(st.fractions(min_value=-3, max_value=8, max_denominator=4)) for _ in range(m)]
    # Every variable at most 5: the program is bounded, and feasible or not as the rows decide.
    a += [[F(int(i == j)) for i in range(n)] for j in range(n)]
    b += [F(5)] * n
    objectives = [[draw(number) for _ in range(n)] for _ in range(draw(st.integers(1, 3)))]
    return objectives, a, b


@given(programs())
def test_lexicographic_stages_equal_solving_them_one_by_one(
    program: tuple[list[list[Fraction]], list[list[Fraction]], list[Fraction]],
) -> None:
    objectives, a, b = program
    expected = one_stage_at_a_time(objectives, a, b)
    if expected is None:
        with pytest.raises(LPError):
            maximise_lexicographically(objectives, a, b)
        return
    solution = maximise_lexicographically(objectives, a, b)
    assert solution.values == expected
    x = solution.x
    assert all(v >= 0 for v in x)
    assert all(
        sum((r * v for r, v in zip(row, x, strict=True)), F(0)) <= bound for row, bound in zip(a, b, strict=True)
    )
    assert solution.values == tuple(sum((c * v for c, v in zip(obj, x, strict=True)), F(0)) for obj in objectives)


def test_a_later_stage_never_gives_up_an_earlier_one() -> None:
    # Maximise x + y (at most 2), then x: the second stage must keep x + y = 2.
    solution = maximise_lexicographically([[1, 1], [1, 0]], [[1, 1], [1, 0]], [2, 3])
    assert solution.values == (2, 2)
    assert solution.x == (2, 0)


def test_infeasible_and_unbounded_programs_are_errors() -> None:
    with pytest.raises(LPError, match="cannot all be met"):
        maximise([1], [[1], [-1]], [1, -2])
    with pytest.raises(LPError, match="unbounded"):
        maximise([1, 0], [[0, 1]], [1])
