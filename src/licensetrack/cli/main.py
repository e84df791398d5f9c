"""The ``licensetrack`` command: thin commands over the core (parse, load, evaluate, render).

Exit codes are a contract: 0 all fine, 1 findings (something deficient, a rule file or profile with
problems), 2 bad input or usage, always with a message on stderr and never a traceback. Data goes to
stdout, messages to stderr. Each command imports what it needs when it runs, so ``--help`` and
``check`` stay fast (see benchmarks/startup.py); each command lives in its own module of ``licensetrack.cli``.
"""

from __future__ import annotations

import click

from licensetrack.cli.add import add
from licensetrack.cli.audit import audit
from licensetrack.cli.check import check
from licensetrack.cli.deadlines import deadlines
from licensetrack.cli.eligibility import eligibility
from licensetrack.cli.ical import ical
from licensetrack.cli.init import init
from licensetrack.cli.plan import plan
from licensetrack.cli.plugins import plugins_command
from licensetrack.cli.report import report
from licensetrack.cli.rules import rules
from licensetrack.cli.schema import schema
from licensetrack.cli.validate import validate
from licensetrack.cli.vocabulary import vocabulary_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="licensetrack")
def main() -> None:
    """Where you stand with every board: CE hours counted, missing and due, with the rules cited.

    Exit codes: 0 fine (every credential compliant or exempt, a file valid); 1 findings (something
    deficient or missing, a file with problems); 2 bad input or usage, with a message naming the
    file, the record and the field. Each command's --help says which it uses.
    """


for command in (
    check,
    plan,
    deadlines,
    eligibility,
    ical,
    report,
    audit,
    rules,
    init,
    add,
    validate,
    plugins_command,
    vocabulary_command,
    schema,
):
    main.add_command(command)
