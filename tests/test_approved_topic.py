"""Issue #17: a topic requirement whose hours count only from courses of listed approval bodies (`approvals` on a
topic version). North Carolina psychology, 21 NCAC 54 .2104(c): "Included in the 15 hours under a Category A
program sponsor, a minimum of 3 continuing education hours in the area of ethics"."""

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
from licensetrack.formats.views import holder_for, plan_text, ruleset_json, ruleset_text
from licensetrack.io.rulefiles import loads_ruleset
from licensetrack.plugins.registry import load_registry
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE, act, check, records, requirement, ruleset, total

CATEGORY_A = '["apa", "aamft"]'
ETHICS = requirement(
    "ethics",
    "topic",
    "Ethics (Category A)",
    f'effective = 2000-01-01\nhours = 3\ntopics = ["ethics"]\napprovals = {CATEGORY_A}',
)
RULES = ruleset(total(24), ETHICS)
E = ("ethics",)


def _ethics(report: CredentialReport) -> RequirementResult:
    return next(r for r in report.requirements if r.id == "ethics")


def test_only_courses_of_a_listed_body_count_toward_the_topic() -> None:
    listed = check(RULES, [act("Ethics", "2025-02-01", 3, topics=E, approvals=("apa",))], "2025-06-01")
    other = check(RULES, [act("Ethics", "2025-02-01", 3, topics=E, approvals=("nbcc",))], "2025-06-01")
    none = check(RULES, [act("Ethics", "2025-02-01", 3, topics=E)], "2025-06-01")
    assert _ethics(listed).met
    for report in (other, none):
        assert (_ethics(report).counted, _ethics(report).met) == (0, False)
        assert report.counted_hours == 3  # the hours still count toward the total


def test_check_says_what_would_cure_it() -> None:
    report = check(RULES, [act("Ethics", "2025-02-01", 3, topics=E, approvals=("nbcc",))], "2025-06-01")
    cure = "take 3 h more on ethics from a course approved by apa, aamft (only these count toward it)"
    assert _ethics(report).detail == cure
    assert cure in " ".join(line.strip() for line in render_credential(report))
    row = next(r for r in to_json(report)["requirements"] if r["id"] == "ethics")
    assert (row["approvals"], row["detail"]) == (["apa", "aamft"], cure)
    met = check(RULES, [act("Ethics", "2025-02-01", 3, topics=E, approvals=("aamft",))], "2025-06-01")
    assert _ethics(met).detail == "counts only courses approved by apa, aamft"


def test_plan_suggests_a_course_of_a_listed_body() -> None:
    credential = Credential(id="c", ruleset=RULES.id, issued=datetime.date(2010, 1, 1))
    practitioner = Practitioner(
        id="p", credentials=(credential,), activities=(act("General", "2025-01-10", 24, approvals=("nbcc",)),)
    )
    result = plan(practitioner, {RULES.id: RULES}, datetime.date(2025, 6, 1))
    (remaining,) = result.remaining
    assert [(n.requirement, n.approvals) for n in remaining.topic_needs] == [("ethics", ("apa", "aamft"))]
    assert result.best_course is not None
    assert (result.best_course.topics, result.best_course.approvals) == (E, ("apa",))
    assert "approved by apa or aamft" in plan_text(result)


def test_rules_show_names_the_bodies() -> None:
    day = datetime.date(2025, 6, 1)
    data = ruleset_json(RULES, day, holder_for(RULES, day))
    (row,) = [r for r in data["requirements"] if r["id"] == "ethics"]
    assert row["approvals"] == ["apa", "aamft"]
    assert "only from courses approved by apa, aamft" in ruleset_text(data).replace("\n    ", " ")


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (requirement("cap", "cap", "Cap", 'effective = 2000-01-01\nmax_hours = 9\nformats = ["live"]\napprovals = ["apa"]'), ".approvals: only a topic requirement asks for courses of given approval bodies"),
        (requirement("e", "topic", "E", 'effective = 2000-01-01\nhours = 3\ntopics = ["ethics"]\napprovals = ["apaa"]'), "unknown approval body 'apaa'"),
    ],
)  # fmt: skip
def test_mistakes_are_named_with_file_and_key(fragment: str, message: str) -> None:
    language = load_registry(entry_points=False).language
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(HEADER + TWO_YEAR_CYCLE + total(24) + fragment, source="test.toml", language=language)
    assert str(caught.value).startswith("test.toml: ")
    assert message in str(caught.value)


