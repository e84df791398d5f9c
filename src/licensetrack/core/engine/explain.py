"""Phase 5, explain: the report of a solved period, every requirement, cap and activity accounted for."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from licensetrack.core.allocation.problem import Allocation, AllocationProblem, Item, best_alone
from licensetrack.core.cycles import Period
from licensetrack.core.engine.approved import approved_only
from licensetrack.core.engine.countable import Countable, Counting, counts_toward, from_listed, in_category, matches
from licensetrack.core.engine.job import Job, Want
from licensetrack.core.engine.makeup import placement
from licensetrack.core.engine.rounding import to_decimal
from licensetrack.core.engine.select import Active, Due, owed_in_all, share_limits, share_required
from licensetrack.core.engine.window import window_detail, window_start
from licensetrack.core.errors import LicensetrackError
from licensetrack.core.hours import ZERO, Hours, from_decimal
from licensetrack.core.kinds import KindContext, KindOutcome, call_kind
from licensetrack.core.model import Activity
from licensetrack.core.report import (
    ActivityResult,
    BoardNoteResult,
    CapResult,
    CredentialReport,
    Credit,
    Quantity,
    RequirementResult,
    SourceRef,
    Status,
)
from licensetrack.core.rules import Category, Cited, RequirementKind, Scope
from licensetrack.core.wording import count, share_source, unconfirmed


@attrs.frozen(kw_only=True)
class Solved:
    """A period whose allocation is solved: everything its report is made from."""

    job: Job
    period: Period
    as_of: datetime.date
    due: Due
    counting: Counting
    carried: Hours
    allocation: Allocation
    used: tuple[Cited, ...]  # the dated entries relied on (see Due.used), the carry-forward rule included


def credential_report(solved: Solved) -> CredentialReport:
    """The credential's report for the period."""
    due, allocation = solved.due, solved.allocation
    activities = _activity_results(solved) if solved.job.want is Want.REPORT else []
    plugin_results, plugin_missing = _plugin_requirements(solved, activities) if due.plugins else ((), ZERO)
    courses = _course_results(solved, activities) if due.courses else ()
    categories = _category_results(solved)
    requirements = (*_requirement_results(solved), *courses, *categories, *plugin_results)
    total_missing = max(allocation.missing, _category_hours_short(categories)) + plugin_missing
    status, notes = _status(due, requirements, total_missing, courses_met=all(c.met for c in courses))
    required_total, counted_total = _totals(solved, requirements)
    ruleset, credential, period = solved.job.ruleset, solved.job.credential, solved.period
    return CredentialReport(
        credential=credential.id,
        ruleset=ruleset.id,
        ruleset_title=ruleset.title,
        authority=ruleset.authority,
        rule_version=max(entry.effective for entry in solved.used),
        status=status,
        cycle_start=period.start,
        cycle_end=period.end,
        cycle_index=period.index,
        as_of=solved.as_of,
        required_hours=to_decimal(required_total),
        counted_hours=to_decimal(counted_total),
        missing_hours=Decimal(0) if status is Status.EXEMPT else to_decimal(total_missing, up=True),
        requirements=requirements,
        caps=_cap_results(solved),
        activities=tuple(activities),
        notes=notes,
        unverified=tuple(
            unconfirmed(entry.citation, entry.effective, entry.note)
            for entry in _unique(solved.used)
            if not entry.verified
        ),
        carried_in=to_decimal(solved.carried),
        board_note=None
        if due.board_note is None
        else BoardNoteResult(text=due.board_note.text or "", ref=SourceRef.of(due.board_note)),
    )


def _status(
    due: Due, requirements: Sequence[RequirementResult], missing: Hours, *, courses_met: bool = True
) -> tuple[Status, tuple[str, ...]]:
    """Exempt, deficient or compliant, and the report's notes (why exempt; caps competing).

    A required course not completed makes the period deficient with no hour missing (``courses_met``).
    """
    notes = list(due.notes)
    if due.exempt_reason is not None:
        return Status.EXEMPT, (f"exempt: {due.exempt_reason}", *notes)
    if missing <= 0 and courses_met:
        return Status.COMPLIANT, tuple(notes)
    if all(r.met for r in requirements):
        notes.append(
            "each requirement can be met on its own, but not all at once: they compete for the same "
            "capped hours; the allocation shown leaves the fewest hours missing"
        )
    return Status.DEFICIENT, tuple(notes)


