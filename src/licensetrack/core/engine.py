"""Evaluation: where one credential stands on a date, under the rule version in force.

``evaluate(practitioner, credential, ruleset, as_of)`` is a pure function: no clock, no files, no
plugins. It finds the period containing ``as_of``, picks every dated rule in force for it, decides
which activities may count and how many hours each gives, lets :mod:`licensetrack.core.allocation.problem`
choose optimally which hours count, and explains every hour that does not.
"""

from __future__ import annotations

import datetime
import enum
import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction

import attrs
from dateutil.relativedelta import relativedelta

from licensetrack.core.allocation.problem import Allocation, AllocationProblem, Item, Need, allocate, best_alone
from licensetrack.core.cycles import AnySchedule, Period, schedule
from licensetrack.core.errors import LicensetrackError
from licensetrack.core.hours import ZERO, Hours, from_decimal, rational
from licensetrack.core.kinds import KindContext, KindOutcome
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.report import (
    ActivityResult,
    CapResult,
    CredentialReport,
    Quantity,
    Report,
    RequirementResult,
    SourceRef,
    Status,
)
from licensetrack.core.rules import (
    Cited,
    FirstCycle,
    Requirement,
    RequirementKind,
    RequirementVersion,
    Rounding,
    RuleSet,
    Scope,
    SelectBy,
    in_force,
)
from licensetrack.core.wording import count


class UnknownRuleSetError(LicensetrackError):
    """A credential names a rule set that is not installed."""


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


@attrs.frozen
class _Selection:
    """The dates that pick rule versions for one period."""

    period: Period

    def date(self, select_by: SelectBy) -> datetime.date:
        return self.period.start if select_by is SelectBy.CYCLE_START else self.period.end


@attrs.frozen
class _Countable:
    """An activity's hours as this rule set credits them, or why it gives none."""

    hours: Hours
    reasons: tuple[str, ...]


# Stand-ins for activities that cannot matter to what is being computed (see _evaluate_period).
_NOT_NEEDED = _Countable(ZERO, ())
_NO_HOURS = Item(hours=ZERO)


def _canonical(activities: Iterable[Activity]) -> list[Activity]:
    """Activities in an order that depends only on their content, so input order never matters.

    Sorted by date and title, then, only where those tie, by every other field: the order of the full
    key (dates as ISO text sort as dates), at a fraction of the cost of building it for every activity.
    """
    ordered: list[Activity] = []
    for _, tied in itertools.groupby(sorted(activities, key=_date_and_title), key=_date_and_title):
        run = list(tied)
        ordered.extend(sorted(run, key=_full_key) if len(run) > 1 else run)
    return ordered


def _date_and_title(activity: Activity) -> tuple[datetime.date, str]:
    return activity.completed, activity.title


def _full_key(activity: Activity) -> tuple[str, ...]:
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
    )


