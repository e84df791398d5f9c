"""Phase 3, the allocation problem: each activity's hours with the caps and topic needs it falls under."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from licensetrack.core.allocation.problem import AllocationProblem, Item, Need
from licensetrack.core.engine.countable import Counting, counts_toward, from_listed, matches
from licensetrack.core.engine.select import Due, share_limits
from licensetrack.core.hours import ZERO, Hours, from_decimal
from licensetrack.core.model import Activity

# A stand-in for activities outside the period or giving no hours: nothing of them can count.
_NO_HOURS = Item(hours=ZERO)


def build_problem(ordered: Sequence[Activity], counting: Counting, due: Due, carried: Hours) -> AllocationProblem:
    """The period's problem: one item per activity (in order), then the hours carried in, if any."""
    items = [_item(activity, counting, due, i) for i, activity in enumerate(ordered)]
    if carried > 0:
        items.append(Item(hours=carried, caps=_other_provider_caps(None, due)))
    needs = tuple(
        Need(
            required=max(ZERO, from_decimal(need.version.hours or Decimal(0)) - counting.fixed[k]),
            inside=need.version.counts_toward_total,
        )
        for k, need in enumerate(due.topics)
    )
    caps = (*due.cap_limits, *share_limits(due, counting.fixed), *_topic_only_limits(due))
    return AllocationProblem(items=tuple(items), needs=needs, caps=caps, total=due.total_required)


def _topic_only_limits(due: Due) -> list[Hours]:
    """Per topic with ``approvals``, the most hours that count from bodies accepted only toward it: its hours.

    They follow the caps and the share limits in the problem (one per topic requirement, in order)."""
    return [from_decimal(need.version.hours or Decimal(0)) for need in due.topics]


def _item(activity: Activity, counting: Counting, due: Due, i: int) -> Item:
    hours = counting.countable[i].hours
    if not counting.in_period[i] or not hours:
        return _NO_HOURS
    only = counting.only_for[i] if counting.only_for else frozenset()
    caps = frozenset(j for j, cap in enumerate(due.caps) if matches(activity, cap.version))
    caps |= _other_provider_caps(activity, due)
    if only:
        # Accepted only toward these topics: only they take its hours, held to their hours.
        first = len(due.caps) + len(due.shares)
        return Item(hours=hours, caps=caps | frozenset(first + k for k in only), needs=only)
    return Item(
        hours=hours,
        caps=caps,
        needs=frozenset(k for k, need in enumerate(due.topics) if counts_toward(activity, need)),
    )


def _other_provider_caps(activity: Activity | None, due: Due) -> frozenset[int]:
    """The share requirements' limits an activity falls under: those whose listed provider types it is not from.

    They follow the caps in the problem. Hours carried in (``activity`` None) have no provider type on
    record, so they are not from a listed one: a share is met by the period's own courses.
    """
    first = len(due.caps)
    return frozenset(first + s for s, share in enumerate(due.shares) if not from_listed(activity, share.version))
