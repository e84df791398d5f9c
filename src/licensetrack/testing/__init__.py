"""A kit for plugin authors: the standard checks every rule set should pass.

Subclass :class:`RuleSetContract` in a test module and name your rule sets; pytest then runs:

- the rule files load strictly (and a typo in a copy of each is refused);
- every dated entry cites a code section and a source address, and unverified ones say why;
- every effective date is tested on both sides: a period selected the day before gets the older
  version, one selected on the day gets the newer;
- every choice of requirement sets (``[[alternatives]]``) on both sides of its date: the day before
  offers the older choice (or none), the day itself its models, each evaluated, one met enough;
- the engine's invariants hold over your rule sets (activity order never matters; adding an
  activity never lowers a requirement's counted hours nor turns compliant into deficient).

```python
from pathlib import Path
from licensetrack.testing import RuleSetContract

class TestMyRules(RuleSetContract):
    ruleset_ids = ("acme-clinician",)
    rules_root = Path(my_plugin.__file__).parent / "rules"
```

Case files (``*.cases.toml`` next to the rule files) are collected by the pytest plugin that ships
with licensetrack; see :mod:`licensetrack.testing.cases`. Strategies for your own property tests
are in :mod:`licensetrack.testing.strategies`. Needs ``licensetrack[test]`` (pytest, hypothesis).
"""

from __future__ import annotations

import datetime
import itertools
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licensetrack.core.cycles import Period
from licensetrack.core.engine import evaluate
from licensetrack.core.engine.alternate import sides
from licensetrack.core.engine.periods import late_from
from licensetrack.core.errors import RuleSetError
from licensetrack.core.kinds import Kinds
from licensetrack.core.model import Activity, Credential, CredentialStatus, Format, Practitioner
from licensetrack.core.report import CredentialReport, Status
from licensetrack.core.rules import (
    Alternatives,
    FirstCycle,
    FirstCycleRule,
    Requirement,
    RequirementKind,
    RequirementVersion,
    RuleSet,
    Scope,
    SelectBy,
)
from licensetrack.io.rulefiles import loads_ruleset, read_ruleset, rule_files
from licensetrack.plugins.registry import Registry, load_registry
from licensetrack.testing.periods import (
    accepted_approvals,
    check_approved_topic,
    check_in_cycle,
    check_issued_late,
    check_per_cycle_year,
    check_short_period,
    check_window,
)
from licensetrack.testing.strategies import activities

__all__ = ["RuleSetContract"]


# Each subclass runs these inherited property tests as a different "executor"; the tests depend only
# on the class-scoped `rulesets` fixture they are given, so replaying an example stays sound.
_INHERITED = [HealthCheck.function_scoped_fixture, HealthCheck.differing_executors]


