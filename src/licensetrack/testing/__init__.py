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
import os
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licensetrack.core.engine import evaluate
from licensetrack.core.errors import RuleSetError
from licensetrack.core.kinds import Kinds
from licensetrack.core.model import Activity, Credential, Practitioner
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
            for older_first, newer_first in zip(ruleset.first_cycle, ruleset.first_cycle[1:], strict=False):
                checked += _check_first_cycle_boundary(ruleset, older_first, newer_first, registry.kinds)
        # Nothing to check is fine only when nothing ever changed.
        changes = sum(len(r.versions) - 1 for rs in rulesets for r in rs.requirements)
        changes += sum(max(0, len(rs.first_cycle) - 1) for rs in rulesets)
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
        after = _run(ruleset, [*acts, data.draw(_in_window)], registry.kinds)
        counted = {r.id: r.counted for r in before.requirements}
        for requirement in after.requirements:
            assert requirement.counted >= counted[requirement.id], requirement.id
        assert after.missing_hours <= before.missing_hours
        if before.status is Status.COMPLIANT:
            assert after.status is Status.COMPLIANT

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


def _run(ruleset: RuleSet, acts: list[Activity], kinds: Kinds) -> CredentialReport:
    credential = Credential(
        id="contract",
        ruleset=ruleset.id,
        issued=datetime.date(2005, 1, 1),
        expires=datetime.date(2026, 1, 31),
        roles=_roles(ruleset),
    )
    practitioner = Practitioner(
        id="contract", birth_date=datetime.date(1980, 1, 15), credentials=(credential,), activities=tuple(acts)
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


def _check_first_cycle_boundary(ruleset: RuleSet, older: FirstCycleRule, newer: FirstCycleRule, kinds: Kinds) -> int:
    """A first period ending (or starting) the day before ``newer.effective`` gets ``older``; on it, ``newer``."""
    checks = 0
    for day, expected in ((newer.effective - datetime.timedelta(days=1), older), (newer.effective, newer)):
        cycle = ruleset.cycle_on(day)
        if ruleset.select_by is SelectBy.CYCLE_START:
            issued, end = day, day + relativedelta(months=cycle.months) - datetime.timedelta(days=1)
        else:
            issued, end = day - relativedelta(months=cycle.months) + datetime.timedelta(days=1), day
        credential = Credential(id="first", ruleset=ruleset.id, issued=issued, expires=end)
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
            optional = expected.scope is not Scope.CYCLE
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
