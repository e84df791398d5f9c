"""The report: plain data saying where a practitioner stands, and its JSON form.

The JSON form is a public contract that HR systems parse (``docs/report-format.md``): field names
are kept, new fields may be added. Hours are decimal strings and dates ISO strings, so nothing is
rounded by a float on the way.
"""

from __future__ import annotations

import datetime
import enum
import functools
from decimal import Decimal
from typing import Any

import attrs

from licensetrack.core.model import AcademicUnit, Activity
from licensetrack.core.rules import Scope


class Status(enum.StrEnum):
    COMPLIANT = "compliant"
    DEFICIENT = "deficient"
    EXEMPT = "exempt"


@attrs.frozen(kw_only=True)
class SourceRef:
    """Where a rule comes from, as shown next to every requirement."""

    citation: str
    source: str
    effective: datetime.date
    verified: bool = True
    note: str | None = None


@attrs.frozen(kw_only=True)
class RequirementResult:
    """One requirement this cycle.

    ``counted`` is the most hours that could count toward the requirement alone, under the caps;
    ``allocated`` is what it gets in the single allocation that leaves the fewest hours missing.
    They differ only when two requirements compete for the same capped hours.
    """

    id: str
    kind: str
    title: str
    topics: tuple[str, ...]
    required: Decimal
    counted: Decimal
    allocated: Decimal
    missing: Decimal
    met: bool
    counts_toward_total: bool
    scope: Scope
    due: datetime.date | None
    ref: SourceRef
    detail: str | None = None


@attrs.frozen(kw_only=True)
class CapResult:
    id: str
    title: str
    limit: Decimal
    used: Decimal
    formats: tuple[str, ...]
    topics: tuple[str, ...]
    ref: SourceRef


class Unit(enum.StrEnum):
    """The unit an activity's size is recorded in (the report's names, stable in JSON)."""

    HOURS = "hours"
    SEMESTER_UNITS = "semester-units"
    QUARTER_UNITS = "quarter-units"
    DAYS = "days"


_UNIT_WORDS = {
    Unit.HOURS: ("h", "h"),
    Unit.SEMESTER_UNITS: ("semester unit", "semester units"),
    Unit.QUARTER_UNITS: ("quarter unit", "quarter units"),
    Unit.DAYS: ("day", "days"),
}


@attrs.frozen(kw_only=True)
class Quantity:
    """An activity's size as its record gives it: contact hours, academic units or conference days.

    Kept beside the hours because a size the rule set does not convert has no hours: a person must
    still see "3 semester units", not "0 h".
    """

    amount: Decimal
    unit: Unit

    @classmethod
    def of(cls, activity: Activity) -> Quantity:
        if activity.units is not None:
            unit = Unit.QUARTER_UNITS if activity.unit is AcademicUnit.QUARTER else Unit.SEMESTER_UNITS
            return cls(amount=activity.units, unit=unit)
        if activity.days is not None:
            return cls(amount=activity.days, unit=Unit.DAYS)
        assert activity.hours is not None  # the model requires one of the three
        return cls(amount=activity.hours, unit=Unit.HOURS)

    @property
    def text(self) -> str:
        """``"6 h"``, ``"1 day"``, ``"3 semester units"``."""
        singular, plural = _UNIT_WORDS[self.unit]
        return f"{hours(self.amount)} {singular if self.amount == 1 else plural}"


@attrs.frozen(kw_only=True)
class ActivityResult:
    """How one activity fared: hours counted, hours excluded and why, requirements credited.

    ``given`` is the size as recorded (None: the ``hours`` themselves, as for hours carried
    forward). ``hours_known`` is False when the size is in units or days that were not converted
    (no conversion, or the activity was refused first): ``hours``, ``counted`` and ``excluded`` are
    then 0 and the whole ``given`` quantity did not count.
    """

    title: str
    completed: datetime.date
    hours: Decimal
    counted: Decimal
    excluded: Decimal
    reasons: tuple[str, ...]
    credited_to: tuple[str, ...]
    given: Quantity | None = None
    hours_known: bool = True

    @property
    def size(self) -> Quantity:
        """The size as recorded, whatever the source of the result."""
        return self.given or Quantity(amount=self.hours, unit=Unit.HOURS)


