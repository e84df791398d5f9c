"""The period before the current one, judged as of its end, when it is judged at all (issue #16).

A period that ended unmet makes the credential overdue whatever the current period says. But most
people record only the courses of their current period, so an ended period is judged only when it
cannot be history the board has already accepted:

- never a period before the one the profile's record names (``expires`` or ``period_start``): the
  board renewed the licence into that period, so what came before it was accepted;
- without a record, only when the profile holds activities completed inside that ended period (a
  person who recorded nothing there is not told about a renewal made years ago).

Hours taken for the ended period after it ended (``for_period_ending``) count in it whenever it is
judged; they do not make it judged, so that adding an activity never makes the standing worse.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from licensetrack.core.cycles import Period
from licensetrack.core.engine.job import Job, Want
from licensetrack.core.engine.makeup import cures, window_closes
from licensetrack.core.model import Activity, Credential
from licensetrack.core.report import CredentialReport, PreviousPeriod
from licensetrack.core.validation import plain
from licensetrack.core.wording import count, unconfirmed


def judged_previous(job: Job, current: Period) -> Period | None:
    """The ended period to judge beside ``current``, or None when there is none to judge."""
    if current.index == 0:
        return None
    previous = job.sched.period(current.index - 1)
    record = _recorded_day(job.credential)
    if record is not None:
        return previous if job.sched.containing(record).index <= previous.index else None
    if any(previous.start <= activity.completed <= previous.end for activity in job.ordered):
        return previous
    return None


def make_up_notes(job: Job, ended: Period | None) -> tuple[str, ...]:
    """What the report says of hours taken after the ended period to cure it: how many count there, and
    the board's rule that accepts them (or that the rule set cites none)."""
    if ended is None:
        return ()
    taken = cures(job, ended)
    if not taken:
        return ()
    hours = _recorded_hours(taken)
    rule = job.ruleset.at(ended).make_up
    verb = "counts" if len(taken) == 1 else "count"
    what = (
        f"{count(len(taken), 'activity')} ({plain(hours)} h recorded) taken for the period ending {ended.end} "
        f"{verb} there, not in this period"
    )
    if rule is None:
        return (f"{what}; this rule set cites no board rule accepting make-up hours: ask the board",)
    closes = window_closes(rule, ended)
    window = f", if completed by {closes}" if closes is not None else ""
    return (f"{what}: the board accepts hours that make up an ended period's shortfall{window} ({rule.citation})",)


def judged_from(job: Job, current: Period, ended: Period | None) -> datetime.date:
    """The first day an unmet due date is judged on: the start of the period the profile's record names,
    else of the ended period judged, else of the current period (the same trap as for ended periods: a
    one-time requirement due years ago was likely met and never entered)."""
    record = _recorded_day(job.credential)
    if record is not None:
        return job.sched.containing(record).start
    return (ended or current).start


def _recorded_day(credential: Credential) -> datetime.date | None:
    """A day inside the period the profile's record names (its expiration, else its start), if any."""
    return credential.expires if credential.expires is not None else credential.period_start


def previous_of(report: CredentialReport, job: Job | None = None, ended: Period | None = None) -> PreviousPeriod:
    """The ended period's report, kept as the summary the current report carries (with the hours taken
    for it after it ended, when ``job`` and ``ended`` are given)."""
    made_up = _recorded_hours(cures(job, ended)) if job is not None and ended is not None else Decimal(0)
    return PreviousPeriod(
        made_up_hours=made_up,
        start=report.cycle_start,
        end=report.cycle_end,
        index=report.cycle_index,
        status=report.status,
        required_hours=report.required_hours,
        counted_hours=report.counted_hours,
        missing_hours=report.missing_hours,
        requirements=report.requirements,
    )


def make_up_unverified(job: Job, ended: Period | None) -> tuple[str, ...]:
    """The make-up rule, in the report's ``unverified`` wording, when hours count under it and it is not
    confirmed against a primary source."""
    if ended is None or not cures(job, ended):
        return ()
    rule = job.ruleset.at(ended).make_up
    if rule is None or rule.verified:
        return ()
    return (unconfirmed(rule.citation, rule.effective, rule.note),)


def _recorded_hours(activities: tuple[Activity, ...]) -> Decimal:
    """The hours the records give (units and days are converted only by a rule set: not counted here)."""
    return sum((a.hours for a in activities if a.hours is not None), Decimal(0))


def summary_job(job: Job) -> Job:
    """The same job, asking for no per-activity account (the previous period shows none)."""
    return attrs.evolve(job, want=Want.SUMMARY)