def _countable(activity: Activity, ruleset: RuleSet, selection: _Selection) -> _Countable:
    """Hours the activity gives under this rule set (eligibility, conversion, per-activity limit)."""
    by = ruleset.eligibility_select_by
    on = activity.completed if by is SelectBy.ACTIVITY else selection.date(by)
    # Chosen by the course's date, a course older than the first entry is judged by that entry, the
    # oldest rule known: otherwise it would escape every check, a phase-in date included. Chosen by
    # the period, a period before the first entry is outside what the rule set covers.
    fallback = by is SelectBy.ACTIVITY
    eligibility = in_force(ruleset.eligibility, on) or (
        ruleset.eligibility[0] if ruleset.eligibility and fallback else None
    )
    if eligibility is not None:
        if eligibility.not_before is not None and activity.completed < eligibility.not_before:
            return _Countable(
                ZERO,
                (f"completed before {eligibility.not_before}, when CE began to count ({eligibility.citation})",),
            )
        if eligibility.formats and activity.format not in eligibility.formats:
            accepted = ", ".join(f.value for f in eligibility.formats)
            return _Countable(
                ZERO,
                (f"format {activity.format.value!r} is not accepted (accepted: {accepted}; {eligibility.citation})",),
            )
        if (
            eligibility.approvals
            and activity.format not in eligibility.approval_exempt_formats
            and not set(activity.approvals) & set(eligibility.approvals)
        ):
            have = ", ".join(activity.approvals) or "none recorded"
            accepted = ", ".join(eligibility.approvals)
            return _Countable(
                ZERO,
                (
                    f"provider approval not accepted (approved by: {have}; accepted: "
                    f"{accepted}; {eligibility.citation})",
                ),
            )
    conversions = ruleset.conversions_for(activity.format)
    conversion = in_force(conversions, on) or (conversions[0] if conversions and fallback else None)
    if activity.units is not None:
        assert activity.unit is not None
        rate = None
        if conversion is not None:
            rate = conversion.per_semester_unit if activity.unit.value == "semester" else conversion.per_quarter_unit
        if rate is None:
            return _Countable(
                ZERO,
                (
                    f"{activity.unit.value} units are not converted to hours by this rule set; "
                    "record the hours the board credits instead",
                ),
            )
        hours = from_decimal(activity.units) * from_decimal(rate)
    elif activity.days is not None:
        if conversion is None or conversion.per_day is None:
            return _Countable(
                ZERO,
                ("conference days are not converted to hours by this rule set; record the contact hours instead",),
            )
        hours = from_decimal(activity.days) * from_decimal(conversion.per_day)
    else:
        assert activity.hours is not None
        hours = from_decimal(activity.hours)
        if conversion is not None and conversion.per_hour is not None:
            hours *= from_decimal(conversion.per_hour)
    if conversion is not None and conversion.max_per_activity is not None:
        limit = from_decimal(conversion.max_per_activity)
        if hours > limit:
            return _Countable(
                limit,
                (
                    f"{to_decimal(hours - limit, up=True)} h over the limit of "
                    f"{conversion.max_per_activity} h per {activity.format.value} activity "
                    f"({conversion.citation})",
                ),
            )
    return _Countable(hours, ())


@attrs.frozen
class _Active:
    """A requirement version in force and applying to this credential this period."""

    requirement: Requirement
    version: RequirementVersion
    due: datetime.date


def _matches(activity: Activity, version: RequirementVersion) -> bool:
    if version.formats and activity.format not in version.formats:
        return False
    if version.topics and not set(activity.topics) & set(version.topics):
        return False
    return not (version.without_approvals and set(activity.approvals) & set(version.without_approvals))


def _due_this_period(
    version: RequirementVersion, credential: Credential, sched: AnySchedule, period: Period
) -> datetime.date | None:
    """When the requirement is due if it applies this period, else None."""
    if version.scope is Scope.CYCLE:
        return period.end
    if version.scope is Scope.EVERY_N_CYCLES:
        assert version.every is not None
        anchor = sched.containing(version.anchor).index if version.anchor else version.every - 1
        return period.end if (period.index - anchor) % version.every == 0 else None
    assert version.due_first_renewal_after is not None
    due = sched.containing(version.due_first_renewal_after + datetime.timedelta(days=1)).end
    return due if period.end >= due else None


@attrs.frozen
class RequirementInPeriod:
    """A requirement as one period sees it: the version in force and its due date, or why it is not owed."""

    requirement: Requirement
    version: RequirementVersion | None
    due: datetime.date | None
    reason: str | None  # None when the requirement is owed this period

    @property
    def owed(self) -> bool:
        return self.reason is None


def requirements_for_period(
    ruleset: RuleSet, credential: Credential, sched: AnySchedule, period: Period
) -> tuple[RequirementInPeriod, ...]:
    """Every requirement of the rule set for one period, owed or not (and why not).

    The one place that decides which rule versions a period owes: the engine evaluates the owed
    ones, and ``rules show`` lists them, so the two cannot disagree.
    """
    selection = _Selection(period)
    found: list[RequirementInPeriod] = []
    for requirement in ruleset.requirements:
        select_by = requirement.select_by or ruleset.select_by
        on = selection.date(select_by)
        version = in_force(requirement.versions, on)
        due: datetime.date | None = None
        reason: str | None
        if version is None:
            reason = f"not yet in force for a period whose {select_by.value.removeprefix('cycle-')} is {on}"
        elif version.repealed:
            reason = f"repealed from {version.effective} ({version.citation})"
        elif version.roles and not set(version.roles) & set(credential.roles):
            reason = f"owed only by credentials with the role {' or '.join(version.roles)}"
        elif version.exempt_if_issued_on_or_after and credential.issued >= version.exempt_if_issued_on_or_after:
            reason = f"not owed by credentials issued on or after {version.exempt_if_issued_on_or_after}"
        else:
            due = _due_this_period(version, credential, sched, period)
            reason = None if due is not None else _not_due_reason(version, sched)
        found.append(RequirementInPeriod(requirement, version, due, reason))
    return tuple(found)


