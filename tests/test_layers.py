"""The package's shape is a contract: each command in a module named after it (docs/architecture.md)."""

from __future__ import annotations

from licensetrack.cli.main import main


def test_each_command_lives_in_a_module_of_licensetrack_cli_named_after_it() -> None:
    modules = {name: command.callback.__module__ for name, command in main.commands.items() if command.callback}
    assert modules == {name: f"licensetrack.cli.{name}" for name in main.commands}
