"""The report: plain data saying where a practitioner stands.

Its JSON form, a public contract (``docs/report-format.md``), is described with every other output
in :mod:`licensetrack.formats.shapes`.
"""

from __future__ import annotations

import datetime
import enum
import functools
from decimal import Decimal

import attrs

from licensetrack.core.model import AcademicUnit, Activity
from licensetrack.core.rules import Cited, Scope
from licensetrack.core.wording import unconfirmed


class Status(enum.StrEnum):
    COMPLIANT = "compliant"
    DEFICIENT = "deficient"
    EXEMPT = "exempt"


class Standing(enum.StrEnum):
    """The word a person acts on (``docs/report-format.md`` has the table), worst last."""

    COMPLIANT = "compliant"
    EXEMPT = "exempt"
    ON_TRACK = "on-track"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"


# How far ahead an unmet deadline is "due soon" when the caller does not say (issue #16).
DEFAULT_SOON_DAYS = 90


@attrs.frozen(kw_only=True)
class SourceRef:
    """Where a rule comes from, as shown next to every requirement."""

    citation: str
    source: str
    effective: datetime.date
    verified: bool = True
    note: str | None = None

    @classmethod
    def of(cls, entry: Cited) -> SourceRef:
        """The reference to a dated, cited entry of a rule set."""
        return cls(
            citation=entry.citation,
            source=entry.source,
            effective=entry.effective,
            verified=entry.verified,
            note=entry.note,
        )


def unverified_refs(*refs: SourceRef) -> tuple[str, ...]:
    """The rules among ``refs`` not confirmed against a primary source, worded as a report lists them."""
    return tuple(unconfirmed(ref.citation, ref.effective, ref.note) for ref in refs if not ref.verified)


@attrs.frozen(kw_only=True)
class BoardNoteResult:
    """What the board asks beside the hours (report courses in CE Broker, ...), with its rule."""

    text: str
    ref: SourceRef


@attrs.frozen(kw_only=True)
class HomeResult:
    """Whether the credential this one depends on (its ``home``) keeps it valid on the as-of date, and why."""

    credential: str | None  # the home's id in the profile; None when the profile names none
    valid: bool
    reason: str  # "valid while ... is active", or what makes it lapse
    ref: SourceRef


@attrs.frozen(kw_only=True)
class PlaceDays:
    """Days of practice counted in one place (or in all together) in the limit's calendar year."""

    place: str | None  # None when the limit counts every place together
    days: int
    over: int  # days beyond the limit (0 within it)


@attrs.frozen(kw_only=True)
class PracticeResult:
    """The days practised under a credential against its limit (``[[practice_limit]]``) in the as-of year."""

    year: int
    max_days: int
    per_place: bool
    counts: tuple[PlaceDays, ...]
    ref: SourceRef

    @property
    def over(self) -> bool:
        return any(count.over for count in self.counts)

    @property
    def tally(self) -> str:
        """``us-az 1 of 30; us-nv 2 of 30 in 2026``: the days against the limit, as the terminal and packet say."""
        where = "; ".join(
            f"{count.place + ' ' if count.place else ''}{count.days} of {self.max_days}" for count in self.counts
        )
        return f"{where or f'none of {self.max_days} recorded'} in {self.year}"


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
    # A share requirement's listed provider types (the hours it counts came from these); empty otherwise.
    provider_types: tuple[str, ...] = ()
    # A categories requirement's categories with no hours yet (ids), where further hours would count.
    open_categories: tuple[str, ...] = ()
    # A topic requirement's approval bodies: only courses approved by one of these count toward it.
    approvals: tuple[str, ...] = ()
    # An every-n-cycles topic met by a course of its window of periods (``window_cycles``): the window's first
    # day; courses from it to the period's end count toward the topic.
    window_from: datetime.date | None = None


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
        # The model requires one of the three, except for a course completion with no hours (shown as 0 h).
        return cls(amount=activity.hours or Decimal(0), unit=Unit.HOURS)

    @property
    def text(self) -> str:
        """``"6 h"``, ``"1 day"``, ``"3 semester units"``."""
        singular, plural = _UNIT_WORDS[self.unit]
        return f"{hours(self.amount)} {singular if self.amount == 1 else plural}"


@attrs.frozen
class Credit:
    """Hours of one activity credited to one requirement, as the allocation chose them.

    An auditor asks, requirement by requirement, which courses make up its hours: an hour counts
    toward the total and, at once, toward every topic inside it the course carries, so an activity's
    credits may sum to more than its hours. ``hours`` is None for a requirement met by completing a
    course (or judged by a plugin's kind), not by hours.
    """

    requirement: str
    hours: Decimal | None = None


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
    credits: tuple[Credit, ...] = ()
    given: Quantity | None = None
    hours_known: bool = True

    @property
    def credited_to(self) -> tuple[str, ...]:
        """The requirements this activity's hours (or its completion) went to, in the report's order."""
        return tuple([credit.requirement for credit in self.credits])  # a list first: faster than a generator

    @property
    def size(self) -> Quantity:
        """The size as recorded, whatever the source of the result."""
        return self.given or Quantity(amount=self.hours, unit=Unit.HOURS)


