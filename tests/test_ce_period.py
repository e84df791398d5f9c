"""Issue #18: a CE period that is not the licence term (`[[cycle]]` key `ce_period`). Tennessee, Tenn. Comp. R. &
Regs. 1180-01-.08(1)(a): "This CE shall be acquired in the two (2) calendar years (January 1 - December 31) prior
to the licensure renewal year"; 1365-01-.09(3): "every two (2) calendar years preceding the year of renewal"."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.cycles import CycleError, renewal_after, schedule
from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Credential, Practitioner
from licensetrack.formats.views import holder_for, ruleset_json
from tests.rulekit import CITE, act, check, ruleset, total


def _cycle(kind: str = "record", months: int = 24, extra: str = "") -> str:
    return f"""
[[cycle]]
effective = 2000-01-01
kind = "{kind}"
months = {months}
ce_period = "calendar-years-before-renewal"
{extra}
{CITE}
"""


RULES = ruleset(total(40), cycle=_cycle())


def test_the_ce_period_is_the_two_calendar_years_before_the_renewal_year() -> None:
    report = check(RULES, [act("A", "2023-01-01", 20), act("B", "2024-12-31", 20)], "2024-12-31", expires="2025-05-31")
    assert (report.cycle_start, report.cycle_end) == (datetime.date(2023, 1, 1), datetime.date(2024, 12, 31))
    assert report.counted_hours == 40
    assert any("licence renews on 2025-05-31" in note for note in report.notes)


def test_hours_of_the_renewal_year_count_toward_the_next_ce_period() -> None:
    """Before the renewal date but in the renewal year: outside the CE period the renewal owes."""
    report = check(RULES, [act("A", "2024-12-31", 40), act("B", "2025-01-01", 6)], "2025-03-01", expires="2025-05-31")
    assert (report.cycle_start, report.cycle_end) == (datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    assert report.counted_hours == 6


def test_the_first_ce_period_runs_from_issue_to_the_year_before_the_first_renewal() -> None:
    report = check(RULES, [], "2024-06-01", issued="2023-06-15", expires="2025-06-30")
    assert (report.cycle_start, report.cycle_end, report.cycle_index) == (
        datetime.date(2023, 6, 15),
        datetime.date(2024, 12, 31),
        0,
    )


def test_a_birth_month_licence_term_fixes_the_renewal_year() -> None:
    rules = ruleset(total(40), cycle=_cycle("birth-month", extra="first_end_min_months = 12"))
    report = check(rules, [], "2024-06-01", issued="2023-02-01", birth_date="1980-05-09")
    # licence: first renewal 2024-05-31 (at least 12 months after issue), then 2026-05-31
    assert (report.cycle_start, report.cycle_end) == (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))


def test_without_the_licence_record_the_period_cannot_be_known() -> None:
    with pytest.raises(CycleError) as raised:
        schedule(
            RULES.cycle[0],
            Credential(id="c", ruleset="us-zz-test", issued=datetime.date(2020, 1, 1)),
            Practitioner(id="p"),
        )
    assert raised.value.field == "expires"


@pytest.mark.parametrize(
    ("extra", "message"),
    [('ce_period = "calendar-year"', "ce_period: must be one of calendar-years-before-renewal"), ("", "")],
)
def test_strict_loading(extra: str, message: str) -> None:
    bad = f"""
[[cycle]]
effective = 2000-01-01
kind = "record"
months = 18
{extra or 'ce_period = "calendar-years-before-renewal"'}
{CITE}
"""
    with pytest.raises(RuleSetError) as raised:
        ruleset(total(40), cycle=bad)
    assert (message or "whole years") in str(raised.value)


def test_rules_show_names_the_key_and_assumes_a_renewal_next_year() -> None:
    day = datetime.date(2024, 6, 1)
    holder = holder_for(RULES, day)
    data = ruleset_json(RULES, day, holder)
    assert data["cycle"]["ce_period"] == "calendar-years-before-renewal"
    assert (data["period"]["start"], data["period"]["end"]) == ("2023-01-01", "2024-12-31")
    assert "renews in 2025" in (holder.assumption or "")


@settings(max_examples=200, deadline=None)
@given(
    issued=st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
    term_after=st.integers(1, 24),
    day_after=st.integers(0, 3650),
)
def test_every_ce_period_ends_on_31_december_before_the_year_of_the_renewal_it_serves(
    issued: datetime.date, term_after: int, day_after: int
) -> None:
    """Invariant: each CE period ends on 31 December, the periods are contiguous from the issue date, and
    the renewal a period serves falls in the year after its end."""
    from dateutil.relativedelta import relativedelta

    from licensetrack.core.cycles import month_end

    expires = month_end(issued + relativedelta(months=term_after))
    credential = Credential(id="c", ruleset="us-zz-test", issued=issued, expires=expires)
    practitioner = Practitioner(id="p")
    rule = RULES.cycle[0]
    sched = schedule(rule, credential, practitioner)
    day = issued + datetime.timedelta(days=day_after)
    period = sched.containing(day)
    assert (period.end.month, period.end.day) == (12, 31)
    assert period.start <= day <= period.end or (period.index == 0 and day < period.start)
    if period.index > 0:
        previous = sched.period(period.index - 1)
        assert previous.end + datetime.timedelta(days=1) == period.start
        assert period.start == datetime.date(period.end.year - 1, 1, 1)
    else:
        assert period.start == issued
    renewal = renewal_after(rule, credential, practitioner, period)
    assert renewal is None or renewal.year == period.end.year + 1
