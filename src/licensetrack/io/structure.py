"""Strict structuring of parsed files into attrs classes, with errors a person can act on.

cattrs does the walking (records, lists, unknown and missing keys) and turns file values into the
model's types (``"1.25"`` into a Decimal, ``"on-demand"`` into a Format); the model's validators do
the value checks, so each rule lives in one place. This module turns cattrs'
exception groups into :class:`~licensetrack.core.errors.Problem` lists whose paths name the record
(``activities[3] ("Ethics Update").hours``) and whose messages suggest a close match for typos.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from enum import Enum
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError, IterableValidationError, IterableValidationNote

from licensetrack.core.errors import InputError, ModelError, Problem, close_match, quoted
from licensetrack.core.validation import check_quantity, enum_value

T = TypeVar("T")

# Labels a record in messages: given the raw mapping of a list item, a short human name for it.
Labeller = Callable[[str, Mapping[str, Any]], str | None]


def _passthrough(value: Any, _type: Any) -> Any:
    return value


def _date_or_iso(value: Any, _type: Any) -> Any:
    """JSON carries dates as ISO strings; TOML as dates. Anything else goes to the model's check."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"must be a date like 2024-03-09, got {value!r}") from None
    return value


def _is_word_tuple(type_: Any) -> bool:
    return typing.get_origin(type_) is tuple and typing.get_args(type_) == (str, Ellipsis)


def _decimal(value: Any, _type: Any) -> Decimal:
    """Numbers from files: ints, decimal strings, and floats through ``str`` (``1.1`` stays 1.1)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"must be a number, got {value!r}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"must be a number, got {value!r}") from None
    try:
        # Every quantity in a file is positive; checking here reports it beside other field errors.
        return check_quantity("", number)
    except ModelError as exc:
        raise ValueError(exc.message) from None


def _enum(value: Any, type_: Any) -> Any:
    return enum_value(type_, value)


def _list(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"must be a list, got {_kind(value)}")
    return tuple(value)


def _words(value: Any, _type: Any) -> tuple[Any, ...]:
    return _list(value)


def _is_enum_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return (
        typing.get_origin(type_) is tuple
        and len(args) == 2
        and args[1] is Ellipsis
        and isinstance(args[0], type)
        and issubclass(args[0], Enum)
    )


def _enums(value: Any, type_: Any) -> tuple[Any, ...]:
    kind = typing.get_args(type_)[0]
    items = []
    for index, item in enumerate(_list(value)):
        try:
            items.append(enum_value(kind, item))
        except ValueError as exc:
            raise ValueError(f"item {index}: {exc}") from None
    return tuple(items)


def _share(value: Any, _type: Any) -> Fraction:
    """A share such as ``"1/3"`` or ``0.5``, kept exact as a Fraction; the model checks its range."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal | Fraction):
        raise ValueError(f'must be a fraction like "1/3" or 0.5, got {value!r}')
    try:
        return value if isinstance(value, Fraction) else Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f'must be a fraction like "1/3" or 0.5, got {value!r}') from None


