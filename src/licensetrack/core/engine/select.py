"""Phase 1, what is due: the period, the requirements it owes, exemptions and the first-period rule.

Everything is read from the rule set resolved for the period (``RuleSet.at``), so the versions the
engine evaluates are the ones ``rules show`` lists.
"""

from __future__ import annotations

import datetime

import attrs
from dateutil.relativedelta import relativedelta

from licensetrack.core.cycles import AnySchedule, Period, schedule
from licensetrack.core.hours import ZERO, Hours, from_decimal, rational
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.rules import (
    Cited,
    FirstCycle,
    FirstCycleRule,
    Requirement,
    RequirementAt,
    RequirementKind,
    RequirementVersion,
    Rounding,
    RulesAt,
    RuleSet,
    Scope,
)
from licensetrack.core.wording import count


def period_on(
    practitioner: Practitioner,
    credential: Credential,
    ruleset: RuleSet,
    as_of: datetime.date,
    kinds: Kinds = CORE_KINDS,
) -> tuple[AnySchedule, Period]:
    """The credential's schedule and the period containing ``as_of``, under the cycle rule in force then
    (a plugin cycle kind implemented by ``kinds``)."""
    sched = schedule(ruleset.cycle_on(as_of), credential, practitioner, kinds)
    return sched, sched.containing(as_of)


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
    return owed_in(ruleset.at(period), credential, sched, period)


def owed_in(
    rules: RulesAt, credential: Credential, sched: AnySchedule, period: Period
) -> tuple[RequirementInPeriod, ...]:
    """:func:`requirements_for_period` over rules already resolved for the period."""
    return tuple(_in_period(resolved, credential, sched, period) for resolved in rules.requirements)


def _in_period(
    resolved: RequirementAt, credential: Credential, sched: AnySchedule, period: Period
) -> RequirementInPeriod:
    version = resolved.version
    reason = _not_owed_by(resolved, credential)
    due: datetime.date | None = None
    if reason is None:
        assert version is not None
        due = _due_this_period(version, sched, period, _role_began(version, credential))
        reason = None if due is not None else _not_due_reason(version, sched)
    return RequirementInPeriod(resolved.requirement, version, due, reason)


def _not_owed_by(resolved: RequirementAt, credential: Credential) -> str | None:
    """Why the requirement is owed by no credential, or not by this one, whatever the period; or None."""
    version = resolved.version
    if version is None:
        end = resolved.select_by.value.removeprefix("cycle-")
        return f"not yet in force for a period whose {end} is {resolved.chosen_on}"
    if version.repealed:
        return f"repealed from {version.effective} ({version.citation})"
    if version.roles and not set(version.roles) & set(credential.roles):
        return f"owed only by credentials with the role {' or '.join(version.roles)}"
    if version.exempt_if_issued_on_or_after and credential.issued >= version.exempt_if_issued_on_or_after:
        return f"not owed by credentials issued on or after {version.exempt_if_issued_on_or_after}"
    return None


def _role_began(version: RequirementVersion, credential: Credential) -> datetime.date | None:
    """The day the role an every-n-cycles count starts from began (``anchor_role``), when the profile says."""
    return credential.role_since.get(version.anchor_role) if version.anchor_role else None


def _due_this_period(
    version: RequirementVersion, sched: AnySchedule, period: Period, role_began: datetime.date | None = None
) -> datetime.date | None:
    """When the requirement is due if it applies this period, else None.

    Counted from a role's start (``anchor_role``), the period in which the role began is the first of
    the ``every``; with no date for the role in the profile, it is counted from issue, as without one.
    """
    if version.scope is Scope.CYCLE:
        return period.end
    if version.scope is Scope.EVERY_N_CYCLES:
        assert version.every is not None
        anchor = sched.containing(version.anchor).index if version.anchor else version.every - 1
        if role_began is not None:
            anchor = sched.containing(max(role_began, sched.period(0).start)).index + version.every - 1
            if period.index < anchor:
                return None
        return period.end if (period.index - anchor) % version.every == 0 else None
    due = _first_due(version, sched)
    return due if period.end >= due else None


