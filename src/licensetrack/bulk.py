"""Reading many practitioners at once: JSON Lines and the CSV bundle HR systems export.

Both readers stream ``Record``s, each a practitioner or the reason it was rejected, with the file
and line it came from, so one malformed record is reported and skipped while the rest are audited.
JSON Lines is read line by line (memory stays flat however many people there are). A CSV bundle's
rows of one practitioner need not be adjacent, so credentials and activities are indexed by
practitioner first; only practitioners.csv is then streamed.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import attrs

from licensetrack.errors import LicensetrackError, ModelError, ProfileError, close_match
from licensetrack.fileio import decode
from licensetrack.model import Activity, Credential, Practitioner
from licensetrack.profiles import parse_json, parse_profile
from licensetrack.strict import structure
from licensetrack.vocabulary import CORE_VOCABULARY, Vocabulary

PRACTITIONER_COLUMNS = ("id", "name", "birth_date")
CREDENTIAL_COLUMNS = (
    "practitioner_id",
    "id",
    "ruleset",
    "number",
    "issued",
    "expires",
    "period_start",
    "roles",
    "status",
)
ACTIVITY_COLUMNS = (
    "practitioner_id",
    "title",
    "completed",
    "hours",
    "units",
    "unit",
    "days",
    "format",
    "topics",
    "provider",
    "approvals",
    "certificate",
)
# The columns that identify a row; the others may be left out of an export.
REQUIRED_COLUMNS = {
    PRACTITIONER_COLUMNS: ("id",),
    CREDENTIAL_COLUMNS: ("practitioner_id", "id", "ruleset"),
    ACTIVITY_COLUMNS: ("practitioner_id", "title", "completed"),
}
LIST_COLUMNS = frozenset({"roles", "topics", "approvals"})
TEXT_COLUMNS = frozenset({"name", "title", "provider", "certificate", "number"})
MAX_LINE_BYTES = 16 * 1024 * 1024


@attrs.frozen
class Record:
    """One practitioner read from a bulk file, or why it could not be read."""

    location: str  # "staff.jsonl:12" or "bundle/practitioners.csv:4"
    practitioner: Practitioner | None
    problem: str | None = None


@attrs.frozen
class Line:
    """One JSON Lines record as read from the file, not parsed yet.

    Parsing and validating a profile costs far more than reading its line, so ``licensetrack audit``
    hands lines to its worker processes and lets each parse its own (see :func:`parse_line`).
    """

    location: str
    raw: bytes
    first: bool  # the file's first line, which may start with a byte-order mark


def read_jsonl(path: Path, *, vocabulary: Vocabulary = CORE_VOCABULARY) -> Iterator[Record]:
    """One profile per line, in the profile format's JSON form; blank lines are skipped."""
    for item in jsonl_lines(path):
        record = item if isinstance(item, Record) else parse_line(item, vocabulary)
        if record is not None:
            yield record


def jsonl_lines(path: Path) -> Iterator[Line | Record]:
    """The file's non-blank lines, unparsed; a line too long to parse is a rejected Record at once."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            location = f"{path}:{number}"
            if len(raw) > MAX_LINE_BYTES:
                yield Record(location, None, f"{location}: line is too long ({len(raw)} bytes)")
            elif raw.strip():
                yield Line(location, raw, number == 1)


def parse_line(line: Line, vocabulary: Vocabulary = CORE_VOCABULARY) -> Record | None:
    """The practitioner on one line, or why it was rejected; None when the line holds only spaces."""
    try:
        text = decode(line.raw, line.location, ProfileError)
        if line.first:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            return None
        return Record(
            line.location,
            parse_profile(parse_json(text, line.location), source=line.location, vocabulary=vocabulary),
        )
    except LicensetrackError as exc:
        return Record(line.location, None, str(exc))


def _open_csv(path: Path) -> TextIO:
    """A CSV file as text: UTF-8 with or without a BOM (spreadsheet exports), any line endings."""
    data = path.read_bytes()
    return io.StringIO(decode(data, str(path), ProfileError), newline="")


def _columns(names: list[str]) -> str:
    """``column 'a'`` or ``columns 'a', 'b'``: the noun in the number of names."""
    return f"column{'s' if len(names) != 1 else ''} {', '.join(map(repr, names))}"


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as column -> cell, with their line numbers; unknown or missing headers are errors."""
    reader = csv.DictReader(_open_csv(path))
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in columns]
    missing = [c for c in REQUIRED_COLUMNS[columns] if c not in header]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(f"unknown {_columns(unknown)}")
        if missing:
            problems.append(f"missing {_columns(missing)}")
        raise ProfileError.single(f"{path}:1", "", "; ".join(problems) + f"; expected columns: {', '.join(columns)}")
    for row in reader:
        if None in row:
            yield reader.line_num, {"__extra__": "yes"}
            continue
        yield reader.line_num, {k: v for k, v in row.items() if k is not None}


def _cells(row: Mapping[str, str]) -> dict[str, Any]:
    """Non-empty cells, with list cells split on ';'. Free text is kept exactly as written; other
    cells (ids, dates, numbers, words) lose stray spaces, as spreadsheets add them."""
    data: dict[str, Any] = {}
    for key, raw in row.items():
        value = raw or ""
        if key not in TEXT_COLUMNS:
            value = value.strip()
        if not value or key == "practitioner_id":
            continue
        data[key] = [v.strip() for v in value.split(";") if v.strip()] if key in LIST_COLUMNS else value
    return data


