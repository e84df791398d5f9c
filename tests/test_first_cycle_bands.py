"""Issue #17: first-period treatments by issue-date band (several `[[first_cycle]]` entries of one date, told
apart by `issued_within_months_of_end`). Ohio's Board of Psychology, its proration table for the biennium
2014-09-01 to 2016-08-31 (citing OAC 4732-2-01(C)(9)): licensed "BEFORE 10/1/14: REQUIRES 23 HOURS";
"BETWEEN 10/1/14 AND 9/30/15: REQUIRES 13 HOURS"; "BETWEEN 10/1/15 AND 12/31/15: NO MCE REQUIRED BUT MUST
RENEW IN 2016"; "AFTER 1/1/16 BUT BEFORE 10/1/16: NO MCE OR RENEWAL REQUIRED"."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.errors import RuleSetError
from licensetrack.core.report import Status
from licensetrack.formats.views import holder_for, ruleset_json, ruleset_text
from tests.rulekit import CITE, check, ruleset, total

OH_CYCLE = f"""
[[cycle]]
effective = 2000-01-01
kind = "fixed"
start = "09-01"
anchor_year = 2014
months = 24
{CITE}
[[first_cycle]]
effective = 2000-01-01
treatment = "hours"
hours = 13
issued_within_months_of_end = 23
{CITE}
[[first_cycle]]
effective = 2000-01-01
treatment = "exempt"
issued_within_months_of_end = 11
{CITE}
"""
OH = ruleset(total(23), cycle=OH_CYCLE)


@pytest.mark.parametrize(
    ("issued", "status", "required"),
    [
        ("2014-09-30", Status.DEFICIENT, 23),
        ("2014-10-01", Status.DEFICIENT, 13),
        ("2015-09-30", Status.DEFICIENT, 13),
        ("2015-10-01", Status.EXEMPT, 23),
        ("2016-03-01", Status.EXEMPT, 23),
    ],
)
def test_the_band_of_the_issue_date_decides(issued: str, status: Status, required: int) -> None:
    report = check(OH, [], "2016-08-01", issued=issued)
    assert (report.cycle_end, report.cycle_index) == (datetime.date(2016, 8, 31), 0)
    assert (report.status, report.required_hours) == (status, required)


def test_check_names_the_band_that_applies() -> None:
    early = check(OH, [], "2016-08-01", issued="2014-09-30")
    assert early.notes == (
        "first period after licensure owes in full: the credential was issued before 2014-10-01, more than 23 "
        "months before the period's end (Test Code § 1)",
    )
    middle = check(OH, [], "2016-08-01", issued="2015-01-15")
    assert middle.notes == ("first period after licensure: 13 hours (Test Code § 1)",)


def test_the_second_period_owes_in_full() -> None:
    assert check(OH, [], "2018-08-01", issued="2016-03-01").required_hours == 23


def test_rules_show_lists_every_band() -> None:
    day = datetime.date(2016, 8, 1)
    data = ruleset_json(OH, day, holder_for(OH, day, issued=datetime.date(2015, 1, 15)))
    assert data["first_cycle"]["hours"] == "13"
    assert [band["issued_within_months_of_end"] for band in data["first_cycle_bands"]] == [23, 11]
    text = ruleset_text(data).replace("\n    ", " ")
    assert "only for a credential issued within the last 23 months of the first period (on or after 2014-10-01)" in text
    assert "other bands" in text


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (f'\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "exempt"\n{CITE}\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "exempt"\n{CITE}\n', "first_cycle[1].effective: entries of the same date are bands told apart by `issued_within_months_of_end`"),
        (f'\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "exempt"\nissued_within_months_of_end = 6\n{CITE}\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "hours"\nhours = 3\nissued_within_months_of_end = 6\n{CITE}\n', "first_cycle[1].issued_within_months_of_end: two bands of the same date with 6 months"),
        (f'\n[[first_cycle]]\neffective = 2001-01-01\ntreatment = "exempt"\n{CITE}\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "exempt"\n{CITE}\n', "in increasing order"),
    ],
)  # fmt: skip
def test_mistakes_are_named_with_file_and_key(fragment: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        ruleset(total(23), fragment)
    assert str(caught.value).startswith("test.toml: ")
    assert message in str(caught.value)


@settings(max_examples=40, deadline=None)
@given(st.dates(datetime.date(2014, 9, 1), datetime.date(2016, 8, 31)), st.integers(0, 700))
def test_a_later_issue_date_never_owes_more(issued: datetime.date, later_by: int) -> None:
    """Bands narrow toward the period's end, and each owes no more than the wider one (as Ohio's do)."""
    later = min(issued + datetime.timedelta(days=later_by), datetime.date(2016, 8, 31))
    base = check(OH, [], "2016-08-31", issued=issued.isoformat())
    after = check(OH, [], "2016-08-31", issued=later.isoformat())
    assert base.status is not Status.EXEMPT or after.status is Status.EXEMPT
    assert after.status is Status.EXEMPT or after.required_hours <= base.required_hours
