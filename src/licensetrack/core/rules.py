"""The rule language: what one credential of one authority requires, as dated, cited data.

A rule set is a handful of dated lists. Each entry carries the date it took effect, its citation
(code section) and source (address), and whether the fact was confirmed against a primary source.
An entry is in force from its ``effective`` date until the next entry of the same list; an entry
with ``repealed = true`` ends a requirement. Which date selects the entry (the cycle's start, its
end, or the course's date) is explicit, because boards differ.

Only data lives here. Evaluation is in :mod:`licensetrack.core.engine`; file loading in
:mod:`licensetrack.io.rulefiles`.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol, TypeVar

import attrs

from licensetrack.core import validation as v
from licensetrack.core.errors import ModelError, close_match, unknown_word
from licensetrack.core.model import CredentialStatus, DegreeLevel, Format
from licensetrack.core.professions import PROFESSIONS
from licensetrack.core.vocabulary import ACCREDITATIONS, PROVIDER_TYPES


class SelectBy(enum.StrEnum):
    """Which date picks the version of a dated entry."""

    CYCLE_START = "cycle-start"
    CYCLE_END = "cycle-end"
    ACTIVITY = "activity"


class CycleKind(enum.StrEnum):
    FIXED = "fixed"
    ANNIVERSARY = "anniversary"
    BIRTH_MONTH = "birth-month"
    RECORD = "record"


# How a CE period may differ from the licence term (`[[cycle]]` key `ce_period`).
CE_PERIODS = frozenset({"calendar-years-before-renewal"})


class RequirementKind(enum.StrEnum):
    """The engine's own requirement kinds; plugins may register more by name."""

    TOTAL = "total"
    TOPIC = "topic"
    CAP = "cap"
    # A course owed by completion, whatever its hours (Texas's human-trafficking course).
    COURSE = "course"
    SHARE = "share"
    CATEGORIES = "categories"


CORE_REQUIREMENT_KINDS = frozenset(k.value for k in RequirementKind)
CORE_CYCLE_KINDS = frozenset(k.value for k in CycleKind)


class Scope(enum.StrEnum):
    CYCLE = "cycle"
    ONCE = "once"
    EVERY_N_CYCLES = "every-n-cycles"


class FirstCycle(enum.StrEnum):
    FULL = "full"
    EXEMPT = "exempt"
    HOURS = "hours"
    PER_MONTH = "per-month"
    ONLY = "only"


class Rounding(enum.StrEnum):
    EXACT = "exact"
    FLOOR = "floor"
    CEIL = "ceil"


def _share(_instance: object, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, Fraction) or not 0 < value <= 1:
        raise ModelError(attribute.name, f"must be greater than 0 and at most 1, got {value!r}")


def _optional_word(_instance: object, attribute: Any, value: Any) -> None:
    if value is not None:
        v.check_identifier(attribute.name, value)


