"""An exact linear-programming solver over rationals.

Allocation problems here are small (tens of variables) but must be solved exactly: a report that
says a requirement is missing 0.0000001 hours is wrong. So this is the textbook simplex method,
two-phase for a start that is not feasible, with Bland's rule so it cannot cycle.

The tableau is kept fraction-free (Bareiss): the data are scaled to integers once, every entry stays
an integer, and the true tableau is the integer one divided by a common denominator ``d`` (the last
pivot). Each pivot's division by the previous pivot is exact, because every entry is a minor of the
original matrix. Python integers are far cheaper than ``Fraction`` objects (no gcd on every
operation), and the answer is the same rational, converted back at the end.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import attrs

from licensetrack.core.errors import LicensetrackError
from licensetrack.core.hours import ZERO, Hours, rational, simplest


class LPError(LicensetrackError):
    """The problem has no feasible point or no finite optimum (a bug in how it was built)."""


@attrs.frozen
class Solution:
    value: Hours
    x: tuple[Hours, ...]


@attrs.frozen
class LexicographicSolution:
    values: tuple[Hours, ...]  # one per objective, in order of priority
    x: tuple[Hours, ...]


class _Tableau:
    """Integer rows with a shared positive denominator ``d``; objective rows are kept the same way."""

    def __init__(self, rows: list[list[int]], basis: list[int]) -> None:
        self.rows = rows
        self.basis = basis
        # Reduced costs (times d), one row per objective; last entry is minus the value (times d).
        self.objectives: list[list[int]] = []
        self.d = 1

    def pivot(self, r: int, j: int) -> None:
        row = self.rows[r]
        if row[j] < 0:  # keep the denominator positive: an equality row may be negated
            row[:] = [-v for v in row]
        p, d = row[j], self.d
        for other in (*(o for i, o in enumerate(self.rows) if i != r), *self.objectives):
            k = other[j]
            if k:
                other[:] = [(a * p - k * b) // d for a, b in zip(other, row, strict=True)]
            elif p != d:
                other[:] = [a * p // d for a in other]
        self.basis[r] = j
        self.d = p

    def optimise(self, objective: list[int], allowed: list[int]) -> None:
        """Pivot until no ``allowed`` column improves ``objective`` (Bland's rule, so no cycling)."""
        while True:
            entering = next((j for j in allowed if objective[j] > 0), None)
            if entering is None:
                return
            leaving: int | None = None
            for i, row in enumerate(self.rows):
                if row[entering] <= 0:
                    continue
                if leaving is None:
                    leaving = i
                    continue
                best = self.rows[leaving]
                # Compare ratios rhs/entry without dividing (both entries are positive).
                left, right = row[-1] * best[entering], best[-1] * row[entering]
                if left < right or (left == right and self.basis[i] < self.basis[leaving]):
                    leaving = i
            if leaving is None:
                raise LPError("the objective is unbounded")
            self.pivot(leaving, entering)


def _scale(values: Iterable[Hours]) -> int:
    """The least common denominator of ``values``."""
    return math.lcm(1, *{v.denominator for v in values})


def _integral(values: Sequence[Hours], scale: int) -> list[int]:
    """``values`` times ``scale`` (a multiple of every denominator), as ints."""
    return [v.numerator * (scale // v.denominator) for v in values]


def maximise(c: Sequence[Hours], a: Sequence[Sequence[Hours]], b: Sequence[Hours]) -> Solution:
    """Maximise ``c·x`` subject to ``A x <= b`` and ``x >= 0``, exactly."""
    solution = maximise_lexicographically([c], a, b)
    return Solution(solution.values[0], solution.x)


def maximise_lexicographically(
    objectives: Sequence[Sequence[Hours]],
    a: Sequence[Sequence[Hours]],
    b: Sequence[Hours],
) -> LexicographicSolution:
    """Maximise each objective in turn over the points optimal for all before it, exactly.

    One tableau serves every stage. At an optimum of one objective, a nonbasic column with a
    negative reduced cost must stay at zero in every optimal point, and a column with a zero reduced
    cost can enter without changing that objective's row; so the next stage pivots only on the
    columns every earlier objective leaves at zero cost. No constraint is added and no stage starts
    again from scratch.
    """
    if not objectives:
        raise ValueError("at least one objective is needed")
    n, m = len(objectives[0]), len(b)
    if any(len(c) != n for c in objectives) or any(len(row) != n for row in a) or len(a) != m:
        raise ValueError("A must have one row per entry of b and one column per entry of each objective")
    width = n + m + 1  # variables, slacks, artificial
    # One scale for the whole system makes it integral; the slacks and the artificial variable are
    # measured in the same scaled units, so their columns stay 1 and -1 and the start is d = 1.
    scale = _scale(itertools.chain(b, *a))
    bounds = _integral(b, scale)
    rows: list[list[int]] = []
    for i, entries in enumerate(a):
        row = _integral(entries, scale) + [0] * m + [-1, bounds[i]]
        row[n + i] = 1
        rows.append(row)
    tableau = _Tableau(rows, [n + i for i in range(m)])
    artificial = n + m
    lowest = min(range(m), key=lambda i: rows[i][-1], default=None)
    if lowest is not None and rows[lowest][-1] < 0:
        phase_one = [0] * (width + 1)
        phase_one[artificial] = -1
        tableau.objectives = [phase_one]
        tableau.pivot(lowest, artificial)
        tableau.optimise(phase_one, list(range(width)))
        if phase_one[-1] != 0:
            raise LPError("the constraints cannot all be met")
        if artificial in tableau.basis:
            r = tableau.basis.index(artificial)
            j = next((j for j in range(n + m) if tableau.rows[r][j] != 0), None)
            if j is not None:
                tableau.pivot(r, j)
    for row in tableau.rows:
        row[artificial] = 0
    tableau.objectives = [_reduced_costs(tableau, c, n, m) for c in objectives]
    allowed = list(range(n + m))
    for objective in tableau.objectives:
        tableau.optimise(objective, allowed)
        allowed = [j for j in allowed if objective[j] == 0]
    x: list[Hours] = [0] * n
    for i, var in enumerate(tableau.basis):
        if var < n:
            x[var] = rational(tableau.rows[i][-1], tableau.d)
    values = tuple(simplest(sum((ci * xi for ci, xi in zip(c, x, strict=True)), ZERO)) for c in objectives)
    return LexicographicSolution(values, tuple(x))


def _reduced_costs(tableau: _Tableau, c: Sequence[Hours], n: int, m: int) -> list[int]:
    """Reduced costs of ``c`` in the tableau's basis, times d, in integers.

    d*c minus each basic variable's cost times its row (whose basic entry is d): the same integers
    Bareiss would give had the row been in the tableau all along.
    """
    integral = _integral(c, _scale(c))
    objective = [v * tableau.d for v in integral] + [0] * (m + 2)
    for i, var in enumerate(tableau.basis):
        if var < n and integral[var]:
            k = integral[var]
            objective = [o - k * v for o, v in zip(objective, tableau.rows[i], strict=True)]
    return objective
