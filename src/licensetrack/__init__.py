"""licensetrack: where a mental-health professional stands with every board they answer to.

This module is the public API: the names in ``__all__``, documented in docs/api.md, and nothing else
(every other module is internal and may change; ``licensetrack.testing`` is the plugin authors' kit).
``from licensetrack import evaluate_profile, load_registry, read_profile``.

The names are imported lazily (PEP 562): ``import licensetrack`` loads nothing but this file and
``licensetrack.io.precompiled`` (standard library only, which waits for attrs and cattrs to be imported),
so the command line, which imports it on the way to ``licensetrack.cli``, starts as fast as before; a
name is imported from its module the first time it is used. Type checkers read the ``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from licensetrack.io.precompiled import install as _install_precompiled

__version__ = "0.1.0"

# Before any of licensetrack's classes is defined: attrs's generated methods come precompiled from the
# wheel (licensetrack/io/precompiled.py says how, and why the result is the same code).
_install_precompiled()

# Each public name and the module that defines it (tests/test_public_api.py keeps this, __all__,
# the TYPE_CHECKING imports below and docs/api.md equal).
_EXPORTS = {
    # profiles and the model
    "read_profile": "licensetrack.io.profiles",
    "parse_profile": "licensetrack.io.profiles",
    "loads_toml": "licensetrack.io.profiles",
    "loads_json": "licensetrack.io.profiles",
    "write_profile": "licensetrack.io.profiles",
    "Practitioner": "licensetrack.core.model",
    "Credential": "licensetrack.core.model",
    "Activity": "licensetrack.core.model",
    "Degree": "licensetrack.core.model",
    "Format": "licensetrack.core.model",
    "CredentialStatus": "licensetrack.core.model",
    "DegreeLevel": "licensetrack.core.model",
    "AcademicUnit": "licensetrack.core.model",
    # rule sets and the registry
    "load_registry": "licensetrack.plugins.registry",
    "Registry": "licensetrack.plugins.registry",
    "RuleSet": "licensetrack.core.rules",
    "period_on": "licensetrack.core.engine",
    "requirements_for_period": "licensetrack.core.engine",
    "holder_for": "licensetrack.formats.views",
    "ruleset_json": "licensetrack.formats.views",
    # one practitioner
    "evaluate": "licensetrack.core.engine",
    "evaluate_profile": "licensetrack.core.engine",
    "Report": "licensetrack.core.report",
    "CredentialReport": "licensetrack.core.report",
    "Status": "licensetrack.core.report",
    "Standing": "licensetrack.core.report",
    "to_json": "licensetrack.formats.shapes",
    "Deadlines": "licensetrack.formats.shapes",
    "OutputRenderer": "licensetrack.formats.renderers",
    "RenderContext": "licensetrack.formats.renderers",
    "renderers": "licensetrack.formats.renderers",
    "plan": "licensetrack.core.planner",
    "deadlines": "licensetrack.core.deadlines",
    "eligibility": "licensetrack.core.eligibility",
    "EligibilityAnswers": "licensetrack.core.eligibility",
    "deadline_calendar": "licensetrack.formats.ical",
    "task_calendar": "licensetrack.formats.ical",
    "build_packet": "licensetrack.formats.packet",
    "render_packet_html": "licensetrack.formats.packet_html",
    # many practitioners
    "audit": "licensetrack.run.local",
    "AuditError": "licensetrack.run.local",
    "run_audit": "licensetrack.run.local",
    "Rendered": "licensetrack.run.local",
    "registry_parts": "licensetrack.run.local",
    "audit_record": "licensetrack.run.local",
    "read_bulk": "licensetrack.io.batch",
    "read_jsonl": "licensetrack.io.batch",
    "read_csv_bundle": "licensetrack.io.batch",
    "jsonl_lines": "licensetrack.io.batch",
    "parse_text": "licensetrack.io.batch",
    "Record": "licensetrack.io.batch",
    "audit_profiles": "licensetrack.run.dask",
    # errors
    "LicensetrackError": "licensetrack.core.errors",
    "InputError": "licensetrack.core.errors",
    "ProfileError": "licensetrack.core.errors",
    "RuleSetError": "licensetrack.core.errors",
    "ModelError": "licensetrack.core.errors",
    "Problem": "licensetrack.core.errors",
    "UnknownRuleSetError": "licensetrack.core.engine",
    "CycleError": "licensetrack.core.cycles",
    "PluginConflictError": "licensetrack.plugins.registry",
    # for plugin authors
    "hookimpl": "licensetrack.plugins.hookspecs",
    "RequirementKindPlugin": "licensetrack.core.kinds",
    "CycleKindPlugin": "licensetrack.core.kinds",
    "KindContext": "licensetrack.core.kinds",
    "KindOutcome": "licensetrack.core.kinds",
    "Kinds": "licensetrack.core.kinds",
}
# A public module rather than a name in one: the attrs validators a plugin kind's params class uses.
_MODULES = {"validation": "licensetrack.core.validation"}

__all__ = [
    "AcademicUnit",
    "Activity",
    "AuditError",
    "Credential",
    "CredentialReport",
    "CredentialStatus",
    "CycleError",
    "CycleKindPlugin",
    "Deadlines",
    "Degree",
    "DegreeLevel",
    "EligibilityAnswers",
    "Format",
    "InputError",
    "KindContext",
    "KindOutcome",
    "Kinds",
    "LicensetrackError",
    "ModelError",
    "OutputRenderer",
    "PluginConflictError",
    "Practitioner",
    "Problem",
    "ProfileError",
    "Record",
    "Registry",
    "RenderContext",
    "Rendered",
    "Report",
    "RequirementKindPlugin",
    "RuleSet",
    "RuleSetError",
    "Standing",
    "Status",
    "UnknownRuleSetError",
    "__version__",
    "audit",
    "audit_profiles",
    "audit_record",
    "build_packet",
    "deadline_calendar",
    "deadlines",
    "eligibility",
    "evaluate",
    "evaluate_profile",
    "holder_for",
    "hookimpl",
    "jsonl_lines",
    "load_registry",
    "loads_json",
    "loads_toml",
    "parse_profile",
    "parse_text",
    "period_on",
    "plan",
    "read_bulk",
    "read_csv_bundle",
    "read_jsonl",
    "read_profile",
    "registry_parts",
    "render_packet_html",
    "renderers",
    "requirements_for_period",
    "ruleset_json",
    "run_audit",
    "task_calendar",
    "to_json",
    "validation",
    "write_profile",
]

if TYPE_CHECKING:
    from licensetrack.core import validation
    from licensetrack.core.cycles import CycleError
    from licensetrack.core.deadlines import deadlines
    from licensetrack.core.eligibility import EligibilityAnswers, eligibility
    from licensetrack.core.engine import (
        UnknownRuleSetError,
        evaluate,
        evaluate_profile,
        period_on,
        requirements_for_period,
    )
    from licensetrack.core.errors import InputError, LicensetrackError, ModelError, Problem, ProfileError, RuleSetError
    from licensetrack.core.kinds import CycleKindPlugin, KindContext, KindOutcome, Kinds, RequirementKindPlugin
    from licensetrack.core.model import (
        AcademicUnit,
        Activity,
        Credential,
        CredentialStatus,
        Degree,
        DegreeLevel,
        Format,
        Practitioner,
    )
    from licensetrack.core.planner import plan
    from licensetrack.core.report import CredentialReport, Report, Standing, Status
    from licensetrack.core.rules import RuleSet
    from licensetrack.formats.ical import deadline_calendar, task_calendar
    from licensetrack.formats.packet import build_packet
    from licensetrack.formats.packet_html import render_packet_html
    from licensetrack.formats.renderers import OutputRenderer, RenderContext, renderers
    from licensetrack.formats.shapes import Deadlines, to_json
    from licensetrack.formats.views import holder_for, ruleset_json
    from licensetrack.io.batch import Record, jsonl_lines, parse_text, read_bulk, read_csv_bundle, read_jsonl
    from licensetrack.io.profiles import loads_json, loads_toml, parse_profile, read_profile, write_profile
    from licensetrack.plugins.hookspecs import hookimpl
    from licensetrack.plugins.registry import PluginConflictError, Registry, load_registry
    from licensetrack.run.dask import audit_profiles
    from licensetrack.run.local import AuditError, Rendered, audit, audit_record, registry_parts, run_audit


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use, and keep it here for the next."""
    if name in _MODULES:
        value: Any = importlib.import_module(_MODULES[name])
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
