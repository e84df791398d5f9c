"""One converter and generated schemas: a result type's JSON form and its schema come from one
description, with each value's type read from the result classes, so they cannot drift."""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.engine import evaluate_profile
from licensetrack.core.errors import LicensetrackError
from licensetrack.core.model import Practitioner
from licensetrack.core.report import Report
from licensetrack.formats import converter as converter_module
from licensetrack.formats import schemas, shapes
from licensetrack.formats.converter import Key, Shape, schema_of
from licensetrack.formats.records import render_record
from licensetrack.formats.renderers import RenderContext, RendererError, renderers
from licensetrack.formats.shapes import AuditedReport
from licensetrack.io.profiles import read_profile
from licensetrack.plugins.hookspecs import hookimpl
from licensetrack.plugins.registry import load_registry
from licensetrack.testing.strategies import activities, credentials
from tests.test_contracts import closed

ROOT = Path(__file__).parent.parent
REGISTRY = load_registry(entry_points=False)


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen(kw_only=True)
class Inner:
    amount: Decimal


@attrs.frozen(kw_only=True)
class Outer:
    name: str
    day: datetime.date
    due: datetime.date | None
    colour: Colour
    hours: Decimal
    tags: tuple[str, ...]
    inners: tuple[Inner, ...]
    pairs: tuple[tuple[str, Decimal], ...]
    note: str | None = None

    @property
    def shouting(self) -> bool:
        return self.name.isupper()


INNER = Shape(cls=Inner, keys=(Key(name="amount"),), closed=True)
OUTER = Shape(
    cls=Outer,
    keys=(
        Key(name="name"),
        Key(name="shouting", optional=True),
        Key(name="when", source="", shape=Shape(cls=Outer, keys=(Key(name="day"), Key(name="due")))),
        Key(name="colour"),
        Key(name="hours"),
        Key(name="tags"),
        Key(name="inners"),
        Key(name="pairs", pairs=("id", "gain")),
        Key(name="note", omit_falsy=True),
    ),
)


def compiler() -> converter_module._Compiler:
    made = converter_module._Compiler()
    made.by_class.update({Inner: INNER, Outer: OUTER})
    return made


def test_the_json_form_follows_each_values_type_in_key_order() -> None:
    made = compiler()
    function = made.namespace[made.function_name(OUTER)]
    value = Outer(
        name="A",
        day=datetime.date(2026, 1, 31),
        due=None,
        colour=Colour.BLUE,
        hours=Decimal("6.50"),
        tags=("x", "y"),
        inners=(Inner(amount=Decimal("1.0")),),
        pairs=(("p", Decimal("2.000")),),
    )
    assert json.dumps(function(value)) == json.dumps(
        {
            "name": "A",
            "shouting": True,
            "when": {"day": "2026-01-31", "due": None},
            "colour": "blue",
            "hours": "6.5",
            "tags": ["x", "y"],
            "inners": [{"amount": "1"}],
            "pairs": [{"id": "p", "gain": "2"}],
        }
    )
    assert function(attrs.evolve(value, note="kept", due=datetime.date(2026, 2, 1)))["note"] == "kept"


def test_the_schema_follows_the_same_types() -> None:
    assert schema_of(OUTER, {Inner: INNER, Outer: OUTER}) == {
        "type": "object",
        "required": ["name", "when", "colour", "hours", "tags", "inners", "pairs"],
        "properties": {
            "name": {"type": "string"},
            "shouting": {"type": "boolean"},
            "when": {
                "type": "object",
                "required": ["day", "due"],
                "properties": {
                    "day": dict(converter_module.DATE),
                    "due": {"oneOf": [dict(converter_module.DATE), {"type": "null"}]},
                },
            },
            "colour": {"type": "string", "enum": ["red", "blue"]},
            "hours": dict(converter_module.HOURS),
            "tags": {"type": "array", "items": {"type": "string"}},
            "inners": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["amount"],
                    "properties": {"amount": dict(converter_module.HOURS)},
                },
            },
            "pairs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "gain"],
                    "properties": {"id": {"type": "string"}, "gain": dict(converter_module.HOURS)},
                },
            },
            "note": {"type": "string"},
        },
    }