def _source(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise ModelError(
            attribute.name,
            f"must be the address (https://...) of the page the rule was read from, got {value!r}",
        )


def _in_order(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple):
        raise ModelError(attribute.name, f"must be a list of dated entries, got {value!r}")
    _check_order(attribute.name, value)


def _first_cycle_order(_instance: object, attribute: Any, value: Any) -> None:
    """``[[first_cycle]]`` entries in order of date; entries of one date are bands of the issue date, each with
    its own ``issued_within_months_of_end`` (Ohio psychology: 13 hours if issued in the last 23 months of the
    biennium, none in the last 11), and at most one of them without (it applies outside every band)."""
    if not isinstance(value, tuple):
        raise ModelError(attribute.name, f"must be a list of dated entries, got {value!r}")
    for index in range(1, len(value)):
        entry, before = value[index], value[index - 1]
        if entry.effective < before.effective:
            _check_order(attribute.name, value)
        if entry.effective != before.effective:
            continue
        same = [other for other in value[:index] if other.effective == entry.effective]
        months = entry.issued_within_months_of_end
        if months is None and any(other.issued_within_months_of_end is None for other in same):
            raise ModelError(
                f"{attribute.name}[{index}].effective",
                "entries of the same date are bands told apart by `issued_within_months_of_end`; "
                f"two of {entry.effective} have none",
            )
        if months is not None and any(other.issued_within_months_of_end == months for other in same):
            raise ModelError(
                f"{attribute.name}[{index}].issued_within_months_of_end",
                f"two bands of the same date with {months} months ({entry.effective})",
            )


def first_cycle_bands(entries: Sequence[FirstCycleRule], day: datetime.date) -> tuple[FirstCycleRule, ...]:
    """The first-period entries in force on a day: those of the latest date on or before it (several when
    they are bands of the issue date), the widest band first (an entry without a band counts as widest)."""
    current = in_force(entries, day)
    if current is None:
        return ()
    bands = [entry for entry in entries if entry.effective == current.effective]
    return tuple(sorted(bands, key=lambda entry: -(entry.issued_within_months_of_end or 10_000)))


def _provider_types(_instance: object, attribute: Any, value: Any) -> None:
    """Words of the closed list of provider kinds (``vocabulary.PROVIDER_TYPES``)."""
    v.identifiers(_instance, attribute, value)
    for word in value:
        if word not in PROVIDER_TYPES:
            raise ModelError(attribute.name, unknown_word("provider type", word, PROVIDER_TYPES))


@attrs.frozen(kw_only=True)
class Cited:
    """Where a fact comes from. Every dated entry has these fields."""

    effective: datetime.date = attrs.field(validator=v.date(required=True))
    citation: str = attrs.field(validator=v.text(required=True))
    source: str = attrs.field(validator=_source)
    verified: bool = attrs.field(default=True, validator=v.flag)
    note: str | None = attrs.field(default=None, validator=v.text(required=False))


@attrs.frozen(kw_only=True)
class CycleRule(Cited):
    """How the board's periods run.

    ``fixed``: periods start on ``start`` (``"MM-DD"``) in years counted from ``anchor_year``.
    ``anniversary``: the first period runs from the issue date ``months`` months (to the month's
    end when ``month_end``); later ones follow on. ``birth-month``: periods end on the last day of
    the birth month; the first end is the first one at least ``first_end_min_months`` after issue.
    ``record``: only the board's record in the profile (``expires`` or ``period_start``) says.
    Whatever the kind, a record in the profile wins, as the board's own record does.

    ``ce_period`` ``"calendar-years-before-renewal"``: the kind and ``months`` fix the licence term
    (its renewal dates), and CE is owed over the ``months / 12`` calendar years before each renewal
    year (Tennessee, 1180-01-.08(1)(a): "acquired in the two (2) calendar years (January 1 -
    December 31) prior to the licensure renewal year"). See ``cycles.ce_schedule``.
    """

    kind: str = attrs.field(validator=v.identifier)
    months: int = attrs.field(validator=v.whole(1, 120))
    start: str | None = attrs.field(default=None, validator=v.text(required=False))
    anchor_year: int | None = attrs.field(default=None, validator=v.whole(1900, 2200, optional=True))
    month_end: bool = attrs.field(default=False, validator=v.flag)
    first_end_min_months: int = attrs.field(default=0, validator=v.whole(0, 120, optional=True))
    ce_period: str | None = attrs.field(default=None, validator=v.text(required=False))
    # A birth-month cycle whose periods end on the birthday itself, not the birth month's last day (Wyoming's
    # mental health licences: "Licenses expire on the licensee's date of birth").
    ends_on_birthday: bool = attrs.field(default=False, validator=v.flag)
    params: Any = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if self.ends_on_birthday and self.kind != CycleKind.BIRTH_MONTH:
            raise ModelError("ends_on_birthday", 'belongs to a cycle of kind "birth-month"')
        if self.ce_period is not None:
            if self.ce_period not in CE_PERIODS:
                raise ModelError("ce_period", f"must be one of {', '.join(sorted(CE_PERIODS))}, got {self.ce_period!r}")
            if self.months % 12:
                raise ModelError("ce_period", f"calendar-year CE periods need whole years, got {self.months} months")
        if self.kind == CycleKind.FIXED:
            if self.start is None or self.anchor_year is None:
                raise ModelError("start", 'a fixed cycle needs `start` ("MM-DD") and `anchor_year`')
            try:
                datetime.date(2000, *map(int, self.start.split("-")))
            except (ValueError, TypeError):
                raise ModelError("start", f'must be a month and day like "04-01", got {self.start!r}') from None
            if self.months % 12:
                raise ModelError("months", f"a fixed cycle runs whole years, got {self.months} months")


@attrs.frozen(kw_only=True)
class FirstCycleRule(Cited):
    """What is owed in the first period after the credential was issued."""

    treatment: FirstCycle = attrs.field(validator=v.member_of(FirstCycle))
    hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    hours_per_month: Decimal | None = attrs.field(default=None, validator=v.quantity)
    # treatment "per-month" at a rate that is not a finite decimal: `hours` for every `per_months` months,
    # exactly (Arizona psychologists: 40 hours per 24-month license period, prorated by month; `hours_per_month`
    # would have to round 1.666...).
    per_months: int | None = attrs.field(default=None, validator=v.whole(1, 120, optional=True))
    # treatment "only": the ids of the requirements the first period owes; the total and the others
    # are not owed (Florida psychology: the laws and rules exam stands for the 40 hours, not for the
    # medical-errors course).
    requirements: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    # The treatment applies only when the credential was issued within this many months of the first
    # period's end (Georgia's Composite Board: no CE at the first renewal of a licence issued in the last
    # year of the biennium); a first period issued earlier is treated as "full".
    issued_within_months_of_end: int | None = attrs.field(default=None, validator=v.whole(1, 120, optional=True))
    # The treatment applies only to credentials holding one of these roles; others owe the first period in full
    # (Virginia psychology, 18VAC125-20-120: "First-time licensees by examination are not required to verify
    # continuing education on the first renewal date": the role `licensed-by-examination`).
    roles: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)

    def __attrs_post_init__(self) -> None:
        if self.roles and self.treatment is FirstCycle.FULL:
            raise ModelError("roles", 'a first-period rule for some roles needs a treatment other than "full"')
        if self.issued_within_months_of_end is not None and self.treatment is FirstCycle.FULL:
            raise ModelError(
                "issued_within_months_of_end",
                'a condition on the first period needs a treatment other than "full" (it applies that treatment)',
            )
        if self.treatment is FirstCycle.HOURS and self.hours is None:
            raise ModelError("hours", 'treatment "hours" needs the first cycle\'s `hours`')
        if self.per_months is not None and (self.treatment is not FirstCycle.PER_MONTH or self.hours is None):
            raise ModelError("per_months", 'belongs to treatment "per-month" with `hours` (hours per that many months)')
        if self.per_months is not None and self.hours_per_month is not None:
            raise ModelError("per_months", "give `hours_per_month`, or `hours` with `per_months`, not both")
        if self.treatment is FirstCycle.PER_MONTH and self.hours_per_month is None and self.per_months is None:
            raise ModelError(
                "hours_per_month", 'treatment "per-month" needs `hours_per_month` (or `hours` with `per_months`)'
            )
        if (self.treatment is FirstCycle.ONLY) != bool(self.requirements):
            raise ModelError("requirements", 'treatment "only", and only it, needs `requirements` (requirement ids)')


@attrs.frozen(kw_only=True)
class Eligibility(Cited):
    """Which activities may count at all: approval bodies, formats and a phase-in date.

    ``approvals`` empty means any provider; formats in ``approval_exempt_formats`` (a college
    course, a jurisprudence exam) need no approval body. The rule set's ``eligibility_select_by``
    says which date picks the entry; by default the course's own date, so a course counts under
    the rule in force when it was taken.
    """

    approvals: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    formats: tuple[Format, ...] = attrs.field(default=(), validator=v.members_of(Format))
    approval_exempt_formats: tuple[Format, ...] = attrs.field(default=(), validator=v.members_of(Format))
    not_before: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    # Activities approved by none of ``approvals`` count at this rate instead of not at all (AASECT: "These CEs
    # will apply at half value, with two (2) non-AASECT CE credits equalling one (1) AASECT CE credit"); a cap
    # with ``without_approvals`` limits what they give after the rate.
    others_rate: Fraction | None = attrs.field(default=None, validator=_share)

    def __attrs_post_init__(self) -> None:
        if self.others_rate is not None and not self.approvals:
            raise ModelError("others_rate", "a rate for courses of other approval bodies needs `approvals`")


@attrs.frozen(kw_only=True)
class Conversion(Cited):
    """How an activity of one format turns into hours, and the most one activity can give."""

    format: Format = attrs.field(validator=v.member_of(Format))
    per_semester_unit: Decimal | None = attrs.field(default=None, validator=v.quantity)
    per_quarter_unit: Decimal | None = attrs.field(default=None, validator=v.quantity)
    per_day: Decimal | None = attrs.field(default=None, validator=v.quantity)
    per_hour: Decimal | None = attrs.field(default=None, validator=v.quantity)
    max_per_activity: Decimal | None = attrs.field(default=None, validator=v.quantity)


