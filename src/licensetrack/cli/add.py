"""``licensetrack add``: append a CE activity to a profile, validated first."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from licensetrack.cli.options import (
    DateType,
    IdType,
    handle_errors,
    profile_to_write_argument,
    registry_for,
    rules_dir_option,
    today,
)
from licensetrack.core.wording import count

if TYPE_CHECKING:
    from licensetrack.core.errors import Problem

# The values of licensetrack.core.model.Format, written out so that loading the command line does not
# import the model (and attrs); tests/test_cli_commands.py checks the two agree.
FORMATS = (
    "live",
    "live-online",
    "on-demand",
    "independent-study",
    "academic",
    "conference",
    "exam",
    "teaching",
    "publication",
    "course-completion",
)
# The ids of licensetrack.core.vocabulary.PROVIDER_TYPES, written out for the same reason; the same test checks them.
PROVIDER_TYPE_IDS = (
    "professional-association",
    "school",
    "government",
    "university",
    "charity",
    "supervisor",
    "hospital",
    "approved-provider",
    "commercial",
    "employer",
)


@click.command(short_help="Append a CE activity, validated first.")
@profile_to_write_argument
@click.option("--title", metavar="TITLE", required=True, help="The course's title.")
@click.option("--completed", type=DateType(), required=True, help="The day it was completed.")
@click.option("--hours", metavar="HOURS", default=None, help="Contact hours, e.g. 6 or 1.5.")
@click.option("--units", metavar="UNITS", default=None, help="Academic units (with --unit).")
@click.option(
    "--unit",
    type=click.Choice(["semester", "quarter"], case_sensitive=False),
    default=None,
    help="The kind of --units.",
)
@click.option("--days", metavar="DAYS", default=None, help="Conference days.")
@click.option(
    "--format",
    "activity_format",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="live",
    show_default=True,
    help="How it was delivered.",
)
@click.option(
    "--topic", "topics", type=IdType(), metavar="TOPIC", multiple=True, help="Topic id, any case (repeatable)."
)
@click.option(
    "--approval",
    "approvals",
    type=IdType(),
    metavar="BODY",
    multiple=True,
    help="Approval body id, any case (repeatable).",
)
@click.option("--provider", metavar="NAME", default=None, help="Who gave it.")
@click.option("--certificate", metavar="PATH", default=None, help="Path or URL of the certificate.")
@click.option(
    "--provider-type",
    type=click.Choice(PROVIDER_TYPE_IDS),
    default=None,
    help="The kind of organisation that gave it (`licensetrack vocabulary` lists them).",
)
@click.option(
    "--for-period-ending",
    type=DateType(),
    default=None,
    help="Hours taken to cure an ended period's shortfall: the end of that period (any day in it lands there). "
    "The activity then counts in that period, not in the one containing its completion date.",
)
@click.option("--allow-duplicate", is_flag=True, help="Record it even if the same activity is already there.")
@rules_dir_option
@handle_errors
def add(
    profile: Path,
    title: str,
    completed: datetime.date,
    hours: str | None,
    units: str | None,
    unit: str | None,
    days: str | None,
    activity_format: str,
    topics: tuple[str, ...],
    approvals: tuple[str, ...],
    provider: str | None,
    certificate: str | None,
    provider_type: str | None,
    for_period_ending: datetime.date | None,
    allow_duplicate: bool,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Append a CE activity, validated first; comments and layout of a TOML profile are kept.

    Give its size one way: --hours; or --units with --unit; or --days (rule sets convert units and
    days to hours). An exact duplicate is refused unless --allow-duplicate.

    Exit 0 when the activity is added; 2 for bad input (a bad value, an unknown topic or approval,
    a duplicate) or usage.
    """
    from licensetrack.core.errors import ProfileError
    from licensetrack.io.editing import append_activity
    from licensetrack.io.profiles import parse_profile

    registry = registry_for(rules_dirs)
    record: dict[str, Any] = {"title": title, "completed": completed, "format": activity_format}
    for key, value in (
        ("hours", hours),
        ("units", units),
        ("unit", unit),
        ("days", days),
        ("provider", provider),
        ("certificate", certificate),
        ("provider_type", provider_type),
        ("for_period_ending", for_period_ending),
    ):
        if value is not None:
            record[key] = value
    if topics:
        record["topics"] = list(topics)
    if approvals:
        record["approvals"] = list(approvals)
    try:
        probe = parse_profile({"practitioner": {"id": "new"}, "activities": [record]}, vocabulary=registry.vocabulary)
    except ProfileError as exc:
        raise ProfileError("the new activity", [_as_option(problem) for problem in exc.problems]) from None
    written = append_activity(
        profile, probe.activities[0], vocabulary=registry.vocabulary, allow_duplicate=allow_duplicate
    )
    from licensetrack.core.validation import future_completion

    warning = future_completion(completed, today())
    if warning:
        click.echo(f"licensetrack: warning: the new activity: --completed: {warning}", err=True)
    click.echo(f"added {title!r} to {profile} ({count(len(written.activities), 'activity')})", err=True)


# The option of ``add`` that sets each field of an activity, to name in its problems.
_OPTIONS = {"topics": "--topic", "approvals": "--approval"}


def _as_option(problem: Problem) -> Problem:
    """A problem of the probe's ``activities[0] ("T").hours`` as the option that gave it: ``--hours``.

    The person typed options, not a file: ``activities[0]`` would point at nothing they can see.
    """
    from licensetrack.core.errors import Problem

    _, _, rest = problem.path.rpartition(").") if '("' in problem.path else problem.path.partition("].")
    field = rest.split("[", 1)[0]
    if not field:
        return Problem("", problem.message)
    return Problem(_OPTIONS.get(field, "--" + field), problem.message)
