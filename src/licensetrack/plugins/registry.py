"""Finding and loading plugins, and snapshotting what they registered into a frozen Registry.

``load_registry()`` is what commands call. It builds a fresh plugin manager (never an import-time
global), registers the built-in plugin and every entry point of the group ``licensetrack``, and
asks each plugin in turn what it supplies. One plugin's failure (an import error, a misspelt hook,
an exception in a hook, garbage passed to ``register``, a bad rule file) is recorded against its
name and everything it registered is dropped, so other plugins keep working and cannot be
corrupted by it. Two sources of the same rule-set id or kind name is an error naming both.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from licensetrack import __version__
from licensetrack.core.errors import LicensetrackError, Problem, RuleSetError, close_match
from licensetrack.core.kinds import CycleKindPlugin, Kinds, RequirementKindPlugin
from licensetrack.core.rules import CORE_CYCLE_KINDS, CORE_REQUIREMENT_KINDS, RuleSet
from licensetrack.core.vocabulary import WORD_PATTERN, Vocabulary
from licensetrack.io.rulefiles import Language, bundled_rules_dir, load_path
from licensetrack.plugins import builtin, hookspecs
from licensetrack.plugins.bundled import load_bundled
from licensetrack.plugins.entrypoints import installed_entry_points

if TYPE_CHECKING:
    import importlib.metadata

BUILTIN = "licensetrack.builtin"
HOOK_NAMES = (
    "register_vocabulary",
    "register_requirement_kinds",
    "register_cycle_kinds",
    "register_rulesets",
    "register_output_renderers",
)


class PluginConflictError(LicensetrackError):
    """Two plugins supply the same rule-set id or kind name."""


@attrs.frozen
class PluginFailure:
    plugin: str
    error: str


@attrs.frozen
class PluginInfo:
    """What ``licensetrack plugins`` shows: a plugin, its version, its hooks and what it registered."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    registered: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Registry:
    """Everything the plugins registered, frozen; the only view of plugins the core ever gets."""

    rulesets: Mapping[str, RuleSet]
    language: Language
    origins: Mapping[str, str]  # "ruleset:us-ca-lmft" -> plugin name
    plugins: tuple[PluginInfo, ...]
    failures: tuple[PluginFailure, ...]
    word_origins: Mapping[str, str] = MappingProxyType({})  # "topic:ethics" / "approval:nbcc" -> plugin name
    warnings: tuple[str, ...] = ()  # said on stderr by every command, like failures
    renderers: tuple[tuple[str, Any], ...] = ()  # (plugin, output renderer), for formats.renderers.renderers()

    @property
    def vocabulary(self) -> Vocabulary:
        return self.language.vocabulary

    @property
    def kinds(self) -> Kinds:
        """The plugin kinds' implementations, for the engine (``evaluate(..., kinds=registry.kinds)``)."""
        return Kinds(requirements=dict(self.language.requirement_kinds), cycles=dict(self.language.cycle_kinds))


@attrs.define
class LoadedPlugins:
    manager: pluggy.PluginManager
    failures: list[PluginFailure]
    versions: dict[str, str | None]


def get_plugin_manager(*, entry_points: bool = True, plugins: Iterable[tuple[str, object]] = ()) -> LoadedPlugins:
    """A new plugin manager with the built-in plugin, the installed ones and any given here."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    loaded = LoadedPlugins(manager, [], {})
    _register(loaded, BUILTIN, builtin, _own_version())
    if entry_points:
        for entry_point in installed_entry_points(hookspecs.PROJECT):
            try:
                plugin = _load_in_time(entry_point)
            except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, not fatal
                loaded.failures.append(PluginFailure(entry_point.name, f"cannot be imported: {_describe(exc)}"))
                continue
            version = entry_point.dist.version if entry_point.dist is not None else None
            _register(loaded, entry_point.name, plugin, version)
    for name, plugin in plugins:
        _register(loaded, name, plugin, None)
    return loaded


class PluginTimeoutError(LicensetrackError):
    """A plugin's import did not finish in time."""


def import_timeout() -> float:
    """Seconds a plugin's import may take (``LICENSETRACK_PLUGIN_TIMEOUT``; default 20)."""
    try:
        return max(0.1, float(os.environ.get("LICENSETRACK_PLUGIN_TIMEOUT", "20")))
    except ValueError:
        return 20.0


