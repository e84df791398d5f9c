"""``licensetrack vocabulary``: the words a profile may use, and the plugin that added each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import click

from licensetrack.cli.options import emit_json, format_option, handle_errors, registry_for

if TYPE_CHECKING:
    from licensetrack.formats.shapes import VocabularyList
    from licensetrack.plugins.registry import Registry


@click.command("vocabulary", short_help="Every topic, approval body, format, provider type and accreditation.")
@format_option
@handle_errors
def vocabulary_command(output_format: str) -> None:
    """Every topic, approval body, format, provider type and accreditation (of a degree) a profile may use: id,
    meaning, and the plugin that added it.

    Exit 0; 2 for usage.
    """
    from licensetrack.formats.shapes import to_json

    sections = vocabulary_sections(registry_for(()))
    if output_format == "json":
        emit_json(to_json(sections))
        return
    titles = {
        "topics": "Topics",
        "approvals": "Approval bodies",
        "formats": "Formats",
        "provider_types": "Provider types",
        "accreditations": "Accreditations (of a degree)",
    }
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
    from licensetrack.core.vocabulary import ACCREDITATIONS, FORMAT_DESCRIPTIONS, PROVIDER_TYPES
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
        provider_types=tuple(Word(id=w, description=d, plugin=BUILTIN) for w, d in PROVIDER_TYPES.items()),
        accreditations=tuple(Word(id=w, description=d, plugin=BUILTIN) for w, d in ACCREDITATIONS.items()),
    )
