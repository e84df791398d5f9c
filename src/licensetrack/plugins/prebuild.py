"""Building the wheel's prebuilt rule sets (called by ``hatch_build.py`` when a wheel is built).

The bundled rules are loaded exactly as a command loads them, through the built-in plugin and its
words only, so a bundled file that would not load fails the build instead of shipping; what loaded is
stored with the fingerprint of the files it came from (:mod:`licensetrack.io.prebuilt`).
"""

from __future__ import annotations

import os
from pathlib import Path

from licensetrack.io.prebuilt import write_prebuilt
from licensetrack.io.rulefiles import bundled_rules_dir
from licensetrack.plugins.registry import BUILTIN, load_registry


class PrebuildError(Exception):
    """The bundled rules do not load: the wheel must not be built."""


def build_prebuilt(target: Path) -> int:
    """Write the bundled rule sets to ``target``; the number written."""
    os.environ["LICENSETRACK_PREBUILT"] = "off"  # never build from an earlier prebuilt file
    registry = load_registry(entry_points=False)
    if registry.failures:
        raise PrebuildError("\n".join(f"{failure.plugin}: {failure.error}" for failure in registry.failures))
    rulesets = {
        ruleset_id: ruleset
        for ruleset_id, ruleset in registry.rulesets.items()
        if registry.origins[f"ruleset:{ruleset_id}"] == BUILTIN
    }
    write_prebuilt(target, rulesets, bundled_rules_dir())
    return len(rulesets)
