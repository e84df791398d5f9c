"""``licensetrack init``, ``add`` and ``validate``: keep a profile without editing TOML by hand."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import click

from licensetrack.cliutil import (
    EXIT_FINDINGS,
    DateType,
    emit_json,
    format_option,
    handle_errors,
    profile_argument,
    profile_to_write_argument,
    registry_for,
    rules_dir_option,
    today,
)
from licensetrack.wording import count

# The values of licensetrack.model.Format, written out so that loading the command line does not
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
)


def _credential_from_flag(text: str) -> dict[str, Any]:
    """``id=ca-lmft,ruleset=us-ca-lmft,issued=2014-01-09[,expires=...][,roles=a;b]`` as profile data."""
    fields: dict[str, Any] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            raise click.BadParameter(
                f"expected key=value pairs separated by commas, got {part!r}", param_hint="--credential"
            )
        fields[key.strip()] = [v for v in value.split(";") if v] if key.strip() == "roles" else value.strip()
    return fields


@click.command(short_help="Create a profile, interactively or from flags.")
@profile_to_write_argument
@click.option("--id", "practitioner_id", metavar="ID", default=None, help="Practitioner id (no prompts when given).")
@click.option("--name", metavar="NAME", default=None, help="Your name, as the boards have it.")
@click.option(
    "--birth-date", type=DateType(), default=None, help="When you were born; some boards renew in your birth month."
)
@click.option(
    "--credential",
    "credential_flags",
    multiple=True,
    metavar="id=..,ruleset=..,issued=..[,expires=..][,number=..][,roles=a;b]",
    help="A credential (repeatable).",
)
@click.option("--force", is_flag=True, help="Replace an existing file.")
@rules_dir_option
@handle_errors
def init(
    profile: Path,
    practitioner_id: str | None,
    name: str | None,
    birth_date: datetime.date | None,
    credential_flags: tuple[str, ...],
    force: bool,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Create a profile: interactively, or from flags for scripts (give --id to skip the questions).

    An existing file is replaced only with --force; a .json path gets JSON, any other TOML.

    Exit 0 when the profile is written; 2 for bad input (an unknown rule set, a bad date, an
    existing file) or usage.
    """
    from licensetrack.editing import create_profile
    from licensetrack.errors import ProfileError
    from licensetrack.fileio import check_writable
    from licensetrack.profiles import parse_profile

    check_writable(profile)  # before any question is asked
    if profile.exists() and not force:
        raise ProfileError.single(str(profile), "", "already exists; use --force to replace it")
    registry = registry_for(rules_dirs)
    header: dict[str, Any]
    credentials: list[dict[str, Any]]
    if practitioner_id is not None:
        header = {"id": practitioner_id}
        credentials = [_credential_from_flag(flag) for flag in credential_flags]
    else:
        header = {"id": click.prompt("Your id (any short name, e.g. dana-rivera)")}
        name = name or click.prompt("Your name", default="", show_default=False) or None
        if birth_date is None:
            born = click.prompt(
                "Birth date (YYYY-MM-DD; some boards renew in your birth month; blank to skip)",
                default="",
                show_default=False,
            )
            birth_date = DateType().convert(born, None, None) if born else None
        credentials = _prompt_credentials(sorted(registry.rulesets))
    if name:
        header["name"] = name
    if birth_date:
        header["birth_date"] = birth_date
    for credential in credentials:
        if credential.get("ruleset") in registry.rulesets:
            continue
        from licensetrack.errors import close_match

        hint = close_match(str(credential.get("ruleset")), registry.rulesets)
        raise ProfileError.single(
            str(profile),
            f"credentials ({credential.get('id')}).ruleset",
            f"no rule set {credential.get('ruleset')!r} is installed{hint}",
        )
    practitioner = parse_profile(
        {"practitioner": header, "credentials": credentials}, source=str(profile), vocabulary=registry.vocabulary
    )
    create_profile(profile, practitioner, force=force)
    click.echo(f"wrote {profile} with {count(len(practitioner.credentials), 'credential')}", err=True)


