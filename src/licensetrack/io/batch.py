"""Reading many practitioners at once: JSON Lines and the CSV bundle HR systems export.

Both readers stream ``Record``s, each a practitioner or the reasons it was rejected, with the file
and line it came from, so one malformed record is reported (and stays in the audit's output as a
rejected record) while the rest are audited; no row or line is ever dropped without one.
JSON Lines is read line by line (memory stays flat however many people there are). A CSV bundle's
rows of one practitioner need not be adjacent, so credentials and activities are indexed by
practitioner first; only practitioners.csv is then streamed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from licensetrack.core.errors import LicensetrackError, ModelError, Problem, ProfileError, close_match, quoted
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.vocabulary import CORE_VOCABULARY, Vocabulary
from licensetrack.io.profiles import parse_json, parse_profile
from licensetrack.io.structure import structure

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
    "home",
    "practice_days",
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
    "provider_type",
    "for_period_ending",
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
Warn = Callable[[str], None]  # where a reader says what it ignored (the command: stderr)


@attrs.frozen
class Place:
    """Where one part of a record was read: a file location and the path inside it.

    A CSV row is a record of its own (``path`` empty); in a profile a credential is
    ``credentials[0] ("lmft")`` on the JSON Lines line. A problem found later, while evaluating,
    is reported at the place of the cell at fault (:meth:`problem`).
    """

    location: str | None  # "bundle/credentials.csv:4", "staff.jsonl:3"; None for a profile given in Python
    path: str = ""

    def problem(self, field: str, message: str) -> str:
        path = f"{self.path}.{field}" if self.path and field else self.path or field
        return Problem(path, message).render(self.location)


@attrs.frozen
class Origin:
    """Where a practitioner's own fields and each of its credentials came from, in profile order."""

    practitioner: Place
    credentials: tuple[Place, ...]

    @classmethod
    def of_profile(cls, location: str | None, practitioner: Practitioner) -> Origin:
        """A whole profile at one location: parts are named by their path in the profile."""
        return cls(
            Place(location, "practitioner"),
            tuple(
                Place(location, f"credentials[{i}] ({quoted(c.id)})") for i, c in enumerate(practitioner.credentials)
            ),
        )


@attrs.frozen
class Record:
    """One practitioner read from a bulk file, or why it could not be read."""

    location: str  # "staff.jsonl:12" or "bundle/practitioners.csv:4"
    practitioner: Practitioner | None
    problem: str | None = None  # one line per problem, each naming file, line and field
    # Whom a rejected record most likely belongs to, when that can be told (None: it is reported on its own).
    practitioner_id: str | None = None
    # Where the parts came from when not all from `location` (a CSV bundle's rows); None: one profile there.
    origin: Origin | None = None

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(self.problem.splitlines()) if self.problem else ()

    def where(self) -> Origin:
        """Where each part of the practitioner came from (for problems found while evaluating)."""
        assert self.practitioner is not None
        return self.origin or Origin.of_profile(self.location, self.practitioner)


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
    raw = line.raw.removesuffix(b"\n").removesuffix(b"\r")
    text, problem = decode_line(raw, first=line.first)
    if problem is not None:
        return Record(line.location, None, f"{line.location}: {problem}")
    return parse_text(text, line.location, vocabulary)


def parse_text(text: str, location: str, vocabulary: Vocabulary = CORE_VOCABULARY) -> Record | None:
    """One profile as one line of JSON text, or why it was rejected; None when the text is blank.

    The one way a JSON Lines record is parsed: by ``read_jsonl``, by the command's workers and by Dask.
    """
    if not text.strip():
        return None
    try:
        data = parse_json(text, location, one_line=True)
    except ProfileError as exc:
        return Record(location, None, str(exc))
    return parse_data(data, location, vocabulary)


def parse_data(data: Any, location: str, vocabulary: Vocabulary = CORE_VOCABULARY) -> Record:
    """One profile already parsed from JSON (a dict), or why it was rejected."""
    try:
        return Record(location, parse_profile(data, source=location, vocabulary=vocabulary))
    except LicensetrackError as exc:
        return Record(location, None, str(exc), practitioner_id=_claimed_id(data))


def _claimed_id(data: Any) -> str | None:
    """The practitioner id a record that failed to load gives, so its rejection can be told apart."""
    header = data.get("practitioner") if isinstance(data, Mapping) else None
    pid = header.get("id") if isinstance(header, Mapping) else None
    return pid.strip() if isinstance(pid, str) and pid.strip() else None


