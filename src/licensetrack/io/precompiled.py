"""The byte code of the methods attrs and cattrs generate, compiled when the wheel is built.

attrs writes each class's ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__`` as Python source and
compiles it when the class is defined; cattrs does the same for each structuring and unstructuring
function the first time it is needed. For licensetrack's hundred-odd frozen classes that compiling was
about a fifth of every command's start-up (issue #21, docs/performance.md), paid again on every run
because, unlike a module, generated source has no ``__pycache__``. This module is that cache.

When the wheel is built, ``hatch_build.py`` imports every module, reads the bundled rules and runs the
main commands on the examples, and :func:`write_precompiled` stores everything the two generators
compiled meanwhile in ``methods.precompiled``, in the package. At run time :func:`install` (called by
the package's ``__init__``, before any class is defined) puts a :class:`CachedCompile` in place of
``compile`` in each generator's module, as soon as that module is imported; it returns the stored code
object for a source it has and compiles anything else as before. The result is the same code:

- an entry is found by the whole source text and the file name the generator gives it, and was
  compiled with the future flags of the generator's module, as ``compile`` called from there is;
- attrs writes one value into ``__hash__`` that differs between processes: the hash of the class's
  name, salted by ``PYTHONHASHSEED``. It is a placeholder in the key, and the build stores that
  function compiled with a value of each sign and of 16 to 19 digits (all but about 1 in 10,000
  hashes; the length moves the column positions the code records); a process takes the one of its
  value's sign and length and puts its value in (:func:`served_code`), or compiles when none fits.
  Tests compare entries so served with compiling their source, for any value;
- the file's first line names the Python that compiled it (``sys.version``, the bytecode's format);
  with another Python, or a missing or damaged file, everything is compiled as before, never an error.

Why reading marshalled code from here is safe: docs/security.md ("Precompiled methods"); it is what
Python's own ``.pyc`` files are, read from the same folder. ``LICENSETRACK_PRECOMPILED=off`` turns it off.
"""

from __future__ import annotations
import __future__

import builtins
import marshal
import os
import sys
from types import CodeType, ModuleType
from typing import Any

FORMAT = "licensetrack-precompiled-1"
FILE_NAME = "methods.precompiled"
ENVIRONMENT = "LICENSETRACK_PRECOMPILED"
TYPE_HASH = "{type_hash}"  # never in a generated source: braces cannot be part of a Python name
_ATTRS_FILE = "<attrs generated "
# The modules whose compile() makes every attrs class's methods and every cattrs (un)structuring function.
GENERATORS = ("attr._make", "cattrs.gen")
# The lengths of type hash the build compiles for: a str hash is a 64-bit int (with a 32-bit one, none fit),
# of 19 digits for 9 in 10 values, 18 for 1 in 10, 16 or 17 for 1 in 1,000; a shorter one, about 1 in 10,000,
# means that class is compiled as before.
_DIGITS = range(16, 20)

Key = tuple[str, str]  # (source, file name); in attrs's sources the type hash is TYPE_HASH
# For each sign and number of digits a type hash can have: which of the code's constants is the function
# that holds it, that function compiled with a type hash of that sign and length, and the hash it holds.
Variants = dict[tuple[bool, int], tuple[int, CodeType, int]]
Entry = tuple[CodeType, Variants]
Compiled = tuple[CodeType, int, int | None]  # what compile gave, with which flags, and the type hash taken out


def precompiled_path() -> str:
    """Where the wheel puts the file: inside the package, beside its modules (and ``rules.prebuilt``)."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), FILE_NAME)


def header() -> bytes:
    """The first line of the file: the format and the Python whose bytecode it holds."""
    return f"{FORMAT} {sys.version!r}\n".encode()


class Store:
    """The stored entries, read when first asked for, and what was compiled because it was not stored."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._entries: dict[Key, Entry] | None = None
        self.compiled: dict[Key, Compiled] = {}  # what the build writes (every source, when building)
        self.served = 0

    @property
    def entries(self) -> dict[Key, Entry]:
        if self._entries is None:
            self._entries = read(self.path)
        return self._entries