class RuleSetContract:
    """Standard checks for the rule sets a plugin (or the bundled tree) supplies."""

    #: the ids of the rule sets under test (all must be installed, or under ``rules_root``)
    ruleset_ids: ClassVar[tuple[str, ...]] = ()
    #: the directory holding the rule files (``<authority>/<credential>.toml``), for the file checks;
    #: a str or any os.PathLike, as ``my_plugin.__path__[0] + "/rules"`` is as natural as a Path
    rules_root: ClassVar[str | os.PathLike[str] | None] = None
    #: also load ``rules_root`` as an unpackaged rules directory (for rules not installed as a plugin)
    load_rules_root: ClassVar[bool] = False

    @pytest.fixture(scope="class")
    @classmethod
    def registry(cls) -> Registry:
        root = cls._root()
        extra = [root] if cls.load_rules_root and root else []
        return load_registry(extra)

    @classmethod
    def _root(cls) -> Path | None:
        return None if cls.rules_root is None else Path(cls.rules_root)

    @pytest.fixture(scope="class")
    @classmethod
    def rulesets(cls, registry: Registry) -> list[RuleSet]:
        missing = [i for i in cls.ruleset_ids if i not in registry.rulesets]
        assert not missing, f"rule sets not installed: {missing}"
        return [registry.rulesets[i] for i in cls.ruleset_ids]

    def test_names_at_least_one_rule_set(self) -> None:
        assert self.ruleset_ids, "set `ruleset_ids` on the subclass"

    def test_rule_files_load_strictly(self, registry: Registry) -> None:
        root = self._root()
        if root is None:
            pytest.skip("no rules_root given: the file checks need the rule files' directory")
        files = rule_files(root)
        assert files, f"no rule files under {root}"
        for path in files:
            ruleset = read_ruleset(path, root=root, language=registry.language)
            text = path.read_text(encoding="utf-8")
            with pytest.raises(RuleSetError, match="unknown key 'not_a_rule_key'"):
                loads_ruleset("not_a_rule_key = 1\n" + text, source=str(path), language=registry.language)
            assert ruleset.id in self.ruleset_ids or ruleset.id in registry.rulesets

    def test_every_dated_entry_cites_a_section_and_an_address(self, rulesets: list[RuleSet]) -> None:
        for ruleset in rulesets:
            for entry in ruleset.dated_entries():
                assert entry.citation.strip(), f"{ruleset.id}: an entry has no citation"
                assert entry.source.startswith(("https://", "http://")), f"{ruleset.id}: {entry.citation}"
                if not entry.verified:
                    assert entry.note, f"{ruleset.id}: unverified {entry.citation} must say why in `note`"
            assert ruleset.verified_on <= datetime.date.today() + datetime.timedelta(days=1)

    def test_effective_dates_on_both_sides(self, rulesets: list[RuleSet], registry: Registry) -> None:
        checked = 0
        for ruleset in rulesets:
            for requirement in ruleset.requirements:
                for older, newer in zip(requirement.versions, requirement.versions[1:], strict=False):
                    checked += _check_boundary(ruleset, requirement, (older, newer), registry.kinds)
            firsts = _narrowest_bands(ruleset.first_cycle)
            for older_first, newer_first in itertools.pairwise(firsts):
                checked += _check_first_cycle_boundary(ruleset, older_first, newer_first, registry.kinds)
        # Nothing to check is fine only when nothing ever changed.
        changes = sum(len(r.versions) - 1 for rs in rulesets for r in rs.requirements)
        changes += sum(max(0, len(_narrowest_bands(rs.first_cycle)) - 1) for rs in rulesets)
        assert checked or not changes

    @given(data=st.data())
    @settings(max_examples=40, deadline=None, suppress_health_check=_INHERITED)
    def test_activity_order_never_matters(
        self, rulesets: list[RuleSet], registry: Registry, data: st.DataObject
    ) -> None:
        ruleset = data.draw(st.sampled_from(rulesets))
        acts = data.draw(st.lists(_in_window, max_size=8))
        shuffled = data.draw(st.permutations(acts))
        assert _run(ruleset, shuffled, registry.kinds) == _run(ruleset, acts, registry.kinds)

    @given(data=st.data())
    @settings(max_examples=40, deadline=None, suppress_health_check=_INHERITED)
    def test_adding_an_activity_never_lowers_what_counts(
        self, rulesets: list[RuleSet], registry: Registry, data: st.DataObject
    ) -> None:
        ruleset = data.draw(st.sampled_from(rulesets))
        acts = data.draw(st.lists(_in_window, max_size=6))
        before = _run(ruleset, acts, registry.kinds)
        extra = data.draw(_in_window)
        after = _run(ruleset, [*acts, extra], registry.kinds)
        if history_dependent(ruleset) and extra.completed < before.cycle_start:
            return  # an earlier period's course chooses an alternating requirement's side (not monotone)
        counted = {r.id: r.counted for r in before.requirements}
        for requirement in after.requirements:
            assert requirement.counted >= counted[requirement.id], requirement.id
        assert after.missing_hours <= before.missing_hours
        if before.status is Status.COMPLIANT:
            assert after.status is Status.COMPLIANT

    def test_required_courses_on_both_sides(self, rulesets: list[RuleSet], registry: Registry) -> None:
        """A required course (kind "course"): not owed by a period selected the day before its first version,
        owed on it; unmet with no record of its topic, met by a completion with no hours, which adds none."""
        for ruleset in rulesets:
            for requirement in ruleset.requirements:
                if requirement.kind == RequirementKind.COURSE:
                    _check_course(ruleset, requirement, registry.kinds)

    def test_due_dates_from_licensure_on_both_sides(self, rulesets: list[RuleSet], registry: Registry) -> None:
        """A requirement due counted from licensure (`due_months_after_issue`): not owed by a licence issued
        the day before its version, owed on its due date by one issued on it, unmet with no record and met
        by a matching course taken on the issue date."""
        for ruleset in rulesets:
            for requirement in ruleset.requirements:
                for version in requirement.versions:
                    if version.due_months_after_issue is not None and not version.repealed:
                        _check_due_from_issue(ruleset, requirement, version, registry.kinds)

    def test_requirements_owed_by_when_graduate_study_began_on_both_sides(
        self, rulesets: list[RuleSet], registry: Registry
    ) -> None:
        """A requirement owed by when graduate study began (`graduate_study_before`): never owed by a holder
        who began on the date, and owed (when its version is the period's) by one who began the day before."""
        for ruleset in rulesets:
            for requirement in ruleset.requirements:
                for version in requirement.versions:
                    if version.graduate_study_before is not None and not version.repealed:
                        _check_graduate_study_sides(ruleset, requirement, version, registry.kinds)

    def test_period_constructs_on_both_sides(self, rulesets: list[RuleSet], registry: Registry) -> None:
        """A short period's flat total (``short_period_hours``) one day short of the cycle and not; a requirement
        owed in the n-th period after issue (``in_cycle``) in it and in the next; a first-period rule for late
        issue dates (``issued_within_months_of_end``) on the first day of the window and the day before; a topic
        counting only listed approval bodies (``approvals``) with and without one; an every-n-cycles topic met by a
        course of its window of periods (``window_cycles``) on the window's first day and the day before; a topic
        owing hours per year of the cycle (``hours_per_cycle_year``) for the cycle in force."""
        for ruleset in rulesets:
            for requirement in ruleset.requirements:
                for version in requirement.versions:
                    if version.repealed:
                        continue
                    if version.short_period_hours is not None:
                        check_short_period(ruleset, version, registry.kinds)
                    if version.in_cycle is not None:
                        check_in_cycle(ruleset, requirement, version, registry.kinds)
                    if version.approvals:
                        check_approved_topic(ruleset, requirement, version, registry.kinds)
                    if version.window_cycles is not None:
                        check_window(ruleset, requirement, version, registry.kinds)
                    if version.hours_per_cycle_year is not None:
                        check_per_cycle_year(ruleset, requirement, version, registry.kinds)
            for first in ruleset.first_cycle:
                if first.issued_within_months_of_end is not None:
                    check_issued_late(ruleset, first, registry.kinds)

    def test_share_requirements_on_both_sides(self, rulesets: list[RuleSet], registry: Registry) -> None:
        """A share requirement (at least a share of the hours from listed provider types) counts the same
        course differently on the two sides of its list: from a listed type it meets the share, from any
        other type it does not, and hours from other types never leave fewer hours missing."""
        for ruleset in rulesets:
            for requirement in ruleset.requirements:
                if requirement.kind != RequirementKind.SHARE:
                    continue
                for version in requirement.versions:
                    if not version.repealed:
                        _check_share_sides(ruleset, requirement, version, registry.kinds)

    def test_category_requirements_on_both_sides(self, rulesets: list[RuleSet], registry: Registry) -> None:
        """A categories requirement (hours from at least N categories) is met by courses in N categories the
        board accepts, and not by the same courses less one category."""
        for ruleset in rulesets:
            for requirement in ruleset.requirements:
                if requirement.kind != RequirementKind.CATEGORIES:
                    continue
                for version in requirement.versions:
                    if not version.repealed:
                        _check_category_sides(ruleset, requirement, version, registry.kinds)

    def test_an_alternating_requirement_owes_the_side_the_previous_period_did_not_count(
        self, rulesets: list[RuleSet], registry: Registry
    ) -> None:
        for ruleset in rulesets:
            for requirement_id, version in _alternating_at(ruleset, registry.kinds):
                for done, owed in (sides(version), sides(version)[::-1]):
                    report = _run(ruleset, [_previous_course(ruleset, version, done, registry.kinds)], registry.kinds)
                    (result,) = [r for r in report.requirements if r.id == requirement_id]
                    assert result.topics == owed, (ruleset.id, requirement_id, done)

    def test_a_prorated_total_owes_its_rate_per_month_in_a_period_of_another_length(
        self, rulesets: list[RuleSet], registry: Registry
    ) -> None:
        for ruleset in rulesets:
            report = _run(ruleset, [], registry.kinds, period_start=datetime.date(2024, 6, 1))
            total = next((r for r in ruleset.at(_span(report)).requirements if r.requirement.kind == "total"), None)
            rate = total.version.prorated_per_month if total and total.version else None
            if rate is None or report.status is Status.EXEMPT:
                continue
            # 2024-06-01 to 2026-01-31: 20 whole months.
            assert report.required_hours == rate * 20, ruleset.id

    def test_a_status_owing_fewer_hours_owes_them_and_others_do_not(
        self, rulesets: list[RuleSet], registry: Registry
    ) -> None:
        for ruleset in rulesets:
            active = _run(ruleset, [], registry.kinds)
            entry = ruleset.at(_span(active)).status_hours
            if entry is None or active.status is Status.EXEMPT or active.cycle_index == 0:
                continue
            for status in entry.statuses:
                report = _run(ruleset, [], registry.kinds, status=status)
                assert report.required_hours == entry.hours, (ruleset.id, status)
            assert active.required_hours != entry.hours, ruleset.id

    def test_a_first_period_owing_only_some_requirements_owes_no_others(
        self, rulesets: list[RuleSet], registry: Registry
    ) -> None:
        for ruleset in rulesets:
            if not any(entry.treatment is FirstCycle.ONLY for entry in ruleset.first_cycle):
                continue
            first = _run(ruleset, [], registry.kinds, issued=_AS_OF - datetime.timedelta(days=30))
            rule = ruleset.at(_span(first)).first_cycle
            if first.cycle_index != 0 or rule is None or rule.treatment is not FirstCycle.ONLY:
                continue
            assert {r.id for r in first.requirements} <= set(rule.requirements), ruleset.id
            later = _run(ruleset, [], registry.kinds)
            assert {r.id for r in later.requirements} - set(rule.requirements), ruleset.id

    def test_alternatives_on_both_sides(self, rulesets: list[RuleSet], registry: Registry) -> None:
        """Each ``[[alternatives]]`` entry: a period selected the day before it offers the older choice (or none),
        one selected on the day offers its models, every one evaluated, and one met model is enough."""
        for ruleset in rulesets:
            for index, entry in enumerate(ruleset.alternatives):
                older = ruleset.alternatives[index - 1] if index else None
                for day, expected in ((entry.effective - datetime.timedelta(days=1), older), (entry.effective, entry)):
                    _check_alternatives(ruleset, day, expected, registry.kinds)