def _not_due_reason(version: RequirementVersion, sched: AnySchedule) -> str:
    if version.scope is Scope.EVERY_N_CYCLES:
        return f"owed every {version.every} periods, not this one"
    assert version.due_first_renewal_after is not None
    first = sched.containing(version.due_first_renewal_after + datetime.timedelta(days=1)).end
    return f"one-time, first owed in the period ending {first}"


def _active_requirements(ruleset: RuleSet, credential: Credential, sched: AnySchedule, period: Period) -> list[_Active]:
    return [
        _Active(item.requirement, item.version, item.due)
        for item in requirements_for_period(ruleset, credential, sched, period)
        if item.version is not None and item.due is not None and item.owed
    ]


def period_on(
    practitioner: Practitioner, credential: Credential, ruleset: RuleSet, as_of: datetime.date
) -> tuple[AnySchedule, Period]:
    """The credential's schedule and the period containing ``as_of``, under the cycle rule in force then."""
    cycle_rule = in_force(ruleset.cycle, as_of) or ruleset.cycle[0]
    sched = schedule(cycle_rule, credential, practitioner)
    return sched, sched.containing(as_of)


def _months(period: Period) -> int:
    span = relativedelta(period.end + datetime.timedelta(days=1), period.start)
    return span.years * 12 + span.months


def _ref(entry: Cited) -> SourceRef:
    return SourceRef(
        citation=entry.citation,
        source=entry.source,
        effective=entry.effective,
        verified=entry.verified,
        note=entry.note,
    )


@attrs.frozen
class _PeriodOutcome:
    report: CredentialReport | None  # None when only the surplus was asked for
    surplus: Hours | None = None  # hours beyond all the period required (see _surplus), when asked for


def evaluate(
    practitioner: Practitioner, credential: Credential, ruleset: RuleSet, as_of: datetime.date
) -> CredentialReport:
    """Where ``credential`` stands on ``as_of``: the period, each requirement, each activity."""
    return _evaluate(practitioner, credential, ruleset, as_of, _canonical(practitioner.activities), _Want.REPORT)


class _Want(enum.Enum):
    """How much of a period's evaluation the caller needs; less is cheaper."""

    REPORT = "report"  # everything, every activity explained
    SUMMARY = "summary"  # the report without its per-activity results
    SURPLUS = "surplus"  # only the hours the period could carry forward


def _evaluate(
    practitioner: Practitioner,
    credential: Credential,
    ruleset: RuleSet,
    as_of: datetime.date,
    ordered: Sequence[Activity],
    want: _Want,
) -> CredentialReport:
    sched, period = period_on(practitioner, credential, ruleset, as_of)
    report = _evaluate_period(practitioner, credential, ruleset, sched, period, as_of, ordered, want).report
    assert report is not None
    return report


