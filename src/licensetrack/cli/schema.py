"""``licensetrack schema``: the JSON contracts (the profile and every command's JSON output)."""

from __future__ import annotations

import click

from licensetrack.cli.options import emit_json, handle_errors

SCHEMAS = (
    "profile",
    "report",
    "audit",
    "plan",
    "deadlines",
    "eligibility",
    "ruleset",
    "rulesets",
    "validation",
    "plugins",
    "vocabulary",
)


@click.command(short_help="The JSON Schema of the profile or of a command's output.")
@click.argument("what", type=click.Choice(SCHEMAS))
@handle_errors
def schema(what: str) -> None:
    """Print the JSON Schema of the profile format or of a command's JSON output.

    Exit 0; 2 for an unknown name or usage.
    """
    from licensetrack.formats import schemas

    emit_json(schemas.ALL[what])
