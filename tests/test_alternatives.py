"""A choice between whole requirement sets (``[[alternatives]]``, issue #15 gap 5).

California psychologists whose licences expire in 2023 renew under either the traditional CE model or
the CPD model, "A combination of both models is NOT permitted" (board CPD FAQ): every model is
evaluated on its own, the credential is compliant when any is met, and the report says which one it
shows and what the others lack.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.engine import evaluate
from licensetrack.core.errors import RuleSetError
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.planner import plan
from licensetrack.core.report import CredentialReport, Status
from licensetrack.formats.shapes import to_json
from licensetrack.formats.text import render_credential
from licensetrack.formats.views import holder_for, ruleset_json, ruleset_text
from licensetrack.io.rulefiles import loads_ruleset
from licensetrack.plugins.registry import load_registry
from licensetrack.testing.strategies import activities
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE, act, requirement, ruleset, total

# --- the rule language -----------------------------------------------------------------------------

# Periods are the calendar biennia 2024-2025, 2026-2027, ...; from 2026 the total is 30 h with 3 h of
# ethics, and periods ending in 2026-2027 may instead be met under the rules of 2025-12-31 (20 h).
CHOICE = f"""
[[alternatives]]
effective = 2026-01-01
models = [{{ id = "new", title = "New model" }}, {{ id = "old", title = "Former model", rules_on = 2025-12-31 }}]
{CITE}