def _evaluate_period(
    practitioner: Practitioner,
    credential: Credential,
    ruleset: RuleSet,
    sched: AnySchedule,
    period: Period,
    as_of: datetime.date,
    ordered: Sequence[Activity],
    want: _Want,
) -> _PeriodOutcome:
    """One period's report (with or without each activity explained), or only its surplus.

    ``ordered`` is the practitioner's activities in canonical order (see ``_canonical``).
    """
    selection = _Selection(period)
    ruleset_date = selection.date(ruleset.select_by)
    cycle_rule = in_force(ruleset.cycle, as_of) or ruleset.cycle[0]
    used: list[Cited] = [cycle_rule]
    notes: list[str] = []

    exemption = in_force(ruleset.exemptions, ruleset_date)
    exempt_reason: str | None = None
    if exemption is not None and credential.status in exemption.statuses:
        used.append(exemption)
        exempt_reason = f"{credential.status.value} credentials owe no CE ({exemption.citation})"

    active = _active_requirements(ruleset, credential, sched, period)
    used.extend(a.version for a in active)
    total_active = next((a for a in active if a.requirement.kind == RequirementKind.TOTAL), None)
    total_required = from_decimal(total_active.version.hours) if total_active and total_active.version.hours else None

    if period.index == 0 and ruleset.first_cycle:
        first = in_force(ruleset.first_cycle, ruleset_date)
        if first is not None:
            used.append(first)
        if first is not None and first.treatment is not FirstCycle.FULL:
            if first.treatment is FirstCycle.EXEMPT:
                exempt_reason = exempt_reason or f"the first period after licensure owes no CE ({first.citation})"
            elif first.treatment is FirstCycle.HOURS and first.hours is not None:
                total_required = from_decimal(first.hours)
                notes.append(f"first period after licensure: {first.hours} hours ({first.citation})")
            elif first.hours_per_month is not None:
                months = _months(period)
                total_required = from_decimal(first.hours_per_month) * months
                notes.append(
                    f"first period after licensure: {count(first.hours_per_month, 'hour')} per month for "
                    f"{count(months, 'month')} ({first.citation})"
                )

    used.extend(entry for entry in (in_force(ruleset.eligibility, period.end),) if entry is not None)
    window_end = min(as_of, period.end)
    in_cycle = [period.start <= a.completed <= window_end for a in ordered]

    topic_reqs = [a for a in active if a.requirement.kind == RequirementKind.TOPIC]
    cap_reqs = [a for a in active if a.requirement.kind == RequirementKind.CAP]
    plugin_active = [a for a in active if not a.requirement.is_core]
    # A full report explains every activity, and plugin requirements may look at any, so they need
    # them all; otherwise only the period's own matter and, for one-time requirements, earlier ones.
    every = want is _Want.REPORT or (want is _Want.SUMMARY and bool(plugin_active))
    once = [need.version for need in topic_reqs if need.version.scope is Scope.ONCE]
    countable = [
        _countable(a, ruleset, selection)
        if every or in_cycle[i] or (once and a.completed < period.start and any(_matches(a, v) for v in once))
        else _NOT_NEEDED
        for i, a in enumerate(ordered)
    ]
    cap_limits: list[Hours] = []
    for cap in cap_reqs:
        cap_limits.append(_cap_limit(cap.version, total_required))

    fixed = [ZERO] * len(topic_reqs)
    fixed_from: list[list[int]] = [[] for _ in topic_reqs]
    for k, need in enumerate(topic_reqs):
        if need.version.scope is not Scope.ONCE:
            continue
        start = need.version.count_from
        for i, activity in enumerate(ordered):
            early = activity.completed < period.start and (start is None or activity.completed >= start)
            if early and _matches(activity, need.version) and countable[i].hours > 0:
                fixed[k] += countable[i].hours
                fixed_from[k].append(i)

    items: list[Item] = []
    for i, activity in enumerate(ordered):
        if not in_cycle[i] or not countable[i].hours:
            items.append(_NO_HOURS)
            continue
        items.append(
            Item(
                hours=countable[i].hours,
                caps=frozenset(j for j, cap in enumerate(cap_reqs) if _matches(activity, cap.version)),
                needs=frozenset(k for k, need in enumerate(topic_reqs) if _matches(activity, need.version)),
            )
        )

    carried = ZERO
    if want is not _Want.SURPLUS and period.index > 0:
        carried = _carried_in(practitioner, credential, ruleset, sched, period, ordered, used)
        if carried > 0:
            items.append(Item(hours=carried))

    needs = tuple(
        Need(
            required=max(ZERO, from_decimal(n.version.hours or Decimal(0)) - fixed[k]),
            inside=n.version.counts_toward_total,
        )
        for k, n in enumerate(topic_reqs)
    )
    problem = AllocationProblem(items=tuple(items), needs=needs, caps=tuple(cap_limits), total=total_required)
    if want is _Want.SURPLUS:
        # Only the previous period's surplus is wanted (for carry-forward): no allocation, no report.
        return _PeriodOutcome(None, _surplus(problem))
    allocation = allocate(problem)

    requirements = _requirement_results(total_active, total_required, topic_reqs, fixed, allocation, carried)
    caps = tuple(
        CapResult(
            id=cap.requirement.id,
            title=cap.requirement.title,
            limit=to_decimal(limit),
            used=to_decimal(allocation.cap_used[j]),
            formats=tuple(f.value for f in cap.version.formats),
            topics=cap.version.topics,
            ref=_ref(cap.version),
        )
        for j, (cap, limit) in enumerate(zip(cap_reqs, cap_limits, strict=True))
    )
    activities = (
        _activity_results(
            ordered,
            countable,
            in_cycle,
            period,
            as_of,
            allocation,
            topic_reqs,
            cap_reqs,
            cap_limits,
            fixed_from,
            total_active,
        )
        if want is _Want.REPORT
        else []
    )
    if carried > 0 and want is _Want.REPORT:
        activities.append(
            ActivityResult(
                title=f"Hours carried forward from the period ending {period.start - datetime.timedelta(days=1)}",
                completed=period.start,
                hours=to_decimal(carried),
                counted=to_decimal(allocation.pool[-1]),
                excluded=to_decimal(carried - allocation.pool[-1], up=True),
                reasons=(),
                credited_to=(total_active.requirement.id,) if total_active else (),
            )
        )

    plugin_results, plugin_missing = (
        _plugin_requirements(
            plugin_active,
            KindContext(
                practitioner=practitioner,
                credential=credential,
                period_start=period.start,
                period_end=period.end,
                period_index=period.index,
                as_of=as_of,
                activities=tuple(ordered),
                countable_hours=tuple(to_decimal(c.hours) for c in countable),
            ),
            activities,
        )
        if plugin_active
        else ((), ZERO)
    )
    requirements = (*requirements, *plugin_results)
    total_missing = allocation.missing + plugin_missing
    missing = to_decimal(total_missing, up=True)
    if exempt_reason is not None:
        status = Status.EXEMPT
        notes.insert(0, f"exempt: {exempt_reason}")
    elif total_missing > 0:
        status = Status.DEFICIENT
        if all(r.met for r in requirements):
            notes.append(
                "each requirement can be met on its own, but not all at once: they compete for the same "
                "capped hours; the allocation shown leaves the fewest hours missing"
            )
    else:
        status = Status.COMPLIANT

    if total_active is not None:
        required_total, counted_total = total_required or ZERO, allocation.best_total
    else:
        # No total: the hours owed are the requirements' own, and what counts is what meets them.
        required_total = sum((from_decimal(r.required) for r in requirements), ZERO)
        counted_total = sum((from_decimal(min(r.counted, r.required)) for r in requirements), ZERO)
    report = CredentialReport(
        credential=credential.id,
        ruleset=ruleset.id,
        ruleset_title=ruleset.title,
        authority=ruleset.authority,
        rule_version=max(entry.effective for entry in used),
        status=status,
        cycle_start=period.start,
        cycle_end=period.end,
        cycle_index=period.index,
        as_of=as_of,
        required_hours=to_decimal(required_total),
        counted_hours=to_decimal(counted_total),
        missing_hours=Decimal(0) if status is Status.EXEMPT else missing,
        requirements=requirements,
        caps=caps,
        activities=tuple(activities),
        notes=tuple(notes),
        unverified=tuple(
            f"{entry.citation} (effective {entry.effective}): {entry.note or 'not confirmed against a primary source'}"
            for entry in _unique(used)
            if not entry.verified
        ),
        carried_in=to_decimal(carried),
    )
    return _PeriodOutcome(report)


