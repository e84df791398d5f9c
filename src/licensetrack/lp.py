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

import math
from collections.abc import Sequence
from fractions import Fraction

import attrs

from licensetrack.errors import LicensetrackError


class LPError(LicensetrackError):
    """The problem has no feasible point or no finite optimum (a bug in how it was built)."""


@attrs.frozen
class Solution:
    value: Fraction
    x: tuple[Fraction, ...]


class _Tableau:
    """Integer rows with a shared positive denominator ``d``; the objective row is kept the same way."""

    def __init__(self, rows: list[list[int]], basis: list[int], objective: list[int]) -> None:
        self.rows = rows
        self.basis = basis
        self.objective = objective  # reduced costs (times d); last entry is minus the value (times d)
        self.d = 1

    def pivot(self, r: int, j: int) -> None:
        row = self.rows[r]
        if row[j] < 0:  # keep the denominator positive: an equality row may be negated
            row[:] = [-v for v in row]
        p, d = row[j], self.d
        for i, other in enumerate(self.rows):
            if i != r:
                k = other[j]
                other[:] = [(a * p - k * b) // d for a, b in zip(other, row, strict=True)]
        k = self.objective[j]
        self.objective[:] = [(a * p - k * b) // d for a, b in zip(self.objective, row, strict=True)]
        self.basis[r] = j
        self.d = p

    def optimise(self, allowed: int) -> None:
        """Pivot until no column below ``allowed`` improves the objective (Bland's rule)."""
        while True:
            entering = next((j for j in range(allowed) if self.objective[j] > 0), None)
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


def _scale(values: Sequence[Fraction]) -> int:
    """The least common denominator of ``values``."""
    return math.lcm(1, *(v.denominator for v in values))


def maximise(
    c: Sequence[Fraction | int], a: Sequence[Sequence[Fraction | int]], b: Sequence[Fraction | int]
) -> Solution:
    """Maximise ``c·x`` subject to ``A x <= b`` and ``x >= 0``, exactly."""
    n, m = len(c), len(b)
    if any(len(row) != n for row in a) or len(a) != m:
        raise ValueError("A must have one row per entry of b and one column per entry of c")
    width = n + m + 1  # variables, slacks, artificial
    data = [[Fraction(v) for v in row] + [Fraction(bi)] for row, bi in zip(a, b, strict=True)]
    # One scale for the whole system makes it integral; the slacks and the artificial variable are
    # measured in the same scaled units, so their columns stay 1 and -1 and the start is d = 1.
    scale = _scale([v for row in data for v in row])
    rows: list[list[int]] = []
    for i, entries in enumerate(data):
        row = [int(v * scale) for v in entries[:n]] + [0] * m + [-1, int(entries[-1] * scale)]
        row[n + i] = 1
        rows.append(row)
    tableau = _Tableau(rows, [n + i for i in range(m)], [0] * (width + 1))
    artificial = n + m
    lowest = min(range(m), key=lambda i: rows[i][-1], default=None)
    if lowest is not None and rows[lowest][-1] < 0:
        tableau.objective[artificial] = -1
        tableau.pivot(lowest, artificial)
        tableau.optimise(width)
        if tableau.objective[-1] != 0:
            raise LPError("the constraints cannot all be met")
        if artificial in tableau.basis:
            r = tableau.basis.index(artificial)
            j = next((j for j in range(n + m) if tableau.rows[r][j] != 0), None)
            if j is not None:
                tableau.pivot(r, j)
    for row in tableau.rows:
        row[artificial] = 0
    costs = [Fraction(v) for v in c]
    cost_scale = _scale(costs)
    integral = [int(v * cost_scale) for v in costs]
    # Reduced costs in the current basis, times d: d*c minus each basic variable's cost times its row
    # (whose basic entry is d). The same integers Bareiss would give had the row been there all along.
    objective = [v * tableau.d for v in integral] + [0] * (m + 2)
    for i, var in enumerate(tableau.basis):
        if var < n and integral[var]:
            k = integral[var]
            objective = [o - k * v for o, v in zip(objective, tableau.rows[i], strict=True)]
    tableau.objective = objective
    tableau.optimise(n + m)
    x = [Fraction(0)] * n
    for i, var in enumerate(tableau.basis):
        if var < n:
            x[var] = Fraction(tableau.rows[i][-1], tableau.d)
    value = sum((Fraction(ci) * xi for ci, xi in zip(c, x, strict=True)), Fraction(0))
    return Solution(value, tuple(x))
