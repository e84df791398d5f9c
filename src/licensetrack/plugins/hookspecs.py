"""The hooks a licensetrack plugin may implement (pluggy, project name ``licensetrack``).

Every hook is collect-all and receives a ``register`` callable: the plugin calls it once per thing
it supplies. The host validates each call, records which plugin supplied what, and refuses
duplicates naming both plugins. A plugin is found through the entry-point group ``licensetrack``;
name the entry point after the plugin's import name. ``docs/plugins.md`` is the guide, and
``docs/hooks.md`` lists these signatures (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pluggy

PROJECT = "licensetrack"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_vocabulary(register: Callable[..., None]) -> None:
    """Add topic and approval-body ids.

    Call ``register(topics={"id": "description", ...}, approvals={"id": "description", ...})``;
    both keywords are optional. Ids are lower-case words joined by hyphens. Profiles and rule files
    may then use the new ids; a word registered twice keeps its first description.
    """


@hookspec
def register_requirement_kinds(register: Callable[[Any], None]) -> None:
    """Add requirement kinds that rule files can name in ``kind``.

    Call ``register(kind)`` with an object satisfying
    :class:`licensetrack.core.kinds.RequirementKindPlugin`: ``name``, ``description``, ``params_type``
    (an attrs class the rule file's ``params`` table is structured into) and
    ``evaluate(params, context) -> KindOutcome``.
    """


@hookspec
def register_cycle_kinds(register: Callable[[Any], None]) -> None:
    """Add cycle kinds that rule files can name in ``[[cycle]] kind``.

    Call ``register(kind)`` with an object satisfying :class:`licensetrack.core.kinds.CycleKindPlugin`:
    ``name``, ``description`` and ``first_end(rule, credential, practitioner) -> date``.
    """


@hookspec
def register_rulesets(register: Callable[[Any], None]) -> None:
    """Add rule sets.

    Call ``register(path)`` with a directory laid out like ``rules/`` (``<authority>/<credential>.toml``,
    the id derived from the path) or with one rule file. Files are loaded after every plugin's
    vocabulary and kinds are known, so a plugin's rule files may use its own words and kinds.
    """


@hookspec
def register_output_renderers(register: Callable[[Any], None]) -> None:
    """Add output formats (as datasette's ``register_output_renderer``).

    Call ``register(renderer)`` with an object satisfying
    :class:`licensetrack.formats.renderers.OutputRenderer`: ``name`` (the format's word),
    ``description``, ``can_render(value) -> bool`` (which results it prints: a ``Report``, a ``Plan``,
    ``Deadlines``, an audit record, ...) and ``render(value, context) -> str``. The built-in formats
    (text, json, jsonl, csv, ical) are added to the same table the same way, first: a plugin adds a
    format, or a format for another result, and cannot replace a built-in one.
    """
