"""``licensetrack check``: where you stand, per credential."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import click

from licensetrack.cli.options import (
    IdType,
    as_of_option,
    echo_output,
    evaluate_file,
    format_option,
    handle_errors,
    profile_argument,
    rules_dir_option,
    soon_option,
)


@click.command(short_help="Where each credential stands: hours counted, missing and due.")
@profile_argument
@as_of_option
@click.option(
    "--credential", "credential_ids", type=IdType(), multiple=True, help="Only this credential id (repeatable)."
)
@format_option
@soon_option
@rules_dir_option
@handle_errors
def check(
    profile: Path,
    as_of: datetime.date | None,
    credential_ids: tuple[str, ...],
    output_format: str,
    soon: Any,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Show every credential's standing, period, requirements, counted and missing hours, and deadline.

    Exit 0 when every credential is compliant or exempt and none is overdue or expired; 1 otherwise
    (on track, due soon, overdue or expired); 2 for bad input or usage.
    """
    registry, _, report = evaluate_file(profile, rules_dirs, as_of, credential_ids, soon)
    echo_output(registry, output_format, report)
    sys.exit(report.exit_status)
