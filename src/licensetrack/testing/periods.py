"""The plugin kit's checks of the constructs of issue #17: those that depend on where a period stands among
the credential's periods (``short_period_hours``, ``in_cycle``, a first-period rule with
``issued_within_months_of_end``), a topic counting only courses of listed approval bodies (``approvals``), and
an every-n-cycles topic met by a course of its window of periods (``window_cycles``).

Each builds credentials from the board's record (``expires``, and ``period_start`` where a period of another
length is wanted), so every cycle kind gives the periods asked for.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

from licensetrack.core.engine import evaluate, period_on
from licensetrack.core.engine.periods import late_from
from licensetrack.core.kinds import Kinds
from licensetrack.core.model import Activity, Credential, Format, Practitioner
from licensetrack.core.report import CredentialReport, Status
from licensetrack.core.rules import FirstCycle, FirstCycleRule, Requirement, RequirementVersion, RuleSet, SelectBy


def _report(
    ruleset: RuleSet, credential: Credential, kinds: Kinds, acts: tuple[Activity, ...] = ()
) -> CredentialReport:
    practitioner = Practitioner(
        id="periods", birth_date=datetime.date(1980, 1, 15), credentials=(credential,), activities=acts
    )
    assert credential.expires is not None
    return evaluate(practitioner, credential, ruleset, credential.expires, kinds=kinds)


def _end_selecting(ruleset: RuleSet, select_by: SelectBy, effective: datetime.date) -> datetime.date:
    """The end of a period of the usual length that selects versions in force from ``effective``."""
    if select_by is SelectBy.CYCLE_START:
        return effective + relativedelta(months=ruleset.cycle_on(effective).months) - datetime.timedelta(days=1)
    return effective


def _roles(ruleset: RuleSet) -> tuple[str, ...]:
    return tuple(sorted({role for r in ruleset.requirements for v in r.versions for role in v.roles}))


def check_short_period(ruleset: RuleSet, version: RequirementVersion, kinds: Kinds) -> int:
    """A total's ``short_period_hours``: a period one day short of the cycle owes them, a full one ``hours``."""
    assert version.short_period_hours is not None
    assert version.hours is not None
    end = _end_selecting(ruleset, ruleset.select_by, version.effective)
    months = ruleset.cycle_on(end).months
    checks = 0
    for extra_day, expected in ((1, version.short_period_hours), (0, version.hours)):
        start = end + datetime.timedelta(days=1) - relativedelta(months=months) + datetime.timedelta(days=extra_day)
        if ruleset.select_by is SelectBy.CYCLE_START and start < version.effective:
            continue
        credential = Credential(
            id="short",
            ruleset=ruleset.id,
            issued=start - relativedelta(years=12),
            period_start=start,
            expires=end,
            roles=_roles(ruleset),
        )
        report = _report(ruleset, credential, kinds)
        if report.status is Status.EXEMPT:
            continue
        label = f"{ruleset.id}: a period from {start} to {end} should owe {expected} hours"
        assert report.required_hours == expected, label
        checks += 1
    return checks


def check_in_cycle(ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds) -> int:
    """A requirement with ``in_cycle = n`` is owed in the n-th period after issue and not in the next one."""
    assert version.in_cycle is not None
    select_by = requirement.select_by or ruleset.select_by
    end = _end_selecting(ruleset, select_by, version.effective)
    months = ruleset.cycle_on(end).months
    checks = 0
    for nth, owed in ((version.in_cycle, True), (version.in_cycle + 1, False)):
        issued = end - relativedelta(months=months * nth) + datetime.timedelta(days=1)
        credential = Credential(id="nth", ruleset=ruleset.id, issued=issued, expires=end, roles=_roles(ruleset))
        report = _report(ruleset, credential, kinds)
        if report.cycle_index != nth - 1 or report.status is Status.EXEMPT:
            continue
        found = requirement.id in {r.id for r in report.requirements}
        assert found == owed, f"{ruleset.id}: {requirement.id} owed in period {nth} after issue should be {owed}"
        checks += 1
    return checks


def check_issued_late(ruleset: RuleSet, first: FirstCycleRule, kinds: Kinds) -> int:
    """A first-period rule with ``issued_within_months_of_end``: a credential issued on the first day of the
    window gets the treatment; one issued the day before owes the first period in full, and is told so, unless
    a wider band of the same date (Ohio psychology's) takes it: then it is not told so."""
    assert first.issued_within_months_of_end is not None
    end = _end_selecting(ruleset, ruleset.select_by, first.effective)
    wider = any(
        other.effective == first.effective
        and (other.issued_within_months_of_end or 10_000) > first.issued_within_months_of_end
        for other in ruleset.first_cycle
    )
    checks = 0
    for before in (False, True):
        day = late_from(first, end) - datetime.timedelta(days=1 if before else 0)
        credential = Credential(id="late", ruleset=ruleset.id, issued=day, expires=end, roles=_roles(ruleset))
        report = _report(ruleset, credential, kinds)
        if report.cycle_index != 0:
            continue
        label = f"{ruleset.id}: a first period ending {end}, issued {day}"
        told = any("owes in full" in note for note in report.notes)
        if before and wider:
            assert not told, label
        elif before:
            assert told, label
            assert report.status is not Status.EXEMPT or first.treatment is not FirstCycle.EXEMPT, label
        else:
            assert not told, label
            if first.treatment is FirstCycle.EXEMPT:
                assert report.status is Status.EXEMPT, label
            elif first.treatment is FirstCycle.HOURS:
                assert report.required_hours == first.hours, label
        checks += 1
    return checks