RECORDS = records(
    datetime.date(2024, 1, 1),
    datetime.date(2025, 12, 31),
    [1, 3, 6],
    E,
    approvals=[(), ("apa",), ("nbcc",)],
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(RECORDS, st.randoms(use_true_random=False), st.sampled_from([(), ("apa",), ("nbcc",)]))
def test_order_invariant_and_monotone(records: list[Activity], rnd: random.Random, approvals: tuple[str, ...]) -> None:
    """Shuffling never changes the result; one more course never lowers what counts toward the topic."""
    base = check(RULES, records, "2025-06-01")
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert check(RULES, shuffled, "2025-06-01") == base
    more = check(RULES, [*records, act("E", "2025-03-01", 3, topics=E, approvals=approvals)], "2025-06-01")
    assert _ethics(more).counted >= _ethics(base).counted
    assert more.missing_hours <= base.missing_hours
    assert base.status is not Status.COMPLIANT or more.status is Status.COMPLIANT


# --- a body the eligibility does not accept, named by a topic (Ohio IMFT-S) -----------------------------------

OH_ELIGIBILITY = f"""
[[eligibility]]
effective = 2000-01-01
approvals = ["nbcc"]
{CITE}
"""
SUPERVISION = requirement(
    "supervision",
    "topic",
    "Supervision (IMFT-S)",
    'effective = 2000-01-01\nhours = 3\ntopics = ["supervision"]\nroles = ["supervisor"]\napprovals = ["aamft", "nbcc"]',
)
IMFT = ruleset(OH_ELIGIBILITY, total(30), SUPERVISION)
S = ("supervision",)


def _imft(records: list[Activity], roles: tuple[str, ...] = ("supervisor",)) -> CredentialReport:
    return check(IMFT, records, "2025-06-01", roles=roles)


def test_a_body_named_only_by_the_topic_counts_toward_it_alone() -> None:
    """4757-9-01(C): "Only the american association for marriage and family therapy supervision refresher course
    or an equivalent course ... may be used to meet this requirement": the AAMFT course counts, as the 3 hours."""
    report = _imft([act("AAMFT refresher", "2025-02-01", 3, topics=S, approvals=("aamft",)),
                    act("General", "2025-03-01", 27, approvals=("nbcc",))])  # fmt: skip
    assert report.status is Status.COMPLIANT
    assert report.counted_hours == 30
    refresher = next(a for a in report.activities if a.title == "AAMFT refresher")
    assert "accepted only toward supervision" in " ".join(refresher.reasons)


def test_its_other_courses_and_hours_beyond_the_topic_do_not_count() -> None:
    general = _imft([act("AAMFT general", "2025-02-01", 3, approvals=("aamft",))])
    assert general.counted_hours == 0
    long = _imft([act("AAMFT refresher", "2025-02-01", 6, topics=S, approvals=("aamft",)),
                  act("General", "2025-03-01", 24, approvals=("nbcc",))])  # fmt: skip
    assert (long.counted_hours, long.missing_hours) == (27, 3)
    assert _supervision(long).met
    refresher = next(a for a in long.activities if a.title == "AAMFT refresher")
    assert "3 h over a cap: Supervision (IMFT-S), the only hours its approval body counts toward" in " ".join(
        refresher.reasons
    )


def test_without_the_topic_owed_the_body_is_not_accepted() -> None:
    report = _imft([act("AAMFT refresher", "2025-02-01", 3, topics=S, approvals=("aamft",))], roles=())
    assert report.counted_hours == 0


def _supervision(report: CredentialReport) -> RequirementResult:
    return next(r for r in report.requirements if r.id == "supervision")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.builds(
            act,
            st.sampled_from(["A", "B"]),
            st.dates(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)).map(datetime.date.isoformat),
            st.sampled_from([1, 3, 6]),
            topics=st.sampled_from([(), S]),
            approvals=st.sampled_from([(), ("aamft",), ("nbcc",)]),
        ),
        max_size=6,
    ),
    st.randoms(use_true_random=False),
    st.sampled_from([(), ("aamft",), ("nbcc",)]),
)
def test_a_body_accepted_for_a_topic_only_keeps_order_invariance_and_monotonicity(
    records: list[Activity], rnd: random.Random, approvals: tuple[str, ...]
) -> None:
    base = _imft(records)
    shuffled = list(records)
    rnd.shuffle(shuffled)
    assert _imft(shuffled) == base
    more = _imft([*records, act("S", "2025-03-01", 3, topics=S, approvals=approvals)])
    assert _supervision(more).counted >= _supervision(base).counted
    assert more.missing_hours <= base.missing_hours
