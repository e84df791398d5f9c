"""Periods that end on the birthday itself (a birth-month cycle with ``ends_on_birthday``): Wyoming's mental
health licences "expire on the licensee's date of birth"; the plain birth-month cycle ends at the month's end."""

from __future__ import annotations

import pytest

from licensetrack.core.errors import RuleSetError
from tests.rulekit import CITE, check, ruleset, total

BIRTHDAY = f"""
[[cycle]]
effective = 2000-01-01
kind = "birth-month"
months = 24
ends_on_birthday = true
{CITE}
"""


def test_the_period_ends_on_the_birthday_and_the_next_starts_the_day_after() -> None:
    rules = ruleset(total(45), cycle=BIRTHDAY)
    report = check(rules, [], "2025-06-01", issued="2015-03-01", birth_date="1980-06-15")
    assert (str(report.cycle_start), str(report.cycle_end)) == ("2023-06-16", "2025-06-15")
    later = check(rules, [], "2025-06-16", issued="2015-03-01", birth_date="1980-06-15")
    assert str(later.cycle_start) == "2025-06-16"
    assert str(later.cycle_end) == "2027-06-15"
    month_end = ruleset(total(45), cycle=BIRTHDAY.replace("ends_on_birthday = true\n", ""))
    assert (
        str(check(month_end, [], "2025-06-01", issued="2015-03-01", birth_date="1980-06-15").cycle_end) == "2025-06-30"
    )


def test_a_first_period_ends_on_the_first_birthday_far_enough_from_issue() -> None:
    rules = ruleset(total(45), cycle=BIRTHDAY.replace("months = 24", "months = 24\nfirst_end_min_months = 12"))
    report = check(rules, [], "2025-01-01", issued="2024-09-01", birth_date="1980-06-15")
    assert (str(report.cycle_start), str(report.cycle_end)) == ("2024-09-01", "2026-06-15")


def test_only_a_birth_month_cycle_ends_on_the_birthday() -> None:
    anniversary = BIRTHDAY.replace('kind = "birth-month"', 'kind = "anniversary"')
    with pytest.raises(RuleSetError, match='ends_on_birthday: belongs to a cycle of kind "birth-month"'):
        ruleset(total(45), cycle=anniversary)
