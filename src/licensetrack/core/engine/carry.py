"""Phase 4, carry-forward: the previous period's surplus, up to what the rule allows."""

from __future__ import annotations

from collections.abc import Callable

from licensetrack.core.allocation.problem import AllocationProblem, best_alone
from licensetrack.core.hours import ZERO, Hours, from_decimal
from licensetrack.core.rules import CarryForward


def surplus(problem: AllocationProblem) -> Hours:
    """The hours a period earned beyond all it required: what a carry-forward rule may carry.

    The most hours its activities can count under its caps, less the total and every requirement
    owed outside the total. Defined by optima, not by one allocation among equally good ones, it
    can only grow as activities are added, so an added course never lowers the next period's
    count. A period with no total requirement has nothing to carry.
    """
    if problem.total is None:
        return ZERO
    outside = sum((need.required for need in problem.needs if not need.inside), ZERO)
    return max(ZERO, best_alone(problem, None) - problem.total - outside)


def carried_in(rule: CarryForward | None, previous_surplus: Callable[[], Hours]) -> Hours:
    """The hours carried into the period: the previous period's surplus (worked out only when a rule
    allows carrying), up to the rule's limit."""
    if rule is None or not rule.allowed:
        return ZERO
    carried = previous_surplus()
    if rule.max_hours is not None:
        carried = min(carried, from_decimal(rule.max_hours))
    return carried
