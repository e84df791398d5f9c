"""Wheel build hook: ship the bundled rule sets prebuilt, so commands start without parsing TOML.

Runs only for a standard wheel (an editable install parses the rules at run time, as a checkout
does). See src/licensetrack/io/prebuilt.py for the file and docs/security.md for why it is safe.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PrebuiltRulesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return
        self._scratch = tempfile.mkdtemp(prefix="licensetrack-prebuilt-")
        target = Path(self._scratch) / "rules.prebuilt"
        sys.path.insert(0, str(Path(self.root) / "src"))
        try:
            from licensetrack.plugins.prebuild import build_prebuilt

            count = build_prebuilt(target)
        finally:
            sys.path.remove(str(Path(self.root) / "src"))
        self.app.display_info(f"licensetrack: {count} bundled rule sets prebuilt")
        build_data["force_include"][str(target)] = "licensetrack/rules.prebuilt"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
