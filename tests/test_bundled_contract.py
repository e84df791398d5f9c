"""The bundled rule sets pass the same contract a third-party plugin's rule sets do."""

from __future__ import annotations

from licensetrack.io.rulefiles import bundled_rules_dir, id_for, rule_files
from licensetrack.testing import RuleSetContract

NATIONAL_PREFIXES = (
    "nbcc-",
    "counseling-compact-",
    "social-work-compact-",
    "psypact-",
    "aamft-",
    "naadac-",
    "emdria-",
    "aasect-",
    "nasw-",
    "apt-",
    "cce-",
)

BUNDLED = tuple(id_for(path.relative_to(bundled_rules_dir())) for path in rule_files(bundled_rules_dir()))


class TestBundledRules(RuleSetContract):
    ruleset_ids = BUNDLED
    rules_root = bundled_rules_dir()


def test_the_twenty_rule_sets_of_the_first_release_are_bundled() -> None:
    expected = {
        "us-ca-lmft",
        "us-ca-lcsw",
        "us-ca-lpcc",
        "us-ca-lep",
        "us-ca-psychologist",
        "us-tx-lpc",
        "us-tx-lmft",
        "us-tx-lcsw",
        "us-tx-lmsw",
        "us-tx-psychologist",
        "us-ny-lmhc",
        "us-ny-lmft",
        "us-ny-lcsw",
        "us-ny-lmsw",
        "us-ny-psychologist",
        "us-fl-lmhc",
        "us-fl-lcsw",
        "us-fl-lmft",
        "us-fl-psychologist",
        "nbcc-ncc",
    }
    assert expected <= set(BUNDLED)


def test_every_rule_file_has_a_case_file_with_cases() -> None:
    from licensetrack.testing.cases import read_cases

    for path in rule_files(bundled_rules_dir()):
        cases = path.with_name(path.name.removesuffix(".toml") + ".cases.toml")
        assert cases.is_file(), f"{path} has no case file"
        assert read_cases(cases), cases


def test_every_bundled_rule_set_names_its_profession_and_state() -> None:
    """`rules list --state --profession` and the README's table find every bundled rule set."""
    from licensetrack.core.professions import PROFESSIONS, state_of
    from licensetrack.plugins.registry import load_registry

    rulesets = load_registry(entry_points=False).rulesets
    assert set(BUNDLED) <= set(rulesets)
    for ruleset_id in BUNDLED:
        assert rulesets[ruleset_id].profession in PROFESSIONS, ruleset_id
        # National and multistate bodies (certifying bodies, the compacts) belong to no state.
        national = NATIONAL_PREFIXES
        assert (state_of(ruleset_id) is None) == ruleset_id.startswith(national), ruleset_id
