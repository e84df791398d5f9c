"""The bundled rule sets, loaded once per process and, in a wheel, without parsing TOML.

Every command and every ``load_registry()`` call asks for the same bundled rules. They come from the
first of: this process's earlier load of the same files (a library user, a test suite or a server
calling ``load_registry()`` many times pays once); the wheel's prebuilt file
(:mod:`licensetrack.io.prebuilt`) when it was built from these very files; parsing them. Each answer is
keyed by the files' fingerprint, so an edited rule file is read again, never served stale.
``LICENSETRACK_PREBUILT=off`` ignores the prebuilt file (benchmarks compare the two this way).
"""

from __future__ import annotations

import os
from pathlib import Path

from licensetrack.core.rules import RuleSet
from licensetrack.io.prebuilt import fingerprint, prebuilt_path, read_prebuilt
from licensetrack.io.rulefiles import Language, load_path

_KEPT = 4  # loads kept per process (a few languages, e.g. a test suite's plugins); each a few MB
_loaded: dict[tuple[str, tuple[tuple[str, ...], ...]], dict[str, RuleSet]] = {}


def _language_key(language: Language) -> tuple[tuple[str, ...], ...]:
    """The words a rule file is checked against: a load under other words is a different load."""
    return (
        tuple(sorted(language.vocabulary.topics)),
        tuple(sorted(language.vocabulary.approvals)),
        tuple(sorted(language.requirement_kinds)),
        tuple(sorted(language.cycle_kinds)),
    )


def use_prebuilt() -> bool:
    return os.environ.get("LICENSETRACK_PREBUILT", "").strip().lower() != "off"


def load_bundled(root: Path, language: Language) -> dict[str, RuleSet]:
    """Every rule set under ``root`` (the bundled rules) by id, as :func:`load_path` would load them.

    The prebuilt file was loaded under the built-in plugin's words only; more words (other plugins')
    never change how a file that loads under fewer is read, so it serves every language.
    """
    built_from = fingerprint(root)
    key = (built_from, _language_key(language))
    found = _loaded.get(key)
    if found is None:
        found = (read_prebuilt(prebuilt_path(), built_from) if use_prebuilt() else None) or load_path(
            root, language=language
        )
        while len(_loaded) >= _KEPT:
            del _loaded[next(iter(_loaded))]
        _loaded[key] = found
    return dict(found)
