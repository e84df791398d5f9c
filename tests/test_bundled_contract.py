"""The bundled rule sets pass the same contract a third-party plugin's rule sets do."""

from __future__ import annotations

from licensetrack.rulefiles import bundled_rules_dir
from licensetrack.testing import RuleSetContract


class TestBundledRules(RuleSetContract):
    ruleset_ids = ("us-ca-lmft", "us-ca-lpcc")
    rules_root = bundled_rules_dir()
