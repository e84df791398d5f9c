"""Phase 2, what each activity may count toward: eligibility, conversion to hours, the period's window.

An activity's hours under the rule set (eligible at all, converted from units or days, limited per
activity) are decided by the eligibility and conversion entries that judge that course
(``RulesAt.eligibility_for_course``). Only activities that can matter to what is asked are judged.
"""

from __future__ import annotations

import datetime

import attrs

from licensetrack.core.cycles import Period
from licensetrack.core.engine.job import Job, Want
from licensetrack.core.engine.makeup import counts_in
from licensetrack.core.engine.rounding import to_decimal
from licensetrack.core.engine.select import Active, Due
from licensetrack.core.engine.window import window_start
from licensetrack.core.hours import ZERO, Hours, from_decimal
from licensetrack.core.model import Activity
from licensetrack.core.rules import Category, Conversion, Eligibility, RequirementVersion, RulesAt, Scope


@attrs.frozen
class Countable:
    """An activity's hours as this rule set credits them, or why it gives none."""

    hours: Hours
    reasons: tuple[str, ...]


# A stand-in for activities that cannot matter to what is being computed (see count_activities).
NOT_NEEDED = Countable(ZERO, ())


def matches(activity: Activity, version: RequirementVersion) -> bool:
    """Whether the activity falls under a topic requirement or cap (its formats, topics, approvals, and the
    kind of provider: Washington caps "Training programs sponsored by the agency where a licensed counselor
    ... is employed" at 26 hours, a cap with `provider_types = ["employer"]`)."""
    if version.formats and activity.format not in version.formats:
        return False
    if version.provider_types and activity.provider_type not in version.provider_types:
        return False
    if version.topics and not set(activity.topics) & set(version.topics):
        return False
    if version.approvals and not set(activity.approvals) & set(version.approvals):
        return False
    return not (version.without_approvals and set(activity.approvals) & set(version.without_approvals))


def counts_toward(activity: Activity, need: Active) -> bool:
    """Whether the activity falls under a topic requirement owed this period: it matches the version, and was
    completed within the window before the period's end the version may set (``within_months_before_end``)."""
    if need.completed_from is not None and activity.completed < need.completed_from:
        return False
    return matches(activity, need.version)


def from_listed(activity: Activity | None, version: RequirementVersion) -> bool:
    """Whether an activity gives hours of a share requirement: from one of its listed provider types and on
    one of its topics (each condition only when the share names it)."""
    if activity is None:
        return False
    if version.provider_types and activity.provider_type not in version.provider_types:
        return False
    return not version.topics or bool(set(activity.topics) & set(version.topics))


def in_category(activity: Activity, category: Category) -> bool:
    """Whether an activity belongs to a category (its formats, and its topics when the category names any)."""
    if category.formats and activity.format not in category.formats:
        return False
    return not (category.topics and not set(activity.topics) & set(category.topics))


def countable(activity: Activity, rules: RulesAt, *, waive_approval: bool = False) -> Countable:
    """Hours the activity gives under this rule set (eligibility, conversion, per-activity limit).

    ``waive_approval``: judge it as if its approval body were accepted (a body a topic's ``approvals`` names
    though the eligibility does not: see :func:`topic_only`).
    """
    if activity.sizeless:
        # A completion with no hours: nothing to judge or convert; it only meets `course` requirements.
        return Countable(ZERO, ())
    eligibility = rules.eligibility_for_course(activity.completed)
    if eligibility is not None and waive_approval:
        eligibility = attrs.evolve(eligibility, approvals=(), others_rate=None)
    refused = _ineligible(activity, eligibility) if eligibility is not None else None
    if refused is not None:
        assert eligibility is not None
        if eligibility.others_rate is not None and refused_for_approval(activity, rules):
            return _at_rate(activity, rules, eligibility)
        return Countable(ZERO, (refused,))
    conversion = rules.conversion_for_course(activity.format, activity.completed)
    converted = _converted(activity, conversion)
    if isinstance(converted, str):
        return Countable(ZERO, (converted,))
    return _limited(activity, converted, conversion)


def _at_rate(activity: Activity, rules: RulesAt, eligibility: Eligibility) -> Countable:
    """An activity of another approval body, counted at the eligibility's ``others_rate`` of its hours."""
    assert eligibility.others_rate is not None
    full = countable(activity, rules, waive_approval=True)
    hours = full.hours * eligibility.others_rate
    rate = eligibility.others_rate
    bodies = ", ".join(eligibility.approvals)
    reason = (
        f"{to_decimal(full.hours - hours, up=True)} h not counted: a course not approved by {bodies} counts at "
        f"{rate.numerator}/{rate.denominator} of its hours ({eligibility.citation})"
    )
    return Countable(hours, (*full.reasons, reason))


