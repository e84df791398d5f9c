"""JSON Schemas (draft 2020-12) of the profile format and of every JSON output: public contracts.

The schemas of the report, the audit records, plan, deadlines, validate, rules list, plugins and
vocabulary are generated from the same descriptions the converter writes them from
(:mod:`licensetrack.formats.shapes`), so output and schema cannot drift. ``rules show`` prints each
rule entry's own fields (``views._fields``); the facts of its entries are generated here from the
rule classes' fields the same way, the rest of it, and the profile (an input), are written here. The profile schema
describes the JSON form; TOML carries the same structure with native dates and numbers.
"""

from __future__ import annotations

import datetime
import enum
import types
import typing
from fractions import Fraction
from typing import Any

import attrs

from licensetrack.core.model import AcademicUnit, CredentialStatus, DegreeLevel, Format
from licensetrack.core.professions import PROFESSIONS
from licensetrack.core.rules import (
    BoardNote,
    CarryForward,
    Conversion,
    CycleRule,
    DegreeRule,
    Eligibility,
    Exemption,
    FirstCycleRule,
    Home,
    MakeUp,
    RecordRetention,
    StatusHours,
)
from licensetrack.core.vocabulary import ACCREDITATIONS, PROVIDER_TYPES
from licensetrack.formats import shapes
from licensetrack.formats.converter import HOURS, document, schema

_WORD = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_QUANTITY = {
    "description": "A positive number of hours, units or days; a decimal string keeps it exact.",
    "oneOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": 100000},
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*$"},
    ],
}
_TEXT = {"type": "string", "minLength": 1}
_FRACTION = {"type": "string", "pattern": r"^\d+(/\d+)?$", "description": 'an exact fraction such as "1/2"'}


def _enum(kind: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [member.value for member in kind]}


PROFILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://licensetrack.invalid/schemas/profile-v1.json",
    "title": "licensetrack profile, format v1",
    "type": "object",
    "additionalProperties": False,
    "required": ["practitioner"],
    "properties": {
        "practitioner": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "properties": {"id": _TEXT, "name": {"type": "string"}, "birth_date": _DATE, "graduate_study_began": _DATE},
        },
        "degrees": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["level"],
                "properties": {
                    "level": _enum(DegreeLevel),
                    "field": {"type": "string"},
                    "institution": {"type": "string"},
                    "conferred": _DATE,
                    "accreditations": {
                        "description": "who accredited the program or institution (licensetrack vocabulary)",
                        "type": "array",
                        "items": {"enum": list(ACCREDITATIONS)},
                    },
                    "semester_hours": {**_QUANTITY, "description": "graduate credit hours (or quarter_hours)"},
                    "quarter_hours": {**_QUANTITY, "description": "graduate credit hours in quarter hours"},
                },
            },
        },
        "credentials": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "ruleset", "issued"],
                "properties": {
                    "id": _WORD,
                    "ruleset": _WORD,
                    "number": {"type": "string"},
                    "issued": _DATE,
                    "expires": _DATE,
                    "period_start": _DATE,
                    "roles": {"type": "array", "items": _WORD},
                    "status": _enum(CredentialStatus),
                    "role_since": {
                        "description": "when each of the credential's roles began (role = date)",
                        "type": "object",
                        "propertyNames": _WORD,
                        "additionalProperties": _DATE,
                    },
                    "home": {
                        "description": "for a privilege whose rule set has [[home]]: the id of the credential of this "
                        "profile it depends on (its home licence)",
                        **_WORD,
                    },
                    "practice_days": {
                        "description": "days practised under the credential, by place (place = [dates]); a rule "
                        "set's [[practice_limit]] limits them per calendar year",
                        "type": "object",
                        "propertyNames": _WORD,
                        "additionalProperties": {"type": "array", "items": _DATE, "uniqueItems": True},
                    },
                },
            },
        },
        "activities": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "completed"],
                "properties": {
                    "title": _TEXT,
                    "completed": _DATE,
                    "hours": _QUANTITY,
                    "units": _QUANTITY,
                    "unit": _enum(AcademicUnit),
                    "days": _QUANTITY,
                    "format": _enum(Format),
                    "topics": {"type": "array", "items": _WORD},
                    "provider": {"type": "string"},
                    "approvals": {"type": "array", "items": _WORD},
                    "certificate": {"type": "string"},
                    "provider_type": {"enum": list(PROVIDER_TYPES)},
                    "for_period_ending": _DATE,
                },
                "oneOf": [
                    {
                        "required": ["hours"],
                        "not": {"anyOf": [{"required": ["units"]}, {"required": ["days"]}]},
                    },
                    {
                        "required": ["units", "unit"],
                        "not": {"anyOf": [{"required": ["hours"]}, {"required": ["days"]}]},
                    },
                    {
                        "required": ["days"],
                        "not": {"anyOf": [{"required": ["hours"]}, {"required": ["units"]}]},
                    },
                    {
                        # A course completed with no hours (a required course such as Texas's
                        # human-trafficking course): no size at all, only with a format, which must be
                        # "course-completion" (the loader says so; the schema closes every object that
                        # lists properties, so the value is not restated here).
                        "description": 'No size: only a record of format "course-completion".',
                        "required": ["format"],
                        "not": {"anyOf": [{"required": ["hours"]}, {"required": ["units"]}, {"required": ["days"]}]},
                    },
                ],
            },
        },
    },
}