def _load_in_time(entry_point: importlib.metadata.EntryPoint) -> object:
    """Import a plugin in a daemon thread, so one that never finishes importing is reported and
    left behind instead of hanging every command (Python cannot abandon an import otherwise)."""
    result: dict[str, object] = {}

    def load() -> None:
        try:
            result["plugin"] = entry_point.load()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            result["error"] = exc

    thread = threading.Thread(target=load, name=f"licensetrack-plugin-{entry_point.name}", daemon=True)
    thread.start()
    thread.join(import_timeout())
    if thread.is_alive():
        raise PluginTimeoutError(f"its import did not finish within {import_timeout():g} s")
    if "error" in result:
        error = result["error"]
        assert isinstance(error, BaseException)
        raise error
    return result["plugin"]


def _own_version() -> str | None:
    return __version__  # the one version: pyproject.toml reads it from here


def _register(loaded: LoadedPlugins, name: str, plugin: object, version: str | None) -> None:
    """Register one plugin; a misspelt hook or a bad signature fails that plugin, loudly and alone."""
    try:
        loaded.manager.register(plugin, name=name)
    except Exception as exc:  # noqa: BLE001 - pluggy raises ValueError or PluginValidationError
        loaded.failures.append(PluginFailure(name, f"cannot be registered: {_describe(exc)}"))
        return
    try:
        loaded.manager.check_pending()
    except pluggy.PluginValidationError:
        unknown = [caller.name for caller in loaded.manager.get_hookcallers(plugin) or () if not caller.has_spec()]
        loaded.manager.unregister(name=name)
        words = ", ".join(f"{hook!r}{close_match(hook, HOOK_NAMES)}" for hook in unknown)
        loaded.failures.append(PluginFailure(name, f"implements unknown hook {words}"))
        return
    loaded.versions[name] = version


def _implemented_hooks(manager: pluggy.PluginManager, plugin: object) -> tuple[str, ...]:
    """The hooks of this project ``plugin`` implements, sorted; pluggy, not an attribute's name, says which."""
    callers = manager.get_hookcallers(plugin) or []
    return tuple(sorted(caller.name for caller in callers if caller.has_spec()))


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@attrs.define
class _Staged:
    """What one plugin registered, kept apart until the whole plugin has succeeded."""

    topics: dict[str, str] = attrs.Factory(dict)
    approvals: dict[str, str] = attrs.Factory(dict)
    requirement_kinds: dict[str, RequirementKindPlugin] = attrs.Factory(dict)
    cycle_kinds: dict[str, CycleKindPlugin] = attrs.Factory(dict)
    rule_paths: list[Path] = attrs.Factory(list)
    renderers: list[Any] = attrs.Factory(list)


class _Invalid(Exception):
    """A plugin passed something ``register`` cannot accept."""


def _collect(
    loaded: LoadedPlugins,
    hook: str,
    make_register: Callable[[_Staged], Callable[..., None]],
    staged: dict[str, _Staged],
    failed: set[str],
    failures: list[PluginFailure],
) -> None:
    for impl in getattr(loaded.manager.hook, hook).get_hookimpls():
        name = loaded.manager.get_name(impl.plugin) or repr(impl.plugin)
        if name in failed:
            continue
        stage = staged.setdefault(name, _Staged())
        try:
            impl.function(register=make_register(stage))
        except Exception as exc:  # noqa: BLE001 - isolate the plugin, keep the others
            failed.add(name)
            failures.append(PluginFailure(name, f"{hook} failed: {_describe(exc)}"))


def _vocabulary_register(stage: _Staged) -> Callable[..., None]:
    def register(*, topics: Mapping[str, str] | None = None, approvals: Mapping[str, str] | None = None) -> None:
        for target, words in ((stage.topics, topics), (stage.approvals, approvals)):
            if words is not None and not isinstance(words, Mapping):
                raise _Invalid(f"topics and approvals must map ids to descriptions, got {words!r}")
            for word, description in (words or {}).items():
                if not isinstance(word, str) or not WORD_PATTERN.match(word) or not isinstance(description, str):
                    raise _Invalid(f"vocabulary entries must be lower-case ids with a text description, got {word!r}")
                target.setdefault(word, description)

    return register


def _kind_register(attribute: str, protocol: type) -> Callable[[_Staged], Callable[[Any], None]]:
    def make(stage: _Staged) -> Callable[[Any], None]:
        def register(kind: Any) -> None:
            name = getattr(kind, "name", None)
            if not isinstance(kind, protocol) or not isinstance(name, str) or not WORD_PATTERN.match(name):
                raise _Invalid(f"register() needs a {protocol.__name__} with a lower-case `name`, got {kind!r}")
            getattr(stage, attribute)[name] = kind

        return register

    return make