def refused_for_approval(activity: Activity, rules: RulesAt) -> bool:
    """Whether the eligibility refuses the activity for its approval body alone (its date and format pass)."""
    eligibility = rules.eligibility_for_course(activity.completed)
    if eligibility is None or not eligibility.approvals or activity.sizeless:
        return False
    return (
        _ineligible(activity, eligibility) is not None
        and _ineligible(activity, attrs.evolve(eligibility, approvals=(), others_rate=None)) is None
    )


def topic_only(activity: Activity, rules: RulesAt, due: Due) -> frozenset[int]:
    """The owed topics (indexes in ``due.topics``) an activity counts toward only: it is refused by the
    eligibility for its approval body alone, and a topic whose ``approvals`` name its body matches it.

    Ohio IMFT-S, Ohio Adm. Code 4757-9-01(C): "Only the american association for marriage and family therapy
    supervision refresher course or an equivalent course ... may be used to meet this requirement", though
    the board does not otherwise accept AAMFT's approval. Such a course's hours count toward that topic and,
    as its hours, toward the total: at most the topic's hours of them (a limit in the allocation, see
    :func:`.build.build_problem`).
    """
    if not any(need.version.approvals for need in due.topics) or not refused_for_approval(activity, rules):
        return frozenset()
    return frozenset(k for k, need in enumerate(due.topics) if need.version.approvals and counts_toward(activity, need))


def _ineligible(activity: Activity, eligibility: Eligibility) -> str | None:
    """Why the board does not accept the activity at all, or None."""
    if eligibility.not_before is not None and activity.completed < eligibility.not_before:
        return f"completed before {eligibility.not_before}, when CE began to count ({eligibility.citation})"
    if eligibility.formats and activity.format not in eligibility.formats:
        accepted = ", ".join(f.value for f in eligibility.formats)
        return f"format {activity.format.value!r} is not accepted (accepted: {accepted}; {eligibility.citation})"
    if (
        eligibility.approvals
        and activity.format not in eligibility.approval_exempt_formats
        and not set(activity.approvals) & set(eligibility.approvals)
    ):
        have = ", ".join(activity.approvals) or "none recorded"
        accepted = ", ".join(eligibility.approvals)
        return f"provider approval not accepted (approved by: {have}; accepted: {accepted}; {eligibility.citation})"
    return None


def _converted(activity: Activity, conversion: Conversion | None) -> Hours | str:
    """The activity's hours (units and days converted at the board's rate), or why they cannot be."""
    if activity.units is not None:
        assert activity.unit is not None
        rate = None
        if conversion is not None:
            rate = conversion.per_semester_unit if activity.unit.value == "semester" else conversion.per_quarter_unit
        if rate is None:
            return (
                f"{activity.unit.value} units are not converted to hours by this rule set; "
                "record the hours the board credits instead"
            )
        return from_decimal(activity.units) * from_decimal(rate)
    if activity.days is not None:
        if conversion is None or conversion.per_day is None:
            return "conference days are not converted to hours by this rule set; record the contact hours instead"
        return from_decimal(activity.days) * from_decimal(conversion.per_day)
    assert activity.hours is not None
    hours = from_decimal(activity.hours)
    if conversion is not None and conversion.per_hour is not None:
        hours *= from_decimal(conversion.per_hour)
    return hours


def _limited(activity: Activity, hours: Hours, conversion: Conversion | None) -> Countable:
    """The hours, held to the most one activity of its format may give."""
    if conversion is None or conversion.max_per_activity is None:
        return Countable(hours, ())
    limit = from_decimal(conversion.max_per_activity)
    if hours <= limit:
        return Countable(hours, ())
    return Countable(
        limit,
        (
            f"{to_decimal(hours - limit, up=True)} h over the limit of "
            f"{conversion.max_per_activity} h per {activity.format.value} activity "
            f"({conversion.citation})",
        ),
    )


@attrs.frozen(kw_only=True)
class Counting:
    """What each activity (in canonical order) can give this period.

    ``in_period``: counts in the period: completed within it and by the as-of date, or taken for it
    (``for_period_ending``, see :mod:`.makeup`). ``fixed``: per topic
    requirement, hours earlier periods' courses already give a one-time requirement (``fixed_from``
    says which activities), settled before the allocation.
    """

    countable: tuple[Countable, ...]
    in_period: tuple[bool, ...]
    fixed: tuple[Hours, ...]
    fixed_from: tuple[tuple[int, ...], ...]
    # Per activity, the topics it counts toward only (a body a topic names that the eligibility refuses);
    # empty for most. See :func:`topic_only`.
    only_for: tuple[frozenset[int], ...] = ()


