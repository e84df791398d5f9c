"""Audits beyond one machine: the same per-practitioner evaluation over a Dask bag.

Optional: install ``licensetrack[dask]``. Each partition loads the installed rule sets once on its
worker, so only profiles and results travel. The results equal the local ``audit`` ones, element
for element (a test runs both on a LocalCluster bound to 127.0.0.1).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from licensetrack.ruleset import RuleSet


def audit_profiles(bag: Any, as_of: datetime.date, rulesets: Mapping[str, RuleSet] | None = None) -> Any:
    """A bag of reports (JSON dicts, as ``check --format json`` prints) from a bag of profiles.

    ``bag`` holds profiles in the JSON form of the profile format (dicts), or JSON Lines text (one
    profile per element, e.g. ``dask.bag.read_text("staff-*.jsonl")``). A profile that cannot be read
    or evaluated gives ``{"error": "..."}`` in its place, so one bad record never fails the job.
    """
    frozen = dict(rulesets) if rulesets is not None else None
    return bag.map_partitions(_audit_partition, as_of, frozen)


def _audit_partition(
    profiles: Iterable[Any], as_of: datetime.date, rulesets: Mapping[str, RuleSet] | None
) -> list[dict[str, Any]]:
    return list(_audit_each(profiles, as_of, rulesets))


def _audit_each(
    profiles: Iterable[Any], as_of: datetime.date, rulesets: Mapping[str, RuleSet] | None
) -> Iterator[dict[str, Any]]:
    from licensetrack.engine import evaluate_profile
    from licensetrack.errors import LicensetrackError
    from licensetrack.profiles import parse_json, parse_profile
    from licensetrack.report import to_json

    if rulesets is None:
        from licensetrack.plugins import load_registry

        rulesets = load_registry().rulesets
    for profile in profiles:
        if isinstance(profile, str) and not profile.strip():
            continue  # a blank line of a JSON Lines file
        try:
            data = parse_json(profile, "dask element") if isinstance(profile, str) else profile
            practitioner = parse_profile(data, source="dask element")
            yield to_json(evaluate_profile(practitioner, rulesets, as_of))
        except LicensetrackError as exc:
            yield {"error": str(exc)}
