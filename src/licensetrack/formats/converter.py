"""One converter for every JSON output, and the JSON Schema of each, from one description per object.

A :class:`Shape` says, for one JSON object a command prints, its keys in output order, where each
key's value comes from (an attribute path on the result value) and what a consumer may rely on (which
keys are always there). The *type* of each value is read from the result classes' annotations, so the
conversion (Decimal -> ``"6"``, date -> ISO string, enum -> its value, tuple -> list, a nested result
-> its object) and the schema of the key come from the same place: a field added to a result class,
or its type changed, changes output and schema together, and a type the converter does not know
fails at import, not in a consumer's parser.

Each shape is compiled once into a plain function (generated source, as cattrs does for its own
unstructuring), which is as fast as the dict written out by hand: the audit converts thousands of
reports a second. The functions are registered on one cattrs ``Converter`` (:data:`converter`);
:mod:`licensetrack.formats.shapes` describes every result type and gives ``to_json``.
"""

from __future__ import annotations

import datetime
import enum
import functools
import itertools
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from licensetrack.core.report import hours

WORD: Mapping[str, Any] = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
DATE: Mapping[str, Any] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
HOURS: Mapping[str, Any] = {"type": "string", "pattern": r"^\d+(\.\d+)?$"}
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@attrs.frozen(kw_only=True)
class Key:
    """One key of a JSON object: its name, where its value comes from, and its promise.

    ``source`` is a dotted attribute path on the value (default: the key's name; ``""`` the value
    itself, for an object nested from the same value). ``schema`` narrows what the type says (a word
    pattern, an enumeration the type does not carry); the conversion still follows the type.
    ``pairs`` names the members of a tuple of pairs, which is then printed as a list of objects.
    """

    name: str
    source: str | None = None
    optional: bool = False  # not in the schema's ``required``: consumers must not rely on it
    omit_falsy: bool = False  # left out of the object when empty or None (and then optional)
    description: str | None = None
    schema: Mapping[str, Any] | None = None
    shape: Shape | None = None
    pairs: tuple[str, str] | None = None

    @property
    def path(self) -> str:
        return self.name if self.source is None else self.source


@attrs.frozen(kw_only=True)
class Shape:
    """A JSON object made from a value of ``cls``: its keys in output order."""

    cls: type
    keys: tuple[Key, ...]
    closed: bool = False  # the schema says ``additionalProperties: false``


@functools.cache
def _type_hints(owner: Any) -> dict[str, Any]:
    """``typing.get_type_hints``, once per class or function: it evaluates every string annotation
    anew on each call, and the shapes ask for a class's hints once per key (most of the import time
    of the output layer, so of every command's start-up, before this)."""
    return typing.get_type_hints(owner)


def _hint(cls: type, path: str) -> Any:
    """The annotated type at ``path`` from ``cls`` (fields and properties alike)."""
    current: Any = cls
    for part in path.split("."):
        member = getattr(current, part, None)
        if isinstance(member, property) and member.fget is not None:
            current = _type_hints(member.fget)["return"]
        else:
            current = _type_hints(current)[part]
    return current


