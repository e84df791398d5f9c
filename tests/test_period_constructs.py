"""Issue #17: a flat total for a period shorter than the cycle (`short_period_hours`), a requirement owed
in the n-th period after issue (`in_cycle`) and a first-period rule for late issue dates
(`issued_within_months_of_end`)."""

from __future__ import annotations

import datetime
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from licensetrack.core.deadlines import deadlines
from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.planner import plan
from licensetrack.core.report import Status
from licensetrack.formats.shapes import to_json
from licensetrack.formats.text import render_credential
from licensetrack.formats.views import holder_for, ruleset_json, ruleset_text
from tests.rulekit import CITE, act, check, records, requirement, ruleset, total

RECORD_CYCLE = f"""
[[cycle]]
effective = 2000-01-01
kind = "record"
months = 24
{CITE}
"""
SHORT_TOTAL = requirement(
    "total", "total", "Total hours", "effective = 2000-01-01\nhours = 40\nshort_period_hours = 30"
)
ETHICS = requirement("ethics", "topic", "Ethics", 'effective = 2000-01-01\nhours = 4\ntopics = ["ethics"]')
NC_SW = ruleset(SHORT_TOTAL, ETHICS, cycle=RECORD_CYCLE)


def _sw(start: str, acts: list[Activity] | None = None) -> tuple[Status, int, int]:
    report = check(NC_SW, acts or [], "2025-03-01", issued="2015-01-01", period_start=start, expires="2025-03-31")
    return report.status, int(report.required_hours), int(report.missing_hours)


# --- short_period_hours ---------------------------------------------------------------------------


def test_a_period_shorter_than_the_cycle_owes_the_flat_total() -> None:
    """21 NCAC 63 .0401(a): "less than a full two-year period, then 30 contact hours"."""
    thirty = [act("Ethics", "2024-06-01", 4, topics=("ethics",)), act("Seminar", "2024-07-01", 26)]
    assert _sw("2023-05-10", thirty) == (Status.COMPLIANT, 30, 0)  # 22 months
    assert _sw("2023-04-02", thirty) == (Status.COMPLIANT, 30, 0)  # a day short of two years
    assert _sw("2023-04-01", thirty) == (Status.DEFICIENT, 40, 10)  # two full years
    assert _sw("2022-12-01", thirty) == (Status.DEFICIENT, 40, 10)  # longer than the cycle: the usual hours


def test_check_notes_why_the_period_owes_the_flat_total() -> None:
    report = check(NC_SW, [], "2025-03-01", issued="2015-01-01", period_start="2023-05-10", expires="2025-03-31")
    assert report.notes == ("a period of 22 months, less than a full 24: 30 hours instead of 40 (Test Code § 1)",)
    assert any("30 hours instead of 40" in line for line in render_credential(report))
    assert to_json(report)["required_hours"] == "30"


def test_a_first_period_rule_wins_over_the_short_period_hours() -> None:
    first = f'\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "hours"\nhours = 12\n{CITE}\n'
    rules = ruleset(first, SHORT_TOTAL, cycle=RECORD_CYCLE)
    report = check(rules, [], "2025-03-01", issued="2023-05-10", expires="2025-03-31")
    assert (report.cycle_index, report.required_hours) == (0, 12)


def test_a_status_owing_fewer_hours_keeps_its_own_hours_in_a_short_period() -> None:
    status = f'\n[[status_hours]]\neffective = 2000-01-01\nstatuses = ["reduced-practice"]\nhours = 10\n{CITE}\n'
    rules = ruleset(SHORT_TOTAL, status, cycle=RECORD_CYCLE)
    report = check(
        rules,
        [],
        "2025-03-01",
        issued="2015-01-01",
        period_start="2023-05-10",
        expires="2025-03-31",
        status="reduced-practice",
    )
    assert report.required_hours == 10


def test_a_cap_by_share_follows_the_short_total() -> None:
    cap = requirement("online", "cap", "Online", 'effective = 2000-01-01\nmax_share = "1/2"\nformats = ["on-demand"]')
    rules = ruleset(SHORT_TOTAL, cap, cycle=RECORD_CYCLE)
    report = check(
        rules,
        [act("Online", "2024-01-01", 30, format="on-demand")],
        "2025-03-01",
        issued="2015-01-01",
        period_start="2023-05-10",
        expires="2025-03-31",
    )
    assert (report.required_hours, report.counted_hours) == (30, 15)


def test_rules_show_says_what_a_short_period_owes() -> None:
    day = datetime.date(2025, 3, 1)
    data = ruleset_json(NC_SW, day, holder_for(NC_SW, day, expires=datetime.date(2025, 3, 31)))
    (total_row,) = [r for r in data["requirements"] if r["id"] == "total"]
    assert total_row["short_period_hours"] == "30"
    assert "in a period shorter than the cycle 30 h instead" in ruleset_text(data).replace("\n    ", " ")


# --- in_cycle --------------------------------------------------------------------------------------

