"""Issue #23 at the edges: a psychologist's PSYPACT credentials and NCC (examples/sam-okafor.toml) through every
command: check, plan, deadlines, ical, audit (CSV rows for privileges and certifications), eligibility and the
packet, each output valid against its published schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from licensetrack.cli.main import main
from licensetrack.io.profiles import dumps_json, read_profile
from tests.schemacheck import validate

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sam-okafor.toml"
AS_OF = ["--as-of", "2026-01-15"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout


def test_check_shows_each_privilege_on_what_it_rests_and_the_days_of_practice() -> None:
    code, text = _run("check", str(EXAMPLE), *AS_OF)
    assert code == 1  # the Texas licence and the NCC still owe hours
    assert "Home: valid while e-passport (ASPPB E.Passport (PSYPACT telepsychology" in text
    assert "Practice days: us-az 1 of 30; us-nv 2 of 30 in 2026" in text
    code, out = _run("check", str(EXAMPLE), *AS_OF, "--format", "json")
    report = json.loads(out)
    validate(report, "report")
    by_id = {c["credential"]: c for c in report["credentials"]}
    assert by_id["apit"]["home"]["valid"] is True
    assert by_id["tap"]["practice"]["counts"] == [
        {"place": "us-az", "days": 1, "over": 0},
        {"place": "us-nv", "days": 2, "over": 0},
    ]


def test_a_lapsed_licence_takes_the_whole_chain_with_it(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("expires = 2026-02-28", "expires = 2025-12-31", 1)
    profile = tmp_path / "lapsed.toml"
    profile.write_text(text, encoding="utf-8")
    code, out = _run("check", str(profile), *AS_OF, "--format", "json")
    assert code == 1
    lapsed = {c["credential"] for c in json.loads(out)["credentials"] if c.get("home") and not c["home"]["valid"]}
    assert lapsed == {"e-passport", "apit", "ipc", "tap"}


def test_plan_finds_a_course_that_counts_for_the_licence_and_the_certification() -> None:
    _, out = _run("plan", str(EXAMPLE), *AS_OF, "--format", "json")
    plan = json.loads(out)
    validate(plan, "plan")
    assert {c["credential"] for c in plan["best_course"]["credentials"]} >= {"tx-psy", "ncc"}


def test_deadlines_and_ical_carry_the_privileges_renewals(tmp_path: Path) -> None:
    code, out = _run("deadlines", str(EXAMPLE), *AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    validate(data, "deadlines")
    renewals = {(d["credential"], d["date"]) for d in data["deadlines"] if d["kind"] == "renewal"}
    assert {("apit", "2026-04-09"), ("tap", "2026-05-31"), ("e-passport", "2026-04-09")} <= renewals
    calendar = tmp_path / "d.ics"
    code, _ = _run("ical", str(EXAMPLE), *AS_OF, "-o", str(calendar))
    assert code == 0
    assert "apit: " in calendar.read_text(encoding="utf-8")


def test_the_audit_writes_a_row_per_privilege_and_certification(tmp_path: Path) -> None:
    staff = tmp_path / "staff.jsonl"
    staff.write_text(dumps_json(read_profile(EXAMPLE), indent=None) + "\n", encoding="utf-8")
    code, out = _run("audit", str(staff), *AS_OF, "--format", "csv")
    assert code == 1
    rows = {r["credential"]: r for r in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"tx-psy", "e-passport", "apit", "ipc", "tap", "ncc"}
    assert (rows["apit"]["lapsed"], rows["tx-psy"]["lapsed"]) == ("false", "")
    assert (rows["tap"]["over_practice_limit"], rows["apit"]["over_practice_limit"]) == ("false", "")


def test_eligibility_answers_from_the_degrees_and_licences() -> None:
    code, out = _run("eligibility", str(EXAMPLE), *AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    validate(data, "eligibility")
    answers = {a["ruleset"]: a for a in data["answers"]}
    assert answers["psypact-e-passport"]["eligible"] is True
    assert answers["psypact-e-passport"]["held"] == ["e-passport"]
    assert answers["psypact-tap"]["eligible"] is True
    # A counselor's compact privilege needs a counselor's licence: the NCC is a certification, tx-psy psychology.
    assert answers["counseling-compact-privilege"]["eligible"] is False
    (degree,) = [c for c in answers["counseling-compact-privilege"]["conditions"] if c["kind"] == "degree"]
    assert degree["met"] is True  # the 60-hour master's in counseling


def test_the_packet_shows_the_days_and_homes(tmp_path: Path) -> None:
    packet = tmp_path / "packet.html"
    code, _ = _run("report", str(EXAMPLE), *AS_OF, "-o", str(packet))
    assert code in (0, 1)
    html = packet.read_text(encoding="utf-8")
    assert "<dt>Practice days</dt>" in html
    assert "<dt>Home licence</dt>" in html


def test_deadlines_skip_an_earlier_period_whose_cycle_needs_a_record_the_profile_does_not_give(tmp_path: Path) -> None:
    """A TAP issued in 2021 with no recorded expiry: its current period runs under the annual cycle of
    2023-10-01, the one before under the record-only cycle; deadlines still answers (the earlier period's
    record-retention date is the only thing it cannot know)."""
    profile = tmp_path / "tap.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n'
        '[[credentials]]\nid = "tx-psy"\nruleset = "us-tx-psychologist"\nissued = 2015-06-01\nexpires = 2025-05-31\n'
        '[[credentials]]\nid = "ipc"\nruleset = "psypact-ipc"\nissued = 2021-09-01\nhome = "tx-psy"\n'
        '[[credentials]]\nid = "tap"\nruleset = "psypact-tap"\nissued = 2021-09-03\nhome = "ipc"\n',
        encoding="utf-8",
    )
    code, out = _run("deadlines", str(profile), "--as-of", "2023-10-15", "--format", "json")
    assert code == 0
    assert ("tap", "2024-09-02") in {(d["credential"], d["date"]) for d in json.loads(out)["deadlines"]}
