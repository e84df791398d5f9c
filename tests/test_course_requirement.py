"""A required course with no hours (kind "course", issue #15 gap 1): loading, check, plan, deadlines, JSON."""

from __future__ import annotations

import datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.deadlines import deadlines
from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Activity, Credential, Format, Practitioner
from licensetrack.core.planner import plan
from licensetrack.core.report import Status
from licensetrack.formats.shapes import to_json
from licensetrack.formats.text import render_credential
from licensetrack.formats.views import plan_text
from tests.rulekit import act, check, requirement, ruleset, total

COURSE = requirement(
    "trafficking", "course", "Human-trafficking course", 'effective = 2000-01-01\ntopics = ["human-trafficking"]'
)
RULES = ruleset(total(10), COURSE)
TEN_HOURS = act("Workshop", "2024-03-01", 10)
COMPLETION = act("HT course", "2024-06-01", format="course-completion", topics=("human-trafficking",))


def test_ten_hours_without_the_course_is_deficient_with_no_hour_missing() -> None:
    report = check(RULES, [TEN_HOURS], "2025-06-01")
    course = next(r for r in report.requirements if r.id == "trafficking")
    assert (report.status, report.missing_hours, report.counted_hours) == (Status.DEFICIENT, 0, 10)
    assert (course.kind, course.required, course.missing, course.met, course.counts_toward_total) == (
        "course",
        0,
        0,
        False,
        False,
    )
    assert course.due == datetime.date(2025, 12, 31)
    assert course.detail == (
        "not completed: complete a course on human-trafficking by 2025-12-31 (no set hours; Test Code § 1)"
    )


def test_a_completion_with_no_hours_meets_the_course_and_adds_no_hours() -> None:
    report = check(RULES, [TEN_HOURS, COMPLETION], "2025-06-01")
    course = next(r for r in report.requirements if r.id == "trafficking")
    assert (report.status, report.counted_hours, course.met) == (Status.COMPLIANT, 10, True)
    assert course.detail == "completed: HT course on 2024-06-01"
    result = next(a for a in report.activities if a.title == "HT course")
    assert (result.hours, result.counted, result.excluded, result.reasons, result.credited_to) == (
        0,
        0,
        0,
        (),
        ("trafficking",),
    )
    assert result.size.text == "0 h"


def test_the_course_alone_does_not_make_up_missing_hours() -> None:
    report = check(RULES, [act("Workshop", "2024-03-01", 9), COMPLETION], "2025-06-01")
    assert (report.status, report.missing_hours) == (Status.DEFICIENT, 1)
    assert next(r for r in report.requirements if r.id == "trafficking").met


def test_a_course_before_the_period_does_not_count_for_it() -> None:
    early = act("HT course", "2023-12-31", format="course-completion", topics=("human-trafficking",))
    assert check(RULES, [TEN_HOURS, early], "2025-06-01").status is Status.DEFICIENT
    on_time = attrs.evolve(early, completed=datetime.date(2024, 1, 1))
    assert check(RULES, [TEN_HOURS, on_time], "2025-06-01").status is Status.COMPLIANT


def test_a_course_with_hours_meets_it_and_its_hours_count_as_any_ce() -> None:
    with_hours = act("HT course", "2024-06-01", 2, format="on-demand", topics=("human-trafficking",))
    report = check(RULES, [act("Workshop", "2024-03-01", 8), with_hours], "2025-06-01")
    assert (report.status, report.counted_hours) == (Status.COMPLIANT, 10)


def test_check_text_says_what_would_cure_it() -> None:
    lines = render_credential(check(RULES, [TEN_HOURS], "2025-06-01"))
    assert "  Hours: 10 counted of 10 required; 0 missing; 1 required course not completed" in lines
    assert lines[-3:] == [
        "  ✗ Human-trafficking course course       -  course",
        "    not completed: complete a course on human-trafficking by",
        "      2025-12-31 (no set hours; Test Code § 1)",
    ]
    done = render_credential(check(RULES, [TEN_HOURS, COMPLETION], "2025-06-01"))
    assert done[-1] == "  ✓ Human-trafficking course course    done"


def test_the_json_report_has_the_course_among_the_requirements() -> None:
    data = to_json(check(RULES, [TEN_HOURS], "2025-06-01"))
    course = next(r for r in data["requirements"] if r["id"] == "trafficking")
    assert {k: course[k] for k in ("kind", "required", "missing", "met", "due", "counts_toward_total")} == {
        "kind": "course",
        "required": "0",
        "missing": "0",
        "met": False,
        "due": "2025-12-31",
        "counts_toward_total": False,
    }


def _profile(*activities: Activity) -> tuple[Practitioner, Credential]:
    credential = Credential(id="test", ruleset=RULES.id, issued=datetime.date(2010, 1, 1))
    return Practitioner(id="p", credentials=(credential,), activities=activities), credential


