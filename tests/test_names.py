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
