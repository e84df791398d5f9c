"""Each feature of the rule language, with a worked case whose numbers follow from the rule."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from licensetrack.core.cycles import CycleError
from licensetrack.core.errors import RuleSetError
from licensetrack.core.report import Status, hours
from licensetrack.io.rulefiles import loads_ruleset
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE, act, by_id, check, requirement, ruleset, total

# --- cycles ----------------------------------------------------------------------------------------

FLORIDA_LIKE = f"""
[[cycle]]
effective = 2000-01-01
kind = "fixed"
start = "04-01"
anchor_year = 2021
months = 24
{CITE}
"""


def test_fixed_biennium_from_april_of_odd_years() -> None:
    rules = ruleset(total(30), cycle=FLORIDA_LIKE)
    report = check(rules, [], "2024-05-01", issued="2022-06-10")
    assert (report.cycle_start.isoformat(), report.cycle_end.isoformat(), report.cycle_index) == (
        "2023-04-01",
        "2025-03-31",
        1,
    )
    first = check(rules, [], "2022-07-01", issued="2022-06-10")
    assert (first.cycle_start.isoformat(), first.cycle_end.isoformat(), first.cycle_index) == (
        "2022-06-10",
        "2023-03-31",
        0,
    )


def test_anniversary_to_the_end_of_the_month_of_issue() -> None:
    cycle = f"""
[[cycle]]
effective = 2000-01-01
kind = "anniversary"
months = 24
month_end = true
{CITE}
"""
    report = check(ruleset(total(36), cycle=cycle), [], "2021-01-01", issued="2018-06-15")
    assert (report.cycle_start.isoformat(), report.cycle_end.isoformat(), report.cycle_index) == (
        "2020-07-01",
        "2022-06-30",
        1,
    )


def test_birth_month_cycle() -> None:
    cycle = f"""
[[cycle]]
effective = 2000-01-01
kind = "birth-month"
months = 24
first_end_min_months = 12
{CITE}
"""
    rules = ruleset(total(24), cycle=cycle)
    report = check(rules, [], "2021-02-01", issued="2019-05-10", birth_date="1980-03-17")
    assert (report.cycle_start.isoformat(), report.cycle_end.isoformat()) == ("2019-05-10", "2021-03-31")
    later = check(rules, [], "2021-04-01", issued="2019-05-10", birth_date="1980-03-17")
    assert (later.cycle_start.isoformat(), later.cycle_end.isoformat()) == ("2021-04-01", "2023-03-31")
    with pytest.raises(CycleError, match="add `birth_date`"):
        check(rules, [], "2021-02-01", issued="2019-05-10")


RECORD = f"""
[[cycle]]
effective = 2000-01-01
kind = "record"
months = 36
{CITE}
"""


def test_record_cycle_comes_from_the_profile() -> None:
    rules = ruleset(total(36), cycle=RECORD)
    report = check(rules, [], "2025-01-01", expires="2026-06-30")
    assert (report.cycle_start.isoformat(), report.cycle_end.isoformat()) == ("2023-07-01", "2026-06-30")
    from_start = check(rules, [], "2025-01-01", period_start="2023-07-01")
    assert from_start.cycle_end.isoformat() == "2026-06-30"
    with pytest.raises(CycleError, match="add `expires`"):
        check(rules, [], "2025-01-01")


def test_the_boards_record_wins_over_a_computed_cycle() -> None:
    report = check(ruleset(total(30), cycle=FLORIDA_LIKE), [], "2024-05-01", issued="2022-06-10", expires="2024-12-31")
    assert (report.cycle_start.isoformat(), report.cycle_end.isoformat()) == ("2023-01-01", "2024-12-31")


# --- first cycle -----------------------------------------------------------------------------------


def first_cycle(treatment: str, extra: str = "", effective: str = "2000-01-01") -> str:
    return f'\n[[first_cycle]]\neffective = {effective}\ntreatment = "{treatment}"\n{extra}\n{CITE}\n'


def test_first_cycle_exempt() -> None:
    rules = ruleset(total(30), first_cycle("exempt"), cycle=FLORIDA_LIKE)
    first = check(rules, [], "2022-07-01", issued="2022-06-10")
    assert first.status is Status.EXEMPT
    assert first.missing_hours == 0
    second = check(rules, [], "2023-07-01", issued="2022-06-10")
    assert second.status is Status.DEFICIENT
    assert second.missing_hours == 30


def test_a_first_period_excused_only_for_a_role() -> None:
    """Virginia psychology, 18VAC125-20-120: "First-time licensees by examination are not required to verify
    continuing education on the first renewal date": a licensee by endorsement owes the first period in full."""
    rules = ruleset(total(30), first_cycle("exempt", 'roles = ["licensed-by-examination"]'))
    by_exam = check(rules, [], "2024-06-01", issued="2024-02-01", roles=("licensed-by-examination",))
    assert by_exam.status is Status.EXEMPT
    by_endorsement = check(rules, [], "2024-06-01", issued="2024-02-01")
    assert (by_endorsement.status, by_endorsement.required_hours) == (Status.DEFICIENT, 30)
    assert any("excuses only credentials with the role licensed-by-examination" in n for n in by_endorsement.notes)
    later = check(rules, [], "2026-06-01", issued="2024-02-01", roles=("licensed-by-examination",))
    assert later.status is Status.DEFICIENT  # only the first period
    with pytest.raises(RuleSetError, match='a first-period rule for some roles needs a treatment other than "full"'):
        ruleset(total(30), first_cycle("full", 'roles = ["licensed-by-examination"]'))