def _rules_register(stage: _Staged) -> Callable[[Any], None]:
    def register(path: Any) -> None:
        """Take a str or any os.PathLike (a Path, a PurePath, an importlib resource's own path type),
        since plugin authors reach their package's folder in all of these ways; bytes are refused."""
        location = os.fspath(path) if isinstance(path, str | os.PathLike) else None
        if not isinstance(location, str):
            raise _Invalid(f"register() needs the path of a rules directory or file, got {path!r}")
        stage.rule_paths.append(Path(location))

    return register


def _renderer_register(stage: _Staged) -> Callable[[Any], None]:
    def register(renderer: Any) -> None:
        """Checked by shape here (the protocol is ``formats.renderers.OutputRenderer``), again when the
        table is built."""
        name = getattr(renderer, "name", None)
        methods = (getattr(renderer, method, None) for method in ("can_render", "render"))
        if not isinstance(name, str) or not WORD_PATTERN.match(name) or not all(map(callable, methods)):
            raise _Invalid(f"register() needs an OutputRenderer with a lower-case `name`, got {renderer!r}")
        stage.renderers.append(renderer)

    return register


def load_registry(
    rules_dirs: Iterable[Path] = (), *, entry_points: bool = True, plugins: Iterable[tuple[str, object]] = ()
) -> Registry:
    """Load every plugin and freeze what they registered; ``rules_dirs`` are authors' unpackaged rules."""
    loaded = get_plugin_manager(entry_points=entry_points, plugins=plugins)
    failures = list(loaded.failures)
    failed: set[str] = set()
    staged: dict[str, _Staged] = {}
    _collect(loaded, "register_vocabulary", _vocabulary_register, staged, failed, failures)
    _collect(
        loaded,
        "register_requirement_kinds",
        _kind_register("requirement_kinds", RequirementKindPlugin),
        staged,
        failed,
        failures,
    )
    _collect(loaded, "register_cycle_kinds", _kind_register("cycle_kinds", CycleKindPlugin), staged, failed, failures)
    _collect(loaded, "register_rulesets", _rules_register, staged, failed, failures)
    _collect(loaded, "register_output_renderers", _renderer_register, staged, failed, failures)

    good = {name: stage for name, stage in staged.items() if name not in failed}
    origins: dict[str, str] = {}
    topics: dict[str, str] = {}
    approvals: dict[str, str] = {}
    word_origins: dict[str, str] = {}
    requirement_kinds: dict[str, RequirementKindPlugin] = {}
    cycle_kinds: dict[str, CycleKindPlugin] = {}
    order = sorted(good, key=lambda n: (n != BUILTIN, n))
    for name in order:
        stage = good[name]
        for word, text in stage.topics.items():
            topics.setdefault(word, text)
            word_origins.setdefault(f"topic:{word}", name)
        for word, text in stage.approvals.items():
            approvals.setdefault(word, text)
            word_origins.setdefault(f"approval:{word}", name)
        kind_sources: tuple[tuple[Mapping[str, Any], frozenset[str], dict[str, Any], str], ...] = (
            (stage.requirement_kinds, CORE_REQUIREMENT_KINDS, requirement_kinds, "requirement kind"),
            (stage.cycle_kinds, CORE_CYCLE_KINDS, cycle_kinds, "cycle kind"),
        )
        for kinds, core, target, label in kind_sources:
            for kind_name, kind in kinds.items():
                key = f"{label}:{kind_name}"
                if kind_name in core:
                    raise PluginConflictError(f"plugin {name!r} registers the {label} {kind_name!r}, a core kind")
                if key in origins:
                    raise PluginConflictError(
                        f"the {label} {kind_name!r} is supplied twice: by plugin {origins[key]!r} and by {name!r}"
                    )
                origins[key] = name
                target[kind_name] = kind
    language = Language(
        vocabulary=Vocabulary(topics=MappingProxyType(topics), approvals=MappingProxyType(approvals)),
        requirement_kinds=MappingProxyType(requirement_kinds),
        cycle_kinds=MappingProxyType(cycle_kinds),
    )
    rulesets: dict[str, Mapping[str, RuleSet]] = {}  # each id, with the mapping that holds it
    registered: dict[str, list[str]] = {name: [] for name in loaded.versions}
    for name in order:
        try:
            found = _load_rule_paths(good[name].rule_paths, language, bundled=name == BUILTIN)
        except RuleSetError as exc:
            failures.append(PluginFailure(name, f"rule files cannot be loaded:\n{exc}"))
            failed.add(name)
            continue
        _merge_rulesets(found, name, rulesets, origins)
    warnings: list[str] = []
    for directory in rules_dirs:
        parsed: Mapping[str, RuleSet] = load_path(Path(directory), language=language)
        if not parsed:
            warnings.append(
                f"--rules-dir {directory} holds no rule files "
                "(expected <authority>/<credential>.toml, an authority folder, or one rule file)"
            )
        _merge_rulesets(dict.fromkeys(parsed, parsed), f"--rules-dir {directory}", rulesets, origins)
    for key, name in origins.items():
        registered.setdefault(name, []).append(key)
    renderers = tuple((name, renderer) for name in order if name not in failed for renderer in good[name].renderers)
    for name, renderer in renderers:
        registered.setdefault(name, []).append(f"output:{renderer.name}")
    infos = tuple(
        PluginInfo(
            name=name,
            version=loaded.versions.get(name),
            hooks=_implemented_hooks(loaded.manager, loaded.manager.get_plugin(name)),
            registered=tuple(sorted(registered.get(name, []))),
        )
        for name in sorted(registered, key=lambda n: (n != BUILTIN, n))
        if name in loaded.versions and name not in failed
    )
    return Registry(
        rulesets=RuleSetTable(dict(sorted(rulesets.items()))),
        language=language,
        origins=MappingProxyType(origins),
        plugins=infos,
        failures=tuple(failures),
        word_origins=MappingProxyType(word_origins),
        warnings=tuple(warnings),
        renderers=renderers,
    )