_AS_OF = datetime.date(2025, 6, 1)
_in_window = activities(start=datetime.date(2022, 1, 1), end=_AS_OF)


def _roles(ruleset: RuleSet) -> tuple[str, ...]:
    return tuple(sorted({role for r in ruleset.requirements for v in r.versions for role in v.roles}))


def _run(
    ruleset: RuleSet,
    acts: list[Activity],
    kinds: Kinds,
    *,
    period_start: datetime.date | None = None,
    status: CredentialStatus = CredentialStatus.ACTIVE,
    issued: datetime.date = datetime.date(2005, 1, 1),
    graduate_study_began: datetime.date | None = None,
) -> CredentialReport:
    credential = Credential(
        id="contract",
        ruleset=ruleset.id,
        issued=issued,
        expires=datetime.date(2026, 1, 31),
        period_start=period_start,
        status=status,
        roles=_roles(ruleset),
    )
    practitioner = Practitioner(
        id="contract",
        birth_date=datetime.date(1980, 1, 15),
        credentials=(credential,),
        activities=tuple(acts),
        graduate_study_began=graduate_study_began,
    )
    return evaluate(practitioner, credential, ruleset, _AS_OF, kinds=kinds)


def _periods_selected_on(ruleset: RuleSet, select_by: SelectBy, day: datetime.date) -> Iterator[Credential]:
    """A credential whose period starts (or ends) exactly on ``day``, per the board's record."""
    cycle = ruleset.cycle_on(day)
    if select_by is SelectBy.CYCLE_START:
        start = day
        end = start + relativedelta(months=cycle.months) - datetime.timedelta(days=1)
    else:
        end = day
    yield Credential(
        id="boundary",
        ruleset=ruleset.id,
        issued=day - relativedelta(years=12),
        expires=end,
        roles=_roles(ruleset),
    )


