"""Degrees that decide (issue #23): a rule set's ``[[degree]]`` and ``[[home]]`` answered by ``eligibility``.

The degree rule's routes, its dates, the profile's new degree fields, and the command in both formats.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.eligibility import degree_condition, degree_lacks, eligibility
from licensetrack.core.errors import ModelError, ProfileError, RuleSetError
from licensetrack.core.model import Credential, Degree, DegreeLevel, Practitioner
from licensetrack.core.rules import DegreeRule, RuleSet
from licensetrack.io.profiles import loads_toml
from licensetrack.testing.strategies import degrees
from tests.rulekit import CITE, named
from tests.schemacheck import validate

DAY = datetime.date(2026, 1, 1)
DOCTORAL = f"""
[[degree]]
effective = 2020-01-01
level = "doctorate"
fields = ["psychology"]
accreditations = ["apa", "cpa"]
{CITE}

[[degree]]
effective = 2020-01-01
level = "doctorate"
fields = ["psychology"]
accreditations = ["asppb-designated"]
{CITE}
"""
GRADUATE_60 = f"""
[[degree]]
effective = 2020-01-01
level = "master"
min_semester_hours = 60
{CITE}
"""


def _rules(*fragments: str, id: str = "zz-passport") -> RuleSet:
    return named(id, *fragments, kind="certification")


def _route(**facts: object) -> DegreeRule:
    return DegreeRule(effective=datetime.date(2020, 1, 1), citation="c", source="https://example.org", **facts)  # type: ignore[arg-type]


PHD = Degree(
    level=DegreeLevel.DOCTORATE,
    field="Clinical Psychology",
    accreditations=("apa",),
    conferred=datetime.date(2010, 5, 15),
)


def test_a_degree_meets_a_route_at_its_level_or_higher_in_a_field_it_names_with_an_accreditation_it_lists() -> None:
    assert degree_lacks(PHD, _route(level=DegreeLevel.DOCTORATE, fields=("psychology",), accreditations=("apa",))) == []
    assert degree_lacks(PHD, _route(level=DegreeLevel.MASTER)) == []  # higher than asked
    master = Degree(level=DegreeLevel.MASTER, field="Counseling")
    assert degree_lacks(
        master, _route(level=DegreeLevel.DOCTORATE, fields=("psychology",), accreditations=("apa",))
    ) == [
        "a master, not a doctorate or higher",
        "field 'Counseling'",
        "no accreditation recorded",
    ]
    designated = Degree(level=DegreeLevel.DOCTORATE, field="Psychology", accreditations=("asppb-designated",))
    assert degree_lacks(designated, _route(level=DegreeLevel.DOCTORATE, accreditations=("apa", "cpa"))) == [
        "accredited by asppb-designated"
    ]


def test_credit_hours_count_quarter_hours_at_two_thirds() -> None:
    route = _route(level=DegreeLevel.MASTER, min_semester_hours=Decimal(60))
    assert degree_lacks(Degree(level=DegreeLevel.MASTER, semester_hours=Decimal(60)), route) == []
    assert degree_lacks(Degree(level=DegreeLevel.MASTER, quarter_hours=Decimal(90)), route) == []
    assert degree_lacks(Degree(level=DegreeLevel.MASTER, quarter_hours=Decimal(89)), route) == ["59.33 semester hours"]
    assert degree_lacks(Degree(level=DegreeLevel.MASTER, semester_hours=Decimal("48.5")), route) == [
        "48.5 semester hours"
    ]
    assert degree_lacks(Degree(level=DegreeLevel.MASTER), route) == ["no credit hours recorded"]
    with pytest.raises(ModelError, match="give the degree's size once"):
        Degree(level=DegreeLevel.MASTER, semester_hours=Decimal(60), quarter_hours=Decimal(90))


def test_when_the_degree_was_conferred_bounds_a_route() -> None:
    route = _route(level=DegreeLevel.MASTER, conferred_from=datetime.date(2025, 1, 1), accreditations=("cacrep",))
    late = Degree(level=DegreeLevel.MASTER, accreditations=("cacrep",), conferred=datetime.date(2025, 1, 1))
    early = Degree(level=DegreeLevel.MASTER, accreditations=("cacrep",), conferred=datetime.date(2024, 12, 31))
    undated = Degree(level=DegreeLevel.MASTER, accreditations=("cacrep",))
    assert degree_lacks(late, route) == []
    assert degree_lacks(early, route) == ["conferred 2024-12-31"]
    assert degree_lacks(undated, route) == ["no conferral date recorded"]
    before = _route(level=DegreeLevel.MASTER, conferred_before=datetime.date(2025, 1, 1))
    assert (degree_lacks(early, before), degree_lacks(late, before)) == ([], ["conferred 2025-01-01"])


def test_routes_of_one_date_are_alternatives_and_the_answer_names_the_nearest_miss() -> None:
    routes = _rules(DOCTORAL).degree_on(DAY)
    assert len(routes) == 2
    designated = Degree(level=DegreeLevel.DOCTORATE, field="Psychology", accreditations=("asppb-designated",))
    assert degree_condition((designated,), routes).met
    condition = degree_condition((Degree(level=DegreeLevel.MASTER, field="Psychology"),), routes)
    assert not condition.met
    assert condition.reason == (
        "needs a doctorate in psychology, accredited by apa or cpa or a doctorate in psychology, accredited by "
        "asppb-designated; nearest, master in Psychology: a master, not a doctorate or higher; no accreditation recorded"
    )
    assert degree_condition((), routes).reason.endswith(": no degree is on record")
    assert [ref.citation for ref in condition.refs] == ["Test Code § 1", "Test Code § 1"]


def test_the_degree_rule_has_dates_like_every_rule() -> None:
    later = f"""