def _totals(solved: Solved, requirements: Sequence[RequirementResult]) -> tuple[Hours, Hours]:
    """The hours required and counted in all."""
    if solved.due.total is not None:
        return solved.due.total_required or ZERO, solved.allocation.best_total
    # No total: the hours owed are the requirements' own, and what counts is what meets them.
    in_hours = [r for r in requirements if r.kind != RequirementKind.CATEGORIES]  # those count categories
    required = sum((from_decimal(r.required) for r in in_hours), ZERO)
    counted = sum((from_decimal(min(r.counted, r.required)) for r in in_hours), ZERO)
    return required, counted


def _unique(entries: Sequence[Cited]) -> list[Cited]:
    seen: list[Cited] = []
    for entry in entries:
        if not any(entry is other for other in seen):
            seen.append(entry)
    return seen


def _requirement_results(solved: Solved) -> tuple[RequirementResult, ...]:
    due, allocation, fixed, carried = solved.due, solved.allocation, solved.counting.fixed, solved.carried
    results: list[RequirementResult] = []
    if due.total is not None and due.total_required is not None:
        detail = f"includes {to_decimal(carried)} h carried forward" if carried else None
        results.append(
            _result(due.total, due.total_required, allocation.best_total, allocation.pool_total, detail=detail)
        )
    for k, need in enumerate(due.topics):
        required = from_decimal(need.version.hours or Decimal(0))
        counted, allocated = fixed[k] + allocation.best[k], fixed[k] + allocation.credited[k]
        start = window_start(need.version, solved.job.sched, solved.period)
        if start is not None:
            detail = window_detail(need.version, start, solved.period, required - counted)
        else:
            detail = need.detail or approved_only(need.version, required - counted)
        if need.completed_from is not None:
            detail = _within_detail(need, detail)
        result = _result(need, required, counted, allocated, detail=detail)
        results.append(attrs.evolve(result, window_from=start) if start is not None else result)
    results.extend(_share_results(solved))
    return tuple(results)


def _within_detail(need: Active, detail: str | None) -> str:
    """A requirement owed within months before the period ends: from which day its courses count."""
    months = count(need.version.within_months_before_end or 0, "month")
    window = f"only courses completed from {need.completed_from} count (the last {months} of the period)"
    return f"{detail}; {window}" if detail else window


def _share_results(solved: Solved) -> list[RequirementResult]:
    """Each share requirement: the hours from its listed provider types, against its share of the total.

    ``counted`` is the most hours from listed types that could count under the caps; ``allocated`` what
    they give in the joint allocation. The limit on the others is part of that allocation, so the total's
    shortfall already includes what the share lacks; the share's own row says where the hours must come from.
    """
    due, allocation = solved.due, solved.allocation
    problem_items = _listed_items(solved)
    results: list[RequirementResult] = []
    limits = share_limits(due, solved.counting.fixed)
    caps = (*due.cap_limits, *limits)
    for s, share in enumerate(due.shares):
        required = share_required(share.version, owed_in_all(due, solved.counting.fixed))
        listed = problem_items[s]
        best = best_alone(AllocationProblem(items=tuple(item for _, item in listed), caps=caps), None)
        allocated = sum((allocation.pool[i] for i, _ in listed), ZERO)
        result = _result(share, required, best, allocated, detail=_share_detail(share, required - best, limits[s]))
        results.append(attrs.evolve(result, provider_types=share.version.provider_types))
    return results


