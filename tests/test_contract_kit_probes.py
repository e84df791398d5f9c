"""The plugin kit's probes honour what a topic itself asks (issue #20, met while encoding Kentucky).

Two encodings the texts need were refused by the kit, not by the engine: a topic due from licensure
that only its own approval bodies can meet (201 KAR 36:030 Section 1(6): domestic violence training
"approved by the board" within three years of licensure), and a window topic in a rule set whose
periods come from the licence's recorded expiry (a ``record`` cycle). The kit's probe course now
carries the topic's own approval bodies, and the window probe gives the licence an expiry.
"""

from __future__ import annotations

import pytest

from licensetrack.core.rules import RuleSet
from licensetrack.plugins.registry import Registry, load_registry
from licensetrack.testing import RuleSetContract
from tests.rulekit import CITE, act, check, requirement, ruleset, total

RECORD_CYCLE = f"""
[[cycle]]
effective = 2000-01-01
kind = "record"
months = 12
{CITE}
"""

ONLY_APA = f"""
[[eligibility]]
effective = 2000-01-01
approvals = ["apa"]
{CITE}
"""

BOARD_APPROVED_FROM_LICENSURE = requirement(
    "dv",
    "topic",
    "Domestic violence, 3 hours within 36 months of licensure, board-approved",
    'effective = 2015-01-01\nhours = 3\ntopics = ["domestic-violence"]\nscope = "once"\ndue_months_after_issue = 36\n'
    'approvals = ["nbcc"]',
)

WINDOW = requirement(
    "suicide",
    "topic",
    "Suicide prevention, 6 hours every 6 periods, from any of the last 6",
    'effective = 2015-01-01\nhours = 6\ntopics = ["suicide-prevention"]\nscope = "every-n-cycles"\nevery = 6\n'
    "anchor = 2021-06-30\nwindow_cycles = 6",
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(entry_points=False)


class Contract(RuleSetContract):
    ruleset_ids = ("us-zz-test",)


def test_a_topic_due_from_licensure_met_only_by_its_own_approval_bodies_passes(registry: Registry) -> None:
    rules: RuleSet = ruleset(ONLY_APA, total(20), BOARD_APPROVED_FROM_LICENSURE, cycle=RECORD_CYCLE)
    Contract().test_due_dates_from_licensure_on_both_sides([rules], registry)
    Contract().test_period_constructs_on_both_sides([rules], registry)


def test_a_window_topic_under_a_record_cycle_passes(registry: Registry) -> None:
    rules = ruleset(total(10), WINDOW, cycle=RECORD_CYCLE)
    Contract().test_period_constructs_on_both_sides([rules], registry)


def test_the_topic_itself_still_refuses_other_bodies() -> None:
    """What the probe now carries is what the topic asks, not a pass for any course: the same training
    from the body the rule set otherwise accepts does not meet the board-approved topic, and the board's
    own course of an earlier period (refused by the eligibility) meets it and counts toward nothing else."""
    rules = ruleset(ONLY_APA, total(20), BOARD_APPROVED_FROM_LICENSURE, cycle=RECORD_CYCLE)
    dv = ("domestic-violence",)
    for body, met in ((("apa",), False), (("nbcc",), True)):
        report = check(
            rules,
            [act("DV", "2020-06-01", 3, topics=dv, approvals=body)],
            "2023-12-31",
            issued="2020-01-01",
            expires="2023-12-31",
        )
        assert next(r for r in report.requirements if r.id == "dv").met is met, body
        assert report.counted_hours == 0, body  # outside the period: nothing toward the total
        assert report.activities[0].credited_to == (("dv",) if met else ()), body