_HOURS = dict(HOURS)
_STRINGS = {"type": "array", "items": {"type": "string"}}

REPORT_SCHEMA: dict[str, Any] = document(
    shapes.REPORT, "licensetrack check report", schema_id="https://licensetrack.invalid/schemas/report-v1.json"
)
PLAN_SCHEMA: dict[str, Any] = document(shapes.PLAN, "licensetrack plan")
DEADLINES_SCHEMA: dict[str, Any] = document(shapes.DEADLINES, "licensetrack deadlines")
ELIGIBILITY_SCHEMA: dict[str, Any] = document(shapes.ELIGIBILITY, "licensetrack eligibility")

_CITED = {
    "effective": _DATE,
    "citation": {"type": "string"},
    "source": {"type": "string"},
    "verified": {"type": "boolean"},
    "note": {"type": ["string", "null"]},
}
_WORDS = {"type": "array", "items": _WORD}


def _entry(facts: dict[str, Any], *, nullable: bool = True) -> dict[str, Any]:
    """A dated, cited rule entry with its own facts; null where the rule set has none in force."""
    return {
        "type": ["object", "null"] if nullable else "object",
        "required": list(_CITED),
        "properties": {**_CITED, **facts},
    }


# What views._fields prints of a rule entry, by the type of each field: a tuple as a list of words, a
# date as ISO, a number or flag as itself, anything else (Decimal hours) as its text; a field that is
# None or empty is left out. Identifier fields are words.
_NOT_FACTS = frozenset({*_CITED, "handler", "params"})
_IDENTIFIERS = frozenset({"kind", "approvals"})


def _fact(name: str, hint: Any) -> dict[str, Any]:
    inner = typing.get_args(hint)[0] if typing.get_origin(hint) in (typing.Union, types.UnionType) else hint
    if typing.get_origin(inner) is tuple:
        item = typing.get_args(inner)[0]
        return {"type": "array", "items": _WORD if name in _IDENTIFIERS else _fact("", item)}
    if name in _IDENTIFIERS:
        return dict(_WORD)
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return {"type": "string", "enum": [member.value for member in inner]}
    simple = {
        bool: {"type": "boolean"},
        int: {"type": "integer"},
        str: {"type": "string"},
        datetime.date: _DATE,
        Fraction: _FRACTION,
    }
    return dict(simple.get(inner, _HOURS))


