"""A topic or course owed within months before the period ends (issue #23): AAMFT's Approved Supervisor must
take the refresher course "within two years prior to their 5-year renewal date"."""

from __future__ import annotations

import pytest

from licensetrack.core.errors import RuleSetError
from licensetrack.core.report import Status, hours
from tests.rulekit import act, by_id, check, requirement, ruleset, total

REFRESHER = requirement(
    "refresher",
    "topic",
    "Refresher within two years before renewal",
    'effective = 2000-01-01\nhours = 6\ntopics = ["supervision"]\nwithin_months_before_end = 24',
)
COURSE = requirement(
    "law",
    "course",
    "Jurisprudence course within six months before renewal",
    'effective = 2000-01-01\ntopics = ["law"]\nwithin_months_before_end = 6',
)


def test_a_course_before_the_window_counts_for_the_total_but_not_the_topic() -> None:
    rules = ruleset(total(10), REFRESHER)  # periods 2024-01-01 to 2025-12-31: the window opens 2024-01-01
    early = check(
        rules, [act("Refresher", "2024-01-01", 6, topics=("supervision",)), act("Other", "2025-03-01", 4)], "2025-06-01"
    )
    assert early.status is Status.COMPLIANT
    assert [r.detail for r in early.requirements if r.id == "refresher"] == [
        "only courses completed from 2024-01-01 count (the last 24 months of the period)"
    ]


def test_the_window_is_counted_back_from_the_period_end() -> None:
    rules = ruleset(total(10), REFRESHER.replace("within_months_before_end = 24", "within_months_before_end = 12"))
    early = check(
        rules, [act("Refresher", "2024-12-31", 6, topics=("supervision",)), act("Other", "2025-03-01", 4)], "2025-06-01"
    )
    assert early.status is Status.DEFICIENT
    assert by_id(early)["refresher"] == ("6", "0", "6", False)
    assert hours(early.counted_hours) == "10"  # the early refresher still counts toward the total
    in_time = check(
        rules, [act("Refresher", "2025-01-01", 6, topics=("supervision",)), act("Other", "2025-03-01", 4)], "2025-06-01"
    )
    assert in_time.status is Status.COMPLIANT


def test_a_required_course_too_early_is_not_completed() -> None:
    rules = ruleset(total(1), COURSE)
    early = check(rules, [act("Law", "2025-06-30", 1, topics=("law",))], "2025-12-01")
    row = next(r for r in early.requirements if r.id == "law")
    assert not row.met
    assert row.detail is not None
    assert "from 2025-07-01" in row.detail
    late = check(rules, [act("Law", "2025-07-01", 1, topics=("law",))], "2025-12-01")
    assert next(r for r in late.requirements if r.id == "law").met


def test_the_window_belongs_to_a_topic_or_course_of_each_period() -> None:
    with pytest.raises(RuleSetError, match="a window before the period's end belongs to a topic or a course"):
        ruleset(total(10), REFRESHER.replace('"topic"', '"cap"').replace("hours = 6", "max_hours = 6"))
