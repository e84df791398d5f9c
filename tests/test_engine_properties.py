"""Invariants of the engine over generated rule sets and the bundled ones."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.core.engine import evaluate, evaluate_profile
from licensetrack.core.model import Activity, Credential, Format, Practitioner
from licensetrack.core.report import CredentialReport, Status
from licensetrack.core.rules import (
    CarryForward,
    Category,
    CycleKind,
    CycleRule,
    Eligibility,
    Requirement,
    RequirementKind,
    RequirementVersion,
    RuleSet,
    Scope,
)
from licensetrack.core.vocabulary import PROVIDER_TYPES
from licensetrack.plugins.registry import load_registry
from licensetrack.testing import history_dependent
from licensetrack.testing.strategies import activities

CITE = {"citation": "Test § 1", "source": "https://example.org/rules"}
START = datetime.date(2000, 1, 1)
TOPICS = ["ethics", "law", "supervision", "administrative", "suicide-prevention"]


@st.composite
def rulesets(draw: st.DrawFn) -> RuleSet:
    requirements = [
        Requirement(
            id="total",
            kind=RequirementKind.TOTAL,
            title="Total",
            versions=(RequirementVersion(effective=START, hours=Decimal(draw(st.integers(1, 40))), **CITE),),
        )
    ]
    for index in range(draw(st.integers(0, 2))):
        once = draw(st.booleans())
        requirements.append(
            Requirement(
                id=f"topic-{index}",
                kind=RequirementKind.TOPIC,
                title=f"Topic {index}",
                versions=(
                    RequirementVersion(
                        effective=START,
                        hours=Decimal(draw(st.integers(1, 8))),
                        topics=tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True))),
                        counts_toward_total=draw(st.booleans()),
                        scope=Scope.ONCE if once else Scope.CYCLE,
                        due_first_renewal_after=datetime.date(2020, 1, 1) if once else None,
                        **CITE,
                    ),
                ),
            )
        )
    for index in range(draw(st.integers(0, 2))):
        share = draw(st.booleans())
        requirements.append(
            Requirement(
                id=f"cap-{index}",
                kind=RequirementKind.CAP,
                title=f"Cap {index}",
                versions=(
                    RequirementVersion(
                        effective=START,
                        formats=tuple(
                            draw(st.lists(st.sampled_from(list(Format)), min_size=1, max_size=3, unique=True))
                        ),
                        max_hours=None if share else Decimal(draw(st.integers(1, 12))),
                        max_share=Fraction(1, draw(st.integers(2, 4))) if share else None,
                        **CITE,
                    ),
                ),
            )
        )
    if draw(st.booleans()):
        requirements.append(_share_requirement(draw))
    if draw(st.booleans()):
        requirements.append(_categories_requirement(draw))
    eligibility = ()
    if draw(st.booleans()):
        eligibility = (Eligibility(effective=START, approvals=("nbcc", "apa", "aswb"), **CITE),)
    carry = (CarryForward(effective=START, max_hours=Decimal(10), **CITE),) if draw(st.booleans()) else ()
    return RuleSet(
        id="us-zz-generated",
        title="Generated",
        authority="Test",
        verified_on=datetime.date(2026, 11, 25),
        cycle=(CycleRule(effective=START, kind=CycleKind.FIXED, start="01-01", anchor_year=2024, months=24, **CITE),),
        eligibility=eligibility,
        carry_forward=carry,
        requirements=tuple(requirements),
    )


def _share_requirement(draw: st.DrawFn) -> Requirement:
    """At least a share of the hours from listed provider types (Texas, 22 TAC § 781.501(f))."""
    kinds = draw(st.lists(st.sampled_from(sorted(PROVIDER_TYPES)), min_size=1, max_size=3, unique=True))
    version = RequirementVersion(
        effective=START, min_share=Fraction(1, draw(st.integers(1, 4))), provider_types=tuple(kinds), **CITE
    )
    return Requirement(id="share", kind=RequirementKind.SHARE, title="Share", versions=(version,))


def _categories_requirement(draw: st.DrawFn) -> Requirement:
    """Hours from at least N of a few categories of formats (California CPD: two of four)."""
    formats = draw(st.permutations(list(Format)))
    categories = tuple(
        Category(id=f"c{i}", title=f"Category {i}", formats=tuple(formats[2 * i : 2 * i + 2])) for i in range(3)
    )
    version = RequirementVersion(effective=START, min_categories=draw(st.integers(2, 3)), categories=categories, **CITE)
    return Requirement(id="categories", kind=RequirementKind.CATEGORIES, title="Categories", versions=(version,))


AS_OF = datetime.date(2025, 6, 1)
KINDS = load_registry().kinds  # the installed plugins' kinds, for the installed rule sets among those drawn
in_window = activities(start=datetime.date(2021, 1, 1), end=datetime.date(2025, 6, 1))


def run(
    ruleset: RuleSet, acts: list[Activity] | tuple[Activity, ...], as_of: datetime.date = AS_OF
) -> CredentialReport:
    credential = Credential(id="c", ruleset=ruleset.id, issued=datetime.date(2015, 1, 1))
    practitioner = Practitioner(id="p", credentials=(credential,), activities=tuple(acts))
    return evaluate(practitioner, credential, ruleset, as_of, kinds=KINDS)


def _credential_for(ruleset: RuleSet) -> Credential:
    return Credential(id="c", ruleset=ruleset.id, issued=datetime.date(2015, 1, 1), expires=datetime.date(2026, 1, 31))


def run_any(ruleset: RuleSet, acts: list[Activity], as_of: datetime.date = AS_OF) -> CredentialReport:
    credential = _credential_for(ruleset)
    practitioner = Practitioner(id="p", credentials=(credential,), activities=tuple(acts))
    return evaluate(practitioner, credential, ruleset, as_of, kinds=KINDS)


any_ruleset = rulesets() | st.sampled_from(list(load_registry().rulesets.values()))


@given(any_ruleset, st.lists(in_window, max_size=10), st.randoms())
def test_activity_order_never_changes_a_report_and_a_summary_is_the_report_without_its_activities(
    ruleset: RuleSet, acts: list[Activity], random: object
) -> None:
    """Two properties of the same draw (a rule set and activities), checked on one report."""
    shuffled = list(acts)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert run_any(ruleset, shuffled) == run_any(ruleset, acts)
    # The audit's CSV asks for no per-activity account; everything else must be exactly the same.
    credential = _credential_for(ruleset)
    practitioner = Practitioner(id="p", credentials=(credential,), activities=tuple(acts))
    full = evaluate_profile(practitioner, {ruleset.id: ruleset}, AS_OF, kinds=KINDS)
    summary = evaluate_profile(practitioner, {ruleset.id: ruleset}, AS_OF, explain_activities=False, kinds=KINDS)
    assert summary.credentials[0].activities == ()
    assert summary == attrs.evolve(full, credentials=tuple(attrs.evolve(c, activities=()) for c in full.credentials))


@given(
    any_ruleset,
    st.lists(in_window, max_size=8),
    in_window,
    st.lists(activities(start=datetime.date(2025, 6, 2), end=datetime.date(2030, 1, 1)), min_size=1, max_size=4),
)
def test_adding_an_activity_never_lowers_counted_hours_or_compliance_and_later_ones_change_nothing(
    ruleset: RuleSet, acts: list[Activity], extra: Activity, later: list[Activity]
) -> None:
    """Two properties of the same draw, against the same report before anything is added.

    Not for a course of an earlier period under an alternating requirement: what the previous period
    counted chooses the side owed now (docs/rule-language.md), so such a course may narrow it.
    """
    before = run_any(ruleset, acts)
    after = run_any(ruleset, [*acts, extra])
    if not (history_dependent(ruleset) and extra.completed < before.cycle_start):
        counted_before = {r.id: r.counted for r in before.requirements}
        for requirement in after.requirements:
            assert requirement.counted >= counted_before[requirement.id], requirement.id
        assert after.missing_hours <= before.missing_hours
        if before.status is Status.COMPLIANT:
            assert after.status is Status.COMPLIANT
    # Activities completed after the as-of date change nothing.
    after_later = run_any(ruleset, [*acts, *later])
    assert after_later.requirements == before.requirements
    assert (after_later.status, after_later.missing_hours, after_later.counted_hours) == (
        before.status,
        before.missing_hours,
        before.counted_hours,
    )
    assert all(a.counted == 0 for a in after_later.activities if a.completed > AS_OF)


@given(rulesets(), st.lists(in_window, max_size=10))
def test_report_numbers_are_consistent(ruleset: RuleSet, acts: list[Activity]) -> None:
    report = run(ruleset, acts)
    for activity in report.activities:
        assert activity.counted >= 0
        assert activity.excluded >= 0
        if activity.excluded > 0:
            assert activity.reasons, activity
    if report.status is Status.COMPLIANT:
        assert all(r.met for r in report.requirements)
        assert report.missing_hours == 0
    missing = {r.id: r.missing for r in report.requirements}
    assert report.missing_hours >= max(missing.values(), default=Decimal(0))


@given(
    st.lists(
        st.builds(
            Activity,
            title=st.sampled_from(["A", "B"]),
            completed=st.sampled_from([datetime.date(2024, 1, 1), datetime.date(2024, 1, 2)]),
            hours=st.sampled_from([Decimal("1"), Decimal("1.0"), Decimal("2")]),
            format=st.sampled_from([Format.LIVE, Format.ON_DEMAND]),
            topics=st.sampled_from([(), ("ethics",)]),
        ),
        max_size=12,
    )
)
def test_the_canonical_order_is_the_order_of_the_full_key(acts: list[Activity]) -> None:
    """Sorting by date and title first, then breaking ties, is the same as sorting by every field."""
    from licensetrack.core.engine.job import canonical, full_key

    assert list(canonical(acts)) == sorted(acts, key=full_key)
    assert list(canonical(reversed(acts))) == sorted(acts, key=full_key)  # input order never matters


@given(any_ruleset, st.lists(in_window, max_size=10))
def test_each_requirements_credits_add_up_to_what_the_allocation_gave_it(
    ruleset: RuleSet, acts: list[Activity]
) -> None:
    """The packet's "hours allocated" per activity and requirement are the allocation's own figures.

    The total's credits add up to the hours it was allocated; a topic's, once capped at what it
    requires, to its allocated hours so capped (an hour counts toward every topic it carries, and a
    topic is credited no more than it needs); no activity gives a requirement more than it counted,
    except a course of an earlier period toward a one-time or windowed topic; a requirement met by
    completion takes no hours.
    """
    report = run_any(ruleset, acts)
    given: dict[str, Decimal] = {}
    for activity in report.activities:
        assert activity.credited_to == tuple(c.requirement for c in activity.credits)
        for credit in activity.credits:
            if credit.hours is None:
                continue
            assert credit.hours > 0, credit
            if activity.counted > 0:
                assert credit.hours <= activity.counted, (activity, credit)
            given[credit.requirement] = given.get(credit.requirement, Decimal(0)) + credit.hours
    for requirement in report.requirements:
        if requirement.kind == RequirementKind.TOTAL:
            assert given.get(requirement.id, Decimal(0)) == requirement.allocated, requirement
        elif requirement.kind == RequirementKind.TOPIC:
            got = min(given.get(requirement.id, Decimal(0)), requirement.required)
            assert got == min(requirement.allocated, requirement.required), requirement
        elif requirement.kind == RequirementKind.COURSE:
            assert requirement.id not in given