def _narrowest_bands(entries: tuple[FirstCycleRule, ...]) -> list[FirstCycleRule]:
    """One first-period entry per date: of bands of the issue date, the narrowest (a credential issued on its
    first day is judged by it, whatever the wider bands say)."""
    by_date: dict[datetime.date, FirstCycleRule] = {}
    for entry in entries:
        kept = by_date.get(entry.effective)
        if kept is None or (entry.issued_within_months_of_end or 10_000) < (kept.issued_within_months_of_end or 10_000):
            by_date[entry.effective] = entry
    return [by_date[day] for day in sorted(by_date)]


def _check_first_cycle_boundary(ruleset: RuleSet, older: FirstCycleRule, newer: FirstCycleRule, kinds: Kinds) -> int:
    """A first period ending (or starting) the day before ``newer.effective`` gets ``older``; on it, ``newer``."""
    checks = 0
    for day, expected in ((newer.effective - datetime.timedelta(days=1), older), (newer.effective, newer)):
        cycle = ruleset.cycle_on(day)
        if ruleset.select_by is SelectBy.CYCLE_START:
            issued, end = day, day + relativedelta(months=cycle.months) - datetime.timedelta(days=1)
        else:
            issued, end = day - relativedelta(months=cycle.months) + datetime.timedelta(days=1), day
        if expected.issued_within_months_of_end is not None:
            issued = max(issued, late_from(expected, end))  # a rule for late issue dates: issued late
        # A rule for some roles (Virginia's licensees by examination): a holder of the role.
        credential = Credential(id="first", ruleset=ruleset.id, issued=issued, expires=end, roles=expected.roles)
        practitioner = Practitioner(id="first", birth_date=datetime.date(1980, 1, 15), credentials=(credential,))
        report = evaluate(practitioner, credential, ruleset, end, kinds=kinds)
        assert report.cycle_index == 0, f"{ruleset.id}: could not build a first period ending {end}"
        label = (
            f"{ruleset.id}: a first period selected on {day} should follow the first-cycle rule of {expected.effective}"
        )
        if expected.treatment is FirstCycle.EXEMPT:
            assert report.status is Status.EXEMPT, label
        elif expected.treatment is FirstCycle.HOURS:
            assert expected.hours is not None
            assert report.required_hours == expected.hours, label
        elif expected.treatment is FirstCycle.FULL:
            total = next((r for r in ruleset.requirements if r.kind == RequirementKind.TOTAL), None)
            version = total.version_on(day) if total else None
            if version is not None and version.hours is not None:
                assert report.required_hours == version.hours, label
        checks += 1
    return checks


