"""Rule language v2: a requirement owed only by those who began graduate study before a date
(`graduate_study_before`; California's LCSW spousal or partner abuse course, Bus. & Prof. Code
§ 4996.22(a)(2): "The board shall not renew any license of an applicant who began graduate study before
January 1, 2004, ... unless ...")."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.engine import evaluate
from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Activity, Credential, Degree, DegreeLevel, Practitioner
from licensetrack.core.report import CredentialReport, Status
from licensetrack.formats.views import holder_for, ruleset_json
from tests.rulekit import act, requirement, ruleset, total

SPOUSAL = requirement(
    "spousal-abuse",
    "topic",
    "Spousal or partner abuse (one-time)",
    """effective = 2000-01-01
hours = 7
topics = ["domestic-violence"]
scope = "once"
due_first_renewal_after = 2004-01-01
graduate_study_before = 2004-01-01""",
)
RULES = ruleset(total(36), SPOUSAL)


def run(
    activities: list[Activity],
    *,
    began: str | None = None,
    issued: str = "2019-03-01",
    degrees: tuple[Degree, ...] = (),
    as_of: str = "2025-06-01",
) -> CredentialReport:
    credential = Credential(id="c", ruleset=RULES.id, issued=datetime.date.fromisoformat(issued))
    practitioner = Practitioner(
        id="p",
        credentials=(credential,),
        activities=tuple(activities),
        degrees=degrees,
        graduate_study_began=datetime.date.fromisoformat(began) if began else None,
    )
    return evaluate(practitioner, credential, RULES, datetime.date.fromisoformat(as_of))


def ids(report: CredentialReport) -> set[str]:
    return {r.id for r in report.requirements}


def test_owed_by_those_who_began_graduate_study_before_the_date() -> None:
    report = run([act("General", "2024-02-01", 36)], began="2003-09-01")
    assert "spousal-abuse" in ids(report)
    assert report.status is Status.DEFICIENT
    done = run(
        [act("General", "2024-02-01", 29), act("DV", "2024-03-01", 7, topics=("domestic-violence",))],
        began="2003-09-01",
    )
    assert done.status is Status.COMPLIANT


def test_not_owed_by_those_who_began_on_or_after_it() -> None:
    report = run([act("General", "2024-02-01", 36)], began="2004-01-01")
    assert "spousal-abuse" not in ids(report)
    assert report.status is Status.COMPLIANT
    assert not any("graduate study" in note for note in report.notes)


def test_without_the_date_a_licence_or_degree_from_before_it_tells() -> None:
    # A licence (or a graduate degree) before the date means graduate study began before it.
    assert "spousal-abuse" in ids(run([], issued="2001-05-01", as_of="2023-06-01"))
    master = (Degree(level=DegreeLevel.MASTER, conferred=datetime.date(2003, 6, 1)),)
    assert "spousal-abuse" in ids(run([], degrees=master))
    # A bachelor's degree says nothing about graduate study.
    bachelor = (Degree(level=DegreeLevel.BACHELOR, conferred=datetime.date(2001, 6, 1)),)
    assert "spousal-abuse" not in ids(run([], degrees=bachelor))


def test_when_the_profile_cannot_tell_it_is_not_owed_and_check_says_so() -> None:
    report = run([act("General", "2024-02-01", 36)])
    assert "spousal-abuse" not in ids(report)
    assert report.status is Status.COMPLIANT
    assert report.notes == (
        "Spousal or partner abuse (one-time) is owed only if graduate study began before 2004-01-01"
        " (Test Code § 1); the profile does not say when it began (graduate_study_began), so it is not checked",
    )


def test_rules_show_gives_the_date_and_why_it_is_not_owed() -> None:
    on = datetime.date(2025, 6, 1)
    # Issued in 2019: the issue date does not tell, so it is not owed, and the reason says why.
    data = ruleset_json(RULES, on, holder_for(RULES, on, issued=datetime.date(2019, 3, 1)))
    (entry,) = [r for r in data["not_owed"] if r["id"] == "spousal-abuse"]
    assert "owed only by those who began graduate study before 2004-01-01" in entry["reason"]
    assert "graduate_study_began" in entry["reason"]
    # Without an issue date, one long ago is assumed, which decides it: the assumption says so.
    assumed = ruleset_json(RULES, on, holder_for(RULES, on))
    (shown,) = [r for r in assumed["requirements"] if r["id"] == "spousal-abuse"]
    assert shown["graduate_study_before"] == "2004-01-01"
    assert "whether spousal-abuse is owed depends on the issue date" in assumed["period"]["assumption"]


def test_only_a_topic_or_course_takes_the_date() -> None:
    bad = total(36).replace("hours = 36", "hours = 36\ngraduate_study_before = 2004-01-01")
    with pytest.raises(RuleSetError, match="graduate_study_before: only a topic or course requirement"):
        ruleset(bad)


@settings(max_examples=30, deadline=None)
@given(st.dates(datetime.date(1990, 1, 1), datetime.date(2018, 12, 31)), st.integers(1, 10))
def test_owed_exactly_when_graduate_study_began_before_the_date(began: datetime.date, hours: int) -> None:
    """Whether it is owed depends on the profile's date alone, never on the courses (so adding a course
    cannot make it owed or not owed: monotonicity holds as for any once topic)."""
    report = run([act("DV", "2020-03-01", hours, topics=("domestic-violence",))], began=began.isoformat())
    assert ("spousal-abuse" in ids(report)) is (began < datetime.date(2004, 1, 1))
