"""Exact hours: a whole number of hours is an ``int``, anything else a ``Fraction``.

Hours must be exact (a report may never be off by a rounding), and ``Fraction`` is exact but slow:
every operation builds an object and reduces it with a gcd. Nearly every quantity in practice is a
whole number of hours, and Python's ints and Fractions mix exactly (``int + Fraction`` is a
Fraction, comparisons between them are exact), so whole values stay ints and arithmetic on them
costs what integer arithmetic costs. Results are the same numbers either way.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

Hours: TypeAlias = Fraction | int

ZERO: Hours = 0


def rational(numerator: int, denominator: int) -> Hours:
    """``numerator / denominator`` exactly: an int when it divides."""
    whole, remainder = divmod(numerator, denominator)
    return whole if remainder == 0 else Fraction(numerator, denominator)


def simplest(value: Hours) -> Hours:
    """The same number, as an int when it is whole."""
    return value.numerator if value.denominator == 1 else value


@functools.lru_cache(maxsize=4096)
def from_decimal(value: Decimal) -> Hours:
    """A finite Decimal exactly; cached, as the same few hour values recur across a workforce."""
    numerator, denominator = value.as_integer_ratio()
    return numerator if denominator == 1 else Fraction(numerator, denominator)
