"""``licensetrack validate``: everything wrong with a profile, at once."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from licensetrack.cli.options import (
    EXIT_FINDINGS,
    emit_json,
    format_option,
    handle_errors,
    profile_argument,
    registry_for,
    rules_dir_option,
    today,
)
from licensetrack.cli.periods import period_needs, why_needed

if TYPE_CHECKING:
    from licensetrack.io.profiles import Checked
    from licensetrack.plugins.registry import Registry


@click.command(short_help="Everything wrong with a profile, at once.")
@profile_argument
@format_option
@rules_dir_option
@handle_errors
def validate(profile: Path, output_format: str, rules_dirs: tuple[Path, ...]) -> None:
    """Check a profile and say everything wrong with it at once.

    Exit 0 when it is valid, 1 when it has problems (the problems are the findings), 2 for usage.
    """
    from licensetrack.io.profiles import check_profile

    registry = registry_for(rules_dirs)
    checked = check_profile(profile, vocabulary=registry.vocabulary)
    problems = [p.render(str(profile)) for p in checked.problems]
    problems.extend(_credential_findings(str(profile), checked, registry, today()))
    warnings = [
        *_future_dates(str(profile), checked, today()),
        *_uncounted_days(str(profile), checked, registry, today()),
    ]
    if output_format == "json":
        from licensetrack.formats.shapes import Validation, to_json

        emit_json(
            to_json(
                Validation(profile=str(profile), valid=not problems, problems=tuple(problems), warnings=tuple(warnings))
            )
        )
        if problems:
            sys.exit(EXIT_FINDINGS)
        return
    for line in warnings:
        click.echo(f"warning: {line}")
    for line in problems:
        click.echo(line)
    if not problems:
        click.echo(f"{profile}: valid")
    if problems:
        sys.exit(EXIT_FINDINGS)


def _future_dates(source: str, checked: Checked, on: datetime.date) -> Iterator[str]:
    """Warnings (not problems) for activities completed after ``on``: valid, but most likely typos."""
    from licensetrack.core.errors import Problem, quoted
    from licensetrack.core.validation import future_completion

    for index, activity in checked.activities:
        warning = future_completion(activity.completed, on)
        if warning:
            yield Problem(f"activities[{index}] ({quoted(activity.title)}).completed", warning).render(source)


def _uncounted_days(source: str, checked: Checked, registry: Registry, on: datetime.date) -> Iterator[str]:
    """Warnings for days of practice recorded on a credential whose rule set limits none on ``on``: they are kept
    in the profile and counted by nothing, most likely recorded on the wrong credential (the TAP's, not the IPC's)."""
    from licensetrack.core.errors import Problem

    for index, credential in checked.credentials:
        ruleset = registry.rulesets.get(credential.ruleset)
        if credential.practice_days and ruleset is not None and ruleset.practice_limit_on(on) is None:
            yield Problem(
                f"credentials[{index}] ({credential.id!r}).practice_days",
                f"rule set {ruleset.id} limits no days of practice, so these days count toward nothing",
            ).render(source)


def _credential_findings(source: str, checked: Checked, registry: Registry, on: datetime.date) -> Iterator[str]:
    """What the file's layer cannot see: rule sets that are not installed, and periods that cannot be
    worked out, for every credential that names a well-formed rule set, readable or not."""
    import attrs

    from licensetrack.core.engine import evaluate
    from licensetrack.core.errors import LicensetrackError, Problem, close_match, quoted
    from licensetrack.core.model import Practitioner
    from licensetrack.core.vocabulary import WORD_PATTERN

    rulesets = registry.rulesets

    def where(index: int) -> str:
        label = dict(checked.raw_credentials).get(index, {}).get("id")
        return f"credentials[{index}]" + (f" ({quoted(label)})" if isinstance(label, str) and label.strip() else "")

    for index, raw in checked.raw_credentials:
        ruleset_id = raw.get("ruleset")
        if isinstance(ruleset_id, str) and WORD_PATTERN.match(ruleset_id) and ruleset_id not in rulesets:
            hint = close_match(ruleset_id, rulesets)
            yield Problem(f"{where(index)}.ruleset", f"no rule set {ruleset_id!r} is installed{hint}").render(source)
    activities = tuple(activity for _, activity in checked.activities)
    for index, credential in checked.credentials:
        ruleset = rulesets.get(credential.ruleset)
        if ruleset is None:
            continue
        needed = period_needs(ruleset, on)
        if needed == "expires" and credential.expires is None and credential.period_start is None:
            yield Problem(f"{where(index)}.expires", why_needed("expires", ruleset.id)).render(source)
            continue
        if needed == "birth_date" and checked.birth_date is None:
            yield Problem("practitioner.birth_date", why_needed("birth_date", ruleset.id)).render(source)
            continue
        alone = attrs.evolve(credential, home=None)  # judged alone: its home was checked with the profile
        practitioner = Practitioner(id="p", birth_date=checked.birth_date, credentials=(alone,), activities=activities)
        try:
            evaluate(practitioner, alone, ruleset, on, kinds=registry.kinds)
        except LicensetrackError as exc:
            yield Problem(where(index), str(exc)).render(source)
