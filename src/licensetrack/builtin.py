"""The built-in plugin: the core vocabulary and the bundled ``rules/`` tree, through the public hooks.

Registering them the way a third party would keeps the hooks honest: if the bundled rules can be
supplied this way, so can anyone's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from licensetrack.hookspecs import hookimpl
from licensetrack.rulefiles import bundled_rules_dir
from licensetrack.vocabulary import CORE_APPROVALS, CORE_TOPICS


@hookimpl
def register_vocabulary(register: Callable[..., None]) -> None:
    register(topics=dict(CORE_TOPICS), approvals=dict(CORE_APPROVALS))


@hookimpl
def register_rulesets(register: Callable[[Any], None]) -> None:
    register(bundled_rules_dir())