@attrs.frozen(kw_only=True)
class CarryForward(Cited):
    """Surplus hours of the previous period that count in the next, up to ``max_hours``."""

    max_hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    allowed: bool = attrs.field(default=True, validator=v.flag)


@attrs.frozen(kw_only=True)
class RecordRetention(Cited):
    """How long after a period ends its certificates must be kept (for audits)."""

    months: int = attrs.field(validator=v.whole(1, 240))


def _professions(_instance: object, attribute: Any, value: Any) -> None:
    v.identifiers(_instance, attribute, value)
    for index, word in enumerate(value):
        if word not in PROFESSIONS:
            raise ModelError(f"{attribute.name}[{index}]", f"must be one of {', '.join(PROFESSIONS)}, got {word!r}")


@attrs.frozen(kw_only=True)
class Home(Cited):
    """The credential depends on another the holder has (a compact privilege on its home-state licence):
    valid only while that one is active and unexpired, and of the professions and kind named here
    (Counseling Compact, Section 4: a privilege requires that the licensee "hold a license in the home
    state"). The profile names it (the credential's ``home``). In force on the as-of date; a later entry
    with ``repealed = true`` ends the dependency."""

    professions: tuple[str, ...] = attrs.field(default=(), validator=_professions)  # none: any profession
    credential_kind: str = attrs.field(default="licence", validator=v.one_of("licence", "certification"))
    # The home's rule set must be one of these (PSYPACT's APIT rests on the E.Passport, not on any certificate
    # of a psychologist); none: any rule set of the kind and professions.
    rulesets: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    repealed: bool = attrs.field(default=False, validator=v.flag)


def _field_words(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(word, str) and word.strip() for word in value):
        raise ModelError(attribute.name, f"must be a list of words a degree's field contains, got {value!r}")


@attrs.frozen(kw_only=True)
class DegreeRule(Cited):
    """A degree the credential asks of its holder (issue #23: PSYPACT's E.Passport asks for a doctoral degree
    from an accredited or designated program; the Counseling Compact a graduate degree of 60 semester hours).

    A profile degree meets it when it is of ``level`` or higher; its field contains one of ``fields`` (any
    field when none is given; compared without regard to case); it carries one of ``accreditations`` (any
    when none is given); it has at least ``min_semester_hours`` (a quarter hour is 2/3 of one); and it was
    conferred on or after ``conferred_from`` and before ``conferred_before`` where given. Entries of one
    ``effective`` date are routes, any of which suffices (a degree from an APA-accredited program, or from
    a designated one); the routes of the latest date on or before the day asked about are in force, and
    ``repealed = true`` ends the requirement.
    """

    level: DegreeLevel | None = attrs.field(default=None, validator=v.member_of(DegreeLevel, optional=True))
    fields: tuple[str, ...] = attrs.field(default=(), validator=_field_words)
    accreditations: tuple[str, ...] = attrs.field(default=(), validator=v.closed_words("accreditation", ACCREDITATIONS))
    min_semester_hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    conferred_from: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    conferred_before: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    repealed: bool = attrs.field(default=False, validator=v.flag)

    def __attrs_post_init__(self) -> None:
        if not self.repealed and self.level is None:
            raise ModelError("level", "a degree rule names the lowest level it accepts (or is `repealed = true`)")


class _Route(Protocol):
    @property
    def effective(self) -> datetime.date: ...

    @property
    def repealed(self) -> bool: ...


R = TypeVar("R", bound=_Route)


def _routes_on(entries: Sequence[R], day: datetime.date) -> tuple[R, ...]:
    """The entries of the latest date on or before ``day`` (alternatives: any one suffices); none when that
    date's entry is a repeal."""
    chosen = in_force(entries, day)
    if chosen is None or chosen.repealed:
        return ()
    return tuple(entry for entry in entries if entry.effective == chosen.effective)


def _routes_in_order(_instance: object, attribute: Any, value: Any) -> None:
    """``[[degree]]`` and ``[[home]]`` entries by date; several of one date are routes (any one suffices)."""
    if not isinstance(value, tuple):
        raise ModelError(attribute.name, f"must be a list of dated entries, got {value!r}")
    _check_order(attribute.name, value, routes=True)


@attrs.frozen(kw_only=True)
class PracticeLimit(Cited):
    """At most ``max_days`` days of practice under the credential in each calendar year (PSYPACT's Temporary
    Authorization to Practice: in-person practice in a distant state, "not to exceed thirty (30) days within
    a calendar year"), counted from the profile's ``practice_days``: in each place apart when ``per_place``,
    else all places together (a day practised in two places counts once). In force on the as-of date; a
    later entry with ``repealed = true`` ends it."""

    max_days: int | None = attrs.field(default=None, validator=v.whole(1, 366, optional=True))
    per: str = attrs.field(default="calendar-year", validator=v.one_of("calendar-year"))
    per_place: bool = attrs.field(default=True, validator=v.flag)
    repealed: bool = attrs.field(default=False, validator=v.flag)

    def __attrs_post_init__(self) -> None:
        if not self.repealed and self.max_days is None:
            raise ModelError("max_days", "a practice limit says how many days (or is `repealed = true`)")


@attrs.frozen(kw_only=True)
class BoardNote(Cited):
    """What a board asks of a licensee beside the hours, said where the licensee reads their standing: how
    to report courses (Florida: the Department checks the CE Broker record at renewal), what an audit asks
    for. Chosen by the period's end, like record retention, since it concerns the renewal. A later entry
    with ``repealed = true`` ends it."""

    text: str | None = attrs.field(default=None, validator=v.text(required=False))
    repealed: bool = attrs.field(default=False, validator=v.flag)

    def __attrs_post_init__(self) -> None:
        if not self.repealed and not self.text:
            raise ModelError("text", "a board note says what the board asks (or is `repealed = true`)")


@attrs.frozen(kw_only=True)
class MakeUp(Cited):
    """The board accepts hours taken after a period ended to make up its shortfall, counted in that period
    (an activity's ``for_period_ending``), when completed within ``within_months`` of its end (no limit
    when the text gives none). Chosen by the ended period's end."""

    within_months: int | None = attrs.field(default=None, validator=v.whole(1, 120, optional=True))


