"""Exact hours shown as decimals: exact when they terminate, else rounded against the practitioner."""

from __future__ import annotations

import functools
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction

from licensetrack.core.hours import Hours


def to_decimal(value: Hours, *, up: bool = False) -> Decimal:
    """Exact when the fraction has a finite decimal form; else to 1/100 hour, conservatively.

    Counted hours round down and missing hours round up (``up=True``), so rounding never makes a
    practitioner look more compliant than they are.
    """
    if value.denominator == 1:
        return Decimal(value.numerator)
    assert isinstance(value, Fraction)
    return _fractional_to_decimal(value, up)


@functools.lru_cache(maxsize=4096)
def _fractional_to_decimal(value: Fraction, up: bool) -> Decimal:
    """The few fractional values a workforce's hours take recur constantly, so they are cached."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        if denominator == 1:
            return exact
        return exact.quantize(Decimal("0.01"), rounding=ROUND_CEILING if up else ROUND_FLOOR)