def _check_boundary(
    ruleset: RuleSet, requirement: Requirement, change: tuple[RequirementVersion, RequirementVersion], kinds: Kinds
) -> int:
    """Evaluate periods selected the day before and on the newer version's ``effective``; return checks made."""
    older, newer = change
    select_by = requirement.select_by or ruleset.select_by
    checks = 0
    for day, expected in ((newer.effective - datetime.timedelta(days=1), older), (newer.effective, newer)):
        for credential in _periods_selected_on(ruleset, select_by, day):
            practitioner = Practitioner(id="boundary", birth_date=datetime.date(1980, 1, 15), credentials=(credential,))
            cycle = ruleset.cycle_on(day)
            as_of = credential.expires or day
            if select_by is SelectBy.CYCLE_START:
                as_of = day + relativedelta(months=cycle.months) - datetime.timedelta(days=2)
            report = evaluate(practitioner, credential, ruleset, as_of, kinds=kinds)
            if report.alternatives is not None and report.alternatives.chosen not in _own_models(ruleset):
                continue  # shown under another model's rules: the boundary is checked by the alternatives test
            applied = {r.id: r.ref for r in report.requirements} | {c.id: c.ref for c in report.caps}
            # Owed only in some periods: a scope other than "cycle", or only the n-th after issue (`in_cycle`).
            optional = expected.scope is not Scope.CYCLE or expected.in_cycle is not None
            if expected.repealed:
                assert requirement.id not in applied, f"{ruleset.id}/{requirement.id}: repealed on {expected.effective}"
            elif requirement.id in applied:
                got = applied[requirement.id].effective
                assert got == expected.effective, (
                    f"{ruleset.id}/{requirement.id}: a period selected on {day} should use the version of "
                    f"{expected.effective}, got {got}"
                )
            else:
                assert optional, f"{ruleset.id}/{requirement.id}: should apply to a period selected on {day}"
            checks += 1
    return checks


