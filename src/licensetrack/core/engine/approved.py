"""A topic requirement whose hours count only from courses approved by listed bodies (``approvals`` on a topic
version): North Carolina psychology, 21 NCAC 54 .2104(c), "Included in the 15 hours under a Category A program
sponsor, a minimum of 3 continuing education hours in the area of ethics". Matching is in
:func:`.countable.matches`; this module words what the report says of it."""

from __future__ import annotations

from licensetrack.core.engine.rounding import to_decimal
from licensetrack.core.hours import ZERO, Hours
from licensetrack.core.rules import RequirementVersion


def approved_only(version: RequirementVersion, short: Hours) -> str | None:
    """What would cure a topic that counts only approved courses, or what it counts when it is met; None
    for a topic of any approval body."""
    if not version.approvals:
        return None
    bodies = ", ".join(version.approvals)
    if short <= ZERO:
        return f"counts only courses approved by {bodies}"
    topics = " or ".join(version.topics)
    more = to_decimal(short, up=True)
    return f"take {more} h more on {topics} from a course approved by {bodies} (only these count toward it)"
