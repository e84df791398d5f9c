"""Issue #17: a topic met by a course in any of the last n periods (`window_cycles` on an every-n-cycles topic).
Illinois, 20 ILCS 2105/2105-375(b): "a health care professional whose license or registration renewal occurs every
2 years must complete all statutorily mandated topics within 3 renewal periods"."""

from __future__ import annotations

import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.planner import plan
from licensetrack.core.report import CredentialReport, RequirementResult, Status
from licensetrack.formats.shapes import to_json
from licensetrack.formats.text import render_credential
from licensetrack.formats.views import holder_for, ruleset_json, ruleset_text
from licensetrack.io.rulefiles import loads_ruleset
from licensetrack.plugins.registry import load_registry
from tests.rulekit import HEADER, TWO_YEAR_CYCLE, act, check, requirement, ruleset, total

# Periods 2024-2025, 2026-2027, 2028-2029 (due: contains the anchor), then 2034-2035 ...
DEMENTIA = requirement(
    "dementia",
    "topic",
    "Dementia (1 hour within 3 renewal periods)",
    'effective = 2000-01-01\nhours = 1\ntopics = ["dementia"]\nscope = "every-n-cycles"\nevery = 3\n'
    "anchor = 2029-01-01\nwindow_cycles = 3",
)
RULES = ruleset(total(30), DEMENTIA)
D = ("dementia",)


def _dementia(report: CredentialReport) -> RequirementResult:
    return next(r for r in report.requirements if r.id == "dementia")


def test_a_course_of_an_earlier_period_in_the_window_meets_it() -> None:
    work = [act("General", "2028-03-01", 30)]
    for day in ("2024-05-01", "2026-05-01", "2029-05-01"):
        report = check(RULES, [*work, act("Dementia", day, 1, topics=D)], "2029-12-31")
        assert _dementia(report).met, day
        assert report.status is Status.COMPLIANT, day
    # Before the window (the period before 2024-01-01): not counted.
    report = check(RULES, [*work, act("Dementia", "2023-05-01", 1, topics=D)], "2029-12-31")
    assert not _dementia(report).met


def test_earlier_hours_are_not_counted_again_toward_the_total() -> None:
    report = check(RULES, [act("Dementia", "2026-05-01", 1, topics=D), act("G", "2028-03-01", 29)], "2029-12-31")
    assert _dementia(report).met
    assert report.counted_hours == 29
    assert report.missing_hours == 1


def test_the_next_window_starts_after_the_due_period() -> None:
    """A course of 2028-2029 met the topic then; the next due period (2034-2035) needs one of 2030-2035."""
    late = datetime.date(2035, 12, 31).isoformat()
    old = check(RULES, [act("D", "2029-05-01", 1, topics=D), act("G", "2034-03-01", 30)], late)
    assert not _dementia(old).met
    new = check(RULES, [act("D", "2030-05-01", 1, topics=D), act("G", "2034-03-01", 30)], late)
    assert _dementia(new).met


def test_the_window_starts_no_earlier_than_issue() -> None:
    report = check(RULES, [act("D", "2025-05-01", 1, topics=D), act("G", "2029-03-01", 30)], "2029-12-31",
                   issued="2026-03-01")  # fmt: skip
    assert not _dementia(report).met


def test_check_says_where_the_course_may_come_from() -> None:
    report = check(RULES, [act("G", "2028-03-01", 30)], "2029-12-31")
    cure = "take 1 h more on dementia; a course of any of the 3 periods from 2024-01-01 to 2029-12-31 counts"
    assert _dementia(report).detail == cure
    assert cure in " ".join(line.strip() for line in render_credential(report))
    row = next(r for r in to_json(report)["requirements"] if r["id"] == "dementia")
    assert row["detail"] == cure
    met = check(RULES, [act("G", "2028-03-01", 30), act("D", "2024-05-01", 1, topics=D)], "2029-12-31")
    assert _dementia(met).detail == "a course of any of the 3 periods from 2024-01-01 to 2029-12-31 counts"
    earlier = next(a for a in met.activities if a.title == "D")
    assert earlier.credited_to == ("dementia",)
    assert "counts toward dementia only" in " ".join(earlier.reasons)


