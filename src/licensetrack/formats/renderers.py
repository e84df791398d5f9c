"""Output formats, each registered the same way: the built-in ones here, a plugin's through the hook
``register_output_renderers`` (``docs/hooks.md``), into one :class:`Renderers` table.

A renderer, like datasette's output renderers, says which results it can print (``can_render``) and
prints one as text (``render``). A command asks the table for its ``--format`` and result, so a new
format for a result is one renderer, not an edit to every command. The built-in renderers are checked
and added by the same code as a plugin's (:meth:`Renderers.add`); the plugin's are added after, and
may add a format but not replace a built-in one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

import attrs

from licensetrack.core.report import Report
from licensetrack.core.vocabulary import WORD_PATTERN
from licensetrack.formats.terminal import WIDTH, Style, plain

# The JSON machinery (formats.shapes compiles a function per result type on import, formats.records
# the audit's rows) is imported by the renderers that use it, when they are asked: ``check`` printing
# text never loads it (benchmarks/startup.py).


@attrs.frozen(kw_only=True)
class RenderContext:
    """How the text is to be laid out: the styling function (colour or none) and the width."""

    style: Style = plain
    width: int = WIDTH


@runtime_checkable
class OutputRenderer(Protocol):
    """What ``register`` takes: ``name`` is the word given to ``--format``."""

    name: str
    description: str

    def can_render(self, value: object) -> bool: ...

    def render(self, value: object, context: RenderContext) -> str: ...


class RendererError(ValueError):
    """A renderer that cannot be registered, or no renderer for a format and result."""


@attrs.frozen(kw_only=True)
class Renderer:
    """A renderer made of two functions (the built-in ones, and a plugin's if it likes)."""

    name: str
    description: str
    accepts: Callable[[object], bool]
    function: Callable[[Any, RenderContext], str]

    def can_render(self, value: object) -> bool:
        return self.accepts(value)

    def render(self, value: object, context: RenderContext) -> str:
        return self.function(value, context)


@attrs.define
class Renderers:
    """Every output renderer, in the order registered (built-in first); the first that can render a
    result in a format renders it."""

    renderers: list[tuple[str, OutputRenderer]] = attrs.Factory(list)  # (plugin, renderer)

    def add(self, renderer: object, plugin: str) -> None:
        """Check and add one renderer: the way the built-in ones and a plugin's are added."""
        name = getattr(renderer, "name", None)
        if not isinstance(renderer, OutputRenderer) or not isinstance(name, str) or not WORD_PATTERN.match(name):
            raise RendererError(f"register() needs an OutputRenderer with a lower-case `name`, got {renderer!r}")
        self.renderers.append((plugin, renderer))

    def find(self, name: str, value: object) -> OutputRenderer:
        for _, renderer in self.renderers:
            if renderer.name == name and renderer.can_render(value):
                return renderer
        raise RendererError(f"no {name} output for {type(value).__name__}")

    def render(self, name: str, value: object, context: RenderContext | None = None) -> str:
        return self.find(name, value).render(value, context or RenderContext())

    @property
    def names(self) -> list[str]:
        """Every format, once, in the order first registered."""
        return list(dict.fromkeys(renderer.name for _, renderer in self.renderers))


def _text(value: Any, context: RenderContext) -> str:
    if isinstance(value, Report):
        from licensetrack.formats.text import render_report

        return render_report(value, context.style, width=context.width)
    from licensetrack.core.eligibility import EligibilityAnswers
    from licensetrack.core.planner import Plan  # here, not at the top: check never plans
    from licensetrack.formats.shapes import Deadlines
    from licensetrack.formats.views import deadlines_text, eligibility_text, plan_text

    if isinstance(value, Plan):
        return plan_text(value, context.style)
    if isinstance(value, EligibilityAnswers):
        return eligibility_text(value, context.style, width=context.width)
    assert isinstance(value, Deadlines)
    return deadlines_text([item.deadline for item in value.items], value.as_of, context.style)


def _has_text_form(value: object) -> bool:
    if isinstance(value, Report):
        return True
    from licensetrack.core.eligibility import EligibilityAnswers
    from licensetrack.core.planner import Plan
    from licensetrack.formats.shapes import Deadlines

    return isinstance(value, Plan | Deadlines | EligibilityAnswers)


def _is_calendar(value: object) -> bool:
    """Imported only when asked for: the audit's workers never load icalendar."""
    from icalendar import Calendar

    return isinstance(value, Calendar)


def _is_record(value: object) -> bool:
    from licensetrack.formats.shapes import AuditedReport, Rejected

    return isinstance(value, AuditedReport | Rejected)


def _json(value: Any, context: RenderContext) -> str:
    """A result as the commands print it (indented), or an audit record as one compact line."""
    import json  # here, not at the top: text output never needs it

    from licensetrack.formats.shapes import to_json

    if _is_record(value):
        return _render_record(value, "json")
    data = value if isinstance(value, dict) else to_json(value)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _has_json_form(value: object) -> bool:
    """A result with a shape, or the plain data a view already made (``rules show``, ``plugins``)."""
    from licensetrack.formats import shapes  # noqa: F401 - registers every result type's shape
    from licensetrack.formats.converter import has_shape

    return has_shape(type(value)) or isinstance(value, dict)


def _render_record(value: Any, output_format: str) -> str:
    """An audit record (an audited report, full or summary, or a rejected one) in ``output_format``."""
    from licensetrack.formats.records import render_record
    from licensetrack.formats.shapes import AuditedReport

    if isinstance(value, AuditedReport):
        return render_record(value.report, output_format, activities=value.activities)
    return render_record(value, output_format)


def _record(output_format: str) -> Callable[[Any, RenderContext], str]:
    def render(value: Any, context: RenderContext) -> str:
        return _render_record(value, output_format)

    return render


BUILTIN: tuple[Renderer, ...] = (
    Renderer(
        name="text",
        description="for people: a terminal layout (check, plan, deadlines, eligibility)",
        accepts=_has_text_form,
        function=_text,
    ),
    Renderer(
        name="json",
        description="for programs: the JSON form of the result (licensetrack schema NAME)",
        accepts=lambda value: _is_record(value) or _has_json_form(value),
        function=_json,
    ),
    Renderer(
        name="jsonl",
        description="an audit record as one line of JSON",
        accepts=_is_record,
        function=_record("jsonl"),
    ),
    Renderer(
        name="csv",
        description="an audit record as CSV rows, one per credential",
        accepts=_is_record,
        function=_record("csv"),
    ),
    Renderer(
        name="ical",
        description="a calendar as iCalendar (RFC 5545)",
        accepts=_is_calendar,
        function=lambda value, context: value.to_ical().decode("utf-8"),
    ),
)


BUILTIN_PLUGIN = "licensetrack.builtin"


def renderers(plugin_renderers: Iterable[tuple[str, object]] = ()) -> Renderers:
    """The built-in renderers, then those plugins registered (``Registry.renderers``), one table."""
    table = Renderers()
    for builtin in BUILTIN:
        table.add(builtin, BUILTIN_PLUGIN)
    for plugin, supplied in plugin_renderers:
        table.add(supplied, plugin)
    return table


BUILTIN_RENDERERS = renderers()  # the table a process without plugins uses (the audit's workers)
