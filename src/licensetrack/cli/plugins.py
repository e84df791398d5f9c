"""``licensetrack plugins``: what is installed, what each plugin added, and any that failed."""

from __future__ import annotations

from pathlib import Path

import click

from licensetrack.cli.options import emit_json, format_option, handle_errors, registry_for, rules_dir_option


@click.command("plugins", short_help="Installed plugins, what they add, and any that failed.")
@format_option
@rules_dir_option
@handle_errors
def plugins_command(output_format: str, rules_dirs: tuple[Path, ...]) -> None:
    """List plugins: name, version, hooks, and what each registered; and any that failed.

    Exit 0, also when a plugin failed to load (it is listed with the reason); 2 for usage.
    """
    import attrs

    from licensetrack.formats.shapes import PluginEntry, PluginFailureEntry, PluginList, to_json

    registry = registry_for(rules_dirs)
    if output_format == "json":
        shown = PluginList(
            plugins=tuple(PluginEntry(**attrs.asdict(p, recurse=False)) for p in registry.plugins),
            failures=tuple(PluginFailureEntry(plugin=f.plugin, error=f.error) for f in registry.failures),
        )
        emit_json(to_json(shown))
        return
    for plugin in registry.plugins:
        click.echo(f"{plugin.name} {plugin.version or ''}".rstrip())
        click.echo(f"  hooks: {', '.join(plugin.hooks) or 'none'}")
        for item in plugin.registered:
            click.echo(f"  {item}")
    for failure in registry.failures:
        click.echo(f"{failure.plugin} (not loaded): {failure.error}")