def test_plan_asks_only_for_what_the_window_lacks() -> None:
    credential = Credential(id="c", ruleset=RULES.id, issued=datetime.date(2010, 1, 1))
    activities = (act("G", "2026-01-10", 30), act("G", "2028-01-10", 30), act("D", "2026-01-10", 1, topics=D))
    practitioner = Practitioner(id="p", credentials=(credential,), activities=activities)
    result = plan(practitioner, {RULES.id: RULES}, datetime.date(2029, 6, 1))
    (remaining,) = result.remaining
    assert (remaining.status, remaining.missing_hours, remaining.topic_needs) == (Status.COMPLIANT, 0, ())
    assert result.best_course is None
    short = Practitioner(id="p", credentials=(credential,), activities=activities[:2])
    (remaining,) = plan(short, {RULES.id: RULES}, datetime.date(2029, 6, 1)).remaining
    assert [(n.requirement, n.hours) for n in remaining.topic_needs] == [("dementia", 1)]


def test_rules_show_gives_the_window() -> None:
    day = datetime.date(2029, 6, 1)
    data = ruleset_json(RULES, day, holder_for(RULES, day))
    (row,) = [r for r in data["requirements"] if r["id"] == "dementia"]
    assert row["window_cycles"] == 3
    text = ruleset_text(data).replace("\n    ", " ")
    assert "met by a course of this period or of the 2 before it" in text


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (requirement("d", "topic", "D", 'effective = 2000-01-01\nhours = 1\ntopics = ["dementia"]\nwindow_cycles = 3'), '.window_cycles: needs scope "every-n-cycles"'),
        (requirement("d", "topic", "D", 'effective = 2000-01-01\nhours = 1\ntopics = ["dementia"]\nscope = "every-n-cycles"\nevery = 2\nwindow_cycles = 3'), ".window_cycles: at most `every` (2)"),
        (requirement("d", "course", "D", 'effective = 2000-01-01\ntopics = ["dementia"]\nscope = "every-n-cycles"\nevery = 3\nwindow_cycles = 3'), ".window_cycles: only a topic requirement"),
        (requirement("d", "topic", "D", 'effective = 2000-01-01\nhours = 1\ntopics = ["dementia"]\nscope = "every-n-cycles"\nevery = 3\nwindow_cycles = 1'), "window_cycles"),
    ],
)  # fmt: skip
def test_mistakes_are_named_with_file_and_key(fragment: str, message: str) -> None:
    language = load_registry(entry_points=False).language
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(HEADER + TWO_YEAR_CYCLE + total(30) + fragment, source="test.toml", language=language)
    assert str(caught.value).startswith("test.toml: ")
    assert message in str(caught.value)


RECORDS = st.lists(
    st.builds(
        act,
        st.sampled_from(["A", "B"]),
        st.dates(datetime.date(2023, 1, 1), datetime.date(2029, 12, 31)).map(datetime.date.isoformat),
        st.sampled_from([1, 3, 10]),
        topics=st.sampled_from([(), D]),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(RECORDS, st.randoms(use_true_random=False), st.dates(datetime.date(2023, 1, 1), datetime.date(2029, 12, 31)))
def test_order_invariant_and_monotone(records: list[Activity], rnd: random.Random, day: datetime.date) -> None:
    """Shuffling never changes the result; one more course, of any period, never lowers what counts toward it."""
    base = check(RULES, records, "2029-12-31")
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert check(RULES, shuffled, "2029-12-31") == base
    more = check(RULES, [*records, act("D", day.isoformat(), 1, topics=D)], "2029-12-31")
    assert _dementia(more).counted >= _dementia(base).counted
    assert more.missing_hours <= base.missing_hours
    assert base.status is not Status.COMPLIANT or more.status is Status.COMPLIANT
