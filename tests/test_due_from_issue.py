"""Due dates counted from licensure (`due_months_after_issue`, issue #15 gap 6): Florida's domestic-violence
course "within six (6) months of initial licensure" (R. 64B4-6.001(3))."""

from __future__ import annotations

import datetime
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from licensetrack.core.deadlines import deadlines
from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.report import Status
from tests.rulekit import CITE, act, check, records, requirement, ruleset, total

FIRST_EXEMPT = f"""
[[first_cycle]]
effective = 2000-01-01
treatment = "exempt"
{CITE}
"""
INITIAL = requirement(
    "dv-initial",
    "topic",
    "Domestic violence within six months",
    'effective = 2019-03-18\nhours = 2\ntopics = ["domestic-violence"]\nscope = "once"\ndue_months_after_issue = 6',
)
RULES = ruleset(FIRST_EXEMPT, total(30), INITIAL)
DV = ("domestic-violence",)


def test_due_six_months_after_issue_inside_an_exempt_first_period() -> None:
    report = check(RULES, [], "2025-04-01", issued="2024-09-15")
    need = next(r for r in report.requirements if r.id == "dv-initial")
    assert (report.status, report.required_hours, report.missing_hours) == (Status.DEFICIENT, 2, 2)
    assert (report.cycle_start, report.cycle_end) == (datetime.date(2024, 9, 15), datetime.date(2025, 12, 31))
    assert (need.due, need.met) == (datetime.date(2025, 3, 15), False)
    assert [r.id for r in report.requirements] == ["dv-initial"]  # the total is not owed in the first period
    assert report.notes == (
        "the first period after licensure owes no CE (Test Code § 1), except Domestic violence within six months",
    )


def test_courses_count_from_the_issue_date() -> None:
    on_issue = check(RULES, [act("DV", "2024-09-15", 2, topics=DV)], "2025-04-01", issued="2024-09-15")
    before = check(RULES, [act("DV", "2024-09-14", 2, topics=DV)], "2025-04-01", issued="2024-09-15")
    assert (on_issue.status, before.status) == (Status.COMPLIANT, Status.DEFICIENT)


def test_due_after_the_first_period_leaves_it_exempt_and_is_owed_in_the_next() -> None:
    inside = check(RULES, [], "2025-12-15", issued="2025-06-30")  # due 2025-12-30, the first period's
    assert inside.status is Status.DEFICIENT
    first = check(RULES, [], "2025-12-15", issued="2025-07-01")  # due 2026-01-01, the next period's
    assert first.status is Status.EXEMPT
    second = check(RULES, [act("DV", "2025-08-01", 2, topics=DV)], "2026-02-01", issued="2025-07-01")
    need = next(r for r in second.requirements if r.id == "dv-initial")
    assert (second.cycle_start, need.due, need.counted, need.met) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 1, 1),
        2,
        True,
    )


def test_licences_issued_before_the_rule_are_not_asked_for_it() -> None:
    report = check(RULES, [], "2020-06-01", issued="2019-03-17")
    assert "dv-initial" not in {r.id for r in report.requirements}
    owed = check(RULES, [], "2020-06-01", issued="2019-03-18")
    assert "dv-initial" in {r.id for r in owed.requirements}


def test_deadlines_give_the_date_six_months_after_issue() -> None:
    credential = Credential(id="test", ruleset=RULES.id, issued=datetime.date(2024, 9, 15))
    practitioner = Practitioner(id="p", credentials=(credential,))
    found = [
        d for d in deadlines(practitioner, {RULES.id: RULES}, datetime.date(2025, 1, 1)) if d.kind.value == "one-time"
    ]
    assert [(d.date, d.title, d.detail) for d in found] == [
        (datetime.date(2025, 3, 15), "Domestic violence within six months", "2 of 2 h still missing")
    ]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ('effective = 2000-01-01\nhours = 2\ntopics = ["domestic-violence"]\ndue_months_after_issue = 6', '.due_months_after_issue: a due date counted from licensure needs scope "once"'),
        ('effective = 2000-01-01\nhours = 2\ntopics = ["domestic-violence"]\nscope = "once"\ndue_months_after_issue = 6\ndue_first_renewal_after = 2001-01-01', "give only one of `due_months_after_issue` or `due_first_renewal_after`"),
        ('effective = 2000-01-01\nhours = 2\ntopics = ["domestic-violence"]\nscope = "once"\ndue_months_after_issue = 0', ".due_months_after_issue: must be a whole number from 1 to 120, got 0"),
    ],
)  # fmt: skip
def test_mistakes_are_named_with_file_and_key(version: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        ruleset(requirement("dv", "topic", "DV", version))
    assert str(caught.value).startswith("test.toml: ")
    assert message in str(caught.value)


RECORDS = records(datetime.date(2023, 1, 1), datetime.date(2027, 12, 31), [1, 2, 3], DV)


@settings(max_examples=60, deadline=None)
@given(
    RECORDS,
    st.randoms(use_true_random=False),
    st.dates(datetime.date(2023, 1, 1), datetime.date(2026, 12, 31)),
    st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)),
)
def test_order_invariant_and_monotone(
    records: list[Activity], rnd: random.Random, issued: datetime.date, as_of: datetime.date
) -> None:
    """Shuffling never changes the result; one more course never adds missing hours or undoes a met requirement."""
    assume(issued <= as_of)
    base = check(RULES, records, as_of.isoformat(), issued=issued.isoformat())
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert check(RULES, shuffled, as_of.isoformat(), issued=issued.isoformat()) == base
    more = check(
        RULES, [*records, act("DV", issued.isoformat(), 2, topics=DV)], as_of.isoformat(), issued=issued.isoformat()
    )
    met = {r.id: r.met for r in base.requirements}
    assert all(r.met or not met.get(r.id, False) for r in more.requirements)
    assert more.missing_hours <= base.missing_hours
