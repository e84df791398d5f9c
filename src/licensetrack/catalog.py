"""The rule sets available to a run: the bundled ones plus any directories the user names.

This is the single place that turns rule files into a mapping the core reads; the core never
looks at files. Two sources offering the same id is an error naming both, never a silent choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from licensetrack.errors import Problem, RuleSetError
from licensetrack.rulefiles import bundled_rules_dir, load_directory
from licensetrack.ruleset import RuleSet
from licensetrack.vocabulary import CORE_VOCABULARY, Vocabulary


def load_rulesets(
    extra_dirs: Iterable[Path] = (), *, vocabulary: Vocabulary = CORE_VOCABULARY, bundled: bool = True
) -> Mapping[str, RuleSet]:
    """Rule sets by id from the bundled tree and ``extra_dirs``; duplicates are refused."""
    found: dict[str, RuleSet] = {}
    origin: dict[str, str] = {}
    roots = ([bundled_rules_dir()] if bundled else []) + [Path(d) for d in extra_dirs]
    for root in roots:
        if not root.is_dir():
            raise RuleSetError.single(str(root), "", "is not a directory of rule files")
        for ruleset_id, ruleset in load_directory(root, vocabulary=vocabulary).items():
            if ruleset_id in found:
                raise RuleSetError(
                    None,
                    [
                        Problem(
                            "",
                            f"rule set {ruleset_id!r} is supplied twice: by {origin[ruleset_id]} and by {root}",
                        )
                    ],
                )
            found[ruleset_id] = ruleset
            origin[ruleset_id] = str(root)
    return MappingProxyType(found)
