"""What one credential's evaluation is about, handed from phase to phase instead of a long parameter list."""

from __future__ import annotations

import datetime
import enum
import itertools
from collections.abc import Iterable

import attrs

from licensetrack.core.cycles import AnySchedule
from licensetrack.core.kinds import Kinds
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.rules import RuleSet


class Want(enum.Enum):
    """How much of a period's evaluation the caller needs; less is cheaper."""

    REPORT = "report"  # everything, every activity explained
    SUMMARY = "summary"  # the report without its per-activity results
    SURPLUS = "surplus"  # only the hours the period could carry forward


@attrs.frozen
class Job:
    """One credential of one practitioner under its rule set and schedule.

    ``ordered`` is the practitioner's activities in canonical order (see :func:`canonical`): every
    index into activities in the engine is into this tuple. ``kinds`` implements the rule set's
    plugin kinds.
    """

    practitioner: Practitioner
    credential: Credential
    ruleset: RuleSet
    sched: AnySchedule
    ordered: tuple[Activity, ...]
    want: Want
    kinds: Kinds
    # The evaluation's as-of date: an activity taken for an ended period (``for_period_ending``) counts
    # there when completed by this day, though the ended period is judged as of its own end.
    today: datetime.date | None = None


def canonical(activities: Iterable[Activity]) -> tuple[Activity, ...]:
    """Activities in an order that depends only on their content, so input order never matters.

    Sorted by date and title, then, only where those tie, by every other field: the order of the full
    key (dates as ISO text sort as dates), at a fraction of the cost of building it for every activity.
    """
    ordered: list[Activity] = []
    for _, tied in itertools.groupby(sorted(activities, key=_date_and_title), key=_date_and_title):
        run = list(tied)
        ordered.extend(sorted(run, key=full_key) if len(run) > 1 else run)
    return tuple(ordered)


def _date_and_title(activity: Activity) -> tuple[datetime.date, str]:
    return activity.completed, activity.title


def full_key(activity: Activity) -> tuple[str, ...]:
    """Every field of an activity, as text: the order :func:`canonical` gives."""
    return (
        activity.completed.isoformat(),
        activity.title,
        str(activity.hours),
        str(activity.units),
        str(activity.unit),
        str(activity.days),
        activity.format.value,
        ",".join(activity.topics),
        activity.provider or "",
        ",".join(activity.approvals),
        activity.certificate or "",
        activity.provider_type or "",
        activity.for_period_ending.isoformat() if activity.for_period_ending else "",
    )