def test_first_cycle_reduced_hours() -> None:
    rules = ruleset(total(36), first_cycle("hours", "hours = 18"))
    report = check(rules, [act("A", "2024-05-01", 18)], "2025-06-01", issued="2024-02-01")
    assert by_id(report)["total"] == ("18", "18", "0", True)
    assert report.status is Status.COMPLIANT


def test_first_cycle_prorated_one_hour_per_month() -> None:
    # A 36-month registration period read from the record; the first one here is 20 months long.
    rules = ruleset(total(36), first_cycle("per-month", "hours_per_month = 1"), cycle=RECORD)
    report = check(rules, [act("A", "2024-01-10", 12)], "2024-06-01", issued="2023-05-01", expires="2024-12-31")
    assert (report.cycle_start.isoformat(), report.cycle_end.isoformat()) == ("2023-05-01", "2024-12-31")
    assert by_id(report)["total"] == ("20", "12", "8", False)


def test_first_cycle_prorated_at_a_rate_that_is_no_finite_decimal() -> None:
    """Arizona psychologists: 40 hours per 24-month period, prorated by month (A.A.C. R4-26-207(C)): a
    20-month first period owes exactly 100/3 hours, not 20 x 1.66666 = 33.3332 (reports show hours to the
    hundredth, a shortfall rounded up, so 33 h leave 0.34 h missing; 33.34 h meet it)."""
    rules = ruleset(total(40), first_cycle("per-month", "hours = 40\nper_months = 24"), cycle=RECORD)
    report = check(rules, [act("A", "2024-01-10", 33)], "2024-06-01", issued="2023-05-01", expires="2024-12-31")
    total_ = next(r for r in report.requirements if r.id == "total")
    assert (total_.required, total_.missing) == (Decimal("33.33"), Decimal("0.34"))
    assert any("40 hours per 24 months, for 20 months" in note for note in report.notes)
    enough = check(rules, [act("A", "2024-01-10", "33.34")], "2024-06-01", issued="2023-05-01", expires="2024-12-31")
    assert enough.status is Status.COMPLIANT
    barely = check(rules, [act("A", "2024-01-10", "33.333")], "2024-06-01", issued="2023-05-01", expires="2024-12-31")
    assert barely.status is Status.DEFICIENT  # 33.333 < 100/3: exact, never rounded in the allocation


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("per_months = 24", "per_months: belongs to treatment"),
        ("hours = 40\nper_months = 24\nhours_per_month = 1", "per_months: give `hours_per_month`"),
        ("hours = 40", 'hours_per_month: treatment "per-month" needs'),
    ],
)
def test_a_per_month_first_period_is_given_one_way(extra: str, message: str) -> None:
    with pytest.raises(RuleSetError, match=re.escape(message)):
        ruleset(total(40), first_cycle("per-month", extra), cycle=RECORD)