def _surplus(problem: AllocationProblem) -> Hours:
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


def _unique(entries: Sequence[Cited]) -> list[Cited]:
    seen: list[Cited] = []
    for entry in entries:
        if not any(entry is other for other in seen):
            seen.append(entry)
    return seen


def _plugin_requirements(
    active: Sequence[_Active], context: KindContext, activities: list[ActivityResult]
) -> tuple[tuple[RequirementResult, ...], Hours]:
    """Requirements of plugin kinds, each judged by its plugin beside the allocation."""
    results: list[RequirementResult] = []
    missing = ZERO
    for item in active:
        handler = item.requirement.handler
        if handler is None:
            raise LicensetrackError(
                f"requirement {item.requirement.id!r}: kind {item.requirement.kind!r} is not installed"
            )
        outcome: KindOutcome = handler.evaluate(item.version.params, context)
        required, counted = from_decimal(outcome.required), from_decimal(outcome.counted)
        shortfall = max(ZERO, required - counted)
        missing += shortfall
        active_due = _Active(item.requirement, item.version, outcome.due or item.due)
        results.append(_result(active_due, required, counted, counted, detail=outcome.detail))
        for index in outcome.credited:
            if 0 <= index < len(activities):
                entry = activities[index]
                activities[index] = attrs.evolve(entry, credited_to=(*entry.credited_to, item.requirement.id))
    return tuple(results), missing