def read(path: str) -> dict[Key, Entry]:
    """The entries of the file at ``path``; empty when it is missing, from another Python, or damaged."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    first = header()
    if not data.startswith(first):
        return {}
    try:
        entries = marshal.loads(data[len(first) :])  # what a .pyc holds; the module docstring says why it is safe
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if _well_formed(entries) else {}


def _well_formed(entries: Any) -> bool:
    return isinstance(entries, dict) and all(
        isinstance(key, tuple)
        and len(key) == 2
        and all(isinstance(part, str) for part in key)
        and isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], CodeType)
        and isinstance(value[1], dict)
        and all(_well_formed_variant(variant, value[0]) for variant in value[1].values())
        for key, value in entries.items()
    )


def _well_formed_variant(variant: Any, code: CodeType) -> bool:
    return (
        isinstance(variant, tuple)
        and len(variant) == 3
        and type(variant[0]) is int
        and 0 <= variant[0] < len(code.co_consts)
        and isinstance(variant[1], CodeType)
        and type(variant[2]) is int
    )


def write_precompiled(target: os.PathLike[str]) -> int:
    """Store what this process compiled (:data:`STORE`) in ``target``, atomically; the number of entries.
    For the wheel's build, in a process that imported licensetrack for the first time just before."""
    from pathlib import Path

    from licensetrack.io.files import atomic_write

    atomic_write(Path(target), dumps(STORE.compiled))
    return len(STORE.compiled)


def dumps(compiled: dict[Key, Compiled]) -> bytes:
    """The file's bytes for what was compiled (the build writes them atomically); the same input, the
    same bytes."""
    entries = {
        key: (code, variants(key, flags) if type_hash is not None else {})
        for key, (code, flags, type_hash) in sorted(compiled.items())
    }
    return header() + marshal.dumps(entries)


def variants(key: Key, flags: int) -> Variants:
    """The function holding the type hash, compiled from ``key``'s source with a hash of each sign and
    length in its place (none where the hash is not held by exactly one function, once)."""
    source, filename = key
    found: Variants = {}
    for negative in (False, True):
        for digits in _DIGITS:
            stand_in = -(10 ** (digits - 1)) if negative else 10 ** (digits - 1)
            code = builtins.compile(source.replace(TYPE_HASH, str(stand_in)), filename, "exec", flags, True)
            holders = [i for i, constant in enumerate(code.co_consts) if _occurrences(constant, stand_in)]
            if len(holders) == 1 and _occurrences(code.co_consts[holders[0]], stand_in) == 1:
                found[negative, digits] = (holders[0], code.co_consts[holders[0]], stand_in)
    return found


def served_code(entry: Entry, type_hash: int | None) -> CodeType | None:
    """The stored code with ``type_hash`` in it, or None when no variant fits it (compile instead)."""
    code, stored = entry
    if type_hash is None:
        return code if not stored else None
    variant = stored.get((type_hash < 0, len(str(abs(type_hash)))))
    if variant is None:
        return None
    index, holder, stand_in = variant
    constants = list(code.co_consts)
    constants[index] = _swap_constant(holder, stand_in, type_hash)
    return code.replace(co_consts=tuple(constants))


def _occurrences(constant: object, value: int) -> int:
    if type(constant) is int:
        return int(constant == value)
    if isinstance(constant, CodeType):
        return sum(_occurrences(inner, value) for inner in constant.co_consts)
    if type(constant) is tuple:
        return sum(_occurrences(inner, value) for inner in constant)
    return 0


def _swap_constant(code: CodeType, old: int, new: int) -> CodeType:
    return code.replace(co_consts=tuple(_swapped(constant, old, new) for constant in code.co_consts))