def write_csv_bundle(practitioners: Iterable[Practitioner], folder: Path) -> None:
    """Write practitioners as a CSV bundle (the inverse of ``read_csv_bundle``), each file atomically."""
    from licensetrack.fileio import atomic_text, make_directory
    from licensetrack.profiles import to_json_data

    make_directory(folder)
    with contextlib.ExitStack() as stack:
        writers = {}
        for name, columns in (
            ("practitioners", PRACTITIONER_COLUMNS),
            ("credentials", CREDENTIAL_COLUMNS),
            ("activities", ACTIVITY_COLUMNS),
        ):
            handle = stack.enter_context(atomic_text(folder / f"{name}.csv"))
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\r\n")
            writer.writeheader()
            writers[name] = writer
        for practitioner in practitioners:
            data = to_json_data(practitioner)
            writers["practitioners"].writerow(_flat(data["practitioner"]))
            for kind in ("credentials", "activities"):
                for record in data.get(kind, []):
                    writers[kind].writerow({"practitioner_id": practitioner.id, **_flat(record)})


def _flat(record: Mapping[str, Any]) -> dict[str, str]:
    return {k: ";".join(v) if isinstance(v, list) else str(v) for k, v in record.items()}


def read_csv_bundle(folder: Path, *, vocabulary: Vocabulary = CORE_VOCABULARY) -> Iterator[Record]:
    """practitioners.csv, credentials.csv and activities.csv from an HR export, one Record per person."""
    files = {name: folder / f"{name}.csv" for name in ("practitioners", "credentials", "activities")}
    for name, path in files.items():
        if not path.is_file():
            raise ProfileError.single(str(path), "", f"is missing: a CSV bundle needs {name}.csv")
    people: dict[str, int] = {}
    for line, row in _rows(files["practitioners"], PRACTITIONER_COLUMNS):
        pid = (row.get("id") or "").strip()
        if pid and pid not in people:
            people[pid] = line
    attached: dict[str, list[tuple[str, Any]]] = {}
    orphans: list[Record] = []
    for kind, columns, record_type in (
        ("credentials", CREDENTIAL_COLUMNS, Credential),
        ("activities", ACTIVITY_COLUMNS, Activity),
    ):
        path = files[kind]
        for line, row in _rows(path, columns):
            location = f"{path}:{line}"
            if "__extra__" in row:
                attached.setdefault(_owner(row), []).append((kind, f"{location}: more cells than columns"))
                continue
            owner = (row.get("practitioner_id") or "").strip()
            if owner not in people:
                orphans.append(
                    Record(location, None, f"{location}: practitioner_id {owner!r} is not in practitioners.csv")
                )
                continue
            try:
                item = structure(_cells(row), record_type, source=location, error=ProfileError)
            except ProfileError as exc:
                attached.setdefault(owner, []).append((kind, str(exc)))
                continue
            unknown = _unknown_words(item, vocabulary, location) if isinstance(item, Activity) else None
            attached.setdefault(owner, []).append((kind, unknown or item))
    yield from orphans
    seen: set[str] = set()
    for line, row in _rows(files["practitioners"], PRACTITIONER_COLUMNS):
        location = f"{files['practitioners']}:{line}"
        pid = (row.get("id") or "").strip()
        if "__extra__" in row:
            yield Record(location, None, f"{location}: more cells than columns")
            continue
        if not pid:
            yield Record(location, None, f"{location}: id: is required")
            continue
        if pid in seen:
            yield Record(location, None, f"{location}: duplicate practitioner id {pid!r} (first on line {people[pid]})")
            continue
        seen.add(pid)
        yield _assemble(location, row, attached.pop(pid, []), vocabulary)


def _owner(row: Mapping[str, str]) -> str:
    return (row.get("practitioner_id") or "").strip()


def _assemble(location: str, row: Mapping[str, str], parts: list[tuple[str, Any]], vocabulary: Vocabulary) -> Record:
    problems = [p for _, p in parts if isinstance(p, str)]
    if problems:
        return Record(location, None, "\n".join(problems))
    try:
        header = parse_profile({"practitioner": _cells(row)}, source=location, vocabulary=vocabulary)
        built = attrs.evolve(
            header,
            credentials=tuple(p for kind, p in parts if kind == "credentials"),
            activities=tuple(p for kind, p in parts if kind == "activities"),
        )
    except ModelError as exc:  # duplicate credential ids across rows
        return Record(location, None, f"{location}: {exc}")
    except LicensetrackError as exc:
        return Record(location, None, str(exc))
    return Record(location, built)


def _unknown_words(activity: Activity, vocabulary: Vocabulary, location: str) -> str | None:
    for field, words, known in (
        ("topics", activity.topics, vocabulary.topics),
        ("approvals", activity.approvals, vocabulary.approvals),
    ):
        for word in words:
            if word not in known:
                return f"{location}: {field}: unknown {field[:-1]} {word!r}{close_match(word, known)}"
    return None


def read_bulk(path: Path, *, vocabulary: Vocabulary = CORE_VOCABULARY) -> Iterator[Record]:
    """A folder is a CSV bundle; a file is JSON Lines."""
    if path.is_dir():
        return read_csv_bundle(path, vocabulary=vocabulary)
    if not path.is_file():
        raise ProfileError.single(str(path), "", "no such file or folder")
    return read_jsonl(path, vocabulary=vocabulary)


def read_bulk_deferred(path: Path, *, vocabulary: Vocabulary = CORE_VOCABULARY) -> Iterator[Record | Line]:
    """As :func:`read_bulk`, but JSON Lines come unparsed, for workers to parse (:func:`parse_line`)."""
    if path.is_file():
        return jsonl_lines(path)
    return read_bulk(path, vocabulary=vocabulary)
