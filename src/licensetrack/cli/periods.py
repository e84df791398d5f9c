"""What a rule set's periods need from a profile, shared by ``init`` (at its prompts and flags) and
``validate`` (in its findings), so the two ask for the same fields with the same words."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from licensetrack.core.rules import RuleSet


def period_needs(ruleset: RuleSet, on: datetime.date) -> str | None:
    """The profile field a rule set's periods cannot be worked out without, or None.

    A board-record cycle has no rule to compute the period from, so ``expires`` is needed; a
    birth-month cycle needs the practitioner's ``birth_date``. The cycle in force ``on`` decides,
    as in the engine.
    """
    from licensetrack.core.rules import CycleKind

    rule = ruleset.cycle_on(on)
    if rule.kind == CycleKind.RECORD:
        return "expires"
    if rule.kind == CycleKind.BIRTH_MONTH:
        return "birth_date"
    return None


def why_needed(field: str, ruleset_id: str) -> str:
    """Why a field is required for a rule set: the same words at the prompt and in errors."""
    if field == "expires":
        return (
            f"is required: {ruleset_id} takes its periods from the board's record, so licensetrack cannot work out "
            "your period without it (the date is on your licence or the board's look-up page)"
        )
    return f"is required: {ruleset_id}'s periods end in your birth month"
