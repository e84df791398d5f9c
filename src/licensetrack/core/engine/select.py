"""Phase 1, what is due: the period, the requirements it owes, exemptions and the first-period rule.

Everything is read from the rule set resolved for the period (``RuleSet.at``), so the versions the
engine evaluates are the ones ``rules show`` lists.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs
from dateutil.relativedelta import relativedelta

from licensetrack.core.cycles import AnySchedule, Period, renewal_after, schedule
from licensetrack.core.engine.periods import (
    first_rule_for,
    first_rule_not_met,
    not_in_cycle_reason,
    short_period_total,
    whole_months,
)
from licensetrack.core.hours import ZERO, Hours, from_decimal, rational
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Credential, DegreeLevel, Practitioner
from licensetrack.core.rules import (
    CORE_CYCLE_KINDS,
    BoardNote,
    Cited,
    CycleRule,
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
    StatusHours,
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
    ruleset: RuleSet,
    credential: Credential,
    sched: AnySchedule,
    period: Period,
    practitioner: Practitioner | None = None,
) -> tuple[RequirementInPeriod, ...]:
    """Every requirement of the rule set for one period, owed or not (and why not).

    The one place that decides which rule versions a period owes: the engine evaluates the owed
    ones, and ``rules show`` lists them, so the two cannot disagree. ``practitioner`` gives the facts
    about the person some requirements depend on (when graduate study began); without it they are unknown.
    """
    return owed_in(ruleset.at(period), credential, sched, period, practitioner)


def owed_in(
    rules: RulesAt,
    credential: Credential,
    sched: AnySchedule,
    period: Period,
    practitioner: Practitioner | None = None,
) -> tuple[RequirementInPeriod, ...]:
    """:func:`requirements_for_period` over rules already resolved for the period."""
    items = tuple(_in_period(resolved, credential, sched, period, practitioner) for resolved in rules.requirements)
    first = first_rule_for(rules.first_cycle_bands, period, credential)
    items = _first_period_owes_only_from_issue(first, items)
    if first is None or first.treatment is not FirstCycle.ONLY:
        return items
    return tuple(_only_in_first_period(first, item) for item in items)


def _first_period_owes_only_from_issue(
    first: FirstCycleRule | None, items: tuple[RequirementInPeriod, ...]
) -> tuple[RequirementInPeriod, ...]:
    """A first period that owes no CE still owes what is due counted from licensure (Florida's six-month
    domestic-violence course); then nothing else is owed in it, and each other requirement says why.
    ``first`` is the first-period rule that applies to this period and credential (None outside it)."""
    if first is None or first.treatment is not FirstCycle.EXEMPT:
        return items
    if not any(item.owed and item.version and item.version.due_months_after_issue for item in items):
        return items
    reason = f"the first period after licensure owes no CE ({first.citation})"
    return tuple(
        item
        if not item.owed or (item.version is not None and item.version.due_months_after_issue is not None)
        else attrs.evolve(item, due=None, reason=reason)
        for item in items
    )


def _in_period(
    resolved: RequirementAt,
    credential: Credential,
    sched: AnySchedule,
    period: Period,
    practitioner: Practitioner | None = None,
) -> RequirementInPeriod:
    version = resolved.version
    reason = _not_owed_by(resolved, credential) or _graduate_study_reason(resolved, credential, practitioner)
    if reason is None and version is not None:
        reason = not_in_cycle_reason(version, period)
    due: datetime.date | None = None
    if reason is None and version is not None and version.due_months_after_issue is not None:
        due, reason = _due_from_issue(version, credential, period)
    elif reason is None:
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


# The reason given when the profile cannot tell whether graduate study began before a requirement's date.
GRADUATE_STUDY_UNKNOWN = "the profile does not say when graduate study began"


def began_graduate_study_before(
    practitioner: Practitioner | None, credential: Credential, day: datetime.date
) -> bool | None:
    """Whether the holder began graduate study before ``day``: True, False, or None when the profile
    cannot tell.

    The profile's ``graduate_study_began`` decides. Without it, a master's or doctoral degree conferred
    before the day, or the credential issued before it (a licence that depends on this needs a graduate
    degree), shows that graduate study began before it; otherwise nothing is known.
    """
    if practitioner is not None and practitioner.graduate_study_began is not None:
        return practitioner.graduate_study_began < day
    degrees = practitioner.degrees if practitioner is not None else ()
    graduate = (DegreeLevel.MASTER, DegreeLevel.DOCTORATE)
    if any(d.level in graduate and d.conferred is not None and d.conferred < day for d in degrees):
        return True
    if credential.issued < day:
        return True
    return None


def _graduate_study_reason(
    resolved: RequirementAt, credential: Credential, practitioner: Practitioner | None
) -> str | None:
    """Why a requirement owed by when graduate study began is not owed by this holder, or None."""
    version = resolved.version
    if version is None or version.graduate_study_before is None:
        return None
    before = began_graduate_study_before(practitioner, credential, version.graduate_study_before)
    if before:
        return None
    who = f"owed only by those who began graduate study before {version.graduate_study_before}"
    if before is None:
        return f"{who}; {GRADUATE_STUDY_UNKNOWN} (graduate_study_began)"
    assert practitioner is not None
    assert practitioner.graduate_study_began is not None
    return f"{who} (graduate study began {practitioner.graduate_study_began})"


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


def due_from_issue(version: RequirementVersion, credential: Credential) -> datetime.date:
    """The due date of a requirement counted from licensure: ``due_months_after_issue`` after the issue date."""
    assert version.due_months_after_issue is not None
    return credential.issued + relativedelta(months=version.due_months_after_issue)


def _due_from_issue(
    version: RequirementVersion, credential: Credential, period: Period
) -> tuple[datetime.date | None, str | None]:
    """Owed from the period containing the due date on (once done, done for good), by licensees first
    licensed under the rule; with the reason it is not owed otherwise."""
    months = count(version.due_months_after_issue or 0, "month")
    if credential.issued < version.effective:
        return None, f"due within {months} of licensure, for credentials issued on or after {version.effective}"
    due = due_from_issue(version, credential)
    if period.end < due:
        return None, f"due within {months} of licensure, by {due} (a later period)"
    return due, None


@attrs.frozen
class Active:
    """A requirement version in force and applying to this credential this period."""

    requirement: Requirement
    version: RequirementVersion
    due: datetime.date
    detail: str | None = None  # why the version owes what it does this period (an alternation's side)
    # Courses count toward it only when completed on or after this day (``within_months_before_end``).
    completed_from: datetime.date | None = None


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
    courses: tuple[Active, ...] = ()  # required courses, met by completion (kind "course")
    # Share requirements (at least ``min_share`` of the total from listed provider types): owed only when
    # the period has a total. Each is solved as a limit on the hours from other providers (``share_limits``).
    shares: tuple[Active, ...] = ()
    # "Hours from at least N categories" (California CPD): evaluated beside the allocation (see explain).
    categories: tuple[Active, ...] = ()
    # What the board asks beside the hours (``[[board_notes]]``), in force at the period's end.
    board_note: BoardNote | None = None


def _ce_period_note(
    cycle: CycleRule, credential: Credential, period: Period, practitioner: Practitioner | None
) -> list[str]:
    """For a CE period of calendar years before the renewal year: the renewal it serves (for notes)."""
    if cycle.ce_period is None or cycle.kind not in CORE_CYCLE_KINDS:
        return []
    renewal = renewal_after(cycle, credential, practitioner or Practitioner(id="-"), period)
    years = count(cycle.months // 12, "calendar year")
    when = f"the licence renews on {renewal}" if renewal is not None else f"for the renewal in {period.end.year + 1}"
    return [f"CE period: the {years} before the renewal year, ending {period.end}; {when} ({cycle.citation})"]


def _completed_from(version: RequirementVersion, period: Period) -> datetime.date | None:
    """The first day a course may be completed to count toward a requirement owed within months before the
    period ends (None: any day of the period)."""
    months = version.within_months_before_end
    if months is None:
        return None
    return max(period.start, period.end - relativedelta(months=months) + datetime.timedelta(days=1))


def what_is_due(
    rules: RulesAt,
    credential: Credential,
    sched: AnySchedule,
    period: Period,
    as_of: datetime.date,
    practitioner: Practitioner | None = None,
) -> Due:
    """The requirements the period owes, with the first-period rule and exemptions applied."""
    used: list[Cited] = [rules.ruleset.cycle_on(as_of)]
    exempt_reason = _exemption(rules, credential, used)
    items = owed_in(rules, credential, sched, period, practitioner)
    active = [
        Active(item.requirement, item.version, item.due, completed_from=_completed_from(item.version, period))
        for item in items
        if item.version is not None and item.due is not None and item.owed
    ]
    used.extend(a.version for a in active)
    total = next((a for a in active if a.requirement.kind == RequirementKind.TOTAL), None)
    notes: list[str] = [_unknown_study_note(item) for item in items if _unknown_study(item)]
    notes.extend(_ce_period_note(rules.ruleset.cycle_on(as_of), credential, period, practitioner))
    first = first_rule_for(rules.first_cycle_bands, period, credential)
    total_required = _total_before_first_period(rules, credential, period, as_of, total, first, used, notes)
    if first is None and period.index == 0 and rules.first_cycle is not None:
        # A first-period rule conditioned on a late issue date or a role that this credential does not meet.
        used.append(rules.first_cycle)
        notes.append(first_rule_not_met(rules.first_cycle, period, credential))
    if first is not None:
        used.append(first)
        total_required, first_exempt, note = _first_period(first, period, total_required)
        from_issue = [a for a in active if a.version.due_months_after_issue is not None]
        if first_exempt and from_issue:
            # The first period owes no CE, except what is due counted from licensure (see owed_in).
            note = f"{first_exempt}, except {', '.join(a.requirement.title for a in from_issue)}"
            first_exempt = None
        exempt_reason = exempt_reason or first_exempt
        notes.extend(note for note in (note,) if note)
    if first is not None and first.treatment is FirstCycle.ONLY:
        notes.append(f"first period after licensure: only {', '.join(first.requirements)} owed ({first.citation})")
    used.extend(entry for entry in (rules.eligibility_cited,) if entry is not None)
    board_note = rules.board_note if rules.board_note is not None and not rules.board_note.repealed else None
    used.extend(entry for entry in (board_note,) if entry is not None)
    caps = tuple(a for a in active if a.requirement.kind == RequirementKind.CAP)
    shares = tuple(a for a in active if a.requirement.kind == RequirementKind.SHARE) if total_required else ()
    return Due(
        categories=tuple(a for a in active if a.requirement.kind == RequirementKind.CATEGORIES),
        shares=shares,
        total=total,
        total_required=total_required,
        topics=tuple(a for a in active if a.requirement.kind == RequirementKind.TOPIC),
        caps=caps,
        cap_limits=tuple(_cap_limit(cap.version, total_required) for cap in caps),
        plugins=tuple(a for a in active if not a.requirement.is_core),
        exempt_reason=exempt_reason,
        notes=tuple(notes),
        used=tuple(used),
        courses=tuple(a for a in active if a.requirement.kind == RequirementKind.COURSE),
        board_note=board_note,
    )


def _unknown_study(item: RequirementInPeriod) -> bool:
    return item.reason is not None and GRADUATE_STUDY_UNKNOWN in item.reason


def _unknown_study_note(item: RequirementInPeriod) -> str:
    """What ``check`` says of a requirement it could not judge for want of the graduate-study date."""
    assert item.version is not None
    assert item.version.graduate_study_before is not None
    return (
        f"{item.requirement.title} is owed only if graduate study began before {item.version.graduate_study_before}"
        f" ({item.version.citation}); the profile does not say when it began (graduate_study_began),"
        " so it is not checked"
    )


def _total_before_first_period(
    rules: RulesAt,
    credential: Credential,
    period: Period,
    as_of: datetime.date,
    total: Active | None,
    first: FirstCycleRule | None,
    used: list[Cited],
    notes: list[str],
) -> Hours | None:
    """The period's total before a first-period rule: a status's own hours (NBCC reduced practice), else
    the total prorated per month or the flat total of a short period, when the period is not a full one."""
    total_required = from_decimal(total.version.hours) if total and total.version.hours else None
    by_status = bool(rules.status_hours and credential.status in rules.status_hours.statuses)
    if total_required is not None and rules.status_hours and by_status:
        total_required = _status_total(rules.status_hours, credential, used, notes)
    if first is not None or total is None:
        return total_required
    usual = rules.ruleset.cycle_on(as_of).months
    if total.version.prorated_per_month is not None:
        total_required = _prorated(total.version, usual, period, total_required, notes)
    if total.version.short_period_hours is not None and not by_status:
        total_required = short_period_total(total.version, usual, period, total_required, notes)
    return total_required


def _exemption(rules: RulesAt, credential: Credential, used: list[Cited]) -> str | None:
    """Why the credential's status or one of its roles owes no CE this period (recording the rule), or None."""
    exemption = rules.exemption
    if exemption is None:
        return None
    if credential.status in exemption.statuses:
        used.append(exemption)
        return f"{credential.status.value} credentials owe no CE ({exemption.citation})"
    roles = [role for role in exemption.roles if role in credential.roles]
    if not roles:
        return None
    used.append(exemption)
    return f"credentials with the role {roles[0]} owe no CE ({exemption.citation})"


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
    months = whole_months(period)
    if first.per_months is not None and first.hours is not None:
        note = (
            f"first period after licensure: {count(first.hours, 'hour')} per {count(first.per_months, 'month')},"
            f" for {count(months, 'month')} ({first.citation})"
        )
        owed = from_decimal(first.hours) * months
        return rational(owed.numerator, owed.denominator * first.per_months), None, note
    if first.hours_per_month is None:
        return total_required, None, None
    note = (
        f"first period after licensure: {count(first.hours_per_month, 'hour')} per month for "
        f"{count(months, 'month')} ({first.citation})"
    )
    return from_decimal(first.hours_per_month) * months, None, note


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


