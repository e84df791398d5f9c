"""One period's evaluation, phase after phase: what is due, what counts, the problem, carry-forward, the report."""

from __future__ import annotations

import datetime

import attrs

from licensetrack.core.allocation.problem import allocate
from licensetrack.core.cycles import Period
from licensetrack.core.engine.alternate import with_alternation
from licensetrack.core.engine.alternatives import choose
from licensetrack.core.engine.build import build_problem
from licensetrack.core.engine.carry import carried_in, surplus
from licensetrack.core.engine.countable import count_activities
from licensetrack.core.engine.explain import Solved, credential_report
from licensetrack.core.engine.job import Job, Want
from licensetrack.core.engine.select import what_is_due
from licensetrack.core.hours import ZERO, Hours
from licensetrack.core.report import CredentialReport
from licensetrack.core.rules import RulesAt


def evaluate_period(job: Job, period: Period, as_of: datetime.date) -> CredentialReport:
    """The period's report (with or without each activity explained, as ``job.want`` says).

    When the period may be met under any of several requirement sets (``[[alternatives]]``), each is
    evaluated in full and :func:`.alternatives.choose` picks the report shown.
    """
    rules = job.ruleset.at(period)
    choice = rules.alternatives
    if choice is None or not choice.models:
        return _report_under(job, period, as_of, rules)
    reports = [
        (model, _report_under(job, period, as_of, job.ruleset.at(period, model.rules_on) if model.rules_on else rules))
        for model in choice.models
    ]
    return choose(choice, reports)


def _report_under(job: Job, period: Period, as_of: datetime.date, rules: RulesAt) -> CredentialReport:
    """The period's report under rules already resolved for it (its own, or one alternative's)."""
    due = with_alternation(job, what_is_due(rules, job.credential, job.sched, period, as_of, job.practitioner), period)
    counting = count_activities(job, rules, due, period, as_of)
    carried = ZERO if period.index == 0 else carried_in(rules.carry_forward, lambda: _surplus_before(job, period))
    used = due.used if carried <= 0 or rules.carry_forward is None else (*due.used, rules.carry_forward)
    problem = build_problem(job.ordered, counting, due, carried)
    solved = Solved(
        job=job,
        period=period,
        as_of=as_of,
        due=due,
        counting=counting,
        carried=carried,
        allocation=allocate(problem),
        used=used,
    )
    return credential_report(solved)


def _surplus_before(job: Job, period: Period) -> Hours:
    """The surplus of the period before: only its problem is built, with no allocation and no report.

    Evaluated as of that period's end, with nothing carried into it (a surplus is never carried twice),
    and without hours taken for it after it ended (``for_period_ending``): they make up its shortfall,
    and are never carried into the period they were completed in.
    """
    previous = job.sched.period(period.index - 1)
    previous_job = attrs.evolve(job, want=Want.SURPLUS, today=None)
    rules = job.ruleset.at(previous)
    due = what_is_due(rules, job.credential, job.sched, previous, previous.end, job.practitioner)
    counting = count_activities(previous_job, rules, due, previous, previous.end)
    return surplus(build_problem(job.ordered, counting, due, ZERO))
