"""``licensetrack init``, ``add`` and ``validate``: keep a profile without editing TOML by hand."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from licensetrack.cli.options import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    DateType,
    IdType,
    emit_json,
    format_option,
    handle_errors,
    profile_argument,
    profile_to_write_argument,
    registry_for,
    rules_dir_option,
    today,
)
from licensetrack.core.wording import count

if TYPE_CHECKING:
    from licensetrack.core.errors import Problem
    from licensetrack.core.rules import RuleSet
    from licensetrack.io.profiles import Checked

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
)


def _credential_from_flag(text: str) -> dict[str, Any]:
    """``id=ca-lmft,ruleset=us-ca-lmft,issued=2014-01-09[,expires=...][,roles=a;b]`` as profile data.

    Ids typed on the command line are accepted in any case, as options are (files stay strict).
    """
    fields: dict[str, Any] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            raise click.BadParameter(
                f"expected key=value pairs separated by commas, got {part!r}", param_hint="--credential"
            )
        key = key.strip()
        if key == "roles":
            fields[key] = [v.strip().lower() for v in value.split(";") if v.strip()]
        else:
            fields[key] = value.strip().lower() if key in ("id", "ruleset") else value.strip()
    return fields


def _period_needs(ruleset: RuleSet, on: datetime.date) -> str | None:
    """The profile field a rule set's periods cannot be worked out without, or None.

    A board-record cycle has no rule to compute the period from, so ``expires`` is needed; a
    birth-month cycle needs the practitioner's ``birth_date``. The cycle in force ``on`` decides,
    as in the engine.
    """
    from licensetrack.core.rules import CycleKind, in_force

    rule = in_force(ruleset.cycle, on) or ruleset.cycle[0]
    if rule.kind == CycleKind.RECORD:
        return "expires"
    if rule.kind == CycleKind.BIRTH_MONTH:
        return "birth_date"
    return None


def _why_needed(field: str, ruleset_id: str) -> str:
    """Why a field is required for a rule set: the same words at the prompt and in errors."""
    if field == "expires":
        return (
            f"is required: {ruleset_id} takes its periods from the board's record, so licensetrack cannot work out "
            "your period without it (the date is on your licence or the board's look-up page)"
        )
    return f"is required: {ruleset_id}'s periods end in your birth month"


class _PromptDate(DateType):
    """A date typed at a prompt, checked there so a wrong one is asked again, not lost at the end.

    Blank gives None unless ``why_required`` says why it may not be blank; with ``not_before``, a date
    before it is refused (an expiry before the issue date).
    """

    def __init__(self, why_required: str | None = None, not_before: tuple[str, datetime.date] | None = None) -> None:
        self.why_required = why_required
        self.not_before = not_before

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.why_required:
                self.fail(self.why_required, param, ctx)
            return None
        day = super().convert(value.strip() if isinstance(value, str) else value, param, ctx)
        if self.not_before is not None and day < self.not_before[1]:
            name, earliest = self.not_before
            self.fail(f"must not be before {name} ({earliest}), got {day}", param, ctx)
        return day


class _CredentialId(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    """A credential id in any case, checked as the profile checks it, and not one already used."""

    name = "ID"

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from licensetrack.core.errors import ModelError
        from licensetrack.core.validation import check_identifier

        text = str(value).strip()
        try:
            word = check_identifier("id", text.lower())
        except ModelError:
            from licensetrack.core.validation import identifier_message

            self.fail(identifier_message("id", text), param, ctx)
        if word in self.taken:
            self.fail(f"the profile already has a credential {word!r}", param, ctx)
        return word


class _Text(click.ParamType):  # type: ignore[type-arg]
    """Text with something in it besides spaces (a practitioner id joins records; it must not be blank)."""

    name = "TEXT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if not text:
            self.fail("must not be empty", param, ctx)
        return text


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

    Each answer is checked as it is given and asked again when wrong; stopping (Ctrl-C, end of input)
    writes nothing and exits 2. An existing file is replaced only with --force; a .json path gets
    JSON, any other TOML.

    Exit 0 when the profile is written; 2 for bad input (an unknown rule set, a bad date, an
    existing file), usage or an interrupted session.
    """
    from licensetrack.core.errors import ProfileError
    from licensetrack.io.editing import create_profile
    from licensetrack.io.files import check_writable
    from licensetrack.io.profiles import parse_profile

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
        try:
            header, credentials = _interview(registry.rulesets, name, birth_date)
        except click.Abort:
            click.echo("\nlicensetrack: init stopped before the profile was complete; nothing was written", err=True)
            sys.exit(EXIT_BAD_INPUT)
        name, birth_date = header.pop("name", None), header.pop("birth_date", None)
    if name:
        header["name"] = name
    if birth_date:
        header["birth_date"] = birth_date
    problems = list(_credential_problems(credentials, registry.rulesets, birth_date is not None, today()))
    try:
        practitioner = parse_profile(
            {"practitioner": header, "credentials": credentials}, source=str(profile), vocabulary=registry.vocabulary
        )
    except ProfileError as exc:
        raise ProfileError(str(profile), [*exc.problems, *problems]) from None
    if problems:
        raise ProfileError(str(profile), problems)
    create_profile(profile, practitioner, force=force)
    click.echo(f"wrote {profile} with {count(len(practitioner.credentials), 'credential')}", err=True)


