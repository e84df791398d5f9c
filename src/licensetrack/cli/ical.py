"""``licensetrack ical``: deadlines into any calendar."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from licensetrack.cli.options import (
    DurationType,
    as_of_option,
    echo_output,
    handle_errors,
    output_option,
    profile_argument,
    registry_for,
    rules_dir_option,
    soon_days,
    soon_option,
    today,
)


@click.command(short_help="Deadlines as an iCalendar file, with reminders.")
@profile_argument
@output_option("Write to this file (atomically) instead of stdout.")
@as_of_option
@click.option(
    "--alarm",
    "alarms",
    type=DurationType(),
    multiple=True,
    help="A reminder this long before each deadline (repeatable; default 90d, 30d, 7d).",
)
@click.option("--todo", is_flag=True, help="Write outstanding requirements as tasks (VTODO), a calendar of their own.")
@soon_option
@rules_dir_option
@handle_errors
def ical(
    profile: Path,
    output: Path | None,
    as_of: datetime.date | None,
    alarms: tuple[Any, ...],
    todo: bool,
    soon: Any,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Export deadlines as iCalendar: one all-day event per deadline, with reminders.

    An ended period not met is a to-do dated the as-of date, priority high ("Overdue: ..."); a deadline
    still owing something within --soon is marked "Due soon: ..." (category due-soon).

    UIDs are stable, so importing again or subscribing updates the events; the same data and --as-of
    give the same bytes.

    Exit 0 when the calendar is written; 2 for bad input or usage.
    """
    from licensetrack.formats.ical import DEFAULT_ALARMS, deadline_calendar, task_calendar
    from licensetrack.io.files import atomic_write
    from licensetrack.io.profiles import read_profile

    registry = registry_for(rules_dirs)
    practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    day = as_of or today()
    horizon = soon_days(day, soon)
    if todo:
        calendar = task_calendar(practitioner, registry.rulesets, day, kinds=registry.kinds, soon_days=horizon)
    else:
        spans = [_as_timedelta(a, day) for a in alarms] if alarms else list(DEFAULT_ALARMS)
        calendar = deadline_calendar(
            practitioner, registry.rulesets, day, spans, kinds=registry.kinds, soon_days=horizon
        )
    if output is None:
        echo_output(registry, "ical", calendar)
    else:
        from licensetrack.formats.renderers import renderers

        atomic_write(output, renderers(registry.renderers).render("ical", calendar).encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


def _as_timedelta(span: Any, day: datetime.date) -> datetime.timedelta:
    """A reminder span (days, weeks, months, years) as the fixed duration an alarm needs."""
    later: datetime.date = day + span
    return later - day
