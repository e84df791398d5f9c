"""The package's shape is a contract (docs/architecture.md): each layer imports only the layers below it,
and each command lives in a module named after it.

Imports are read from the source (ast), so an import inside a function or under ``TYPE_CHECKING`` counts
as much as one at the top: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import licensetrack
from licensetrack.cli.main import main

PACKAGE = Path(licensetrack.__file__).parent
ROOT = "root"  # licensetrack/__init__.py (the facade) and __main__.py

# What each layer may import besides itself. The root's names are all lazy except the eager constants
# below, so a lower layer may read those (the version in an iCalendar PRODID) and nothing else of it.
MAY_IMPORT = {
    "core": set(),
    "io": {"core"},
    "formats": {"core"},
    "plugins": {"core", "io"},
    "run": {"core", "io", "formats", "plugins"},
    "testing": {"core", "io", "formats", "plugins", "run", ROOT},
    "cli": {"core", "io", "formats", "plugins", "run", "testing", ROOT},
}
ROOT_MAY_IMPORT = {"core", "io", "formats", "plugins", "run"}
EAGER_ROOT_NAMES = {"__version__"}
LAYERS = set(MAY_IMPORT)


def layer_of(module: str) -> str:
    """``licensetrack.core.engine`` -> ``core``; the package itself and its top-level modules -> ``root``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else ROOT


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, module: str) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """Every import in ``path`` (the source of ``module``): (line, module imported, names imported from it)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(part for part in (base, node.module or "") if part)
            names = tuple(alias.name for alias in node.names)
            if target == "licensetrack":  # `from licensetrack import core` is an import of licensetrack.core
                subpackages = tuple(name for name in names if name in LAYERS)
                for name in subpackages:
                    yield node.lineno, f"licensetrack.{name}", ()
                names = tuple(name for name in names if name not in LAYERS)
                if not names:
                    continue
            yield node.lineno, target, names


def violations(path: Path, package: Path = PACKAGE) -> Iterator[str]:
    """Each import in ``path`` that its layer may not make, as ``file:line: layer imports target``."""
    name = module_name(path, package)
    own = layer_of(name)
    allowed = ROOT_MAY_IMPORT if own == ROOT else MAY_IMPORT[own] | {own}
    for line, module, names in imports(path, name):
        if module != "licensetrack" and not module.startswith("licensetrack."):
            continue
        target = layer_of(module)
        if own != ROOT and target == ROOT and module == "licensetrack" and set(names) <= EAGER_ROOT_NAMES:
            continue
        if own == ROOT and path.name == "__main__.py":
            continue  # `python -m licensetrack` runs the command line
        if target != own and target not in allowed:
            yield f"{path.relative_to(package.parent)}:{line}: {own} imports {module} ({target})"


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_each_module_imports_only_the_layers_its_layer_may(path: Path) -> None:
    assert list(violations(path)) == []


def test_every_module_is_in_a_layer_or_at_the_root() -> None:
    """A new top-level package would escape the rule: it must be given a row in MAY_IMPORT first."""
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages == LAYERS
    assert {p.name for p in PACKAGE.glob("*.py")} == {"__init__.py", "__main__.py"}


def test_the_facade_exports_only_from_the_layers_it_may_import() -> None:
    """The facade's names are imported lazily, by name, so the source scan above cannot see them."""
    modules = {*licensetrack._EXPORTS.values(), *licensetrack._MODULES.values()}
    assert {layer_of(module) for module in modules} <= ROOT_MAY_IMPORT


def write(tmp_path: Path, module: str, source: str) -> Path:
    """``source`` as module ``module`` of a licensetrack package under ``tmp_path``."""
    path = tmp_path.joinpath(*module.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from licensetrack.io.files import atomic_write\n", "core imports licensetrack.io.files (io)"),
        ("def f():\n    import licensetrack.plugins.registry\n", "core imports licensetrack.plugins.registry"),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from licensetrack.run import local\n", "(run)"),
        ("from ..formats import text\n", "core imports licensetrack.formats (formats)"),
        ("from licensetrack import cli\n", "core imports licensetrack.cli (cli)"),
        ("from licensetrack import evaluate\n", "core imports licensetrack (root)"),
    ],
)
def test_a_core_module_importing_an_upper_layer_is_found(tmp_path: Path, source: str, found: str) -> None:
    """The checker itself: an upward import, at the top, in a function, for typing only, relative, or
    through the facade, is reported."""
    copy = write(tmp_path, "licensetrack.core.engine_extra", source)
    (found_line,) = violations(copy, tmp_path / "licensetrack")
    assert found in found_line


def test_a_lower_layer_may_read_the_version_from_the_root(tmp_path: Path) -> None:
    copy = write(tmp_path, "licensetrack.formats.ical_extra", "from licensetrack import __version__\n")
    assert list(violations(copy, tmp_path / "licensetrack")) == []


def test_each_command_lives_in_a_module_of_licensetrack_cli_named_after_it() -> None:
    modules = {name: command.callback.__module__ for name, command in main.commands.items() if command.callback}
    assert modules == {name: f"licensetrack.cli.{name}" for name in main.commands}


def architecture_tree() -> set[str]:
    """The paths docs/architecture.md's tree lists, relative to src/licensetrack (packages end in /)."""
    text = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## The tree", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    paths, stack = set(), []
    for line in block.splitlines()[1:]:  # the first line is src/licensetrack/ itself
        depth = (len(line) - len(line.lstrip(" "))) // 2 - 1
        name = line.split()[0]
        stack[depth:] = [name]
        paths.add("".join(stack))
    return paths


def test_the_architecture_doc_shows_every_module_of_the_tree_and_no_other() -> None:
    actual = {f"{p.relative_to(PACKAGE).as_posix()}/" for p in PACKAGE.rglob("*") if (p / "__init__.py").exists()}
    actual |= {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    assert architecture_tree() == actual | {"__init__.py"}
