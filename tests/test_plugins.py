"""Hooks, discovery and isolation: what a plugin can add, and what a broken one cannot break."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pytest

from licensetrack.core.engine import evaluate
from licensetrack.core.errors import LicensetrackError
from licensetrack.core.kinds import KindContext, KindOutcome, Kinds
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.rules import CycleRule
from licensetrack.io.rulefiles import loads_ruleset
from licensetrack.plugins.hookspecs import hookimpl
from licensetrack.plugins.registry import PluginConflictError, load_registry
from tests.rulekit import CITE, HEADER

RULE = f"""
id = "us-zz-plugin"
title = "Plugin test"
authority = "Test"
verified_on = 2026-01-01
[[cycle]]
effective = 2000-01-01
kind = "quarterly-from-issue"
months = 3
{CITE}
[[requirements]]
id = "fixed"
kind = "fixed-hours"
title = "Fixed hours"
[[requirements.versions]]
effective = 2000-01-01
{CITE}
params = {{ hours = 4 }}
"""


@attrs.frozen
class FixedParams:
    hours: Decimal


class FixedHours:
    name = "fixed-hours"
    description = "owes `hours`, counts every countable hour in the period"
    params_type = FixedParams

    def evaluate(self, params: Any, context: KindContext) -> KindOutcome:
        counted = sum(
            (
                h
                for a, h in zip(context.activities, context.countable_hours, strict=True)
                if context.period_start <= a.completed <= context.as_of
            ),
            Decimal(0),
        )
        return KindOutcome(required=params.hours, counted=counted)


class QuarterlyFromIssue:
    name = "quarterly-from-issue"
    description = "periods of three months from the issue date"

    def first_end(self, rule: CycleRule, credential: Credential, practitioner: Practitioner) -> datetime.date:
        return credential.issued + datetime.timedelta(days=89)


def plugin(tmp_path: Path | None = None, **hooks: Callable[..., None]) -> object:
    """A plugin object with the given hook implementations."""
    return SimpleNamespace(**{name: hookimpl(function) for name, function in hooks.items()})


def write_rules(tmp_path: Path, text: str = RULE, name: str = "us-zz/plugin.toml") -> Path:
    path = tmp_path / "rules" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return tmp_path / "rules"


def full_plugin(rules: Path) -> object:
    return plugin(
        register_vocabulary=lambda register: register(topics={"fire-safety": "Fire safety"}),
        register_requirement_kinds=lambda register: register(FixedHours()),
        register_cycle_kinds=lambda register: register(QuarterlyFromIssue()),
        register_rulesets=lambda register: register(rules),
    )


def test_every_hook_contributes(tmp_path: Path) -> None:
    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(write_rules(tmp_path)))])
    assert "fire-safety" in registry.vocabulary.topics
    assert "ethics" in registry.vocabulary.topics  # the built-in plugin's words are still there
    assert set(registry.language.requirement_kinds) == {"fixed-hours"}
    assert set(registry.language.cycle_kinds) == {"quarterly-from-issue"}
    assert {"us-ca-lmft", "us-zz-plugin"} <= set(registry.rulesets)
    demo = next(p for p in registry.plugins if p.name == "demo")
    assert demo.hooks == (
        "register_cycle_kinds",
        "register_requirement_kinds",
        "register_rulesets",
        "register_vocabulary",
    )
    assert demo.registered == (
        "cycle kind:quarterly-from-issue",
        "requirement kind:fixed-hours",
        "ruleset:us-zz-plugin",
    )
    builtin = registry.plugins[0]
    assert builtin.name == "licensetrack.builtin"
    assert "ruleset:us-ca-lmft" in builtin.registered


def test_plugin_kinds_are_evaluated(tmp_path: Path) -> None:
    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(write_rules(tmp_path)))])
    ruleset = registry.rulesets["us-zz-plugin"]
    credential = Credential(id="c", ruleset=ruleset.id, issued=datetime.date(2025, 1, 1))
    from licensetrack.core.model import Activity

    practitioner = Practitioner(
        id="p",
        credentials=(credential,),
        activities=(Activity(title="A", completed=datetime.date(2025, 2, 1), hours=Decimal(3)),),
    )
    report = evaluate(practitioner, credential, ruleset, datetime.date(2025, 3, 1), kinds=registry.kinds)
    assert (report.cycle_start, report.cycle_end) == (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    (requirement,) = report.requirements
    assert (requirement.kind, requirement.required, requirement.counted, requirement.missing) == (
        "fixed-hours",
        Decimal(4),
        Decimal(3),
        Decimal(1),
    )
    assert report.missing_hours == 1


def test_rule_data_holds_a_plugin_kind_s_id_and_params_only(tmp_path: Path) -> None:
    """No implementation inside the frozen rule data: the engine takes it from the kinds it is given."""
    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(write_rules(tmp_path)))])
    ruleset = registry.rulesets["us-zz-plugin"]
    (cycle,) = ruleset.cycle
    (requirement,) = ruleset.requirements
    assert (cycle.kind, requirement.kind) == ("quarterly-from-issue", "fixed-hours")
    assert requirement.versions[0].params == FixedParams(hours=Decimal(4))
    assert {field.name for field in attrs.fields(type(cycle))}.isdisjoint({"handler"})
    assert {field.name for field in attrs.fields(type(requirement))}.isdisjoint({"handler"})
    assert set(registry.kinds.requirements) == {"fixed-hours"}
    assert set(registry.kinds.cycles) == {"quarterly-from-issue"}


def test_a_plugin_rule_set_evaluated_without_its_kinds_is_a_clear_error(tmp_path: Path) -> None:
    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(write_rules(tmp_path)))])
    ruleset = registry.rulesets["us-zz-plugin"]
    credential = Credential(id="c", ruleset=ruleset.id, issued=datetime.date(2025, 1, 1))
    practitioner = Practitioner(id="p", credentials=(credential,))
    with pytest.raises(
        LicensetrackError, match=r"^credential 'c': cycle kind 'quarterly-from-issue' is not installed$"
    ):
        evaluate(practitioner, credential, ruleset, datetime.date(2025, 3, 1))
    # With the cycle kind but not the requirement kind: the requirement's kind is named.
    only_cycles = Kinds(cycles=registry.kinds.cycles)
    with pytest.raises(
        LicensetrackError,
        match=r"^requirement 'fixed': kind 'fixed-hours' is not installed \(evaluate with the kinds of the registry",
    ):
        evaluate(practitioner, credential, ruleset, datetime.date(2025, 3, 1), kinds=only_cycles)


class BrokenHours(FixedHours):
    def evaluate(self, params: Any, context: KindContext) -> KindOutcome:
        raise ZeroDivisionError("division by zero")


class BrokenCycle(QuarterlyFromIssue):
    def first_end(self, rule: CycleRule, credential: Credential, practitioner: Practitioner) -> datetime.date:
        raise KeyError("issued")


def test_a_plugin_kind_that_raises_is_a_one_line_error_naming_it(tmp_path: Path) -> None:
    """Plugin code is third-party code: its bug reaches a person as which kind failed and how."""
    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(write_rules(tmp_path)))])
    ruleset = registry.rulesets["us-zz-plugin"]
    credential = Credential(id="c", ruleset=ruleset.id, issued=datetime.date(2025, 1, 1))
    practitioner = Practitioner(id="p", credentials=(credential,))
    day = datetime.date(2025, 3, 1)
    broken_requirement = Kinds(requirements={"fixed-hours": BrokenHours()}, cycles=registry.kinds.cycles)
    with pytest.raises(
        LicensetrackError,
        match=r"^requirement 'fixed' \(kind 'fixed-hours'\) failed: ZeroDivisionError: division by zero$",
    ):
        evaluate(practitioner, credential, ruleset, day, kinds=broken_requirement)
    broken_cycle = Kinds(requirements=registry.kinds.requirements, cycles={"quarterly-from-issue": BrokenCycle()})
    with pytest.raises(
        LicensetrackError, match=r"^credential 'c': cycle kind 'quarterly-from-issue' failed: KeyError: 'issued'$"
    ):
        evaluate(practitioner, credential, ruleset, day, kinds=broken_cycle)


def test_a_plugin_kind_that_raises_rejects_one_practitioner_of_an_audit(tmp_path: Path) -> None:
    from licensetrack.run.local import AuditError, audit

    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(write_rules(tmp_path)))])
    broken = Kinds(requirements={"fixed-hours": BrokenHours()}, cycles=registry.kinds.cycles)
    people = [
        Practitioner(
            id=name,
            credentials=(Credential(id="c", ruleset=ruleset, issued=datetime.date(2025, 1, 1)),),
        )
        for name, ruleset in (("a", "us-zz-plugin"), ("b", "us-ca-lmft"))
    ]
    results = list(audit(people, datetime.date(2025, 3, 1), registry.rulesets, kinds=broken))
    assert isinstance(results[0], AuditError)
    assert results[0].problems == (
        "credentials[0] (\"c\"): requirement 'fixed' (kind 'fixed-hours') failed: ZeroDivisionError: division by zero",
    )
    assert not isinstance(results[1], AuditError)
    assert results[1].practitioner == "b"


def test_plugin_kind_params_are_strict(tmp_path: Path) -> None:
    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(write_rules(tmp_path)))])
    from licensetrack.core.errors import RuleSetError

    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(
            RULE.replace("params = { hours = 4 }", "params = { hourz = 4 }"),
            source="p.toml",
            language=registry.language,
        )
    assert 'p.toml: requirements[0] ("fixed").versions[0].params: unknown key \'hourz\' (did you mean "hours"?)' in str(
        caught.value
    )
    with pytest.raises(
        RuleSetError,
        match="kind: must be one of total, topic, cap, course, share, categories, fixed-hours, got 'fixed-hour'",
    ):
        loads_ruleset(
            RULE.replace('kind = "fixed-hours"', 'kind = "fixed-hour"'), source="p.toml", language=registry.language
        )


def test_two_plugins_with_the_same_rule_set_id_is_an_error_naming_both(tmp_path: Path) -> None:
    rules = write_rules(
        tmp_path,
        text=HEADER.replace("us-zz-test", "us-ca-lmft")
        + '[[cycle]]\neffective = 2000-01-01\nkind = "record"\nmonths = 24\n'
        + CITE
        + "\n",
        name="us-ca/lmft.toml",
    )
    impostor = plugin(register_rulesets=lambda register: register(rules))
    with pytest.raises(
        PluginConflictError,
        match=r"rule set 'us-ca-lmft' is supplied twice: by 'licensetrack\.builtin' and by 'impostor'",
    ):
        load_registry(entry_points=False, plugins=[("impostor", impostor)])


def test_two_plugins_with_the_same_kind_is_an_error(tmp_path: Path) -> None:
    first = plugin(register_requirement_kinds=lambda register: register(FixedHours()))
    second = plugin(register_requirement_kinds=lambda register: register(FixedHours()))
    with pytest.raises(PluginConflictError, match="'fixed-hours' is supplied twice: by plugin 'a' and by 'b'"):
        load_registry(entry_points=False, plugins=[("a", first), ("b", second)])


def test_a_plugin_that_raises_is_reported_and_the_others_keep_working(tmp_path: Path) -> None:
    def explode(register: Callable[..., None]) -> None:
        register(topics={"half-registered": "should not survive"})
        raise RuntimeError("database unavailable")

    broken = plugin(register_vocabulary=explode, register_rulesets=lambda register: register(tmp_path))
    good = full_plugin(write_rules(tmp_path))
    registry = load_registry(entry_points=False, plugins=[("broken", broken), ("good", good)])
    assert [(f.plugin, f.error) for f in registry.failures] == [
        ("broken", "register_vocabulary failed: RuntimeError: database unavailable")
    ]
    assert "half-registered" not in registry.vocabulary.topics
    assert "us-zz-plugin" in registry.rulesets
    assert [p.name for p in registry.plugins] == ["licensetrack.builtin", "good"]


@pytest.mark.parametrize(
    ("garbage", "message"),
    [
        (lambda register: register(topics={"Bad Word": "x"}), "vocabulary entries must be lower-case ids"),
        (lambda register: register(topics=["ethics"]), "topics and approvals must map ids to descriptions"),
    ],
)
def test_garbage_registrations_fail_only_that_plugin(garbage: Callable[..., None], message: str) -> None:
    registry = load_registry(entry_points=False, plugins=[("garbage", plugin(register_vocabulary=garbage))])
    (failure,) = registry.failures
    assert failure.plugin == "garbage"
    assert message in failure.error
    assert "ethics" in registry.vocabulary.topics


def test_a_requirement_kind_that_is_not_a_kind_is_refused() -> None:
    registry = load_registry(
        entry_points=False,
        plugins=[("odd", plugin(register_requirement_kinds=lambda register: register("fixed-hours")))],
    )
    assert registry.failures[0].error.startswith(
        "register_requirement_kinds failed: _Invalid: register() needs a RequirementKindPlugin"
    )


def test_a_misspelt_hook_fails_loudly_and_alone() -> None:
    typo = plugin(register_rulesetz=lambda register: None)
    registry = load_registry(entry_points=False, plugins=[("typo", typo)])
    assert [(f.plugin, f.error) for f in registry.failures] == [
        ("typo", "implements unknown hook 'register_rulesetz' (did you mean \"register_rulesets\"?)")
    ]
    assert "us-ca-lmft" in registry.rulesets


def test_every_misspelt_hook_of_a_plugin_is_named() -> None:
    typos = plugin(register_rulesetz=lambda register: None, register_vocabularee=lambda register: None)
    registry = load_registry(entry_points=False, plugins=[("typos", typos)])
    assert [(f.plugin, f.error) for f in registry.failures] == [
        (
            "typos",
            "implements unknown hook 'register_rulesetz' (did you mean \"register_rulesets\"?), "
            "'register_vocabularee' (did you mean \"register_vocabulary\"?)",
        )
    ]


def test_a_hook_implemented_under_another_name_is_accepted() -> None:
    """pluggy's ``specname`` lets a function of any name implement a hook: pluggy, not the attribute's
    name, says which hooks a plugin implements."""
    words = SimpleNamespace(
        add_words=hookimpl(specname="register_vocabulary")(lambda register: register(topics={"fire-safety": "Fire"}))
    )
    registry = load_registry(entry_points=False, plugins=[("words", words)])
    assert registry.failures == ()
    assert registry.vocabulary.topics["fire-safety"] == "Fire"
    assert next(p.hooks for p in registry.plugins if p.name == "words") == ("register_vocabulary",)


def test_a_plugin_whose_rule_files_are_bad_is_reported(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, text=RULE.replace("months = 3", "months = 3\nmonthz = 1"))
    registry = load_registry(entry_points=False, plugins=[("demo", full_plugin(rules))])
    (failure,) = registry.failures
    assert failure.plugin == "demo"
    assert "unknown key 'monthz'" in failure.error
    assert "us-zz-plugin" not in registry.rulesets


def test_rules_dir_loads_an_unpackaged_directory(tmp_path: Path) -> None:
    text = HEADER + '[[cycle]]\neffective = 2000-01-01\nkind = "record"\nmonths = 24\n' + CITE + "\n"
    rules = write_rules(tmp_path, text=text, name="us-zz/test.toml")
    registry = load_registry([rules], entry_points=False)
    assert registry.origins["ruleset:us-zz-test"] == f"--rules-dir {rules}"
    with pytest.raises(PluginConflictError, match="supplied twice"):
        load_registry([rules, rules], entry_points=False)


def test_the_plugin_manager_is_built_fresh_each_time() -> None:
    from licensetrack.plugins.registry import get_plugin_manager

    first = get_plugin_manager(entry_points=False)
    second = get_plugin_manager(entry_points=False)
    assert first.manager is not second.manager


def test_a_plugin_that_hangs_on_import_is_reported_and_left_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata
    import threading

    release = threading.Event()

    class Hanging:
        name = "hanging_plugin"
        dist = None

        def load(self) -> object:
            release.wait(30)  # stands for an import that never returns
            return object()

    class Broken:
        name = "broken_plugin"
        dist = None

        def load(self) -> object:
            raise ImportError("No module named 'missing_dependency'")

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [Hanging(), Broken()])
    monkeypatch.setenv("LICENSETRACK_PLUGIN_TIMEOUT", "0.5")
    try:
        registry = load_registry()
    finally:
        release.set()
    assert [(f.plugin, f.error) for f in registry.failures] == [
        ("broken_plugin", "cannot be imported: ImportError: No module named 'missing_dependency'"),
        ("hanging_plugin", "cannot be imported: PluginTimeoutError: its import did not finish within 0.5 s"),
    ]
    assert "us-ca-lmft" in registry.rulesets