def decode_line(raw: bytes, *, first: bool) -> tuple[str, str | None]:
    """One line of a file as text, and why it is not UTF-8 (None when it is).

    A bad byte spoils its line only: the text comes back with U+FFFD in its place, so a CSV row keeps
    its cells and its practitioner can be told, and the problem names the column of the first bad byte.
    """
    try:
        text = raw.decode("utf-8")
        problem = None
    except UnicodeDecodeError as exc:
        column = len(raw[: exc.start].decode("utf-8")) + 1
        text = raw.decode("utf-8", errors="replace")
        problem = f"is not UTF-8 text (bad byte 0x{raw[exc.start]:02x} at column {column}); save the file as UTF-8"
    return (text.removeprefix("\ufeff") if first else text), problem


def _lines(data: bytes) -> tuple[list[str], dict[int, str]]:
    """A CSV file's lines as text (as csv reads them: split at CR, LF or CRLF), and the problem of each
    line (by number) that is not UTF-8. The whole file is decoded at once unless a byte is bad."""
    try:
        return io.StringIO(data.decode("utf-8-sig"), newline="").readlines(), {}
    except UnicodeDecodeError:
        pass
    texts: list[str] = []
    bad: dict[int, str] = {}
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        text, problem = decode_line(raw, first=number == 1)
        texts.append(text)
        if problem is not None:
            bad[number] = problem
    return texts, bad


@attrs.frozen
class _Row:
    """One CSV row: its first line, its cells by column, and why it cannot be read (None when it can)."""

    line: int
    cells: dict[str, str]
    problem: str | None


def _table(path: Path, columns: tuple[str, ...], warn: Warn | None) -> Iterator[_Row]:
    """A CSV file's rows, each read on its own: a row that cannot be read is a row with a problem,
    never an error for the whole file (only the header line can be that).

    A row that cannot be read and runs over several lines (a bad byte or a stray comma before a quote
    opens a quoted cell that never closes, so the reader swallows the lines after it) is rejected on
    its first line alone, and reading starts again on the next line: the rows it swallowed are rows
    of their own, each accounted for, not lost inside a broken cell.
    """
    lines, bad = _lines(path.read_bytes())
    reader = csv.reader(lines)
    header = _header(path, reader, bad, columns, warn)
    position = reader.line_num  # lines read so far
    while position < len(lines):
        reader = csv.reader(itertools.islice(lines, position, None))
        for start, end, cells, problem in _rows_from(reader, position, bad, len(header)):
            if problem is None and not any(cell.strip() for cell in cells):
                position = end
                continue  # a blank line, or a row of empty cells as spreadsheets export (",,,,"): no record
            row = {name: cell for name, cell in zip(header, cells, strict=False) if name in columns}
            yield _Row(start, row, f"{path}:{start}: {problem}" if problem else None)
            if problem is not None and end > start:
                position = start  # read again from the line after the broken row's first line
                break
            position = end
        else:
            return


def _rows_from(
    reader: Iterator[list[str]], before: int, bad: Mapping[int, str], width: int
) -> Iterator[tuple[int, int, list[str], str | None]]:
    """Rows with their first and last line numbers (``before`` lines were read before this reader) and
    why each cannot be read: a bad byte in one of its lines, more cells than columns, bad CSV."""
    end = before
    while True:
        start = end + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            end = before + reader.line_num  # type: ignore[attr-defined]
            yield start, end, [], f"is not a CSV row ({exc})"
            continue
        if cells is None:
            return
        end = before + reader.line_num  # type: ignore[attr-defined]
        problem = next((bad[n] for n in range(start, end + 1) if n in bad), None)
        if problem is None and len(cells) > width:
            problem = f"{len(cells)} cells but {width} columns (a cell that holds a comma must be in double quotes)"
        yield start, end, cells, problem


def _header(
    path: Path, reader: Iterator[list[str]], bad: Mapping[int, str], columns: tuple[str, ...], warn: Warn | None
) -> list[str]:
    """The header row; columns licensetrack does not use are ignored with a warning, but a misspelt
    or missing identifying column is an error for the whole file (no row could be placed)."""
    if 1 in bad:
        raise ProfileError.single(f"{path}:1", "", bad[1])
    header = next(reader, [])
    required = REQUIRED_COLUMNS[columns]
    unknown = [c for c in header if c not in columns]
    misspelt = [f"unknown column {c!r}{hint}" for c in unknown if (hint := close_match(c, required))]
    missing = [c for c in required if c not in header]
    if misspelt or missing:
        problems = [*misspelt, *([f"missing {_columns(missing)}"] if missing else [])]
        raise ProfileError.single(f"{path}:1", "", "; ".join(problems) + f"; expected columns: {', '.join(columns)}")
    if unknown and warn is not None:
        warn(f"{path}:1: ignoring {_columns(unknown)}, which licensetrack does not use")
    return header


