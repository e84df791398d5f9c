"""``licensetrack plugins`` and ``licensetrack schema``: what is installed, and the JSON contracts."""

from __future__ import annotations

from pathlib import Path

import click

from licensetrack.cliutil import emit_json, format_option, handle_errors, registry_for, rules_dir_option

SCHEMAS = ("profile", "report", "audit", "plan", "deadlines", "ruleset", "rulesets", "validation", "plugins")


@click.command("plugins")
@format_option
@rules_dir_option
@handle_errors
def plugins_command(output_format: str, rules_dirs: tuple[Path, ...]) -> None:
    """List plugins: name, version, hooks, and what each registered; and any that failed."""
    registry = registry_for(rules_dirs)
    if output_format == "json":
        emit_json(
            {
                "plugins": [
                    {"name": p.name, "version": p.version, "hooks": list(p.hooks), "registered": list(p.registered)}
                    for p in registry.plugins
                ],
                "failures": [{"plugin": f.plugin, "error": f.error} for f in registry.failures],
            }
        )
        return
    for plugin in registry.plugins:
        click.echo(f"{plugin.name} {plugin.version or ''}".rstrip())
        click.echo(f"  hooks: {', '.join(plugin.hooks) or 'none'}")
        for item in plugin.registered:
            click.echo(f"  {item}")
    for failure in registry.failures:
        click.echo(f"{failure.plugin} (not loaded): {failure.error}")


@click.command()
@click.argument("what", type=click.Choice(SCHEMAS))
def schema(what: str) -> None:
    """Print the JSON Schema of the profile format or of a command's JSON output."""
    from licensetrack import schemas

    emit_json(schemas.ALL[what])
