"""The ``licensetrack`` command: thin commands over the core (parse, load, evaluate, render).

Exit codes are a contract: 0 all fine, 1 findings (something deficient, a rule file or profile with
problems), 2 bad input or usage, always with a message on stderr and never a traceback. Data goes to
stdout, messages to stderr. Each command lives in its own module of ``licensetrack.cli``, imported only when
that command runs (``COMMANDS``), and imports what it needs when it runs, so ``--help`` and ``check`` stay
fast (see benchmarks/startup.py).
"""

from __future__ import annotations

import atexit
import gc
import importlib
from collections.abc import Iterator, MutableMapping

import click

# Each command by name, as "module:attribute": its module is imported only when the command runs (or when
# --help lists them all), so `check` does not pay for importing the other commands' modules.
COMMANDS = {
    "check": "licensetrack.cli.check:check",
    "plan": "licensetrack.cli.plan:plan",
    "deadlines": "licensetrack.cli.deadlines:deadlines",
    "eligibility": "licensetrack.cli.eligibility:eligibility",
    "ical": "licensetrack.cli.ical:ical",
    "report": "licensetrack.cli.report:report",
    "audit": "licensetrack.cli.audit:audit",
    "rules": "licensetrack.cli.rules:rules",
    "init": "licensetrack.cli.init:init",
    "add": "licensetrack.cli.add:add",
    "validate": "licensetrack.cli.validate:validate",
    "plugins": "licensetrack.cli.plugins:plugins_command",
    "vocabulary": "licensetrack.cli.vocabulary:vocabulary_command",
    "schema": "licensetrack.cli.schema:schema",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported from its module the first time it is asked for; click looks
    commands up through this mapping, so an unknown name is still "No such command"."""

    def __init__(self, specs: dict[str, str]) -> None:
        self._specs = dict(specs)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._specs[name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command
        self._specs.setdefault(name, "")

    def __delitem__(self, name: str) -> None:
        del self._specs[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, commands=LazyCommands(COMMANDS))
@click.version_option(package_name="licensetrack")
def main() -> None:
    """Where you stand with every board: CE hours counted, missing and due, with the rules cited.

    Exit codes: 0 fine (every credential compliant or exempt, a file valid); 1 findings (something
    deficient or missing, a file with problems); 2 bad input or usage, with a message naming the
    file, the record and the field. Each command's --help says which it uses.
    """
    freeze_at_exit()


def freeze_at_exit() -> None:
    """Spare the process's end a last full garbage collection over everything the command built (the
    model's classes, the rule sets, the report): about a tenth of ``check`` (docs/performance.md). At
    exit, before modules are torn down, everything still alive is frozen (``gc.freeze``), so the
    collections of Python's finalisation skip it; it is still freed and finalised as before, and
    ``atexit`` still runs. Only what is alive in a reference cycle at exit is left uncollected, and a
    command closes every file it writes before it returns."""
    atexit.unregister(gc.freeze)  # once, however often the group is invoked in one process (tests)
    atexit.register(gc.freeze)
