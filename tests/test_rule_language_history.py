"""Rule language v2, constructs that look beyond one period's own courses: a total prorated per month
for a period of another length (New York), and a topic that alternates with what the previous period
counted (Florida's 491 board)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.planner import plan
from licensetrack.core.report import CredentialReport, Status
from licensetrack.formats.text import render_credential
from licensetrack.io.rulefiles import loads_ruleset
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE, act, by_id, check, requirement, ruleset, total

RECORD = f"""
[[cycle]]
effective = 2000-01-01
kind = "record"
months = 36
{CITE}
"""

PRORATED_TOTAL = requirement(
    "total", "total", "Total hours", "effective = 2000-01-01\nhours = 36\nprorated_per_month = 1"
)

# --- prorated per month -----------------------------------------------------------------------------


def test_a_period_of_another_length_owes_hours_per_whole_month() -> None:
    rules = ruleset(PRORATED_TOTAL, cycle=RECORD)
    recorded = {"issued": "2019-05-01", "period_start": "2022-06-01", "expires": "2024-09-30"}
    short = check(rules, [act("A", "2023-01-10", 20)], "2024-06-01", **recorded)
    # 2022-06-01 to 2024-09-30 is 28 whole months: 28 hours, 8 missing.
    assert by_id(short)["total"] == ("28", "20", "8", False)
    assert short.notes == ("a period of 28 months, not 36: 1 hour per month (Test Code § 1)",)
    # The next period, 2024-10-01 to 2027-09-30, is 36 months: the total as written, and no note.
    usual = check(rules, [act("A", "2025-01-10", 20)], "2025-06-01", **recorded)
    assert by_id(usual)["total"] == ("36", "20", "16", False)
    assert usual.notes == ()


def test_the_first_period_rule_wins_over_proration() -> None:
    first = f'\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "exempt"\n{CITE}\n'
    rules = ruleset(PRORATED_TOTAL, first, cycle=RECORD)
    # Issued on the recorded start: the 28-month period is the first, which the first-period rule governs.
    report = check(rules, [], "2023-06-01", issued="2022-06-01", period_start="2022-06-01", expires="2024-09-30")
    assert report.cycle_index == 0
    assert report.status is Status.EXEMPT
    assert not any("another length" in note for note in report.notes)


def test_proration_is_in_the_check_text_and_the_plan() -> None:
    rules = ruleset(PRORATED_TOTAL, cycle=RECORD)
    report = check(rules, [], "2024-06-01", issued="2019-05-01", period_start="2022-06-01", expires="2024-09-30")
    assert "note: a period of 28 months, not 36: 1 hour per month (Test Code § 1)" in report_text_of(report)
    assert report.missing_hours == 28


def report_text_of(report: CredentialReport) -> str:
    return "\n".join(render_credential(report, width=200))


# --- alternation by history -------------------------------------------------------------------------

ALTERNATING = requirement(
    "ethics-or-teletherapy",
    "topic",
    "Ethics and boundaries, or teletherapy (alternating)",
    'effective = 2000-01-01\nhours = 3\ntopics = ["ethics", "boundaries", "telehealth"]\nalternate = ["telehealth"]',
)
ETHICS = ("ethics", "boundaries")
TELE = ("telehealth",)


def alternating_report(previous: tuple[str, ...] | None, now: tuple[str, ...]) -> tuple[str, ...]:
    """The side owed in 2024-2025 (topics, met) after a 3-hour course on ``previous`` in 2022-2023."""
    courses = [act("Earlier", "2022-05-01", 3, topics=previous)] if previous else []
    courses.append(act("Now", "2024-05-01", 3, topics=now))
    report = check(ruleset(total(20), ALTERNATING), courses, "2025-06-01")
    (result,) = [r for r in report.requirements if r.id == "ethics-or-teletherapy"]
    return (*result.topics, "met" if result.met else "missing")


def test_the_side_owed_is_the_one_the_previous_period_did_not_count() -> None:
    assert alternating_report(ETHICS, ETHICS) == ("telehealth", "missing")
    assert alternating_report(ETHICS, TELE) == ("telehealth", "met")
    assert alternating_report(TELE, TELE) == ("ethics", "boundaries", "missing")
    assert alternating_report(TELE, ("boundaries",)) == ("ethics", "boundaries", "met")


def test_without_history_either_side_counts_and_the_report_says_why() -> None:
    assert alternating_report(None, TELE) == ("ethics", "boundaries", "telehealth", "met")
    report = check(ruleset(total(20), ALTERNATING), [], "2025-06-01")
    (result,) = [r for r in report.requirements if r.id == "ethics-or-teletherapy"]
    assert result.detail == (
        "either side counts: the previous period's courses (ethics, boundaries, telehealth) met neither side in full"
    )
    first = check(ruleset(total(20), ALTERNATING), [], "2025-06-01", issued="2024-03-01")
    (result,) = [r for r in first.requirements if r.id == "ethics-or-teletherapy"]
    assert result.detail == "either side counts: no previous period (the first after issue)"


def test_a_previous_period_on_both_sides_falls_back_to_either() -> None:
    courses = [act("E", "2022-05-01", 3, topics=ETHICS), act("T", "2023-05-01", 3, topics=TELE)]
    report = check(ruleset(total(20), ALTERNATING), [*courses, act("Now", "2024-05-01", 3, topics=TELE)], "2025-06-01")
    (result,) = [r for r in report.requirements if r.id == "ethics-or-teletherapy"]
    assert result.met
    assert result.topics == ("ethics", "boundaries", "telehealth")
    assert result.detail == (
        "either side counts: the previous period's courses (ethics, boundaries, telehealth) met both sides"
    )


def test_the_owed_side_is_explained_in_check_and_planned() -> None:
    courses = [act("Earlier", "2022-05-01", 3, topics=ETHICS)]
    rules = ruleset(total(3), ALTERNATING)
    report = check(rules, courses, "2025-06-01")
    note = (
        "note: Ethics and boundaries, or teletherapy (alternating): owed this period: telehealth "
        "(the previous period counted ethics, boundaries; they alternate)"
    )
    assert note in report_text_of(report)
    credential = Credential(id="test", ruleset=rules.id, issued=datetime.date(2010, 1, 1))
    practitioner = Practitioner(id="p", credentials=(credential,), activities=tuple(courses))
    planned = plan(practitioner, {rules.id: rules}, datetime.date(2025, 6, 1))
    assert [need.topics for need in planned.remaining[0].topic_needs] == [("telehealth",)]
    assert planned.best_course is not None
    assert planned.best_course.topics == ("telehealth",)


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (
            requirement(
                "x", "topic", "X", 'effective = 2000-01-01\nhours = 3\ntopics = ["ethics"]\nalternate = ["law"]'
            ),
            "alternate: must be some of `topics`, got law",
        ),
        (
            requirement(
                "x", "topic", "X", 'effective = 2000-01-01\nhours = 3\ntopics = ["ethics"]\nalternate = ["ethics"]'
            ),
            "alternate: must leave at least one of `topics` to alternate with",
        ),
        (
            requirement(
                "x", "cap", "X", 'effective = 2000-01-01\nmax_hours = 3\ntopics = ["ethics"]\nalternate = ["ethics"]'
            ),
            "alternate: only a topic requirement alternates",
        ),
        (
            requirement(
                "x", "topic", "X", 'effective = 2000-01-01\nhours = 3\ntopics = ["ethics"]\nprorated_per_month = 1'
            ),
            "prorated_per_month: only a total requirement is prorated per month",
        ),
        (
            total(36).replace("hours = 36", 'hours = 36\nprorated_per_month = "one"'),
            "prorated_per_month",
        ),
    ],
)
def test_mistakes_name_the_file_and_key(fragment: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(HEADER + TWO_YEAR_CYCLE + fragment, source="bad.toml")
    assert "bad.toml" in str(caught.value)
    assert message in str(caught.value)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(datetime.date(2022, 1, 1), datetime.date(2025, 6, 1)),
            st.sampled_from([ETHICS, TELE, ("law",)]),
            st.integers(1, 4),
        ),
        max_size=6,
    ),
    st.tuples(
        st.dates(datetime.date(2024, 1, 1), datetime.date(2025, 6, 1)),
        st.sampled_from([ETHICS, TELE]),
        st.integers(1, 4),
    ),
)
def test_a_course_of_the_current_period_never_lowers_what_counts(
    courses: list[tuple[datetime.date, tuple[str, ...], int]], extra: tuple[datetime.date, tuple[str, ...], int]
) -> None:
    """Alternation is monotone within the period: only courses of the previous period choose the side."""
    rules = ruleset(total(20), ALTERNATING)
    acts = [act(f"c{i}", day.isoformat(), hours, topics=topics) for i, (day, topics, hours) in enumerate(courses)]
    before = check(rules, acts, "2025-06-01")
    after = check(rules, [*acts, act("extra", extra[0].isoformat(), extra[2], topics=extra[1])], "2025-06-01")
    assert [r.topics for r in after.requirements] == [r.topics for r in before.requirements]
    assert all(a.counted >= b.counted for a, b in zip(after.requirements, before.requirements, strict=True))
    assert after.missing_hours <= before.missing_hours


# --- a first period that owes only some requirements ------------------------------------------------

FLORIDA_PSY_LIKE = (
    total(40)
    + requirement(
        "medical-errors", "topic", "Medical errors", 'effective = 2000-01-01\nhours = 2\ntopics = ["medical-errors"]'
    )
    + requirement("ethics", "topic", "Ethics", 'effective = 2000-01-01\nhours = 3\ntopics = ["ethics"]')
    + f'\n[[first_cycle]]\neffective = 2000-01-01\ntreatment = "only"\nrequirements = ["medical-errors"]\n{CITE}\n'
)


def test_a_first_period_owes_only_the_named_requirements() -> None:
    rules = ruleset(FLORIDA_PSY_LIKE)
    first = check(rules, [act("Other", "2024-03-01", 10)], "2025-06-01", issued="2024-02-01")
    assert first.cycle_index == 0
    assert by_id(first) == {"medical-errors": ("2", "0", "2", False)}
    assert first.missing_hours == 2
    assert "first period after licensure: only medical-errors owed (Test Code § 1)" in first.notes
    met = check(rules, [act("ME", "2024-03-01", 2, topics=("medical-errors",))], "2025-06-01", issued="2024-02-01")
    assert met.status is Status.COMPLIANT
    # The next period owes everything again.
    second = check(rules, [act("ME", "2026-03-01", 2, topics=("medical-errors",))], "2027-06-01", issued="2024-02-01")
    assert set(by_id(second)) == {"total", "medical-errors", "ethics"}
    assert second.missing_hours == 38


@pytest.mark.parametrize(
    ("first_cycle", "message"),
    [
        ('treatment = "only"', 'treatment "only", and only it, needs `requirements`'),
        ('treatment = "full"\nrequirements = ["total"]', 'treatment "only", and only it, needs `requirements`'),
        ('treatment = "only"\nrequirements = ["totl"]', "requirements[0]: no requirement 'totl' in this rule set"),
    ],
)
def test_a_first_period_rule_names_requirements_the_file_has(first_cycle: str, message: str) -> None:
    fragment = total(40) + f"\n[[first_cycle]]\neffective = 2000-01-01\n{first_cycle}\n{CITE}\n"
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(HEADER + TWO_YEAR_CYCLE + fragment, source="bad.toml")
    assert "bad.toml" in str(caught.value)
    assert message in str(caught.value)


# --- hours that depend on a status ------------------------------------------------------------------

REDUCED = f'\n[[status_hours]]\neffective = 2000-01-01\nstatuses = ["reduced-practice"]\nhours = 10\n{CITE}\n'


def test_a_status_that_owes_fewer_hours() -> None:
    rules = ruleset(total(100), REDUCED)
    reduced = check(rules, [act("A", "2024-03-01", 6)], "2025-06-01", status="reduced-practice")
    assert by_id(reduced)["total"] == ("10", "6", "4", False)
    assert reduced.notes == ("reduced-practice credentials owe 10 hours (Test Code § 1)",)
    active = check(rules, [act("A", "2024-03-01", 6)], "2025-06-01")
    assert by_id(active)["total"] == ("100", "6", "94", False)
    assert active.notes == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("statuses = []\nhours = 10", 'status_hours[0] ("2000-01-01").statuses: needs at least one status'),
        ('statuses = ["reduced"]\nhours = 10', 'status_hours[0] ("2000-01-01").statuses'),
        ('statuses = ["reduced-practice"]', 'status_hours[0] ("2000-01-01").hours: is required'),
    ],
)
def test_status_hours_mistakes_are_named(entry: str, message: str) -> None:
    fragment = total(100) + f"\n[[status_hours]]\neffective = 2000-01-01\n{entry}\n{CITE}\n"
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(HEADER + TWO_YEAR_CYCLE + fragment, source="bad.toml")
    assert "bad.toml" in str(caught.value)
    assert message in str(caught.value)


# --- caps in a prorated period ----------------------------------------------------------------------

SELF_STUDY_SHARE = requirement(
    "self-study", "cap", "Self-study", 'effective = 2000-01-01\nmax_share = "1/3"\nformats = ["on-demand"]'
)
SELF_STUDY_HOURS = requirement(
    "self-study", "cap", "Self-study", 'effective = 2000-01-01\nmax_hours = 12\nformats = ["on-demand"]'
)
PRORATED_20 = {"issued": "2019-05-01", "period_start": "2024-01-01", "expires": "2025-08-31"}


def prorated_check(cap: str, recorded: int, live: int) -> CredentialReport:
    courses = [act("Recorded", "2024-03-01", recorded, format="on-demand"), act("Live", "2024-09-01", live)]
    return check(ruleset(PRORATED_TOTAL, cap, cycle=RECORD), courses, "2025-08-15", **PRORATED_20)


def test_a_share_cap_is_a_share_of_the_prorated_total() -> None:
    # 2024-01-01 to 2025-08-31: 20 whole months, 20 hours; a third of them (6 2/3) may be self-study.
    under = prorated_check(SELF_STUDY_SHARE, 6, 14)
    assert by_id(under)["total"] == ("20", "20", "0", True)
    over = prorated_check(SELF_STUDY_SHARE, 8, 12)
    assert by_id(over)["total"] == ("20", "18.66", "1.34", False)  # 12 live + 6 2/3 (shown rounded down)
    # The same courses in a 36-month period: a third of 36 is 12, so 8 recorded hours all count.
    usual = check(
        ruleset(PRORATED_TOTAL, SELF_STUDY_SHARE, cycle=RECORD),
        [act("Recorded", "2025-12-01", 8, format="on-demand"), act("Live", "2026-01-01", 28)],
        "2027-06-01",
        **PRORATED_20,
    )
    assert (usual.required_hours, usual.counted_hours) == (36, 36)


def test_a_cap_in_hours_is_not_prorated() -> None:
    # "a maximum of twelve hours" stays 12 whatever the period's length: 12 of 20 may be self-study.
    assert prorated_check(SELF_STUDY_HOURS, 12, 8).status is Status.COMPLIANT
    over = prorated_check(SELF_STUDY_HOURS, 14, 6)
    assert (over.required_hours, over.counted_hours, over.missing_hours) == (20, 18, 2)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.integers(1, 40), st.integers(1, 40))
def test_a_share_cap_counts_at_most_its_share_of_the_period_s_own_total(months: int, recorded: int, live: int) -> None:
    """Whatever the period's length, self-study counts up to a third of what that period owes, never more."""
    from dateutil.relativedelta import relativedelta

    from licensetrack.core.report import hours

    end = datetime.date(2024, 1, 1) + relativedelta(months=months) - datetime.timedelta(days=1)
    courses = [act("Recorded", "2024-01-01", recorded, format="on-demand"), act("Live", "2024-01-01", live)]
    report = check(
        ruleset(PRORATED_TOTAL, SELF_STUDY_SHARE, cycle=RECORD),
        courses,
        end.isoformat(),
        issued="2019-05-01",
        period_start="2024-01-01",
        expires=end.isoformat(),
    )
    owed = months  # 1 hour per whole month
    missing = max(0.0, owed - live - min(recorded, owed / 3))
    assert hours(report.required_hours) == str(owed)
    assert abs(float(report.missing_hours) - missing) <= 0.01  # shown rounded up to the hundredth