def share_required(version: RequirementVersion, total: Hours) -> Hours:
    """The hours a share requirement wants from its listed provider types: ``min_share`` of the total."""
    assert version.min_share is not None
    share = version.min_share * total
    return rational(share.numerator, share.denominator)


def others_limit(version: RequirementVersion, total: Hours) -> Hours:
    """The most hours from other providers that count: the total less the listed share.

    "At least half of the 30 hours from listed providers" is exactly "at most 15 of the 30 from others",
    which is a limit in the allocation's linear program, so the share is solved with every other cap.
    """
    return total - share_required(version, total)


def owed_in_all(due: Due, fixed: Sequence[Hours]) -> Hours:
    """The hours a period still owes in all: its total and the topic hours owed in addition to it, less what
    earlier periods' courses already gave a one-time requirement (``fixed``, per topic requirement).

    A share requirement is a share of these: a Texas LPC supervisor owes 24 hours and 6 of supervision
    besides, so half of the 30 must come from listed providers.
    """
    outside = (
        max(ZERO, from_decimal(a.version.hours) - fixed[k])
        for k, a in enumerate(due.topics)
        if not a.version.counts_toward_total and a.version.hours
    )
    return (due.total_required or ZERO) + sum(outside, ZERO)


def share_limits(due: Due, fixed: Sequence[Hours]) -> tuple[Hours, ...]:
    """Per share requirement, the most hours from other provider types that count (a limit in the allocation).

    The share is of what the period still owes (``owed_in_all``), so a course of an earlier period that met
    part of a one-time requirement owed besides the total lowers it, and with it how many hours from other
    providers count now: the one case where adding a course can lower what counts (docs/rule-language.md,
    "Provider types and shares"). Taking the limit from the hours owed before any course counts would
    instead let the total's shortfall fall below the share's, which the report must never show.
    """
    owed = owed_in_all(due, fixed)
    return tuple(others_limit(share.version, owed) for share in due.shares)