[[alternatives]]
effective = 2028-01-01
{CITE}
"""
ETHICS = requirement("ethics", "topic", "Ethics", 'effective = 2026-01-01\nhours = 3\ntopics = ["ethics"]')


def _choice_rules() -> str:
    return total(20) + "[[requirements.versions]]\neffective = 2026-01-01\nhours = 30\n" + CITE + "\n" + ETHICS + CHOICE


def _report(acts: list[Activity], as_of: str = "2027-06-01") -> CredentialReport:
    rules = ruleset(_choice_rules())
    credential = Credential(id="c", ruleset=rules.id, issued=datetime.date(2010, 1, 1))
    practitioner = Practitioner(id="p", credentials=(credential,), activities=tuple(acts))
    return evaluate(practitioner, credential, rules, datetime.date.fromisoformat(as_of))


@pytest.mark.parametrize(
    ("fragment", "message"),
    [
        (
            'models = [{ id = "new", title = "New" }]',
            'bad.toml: alternatives[0] ("2026-01-01").models: a choice needs at least two models (or none, to end '
            "the choice)",
        ),
        (
            'models = [{ id = "new", title = "New" }, { id = "new", title = "Old", rules_on = 2025-12-31 }]',
            "bad.toml: alternatives[0] (\"2026-01-01\").models[1].id: duplicate model id 'new'",
        ),
        (
            'models = [{ id = "new", title = "New" }, { id = "old", title = "Old" }]',
            'bad.toml: alternatives[0] ("2026-01-01").models[1].rules_on: two models use the same rules: the '
            "period's own rules (no `rules_on`)",
        ),
        (
            'models = [{ id = "new", title = "New" }, { id = "old", title = "Old", rule_on = 2025-12-31 }]',
            'bad.toml: alternatives[0] ("2026-01-01").models[1] ("old"): unknown key \'rule_on\' (did you mean '
            '"rules_on"?); allowed keys: id, title, rules_on',
        ),
    ],
)
def test_a_choice_is_loaded_strictly(fragment: str, message: str) -> None:
    text = HEADER + TWO_YEAR_CYCLE + total(20) + f"[[alternatives]]\neffective = 2026-01-01\n{fragment}\n{CITE}\n"
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(text, source="bad.toml")
    assert message in str(caught.value)


def test_choices_must_be_dated_in_order() -> None:
    text = HEADER + TWO_YEAR_CYCLE + total(20) + CHOICE.replace("2028-01-01", "2025-01-01")
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset(text, source="bad.toml")
    assert "bad.toml: alternatives[1].effective: dated entries must be in increasing order" in str(caught.value)


# --- the engine ------------------------------------------------------------------------------------


def test_the_former_model_met_alone_is_enough_and_the_report_says_what_the_new_one_lacks() -> None:
    report = _report([act("Workshops", "2026-05-01", 20)])
    assert (report.status, report.required_hours, report.missing_hours) == (Status.COMPLIANT, 20, 0)
    assert report.alternatives is not None
    assert report.alternatives.chosen == "old"
    new, old = report.alternatives.alternatives
    assert (new.id, new.chosen, new.status, new.missing_hours) == ("new", False, Status.DEFICIENT, Decimal(10))
    assert [(s.id, s.missing) for s in new.lacking] == [("total", Decimal(10)), ("ethics", Decimal(3))]
    assert (old.id, old.chosen, old.status, old.lacking) == ("old", True, Status.COMPLIANT, ())
    assert old.rule_version == datetime.date(2000, 1, 1)
    assert new.rule_version == datetime.date(2026, 1, 1)


def test_the_first_model_met_is_shown_when_both_are() -> None:
    report = _report([act("Ethics", "2026-05-01", 3, topics=("ethics",)), act("Workshops", "2026-06-01", 27)])
    assert report.status is Status.COMPLIANT
    assert report.alternatives is not None
    assert report.alternatives.chosen == "new"
    assert [r.id for r in report.requirements] == ["total", "ethics"]


def test_when_none_is_met_the_one_missing_fewest_hours_is_shown() -> None:
    report = _report([act("Ethics", "2026-05-01", 3, topics=("ethics",)), act("Workshops", "2026-06-01", 14)])
    # new: 17 of 30 (13 missing); old: 17 of 20 (3 missing)
    assert (report.status, report.missing_hours) == (Status.DEFICIENT, Decimal(3))
    assert report.alternatives is not None
    assert report.alternatives.chosen == "old"


@pytest.mark.parametrize(
    ("as_of", "offered"),
    [("2025-06-01", False), ("2027-06-01", True), ("2029-06-01", False)],
)
def test_the_choice_is_offered_only_in_the_periods_its_entry_selects(as_of: str, offered: bool) -> None:
    report = _report([act("Workshops", "2025-05-01", 20)], as_of=as_of)
    assert (report.alternatives is not None) is offered


@given(acts=st.lists(activities(start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31)), max_size=6))
@settings(max_examples=40, deadline=None)
def test_compliant_exactly_when_one_model_is_and_missing_is_the_fewest(acts: list[Activity]) -> None:
    report = _report(acts)
    assert report.alternatives is not None
    results = report.alternatives.alternatives
    assert (report.status is Status.COMPLIANT) == any(r.status is Status.COMPLIANT for r in results)
    assert report.missing_hours == min(r.missing_hours for r in results)


@given(
    acts=st.lists(activities(start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31)), max_size=6),
    data=st.data(),
)
@settings(max_examples=40, deadline=None)
def test_order_never_matters_and_a_course_never_hurts(acts: list[Activity], data: st.DataObject) -> None:
    report = _report(acts)
    assert _report(data.draw(st.permutations(acts))) == report
    more = _report([*acts, data.draw(activities(start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31)))])
    assert more.missing_hours <= report.missing_hours
    if report.status is Status.COMPLIANT:
        assert more.status is Status.COMPLIANT


# --- the California psychology choice: check, JSON, rules show, plan --------------------------------

REGISTRY = load_registry()
PSY = REGISTRY.rulesets["us-ca-psychologist"]


def _no_mix() -> tuple[Practitioner, Credential]:
    """The case file's "no mixing" record: CE credits the conference, CPD the reading."""
    credential = Credential(
        id="psy", ruleset=PSY.id, issued=datetime.date(2015, 7, 1), expires=datetime.date(2023, 6, 30)
    )
    acts = (
        act(
            "Suicide Risk Assessment and Intervention",
            "2020-06-01",
            6,
            topics=("suicide-prevention",),
            approvals=("apa",),
        ),
        act("Online course bundle", "2021-09-01", 27, format="on-demand", approvals=("apa",)),
        act("California Laws and Ethics", "2022-03-01", 4, topics=("law", "ethics"), approvals=("apa",)),
        act("State association convention", "2022-10-01", 3, format="conference", approvals=("apa",)),
        act("Reading: journal articles", "2023-02-01", 6, format="independent-study"),
    )
    return Practitioner(id="psy-no-mix", credentials=(credential,), activities=acts), credential


