"""``licensetrack init``: create a profile, interactively or from flags, without editing TOML by hand."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from licensetrack.cli.options import (
    EXIT_BAD_INPUT,
    DateType,
    handle_errors,
    profile_to_write_argument,
    registry_for,
    rules_dir_option,
    today,
)
from licensetrack.cli.periods import period_needs, why_needed
from licensetrack.core.wording import count

if TYPE_CHECKING:
    from licensetrack.core.errors import Problem
    from licensetrack.core.rules import RuleSet


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
        needed = period_needs(ruleset, on)
        if needed == "expires" and not credential.get("expires") and not credential.get("period_start"):
            yield Problem(f"{where}.expires", why_needed("expires", ruleset_id))
        elif needed == "birth_date" and not has_birth_date:
            yield Problem("practitioner.birth_date", why_needed("birth_date", ruleset_id))


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
        if birth_date is None and period_needs(rulesets[ruleset_id], today()) == "birth_date":
            click.echo(f"Your birth date {why_needed('birth_date', ruleset_id)}.", err=True)
            birth_date = click.prompt(
                "Birth date (YYYY-MM-DD)",
                default="",
                show_default=False,
                type=_PromptDate(why_needed("birth_date", ruleset_id)),
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
        needed = period_needs(rulesets[ruleset], today()) == "expires"
        why = why_needed("expires", ruleset) if needed else None
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
