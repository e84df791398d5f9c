"""Standing (issue #16): the word a person acts on, from the report's own fields.

The worked cases on each side of each boundary are in rules/us-ca/lmft.cases.toml ("standing: ...");
here are the table, the properties and the command line.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.cycles import CycleError
from licensetrack.core.engine import evaluate, evaluate_profile
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.report import CredentialReport, Report, Standing
from licensetrack.core.rules import RuleSet
from licensetrack.formats.shapes import to_json
from licensetrack.plugins.registry import load_registry
from licensetrack.testing import history_dependent
from tests.test_engine_properties import KINDS, in_window, rulesets

REGISTRY = load_registry()
LMFT = REGISTRY.rulesets["us-ca-lmft"]
AS_OF = datetime.date(2025, 6, 1)
RANK = {
    Standing.COMPLIANT: 0,
    Standing.EXEMPT: 0,
    Standing.ON_TRACK: 1,
    Standing.DUE_SOON: 2,
    Standing.OVERDUE: 3,
}


def _short_by_seven(expires: datetime.date | None = datetime.date(2025, 5, 31)) -> Practitioner:
    """36 h owed for the period ending 2025-05-31: 29 counted, no suicide-prevention hours."""
    credential = Credential(id="lmft", ruleset="us-ca-lmft", issued=datetime.date(2019, 5, 20), expires=expires)
    acts = (
        Activity(
            title="Law",
            completed=datetime.date(2024, 3, 1),
            hours=Decimal(6),
            topics=("law", "ethics"),
            approvals=("camft",),
        ),
        Activity(
            title="Tele",
            completed=datetime.date(2024, 4, 1),
            hours=Decimal(3),
            topics=("telehealth",),
            approvals=("camft",),
        ),
        Activity(title="Trauma", completed=datetime.date(2024, 9, 1), hours=Decimal(20), approvals=("camft",)),
    )
    return Practitioner(id="p", credentials=(credential,), activities=acts)


def _standing_from_json(credential: dict[str, Any]) -> str:
    """docs/report-format.md's table, read from the JSON form alone."""
    previous = credential.get("previous_period")
    if (
        (previous is not None and not previous["met"])
        or credential.get("overdue_requirements")
        or (credential["status"] == "deficient" and credential["days_left"] < 0)
    ):
        return "overdue"
    if credential["status"] in ("compliant", "exempt"):
        return str(credential["status"])
    return "due-soon" if credential["days_left"] <= credential["soon_days"] else "on-track"


def test_the_day_after_an_unmet_deadline_carries_the_ended_period_per_requirement() -> None:
    report = evaluate_profile(_short_by_seven(), REGISTRY.rulesets, AS_OF, kinds=KINDS)
    (credential,) = to_json(report)["credentials"]
    assert (credential["standing"], credential["overdue"], credential["expired"]) == ("overdue", True, True)
    previous = credential["previous_period"]
    assert (previous["start"], previous["end"], previous["status"], previous["met"]) == (
        "2023-06-01",
        "2025-05-31",
        "deficient",
        False,
    )
    assert (previous["required_hours"], previous["counted_hours"], previous["missing_hours"]) == ("36", "29", "7")
    unmet = {(r["id"], r["missing"]) for r in previous["requirements"] if not r["met"]}
    assert unmet == {("total", "7"), ("suicide-prevention", "6")}
    assert report.exit_status == 1


def test_the_horizon_is_a_parameter() -> None:
    day = datetime.date(2025, 3, 2)  # 90 days before the deadline
    practitioner = _short_by_seven()
    credential = practitioner.credentials[0]
    assert evaluate(practitioner, credential, LMFT, day, kinds=KINDS).standing is Standing.DUE_SOON
    at_60 = evaluate(practitioner, credential, LMFT, day, kinds=KINDS, soon_days=60)
    assert (at_60.standing, at_60.soon_days) == (Standing.ON_TRACK, 60)
    assert evaluate(practitioner, credential, LMFT, day, kinds=KINDS, soon_days=89).standing is Standing.ON_TRACK


def test_expired_alone_makes_the_exit_status_1() -> None:
    """A compliant period whose recorded expiration has passed (a renewal not yet recorded)."""
    practitioner = _short_by_seven(expires=datetime.date(2025, 5, 31))
    met = Activity(
        title="Suicide",
        completed=datetime.date(2024, 5, 1),
        hours=Decimal(7),
        topics=("suicide-prevention",),
        approvals=("camft",),
    )
    current = tuple(
        Activity(
            title=f"Now {i}", completed=datetime.date(2025, 6, 1), hours=Decimal(h), topics=t, approvals=("camft",)
        )
        for i, (h, t) in enumerate(((24, ()), (6, ("law", "ethics")), (6, ("suicide-prevention",))))
    )
    whole = Practitioner(
        id="p", credentials=practitioner.credentials, activities=(*practitioner.activities, met, *current)
    )
    report = evaluate_profile(whole, REGISTRY.rulesets, AS_OF, kinds=KINDS)
    (credential,) = report.credentials
    assert (credential.status.value, credential.standing, credential.expired) == ("compliant", Standing.COMPLIANT, True)
    assert credential.previous_period is not None
    assert credential.previous_period.met
    assert report.exit_status == 1
    renewed = attrs_evolve_expires(whole, datetime.date(2027, 5, 31))
    assert evaluate_profile(renewed, REGISTRY.rulesets, AS_OF, kinds=KINDS).exit_status == 0


