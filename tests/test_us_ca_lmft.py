"""us-ca-lmft end to end, on both sides of its 2023-07-01 change."""

from __future__ import annotations

import pytest

from licensetrack.core.report import Status
from licensetrack.core.rules import RuleSet
from licensetrack.plugins.registry import load_registry
from tests.rulekit import act, by_id, check


@pytest.fixture(scope="module")
def lmft() -> RuleSet:
    return load_registry().rulesets["us-ca-lmft"]


LAW_ETHICS = ("law", "ethics")


def test_first_renewal_before_july_2023_owes_18_hours(lmft: RuleSet) -> None:
    # Issued 2021-05-20: first expiration 2023-05-31, on or before 2023-07-01 -> 18 hours.
    activities = [
        act("Law and ethics", "2022-03-01", 6, topics=LAW_ETHICS, approvals=("camft",)),
        act("Clinical", "2022-09-01", 12, approvals=("nbcc",)),
    ]
    report = check(lmft, activities, "2023-05-01", issued="2021-05-20")
    assert (report.cycle_start.isoformat(), report.cycle_end.isoformat(), report.cycle_index) == (
        "2021-05-20",
        "2023-05-31",
        0,
    )
    assert by_id(report) == {"total": ("18", "18", "0", True), "law-ethics": ("6", "6", "0", True)}
    assert report.status is Status.COMPLIANT


def test_first_renewal_after_july_2023_owes_36_hours(lmft: RuleSet) -> None:
    # Issued 2021-08-10: first expiration 2023-08-31, after 2023-07-01 -> 36 hours, and telehealth.
    activities = [
        act("Law and ethics", "2022-03-01", 6, topics=LAW_ETHICS, approvals=("camft",)),
        act("Clinical", "2022-09-01", 12, approvals=("nbcc",)),
    ]
    report = check(lmft, activities, "2023-08-01", issued="2021-08-10")
    assert report.cycle_end.isoformat() == "2023-08-31"
    assert by_id(report) == {
        "total": ("36", "18", "18", False),
        "law-ethics": ("6", "6", "0", True),
        "telehealth": ("3", "0", "3", False),
    }
    assert report.missing_hours == 18
    assert report.rule_version.isoformat() == "2023-07-02"


def test_suicide_prevention_is_due_for_those_licensed_before_2021(lmft: RuleSet) -> None:
    old_course = act("Suicide risk", "2019-04-01", 6, topics=("suicide-prevention",), approvals=("camft",))
    renewals = [
        act("Clinical", "2020-06-01", 30, approvals=("apa",)),
        act("L&E", "2020-07-01", 6, topics=LAW_ETHICS, approvals=("camft",)),
    ]
    without = check(lmft, renewals, "2021-01-15", issued="2014-01-09", expires="2022-01-31")
    assert by_id(without)["suicide-prevention"] == ("6", "0", "6", False)
    assert without.status is Status.DEFICIENT
    with_course = check(lmft, [*renewals, old_course], "2021-01-15", issued="2014-01-09", expires="2022-01-31")
    assert by_id(with_course)["suicide-prevention"] == ("6", "6", "0", True)
    assert with_course.status is Status.COMPLIANT
    assert "suicide-prevention" not in by_id(check(lmft, [], "2023-05-01", issued="2021-05-20"))


def test_telehealth_not_owed_for_a_period_ending_before_july_2023(lmft: RuleSet) -> None:
    before = check(lmft, [], "2023-01-01", issued="2014-01-09", expires="2023-06-30")
    after = check(lmft, [], "2023-08-01", issued="2014-01-09", expires="2024-06-30")
    assert "telehealth" not in by_id(before)
    assert by_id(after)["telehealth"] == ("3", "0", "3", False)


def test_providers_outside_the_accepted_bodies_do_not_count(lmft: RuleSet) -> None:
    report = check(
        lmft,
        [
            act("NAADAC course", "2024-05-01", 6, approvals=("naadac",)),
            act("Book", "2024-06-01", 3, format="independent-study"),
        ],
        "2025-01-01",
        issued="2014-01-09",
        expires="2026-01-31",
    )
    assert report.counted_hours == 0
    assert all(a.reasons[0].startswith("provider approval not accepted") for a in report.activities)


def test_inactive_licence_owes_nothing(lmft: RuleSet) -> None:
    report = check(lmft, [], "2025-01-01", issued="2014-01-09", expires="2026-01-31", status="inactive")
    assert report.status is Status.EXEMPT
    assert report.notes[0].startswith("exempt: inactive credentials owe no CE (16 CCR § 1887.2(a))")


def test_unverified_facts_are_reported(lmft: RuleSet) -> None:
    report = check(lmft, [], "2025-01-01", issued="2014-01-09", expires="2026-01-31")
    assert any(line.startswith("Cal. Bus. & Prof. Code § 4984(a)") for line in report.unverified)
