"""Loading rule files: declarative TOML, validated strictly, never executed.

A rule set's file lives at a path derived from its id: ``us-ca-lmft`` is ``us-ca/lmft.toml`` and
``nbcc-ncc`` is ``nbcc/ncc.toml`` under a rules directory. The loader refuses unknown keys, unknown
kinds, topics and approval bodies, and an id that does not match the path, each with the file, the
key path and a close match. TOML has no way to run code or include other files, and nothing here
adds one: a rule file is data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

import attrs

from licensetrack.core.errors import Problem, RuleSetError, close_match, quoted
from licensetrack.core.kinds import CycleKindPlugin, RequirementKindPlugin
from licensetrack.core.rules import CORE_CYCLE_KINDS, CycleKind, RequirementKind, RequirementVersion, RuleSet
from licensetrack.core.vocabulary import CORE_VOCABULARY, WORD_PATTERN, Vocabulary
from licensetrack.io.files import parse_toml, read_text
from licensetrack.io.structure import structure

CASES_SUFFIX = ".cases.toml"
CORE_REQUIREMENT_KIND_ORDER = tuple(kind.value for kind in RequirementKind)
CORE_CYCLE_KIND_ORDER = tuple(kind.value for kind in CycleKind)
CORE_REQUIREMENT_KIND_ORDER = tuple(kind.value for kind in RequirementKind)


def path_for(ruleset_id: str) -> Path:
    """``us-ca-lmft`` -> ``us-ca/lmft.toml``; ``nbcc-ncc`` -> ``nbcc/ncc.toml``."""
    parts = ruleset_id.split("-")
    if len(parts) >= 3 and len(parts[0]) == 2 and len(parts[1]) == 2:
        return Path(f"{parts[0]}-{parts[1]}") / f"{'-'.join(parts[2:])}.toml"
    return Path(parts[0]) / f"{'-'.join(parts[1:])}.toml"


def id_for(relative: Path) -> str:
    """The inverse of :func:`path_for`."""
    return f"{relative.parent.as_posix()}-{relative.name.removesuffix('.toml')}"


def _label(path: str, record: Mapping[str, Any]) -> str | None:
    value = record.get("id") or record.get("effective")
    return str(value) if value is not None else None


@attrs.frozen(kw_only=True)
class Language:
    """The words and kinds a rule file may use: the core ones plus what plugins registered."""

    vocabulary: Vocabulary = CORE_VOCABULARY
    requirement_kinds: Mapping[str, RequirementKindPlugin] = attrs.field(factory=dict)
    cycle_kinds: Mapping[str, CycleKindPlugin] = attrs.field(factory=dict)


CORE_LANGUAGE = Language()


def parse_ruleset(data: Any, *, source: str | None = None, language: Language = CORE_LANGUAGE) -> RuleSet:
    """Build a rule set from parsed TOML, or raise RuleSetError listing every problem."""
    try:
        ruleset = structure(data, RuleSet, source=source, error=RuleSetError, labeller=_label)
    except RuleSetError as exc:
        raise RuleSetError(source, [*exc.problems, *_raw_word_problems(data, language)]) from None
    problems: list[Problem] = []
    ruleset = _check_kinds(ruleset, language, source, problems)
    problems.extend(_vocabulary_problems(ruleset, language.vocabulary))
    if problems:
        raise RuleSetError(source, problems)
    return ruleset


def _raw_word_problems(data: Any, language: Language) -> Iterator[Problem]:
    """Kinds and words checked on the raw tables of a file that did not structure, so a typo in a kind
    or a topic is reported beside the structural problems, not only once they are fixed. Values that
    are not well-formed words were reported already, by structuring."""
    if not isinstance(data, Mapping):
        return
    for index, rule in _tables(data.get("cycle")):
        kind = rule.get("kind")
        if _is_word(kind) and kind not in CORE_CYCLE_KINDS and kind not in language.cycle_kinds:
            yield _kind_problem(f"cycle[{index}]", kind, [*CORE_CYCLE_KIND_ORDER, *language.cycle_kinds])
    for r_index, requirement in _tables(data.get("requirements")):
        label = requirement.get("id")
        where = f"requirements[{r_index}]" + (f" ({quoted(label)})" if isinstance(label, str) else "")
        kind = requirement.get("kind")
        if _is_word(kind) and kind not in CORE_REQUIREMENT_KIND_ORDER and kind not in language.requirement_kinds:
            yield _kind_problem(where, kind, [*CORE_REQUIREMENT_KIND_ORDER, *sorted(language.requirement_kinds)])
        for v_index, version in _tables(requirement.get("versions")):
            yield from _word_problems(f"{where}.versions[{v_index}]", version, language.vocabulary, *_VERSION_WORDS)
    for e_index, entry in _tables(data.get("eligibility")):
        yield from _word_problems(f"eligibility[{e_index}]", entry, language.vocabulary, "approvals")


def _tables(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        yield from ((index, item) for index, item in enumerate(value) if isinstance(item, Mapping))


def _is_word(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and WORD_PATTERN.match(value) is not None


# The fields of a requirement version that hold words of the vocabulary.
_VERSION_WORDS = ("topics", "without_approvals")


def _word_problems(where: str, record: object, vocabulary: Vocabulary, *fields: str) -> Iterator[Problem]:
    """The words of a record (or of its raw table) the vocabulary does not know, at ``where``."""
    for unknown in vocabulary.unknown_words(record, *fields):
        yield Problem(f"{where}.{unknown.path}", unknown.message)


def _kind_problem(where: str, kind: str, known: list[str]) -> Problem:
    return Problem(f"{where}.kind", f"must be one of {', '.join(known)}, got {kind!r}{close_match(kind, known)}")


def _check_kinds(ruleset: RuleSet, language: Language, source: str | None, problems: list[Problem]) -> RuleSet:
    """Check every kind name; structure plugin kinds' params strictly into the kind's own type.

    Only the kind's id and its params stay in the rule data: the engine takes the implementation from
    the kinds it is given (``Registry.kinds``).
    """
    for index, rule in enumerate(ruleset.cycle):
        if rule.kind in language.cycle_kinds:
            continue
        if rule.kind not in CORE_CYCLE_KINDS:
            problems.append(
                _kind_problem(f"cycle[{index}]", rule.kind, [*CORE_CYCLE_KIND_ORDER, *language.cycle_kinds])
            )
        elif rule.params is not None:
            problems.append(Problem(f"cycle[{index}].params", f"the core cycle kind {rule.kind!r} takes no params"))
    requirements = []
    for r_index, requirement in enumerate(ruleset.requirements):
        where = f"requirements[{r_index}] ({quoted(requirement.id)})"
        kind = language.requirement_kinds.get(requirement.kind)
        if requirement.is_core:
            problems.extend(
                Problem(f"{where}.versions[{v}].params", f"the core kind {requirement.kind!r} takes no params")
                for v, version in enumerate(requirement.versions)
                if version.params is not None
            )
        elif kind is None:
            known = [*CORE_REQUIREMENT_KIND_ORDER, *sorted(language.requirement_kinds)]
            problems.append(_kind_problem(where, requirement.kind, known))
        else:
            versions = tuple(
                _structured_params(version, kind, f"{where}.versions[{v}].params", source, problems)
                for v, version in enumerate(requirement.versions)
            )
            requirement = attrs.evolve(requirement, versions=versions)
        requirements.append(requirement)
    return attrs.evolve(ruleset, requirements=tuple(requirements))


def _structured_params(
    version: RequirementVersion,
    kind: RequirementKindPlugin,
    where: str,
    source: str | None,
    problems: list[Problem],
) -> RequirementVersion:
    if version.repealed:
        return version
    try:
        params: object = structure(
            version.params or {}, kind.params_type, source=source, error=RuleSetError, prefix=where
        )
    except RuleSetError as exc:
        problems.extend(
            Problem(p.path if p.path.startswith(where) else f"{where}.{p.path}", p.message) for p in exc.problems
        )
        return version
    return attrs.evolve(version, params=params)


def _vocabulary_problems(ruleset: RuleSet, vocabulary: Vocabulary) -> Iterator[Problem]:
    for r_index, requirement in enumerate(ruleset.requirements):
        for v_index, version in enumerate(requirement.versions):
            where = f'requirements[{r_index}] ("{requirement.id}").versions[{v_index}]'
            yield from _word_problems(where, version, vocabulary, *_VERSION_WORDS)
    for e_index, entry in enumerate(ruleset.eligibility):
        yield from _word_problems(f"eligibility[{e_index}]", entry, vocabulary, "approvals")


def loads_ruleset(text: str, *, source: str | None = None, language: Language = CORE_LANGUAGE) -> RuleSet:
    return parse_ruleset(parse_toml(text, source, RuleSetError), source=source, language=language)


def read_ruleset(path: Path, *, root: Path | None = None, language: Language = CORE_LANGUAGE) -> RuleSet:
    """Read one rule file; under ``root``, its id must match its path."""
    ruleset = loads_ruleset(read_text(path, RuleSetError), source=str(path), language=language)
    if root is not None:
        expected = id_for(path.resolve().relative_to(root.resolve()))
        if ruleset.id != expected:
            raise RuleSetError.single(
                str(path), "id", f"must be {expected!r} for a file at this path, got {ruleset.id!r}"
            )
    return ruleset


def rule_files(root: Path) -> list[Path]:
    """Rule files under a directory (two levels: authority folder, credential file), sorted."""
    return sorted(p for p in root.glob("*/*.toml") if _is_rule_file(p))


def _is_rule_file(path: Path) -> bool:
    return path.suffix == ".toml" and not path.name.endswith(CASES_SUFFIX) and not path.name.startswith(".")


def rule_files_at(path: Path) -> list[tuple[Path, Path]]:
    """The rule files a path names, each with the rules root its id is checked against.

    One function for every way rule files are given (``rules check``, ``--rules-dir``, a plugin's
    ``register(path)``), so each is checked the same way: a rules root (``rules/``) holds authority
    folders; an authority folder (``rules/us-ca``) holds the files; a single file is checked against
    the folders it sits in (``us-ca/lmft.toml`` must hold ``us-ca-lmft``).
    """
    if path.is_dir():
        direct = sorted(p for p in path.glob("*.toml") if _is_rule_file(p))
        if direct:
            return [(file, path.resolve().parent) for file in direct]
        return [(file, path) for file in rule_files(path)]
    if path.is_file() and _is_rule_file(path):
        return [(path, path.resolve().parent.parent)]
    raise RuleSetError.single(str(path), "", "is neither a rules directory nor a rule file")


def load_path(path: Path, *, language: Language = CORE_LANGUAGE) -> dict[str, RuleSet]:
    """Every rule set a path names (see :func:`rule_files_at`) by id; every bad file is reported together."""
    rulesets: dict[str, RuleSet] = {}
    problems: list[str] = []
    for file, root in rule_files_at(path):
        try:
            ruleset = read_ruleset(file, root=root, language=language)
        except RuleSetError as exc:
            problems.append(str(exc))
            continue
        rulesets[ruleset.id] = ruleset
    if problems:
        raise RuleSetError(None, [Problem("", "\n".join(problems))])
    return rulesets


def load_directory(root: Path, *, language: Language = CORE_LANGUAGE) -> dict[str, RuleSet]:
    """Every rule set under a rules directory by id (:func:`load_path` on a directory)."""
    if not root.is_dir():
        raise RuleSetError.single(str(root), "", "is not a directory of rule files")
    return load_path(root, language=language)


def bundled_rules_dir() -> Path:
    """The rules shipped with the package: inside the wheel, or the checkout's top-level ``rules/``."""
    packaged = resources.files("licensetrack") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "rules"
