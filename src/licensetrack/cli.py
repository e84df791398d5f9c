"""The ``licensetrack`` command: thin commands over the core (parse, load, evaluate, render).

Exit codes are a contract: 0 all compliant or exempt, 1 findings (something deficient), 2 bad input
or usage, always with a message on stderr and never a traceback. Data goes to stdout, messages to
stderr. Modules are imported inside commands so ``--help`` stays fast.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from licensetrack.plugins import Registry

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class DateType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-01-31", param, ctx)


def handle_errors(function: F) -> F:
    """Turn the library's errors into a message on stderr and exit status 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from licensetrack.errors import LicensetrackError

        try:
            return function(*args, **kwargs)
        except LicensetrackError as exc:
            click.echo(f"licensetrack: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except KeyError as exc:
            click.echo(f"licensetrack: {exc.args[0]}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper  # type: ignore[return-value]


def use_colour() -> bool | None:
    """None lets click decide (colour on a terminal only); NO_COLOR turns it off everywhere."""
    return False if os.environ.get("NO_COLOR") else None


as_of_option = click.option(
    "--as-of", "as_of", type=DateType(), default=None, help="Evaluate on this date (default: today)."
)
format_option = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True
)
rules_dir_option = click.option(
    "--rules-dir",
    "rules_dirs",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="Also load rule files from this directory (repeatable).",
)


def registry_for(rules_dirs: tuple[Path, ...]) -> Registry:
    """Load the plugins, and say on stderr which ones failed (every run, so none fails silently)."""
    from licensetrack.plugins import load_registry, report_failures

    registry = load_registry(rules_dirs)
    report_failures(registry, lambda line: click.echo(line, err=True))
    return registry


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="licensetrack")
def main() -> None:
    """Where you stand with every board: CE hours counted, missing and due, with the rules cited."""


@main.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@as_of_option
@click.option("--credential", "credential_ids", multiple=True, help="Only this credential id (repeatable).")
@format_option
@rules_dir_option
@handle_errors
def check(
    profile: Path,
    as_of: datetime.date | None,
    credential_ids: tuple[str, ...],
    output_format: str,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Show every credential's period, requirements, counted and missing hours, and deadline."""
    from licensetrack.engine import evaluate_profile
    from licensetrack.profiles import read_profile

    registry = registry_for(rules_dirs)
    practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    report = evaluate_profile(practitioner, registry.rulesets, as_of or datetime.date.today(), credential_ids or None)
    if output_format == "json":
        from licensetrack.report import to_json

        click.echo(json.dumps(to_json(report), indent=2, ensure_ascii=False))
    else:
        from licensetrack.render import render_report

        click.echo(render_report(report, click.style), nl=False, color=use_colour())
    sys.exit(report.exit_status)


@main.command()
@click.argument("what", type=click.Choice(["profile", "report"]))
def schema(what: str) -> None:
    """Print the JSON Schema of the profile format or of the JSON report."""
    from licensetrack.schemas import PROFILE_SCHEMA, REPORT_SCHEMA

    click.echo(json.dumps(PROFILE_SCHEMA if what == "profile" else REPORT_SCHEMA, indent=2))


@main.command("plugins")
@format_option
@rules_dir_option
@handle_errors
def plugins_command(output_format: str, rules_dirs: tuple[Path, ...]) -> None:
    """List plugins: name, version, hooks, and what each registered; and any that failed."""
    registry = registry_for(rules_dirs)
    if output_format == "json":
        data = {
            "plugins": [
                {"name": p.name, "version": p.version, "hooks": list(p.hooks), "registered": list(p.registered)}
                for p in registry.plugins
            ],
            "failures": [{"plugin": f.plugin, "error": f.error} for f in registry.failures],
        }
        click.echo(json.dumps(data, indent=2))
        return
    for plugin in registry.plugins:
        click.echo(f"{plugin.name} {plugin.version or ''}".rstrip())
        click.echo(f"  hooks: {', '.join(plugin.hooks) or 'none'}")
        for item in plugin.registered:
            click.echo(f"  {item}")
    for failure in registry.failures:
        click.echo(f"{failure.plugin} (not loaded): {failure.error}")


@main.group()
def rules() -> None:
    """Rule sets: check rule files (more subcommands come with the rules issue)."""


@rules.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def rules_check(paths: tuple[Path, ...]) -> None:
    """Validate rule files (or directories of them) strictly, with the installed words and kinds.

    Exit 0 when every file is valid, 1 when any has problems (each named with file, key and a close
    match), 2 for usage errors.
    """
    from licensetrack.errors import RuleSetError
    from licensetrack.rulefiles import id_for, read_ruleset, rule_files

    registry = registry_for(())
    files: list[tuple[Path, Path | None]] = []
    for path in paths:
        if path.is_dir():
            files.extend((file, path) for file in rule_files(path))
        else:
            files.append((path, None))
    problems = 0
    for file, root in files:
        try:
            ruleset = read_ruleset(file, root=root, language=registry.language)
        except RuleSetError as exc:
            problems += 1
            click.echo(str(exc), err=True)
            continue
        expected = id_for(file.relative_to(root)) if root else None
        unverified = sum(1 for entry in ruleset.dated_entries() if not entry.verified)
        suffix = f"; {unverified} unverified" if unverified else ""
        click.echo(f"ok: {file} ({expected or ruleset.id}, {len(ruleset.dated_entries())} dated entries{suffix})")
    if not files:
        click.echo("licensetrack: no rule files found", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if problems:
        click.echo(f"{problems} of {len(files)} rule file(s) have problems", err=True)
        sys.exit(EXIT_FINDINGS)
