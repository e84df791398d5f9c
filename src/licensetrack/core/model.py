"""The domain model: practitioners, their degrees, credentials and CE activities.

Plain frozen values with validation and no I/O. Hours are :class:`~decimal.Decimal` and dates are
:class:`datetime.date`; loaders at the edge turn files into these, and the engine reads only these.
Validation errors are :class:`~licensetrack.core.errors.ModelError` naming the field, so a loader can
point at the exact place in a file.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from licensetrack.core import validation as v
from licensetrack.core.errors import ModelError, unknown_word
from licensetrack.core.vocabulary import ACCREDITATIONS, PROVIDER_TYPES


class Format(enum.StrEnum):
    """How an activity was delivered; boards cap and convert hours by format."""

    LIVE = "live"
    LIVE_ONLINE = "live-online"
    ON_DEMAND = "on-demand"
    INDEPENDENT_STUDY = "independent-study"
    ACADEMIC = "academic"
    CONFERENCE = "conference"
    EXAM = "exam"
    TEACHING = "teaching"
    PUBLICATION = "publication"
    # A course a board requires by completion, whose certificate states no hours (Texas's human-trafficking
    # course): its record may omit the size, and then gives no hours; it only meets `course` requirements.
    COURSE_COMPLETION = "course-completion"


class DegreeLevel(enum.StrEnum):
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class CredentialStatus(enum.StrEnum):
    """The board's status of a credential; inactive and retired credentials owe no CE at most boards."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    RETIRED = "retired"
    LAPSED = "lapsed"
    REDUCED_PRACTICE = "reduced-practice"  # NBCC: owes fewer hours (a rule set's [[status_hours]])


class AcademicUnit(enum.StrEnum):
    SEMESTER = "semester"
    QUARTER = "quarter"


@attrs.frozen(kw_only=True)
class Degree:
    """An academic degree; some boards' rules depend on when or at what level it was earned, and a
    certification or compact privilege on its level, field, accreditation and size (``[[degree]]``)."""

    level: DegreeLevel = attrs.field(validator=v.member_of(DegreeLevel))
    field: str | None = attrs.field(default=None, validator=v.text(required=False))
    institution: str | None = attrs.field(default=None, validator=v.text(required=False))
    conferred: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    # Who accredited the program (or the institution): ``vocabulary.ACCREDITATIONS`` words.
    accreditations: tuple[str, ...] = attrs.field(default=(), validator=v.closed_words("accreditation", ACCREDITATIONS))
    # The degree's size in graduate credit hours, in one unit or the other (a quarter hour is 2/3 of one).
    semester_hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    quarter_hours: Decimal | None = attrs.field(default=None, validator=v.quantity)

    def __attrs_post_init__(self) -> None:
        if self.semester_hours is not None and self.quarter_hours is not None:
            raise ModelError("quarter_hours", "give the degree's size once: semester_hours or quarter_hours")

    @property
    def size_in_semester_hours(self) -> Fraction | None:
        """The degree's credit hours as semester hours (quarter hours at 2/3), or None when not recorded."""
        if self.semester_hours is not None:
            return Fraction(self.semester_hours)
        if self.quarter_hours is not None:
            return Fraction(self.quarter_hours) * Fraction(2, 3)
        return None

    def describe(self) -> str:
        """``doctorate in Clinical Psychology (apa), conferred 2010-05-15``: how outputs name the degree."""
        words = [self.level.value]
        if self.field:
            words.append(f"in {self.field}")
        if self.accreditations:
            words.append(f"({', '.join(self.accreditations)})")
        if self.conferred is not None:
            words[-1] += ","
            words.append(f"conferred {self.conferred}")
        return " ".join(words)


def _role_dates(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, Mapping):
        raise ModelError(attribute.name, f"must be a table of role = date, got {value!r}")
    for role, day in value.items():
        v.check_identifier(f"{attribute.name}.{role}", role)
        if type(day) is not datetime.date:
            raise ModelError(f"{attribute.name}.{role}", f"must be a date (YYYY-MM-DD), got {day!r}")


