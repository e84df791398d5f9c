"""The profile format, v1: reading and writing practitioners as TOML or JSON.

A profile is a public contract (``docs/profile-format.md``): people write it by hand and HR systems
generate it. Reading is strict: an unknown key, a wrong type, an unknown topic or a bad number is
an error naming the file, the record and the field; nothing is silently ignored. Writing is the
exact inverse, so ``read(write(p)) == p`` for every practitioner ``p``.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import attrs

from licensetrack.core.errors import Problem, ProfileError, close_match, key_path, quoted
from licensetrack.core.model import Activity, Credential, Degree, Practitioner
from licensetrack.core.vocabulary import CORE_VOCABULARY, Vocabulary
from licensetrack.io.files import atomic_write, parse_toml, read_text
from licensetrack.io.structure import structure

T = TypeVar("T")

TOP_LEVEL_KEYS = ("practitioner", "degrees", "credentials", "activities")
_PRACTITIONER_KEYS = ("id", "name", "birth_date", "graduate_study_began")


def _label(path: str, record: Mapping[str, Any]) -> str | None:
    """Name a list item in messages by its title or id, as a person would recognise it."""
    key = "title" if path.endswith("activities") else "id"
    value = record.get(key)
    return value if isinstance(value, str) and value.strip() else None


def parse_profile(
    data: Any,
    *,
    source: str | None = None,
    vocabulary: Vocabulary = CORE_VOCABULARY,
    prefix: str = "",
) -> Practitioner:
    """Build a practitioner from parsed TOML or JSON data, or raise ProfileError with every problem."""
    practitioner, problems = _parse(data, source, vocabulary, prefix)
    if problems or practitioner is None:
        raise ProfileError(source, problems)
    return practitioner


def _parse(
    data: Any, source: str | None, vocabulary: Vocabulary, prefix: str
) -> tuple[Practitioner | None, list[Problem]]:
    """The practitioner (None when the data does not structure) and every problem of every layer:
    unknown keys, values, and words of the vocabulary, the last checked on the raw records when
    structuring failed so that one kind of problem does not hide the next."""
    where = prefix
    if not isinstance(data, Mapping):
        return None, [Problem(where, "a profile must be a table with a [practitioner] section")]
    problems = [
        Problem(
            _at(where, key_path(key)),
            f"unknown key {key!r}{close_match(key, TOP_LEVEL_KEYS)}; allowed: " + ", ".join(TOP_LEVEL_KEYS),
        )
        for key in data
        if key not in TOP_LEVEL_KEYS
    ]
    header = data.get("practitioner")
    if header is None:
        problems.append(Problem(_at(where, "practitioner"), "is required (a [practitioner] table with an id)"))
    elif not isinstance(header, Mapping):
        problems.append(Problem(_at(where, "practitioner"), "must be a table with an id"))
    else:
        problems.extend(
            Problem(
                _at(where, f"practitioner.{key_path(key)}"),
                f"unknown key {key!r}{close_match(key, _PRACTITIONER_KEYS)}; allowed keys: "
                + ", ".join(_PRACTITIONER_KEYS),
            )
            for key in header
            if key not in _PRACTITIONER_KEYS
        )
    if not isinstance(header, Mapping):
        return None, problems
    # An unknown key is reported, and the rest is still checked without it, so that a misspelt key does
    # not hide the problems of every record after it (validate promises everything at once).
    known = {key: value for key, value in header.items() if key in _PRACTITIONER_KEYS}
    merged = {**known, **{key: data[key] for key in TOP_LEVEL_KEYS[1:] if key in data}}
    try:
        practitioner = structure(merged, Practitioner, source=source, error=ProfileError, labeller=_label)
    except ProfileError as exc:
        problems.extend(_relocate(p, where) for p in exc.problems)
        return None, problems + list(_raw_vocabulary_problems(data.get("activities"), vocabulary, where))
    problems.extend(_vocabulary_problems(practitioner, vocabulary, where))
    return practitioner, problems


def _at(prefix: str, path: str) -> str:
    return f"{prefix}.{path}" if prefix and path else prefix or path


def _relocate(problem: Problem, prefix: str) -> Problem:
    """Paths from the merged record: the header's own fields live under ``practitioner``."""
    head = problem.path.split(".", 1)[0].split("[", 1)[0]
    path = f"practitioner.{problem.path}" if head in _PRACTITIONER_KEYS else problem.path
    return Problem(_at(prefix, path), problem.message)