@attrs.frozen(kw_only=True)
class Exemption(Cited):
    """Credential statuses that owe no CE (inactive and retired at most boards), and roles whose holders
    owe none (Massachusetts, 258 CMR 31.03(2)(a): a social worker who "provides social work services
    exclusively in his or her capacity as an employee of a unit of state, county or municipal government
    located within the Commonwealth ... shall be exempt": the role `government-employee`)."""

    statuses: tuple[CredentialStatus, ...] = attrs.field(default=(), validator=v.members_of(CredentialStatus))
    roles: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)

    def __attrs_post_init__(self) -> None:
        if not self.statuses and not self.roles:
            raise ModelError("statuses", "an exemption names the `statuses` or the `roles` that owe no CE")


@attrs.frozen(kw_only=True)
class Category:
    """One of a board's categories of activity (California CPD: "Academic", "Sponsored Continuing Education"):
    the activities of these formats (and, when given, these topics) belong to it."""

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.text(required=True))
    formats: tuple[Format, ...] = attrs.field(default=(), validator=v.members_of(Format))
    topics: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)

    def __attrs_post_init__(self) -> None:
        if not (self.formats or self.topics):
            raise ModelError("formats", "a category needs `formats` or `topics`")


@attrs.frozen(kw_only=True)
class RequirementVersion(Cited):
    """One dated version of a requirement. Fields used depend on the requirement's kind."""

    repealed: bool = attrs.field(default=False, validator=v.flag)
    hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    topics: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    formats: tuple[Format, ...] = attrs.field(default=(), validator=v.members_of(Format))
    without_approvals: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    counts_toward_total: bool = attrs.field(default=True, validator=v.flag)
    scope: Scope = attrs.field(default=Scope.CYCLE, validator=v.member_of(Scope))
    every: int | None = attrs.field(default=None, validator=v.whole(2, 20, optional=True))
    anchor: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    due_first_renewal_after: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    exempt_if_issued_on_or_after: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    count_from: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    roles: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    max_hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    max_share: Fraction | None = attrs.field(default=None, validator=_share)
    rounding: Rounding = attrs.field(default=Rounding.EXACT, validator=v.member_of(Rounding))
    params: Any = attrs.field(default=None)
    # A one-time requirement due this many months after the credential was issued (Florida's domestic
    # violence course "within six (6) months of initial licensure"); see docs/rule-language.md.
    due_months_after_issue: int | None = attrs.field(default=None, validator=v.whole(1, 120, optional=True))
    # Only courses completed within this many months before the period ends count toward it (AAMFT: an
    # Approved Supervisor's refresher course "within two years prior to their 5-year renewal date").
    within_months_before_end: int | None = attrs.field(default=None, validator=v.whole(1, 120, optional=True))
    provider_types: tuple[str, ...] = attrs.field(default=(), validator=_provider_types)
    min_share: Fraction | None = attrs.field(default=None, validator=_share)
    min_categories: int | None = attrs.field(default=None, validator=v.whole(2, 20, optional=True))
    categories: tuple[Category, ...] = attrs.field(default=(), validator=v.records)
    # A total: in a period whose length in whole months is not the cycle's ``months`` (New York's
    # second registration, moved to the birth month), owe this many hours per whole month instead.
    prorated_per_month: Decimal | None = attrs.field(default=None, validator=v.quantity)
    # A topic: these of its ``topics`` and the others are owed in alternating periods; which side a
    # period owes depends on what counted in the previous one (see ``engine.alternate``).
    alternate: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    # every-n-cycles counted from the period in which this role began (the profile's `role_since`)
    anchor_role: str | None = attrs.field(default=None, validator=_optional_word)
    # A topic or course owed only by those who began graduate study before this date (California's LCSW
    # spousal or partner abuse course); see ``engine.select.graduate_study_reason``.
    graduate_study_before: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    # A total: in a period shorter than the cycle's ``months`` (North Carolina social work: "less than a
    # full two-year period"), owe this flat total instead of ``hours`` (see ``engine.periods``).
    short_period_hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    # A topic or course owed only in the n-th period after issue, the period of issue being the first
    # (Illinois: "Upon the second renewal ... 9 of the required 30 CE hours"; in_cycle = 2).
    in_cycle: int | None = attrs.field(default=None, validator=v.whole(1, 20, optional=True))
    # A topic whose hours count only from courses approved by one of these bodies (North Carolina
    # psychology: ethics "Included in the 15 hours under a Category A program sponsor").
    approvals: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    # An every-n-cycles topic met by courses of the due period and the ``window_cycles - 1`` periods before
    # it (Illinois 20 ILCS 2105/2105-375(b): "must complete all statutorily mandated topics within 3 renewal
    # periods"); see ``engine.window``.
    window_cycles: int | None = attrs.field(default=None, validator=v.whole(2, 20, optional=True))
    # A topic owing this many hours for each whole year of the licence cycle (the cycle's ``months``) instead
    # of ``hours`` (Michigan R 338.7004(2): "1 hour ... for each year of the applicant's license or registration
    # cycle"); resolved to ``hours`` when the rule set is resolved for a period (``RuleSet.at``).
    hours_per_cycle_year: Decimal | None = attrs.field(default=None, validator=v.quantity)


@attrs.frozen(kw_only=True)
class Requirement:
    """A named requirement with its dated versions (oldest first)."""

    id: str = attrs.field(validator=v.identifier)
    kind: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.text(required=True))
    versions: tuple[RequirementVersion, ...] = attrs.field(validator=v.records)
    select_by: SelectBy | None = attrs.field(default=None, validator=v.member_of(SelectBy, optional=True))

    @property
    def is_core(self) -> bool:
        return self.kind in CORE_REQUIREMENT_KINDS

    def version_on(self, day: datetime.date) -> RequirementVersion | None:
        """The version in force on a date, or None before the first."""
        return in_force(self.versions, day)

    def __attrs_post_init__(self) -> None:
        if self.select_by is SelectBy.ACTIVITY:
            raise ModelError("select_by", "requirements are chosen by the cycle's start or end, not a course's date")
        if not self.versions:
            raise ModelError("versions", "a requirement needs at least one dated version")
        _check_order("versions", self.versions)
        for index, version in enumerate(self.versions):
            if not version.repealed and self.is_core:
                _check_version(RequirementKind(self.kind), version, f"versions[{index}]")