def count_activities(job: Job, rules: RulesAt, due: Due, period: Period, as_of: datetime.date) -> Counting:
    """Judge the activities that can matter: all for a full report (or for plugin kinds, which may look
    at any); otherwise the period's own and, for one-time requirements, earlier ones."""
    window_end = min(as_of, period.end)
    in_period = tuple(counts_in(job, a, period, window_end) for a in job.ordered)
    every = job.want is Want.REPORT or (job.want is Want.SUMMARY and bool(due.plugins))
    once = [
        need.version
        for need in due.topics
        if need.version.scope is Scope.ONCE or window_start(need.version, job.sched, period) is not None
    ]
    judged = tuple(
        countable(a, rules)
        if every or in_period[i] or (once and a.completed < period.start and any(matches(a, v) for v in once))
        else NOT_NEEDED
        for i, a in enumerate(job.ordered)
    )
    versions = [_counted_from_issue(need.version, job.credential.issued) for need in due.topics]
    windows = [window_start(need.version, job.sched, period) for need in due.topics]
    # A body a topic names that the eligibility refuses is accepted toward that topic alone: for a course
    # of this period (``topic_only``), and for one of an earlier period that a one-time topic (or a topic
    # with a window of periods) still counts (Kentucky, 201 KAR 36:030 Section 1(6): training "approved
    # by the board" within three years of licensure, in yearly periods).
    only_for = tuple(
        (topic_only(a, rules, due) if in_period[i] else _earlier_topic_only(a, rules, versions, windows, period))
        if judged[i].hours == 0 and judged[i] is not NOT_NEEDED
        else frozenset()
        for i, a in enumerate(job.ordered)
    )
    if any(only_for):
        judged = tuple(
            _for_topic_only(a, rules, due, only_for[i]) if only_for[i] else judged[i] for i, a in enumerate(job.ordered)
        )
    fixed_from = tuple(
        _earlier_for_once(job.ordered, judged, version, period, window, k, only_for)
        for k, (version, window) in enumerate(zip(versions, windows, strict=True))
    )
    fixed = tuple(sum((judged[i].hours for i in indexes), ZERO) for indexes in fixed_from)
    return Counting(countable=judged, in_period=in_period, fixed=fixed, fixed_from=fixed_from, only_for=only_for)


def _earlier_topic_only(
    activity: Activity,
    rules: RulesAt,
    versions: list[RequirementVersion],
    windows: list[datetime.date | None],
    period: Period,
) -> frozenset[int]:
    """The one-time (or windowed) topics with ``approvals`` an earlier period's course counts toward only."""
    if activity.completed >= period.start or not any(v.approvals for v in versions):
        return frozenset()
    if not refused_for_approval(activity, rules):
        return frozenset()
    return frozenset(
        k
        for k, (version, window) in enumerate(zip(versions, windows, strict=True))
        if version.approvals
        and (version.scope is Scope.ONCE or window is not None)
        and matches(activity, version)
        and _on_or_after(activity, _earlier_start(version, window))
    )


def _earlier_start(version: RequirementVersion, window: datetime.date | None) -> datetime.date | None:
    """From when an earlier period's course counts toward a one-time or windowed topic (None: any time)."""
    return window if window is not None else version.count_from


def _on_or_after(activity: Activity, start: datetime.date | None) -> bool:
    return start is None or activity.completed >= start


def _for_topic_only(activity: Activity, rules: RulesAt, due: Due, topics: frozenset[int]) -> Countable:
    """The hours of an activity accepted only toward some topics, with a reason saying so."""
    judged = countable(activity, rules, waive_approval=True)
    names = ", ".join(due.topics[k].requirement.id for k in sorted(topics))
    bodies = ", ".join(activity.approvals)
    cited = "; ".join(sorted({due.topics[k].version.citation for k in topics}))
    reason = f"approved by {bodies}, accepted only toward {names}: at most its hours count ({cited})"
    return Countable(judged.hours, (*judged.reasons, reason))


def _earlier_for_once(
    ordered: tuple[Activity, ...],
    judged: tuple[Countable, ...],
    version: RequirementVersion,
    period: Period,
    window: datetime.date | None,
    topic: int,
    only_for: tuple[frozenset[int], ...],
) -> tuple[int, ...]:
    """The activities of earlier periods that count toward a one-time requirement, or toward a topic met by
    a course of its window of periods (from ``window``, see :mod:`.window`); none for others. A course
    accepted only toward some topics (``only_for``) counts toward those alone."""
    if version.scope is not Scope.ONCE and window is None:
        return ()
    start = _earlier_start(version, window)
    return tuple(
        i
        for i, activity in enumerate(ordered)
        if activity.completed < period.start
        and _on_or_after(activity, start)
        and matches(activity, version)
        and judged[i].hours > 0
        and (not only_for[i] or topic in only_for[i])
    )


def _counted_from_issue(version: RequirementVersion, issued: datetime.date) -> RequirementVersion:
    """A requirement due counted from licensure counts courses from the issue date (unless ``count_from``)."""
    if version.due_months_after_issue is None or version.count_from is not None:
        return version
    return attrs.evolve(version, count_from=issued)
