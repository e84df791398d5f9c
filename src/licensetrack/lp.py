"""An exact linear-programming solver over rationals.

Allocation problems here are small (tens of variables) but must be solved exactly: a report that
says a requirement is missing 0.0000001 hours is wrong. So this is the textbook simplex method on a
dense tableau of :class:`fractions.Fraction`, two-phase for a start that is not feasible, with
Bland's rule so it cannot cycle. Exact arithmetic also makes the answer reproducible to the bit.
"""

from __future__ import annotations

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
    def __init__(self, rows: list[list[Fraction]], basis: list[int], objective: list[Fraction]) -> None:
        self.rows = rows
        self.basis = basis
        self.objective = objective  # reduced costs; last entry is minus the objective value

    def pivot(self, r: int, j: int) -> None:
        row = self.rows[r]
        factor = row[j]
        if factor != 1:
            row[:] = [v / factor for v in row]
        for i, other in enumerate(self.rows):
            if i != r and other[j]:
                k = other[j]
                other[:] = [a - k * b for a, b in zip(other, row, strict=True)]
        if self.objective[j]:
            k = self.objective[j]
            self.objective[:] = [a - k * b for a, b in zip(self.objective, row, strict=True)]
        self.basis[r] = j

    def optimise(self, allowed: int) -> None:
        """Pivot until no column below ``allowed`` improves the objective (Bland's rule)."""
        while True:
            entering = next((j for j in range(allowed) if self.objective[j] > 0), None)
            if entering is None:
                return
            leaving: int | None = None
            best: Fraction | None = None
            for i, row in enumerate(self.rows):
                if row[entering] > 0:
                    ratio = row[-1] / row[entering]
                    if best is None or ratio < best or (ratio == best and self.basis[i] < self.basis[leaving or 0]):
                        best, leaving = ratio, i
            if leaving is None:
                raise LPError("the objective is unbounded")
            self.pivot(leaving, entering)


def maximise(
    c: Sequence[Fraction | int], a: Sequence[Sequence[Fraction | int]], b: Sequence[Fraction | int]
) -> Solution:
    """Maximise ``c·x`` subject to ``A x <= b`` and ``x >= 0``, exactly."""
    n, m = len(c), len(b)
    if any(len(row) != n for row in a) or len(a) != m:
        raise ValueError("A must have one row per entry of b and one column per entry of c")
    width = n + m + 1  # variables, slacks, artificial
    rows: list[list[Fraction]] = []
    for i in range(m):
        row = [Fraction(v) for v in a[i]] + [Fraction(0)] * m + [Fraction(-1), Fraction(b[i])]
        row[n + i] = Fraction(1)
        rows.append(row)
    tableau = _Tableau(rows, [n + i for i in range(m)], [Fraction(0)] * (width + 1))
    artificial = n + m
    lowest = min(range(m), key=lambda i: rows[i][-1], default=None)
    if lowest is not None and rows[lowest][-1] < 0:
        tableau.objective[artificial] = Fraction(-1)
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
        row[artificial] = Fraction(0)
    objective = [Fraction(v) for v in c] + [Fraction(0)] * (m + 1) + [Fraction(0)]
    for i, var in enumerate(tableau.basis):
        if var < width and objective[var]:
            k = objective[var]
            objective = [o - k * v for o, v in zip(objective, tableau.rows[i], strict=True)]
    tableau.objective = objective
    tableau.optimise(n + m)
    x = [Fraction(0)] * n
    for i, var in enumerate(tableau.basis):
        if var < n:
            x[var] = tableau.rows[i][-1]
    value = sum((Fraction(ci) * xi for ci, xi in zip(c, x, strict=True)), Fraction(0))
    return Solution(value, tuple(x))