@attrs.frozen(kw_only=True)
class CredentialReport:
    credential: str
    ruleset: str
    ruleset_title: str
    authority: str
    rule_version: datetime.date
    status: Status
    cycle_start: datetime.date
    cycle_end: datetime.date
    cycle_index: int
    as_of: datetime.date
    required_hours: Decimal
    counted_hours: Decimal
    missing_hours: Decimal
    requirements: tuple[RequirementResult, ...]
    caps: tuple[CapResult, ...]
    activities: tuple[ActivityResult, ...]
    notes: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    carried_in: Decimal = Decimal(0)

    @property
    def days_left(self) -> int:
        return (self.cycle_end - self.as_of).days

    @property
    def overdue(self) -> bool:
        return self.status is Status.DEFICIENT and self.days_left < 0


@attrs.frozen(kw_only=True)
class Report:
    as_of: datetime.date
    practitioner: str
    credentials: tuple[CredentialReport, ...]

    @property
    def exit_status(self) -> int:
        """0 when every credential is compliant or exempt, 1 when any is deficient."""
        return int(any(c.status is Status.DEFICIENT for c in self.credentials))


@functools.lru_cache(maxsize=4096)
def hours(value: Decimal) -> str:
    """A decimal string without exponent or needless trailing zeros: ``Decimal("6.0")`` -> ``"6"``.

    Cached: a report shows the same few values over and over (equal Decimals give the same text).
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _ref(ref: SourceRef) -> dict[str, Any]:
    data: dict[str, Any] = {
        "citation": ref.citation,
        "source": ref.source,
        "effective": ref.effective.isoformat(),
        "verified": ref.verified,
    }
    if ref.note:
        data["note"] = ref.note
    return data


def credential_to_json(report: CredentialReport) -> dict[str, Any]:
    return {
        "credential": report.credential,
        "ruleset": report.ruleset,
        "ruleset_title": report.ruleset_title,
        "authority": report.authority,
        "rule_version": report.rule_version.isoformat(),
        "status": report.status.value,
        "overdue": report.overdue,
        "cycle": {
            "start": report.cycle_start.isoformat(),
            "end": report.cycle_end.isoformat(),
            "index": report.cycle_index,
        },
        "days_left": report.days_left,
        "required_hours": hours(report.required_hours),
        "counted_hours": hours(report.counted_hours),
        "missing_hours": hours(report.missing_hours),
        "carried_in_hours": hours(report.carried_in),
        "requirements": [
            {
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "topics": list(r.topics),
                "required": hours(r.required),
                "counted": hours(r.counted),
                "allocated": hours(r.allocated),
                "missing": hours(r.missing),
                "met": r.met,
                "counts_toward_total": r.counts_toward_total,
                "scope": r.scope,
                "due": r.due.isoformat() if r.due else None,
                "citation": r.ref.citation,
                "source": r.ref.source,
                "effective": r.ref.effective.isoformat(),
                "verified": r.ref.verified,
                **({"detail": r.detail} if r.detail else {}),
            }
            for r in report.requirements
        ],
        "caps": [
            {
                "id": c.id,
                "title": c.title,
                "limit": hours(c.limit),
                "used": hours(c.used),
                "formats": list(c.formats),
                "topics": list(c.topics),
                **_ref(c.ref),
            }
            for c in report.caps
        ],
        "activities": [
            {
                "title": a.title,
                "completed": a.completed.isoformat(),
                "hours": hours(a.hours),
                "counted": hours(a.counted),
                "excluded": hours(a.excluded),
                "reasons": list(a.reasons),
                "credited_to": list(a.credited_to),
                "given": {"amount": hours(a.size.amount), "unit": a.size.unit.value},
                "hours_known": a.hours_known,
            }
            for a in report.activities
        ],
        "notes": list(report.notes),
        "unverified": list(report.unverified),
    }


def to_json(report: Report) -> dict[str, Any]:
    """The report in its public JSON shape (see docs/report-format.md)."""
    return {
        "as_of": report.as_of.isoformat(),
        "practitioner": report.practitioner,
        "credentials": [credential_to_json(c) for c in report.credentials],
    }
