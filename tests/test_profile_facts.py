"""Facts the profile holds for rules that depend on them (issue #15 gap 8): when a role began
(`role_since`, Florida qualified supervisors) and when graduate study began; v1 profiles still load."""

from __future__ import annotations

import datetime
import json

import pytest

from licensetrack.core.errors import RuleSetError
from licensetrack.io.profiles import ProfileError, dumps_json, dumps_toml, loads_json, loads_toml, read_profile
from licensetrack.io.rulefiles import loads_ruleset
from tests.rulekit import HEADER, TWO_YEAR_CYCLE, by_id, check, requirement, ruleset, total

PROFILE = """
[practitioner]
id = "p"
graduate_study_began = 2001-09-01

[[credentials]]
id = "fl"
ruleset = "us-fl-lmhc"
issued = 2015-03-01
roles = ["supervisor"]
role_since = { supervisor = 2022-03-01 }
"""


def test_role_dates_and_graduate_study_load_and_round_trip() -> None:
    practitioner = loads_toml(PROFILE)
    assert practitioner.graduate_study_began == datetime.date(2001, 9, 1)
    assert dict(practitioner.credentials[0].role_since) == {"supervisor": datetime.date(2022, 3, 1)}
    assert loads_toml(dumps_toml(practitioner)) == practitioner
    data = json.loads(dumps_json(practitioner))
    assert data["credentials"][0]["role_since"] == {"supervisor": "2022-03-01"}
    assert data["practitioner"]["graduate_study_began"] == "2001-09-01"
    assert loads_json(dumps_json(practitioner)) == practitioner


def test_a_v1_profile_loads_and_is_written_back_as_it_was() -> None:
    practitioner = read_profile("examples/dana-rivera.toml")
    assert all(not c.role_since for c in practitioner.credentials)
    assert practitioner.graduate_study_began is None
    assert "role_since" not in dumps_toml(practitioner)
    assert "graduate_study_began" not in dumps_json(practitioner)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("supervisor = 2022", "supervisr = 2022"),
            'x.toml: credentials[0] ("fl").role_since.supervisr: names a role the credential does not have '
            "(roles: supervisor)",
        ),
        (
            ("supervisor = 2022-03-01", 'supervisor = "March"'),
            "x.toml: credentials[0] (\"fl\").role_since.supervisor: must be a date (YYYY-MM-DD), got 'March'",
        ),
        (
            ("graduate_study_began = 2001-09-01", 'graduate_study_began = "2001"'),
            "x.toml: practitioner.graduate_study_began: must be a date like 2024-03-09, got '2001'",
        ),
    ],
)
def test_bad_facts_name_the_record_and_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(ProfileError) as caught:
        loads_toml(PROFILE.replace(*change), source="x.toml")
    assert message in str(caught.value)


# --- anchor_role: every-n-cycles counted from the period in which the role began ---------------------

SUPERVISION = requirement(
    "supervision",
    "topic",
    "Supervision",
    'effective = 2000-01-01\nhours = 4\ntopics = ["supervision"]\nscope = "every-n-cycles"\nevery = 3\n'
    'roles = ["supervisor"]\nanchor_role = "supervisor"',
)


def _owed(as_of: str, since: str | None) -> bool:
    # biennia 2024-2025, 2026-2027, ...; issued 2020-01-01, so issue-counted thirds end 2023, 2029, ...
    role_since = {"supervisor": datetime.date.fromisoformat(since)} if since else {}
    rules = ruleset(total(20), SUPERVISION)
    report = check(rules, [], as_of, issued="2020-01-01", roles=("supervisor",), role_since=role_since)
    return "supervision" in by_id(report)


@pytest.mark.parametrize(
    ("as_of", "since", "owed"),
    [
        ("2027-06-01", "2023-12-31", True),  # designated in 2022-2023: the third period is 2026-2027
        ("2027-06-01", "2024-01-01", False),  # designated in 2024-2025: not yet
        ("2029-06-01", "2024-01-01", True),  # ... its third is 2028-2029
        ("2025-06-01", "2024-01-01", False),  # the designation period itself is the first, not the third
        ("2031-06-01", "2024-01-01", False),  # then every third period
        ("2035-06-01", "2024-01-01", True),
        ("2031-06-01", None, True),  # no date in the profile: counted from issue (2020-2021 first): 2024, 2030, ...
        ("2029-06-01", None, False),
    ],
)
def test_every_third_period_counted_from_the_role(as_of: str, since: str | None, owed: bool) -> None:
    assert _owed(as_of, since) is owed


@pytest.mark.parametrize(
    "fragment",
    [
        'anchor_role = "supervisor"\nroles = ["telehealth"]',
        'anchor_role = "supervisor"\nroles = ["supervisor"]\nanchor = 2024-01-01',
    ],
)
def test_anchor_role_is_checked(fragment: str) -> None:
    text = (
        HEADER
        + TWO_YEAR_CYCLE
        + requirement(
            "s",
            "topic",
            "S",
            f'effective = 2000-01-01\nhours = 4\ntopics = ["supervision"]\nscope = "every-n-cycles"\nevery = 3\n{fragment}',
        )
    )
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(text, source="x.toml")
    assert 'x.toml: requirements[0] ("s").versions[0].anchor_role: needs scope "every-n-cycles"' in str(caught.value)
