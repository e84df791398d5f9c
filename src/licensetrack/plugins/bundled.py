"""The bundled rule sets, loaded once per process and, in a wheel, each only when asked for.

Every command and every ``load_registry()`` call asks for the same bundled rules. They come from the
first of: this process's earlier load of the same files (a library user, a test suite or a server
calling ``load_registry()`` many times pays once); the wheel's prebuilt file
(:mod:`licensetrack.io.prebuilt`) when it was built from these very files, each rule set unpickled
when first asked for (``check`` on a profile of two licences reads two of 200+); parsing them. Each
answer is keyed by the files' names, sizes and modification times, so an edited rule file is read
again, never served stale (and the prebuilt file checks each file's bytes before it serves a rule set
read from it). ``LICENSETRACK_PREBUILT=off`` ignores the prebuilt file (benchmarks compare the two
this way).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from licensetrack.core.rules import RuleSet
from licensetrack.io.prebuilt import Prebuilt, prebuilt_path, read_prebuilt, source_files
from licensetrack.io.rulefiles import BoardCache, Language, load_path, path_for, read_ruleset

_KEPT = 4  # loads kept per process (a few languages, e.g. a test suite's plugins); each a few MB
_Key = tuple[tuple[tuple[str, int, int], ...], tuple[tuple[str, ...], ...]]
_loaded: dict[_Key, Mapping[str, RuleSet]] = {}


def _language_key(language: Language) -> tuple[tuple[str, ...], ...]:
    """The words a rule file is checked against: a load under other words is a different load."""
    return (
        tuple(sorted(language.vocabulary.topics)),
        tuple(sorted(language.vocabulary.approvals)),
        tuple(sorted(language.requirement_kinds)),
        tuple(sorted(language.cycle_kinds)),
    )


def _listing(root: Path, files: list[str]) -> tuple[tuple[str, int, int], ...]:
    """Every file loading ``root`` reads (``files``), with its size and modification time: what a change would
    change."""
    found: list[tuple[str, int, int]] = []
    top = os.fspath(root)
    for relative in files:
        try:
            stat = os.stat(os.path.join(top, relative))
        except OSError:
            continue
        found.append((relative, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def use_prebuilt() -> bool:
    return os.environ.get("LICENSETRACK_PREBUILT", "").strip().lower() != "off"


class BundledRuleSets(Mapping[str, RuleSet]):
    """The bundled rule sets of a prebuilt file, by id; each unpickled (or, when a file it was read from
    changed since the build, parsed) the first time it is asked for.

    Read-only, like every registry mapping. Pickled (to send to another process) it becomes the plain
    dict of every rule set, so nothing of the file travels.
    """

    def __init__(self, prebuilt: Prebuilt, language: Language) -> None:
        self._prebuilt = prebuilt
        self._ids = prebuilt.ids
        self._known = frozenset(self._ids)
        self._language = language
        self._boards = BoardCache(language)
        self._loaded: dict[str, RuleSet] = {}

    def __getitem__(self, ruleset_id: str) -> RuleSet:
        found = self._loaded.get(ruleset_id)
        if found is None:
            if ruleset_id not in self._known:
                raise KeyError(ruleset_id)
            found = self._prebuilt.load(ruleset_id) or self._parse(ruleset_id)
            self._loaded[ruleset_id] = found
        return found

    def __contains__(self, ruleset_id: object) -> bool:
        return ruleset_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.items()),))

    def _parse(self, ruleset_id: str) -> RuleSet:
        root = self._prebuilt.root
        return read_ruleset(root / path_for(ruleset_id), root=root, language=self._language, boards=self._boards)


def load_bundled(root: Path, language: Language) -> Mapping[str, RuleSet]:
    """Every rule set under ``root`` (the bundled rules) by id, as :func:`load_path` would load them.

    The prebuilt file was loaded under the built-in plugin's words only; more words (other plugins')
    never change how a file that loads under fewer is read, so it serves every language.
    """
    files = source_files(root)
    key = (_listing(root, files), _language_key(language))
    found = _loaded.get(key)
    if found is None:
        prebuilt = read_prebuilt(prebuilt_path(), root, files) if use_prebuilt() else None
        found = BundledRuleSets(prebuilt, language) if prebuilt is not None else load_path(root, language=language)
        while len(_loaded) >= _KEPT:
            del _loaded[next(iter(_loaded))]
        _loaded[key] = found
    return found