[[degree]]
effective = 2025-01-01
level = "doctorate"
{CITE}

[[degree]]
effective = 2026-06-01
repealed = true
{CITE}
"""
    rules = _rules(GRADUATE_60, later)
    assert [r.level for r in rules.degree_on(datetime.date(2024, 12, 31))] == [DegreeLevel.MASTER]
    assert [r.level for r in rules.degree_on(datetime.date(2025, 1, 1))] == [DegreeLevel.DOCTORATE]
    assert rules.degree_on(datetime.date(2026, 6, 1)) == ()
    assert rules.degree_on(datetime.date(2019, 12, 31)) == ()
    assert len([e for e in rules.dated_entries() if isinstance(e, DegreeRule)]) == 3


def test_a_degree_rule_is_checked_when_the_file_is_read() -> None:
    with pytest.raises(RuleSetError, match=r"unknown accreditation 'apaa' \(did you mean \"apa\"\?\)"):
        _rules(DOCTORAL.replace('"apa", "cpa"', '"apaa"'))
    with pytest.raises(RuleSetError, match="names the lowest level it accepts"):
        _rules(f"\n[[degree]]\neffective = 2020-01-01\nfields = ['psychology']\n{CITE}\n")
    with pytest.raises(RuleSetError, match="in order of date"):
        _rules(GRADUATE_60.replace("2020-01-01", "2024-01-01"), GRADUATE_60)


def test_a_profile_degree_names_its_accreditations_from_the_vocabulary() -> None:
    base = '[practitioner]\nid = "p"\n[[degrees]]\nlevel = "master"\n'
    profile = loads_toml(base + 'accreditations = ["cacrep"]\nsemester_hours = "60"\n', source="p.toml")
    assert profile.degrees[0].accreditations == ("cacrep",)
    assert profile.degrees[0].semester_hours == Decimal(60)
    with pytest.raises(ProfileError, match=r"degrees\[0\]\.accreditations\[0\]: unknown accreditation 'cacrepp'"):
        loads_toml(base + 'accreditations = ["cacrepp"]\n', source="p.toml")


def _practitioner(*credentials: Credential, held_degrees: tuple[Degree, ...] = (PHD,)) -> Practitioner:
    return Practitioner(id="p", degrees=held_degrees, credentials=credentials, activities=())


PSY_RULES = named("us-zz-psy", profession="psychology")
HOME_PSY = f'\n[[home]]\neffective = 2020-01-01\nprofessions = ["psychology"]\n{CITE}\n'
PSY = Credential(id="psy", ruleset="us-zz-psy", issued=datetime.date(2012, 1, 1))


def test_eligibility_answers_each_rule_set_that_states_a_home_or_a_degree() -> None:
    passport = _rules(DOCTORAL, HOME_PSY)
    plain = _rules(id="zz-plain")  # states neither: not asked about unless named
    rulesets = {r.id: r for r in (passport, plain, PSY_RULES)}
    answers = eligibility(_practitioner(PSY), rulesets, DAY).answers
    assert [a.ruleset for a in answers] == ["zz-passport"]
    (answer,) = answers
    assert answer.eligible
    assert [(c.kind, c.met, c.reason) for c in answer.conditions] == [
        ("home", True, "holds psy (Test Credential), active"),
        ("degree", True, "doctorate in Clinical Psychology (apa), conferred 2010-05-15 meets it"),
    ]
    expired = Credential(
        id="psy", ruleset="us-zz-psy", issued=datetime.date(2012, 1, 1), expires=datetime.date(2025, 12, 31)
    )
    (lapsed,) = eligibility(_practitioner(expired, held_degrees=()), rulesets, DAY).answers
    assert not lapsed.eligible
    assert [(c.kind, c.met, c.reason) for c in lapsed.conditions] == [
        (
            "home",
            False,
            "needs an active licence (psychology): psy expired on 2025-12-31 (record its renewal: the new expiration)",
        ),
        (
            "degree",
            False,
            "needs a doctorate in psychology, accredited by apa or cpa or a doctorate in psychology, accredited by "
            "asppb-designated: no degree is on record",
        ),
    ]
    (named,) = eligibility(_practitioner(PSY), rulesets, DAY, ("zz-plain",)).answers
    assert (named.eligible, named.conditions) == (True, ())


def test_a_credential_already_held_is_listed_and_never_its_own_home() -> None:
    passport = _rules(HOME_PSY.replace('professions = ["psychology"]', 'credential_kind = "certification"'))
    held = Credential(id="ep", ruleset="zz-passport", issued=datetime.date(2022, 1, 1))
    (answer,) = eligibility(_practitioner(held), {passport.id: passport}, DAY).answers
    assert answer.held == ("ep",)
    assert (answer.eligible, answer.conditions[0].reason) == (
        False,
        "needs an active certification: the profile holds no credential",
    )


@given(st.lists(degrees(), max_size=3), degrees())
def test_a_further_degree_never_takes_eligibility_away(held: list[Degree], further: Degree) -> None:
    routes = _rules(DOCTORAL).degree_on(DAY) + _rules(GRADUATE_60).degree_on(DAY)
    before = degree_condition(tuple(held), routes).met
    assert degree_condition((*held, further), routes).met >= before
    assert degree_condition((further, *held), routes).met == degree_condition((*held, further), routes).met


PROFILE = """
[practitioner]
id = "p"
[[degrees]]
level = "master"
field = "Counseling"
accreditations = ["cacrep"]
semester_hours = 60
[[credentials]]
id = "lpc"
ruleset = "us-oh-lpcc"
issued = 2015-01-01
"""


def test_the_command_answers_in_text_and_json_and_refuses_an_unknown_rule_set(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(PROFILE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["eligibility", str(path), "--as-of", "2026-01-01"])
    assert result.exit_code == 0, result.output
    assert "ELIGIBLE  counseling-compact-privilege" in result.output
    assert "NOT YET  social-work-compact-multistate" in result.output
    result = runner.invoke(main, ["eligibility", str(path), "--as-of", "2026-01-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    validate(data, "eligibility")
    answers = {a["ruleset"]: a for a in data["answers"]}
    assert answers["counseling-compact-privilege"]["eligible"] is True
    assert answers["counseling-compact-privilege"]["conditions"][0]["rules"][0]["source"].startswith("https://")
    result = runner.invoke(main, ["eligibility", str(path), "--ruleset", "counseling-compact-privilige"])
    assert result.exit_code == 2
    assert result.output == (
        "licensetrack: --ruleset: no rule set 'counseling-compact-privilige' is installed "
        '(did you mean "counseling-compact-privilege"?)\n'
    )


def test_a_rule_set_asked_about_that_states_no_condition_says_so(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(PROFILE, encoding="utf-8")
    result = CliRunner().invoke(main, ["eligibility", str(path), "--as-of", "2026-01-01", "--ruleset", "us-ca-lmft"])
    assert result.exit_code == 0
    assert "ELIGIBLE  us-ca-lmft" in result.output
    assert "no home credential or degree is stated in this rule set" in result.output