def _swapped(constant: object, old: int, new: int) -> object:
    if type(constant) is int and constant == old:
        return new
    if isinstance(constant, CodeType):
        return _swap_constant(constant, old, new)
    if type(constant) is tuple:  # hash((type_hash,)) of a class hashing no field is folded into one constant
        return tuple(_swapped(item, old, new) for item in constant)
    return constant


def future_flags(module: ModuleType) -> int:
    """The compiler flags ``compile`` called from ``module``'s code inherits: its ``__future__`` imports."""
    imported = [
        value
        for name, value in vars(module).items()
        if name in __future__.all_feature_names and value is getattr(__future__, name)
    ]
    return int(sum(feature.compiler_flag for feature in imported))


def key_of(source: str, filename: str) -> tuple[Key, int | None]:
    """The entry's key for a generated source, and the type hash taken out of it (None if none)."""
    if filename.startswith(_ATTRS_FILE):
        # attrs's __hash__ starts from hash() of the class's "<attrs generated hash module.Class>" name
        type_hash = hash(_ATTRS_FILE + "hash " + filename.rsplit(" ", 1)[-1])
        text = str(type_hash)
        if text in source:
            return (source.replace(text, TYPE_HASH), filename), type_hash
    return (source, filename), None


class CachedCompile:
    """Stands for ``compile`` in a code generator's module: the stored code for a source the store has,
    else ``compile`` itself with the flags that module's code would pass."""

    def __init__(self, module: ModuleType, store: Store) -> None:
        self.flags = future_flags(module)
        self.store = store

    def __call__(
        self,
        source: Any,
        filename: Any,
        mode: str,
        flags: int = 0,
        dont_inherit: bool = False,
        optimize: int = -1,
    ) -> Any:
        inherited = flags if dont_inherit else flags | self.flags
        if not (isinstance(source, str) and isinstance(filename, str) and mode == "exec" and optimize == -1):
            return builtins.compile(source, filename, mode, inherited, True, optimize)
        key, type_hash = key_of(source, filename)
        entry = self.store.entries.get(key) if inherited == self.flags else None
        code = served_code(entry, type_hash) if entry is not None else None
        if code is not None:
            self.store.served += 1
            return code
        code = builtins.compile(source, filename, mode, inherited, True)
        self.store.compiled[key] = (code, inherited, type_hash)
        return code


STORE = Store(precompiled_path())


def cover(module: ModuleType) -> None:
    """Serve ``module``'s ``compile`` calls from the store (once; a no-op when turned off)."""
    if os.environ.get(ENVIRONMENT) == "off" or isinstance(vars(module).get("compile"), CachedCompile):
        return
    module.compile = CachedCompile(module, STORE)  # type: ignore[attr-defined]


def install() -> None:
    """Cover the generators' modules: each now if it is imported, else the moment it is (``--help`` and
    ``import licensetrack`` import neither attrs nor cattrs, and must not start to)."""
    if os.environ.get(ENVIRONMENT) == "off":
        return
    waiting = []
    for name in GENERATORS:
        module = sys.modules.get(name)
        if module is not None:
            cover(module)
        else:
            waiting.append(name)
    if waiting and not any(isinstance(finder, _CoverOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _CoverOnImport(waiting))


class _CoverOnImport:
    """A finder that finds nothing itself: asked for a generator's module, it lets the finders after it
    find the module, and has the module covered as soon as it has run (Python has no hook after an
    import; this is the way PEP 451 gives to act on one). It leaves ``sys.meta_path`` when both are."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in self.names:
            return None
        self.names.remove(name)
        if not self.names:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None) if finder is not self else None
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        run = getattr(loader, "exec_module", None)
        if run is None:
            return spec

        def exec_module(module: ModuleType) -> None:
            loader.exec_module = run  # used once: a loader can serve other modules too (a zip file's does)
            run(module)
            if module.__name__ == name:
                cover(module)

        loader.exec_module = exec_module
        return spec