# --- totals, topics inside and outside the total ---------------------------------------------------------


def test_topic_minimum_counts_inside_the_total() -> None:
    rules = ruleset(
        total(36),
        requirement(
            "law-ethics", "topic", "Law and ethics", 'effective = 2000-01-01\nhours = 6\ntopics = ["law", "ethics"]'
        ),
    )
    report = check(
        rules, [act("Ethics", "2024-03-01", 6, topics=("ethics",)), act("Other", "2024-04-01", 30)], "2025-01-01"
    )
    assert by_id(report) == {"total": ("36", "36", "0", True), "law-ethics": ("6", "6", "0", True)}
    assert report.status is Status.COMPLIANT


def test_missing_is_the_larger_of_total_and_topic_shortfalls() -> None:
    rules = ruleset(
        total(36),
        requirement("ethics", "topic", "Ethics", 'effective = 2000-01-01\nhours = 6\ntopics = ["ethics"]'),
        requirement(
            "diversity", "topic", "Diversity", 'effective = 2000-01-01\nhours = 3\ntopics = ["cultural-diversity"]'
        ),
    )
    # 32 general hours: total short 4, topics short 6 + 3 = 9 -> 9 more hours (of the right topics) cure it.
    assert check(rules, [act("General", "2024-03-01", 32)], "2025-01-01").missing_hours == 9
    # 20 hours of ethics: total short 16, topics short 3 -> 16.
    assert check(rules, [act("Ethics", "2024-03-01", 20, topics=("ethics",))], "2025-01-01").missing_hours == 16


def test_a_requirement_outside_the_total_takes_its_hours_away_from_it() -> None:
    rules = ruleset(
        total(30),
        requirement(
            "medical-errors",
            "topic",
            "Medical errors",
            'effective = 2000-01-01\nhours = 2\ntopics = ["medical-errors"]\ncounts_toward_total = false',
        ),
    )
    report = check(
        rules, [act("ME", "2024-03-01", 2, topics=("medical-errors",)), act("Other", "2024-04-01", 28)], "2025-01-01"
    )
    assert report.missing_hours == 2
    cured = check(
        rules, [act("ME", "2024-03-01", 2, topics=("medical-errors",)), act("Other", "2024-04-01", 30)], "2025-01-01"
    )
    assert cured.status is Status.COMPLIANT
    assert [a.credited_to for a in cured.activities] == [("medical-errors",), ("total",)]


# --- caps and conversions --------------------------------------------------------------------------


def test_absolute_cap_by_topic() -> None:
    cap = requirement(
        "admin-cap", "cap", "Administrative hours", 'effective = 2000-01-01\ntopics = ["administrative"]\nmax_hours = 6'
    )
    report = check(
        ruleset(total(36), cap),
        [act("Billing", "2024-03-01", 10, topics=("administrative",)), act("Clinical", "2024-04-01", 26)],
        "2025-01-01",
    )
    assert by_id(report)["total"] == ("36", "32", "4", False)
    billing = report.activities[0]
    assert (hours(billing.counted), hours(billing.excluded)) == ("6", "4")
    assert billing.reasons == ("4 h over a cap: Administrative hours (at most 6 h; Test Code § 1)",)


@pytest.mark.parametrize(
    ("rounding", "total_hours", "limit"),
    [("exact", 36, "12"), ("floor", 20, "6"), ("ceil", 20, "7"), ("exact", 20, "6.66")],
)
def test_cap_as_a_share_of_the_requirement(rounding: str, total_hours: int, limit: str) -> None:
    cap = requirement(
        "self-study",
        "cap",
        "Self-study",
        f'effective = 2000-01-01\nformats = ["on-demand", "independent-study"]\nmax_share = "1/3"\nrounding = "{rounding}"',
    )
    report = check(
        ruleset(total(total_hours), cap), [act("Course", "2024-03-01", 40, format="on-demand")], "2025-01-01"
    )
    assert hours(report.caps[0].limit) == limit  # 20/3 = 6.666..., shown to 1/100 hour, rounded down
    assert report.status is Status.DEFICIENT


