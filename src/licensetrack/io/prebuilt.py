"""The bundled rule sets prebuilt when the wheel is built, so a command does not parse 200+ TOML files.

Parsing and validating every bundled rule file is most of what ``check`` spent before it did any
work (docs/performance.md). The wheel's build hook (``hatch_build.py``) loads the bundled ``rules/``
exactly as a command would, and stores them next to the package's modules in ``rules.prebuilt``: a
header line naming the code that pickled them, a line giving the index's length, the index (a pickle:
the digest of every rule and board file, and for each rule set where its pickle lies in the file, that
pickle's digest and the files it was read from), then each rule set pickled by itself.

A command reads the index only (a few KB of a file of several MB) and checks that the files beside it
are the same files by name; each rule set is read and unpickled only when it is asked for, and only
after the files it depends on (its own file and its folder's board files) are checked byte for byte
against their digests, and its pickle against its own. So start-up
costs what the profile uses, not what the project ships (it grows by a few dozen rule sets a wave),
and an edited file is parsed instead, never served stale. Anything else (a checkout, an editable
install, an added or removed rule file, another attrs) parses the TOML as before.

Why a pickle is acceptable here, and nowhere else: docs/security.md, "Prebuilt rule sets". In short,
the file is read only from inside the installed package, never from a rules folder a plugin, an
option or the current directory names, so whoever can change it can already change the code.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import attr

from licensetrack import __version__
from licensetrack.core.rules import RuleSet

FORMAT = "licensetrack-prebuilt-3"
FILE_NAME = "rules.prebuilt"
CASE_SUFFIX = ".cases.toml"  # worked cases sit beside the rules but are never loaded by a command
BOARD_PREFIX = "_"
_ATTRS_MAKE = Path(attr.__file__).with_name("_make.py")

try:  # the C module hashlib takes BLAKE2 from, without hashlib's start-up of OpenSSL (5-10 ms on every command)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the module
    from hashlib import blake2b


def prebuilt_path() -> Path:
    """Where the wheel puts the prebuilt file: inside the package, beside its modules."""
    return Path(__file__).resolve().parents[1] / FILE_NAME


def source_files(root: Path) -> list[str]:
    """Every file loading ``root`` can read, as ``/``-separated paths relative to it, sorted: rule files and
    board files (worked cases are not read). Strings, not ``Path`` objects: every command lists these
    (300+ files), and building paths for them cost more than the listing itself."""
    top = os.fspath(root)
    found: list[str] = []
    for folder, _, names in os.walk(top):
        prefix = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found.extend(prefix + name for name in names if name.endswith(".toml") and not name.endswith(CASE_SUFFIX))
    return sorted(found)


def code_fingerprint() -> str:
    """The code that pickles and unpickles the classes: this package's version, the Python's, and the
    attrs module that writes their ``__getstate__``/``__setstate__``, by its bytes (``attrs.__version__``
    would import ``importlib.metadata``, the very cost this module exists to avoid)."""
    digest = blake2b()
    for part in (FORMAT, __version__, f"{sys.version_info[0]}.{sys.version_info[1]}"):
        digest.update(part.encode() + b"\0")
    digest.update(_ATTRS_MAKE.read_bytes())
    return digest.hexdigest()


def file_digest(path: Path) -> str | None:
    """The BLAKE2b digest of a file's bytes; None when it cannot be read."""
    try:
        return blake2b(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _ruleset_id(relative: str) -> str | None:
    """The id a rule file at ``<authority>/<credential>.toml`` holds; None for a board file or another depth.
    (String operations: this runs for every bundled file on every command.)"""
    authority, slash, name = relative.partition("/")
    if not slash or not authority or not name or "/" in name or name.startswith(BOARD_PREFIX):
        return None
    return f"{authority}-{name.removesuffix('.toml')}"


def _depends(relative_files: list[str], ruleset_id: str) -> tuple[str, ...]:
    """The files a rule set is read from: its own file and every board file of its folder (any may be
    taken with ``use``); none for an id no file holds (such an entry is never served)."""
    own = next((rel for rel in relative_files if _ruleset_id(rel) == ruleset_id), None)
    if own is None:
        return ()
    folder = PurePosixPath(own).parent
    boards = [
        rel
        for rel in relative_files
        if PurePosixPath(rel).parent == folder and PurePosixPath(rel).name.startswith(BOARD_PREFIX)
    ]
    return (own, *boards)


def _header() -> bytes:
    return f"{FORMAT} {code_fingerprint()}\n".encode()


# Where a rule set's pickle lies after the index (offset, length), its digest, and the files it was read from.
Place = tuple[int, int, str, tuple[str, ...]]


def write_prebuilt(target: Path, rulesets: Mapping[str, RuleSet], root: Path) -> None:
    """Store ``rulesets``, loaded from the rule files under ``root`` as they are now, in ``target`` atomically."""
    files = source_files(root)
    pickles = {
        ruleset_id: pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL) for ruleset_id, ruleset in rulesets.items()
    }
    places: dict[str, Place] = {}
    offset = 0
    for ruleset_id, data in pickles.items():
        places[ruleset_id] = (offset, len(data), blake2b(data).hexdigest(), _depends(files, ruleset_id))
        offset += len(data)
    index = pickle.dumps(
        {"files": {rel: file_digest(root / rel) for rel in files}, "rulesets": places}, protocol=pickle.HIGHEST_PROTOCOL
    )
    payload = b"".join([_header(), b"%d\n" % len(index), index, *pickles.values()])
    from licensetrack.io.files import atomic_write  # only the wheel's build writes the file

    atomic_write(target, payload)