def attrs_evolve_expires(practitioner: Practitioner, expires: datetime.date) -> Practitioner:
    credential = attrs.evolve(practitioner.credentials[0], expires=expires)
    return attrs.evolve(practitioner, credentials=(credential,))


# --- properties ------------------------------------------------------------------------------------

RECORDS = st.sampled_from([None, datetime.date(2025, 5, 31), datetime.date(2026, 1, 31), datetime.date(2024, 12, 31)])
any_ruleset = rulesets() | st.sampled_from(list(REGISTRY.rulesets.values()))


def _run(ruleset: RuleSet, acts: list[Activity], expires: datetime.date | None, soon: int) -> CredentialReport:
    credential = Credential(id="c", ruleset=ruleset.id, issued=datetime.date(2015, 1, 1), expires=expires)
    practitioner = Practitioner(id="p", credentials=(credential,), activities=tuple(acts))
    try:
        return evaluate(practitioner, credential, ruleset, AS_OF, kinds=KINDS, soon_days=soon)
    except CycleError:
        assume(False)  # a board-record cycle with no record: bad input, not a standing
        raise


@settings(max_examples=60, deadline=None)
@given(any_ruleset, st.lists(in_window, max_size=8), in_window, RECORDS, st.integers(0, 800))
def test_standing_is_the_documented_function_of_the_reports_fields_and_overdue_exits_1(
    ruleset: RuleSet, acts: list[Activity], extra: Activity, expires: datetime.date | None, soon: int
) -> None:
    report = _run(ruleset, [*acts, extra], expires, soon)
    (credential,) = to_json(Report(as_of=AS_OF, practitioner="p", credentials=(report,)))["credentials"]
    assert credential["standing"] == _standing_from_json(credential) == report.standing.value
    assert credential["overdue"] is (report.standing is Standing.OVERDUE)
    assert credential["expired"] is (expires is not None and expires < AS_OF)
    exit_status = Report(as_of=AS_OF, practitioner="p", credentials=(report,)).exit_status
    if report.overdue or report.expired:
        assert exit_status == 1
    assert (exit_status == 0) == (report.standing in (Standing.COMPLIANT, Standing.EXEMPT) and not report.expired)


@settings(max_examples=60, deadline=None)
@given(any_ruleset, st.lists(in_window, max_size=8), in_window, RECORDS, st.integers(0, 800))
def test_adding_an_activity_never_makes_standing_worse(
    ruleset: RuleSet, acts: list[Activity], extra: Activity, expires: datetime.date | None, soon: int
) -> None:
    """With one documented exception: without a record, the first activity recorded inside an ended
    period is what makes that period judged at all (a new user is not told about an old renewal)."""
    before = _run(ruleset, acts, expires, soon)
    after = _run(ruleset, [*acts, extra], expires, soon)
    if history_dependent(ruleset) and extra.completed < before.cycle_start:
        return  # an alternating requirement's side is chosen by the previous period (docs/rule-language.md)
    if before.previous_period is None and after.previous_period is not None:
        assert expires is None
        return
    assert RANK[after.standing] <= RANK[before.standing], (before.standing, after.standing)


# --- the command line ------------------------------------------------------------------------------


def _profile(tmp_path: Path) -> Path:
    path = tmp_path / "p.toml"
    path.write_text(
        """[practitioner]
id = "p"
[[credentials]]
id = "lmft"
ruleset = "us-ca-lmft"
issued = 2019-05-20
expires = 2025-05-31
[[activities]]
title = "Law"
completed = 2024-03-01
hours = 6
topics = ["law", "ethics"]
approvals = ["camft"]
[[activities]]
title = "Trauma"
completed = 2024-09-01
hours = 23
approvals = ["camft"]
""",
        encoding="utf-8",
    )
    return path


