"""Minimum number of distinct categories (issue #15, gap 9): California CPD's "hours ... from at least two of
the four CPD activity categories" (16 CCR § 1397.61.1)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensetrack.cli.main import main
from licensetrack.core.errors import RuleSetError
from licensetrack.core.planner import plan
from licensetrack.core.report import Status, hours
from licensetrack.core.rules import RuleSet
from licensetrack.io.profiles import loads_toml
from licensetrack.io.rulefiles import loads_ruleset
from licensetrack.plugins.registry import load_registry
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE, act, by_id, check, requirement, ruleset, total


def categories_requirement(version: str) -> str:
    """A categories requirement whose version's own keys (and citation) come before its category tables."""
    head, _, tables = version.partition("[[requirements.versions.categories]]")
    tables = "[[requirements.versions.categories]]" + tables if tables else ""
    return '\n[[requirements]]\nid = "cats"\nkind = "categories"\ntitle = "Two categories"\n' + (
        f"[[requirements.versions]]\n{head.strip()}\n{CITE}\n{tables}"
    )


CATEGORIES = """effective = 2000-01-01
min_categories = 2
[[requirements.versions.categories]]
id = "sponsored"
title = "Sponsored"
formats = ["live", "live-online", "on-demand"]
[[requirements.versions.categories]]
id = "academic"
title = "Academic"
formats = ["academic", "independent-study"]
[[requirements.versions.categories]]
id = "consultation"
title = "Peer consultation"
topics = ["supervision"]
"""


def rules_with_categories() -> RuleSet:
    return ruleset(total(20), categories_requirement(CATEGORIES))


def test_one_category_is_short_even_when_the_hours_are_complete() -> None:
    report = check(rules_with_categories(), [act("Workshops", "2024-03-01", 20)], "2025-06-01")
    assert report.status is Status.DEFICIENT
    assert by_id(report)["cats"] == ("2", "1", "1", False)
    # One further hour in another category is the fewest that would do.
    assert (hours(report.counted_hours), hours(report.missing_hours)) == ("20", "1")
    cats = next(r for r in report.requirements if r.id == "cats")
    assert cats.detail == "hours in: Sponsored; take hours in 1 more category of: Academic, Peer consultation"
    assert cats.open_categories == ("academic", "consultation")


def test_two_categories_meet_it_and_a_topic_can_define_a_category() -> None:
    acts = [act("Workshops", "2024-03-01", 19), act("Consultation group", "2024-05-01", 1, topics=("supervision",))]
    report = check(rules_with_categories(), acts, "2025-06-01")
    assert report.status is Status.COMPLIANT
    assert by_id(report)["cats"] == ("2", "2", "0", True)


def test_hours_held_back_by_a_cap_still_reach_their_category() -> None:
    cap = requirement(
        "reading", "cap", "Reading", 'effective = 2000-01-01\nformats = ["independent-study"]\nmax_hours = 0.5'
    )
    rules = ruleset(total(20), categories_requirement(CATEGORIES), cap)
    acts = [act("Workshops", "2024-03-01", 20), act("Journal reading", "2024-05-01", 3, format="independent-study")]
    report = check(rules, acts, "2025-06-01")
    assert by_id(report)["cats"] == ("2", "2", "0", True)


