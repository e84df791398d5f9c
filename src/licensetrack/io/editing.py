"""Changing a profile file without losing anything: append an activity, create a new profile.

A hand-written TOML profile keeps its comments and layout: a new activity is appended as one more
``[[activities]]`` table at the end, which TOML allows anywhere after the other tables. Every write
is checked first (the result must read back as the old profile plus the new activity) and then made
atomically, so a failure at any step leaves the old file byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from licensetrack.core.errors import LicensetrackError, ProfileError
from licensetrack.core.model import Activity, Practitioner
from licensetrack.core.vocabulary import CORE_VOCABULARY, Vocabulary
from licensetrack.io.files import atomic_write, read_text
from licensetrack.io.profiles import (
    activity_toml,
    dumps_json,
    dumps_toml,
    loads_json,
    loads_toml,
    parse_json,
    to_json_data,
)


class DuplicateActivityError(LicensetrackError):
    """The activity is already in the profile, exactly."""


def append_activity(
    path: Path, activity: Activity, *, vocabulary: Vocabulary = CORE_VOCABULARY, allow_duplicate: bool = False
) -> Practitioner:
    """Append ``activity`` to the profile at ``path``; return the profile as written."""
    text = read_text(path, ProfileError)
    is_json = path.suffix.lower() == ".json"
    before = (loads_json if is_json else loads_toml)(text, source=str(path), vocabulary=vocabulary)
    if not allow_duplicate and activity in before.activities:
        raise DuplicateActivityError(
            f"{path}: the activity {activity.title!r} of {activity.completed} is already recorded, exactly "
            "(use --allow-duplicate if you really took it twice)"
        )
    _check_vocabulary(activity, vocabulary, str(path))
    if is_json:
        data = parse_json(text, str(path))
        data.setdefault("activities", []).append(
            to_json_data(attrs.evolve(before, activities=(activity,)))["activities"][0]
        )
        new_text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
        after = loads_json(new_text, source=str(path), vocabulary=vocabulary)
    else:
        separator = "" if text.endswith("\n") or not text else "\n"
        new_text = text + separator + "\n" + activity_toml(activity)
        after = loads_toml(new_text, source=str(path), vocabulary=vocabulary)
    if after != attrs.evolve(before, activities=(*before.activities, activity)):
        raise ProfileError.single(
            str(path), "", "appending the activity would change other records; nothing was written"
        )
    atomic_write(path, new_text.encode("utf-8"))
    return after


def _check_vocabulary(activity: Activity, vocabulary: Vocabulary, source: str) -> None:
    from licensetrack.io.profiles import parse_profile

    probe = {
        "practitioner": {"id": "probe"},
        "activities": [to_json_data(Practitioner(id="p", activities=(activity,)))["activities"][0]],
    }
    parse_profile(probe, source=source, vocabulary=vocabulary)


def create_profile(path: Path, practitioner: Practitioner, *, force: bool = False) -> None:
    """Write a new profile; an existing file is replaced only with ``force``."""
    if path.exists() and not force:
        raise ProfileError.single(str(path), "", "already exists; use --force to replace it")
    text = dumps_json(practitioner) if path.suffix.lower() == ".json" else dumps_toml(practitioner)
    atomic_write(path, text.encode("utf-8"))
