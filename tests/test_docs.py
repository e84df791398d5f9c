"""The hook reference documents every hook with its exact signature, and nothing else."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from licensetrack.plugins import hookspecs
from licensetrack.plugins.registry import HOOK_NAMES

DOCS = Path(__file__).parent.parent / "docs"


def hookspec_names() -> list[str]:
    return [name for name, value in vars(hookspecs).items() if hasattr(value, f"{hookspecs.PROJECT}_spec")]


def test_every_hook_is_documented_with_its_exact_signature() -> None:
    text = (DOCS / "hooks.md").read_text(encoding="utf-8")
    names = hookspec_names()
    assert set(names) == set(HOOK_NAMES)  # the loader's list of hooks is the specs' list
    for name in names:
        signature = inspect.signature(getattr(hookspecs, name))
        params = ", ".join(f"{p.name}: {p.annotation}" for p in signature.parameters.values())
        assert f"def {name}({params}) -> {signature.return_annotation}" in text, name


def test_the_reference_names_no_hook_that_does_not_exist() -> None:
    text = (DOCS / "hooks.md").read_text(encoding="utf-8")
    documented = re.findall(r"^## (register_\w+)", text, re.MULTILINE)
    assert sorted(documented) == sorted(hookspec_names())