class Prebuilt:
    """An opened prebuilt file whose files match the rules folder by name: each rule set is read and
    unpickled when asked for, once the bytes of the files it was read from, and its own, are checked."""

    def __init__(self, source: Path, start: int, root: Path, digests: dict[str, str], places: dict[str, Place]) -> None:
        self.source = source
        self.root = root
        self._start = start  # where the pickles begin in ``source``
        self._digests = digests
        self._places = places
        self._checked: dict[str, bool] = {}

    @property
    def ids(self) -> list[str]:
        return sorted(self._places)

    def load(self, ruleset_id: str) -> RuleSet | None:
        """The rule set as built, or None when a file it was read from changed since (parse it instead)
        or its entry is damaged; never raises."""
        offset, length, digest, depends = self._places[ruleset_id]
        if not all(self._unchanged(rel) for rel in depends):
            return None
        try:
            with open(self.source, "rb") as handle:
                handle.seek(self._start + offset)
                data = handle.read(length)
        except OSError:
            return None
        if blake2b(data).hexdigest() != digest:  # the file was replaced or damaged since its index was read
            return None
        try:
            ruleset = pickle.loads(data)  # the module docstring says why this is safe
        except Exception:  # noqa: BLE001 - a damaged entry means parse instead
            return None
        return ruleset if isinstance(ruleset, RuleSet) and ruleset.id == ruleset_id else None

    def load_all(self) -> dict[str, RuleSet] | None:
        """Every rule set, or None when any one would have to be parsed (for the build's and tests' checks)."""
        loaded = {ruleset_id: self.load(ruleset_id) for ruleset_id in self.ids}
        return {key: value for key, value in loaded.items() if value is not None} if all(loaded.values()) else None

    def _unchanged(self, relative: str) -> bool:
        known = self._checked.get(relative)
        if known is None:
            known = self._checked[relative] = file_digest(self.root / relative) == self._digests.get(relative)
        return known


def read_prebuilt(source: Path, root: Path, files: list[str] | None = None) -> Prebuilt | None:
    """The prebuilt rule sets in ``source`` if they were built by this code from the rule files under
    ``root`` (the same files by name, one rule set per rule file), else ``None``: parse instead.

    Reads the header and the index only. Never raises for a missing, foreign, truncated or damaged
    file: the caller parses the TOML, which is always right, only slower. Each file's bytes are checked
    when a rule set read from it is asked for (:meth:`Prebuilt.load`). ``files``: :func:`source_files`
    of ``root``, when the caller has it.
    """
    try:
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            header = handle.readline()
            if header != _header():
                return None
            stated = handle.readline()
            length = int(stated) if stated.endswith(b"\n") and stated[:-1].isdigit() else -1
            if length < 0:
                return None
            index_data = handle.read(length)
            start = handle.tell()
    except OSError:
        return None
    if len(index_data) != length:
        return None
    try:
        index = pickle.loads(index_data)  # the module docstring says why this is safe
    except Exception:  # noqa: BLE001 - a damaged file means parse instead
        return None
    digests, places = _index_parts(index)
    if digests is None or places is None or start + sum(place[1] for place in places.values()) != size:
        return None  # truncated, or bytes appended: not the file the index describes
    files = source_files(root) if files is None else files
    if set(files) != set(digests) or set(places) != {i for rel in files if (i := _ruleset_id(rel)) is not None}:
        return None
    return Prebuilt(source, start, root, digests, places)


def _index_parts(index: Any) -> tuple[dict[str, str] | None, dict[str, Place] | None]:
    """The index's file digests and rule set places, each None unless it has exactly the expected shape
    (the places laid end to end from the start of the pickles, in the order written)."""
    if not isinstance(index, dict):
        return None, None
    digests, places = index.get("files"), index.get("rulesets")
    if not isinstance(digests, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in digests.items()):
        digests = None
    if not isinstance(places, dict) or not all(
        isinstance(key, str) and _is_place(value) for key, value in places.items()
    ):
        return digests, None
    offset = 0
    for place in places.values():
        if place[0] != offset:
            return digests, None
        offset += place[1]
    return digests, places


def _is_place(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and type(value[0]) is int
        and type(value[1]) is int
        and value[0] >= 0
        and value[1] >= 0
        and isinstance(value[2], str)
        and isinstance(value[3], tuple)
        and all(isinstance(rel, str) for rel in value[3])
    )
