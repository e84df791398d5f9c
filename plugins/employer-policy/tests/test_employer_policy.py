"""Tests of the employer-policy plugin, written as an outside author would."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from licensetrack import Activity, Credential, KindContext, Practitioner, load_registry
from licensetrack.cli.main import main
from licensetrack.testing import RuleSetContract

import licensetrack_employer_policy
from licensetrack_employer_policy.rolling import RollingHours, RollingParams


class TestPolicyRules(RuleSetContract):
    ruleset_ids = ("acme-clinician",)
    rules_root = licensetrack_employer_policy.RULES


def context(*activities: Activity, as_of: datetime.date) -> KindContext:
    credential = Credential(id="acme", ruleset="acme-clinician", issued=datetime.date(2019, 3, 15))
    return KindContext(
        practitioner=Practitioner(id="p", credentials=(credential,), activities=activities),
        credential=credential,
        period_start=datetime.date(2025, 3, 15),
        period_end=datetime.date(2026, 3, 14),
        period_index=6,
        as_of=as_of,
        activities=activities,
        countable_hours=tuple(a.hours or Decimal(0) for a in activities),
    )


def hipaa(day: str, hours: str) -> Activity:
    return Activity(
        title="HIPAA", completed=datetime.date.fromisoformat(day), hours=Decimal(hours), topics=("hipaa-privacy",)
    )


def test_rolling_window_counts_the_last_twelve_months_and_says_when_next_due() -> None:
    params = RollingParams(topics=("hipaa-privacy",), hours=Decimal(2), months=12)
    outcome = RollingHours().evaluate(
        params,
        context(
            hipaa("2024-05-01", "1"),
            hipaa("2024-11-20", "1"),
            hipaa("2025-02-01", "1"),
            as_of=datetime.date(2025, 6, 1),
        ),
    )
    assert (outcome.required, outcome.counted, outcome.credited) == (Decimal(2), Decimal(2), (1, 2))
    # Newest first, 1 + 1 reaches 2 with the course of 2024-11-20, which drops out on 2025-11-20.
    assert outcome.due == datetime.date(2025, 11, 20)


def test_the_plugin_is_discovered_through_its_entry_point() -> None:
    registry = load_registry()
    assert "acme-clinician" in registry.rulesets
    assert "rolling-hours" in registry.language.requirement_kinds
    assert "hipaa-privacy" in registry.vocabulary.topics
    assert registry.origins["ruleset:acme-clinician"] == "licensetrack_employer_policy"
    info = next(p for p in registry.plugins if p.name == "licensetrack_employer_policy")
    assert info.version == "0.1.0"
    assert "requirement kind:rolling-hours" in info.registered


def test_licensetrack_plugins_lists_it() -> None:
    result = CliRunner().invoke(main, ["plugins", "--format", "json"])
    assert result.exit_code == 0
    plugins = {p["name"]: p for p in json.loads(result.stdout)["plugins"]}
    assert plugins["licensetrack_employer_policy"]["hooks"] == [
        "register_requirement_kinds",
        "register_rulesets",
        "register_vocabulary",
    ]


def test_the_policy_changes_check_output(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n'
        '[[credentials]]\nid = "acme"\nruleset = "acme-clinician"\nissued = 2019-03-15\n'
        '[[activities]]\ntitle = "HIPAA Privacy Refresher"\ncompleted = 2024-09-10\nhours = 2\ntopics = ["hipaa-privacy"]\n'
    )
    ok = subprocess.run(
        [sys.executable, "-m", "licensetrack", "check", str(profile), "--as-of", "2025-06-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "✓ HIPAA privacy training in the last" in ok.stdout
    assert "Hours: 2 counted of 2 required; 0 missing" in ok.stdout
    late = subprocess.run(
        [sys.executable, "-m", "licensetrack", "check", str(profile), "--as-of", "2025-10-01", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert late.returncode == 1
    (credential,) = json.loads(late.stdout)["credentials"]
    requirement = credential["requirements"][0]
    assert (requirement["kind"], requirement["counted"], requirement["missing"]) == ("rolling-hours", "0", "2")