def _vocabulary_problems(practitioner: Practitioner, vocabulary: Vocabulary, prefix: str) -> Iterable[Problem]:
    for index, activity in enumerate(practitioner.activities):
        for unknown in vocabulary.unknown_words(activity, "topics", "approvals"):
            # the record's label only for a record with a problem: quoting every title cost bulk audits ~3%
            record = f"activities[{index}] ({quoted(activity.title)})"
            yield Problem(_at(prefix, f"{record}.{unknown.path}"), unknown.message)


def _raw_vocabulary_problems(activities: Any, vocabulary: Vocabulary, prefix: str) -> Iterable[Problem]:
    """Unknown words of activities that did not structure. Malformed words were reported already."""
    if not isinstance(activities, list):
        return
    for index, raw in enumerate(activities):
        if not isinstance(raw, Mapping):
            continue
        label = _label("activities", raw)
        record = f"activities[{index}]" + (f" ({quoted(label)})" if label else "")
        for unknown in vocabulary.unknown_words(raw, "topics", "approvals"):
            yield Problem(_at(prefix, f"{record}.{unknown.path}"), unknown.message)


@attrs.frozen(kw_only=True)
class Checked:
    """A profile read for ``validate``: every problem found, and the records that could be read on
    their own (with their index in the file), so later checks (rule sets, periods, dates) can run on
    them in the same pass instead of after the first problems are fixed."""

    problems: tuple[Problem, ...]
    birth_date: datetime.date | None = None
    credentials: tuple[tuple[int, Credential], ...] = ()
    activities: tuple[tuple[int, Activity], ...] = ()
    raw_credentials: tuple[tuple[int, Mapping[str, Any]], ...] = ()


def check_profile(path: Path | str, *, vocabulary: Vocabulary = CORE_VOCABULARY) -> Checked:
    """Read a profile leniently: every problem of the file, and what could still be read of it."""
    path = Path(path)
    source = str(path)
    try:
        text = read_text(path, ProfileError)
        data = parse_json(text, source) if path.suffix.lower() == ".json" else parse_toml(text, source, ProfileError)
    except ProfileError as exc:
        return Checked(problems=exc.problems)
    practitioner, problems = _parse(data, source, vocabulary, "")
    if not isinstance(data, Mapping):
        return Checked(problems=tuple(problems))
    raw_credentials = tuple(_raw_records(data.get("credentials")))
    if practitioner is not None:
        return Checked(
            problems=tuple(problems),
            birth_date=practitioner.birth_date,
            credentials=tuple(enumerate(practitioner.credentials)),
            activities=tuple(enumerate(practitioner.activities)),
            raw_credentials=raw_credentials,
        )
    header = data.get("practitioner")
    birth = (
        _salvage({"id": "p", "birth_date": header["birth_date"]}, Practitioner)
        if (isinstance(header, Mapping) and "birth_date" in header)
        else None
    )
    credentials = []
    for index, raw in raw_credentials:
        credential = _salvage(raw, Credential) or _salvage({**raw, "id": f"credential-{index}"}, Credential)
        if credential is not None:
            credentials.append((index, credential))
    activities = [(i, a) for i, raw in _raw_records(data.get("activities")) if (a := _salvage(raw, Activity))]
    return Checked(
        problems=tuple(problems),
        birth_date=birth.birth_date if isinstance(birth, Practitioner) else None,
        credentials=tuple(credentials),
        activities=tuple(activities),
        raw_credentials=raw_credentials,
    )


def _raw_records(value: Any) -> Iterable[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        yield from ((index, item) for index, item in enumerate(value) if isinstance(item, Mapping))


def _salvage(raw: Mapping[str, Any], cls: type[T]) -> T | None:
    """One record structured on its own, or None when it has problems (already reported)."""
    try:
        return structure(raw, cls, source=None, error=ProfileError)
    except ProfileError:
        return None


def loads_toml(text: str, *, source: str | None = None, vocabulary: Vocabulary = CORE_VOCABULARY) -> Practitioner:
    return parse_profile(parse_toml(text, source, ProfileError), source=source, vocabulary=vocabulary)


def loads_json(text: str, *, source: str | None = None, vocabulary: Vocabulary = CORE_VOCABULARY) -> Practitioner:
    return parse_profile(parse_json(text, source), source=source, vocabulary=vocabulary)


def parse_json(
    text: str, source: str | None, error: type[ProfileError] = ProfileError, *, one_line: bool = False
) -> Any:
    """Parse JSON exactly: numbers become Decimals, NaN and duplicate keys are refused.

    ``one_line``: the text is one line of a JSON Lines file, whose location already names the line,
    so a syntax error names only the column.
    """

    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number a profile may contain")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key {key!r}")
            result[key] = value
        return result

    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=refuse_constant, object_pairs_hook=no_duplicates)
    except RecursionError:
        raise error.single(source, "", "is nested too deeply to be a profile") from None
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}" if one_line else f"line {exc.lineno}, column {exc.colno}"
        raise error.single(source, "", f"is not valid JSON: {exc.msg} ({where})") from None
    except ValueError as exc:
        raise error.single(source, "", f"is not valid JSON: {exc}") from None
    if _SURROGATE_ESCAPE.search(text):
        field = _lone_surrogate(data, "")
        if field is not None:
            # JSON may write half of a character as an escape; no UTF-8 output can hold it, so it would
            # fail later, at writing, with no record named (TOML refuses it when parsing).
            raise error.single(source, field, "is not text: a \\u escape names half of a character (a lone surrogate)")
    return data


