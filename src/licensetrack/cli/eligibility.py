"""``licensetrack eligibility``: which certifications and compact privileges the profile qualifies for."""

from __future__ import annotations

import datetime
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


@click.command(short_help="Which certifications and compact privileges the profile qualifies for.")
@profile_argument
@as_of_option
@click.option(
    "--ruleset",
    "ruleset_ids",
    metavar="ID",
    multiple=True,
    help="Ask about this rule set only (repeatable); by default every one that states a home or a degree.",
)
@format_option
@rules_dir_option
@handle_errors
def eligibility(
    profile: Path,
    as_of: datetime.date | None,
    ruleset_ids: tuple[str, ...],
    output_format: str,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Which certifications and compact privileges the profile's degrees and licences qualify for.

    For every installed rule set that states a home credential ([[home]]: a compact privilege's home
    licence, PSYPACT's E.Passport's) or a degree ([[degree]]: level, field, accreditation, credit hours,
    when conferred), each condition met or not, what meets it or what is missing, and the rule's citation.
    Facts no profile holds (examinations, background checks, fees) are not judged.

    Exit 0 whatever the answers; 2 for bad input or usage (an unknown --ruleset included).
    """
    from licensetrack.core.eligibility import eligibility as find_eligibility
    from licensetrack.core.engine import UnknownRuleSetError
    from licensetrack.core.errors import close_match
    from licensetrack.io.profiles import read_profile

    registry = registry_for(rules_dirs)
    practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    day = as_of or today()
    for ruleset_id in ruleset_ids:
        if ruleset_id not in registry.rulesets:
            hint = close_match(ruleset_id, registry.rulesets)
            raise UnknownRuleSetError(f"--ruleset: no rule set {ruleset_id!r} is installed{hint}")
    echo_output(registry, output_format, find_eligibility(practitioner, registry.rulesets, day, ruleset_ids))