def _check_version(kind: RequirementKind, version: RequirementVersion, where: str) -> None:
    _check_per_cycle_year(kind, version, where)
    if kind is RequirementKind.TOPIC and version.hours is None and version.hours_per_cycle_year is None:
        raise ModelError(f"{where}.hours", "a topic requirement needs `hours` (or `hours_per_cycle_year`)")
    if kind is RequirementKind.TOTAL and version.hours is None:
        raise ModelError(f"{where}.hours", f"a {kind.value} requirement needs `hours`")
    if kind is RequirementKind.TOPIC and not version.topics:
        raise ModelError(f"{where}.topics", "a topic requirement needs at least one topic")
    if kind is RequirementKind.CAP:
        if (version.max_hours is None) == (version.max_share is None):
            raise ModelError(f"{where}.max_hours", "a cap needs exactly one of `max_hours` or `max_share`")
        if not (version.formats or version.topics or version.without_approvals or version.provider_types):
            raise ModelError(
                f"{where}.formats", "a cap needs `formats`, `topics`, `without_approvals` or `provider_types`"
            )
    if version.provider_types and kind not in (RequirementKind.SHARE, RequirementKind.CAP, RequirementKind.TOPIC):
        raise ModelError(f"{where}.provider_types", "kinds of provider belong to a share, a cap or a topic requirement")
    if version.within_months_before_end is not None and (
        kind not in (RequirementKind.TOPIC, RequirementKind.COURSE) or version.scope is not Scope.CYCLE
    ):
        raise ModelError(
            f"{where}.within_months_before_end",
            "a window before the period's end belongs to a topic or a course of each period",
        )
    if kind is RequirementKind.COURSE:
        _check_course(version, where)
    if kind is RequirementKind.SHARE:
        _check_share(version, where)
    if kind is RequirementKind.CATEGORIES:
        _check_categories(version, where)
    if version.scope is Scope.EVERY_N_CYCLES and version.every is None:
        raise ModelError(f"{where}.every", 'scope "every-n-cycles" needs `every`')
    if version.anchor_role is not None and (
        version.scope is not Scope.EVERY_N_CYCLES
        or version.anchor is not None
        or version.anchor_role not in version.roles
    ):
        raise ModelError(
            f"{where}.anchor_role",
            'needs scope "every-n-cycles", no `anchor`, and the role among the version\'s `roles`',
        )
    undated = version.due_first_renewal_after is None and version.due_months_after_issue is None
    if version.scope is Scope.ONCE and undated:
        raise ModelError(f"{where}.due_first_renewal_after", 'scope "once" needs `due_first_renewal_after`')
    _check_due_from_issue(version, where)
    _check_v2_version(kind, version, where)
    _check_period_keys(kind, version, where)


def _check_course(version: RequirementVersion, where: str) -> None:
    """A course is owed by completion: it names its topic and owes, caps and limits no hours."""
    if not version.topics:
        raise ModelError(f"{where}.topics", "a course requirement needs at least one topic (the course's)")
    for field in ("hours", "max_hours", "max_share"):
        if getattr(version, field) is not None:
            raise ModelError(f"{where}.{field}", f"a course requirement is met by completion and takes no `{field}`")
    if version.without_approvals:
        raise ModelError(f"{where}.without_approvals", "a course requirement takes no `without_approvals`")


def _check_due_from_issue(version: RequirementVersion, where: str) -> None:
    """A due date counted from licensure belongs to a one-time requirement, and to only one way of dating it."""
    if version.due_months_after_issue is None:
        return
    if version.scope is not Scope.ONCE:
        raise ModelError(f"{where}.due_months_after_issue", 'a due date counted from licensure needs scope "once"')
    if version.due_first_renewal_after is not None:
        raise ModelError(
            f"{where}.due_months_after_issue", "give only one of `due_months_after_issue` or `due_first_renewal_after`"
        )


def _check_share(version: RequirementVersion, where: str) -> None:
    """A share requirement: at least ``min_share`` of the total from the listed ``provider_types`` (Texas), or
    in the listed ``topics`` (NBCC's specialties: half of the hours in the specialty's content areas), or
    from activities meeting both."""
    if version.min_share is None:
        raise ModelError(f"{where}.min_share", 'a share requirement needs `min_share` (for example "1/2")')
    if not version.provider_types and not version.topics:
        raise ModelError(
            f"{where}.provider_types", "a share requirement needs provider types or topics its hours come from"
        )


def _check_categories(version: RequirementVersion, where: str) -> None:
    """Hours from at least ``min_categories`` of the listed ``categories`` (distinct ids, enough of them)."""
    if version.min_categories is None:
        raise ModelError(f"{where}.min_categories", "a categories requirement needs `min_categories`")
    ids = [category.id for category in version.categories]
    if len(set(ids)) != len(ids):
        raise ModelError(f"{where}.categories", f"category ids must be unique, got {', '.join(ids)}")
    if len(ids) < version.min_categories:
        raise ModelError(
            f"{where}.categories",
            f"min_categories is {version.min_categories} but only {len(ids)} categories are listed",
        )


def _check_v2_version(kind: RequirementKind, version: RequirementVersion, where: str) -> None:
    """The checks of proration and alternation: each belongs to one kind and must say something."""
    if version.prorated_per_month is not None and kind is not RequirementKind.TOTAL:
        raise ModelError(f"{where}.prorated_per_month", "only a total requirement is prorated per month")
    if version.graduate_study_before is not None and kind not in (RequirementKind.TOPIC, RequirementKind.COURSE):
        raise ModelError(
            f"{where}.graduate_study_before", "only a topic or course requirement is owed by when graduate study began"
        )
    if not version.alternate:
        return
    if kind is not RequirementKind.TOPIC:
        raise ModelError(f"{where}.alternate", "only a topic requirement alternates")
    stray = [topic for topic in version.alternate if topic not in version.topics]
    if stray:
        raise ModelError(f"{where}.alternate", f"must be some of `topics`, got {', '.join(stray)}")
    if set(version.topics) <= set(version.alternate):
        raise ModelError(f"{where}.alternate", "must leave at least one of `topics` to alternate with")


def _check_period_keys(kind: RequirementKind, version: RequirementVersion, where: str) -> None:
    """The checks of a short period's flat total and of a requirement owed in the n-th period after issue."""
    if version.short_period_hours is not None:
        if kind is not RequirementKind.TOTAL:
            raise ModelError(f"{where}.short_period_hours", "only a total requirement has a short period's hours")
        if version.prorated_per_month is not None:
            raise ModelError(
                f"{where}.short_period_hours",
                "give only one of `short_period_hours` (a flat total) or `prorated_per_month` (per month)",
            )
    if version.approvals and kind is not RequirementKind.TOPIC:
        raise ModelError(f"{where}.approvals", "only a topic requirement asks for courses of given approval bodies")
    _check_window(kind, version, where)
    if version.in_cycle is None:
        return
    if kind not in (RequirementKind.TOPIC, RequirementKind.COURSE):
        raise ModelError(f"{where}.in_cycle", "only a topic or course requirement is owed in the n-th period")
    if version.scope is not Scope.CYCLE:
        raise ModelError(f"{where}.in_cycle", f'`in_cycle` needs scope "cycle" (the default), got "{version.scope}"')
    for field in ("due_first_renewal_after", "due_months_after_issue", "exempt_if_issued_on_or_after"):
        if getattr(version, field) is not None:
            raise ModelError(f"{where}.in_cycle", f"give only one of `in_cycle` or `{field}`")


