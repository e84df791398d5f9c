"""The published JSON Schemas as validators, each built once.

``jsonschema.validate(data, schema)`` checks the schema itself before every document (about 30 ms
for the report schema, against 7 ms for the document alone); a test that validates many outputs
builds its validator once here instead.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema

from licensetrack.formats.schemas import ALL


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """The validator of the schema ``licensetrack schema NAME`` prints, the schema checked once."""
    jsonschema.Draft202012Validator.check_schema(ALL[name])
    return jsonschema.Draft202012Validator(ALL[name])


def validate(data: Any, name: str) -> None:
    """Raise jsonschema.ValidationError unless ``data`` matches the published schema ``name``."""
    validator(name).validate(data)