# A \\u escape of a UTF-16 surrogate: a pair is one character, one alone is no character at all.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogate(value: Any, path: str) -> str | None:
    """The path of the first string (key or value) holding a lone surrogate, or None."""
    if isinstance(value, str):
        return path if any("\ud800" <= char <= "\udfff" for char in value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else key
            found = _lone_surrogate(key, inner) or _lone_surrogate(item, inner)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _lone_surrogate(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def read_profile(path: Path | str, *, vocabulary: Vocabulary = CORE_VOCABULARY) -> Practitioner:
    """Read a ``.toml`` or ``.json`` profile (chosen by suffix; anything else is read as TOML)."""
    path = Path(path)
    text = read_text(path, ProfileError)
    if path.suffix.lower() == ".json":
        return loads_json(text, source=str(path), vocabulary=vocabulary)
    return loads_toml(text, source=str(path), vocabulary=vocabulary)


# --- writing -------------------------------------------------------------------------------------


def to_data(practitioner: Practitioner) -> dict[str, Any]:
    """The profile as plain data (dates and Decimals kept) in the file's layout; None and empty omitted."""
    header = {key: getattr(practitioner, key) for key in _PRACTITIONER_KEYS}
    data: dict[str, Any] = {"practitioner": _record(header)}
    for key, records in (
        ("degrees", practitioner.degrees),
        ("credentials", practitioner.credentials),
        ("activities", practitioner.activities),
    ):
        if records:
            data[key] = [_record(attrs.asdict(r, recurse=False)) for r in records]
    return data


def _record(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == () or value == {}:
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Mapping):
            value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
        out[key] = value
    return out


def dumps_toml(practitioner: Practitioner) -> str:
    """TOML text of the profile; whole numbers of hours are written as integers."""
    import tomli_w

    return tomli_w.dumps(_tomlish(to_data(practitioner)))


def activity_toml(activity: Activity) -> str:
    """One activity as the ``[[activities]]`` table the profile writer would write, for appending to a
    hand-written file without touching the rest of it."""
    import tomli_w

    return "[[activities]]\n" + tomli_w.dumps(_tomlish(_record(attrs.asdict(activity, recurse=False))))


def _tomlish(value: Any) -> Any:
    """Whole-number Decimals as TOML integers (``6``, not ``6.0``); everything else as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, dict):
        return {k: _tomlish(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tomlish(v) for v in value]
    return value


def to_json_data(practitioner: Practitioner) -> dict[str, Any]:
    """JSON-ready data: dates as ISO strings, hours as decimal strings so nothing is rounded."""

    def jsonish(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: jsonish(v) for k, v in value.items()}
        if isinstance(value, list):
            return [jsonish(v) for v in value]
        return value

    result: dict[str, Any] = jsonish(to_data(practitioner))
    return result


def dumps_json(practitioner: Practitioner, *, indent: int | None = 2) -> str:
    return json.dumps(to_json_data(practitioner), indent=indent, ensure_ascii=False) + ("\n" if indent else "")


def write_profile(practitioner: Practitioner, path: Path | str) -> None:
    """Write atomically, as JSON for a ``.json`` path and TOML otherwise."""
    path = Path(path)
    text = dumps_json(practitioner) if path.suffix.lower() == ".json" else dumps_toml(practitioner)
    atomic_write(path, text.encode("utf-8"))


__all__ = [
    "Activity",
    "Credential",
    "Degree",
    "Practitioner",
    "dumps_json",
    "dumps_toml",
    "loads_json",
    "loads_toml",
    "parse_profile",
    "read_profile",
    "to_data",
    "to_json_data",
    "write_profile",
]
