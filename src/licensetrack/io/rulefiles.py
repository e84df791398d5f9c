"""Loading rule files: declarative TOML, validated strictly, never executed.

A rule set's file lives at a path derived from its id: ``us-ca-lmft`` is ``us-ca/lmft.toml`` and
``nbcc-ncc`` is ``nbcc/ncc.toml`` under a rules directory. The loader refuses unknown keys, unknown
kinds, topics and approval bodies, and an id that does not match the path, each with the file, the
key path and a close match. TOML has no way to run code or include other files, and nothing here
adds one: a rule file is data.

What several credentials of one board state alike lives once in a board file beside them
(``us-ca/_bbs.toml``: a leading underscore, so it is never taken for a rule set). A credential's file
takes a whole list (``use = ["bbs.cycle"]``) or one requirement at its place (``[[requirements]]``
``use = "bbs.law-ethics"``) by name, only from its own authority folder; the taken tables are put in
the file as if written there, so the rule set is the same value either way and each entry keeps its
own citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeGuard

import attrs

from licensetrack.core.errors import Problem, RuleSetError, close_match, quoted
from licensetrack.core.kinds import CycleKindPlugin, RequirementKindPlugin
from licensetrack.core.rules import (
    CORE_CYCLE_KINDS,
    BoardEntries,
    CycleKind,
    CycleRule,
    Eligibility,
    Requirement,
    RequirementKind,
    RequirementVersion,
    RuleSet,
)
from licensetrack.core.vocabulary import CORE_VOCABULARY, WORD_PATTERN, Vocabulary
from licensetrack.io.files import parse_toml, read_text
from licensetrack.io.structure import structure

CASES_SUFFIX = ".cases.toml"
BOARD_PREFIX = "_"
CORE_CYCLE_KIND_ORDER = tuple(kind.value for kind in CycleKind)
CORE_REQUIREMENT_KIND_ORDER = tuple(kind.value for kind in RequirementKind)
# The lists a credential's file may take whole from a board file (requirements are taken one by one).
SHARED_LISTS = (
    "cycle",
    "first_cycle",
    "eligibility",
    "conversions",
    "carry_forward",
    "exemptions",
    "record_retention",
    "make_up",
    "board_notes",
)
# ``<board>.<entry>``: a board file beside the rule file, by the word after its underscore, and a list
# name or a requirement id. Nothing else is accepted, so a name cannot reach outside the folder.
_SHARED_NAME = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z0-9]+(?:[-_][a-z0-9]+)*)$")


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


def parse_ruleset(
    data: Any,
    *,
    source: str | None = None,
    language: Language = CORE_LANGUAGE,
    folder: Path | None = None,
    boards: BoardCache | None = None,
) -> RuleSet:
    """Build a rule set from parsed TOML, or raise RuleSetError listing every problem.

    ``folder`` is the authority folder the file sits in: the only place its ``use`` names are looked up.
    """
    data = _take_shared(data, source, folder, BoardCache(language) if boards is None else boards)
    try:
        ruleset = structure(data, RuleSet, source=source, error=RuleSetError, labeller=_label)
    except RuleSetError as exc:
        raise RuleSetError(source, [*exc.problems, *_raw_word_problems(data, language)]) from None
    problems: list[Problem] = []
    requirements = _check_kinds(ruleset.cycle, ruleset.requirements, language, source, problems)
    problems.extend(_vocabulary_problems(ruleset.requirements, ruleset.eligibility, language.vocabulary))
    if problems:
        raise RuleSetError(source, problems)
    return attrs.evolve(ruleset, requirements=requirements)


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
_VERSION_WORDS = ("topics", "without_approvals", "approvals")


def _word_problems(where: str, record: object, vocabulary: Vocabulary, *fields: str) -> Iterator[Problem]:
    """The words of a record (or of its raw table) the vocabulary does not know, at ``where``."""
    for unknown in vocabulary.unknown_words(record, *fields):
        yield Problem(f"{where}.{unknown.path}", unknown.message)


def _kind_problem(where: str, kind: str, known: list[str]) -> Problem:
    return Problem(f"{where}.kind", f"must be one of {', '.join(known)}, got {kind!r}{close_match(kind, known)}")


def _check_kinds(
    cycle: tuple[CycleRule, ...],
    requirements: tuple[Requirement, ...],
    language: Language,
    source: str | None,
    problems: list[Problem],
) -> tuple[Requirement, ...]:
    """Check every kind name; structure plugin kinds' params strictly into the kind's own type.

    Only the kind's id and its params stay in the rule data: the engine takes the implementation from
    the kinds it is given (``Registry.kinds``).
    """
    for index, rule in enumerate(cycle):
        if rule.kind in language.cycle_kinds:
            continue
        if rule.kind not in CORE_CYCLE_KINDS:
            problems.append(
                _kind_problem(f"cycle[{index}]", rule.kind, [*CORE_CYCLE_KIND_ORDER, *language.cycle_kinds])
            )
        elif rule.params is not None:
            problems.append(Problem(f"cycle[{index}].params", f"the core cycle kind {rule.kind!r} takes no params"))
    checked = []
    for r_index, requirement in enumerate(requirements):
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
        checked.append(requirement)
    return tuple(checked)


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


def _vocabulary_problems(
    requirements: tuple[Requirement, ...], eligibility: tuple[Eligibility, ...], vocabulary: Vocabulary
) -> Iterator[Problem]:
    for r_index, requirement in enumerate(requirements):
        for v_index, version in enumerate(requirement.versions):
            where = f'requirements[{r_index}] ("{requirement.id}").versions[{v_index}]'
            yield from _word_problems(where, version, vocabulary, *_VERSION_WORDS)
    for e_index, entry in enumerate(eligibility):
        yield from _word_problems(f"eligibility[{e_index}]", entry, vocabulary, "approvals")


def loads_ruleset(
    text: str, *, source: str | None = None, language: Language = CORE_LANGUAGE, boards: BoardCache | None = None
) -> RuleSet:
    """A rule set from TOML text; ``source`` is the file it came from, beside which its board files are."""
    folder = Path(source).parent if source else None
    data = parse_toml(text, source, RuleSetError)
    return parse_ruleset(data, source=source, language=language, folder=folder, boards=boards)


def read_ruleset(
    path: Path, *, root: Path | None = None, language: Language = CORE_LANGUAGE, boards: BoardCache | None = None
) -> RuleSet:
    """Read one rule file; under ``root``, its id must match its path."""
    if board_name(path) is not None:
        raise RuleSetError.single(str(path), "", _BOARD_NOT_RULE_SET)
    ruleset = loads_ruleset(read_text(path, RuleSetError), source=str(path), language=language, boards=boards)
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
    return (
        path.suffix == ".toml"
        and not path.name.endswith(CASES_SUFFIX)
        and not path.name.startswith((".", BOARD_PREFIX))
    )


_BOARD_NOT_RULE_SET = "is a board file, not a rule set: give its folder, to check it with the files that use it"


def board_name(path: Path) -> str | None:
    """``_bbs.toml`` -> ``bbs``; None when the file is not a board file."""
    name = path.name
    if not name.startswith(BOARD_PREFIX) or path.suffix != ".toml" or name.endswith(CASES_SUFFIX):
        return None
    return name.removeprefix(BOARD_PREFIX).removesuffix(".toml")


def board_files(folder: Path) -> dict[str, Path]:
    """The board files of an authority folder by name (``bbs`` for ``_bbs.toml``)."""
    found = (path for path in sorted(folder.glob(f"{BOARD_PREFIX}*.toml")) if path.is_file())
    return {name: path for path in found if (name := board_name(path)) is not None}


def read_board(path: Path, *, language: Language = CORE_LANGUAGE) -> dict[str, Any]:
    """Read and check a board file strictly; its tables as parsed, for credentials' files to take.

    Checked on its own, with the same checks as a rule file's lists, so a mistake in a shared entry is
    reported once against the board file, not against every file that uses it.
    """
    source = str(path)
    data = parse_toml(read_text(path, RuleSetError), source, RuleSetError)
    if "use" in data:
        message = "a board file cannot take entries from another board file: every shared fact is one step away"
        raise RuleSetError.single(source, "use", message)
    try:
        board = structure(data, BoardEntries, source=source, error=RuleSetError, labeller=_label)
    except RuleSetError as exc:
        raise RuleSetError(source, [*exc.problems, *_raw_word_problems(data, language)]) from None
    problems: list[Problem] = []
    _check_kinds(board.cycle, board.requirements, language, source, problems)
    problems.extend(_vocabulary_problems(board.requirements, board.eligibility, language.vocabulary))
    if problems:
        raise RuleSetError(source, problems)
    return data


class BoardCache:
    """Board files read while loading rule files: each is read and checked once, and a broken one
    raises the same error for every file that uses it (so a loader can report it once)."""

    def __init__(self, language: Language = CORE_LANGUAGE) -> None:
        self.language = language
        self._read: dict[Path, dict[str, Any] | RuleSetError] = {}
        self._folders: dict[Path, tuple[Path, dict[str, Path]]] = {}

    def folder(self, folder: Path) -> tuple[Path, dict[str, Path]]:
        """The folder resolved and its board files by name, listed once per load (a folder of ten rule
        files taking forty entries would otherwise be listed and resolved four hundred times)."""
        if folder not in self._folders:
            self._folders[folder] = (folder.resolve(), board_files(folder))
        return self._folders[folder]

    def get(self, path: Path) -> dict[str, Any]:
        key = path.resolve()
        if key not in self._read:
            try:
                self._read[key] = read_board(path, language=self.language)
            except RuleSetError as exc:
                self._read[key] = exc
        found = self._read[key]
        if isinstance(found, RuleSetError):
            raise found
        return found


def _take_shared(data: Any, source: str | None, folder: Path | None, boards: BoardCache) -> Any:
    """The file's tables with what it takes from board files written in at their place, as if inline.

    Top-level ``use`` names whole lists (``"bbs.cycle"``); a ``[[requirements]]`` table holding only
    ``use`` stands for one of the board's requirements, at its place in the list (so the order of
    requirements, and every output, is the file's own). A board file's own error is raised as it is.
    """
    if not isinstance(data, Mapping):
        return data
    placeholders = [(index, table) for index, table in _tables(data.get("requirements")) if "use" in table]
    if "use" not in data and not placeholders:
        return data
    problems: list[Problem] = []
    merged = {key: value for key, value in data.items() if key != "use"}
    if "use" in data:
        _take_lists(data, merged, source, folder, boards, problems)
    if placeholders:
        requirements = list(data["requirements"])
        for index, table in placeholders:
            taken = _take_requirement(table, f"requirements[{index}]", folder, boards, problems)
            if taken is not None:
                requirements[index] = taken
        merged["requirements"] = requirements
    if problems:
        raise RuleSetError(source, problems)
    return merged


def _take_lists(
    data: Mapping[str, Any],
    merged: dict[str, Any],
    source: str | None,
    folder: Path | None,
    boards: BoardCache,
    problems: list[Problem],
) -> None:
    names = data["use"]
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        problems.append(Problem("use", f'must be a list of names like "bbs.cycle", got {names!r}'))
        return
    taken: dict[str, str] = {}
    for index, name in enumerate(names):
        where = f"use[{index}]"
        parsed = _parse_shared_name(name, where, problems)
        if parsed is None:
            continue
        board, key = parsed
        if key not in SHARED_LISTS:
            problems.append(Problem(where, _not_a_list_message(name, board, key)))
            continue
        if key in data:
            problems.append(
                Problem(
                    where,
                    f"{key!r} is taken from {BOARD_PREFIX}{board}.toml here and also given in this file: give it in"
                    f" one place (to change a shared list, drop {name!r} from `use` and write the list here)",
                )
            )
            continue
        if key in taken:
            problems.append(Problem(where, f"{key!r} is taken twice ({taken[key]!r} and {name!r})"))
            continue
        taken[key] = name
        board_data = _board_data(board, folder, boards, where, problems)
        if board_data is None:
            continue
        if key not in board_data:
            present = [k for k in SHARED_LISTS if k in board_data]
            problems.append(
                Problem(
                    where,
                    f"{BOARD_PREFIX}{board}.toml has no [[{key}]] entries"
                    f" (it shares: {', '.join(present) or 'no lists'}){close_match(key, present)}",
                )
            )
            continue
        merged[key] = board_data[key]


def _not_a_list_message(name: str, board: str, key: str) -> str:
    if key == "requirements":
        return (
            f"{name!r}: requirements are taken one at a time, at their place in the list:"
            f' a [[requirements]] table with only use = "{board}.<requirement id>"'
        )
    return f"{name!r}: must name a shared list, one of {', '.join(SHARED_LISTS)}{close_match(key, SHARED_LISTS)}"


def _take_requirement(
    table: Mapping[str, Any], where: str, folder: Path | None, boards: BoardCache, problems: list[Problem]
) -> Any:
    name = table["use"]
    others = sorted(key for key in table if key != "use")
    if others:
        problems.append(
            Problem(
                where,
                f"a requirement taken from a board file ({name!r}) is given here too ({', '.join(others)}):"
                " give it in one place (to change it, drop `use` and write the requirement here)",
            )
        )
        return None
    parsed = _parse_shared_name(name, f"{where}.use", problems)
    if parsed is None:
        return None
    board, requirement_id = parsed
    board_data = _board_data(board, folder, boards, f"{where}.use", problems)
    if board_data is None:
        return None
    shared = {t.get("id"): t for _, t in _tables(board_data.get("requirements"))}
    if requirement_id not in shared:
        known = sorted(str(i) for i in shared)
        problems.append(
            Problem(
                f"{where}.use",
                f"{BOARD_PREFIX}{board}.toml has no requirement {requirement_id!r}"
                f" (it shares: {', '.join(known) or 'none'}){close_match(requirement_id, known)}",
            )
        )
        return None
    return shared[requirement_id]


def _parse_shared_name(name: Any, where: str, problems: list[Problem]) -> tuple[str, str] | None:
    match = _SHARED_NAME.match(name) if isinstance(name, str) else None
    if match is None:
        problems.append(
            Problem(
                where,
                f'must be a board file\'s name and an entry, like "bbs.cycle" for [[cycle]] of _bbs.toml beside'
                f" this file, got {name!r} (board files are taken only from the file's own authority folder)",
            )
        )
        return None
    return match.group(1), match.group(2)


def _board_data(
    board: str, folder: Path | None, boards: BoardCache, where: str, problems: list[Problem]
) -> dict[str, Any] | None:
    """The checked tables of board file ``board`` in ``folder``; None (with a problem) when there is none.

    Only a file directly in the authority folder counts, and not a link to a file elsewhere.
    """
    if folder is None:
        problems.append(Problem(where, "board files are found beside the rule file, and this text has no file"))
        return None
    resolved_folder, files = boards.folder(folder)
    path = files.get(board)
    if path is None:
        known = ", ".join(f"{BOARD_PREFIX}{name}.toml" for name in files) or "none"
        problems.append(
            Problem(
                where,
                f"no board file {BOARD_PREFIX}{board}.toml in {folder.name or folder}/ (board files there:"
                f" {known}){close_match(board, files)}",
            )
        )
        return None
    if path.resolve().parent != resolved_folder:
        problems.append(
            Problem(where, f"{path.name} leads outside the authority folder; a board file must be a file in it")
        )
        return None
    return boards.get(path)


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
    if path.is_file() and board_name(path) is not None:
        raise RuleSetError.single(str(path), "", _BOARD_NOT_RULE_SET)
    raise RuleSetError.single(str(path), "", "is neither a rules directory nor a rule file")


def load_path(path: Path, *, language: Language = CORE_LANGUAGE) -> dict[str, RuleSet]:
    """Every rule set a path names (see :func:`rule_files_at`) by id; every bad file is reported together,
    a board file's problems once (every board file of the folders read is checked, used or not)."""
    rulesets: dict[str, RuleSet] = {}
    problems: list[str] = []
    boards = BoardCache(language)
    files = rule_files_at(path)
    for file, root in files:
        try:
            ruleset = read_ruleset(file, root=root, language=language, boards=boards)
        except RuleSetError as exc:
            _add_once(problems, str(exc))
            continue
        rulesets[ruleset.id] = ruleset
    for error in board_errors((file.parent for file, _ in files), boards):
        _add_once(problems, str(error))
    if problems:
        raise RuleSetError(None, [Problem("", "\n".join(problems))])
    return rulesets


def board_errors(folders: Iterable[Path], boards: BoardCache) -> list[RuleSetError]:
    """The errors of the board files in ``folders``, whether a file uses them or not, so a broken board
    file is reported before any file takes from it (each is read once, through ``boards``)."""
    errors: list[RuleSetError] = []
    for folder in sorted(set(folders)):
        for board in board_files(folder).values():
            try:
                boards.get(board)
            except RuleSetError as exc:
                errors.append(exc)
    return errors


def _add_once(problems: list[str], problem: str) -> None:
    if problem not in problems:
        problems.append(problem)


def load_directory(root: Path, *, language: Language = CORE_LANGUAGE) -> dict[str, RuleSet]:
    """Every rule set under a rules directory by id (:func:`load_path` on a directory)."""
    if not root.is_dir():
        raise RuleSetError.single(str(root), "", "is not a directory of rule files")
    return load_path(root, language=language)


def bundled_rules_dir() -> Path:
    """The rules shipped with the package: inside the wheel, or the checkout's top-level ``rules/``.

    Found beside this module rather than through ``importlib.resources``, whose import (it pulls in
    ``tempfile``) cost every command about 5 ms; the package is always installed as files (the rule sets
    are read as files either way)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "rules"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "rules"
