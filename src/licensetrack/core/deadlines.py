"""Every upcoming date across a practitioner's credentials, from the reports the engine makes.

Renewals (period ends), one-time requirements not yet met, every-Nth requirements in this period and
the next ones, requirements with dates of their own (a plugin's rolling window), and the day a
period's records may be discarded. Pure: the date is a parameter, the rules come in as data.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from decimal import Decimal

import attrs
from dateutil.relativedelta import relativedelta

from licensetrack.core.cycles import CycleError, Period
from licensetrack.core.engine import evaluate, ruleset_for
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.report import (
    DEFAULT_SOON_DAYS,
    CredentialReport,
    PreviousPeriod,
    RequirementResult,
    Status,
    hours,
)
from licensetrack.core.rules import RequirementKind, RuleSet, Scope
from licensetrack.core.wording import count, share_source

LOOK_AHEAD_PERIODS = 3


class DeadlineKind(enum.StrEnum):
    """What a date is (the deadlines' JSON ``kind`` and the calendar's category)."""

    RENEWAL = "renewal"
    ONE_TIME = "one-time"
    EVERY_N = "every-n"
    REQUIREMENT = "requirement"
    RECORD_RETENTION = "record-retention"


class Urgency(enum.StrEnum):
    """How pressing an unmet deadline is (issue #16): past and unmet, or within the due-soon horizon."""

    OVERDUE = "overdue"
    DUE_SOON = "due-soon"


# The deadline of a requirement of each scope that is not part of the renewal line.
_KIND_OF_SCOPE = {Scope.ONCE: DeadlineKind.ONE_TIME, Scope.EVERY_N_CYCLES: DeadlineKind.EVERY_N}


@attrs.frozen(kw_only=True)
class Deadline:
    date: datetime.date
    credential: str
    kind: DeadlineKind
    key: str  # what the date is, stable across runs: "renewal/2026-01-31", "one-time/telehealth", ...
    title: str
    detail: str
    missing_hours: Decimal = Decimal(0)
    citation: str | None = None
    source: str | None = None
    # Something is still owed by this date (a deficient renewal, an unmet requirement).
    pending: bool = False
    urgency: Urgency | None = None

    def days_left(self, as_of: datetime.date) -> int:
        return (self.date - as_of).days


def deadlines(
    practitioner: Practitioner,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    within: datetime.date | None = None,
    *,
    kinds: Kinds = CORE_KINDS,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> tuple[Deadline, ...]:
    """Upcoming dates from ``as_of`` (to ``within`` if given), sorted by date then credential, so an
    overdue period (dated the day it ended) comes first.

    ``kinds`` implements the rule sets' plugin kinds (``registry.kinds``), as for ``evaluate``. A date
    still owing something within ``soon_days`` is marked due-soon.
    """
    found: list[Deadline] = []
    for credential in practitioner.credentials:
        ruleset = ruleset_for(credential, rulesets)
        report = evaluate(practitioner, credential, ruleset, as_of, kinds=kinds)
        if report.previous_period is not None and not report.previous_period.met:
            found.append(_overdue(report, report.previous_period))
        found.extend(_past_due(d, report) for d in _from_report(report))
        found.extend(_later_every_n(practitioner, credential, ruleset, report, kinds))
        found.extend(_retention(practitioner, credential, ruleset, report, kinds))
    kept = [d for d in found if d.kind is not DeadlineKind.RECORD_RETENTION or d.date >= as_of]
    if within is not None:
        kept = [d for d in kept if d.date <= within]
    marked = (_marked(d, as_of, soon_days) for d in kept)
    return tuple(sorted(marked, key=lambda d: (d.date, d.credential, d.kind, d.title)))


def _past_due(deadline: Deadline, report: CredentialReport) -> Deadline:
    """A requirement's own date passed unmet (``overdue_requirements``) is overdue on its own."""
    if deadline.kind is not DeadlineKind.RENEWAL and deadline.key.split("/")[1] in report.overdue_requirements:
        return attrs.evolve(deadline, urgency=Urgency.OVERDUE)
    return deadline


def _marked(deadline: Deadline, as_of: datetime.date, soon_days: int) -> Deadline:
    """The deadline with its urgency: still owing something within the horizon is due-soon."""
    if deadline.urgency is None and deadline.pending and 0 <= deadline.days_left(as_of) <= soon_days:
        return attrs.evolve(deadline, urgency=Urgency.DUE_SOON)
    return deadline


def _overdue(report: CredentialReport, previous: PreviousPeriod) -> Deadline:
    """An ended period that was not met: dated the day it ended, what it lacked in the detail."""
    return Deadline(
        date=previous.end,
        credential=report.credential,
        kind=DeadlineKind.RENEWAL,
        key=f"renewal/{previous.end}",
        title=f"{report.ruleset_title}: period ended {hours(previous.missing_hours)} h short",
        detail=(
            f"{hours(previous.missing_hours)} h missing of {hours(previous.required_hours)} h; "
            f"lacking: {previous.lacking}"
        ),
        missing_hours=previous.missing_hours,
        pending=True,
        urgency=Urgency.OVERDUE,
    )


def _from_report(report: CredentialReport) -> list[Deadline]:
    found = [
        Deadline(
            date=report.cycle_end,
            credential=report.credential,
            kind=DeadlineKind.RENEWAL,
            key=f"renewal/{report.cycle_end}",
            title=f"{report.ruleset_title}: period ends",
            detail=_renewal_detail(report),
            missing_hours=report.missing_hours,
            pending=report.status is Status.DEFICIENT,
        )
    ]
    for requirement in report.requirements:
        if requirement.met or requirement.due is None or report.status is Status.EXEMPT:
            continue
        if (
            requirement.scope is Scope.CYCLE
            and requirement.due == report.cycle_end
            and requirement.kind in (RequirementKind.TOTAL, RequirementKind.TOPIC)
        ):
            continue  # part of the renewal line
        kind = _KIND_OF_SCOPE.get(requirement.scope, DeadlineKind.REQUIREMENT)
        key = f"{kind}/{requirement.id}" + (f"/{report.cycle_end}" if kind is not DeadlineKind.ONE_TIME else "")
        found.append(
            Deadline(
                date=requirement.due,
                credential=report.credential,
                kind=kind,
                key=key,
                title=requirement.title,
                detail=_requirement_detail(requirement),
                missing_hours=requirement.missing,
                citation=requirement.ref.citation,
                source=requirement.ref.source,
                pending=True,
            )
        )
    return found


def _renewal_detail(report: CredentialReport) -> str:
    if report.status is Status.EXEMPT:
        return "exempt: " + (report.notes[0].removeprefix("exempt: ") if report.notes else "no CE owed")
    if report.status is Status.COMPLIANT:
        return f"CE complete ({hours(report.counted_hours)} of {hours(report.required_hours)} h)"
    return f"{hours(report.missing_hours)} h missing of {hours(report.required_hours)} h"


def _later_every_n(
    practitioner: Practitioner, credential: Credential, ruleset: RuleSet, report: CredentialReport, kinds: Kinds
) -> list[Deadline]:
    """Every-Nth requirements due in the next few periods, so they can be planned early."""
    found: list[Deadline] = []
    day = report.cycle_end
    for _ in range(LOOK_AHEAD_PERIODS):
        day += datetime.timedelta(days=1)
        later = evaluate(practitioner, credential, ruleset, day, kinds=kinds)
        for requirement in later.requirements:
            if requirement.scope is Scope.EVERY_N_CYCLES:
                found.append(
                    Deadline(
                        date=later.cycle_end,
                        credential=credential.id,
                        kind=DeadlineKind.EVERY_N,
                        key=f"every-n/{requirement.id}/{later.cycle_end}",
                        title=f"{requirement.title} (due in the period {later.cycle_start} to {later.cycle_end})",
                        detail=f"{hours(requirement.required)} h owed that period",
                        missing_hours=requirement.missing,
                        citation=requirement.ref.citation,
                        source=requirement.ref.source,
                        pending=not requirement.met,
                    )
                )
        day = later.cycle_end
    return found


def _retention(
    practitioner: Practitioner, credential: Credential, ruleset: RuleSet, report: CredentialReport, kinds: Kinds
) -> list[Deadline]:
    """When the records (certificates) of the current and previous periods may be discarded."""
    found: list[Deadline] = []
    if not ruleset.record_retention:
        return found  # the rule set says nothing of keeping records
    periods = [Period(report.cycle_start, report.cycle_end, report.cycle_index)]
    if report.cycle_index > 0:
        try:
            before = evaluate(
                practitioner, credential, ruleset, report.cycle_start - datetime.timedelta(days=1), kinds=kinds
            )
        except CycleError:
            # The period before runs under another cycle rule that needs the board's record, which the profile
            # gives only for the current period (PSYPACT's TAP before its annual renewal of 2023-10-01): its
            # retention date cannot be known, and the current period's still is.
            before = None
        if before is not None:
            periods.insert(0, Period(before.cycle_start, before.cycle_end, before.cycle_index))
    for period in periods:
        start, end = period.start, period.end
        rule = ruleset.at(period).record_retention
        if rule is None:
            continue
        # The board may ask for the record of every course of the period, certificate on file or not.
        kept = [a for a in practitioner.activities if start <= a.completed <= end]
        if not kept:
            continue
        found.append(
            Deadline(
                date=end + relativedelta(months=rule.months),
                credential=credential.id,
                kind=DeadlineKind.RECORD_RETENTION,
                key=f"record-retention/{end}",
                title=f"Records of the period {start} to {end} may be discarded after this date",
                detail=_retention_detail(len(kept), sum(1 for a in kept if not a.certificate), rule.months),
                citation=rule.citation,
                source=rule.source,
            )
        )
    return found


def _retention_detail(kept: int, without_certificate: int, months: int) -> str:
    """How many records to keep and for how long, and how many lack a certificate (the ones to find)."""
    records = "the record of 1 activity" if kept == 1 else f"the records of {kept} activities"
    detail = f"keep {records} until then ({count(months, 'month')} after the period ends)"
    if without_certificate == 0:
        return detail
    if without_certificate == kept:
        return detail + ("; it has no" if kept == 1 else "; none of them has a") + " certificate on file"
    verb = "has" if without_certificate == 1 else "have"
    return detail + f"; {without_certificate} {verb} no certificate on file"


def _requirement_detail(requirement: RequirementResult) -> str:
    """What a requirement's deadline still wants: hours; for a required course (kind "course") the course
    itself. A share's hours are part of the renewal's missing hours, not more of them, so its line says
    where they must come from."""
    if requirement.kind == RequirementKind.COURSE:
        return "course not completed (no set hours)"
    missing = f"{hours(requirement.missing)} of {hours(requirement.required)} h still missing"
    if requirement.kind == RequirementKind.CATEGORIES:
        return f"{requirement.missing} of {requirement.required} categories still missing; {requirement.detail}"
    if requirement.kind == RequirementKind.SHARE:
        where = share_source(requirement.provider_types, requirement.topics)
        return f"{missing} {where} (part of the hours missing for the renewal)"
    return missing
