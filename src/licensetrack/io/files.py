"""Reading and writing files safely: decoding with a clear error, and atomic replacement.

Kept apart from the formats so that every reader reports undecodable bytes the same way and every
writer gets the same guarantee: the old file stays intact until the new one is complete on disk.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, ParamSpec, TextIO, TypeVar, cast

from licensetrack.core.errors import InputError, WriteError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# A profile or rule file this large is a mistake or an attack; refusing it early keeps memory bounded.
MAX_FILE_BYTES = 64 * 1024 * 1024
NEW_FILE_MODE = 0o644

P = ParamSpec("P")
R = TypeVar("R")


def read_text(path: Path, error: type[InputError] = InputError) -> str:
    """The file's text, decoded as UTF-8 (a leading byte-order mark is allowed)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise error.single(str(path), "", f"file is too large ({size} bytes; the limit is {MAX_FILE_BYTES})")
        # A device or a pipe has no size to check first (/dev/zero never ends): read one byte past the limit.
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise error.single(str(path), "", f"file is too large (more than {MAX_FILE_BYTES} bytes)")
    except FileNotFoundError:
        raise error.single(str(path), "", "no such file") from None
    except IsADirectoryError:
        raise error.single(str(path), "", "is a directory, not a file") from None
    except OSError as exc:
        raise error.single(str(path), "", f"cannot be read: {os_reason(path, exc, missing='no such file')}") from None
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


def parse_toml(text: str, source: str | None, error: type[InputError] = InputError) -> dict[str, Any]:
    """Parse TOML text, or raise ``error`` naming the source and where the syntax breaks."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error.single(source, "", f"is not valid TOML: {exc}") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash at any point leaves the old file or the new one."""
    with _replacing(path, text=False) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """A text file to write in pieces that replaces ``path`` only once complete (as ``atomic_write``)."""
    with _replacing(path, text=True) as handle:
        yield cast(TextIO, handle)


def check_writable(path: Path) -> None:
    """Raise the WriteError that writing ``path`` would raise for its place alone (no folder, a file
    in the way, a folder at the path), so that a command can say so before asking or computing anything.
    The writer checks again; this only makes the answer come early."""
    if path.is_dir():
        raise WriteError(str(path), "it is a directory, not a file")
    folder = _folder(path)
    if not folder.is_dir():
        code = errno.ENOTDIR if _file_in_the_way(path) else errno.ENOENT
        raise write_error(path, OSError(code, os.strerror(code)))


def make_directory(path: Path) -> None:
    """Create the folder ``path`` (and its parents) unless it exists, failing as the writer does."""
    if path.exists() and not path.is_dir():
        raise WriteError(str(path), "it is a file, not a directory")
    _guarded(path, path.mkdir, parents=True, exist_ok=True)


def write_error(path: Path, exc: OSError) -> WriteError:
    """The one-line WriteError for an OS error met while writing ``path``, naming the cause."""
    return WriteError(str(path), os_reason(path, exc, missing=f"the directory {_folder(path)} does not exist"))


def os_reason(path: Path, exc: OSError, *, missing: str) -> str:
    """Why the operating system refused ``path``, in words: which file is in the way, or its own reason."""
    if exc.errno == errno.ENOENT:
        return missing
    if exc.errno == errno.ENOTDIR:
        blocker = _file_in_the_way(path)
        if blocker is not None:
            return f"{blocker} is a file, not a directory"
    if exc.errno == errno.EISDIR:
        return "it is a directory, not a file"
    return strerror(exc)


def strerror(exc: OSError) -> str:
    """The operating system's reason, as the middle of a sentence: ``no space left on device``."""
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]


def _file_in_the_way(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that is in fact something else (a file), if any."""
    for ancestor in reversed(path.parents):
        if ancestor.exists() and not ancestor.is_dir():
            return ancestor
    return None


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _guarded(path: Path, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call ``function``; an OSError becomes the WriteError for ``path``."""
    try:
        return function(*args, **kwargs)
    except OSError as exc:
        raise write_error(path, exc) from None


class _ReportingFile(io.RawIOBase):
    """A file descriptor whose write and close failures (a full disk, a lost device) are WriteErrors
    naming the target. Only the output's own failures are translated: an OSError raised by the caller's
    work between writes (reading an input, say) passes through unchanged."""

    def __init__(self, raw: BinaryIO, target: Path) -> None:
        super().__init__()
        self._raw = raw
        self._target = target

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._raw.fileno()

    def write(self, data: ReadableBuffer) -> int:
        return _guarded(self._target, self._raw.write, data)

    def close(self) -> None:
        if not self.closed:
            try:
                _guarded(self._target, self._raw.close)
            finally:
                super().close()


def _open_output(fd: int, target: Path, text: bool) -> IO[Any]:
    """A buffered (binary or UTF-8 text) file over ``fd`` that reports its failures as WriteErrors."""
    try:
        raw = os.fdopen(fd, "wb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    buffered = io.BufferedWriter(_ReportingFile(raw, target))
    return io.TextIOWrapper(buffered, encoding="utf-8", newline="") if text else buffered


@contextlib.contextmanager
def _replacing(path: Path, *, text: bool) -> Iterator[IO[Any]]:
    """A temporary file beside ``path`` that becomes ``path`` when the block ends without error.

    The content is flushed and fsynced, the file renamed over the target (atomic on POSIX and
    Windows), and the directory fsynced so the rename itself survives a power cut. On any failure the
    temporary file is removed and the old file is left as it was; a failure of the file system (no
    folder, no permission, no space) is a WriteError naming ``path`` and the cause.

    A symbolic link is followed, so the file it points to is replaced and the link kept. A target that
    exists but is not a regular file (a device such as /dev/stdout, a named pipe) is written in place:
    it cannot be replaced, and replacing it (as root) would destroy it.
    """
    check_writable(path)
    if path.exists() and not path.is_file():
        with _guarded(path, _open_output, _guarded(path, os.open, path, os.O_WRONLY), path, text) as handle:
            yield handle
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = _folder(target)
    import tempfile  # here, not at the top: most commands write nothing (tempfile pulls in shutil, bz2, lzma)

    fd, temporary = _guarded(path, tempfile.mkstemp, prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with _guarded(path, _open_output, fd, path, text) as handle:
            yield handle
            handle.flush()
            _guarded(path, os.fsync, handle.fileno())
        _guarded(path, os.chmod, temporary, _guarded(path, _mode_for, target))
        _guarded(path, os.replace, temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual rw-r--r--, not mkstemp's rw-------."""
    return target.stat().st_mode & 0o777 if target.exists() else NEW_FILE_MODE


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