def test_plan_lists_the_course_to_complete_and_suggests_no_hours_for_it() -> None:
    practitioner, _ = _profile(TEN_HOURS)
    result = plan(practitioner, {RULES.id: RULES}, datetime.date(2025, 6, 1))
    text = plan_text(result)
    assert "    - complete Human-trafficking course (human-trafficking) by 2025-12-31; no\n      set hours\n" in text
    assert text.endswith("No hours are missing: only the required courses listed above.\n")
    assert result.best_course is None
    assert to_json(result)["credentials"][0]["courses"] == [
        {"requirement": "trafficking", "title": "Human-trafficking course", "topics": ["human-trafficking"],
         "hours": "0", "due": "2025-12-31"}
    ]  # fmt: skip


def test_plan_json_of_a_rule_set_without_courses_has_no_courses_key() -> None:
    rules = ruleset(total(10))
    practitioner = Practitioner(
        id="p", credentials=(Credential(id="test", ruleset=rules.id, issued=datetime.date(2010, 1, 1)),)
    )
    assert "courses" not in to_json(plan(practitioner, {rules.id: rules}, datetime.date(2025, 6, 1)))["credentials"][0]


def test_deadlines_give_the_course_its_due_date() -> None:
    practitioner, _ = _profile(TEN_HOURS)
    found = [
        d for d in deadlines(practitioner, {RULES.id: RULES}, datetime.date(2025, 6, 1)) if d.title.startswith("Human")
    ]
    assert [(d.date, d.kind.value, d.detail) for d in found] == [
        (datetime.date(2025, 12, 31), "requirement", "course not completed (no set hours)")
    ]
    practitioner, _ = _profile(TEN_HOURS, COMPLETION)
    assert not [
        d for d in deadlines(practitioner, {RULES.id: RULES}, datetime.date(2025, 6, 1)) if d.title.startswith("Human")
    ]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("effective = 2000-01-01", 'requirements[0] ("c").versions[0].topics: a course requirement needs at least one topic'),
        ('effective = 2000-01-01\ntopics = ["human-trafficking"]\nhours = 1', "versions[0].hours: a course requirement is met by completion and takes no `hours`"),
        ('effective = 2000-01-01\ntopics = ["human-trafficking"]\nmax_hours = 1', "versions[0].max_hours: a course requirement is met by completion and takes no `max_hours`"),
        ('effective = 2000-01-01\ntopics = ["human-trafficking"]\nwithout_approvals = ["apa"]', "versions[0].without_approvals: a course requirement takes no `without_approvals`"),
    ],
)  # fmt: skip
def test_course_mistakes_are_named_with_file_and_key(version: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        ruleset(requirement("c", "course", "C", version))
    assert str(caught.value).startswith("test.toml: ")
    assert message in str(caught.value)


RECORDS = st.lists(
    st.builds(
        Activity,
        title=st.sampled_from(["A", "B", "C"]),
        completed=st.dates(datetime.date(2023, 6, 1), datetime.date(2026, 6, 1)),
        hours=st.none(),
        format=st.just(Format.COURSE_COMPLETION),
        topics=st.sampled_from([(), ("human-trafficking",), ("ethics",)]),
    ),
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(RECORDS, st.randoms(use_true_random=False), st.dates(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)))
def test_a_course_is_order_invariant_and_monotone(records: list[Activity], rnd: object, as_of: datetime.date) -> None:
    """Shuffling the records never changes the result; adding one never undoes a met course."""
    base = check(RULES, [TEN_HOURS, *records], as_of.isoformat())
    shuffled = [TEN_HOURS, *records]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert check(RULES, shuffled, as_of.isoformat()) == base
    more = check(RULES, [TEN_HOURS, *records, COMPLETION], as_of.isoformat())
    met = {r.id: r.met for r in base.requirements}
    assert all(r.met or not met[r.id] for r in more.requirements)
    assert more.missing_hours <= base.missing_hours


def test_a_one_time_course_done_in_an_earlier_period_stays_done() -> None:
    """A one-time training (Michigan's human-trafficking training, R 338.7202-style "one-time") done in an
    earlier period meets the requirement in every later period; one taken before `count_from` does not."""
    once = requirement(
        "trafficking",
        "course",
        "Human-trafficking training (one time)",
        'effective = 2000-01-01\ntopics = ["human-trafficking"]\nscope = "once"\n'
        "due_first_renewal_after = 2021-06-01\ncount_from = 2021-06-01",
    )
    rules = ruleset(total(10), once)
    earlier = act("HT training", "2022-03-01", format="course-completion", topics=("human-trafficking",))
    too_early = attrs.evolve(earlier, completed=datetime.date(2021, 5, 31))
    done = next(r for r in check(rules, [TEN_HOURS, earlier], "2025-06-01").requirements if r.id == "trafficking")
    assert (done.met, done.detail) == (True, "completed: HT training on 2022-03-01")
    undone = next(r for r in check(rules, [TEN_HOURS, too_early], "2025-06-01").requirements if r.id == "trafficking")
    assert undone.met is False
