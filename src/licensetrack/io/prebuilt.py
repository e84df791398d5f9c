"""The bundled rule sets prebuilt when the wheel is built, so a command does not parse 100+ TOML files.

Parsing and validating every bundled rule file is most of what ``check`` spends before it does any
work (docs/performance.md). The wheel's build hook (``hatch_build.py``) loads the bundled ``rules/``
exactly as a command would, and stores the loaded rule sets next to the package's modules in
``rules.prebuilt``: a header line naming what it was built from, then a pickle. A command uses that
file only when the header matches the rule files it would otherwise parse, byte for byte, and the
code and libraries that define the classes; anything else (a checkout, an editable install, an
edited rule file, another attrs) parses the TOML as before, so the file can be stale but never wrong.

Why a pickle is acceptable here, and nowhere else: docs/security.md, "Prebuilt rule sets". In short,
the file is read only from inside the installed package, never from a rules folder a plugin, an
option or the current directory names, so whoever can change it can already change the code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import attr

from licensetrack import __version__
from licensetrack.core.rules import RuleSet

FORMAT = "licensetrack-prebuilt-1"
FILE_NAME = "rules.prebuilt"
CASE_SUFFIX = ".cases.toml"  # worked cases sit beside the rules but are never loaded by a command
_ATTRS_MAKE = Path(attr.__file__).with_name("_make.py")


def prebuilt_path() -> Path:
    """Where the wheel puts the prebuilt file: inside the package, beside its modules."""
    return Path(__file__).resolve().parents[1] / FILE_NAME


def source_files(root: Path) -> list[Path]:
    """Every file loading ``root`` can read: rule files and board files (worked cases are not read)."""
    found: list[Path] = []
    for folder, _, names in os.walk(root):
        found.extend(Path(folder) / name for name in names if name.endswith(".toml") and not name.endswith(CASE_SUFFIX))
    return sorted(found)


def fingerprint(root: Path) -> str:
    """What a prebuilt file must have been built from: the rule files' names and bytes, and the code
    that pickles and unpickles the classes (this package's version, the Python's, and the attrs module
    that writes their ``__getstate__``/``__setstate__``, by its bytes: ``attrs.__version__`` would
    import ``importlib.metadata``, the very cost this module exists to avoid)."""
    digest = hashlib.sha256()
    for part in (FORMAT, __version__, f"{sys.version_info[0]}.{sys.version_info[1]}"):
        digest.update(part.encode() + b"\0")
    digest.update(_ATTRS_MAKE.read_bytes())
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        data = path.read_bytes()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _header(built_from: str) -> bytes:
    return f"{FORMAT} {built_from}\n".encode()


def write_prebuilt(target: Path, rulesets: Mapping[str, RuleSet], built_from: str) -> None:
    """Store ``rulesets``, loaded from rule files of fingerprint ``built_from``, in ``target`` atomically."""
    payload = _header(built_from) + pickle.dumps(dict(rulesets), protocol=pickle.HIGHEST_PROTOCOL)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_prebuilt(source: Path, built_from: str) -> dict[str, RuleSet] | None:
    """The rule sets in ``source`` if it was built from rule files of fingerprint ``built_from`` (the
    files as they are now), else ``None``: parse instead.

    Never raises for a missing, stale, truncated or foreign file: the caller parses the TOML, which
    is always right, only slower.
    """
    try:
        data = source.read_bytes()
    except OSError:
        return None
    expected = _header(built_from)
    if not data.startswith(expected):
        return None
    try:
        loaded = pickle.loads(data[len(expected) :])  # the module docstring says why this is safe
    except Exception:  # noqa: BLE001 - a damaged file means parse instead
        return None
    if not isinstance(loaded, dict) or not all(
        isinstance(key, str) and isinstance(value, RuleSet) and value.id == key for key, value in loaded.items()
    ):
        return None
    return loaded