def _practice_days(_instance: object, attribute: Any, value: Any) -> None:
    """Days of practice by place (``{ us-tx = [2026-03-02, ...] }``): each place a word, each day a date, once."""
    if not isinstance(value, Mapping):
        raise ModelError(attribute.name, f"must be a table of place = [dates], got {value!r}")
    for place, days in value.items():
        v.check_identifier(f"{attribute.name}.{place}", place)
        where = f"{attribute.name}.{place}"
        if not isinstance(days, tuple) or not all(type(day) is datetime.date for day in days):
            raise ModelError(where, f"must be a list of dates (YYYY-MM-DD), got {days!r}")
        seen: set[datetime.date] = set()
        for day in days:
            if day in seen:
                raise ModelError(where, f"lists {day} twice: a day of practice is counted once")
            seen.add(day)


@attrs.frozen(kw_only=True)
class Credential:
    """A licence or certification held by the practitioner, checked against one rule set.

    ``expires`` and ``period_start`` are the board's record of the current period; when given they
    win over a period computed from the rule set, because the board's record is what counts.
    """

    id: str = attrs.field(validator=v.identifier)
    ruleset: str = attrs.field(validator=v.identifier)
    issued: datetime.date = attrs.field(validator=v.date(required=True))
    number: str | None = attrs.field(default=None, validator=v.text(required=False))
    expires: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    period_start: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    roles: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    status: CredentialStatus = attrs.field(default=CredentialStatus.ACTIVE, validator=v.member_of(CredentialStatus))
    # When each role began (a qualified supervisor's designation), for rules counted from it; a role
    # with no date here is counted as the rules say for an unknown date.
    role_since: Mapping[str, datetime.date] = attrs.field(factory=dict, hash=False, validator=_role_dates)
    # The credential this one depends on (a compact privilege's home-state licence), by its id in the
    # profile: the rule set's ``[[home]]`` says what it must be, and the report whether it is valid.
    home: str | None = attrs.field(default=None, validator=attrs.validators.optional(v.identifier))
    # Days practised under the credential, by place (PSYPACT's Temporary Authorization to Practice: in-person
    # days in a distant state, limited per calendar year by the rule set's ``[[practice_limit]]``).
    practice_days: Mapping[str, tuple[datetime.date, ...]] = attrs.field(
        factory=dict, hash=False, validator=_practice_days
    )

    def __attrs_post_init__(self) -> None:
        for role in self.role_since:
            if role not in self.roles:
                raise ModelError(
                    f"role_since.{role}",
                    f"names a role the credential does not have (roles: {', '.join(self.roles) or 'none'})",
                )
        if self.expires is not None and self.expires < self.issued:
            raise ModelError("expires", f"must not be before issued ({self.issued}), got {self.expires}")
        if self.period_start is not None:
            if self.period_start < self.issued:
                raise ModelError("period_start", f"must not be before issued ({self.issued}), got {self.period_start}")
            if self.expires is not None and self.period_start > self.expires:
                raise ModelError("period_start", f"must not be after expires ({self.expires}), got {self.period_start}")


def _provider_type(_instance: object, attribute: Any, value: Any) -> None:
    """One of the closed list of provider kinds (``vocabulary.PROVIDER_TYPES``), which rules match on."""
    if value is None:
        return
    if not isinstance(value, str) or value not in PROVIDER_TYPES:
        word = value if isinstance(value, str) else repr(value)
        raise ModelError(attribute.name, unknown_word("provider type", word, PROVIDER_TYPES))


