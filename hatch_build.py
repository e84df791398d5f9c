"""Wheel build hook: ship the bundled rule sets prebuilt, so commands start without parsing TOML, and the
methods attrs and cattrs generate precompiled, so they start without compiling them.

Runs only for a standard wheel (an editable install parses the rules and compiles the methods at run
time, as a checkout does). See src/licensetrack/io/prebuilt.py and src/licensetrack/precompiled.py for
the files and docs/security.md for why they are safe.
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
        methods = Path(self._scratch) / "methods.precompiled"
        examples = Path(self.root) / "examples"
        sys.path.insert(0, str(Path(self.root) / "src"))
        try:
            # the first import of licensetrack in this process: every class it defines from here is recorded
            from licensetrack.io.precompiled import write_precompiled
            from licensetrack.plugins.prebuild import build_prebuilt

            count = build_prebuilt(target)  # reading the bundled rules compiles their structuring functions
            exercise(examples)
            entries = write_precompiled(methods)
        finally:
            sys.path.remove(str(Path(self.root) / "src"))
        self.app.display_info(f"licensetrack: {count} bundled rule sets prebuilt, {entries} generated methods compiled")
        build_data["force_include"][str(target)] = "licensetrack/rules.prebuilt"
        build_data["force_include"][str(methods)] = "licensetrack/methods.precompiled"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


# The commands run on each example profile, so the methods their output needs are compiled at build time.
EXERCISED_COMMANDS = ("check", "plan", "deadlines", "eligibility")


def exercise(examples: Path) -> None:
    """Import every module of licensetrack and run the main commands on every example profile, in text
    and JSON, so that what attrs and cattrs compile for them is recorded (their output is discarded)."""
    import contextlib
    import importlib
    import io
    import pkgutil

    import licensetrack
    from licensetrack.cli.main import main

    for module in pkgutil.walk_packages(licensetrack.__path__, "licensetrack."):
        if module.name == "licensetrack.__main__":  # runs the command line when imported
            continue
        with contextlib.suppress(ImportError):  # a test-only module (the pytest plugin) without pytest
            importlib.import_module(module.name)
    for profile in sorted(examples.glob("*.toml")) if examples.is_dir() else ():
        for command in EXERCISED_COMMANDS:
            for output_format in ("text", "json"):
                args = [command, str(profile), "--as-of", "2026-01-15", "--format", output_format]
                quiet = contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO())
                with quiet[0], quiet[1], contextlib.suppress(SystemExit):
                    main(args, standalone_mode=False)