def _check_per_cycle_year(kind: RequirementKind, version: RequirementVersion, where: str) -> None:
    """Hours per year of the licence cycle: on a topic, instead of its ``hours``."""
    if version.hours_per_cycle_year is None:
        return
    if kind is not RequirementKind.TOPIC:
        raise ModelError(f"{where}.hours_per_cycle_year", "only a topic requirement owes hours per year of the cycle")
    if version.hours is not None:
        raise ModelError(f"{where}.hours_per_cycle_year", "give only one of `hours` or `hours_per_cycle_year`")


def per_cycle_year(version: RequirementVersion, cycle_months: int) -> RequirementVersion:
    """The version with its ``hours`` for a cycle of ``cycle_months``: ``hours_per_cycle_year`` for each whole
    year of it (a 3-year cycle owes 3 times the rate); unchanged without the key."""
    if version.hours_per_cycle_year is None:
        return version
    return attrs.evolve(version, hours=version.hours_per_cycle_year * (cycle_months // 12))


def _check_window(kind: RequirementKind, version: RequirementVersion, where: str) -> None:
    """A window of periods belongs to an every-n-cycles topic, and reaches back no further than its ``every``
    (so no course can meet two due periods)."""
    if version.window_cycles is None:
        return
    if kind is not RequirementKind.TOPIC:
        raise ModelError(f"{where}.window_cycles", "only a topic requirement is met by courses of earlier periods")
    if version.scope is not Scope.EVERY_N_CYCLES:
        raise ModelError(f"{where}.window_cycles", f'needs scope "every-n-cycles", got "{version.scope}"')
    assert version.every is not None
    if version.window_cycles > version.every:
        raise ModelError(
            f"{where}.window_cycles",
            f"at most `every` ({version.every}): a course may meet only one due period, got {version.window_cycles}",
        )


class _Dated(Protocol):
    @property
    def effective(self) -> datetime.date: ...


D = TypeVar("D", bound=_Dated)


def _check_order(field: str, entries: Sequence[_Dated], *, routes: bool = False) -> None:
    """Entries in increasing order of date; with ``routes``, several may share a date (alternatives)."""
    for index in range(1, len(entries)):
        after, before = entries[index].effective, entries[index - 1].effective
        if after < before or (after == before and not routes):
            order = "in order of date (entries of one date are alternatives)" if routes else "in increasing order"
            raise ModelError(
                f"{field}[{index}].effective",
                f"dated entries must be {order} of `effective`, got {after} after {before}",
            )


def in_force(entries: Sequence[D], on: datetime.date) -> D | None:
    """The entry in force on a date: the last whose ``effective`` is on or before it.

    Only this module calls it: everything else asks a :class:`RulesAt` (``RuleSet.at(period)``), or
    ``RuleSet.cycle_on`` for the cycle rule, so every consumer chooses versions the same way.
    """
    chosen: D | None = None
    for entry in entries:
        if entry.effective <= on:
            chosen = entry
        else:
            break
    return chosen


@attrs.frozen(kw_only=True)
class RuleSet:
    """Everything one authority requires for one credential, over time."""

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.text(required=True))
    authority: str = attrs.field(validator=v.text(required=True))
    credential_kind: str = attrs.field(default="licence", validator=v.one_of("licence", "certification"))
    profession: str | None = attrs.field(default=None, validator=v.optional_one_of(*PROFESSIONS))
    verified_on: datetime.date = attrs.field(validator=v.date(required=True))
    select_by: SelectBy = attrs.field(default=SelectBy.CYCLE_END, validator=v.member_of(SelectBy))
    eligibility_select_by: SelectBy = attrs.field(default=SelectBy.ACTIVITY, validator=v.member_of(SelectBy))
    notes: str | None = attrs.field(default=None, validator=v.text(required=False))
    cycle: tuple[CycleRule, ...] = attrs.field(validator=_in_order)
    first_cycle: tuple[FirstCycleRule, ...] = attrs.field(default=(), validator=_first_cycle_order)
    eligibility: tuple[Eligibility, ...] = attrs.field(default=(), validator=_in_order)
    conversions: tuple[Conversion, ...] = attrs.field(default=(), validator=v.records)
    carry_forward: tuple[CarryForward, ...] = attrs.field(default=(), validator=_in_order)
    exemptions: tuple[Exemption, ...] = attrs.field(default=(), validator=_in_order)
    record_retention: tuple[RecordRetention, ...] = attrs.field(default=(), validator=_in_order)
    make_up: tuple[MakeUp, ...] = attrs.field(default=(), validator=_in_order)
    requirements: tuple[Requirement, ...] = attrs.field(default=(), validator=v.records)
    status_hours: tuple[StatusHours, ...] = attrs.field(default=(), validator=_in_order)
    alternatives: tuple[Alternatives, ...] = attrs.field(default=(), validator=_in_order)
    board_notes: tuple[BoardNote, ...] = attrs.field(default=(), validator=_in_order)
    home: tuple[Home, ...] = attrs.field(default=(), validator=_routes_in_order)
    degree: tuple[DegreeRule, ...] = attrs.field(default=(), validator=_routes_in_order)
    practice_limit: tuple[PracticeLimit, ...] = attrs.field(default=(), validator=_in_order)

    def __attrs_post_init__(self) -> None:
        if self.select_by is SelectBy.ACTIVITY:
            raise ModelError("select_by", "requirements are chosen by the cycle's start or end, not a course's date")
        if not self.cycle:
            raise ModelError("cycle", "a rule set needs at least one [[cycle]] entry")
        _check_unique_ids(self.requirements)
        totals = [r.id for r in self.requirements if r.kind == RequirementKind.TOTAL]
        if len(totals) > 1:
            raise ModelError("requirements", f"at most one total requirement, got {', '.join(totals)}")
        shares = [i for i, r in enumerate(self.requirements) if r.kind == RequirementKind.SHARE]
        if shares and not totals:
            raise ModelError(f"requirements[{shares[0]}].kind", "a share requirement is a share of the total: add one")
        _check_conversion_order(self.conversions)
        _check_first_cycle_ids(self.first_cycle, self.requirements)

    def conversions_for(self, format: Format) -> tuple[Conversion, ...]:
        return tuple(c for c in self.conversions if c.format is format)

    def cycle_on(self, day: datetime.date) -> CycleRule:
        """The cycle rule in force on a date (the first one before it): it is chosen by a date, not a
        period, because it is what makes the periods."""
        return in_force(self.cycle, day) or self.cycle[0]

    def home_on(self, day: datetime.date) -> tuple[Home, ...]:
        """The homes the credential may rest on, in force on a day: entries of one date are alternatives (CCE's
        ACS: "professional licensure ... or the National Certified Counselor"); empty: it stands alone."""
        return _routes_on(self.home, day)

    def practice_limit_on(self, day: datetime.date) -> PracticeLimit | None:
        """The limit on days of practice in force on a day (None: the credential has none)."""
        entry = in_force(self.practice_limit, day)
        return None if entry is None or entry.repealed else entry

    def degree_on(self, day: datetime.date) -> tuple[DegreeRule, ...]:
        """The degree routes in force on a day (any one suffices); empty when the credential asks for none."""
        return _routes_on(self.degree, day)

    def eligibility_on(self, day: datetime.date) -> Eligibility | None:
        """The eligibility entry in force on a day, with no stand-in before the first (the planner's
        question: which approval bodies a board accepts today)."""
        return in_force(self.eligibility, day)

    def at(self, period: Span, rules_on: datetime.date | None = None) -> RulesAt:
        """Which version of every dated entry applies to a period, resolved once (see :class:`RulesAt`).

        ``rules_on`` resolves the period under the rules in force on another date instead (an
        alternative of ``[[alternatives]]``, such as a former model a board still accepts): every entry
        the period's start or end would choose is chosen by that date.
        """
        chosen_on = rules_on or _chosen_on(period, self.select_by)
        return RulesAt(
            ruleset=self,
            start=period.start,
            end=period.end,
            requirements=tuple(
                _requirement_at(self, requirement, period, rules_on) for requirement in self.requirements
            ),
            first_cycle=next(iter(first_cycle_bands(self.first_cycle, chosen_on)), None),
            first_cycle_bands=first_cycle_bands(self.first_cycle, chosen_on),
            carry_forward=in_force(self.carry_forward, chosen_on),
            exemption=in_force(self.exemptions, chosen_on),
            record_retention=in_force(self.record_retention, period.end),
            make_up=in_force(self.make_up, period.end),
            board_note=in_force(self.board_notes, rules_on or period.end),
            eligibility_cited=in_force(self.eligibility, rules_on or period.end),
            status_hours=in_force(self.status_hours, chosen_on),
            alternatives=None if rules_on else in_force(self.alternatives, chosen_on),
            rules_on=rules_on,
        )

    def dated_entries(self) -> list[Cited]:
        """Every dated, cited entry, for audits of sources and verification."""
        entries: list[Cited] = [
            *self.cycle,
            *self.first_cycle,
            *self.eligibility,
            *self.conversions,
            *self.carry_forward,
            *self.exemptions,
            *self.record_retention,
        ]
        for requirement in self.requirements:
            entries.extend(requirement.versions)
        entries.extend(self.status_hours)
        entries.extend(self.alternatives)
        entries.extend(self.make_up)
        entries.extend(self.board_notes)
        entries.extend(self.home)
        entries.extend(self.degree)
        entries.extend(self.practice_limit)
        return entries


@attrs.frozen(kw_only=True)
class BoardEntries:
    """A board file's shared entries: what several credentials of one board state alike, stated once.

    The lists are those of a :class:`RuleSet` with the same checks, so an entry reads the same in a
    board file as in a credential's file; a credential takes a whole list, or one requirement, by name
    (see ``docs/rule-language.md``). Only data: a board file has no identity of a rule set and is never
    one.
    """

    title: str = attrs.field(validator=v.text(required=True))
    notes: str | None = attrs.field(default=None, validator=v.text(required=False))
    cycle: tuple[CycleRule, ...] = attrs.field(default=(), validator=_in_order)
    first_cycle: tuple[FirstCycleRule, ...] = attrs.field(default=(), validator=_first_cycle_order)
    eligibility: tuple[Eligibility, ...] = attrs.field(default=(), validator=_in_order)
    conversions: tuple[Conversion, ...] = attrs.field(default=(), validator=v.records)
    carry_forward: tuple[CarryForward, ...] = attrs.field(default=(), validator=_in_order)
    exemptions: tuple[Exemption, ...] = attrs.field(default=(), validator=_in_order)
    record_retention: tuple[RecordRetention, ...] = attrs.field(default=(), validator=_in_order)
    make_up: tuple[MakeUp, ...] = attrs.field(default=(), validator=_in_order)
    board_notes: tuple[BoardNote, ...] = attrs.field(default=(), validator=_in_order)
    requirements: tuple[Requirement, ...] = attrs.field(default=(), validator=v.records)

    def __attrs_post_init__(self) -> None:
        _check_unique_ids(self.requirements)
        _check_conversion_order(self.conversions)


def _check_unique_ids(requirements: Sequence[Requirement]) -> None:
    seen: set[str] = set()
    for index, requirement in enumerate(requirements):
        if requirement.id in seen:
            raise ModelError(f"requirements[{index}].id", f"duplicate requirement id {requirement.id!r}")
        seen.add(requirement.id)


def _check_conversion_order(conversions: Sequence[Conversion]) -> None:
    by_format: dict[Format, list[Conversion]] = {}
    for conversion in conversions:
        by_format.setdefault(conversion.format, []).append(conversion)
    for entries in by_format.values():
        _check_order("conversions", entries)


class Span(Protocol):
    """A period as the resolver needs it: its first and last day (a ``cycles.Period``)."""

    @property
    def start(self) -> datetime.date: ...

    @property
    def end(self) -> datetime.date: ...


def _chosen_on(period: Span, select_by: SelectBy) -> datetime.date:
    return period.start if select_by is SelectBy.CYCLE_START else period.end


@attrs.frozen(kw_only=True)
class RequirementAt:
    """A requirement as one period's rules see it: the version in force on the date that selects it."""

    requirement: Requirement
    version: RequirementVersion | None  # None when no version is in force yet
    select_by: SelectBy
    chosen_on: datetime.date


def _requirement_at(
    ruleset: RuleSet, requirement: Requirement, period: Span, rules_on: datetime.date | None = None
) -> RequirementAt:
    select_by = requirement.select_by or ruleset.select_by
    chosen_on = rules_on or _chosen_on(period, select_by)
    version = requirement.version_on(chosen_on)
    if version is not None:
        version = per_cycle_year(version, ruleset.cycle_on(chosen_on).months)
    return RequirementAt(
        requirement=requirement,
        version=version,
        select_by=select_by,
        chosen_on=chosen_on,
    )


@attrs.frozen(kw_only=True)
class RulesAt:
    """A rule set resolved for one period: the one place that decides which version of each entry applies.

    Requirements, the first-period rule, carry-forward and exemptions are chosen by the period's start
    or end (the rule set's ``select_by``, or a requirement's own); record retention by the period's
    end. Eligibility and conversions are chosen per course (:meth:`eligibility_for_course`,
    :meth:`conversion_for_course`), by the course's date unless ``eligibility_select_by`` says the
    period's start or end. The engine, ``rules show``, the planner and the deadlines all read this
    object, so they cannot disagree.
    """

    ruleset: RuleSet
    start: datetime.date
    end: datetime.date
    requirements: tuple[RequirementAt, ...]
    # The widest of the first-period entries in force (the only one, unless they are bands of the issue date).
    first_cycle: FirstCycleRule | None
    carry_forward: CarryForward | None
    exemption: Exemption | None
    record_retention: RecordRetention | None
    # The eligibility entry a report cites among the rules it used: the one in force at the period's
    # end, whatever date each course is judged by.
    eligibility_cited: Eligibility | None
    status_hours: StatusHours | None = None
    # The board's rule accepting make-up hours for this period once it has ended (chosen by its end).
    make_up: MakeUp | None = None
    # The choice of requirement sets in force for the period (None when there is none, and always in
    # the rules of an alternative itself, which never offers a further choice).
    alternatives: Alternatives | None = None
    # The date whose rules an alternative resolves the period under (None: the period's own rules).
    rules_on: datetime.date | None = None
    # Every first-period entry in force, widest band first (see ``first_cycle_bands``).
    first_cycle_bands: tuple[FirstCycleRule, ...] = ()
    # What the board asks beside the hours, in force at the period's end (None when repealed or absent).
    board_note: BoardNote | None = None

    @property
    def chosen_on(self) -> datetime.date:
        """The date that selects the rule set's period-wide entries (its start or end)."""
        if self.rules_on is not None:
            return self.rules_on
        return self.start if self.ruleset.select_by is SelectBy.CYCLE_START else self.end

    def _course_date(self, completed: datetime.date) -> tuple[datetime.date, bool]:
        """The date that picks a course's eligibility and conversion, and whether the first entry
        stands in for a course older than every entry.

        Chosen by the course's date, a course older than the first entry is judged by that entry, the
        oldest rule known: otherwise it would escape every check, a phase-in date included. Chosen by
        the period, a period before the first entry is outside what the rule set covers.
        """
        by = self.ruleset.eligibility_select_by
        if by is SelectBy.ACTIVITY:
            return completed, True
        if self.rules_on is not None:
            return self.rules_on, False
        return (self.start if by is SelectBy.CYCLE_START else self.end), False

    def eligibility_for_course(self, completed: datetime.date) -> Eligibility | None:
        """The eligibility entry that judges a course completed on ``completed`` in this period."""
        on, fallback = self._course_date(completed)
        entries = self.ruleset.eligibility
        return in_force(entries, on) or (entries[0] if entries and fallback else None)

    def conversion_for_course(self, format: Format, completed: datetime.date) -> Conversion | None:
        """The conversion entry for a course of ``format`` completed on ``completed`` in this period."""
        on, fallback = self._course_date(completed)
        entries = self.ruleset.conversions_for(format)
        return in_force(entries, on) or (entries[0] if entries and fallback else None)


def _check_first_cycle_ids(entries: Sequence[FirstCycleRule], requirements: Sequence[Requirement]) -> None:
    """Every requirement a first period owes (treatment "only") is one of the rule set's."""
    known = [requirement.id for requirement in requirements]
    for index, entry in enumerate(entries):
        for position, rid in enumerate(entry.requirements):
            if rid not in known:
                raise ModelError(
                    f"first_cycle[{index}].requirements[{position}]",
                    f"no requirement {rid!r} in this rule set{close_match(rid, known)}",
                )


@attrs.frozen(kw_only=True)
class StatusHours(Cited):
    """The total owed by credentials of these statuses instead of the total requirement's hours.

    A status that owes nothing is an exemption (``[[exemptions]]``); this is for one that owes less:
    NBCC's reduced practice status owes 10 hours of the 100.
    """

    statuses: tuple[CredentialStatus, ...] = attrs.field(validator=v.members_of(CredentialStatus))
    hours: Decimal = attrs.field(validator=v.quantity)

    def __attrs_post_init__(self) -> None:
        if not self.statuses:
            raise ModelError("statuses", "needs at least one status")


@attrs.frozen(kw_only=True)
class Model:
    """One whole set of requirements a period may be met under (an alternative of :class:`Alternatives`).

    ``rules_on`` None means the period's own rules (the versions its start or end selects); a date means
    the rules in force on that date, every entry chosen by it, as a former model the board still accepts.
    """

    id: str = attrs.field(validator=v.identifier)
    title: str = attrs.field(validator=v.text(required=True))
    rules_on: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))


@attrs.frozen(kw_only=True)
class Alternatives(Cited):
    """A choice between whole requirement sets: the period is met when any one model is met on its own.

    California psychologists with 2023 expirations renew under either the former CE model or the new
    CPD model, "A combination of both models is NOT permitted": each model is evaluated with every
    activity and no hour is shared between them. An entry with no ``models`` ends the choice.
    """

    models: tuple[Model, ...] = attrs.field(default=(), validator=v.records)

    def __attrs_post_init__(self) -> None:
        if len(self.models) == 1:
            raise ModelError("models", "a choice needs at least two models (or none, to end the choice)")
        ids = [model.id for model in self.models]
        for index, model in enumerate(self.models):
            if model.id in ids[:index]:
                raise ModelError(f"models[{index}].id", f"duplicate model id {model.id!r}")
            if model.rules_on in [earlier.rules_on for earlier in self.models[:index]]:
                said = model.rules_on or "the period's own rules (no `rules_on`)"
                raise ModelError(f"models[{index}].rules_on", f"two models use the same rules: {said}")
