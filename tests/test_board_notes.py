"""``[[board_notes]]``: what a board asks beside the hours (Florida: report courses in CE Broker), dated and
cited like every entry, shown by check, rules show and the audit packet."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensetrack.cli.main import main
from licensetrack.core.errors import RuleSetError
from licensetrack.formats.shapes import credential_to_json
from licensetrack.io.rulefiles import load_path
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE, act, check, ruleset, total


def note(effective: str, text: str | None = None, *, verified: bool = True, repealed: bool = False) -> str:
    body = f"\n[[board_notes]]\neffective = {effective}\n{CITE}\nverified = {'true' if verified else 'false'}\n"
    if not verified:
        body += 'note = "Read only at a vendor."\n'
    if text is not None:
        body += f'text = "{text}"\n'
    if repealed:
        body += "repealed = true\n"
    return body


REPORT_IN_TRACKER = "Report every course in the state's tracking system before you renew."


def test_the_note_in_force_at_the_periods_end_is_in_the_report_with_its_rule() -> None:
    rules = ruleset(total(10), note("2022-01-01", REPORT_IN_TRACKER))
    report = check(rules, [act("Ethics", "2024-03-01", 10)], "2025-06-01")  # the period 2024-2025
    assert report.board_note is not None
    assert report.board_note.text == REPORT_IN_TRACKER
    assert (report.board_note.ref.citation, report.board_note.ref.effective) == (
        "Test Code § 1",
        datetime.date(2022, 1, 1),
    )
    assert credential_to_json(report)["board_note"] == {
        "text": REPORT_IN_TRACKER,
        "citation": "Test Code § 1",
        "source": "https://example.org/rules",
        "effective": "2022-01-01",
        "verified": True,
    }
    # Chosen by the period's end: the period 2020-2021 ended before the note took effect.
    earlier = check(rules, [], "2021-06-01")
    assert earlier.board_note is None
    assert "board_note" not in credential_to_json(earlier)


def test_a_repealed_note_ends_it_and_an_unverified_note_is_listed_as_relied_on() -> None:
    rules = ruleset(total(10), note("2020-01-01", REPORT_IN_TRACKER, verified=False), note("2024-01-01", repealed=True))
    before = check(rules, [], "2022-06-01")
    assert before.board_note is not None
    assert any(line.startswith("Test Code § 1 (effective 2020-01-01)") for line in before.unverified)
    after = check(rules, [], "2025-06-01")
    assert after.board_note is None
    assert not any("2020-01-01" in line for line in after.unverified)


def test_a_note_must_say_something(tmp_path: Path) -> None:
    path = tmp_path / "us-zz" / "test.toml"
    path.parent.mkdir()
    path.write_text(HEADER + TWO_YEAR_CYCLE + total(10) + note("2020-01-01"), encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_path(path)
    assert str(caught.value) == (
        f'{path}: board_notes[0] ("2020-01-01").text: a board note says what the board asks (or is `repealed = true`)'
    )


def test_check_rules_show_and_the_packet_say_what_florida_asks(tmp_path: Path) -> None:
    """Florida's Department of Health checks the CE tracking system at renewal (rules/us-fl/_doh.toml)."""
    profile = tmp_path / "fl.toml"
    profile.write_text(
        '[practitioner]\nid = "t"\n[[credentials]]\nid = "fl"\nruleset = "us-fl-lmhc"\nissued = 2015-01-01\n'
        '[[credentials]]\nid = "psy"\nruleset = "us-fl-psychologist"\nissued = 2015-01-01\n',
        encoding="utf-8",
    )
    runner = CliRunner()
    checked = " ".join(runner.invoke(main, ["check", str(profile), "--as-of", "2026-01-01"]).stdout.split())
    assert checked.count("the board asks: Report every course in the Department of Health's electronic") == 2
    shown = runner.invoke(main, ["rules", "show", "us-fl-lcsw", "--as-of", "2026-01-01", "--format", "json"])
    assert "CE Broker" in shown.stdout
    packet = runner.invoke(main, ["report", str(profile), "--as-of", "2026-01-01"])
    assert packet.stdout.count('<dt>The board asks</dt><dd class="board-note">Report every course') == 2
