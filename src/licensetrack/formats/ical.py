"""Deadlines as iCalendar (RFC 5545) that Google, Apple and Outlook calendars and CalDAV servers accept.

One all-day event per deadline (``DTSTART;VALUE=DATE`` and an exclusive ``DTEND`` the day after),
with a description that says what is still missing (from the planner) and cites the rule. UIDs are
derived from what the event is (practitioner, credential, kind, period), so exporting again or
subscribing updates events instead of duplicating them; ``DTSTAMP`` is the as-of date, so unchanged
data gives byte-identical output. Folding, escaping and CRLF are the icalendar library's job.
Tasks (``VTODO``) go to a calendar of their own, since some clients ignore tasks in event calendars.
An overdue period is a to-do in both (dated the as-of date, priority high: the thing to do first),
since an event in the past is one nobody sees; a deadline due soon says so in its summary and category.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping, Sequence

from icalendar import Alarm, Calendar, Event, Todo

from licensetrack import __version__
from licensetrack.core.deadlines import Deadline, DeadlineKind, Urgency, deadlines
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Practitioner
from licensetrack.core.planner import Remaining, plan
from licensetrack.core.report import DEFAULT_SOON_DAYS, hours
from licensetrack.core.rules import RuleSet

PRODID = f"-//licensetrack//licensetrack {__version__}//EN"
HIGH_PRIORITY = 1  # RFC 5545 PRIORITY: 1 is the highest
DEFAULT_ALARMS = (datetime.timedelta(days=90), datetime.timedelta(days=30), datetime.timedelta(days=7))


def uid(practitioner: str, credential: str, key: str, *, kind: str = "event") -> str:
    """A stable identifier for one deadline of one credential of one person."""
    digest = hashlib.sha256(f"{kind}\x1f{practitioner}\x1f{credential}\x1f{key}".encode()).hexdigest()[:32]
    return f"{digest}@licensetrack"


def _stamp(as_of: datetime.date) -> datetime.datetime:
    return datetime.datetime(as_of.year, as_of.month, as_of.day, tzinfo=datetime.UTC)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    return calendar


def _description(deadline: Deadline, remaining: Remaining | None, as_of: datetime.date) -> str:
    lines = [deadline.detail]
    if deadline.kind is DeadlineKind.RENEWAL and remaining is not None and remaining.missing_hours > 0:
        lines.append(f"Still missing as of {as_of}:")
        lines.extend(f"- {hours(n.hours)} h of {n.title}" for n in remaining.topic_needs)
        if remaining.general_hours > 0:
            lines.append(f"- {hours(remaining.general_hours)} h on any accepted topic")
        lines.extend(f"- no more counts: {closed}" for closed in remaining.closed_formats)
    if deadline.citation:
        lines.append(f"Rule: {deadline.citation}")
    if deadline.source:
        lines.append(f"Source: {deadline.source}")
    lines.append(f"Exported by licensetrack as of {as_of}.")
    return "\n".join(lines)


def deadline_calendar(
    practitioner: Practitioner,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    alarms: Sequence[datetime.timedelta] = DEFAULT_ALARMS,
    *,
    kinds: Kinds = CORE_KINDS,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Calendar:
    """All-day events for every upcoming deadline, with reminders ``alarms`` before each; an overdue
    period is a high-priority to-do dated ``as_of``."""
    remaining = {r.credential: r for r in plan(practitioner, rulesets, as_of, kinds=kinds).remaining}
    calendar = _calendar(f"CE deadlines: {practitioner.name or practitioner.id}")
    for deadline in deadlines(practitioner, rulesets, as_of, kinds=kinds, soon_days=soon_days):
        if deadline.urgency is Urgency.OVERDUE:
            calendar.add_component(_overdue_todo(practitioner, deadline, as_of))
            continue
        event = Event()
        event.add("uid", uid(practitioner.id, deadline.credential, deadline.key))
        event.add("dtstamp", _stamp(as_of))
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + datetime.timedelta(days=1))
        soon = deadline.urgency is Urgency.DUE_SOON
        event.add("summary", ("Due soon: " if soon else "") + f"{deadline.credential}: {deadline.title}")
        event.add("description", _description(deadline, remaining.get(deadline.credential), as_of))
        event.add("categories", ["licensetrack", deadline.kind, *([Urgency.DUE_SOON.value] if soon else [])])
        event.add("transp", "TRANSPARENT")
        for before in sorted(set(alarms), reverse=True):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{deadline.credential}: {deadline.title} on {deadline.date}")
            alarm.add("trigger", -before)
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar


def _overdue_todo(practitioner: Practitioner, deadline: Deadline, as_of: datetime.date) -> Todo:
    """An ended period not met: a to-do due today (the as-of date), priority high."""
    todo = Todo()
    todo.add("uid", uid(practitioner.id, deadline.credential, deadline.key, kind="overdue"))
    todo.add("dtstamp", _stamp(as_of))
    todo.add("due", as_of)
    todo.add("summary", f"Overdue: {deadline.credential}: {deadline.title}")
    todo.add("description", _description(deadline, None, as_of))
    todo.add("categories", ["licensetrack", deadline.kind, Urgency.OVERDUE.value])
    todo.add("priority", HIGH_PRIORITY)
    todo.add("status", "NEEDS-ACTION")
    return todo


def task_calendar(
    practitioner: Practitioner,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    *,
    kinds: Kinds = CORE_KINDS,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Calendar:
    """One ``VTODO`` per outstanding requirement, due on its deadline; an overdue period first."""
    calendar = _calendar(f"CE tasks: {practitioner.name or practitioner.id}")
    for deadline in deadlines(practitioner, rulesets, as_of, kinds=kinds, soon_days=soon_days):
        if deadline.urgency is Urgency.OVERDUE:
            calendar.add_component(_overdue_todo(practitioner, deadline, as_of))
    for item in plan(practitioner, rulesets, as_of, kinds=kinds).remaining:
        tasks = [(n.requirement, f"{hours(n.hours)} h of {n.title}", n.due or item.deadline) for n in item.topic_needs]
        if item.general_hours > 0:
            tasks.append(("general", f"{hours(item.general_hours)} h of CE on any accepted topic", item.deadline))
        for key, summary, due in tasks:
            todo = Todo()
            todo.add("uid", uid(practitioner.id, item.credential, f"{key}/{item.deadline}", kind="task"))
            todo.add("dtstamp", _stamp(as_of))
            todo.add("due", due)
            todo.add("summary", f"{item.credential}: {summary}")
            todo.add("status", "NEEDS-ACTION")
            calendar.add_component(todo)
    return calendar