def test_the_json_report_says_which_model_it_shows_and_what_each_lacks() -> None:
    practitioner, credential = _no_mix()
    data = to_json(evaluate(practitioner, credential, PSY, datetime.date(2023, 6, 1)))["alternatives"]
    assert {k: data[k] for k in ("chosen", "source", "effective", "verified")} == {
        "chosen": "ce",
        "source": "https://psychology.ca.gov/licensees/cpd_faqs.shtml",
        "effective": "2023-01-01",
        "verified": True,
    }
    assert data["alternatives"] == [
        {
            "id": "cpd",
            "title": "Continuing professional development (CPD model)",
            "chosen": False,
            "status": "deficient",
            "rule_version": "2023-01-01",
            "required_hours": "36",
            "counted_hours": "33",
            "missing_hours": "3",
            "lacking": [
                {
                    "id": "total",
                    "title": "Continuing education / continuing professional development hours",
                    "missing": "3",
                }
            ],
        },
        {
            "id": "ce",
            "title": "Traditional continuing education (CE model)",
            "chosen": True,
            "status": "deficient",
            "rule_version": "2020-01-01",
            "required_hours": "36",
            "counted_hours": "34",
            "missing_hours": "2",
            "lacking": [
                {
                    "id": "total",
                    "title": "Continuing education / continuing professional development hours",
                    "missing": "2",
                }
            ],
        },
    ]


def test_a_report_without_a_choice_has_no_alternatives_key() -> None:
    practitioner, credential = _no_mix()
    later = Credential(id="psy", ruleset=PSY.id, issued=credential.issued, expires=datetime.date(2025, 6, 30))
    report = evaluate(practitioner, later, PSY, datetime.date(2025, 6, 1))
    assert "alternatives" not in to_json(report)


def test_check_text_names_the_model_shown_and_what_would_cure_each() -> None:
    practitioner, credential = _no_mix()
    lines = render_credential(evaluate(practitioner, credential, PSY, datetime.date(2023, 6, 1)), width=120)
    start = next(i for i, line in enumerate(lines) if line.startswith("  Any one of"))
    end = next(i for i, line in enumerate(lines) if line.startswith("  2 rules applied"))
    said = " ".join(line.strip() for line in lines[start:end])
    total = "Continuing education / continuing professional development hours"
    assert said == (
        "Any one of 2 requirement sets meets this period, each on its own hours, never mixed (Board of Psychology, "
        "CPD FAQ (16 CCR §§ 1397.61, 1397.61.1)); shown: Traditional continuing education (CE model). "
        f"· Continuing professional development (CPD model), rules of 2023-01-01: 3 h missing: {total} lacks 3 h "
        f"· Traditional continuing education (CE model) (shown), rules of 2020-01-01: 2 h missing: {total} lacks 2 h"
    )


@pytest.mark.parametrize(
    ("on", "offered"), [("2022-12-31", False), ("2023-01-01", True), ("2023-12-31", True), ("2024-01-01", False)]
)
def test_rules_show_lists_each_model_and_what_it_owes(on: str, offered: bool) -> None:
    day = datetime.date.fromisoformat(on)
    holder = holder_for(PSY, day)
    data = ruleset_json(PSY, day, holder)
    assert ("alternatives" in data) is offered
    if offered:
        cpd, ce = data["alternatives"]["models"]
        assert (cpd["id"], ce["id"], ce["rules_on"]) == ("cpd", "ce", "2022-12-31")
        assert "laws-ethics" in [r["id"] for r in cpd["requirements"]]
        assert [r["id"] for r in ce["requirements"]] == ["total", "suicide-prevention", "independent-learning"]
        assert "they may not be mixed" in ruleset_text(data).replace("\n   ", "")


def test_plan_works_toward_the_model_shown_and_tries_courses_under_every_model() -> None:
    practitioner, _ = _no_mix()
    result = plan(practitioner, REGISTRY.rulesets, datetime.date(2023, 6, 1), kinds=REGISTRY.kinds)
    (remaining,) = result.remaining
    assert (remaining.missing_hours, remaining.general_hours, remaining.topic_needs) == (Decimal(2), Decimal(2), ())
    assert result.best_course is not None
    assert result.best_course.helps == (("psy", Decimal(2)),)
