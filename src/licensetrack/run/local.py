"""Auditing many practitioners: the public bulk API and the ordered, parallel run behind ``audit``.

``audit(practitioners, as_of)`` takes any iterable and yields one report per practitioner, lazily and
in input order, so memory does not grow with the number of people; a practitioner that cannot be
evaluated (an unknown rule set, a period that cannot be worked out) gives an :class:`AuditError` in
its place and the audit goes on. ``run_audit`` is what the command line uses: it takes the records
the bulk readers yield (practitioners, or why a record was rejected), evaluates them in ``jobs``
processes, and yields every record rendered in the output format, rejected ones included, in input
order: the same bytes for any number of processes.

The registry (rule sets and vocabulary) is loaded one way (:func:`registry_parts`) and a record is
evaluated one way (:func:`evaluate_or_error`) for the command, the API and Dask.
"""

from __future__ import annotations

import collections
import datetime
import itertools
from collections.abc import Iterable, Iterator, Mapping
from multiprocessing.pool import AsyncResult
from typing import Any

import attrs

from licensetrack.core.cycles import CycleError
from licensetrack.core.engine import UnknownRuleSetError, evaluate, evaluate_profile, ruleset_for
from licensetrack.core.errors import LicensetrackError
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.report import DEFAULT_SOON_DAYS, Report
from licensetrack.core.rules import RuleSet
from licensetrack.core.vocabulary import Vocabulary
from licensetrack.formats.records import CSV_COLUMNS, record_json
from licensetrack.formats.renderers import BUILTIN_RENDERERS
from licensetrack.formats.shapes import AUDITED, NO_CREDENTIALS, REJECTED, AuditedReport, Rejected, to_json
from licensetrack.io.batch import Line, Origin, Record, parse_line

# The record statuses and CSV columns, re-exported where the audit's callers have always found them.
__all__ = [
    "AUDITED",
    "CSV_COLUMNS",
    "NO_CREDENTIALS",
    "REJECTED",
    "AuditError",
    "Rendered",
    "audit",
    "audit_json",
    "audit_record",
    "evaluate_or_error",
    "registry_parts",
    "run_audit",
]


@attrs.frozen
class AuditError:
    """A practitioner that could not be audited, given in place of its report.

    ``practitioner`` is its id when that can be told (None for a record too broken to say whose it
    is); ``problems`` are one line each, naming the file, line and field where there is a file;
    ``location`` is where the record was read (None for a practitioner given in Python).
    """

    practitioner: str | None
    problems: tuple[str, ...]
    location: str | None = None

    @property
    def message(self) -> str:
        return "\n".join(self.problems)

    def rejected(self, as_of: datetime.date) -> Rejected:
        """The rejected record the audit's outputs print."""
        return Rejected(as_of=as_of, practitioner=self.practitioner, location=self.location, problems=self.problems)

    def to_json(self, as_of: datetime.date) -> dict[str, Any]:
        """The rejected record as the audit's JSON outputs print it (schema ``licensetrack schema audit``)."""
        data: dict[str, Any] = to_json(self.rejected(as_of))
        return data


def registry_parts(
    rulesets: Mapping[str, RuleSet] | None, vocabulary: Vocabulary | None, kinds: Kinds | None = None
) -> tuple[Mapping[str, RuleSet], Vocabulary, Kinds]:
    """The rule sets, vocabulary and plugin kinds given, the missing ones from the installed plugins
    (loaded once).

    The one way the command's workers, the API and Dask find them, so a plugin's topic or kind is
    accepted everywhere or nowhere.
    """
    if rulesets is None or vocabulary is None or kinds is None:
        from licensetrack.plugins.registry import load_registry

        registry = load_registry()
        rulesets = registry.rulesets if rulesets is None else rulesets
        vocabulary = registry.vocabulary if vocabulary is None else vocabulary
        kinds = registry.kinds if kinds is None else kinds
    return rulesets, vocabulary, kinds