def _cap_limit(version: RequirementVersion, total: Hours | None) -> Hours:
    if version.max_hours is not None:
        return from_decimal(version.max_hours)
    assert version.max_share is not None
    limit = version.max_share * (total or ZERO)
    if version.rounding is Rounding.FLOOR:
        return limit.numerator // limit.denominator
    if version.rounding is Rounding.CEIL:
        return -((-limit.numerator) // limit.denominator)
    return rational(limit.numerator, limit.denominator)


def _carried_in(
    practitioner: Practitioner,
    credential: Credential,
    ruleset: RuleSet,
    sched: AnySchedule,
    period: Period,
    ordered: Sequence[Activity],
    used: list[Cited],
) -> Hours:
    rule = in_force(ruleset.carry_forward, _Selection(period).date(ruleset.select_by))
    if rule is None or not rule.allowed:
        return ZERO
    previous = sched.period(period.index - 1)
    outcome = _evaluate_period(practitioner, credential, ruleset, sched, previous, previous.end, ordered, _Want.SURPLUS)
    assert outcome.surplus is not None
    surplus = outcome.surplus
    if rule.max_hours is not None:
        surplus = min(surplus, from_decimal(rule.max_hours))
    if surplus > 0:
        used.append(rule)
    return surplus


def _requirement_results(
    total_active: _Active | None,
    total_required: Hours | None,
    topic_reqs: Sequence[_Active],
    fixed: Sequence[Hours],
    allocation: Allocation,
    carried: Hours,
) -> tuple[RequirementResult, ...]:
    results: list[RequirementResult] = []
    if total_active is not None and total_required is not None:
        counted = allocation.best_total
        results.append(
            _result(
                total_active,
                total_required,
                counted,
                allocation.pool_total,
                detail=f"includes {to_decimal(carried)} h carried forward" if carried else None,
            )
        )
    for k, need in enumerate(topic_reqs):
        required = from_decimal(need.version.hours or Decimal(0))
        results.append(_result(need, required, fixed[k] + allocation.best[k], fixed[k] + allocation.credited[k]))
    return tuple(results)


def _result(
    active: _Active, required: Hours, counted: Hours, allocated: Hours, *, detail: str | None = None
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
        ref=_ref(version),
        detail=detail,
    )


def _activity_results(
    ordered: Sequence[Activity],
    countable: Sequence[_Countable],
    in_cycle: Sequence[bool],
    period: Period,
    as_of: datetime.date,
    allocation: Allocation,
    topic_reqs: Sequence[_Active],
    cap_reqs: Sequence[_Active],
    cap_limits: Sequence[Hours],
    fixed_from: Sequence[Sequence[int]],
    total_active: _Active | None,
) -> list[ActivityResult]:
    results: list[ActivityResult] = []
    where = f"outside the period {period.start} to {period.end}"
    once_for: dict[int, list[str]] = {}
    for k, indexes in enumerate(fixed_from):
        for i in indexes:
            once_for.setdefault(i, []).append(topic_reqs[k].requirement.id)
    for i, activity in enumerate(ordered):
        credited = countable[i].hours
        nominal = _nominal_hours(activity, credited)
        if activity.completed > as_of or not in_cycle[i]:
            # Not this period's (most of a practitioner's record): nothing of it counts here.
            results.append(_not_counted(activity, countable[i], nominal, as_of, where, once_for.get(i)))
            continue
        reasons = list(countable[i].reasons)
        credited_to: list[str] = []
        pool = allocation.pool[i]
        outside = allocation.outside[i]
        counted = pool + sum(outside.values(), ZERO)
        if pool > 0:
            if total_active is not None:
                credited_to.append(total_active.requirement.id)
            credited_to.extend(
                topic_reqs[k].requirement.id
                for k in range(len(topic_reqs))
                if topic_reqs[k].version.counts_toward_total and _matches(activity, topic_reqs[k].version)
            )
        credited_to.extend(topic_reqs[k].requirement.id for k in sorted(outside) if outside[k] > 0)
        if counted < credited:
            tight = [
                f"{cap_reqs[j].requirement.title} (at most {to_decimal(cap_limits[j])} h; "
                f"{cap_reqs[j].version.citation})"
                for j in range(len(cap_reqs))
                if _matches(activity, cap_reqs[j].version) and allocation.cap_used[j] >= cap_limits[j]
            ]
            amount = to_decimal(credited - counted, up=True)
            reasons.append(f"{amount} h over a cap: " + "; ".join(tight) if tight else f"{amount} h not needed")
        results.append(
            ActivityResult(
                title=activity.title,
                completed=activity.completed,
                hours=to_decimal(nominal),
                counted=to_decimal(counted),
                excluded=to_decimal(nominal - counted, up=True),
                reasons=tuple(reasons),
                credited_to=tuple(credited_to),
                given=Quantity.of(activity),
                hours_known=_hours_known(activity, credited),
            )
        )
    return results


def _not_counted(
    activity: Activity,
    countable: _Countable,
    nominal: Hours,
    as_of: datetime.date,
    where: str,
    once: list[str] | None,
) -> ActivityResult:
    """The result of an activity completed outside the period (or after the as-of date)."""
    credited_to: tuple[str, ...] = ()
    if activity.completed > as_of:
        reasons: tuple[str, ...] = (f"completed after the as-of date {as_of}",)
    elif once:
        reasons = (f"{where}; counts toward the one-time requirement {', '.join(once)} only",)
        credited_to = tuple(once)
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
        credited_to=credited_to,
        given=Quantity.of(activity),
        hours_known=_hours_known(activity, countable.hours),
    )


