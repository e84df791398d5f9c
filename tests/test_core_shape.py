"""The core's shape, kept: small functions, and rule versions chosen in one place."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "licensetrack"
LONGEST = 60  # lines of a function in the core, docstring included
# report.credential_to_json is the report's JSON form, which issue #14 moves out of the core (to formats).
LONG_ALLOWED = {("core/report.py", "credential_to_json")}


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_function_in_the_core_is_longer_than_a_screen() -> None:
    long = [
        f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in sorted((SRC / "core").rglob("*.py"))
        for node in _functions(path)
        if node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > LONGEST
        and (path.relative_to(SRC).as_posix(), node.name) not in LONG_ALLOWED
    ]
    assert long == []


def test_rule_versions_are_chosen_only_by_the_resolver() -> None:
    """``in_force`` is used in core/rules.py only: everything else asks ``RuleSet.at(period)``."""
    users = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for path in sorted(SRC.rglob("*.py"))
        if path != SRC / "core" / "rules.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Name) and node.id == "in_force")
        or (isinstance(node, ast.Attribute) and node.attr == "in_force")
        or (isinstance(node, ast.alias) and node.name == "in_force")
    ]
    assert users == []
