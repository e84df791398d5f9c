"""Auditing many practitioners: the public bulk API and the ordered, parallel run behind ``audit``.

``audit(practitioners, as_of)`` takes any iterable and yields one report per practitioner, lazily and
in input order, so memory does not grow with the number of people. ``run_audit`` is what the command
line uses: it takes the records the bulk readers yield (practitioners, or why a record was rejected),
evaluates them in ``jobs`` processes, and yields the rendered output in input order, the same bytes for
any number of processes.
"""

from __future__ import annotations

import collections
import csv
import datetime
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from multiprocessing.pool import AsyncResult
from typing import Any

import attrs

from licensetrack.bulk import Line, Record, parse_line
from licensetrack.engine import evaluate_profile
from licensetrack.errors import LicensetrackError
from licensetrack.model import Practitioner
from licensetrack.report import Report, hours, to_json
from licensetrack.ruleset import RuleSet
from licensetrack.vocabulary import Vocabulary

CSV_COLUMNS = (
    "practitioner",
    "credential",
    "ruleset",
    "status",
    "cycle_start",
    "cycle_end",
    "days_left",
    "required_hours",
    "counted_hours",
    "missing_hours",
    "missing_topics",
)


def audit(
    practitioners: Iterable[Practitioner], as_of: datetime.date, rulesets: Mapping[str, RuleSet] | None = None
) -> Iterator[Report]:
    """One report per practitioner, lazily, in input order (see docs/api.md).

    ``rulesets`` defaults to every installed rule set. A practitioner whose credentials name a rule
    set that is not installed raises :class:`licensetrack.engine.UnknownRuleSetError`.
    """
    if rulesets is None:
        from licensetrack.plugins import load_registry

        rulesets = load_registry().rulesets
    for practitioner in practitioners:
        yield evaluate_profile(practitioner, rulesets, as_of)


@attrs.frozen
class Rendered:
    """One input record, audited and rendered in the output format, or rejected."""

    location: str
    text: str  # output for this record ("" when rejected)
    statuses: tuple[tuple[str, str], ...]  # (ruleset, status) per credential
    problem: str | None = None


def csv_rows(report: Report) -> list[list[str]]:
    rows = []
    for credential in report.credentials:
        missing = ";".join(
            f"{r.id}:{hours(r.missing)}" for r in credential.requirements if r.kind == "topic" and not r.met
        )
        rows.append(
            [
                report.practitioner,
                credential.credential,
                credential.ruleset,
                credential.status.value,
                credential.cycle_start.isoformat(),
                credential.cycle_end.isoformat(),
                str(credential.days_left),
                hours(credential.required_hours),
                hours(credential.counted_hours),
                hours(credential.missing_hours),
                missing,
            ]
        )
    return rows


def render(report: Report, output_format: str) -> str:
    if output_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(csv_rows(report))
        return buffer.getvalue()
    return json.dumps(to_json(report), ensure_ascii=False, separators=(",", ":"))


_WORKER: dict[str, Any] = {}


def _start_worker(
    rulesets: Mapping[str, RuleSet] | None,
    vocabulary: Vocabulary | None,
    as_of: datetime.date,
    output_format: str,
) -> None:
    if rulesets is None or vocabulary is None:
        from licensetrack.plugins import load_registry

        registry = load_registry()
        rulesets = registry.rulesets if rulesets is None else rulesets
        vocabulary = registry.vocabulary if vocabulary is None else vocabulary
    _WORKER.update(rulesets=rulesets, vocabulary=vocabulary, as_of=as_of, output_format=output_format)


def _audit_one(item: Record | Line) -> Rendered | None:
    """One record audited and rendered; None for a line holding only spaces."""
    record = item if isinstance(item, Record) else parse_line(item, _WORKER["vocabulary"])
    if record is None:
        return None
    if record.practitioner is None:
        return Rendered(record.location, "", (), record.problem or "unreadable record")
    try:
        report = evaluate_profile(
            record.practitioner,
            _WORKER["rulesets"],
            _WORKER["as_of"],
            explain_activities=_WORKER["output_format"] != "csv",  # a CSV row shows no activity
        )
    except LicensetrackError as exc:
        return Rendered(record.location, "", (), f"{record.location}: {exc}")
    statuses = tuple((c.ruleset, c.status.value) for c in report.credentials)
    return Rendered(record.location, render(report, _WORKER["output_format"]), statuses)


def run_audit(
    records: Iterable[Record | Line],
    as_of: datetime.date,
    *,
    output_format: str = "jsonl",
    jobs: int = 1,
    rulesets: Mapping[str, RuleSet] | None = None,
    vocabulary: Vocabulary | None = None,
    chunksize: int = 32,
) -> Iterator[Rendered]:
    """Audit records in ``jobs`` processes; results come back in input order whatever ``jobs`` is.

    Records may be parsed practitioners or JSON Lines still to parse (:class:`licensetrack.bulk.Line`),
    which the workers parse against ``vocabulary``. With several processes each worker loads the
    installed rule sets and vocabulary once unless they are given here (then they must be picklable,
    as plain rule sets and vocabularies are).
    """
    if jobs <= 1:
        _start_worker(rulesets, vocabulary, as_of, output_format)
        yield from (rendered for rendered in map(_audit_one, records) if rendered is not None)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if _threads_unsafe() else "fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(rulesets, vocabulary, as_of, output_format)) as pool:
        # A sliding window of chunks in flight, taken in order: the processes stay busy, the output
        # keeps input order, and at most `window` chunks are in memory (Pool.imap would read ahead
        # without bound).
        window = jobs * 4
        pending: collections.deque[AsyncResult[list[Rendered]]] = collections.deque()
        iterator = iter(records)
        while chunk := list(itertools.islice(iterator, chunksize)):
            pending.append(pool.apply_async(_audit_chunk, (chunk,)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _audit_chunk(chunk: Iterable[Record | Line]) -> list[Rendered]:
    return [rendered for rendered in map(_audit_one, chunk) if rendered is not None]


def _threads_unsafe() -> bool:
    import sys

    return sys.platform != "linux"