def make_converter() -> cattrs.Converter:
    """A converter that forbids unknown keys, turns file values into model types, and leaves the
    checks of ranges and rules to the model's validators."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Direct registrations: cattrs would otherwise call str(), int() or bool() on the value and turn
    # `id = 1` into "1" or `months = "24"` into 24 without a word. The model's validators check types.
    for leaf in (str, int, bool):
        converter.register_structure_hook(leaf, _passthrough)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(Fraction, _share)
    converter.register_structure_hook(datetime.date, _date_or_iso)
    # cattrs calls an enum class directly, and a class-specific hook is the only kind that wins over
    # that, so every enum of the model and the rule language is registered by name.
    from licensetrack.core import model
    from licensetrack.core import rules as ruleset

    for module in (model, ruleset):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Enum) and value.__module__ == module.__name__:
                converter.register_structure_hook(value, _enum)
    converter.register_structure_hook_func(_is_word_tuple, _words)
    converter.register_structure_hook_func(_is_enum_tuple, _enums)
    converter.register_structure_hook_func(_is_mapping_type, _passthrough)
    converter.register_structure_hook_func(_is_date_mapping, _dates_by_word)
    converter.register_structure_hook_func(_is_dates_mapping, _date_lists_by_word)
    converter.register_structure_hook_factory(_is_record_tuple, lambda t: _records_hook(converter, t))
    return converter


def _is_record_tuple(type_: Any) -> bool:
    args = typing.get_args(type_)
    return typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis and attrs.has(args[0])


def _records_hook(converter: cattrs.Converter, type_: Any) -> Callable[[Any, Any], Any]:
    """Lists of records: refuse a lone table where a list belongs, and keep each item's index."""
    item_type = typing.get_args(type_)[0]

    def structure_records(value: Any, _type: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise ValueError(f"must be a list of tables, got {_kind(value)}")
        items: list[Any] = []
        errors: list[Exception] = []
        for index, raw in enumerate(value):
            try:
                items.append(converter.structure(raw, item_type))
            except Exception as exc:  # noqa: BLE001 - collected and re-raised as a group below
                exc.add_note(IterableValidationNote(f"Structuring item {index}", index, item_type))
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {type_}", errors, type_)
        return tuple(items)

    return structure_records


def _is_date_mapping(type_: Any) -> bool:
    return _is_mapping_type(type_) and typing.get_args(type_)[1:] == (datetime.date,)


def _dates_by_word(value: Any, _type: Any) -> Any:
    """A table of word = date (a credential's ``role_since``): ISO strings (JSON) become dates; anything
    else is left for the model's check, which names the key."""
    if not isinstance(value, Mapping):
        return value
    return {key: _iso(day) for key, day in value.items()}


def _iso(day: Any) -> Any:
    """An ISO date string (JSON) as a date; anything else as it is, for the model's check to name."""
    try:
        return datetime.date.fromisoformat(day) if isinstance(day, str) else day
    except ValueError:
        return day


def _is_dates_mapping(type_: Any) -> bool:
    return _is_mapping_type(type_) and typing.get_args(type_)[1:] == (tuple[datetime.date, ...],)


def _date_lists_by_word(value: Any, _type: Any) -> Any:
    """A table of word = list of dates (a credential's ``practice_days``): lists become tuples and ISO strings
    (JSON) dates; anything else is left for the model's check, which names the key."""
    if not isinstance(value, Mapping):
        return value
    return {key: tuple(_iso(day) for day in days) if isinstance(days, list) else days for key, days in value.items()}


def _is_mapping_type(type_: Any) -> bool:
    return typing.get_origin(type_) in (Mapping, dict, typing.Mapping)


_CONVERTER = make_converter()


def structure(
    data: Any,
    cls: type[T],
    *,
    source: str | None,
    error: type[InputError],
    labeller: Labeller | None = None,
    prefix: str = "",
) -> T:
    """Build ``cls`` from ``data`` or raise ``error`` listing every problem found."""
    if not isinstance(data, Mapping):
        raise error.single(source, prefix, f"must be a table of keys, got {_kind(data)}")
    try:
        return _CONVERTER.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a located Problem below
        problems = list(_problems(exc, prefix, data, cls, labeller))
        raise error(source, problems or [Problem(prefix, str(exc))]) from None


def _kind(value: Any) -> str:
    names = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def _problems(exc: BaseException, path: str, raw: Any, cls: Any, labeller: Labeller | None) -> typing.Iterator[Problem]:
    if isinstance(exc, BaseExceptionGroup):
        reported = []
        for problem in _group_problems(exc, path, raw, cls, labeller):
            reported.append(problem.path)
            yield problem
        # A field that failed to structure stops the record before its validators run; run them
        # field by field too, so a bad number does not hide an empty title in the same record.
        yield from (p for p in _every_field_problem(path, raw, cls) if p.path not in reported)
        return
    if isinstance(exc, ModelError) and "." not in exc.field:  # a field, or an item of a list field
        every = list(_every_field_problem(path, raw, cls))
        if every:
            yield from every
            return
    yield _leaf_problem(exc, path, raw, cls)


def _group_problems(
    exc: BaseExceptionGroup[BaseException], path: str, raw: Any, cls: Any, labeller: Labeller | None
) -> typing.Iterator[Problem]:
    for sub in exc.exceptions:
        sub_path, sub_raw, sub_cls = path, raw, cls
        for note in getattr(sub, "__notes__", []):
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                sub_path = _join(sub_path, name)
                sub_raw = sub_raw.get(name) if isinstance(sub_raw, Mapping) else None
                sub_cls = _field_type(sub_cls, name)
            elif index is not None:
                item = sub_raw[index] if isinstance(sub_raw, Sequence) and index < len(sub_raw) else None
                label = labeller(sub_path, item) if labeller and isinstance(item, Mapping) else None
                sub_path = f"{sub_path}[{index}]" + (f" ({quoted(label)})" if label else "")
                sub_raw = item
                sub_cls = _item_type(sub_cls)
        yield from _problems(sub, sub_path, sub_raw, sub_cls, labeller)


def _every_field_problem(path: str, raw: Any, cls: Any) -> typing.Iterator[Problem]:
    """Check each field of a record on its own, so one bad field does not hide the next.

    attrs stops at the first validator that raises; running each field's validators separately
    reports everything wrong with the record at once.
    """
    if not (isinstance(cls, type) and attrs.has(cls) and isinstance(raw, Mapping)):
        return
    hints = typing.get_type_hints(cls)
    for attribute in attrs.fields(cls):
        if attribute.name not in raw:
            continue
        try:
            value = _CONVERTER.structure(raw[attribute.name], hints[attribute.name])
            if attribute.validator is not None:
                attribute.validator(None, attribute, value)
        except ModelError as exc:
            yield Problem(_join(path, exc.field), exc.message)
        except Exception:  # noqa: BLE001 - structuring errors were already reported by cattrs
            continue


def _leaf_problem(exc: BaseException, path: str, raw: Any, cls: Any) -> Problem:
    if isinstance(cls, type) and attrs.has(cls) and not isinstance(raw, Mapping):
        return Problem(path, f"must be a table of keys, got {_kind(raw)}")
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        words = [f"{key!r}{close_match(key, known)}" for key in sorted(exc.extra_fields)]
        return Problem(path, f"unknown key {', '.join(words)}; allowed keys: {', '.join(known)}")
    if isinstance(exc, ModelError):
        return Problem(_join(path, exc.field), exc.message)
    if isinstance(exc, KeyError):
        key = str(exc.args[0])
        return Problem(path if path.rsplit(".", 1)[-1] == key else _join(path, key), "is required")
    if isinstance(exc, TypeError) and "missing" in str(exc) and "required" in str(exc):
        return Problem(path, "is missing a required key: " + str(exc).split(":", 1)[-1].strip())
    if isinstance(exc, TypeError):
        return Problem(path, f"has the wrong type ({_kind(raw)})")
    return Problem(path, str(exc))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _field_type(cls: Any, name: str) -> Any:
    if isinstance(cls, type) and attrs.has(cls):
        return typing.get_type_hints(cls).get(name)
    return None


def _item_type(type_: Any) -> Any:
    args = typing.get_args(type_)
    return args[0] if args else None