def _columns(names: list[str]) -> str:
    """``column 'a'`` or ``columns 'a', 'b'``: the noun in the number of names."""
    return f"column{'s' if len(names) != 1 else ''} {', '.join(map(repr, names))}"


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
        if key == PRACTICE_DAYS:
            data[key] = _days_by_place(value)
            continue
        data[key] = [v.strip() for v in value.split(";") if v.strip()] if key in LIST_COLUMNS else value
    return data


# A credential's days of practice in one cell: ``us-tx:2026-03-02;us-tx:2026-03-03;us-nv:2026-05-01``.
PRACTICE_DAYS = "practice_days"


def _days_by_place(cell: str) -> Any:
    """The cell as place = [days]; a cell not of that form is left as its items for the model to refuse."""
    items = [item.strip() for item in cell.split(";") if item.strip()]
    if not all(":" in item for item in items):
        return items
    days: dict[str, list[str]] = {}
    for item in items:
        place, day = item.split(":", 1)
        days.setdefault(place.strip(), []).append(day.strip())
    return days


def _days_cell(days: Mapping[str, list[str]]) -> str:
    return ";".join(f"{place}:{day}" for place, listed in days.items() for day in listed)


def write_csv_bundle(practitioners: Iterable[Practitioner], folder: Path) -> None:
    """Write practitioners as a CSV bundle (the inverse of ``read_csv_bundle``), each file atomically."""
    from licensetrack.io.files import atomic_text, make_directory
    from licensetrack.io.profiles import to_json_data

    make_directory(folder)
    practitioners = tuple(practitioners)
    with contextlib.ExitStack() as stack:
        writers = {}
        for name, columns in (
            ("practitioners", PRACTITIONER_COLUMNS),
            ("credentials", _credential_columns_for(practitioners)),
            ("activities", _activity_columns_for(practitioners)),
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


def _credential_columns_for(practitioners: Sequence[Practitioner]) -> tuple[str, ...]:
    """The credential columns to write: ``home`` (a privilege's home licence) and ``practice_days`` only when some
    credential has one, so a bundle without privileges is written exactly as before."""
    used = {
        "home": any(c.home for p in practitioners for c in p.credentials),
        PRACTICE_DAYS: any(c.practice_days for p in practitioners for c in p.credentials),
    }
    return _written(CREDENTIAL_COLUMNS, used)


def _activity_columns_for(practitioners: Sequence[Practitioner]) -> tuple[str, ...]:
    """The activity columns to write: ``provider_type`` and ``for_period_ending`` (added in profile format v1's
    extensions) only when some activity has one, so a bundle of records without them is written exactly as before."""
    used = {
        "provider_type": any(a.provider_type for p in practitioners for a in p.activities),
        "for_period_ending": any(a.for_period_ending for p in practitioners for a in p.activities),
    }
    return _written(ACTIVITY_COLUMNS, used)


def _written(columns: tuple[str, ...], optional: Mapping[str, bool]) -> tuple[str, ...]:
    """``columns`` without the optional ones no record uses (``optional``: column -> whether any record does)."""
    return tuple(column for column in columns if optional.get(column, True))


def _flat(record: Mapping[str, Any]) -> dict[str, str]:
    return {
        k: _days_cell(v) if k == PRACTICE_DAYS else ";".join(v) if isinstance(v, list) else str(v)
        for k, v in record.items()
    }


def read_csv_bundle(
    folder: Path, *, vocabulary: Vocabulary = CORE_VOCABULARY, warn: Warn | None = None
) -> Iterator[Record]:
    """practitioners.csv, credentials.csv and activities.csv from an HR export, one Record per person.

    Every row is accounted for: a credential or activity row that cannot be read rejects the
    practitioner it names (its practitioner_id cell), or, when that is no one in practitioners.csv,
    is a rejected Record of its own. Columns licensetrack does not use are ignored, said to ``warn``.
    """
    files = {name: folder / f"{name}.csv" for name in ("practitioners", "credentials", "activities")}
    for name, path in files.items():
        if not path.is_file():
            raise ProfileError.single(str(path), "", f"is missing: a CSV bundle needs {name}.csv")
    people: dict[str, int] = {}
    for row in _table(files["practitioners"], PRACTITIONER_COLUMNS, warn):
        pid = row.cells.get("id", "").strip()
        if pid and pid not in people:
            people[pid] = row.line
    parts: dict[str, _Parts] = {}
    orphans: list[Record] = []
    for kind, columns in (("credentials", CREDENTIAL_COLUMNS), ("activities", ACTIVITY_COLUMNS)):
        path = files[kind]
        for row in _table(path, columns, warn):
            location = f"{path}:{row.line}"
            owner = row.cells.get("practitioner_id", "").strip()
            if owner not in people:
                problem = row.problem or f"{location}: practitioner_id {owner!r} is not in practitioners.csv"
                orphans.append(Record(location, None, problem))
            else:
                parts.setdefault(owner, _Parts()).add(kind, location, row, vocabulary)
    yield from orphans
    seen: set[str] = set()
    for row in _table(files["practitioners"], PRACTITIONER_COLUMNS, None):
        location = f"{files['practitioners']}:{row.line}"
        pid = row.cells.get("id", "").strip()
        if not pid:
            yield Record(location, None, row.problem or f"{location}: id: is required")
        elif pid in seen:
            duplicate = f"{location}: duplicate practitioner id {pid!r} (first on line {people[pid]})"
            yield Record(location, None, "\n".join(filter(None, (row.problem, duplicate))), practitioner_id=pid)
        else:
            seen.add(pid)
            yield _assemble(location, pid, row, parts.pop(pid, _Parts()), vocabulary)


@attrs.define
class _Parts:
    """One practitioner's credential and activity rows: what was read, where, and what could not be."""

    credentials: list[Credential] = attrs.Factory(list)
    places: list[Place] = attrs.Factory(list)
    first_line: dict[str, str] = attrs.Factory(dict)  # credential id -> its row, to name a duplicate
    activities: list[Activity] = attrs.Factory(list)
    problems: list[str] = attrs.Factory(list)

    def add(self, kind: str, location: str, row: _Row, vocabulary: Vocabulary) -> None:
        if row.problem is not None:
            self.problems.append(row.problem)
            return
        record_type = Credential if kind == "credentials" else Activity
        try:
            item = structure(_cells(row.cells), record_type, source=location, error=ProfileError)
        except ProfileError as exc:
            self.problems.append(str(exc))
            return
        if isinstance(item, Activity):
            unknown = _unknown_words(item, vocabulary, location)
            if unknown:
                self.problems.append(unknown)
            else:
                self.activities.append(item)
            return
        assert isinstance(item, Credential)
        if item.id in self.first_line:
            self.problems.append(
                f"{location}: id: duplicate credential id {item.id!r} (first on {self.first_line[item.id]})"
            )
            return
        self.first_line[item.id] = location.rsplit("/", 1)[-1]
        self.credentials.append(item)
        self.places.append(Place(location))


def _assemble(location: str, pid: str, row: _Row, parts: _Parts, vocabulary: Vocabulary) -> Record:
    """The practitioner of one practitioners.csv row with its credentials and activities, or every
    problem found in any of its rows."""
    problems = [row.problem] if row.problem else []
    header = None
    if not problems:
        try:
            header = parse_profile({"practitioner": _cells(row.cells)}, source=location, vocabulary=vocabulary)
        except LicensetrackError as exc:
            problems.append(str(exc))
    problems.extend(parts.problems)
    if header is None or problems:
        return Record(location, None, "\n".join(problems), practitioner_id=pid)
    try:
        built = attrs.evolve(header, credentials=tuple(parts.credentials), activities=tuple(parts.activities))
    except ModelError as exc:  # a rule of the whole record; duplicate credential ids are caught above
        return Record(location, None, f"{location}: {exc}", practitioner_id=pid)
    return Record(location, built, origin=Origin(Place(location), tuple(parts.places)))


def _unknown_words(activity: Activity, vocabulary: Vocabulary, location: str) -> str | None:
    """The first word of the row the vocabulary does not know, as a CSV row names it (by column)."""
    unknown = next(vocabulary.unknown_words(activity, "topics", "approvals"), None)
    if unknown is None:
        return None
    word, field = unknown.word, unknown.field
    return f"{location}: {field}: unknown {field[:-1]} {word!r}{close_match(word, unknown.known)}"


def read_bulk(path: Path, *, vocabulary: Vocabulary = CORE_VOCABULARY, warn: Warn | None = None) -> Iterator[Record]:
    """A folder is a CSV bundle; a file is JSON Lines."""
    if path.is_dir():
        return read_csv_bundle(path, vocabulary=vocabulary, warn=warn)
    if not path.is_file():
        raise ProfileError.single(str(path), "", "no such file or folder")
    return read_jsonl(path, vocabulary=vocabulary)


def read_bulk_deferred(
    path: Path, *, vocabulary: Vocabulary = CORE_VOCABULARY, warn: Warn | None = None
) -> Iterator[Record | Line]:
    """As :func:`read_bulk`, but JSON Lines come unparsed, for workers to parse (:func:`parse_line`)."""
    if path.is_file():
        return jsonl_lines(path)
    return read_bulk(path, vocabulary=vocabulary, warn=warn)