def conversion(format: str, body: str) -> str:
    return f'\n[[conversions]]\neffective = 2000-01-01\nformat = "{format}"\n{body}\n{CITE}\n'


def test_graduate_credit_converts_at_seven_hours_up_to_21() -> None:
    rules = ruleset(total(40), conversion("academic", "per_semester_unit = 7\nmax_per_activity = 21"))
    report = check(
        rules,
        [
            act("Grad course", "2024-03-01", units=2, unit="semester", format="academic"),
            act("Grad seminar", "2024-09-01", units=4, unit="semester", format="academic"),
        ],
        "2025-01-01",
    )
    first, second = report.activities
    assert (hours(first.counted), hours(first.excluded)) == ("14", "0")
    assert (hours(second.hours), hours(second.counted), hours(second.excluded)) == ("21", "21", "0")
    assert second.reasons == ("7 h over the limit of 21 h per academic activity (Test Code § 1)",)
    assert report.counted_hours == 35


def test_conference_days_convert_at_one_hour_per_day_up_to_five() -> None:
    rules = ruleset(total(30), conversion("conference", "per_day = 1\nmax_per_activity = 5"))
    report = check(rules, [act("Conference", "2024-03-01", days=7, format="conference")], "2025-01-01")
    assert report.counted_hours == 5


def test_semester_and_quarter_units() -> None:
    rules = ruleset(total(36), conversion("academic", "per_semester_unit = 15\nper_quarter_unit = 10"))
    report = check(
        rules,
        [
            act("S", "2024-03-01", units=1, unit="semester", format="academic"),
            act("Q", "2024-09-01", units=2, unit="quarter", format="academic"),
        ],
        "2025-01-01",
    )
    assert report.counted_hours == 35


def test_units_without_a_conversion_do_not_count_and_say_why() -> None:
    report = check(
        ruleset(total(36)), [act("Q", "2024-09-01", units=2, unit="quarter", format="academic")], "2025-01-01"
    )
    assert report.counted_hours == 0
    assert "quarter units are not converted" in report.activities[0].reasons[0]


# --- one-time and every-Nth requirements -----------------------------------------------------------

SUICIDE_ONCE = requirement(
    "suicide",
    "topic",
    "Suicide prevention (one-time)",
    'effective = 2021-01-01\nhours = 6\ntopics = ["suicide-prevention"]\nscope = "once"\n'
    "due_first_renewal_after = 2021-01-01\nexempt_if_issued_on_or_after = 2021-01-01",
)


def test_one_time_requirement_is_due_by_the_first_renewal_after_a_date() -> None:
    rules = ruleset(total(36), SUICIDE_ONCE)
    # The period ending 2021-12-31 is the first renewal after 2021-01-01: due then, counting any past course.
    before = check(rules, [act("General", "2021-02-01", 36)], "2021-06-01")
    assert by_id(before)["suicide"] == ("6", "0", "6", False)
    assert before.requirements[1].due is not None
    assert before.requirements[1].due.isoformat() == "2021-12-31"
    old_course = act("Suicide risk", "2016-05-01", 6, topics=("suicide-prevention",))
    met = check(rules, [act("General", "2021-02-01", 36), old_course], "2021-06-01")
    assert by_id(met)["suicide"] == ("6", "6", "0", True)
    assert met.status is Status.COMPLIANT
    # The period before it (ending 2019-12-31) owes nothing of the kind.
    assert "suicide" not in by_id(check(rules, [], "2019-06-01"))
    # Still owed later if never done; licensed on or after 2021-01-01: exempt.
    assert by_id(check(rules, [], "2024-06-01"))["suicide"][3] is False
    assert "suicide" not in by_id(check(rules, [], "2024-06-01", issued="2021-03-01"))


