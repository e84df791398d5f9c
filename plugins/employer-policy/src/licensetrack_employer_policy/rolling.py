"""The ``rolling-hours`` requirement kind: hours on some topics within the last N months.

Unlike a board's period, the window moves with the date: on any day, the hours that count are
those completed in the ``months`` months up to that day. The requirement is met while they reach
``hours``; the report's due date is the day the oldest counted course drops out of the window and
the hours would fall short, which is when the person must have taken the next one.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta
from licensetrack import KindContext, KindOutcome, validation


@attrs.frozen(kw_only=True)
class RollingParams:
    """The rule file's ``params`` table for a ``rolling-hours`` requirement."""

    topics: tuple[str, ...] = attrs.field(validator=validation.identifiers)
    hours: Decimal = attrs.field(validator=validation.quantity)
    months: int = attrs.field(default=12, validator=validation.whole(1, 120))


class RollingHours:
    name = "rolling-hours"
    description = "at least `hours` on `topics` within the last `months` months, on any day"
    params_type = RollingParams

    def evaluate(self, params: Any, context: KindContext) -> KindOutcome:
        assert isinstance(params, RollingParams)
        window_start = context.as_of - relativedelta(months=params.months) + datetime.timedelta(days=1)
        matching = [
            (index, activity.completed, context.countable_hours[index])
            for index, activity in enumerate(context.activities)
            if set(activity.topics) & set(params.topics)
            and window_start <= activity.completed <= context.as_of
            and context.countable_hours[index] > 0
        ]
        counted = sum((hours for _, _, hours in matching), Decimal(0))
        due = context.as_of
        if counted >= params.hours:
            # Newest first: the course whose expiry would leave the window short sets the due date.
            running = Decimal(0)
            for _, completed, hours in sorted(matching, key=lambda m: m[1], reverse=True):
                running += hours
                if running >= params.hours:
                    due = completed + relativedelta(months=params.months)
                    break
        window = f"{window_start} to {context.as_of}"
        detail = f"{counted} h in the {params.months} months {window}; next due by {due}"
        return KindOutcome(
            required=params.hours,
            counted=counted,
            credited=tuple(index for index, _, _ in matching),
            due=due,
            detail=detail,
        )
