"""``licensetrack rules``: list, show and check rule sets."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from licensetrack.cli.options import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    DateType,
    IdType,
    as_of_option,
    emit_json,
    format_option,
    handle_errors,
    registry_for,
    rules_dir_option,
    today,
    use_colour,
)
from licensetrack.core.professions import PROFESSIONS, profession_named, state_of
from licensetrack.core.wording import count

if TYPE_CHECKING:
    from licensetrack.formats.views import Holder
    from licensetrack.plugins.registry import Registry


@click.group(short_help="List, show and check rule sets.")
def rules() -> None:
    """Rule sets: list what is installed, show what a board requires, check rule files.

    Each subcommand's --help gives its exit codes.
    """


class ProfessionType(click.ParamType):  # type: ignore[type-arg]
    """One of the four professions, or what its members are called (``counselor`` for counseling)."""

    name = "PROFESSION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        found = profession_named(str(value))
        if found is None:
            self.fail(
                f"{value!r} is not a profession: {', '.join(PROFESSIONS)} (or counselor, psychologist, ...)", param, ctx
            )
        return found


@rules.command("list", short_help="Installed rule sets and how much of each is verified.")
@click.option(
    "--authority",
    type=IdType(),
    metavar="PREFIX",
    default=None,
    help="Only ids starting with this prefix, e.g. us-ny or nbcc.",
)
@click.option(
    "--state",
    type=IdType(),
    metavar="XX",
    default=None,
    help="Only one US state's rule sets, by its two-letter code, e.g. il.",
)
@click.option(
    "--profession",
    type=ProfessionType(),
    default=None,
    help=f"Only rule sets of one profession: {', '.join(PROFESSIONS)} (or counselor, psychologist, "
    "social-worker, mft).",
)
@format_option
@rules_dir_option
@handle_errors
def rules_list(
    authority: str | None,
    state: str | None,
    profession: str | None,
    output_format: str,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Installed rule sets: id, title, authority, where they come from and how much is verified.

    --state, --profession and --authority combine: a rule set is listed when it matches every one
    given. A rule set's state is read from its id (us-<state>-<credential>); national bodies have none.

    Exit 0 (also when none match); 2 for usage.
    """
    from licensetrack.formats.shapes import RuleSetList, RuleSetSummary, to_json

    registry = registry_for(rules_dirs)
    rows: list[RuleSetSummary] = []
    for ruleset_id, ruleset in registry.rulesets.items():
        ruleset_state = state_of(ruleset_id)
        if authority and not ruleset_id.startswith(authority):
            continue
        if state and ruleset_state != state.lower():
            continue
        if profession and ruleset.profession != profession:
            continue
        entries = ruleset.dated_entries()
        rows.append(
            RuleSetSummary(
                id=ruleset_id,
                title=ruleset.title,
                authority=ruleset.authority,
                profession=ruleset.profession,
                state=ruleset_state,
                plugin=registry.origins.get(f"ruleset:{ruleset_id}"),
                verified_on=ruleset.verified_on,
                entries=len(entries),
                verified_entries=sum(1 for e in entries if e.verified),
            )
        )
    if output_format == "json":
        emit_json(to_json(RuleSetList(rulesets=tuple(rows))))
        return
    if not rows:
        click.echo("No rule sets match.", err=True)
        return
    for row in rows:
        click.echo(f"{row.id:<22} {row.title[:56]}")
        verified = f"{row.verified_entries} of {count(row.entries, 'fact')} verified"
        click.echo(f"{'':<22} {verified} · {row.plugin}")


