"""The public surface: ``licensetrack.__all__`` is exactly what docs/api.md documents, its names are
imported lazily, and no doc or example shows an import of anything else."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import licensetrack

ROOT = Path(__file__).parent.parent
API = ROOT / "docs" / "api.md"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Where a doc's prose may name internal modules: the architecture map, and the CLI doc (the docs
# generator, `python -m licensetrack.cli.doc`, and the built-in plugin's name, `licensetrack.builtin`).
INTERNALS_NAMED = {"architecture.md", "cli.md"}
PLUGIN_SOURCES = sorted((ROOT / "plugins" / "employer-policy").rglob("*.py"))


def python_blocks(path: Path) -> Iterator[ast.Module]:
    """Every ```python block of a Markdown file, parsed; a hook signature without a body gets one."""
    for block in re.findall(r"```python[^\n]*\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL):
        try:
            yield ast.parse(block, str(path))
        except SyntaxError:
            yield ast.parse(block.rstrip() + ": ...", str(path))


def imports(tree: ast.Module) -> Iterator[tuple[str, str | None]]:
    """(module, name) for each ``from licensetrack... import name``; (module, None) for ``import licensetrack...``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "licensetrack":
            for alias in node.names:
                yield node.module or "", alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "licensetrack":
                    yield alias.name, None


def public_modules() -> set[str]:
    """The modules docs/api.md's "Public modules" section names, besides ``licensetrack`` itself."""
    section = API.read_text(encoding="utf-8").split("## Public modules", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(licensetrack(?:\.\w+)+)`", section))


def test_all_is_every_exported_name_and_each_is_the_object_its_module_defines() -> None:
    exports, modules = licensetrack._EXPORTS, licensetrack._MODULES
    assert sorted(licensetrack.__all__) == sorted({"__version__", *exports, *modules})
    for name, module in exports.items():
        assert getattr(licensetrack, name) is getattr(importlib.import_module(module), name), name
    for name, module in modules.items():
        assert getattr(licensetrack, name) is importlib.import_module(module)
    assert set(licensetrack.__all__) <= set(dir(licensetrack))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'licensetrack' has no attribute 'evaluate_profil'"):
        licensetrack.evaluate_profil  # noqa: B018


def test_importing_the_package_imports_nothing_else() -> None:
    """The command line imports the package first; the facade must not slow its start-up. It installs the
    precompiled methods (io/precompiled.py, standard library only), which wait for attrs and cattrs to be
    imported rather than import them."""
    code = (
        "import sys, licensetrack; "
        "print(sorted(m for m in sys.modules if m.startswith(('licensetrack.', 'attr', 'cattrs', 'pathlib'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['licensetrack.io', 'licensetrack.io.precompiled']"


def test_loading_the_command_line_imports_no_model_and_no_attrs() -> None:
    """Every command is registered on start-up; each imports the model, attrs and cattrs only when it runs,
    so `--help` and a command's start stay fast (benchmarks/startup.py)."""
    code = (
        "import sys, licensetrack.cli.main; "
        "print(sorted(m for m in sys.modules if m.startswith(('attrs', 'cattrs', 'licensetrack.core.model'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_docs_api_imports_exactly_the_public_names() -> None:
    """Each name of ``__all__`` is shown imported in docs/api.md, and docs/api.md imports nothing else."""
    documented = {
        name for tree in python_blocks(API) for module, name in imports(tree) if module == "licensetrack" and name
    }
    assert documented == set(licensetrack.__all__) - {"__version__"}


@pytest.mark.parametrize("path", DOCS + PLUGIN_SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_and_the_example_plugin_import_only_public_names(path: Path) -> None:
    trees = [ast.parse(path.read_text(encoding="utf-8"))] if path.suffix == ".py" else list(python_blocks(path))
    allowed = public_modules()
    for tree in trees:
        for module, name in imports(tree):
            if module == "licensetrack":
                assert name in licensetrack.__all__, f"{path.name}: from licensetrack import {name}"
            else:
                assert module in allowed, f"{path.name}: {module} is not a public module"
                if name is not None:
                    assert hasattr(importlib.import_module(module), name), f"{path.name}: {module}.{name}"


@pytest.mark.parametrize("path", [p for p in DOCS if p.name not in INTERNALS_NAMED], ids=lambda p: p.name)
def test_docs_prose_names_only_public_things(path: Path) -> None:
    """A dotted name in a doc's prose (`licensetrack.x.y`) is a public name or in a public module."""
    allowed = public_modules()
    for dotted in re.findall(r"`(licensetrack(?:\.\w+)+)", path.read_text(encoding="utf-8")):
        parts = dotted.split(".")
        in_facade = parts[1] in {*licensetrack.__all__, "__all__"}
        in_public_module = any(dotted == m or dotted.startswith(m + ".") for m in allowed)
        assert in_facade or in_public_module, f"{path.name}: {dotted}"


def test_every_public_module_imports() -> None:
    assert public_modules() >= {"licensetrack.testing", "licensetrack.cli.main"}
    for module in public_modules():
        importlib.import_module(module)
