"""``licensetrack audit``: every clinician at once, from JSON Lines or an HR system's CSV bundle."""

from __future__ import annotations

import contextlib
import datetime
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from licensetrack.cli.options import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    as_of_option,
    handle_errors,
    output_option,
    registry_for,
    rules_dir_option,
    soon_days,
    soon_option,
    today,
)
from licensetrack.core.wording import count

if TYPE_CHECKING:
    from licensetrack.run.local import Rendered

PROGRESS_EVERY = 1000
STATUSES = ("compliant", "deficient", "exempt")
STANDINGS = ("compliant", "exempt", "on-track", "due-soon", "overdue")


class _Tally:
    """Counts for the summary on stderr."""

    def __init__(self) -> None:
        self.audited = 0
        self.rejected = 0
        self.without_credentials = 0
        self.statuses: Counter[str] = Counter()
        self.by_ruleset: Counter[tuple[str, str]] = Counter()  # (ruleset, standing)
        self.standings: Counter[str] = Counter()
        self.unsettled = 0

    def add(self, item: Rendered) -> None:
        self.audited += 1
        self.without_credentials += not item.statuses
        self.unsettled += item.unsettled
        self.standings.update(item.standings)
        self.statuses.update(status for _, status in item.statuses)
        # Per rule set by standing, the word a person acts on (a status counts almost everyone "deficient").
        for (ruleset, _), standing in zip(item.statuses, item.standings, strict=True):
            self.by_ruleset[(ruleset, standing)] += 1

    def report(self) -> None:
        summary = ", ".join(f"{self.statuses[s]} {s}" for s in STATUSES)
        none = f" ({self.without_credentials} with no credentials)" if self.without_credentials else ""
        click.echo(
            f"audited {count(self.audited, 'practitioner')}{none}, "
            f"{count(sum(self.statuses.values()), 'credential')}: {summary}; "
            f"{count(self.rejected, 'record')} rejected",
            err=True,
        )
        click.echo("  by standing: " + ", ".join(f"{self.standings[s]} {s}" for s in STANDINGS), err=True)
        for ruleset in sorted({r for r, _ in self.by_ruleset}):
            counts = ", ".join(f"{self.by_ruleset[(ruleset, s)]} {s}" for s in STANDINGS)
            click.echo(f"  {ruleset}: {counts}", err=True)


@click.command(short_help="Every clinician at once, from JSON Lines or a CSV bundle.")
@click.argument("source", type=click.Path(path_type=Path))
@as_of_option
@click.option(
    "--format", "output_format", type=click.Choice(["jsonl", "csv", "json"]), default="jsonl", show_default=True
)
@output_option("Write here (atomically, once complete) instead of stdout.")
@click.option(
    "--jobs", metavar="N", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use (1 to 64)."
)
@click.option("--strict", is_flag=True, help="Stop after the first rejected record.")
@click.option(
    "--activities",
    is_flag=True,
    help="jsonl and json: give each credential its per-activity account (the whole report check prints); "
    "without it each record is the summary, about half the work and a third of the size.",
)
@soon_option
@rules_dir_option
@handle_errors
def audit(
    source: Path,
    as_of: datetime.date | None,
    output_format: str,
    output: Path | None,
    jobs: int,
    strict: bool,
    activities: bool,
    soon: Any,
    rules_dirs: tuple[Path, ...],
) -> None:
    """Audit a JSON Lines file (one profile per line) or a CSV bundle folder.

    jsonl prints, per practitioner, the object `check --format json` prints with a status, each
    credential without its `activities` unless --activities is given; csv one row per credential;
    json an array of the jsonl records. Every practitioner is in the output: a rejected record has
    status `rejected` and its problems (each also on stderr, with file and line). The output is the
    same, in the same order, for any --jobs.

    Exit 2 if any record was rejected (or for usage), else 1 if any credential is not compliant or
    exempt, or is overdue or expired, else 0.
    """
    from licensetrack.io.batch import read_bulk_deferred
    from licensetrack.io.files import atomic_text
    from licensetrack.run.local import run_audit

    registry = registry_for(rules_dirs)
    # JSON Lines are parsed by the workers, where the work is spread; this process only reads lines.
    records = read_bulk_deferred(
        source, vocabulary=registry.vocabulary, warn=lambda message: click.echo(f"licensetrack: {message}", err=True)
    )
    # Worker processes load the installed rule sets themselves; --rules-dir ones are passed along.
    rulesets = dict(registry.rulesets) if jobs == 1 or rules_dirs else None
    day = as_of or today()
    results = run_audit(
        records,
        day,
        output_format=output_format,
        jobs=jobs,
        rulesets=rulesets,
        vocabulary=registry.vocabulary,
        kinds=registry.kinds if rulesets is not None else None,
        soon_days=soon_days(day, soon),
        activities=activities,
    )
    tally = _Tally()
    with contextlib.ExitStack() as stack:
        sink: TextIO = stack.enter_context(atomic_text(output)) if output else sys.stdout
        _write(sink, results, output_format, strict, tally)
        sink.flush()  # here, where a full disk behind stdout is still an error to report, not at exit
    tally.report()
    if tally.rejected:
        sys.exit(EXIT_BAD_INPUT)
    if tally.unsettled:
        sys.exit(EXIT_FINDINGS)


def _write(sink: TextIO, results: Iterable[Rendered], output_format: str, strict: bool, tally: _Tally) -> None:
    from licensetrack.formats.records import CSV_COLUMNS

    progress = sys.stderr.isatty()
    if output_format == "csv":
        sink.write(",".join(CSV_COLUMNS) + "\n")
    elif output_format == "json":
        sink.write("[")
    written = 0
    for item in results:
        if output_format == "json":
            sink.write(("," if written else "") + "\n" + item.text)
        elif output_format == "jsonl":
            sink.write(item.text + "\n")
        else:
            sink.write(item.text)
        written += 1
        if item.problem is not None:
            tally.rejected += 1
            click.echo(f"licensetrack: rejected {item.problem}", err=True)
            if strict:
                break
            continue
        tally.add(item)
        if progress and tally.audited % PROGRESS_EVERY == 0:
            click.echo(f"\r{tally.audited:,} practitioners audited", err=True, nl=False)
    if output_format == "json":
        sink.write("\n]\n" if written else "]\n")
    if progress and tally.audited >= PROGRESS_EVERY:
        click.echo("", err=True)