def test_every_third_cycle_anchored_on_a_date() -> None:
    rules = ruleset(
        total(30),
        requirement(
            "dv",
            "topic",
            "Domestic violence (every third biennium)",
            'effective = 2000-01-01\nhours = 2\ntopics = ["domestic-violence"]\nscope = "every-n-cycles"\nevery = 3\nanchor = 2025-01-01',
        ),
        cycle=FLORIDA_LIKE,
    )
    due = {year: "dv" in by_id(check(rules, [], f"{year}-06-01", issued="2005-01-01")) for year in range(2021, 2033, 2)}
    # Periods starting 2023-04, 2029-04 hold 2025-01-01 + 3k periods.
    assert due == {2021: False, 2023: True, 2025: False, 2027: False, 2029: True, 2031: False}


def test_requirements_that_alternate_between_cycles() -> None:
    alternate = requirement(
        "ethics-boundaries",
        "topic",
        "Ethics and boundaries (odd periods)",
        'effective = 2000-01-01\nhours = 3\ntopics = ["ethics", "boundaries"]\nscope = "every-n-cycles"\nevery = 2\nanchor = 2024-01-01',
    ) + requirement(
        "telehealth",
        "topic",
        "Telehealth (even periods)",
        'effective = 2000-01-01\nhours = 3\ntopics = ["telehealth"]\nscope = "every-n-cycles"\nevery = 2\nanchor = 2026-01-01',
    )
    rules = ruleset(total(30), alternate)
    assert set(by_id(check(rules, [], "2024-06-01"))) == {"total", "ethics-boundaries"}
    assert set(by_id(check(rules, [], "2026-06-01"))) == {"total", "telehealth"}
    assert set(by_id(check(rules, [], "2028-06-01"))) == {"total", "ethics-boundaries"}


# --- roles, carry-forward, approvals, phase-in ------------------------------------------------------


def test_requirement_for_some_holders_only() -> None:
    rules = ruleset(
        total(24),
        requirement(
            "supervision",
            "topic",
            "Supervision",
            'effective = 2000-01-01\nhours = 6\ntopics = ["supervision"]\nroles = ["supervisor"]',
        ),
    )
    assert "supervision" not in by_id(check(rules, [], "2025-01-01"))
    assert by_id(check(rules, [], "2025-01-01", roles=("supervisor",)))["supervision"] == ("6", "0", "6", False)


def test_carry_forward_of_surplus_up_to_a_limit() -> None:
    carry = f"\n[[carry_forward]]\neffective = 2000-01-01\nmax_hours = 10\n{CITE}\n"
    rules = ruleset(total(24), carry)
    activities = [act("Big year", "2023-05-01", 40), act("This period", "2024-05-01", 10)]
    report = check(rules, activities, "2025-01-01")
    assert report.carried_in == 10  # 16 surplus, at most 10 carried
    assert by_id(report)["total"] == ("24", "20", "4", False)
    no_carry = ruleset(total(24), f"\n[[carry_forward]]\neffective = 2000-01-01\nallowed = false\n{CITE}\n")
    assert check(no_carry, activities, "2025-01-01").carried_in == 0


def eligibility(body: str, effective: str = "2000-01-01") -> str:
    return f"\n[[eligibility]]\neffective = {effective}\n{body}\n{CITE}\n"


def test_accepted_approval_bodies() -> None:
    rules = ruleset(total(6), eligibility('approvals = ["nbcc", "apa"]\napproval_exempt_formats = ["academic"]'))
    report = check(
        rules,
        [act("NBCC", "2024-03-01", 3, approvals=("nbcc",)), act("NAADAC", "2024-03-02", 3, approvals=("naadac",))],
        "2025-01-01",
    )
    assert report.counted_hours == 3
    assert (
        report.activities[1]
        .reasons[0]
        .startswith("provider approval not accepted (approved by: naadac; accepted: nbcc, apa")
    )


def test_courses_before_a_phase_in_date_do_not_count() -> None:
    rules = ruleset(total(6), eligibility("not_before = 2024-06-01"))
    report = check(rules, [act("Early", "2024-03-01", 3), act("Later", "2024-07-01", 3)], "2025-01-01")
    assert report.counted_hours == 3
    assert report.activities[0].reasons == ("completed before 2024-06-01, when CE began to count (Test Code § 1)",)