def _share_detail(share: Active, short: Hours, limit: Hours) -> str:
    """What the share asks, and when it is short, what would cure it."""
    version = share.version
    if version.topics:
        where = share_source(version.provider_types, version.topics)
        others = f"other hours count at most {to_decimal(limit)} h"
        return f"{where}; {others}" if short <= 0 else f"take {to_decimal(short, up=True)} h more {where}; {others}"
    kinds = ", ".join(version.provider_types)
    others = f"hours from other providers count at most {to_decimal(limit)} h"
    if short <= 0:
        return f"from provider types {kinds}; {others}"
    more = to_decimal(short, up=True)
    return f"take {more} h more from a provider of type {kinds} (the course's provider_type); {others}"


def _listed_items(solved: Solved) -> list[list[tuple[int, Item]]]:
    """Per share requirement, the period's activities from its listed provider types, as allocation items."""
    due, counting = solved.due, solved.counting
    first = len(due.caps)
    found: list[list[tuple[int, Item]]] = [[] for _ in due.shares]
    for i, activity in enumerate(solved.job.ordered):
        hours = counting.countable[i].hours
        if not counting.in_period[i] or not hours:
            continue
        caps = frozenset(j for j, cap in enumerate(due.caps) if matches(activity, cap.version))
        caps |= frozenset(first + t for t, other in enumerate(due.shares) if not from_listed(activity, other.version))
        for s, share in enumerate(due.shares):
            if from_listed(activity, share.version):
                found[s].append((i, Item(hours=hours, caps=caps)))
    return found


def _result(
    active: Active, required: Hours, counted: Hours, allocated: Hours, *, detail: str | None = None
) -> RequirementResult:
    version = active.version
    missing = max(ZERO, required - counted)
    return RequirementResult(
        id=active.requirement.id,
        kind=active.requirement.kind,
        title=active.requirement.title,
        topics=version.topics,
        required=to_decimal(required),
        counted=to_decimal(counted),
        allocated=to_decimal(allocated),
        missing=to_decimal(missing, up=True),
        met=missing == 0,
        counts_toward_total=version.counts_toward_total and active.requirement.is_core,
        scope=version.scope,
        due=active.due,
        ref=SourceRef.of(version),
        detail=detail,
        approvals=version.approvals,
    )


def _cap_results(solved: Solved) -> tuple[CapResult, ...]:
    due = solved.due
    return tuple(
        CapResult(
            id=cap.requirement.id,
            title=cap.requirement.title,
            limit=to_decimal(limit),
            used=to_decimal(solved.allocation.cap_used[j]),
            formats=tuple(f.value for f in cap.version.formats),
            topics=cap.version.topics,
            ref=SourceRef.of(cap.version),
        )
        for j, (cap, limit) in enumerate(zip(due.caps, due.cap_limits, strict=True))
    )


def _plugin_requirements(
    solved: Solved, activities: list[ActivityResult]
) -> tuple[tuple[RequirementResult, ...], Hours]:
    """Requirements of plugin kinds, each judged by its plugin beside the allocation.

    Activities a kind credits get its requirement added to their credits, without hours (in ``activities``).
    """
    context = _kind_context(solved)
    results: list[RequirementResult] = []
    missing = ZERO
    for item in solved.due.plugins:
        kind = solved.job.kinds.requirements.get(item.requirement.kind)
        if kind is None:
            raise LicensetrackError(
                f"requirement {item.requirement.id!r}: kind {item.requirement.kind!r} is not installed"
                " (evaluate with the kinds of the registry that loaded the rule set)"
            )
        outcome: KindOutcome = call_kind(
            f"requirement {item.requirement.id!r} (kind {item.requirement.kind!r})",
            functools.partial(kind.evaluate, item.version.params, context),
        )
        required, counted = from_decimal(outcome.required), from_decimal(outcome.counted)
        missing += max(ZERO, required - counted)
        active_due = Active(item.requirement, item.version, outcome.due or item.due)
        results.append(_result(active_due, required, counted, counted, detail=outcome.detail))
        _credit(activities, outcome.credited, item.requirement.id)
    return tuple(results), missing


def _credit(activities: list[ActivityResult], indexes: Iterable[int], requirement_id: str) -> None:
    """Credit a requirement met by completion (no hours) to the activities (canonical indexes) that meet it,
    in place."""
    for index in indexes:
        if 0 <= index < len(activities):
            entry = activities[index]
            activities[index] = attrs.evolve(entry, credits=(*entry.credits, Credit(requirement_id)))


