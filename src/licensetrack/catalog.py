"""A short way to the installed rule sets, for scripts: ``load_rulesets()``.

Everything goes through the plugins (the bundled rules are the built-in plugin), so what a script
sees is what ``licensetrack check`` sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from licensetrack.core.rules import RuleSet


def load_rulesets(rules_dirs: Iterable[Path] = ()) -> Mapping[str, RuleSet]:
    """Rule sets by id from every installed plugin, plus ``rules_dirs``; conflicts are errors."""
    from licensetrack.plugins.registry import load_registry

    return load_registry(rules_dirs).rulesets