def test_check_soon_option_and_exit_status(tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(profile), "--as-of", "2025-03-02", "--format", "json"])
    assert result.exit_code == 1
    (credential,) = json.loads(result.output)["credentials"]
    assert (credential["standing"], credential["soon_days"], credential["days_left"]) == ("due-soon", 90, 90)
    result = runner.invoke(main, ["check", str(profile), "--as-of", "2025-03-02", "--format", "json", "--soon", "60d"])
    (credential,) = json.loads(result.output)["credentials"]
    assert (credential["standing"], credential["soon_days"]) == ("on-track", 60)
    result = runner.invoke(main, ["check", str(profile), "--as-of", "2025-06-01", "--format", "json"])
    (credential,) = json.loads(result.output)["credentials"]
    assert (credential["standing"], credential["overdue"], result.exit_code) == ("overdue", True, 1)
    result = runner.invoke(main, ["check", str(profile), "--soon", "soon"])
    assert result.exit_code == 2
    assert "'soon' is not a duration like 180d, 26w, 6m or 1y" in result.output


def test_audit_summary_counts_by_standing(tmp_path: Path) -> None:
    from licensetrack.io.profiles import dumps_json, read_profile

    practitioner = read_profile(_profile(tmp_path))
    line = dumps_json(practitioner, indent=None)
    source = tmp_path / "staff.jsonl"
    source.write_text(line + "\n" + line.replace('"2025-05-31"', '"2027-05-31"') + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(source), "--as-of", "2025-06-01", "--format", "csv"])
    assert result.exit_code == 1
    assert "  by standing: 0 compliant, 0 exempt, 1 on-track, 0 due-soon, 1 overdue\n" in result.stderr
    # Each rule set's line counts by standing too, not by status (both credentials are "deficient").
    assert result.stderr.endswith("  us-ca-lmft: 0 compliant, 0 exempt, 1 on-track, 0 due-soon, 1 overdue\n")


# --- where it shows: check's text, the audit's CSV -------------------------------------------------


def _text(tmp_path: Path, as_of: str, *extra: str) -> list[str]:
    result = CliRunner().invoke(main, ["check", str(_profile(tmp_path)), "--as-of", as_of, *extra])
    return result.output.splitlines()


def test_check_text_leads_each_credential_with_its_standing(tmp_path: Path) -> None:
    assert _text(tmp_path, "2025-03-01")[3] == "  On track: 9 h to go, due 2025-05-31"
    assert _text(tmp_path, "2025-05-31")[3] == "  Due soon: 9 h to go, due 2025-05-31"
    assert _text(tmp_path, "2025-03-01", "--soon", "13w")[3] == "  Due soon: 9 h to go, due 2025-05-31"
    assert _text(tmp_path, "2025-06-01")[3:9] == [
        "  Overdue: the period that ended 2025-05-31 was 9 h short",
        "    lacking then: Continuing education hours: 7 h; Suicide risk assessment and",
        "      intervention (one-time): 6 h; Telehealth, including telehealth law and",
        "      ethics (one-time): 3 h",
        "  Expired: the recorded expiration 2025-05-31 has passed; if the licence was",
        "    renewed, record the new expiration (expires) in the profile",
    ]


def test_check_text_compliant(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "dana-rivera.toml"
    result = CliRunner().invoke(main, ["check", str(example), "--as-of", "2026-01-15"])
    assert result.exit_code == 0
    assert result.output.splitlines()[3] == "  Compliant: every requirement met for the period ending 2026-01-31"


def test_audit_csv_gives_standing_expired_and_the_ended_periods_shortfall(tmp_path: Path) -> None:
    import csv
    import io

    from licensetrack.io.profiles import dumps_json, read_profile

    line = dumps_json(read_profile(_profile(tmp_path)), indent=None)
    source = tmp_path / "staff.jsonl"
    source.write_text(line + "\n" + line.replace('"2025-05-31"', '"2027-05-31"') + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(source), "--as-of", "2025-06-01", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["standing"], r["expired"], r["previous_missing_hours"]) for r in rows] == [
        ("overdue", "true", "9"),
        ("on-track", "false", ""),
    ]


# --- deadlines, the calendar and the plan ----------------------------------------------------------


def test_deadlines_mark_the_overdue_period_first_and_due_soon_items(tmp_path: Path) -> None:
    profile = str(_profile(tmp_path))
    result = CliRunner().invoke(main, ["deadlines", profile, "--as-of", "2025-06-01", "--format", "json"])
    overdue = [d for d in json.loads(result.output)["deadlines"] if d.get("urgency") == "overdue"]
    assert [(d["date"], d["kind"], d["missing_hours"], d["title"]) for d in overdue] == [
        # the one-time telehealth requirement was due by that renewal too: overdue on its own
        ("2025-05-31", "one-time", "3", "Telehealth, including telehealth law and ethics (one-time)"),
        ("2025-05-31", "renewal", "9", "California Licensed Marriage and Family Therapist: period ended 9 h short"),
    ]
    text = CliRunner().invoke(main, ["deadlines", profile, "--as-of", "2025-06-01"]).output
    assert "2025-05-31  1 day ago  lmft  renewal  OVERDUE\n" in text
    soon = CliRunner().invoke(main, ["deadlines", profile, "--as-of", "2025-03-10", "--format", "json"])
    marked = [(d["date"], d["kind"], d.get("urgency")) for d in json.loads(soon.output)["deadlines"]]
    assert ("2025-05-31", "renewal", "due-soon") in marked
    assert ("2025-05-31", "one-time", "due-soon") in marked
    later = CliRunner().invoke(
        main, ["deadlines", profile, "--as-of", "2025-03-10", "--soon", "30d", "--format", "json"]
    )
    assert all("urgency" not in d for d in json.loads(later.output)["deadlines"] if d["date"] == "2025-05-31")