def test_courses_of_another_period_reach_no_category() -> None:
    acts = [act("Workshops", "2024-03-01", 20), act("Old seminar", "2023-06-01", 1, format="academic")]
    report = check(rules_with_categories(), acts, "2025-06-01")
    assert by_id(report)["cats"] == ("2", "1", "1", False)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            "effective = 2000-01-01",
            'requirements[1] ("cats").versions[0].min_categories: a categories requirement needs `min_categories`',
        ),
        (
            'effective = 2000-01-01\nmin_categories = 3\n[[requirements.versions.categories]]\nid = "a"\ntitle = "A"\n'
            'formats = ["live"]\n[[requirements.versions.categories]]\nid = "b"\ntitle = "B"\nformats = ["academic"]',
            "min_categories is 3 but only 2 categories are listed",
        ),
        (
            'effective = 2000-01-01\nmin_categories = 2\n[[requirements.versions.categories]]\nid = "a"\ntitle = "A"\n'
            'formats = ["live"]\n[[requirements.versions.categories]]\nid = "a"\ntitle = "B"\nformats = ["academic"]',
            "category ids must be unique, got a, a",
        ),
        (
            'effective = 2000-01-01\nmin_categories = 2\n[[requirements.versions.categories]]\nid = "a"\ntitle = "A"\n'
            '[[requirements.versions.categories]]\nid = "b"\ntitle = "B"\nformats = ["academic"]',
            'categories[0] ("a").formats: a category needs `formats` or `topics`',
        ),
        (
            'effective = 2000-01-01\nmin_categories = 2\n[[requirements.versions.categories]]\nid = "a"\ntitle = "A"\n'
            'formats = ["lve"]\n[[requirements.versions.categories]]\nid = "b"\ntitle = "B"\nformats = ["academic"]',
            'categories[0] ("a").formats: item 0: must be one of live, live-online, on-demand',
        ),
    ],
)
def test_category_mistakes_are_named(version: str, message: str) -> None:
    text = HEADER + TWO_YEAR_CYCLE + total(20) + categories_requirement(version)
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(text, source="bad.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("bad.toml: ")


CALIFORNIA = """
[practitioner]
id = "ca"
[[credentials]]
id = "psy"
ruleset = "us-ca-psychologist"
issued = 2012-06-30
expires = 2024-06-30
[[activities]]
title = "Suicide risk assessment"
completed = 2020-03-01
hours = 6
topics = ["suicide-prevention"]
approvals = ["apa"]
[[activities]]
title = "Law and ethics"
completed = 2023-03-01
hours = 4
topics = ["law", "ethics"]
approvals = ["apa"]
[[activities]]
title = "Cultural humility"
completed = 2023-05-01
hours = 4
topics = ["cultural-diversity"]
approvals = ["apa"]
[[activities]]
title = "Sponsored workshops"
completed = 2023-09-01
hours = 28
approvals = ["apa"]
"""


def test_check_plan_and_deadlines_say_which_categories_are_open(tmp_path: Path) -> None:
    profile = tmp_path / "ca.toml"
    profile.write_text(CALIFORNIA, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(profile), "--as-of", "2024-06-01"])
    assert result.exit_code == 1
    assert (
        "  ✗ CPD hours from at least two of the four        2       1       1  █████░░░░░\n"
        "    categories\n"
        "      hours in: Sponsored continuing education (category 3); take hours in 1\n"
    ) in result.output
    data = json.loads(
        CliRunner().invoke(main, ["check", str(profile), "--as-of", "2024-06-01", "--format", "json"]).output
    )
    (row,) = [r for r in data["credentials"][0]["requirements"] if r["id"] == "cpd-categories"]
    assert (row["kind"], row["required"], row["counted"], row["open_categories"]) == (
        "categories",
        "2",
        "1",
        ["professional", "academic"],
    )
    practitioner = loads_toml(CALIFORNIA, source="ca.toml")
    advice = plan(practitioner, load_registry().rulesets, datetime.date(2024, 6, 1))
    (remaining,) = advice.remaining
    assert [(n.categories, n.count) for n in remaining.category_needs] == [(("professional", "academic"), 1)]
    assert advice.best_course is not None
    assert (advice.best_course.format.value, advice.best_course.helps) == ("academic", (("psy", Decimal(9)),))
    text = CliRunner().invoke(main, ["deadlines", str(profile), "--as-of", "2024-06-01"]).output
    assert "1 of 2 categories still missing; hours in: Sponsored continuing education" in text


def test_rules_show_lists_the_categories() -> None:
    from licensetrack.formats.views import holder_for, ruleset_json

    rules = load_registry().rulesets["us-ca-psychologist"]
    on = datetime.date(2024, 6, 1)
    data = ruleset_json(rules, on, holder_for(rules, on, expires=datetime.date(2024, 6, 30)))
    (row,) = [r for r in data["requirements"] if r["id"] == "cpd-categories"]
    assert row["min_categories"] == 2
    assert [c["id"] for c in row["categories"]] == ["professional", "academic", "sponsored"]
    assert row["categories"][2]["formats"] == ["live", "live-online", "on-demand"]
