"""Hours that cure a past shortfall (issue #16): an activity's ``for_period_ending``.

It counts in the credential's period containing that date, not in the one containing its completion
date; a rule set's ``[[make_up]]`` entry gives the board's window (New York: the one-year conditional
registration, NYSED psychology Q&A). The worked cases are in rules/us-ny/*.cases.toml ("make-up: ...").
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.engine import evaluate
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.planner import plan
from licensetrack.core.report import CredentialReport, Standing
from licensetrack.core.rules import RuleSet
from licensetrack.formats.shapes import to_json
from licensetrack.io.batch import read_csv_bundle, write_csv_bundle
from licensetrack.io.profiles import dumps_json, dumps_toml, loads_json, loads_toml, to_json_data
from tests.test_standing import LMFT, RANK, RECORDS, REGISTRY, _run, _short_by_seven, any_ruleset, in_window

D = datetime.date
ENDED = D(2025, 5, 31)  # the CA LMFT period _short_by_seven is 7 h short for
PSY = REGISTRY.rulesets["us-ny-psychologist"]


def _cure(**changes: object) -> Activity:
    """7 h of suicide prevention taken after the period ended, recorded for it."""
    activity = Activity(
        title="Suicide risk",
        completed=D(2025, 6, 20),
        hours=Decimal(7),
        topics=("suicide-prevention",),
        approvals=("camft",),
        for_period_ending=ENDED,
    )
    return attrs.evolve(activity, **changes)


def _check(*extra: Activity) -> CredentialReport:
    practitioner = _short_by_seven()
    practitioner = attrs.evolve(practitioner, activities=(*practitioner.activities, *extra))
    return evaluate(practitioner, practitioner.credentials[0], LMFT, D(2025, 7, 1))


def _result(report: CredentialReport, title: str) -> tuple[Decimal, tuple[str, ...]]:
    (found,) = [a for a in report.activities if a.title == title]
    return found.counted, found.reasons


def test_seven_hours_taken_for_the_ended_period_cure_it_and_do_not_count_now() -> None:
    before = _check()
    assert before.standing is Standing.OVERDUE
    assert before.previous_period is not None
    assert before.previous_period.missing_hours == 7
    after = _check(_cure())
    assert after.previous_period is not None
    assert after.previous_period.met
    assert after.previous_period.missing_hours == 0
    assert not after.overdue
    assert after.standing is Standing.ON_TRACK
    assert after.counted_hours == before.counted_hours == 0  # the current period does not count them
    assert _result(after, "Suicide risk") == (
        Decimal(0),
        ("taken for the period ending 2025-05-31: it counts there, not in this period",),
    )
    # Cured, per requirement: the ended period's suicide-prevention hours are counted there.
    cured = {r.id: r for r in after.previous_period.requirements}
    assert cured["suicide-prevention"].met
    assert any("taken for the period ending 2025-05-31 counts there" in note for note in after.notes)


def test_check_says_the_ended_period_was_made_up(tmp_path: Path) -> None:
    practitioner, _ = _psychologist(D(2026, 9, 15))
    path = tmp_path / "p.toml"
    path.write_text(dumps_toml(practitioner), encoding="utf-8")
    lines = CliRunner().invoke(main, ["check", str(path), "--as-of", "2026-10-01"]).output.splitlines()
    assert lines[3:5] == [
        "  On track: 36 h to go, due 2029-05-31",
        "  Make-up: 7 h taken since for the period that ended 2026-05-31: it is now met",
    ]
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2026-10-01", "--format", "json"])
    (credential,) = json.loads(result.output)["credentials"]
    assert credential["previous_period"]["made_up_hours"] == "7"
    assert credential["previous_period"]["met"] is True
    uncured = CliRunner().invoke(main, ["check", str(path), "--as-of", "2026-06-01", "--format", "json"])
    (credential,) = json.loads(uncured.output)["credentials"]
    assert "made_up_hours" not in credential["previous_period"]


def test_the_same_hours_without_for_period_ending_count_now_and_the_ended_period_stays_overdue() -> None:
    report = _check(_cure(for_period_ending=None))
    assert report.standing is Standing.OVERDUE
    assert report.previous_period is not None
    assert report.previous_period.missing_hours == 7
    assert report.counted_hours == 7
    assert _result(report, "Suicide risk") == (Decimal(7), ())


def test_any_day_inside_the_ended_period_names_it() -> None:
    assert _check(_cure(for_period_ending=D(2025, 5, 20))).standing is Standing.ON_TRACK


def test_hours_for_a_period_that_had_not_begun_count_nowhere() -> None:
    early = _cure(title="Early", completed=D(2025, 6, 10), for_period_ending=D(2029, 5, 31))
    report = _check(early)
    counted, reasons = _result(report, "Early")
    assert counted == 0
    assert report.counted_hours == 0
    assert reasons == (
        "taken for the period ending 2029-05-31, which had not begun when it was completed: it counts in no period",
    )


def _psychologist(completed: D) -> tuple[Practitioner, Credential]:
    """A New York psychologist whose registration ended 2026-05-31 7 h short, and 7 h made up on ``completed``."""
    credential = Credential(id="psy", ruleset="us-ny-psychologist", issued=D(2005, 6, 1), expires=D(2026, 5, 31))
    acts = (
        Activity(title="Assessment", completed=D(2024, 3, 1), hours=Decimal(26), approvals=("nysed-psy",)),
        Activity(
            title="Boundaries",
            completed=D(2025, 2, 1),
            hours=Decimal(3),
            topics=("ethics", "boundaries"),
            approvals=("nysed-psy",),
        ),
        Activity(
            title="Make-up",
            completed=completed,
            hours=Decimal(7),
            approvals=("nysed-psy",),
            for_period_ending=D(2026, 5, 31),
        ),
    )
    return Practitioner(id="p", credentials=(credential,), activities=acts), credential


def test_the_boards_make_up_window_both_sides_and_its_citation() -> None:
    inside, credential = _psychologist(D(2027, 5, 31))
    report = evaluate(inside, credential, PSY, D(2027, 6, 1))
    assert report.standing is Standing.ON_TRACK
    assert any("if completed by 2027-05-31 (N.Y. Educ. Law § 7607(1)(a), (3)" in note for note in report.notes)
    late, credential = _psychologist(D(2027, 6, 1))
    report = evaluate(late, credential, PSY, D(2027, 6, 2))
    assert report.standing is Standing.OVERDUE
    assert report.previous_period is not None
    assert report.previous_period.missing_hours == 7
    counted, reasons = _result(report, "Make-up")
    assert counted == 0
    assert reasons[0].startswith("taken for the period ending 2026-05-31, but completed after the make-up window")
    assert "closed on 2027-05-31" in reasons[0]


def test_a_rule_set_without_a_make_up_entry_says_so() -> None:
    report = _check(_cure())
    assert any("this rule set cites no board rule accepting make-up hours" in note for note in report.notes)


def test_rules_show_cites_the_make_up_entry() -> None:
    result = CliRunner().invoke(main, ["rules", "show", "us-ny-psychologist", "--as-of", "2026-06-01"])
    assert "Make-up of an ended period's shortfall: within months 12" in result.output
    shown = json.loads(
        CliRunner()
        .invoke(main, ["rules", "show", "us-ny-psychologist", "--as-of", "2026-06-01", "--format", "json"])
        .output
    )
    assert shown["make_up"]["within_months"] == 12
    assert shown["make_up"]["verified"] is True


# --- the planner: what would cure the ended period comes first -------------------------------------


def test_the_plan_says_what_would_cure_the_ended_period_first() -> None:
    practitioner, _ = _psychologist(D(2026, 9, 1))
    practitioner = attrs.evolve(practitioner, activities=practitioner.activities[:2])  # no make-up yet
    result = plan(practitioner, REGISTRY.rulesets, D(2026, 7, 1))
    (remaining,) = result.remaining
    assert remaining.cure is not None
    assert (remaining.cure.period_end, remaining.cure.missing_hours, remaining.cure.general_hours) == (
        D(2026, 5, 31),
        7,
        7,
    )
    assert remaining.cure.make_up_by == D(2027, 5, 31)
    (shown,) = to_json(result)["credentials"]
    assert shown["cure"]["period_end"] == "2026-05-31"
    assert shown["cure"]["make_up_by"] == "2027-05-31"


def test_the_plan_text_puts_the_cure_before_the_current_period(tmp_path: Path) -> None:
    practitioner, _ = _psychologist(D(2026, 9, 1))
    path = tmp_path / "p.toml"
    path.write_text(dumps_toml(attrs.evolve(practitioner, activities=practitioner.activities[:2])), encoding="utf-8")
    lines = CliRunner().invoke(main, ["plan", str(path), "--as-of", "2026-07-01"]).output.splitlines()
    start = lines.index("  OVERDUE: the period that ended 2026-05-31 was 7 h short")
    cure = " ".join(line.strip() for line in lines[start + 1 : start + 6])
    assert cure.startswith("First cure it by 2027-05-31 (N.Y. Educ. Law § 7607(1)(a), (3)")
    assert "for_period_ending = 2026-05-31" in cure
    assert "- 7 h on any accepted topic" in cure
    assert lines.index("  Deadline 2029-05-31 (in 1065 days) · 36 h missing") > start


def test_no_cure_is_planned_for_a_period_already_cured() -> None:
    practitioner, _ = _psychologist(D(2026, 9, 1))
    (remaining,) = plan(practitioner, REGISTRY.rulesets, D(2026, 10, 1)).remaining
    assert remaining.cure is None
    assert remaining.standing is Standing.ON_TRACK


# --- the profile: every reader and writer carries the field ----------------------------------------


def test_the_field_round_trips_through_toml_json_and_csv(tmp_path: Path) -> None:
    practitioner = attrs.evolve(_short_by_seven(), activities=(_cure(),))
    assert loads_json(dumps_json(practitioner)) == practitioner
    assert loads_toml(dumps_toml(practitioner)) == practitioner
    assert to_json_data(practitioner)["activities"][0]["for_period_ending"] == "2025-05-31"
    write_csv_bundle([practitioner], tmp_path / "hr")
    assert "for_period_ending" in (tmp_path / "hr" / "activities.csv").read_text(encoding="utf-8").splitlines()[0]
    (record,) = read_csv_bundle(tmp_path / "hr")
    assert record.practitioner is not None
    assert record.practitioner.activities[0].for_period_ending == ENDED


def test_a_bundle_without_the_field_is_written_as_before(tmp_path: Path) -> None:
    write_csv_bundle([_short_by_seven()], tmp_path / "hr")
    header = (tmp_path / "hr" / "activities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "for_period_ending" not in header


def test_a_bad_for_period_ending_is_an_input_error_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    text = dumps_toml(attrs.evolve(_short_by_seven(), activities=(_cure(),)))
    path.write_text(text.replace("for_period_ending = 2025-05-31", 'for_period_ending = "May"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2025-07-01"])
    assert result.exit_code == 2
    assert 'activities[0] ("Suicide risk").for_period_ending' in result.stderr


def test_add_records_for_period_ending(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(dumps_toml(_short_by_seven()), encoding="utf-8")
    args = ["add", str(path), "--title", "Suicide risk", "--completed", "2025-06-20", "--hours", "7"]
    args += ["--topic", "suicide-prevention", "--approval", "camft", "--for-period-ending", "2025-05-31"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "for_period_ending = 2025-05-31" in path.read_text(encoding="utf-8")
    check = CliRunner().invoke(main, ["check", str(path), "--as-of", "2025-07-01", "--format", "json"])
    (credential,) = json.loads(check.output)["credentials"]
    assert credential["standing"] == "on-track"
    assert credential["previous_period"]["met"] is True


# --- properties ------------------------------------------------------------------------------------

PAST = st.dates(min_value=D(2015, 1, 1), max_value=D(2025, 6, 1))


@settings(max_examples=60, deadline=None)
@given(any_ruleset, st.lists(in_window, max_size=8), in_window, PAST, RECORDS, st.integers(0, 800))
def test_adding_an_activity_taken_for_an_ended_period_never_makes_standing_worse(
    ruleset: RuleSet, acts: list[Activity], extra: Activity, ending: D, expires: D | None, soon: int
) -> None:
    before = _run(ruleset, acts, expires, soon)
    after = _run(ruleset, [*acts, attrs.evolve(extra, for_period_ending=ending)], expires, soon)
    if before.previous_period is None and after.previous_period is not None:
        return  # the documented exception: an activity completed inside an ended period makes it judged
    assert RANK[after.standing] <= RANK[before.standing], (before.standing, after.standing)


@settings(max_examples=60, deadline=None)
@given(any_ruleset, st.lists(in_window, min_size=1, max_size=8), st.data(), RECORDS)
def test_moving_an_activity_to_the_ended_period_never_leaves_that_period_worse(
    ruleset: RuleSet, acts: list[Activity], data: st.DataObject, expires: D | None
) -> None:
    before = _run(ruleset, acts, expires, 90)
    assume(before.previous_period is not None)
    assert before.previous_period is not None
    index = data.draw(st.integers(0, len(acts) - 1))
    # Moved back in time: completed in or after the ended period (a course completed before a period and
    # recorded for it counts in no period, docs/profile-format.md).
    assume(acts[index].completed >= before.previous_period.start)
    moved = [*acts]
    moved[index] = attrs.evolve(acts[index], for_period_ending=before.previous_period.end)
    after = _run(ruleset, moved, expires, 90)
    assert after.previous_period is not None
    assert after.previous_period.missing_hours <= before.previous_period.missing_hours
    was = {r.id: r for r in before.previous_period.requirements}
    for requirement in after.previous_period.requirements:
        assert requirement.counted >= was[requirement.id].counted, requirement.id


# --- make-up hours are never carried forward; the rule language's entry --------------------------


def test_make_up_hours_beyond_the_shortfall_are_not_carried_into_the_period_they_were_completed_in() -> None:
    from tests.rulekit import CITE, act, check, ruleset, total

    carry = f"\n[[carry_forward]]\neffective = 2000-01-01\nmax_hours = 10\n{CITE}\n"
    make_up = f"\n[[make_up]]\neffective = 2000-01-01\nwithin_months = 6\n{CITE}\n"
    rules = ruleset(total(20), carry, make_up)
    short = act("Ethics", "2024-05-01", 18)  # the period 2024-2025 is 2 h short
    cure = attrs.evolve(act("Make-up", "2026-02-01", 10), for_period_ending=D(2025, 12, 31))
    report = check(rules, [short, cure], "2026-03-01", expires="2025-12-31")
    assert report.previous_period is not None
    assert report.previous_period.met
    assert report.carried_in == 0  # the 8 h beyond the shortfall stay in the ended period
    assert report.counted_hours == 0
    assert any("if completed by 2026-06-30 (Test Code § 1)" in note for note in report.notes)
    late = attrs.evolve(cure, completed=D(2026, 7, 1))
    report = check(rules, [short, late], "2026-07-02", expires="2025-12-31")
    assert report.standing is Standing.OVERDUE


def test_a_make_up_window_is_whole_months() -> None:
    from licensetrack.core.errors import RuleSetError
    from tests.rulekit import CITE, ruleset, total

    with pytest.raises(RuleSetError, match="within_months"):
        ruleset(total(20), f"\n[[make_up]]\neffective = 2000-01-01\nwithin_months = 0\n{CITE}\n")


def test_an_unverified_make_up_rule_is_listed_as_unverified_when_hours_count_under_it() -> None:
    credential = Credential(id="lcsw", ruleset="us-ny-lcsw", issued=D(2012, 5, 1), expires=D(2026, 3, 31))
    acts = (
        Activity(title="Practice", completed=D(2024, 10, 5), hours=Decimal(29), approvals=("nysed-sw",)),
        Activity(
            title="Make-up",
            completed=D(2026, 9, 1),
            hours=Decimal(7),
            approvals=("nysed-sw",),
            for_period_ending=D(2026, 3, 31),
        ),
    )
    practitioner = Practitioner(id="p", credentials=(credential,), activities=acts)
    lcsw = REGISTRY.rulesets["us-ny-lcsw"]
    report = evaluate(practitioner, credential, lcsw, D(2026, 10, 1))
    assert any(line.startswith("N.Y. Educ. Law § 7710(1)(a), (3)") for line in report.unverified)
    without = evaluate(attrs.evolve(practitioner, activities=acts[:1]), credential, lcsw, D(2026, 10, 1))
    assert not any(line.startswith("N.Y. Educ. Law § 7710(1)(a), (3)") for line in without.unverified)


def test_after_the_window_the_plan_says_it_closed(tmp_path: Path) -> None:
    practitioner, _ = _psychologist(D(2026, 9, 1))
    path = tmp_path / "p.toml"
    path.write_text(dumps_toml(attrs.evolve(practitioner, activities=practitioner.activities[:2])), encoding="utf-8")
    lines = CliRunner().invoke(main, ["plan", str(path), "--as-of", "2027-06-15"]).output.splitlines()
    start = lines.index("  OVERDUE: the period that ended 2026-05-31 was 7 h short")
    closed = " ".join(line.strip() for line in lines[start + 1 : start + 4] if not line.startswith("  Deadline"))
    assert closed.startswith("the board's make-up window closed on 2027-05-31 (N.Y. Educ. Law § 7607(1)(a), (3)")
    assert closed.endswith("ask the board")