def _credential_problems(
    credentials: list[dict[str, Any]], rulesets: Mapping[str, RuleSet], has_birth_date: bool, on: datetime.date
) -> Iterator[Problem]:
    """Credentials given by flags whose rule set is not installed or whose periods cannot be worked out."""
    from licensetrack.core.errors import Problem, close_match, quoted

    for index, credential in enumerate(credentials):
        where = f"credentials[{index}] ({quoted(str(credential.get('id')))})"
        ruleset_id = str(credential.get("ruleset"))
        ruleset = rulesets.get(ruleset_id)
        if ruleset is None:
            hint = close_match(ruleset_id, rulesets)
            yield Problem(f"{where}.ruleset", f"no rule set {ruleset_id!r} is installed{hint}")
            continue
        needed = _period_needs(ruleset, on)
        if needed == "expires" and not credential.get("expires") and not credential.get("period_start"):
            yield Problem(f"{where}.expires", _why_needed("expires", ruleset_id))
        elif needed == "birth_date" and not has_birth_date:
            yield Problem("practitioner.birth_date", _why_needed("birth_date", ruleset_id))


def _interview(
    rulesets: Mapping[str, RuleSet], name: str | None, birth_date: datetime.date | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Ask for the practitioner and each credential; every answer is checked at its own prompt."""
    header: dict[str, Any] = {"id": click.prompt("Your id (any short name, e.g. dana-rivera)", type=_Text())}
    header["name"] = name or click.prompt("Your name", default="", show_default=False) or None
    if birth_date is None:
        birth_date = click.prompt(
            "Birth date (YYYY-MM-DD; some boards renew in your birth month; blank to skip)",
            default="",
            show_default=False,
            type=_PromptDate(),
        )
    credentials = _prompt_credentials(rulesets)
    for credential in credentials:
        ruleset_id = credential["ruleset"]
        if birth_date is None and _period_needs(rulesets[ruleset_id], today()) == "birth_date":
            click.echo(f"Your birth date {_why_needed('birth_date', ruleset_id)}.", err=True)
            birth_date = click.prompt(
                "Birth date (YYYY-MM-DD)",
                default="",
                show_default=False,
                type=_PromptDate(_why_needed("birth_date", ruleset_id)),
            )
    header["birth_date"] = birth_date
    return header, credentials


def _prompt_credentials(rulesets: Mapping[str, RuleSet]) -> list[dict[str, Any]]:
    installed = sorted(rulesets)
    credentials: list[dict[str, Any]] = []
    click.echo("Installed rule sets: " + ", ".join(installed), err=True)
    while click.confirm("Add a licence or certification?", default=not credentials):
        ruleset = click.prompt("Rule set", type=click.Choice(installed, case_sensitive=False), show_choices=False)
        ruleset = ruleset.lower()
        default_id = ruleset.split("-", 1)[-1]
        credential_id = click.prompt(
            "Credential id", default=default_id, type=_CredentialId({c["id"] for c in credentials})
        )
        issued = click.prompt("Issued on (YYYY-MM-DD)", type=DateType())
        needed = _period_needs(rulesets[ruleset], today()) == "expires"
        why = _why_needed("expires", ruleset) if needed else None
        label = "Expires on, as on the board's record" + ("" if needed else " (blank if unknown)")
        credential: dict[str, Any] = {"id": credential_id, "ruleset": ruleset, "issued": issued}
        expires = click.prompt(label, default="", show_default=False, type=_PromptDate(why, ("issued", issued)))
        if expires:
            credential["expires"] = expires
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
    problems.extend(_credential_findings(str(profile), checked, registry.rulesets, today()))
    warnings = list(_future_dates(str(profile), checked, today()))
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


def _credential_findings(
    source: str, checked: Checked, rulesets: Mapping[str, RuleSet], on: datetime.date
) -> Iterator[str]:
    """What the file's layer cannot see: rule sets that are not installed, and periods that cannot be
    worked out, for every credential that names a well-formed rule set, readable or not."""
    from licensetrack.core.engine import evaluate
    from licensetrack.core.errors import LicensetrackError, Problem, close_match, quoted
    from licensetrack.core.model import Practitioner
    from licensetrack.core.vocabulary import WORD_PATTERN

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
        needed = _period_needs(ruleset, on)
        if needed == "expires" and credential.expires is None and credential.period_start is None:
            yield Problem(f"{where(index)}.expires", _why_needed("expires", ruleset.id)).render(source)
            continue
        if needed == "birth_date" and checked.birth_date is None:
            yield Problem("practitioner.birth_date", _why_needed("birth_date", ruleset.id)).render(source)
            continue
        practitioner = Practitioner(
            id="p", birth_date=checked.birth_date, credentials=(credential,), activities=activities
        )
        try:
            evaluate(practitioner, credential, ruleset, on)
        except LicensetrackError as exc:
            yield Problem(where(index), str(exc)).render(source)
