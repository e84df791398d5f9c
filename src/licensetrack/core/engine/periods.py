"""What depends on where a period stands among the credential's periods: a short period's flat total,
a requirement owed only in the n-th period after issue, and a first-period rule conditioned on the issue date.

Kept apart from :mod:`.select` (which calls these) so each construct reads in one place:

- ``short_period_hours`` (a total): North Carolina social work, 21 NCAC 63 .0401(a), "If a certification
  or licensure is for less than a full two-year period, then 30 contact hours ... shall be required".
  A period is short when its length in whole months is less than the cycle's ``months`` (one day short
  of two years is short; a period of two years and more is not).
- ``in_cycle`` (a topic or course): Illinois, 68 Ill. Adm. Code 1375.220(a)(3), "Upon the second renewal
  of a clinical professional counselor license, 9 of the required 30 CE hours shall be in clinical
  supervision training". The period of issue (ending at the first renewal) is the first, so the second
  renewal closes the second period: ``in_cycle = 2``.
- ``issued_within_months_of_end`` (a ``[[first_cycle]]`` rule): the treatment applies only to a credential
  issued within that many months of its first period's end; issued earlier, the first period is full.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from dateutil.relativedelta import relativedelta

from licensetrack.core.cycles import Period
from licensetrack.core.hours import Hours, from_decimal
from licensetrack.core.model import Credential
from licensetrack.core.rules import FirstCycleRule, RequirementVersion
from licensetrack.core.wording import count


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def whole_months(period: Period) -> int:
    """The period's length in whole months (a period from 1 July to 30 June two years on is 24)."""
    span = relativedelta(period.end + datetime.timedelta(days=1), period.start)
    return span.years * 12 + span.months


def is_short(period: Period, usual_months: int) -> bool:
    """Whether the period is shorter than the cycle's ``months`` (by even a day)."""
    return whole_months(period) < usual_months


def short_period_total(
    version: RequirementVersion, usual_months: int, period: Period, total: Hours | None, notes: list[str]
) -> Hours | None:
    """The flat total a period shorter than the cycle owes (noted), else the total unchanged."""
    if version.short_period_hours is None or not is_short(period, usual_months):
        return total
    notes.append(
        f"a period of {count(whole_months(period), 'month')}, less than a full {usual_months}: "
        f"{count(version.short_period_hours, 'hour')} instead of {version.hours} ({version.citation})"
    )
    return from_decimal(version.short_period_hours)


def not_in_cycle_reason(version: RequirementVersion, period: Period) -> str | None:
    """Why a requirement owed only in the n-th period after issue is not owed in this one, or None."""
    if version.in_cycle is None or period.index + 1 == version.in_cycle:
        return None
    renewal = ordinal(version.in_cycle)
    return f"owed only in the {renewal} period after issue (ending at the {renewal} renewal), not this one"


def first_rule_for(bands: Sequence[FirstCycleRule], period: Period, credential: Credential) -> FirstCycleRule | None:
    """The first-period rule that applies to this period and credential: None outside the first period, and
    None when every rule in force is conditioned on a late issue date the credential's does not meet. Of
    several bands of the issue date (``bands``, widest first), the narrowest the issue date falls in."""
    if period.index != 0:
        return None
    met = [first for first in bands if issued_late_enough(first, period, credential) and holds_role(first, credential)]
    return met[-1] if met else None


def holds_role(first: FirstCycleRule, credential: Credential) -> bool:
    """Whether the credential holds one of the rule's ``roles`` (always, without any)."""
    return not first.roles or bool(set(first.roles) & set(credential.roles))


def issued_late_enough(first: FirstCycleRule, period: Period, credential: Credential) -> bool:
    """Whether the credential meets the rule's ``issued_within_months_of_end`` (always, without one)."""
    if first.issued_within_months_of_end is None:
        return True
    return credential.issued >= late_from(first, period.end)


def late_from(first: FirstCycleRule, end: datetime.date) -> datetime.date:
    """The first issue date within ``issued_within_months_of_end`` months of a first period ending on ``end``:
    a biennium ending 2025-09-30 with 12 months gives 2024-10-01."""
    assert first.issued_within_months_of_end is not None
    return end + datetime.timedelta(days=1) - relativedelta(months=first.issued_within_months_of_end)


def first_rule_not_met(first: FirstCycleRule, period: Period, credential: Credential) -> str:
    """Why a conditioned first-period rule does not apply to this credential: it lacks the rule's roles, or
    was issued earlier than the rule's window (for notes)."""
    if not holds_role(first, credential):
        return (
            f"first period after licensure owes in full: {first.citation} excuses only credentials with the role "
            f"{' or '.join(first.roles)}"
        )
    return (
        f"first period after licensure owes in full: the credential was issued before {late_from(first, period.end)}, "
        f"more than {count(first.issued_within_months_of_end or 0, 'month')} before the period's end "
        f"({first.citation})"
    )