FIXED = f"""
[[cycle]]
effective = 2000-01-01
kind = "fixed"
start = "04-01"
anchor_year = 2019
months = 24
{CITE}
[[first_cycle]]
effective = 2000-01-01
treatment = "exempt"
{CITE}
"""
SECOND = requirement(
    "supervision",
    "topic",
    "Supervision training",
    'effective = 2023-01-01\nhours = 9\ntopics = ["supervision"]\nin_cycle = 2',
)
IL = ruleset(total(30), SECOND, cycle=FIXED)
SUP = ("supervision",)


def test_owed_only_in_the_second_period_after_issue() -> None:
    """1375.220(a)(3): "Upon the second renewal ... 9 of the required 30 CE hours"."""
    first = check(IL, [], "2023-03-01", issued="2022-01-10")
    second = check(IL, [], "2025-03-01", issued="2022-01-10")
    third = check(IL, [], "2027-03-01", issued="2022-01-10")
    assert first.status is Status.EXEMPT
    assert [r.id for r in second.requirements] == ["total", "supervision"]
    assert [r.id for r in third.requirements] == ["total"]
    assert [r.id for r in check(IL, [], "2025-03-01", issued="2010-05-01").requirements] == ["total"]


def test_only_the_periods_own_courses_count() -> None:
    early = check(IL, [act("Sup", "2022-06-01", 9, topics=SUP)], "2025-03-01", issued="2022-01-10")
    inside = check(IL, [act("Sup", "2024-06-01", 9, topics=SUP)], "2025-03-01", issued="2022-01-10")
    assert next(r for r in early.requirements if r.id == "supervision").missing == 9
    assert next(r for r in inside.requirements if r.id == "supervision").met


def test_rules_show_names_the_period_and_says_when_it_is_not_owed() -> None:
    day = datetime.date(2025, 3, 1)
    owed = ruleset_json(IL, day, holder_for(IL, day, issued=datetime.date(2022, 1, 10)))
    assert [r["in_cycle"] for r in owed["requirements"] if r["id"] == "supervision"] == [2]
    assert "owed only in the 2nd period after issue" in ruleset_text(owed).replace("\n    ", " ")
    later = ruleset_json(IL, day, holder_for(IL, day, issued=datetime.date(2010, 5, 1)))
    (reason,) = [r["reason"] for r in later["not_owed"] if r["id"] == "supervision"]
    assert reason == "owed only in the 2nd period after issue (ending at the 2nd renewal), not this one"
    unknown = ruleset_json(IL, day, holder_for(IL, day))
    assert "whether supervision is owed depends on the issue date" in unknown["period"]["assumption"]


def test_plan_and_deadlines_ask_for_it_in_its_period() -> None:
    credential = Credential(id="c", ruleset=IL.id, issued=datetime.date(2022, 1, 10))
    practitioner = Practitioner(id="p", credentials=(credential,))
    result = plan(practitioner, {IL.id: IL}, datetime.date(2025, 1, 1))
    (remaining,) = result.remaining
    assert [(n.requirement, n.hours) for n in remaining.topic_needs] == [("supervision", 9)]
    # Owed at the period's end like any topic of the period: the renewal line.
    found = deadlines(practitioner, {IL.id: IL}, datetime.date(2025, 1, 1))
    assert [(d.date, d.kind.value) for d in found] == [(datetime.date(2025, 3, 31), "renewal")]


# --- issued_within_months_of_end -------------------------------------------------------------------

GA_CYCLE = f"""
[[cycle]]
effective = 2000-01-01
kind = "fixed"
start = "10-01"
anchor_year = 2018
months = 24
{CITE}
[[first_cycle]]
effective = 2000-01-01
treatment = "exempt"
issued_within_months_of_end = 12
{CITE}
"""
GA = ruleset(total(35), cycle=GA_CYCLE)


@pytest.mark.parametrize(
    ("issued", "status", "required"),
    [("2023-10-01", Status.EXEMPT, 35), ("2023-09-30", Status.DEFICIENT, 35), ("2022-10-01", Status.DEFICIENT, 35)],
)
def test_a_first_period_is_exempt_only_when_issued_in_its_last_months(
    issued: str, status: Status, required: int
) -> None:
    """A biennium 2022-10-01 to 2024-09-30: a licence issued on or after 2023-10-01 owes no CE at its first renewal."""
    report = check(GA, [], "2024-09-01", issued=issued)
    assert (report.cycle_end, report.cycle_index) == (datetime.date(2024, 9, 30), 0)
    assert (report.status, report.required_hours) == (status, required)


def test_check_says_why_an_earlier_licence_owes_in_full() -> None:
    report = check(GA, [], "2024-09-01", issued="2023-09-30")
    assert report.notes == (
        "first period after licensure owes in full: the credential was issued before 2023-10-01, more than 12 "
        "months before the period's end (Test Code § 1)",
    )


def test_rules_show_gives_the_condition_in_words() -> None:
    day = datetime.date(2024, 9, 1)
    data = ruleset_json(GA, day, holder_for(GA, day, issued=datetime.date(2023, 12, 1)))
    assert data["first_cycle"]["issued_within_months_of_end"] == 12
    text = ruleset_text(data).replace("\n    ", " ")
    assert "only for a credential issued within the last 12 months of the first period (on or after 2023-10-01)" in text