def _prorated(
    version: RequirementVersion, usual_months: int, period: Period, total: Hours | None, notes: list[str]
) -> Hours | None:
    """The total of a period of another length than the cycle's, per whole month (noted); else unchanged.

    New York's second registration period is moved to the birth month, so it runs more or less than
    36 months, and its hours are prorated at a rate per month instead of the triennial total.
    """
    months = whole_months(period)
    if version.prorated_per_month is None or months == usual_months:
        return total
    notes.append(
        f"a period of {count(months, 'month')}, not {usual_months}: "
        f"{count(version.prorated_per_month, 'hour')} per month ({version.citation})"
    )
    return from_decimal(version.prorated_per_month) * months


def _only_in_first_period(first: FirstCycleRule, item: RequirementInPeriod) -> RequirementInPeriod:
    """A requirement as a first period under treatment "only" sees it: not owed unless listed."""
    if not item.owed or item.requirement.id in first.requirements:
        return item
    reason = f"not owed in the first period after licensure, which owes only {', '.join(first.requirements)}"
    return attrs.evolve(item, due=None, reason=f"{reason} ({first.citation})")


def _status_total(entry: StatusHours, credential: Credential, used: list[Cited], notes: list[str]) -> Hours:
    """The total a credential of a status owing fewer hours owes (the rule recorded and noted)."""
    used.append(entry)
    notes.append(f"{credential.status.value} credentials owe {count(entry.hours, 'hour')} ({entry.citation})")
    return from_decimal(entry.hours)
