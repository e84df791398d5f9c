"""``licensetrack deadlines``: every upcoming date across all credentials, sorted."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from licensetrack.cli.options import (
    DurationType,
    as_of_option,
    echo_output,
    format_option,
    handle_errors,
    profile_argument,
    registry_for,
    rules_dir_option,
    soon_days,
    soon_option,
    today,
)


@click.command(short_help="Every upcoming date across all credentials, sorted.")
@profile_argument
@as_of_option
@click.option("--within", type=DurationType(), default=None, help="Only dates within this span: 180d, 26w, 6m, 1y.")
@format_option
@soon_option
@rules_dir_option
@handle_errors
def deadlines(
    profile: Path,
    as_of: datetime.date | None,
    within: Any,
    output_format: str,
    soon: Any,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Every upcoming date across all credentials, sorted.

    Renewals, one-time and every-Nth requirements, and when a period's records may be discarded
    (with how many to keep and how many have no certificate on file). An ended period not met comes
    first, marked OVERDUE; a date still owing something within --soon is marked DUE-SOON.

    Exit 0, whatever is due (check and plan say what is missing); 2 for bad input or usage.
    """
    from licensetrack.core.deadlines import deadlines as find_deadlines
    from licensetrack.formats.shapes import Deadlines
    from licensetrack.io.profiles import read_profile

    registry = registry_for(rules_dirs)
    practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    day = as_of or today()
    limit = day + within if within is not None else None
    items = find_deadlines(
        practitioner, registry.rulesets, day, limit, kinds=registry.kinds, soon_days=soon_days(day, soon)
    )
    echo_output(registry, output_format, Deadlines.of(items, day))