def test_a_type_without_a_json_form_fails_when_the_shape_is_built() -> None:
    @attrs.frozen
    class Unknown:
        value: float

    made = converter_module._Compiler()
    with pytest.raises(TypeError, match="no JSON form for <class 'float'>"):
        made.function_name(Shape(cls=Unknown, keys=(Key(name="value"),)))
    with pytest.raises(TypeError, match="no JSON Schema for <class 'float'>"):
        schema_of(Shape(cls=Unknown, keys=(Key(name="value"),)), {})


@pytest.mark.parametrize("name", ["report", "plan", "deadlines", "validation", "rulesets", "plugins", "vocabulary"])
def test_every_key_of_a_generated_schema_is_a_key_the_converter_writes(name: str) -> None:
    """Walk the schema and the shapes together: same keys, same order, required = not optional."""
    shape = {
        "report": shapes.REPORT,
        "plan": shapes.PLAN,
        "deadlines": shapes.DEADLINES,
        "validation": shapes.VALIDATION,
        "rulesets": shapes.RULESET_LIST,
        "plugins": shapes.PLUGIN_LIST,
        "vocabulary": shapes.VOCABULARY_LIST,
    }[name]
    published = schemas.ALL[name]
    assert list(published["properties"]) == [key.name for key in shape.keys]
    assert published["required"] == [key.name for key in shape.keys if not (key.optional or key.omit_falsy)]


def test_a_rejected_audit_record_in_json_and_csv() -> None:
    rejected = shapes.Rejected(
        as_of=datetime.date(2026, 6, 1), practitioner=None, location="staff.csv:4", problems=("a", "b")
    )
    assert render_record(rejected, "jsonl") == (
        '{"as_of":"2026-06-01","practitioner":null,"status":"rejected","location":"staff.csv:4","problems":["a","b"]}'
    )
    assert render_record(rejected, "csv") == ',,,rejected,,,,,,,,"a\nb",,,,,\n'
    jsonschema.Draft202012Validator(schemas.AUDIT_SCHEMA).validate(json.loads(render_record(rejected, "json")))


_CLOSED: list[jsonschema.Draft202012Validator] = []


def closed_report_validator() -> jsonschema.Draft202012Validator:
    if not _CLOSED:
        _CLOSED.append(jsonschema.Draft202012Validator(closed(schemas.REPORT_SCHEMA)))
    return _CLOSED[0]


@settings(max_examples=40, deadline=None)
@given(
    creds=st.lists(
        credentials(ruleset=None).flatmap(
            lambda c: st.sampled_from(sorted(REGISTRY.rulesets)).map(lambda r: attrs.evolve(c, ruleset=r))
        ),
        max_size=2,
        unique_by=lambda c: c.id,
    ),
    done=st.lists(activities(), max_size=6),
    as_of=st.dates(min_value=datetime.date(2018, 1, 1), max_value=datetime.date(2030, 1, 1)),
)
def test_every_report_the_engine_makes_is_in_its_schema_exactly(
    creds: list[Any], done: list[Any], as_of: datetime.date
) -> None:
    practitioner = Practitioner(id="p", credentials=tuple(creds), activities=tuple(done))
    try:
        report = evaluate_profile(practitioner, REGISTRY.rulesets, as_of)
    except LicensetrackError:  # a credential the rules cannot place (a board record without expires)
        return
    data = json.loads(json.dumps(shapes.to_json(report)))
    closed_report_validator().validate(data)
    for credential, shown in zip(report.credentials, data["credentials"], strict=True):
        assert Decimal(shown["missing_hours"]) == credential.missing_hours
        assert shown["cycle"] == {
            "start": credential.cycle_start.isoformat(),
            "end": credential.cycle_end.isoformat(),
            "index": credential.cycle_index,
        }
        assert [r["id"] for r in shown["requirements"]] == [r.id for r in credential.requirements]


