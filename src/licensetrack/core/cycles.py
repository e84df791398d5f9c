"""Renewal periods: which period contains a date, and its index since the credential was issued.

Every kind of cycle reduces to one idea: a sequence of period ends spaced ``months`` apart (kept on
month ends when the first end is one), the first period starting on the issue date and each later
one the day after the previous end. The kinds differ only in how the first end is found, and the
board's record in the profile (``expires`` or ``period_start``), when present, fixes the sequence.
"""

from __future__ import annotations

import calendar
import datetime
import functools

import attrs
from dateutil.relativedelta import relativedelta

from licensetrack.core.errors import LicensetrackError
from licensetrack.core.kinds import CORE_KINDS, Kinds, call_kind
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.rules import CORE_CYCLE_KINDS, CycleKind, CycleRule


class CycleError(LicensetrackError):
    """The period cannot be worked out from the profile (for example a board-record cycle without one).

    ``field`` names the missing field (``expires`` of the credential, ``birth_date`` of the
    practitioner) when one is, so a bulk audit can point at the cell at fault.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@attrs.frozen
class Period:
    """One renewal period: both ends inclusive; ``index`` 0 is the first period after issue."""

    start: datetime.date
    end: datetime.date
    index: int


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@functools.lru_cache(maxsize=16384)
def _step(end: datetime.date, months: int, keep_month_end: bool) -> datetime.date:
    """``end`` moved by ``months``. Cached: finding a period steps through the same ends repeatedly."""
    moved = end + relativedelta(months=months)
    return month_end(moved) if keep_month_end else moved


@attrs.frozen
class Schedule:
    """The sequence of period ends of one credential under one cycle rule."""

    issued: datetime.date
    first_end: datetime.date
    months: int
    keep_month_end: bool

    def end_of(self, index: int) -> datetime.date:
        return _step(self.first_end, index * self.months, self.keep_month_end)

    def period(self, index: int) -> Period:
        start = self.issued if index == 0 else self.end_of(index - 1) + datetime.timedelta(days=1)
        return Period(start, self.end_of(index), index)

    def containing(self, day: datetime.date) -> Period:
        """The period containing ``day``; a day before issue belongs to the first period."""
        if day <= self.first_end:
            return self.period(0)
        months = (day.year - self.first_end.year) * 12 + day.month - self.first_end.month
        index = max(0, months // self.months - 1)
        while self.end_of(index) < day:
            index += 1
        while index > 0 and self.end_of(index - 1) >= day:
            index -= 1
        return self.period(index)


@attrs.frozen
class RecordedSchedule:
    """Periods around one the board recorded with its own start and end.

    A board may set a period that is not ``months`` long (New York prorates the first renewal to move
    a licensee to a birth-month cycle). When the profile gives both ``period_start`` and ``expires``,
    that period is taken as recorded; earlier periods end the day before it starts, later ones
    follow its end every ``months`` months.
    """

    before: Schedule | None
    start: datetime.date
    end: datetime.date
    index: int
    months: int
    keep_month_end: bool

    def period(self, index: int) -> Period:
        if index == self.index:
            return Period(self.start, self.end, index)
        if index > self.index:
            steps = index - self.index
            previous_end = _step(self.end, (steps - 1) * self.months, self.keep_month_end)
            return Period(
                previous_end + datetime.timedelta(days=1),
                _step(self.end, steps * self.months, self.keep_month_end),
                index,
            )
        assert self.before is not None
        return self.before.period(index)

    def containing(self, day: datetime.date) -> Period:
        if day < self.start and self.before is not None:
            return self.before.containing(day)
        if day <= self.end:
            return self.period(self.index)
        steps = 1
        while _step(self.end, steps * self.months, self.keep_month_end) < day:
            steps += 1
        return self.period(self.index + steps)


AnySchedule = Schedule | RecordedSchedule


def schedule(
    rule: CycleRule, credential: Credential, practitioner: Practitioner, kinds: Kinds = CORE_KINDS
) -> AnySchedule:
    """The credential's schedule: from the board's record when the profile has one, else from the rule.

    A plugin cycle kind is found in ``kinds`` (a registry's); one missing there is an error naming it.
    """
    if rule.ce_period is not None:
        return ce_schedule(rule, credential, practitioner, kinds)
    return _licence_schedule(rule, credential, practitioner, kinds)


def _licence_schedule(
    rule: CycleRule, credential: Credential, practitioner: Practitioner, kinds: Kinds = CORE_KINDS
) -> AnySchedule:
    issued = credential.issued
    if credential.expires is not None and credential.period_start is not None:
        return _recorded(rule, credential)
    record_end = _record_end(rule, credential)
    if record_end is not None:
        return _back_from(rule, issued, record_end)
    if rule.kind == CycleKind.RECORD:
        raise CycleError(
            f"credential {credential.id!r}: rule set's periods come from the board's record; "
            "add `expires` (or `period_start`) to the credential",
            field="expires",
        )
    first_end, keep_month_end = _first_end(rule, credential, practitioner, kinds)
    return Schedule(issued, first_end, rule.months, keep_month_end)


def _first_end(
    rule: CycleRule, credential: Credential, practitioner: Practitioner, kinds: Kinds
) -> tuple[datetime.date, bool]:
    """Where the first period ends under the rule's kind, and whether later ends keep to month ends."""
    issued = credential.issued
    plugin = kinds.cycles.get(rule.kind) if rule.kind not in CORE_CYCLE_KINDS else None
    if plugin is not None:
        first_end = call_kind(
            f"credential {credential.id!r}: cycle kind {rule.kind!r}",
            functools.partial(plugin.first_end, rule, credential, practitioner),
        )
        return first_end, first_end == month_end(first_end)
    if rule.kind == CycleKind.FIXED:
        first_end = _fixed_first_end(rule, issued)
        return first_end, first_end == month_end(first_end)
    if rule.kind == CycleKind.ANNIVERSARY:
        if rule.month_end:
            return month_end(issued + relativedelta(months=rule.months)), True
        return issued + relativedelta(months=rule.months) - datetime.timedelta(days=1), False
    if rule.kind != CycleKind.BIRTH_MONTH:
        raise CycleError(f"credential {credential.id!r}: cycle kind {rule.kind!r} is not installed")
    birth = practitioner.birth_date
    if birth is None:
        raise CycleError(
            f"credential {credential.id!r}: this board's periods end in the birth month; "
            "add `birth_date` to [practitioner]",
            field="birth_date",
        )
    earliest = issued + relativedelta(months=rule.first_end_min_months)
    if rule.ends_on_birthday:
        # The birthday in the year of ``earliest`` or the next (a 29 February birthday falls on the 28th in a
        # year without one, as relativedelta counts it).
        candidate = birth + relativedelta(years=earliest.year - birth.year)
        if candidate < earliest:
            candidate = birth + relativedelta(years=earliest.year + 1 - birth.year)
        return candidate, False
    candidate = month_end(datetime.date(earliest.year, birth.month, 1))
    if candidate < earliest:
        candidate = month_end(datetime.date(earliest.year + 1, birth.month, 1))
    return candidate, True


def _fixed_first_end(rule: CycleRule, issued: datetime.date) -> datetime.date:
    """The end of the fixed calendar period (every ``months`` from ``anchor_year``) holding the issue date."""
    assert rule.start is not None
    assert rule.anchor_year is not None
    month, day = (int(part) for part in rule.start.split("-"))
    years = rule.months // 12
    year = issued.year - ((issued.year - rule.anchor_year) % years)
    start = datetime.date(year, month, day)
    if start > issued:
        start = start.replace(year=year - years)
    return start + relativedelta(months=rule.months) - datetime.timedelta(days=1)


def _back_from(rule: CycleRule, issued: datetime.date, record_end: datetime.date) -> Schedule:
    """The regular schedule whose periods include one ending on ``record_end``."""
    keep = record_end == month_end(record_end)
    earliest = issued + relativedelta(months=_first_period_min_months(rule))
    first_end = record_end
    while True:
        earlier = _step(first_end, -rule.months, keep)
        if earlier < earliest or earlier < issued:
            break
        first_end = earlier
    return Schedule(issued, first_end, rule.months, keep)


def _recorded(rule: CycleRule, credential: Credential) -> RecordedSchedule:
    assert credential.expires is not None
    assert credential.period_start is not None
    start, end = credential.period_start, credential.expires
    keep = end == month_end(end)
    if start <= credential.issued:
        return RecordedSchedule(None, credential.issued, end, 0, rule.months, keep)
    before = _back_from(rule, credential.issued, start - datetime.timedelta(days=1))
    index = before.containing(start - datetime.timedelta(days=1)).index + 1
    return RecordedSchedule(before, start, end, index, rule.months, keep)


def _first_period_min_months(rule: CycleRule) -> int:
    """How short the first period may be when only the board's record of a later one is known.

    An anniversary cycle's first period is a full one (give or take the month-end rounding); other
    kinds say so with ``first_end_min_months`` (0: a fixed biennium may end weeks after issue).
    """
    if rule.kind == CycleKind.ANNIVERSARY:
        return rule.months - 1
    return rule.first_end_min_months


def _record_end(rule: CycleRule, credential: Credential) -> datetime.date | None:
    if credential.expires is not None:
        return credential.expires
    if credential.period_start is not None:
        return credential.period_start + relativedelta(months=rule.months) - datetime.timedelta(days=1)
    return None


def ce_schedule(
    rule: CycleRule, credential: Credential, practitioner: Practitioner, kinds: Kinds = CORE_KINDS
) -> Schedule:
    """CE periods of calendar years before each renewal year (``ce_period = "calendar-years-before-renewal"``).

    The licence term is worked out as for any cycle (its kind and ``months``; the profile's
    ``expires`` is the licence's expiration date, a renewal date). Each renewal in year Y owes CE over
    the ``months / 12`` calendar years ending on 31 December of Y - 1: Tennessee's psychologists
    acquire CE "in the two (2) calendar years (January 1 - December 31) prior to the licensure renewal
    year" (1180-01-.08(1)(a)). The first CE period runs from the issue date to the end of the calendar
    year before the first renewal year (or, when that ends before issue, to the next such end).
    """
    licence = _licence_schedule(rule, credential, practitioner, kinds)
    first_renewal = licence.period(0).end
    first_end = datetime.date(first_renewal.year - 1, 12, 31)
    while first_end < credential.issued:
        first_end = _step(first_end, rule.months, True)
    return Schedule(credential.issued, first_end, rule.months, True)


def renewal_after(
    rule: CycleRule, credential: Credential, practitioner: Practitioner, period: Period, kinds: Kinds = CORE_KINDS
) -> datetime.date | None:
    """The licence's renewal date whose CE period is ``period`` (its year follows the period's end), if known."""
    if rule.ce_period is None:
        return None
    licence = _licence_schedule(rule, credential, practitioner, kinds)
    renewal = licence.containing(period.end + datetime.timedelta(days=1)).end
    return renewal if renewal.year == period.end.year + 1 else None
