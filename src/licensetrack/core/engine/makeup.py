"""Hours that cure a past shortfall: where an activity taken for an ended period counts (issue #16).

An activity with ``for_period_ending`` counts in the credential's period that contains that date (so the
period's end, or any day inside it, names it), and not in the period containing its completion date.
Boards that renew a licence conditionally want the missing hours of the ended period made up within a
window (New York: during the conditional registration, at most one year), and never counted twice; the
rule set's ``[[make_up]]`` entry says so and gives the window. An activity that cannot count where it
says is not an input error (one profile's activities serve several credentials, whose periods differ):
each period's report says why it counts nowhere.
"""

from __future__ import annotations

import datetime

import attrs
from dateutil.relativedelta import relativedelta

from licensetrack.core.cycles import Period
from licensetrack.core.engine.job import Job
from licensetrack.core.model import Activity
from licensetrack.core.rules import MakeUp


@attrs.frozen
class Placement:
    """The period an activity counts in (its index; None: in none), and, for one taken for another period
    than its completion date's, what its not-counted explanation says elsewhere."""

    index: int | None
    reason: str | None = None


def placement(job: Job, activity: Activity) -> Placement:
    """Where an activity with ``for_period_ending`` counts for this credential, and why not elsewhere."""
    done = job.sched.containing(activity.completed)
    assert activity.for_period_ending is not None
    target = job.sched.containing(activity.for_period_ending)
    if target.index == done.index:
        return Placement(done.index)
    if target.index > done.index:
        return Placement(
            None,
            f"taken for the period ending {target.end}, which had not begun when it was completed: "
            "it counts in no period",
        )
    rule = job.ruleset.at(target).make_up
    closes = window_closes(rule, target)
    if closes is not None and rule is not None and activity.completed > closes:
        return Placement(
            None,
            f"taken for the period ending {target.end}, but completed after the make-up window closed on "
            f"{closes} ({rule.citation}): it counts in no period; record it without for_period_ending to count "
            "it in the period it was completed in",
        )
    return Placement(target.index, f"taken for the period ending {target.end}: it counts there, not in this period")


def window_closes(rule: MakeUp | None, period: Period) -> datetime.date | None:
    """The last day make-up hours for an ended period may be completed, when the board gives one."""
    if rule is None or rule.within_months is None:
        return None
    return period.end + relativedelta(months=rule.within_months)


def counts_in(job: Job, activity: Activity, period: Period, window_end: datetime.date) -> bool:
    """Whether the activity counts in ``period`` evaluated up to ``window_end`` (its end, or the as-of date).

    Without ``for_period_ending``: completed within the period by that day. With it: taken for this
    period, and completed by the evaluation's as-of date (``job.today``), even after the period ended.
    """
    if activity.for_period_ending is None:
        return period.start <= activity.completed <= window_end
    if not period.start <= activity.for_period_ending <= period.end and not (
        period.start <= activity.completed <= period.end
    ):
        return False  # neither taken for nor completed in this period: the common case, decided cheaply
    today = job.today or window_end
    return activity.completed <= today and placement(job, activity).index == period.index


def cures(job: Job, period: Period) -> tuple[Activity, ...]:
    """The activities completed after ``period`` that count in it (hours that make up its shortfall)."""
    today = job.today or period.end
    return tuple(
        a
        for a in job.ordered
        if a.for_period_ending is not None
        and period.end < a.completed <= today
        and period.start <= a.for_period_ending <= period.end
        and placement(job, a).index == period.index
    )