def test_accepted_formats() -> None:
    rules = ruleset(total(6), eligibility('formats = ["live", "live-online"]'))
    report = check(rules, [act("Book", "2024-03-01", 3, format="independent-study")], "2025-01-01")
    assert report.activities[0].reasons[0].startswith("format 'independent-study' is not accepted")


# --- versions: which date selects ------------------------------------------------------------------


def test_version_selected_by_the_cycle_start() -> None:
    # NY-like: boundaries for registration periods *beginning* on or after 2023-04-01.
    boundaries = requirement(
        "boundaries",
        "topic",
        "Boundaries",
        'effective = 2023-04-01\nhours = 3\ntopics = ["boundaries"]',
        select_by="cycle-start",
    )
    rules = ruleset(total(36), boundaries, cycle=RECORD)
    started_before = check(rules, [], "2024-01-01", expires="2025-12-31")  # began 2023-01-01
    started_after = check(rules, [], "2024-01-01", expires="2026-05-31")  # began 2023-06-01
    assert "boundaries" not in by_id(started_before)
    assert by_id(started_after)["boundaries"][0] == "3"


def test_version_selected_by_the_cycle_end_and_repeal() -> None:
    versions = requirement(
        "total",
        "total",
        "Total",
        "effective = 2000-01-01\nhours = 20",
        "effective = 2024-06-30\nhours = 30",
        "effective = 2030-01-01\nrepealed = true",
    )
    rules = ruleset(versions)
    assert check(rules, [], "2023-06-01").required_hours == 20  # period ends 2023-12-31
    assert check(rules, [], "2024-06-01").required_hours == 30  # period ends 2025-12-31
    assert check(rules, [], "2030-06-01").requirements == ()
    assert check(rules, [], "2024-06-01").rule_version.isoformat() == "2024-06-30"


def test_inactive_and_retired_credentials_are_exempt() -> None:
    exempt = f'\n[[exemptions]]\neffective = 2000-01-01\nstatuses = ["inactive", "retired"]\n{CITE}\n'
    rules = ruleset(total(30), exempt)
    assert check(rules, [], "2025-01-01", status="inactive").status is Status.EXEMPT
    assert check(rules, [], "2025-01-01", status="active").status is Status.DEFICIENT


def test_a_role_can_exempt_and_an_exemption_must_name_something() -> None:
    """Massachusetts, 258 CMR 31.03(2)(a): government employees owe no CE, whatever their status."""
    exempt = f'\n[[exemptions]]\neffective = 2000-01-01\nroles = ["government-employee"]\n{CITE}\n'
    rules = ruleset(total(30), exempt)
    report = check(rules, [], "2025-01-01", roles=("government-employee",))
    assert report.status is Status.EXEMPT
    assert any("credentials with the role government-employee owe no CE" in note for note in report.notes)
    assert check(rules, [], "2025-01-01", roles=("supervisor",)).status is Status.DEFICIENT
    with pytest.raises(RuleSetError, match="an exemption names the `statuses` or the `roles` that owe no CE"):
        ruleset(total(30), f"\n[[exemptions]]\neffective = 2000-01-01\n{CITE}\n")


def test_deficient_whatever_the_deadline_and_overdue_once_past() -> None:
    report = check(ruleset(total(30)), [], "2025-01-01")
    assert (report.status, report.days_left, report.overdue) == (Status.DEFICIENT, 364, False)
    assert report.missing_hours == Decimal(30)


# --- the rule files themselves ---------------------------------------------------------------------


