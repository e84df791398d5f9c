"""Reading and writing files safely: decoding with a clear error, and atomic replacement.

Kept apart from the formats so that every reader reports undecodable bytes the same way and every
writer gets the same guarantee: the old file stays intact until the new one is complete on disk.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from licensetrack.errors import InputError

# A profile or rule file this large is a mistake or an attack; refusing it early keeps memory bounded.
MAX_FILE_BYTES = 64 * 1024 * 1024
NEW_FILE_MODE = 0o644


def read_text(path: Path, error: type[InputError] = InputError) -> str:
    """The file's text, decoded as UTF-8 (a leading byte-order mark is allowed)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise error.single(str(path), "", f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise error.single(str(path), "", "no such file") from None
    except IsADirectoryError:
        raise error.single(str(path), "", "is a directory, not a file") from None
    except OSError as exc:
        raise error.single(str(path), "", f"cannot be read: {exc.strerror or exc}") from None
    return decode(data, str(path), error)


def decode(data: bytes, source: str, error: type[InputError] = InputError) -> str:
    """Decode UTF-8 text, naming the byte offset of the first bad byte when it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error.single(
            source,
            "",
            f"is not UTF-8 text (bad byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8",
        ) from None


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash at any point leaves the old file or the new one."""
    with _replacing(path, "wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """A text file to write in pieces that replaces ``path`` only once complete (as ``atomic_write``)."""
    with _replacing(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


@contextlib.contextmanager
def _replacing(path: Path, mode: str, **options: Any) -> Iterator[Any]:
    """A temporary file beside ``path`` that becomes ``path`` when the block ends without error.

    The content is flushed and fsynced, the file renamed over the target (atomic on POSIX and
    Windows), and the directory fsynced so the rename itself survives a power cut. On any failure the
    temporary file is removed and the old file is left as it was.
    """
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        try:
            handle = os.fdopen(fd, mode, **options)
        except BaseException:
            os.close(fd)
            raise
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # Keep an existing file's permissions; a new file gets the usual rw-r--r--, not mkstemp's rw-------.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else NEW_FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
