"""Days of practice against a limit: PSYPACT's Temporary Authorization to Practice allows in-person practice
in a distant state on at most 30 days within a calendar year.

Like a privilege's home, the answer is a fact about the profile on a date, apart from CE hours: the
report keeps its status and says beside it how many days the as-of year has used, place by place.
"""

from __future__ import annotations

import datetime

from licensetrack.core.model import Credential
from licensetrack.core.report import PlaceDays, PracticeResult, SourceRef
from licensetrack.core.rules import RuleSet


def practice_result(credential: Credential, ruleset: RuleSet, as_of: datetime.date) -> PracticeResult | None:
    """The days of the as-of calendar year against the limit in force on ``as_of`` (None: no limit)."""
    rule = ruleset.practice_limit_on(as_of)
    if rule is None or rule.max_days is None:
        return None
    year = as_of.year
    by_place = {
        place: {day for day in days if day.year == year} for place, days in sorted(credential.practice_days.items())
    }
    tallies: list[tuple[str | None, int]]
    if rule.per_place:
        tallies = [(place, len(days)) for place, days in by_place.items() if days]
    else:
        tallies = [(None, len(set().union(*by_place.values())))]
    counts = tuple(PlaceDays(place=place, days=days, over=max(0, days - rule.max_days)) for place, days in tallies)
    return PracticeResult(
        year=year, max_days=rule.max_days, per_place=rule.per_place, counts=counts, ref=SourceRef.of(rule)
    )