def _kind_context(solved: Solved) -> KindContext:
    job, period = solved.job, solved.period
    return KindContext(
        practitioner=job.practitioner,
        credential=job.credential,
        period_start=period.start,
        period_end=period.end,
        period_index=period.index,
        as_of=solved.as_of,
        activities=job.ordered,
        countable_hours=tuple(to_decimal(c.hours) for c in solved.counting.countable),
    )


def _activity_results(solved: Solved) -> list[ActivityResult]:
    """Every activity's result, in canonical order, then the hours carried in (if any)."""
    once_for: dict[int, list[str]] = {}
    for k, indexes in enumerate(solved.counting.fixed_from):
        for i in indexes:
            once_for.setdefault(i, []).append(solved.due.topics[k].requirement.id)
    results = [_activity_result(solved, i, activity, once_for.get(i)) for i, activity in enumerate(solved.job.ordered)]
    if solved.carried > 0:
        results.append(_carried_result(solved))
    return results


def _activity_result(solved: Solved, i: int, activity: Activity, once: list[str] | None) -> ActivityResult:
    countable = solved.counting.countable[i]
    nominal = _nominal_hours(activity, countable.hours)
    if activity.completed > solved.as_of or not solved.counting.in_period[i]:
        # Not this period's (most of a practitioner's record): nothing of it counts here.
        return _not_counted(solved, activity, countable, nominal, once)
    pool, outside = solved.allocation.pool[i], solved.allocation.outside[i]
    counted = pool + sum(outside.values(), ZERO)
    reasons = list(countable.reasons)
    if counted < countable.hours:
        only = solved.counting.only_for[i] if solved.counting.only_for else frozenset()
        reasons.append(_why_not_all_counted(solved, activity, countable.hours - counted, only))
    return ActivityResult(
        title=activity.title,
        completed=activity.completed,
        hours=to_decimal(nominal),
        counted=to_decimal(counted),
        excluded=to_decimal(nominal - counted, up=True),
        reasons=tuple(reasons),
        credits=_credits(solved, activity, pool, outside),
        given=Quantity.of(activity),
        hours_known=_hours_known(activity, countable.hours),
    )


def _credits(solved: Solved, activity: Activity, pool: Hours, outside: dict[int, Hours]) -> tuple[Credit, ...]:
    """The requirements an activity's counted hours go to, with the hours: its pool hours to the total and
    to every inside topic it carries (an hour of the pool counts toward both at once), then the hours the
    allocation gave each outside topic."""
    topics = solved.due.topics
    credits: list[Credit] = []
    if pool > 0:
        given = to_decimal(pool)
        if solved.due.total is not None:
            credits.append(Credit(solved.due.total.requirement.id, given))
        credits.extend(
            Credit(need.requirement.id, given)
            for need in topics
            if need.version.counts_toward_total and counts_toward(activity, need)
        )
    credits.extend(Credit(topics[k].requirement.id, to_decimal(outside[k])) for k in sorted(outside) if outside[k] > 0)
    return tuple(credits)


def _why_not_all_counted(
    solved: Solved, activity: Activity, left_out: Hours, only: frozenset[int] = frozenset()
) -> str:
    """Why some of a period's activity's hours do not count: the caps (and share limits) it fills, the
    hours of the topics its approval body is accepted toward alone (``only``), or that they are not needed."""
    due, allocation = solved.due, solved.allocation
    tight = [
        f"{cap.requirement.title} (at most {to_decimal(limit)} h; {cap.version.citation})"
        for j, (cap, limit) in enumerate(zip(due.caps, due.cap_limits, strict=True))
        if matches(activity, cap.version) and allocation.cap_used[j] >= limit
    ]
    tight.extend(_tight_shares(solved, activity))
    tight.extend(
        f"{due.topics[k].requirement.title}, the only hours its approval body counts toward "
        f"(at most {due.topics[k].version.hours} h; {due.topics[k].version.citation})"
        for k in sorted(only)
    )
    amount = to_decimal(left_out, up=True)
    return f"{amount} h over a cap: " + "; ".join(tight) if tight else f"{amount} h not needed"