def _load_rule_paths(
    paths: Iterable[Path], language: Language, *, bundled: bool = False
) -> dict[str, Mapping[str, RuleSet]]:
    """Each rule set id the paths hold, with the mapping that holds it: the bundled rules' loads each rule
    set when it is first asked for, so nothing here reads one."""
    found: dict[str, Mapping[str, RuleSet]] = {}
    for path in paths:
        loaded: Mapping[str, RuleSet]
        if bundled and path == bundled_rules_dir():
            loaded = load_bundled(path, language)
        else:
            loaded = load_path(path, language=language)
        for ruleset_id in loaded:
            if ruleset_id in found:
                raise RuleSetError(None, [Problem("", f"rule set {ruleset_id!r} appears twice under {path}")])
            found[ruleset_id] = loaded
    return found


def _merge_rulesets(
    found: Mapping[str, Mapping[str, RuleSet]],
    source: str,
    into: dict[str, Mapping[str, RuleSet]],
    origins: dict[str, str],
) -> None:
    for ruleset_id, holder in found.items():
        key = f"ruleset:{ruleset_id}"
        if key in origins:
            raise PluginConflictError(
                f"rule set {ruleset_id!r} is supplied twice: by {origins[key]!r} and by {source!r}"
            )
        origins[key] = source
        into[ruleset_id] = holder


class RuleSetTable(Mapping[str, RuleSet]):
    """Every installed rule set by id, in id order, read-only; each is taken from the mapping that
    holds it only when asked for (the bundled rules unpickle one at a time: see ``plugins.bundled``).
    Pickled, it becomes the plain dict of every rule set."""

    def __init__(self, holders: dict[str, Mapping[str, RuleSet]]) -> None:
        self._holders = holders

    def __getitem__(self, ruleset_id: str) -> RuleSet:
        return self._holders[ruleset_id][ruleset_id]

    def __contains__(self, ruleset_id: object) -> bool:
        return ruleset_id in self._holders

    def __iter__(self) -> Iterator[str]:
        return iter(self._holders)

    def __len__(self) -> int:
        return len(self._holders)

    def __repr__(self) -> str:
        return f"RuleSetTable({len(self)} rule sets)"

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.items()),))


def report_failures(registry: Registry, echo: Callable[[str], None] = lambda s: print(s, file=sys.stderr)) -> None:
    """Tell the person about plugins that did not load, every time, so a broken one is never silent."""
    for failure in registry.failures:
        echo(f"licensetrack: plugin {failure.plugin!r} was not loaded: {failure.error}")
    for warning in registry.warnings:
        echo(f"licensetrack: {warning}")
