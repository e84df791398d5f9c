"""Days of practice against a limit (issue #23): PSYPACT's TAP allows 30 days of in-person practice a year.

A rule set's ``[[practice_limit]]`` counts the profile's ``practice_days`` in the as-of calendar year, place
by place or all together; over the limit makes the exit status 1, and every output says so.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.engine import evaluate
from licensetrack.core.errors import ProfileError, RuleSetError
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.rules import RuleSet
from licensetrack.formats.shapes import credential_to_json
from licensetrack.io.batch import read_csv_bundle, write_csv_bundle
from licensetrack.io.profiles import loads_json, loads_toml
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE, ruleset, total

LIMIT = f"""
[[practice_limit]]
effective = 2020-01-01
max_days = 30
{CITE}
"""


def _days(start: str, count: int) -> tuple[datetime.date, ...]:
    first = datetime.date.fromisoformat(start)
    return tuple(first + datetime.timedelta(days=n) for n in range(count))


def _report(rules: RuleSet, days: dict[str, tuple[datetime.date, ...]], as_of: str = "2026-06-01"):  # type: ignore[no-untyped-def]
    credential = Credential(id="tap", ruleset=rules.id, issued=datetime.date(2024, 1, 1), practice_days=days)
    practitioner = Practitioner(id="p", credentials=(credential,), activities=())
    return evaluate(practitioner, credential, rules, datetime.date.fromisoformat(as_of))


def test_days_are_counted_per_place_in_the_as_of_calendar_year() -> None:
    rules = ruleset(total(1), LIMIT)
    days = {"us-tx": _days("2026-03-01", 30), "us-nv": _days("2025-12-20", 20)}  # 12 of them in 2025
    report = _report(rules, days)
    assert report.practice is not None
    assert (report.practice.year, report.practice.max_days, report.practice.per_place) == (2026, 30, True)
    assert [(c.place, c.days, c.over) for c in report.practice.counts] == [("us-nv", 8, 0), ("us-tx", 30, 0)]
    assert not report.over_practice_limit
    over = _report(rules, {"us-tx": _days("2026-03-01", 31)})
    assert over.practice is not None
    assert [(c.place, c.days, c.over) for c in over.practice.counts] == [("us-tx", 31, 1)]
    assert over.over_practice_limit
    assert not over.settled
    # The next year starts again from none.
    assert not _report(rules, {"us-tx": _days("2026-03-01", 31)}, as_of="2027-01-01").over_practice_limit


def test_a_limit_over_all_places_counts_a_day_once() -> None:
    rules = ruleset(total(1), LIMIT.replace("max_days = 30", "max_days = 30\nper_place = false"))
    days = {"us-tx": _days("2026-03-01", 20), "us-nv": _days("2026-03-11", 20)}  # 10 days in both places
    report = _report(rules, days)
    assert report.practice is not None
    assert [(c.place, c.days, c.over) for c in report.practice.counts] == [(None, 30, 0)]
    report = _report(rules, {**days, "us-az": _days("2026-08-01", 1)})
    assert report.practice is not None
    assert report.practice.counts[0].over == 1


def test_the_limit_has_dates_like_every_rule_and_is_checked_when_read() -> None:
    repeal = f"\n[[practice_limit]]\neffective = 2026-01-01\nrepealed = true\n{CITE}\n"
    rules = ruleset(total(1), LIMIT, repeal)
    assert _report(rules, {"us-tx": _days("2025-03-01", 31)}, as_of="2025-06-01").over_practice_limit
    assert _report(rules, {"us-tx": _days("2026-03-01", 31)}).practice is None
    with pytest.raises(RuleSetError, match="max_days: must be"):
        ruleset(total(1), LIMIT.replace("max_days = 30", "max_days = 0"))
    with pytest.raises(RuleSetError, match="says how many days"):
        ruleset(total(1), LIMIT.replace("max_days = 30", ""))
    assert _report(ruleset(total(1)), {"us-tx": _days("2026-03-01", 40)}).practice is None  # no limit, no count


def test_every_output_says_when_the_limit_is_passed(tmp_path: Path) -> None:
    rules = ruleset(total(1), LIMIT)
    report = _report(rules, {"us-tx": _days("2026-03-01", 31)})
    data = credential_to_json(report)
    assert data["practice"] == {
        "year": 2026,
        "max_days": 30,
        "per_place": True,
        "over": True,
        "counts": [{"place": "us-tx", "days": 31, "over": 1}],
        "citation": "Test Code § 1",
        "source": "https://example.org/rules",
        "effective": "2020-01-01",
        "verified": True,
    }
    assert "practice" not in credential_to_json(_report(ruleset(total(1)), {}))
    (tmp_path / "rules" / "us-zz").mkdir(parents=True)
    (tmp_path / "rules" / "us-zz" / "test.toml").write_text(
        HEADER + TWO_YEAR_CYCLE + total(1) + LIMIT, encoding="utf-8"
    )
    days = ", ".join(d.isoformat() for d in _days("2026-03-01", 31))
    profile = tmp_path / "p.toml"
    profile.write_text(
        f'[practitioner]\nid = "p"\n[[credentials]]\nid = "tap"\nruleset = "us-zz-test"\nissued = 2024-01-01\n'
        f"practice_days = {{ us-tx = [{days}] }}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    args = ["--as-of", "2026-06-01", "--rules-dir", str(tmp_path / "rules")]
    result = runner.invoke(main, ["check", str(profile), *args])
    assert result.exit_code == 1, result.output
    assert "Over the practice limit: us-tx 31 of 30 in 2026 (Test Code § 1)" in result.output
    assert "over their limit of days of practice: tap" in result.output
    jsonl = tmp_path / "staff.jsonl"
    jsonl.write_text(json.dumps(json.loads(_json_profile(profile))) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["audit", str(jsonl), *args, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["over_practice_limit"] for row in rows] == ["true"]


def _json_profile(path: Path) -> str:
    from licensetrack.io.profiles import dumps_json, read_profile

    return dumps_json(read_profile(path))


def test_practice_days_are_read_from_toml_json_and_csv_and_refused_when_wrong(tmp_path: Path) -> None:
    base = '[practitioner]\nid = "p"\n[[credentials]]\nid = "tap"\nruleset = "psypact-tap"\nissued = 2024-01-01\n'
    profile = loads_toml(base + "practice_days = { us-tx = [2026-03-01, 2026-03-02] }\n", source="p.toml")
    assert profile.credentials[0].practice_days == {"us-tx": (datetime.date(2026, 3, 1), datetime.date(2026, 3, 2))}
    as_json = '{"practitioner": {"id": "p"}, "credentials": [{"id": "tap", "ruleset": "psypact-tap", '
    as_json += '"issued": "2024-01-01", "practice_days": {"us-tx": ["2026-03-01", "2026-03-02"]}}]}'
    assert loads_json(as_json, source="p.json") == profile
    with pytest.raises(ProfileError, match=r"practice_days\.us-tx: lists 2026-03-01 twice"):
        loads_toml(base + "practice_days = { us-tx = [2026-03-01, 2026-03-01] }\n", source="p.toml")
    with pytest.raises(ProfileError, match=r"practice_days\.us-tx: must be a list of dates"):
        loads_toml(base + 'practice_days = { us-tx = ["March"] }\n', source="p.toml")
    write_csv_bundle([profile], tmp_path / "bundle")
    cell = (tmp_path / "bundle" / "credentials.csv").read_text(encoding="utf-8").splitlines()[1]
    assert cell.endswith(",us-tx:2026-03-01;us-tx:2026-03-02")
    assert [r.practitioner for r in read_csv_bundle(tmp_path / "bundle")] == [profile]


@given(st.lists(st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)), unique=True, max_size=60))
def test_the_order_days_are_recorded_in_never_changes_the_count(days: list[datetime.date]) -> None:
    rules = ruleset(total(1), LIMIT)
    forward = _report(rules, {"us-tx": tuple(days)})
    backward = _report(rules, {"us-tx": tuple(reversed(days))})
    assert forward.practice == backward.practice
    assert forward.practice is not None
    assert sum(c.days for c in forward.practice.counts) == sum(1 for d in days if d.year == 2026)


def test_the_packet_cover_shows_the_days_against_the_limit() -> None:
    from licensetrack.core.engine import evaluate_profile
    from licensetrack.formats.packet import build_packet
    from licensetrack.formats.packet_html import render_packet_html

    rules = ruleset(total(1), LIMIT)
    credential = Credential(
        id="tap", ruleset=rules.id, issued=datetime.date(2024, 1, 1), practice_days={"us-tx": _days("2026-03-01", 31)}
    )
    practitioner = Practitioner(id="p", credentials=(credential,), activities=())
    report = evaluate_profile(practitioner, {rules.id: rules}, datetime.date(2026, 6, 1))
    html = render_packet_html(build_packet(practitioner, report))
    assert "<dt>Over the practice limit</dt>" in html
    assert "us-tx 31 of 30 in 2026" in html


def test_validate_warns_of_days_recorded_where_no_limit_counts_them(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "ipc"\nruleset = "psypact-ipc"\nissued = 2024-01-01\n'
        "expires = 2026-12-31\npractice_days = { us-nv = [2026-01-05] }\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 0  # a warning, not a problem: the days are kept
    assert (
        f"warning: {profile}: credentials[0] ('ipc').practice_days: rule set psypact-ipc limits no days of "
        "practice, so these days count toward nothing"
    ) in result.output
