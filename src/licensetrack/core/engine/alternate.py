"""Alternation by history: a topic requirement whose two sides are owed in alternating periods.

Florida's 491 board: "In alternating biennial renewal periods, the licensee shall complete either
three (3) hours relating to professional ethics and boundary issues or three (3) hours relating to
the provision of teletherapy" (Fla. Admin. Code R. 64B4-6.001(2)(a)). The rule fixes no calendar
biennium for either side: what a period owes depends on what counted in the previous one. So a
version with ``alternate`` owes, this period, the side the previous period did NOT count in full.

The fallback, when the history does not say (no previous period, a previous period that owed no CE,
or one whose courses met both sides or neither, as when the profile holds no courses from before):
either side counts, as before alternation was encoded, and the requirement's detail says so, so a
person sees that the tool could not tell which side is owed.
"""

from __future__ import annotations

import attrs

from licensetrack.core.cycles import Period
from licensetrack.core.engine.countable import countable, matches
from licensetrack.core.engine.job import Job
from licensetrack.core.engine.select import Active, Due, what_is_due
from licensetrack.core.hours import ZERO, Hours, from_decimal
from licensetrack.core.rules import RequirementVersion


def sides(version: RequirementVersion) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two sides of an alternating topic requirement: its ``alternate`` topics, and the others."""
    return version.alternate, tuple(topic for topic in version.topics if topic not in version.alternate)


def with_alternation(job: Job, due: Due, period: Period) -> Due:
    """``due`` with each alternating topic requirement narrowed to the side this period owes (or either)."""
    if not any(need.version.alternate for need in due.topics):
        return due
    topics = tuple(_owed_side(job, need, period) for need in due.topics)
    said = tuple(f"{need.requirement.title}: {need.detail}" for need in topics if need.detail)
    return attrs.evolve(due, topics=topics, notes=(*due.notes, *said))


def _owed_side(job: Job, need: Active, period: Period) -> Active:
    version = need.version
    if not version.alternate:
        return need
    both = ", ".join(version.topics)
    history = _previous_hours(job, version, period)
    if isinstance(history, str):
        return attrs.evolve(need, detail=f"either side counts: {history}")
    first, second = sides(version)
    required = from_decimal(version.hours) if version.hours is not None else ZERO
    met_first, met_second = history[0] >= required, history[1] >= required
    if met_first == met_second:
        which = "both sides" if met_first else "neither side in full"
        return attrs.evolve(need, detail=f"either side counts: the previous period's courses ({both}) met {which}")
    owed, done = (second, first) if met_first else (first, second)
    narrowed = attrs.evolve(version, topics=owed)
    detail = f"owed this period: {', '.join(owed)} (the previous period counted {', '.join(done)}; they alternate)"
    return attrs.evolve(need, version=narrowed, detail=detail)


def _previous_hours(job: Job, version: RequirementVersion, period: Period) -> tuple[Hours, Hours] | str:
    """The hours of each side that counted in the previous period, or why the history does not say."""
    if period.index == 0:
        return "no previous period (the first after issue)"
    previous = job.sched.period(period.index - 1)
    rules = job.ruleset.at(previous)
    due = what_is_due(rules, job.credential, job.sched, previous, previous.end, job.practitioner)
    if due.exempt_reason is not None:
        return f"the previous period owed no CE ({due.exempt_reason})"
    first, second = sides(version)
    totals = [ZERO, ZERO]
    for activity in job.ordered:
        if not previous.start <= activity.completed <= previous.end:
            continue
        hours = countable(activity, rules).hours
        for index, side in enumerate((first, second)):
            if hours and matches(activity, attrs.evolve(version, topics=side, alternate=())):
                totals[index] += hours
    return totals[0], totals[1]