def _check_course(ruleset: RuleSet, requirement: Requirement, kinds: Kinds) -> None:
    """Both sides of a required course's first date, and both sides of its completion."""
    first = requirement.versions[0]
    select_by = requirement.select_by or ruleset.select_by
    label = f"{ruleset.id}/{requirement.id}"
    for day, owed in ((first.effective - datetime.timedelta(days=1), False), (first.effective, True)):
        for credential in _periods_selected_on(ruleset, select_by, day):
            report = _course_report(ruleset, credential, (), kinds)
            ids = {r.id for r in report.requirements}
            if not owed:
                assert requirement.id not in ids, (
                    f"{label}: owed by a period selected on {day}, before {first.effective}"
                )
                continue
            if requirement.id not in ids or first.roles or report.status is Status.EXEMPT:
                continue  # not owed by this credential for another reason (role, scope, exemption)
            course = next(r for r in report.requirements if r.id == requirement.id)
            assert not course.met, f"{label}: met with no record on {day}"
            assert report.status is Status.DEFICIENT, f"{label}: not deficient without the course on {day}"
            done = Activity(
                title="(course completed)",
                completed=report.cycle_start,
                format=Format.COURSE_COMPLETION,
                topics=first.topics[:1],
            )
            after = _course_report(ruleset, credential, (done,), kinds)
            met = next(r for r in after.requirements if r.id == requirement.id)
            assert met.met, f"{label}: a completion of {first.topics[0]} on {report.cycle_start} should meet it"
            assert after.counted_hours == report.counted_hours, f"{label}: a completion with no hours added hours"


def _course_report(
    ruleset: RuleSet, credential: Credential, acts: tuple[Activity, ...], kinds: Kinds
) -> CredentialReport:
    practitioner = Practitioner(
        id="course", birth_date=datetime.date(1980, 1, 15), credentials=(credential,), activities=acts
    )
    return evaluate(practitioner, credential, ruleset, credential.expires or _AS_OF, kinds=kinds)


def _check_due_from_issue(
    ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds
) -> None:
    """Both sides of the version's date (issued the day before, or on it), and both sides of completion."""
    label = f"{ruleset.id}/{requirement.id}"
    assert version.due_months_after_issue is not None
    for issued, owed in ((version.effective - datetime.timedelta(days=1), False), (version.effective, True)):
        due = issued + relativedelta(months=version.due_months_after_issue)
        record = ruleset.cycle_on(due).kind == "record"
        credential = Credential(
            id="from-issue", ruleset=ruleset.id, issued=issued, expires=due if record else None, roles=version.roles
        )
        report = _course_report(ruleset, credential, (), kinds)
        found = next((r for r in report.requirements if r.id == requirement.id), None)
        if not owed:
            assert found is None, f"{label}: owed by a licence issued {issued}, before {version.effective}"
            continue
        if found is None or report.status is Status.EXEMPT:
            continue  # a later version, or a status exemption, decides this period
        assert found.due == due, f"{label}: due {found.due}, expected {due} ({version.due_months_after_issue} months)"
        assert not found.met, f"{label}: met with no record"
        course = Activity(
            title="(course)",
            completed=issued,
            hours=version.hours,
            format=Format.COURSE_COMPLETION if version.hours is None else Format.LIVE,
            topics=version.topics[:1],
            approvals=version.approvals[:1] or accepted_approvals(ruleset, issued),  # a topic's own bodies first
        )
        after = _course_report(ruleset, credential, (course,), kinds)
        met = next(r for r in after.requirements if r.id == requirement.id)
        assert met.met, f"{label}: a course on the issue date {issued} should meet it"