def _tight_shares(solved: Solved, activity: Activity | None) -> list[str]:
    """The share requirements whose limit on other providers holds this activity's hours back."""
    due, first = solved.due, len(solved.due.caps)
    return [
        f"{share.requirement.title} (hours from other provider types count at most {to_decimal(limit)} h;"
        f" {share.version.citation})"
        for s, (share, limit) in enumerate(zip(due.shares, share_limits(due, solved.counting.fixed), strict=True))
        if not from_listed(activity, share.version) and solved.allocation.cap_used[first + s] >= limit
    ]


def _carried_result(solved: Solved) -> ActivityResult:
    """The hours carried in from the previous period, as the last activity."""
    period, carried, counted = solved.period, solved.carried, solved.allocation.pool[-1]
    total = solved.due.total
    return ActivityResult(
        title=f"Hours carried forward from the period ending {period.start - datetime.timedelta(days=1)}",
        completed=period.start,
        hours=to_decimal(carried),
        counted=to_decimal(counted),
        excluded=to_decimal(carried - counted, up=True),
        reasons=_carried_reasons(solved, carried - counted),
        credits=(Credit(total.requirement.id, to_decimal(counted)),) if total and counted > 0 else (),
    )


def _carried_reasons(solved: Solved, left_out: Hours) -> tuple[str, ...]:
    """Why carried hours do not all count: a share's limit on hours not from its listed provider types
    (carried hours have none on record), or they are not needed."""
    if left_out <= 0:
        return ()
    tight = _tight_shares(solved, None)
    amount = to_decimal(left_out, up=True)
    return (f"{amount} h over a cap: " + "; ".join(tight) if tight else f"{amount} h not needed",)


def _not_counted(
    solved: Solved, activity: Activity, countable: Countable, nominal: Hours, once: list[str] | None
) -> ActivityResult:
    """The result of an activity completed outside the period (or after the as-of date)."""
    period, as_of = solved.period, solved.as_of
    where = f"outside the period {period.start} to {period.end}"
    credits: tuple[Credit, ...] = ()
    moved = placement(solved.job, activity).reason if activity.for_period_ending is not None else None
    if activity.completed > as_of:
        reasons: tuple[str, ...] = (f"completed after the as-of date {as_of}",)
    elif moved is not None:
        reasons = (moved,)
    elif once:
        windowed = {a.requirement.id for a in solved.due.topics if a.version.window_cycles is not None}
        kind = "" if set(once) & windowed else "the one-time requirement "
        reasons = (f"{where}; counts toward {kind}{', '.join(once)} only",)
        credits = tuple(Credit(requirement, to_decimal(countable.hours)) for requirement in once)
    elif countable.hours > 0 or not countable.reasons:
        reasons = (where,)
    else:
        reasons = countable.reasons
    return ActivityResult(
        title=activity.title,
        completed=activity.completed,
        hours=to_decimal(nominal),
        counted=_NONE_COUNTED,
        excluded=to_decimal(nominal, up=True),
        reasons=reasons,
        credits=credits,
        given=Quantity.of(activity),
        hours_known=_hours_known(activity, countable.hours),
    )


_NONE_COUNTED = Decimal(0)


def _hours_known(activity: Activity, credited: Hours) -> bool:
    """Units or days credit no hours only when they were never converted (no rate, or refused first)."""
    return activity.hours is not None or activity.sizeless or credited > 0


def _nominal_hours(activity: Activity, credited: Hours) -> Hours:
    """Hours shown for an activity: its stated hours, or its converted hours when given in units or days."""
    if activity.hours is not None:
        return max(from_decimal(activity.hours), credited)
    return credited


