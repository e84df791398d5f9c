"""``licensetrack plugins``, ``vocabulary`` and ``schema``: what is installed, the words a profile may
use, and the JSON contracts."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import click

from licensetrack.cli.options import emit_json, format_option, handle_errors, registry_for, rules_dir_option

if TYPE_CHECKING:
    from licensetrack.formats.shapes import VocabularyList
    from licensetrack.plugins.registry import Registry

SCHEMAS = (
    "profile",
    "report",
    "audit",
    "plan",
    "deadlines",
    "ruleset",
    "rulesets",
    "validation",
    "plugins",
    "vocabulary",
)


@click.command("plugins", short_help="Installed plugins, what they add, and any that failed.")
@format_option
@rules_dir_option
@handle_errors
def plugins_command(output_format: str, rules_dirs: tuple[Path, ...]) -> None:
    """List plugins: name, version, hooks, and what each registered; and any that failed.

    Exit 0, also when a plugin failed to load (it is listed with the reason); 2 for usage.
    """
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


@click.command("vocabulary", short_help="Every topic, approval body and format a profile may use.")
@format_option
@handle_errors
def vocabulary_command(output_format: str) -> None:
    """Every topic, approval body and format a profile may use: id, meaning, and the plugin that added it.

    Exit 0; 2 for usage.
    """
    from licensetrack.formats.shapes import to_json

    sections = vocabulary_sections(registry_for(()))
    if output_format == "json":
        emit_json(to_json(sections))
        return
    titles = {"topics": "Topics", "approvals": "Approval bodies", "formats": "Formats"}
    for key, title in titles.items():
        words = getattr(sections, key)
        click.echo(title)
        width = max(len(word.id) for word in words) + 2
        for word in words:
            click.echo(f"  {word.id:<{width}}{word.description}  [{word.plugin}]")


def vocabulary_sections(registry: Registry) -> VocabularyList:
    """The installed vocabulary as ``licensetrack vocabulary --format json`` prints it.

    Topics and approval bodies in the order plugins registered them (the built-in ones first);
    formats, a closed list the engine reasons about, belong to the built-in plugin.
    """
    from licensetrack.core.vocabulary import FORMAT_DESCRIPTIONS
    from licensetrack.formats.shapes import VocabularyList, Word
    from licensetrack.plugins.registry import BUILTIN

    def words(kind: str, described: Mapping[str, str]) -> tuple[Word, ...]:
        origins = registry.word_origins
        return tuple(
            Word(id=w, description=d, plugin=origins.get(f"{kind}:{w}", BUILTIN)) for w, d in described.items()
        )

    return VocabularyList(
        topics=words("topic", registry.vocabulary.topics),
        approvals=words("approval", registry.vocabulary.approvals),
        formats=tuple(Word(id=w, description=d, plugin=BUILTIN) for w, d in FORMAT_DESCRIPTIONS.items()),
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