def test_ical_makes_an_overdue_period_a_high_priority_todo_dated_the_as_of_date(tmp_path: Path) -> None:
    from icalendar import Calendar

    profile = str(_profile(tmp_path))
    for extra in ([], ["--todo"]):
        result = CliRunner().invoke(main, ["ical", profile, "--as-of", "2025-06-01", *extra])
        todos = [c for c in Calendar.from_ical(result.output).walk("VTODO") if str(c["summary"]).startswith("Overdue")]
        assert [str(todo["summary"]) for todo in todos] == [
            "Overdue: lmft: Telehealth, including telehealth law and ethics (one-time)",
            "Overdue: lmft: California Licensed Marriage and Family Therapist: period ended 9 h short",
        ]
        assert {(todo.decoded("due"), int(todo["priority"])) for todo in todos} == {(datetime.date(2025, 6, 1), 1)}
    events = Calendar.from_ical(CliRunner().invoke(main, ["ical", profile, "--as-of", "2025-03-10"]).output).walk(
        "VEVENT"
    )
    soon = [str(e["summary"]) for e in events if str(e["summary"]).startswith("Due soon: ")]
    assert "Due soon: lmft: California Licensed Marriage and Family Therapist: period ends" in soon


def test_plan_puts_the_overdue_credential_first(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    text = _profile(tmp_path).read_text(encoding="utf-8")
    on_track = '[[credentials]]\nid = "lcsw"\nruleset = "us-ca-lcsw"\nissued = 2019-05-20\nexpires = 2027-05-31\n'
    ordered = text.replace('[[credentials]]\nid = "lmft"', on_track + '[[credentials]]\nid = "lmft"', 1)
    path.write_text(ordered, encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(path), "--as-of", "2025-06-01", "--format", "json"])
    assert result.exit_code == 1
    remaining = json.loads(result.output)["credentials"]
    assert [(r["credential"], r["standing"], r.get("overdue_missing_hours")) for r in remaining] == [
        ("lmft", "overdue", "9"),
        ("lcsw", "on-track", None),
    ]
    lines = CliRunner().invoke(main, ["plan", str(path), "--as-of", "2025-06-01"]).output.splitlines()
    assert lines[2:4] == [
        "lmft  us-ca-lmft · DEFICIENT",
        "  OVERDUE: the period that ended 2025-05-31 was 9 h short",
    ]


def test_a_requirement_past_its_own_date_is_overdue_in_words_and_in_deadlines(tmp_path: Path) -> None:
    """Florida's domestic-violence course within six months of licensure (R. 64B4-6.001(3))."""
    path = tmp_path / "fl.toml"
    path.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "lmft"\nruleset = "us-fl-lmft"\n'
        "issued = 2019-11-04\nexpires = 2021-03-31\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2020-05-05", "--format", "json"])
    (credential,) = json.loads(result.output)["credentials"]
    assert (credential["standing"], credential["overdue_requirements"], result.exit_code) == (
        "overdue",
        ["domestic-violence-initial"],
        1,
    )
    text = CliRunner().invoke(main, ["check", str(path), "--as-of", "2020-05-05"]).output.splitlines()
    assert text[3:5] == [
        "  Overdue: Domestic violence within six months of initial licensure was due",
        "    2020-05-04",
    ]
    deadlines = CliRunner().invoke(main, ["deadlines", str(path), "--as-of", "2020-05-05", "--format", "json"])
    marked = [(d["date"], d.get("urgency")) for d in json.loads(deadlines.output)["deadlines"]]
    assert marked[0] == ("2020-05-04", "overdue")


def test_the_audit_api_takes_the_horizon() -> None:
    from licensetrack.run.local import audit

    day = datetime.date(2025, 3, 2)
    (default,) = audit([_short_by_seven()], day, REGISTRY.rulesets, kinds=KINDS)
    (narrow,) = audit([_short_by_seven()], day, REGISTRY.rulesets, kinds=KINDS, soon_days=60)
    assert isinstance(default, Report)
    assert isinstance(narrow, Report)
    assert (default.credentials[0].standing, narrow.credentials[0].standing) == (Standing.DUE_SOON, Standing.ON_TRACK)
