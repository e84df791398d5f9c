"""``licensetrack plan``: what remains per credential, and the course that helps the most credentials."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from licensetrack.cli.options import (
    as_of_option,
    echo_output,
    format_option,
    handle_errors,
    profile_argument,
    registry_for,
    rules_dir_option,
    today,
)


@click.command(short_help="What remains, and the course that helps the most credentials.")
@profile_argument
@as_of_option
@format_option
@rules_dir_option
@handle_errors
def plan(profile: Path, as_of: datetime.date | None, output_format: str, rules_dirs: tuple[Path, ...]) -> None:
    """What remains per credential, what may still count, and the course that helps the most credentials.

    A credential with an ended period not met (overdue) comes first.

    Exit 0 when nothing is missing, 1 when something is (an overdue period too), 2 for bad input or usage.
    """
    from licensetrack.core.planner import plan as make_plan
    from licensetrack.core.report import Standing, Status
    from licensetrack.io.profiles import read_profile

    registry = registry_for(rules_dirs)
    practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    result = make_plan(practitioner, registry.rulesets, as_of or today(), kinds=registry.kinds)
    echo_output(registry, output_format, result)
    sys.exit(int(any(r.status is Status.DEFICIENT or r.standing is Standing.OVERDUE for r in result.remaining)))