_NOT_LISTED = "commercial"


def _check_share_sides(ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds) -> None:
    """One course of the whole total on the share's side (its first listed provider type, its first topic) and
    one off it (an unlisted provider type; or, for a share of topics alone, no topic)."""
    select_by = requirement.select_by or ruleset.select_by
    credential = next(_periods_selected_on(ruleset, select_by, version.effective))
    as_of = credential.expires or version.effective
    eligibility = ruleset.eligibility_on(as_of)
    approvals = eligibility.approvals[:1] if eligibility is not None else ()
    unlisted = None if _NOT_LISTED in version.provider_types else _NOT_LISTED
    listed_type = version.provider_types[0] if version.provider_types else None
    topics = version.topics[:1]
    sides = [(listed_type, topics), (unlisted, topics) if version.provider_types else (None, ())]
    reports = []
    for provider_type, course_topics in sides:
        course = Activity(
            title="course",
            completed=as_of,
            hours=Decimal(200),
            approvals=approvals,
            provider_type=provider_type,
            topics=course_topics,
        )
        practitioner = Practitioner(
            id="share", birth_date=datetime.date(1980, 1, 15), credentials=(credential,), activities=(course,)
        )
        reports.append(evaluate(practitioner, credential, ruleset, as_of, kinds=kinds))
    listed, other = ({r.id: r for r in report.requirements}.get(requirement.id) for report in reports)
    label = f"{ruleset.id}/{requirement.id} (version of {version.effective})"
    if listed is None or other is None:
        return  # not owed by this holder in that period (a role, an exemption): nothing to compare
    assert listed.met, f"{label}: a course on the share's side ({listed_type or topics[0]}) should meet the share"
    assert not other.met, f"{label}: a course off the share's side should not"
    assert reports[1].missing_hours >= reports[0].missing_hours, label


def _check_category_sides(
    ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds
) -> None:
    """One course in each of ``min_categories`` categories the board accepts, then one category fewer."""
    select_by = requirement.select_by or ruleset.select_by
    credential = next(_periods_selected_on(ruleset, select_by, version.effective))
    as_of = credential.expires or version.effective
    eligibility = ruleset.eligibility_on(as_of)
    accepted = [
        c
        for c in version.categories
        if c.formats and (eligibility is None or not eligibility.formats or c.formats[0] in eligibility.formats)
    ]
    assert version.min_categories is not None
    if len(accepted) < version.min_categories:
        return  # the board accepts too few of these categories' formats to build the case
    courses = [
        Activity(
            title=f"course in {category.id}",
            completed=as_of,
            hours=Decimal(1),
            format=category.formats[0],
            topics=category.topics[:1],
            approvals=eligibility.approvals[:1] if eligibility is not None else (),
        )
        for category in accepted[: version.min_categories]
    ]
    label = f"{ruleset.id}/{requirement.id} (version of {version.effective})"
    for taken, expected in ((courses, True), (courses[1:], False)):
        practitioner = Practitioner(
            id="categories", birth_date=datetime.date(1980, 1, 15), credentials=(credential,), activities=tuple(taken)
        )
        report = evaluate(practitioner, credential, ruleset, as_of, kinds=kinds)
        result = {r.id: r for r in report.requirements}.get(requirement.id)
        if result is None:
            return  # not owed by this holder in that period
        assert result.met is expected, f"{label}: courses in {len(taken)} categories, met should be {expected}"


def history_dependent(ruleset: RuleSet) -> bool:
    """Whether what a period owes depends on earlier periods' courses: an alternating requirement, or a
    share of the hours owed beside a one-time topic owed outside the total (an earlier course that meets
    part of the topic lowers the hours owed, so fewer hours from other providers count now).

    Adding a course to an earlier period may then narrow what counts now, so the monotonicity
    property holds only for courses of the period itself (``docs/rule-language.md``).
    """
    versions = [(requirement, version) for requirement in ruleset.requirements for version in requirement.versions]
    if any(version.alternate for _, version in versions):
        return True
    shares = any(requirement.kind == RequirementKind.SHARE for requirement, _ in versions)
    once_outside = any(version.scope is Scope.ONCE and not version.counts_toward_total for _, version in versions)
    return shares and once_outside