@attrs.frozen(kw_only=True)
class Activity:
    """One completed CE activity.

    Its size is given in exactly one way: contact ``hours``; academic ``units`` with their ``unit``;
    or conference ``days``. Rule sets convert units and days into hours, since boards differ. A record of
    format ``course-completion`` may give no size at all: a course with no hours, completed (it gives no
    hours and meets only ``course`` requirements).
    """

    title: str = attrs.field(validator=v.text(required=True))
    completed: datetime.date = attrs.field(validator=v.date(required=True))
    hours: Decimal | None = attrs.field(default=None, validator=v.quantity)
    units: Decimal | None = attrs.field(default=None, validator=v.quantity)
    unit: AcademicUnit | None = attrs.field(default=None, validator=v.member_of(AcademicUnit, optional=True))
    days: Decimal | None = attrs.field(default=None, validator=v.quantity)
    format: Format = attrs.field(default=Format.LIVE, validator=v.member_of(Format))
    topics: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    provider: str | None = attrs.field(default=None, validator=v.text(required=False))
    approvals: tuple[str, ...] = attrs.field(default=(), validator=v.identifiers)
    certificate: str | None = attrs.field(default=None, validator=v.text(required=False))
    provider_type: str | None = attrs.field(default=None, validator=_provider_type)
    # The end of the ended period these hours were taken for (hours that cure a past shortfall): the activity
    # counts in the period of each credential that contains this date, and not in the one containing its
    # completion date (see docs/profile-format.md). None: it counts in the period containing ``completed``.
    for_period_ending: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))

    def __attrs_post_init__(self) -> None:
        given = [name for name in ("hours", "units", "days") if getattr(self, name) is not None]
        if not given and self.format is not Format.COURSE_COMPLETION:
            raise ModelError("hours", "is required (or `units` with `unit`, or `days`)")
        if len(given) > 1:
            raise ModelError(given[1], f"give only one of hours, units or days, got {' and '.join(given)}")
        if (self.units is None) != (self.unit is None):
            missing = "unit" if self.unit is None else "units"
            raise ModelError(missing, "`units` and `unit` (semester or quarter) go together")

    @property
    def sizeless(self) -> bool:
        """A completion with no hours, units or days (format ``course-completion``): it gives no hours."""
        return self.hours is None and self.units is None and self.days is None


def _records(kind: type) -> v.Validator:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(item, kind) for item in value):
            raise ModelError(attribute.name, f"must be a tuple of {kind.__name__} records, got {value!r}")

    return check


def _unique_ids(_instance: object, attribute: Any, value: tuple[Credential, ...]) -> None:
    seen: set[str] = set()
    for index, credential in enumerate(value):
        if credential.id in seen:
            raise ModelError(f"{attribute.name}[{index}].id", f"duplicate credential id {credential.id!r}")
        seen.add(credential.id)
    _check_homes(attribute.name, value)


def _check_homes(name: str, credentials: tuple[Credential, ...]) -> None:
    """Each ``home`` names another credential of the profile, and following homes never comes back."""
    by_id = {credential.id: credential for credential in credentials}
    for index, credential in enumerate(credentials):
        if credential.home is None:
            continue
        where = f"{name}[{index}].home"
        if credential.home == credential.id:
            raise ModelError(where, "names the credential itself: a privilege's home is another credential")
        if credential.home not in by_id:
            known = ", ".join(sorted(by_id)) or "none"
            raise ModelError(
                where, f"names no credential of the profile: {credential.home!r} (the profile has: {known})"
            )
        seen = {credential.id}
        step: Credential | None = by_id[credential.home]
        while step is not None:
            if step.id in seen:
                raise ModelError(where, f"leads back to {step.id!r}: homes must not form a loop")
            seen.add(step.id)
            step = by_id.get(step.home) if step.home is not None else None


@attrs.frozen(kw_only=True)
class Practitioner:
    """A person with everything the engine needs about them: the whole profile."""

    id: str = attrs.field(validator=[v.text(required=True), v.trimmed])
    name: str | None = attrs.field(default=None, validator=v.text(required=False))
    birth_date: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))
    degrees: tuple[Degree, ...] = attrs.field(default=(), validator=_records(Degree))
    credentials: tuple[Credential, ...] = attrs.field(default=(), validator=[_records(Credential), _unique_ids])
    activities: tuple[Activity, ...] = attrs.field(default=(), validator=_records(Activity))
    # When graduate study began: California's BBS owed some one-time courses only of those who began
    # it before 2004-01-01.
    graduate_study_began: datetime.date | None = attrs.field(default=None, validator=v.date(required=False))

    def credential(self, credential_id: str) -> Credential:
        """The credential with this id; KeyError names the ids there are."""
        for credential in self.credentials:
            if credential.id == credential_id:
                return credential
        known = ", ".join(c.id for c in self.credentials) or "none"
        raise KeyError(f"no credential {credential_id!r} (the profile has: {known})")