def check_approved_topic(ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds) -> int:
    """A topic with ``approvals``: a course of its topic from a listed body counts toward it, the same course
    from no listed body does not."""
    select_by = requirement.select_by or ruleset.select_by
    end = _end_selecting(ruleset, select_by, version.effective)
    credential = Credential(
        id="approved", ruleset=ruleset.id, issued=end - relativedelta(years=12), expires=end, roles=_roles(ruleset)
    )
    counted = []
    for approvals in ((version.approvals[0],), ()):
        course = Activity(
            title="(course)",
            completed=end - datetime.timedelta(days=30),
            hours=version.hours,
            format=Format.LIVE,
            topics=version.topics[:1],
            approvals=approvals,
        )
        report = _report(ruleset, credential, kinds, (course,))
        found = [r.counted for r in report.requirements if r.id == requirement.id]
        if not found:
            return 0  # not owed by this credential in this period (scope, role, exemption)
        counted.append(found[0])
    label = f"{ruleset.id}/{requirement.id}: a course of {version.topics[0]}"
    assert counted[1] == 0, f"{label} approved by none of {', '.join(version.approvals)} should not count toward it"
    assert counted[0] >= counted[1], label
    return 1


def accepted_approvals(ruleset: RuleSet, day: datetime.date) -> tuple[str, ...]:
    """An approval body the rule set accepts on a day, so a test course is eligible."""
    entry = ruleset.eligibility_on(day) or (ruleset.eligibility[0] if ruleset.eligibility else None)
    return entry.approvals[:1] if entry is not None and entry.approvals else ()


def check_window(ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds) -> int:
    """An every-n-cycles topic with ``window_cycles``: in its first due period from the version's date, a course
    on the window's first day counts toward it, one the day before does not."""
    assert version.window_cycles is not None
    assert version.every is not None
    # A `record` cycle is anchored on the licence's recorded expiry: give one, a whole cycle after the date.
    cycle = ruleset.cycle_on(version.effective)
    recorded = version.effective + relativedelta(months=cycle.months) if cycle.kind == "record" else None
    credential = Credential(
        id="window",
        ruleset=ruleset.id,
        issued=version.effective - relativedelta(years=12),
        expires=recorded,
        roles=_roles(ruleset),
    )
    practitioner = Practitioner(id="window", birth_date=datetime.date(1980, 1, 15), credentials=(credential,))
    sched, period = period_on(practitioner, credential, ruleset, version.effective, kinds)
    for _ in range(version.every + 1):
        found = [r for r in _report_on(ruleset, credential, period.end, kinds).requirements if r.id == requirement.id]
        if found and found[0].window_from is not None:
            break
        period = sched.period(period.index + 1)
    else:
        return 0  # not owed by this credential (role, exemption, a later version)
    start = sched.period(max(0, period.index - version.window_cycles + 1)).start
    counted = []
    for day in (start, start - datetime.timedelta(days=1)):
        course = Activity(
            title="(course)",
            completed=day,
            hours=version.hours,
            format=Format.LIVE,
            topics=version.topics[:1],
            approvals=version.approvals[:1] or accepted_approvals(ruleset, day),
        )
        report = _report_on(ruleset, credential, period.end, kinds, (course,))
        counted.append(next(r.counted for r in report.requirements if r.id == requirement.id))
    label = f"{ruleset.id}/{requirement.id}: due in the period ending {period.end}, a course of {version.topics[0]}"
    assert counted[1] == 0, f"{label} the day before the window ({start}) should not count toward it"
    assert counted[0] >= counted[1], label
    return 1


def _report_on(
    ruleset: RuleSet, credential: Credential, as_of: datetime.date, kinds: Kinds, acts: tuple[Activity, ...] = ()
) -> CredentialReport:
    practitioner = Practitioner(
        id="window", birth_date=datetime.date(1980, 1, 15), credentials=(credential,), activities=acts
    )
    return evaluate(practitioner, credential, ruleset, as_of, kinds=kinds)


def check_per_cycle_year(ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds) -> int:
    """A topic with ``hours_per_cycle_year`` owes that many hours for each whole year of the cycle in force."""
    assert version.hours_per_cycle_year is not None
    select_by = requirement.select_by or ruleset.select_by
    end = _end_selecting(ruleset, select_by, version.effective)
    credential = Credential(
        id="per-year", ruleset=ruleset.id, issued=end - relativedelta(years=12), expires=end, roles=_roles(ruleset)
    )
    found = [r for r in _report(ruleset, credential, kinds).requirements if r.id == requirement.id]
    if not found:
        return 0  # not owed by this credential in this period (role, exemption, a later version)
    years = ruleset.cycle_on(end).months // 12
    expected = version.hours_per_cycle_year * years
    assert found[0].required == expected, f"{ruleset.id}/{requirement.id}: {years}-year cycle should owe {expected} h"
    return 1