def _optional_inner(hint: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(members) == 1 and len(typing.get_args(hint)) == 2:
            return members[0]
    return None


class _Compiler:
    """Turns shapes into functions (and schemas); each shape once, nested ones first."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"hours": hours}
        self.names: dict[int, str] = {}
        self.by_class: dict[type, Shape] = {}
        self._counter = itertools.count()

    def function_name(self, shape: Shape) -> str:
        if id(shape) not in self.names:
            name = f"_to_json_{shape.cls.__name__}_{next(self._counter)}"
            self.names[id(shape)] = name
            self.namespace[name] = self._compile(shape, name)
        return self.names[id(shape)]

    def _compile(self, shape: Shape, name: str) -> Callable[[Any], dict[str, Any]]:
        lines = [f"def {name}(o):", "    return {"]
        for key in shape.keys:
            value = "o" if key.path == "" else f"o.{key.path}"
            expression = self.expression(shape, key, value)
            if key.omit_falsy:
                lines.append(f"        **({{{key.name!r}: {expression}}} if {value} else {{}}),")
            else:
                lines.append(f"        {key.name!r}: {expression},")
        lines.append("    }")
        exec("\n".join(lines), self.namespace)  # the source is built here, from the shapes
        function: Callable[[Any], dict[str, Any]] = self.namespace[name]
        return function

    def expression(self, shape: Shape, key: Key, value: str) -> str:
        if key.shape is not None:
            hint: Any = key.shape.cls if key.path == "" else _hint(shape.cls, key.path)
            call = f"{self.function_name(key.shape)}({value})"
            return call if _optional_inner(hint) is None else f"(None if {value} is None else {call})"
        hint = _hint(shape.cls, key.path)
        if key.pairs is not None:
            first, second = key.pairs
            a, b = typing.get_args(typing.get_args(hint)[0])
            return (
                f"[{{{first!r}: {self.convert(a, '_a')}, {second!r}: {self.convert(b, '_b')}}} for _a, _b in {value}]"
            )
        return self.convert(hint, value)

    def convert(self, hint: Any, value: str) -> str:
        """The Python expression that turns ``value`` (an expression of type ``hint``) into JSON."""
        inner = _optional_inner(hint)
        if inner is not None:
            converted = self.convert(inner, value)
            return value if converted == value else f"(None if {value} is None else {converted})"
        if typing.get_origin(hint) is tuple:
            item = typing.get_args(hint)[0]
            converted = self.convert(item, "_x")
            return f"list({value})" if converted == "_x" else f"[{converted} for _x in {value}]"
        if hint in (str, bool, int):
            return value
        if hint is Decimal:
            return f"hours({value})"
        if hint is datetime.date:
            return f"{value}.isoformat()"
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return f"{value}.value"
        if hint in self.by_class:
            return f"{self.function_name(self.by_class[hint])}({value})"
        raise TypeError(f"no JSON form for {hint!r}: give its class a Shape")


def _type_schema(hint: Any, by_class: Mapping[type, Shape]) -> dict[str, Any]:
    """The JSON Schema of the JSON form of a value of type ``hint``."""
    inner = _optional_inner(hint)
    if inner is not None:
        schema = _type_schema(inner, by_class)
        if set(schema) == {"type"} and isinstance(schema["type"], str):
            return {"type": [schema["type"], "null"]}
        return {"oneOf": [schema, {"type": "null"}]}
    if typing.get_origin(hint) is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(hint)[0], by_class)}
    simple = {
        str: {"type": "string"},
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        Decimal: HOURS,
        datetime.date: DATE,
    }
    if hint in simple:
        return dict(simple[hint])
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"type": "string", "enum": [member.value for member in hint]}
    if hint in by_class:
        return schema_of(by_class[hint], by_class)
    raise TypeError(f"no JSON Schema for {hint!r}: give its class a Shape")


def _key_schema(shape: Shape, key: Key, by_class: Mapping[type, Shape]) -> dict[str, Any]:
    if key.schema is not None:
        schema = dict(key.schema)
    elif key.shape is not None:
        schema = schema_of(key.shape, by_class)
        if key.path != "" and _optional_inner(_hint(shape.cls, key.path)) is not None:
            schema = {"oneOf": [schema, {"type": "null"}]}
    elif key.pairs is not None:
        a, b = typing.get_args(typing.get_args(_hint(shape.cls, key.path))[0])
        first, second = key.pairs
        schema = {
            "type": "array",
            "items": {
                "type": "object",
                "required": [first, second],
                "properties": {first: _type_schema(a, by_class), second: _type_schema(b, by_class)},
            },
        }
    else:
        hint = _hint(shape.cls, key.path)
        # A key left out when empty is never null: its schema is the type's without None.
        schema = _type_schema(_optional_inner(hint) or hint if key.omit_falsy else hint, by_class)
    return schema if key.description is None else {"description": key.description, **schema}


def schema_of(shape: Shape, by_class: Mapping[type, Shape]) -> dict[str, Any]:
    """The JSON Schema of the objects ``shape`` makes."""
    schema: dict[str, Any] = {"type": "object"}
    if shape.closed:
        schema["additionalProperties"] = False
    schema["required"] = [key.name for key in shape.keys if not (key.optional or key.omit_falsy)]
    schema["properties"] = {key.name: _key_schema(shape, key, by_class) for key in shape.keys}
    return schema


converter = cattrs.Converter()
_compiler = _Compiler()


def register(*shapes: Shape) -> None:
    """Make each shape the JSON form of its class (on :data:`converter`); classes first, then code, so
    shapes may refer to each other in any order."""
    for shape in shapes:
        _compiler.by_class[shape.cls] = shape
    for shape in shapes:
        converter.register_unstructure_hook(shape.cls, _compiler.namespace[_compiler.function_name(shape)])


def has_shape(cls: type) -> bool:
    """Whether values of ``cls`` have a JSON form here."""
    return cls in _compiler.by_class


def compiled(shape: Shape) -> Callable[[Any], dict[str, Any]]:
    """The function making ``shape``'s objects (for a shape that is not its class's JSON form)."""
    function: Callable[[Any], dict[str, Any]] = _compiler.namespace[_compiler.function_name(shape)]
    return function


def schema(shape: Shape) -> dict[str, Any]:
    """``shape``'s schema, with the registered shapes for nested result classes."""
    return schema_of(shape, _compiler.by_class)


def document(
    shape: Shape, title: str, *, schema_id: str | None = None, description: str | None = None
) -> dict[str, Any]:
    """A published schema: the dialect, its id and title, and the shape's schema."""
    head: dict[str, Any] = {"$schema": SCHEMA_DIALECT}
    if schema_id is not None:
        head["$id"] = schema_id
    head["title"] = title
    if description is not None:
        head["description"] = description
    return head | schema(shape)
