"""The audit's records in its output formats: CSV rows, or one line of JSON (schema ``audit``).

Every input record is one record of the output: an audited report, a practitioner with no credential,
or a rejected record saying why (:class:`licensetrack.formats.shapes.Rejected`).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import orjson

from licensetrack.core.report import Report, hours
from licensetrack.formats.shapes import NO_CREDENTIALS, REJECTED, AuditedReport, Rejected, audited_to_json, to_json

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
    "problems",
    # Appended (issue #16), so a reader of the earlier columns by position is not broken.
    "standing",
    "expired",
    "previous_missing_hours",
    # Appended (issue #23): a privilege whose home licence no longer keeps it valid ("" when it has no home).
    "lapsed",
    # Appended (issue #23): days practised over the limit in the as-of year ("" when the rule set has no limit).
    "over_practice_limit",
)
_PROBLEMS = CSV_COLUMNS.index("problems")


def csv_rows(report: Report) -> list[list[str]]:
    """One row per credential; a practitioner with none gets one row that says so."""
    if not report.credentials:
        return [[report.practitioner, "", "", NO_CREDENTIALS, *[""] * (len(CSV_COLUMNS) - 4)]]
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
                "",
                credential.standing.value,
                "true" if credential.expired else "false",
                "" if credential.previous_period is None else hours(credential.previous_period.missing_hours),
                "" if credential.home is None else ("true" if credential.lapsed else "false"),
                "" if credential.practice is None else ("true" if credential.over_practice_limit else "false"),
            ]
        )
    return rows


def rejected_row(rejected: Rejected) -> list[str]:
    """A rejected practitioner's one CSV row: its problems in the last cell, one per line."""
    row = [rejected.practitioner or "", "", "", REJECTED, *[""] * (len(CSV_COLUMNS) - 4)]
    row[_PROBLEMS] = rejected.message
    return row


def record_json(result: Report | Rejected, *, activities: bool = True) -> dict[str, Any]:
    """One audit record in its JSON form (schema ``licensetrack schema audit``); without ``activities``
    the summary record, each credential without its per-activity account."""
    if isinstance(result, Rejected):
        rejected: dict[str, Any] = to_json(result)
        return rejected
    data: dict[str, Any] = audited_to_json(AuditedReport(result))
    if not activities:
        for credential in data["credentials"]:
            del credential["activities"]
    return data


def render_record(result: Report | Rejected, output_format: str, *, activities: bool = True) -> str:
    """One record in the output format: csv rows (with their line ends), or one line of JSON (the
    summary record without ``activities``)."""
    if output_format == "csv":
        buffer = io.StringIO()
        rows = [rejected_row(result)] if isinstance(result, Rejected) else csv_rows(result)
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue()
    return compact_json(record_json(result, activities=activities))


def compact_json(data: Any) -> str:
    """One line of JSON, as ``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` writes it.

    orjson writes the same bytes for the values a record holds (strings, whole numbers, booleans, null,
    lists and objects with string keys; hours and dates are already strings) in a thirtieth of the
    time, the largest part of a full audit record's cost after evaluation (tests/test_bulk.py checks
    the two agree). What orjson refuses (a whole number beyond 64 bits, text that is not UTF-8) goes
    to the standard library, so nothing is lost.
    """
    try:
        return orjson.dumps(data).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