# --- output renderers: the built-in formats and a plugin's in one table ----------------------------


@attrs.frozen
class UpperText:
    """A plugin's format: the report's text, shouted (only reports)."""

    name: str = "shout"
    description: str = "the text report in capitals"

    def can_render(self, value: object) -> bool:
        return isinstance(value, Report)

    def render(self, value: object, context: RenderContext) -> str:
        return renderers().render("text", value, context).upper()


@attrs.frozen
class JsonForPlans:
    """A plugin trying to replace a built-in format: the built-in one renders first."""

    name: str = "json"
    description: str = "not used"

    def can_render(self, value: object) -> bool:
        return True

    def render(self, value: object, context: RenderContext) -> str:
        return "replaced"


class OutputPlugin:
    @hookimpl
    def register_output_renderers(self, register: Callable[[Any], None]) -> None:
        register(UpperText())
        register(JsonForPlans())


def example_report() -> Report:
    practitioner = read_profile(ROOT / "examples/dana-rivera.toml", vocabulary=REGISTRY.vocabulary)
    return evaluate_profile(practitioner, REGISTRY.rulesets, datetime.date(2026, 1, 15))


def test_the_built_in_formats_are_registered_like_a_plugins() -> None:
    table = renderers()
    assert table.names == ["text", "json", "jsonl", "csv", "ical"]
    assert {plugin for plugin, _ in table.renderers} == {"licensetrack.builtin"}
    report = example_report()
    assert table.render("json", report) == json.dumps(shapes.to_json(report), indent=2, ensure_ascii=False) + "\n"
    assert table.render("jsonl", AuditedReport(report)) == render_record(report, "jsonl")
    with pytest.raises(RendererError, match="no csv output for Report"):
        table.render("csv", report)


def test_a_plugin_adds_a_format_through_the_hook_and_cannot_replace_a_built_in_one() -> None:
    registry = load_registry(entry_points=False, plugins=[("shouting", OutputPlugin())])
    assert registry.failures == ()
    (info,) = [p for p in registry.plugins if p.name == "shouting"]
    assert (info.hooks, info.registered) == (("register_output_renderers",), ("output:json", "output:shout"))
    table = renderers(registry.renderers)
    report = example_report()
    assert table.render("shout", report).startswith("DANA-RIVERA · AS OF 2026-01-15\n")
    assert table.render("json", report) == renderers().render("json", report)


def test_a_renderer_register_cannot_take_fails_its_plugin_alone() -> None:
    class Broken:
        @hookimpl
        def register_output_renderers(self, register: Callable[[Any], None]) -> None:
            register(object())

    registry = load_registry(entry_points=False, plugins=[("broken", Broken())])
    assert [(f.plugin, f.error.split(":")[0]) for f in registry.failures] == [
        ("broken", "register_output_renderers failed")
    ]
    assert "needs an OutputRenderer with a lower-case `name`" in registry.failures[0].error
    assert registry.renderers == ()
    with pytest.raises(RendererError, match="needs an OutputRenderer"):
        renderers([("broken", object())])


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        ("cycle", "CycleRule"),
        ("first_cycle", "FirstCycleRule"),
        ("eligibility", "Eligibility"),
        ("carry_forward", "CarryForward"),
        ("exemptions", "Exemption"),
        ("record_retention", "RecordRetention"),
    ],
)
def test_the_rules_show_entry_schemas_follow_the_rule_classes_fields(key: str, cls: str) -> None:
    from licensetrack.core import rules

    fields = [f.name for f in attrs.fields(getattr(rules, cls)) if f.name not in ("handler", "params")]
    cited = ["effective", "citation", "source", "verified", "note"]
    properties = schemas.RULESET_SCHEMA["properties"][key]["properties"]
    assert sorted(properties) == sorted(fields)
    assert schemas.RULESET_SCHEMA["properties"][key]["required"] == cited
    conversion = schemas.RULESET_SCHEMA["properties"]["conversions"]["items"]["properties"]["format"]
    assert conversion == {"type": "string", "enum": [f.value for f in rules.Format]}
