"""Each name means one thing: no two modules of the package define a class of the same name."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "licensetrack"


def test_no_two_modules_define_a_class_of_the_same_name() -> None:
    defined: dict[str, list[str]] = defaultdict(list)
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                defined[node.name].append(path.relative_to(SRC).as_posix())
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}


def test_scopes_and_deadline_kinds_are_enum_members_with_the_published_values() -> None:
    """The values the JSON shows are the enums' values; code compares members, not strings."""
    import datetime

    from licensetrack.core.deadlines import DeadlineKind, deadlines
    from licensetrack.core.engine import evaluate_profile
    from licensetrack.core.rules import Scope
    from licensetrack.formats.schemas import ALL
    from licensetrack.io.profiles import read_profile
    from licensetrack.plugins.registry import load_registry

    rulesets = load_registry().rulesets
    practitioner = read_profile(SRC.parents[1] / "examples" / "dana-rivera.toml")
    day = datetime.date(2026, 1, 15)
    found = deadlines(practitioner, rulesets, day)
    assert {type(d.kind) for d in found} == {DeadlineKind}
    assert {d.kind for d in found} >= {DeadlineKind.RENEWAL, DeadlineKind.RECORD_RETENTION}
    scopes = [r.scope for c in evaluate_profile(practitioner, rulesets, day).credentials for r in c.requirements]
    assert scopes
    assert {type(s) for s in scopes} == {Scope}
    assert [k.value for k in DeadlineKind] in _enums_in(ALL["deadlines"])


def _enums_in(schema: object) -> list[list[object]]:
    """Every ``enum`` list anywhere in a schema."""
    if isinstance(schema, dict):
        own = [schema["enum"]] if isinstance(schema.get("enum"), list) else []
        return own + [e for value in schema.values() for e in _enums_in(value)]
    if isinstance(schema, list):
        return [e for item in schema for e in _enums_in(item)]
    return []


def test_no_module_imports_a_private_name_of_another() -> None:
    """A leading underscore means "this module's own": a module that needs it gets a public name."""
    private = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("licensetrack"):
                private.extend(
                    f"{path.relative_to(SRC).as_posix()}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                )
    assert private == []
