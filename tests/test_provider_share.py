"""Provider types and share requirements (issue #15, gap 2): Texas's "at least half of the hours from a
provider listed in 781.501(f)", solved exactly inside the allocation."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.allocation.problem import AllocationProblem, Item, allocate
from licensetrack.core.errors import ModelError, ProfileError, RuleSetError
from licensetrack.core.model import Activity
from licensetrack.core.planner import plan
from licensetrack.core.report import Status, hours
from licensetrack.io.batch import read_csv_bundle, write_csv_bundle
from licensetrack.io.profiles import loads_toml, to_json_data
from licensetrack.io.rulefiles import loads_ruleset
from licensetrack.plugins.registry import load_registry
from tests.rulekit import HEADER, TWO_YEAR_CYCLE, by_id, check, requirement, ruleset, total

LISTED = 'provider_types = ["university", "government"]'
SHARE = requirement(
    "listed", "share", "Half from listed providers", f'effective = 2000-01-01\nmin_share = "1/2"\n{LISTED}'
)


def course(
    title: str, hours_: int, provider_type: str | None, *, topics: tuple[str, ...] = (), fmt: str = "live"
) -> Activity:
    from licensetrack.core.model import Format

    return Activity(
        title=title,
        completed=datetime.date(2024, 6, 1),
        hours=Decimal(hours_),
        format=Format(fmt),
        topics=topics,
        provider_type=provider_type,
    )


# --- the engine --------------------------------------------------------------------------------------


def test_everything_from_a_commercial_vendor_shows_the_shortfall() -> None:
    rules = ruleset(total(30), SHARE)
    report = check(rules, [course("Vendor bundle", 30, "commercial")], "2025-06-01")
    assert report.status is Status.DEFICIENT
    assert (hours(report.counted_hours), hours(report.missing_hours)) == ("15", "15")
    assert by_id(report)["listed"] == ("15", "0", "15", False)
    (excluded,) = [a for a in report.activities if a.excluded > 0]
    assert excluded.reasons == (
        "15 h over a cap: Half from listed providers (hours from other provider types count at most 15 h; Test Code § 1)",
    )


def test_a_course_without_a_recorded_provider_type_is_not_from_a_listed_one() -> None:
    rules = ruleset(total(30), SHARE)
    report = check(rules, [course("Unknown provider", 20, None), course("University", 10, "university")], "2025-06-01")
    assert by_id(report)["listed"] == ("15", "10", "5", False)
    assert hours(report.missing_hours) == "5"


def test_half_from_listed_types_is_compliant_and_the_row_names_them() -> None:
    rules = ruleset(total(30), SHARE)
    report = check(rules, [course("State agency", 15, "government"), course("Vendor", 15, "commercial")], "2025-06-01")
    assert report.status is Status.COMPLIANT
    share = next(r for r in report.requirements if r.id == "listed")
    assert (share.kind, share.provider_types, share.met) == ("share", ("university", "government"), True)
    assert share.detail == "from provider types university, government; hours from other providers count at most 15 h"


def test_the_share_competes_exactly_with_a_format_cap() -> None:
    """On-demand at most 10 h; half of 30 from listed types. The listed hours are on demand, so the cap and
    the share bind together: 10 listed on-demand + 15 vendor live = 25, and 5 more are missing (a greedy
    pass that spends the cap on vendor hours would leave 15 missing)."""
    cap = requirement("online", "cap", "On demand", 'effective = 2000-01-01\nformats = ["on-demand"]\nmax_hours = 10')
    rules = ruleset(total(30), cap, SHARE)
    acts = [
        course("University online", 12, "university", fmt="on-demand"),
        course("Vendor online", 10, "commercial", fmt="on-demand"),
        course("Vendor live", 20, "commercial"),
    ]
    report = check(rules, acts, "2025-06-01")
    assert (hours(report.counted_hours), hours(report.missing_hours)) == ("25", "5")
    assert by_id(report)["listed"] == ("15", "10", "5", False)


def test_a_share_is_of_the_hours_owed_in_all_including_topics_owed_besides_the_total() -> None:
    outside = requirement(
        "supervision",
        "topic",
        "Supervision",
        'effective = 2000-01-01\nhours = 6\ntopics = ["supervision"]\ncounts_toward_total = false',
    )
    rules = ruleset(total(24), outside, SHARE)
    acts = [
        course("Vendor", 24, "commercial"),
        course("Supervision (university)", 6, "university", topics=("supervision",)),
    ]
    report = check(rules, acts, "2025-06-01")
    # Half of 30 owed in all must be listed: 6 listed, so 9 are missing however many vendor hours there are.
    assert by_id(report)["listed"] == ("15", "6", "9", False)
    assert hours(report.missing_hours) == "9"


def test_carried_hours_are_not_from_a_listed_provider() -> None:
    carry = (
        '\n[[carry_forward]]\neffective = 2000-01-01\nmax_hours = 10\ncitation = "Test § 1"\n'
        'source = "https://example.org/rules"\n'
    )
    rules = ruleset(total(30), SHARE, carry)
    earlier = attrs.evolve(course("Last period, university", 40, "university"), completed=datetime.date(2023, 6, 1))
    report = check(rules, [earlier, course("Vendor", 20, "commercial")], "2025-06-01")
    assert hours(report.carried_in) == "10"
    # 10 carried + 20 vendor are all "other": at most 15 of them count.
    assert (hours(report.counted_hours), hours(report.missing_hours)) == ("15", "15")


small = st.integers(0, 12)


@given(
    listed_capped=small, listed_free=small, other_capped=small, other_free=small, cap=small, total_=st.integers(1, 30)
)
def test_the_share_is_an_exact_part_of_the_allocation(
    listed_capped: int, listed_free: int, other_capped: int, other_free: int, cap: int, total_: int
) -> None:
    """Cap 0 (a format) and cap 1 (the others' limit, half the total) over four kinds of hours. The hours
    that count are concave and piecewise linear in ``c``, the capped "other" hours used, so the best is at
    one of its breakpoints; the LP must find exactly that."""
    others = Fraction(total_, 2)
    problem = AllocationProblem(
        items=(
            Item(hours=listed_capped, caps=frozenset({0})),
            Item(hours=listed_free),
            Item(hours=other_capped, caps=frozenset({0, 1})),
            Item(hours=other_free, caps=frozenset({1})),
        ),
        caps=(cap, others),
        total=total_,
    )
    top = min(Fraction(other_capped), Fraction(cap), others)

    def counted(c: Fraction) -> Fraction:
        return listed_free + min(listed_capped, cap - c) + c + min(Fraction(other_free), others - c)

    breakpoints = {Fraction(0), top, Fraction(cap - listed_capped), others - other_free}
    best = max(counted(c) for c in breakpoints if 0 <= c <= top)
    result = allocate(problem)
    assert result.best_total == best
    assert result.missing == max(0, total_ - best)


# --- the rule language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (LISTED, 'requirements[0] ("listed").versions[0].min_share: a share requirement needs `min_share`'),
        (
            'min_share = "1/2"',
            "versions[0].provider_types: a share requirement needs provider types or topics its hours come from",
        ),
        (
            'min_share = "1/2"\nprovider_types = ["universty"]',
            "provider_types: unknown provider type 'universty' (did you mean \"university\"?)",
        ),
        ('min_share = "3/2"\n' + LISTED, "min_share: must be greater than 0 and at most 1"),
    ],
)
def test_share_mistakes_are_named(version: str, message: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(
            HEADER + TWO_YEAR_CYCLE + requirement("listed", "share", "L", f"effective = 2000-01-01\n{version}"),
            source="bad.toml",
        )
    assert message in str(caught.value)
    assert str(caught.value).startswith("bad.toml: ")


def test_a_share_needs_a_total() -> None:
    with pytest.raises(
        RuleSetError, match=r"requirements\[0\].kind: a share requirement is a share of the total: add one"
    ):
        loads_ruleset(HEADER + TWO_YEAR_CYCLE + SHARE, source="bad.toml")


def test_rules_show_json_gives_the_share_and_its_provider_types() -> None:
    registry = load_registry()
    from licensetrack.formats.views import holder_for, ruleset_json

    rules = registry.rulesets["us-tx-lcsw"]
    data = ruleset_json(
        rules,
        datetime.date(2025, 5, 1),
        holder_for(rules, datetime.date(2025, 5, 1), expires=datetime.date(2025, 5, 31)),
    )
    share = next(r for r in data["requirements"] if r["id"] == "listed-providers")
    assert (share["kind"], share["min_share"], share["citation"]) == ("share", "1/2", "22 TAC §781.501(f)")
    assert share["provider_types"] == [
        "professional-association",
        "school",
        "government",
        "university",
        "charity",
        "supervisor",
        "hospital",
    ]


# --- the profile: an optional field of format v1 ----------------------------------------------------

OLD_PROFILE = """
[practitioner]
id = "dana"
[[activities]]
title = "Ethics"
completed = 2024-03-01
hours = 6
"""


def test_profiles_without_provider_types_still_load_and_write_the_same() -> None:
    practitioner = loads_toml(OLD_PROFILE, source="old.toml")
    assert practitioner.activities[0].provider_type is None
    assert "provider_type" not in to_json_data(practitioner)["activities"][0]


def test_a_provider_type_is_read_written_and_checked() -> None:
    practitioner = loads_toml(OLD_PROFILE + 'provider_type = "hospital"\n', source="new.toml")
    assert practitioner.activities[0].provider_type == "hospital"
    assert to_json_data(practitioner)["activities"][0]["provider_type"] == "hospital"
    with pytest.raises(ProfileError) as caught:
        loads_toml(OLD_PROFILE + 'provider_type = "vendor"\n', source="bad.toml")
    assert str(caught.value).splitlines() == [
        "bad.toml: activities[0] (\"Ethics\").provider_type: unknown provider type 'vendor'; "
        "`licensetrack vocabulary` lists every provider type"
    ]
    with pytest.raises(ModelError):
        Activity(title="x", completed=datetime.date(2024, 1, 1), hours=Decimal(1), provider_type="Hospital")


def test_csv_bundles_carry_the_column_and_omit_it_when_nobody_uses_it(tmp_path: Path) -> None:
    plain = loads_toml(OLD_PROFILE, source="old.toml")
    write_csv_bundle([plain], tmp_path / "plain")
    header = (tmp_path / "plain" / "activities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert (
        header == "practitioner_id,title,completed,hours,units,unit,days,format,topics,provider,approvals,certificate"
    )
    typed = loads_toml(OLD_PROFILE + 'provider_type = "university"\n', source="new.toml")
    write_csv_bundle([typed], tmp_path / "typed")
    assert (
        (tmp_path / "typed" / "activities.csv")
        .read_text(encoding="utf-8")
        .splitlines()[0]
        .endswith(",certificate,provider_type")
    )
    (record,) = list(read_csv_bundle(tmp_path / "typed"))
    assert record.practitioner is not None
    assert record.practitioner.activities[0].provider_type == "university"


# --- the command line ------------------------------------------------------------------------------


def test_add_records_a_provider_type(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('[practitioner]\nid = "p"\n', encoding="utf-8")
    args = ["add", str(profile), "--title", "Grand rounds", "--completed", "2024-05-01", "--hours", "2"]
    result = CliRunner().invoke(main, [*args, "--provider-type", "hospital"])
    assert result.exit_code == 0, result.output
    assert 'provider_type = "hospital"' in profile.read_text(encoding="utf-8")
    refused = CliRunner().invoke(main, [*args, "--provider-type", "hosp"])
    assert refused.exit_code == 2


def test_add_offers_exactly_the_vocabulary_provider_types() -> None:
    from licensetrack.cli.add import PROVIDER_TYPE_IDS
    from licensetrack.core.vocabulary import PROVIDER_TYPES

    assert tuple(PROVIDER_TYPES) == PROVIDER_TYPE_IDS


def test_the_vocabulary_command_lists_provider_types() -> None:
    text = CliRunner().invoke(main, ["vocabulary"]).output
    assert "Provider types\n  professional-association  " in text
    data = json.loads(CliRunner().invoke(main, ["vocabulary", "--format", "json"]).output)
    assert [w["id"] for w in data["provider_types"]][:3] == ["professional-association", "school", "government"]


TEXAS = """
[practitioner]
id = "tx"
[[credentials]]
id = "lcsw"
ruleset = "us-tx-lcsw"
issued = 2010-05-01
expires = 2025-05-31
[[activities]]
title = "Online ethics"
completed = 2024-01-10
hours = 6
topics = ["ethics"]
format = "on-demand"
provider_type = "commercial"
[[activities]]
title = "Online diversity"
completed = 2024-02-10
hours = 3
topics = ["cultural-diversity"]
format = "on-demand"
provider_type = "commercial"
[[activities]]
title = "Online bundle"
completed = 2024-03-10
hours = 21
format = "on-demand"
provider_type = "commercial"
"""


def test_check_says_what_would_cure_the_share(tmp_path: Path) -> None:
    profile = tmp_path / "tx.toml"
    profile.write_text(TEXAS, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(profile), "--as-of", "2025-05-01"])
    assert result.exit_code == 1
    assert (
        "  ✗ At least half of the hours from providers     15       0      15  ░░░░░░░░░░\n"
        "    listed in §781.501(f)\n"
        "      take 15 h more from a provider of type professional-association, school,\n"
    ) in result.output
    data = json.loads(
        CliRunner().invoke(main, ["check", str(profile), "--as-of", "2025-05-01", "--format", "json"]).output
    )
    (share,) = [r for r in data["credentials"][0]["requirements"] if r["id"] == "listed-providers"]
    assert (share["kind"], share["missing"], share["met"]) == ("share", "15", False)
    assert share["provider_types"][0] == "professional-association"


def test_plan_and_deadlines_understand_the_share(tmp_path: Path) -> None:
    practitioner = loads_toml(TEXAS, source="tx.toml")
    rulesets = load_registry().rulesets
    result = plan(practitioner, rulesets, datetime.date(2025, 5, 1))
    (remaining,) = result.remaining
    assert [(n.requirement, n.hours) for n in remaining.provider_needs] == [("listed-providers", Decimal(15))]
    assert result.best_course is not None
    assert (result.best_course.provider_type, result.best_course.helps) == (
        "professional-association",
        (("lcsw", Decimal(15)),),
    )
    profile = tmp_path / "tx.toml"
    profile.write_text(TEXAS, encoding="utf-8")
    text = CliRunner().invoke(main, ["deadlines", str(profile), "--as-of", "2025-05-01"]).output
    assert "15 of 15 h still missing from a provider of type professional-association," in text


def test_an_earlier_course_for_a_one_time_topic_owed_besides_the_total_lowers_the_others_allowance() -> None:
    """The documented exception to monotonicity (docs/rule-language.md): the share is of what the period still
    owes, so an earlier period's course meeting part of a one-time topic owed besides the total lowers what is
    owed (2 -> 1.99 h) and with it the hours other providers may give (1 -> 0.995 h). The total's shortfall then
    stays at least the share's, as the report must show; history_dependent() marks such rule sets."""
    from licensetrack.testing import history_dependent
    from tests.test_engine_properties import run_any

    once = requirement(
        "once-topic",
        "topic",
        "One-time ethics or supervision",
        'effective = 2000-01-01\nhours = 1\ntopics = ["ethics", "supervision"]\ncounts_toward_total = false\n'
        'scope = "once"\ndue_first_renewal_after = 2020-01-01',
    )
    rules = ruleset(total(1), once, SHARE)
    assert history_dependent(rules)
    assert not history_dependent(ruleset(total(1), SHARE))
    now = course("Live workshop", 1, None)
    earlier = attrs.evolve(course("Old ethics", 1, None, topics=("supervision",)), hours=Decimal("0.01"))
    earlier = attrs.evolve(earlier, completed=datetime.date(2021, 1, 1))
    before = {r.id: r for r in run_any(rules, [now]).requirements}
    after_report = run_any(rules, [now, earlier])
    after = {r.id: r for r in after_report.requirements}
    assert (before["total"].counted, after["total"].counted) == (1, Decimal("0.995"))
    assert after["once-topic"].counted == Decimal("0.01")
    assert (before["listed"].required, after["listed"].required) == (1, Decimal("0.995"))
    assert after_report.missing_hours >= after["listed"].missing


def test_a_cap_on_a_kind_of_provider_counts_at_most_its_hours_from_it() -> None:
    """Washington, WAC 246-809-610(4): "Training programs sponsored by the agency where a licensed counselor
    ... is employed are acceptable but are limited to 26 hours per reporting period"."""
    agency = requirement(
        "agency",
        "cap",
        "Agency training",
        'effective = 2000-01-01\nmax_hours = 26\nprovider_types = ["employer"]',
    )
    from tests.test_engine_properties import run_any

    rules = ruleset(total(36), agency)
    report = run_any(rules, [course("In-service", 30, "employer"), course("Workshop", 6, "university")])
    assert (report.counted_hours, report.missing_hours) == (32, 4)
    other = run_any(rules, [course("In-service", 30, "university"), course("Workshop", 6, None)])
    assert other.counted_hours == 36


@pytest.mark.parametrize("kind", ["total", "course"])
def test_kinds_of_provider_belong_to_a_share_a_cap_or_a_topic(kind: str) -> None:
    extra = "hours = 36\n" if kind == "total" else 'topics = ["ethics"]\n'
    bad = requirement("x", kind, "X", f'effective = 2000-01-01\n{extra}provider_types = ["employer"]')
    with pytest.raises(RuleSetError, match="kinds of provider belong to a share, a cap or a topic requirement"):
        ruleset(bad)


# --- a share of the hours on named topics (issue #23: NBCC's specialties) ------------------------------

TOPIC_SHARE = requirement(
    "clinical", "share", "Half on clinical topics", 'effective = 2000-01-01\nmin_share = "1/2"\ntopics = ["diagnosis"]'
)


def test_a_share_on_named_topics_counts_other_hours_only_up_to_the_rest() -> None:
    rules = ruleset(total(10), TOPIC_SHARE)
    report = check(rules, [course("Business of practice", 10, None)], "2025-06-01")
    assert (hours(report.counted_hours), hours(report.missing_hours)) == ("5", "5")
    (row,) = [r for r in report.requirements if r.id == "clinical"]
    assert (hours(row.required), hours(row.missing), row.met) == ("5", "5", False)
    assert row.detail == "take 5 h more on topic diagnosis; other hours count at most 5 h"
    met = check(rules, [course("DSM", 4, None, topics=("diagnosis",)), course("Other", 6, None)], "2025-06-01")
    assert (hours(met.counted_hours), met.status) == ("9", Status.DEFICIENT)  # 6 other hours count at most 5
    whole = check(rules, [course("DSM", 5, None, topics=("diagnosis",)), course("Other", 6, None)], "2025-06-01")
    assert whole.status is Status.COMPLIANT
    assert [r.detail for r in whole.requirements if r.id == "clinical"] == [
        "on topic diagnosis; other hours count at most 5 h"
    ]


def test_the_plan_asks_for_a_topic_share_as_a_topic() -> None:
    rules = ruleset(total(10), TOPIC_SHARE)
    report = check(rules, [course("Other", 10, None)], "2025-06-01")
    from licensetrack.core.planner import remaining_for

    remaining = remaining_for(report)
    assert [(n.requirement, n.topics, n.hours) for n in remaining.topic_needs] == [
        ("clinical", ("diagnosis",), Decimal(5))
    ]
    assert remaining.provider_needs == ()