def test_rule_files_are_strict() -> None:
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(
            HEADER + TWO_YEAR_CYCLE + total(30).replace("hours = 30", "hours = 30\nhourz = 2"), source="x.toml"
        )
    assert (
        'x.toml: requirements[0] ("total").versions[0] ("2000-01-01"): unknown key \'hourz\' (did you mean "hours"?)'
        in str(caught.value)
    )


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (
            total(30).replace('kind = "total"', 'kind = "totl"'),
            "kind: must be one of total, topic, cap, course, share, categories, got 'totl' (did you mean \"total\"?)",
        ),
        (
            requirement("x", "topic", "X", 'effective = 2000-01-01\nhours = 3\ntopics = ["ethix"]'),
            "topics[0]: unknown topic 'ethix' (did you mean \"ethics\"?); `licensetrack vocabulary` lists every topic",
        ),
        (
            total(30).replace('source = "https://example.org/rules"', 'source = "board website"'),
            "source: must be the address (https://...)",
        ),
        (
            requirement("x", "topic", "X", "effective = 2000-01-01\nhours = 3"),
            "a topic requirement needs at least one topic",
        ),
        (
            requirement(
                "x",
                "topic",
                "X",
                'effective = 2001-01-01\nhours = 3\ntopics = ["ethics"]',
                'effective = 2000-01-01\nhours = 3\ntopics = ["ethics"]',
            ),
            "dated entries must be in increasing order of `effective`",
        ),
        (total(30) + 'import = "os"\n', "unknown key 'import'"),
    ],
)
def test_rule_file_mistakes_are_named(fragment: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(HEADER + TWO_YEAR_CYCLE + fragment, source="bad.toml")
    assert message in str(caught.value)


def test_eligibility_is_chosen_by_the_course_date_unless_the_rule_set_says_otherwise() -> None:
    # NBCC-approved courses were accepted until 2024-06-30; from 2024-07-01 only APA-approved ones.
    bodies = eligibility('approvals = ["nbcc"]') + eligibility('approvals = ["apa"]', effective="2024-07-01")
    course = [act("NBCC course", "2024-03-01", 6, approvals=("nbcc",))]
    assert check(ruleset(total(6), bodies), course, "2025-01-01").status is Status.COMPLIANT
    by_period = loads_ruleset(HEADER + 'eligibility_select_by = "cycle-end"\n' + TWO_YEAR_CYCLE + total(6) + bodies)
    assert check(by_period, course, "2025-01-01").status is Status.DEFICIENT


def test_requirements_cannot_be_chosen_by_a_course_date() -> None:
    with pytest.raises(RuleSetError, match="requirements are chosen by the cycle's start or end"):
        loads_ruleset(
            HEADER.replace("verified_on", 'select_by = "activity"\nverified_on') + TWO_YEAR_CYCLE, source="x.toml"
        )


def test_a_course_older_than_every_eligibility_entry_is_judged_by_the_first() -> None:
    # Phase-in on the entry's own date: a course before it must not escape the check.
    rules = ruleset(total(10), eligibility('approvals = ["apa"]\nnot_before = 2021-01-01', effective="2021-01-01"))
    report = check(rules, [act("Old NBCC course", "2018-11-15", 10, approvals=("nbcc",))], "2019-06-01")
    assert report.counted_hours == 0
    assert report.activities[0].reasons[0].startswith("completed before 2021-01-01")


def test_a_recorded_period_of_its_own_length() -> None:
    # NY prorates the first renewal to move a licensee to a birth-month cycle: a 28-month period.
    rules = ruleset(total(36), cycle=RECORD.replace("months = 36", "months = 36\nfirst_end_min_months = 12"))
    recorded = {"issued": "2019-05-01", "period_start": "2022-06-01", "expires": "2024-09-30"}
    during = check(rules, [], "2023-01-01", **recorded)
    assert (during.cycle_start.isoformat(), during.cycle_end.isoformat()) == ("2022-06-01", "2024-09-30")
    after = check(rules, [], "2025-01-01", **recorded)
    assert (after.cycle_start.isoformat(), after.cycle_end.isoformat()) == ("2024-10-01", "2027-09-30")
    assert after.cycle_index == during.cycle_index + 1
    before = check(rules, [], "2021-01-01", **recorded)
    assert (before.cycle_start.isoformat(), before.cycle_end.isoformat()) == ("2019-05-01", "2022-05-31")
    assert before.cycle_index == during.cycle_index - 1 == 0