def _prompt_credentials(installed: list[str]) -> list[dict[str, Any]]:
    credentials: list[dict[str, Any]] = []
    click.echo("Installed rule sets: " + ", ".join(installed), err=True)
    while click.confirm("Add a licence or certification?", default=not credentials):
        ruleset = click.prompt("Rule set", type=click.Choice(installed), show_choices=False)
        default_id = ruleset.split("-", 1)[-1]
        credential: dict[str, Any] = {
            "id": click.prompt("Credential id", default=default_id),
            "ruleset": ruleset,
            "issued": click.prompt("Issued on (YYYY-MM-DD)", type=DateType()),
        }
        expires = click.prompt(
            "Expires on, as on the board's record (blank if unknown)", default="", show_default=False
        )
        if expires:
            credential["expires"] = DateType().convert(expires, None, None)
        number = click.prompt("Licence number (blank to skip)", default="", show_default=False)
        if number:
            credential["number"] = number
        credentials.append(credential)
    return credentials


@click.command(short_help="Append a CE activity, validated first.")
@profile_to_write_argument
@click.option("--title", metavar="TITLE", required=True, help="The course's title.")
@click.option("--completed", type=DateType(), required=True, help="The day it was completed.")
@click.option("--hours", metavar="HOURS", default=None, help="Contact hours, e.g. 6 or 1.5.")
@click.option("--units", metavar="UNITS", default=None, help="Academic units (with --unit).")
@click.option("--unit", type=click.Choice(["semester", "quarter"]), default=None, help="The kind of --units.")
@click.option("--days", metavar="DAYS", default=None, help="Conference days.")
@click.option(
    "--format",
    "activity_format",
    type=click.Choice(FORMATS),
    default="live",
    show_default=True,
    help="How it was delivered.",
)
@click.option("--topic", "topics", metavar="TOPIC", multiple=True, help="Topic id (repeatable).")
@click.option("--approval", "approvals", metavar="BODY", multiple=True, help="Approval body id (repeatable).")
@click.option("--provider", metavar="NAME", default=None, help="Who gave it.")
@click.option("--certificate", metavar="PATH", default=None, help="Path or URL of the certificate.")
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
    allow_duplicate: bool,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Append a CE activity, validated first; comments and layout of a TOML profile are kept.

    Give its size one way: --hours; or --units with --unit; or --days (rule sets convert units and
    days to hours). An exact duplicate is refused unless --allow-duplicate.

    Exit 0 when the activity is added; 2 for bad input (a bad value, an unknown topic or approval,
    a duplicate) or usage.
    """
    from licensetrack.editing import append_activity
    from licensetrack.profiles import parse_profile

    registry = registry_for(rules_dirs)
    record: dict[str, Any] = {"title": title, "completed": completed, "format": activity_format}
    for key, value in (
        ("hours", hours),
        ("units", units),
        ("unit", unit),
        ("days", days),
        ("provider", provider),
        ("certificate", certificate),
    ):
        if value is not None:
            record[key] = value
    if topics:
        record["topics"] = list(topics)
    if approvals:
        record["approvals"] = list(approvals)
    probe = parse_profile(
        {"practitioner": {"id": "new"}, "activities": [record]},
        source="the new activity",
        vocabulary=registry.vocabulary,
    )
    written = append_activity(
        profile, probe.activities[0], vocabulary=registry.vocabulary, allow_duplicate=allow_duplicate
    )
    click.echo(f"added {title!r} to {profile} ({count(len(written.activities), 'activity')})", err=True)


@click.command(short_help="Everything wrong with a profile, at once.")
@profile_argument
@format_option
@rules_dir_option
@handle_errors
def validate(profile: Path, output_format: str, rules_dirs: tuple[Path, ...]) -> None:
    """Check a profile and say everything wrong with it at once.

    Exit 0 when it is valid, 1 when it has problems (the problems are the findings), 2 for usage.
    """
    from licensetrack.errors import LicensetrackError, close_match
    from licensetrack.profiles import read_profile

    registry = registry_for(rules_dirs)
    problems: list[str] = []
    try:
        practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    except LicensetrackError as exc:
        problems = str(exc).splitlines()
    else:
        from licensetrack.engine import evaluate

        for index, credential in enumerate(practitioner.credentials):
            where = f"{profile}: credentials[{index}] ({credential.id})"
            ruleset = registry.rulesets.get(credential.ruleset)
            if ruleset is None:
                hint = close_match(credential.ruleset, registry.rulesets)
                problems.append(f"{where}.ruleset: no rule set {credential.ruleset!r} is installed{hint}")
                continue
            try:
                evaluate(practitioner, credential, ruleset, today())
            except LicensetrackError as exc:
                problems.append(f"{where}: {exc}")
    if output_format == "json":
        emit_json({"profile": str(profile), "valid": not problems, "problems": problems})
    elif problems:
        for line in problems:
            click.echo(line)
    else:
        click.echo(f"{profile}: valid")
    if problems:
        sys.exit(EXIT_FINDINGS)