def _facts(cls: type) -> dict[str, Any]:
    """The facts of a rule entry class, from its fields' types."""
    hints = typing.get_type_hints(cls)
    return {f.name: _fact(f.name, hints[f.name]) for f in attrs.fields(cls) if f.name not in _NOT_FACTS}


_SHOWN_REQUIREMENT = _entry(
    {
        "id": _WORD,
        "kind": {"description": "total, topic, cap, share, categories, or a plugin's requirement kind", **_WORD},
        "title": {"type": "string"},
        "hours": _HOURS,
        "max_hours": _HOURS,
        "max_share": _FRACTION,
        "topics": _WORDS,
        "formats": _STRINGS,
        "roles": _WORDS,
        "without_approvals": _WORDS,
        "approvals": _WORDS,
        "min_share": _FRACTION,
        "provider_types": {"type": "array", "items": {"enum": list(PROVIDER_TYPES)}},
        "min_categories": {"type": "integer"},
        "categories": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "formats", "topics"],
                "properties": {"id": _WORD, "title": {"type": "string"}, "formats": _STRINGS, "topics": _WORDS},
            },
        },
        "scope": {"enum": ["cycle", "once", "every-n-cycles"]},
        "counts_toward_total": {"type": "boolean"},
        "select_by": {"enum": ["cycle-start", "cycle-end"]},
        "every": {"type": "integer"},
        "anchor": _DATE,
        "due_first_renewal_after": _DATE,
        "exempt_if_issued_on_or_after": _DATE,
        "count_from": _DATE,
        "due_months_after_issue": {"type": "integer"},
        "anchor_role": _WORD,
        "graduate_study_before": _DATE,
        "due": _DATE,
        "prorated_per_month": _HOURS,
        "short_period_hours": _HOURS,
        "in_cycle": {"type": "integer"},
        "window_cycles": {"type": "integer"},
        "hours_per_cycle_year": _HOURS,
        "alternate": _WORDS,
    },
    nullable=False,
)
_SHOWN_REQUIREMENT["required"] = ["id", "kind", "title", "scope", "counts_toward_total", "select_by", "due", *_CITED]
_ELIGIBILITY_FACTS = _facts(Eligibility)

_MODELS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "title", "rules_on", "requirements"],
        "properties": {
            "id": _WORD,
            "title": {"type": "string"},
            "rules_on": _DATE,
            "requirements": {"type": "array", "items": _SHOWN_REQUIREMENT},
        },
    },
}