@rules.command("show", short_help="What a rule set requires on a date, cited.")
@click.argument("ruleset_id", type=IdType())
@as_of_option
@click.option("--issued", type=DateType(), default=None, help="The credential's issue date (fixes the period).")
@click.option("--expires", type=DateType(), default=None, help="The end of a period, from the board's record.")
@click.option("--birth-date", type=DateType(), default=None, help="For periods that end in the birth month.")
@click.option(
    "--role",
    "roles",
    type=IdType(),
    metavar="ROLE",
    multiple=True,
    help="A role the credential holds, e.g. supervisor (repeatable).",
)
@click.option(
    "--profile",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Take the credential (dates, roles, birth date) from this profile.",
)
@click.option(
    "--credential",
    "credential_id",
    type=IdType(),
    default=None,
    help="The credential of --profile (if it has several).",
)
@format_option
@rules_dir_option
@handle_errors
def rules_show(
    ruleset_id: str,
    as_of: datetime.date | None,
    issued: datetime.date | None,
    expires: datetime.date | None,
    birth_date: datetime.date | None,
    roles: tuple[str, ...],
    profile: Path | None,
    credential_id: str | None,
    output_format: str,
    rules_dirs: tuple[Path, ...],
) -> None:
    """What a rule set requires in the period containing a date, as check applies it, with citations,
    sources and what is unverified.

    The period depends on the credential: give --issued (and --birth-date, --expires, --role), or
    --profile with --credential. Without them the period is assumed, and the assumption is shown.

    Exit 0; 2 for an unknown rule set (with a close match), a profile without that credential, or usage.
    """
    from licensetrack.core.engine import UnknownRuleSetError
    from licensetrack.core.errors import close_match
    from licensetrack.formats.views import holder_for, ruleset_json, ruleset_text

    registry = registry_for(rules_dirs)
    ruleset = registry.rulesets.get(ruleset_id)
    if ruleset is None:
        hint = close_match(ruleset_id, registry.rulesets)
        raise UnknownRuleSetError(f"no rule set {ruleset_id!r} is installed{hint}")
    day = as_of or today()
    if profile is not None:
        if issued or expires or birth_date or roles:
            raise click.UsageError("give --profile, or --issued/--expires/--birth-date/--role, not both")
        holder = _profile_holder(profile, credential_id, ruleset_id, registry)
    elif credential_id is not None:
        raise click.UsageError("--credential names a credential of --profile; give --profile too")
    else:
        from licensetrack.core.errors import ModelError

        try:
            holder = holder_for(ruleset, day, issued=issued, expires=expires, birth_date=birth_date, roles=roles)
        except ModelError as exc:
            field = exc.field.partition("[")[0]
            option = {"roles": "--role", "birth_date": "--birth-date"}.get(field, f"--{field}")
            raise click.UsageError(f"{option}: {exc.message}") from None
    data = ruleset_json(ruleset, day, holder, registry.kinds)
    if output_format == "json":
        emit_json(data)
    else:
        click.echo(ruleset_text(data, click.style), nl=False, color=use_colour())


def _profile_holder(profile: Path, credential_id: str | None, ruleset_id: str, registry: Registry) -> Holder:
    """The profile's credential under this rule set: the one named, or the only one there is."""
    from licensetrack.formats.views import Holder
    from licensetrack.io.profiles import read_profile

    practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    if credential_id is not None:
        credential = practitioner.credential(credential_id)
        if credential.ruleset != ruleset_id:
            raise click.UsageError(
                f"credential {credential_id!r} of {profile} follows {credential.ruleset!r}, not {ruleset_id!r}"
            )
        return Holder(practitioner=practitioner, credential=credential)
    matching = [c for c in practitioner.credentials if c.ruleset == ruleset_id]
    if not matching:
        raise click.UsageError(f"{profile} has no credential under {ruleset_id!r}")
    if len(matching) > 1:
        ids = ", ".join(c.id for c in matching)
        raise click.UsageError(
            f"{profile} has several credentials under {ruleset_id!r} ({ids}): choose one with --credential"
        )
    return Holder(practitioner=practitioner, credential=matching[0])


@rules.command("check", short_help="Validate rule files strictly.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def rules_check(paths: tuple[Path, ...]) -> None:
    """Validate rule files (or directories of them) strictly, with the installed words and kinds.

    Exit 0 when every file is valid, 1 when any has problems (each named with file, key and a close
    match), 2 for usage errors.
    """
    from licensetrack.core.errors import RuleSetError
    from licensetrack.io.rulefiles import BoardCache, board_errors, read_ruleset, rule_files_at

    registry = registry_for(())
    files: list[tuple[Path, Path | None]] = []
    for path in paths:
        try:
            files.extend(rule_files_at(path))
        except RuleSetError:
            files.append((path, None))  # reading it says what is wrong (missing, unreadable, not TOML)
    if not files:
        click.echo("licensetrack: no rule files found", err=True)
        sys.exit(EXIT_BAD_INPUT)
    problems = 0
    boards = BoardCache(registry.language)
    shown: set[str] = set()
    for file, root in files:
        try:
            ruleset = read_ruleset(file, root=root, language=registry.language, boards=boards)
        except RuleSetError as exc:
            problems += 1
            shown.add(str(exc))
            click.echo(str(exc), err=True)
            continue
        unverified = sum(1 for entry in ruleset.dated_entries() if not entry.verified)
        suffix = f"; {unverified} unverified" if unverified else ""
        click.echo(f"ok: {file} ({ruleset.id}, {count(len(ruleset.dated_entries()), 'dated entry')}{suffix})")
    unused = [str(e) for e in board_errors((file.parent for file, _ in files), boards) if str(e) not in shown]
    for error in unused:  # a broken board file no file takes from (one that is used was shown above)
        click.echo(error, err=True)
    problems += len(unused)
    if problems:
        verb = "has" if problems == 1 else "have"
        click.echo(f"{problems} of {count(len(files) + len(unused), 'rule file')} {verb} problems", err=True)
        sys.exit(EXIT_FINDINGS)
