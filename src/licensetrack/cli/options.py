"""What every command shares: options, date and duration parsing, error handling, the registry.

Defined once here (as pip-tools does with its options module) so the commands stay thin and agree.
"""

from __future__ import annotations

import datetime
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from licensetrack.core.model import Practitioner
    from licensetrack.core.report import Report
    from licensetrack.plugins.registry import Registry

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


class IdType(click.ParamType):  # type: ignore[type-arg]
    """An id typed on the command line, in any case: ``--approval NBCC`` means ``nbcc``.

    Files stay strict (an id there is data others read); a person typing an option should not have to.
    """

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return str(value).strip().lower()


def handle_errors(function: F) -> F:
    """Turn the library's errors into a message on stderr and exit status 2.

    A file that cannot be written is a WriteError (fileio), one of the library's errors. Standard
    output that cannot be written (a full disk behind ``> out.txt``) is said the same way; any other
    OSError is left alone, to be seen, and a closed pipe (``| head``) is left to click, which ends quietly.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from licensetrack.core.errors import LicensetrackError

        try:
            return function(*args, **kwargs)
        except LicensetrackError as exc:
            click.echo(f"licensetrack: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except KeyError as exc:
            click.echo(f"licensetrack: {exc.args[0]}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            if exc.errno == errno.EPIPE or not _raised_writing_stdout(exc):
                raise
            from licensetrack.io.files import strerror

            click.echo(f"licensetrack: cannot write standard output: {strerror(exc)}", err=True)
            _discard_stdout()
            sys.exit(EXIT_BAD_INPUT)

    return wrapper  # type: ignore[return-value]


def _raised_writing_stdout(exc: OSError) -> bool:
    """Whether the call that failed was a write to standard output: the innermost Python frame (click's
    echo, or a command writing to ``sys.stdout``) holds the stream it was writing to."""
    traceback = exc.__traceback__
    if traceback is None:
        return False
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    return any(value is sys.stdout for value in traceback.tb_frame.f_locals.values())


def _discard_stdout() -> None:
    """Point standard output at the null device: what it still holds would fail again when flushed at
    exit (an "Exception ignored" message and status 120), as the Python documentation notes for pipes."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):
        return  # not a real file (click's test runner): nothing flushes it at exit
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def use_colour() -> bool | None:
    """None lets click decide (colour on a terminal only); NO_COLOR turns it off everywhere."""
    return False if os.environ.get("NO_COLOR") else None


as_of_option = click.option(
    "--as-of", "as_of", type=DateType(), default=None, help="Evaluate on this date (default: today)."
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)


class OutputPath(click.Path):
    """A file a command writes (FILE in help). Nothing is checked while parsing: the writer (fileio)
    says what is wrong with the place (no folder, a folder, read-only, full) in one line and exit 2,
    as for any other failed write, not as a usage error. Tests find every output by this type."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return Path(value)


def output_option(help_text: str) -> Callable[[F], F]:
    """``-o/--output FILE``: write there (atomically) instead of stdout; ``-o -`` is stdout."""
    return click.option("-o", "--output", type=OutputPath(), default=None, help=help_text, callback=_dash_is_stdout)


def _dash_is_stdout(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``-o -`` means standard output, as for most command-line tools (None: the command prints)."""
    return None if value == Path("-") else value


rules_dir_option = click.option(
    "--rules-dir",
    "rules_dirs",
    type=click.Path(path_type=Path),
    multiple=True,
    help="Also load rule files from this directory, authority folder or file (repeatable).",
)


def registry_for(rules_dirs: tuple[Path, ...]) -> Registry:
    """Load the plugins, and say on stderr which ones failed (every run, so none fails silently)."""
    from licensetrack.plugins.registry import load_registry, report_failures

    registry = load_registry(rules_dirs)
    report_failures(registry, lambda line: click.echo(line, err=True))
    return registry


def evaluate_file(
    profile: Path,
    rules_dirs: tuple[Path, ...],
    as_of: datetime.date | None,
    credential_ids: tuple[str, ...],
    soon: Any,
) -> tuple[Registry, Practitioner, Report]:
    """The registry, the profile read against its words, and its report (check's and report's one way)."""
    from licensetrack.core.engine import evaluate_profile
    from licensetrack.io.profiles import read_profile

    registry = registry_for(rules_dirs)
    practitioner = read_profile(profile, vocabulary=registry.vocabulary)
    day = as_of or today()
    evaluated = evaluate_profile(
        practitioner,
        registry.rulesets,
        day,
        credential_ids or None,
        kinds=registry.kinds,
        soon_days=soon_days(day, soon),
    )
    return registry, practitioner, evaluated


def emit_json(data: object) -> None:
    import json  # here, not at the top: text output never needs it

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def echo_output(registry: Registry, output_format: str, result: object) -> None:
    """Print a result in the format asked for, by the renderer registered for both (formats.renderers)."""
    from licensetrack.formats.renderers import RenderContext, renderers
    from licensetrack.formats.terminal import width_of

    context = RenderContext(style=click.style, width=width_of(sys.stdout))
    click.echo(renderers(registry.renderers).render(output_format, result, context), nl=False, color=use_colour())


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


# The due-soon horizon (issue #16): an unmet deadline this near the as-of date is due-soon, not on-track.
soon_option = click.option(
    "--soon",
    "soon",
    type=DurationType(),
    default="90d",
    show_default=True,
    help="An unmet deadline within this span is due soon: 60d, 8w, 3m.",
)


def soon_days(as_of: datetime.date, span: Any) -> int:
    """The horizon in days from the as-of date (``3m`` is as many days as the next three months hold)."""
    days: int = (as_of + span - as_of).days
    return days


profile_argument = click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
# A profile the command writes (init, add): an output, so a bad place is the writer's one-line error.
profile_to_write_argument = click.argument("profile", type=OutputPath())


def today() -> datetime.date:
    """The one place the command line reads the clock; the core never does."""
    return datetime.date.today()
