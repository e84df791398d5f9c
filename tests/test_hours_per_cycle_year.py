"""Issue #17: topic hours per year of the licence cycle (`hours_per_cycle_year`). Michigan, Mich Admin Code
R 338.7004(2): "a minimum of 1 hour of implicit bias training for each year of the applicant's license or
registration cycle"."""

from __future__ import annotations

import datetime

import pytest

from licensetrack.core.errors import RuleSetError
from licensetrack.core.report import CredentialReport, RequirementResult
from licensetrack.formats.views import holder_for, ruleset_json, ruleset_text
from tests.rulekit import CITE, act, check, requirement, ruleset, total

BIAS = requirement(
    "implicit-bias",
    "topic",
    "Implicit bias",
    'effective = 2000-01-01\nhours_per_cycle_year = 1\ntopics = ["implicit-bias"]',
)


def _cycle(months: int) -> str:
    return f"""
[[cycle]]
effective = 2000-01-01
kind = "fixed"
start = "01-01"
anchor_year = 2024
months = {months}
{CITE}
"""


def _bias(report: CredentialReport) -> RequirementResult:
    return next(r for r in report.requirements if r.id == "implicit-bias")


@pytest.mark.parametrize(("months", "hours"), [(24, 2), (36, 3), (12, 1)])
def test_the_hours_follow_the_cycle_length(months: int, hours: int) -> None:
    rules = ruleset(total(30), BIAS, cycle=_cycle(months))
    report = check(rules, [act("Bias", "2024-03-01", 1, topics=("implicit-bias",))], "2024-06-01")
    assert _bias(report).required == hours
    assert _bias(report).missing == hours - 1


def test_a_short_first_period_owes_the_full_cycles_hours() -> None:
    """ "for each year of the applicant's license or registration cycle": the cycle, not the period."""
    rules = ruleset(total(30), BIAS, cycle=_cycle(36))
    report = check(rules, [], "2026-06-01", issued="2025-11-01")
    assert report.cycle_index == 0
    assert _bias(report).required == 3


def test_rules_show_gives_the_rate_and_the_hours() -> None:
    rules = ruleset(total(30), BIAS, cycle=_cycle(36))
    day = datetime.date(2025, 6, 1)
    data = ruleset_json(rules, day, holder_for(rules, day))
    (row,) = [r for r in data["requirements"] if r["id"] == "implicit-bias"]
    assert (row["hours"], row["hours_per_cycle_year"]) == ("3", "1")
    assert "1 h for each year of the 3-year cycle" in ruleset_text(data).replace("\n    ", " ")


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (requirement("b", "topic", "B", 'effective = 2000-01-01\nhours = 2\nhours_per_cycle_year = 1\ntopics = ["implicit-bias"]'), ".hours_per_cycle_year: give only one of `hours` or `hours_per_cycle_year`"),
        (requirement("c", "cap", "C", 'effective = 2000-01-01\nmax_hours = 2\nhours_per_cycle_year = 1\nformats = ["live"]'), ".hours_per_cycle_year: only a topic requirement"),
        (requirement("b", "topic", "B", 'effective = 2000-01-01\ntopics = ["implicit-bias"]'), "a topic requirement needs `hours` (or `hours_per_cycle_year`)"),
    ],
)  # fmt: skip
def test_mistakes_are_named_with_file_and_key(fragment: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        ruleset(total(30), fragment, cycle=_cycle(24))
    assert str(caught.value).startswith("test.toml: ")
    assert message in str(caught.value)