def test_hours_treatment_with_the_condition() -> None:
    rules = ruleset(
        total(35),
        cycle=GA_CYCLE.replace('treatment = "exempt"', 'treatment = "hours"\nhours = 10'),
    )
    assert check(rules, [], "2024-09-01", issued="2023-11-01").required_hours == 10
    assert check(rules, [], "2024-09-01", issued="2023-01-01").required_hours == 35


# --- strict loading --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (requirement("e", "topic", "E", 'effective = 2000-01-01\nhours = 4\ntopics = ["ethics"]\nshort_period_hours = 3'), ".short_period_hours: only a total requirement has a short period's hours"),
        (requirement("total", "total", "T", "effective = 2000-01-01\nhours = 40\nshort_period_hours = 30\nprorated_per_month = 1"), "give only one of `short_period_hours` (a flat total) or `prorated_per_month` (per month)"),
        (requirement("total", "total", "T", "effective = 2000-01-01\nhours = 40\nin_cycle = 2"), ".in_cycle: only a topic or course requirement is owed in the n-th period"),
        (requirement("s", "topic", "S", 'effective = 2000-01-01\nhours = 9\ntopics = ["supervision"]\nin_cycle = 2\nscope = "once"\ndue_first_renewal_after = 2001-01-01'), '`in_cycle` needs scope "cycle" (the default), got "once"'),
        (requirement("s", "topic", "S", 'effective = 2000-01-01\nhours = 9\ntopics = ["supervision"]\nin_cycle = 2\nexempt_if_issued_on_or_after = 2001-01-01'), "give only one of `in_cycle` or `exempt_if_issued_on_or_after`"),
        (requirement("s", "topic", "S", 'effective = 2000-01-01\nhours = 9\ntopics = ["supervision"]\nin_cycle = 0'), ".in_cycle: must be a whole number from 1 to 20, got 0"),
        (f'\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "full"\nissued_within_months_of_end = 12\n{CITE}\n', 'issued_within_months_of_end: a condition on the first period needs a treatment other than "full"'),
    ],
)  # fmt: skip
def test_mistakes_are_named_with_file_and_key(fragment: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        ruleset(total(40) if "total" not in fragment else "", fragment)
    assert str(caught.value).startswith("test.toml: ")
    assert message in str(caught.value)


# --- properties ------------------------------------------------------------------------------------

RECORDS = records(datetime.date(2021, 1, 1), datetime.date(2027, 12, 31), [1, 3, 9], SUP)


@settings(max_examples=40, deadline=None)
@given(st.dates(datetime.date(2019, 4, 1), datetime.date(2027, 3, 31)))
def test_an_in_cycle_requirement_is_owed_in_exactly_one_period(issued: datetime.date) -> None:
    owed = [
        index
        for index in range(4)
        for report in (check(IL, [], _end_of(issued, index).isoformat(), issued=issued.isoformat()),)
        if "supervision" in {r.id for r in report.requirements}
    ]
    second_end = _end_of(issued, 1)
    assert owed == ([1] if second_end >= datetime.date(2023, 1, 1) else [])


def _end_of(issued: datetime.date, index: int) -> datetime.date:
    """The end of the index-th period of the fixed 1 April cycle (odd years) for a licence issued then."""
    year = issued.year + (1 if issued >= datetime.date(issued.year, 4, 1) else 0)
    year += year % 2 == 0
    return datetime.date(year + 2 * index, 3, 31)


@settings(max_examples=40, deadline=None)
@given(st.dates(datetime.date(2022, 10, 1), datetime.date(2024, 9, 30)), st.integers(0, 700))
def test_a_later_issue_date_is_never_less_exempt(issued: datetime.date, later_by: int) -> None:
    later = min(issued + datetime.timedelta(days=later_by), datetime.date(2024, 9, 30))
    base = check(GA, [], "2024-09-30", issued=issued.isoformat())
    after = check(GA, [], "2024-09-30", issued=later.isoformat())
    assert base.status is not Status.EXEMPT or after.status is Status.EXEMPT


@settings(max_examples=40, deadline=None)
@given(RECORDS, st.randoms(use_true_random=False), st.dates(datetime.date(2019, 4, 1), datetime.date(2025, 3, 31)))
def test_order_invariant_and_monotone(records: list[Activity], rnd: random.Random, issued: datetime.date) -> None:
    """Under `in_cycle` and a short period's total alike: shuffling never changes the result, one more course
    never adds missing hours."""
    as_of = "2025-03-01"
    assume(issued <= datetime.date(2023, 5, 10))
    for rules, extra in ((IL, {}), (NC_SW, {"period_start": "2023-05-10", "expires": "2025-03-31"})):
        base = check(rules, records, as_of, issued=issued.isoformat(), **extra)
        shuffled = list(records)
        rnd.shuffle(shuffled)
        assert check(rules, shuffled, as_of, issued=issued.isoformat(), **extra) == base
        more = check(
            rules, [*records, act("S", "2024-06-01", 9, topics=SUP)], as_of, issued=issued.isoformat(), **extra
        )
        assert more.missing_hours <= base.missing_hours
