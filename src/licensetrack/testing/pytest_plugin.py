"""A pytest plugin that collects declarative case files (``*.cases.toml``) as tests.

Installed with licensetrack (entry point ``pytest11``), so a plugin author's ``pytest`` runs the
case files beside their rule files with nothing to configure. Each case is one test item; a failure
lists every field where the engine's answer differs from the expected outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SUFFIX = ".cases.toml"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        return CaseFileCollector.from_parent(parent, path=file_path)
    return None


class CaseMismatch(Exception):
    """The engine's outcome differs from the case's expectation."""


class CaseFileCollector(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from licensetrack.testing.cases import read_cases

        for case in read_cases(self.path):
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseItem(pytest.Item):
    def __init__(self, *, case: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from licensetrack.testing.cases import check_case

        registry = _registry_for(self.path, self.case)
        mismatches = check_case(self.case, registry.rulesets, registry.vocabulary, str(self.path), kinds=registry.kinds)
        if mismatches:
            raise CaseMismatch("\n".join(mismatches))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseMismatch):
            return f"case {self.name!r} in {self.path}:\n{excinfo.value}"
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"case: {self.name}"


_REGISTRIES: dict[tuple[str, ...], Any] = {}


def _registry_for(path: Path, case: Any) -> Any:
    """The installed rule sets; for an unpackaged rules tree, also the tree the case file sits in."""
    from licensetrack.plugins.registry import load_registry

    installed = _REGISTRIES.get(())
    if installed is None:
        installed = _REGISTRIES[()] = load_registry()
    needed = {c.get("ruleset") for c in case.profile.get("credentials", []) if isinstance(c, dict)}
    if needed <= set(installed.rulesets):
        return installed
    root = str(path.resolve().parent.parent)
    registry = _REGISTRIES.get((root,))
    if registry is None:
        registry = _REGISTRIES[(root,)] = load_registry([Path(root)])
    return registry