def _first_due(version: RequirementVersion, sched: AnySchedule) -> datetime.date:
    """The end of the first period in which a one-time requirement is owed."""
    assert version.due_first_renewal_after is not None
    return sched.containing(version.due_first_renewal_after + datetime.timedelta(days=1)).end


def _not_due_reason(version: RequirementVersion, sched: AnySchedule) -> str:
    if version.scope is Scope.EVERY_N_CYCLES:
        return f"owed every {version.every} periods, not this one"
    return f"one-time, first owed in the period ending {_first_due(version, sched)}"


@attrs.frozen
class Active:
    """A requirement version in force and applying to this credential this period."""

    requirement: Requirement
    version: RequirementVersion
    due: datetime.date


@attrs.frozen(kw_only=True)
class Due:
    """What a period owes, by the kind of requirement, and the rules that said so.

    ``used`` lists every dated entry the evaluation relies on, in the order the report's
    ``unverified`` names them; the carry-forward rule is added later, when hours are carried.
    """

    total: Active | None
    total_required: Hours | None
    topics: tuple[Active, ...]
    caps: tuple[Active, ...]
    cap_limits: tuple[Hours, ...]
    plugins: tuple[Active, ...]
    exempt_reason: str | None
    notes: tuple[str, ...]
    used: tuple[Cited, ...]


def what_is_due(
    rules: RulesAt, credential: Credential, sched: AnySchedule, period: Period, as_of: datetime.date
) -> Due:
    """The requirements the period owes, with the first-period rule and exemptions applied."""
    used: list[Cited] = [rules.ruleset.cycle_on(as_of)]
    exempt_reason = _exemption(rules, credential, used)
    active = [
        Active(item.requirement, item.version, item.due)
        for item in owed_in(rules, credential, sched, period)
        if item.version is not None and item.due is not None and item.owed
    ]
    used.extend(a.version for a in active)
    total = next((a for a in active if a.requirement.kind == RequirementKind.TOTAL), None)
    total_required = from_decimal(total.version.hours) if total and total.version.hours else None
    notes: list[str] = []
    first = rules.first_cycle if period.index == 0 else None
    if first is not None:
        used.append(first)
        total_required, first_exempt, note = _first_period(first, period, total_required)
        exempt_reason = exempt_reason or first_exempt
        notes.extend(note for note in (note,) if note)
    used.extend(entry for entry in (rules.eligibility_cited,) if entry is not None)
    caps = tuple(a for a in active if a.requirement.kind == RequirementKind.CAP)
    return Due(
        total=total,
        total_required=total_required,
        topics=tuple(a for a in active if a.requirement.kind == RequirementKind.TOPIC),
        caps=caps,
        cap_limits=tuple(_cap_limit(cap.version, total_required) for cap in caps),
        plugins=tuple(a for a in active if not a.requirement.is_core),
        exempt_reason=exempt_reason,
        notes=tuple(notes),
        used=tuple(used),
    )


def _exemption(rules: RulesAt, credential: Credential, used: list[Cited]) -> str | None:
    """Why the credential's status owes no CE this period (recording the rule), or None."""
    exemption = rules.exemption
    if exemption is None or credential.status not in exemption.statuses:
        return None
    used.append(exemption)
    return f"{credential.status.value} credentials owe no CE ({exemption.citation})"


def _first_period(
    first: FirstCycleRule, period: Period, total_required: Hours | None
) -> tuple[Hours | None, str | None, str | None]:
    """The first period's total, why it is exempt (if it is), and the note saying what it owes."""
    if first.treatment is FirstCycle.FULL:
        return total_required, None, None
    if first.treatment is FirstCycle.EXEMPT:
        return total_required, f"the first period after licensure owes no CE ({first.citation})", None
    if first.treatment is FirstCycle.HOURS and first.hours is not None:
        return from_decimal(first.hours), None, f"first period after licensure: {first.hours} hours ({first.citation})"
    if first.hours_per_month is None:
        return total_required, None, None
    months = _months(period)
    note = (
        f"first period after licensure: {count(first.hours_per_month, 'hour')} per month for "
        f"{count(months, 'month')} ({first.citation})"
    )
    return from_decimal(first.hours_per_month) * months, None, note


def _months(period: Period) -> int:
    span = relativedelta(period.end + datetime.timedelta(days=1), period.start)
    return span.years * 12 + span.months


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