RULESET_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "licensetrack rules show",
    "type": "object",
    "required": ["id", "title", "authority", "as_of", "period", "cycle", "requirements", "not_owed", "unverified"],
    "properties": {
        "id": _WORD,
        "title": {"type": "string"},
        "authority": {"type": "string"},
        "credential_kind": {"enum": ["licence", "certification"]},
        "profession": {"enum": [*PROFESSIONS, None]},
        "as_of": _DATE,
        "verified_on": _DATE,
        "select_by": {"enum": ["cycle-start", "cycle-end"]},
        "eligibility_select_by": {"enum": ["cycle-start", "cycle-end", "activity"]},
        "notes": {"type": ["string", "null"]},
        "period": {
            "description": "The period containing as_of, whose rule versions are shown: those check applies",
            "type": "object",
            "required": ["start", "end", "index", "first", "versions_chosen_on", "assumption"],
            "properties": {
                "start": _DATE,
                "end": _DATE,
                "index": {
                    "description": "0 for the first period after issue; null when not known",
                    "type": ["integer", "null"],
                },
                "first": {"type": "boolean"},
                "versions_chosen_on": _DATE,
                "assumption": {
                    "description": "what was assumed where the credential was not described; null when nothing was",
                    "type": ["string", "null"],
                },
            },
        },
        "cycle": _entry(_facts(CycleRule)),
        "first_cycle": _entry(_facts(FirstCycleRule)),
        "first_cycle_bands": {
            "description": "every first-period entry in force when they are bands of the issue date, widest first",
            "type": "array",
            "items": _entry(_facts(FirstCycleRule), nullable=False),
        },
        "eligibility": _entry(_ELIGIBILITY_FACTS),
        "eligibility_by_course_date": {
            "description": "The eligibility entries courses completed in the period are judged by, with their dates",
            "type": "array",
            "items": _entry({"courses_from": _DATE, "courses_to": _DATE, **_ELIGIBILITY_FACTS}, nullable=False),
        },
        "conversions": {
            "type": "array",
            "items": _entry(_facts(Conversion), nullable=False),
        },
        "carry_forward": _entry(_facts(CarryForward)),
        "exemptions": _entry(_facts(Exemption)),
        "record_retention": _entry(_facts(RecordRetention)),
        "status_hours": _entry(_facts(StatusHours)),
        "make_up": _entry(_facts(MakeUp)),
        "board_note": _entry(_facts(BoardNote)),
        "home": {
            "description": "The homes the credential may rest on, in force on the date asked about (any one suffices)",
            "type": "array",
            "items": _entry(_facts(Home), nullable=False),
        },
        "degree": {
            "description": "The degree routes in force on the date asked about (any one suffices)",
            "type": "array",
            "items": _entry(_facts(DegreeRule), nullable=False),
        },
        "requirements": {
            "description": "Exactly those check evaluates in the period",
            "type": "array",
            "items": _SHOWN_REQUIREMENT,
        },
        "not_owed": {
            "description": "The rule set's other requirements, each with why it is not owed in this period",
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "kind", "title", "reason"],
                "properties": {"id": _WORD, "kind": _WORD, "title": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
        "unverified": _STRINGS,
        "alternatives": {
            "description": "Present when the period may be met under any one of several whole requirement sets "
            "(never mixed): each model, the date whose rules it uses, and the requirements it owes",
            **_entry({"models": _MODELS}, nullable=False),
        },
    },
}

VALIDATION_SCHEMA: dict[str, Any] = document(shapes.VALIDATION, "licensetrack validate")
RULESETS_SCHEMA: dict[str, Any] = document(shapes.RULESET_LIST, "licensetrack rules list")

PLUGINS_SCHEMA: dict[str, Any] = document(shapes.PLUGIN_LIST, "licensetrack plugins")
VOCABULARY_SCHEMA: dict[str, Any] = document(
    shapes.VOCABULARY_LIST,
    "licensetrack vocabulary",
    description="Every topic, approval body and format a profile may use, with the plugin that registered it.",
)

_REPORT_BODY = {key: value for key, value in REPORT_SCHEMA.items() if not key.startswith("$")}

AUDIT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://licensetrack.invalid/schemas/audit-record-v1.json",
    "title": "licensetrack audit record: one line of --format jsonl, one element of --format json",
    "description": "Every practitioner of the input is one record: audited (the report check prints), "
    "no-credentials (a report with no credential), or rejected (why it could not be read or evaluated).",
    "oneOf": [
        {
            "allOf": [
                _REPORT_BODY,
                {
                    "required": ["status"],
                    "properties": {"status": {"const": "audited"}, "credentials": {"minItems": 1}},
                },
            ]
        },
        {
            "allOf": [
                _REPORT_BODY,
                {
                    "required": ["status"],
                    "properties": {"status": {"const": "no-credentials"}, "credentials": {"maxItems": 0}},
                },
            ]
        },
        schema(shapes.REJECTED_RECORD),
    ],
}

ALL: dict[str, dict[str, Any]] = {
    "profile": PROFILE_SCHEMA,
    "report": REPORT_SCHEMA,
    "audit": AUDIT_SCHEMA,
    "plan": PLAN_SCHEMA,
    "deadlines": DEADLINES_SCHEMA,
    "eligibility": ELIGIBILITY_SCHEMA,
    "ruleset": RULESET_SCHEMA,
    "validation": VALIDATION_SCHEMA,
    "rulesets": RULESETS_SCHEMA,
    "plugins": PLUGINS_SCHEMA,
    "vocabulary": VOCABULARY_SCHEMA,
}