def _alternating_at(ruleset: RuleSet, kinds: Kinds) -> Iterator[tuple[str, RequirementVersion]]:
    """The alternating requirements the contract's period owes, with their versions."""
    report = _run(ruleset, [], kinds)
    owed = {r.id for r in report.requirements}
    for resolved in ruleset.at(_span(report)).requirements:
        if resolved.version is not None and resolved.version.alternate and resolved.requirement.id in owed:
            yield resolved.requirement.id, resolved.version


def _check_graduate_study_sides(
    ruleset: RuleSet, requirement: Requirement, version: RequirementVersion, kinds: Kinds
) -> None:
    """The day before the version's date owes it; the date itself does not (the issue date says nothing)."""
    assert version.graduate_study_before is not None
    label = f"{ruleset.id}/{requirement.id}"
    issued = max(version.graduate_study_before, datetime.date(2005, 1, 1))
    for began, owed in (
        (version.graduate_study_before - datetime.timedelta(days=1), True),
        (version.graduate_study_before, False),
    ):
        report = _run(ruleset, [], kinds, issued=issued, graduate_study_began=began)
        found = any(r.id == requirement.id for r in report.requirements)
        if not owed:
            assert not found, f"{label}: owed by a holder who began graduate study on {began}"
            continue
        at = next(r for r in ruleset.at(_span(report)).requirements if r.requirement.id == requirement.id)
        if at.version == version and report.status is not Status.EXEMPT and report.cycle_index > 0:
            assert found, f"{label}: not owed by a holder who began graduate study {began}"


def _span(report: CredentialReport) -> Period:
    return Period(start=report.cycle_start, end=report.cycle_end, index=report.cycle_index)


def _previous_course(ruleset: RuleSet, version: RequirementVersion, topics: tuple[str, ...], kinds: Kinds) -> Activity:
    """A course of one side, in full, on the last day of the period before the contract's period."""
    day = _run(ruleset, [], kinds).cycle_start - datetime.timedelta(days=1)
    eligibility = ruleset.eligibility_on(day)
    return Activity(
        title="Previous period's side",
        completed=day,
        hours=version.hours,
        topics=topics,
        approvals=eligibility.approvals[:1] if eligibility else (),
    )


def _own_models(ruleset: RuleSet) -> set[str]:
    """The ids of the models that are a period's own rules (no ``rules_on``)."""
    return {model.id for entry in ruleset.alternatives for model in entry.models if model.rules_on is None}


def _check_alternatives(ruleset: RuleSet, day: datetime.date, expected: Alternatives | None, kinds: Kinds) -> None:
    """A period selected on ``day`` offers ``expected``'s models (none when it has none), each evaluated in order,
    and is compliant exactly when one of them is, shown under the first met (else the one missing fewest hours)."""
    for credential in _periods_selected_on(ruleset, ruleset.select_by, day):
        practitioner = Practitioner(id="alternatives", birth_date=datetime.date(1980, 1, 15), credentials=(credential,))
        as_of = credential.expires or day
        if ruleset.select_by is SelectBy.CYCLE_START:
            as_of = day + relativedelta(months=ruleset.cycle_on(day).months) - datetime.timedelta(days=2)
        report = evaluate(practitioner, credential, ruleset, as_of, kinds=kinds)
        label = f"{ruleset.id}: a period selected on {day}"
        if expected is None or not expected.models:
            assert report.alternatives is None, f"{label} should offer no choice of requirement sets"
            continue
        choice = report.alternatives
        assert choice is not None, f"{label} should offer the models of {expected.effective}"
        assert [a.id for a in choice.alternatives] == [m.id for m in expected.models], label
        met = [a for a in choice.alternatives if a.status is not Status.DEFICIENT]
        assert (report.status is not Status.DEFICIENT) == bool(met), label
        shown = met[0] if met else min(choice.alternatives, key=lambda a: a.missing_hours)
        assert choice.chosen == shown.id, label
        assert report.missing_hours == shown.missing_hours, label
