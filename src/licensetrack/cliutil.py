"""What every command shares: options, date and duration parsing, error handling, the registry.

Defined once here (as pip-tools does with its options module) so the commands stay thin and agree.
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


def output_option(help_text: str) -> Callable[[F], F]:
    """``-o/--output FILE``: write there (atomically) instead of stdout."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help_text)


rules_dir_option = click.option(
    "--rules-dir",
    "rules_dirs",
    type=click.Path(path_type=Path),
    multiple=True,
    help="Also load rule files from this directory, authority folder or file (repeatable).",
)


def registry_for(rules_dirs: tuple[Path, ...]) -> Registry:
    """Load the plugins, and say on stderr which ones failed (every run, so none fails silently)."""
    from licensetrack.plugins import load_registry, report_failures

    registry = load_registry(rules_dirs)
    report_failures(registry, lambda line: click.echo(line, err=True))
    return registry


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


class DurationType(click.ParamType):  # type: ignore[type-arg]
    """``180d``, ``26w``, ``6m`` or ``1y``: a span after the as-of date."""

    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from dateutil.relativedelta import relativedelta

        if isinstance(value, relativedelta):
            return value
        text = str(value).strip().lower()
        units = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
        if len(text) < 2 or not text[:-1].isdigit() or text[-1] not in units:
            self.fail(f"{value!r} is not a duration like 180d, 26w, 6m or 1y", param, ctx)
        count, unit = int(text[:-1]), text[-1]
        if unit == "d":
            return relativedelta(days=count)
        if unit == "w":
            return relativedelta(weeks=count)
        if unit == "m":
            return relativedelta(months=count)
        return relativedelta(years=count)


profile_argument = click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))


def today() -> datetime.date:
    """The one place the command line reads the clock; the core never does."""
    return datetime.date.today()
