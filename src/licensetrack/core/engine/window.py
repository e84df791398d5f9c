"""A topic met by a course in any of the last n periods (``window_cycles`` on an every-n-cycles topic).

Illinois, 20 ILCS 2105/2105-375(b): "a health care professional whose license or registration renewal occurs
every 2 years must complete all statutorily mandated topics within 3 renewal periods". The topic is owed in
its due period (every ``every``-th, as any every-n-cycles topic); courses of that period count as usual, and
courses of the ``window_cycles - 1`` periods before it (from the credential's first period on) meet it too.
Those earlier hours are credited like a one-time requirement's earlier courses: they satisfy the topic and
are not counted again toward the earlier period's or this period's total (they counted there already, as
any course of that period).
"""

from __future__ import annotations

import datetime

from licensetrack.core.cycles import AnySchedule, Period
from licensetrack.core.engine.rounding import to_decimal
from licensetrack.core.hours import Hours
from licensetrack.core.rules import RequirementVersion, Scope
from licensetrack.core.wording import count


def window_start(version: RequirementVersion, sched: AnySchedule, period: Period) -> datetime.date | None:
    """The first day of the window whose courses meet the topic in ``period``, or None without a window."""
    if version.window_cycles is None or version.scope is not Scope.EVERY_N_CYCLES:
        return None
    first = max(0, period.index - version.window_cycles + 1)
    return sched.period(first).start


def window_detail(version: RequirementVersion, start: datetime.date, period: Period, short: Hours) -> str:
    """What ``check`` says under the row: what would cure it, or that courses of the window met it."""
    assert version.window_cycles is not None
    periods = count(version.window_cycles, "period")
    if short > 0:
        topics = " or ".join(version.topics)
        return (
            f"take {to_decimal(short, up=True)} h more on {topics}; a course of any of the {periods} "
            f"from {start} to {period.end} counts"
        )
    return f"a course of any of the {periods} from {start} to {period.end} counts"
