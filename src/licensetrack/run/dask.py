"""Audits beyond one machine: the same per-practitioner evaluation over a Dask bag.

Optional: install ``licensetrack[dask]``. Each partition loads the installed rule sets and vocabulary
once on its worker (as the command's workers do: :func:`licensetrack.run.local.registry_parts`), so only
profiles and results travel, and parses and evaluates each profile as the command does
(:func:`licensetrack.io.batch.parse_text`, :func:`licensetrack.run.local.audit_record`). The results equal the
``audit`` command's JSON Lines, element for element (a test runs both on a LocalCluster bound to
127.0.0.1).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from licensetrack.core.report import DEFAULT_SOON_DAYS
from licensetrack.core.rules import RuleSet

if TYPE_CHECKING:
    from licensetrack.core.kinds import Kinds
    from licensetrack.core.vocabulary import Vocabulary

LOCATION = "dask element"  # a bag's element does not know its file or line


def audit_profiles(
    bag: Any,
    as_of: datetime.date,
    rulesets: Mapping[str, RuleSet] | None = None,
    vocabulary: Vocabulary | None = None,
    kinds: Kinds | None = None,
    soon_days: int = DEFAULT_SOON_DAYS,
    *,
    activities: bool = True,
) -> Any:
    """A bag of audit records (JSON dicts, as ``licensetrack audit --format jsonl --activities`` prints;
    with ``activities=False`` the summary records the command prints by default) from a bag of profiles.

    ``bag`` holds profiles in the JSON form of the profile format (dicts), or JSON Lines text (one
    profile per element, e.g. ``dask.bag.read_text("staff-*.jsonl")``; a file's byte-order mark is
    allowed). ``rulesets``, ``vocabulary`` and ``kinds`` default to the installed ones, plugins' included. A
    profile that cannot be read or evaluated gives a record with ``"status": "rejected"`` and its
    ``problems`` in its place, so one bad record never fails the job. ``soon_days`` is the due-soon horizon.
    """
    frozen = dict(rulesets) if rulesets is not None else None
    return bag.map_partitions(_audit_partition, as_of, (frozen, vocabulary, kinds), soon_days, activities)


def _audit_partition(
    profiles: Iterable[Any],
    as_of: datetime.date,
    parts: tuple[Mapping[str, RuleSet] | None, Vocabulary | None, Kinds | None],
    soon_days: int,
    activities: bool = True,
) -> list[dict[str, Any]]:
    return list(_audit_each(profiles, as_of, parts, soon_days, activities))


def _audit_each(
    profiles: Iterable[Any],
    as_of: datetime.date,
    parts: tuple[Mapping[str, RuleSet] | None, Vocabulary | None, Kinds | None],
    soon_days: int,
    activities: bool = True,
) -> Iterator[dict[str, Any]]:
    from licensetrack.io.batch import parse_data, parse_text
    from licensetrack.run.local import audit_json, audit_record, registry_parts

    rulesets, vocabulary, kinds = registry_parts(*parts)
    for profile in profiles:
        if isinstance(profile, str):
            # Any element may be a file's first line, so a byte-order mark is dropped from each.
            text = profile.removesuffix("\n").removesuffix("\r").removeprefix("\ufeff")
            record = parse_text(text, LOCATION, vocabulary)
            if record is None:
                continue  # a blank line of a JSON Lines file
        else:
            record = parse_data(profile, LOCATION, vocabulary)
        result = audit_record(record, rulesets, as_of, explain_activities=activities, kinds=kinds, soon_days=soon_days)
        yield audit_json(result, as_of, activities=activities)
