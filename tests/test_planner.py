"""The planner: what remains per credential and the one course that counts toward the most."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from licensetrack.core.model import Format
from licensetrack.core.planner import plan, remaining_for
from licensetrack.core.report import Status
from licensetrack.io.profiles import read_profile
from licensetrack.plugins.registry import load_registry
from tests.rulekit import act, check, requirement, ruleset, total

EXAMPLE = Path(__file__).parent.parent / "examples" / "dana-rivera.toml"


def test_one_law_and_ethics_course_serves_both_licences() -> None:
    result = plan(read_profile(EXAMPLE), load_registry().rulesets, datetime.date(2026, 8, 1))
    lmft, lpcc = result.remaining
    assert (lmft.credential, lmft.deadline.isoformat(), lmft.missing_hours) == ("ca-lmft", "2028-01-31", Decimal(30))
    assert [(n.requirement, n.hours) for n in lmft.topic_needs] == [("law-ethics", Decimal(6))]
    assert lmft.general_hours == 24
    assert lpcc.deadline.isoformat() == "2028-06-30"
    course = result.best_course
    assert course is not None
    assert (course.topics, course.hours, course.credentials) == (("law", "ethics"), Decimal(6), ("ca-lmft", "ca-lpcc"))
    assert course.format is Format.LIVE_ONLINE


def test_nothing_to_suggest_when_everything_is_met() -> None:
    result = plan(read_profile(EXAMPLE), load_registry().rulesets, datetime.date(2026, 1, 15))
    assert all(r.status is Status.COMPLIANT for r in result.remaining)
    assert result.best_course is None


def test_full_caps_close_formats() -> None:
    cap = requirement(
        "self-study", "cap", "Self-study", 'effective = 2000-01-01\nformats = ["on-demand"]\nmax_hours = 6'
    )
    report = check(ruleset(total(30), cap), [act("Recorded", "2024-03-01", 8, format="on-demand")], "2025-01-01")
    remaining = remaining_for(report)
    assert remaining.closed_formats == ("on-demand: Self-study is full (6 h)",)
    assert remaining.general_hours == 24
