"""Evaluation: where one credential stands on a date, under the rule version in force.

``evaluate(practitioner, credential, ruleset, as_of)`` is a pure function: no clock, no files, no
plugins. It finds the period containing ``as_of`` and reads the rule set resolved for it
(``RuleSet.at``), then runs one module per phase:

- :mod:`.select`: what the period owes (requirements, exemptions, the first-period rule);
- :mod:`.countable`: what each activity may count toward and how many hours it gives;
- :mod:`.build`: the allocation problem, which :mod:`licensetrack.core.allocation.problem` solves
  optimally;
- :mod:`.carry`: the hours carried in from the previous period;
- :mod:`.explain`: the report, every hour that does not count explained.

:mod:`.period` runs them for one period; :mod:`.home` says, for a credential that depends on another
(a compact privilege on its home licence), whether that one keeps it valid.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

import attrs

from licensetrack.core.engine.home import home_result
from licensetrack.core.engine.job import Job, Want, canonical
from licensetrack.core.engine.period import evaluate_period
from licensetrack.core.engine.practice import practice_result
from licensetrack.core.engine.previous import (
    judged_from,
    judged_previous,
    make_up_notes,
    make_up_unverified,
    previous_of,
    summary_job,
)
from licensetrack.core.engine.rounding import to_decimal
from licensetrack.core.engine.select import RequirementInPeriod, period_on, requirements_for_period
from licensetrack.core.errors import LicensetrackError, close_match
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.report import DEFAULT_SOON_DAYS, CredentialReport, Report, unverified_refs
from licensetrack.core.rules import RuleSet

__all__ = [
    "RequirementInPeriod",
    "UnknownRuleSetError",
    "evaluate",
    "evaluate_profile",
    "period_on",
    "requirements_for_period",
    "ruleset_for",
    "to_decimal",
]


class UnknownRuleSetError(LicensetrackError):
    """A credential names a rule set that is not installed."""


def evaluate(
    practitioner: Practitioner,
    credential: Credential,
    ruleset: RuleSet,
    as_of: datetime.date,
    *,
    kinds: Kinds = CORE_KINDS,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> CredentialReport:
    """Where ``credential`` stands on ``as_of``: the period, each requirement, each activity.

    ``kinds`` implements the rule set's plugin kinds (``registry.kinds``); the default knows only the
    core kinds, and a rule set of plugin kinds evaluated without its kinds is an error naming the kind.
    ``soon_days``: an unmet deadline this many days away or nearer is ``due-soon``.
    """
    ordered = canonical(practitioner.activities)
    return _evaluate(
        practitioner, credential, ruleset, as_of, ordered=ordered, want=Want.REPORT, kinds=kinds, soon_days=soon_days
    )


def _evaluate(
    practitioner: Practitioner,
    credential: Credential,
    ruleset: RuleSet,
    as_of: datetime.date,
    *,
    ordered: tuple[Activity, ...],
    want: Want,
    kinds: Kinds,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> CredentialReport:
    if soon_days < 0:
        raise ValueError(f"soon_days must not be negative, got {soon_days}")
    sched, period = period_on(practitioner, credential, ruleset, as_of, kinds)
    job = Job(practitioner, credential, ruleset, sched, ordered, want, kinds, today=as_of)
    report = evaluate_period(job, period, as_of)
    ended = judged_previous(job, period)
    previous = None if ended is None else previous_of(evaluate_period(summary_job(job), ended, ended.end), job, ended)
    since = judged_from(job, period, ended)
    practice = practice_result(credential, ruleset, as_of)
    past_due = tuple(r.id for r in report.requirements if not r.met and r.due is not None and since <= r.due < as_of)
    return attrs.evolve(
        report,
        notes=(*report.notes, *make_up_notes(job, ended)),
        previous_period=previous,
        overdue_requirements=past_due,
        expires=credential.expires,
        soon_days=soon_days,
        practice=practice,
        unverified=(
            *report.unverified,
            *make_up_unverified(job, ended),
            *(unverified_refs(practice.ref) if practice else ()),
        ),
    )


def evaluate_profile(
    practitioner: Practitioner,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    credential_ids: Sequence[str] | None = None,
    *,
    explain_activities: bool = True,
    kinds: Kinds = CORE_KINDS,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Report:
    """A report over the practitioner's credentials (all, or those named), in profile order.

    With ``explain_activities=False`` each credential's ``activities`` is left empty and everything
    else is the same: for summaries (the audit's CSV), which need no per-activity account and are
    produced about twice as fast without one. ``kinds`` and ``soon_days`` as for :func:`evaluate`.
    """
    chosen = [practitioner.credential(c) for c in credential_ids] if credential_ids else list(practitioner.credentials)
    ordered = canonical(practitioner.activities)
    want = Want.REPORT if explain_activities else Want.SUMMARY
    reports = []
    for credential in chosen:
        ruleset = ruleset_for(credential, rulesets)
        report = _evaluate(
            practitioner, credential, ruleset, as_of, ordered=ordered, want=want, kinds=kinds, soon_days=soon_days
        )
        home = home_result(practitioner, credential, ruleset, rulesets, as_of)
        if home is not None:
            report = attrs.evolve(report, home=home, unverified=(*report.unverified, *unverified_refs(home.ref)))
        reports.append(report)
    return Report(as_of=as_of, practitioner=practitioner.id, credentials=tuple(reports))


def ruleset_for(credential: Credential, rulesets: Mapping[str, RuleSet]) -> RuleSet:
    """The rule set a credential names, or UnknownRuleSetError with a close match."""
    ruleset = rulesets.get(credential.ruleset)
    if ruleset is None:
        hint = close_match(credential.ruleset, rulesets)
        raise UnknownRuleSetError(
            f"credential {credential.id!r}: no rule set {credential.ruleset!r} is installed{hint}"
        )
    return ruleset