@attrs.frozen(kw_only=True)
class PreviousPeriod:
    """The period before the current one, judged as of its end: was it met?

    Carried only while it matters: it is the one period before the current one, and only when it is
    judged at all (never a period before the one the profile's record names; without a record, only
    when the profile holds activities inside it), so a new user never sees a renewal of years ago.
    """

    start: datetime.date
    end: datetime.date
    index: int
    status: Status
    required_hours: Decimal
    counted_hours: Decimal
    missing_hours: Decimal
    requirements: tuple[RequirementResult, ...]
    # Hours recorded for this period (``for_period_ending``) and completed after it ended, which count in
    # it: hours that make up its shortfall (0 when none were taken).
    made_up_hours: Decimal = Decimal(0)

    @property
    def met(self) -> bool:
        return self.status is not Status.DEFICIENT

    @property
    def lacking(self) -> str:
        """What the period lacked, requirement by requirement (hours, or a course not completed): the one
        wording of a past shortfall, for ``check`` and ``deadlines`` alike."""
        return "; ".join(
            f"{r.title}: {hours(r.missing)} h" if r.missing > 0 else f"{r.title}: not completed"
            for r in self.requirements
            if not r.met
        )


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
    alternatives: Choice | None = None
    # The period before, when it is judged (see PreviousPeriod); None when it is not.
    previous_period: PreviousPeriod | None = None
    # Requirements with a due date of their own that has passed unmet (a one-time course due by the first
    # renewal after a date, a course due within months of licensure), judged as ended periods are.
    overdue_requirements: tuple[str, ...] = ()
    # The profile's recorded expiration (the board's record), when it gives one.
    expires: datetime.date | None = None
    # What the board asks beside the hours, when its rule set says (``[[board_notes]]``).
    board_note: BoardNoteResult | None = None
    # The credential this one depends on, when its rule set says it has one (``[[home]]``).
    home: HomeResult | None = None
    # The days practised against the rule set's limit in the as-of year (``[[practice_limit]]``).
    practice: PracticeResult | None = None
    # Days ahead within which an unmet deadline is "due soon".
    soon_days: int = DEFAULT_SOON_DAYS

    @property
    def days_left(self) -> int:
        return (self.cycle_end - self.as_of).days

    @property
    def standing(self) -> Standing:
        """A function of the report's own fields: an unmet ended period first, then the current status,
        then how near the deadline is."""
        if self.previous_period is not None and not self.previous_period.met:
            return Standing.OVERDUE
        if self.overdue_requirements:
            return Standing.OVERDUE
        if self.status is Status.DEFICIENT and self.days_left < 0:
            return Standing.OVERDUE
        if self.status is Status.COMPLIANT:
            return Standing.COMPLIANT
        if self.status is Status.EXEMPT:
            return Standing.EXEMPT
        return Standing.DUE_SOON if self.days_left <= self.soon_days else Standing.ON_TRACK

    @property
    def overdue(self) -> bool:
        """True exactly when the standing is ``overdue``."""
        return self.standing is Standing.OVERDUE

    @property
    def expired(self) -> bool:
        """The recorded expiration has passed (and the profile gives no later one)."""
        return self.expires is not None and self.expires < self.as_of

    @property
    def lapsed(self) -> bool:
        """The credential it depends on (its home licence) does not keep it valid on the as-of date."""
        return self.home is not None and not self.home.valid

    @property
    def over_practice_limit(self) -> bool:
        """More days practised in the as-of year than the credential's limit allows (PSYPACT's TAP: 30)."""
        return self.practice is not None and self.practice.over

    @property
    def settled(self) -> bool:
        """Nothing to act on: compliant or exempt, nothing overdue, not expired, not lapsed, within its
        limit of days of practice."""
        return (
            self.standing in (Standing.COMPLIANT, Standing.EXEMPT)
            and not self.expired
            and not self.lapsed
            and not self.over_practice_limit
        )


@attrs.frozen(kw_only=True)
class Report:
    as_of: datetime.date
    practitioner: str
    credentials: tuple[CredentialReport, ...]

    @property
    def exit_status(self) -> int:
        """0 when every credential is compliant or exempt and none is overdue, expired, lapsed or over its limit
        of days of practice, else 1."""
        return int(not all(c.settled for c in self.credentials))


@attrs.frozen(kw_only=True)
class Shortfall:
    """A requirement one alternative leaves unmet, and the hours it lacks (what would cure it)."""

    id: str
    title: str
    missing: Decimal


@attrs.frozen(kw_only=True)
class AlternativeResult:
    """How the period fares under one whole set of requirements of a choice (``[[alternatives]]``)."""

    id: str
    title: str
    chosen: bool
    status: Status
    rule_version: datetime.date
    required_hours: Decimal
    counted_hours: Decimal
    missing_hours: Decimal
    lacking: tuple[Shortfall, ...]


@attrs.frozen(kw_only=True)
class Choice:
    """A period that may be met under any of several requirement sets: every one evaluated, which one
    the report shows (``chosen``: the first met, else the one missing fewest hours), and what each lacks."""

    chosen: str
    ref: SourceRef
    alternatives: tuple[AlternativeResult, ...]


@functools.lru_cache(maxsize=4096)
def hours(value: Decimal) -> str:
    """A decimal string without exponent or needless trailing zeros: ``Decimal("6.0")`` -> ``"6"``.

    Cached: a report shows the same few values over and over (equal Decimals give the same text).
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
