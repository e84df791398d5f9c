"""An employer's CE policy on top of the boards' rules, as a licensetrack plugin.

Hospitals and group practices often require training the licensing board does not, on a clock of
their own: "at least 2 hours of HIPAA privacy training in any 12 months". A board's rule language
has periods; a rolling window is not one, so this plugin adds a requirement kind in Python,
``rolling-hours``, a topic for HIPAA privacy training, and an example policy rule set
(``acme-clinician``) a real employer would copy and edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from licensetrack import hookimpl

from licensetrack_employer_policy.rolling import RollingHours

RULES = Path(__file__).parent / "rules"


@hookimpl
def register_vocabulary(register: Callable[..., None]) -> None:
    register(topics={"hipaa-privacy": "HIPAA privacy and security of health information"})


@hookimpl
def register_requirement_kinds(register: Callable[[Any], None]) -> None:
    register(RollingHours())


@hookimpl
def register_rulesets(register: Callable[[Any], None]) -> None:
    register(RULES)
