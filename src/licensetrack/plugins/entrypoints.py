"""Finding the installed plugins without paying for ``importlib.metadata`` when there are none.

Importing ``importlib.metadata`` and scanning every installed distribution costs about 50 ms on
every command (it pulls in email, zipfile and csv), and most installations have no plugin at all.
The entry points a distribution declares are in its ``entry_points.txt``; reading those files for
the group's header answers "is there any plugin?" in a fraction of that. Only when one is declared,
or the import system could hold distributions this scan cannot see (a zip on ``sys.path``, an
``.egg``, a custom finder), is ``importlib.metadata`` asked, and it alone decides what is loaded.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from importlib.machinery import PathFinder
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import importlib.metadata

_METADATA_SUFFIXES = (".dist-info", ".egg-info")


def _declares(group: str) -> re.Pattern[bytes]:
    return re.compile(rb"^\s*\[\s*" + re.escape(group.encode()) + rb"\s*\]\s*$", re.MULTILINE)


def may_declare(group: str, path: Iterable[str] | None = None) -> bool:
    """False only when no distribution on ``path`` (default ``sys.path``) can declare ``group``."""
    if any(getattr(finder, "find_distributions", None) and not _reads_path(finder) for finder in sys.meta_path):
        return True
    header = _declares(group)
    for entry in sys.path if path is None else path:
        folder = entry or "."
        if os.path.isfile(folder):
            return True  # a zip or egg file: only importlib.metadata reads those
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith(".egg"):
                return True
            if not name.endswith(_METADATA_SUFFIXES):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as handle:
                    if header.search(handle.read()):
                        return True
            except OSError:
                continue
    return False


# Finders whose distributions are the metadata folders of ``sys.path`` entries, which the scan reads
# itself: the standard one, and the ``importlib_metadata`` backport's (which other packages, such as
# Dask's dependencies, put on ``sys.meta_path``).
_PATH_FINDERS = {("importlib_metadata", "MetadataPathFinder")}


def _reads_path(finder: object) -> bool:
    if finder is PathFinder:
        return True
    kind = finder if isinstance(finder, type) else type(finder)
    return (kind.__module__, kind.__qualname__) in _PATH_FINDERS


def installed_entry_points(group: str) -> list[importlib.metadata.EntryPoint]:
    """The group's entry points, sorted by name; ``importlib.metadata`` is imported only if needed."""
    if not may_declare(group):
        return []
    import importlib.metadata

    return sorted(importlib.metadata.entry_points(group=group), key=lambda e: e.name)