_NONE_COUNTED = Decimal(0)


def _hours_known(activity: Activity, credited: Hours) -> bool:
    """Units or days credit no hours only when they were never converted (no rate, or refused first)."""
    return activity.hours is not None or credited > 0


def _nominal_hours(activity: Activity, credited: Hours) -> Hours:
    """Hours shown for an activity: its stated hours, or its converted hours when given in units or days."""
    if activity.hours is not None:
        return max(from_decimal(activity.hours), credited)
    return credited


def evaluate_profile(
    practitioner: Practitioner,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    credential_ids: Sequence[str] | None = None,
    *,
    explain_activities: bool = True,
) -> Report:
    """A report over the practitioner's credentials (all, or those named), in profile order.

    With ``explain_activities=False`` each credential's ``activities`` is left empty and everything
    else is the same: for summaries (the audit's CSV), which need no per-activity account and are
    produced about twice as fast without one.
    """
    chosen = [practitioner.credential(c) for c in credential_ids] if credential_ids else list(practitioner.credentials)
    ordered = _canonical(practitioner.activities)
    want = _Want.REPORT if explain_activities else _Want.SUMMARY
    reports = []
    for credential in chosen:
        reports.append(_evaluate(practitioner, credential, ruleset_for(credential, rulesets), as_of, ordered, want))
    return Report(as_of=as_of, practitioner=practitioner.id, credentials=tuple(reports))


def ruleset_for(credential: Credential, rulesets: Mapping[str, RuleSet]) -> RuleSet:
    """The rule set a credential names, or UnknownRuleSetError with a close match."""
    ruleset = rulesets.get(credential.ruleset)
    if ruleset is None:
        from licensetrack.core.errors import close_match

        hint = close_match(credential.ruleset, rulesets)
        raise UnknownRuleSetError(
            f"credential {credential.id!r}: no rule set {credential.ruleset!r} is installed{hint}"
        )
    return ruleset