def _course_results(solved: Solved, activities: list[ActivityResult]) -> tuple[RequirementResult, ...]:
    """Required courses, met by completion whatever their hours (see :func:`course_completions`).

    Activities that complete a course get it added to their credits, without hours (in ``activities``),
    so every record that meets something says so.
    """
    results: list[RequirementResult] = []
    for need in solved.due.courses:
        done = course_completions(solved.job.ordered, need, solved.period, solved.as_of)
        _credit(activities, done, need.requirement.id)
        detail = _course_detail(solved.job.ordered, done, need)
        result = _result(need, ZERO, ZERO, ZERO, detail=detail)
        results.append(attrs.evolve(result, met=bool(done), counts_toward_total=False))
    return tuple(results)


def course_completions(ordered: Sequence[Activity], need: Active, period: Period, as_of: datetime.date) -> list[int]:
    """The activities (indexes in canonical order) that complete a required course this period.

    A course is completed by any record of its topics (and formats, when the version names some)
    completed within the period and by the as-of date: the board's CE approvals and hours do not matter,
    because the course is approved by whoever the text names (HHSC for Texas's), not as CE. A one-time
    course (``scope = "once"``) is completed for good: a record from an earlier period (on or after
    ``count_from``, when given) meets it in every later one (Michigan's human-trafficking training).
    """
    window_end = min(as_of, period.end)
    window_start = need.completed_from or period.start
    if need.version.scope is Scope.ONCE:
        window_start = need.version.count_from or datetime.date.min
    return [
        i
        for i, activity in enumerate(ordered)
        if window_start <= activity.completed <= window_end and matches(activity, need.version)
    ]


def _course_detail(ordered: Sequence[Activity], done: list[int], need: Active) -> str:
    if not done:
        topics = " or ".join(need.version.topics)
        window = f" (from {need.completed_from})" if need.completed_from is not None else ""
        return (
            f"not completed: complete a course on {topics}{window} by {need.due} "
            f"(no set hours; {need.version.citation})"
        )
    last = ordered[done[-1]]
    return f"completed: {last.title} on {last.completed}"


def _category_results(solved: Solved) -> list[RequirementResult]:
    """Each "hours from at least N categories" requirement: how many categories the period's courses reach.

    A category is reached by any course of the period in it that the board accepts (countable hours), whether
    or not a cap lets all its hours count: the text asks where hours were accrued, not how many counted
    (16 CCR § 1397.61.1: "accrue hours ... from at least two of the four CPD activity categories").
    ``required``, ``counted`` and ``missing`` are numbers of categories here, not hours (the kind says so).
    """
    results: list[RequirementResult] = []
    for active in solved.due.categories:
        version = active.version
        reached = [c for c in version.categories if _reached(solved, c)]
        assert version.min_categories is not None
        required = version.min_categories
        short = max(0, required - len(reached))
        names = ", ".join(c.title for c in reached) or "none"
        others = ", ".join(c.title for c in version.categories if c not in reached)
        detail = f"hours in: {names}"
        if short:
            detail += f"; take hours in {count(short, 'more category', 'more categories')} of: {others}"
        results.append(
            RequirementResult(
                id=active.requirement.id,
                kind=active.requirement.kind,
                title=active.requirement.title,
                topics=(),
                required=Decimal(required),
                counted=Decimal(len(reached)),
                allocated=Decimal(len(reached)),
                missing=Decimal(short),
                met=short == 0,
                counts_toward_total=False,
                scope=version.scope,
                due=active.due,
                ref=SourceRef.of(version),
                detail=detail,
                open_categories=tuple(c.id for c in version.categories if c not in reached),
            )
        )
    return results


def _reached(solved: Solved, category: Category) -> bool:
    counting = solved.counting
    return any(
        counting.in_period[i] and counting.countable[i].hours > 0 and in_category(activity, category)
        for i, activity in enumerate(solved.job.ordered)
    )


def _category_hours_short(results: Sequence[RequirementResult]) -> Hours:
    """The fewest further hours the category requirements need: one hour (the smallest unit boards credit,
    "1 hour of activity = 1 hour credited") in each category still missing. It is taken together with the
    allocation's missing hours (the larger of the two), since hours taken in a missing category also count
    toward the total unless a cap already holds that category's format, which it cannot while the category
    has no hours; so it is exact when a category's caps are its own (as in California's file)."""
    return max((from_decimal(r.missing) for r in results), default=ZERO)
