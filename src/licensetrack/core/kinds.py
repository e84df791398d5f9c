"""What a plugin implements to add a requirement kind or a cycle kind the rule language lacks.

The core kinds (``total``, ``topic``, ``cap``; ``fixed``, ``anniversary``, ``birth-month``,
``record``) are the engine's own, because the exact allocation reasons about them together. A
plugin kind is evaluated beside that allocation: it sees the period, the activities and the hours
each can give under the rule set, and says what it requires and what counts. Its shortfall adds to
the credential's missing hours, like a requirement outside the total.

Plugin kinds take their parameters from the rule file's ``params`` table, structured strictly into
the kind's own attrs class (``params_type``), so a typo in a plugin's rule file is caught on load.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import attrs

from licensetrack.core.errors import LicensetrackError

if TYPE_CHECKING:
    from licensetrack.core.model import Activity, Credential, Practitioner
    from licensetrack.core.rules import CycleRule


@attrs.frozen(kw_only=True)
class KindContext:
    """Everything a requirement kind may look at; activities are in canonical order."""

    practitioner: Practitioner
    credential: Credential
    period_start: datetime.date
    period_end: datetime.date
    period_index: int
    as_of: datetime.date
    activities: tuple[Activity, ...]
    countable_hours: tuple[Decimal, ...]  # what each activity can give under the rule set; 0 if it cannot count


@attrs.frozen(kw_only=True)
class KindOutcome:
    """A requirement kind's verdict: hours required and counted, and which activities it credited."""

    required: Decimal
    counted: Decimal
    credited: tuple[int, ...] = ()  # indexes into KindContext.activities
    due: datetime.date | None = None
    detail: str | None = None


@runtime_checkable
class RequirementKindPlugin(Protocol):
    """A requirement kind supplied by a plugin (see docs/plugins.md)."""

    name: str
    description: str
    params_type: type

    def evaluate(self, params: Any, context: KindContext) -> KindOutcome: ...


@runtime_checkable
class CycleKindPlugin(Protocol):
    """A cycle kind supplied by a plugin: it says when the first period ends.

    Later periods follow every ``months`` months, on month ends when the first end is one; a board
    record in the profile still wins, as for the core kinds.
    """

    name: str
    description: str

    def first_end(self, rule: CycleRule, credential: Credential, practitioner: Practitioner) -> datetime.date: ...


@attrs.frozen(eq=False)
class Kinds:
    """The implementations of the plugin kinds a run knows, by id.

    Rule data holds only a kind's id and its structured ``params``; the engine and the cycles take the
    implementation from the ``Kinds`` they are given (a registry's ``kinds``). The core kinds need
    none, so :data:`CORE_KINDS` (empty) is enough for rule sets of core kinds only; a plugin kind
    missing here is an error naming it, never a silent skip. Plain dicts, so a run can send it to its
    worker processes.
    """

    requirements: Mapping[str, RequirementKindPlugin] = attrs.field(factory=dict)
    cycles: Mapping[str, CycleKindPlugin] = attrs.field(factory=dict)


CORE_KINDS = Kinds()

T = TypeVar("T")


class KindFailedError(LicensetrackError):
    """A plugin kind raised something other than the library's own errors: a bug in the plugin."""


def call_kind(what: str, call: Callable[[], T]) -> T:
    """Run a plugin kind's code, turning an exception of its own into a one-line error that names it.

    A plugin is third-party code; whatever it raises must reach a person as "which kind failed, and
    how", like every other problem, never as a traceback (and one practitioner's failure must not end
    a bulk audit of thousands). The library's own errors pass through unchanged.
    """
    try:
        return call()
    except LicensetrackError:
        raise
    except Exception as exc:  # any bug in plugin code, reported by name
        raise KindFailedError(f"{what} failed: {type(exc).__name__}: {exc}") from exc