def audit(
    practitioners: Iterable[Practitioner],
    as_of: datetime.date,
    rulesets: Mapping[str, RuleSet] | None = None,
    *,
    kinds: Kinds | None = None,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Iterator[Report | AuditError]:
    """One report per practitioner, lazily, in input order (see docs/api.md).

    ``rulesets`` defaults to every installed rule set, ``kinds`` to the installed plugin kinds. A
    practitioner that cannot be evaluated (a credential naming a rule set that is not installed, a
    period that cannot be worked out) gives an :class:`AuditError` naming each credential at fault, in
    place of its report, and the audit goes on. ``soon_days`` is the due-soon horizon (see ``evaluate``).
    """
    if rulesets is None or kinds is None:
        installed, _, installed_kinds = registry_parts(None, None)
        rulesets = installed if rulesets is None else rulesets
        kinds = installed_kinds if kinds is None else kinds
    for practitioner in practitioners:
        yield evaluate_or_error(practitioner, rulesets, as_of, kinds=kinds, soon_days=soon_days)


def evaluate_or_error(
    practitioner: Practitioner,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    *,
    record: Record | None = None,
    explain_activities: bool = True,
    kinds: Kinds = CORE_KINDS,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Report | AuditError:
    """The practitioner's report, or every reason it cannot be made, each at the place of the field
    at fault (``record`` says where the parts were read; without one, paths in the profile)."""
    try:
        return evaluate_profile(
            practitioner, rulesets, as_of, explain_activities=explain_activities, kinds=kinds, soon_days=soon_days
        )
    except LicensetrackError as exc:
        origin = record.where() if record is not None else Origin.of_profile(None, practitioner)
        problems = tuple(_credential_problems(practitioner, rulesets, as_of, origin, kinds))
        location = record.location if record is not None else None
        return AuditError(practitioner.id, problems or (origin.practitioner.problem("", str(exc)),), location)


def _credential_problems(
    practitioner: Practitioner, rulesets: Mapping[str, RuleSet], as_of: datetime.date, origin: Origin, kinds: Kinds
) -> Iterator[str]:
    """Each credential's evaluation problem, at the cell at fault: the ruleset cell of an unknown rule
    set, the expires cell of a board-record credential without one, the practitioner's birth_date."""
    for credential, place in zip(practitioner.credentials, origin.credentials, strict=True):
        try:
            evaluate(practitioner, credential, ruleset_for(credential, rulesets), as_of, kinds=kinds)
        except UnknownRuleSetError as exc:
            yield place.problem("ruleset", _without_name(exc, credential))
        except CycleError as exc:
            if exc.field == "birth_date":
                yield origin.practitioner.problem("birth_date", str(exc))
            else:
                yield place.problem(exc.field or "", _without_name(exc, credential))
        except LicensetrackError as exc:
            yield place.problem("", _without_name(exc, credential))


def _without_name(exc: Exception, credential: Credential) -> str:
    """The engine's message less its ``credential 'x': `` prefix, which the place already says."""
    return str(exc).removeprefix(f"credential {credential.id!r}: ")


@attrs.frozen
class Rendered:
    """One input record in the output format, audited or rejected (see docs/api.md)."""

    location: str
    text: str  # the record in the output format: a report, a no-credentials record or a rejected one
    statuses: tuple[tuple[str, str], ...]  # (ruleset, status) per credential; () when rejected
    problem: str | None = None  # why it was rejected, one line per problem; None when audited
    practitioner: str | None = None  # its id, when that can be told
    standings: tuple[str, ...] = ()  # each credential's standing, in order; () when rejected
    unsettled: bool = False  # some credential is not compliant or exempt, or is overdue or expired


def _in_format(result: Report | AuditError, output_format: str, as_of: datetime.date, activities: bool = True) -> str:
    """One record in the output format, by the built-in renderer for it (formats.renderers)."""
    record = result.rejected(as_of) if isinstance(result, AuditError) else AuditedReport(result, activities)
    return BUILTIN_RENDERERS.render(output_format, record)


def audit_json(result: Report | AuditError, as_of: datetime.date, *, activities: bool = True) -> dict[str, Any]:
    """One audit record in its JSON form (schema ``licensetrack schema audit``; the summary record
    without ``activities``)."""
    return record_json(result.rejected(as_of) if isinstance(result, AuditError) else result, activities=activities)


_WORKER: dict[str, Any] = {}


def _start_worker(
    parts: tuple[Mapping[str, RuleSet] | None, Vocabulary | None, Kinds | None],
    as_of: datetime.date,
    output_format: str,
    soon_days: int = DEFAULT_SOON_DAYS,
    activities: bool = True,
) -> None:
    rulesets, vocabulary, kinds = registry_parts(*parts)
    _WORKER.update(
        rulesets=rulesets,
        vocabulary=vocabulary,
        kinds=kinds,
        as_of=as_of,
        output_format=output_format,
        soon_days=soon_days,
        activities=activities,
    )


def _audit_one(item: Record | Line) -> Rendered | None:
    """One record audited (or rejected) and rendered; None for a line holding only spaces."""
    record = item if isinstance(item, Record) else parse_line(item, _WORKER["vocabulary"])
    if record is None:
        return None
    as_of, output_format, activities = _WORKER["as_of"], _WORKER["output_format"], _WORKER["activities"]
    # A CSV row, and the summary record, show no activity: the same report without the per-activity
    # account, about twice as fast to evaluate (docs/performance.md).
    result = audit_record(
        record,
        _WORKER["rulesets"],
        as_of,
        explain_activities=activities and output_format != "csv",
        kinds=_WORKER["kinds"],
        soon_days=_WORKER["soon_days"],
    )
    text = _in_format(result, output_format, as_of, activities)
    if isinstance(result, AuditError):
        return Rendered(record.location, text, (), result.message, result.practitioner)
    statuses = tuple((c.ruleset, c.status.value) for c in result.credentials)
    standings = tuple(c.standing.value for c in result.credentials)
    return Rendered(
        record.location,
        text,
        statuses,
        practitioner=result.practitioner,
        standings=standings,
        unsettled=bool(result.exit_status),
    )


def audit_record(
    record: Record,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    *,
    explain_activities: bool = True,
    kinds: Kinds = CORE_KINDS,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Report | AuditError:
    """A record from a bulk reader audited, or why it was rejected (when read or when evaluated)."""
    if record.practitioner is None:
        problems = record.problems or (f"{record.location}: unreadable record",)
        return AuditError(record.practitioner_id, problems, record.location)
    return evaluate_or_error(
        record.practitioner,
        rulesets,
        as_of,
        record=record,
        explain_activities=explain_activities,
        kinds=kinds,
        soon_days=soon_days,
    )


def run_audit(
    records: Iterable[Record | Line],
    as_of: datetime.date,
    *,
    output_format: str = "jsonl",
    jobs: int = 1,
    rulesets: Mapping[str, RuleSet] | None = None,
    vocabulary: Vocabulary | None = None,
    kinds: Kinds | None = None,
    chunksize: int = 32,
    soon_days: int = DEFAULT_SOON_DAYS,
    activities: bool = True,
) -> Iterator[Rendered]:
    """Audit records in ``jobs`` processes; every record comes back rendered, in input order whatever
    ``jobs`` is (a rejected one too: its text is the rejected record in ``output_format``). Without
    ``activities`` a JSON record is the summary: each credential without its per-activity account.

    Records may be parsed practitioners or JSON Lines still to parse (:class:`licensetrack.io.batch.Line`),
    which the workers parse against ``vocabulary``. With several processes each worker loads the
    installed rule sets, vocabulary and plugin kinds once unless they are given here (then they must be
    picklable, as plain rule sets and vocabularies are).
    """
    parts = (rulesets, vocabulary, kinds)
    if jobs <= 1:
        _start_worker(parts, as_of, output_format, soon_days, activities)
        yield from (rendered for rendered in map(_audit_one, records) if rendered is not None)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if _threads_unsafe() else "fork")
    initargs = (parts, as_of, output_format, soon_days, activities)
    with context.Pool(jobs, initializer=_start_worker, initargs=initargs) as pool:
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
