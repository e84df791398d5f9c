"""Credit at a reduced rate by who approved it (issue #23): AASECT counts "non-AASECT CE credits" at "half value,
with two (2) non-AASECT CE credits equalling one (1) AASECT CE credit. Up to a maximum of five (5)"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.core.errors import RuleSetError
from licensetrack.core.report import Status, hours
from tests.rulekit import CITE, act, check, requirement, ruleset, total

ELIGIBILITY = f"""
[[eligibility]]
effective = 2000-01-01
approvals = ["apa"]
others_rate = "1/2"
{CITE}
"""
OTHERS_CAP = requirement(
    "others", "cap", "Non-AASECT credits", 'effective = 2000-01-01\nwithout_approvals = ["apa"]\nmax_hours = 5'
)


def _rules():  # type: ignore[no-untyped-def]
    return ruleset(total(20), OTHERS_CAP, ELIGIBILITY)


def test_other_bodies_courses_count_at_half_value_up_to_the_cap() -> None:
    rules = _rules()
    approved = act("AASECT course", "2024-05-01", 15, approvals=("apa",))
    six = check(rules, [approved, act("Other", "2024-06-01", 6, approvals=("nbcc",))], "2025-06-01")
    assert (hours(six.counted_hours), hours(six.missing_hours), six.status) == ("18", "2", Status.DEFICIENT)
    other = next(a for a in six.activities if a.title == "Other")
    assert (other.hours, other.counted, other.excluded) == (Decimal(6), Decimal(3), Decimal(3))
    assert other.reasons == (
        "3 h not counted: a course not approved by apa counts at 1/2 of its hours (Test Code § 1)",
    )
    ten = check(rules, [approved, act("Other", "2024-06-01", 10)], "2025-06-01")
    assert ten.status is Status.COMPLIANT
    fourteen = check(rules, [approved, act("Other", "2024-06-01", 14)], "2025-06-01")
    assert hours(fourteen.counted_hours) == "20"  # 7 at half value, held to the cap of 5


def test_a_rate_needs_the_bodies_it_is_the_rate_against() -> None:
    with pytest.raises(
        RuleSetError, match="others_rate: a rate for courses of other approval bodies needs `approvals`"
    ):
        ruleset(total(20), ELIGIBILITY.replace('approvals = ["apa"]\n', ""))
    with pytest.raises(RuleSetError, match="others_rate: must be greater than 0 and at most 1"):
        ruleset(total(20), ELIGIBILITY.replace('"1/2"', '"3/2"'))


@given(st.integers(0, 30), st.integers(0, 30), st.integers(1, 10))
def test_more_hours_from_any_body_never_count_less(approved: int, others: int, more: int) -> None:
    rules = _rules()

    def counted(a: int, o: int) -> Decimal:
        activities = []
        if a:
            activities.append(act("A", "2024-05-01", a, approvals=("apa",)))
        if o:
            activities.append(act("O", "2024-06-01", o))
        return check(rules, activities, "2025-06-01").counted_hours

    base = counted(approved, others)
    assert counted(approved + more, others) >= base
    assert counted(approved, others + more) >= base
    assert base == Decimal(approved) + min(Decimal(5), Decimal(others) / 2)
