"""No traceback, ever, on a write: every command that writes a file, pointed at every bad place.

The commands and their outputs are read from the click command tree itself: an output is a parameter
of type ``cliutil.OutputPath``. A new command fails ``test_every_command_is_listed`` until it is given
an invocation here; a new path parameter fails ``test_every_path_parameter_is_an_output_or_an_input``
until it is made an output (and so covered below) or listed as an input.

We run as root, so a read-only folder and a full disk are simulated at the operating system's
boundary (``os.open`` refusing to create, or handing out /dev/full, whose writes fail with ENOSPC).
"""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.cli.options import OutputPath
from licensetrack.core.errors import WriteError
from licensetrack.io import files as fileio
from licensetrack.io.profiles import dumps_json, read_profile

ROOT = Path(__file__).parent.parent
EXAMPLE = str(ROOT / "examples" / "dana-rivera.toml")
RULE_FILE = str(ROOT / "rules" / "us-ca" / "lmft.toml")
AS_OF = ["--as-of", "2026-01-15"]

# How to run each command successfully; "{jsonl}" is an input made per test, "{profile}" (an output
# argument) is the place under test. Output options are added by the test.
INVOCATIONS: dict[tuple[str, ...], list[str]] = {
    ("check",): ["check", EXAMPLE, *AS_OF],
    ("plan",): ["plan", EXAMPLE, *AS_OF],
    ("deadlines",): ["deadlines", EXAMPLE, *AS_OF],
    ("eligibility",): ["eligibility", EXAMPLE, *AS_OF],
    ("ical",): ["ical", EXAMPLE, *AS_OF],
    ("report",): ["report", EXAMPLE, *AS_OF],
    ("audit",): ["audit", "{jsonl}", *AS_OF, "--format", "csv"],
    ("rules", "list"): ["rules", "list"],
    ("rules", "show"): ["rules", "show", "us-ca-lmft", *AS_OF],
    ("rules", "check"): ["rules", "check", RULE_FILE],
    ("init",): [
        "init",
        "{profile}",
        "--id",
        "p",
        "--force",
        "--credential",
        "id=l,ruleset=us-ca-lmft,issued=2014-01-09",
    ],
    ("add",): ["add", "{profile}", "--title", "Grief", "--completed", "2024-06-01", "--hours", "1.5"],
    ("validate",): ["validate", EXAMPLE],
    ("plugins",): ["plugins"],
    ("schema",): ["schema", "profile"],
    ("vocabulary",): ["vocabulary"],
}
# Path parameters that are only read.
INPUTS = {
    ("check", "profile"),
    ("plan", "profile"),
    ("deadlines", "profile"),
    ("eligibility", "profile"),
    ("ical", "profile"),
    ("report", "profile"),
    ("validate", "profile"),
    ("audit", "source"),
    ("rules show", "profile"),
    ("rules check", "paths"),
}
INPUTS_EVERYWHERE = {"rules_dirs"}
# Outputs that are read first (add rewrites the profile): a place that cannot be read is the reader's error.
READ_FIRST = {("add", "profile")}

HAND_WRITTEN = """# Dana's profile, kept by hand
[practitioner]
id = "dana"

[[credentials]]
id = "lmft"
ruleset = "us-ca-lmft"
issued = 2014-01-09
"""


def leaf_commands(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from leaf_commands(sub, (*path, name))
    else:
        yield path, command


COMMANDS = dict(leaf_commands(main))
OUTPUTS = [
    (path, param)
    for path, command in COMMANDS.items()
    for param in command.params
    if isinstance(param.type, OutputPath)
]


def output_id(output: tuple[tuple[str, ...], click.Parameter]) -> str:
    path, param = output
    return f"{' '.join(path)}:{param.name}"


def test_every_command_is_listed() -> None:
    assert set(COMMANDS) == set(INVOCATIONS)


def test_every_path_parameter_is_an_output_or_an_input() -> None:
    unlisted = [
        (" ".join(path), param.name)
        for path, command in COMMANDS.items()
        for param in command.params
        if isinstance(param.type, (click.Path, click.File))
        and not isinstance(param.type, OutputPath)
        and param.name not in INPUTS_EVERYWHERE
        and (" ".join(path), param.name) not in INPUTS
    ]
    assert unlisted == []
    # A new output is covered by the tests below as it is; these are the ones known to exist.
    assert {output_id(o) for o in OUTPUTS} >= {"ical:output", "audit:output", "init:profile", "add:profile"}


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``: what a failed write must leave as it was."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def invocation(path: tuple[str, ...], param: click.Parameter, place: Path, jsonl: Path) -> list[str]:
    args = [a.replace("{jsonl}", str(jsonl)) for a in INVOCATIONS[path]]
    if isinstance(param, click.Argument):
        assert f"{{{param.name}}}" in args, f"the invocation of {path} needs a {{{param.name}}} slot"
        return [a.replace(f"{{{param.name}}}", str(place)) for a in args]
    return [*args, param.opts[0], str(place)]


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    source = tmp_path / "in" / "staff.jsonl"
    source.parent.mkdir()
    source.write_text(dumps_json(read_profile(EXAMPLE), indent=None) + "\n", encoding="utf-8")
    return source


def seed(path: tuple[str, ...], param: click.Parameter, place: Path) -> None:
    """An old file at the place, which a failed write must leave byte for byte."""
    read_first = (" ".join(path), param.name) in READ_FIRST
    place.write_text(HAND_WRITTEN if read_first else "old content\n", encoding="utf-8")


def refuse_creating(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """The folder is read-only (EROFS) or not ours (EACCES): creating a file in it fails."""
    real_open = os.open

    def fake_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(file).parent == folder:
            raise OSError(code, os.strerror(code), str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def fill_disk(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Files can be created in the folder, but every byte written to them fails with ENOSPC."""
    real_open = os.open

    def fake_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(file).parent == folder:
            os.close(real_open(file, flags, *args, **kwargs))
            return real_open("/dev/full", os.O_WRONLY)
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def fail_step(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, fail)


PLACES = [
    "missing folder",
    "file as folder",
    "directory",
    "read-only folder",
    "folder not ours",
    "full disk",
    "full device",
    "fsync fails",
    "chmod fails",
    "rename fails",
]


def prepare(scenario: str, out: Path, monkeypatch: pytest.MonkeyPatch, old: Path) -> tuple[Path, str, str | None]:
    """The bad place, the writer's reason, and the reader's whole message for an output read first."""
    if scenario == "missing folder":
        place = out / "missing" / "x.toml"
        return place, f"the directory {place.parent} does not exist", f"{place}: no such file"
    if scenario == "file as folder":
        (out / "blocker").write_text("in the way\n")
        place = out / "blocker" / "x.toml"
        reason = f"{out / 'blocker'} is a file, not a directory"
        return place, reason, f"{place}: cannot be read: {reason}"
    if scenario == "directory":
        (out / "folder").mkdir()
        (out / "folder" / "keep.txt").write_text("kept\n")
        return out / "folder", "it is a directory, not a file", f"{out / 'folder'}: is a directory, not a file"
    if scenario == "full device":
        return Path("/dev/full"), "no space left on device", None
    steps: dict[str, tuple[int, Callable[[], None]]] = {
        "read-only folder": (errno.EROFS, lambda: refuse_creating(monkeypatch, out, errno.EROFS)),
        "folder not ours": (errno.EACCES, lambda: refuse_creating(monkeypatch, out, errno.EACCES)),
        "full disk": (errno.ENOSPC, lambda: fill_disk(monkeypatch, out)),
        "fsync fails": (errno.EIO, lambda: fail_step(monkeypatch, "fsync", errno.EIO)),
        "chmod fails": (errno.EPERM, lambda: fail_step(monkeypatch, "chmod", errno.EPERM)),
        "rename fails": (errno.EXDEV, lambda: fail_step(monkeypatch, "replace", errno.EXDEV)),
    }
    code, arrange = steps[scenario]
    arrange()
    reason = os.strerror(code)
    return old, reason[:1].lower() + reason[1:], None


def is_read_first(output: tuple[tuple[str, ...], click.Parameter]) -> bool:
    return (" ".join(output[0]), output[1].name) in READ_FIRST


# Every output at every bad place, but a device is no profile to add to (/dev/full reads as endless zeros).
BAD_PLACES = [
    pytest.param(output, scenario, id=f"{output_id(output)}-{scenario}")
    for output in OUTPUTS
    for scenario in PLACES
    if not (is_read_first(output) and scenario == "full device")
]


@pytest.mark.parametrize(("output", "scenario"), BAD_PLACES)
def test_a_bad_place_is_one_line_exit_2_and_leaves_everything_as_it_was(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jsonl: Path,
    output: tuple[tuple[str, ...], click.Parameter],
    scenario: str,
) -> None:
    path, param = output
    read_first = is_read_first(output)
    out = tmp_path / "out"
    out.mkdir()
    old = out / "x.toml"
    seed(path, param, old)
    place, reason, read_message = prepare(scenario, out, monkeypatch, old)
    before = snapshot(tmp_path)
    args = invocation(path, param, place, jsonl)
    result = CliRunner().invoke(main, args)
    monkeypatch.undo()
    expected = read_message if read_first and read_message else f"cannot write {place}: {reason}"
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"licensetrack: {expected}\n", "")
    assert isinstance(result.exception, SystemExit)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("output", OUTPUTS, ids=output_id)
def test_a_good_place_is_written(tmp_path: Path, jsonl: Path, output: tuple[tuple[str, ...], click.Parameter]) -> None:
    """The same invocations succeed at a good place, so the failures above are the place's alone."""
    path, param = output
    place = tmp_path / "x.toml"
    seed(path, param, place)
    result = CliRunner().invoke(main, invocation(path, param, place, jsonl))
    assert result.exit_code == 0, result.stderr
    assert place.read_bytes() not in (b"", b"old content\n", HAND_WRITTEN.encode())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "x.toml"]


@pytest.mark.parametrize(
    "path", [p for p, c in COMMANDS.items() if not any(isinstance(x.type, OutputPath) for x in c.params)], ids=" ".join
)
def test_commands_without_an_output_write_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jsonl: Path, path: tuple[str, ...]
) -> None:
    """A command with no output option opens nothing for writing (else it needs an OutputPath)."""
    writes: list[str] = []
    real_os_open, real_io_open = os.open, io.open

    def watched_os_open(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            writes.append(str(file))
        return real_os_open(file, flags, *args, **kwargs)

    def watched_io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if set(mode) & set("wax+"):
            writes.append(str(file))
        return real_io_open(file, mode, *args, **kwargs)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "open", watched_os_open)
    monkeypatch.setattr(io, "open", watched_io_open)
    monkeypatch.setattr("builtins.open", watched_io_open)
    args = [a.replace("{jsonl}", str(jsonl)) for a in INVOCATIONS[path]]
    result = CliRunner().invoke(main, args)
    monkeypatch.undo()
    assert result.exit_code in (0, 1), result.stderr
    assert writes == []


def test_an_os_error_of_the_callers_own_work_is_not_called_a_write_error(tmp_path: Path) -> None:
    """Only the output's failures become WriteErrors: reading an input inside the block stays an OSError."""
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def write_while_reading() -> None:
        with fileio.atomic_text(target) as handle:
            handle.write("new\n")
            (tmp_path / "no-such-input").read_bytes()

    with pytest.raises(FileNotFoundError):
        write_while_reading()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert target.read_text() == "old\n"


def test_a_symbolic_link_is_kept_and_its_file_replaced(tmp_path: Path) -> None:
    (tmp_path / "real.toml").write_text("old\n")
    (tmp_path / "link.toml").symlink_to("real.toml")
    fileio.atomic_write(tmp_path / "link.toml", b"new\n")
    assert (tmp_path / "link.toml").is_symlink()
    assert (tmp_path / "real.toml").read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.toml", "real.toml"]


def test_a_named_pipe_is_written_in_place(tmp_path: Path) -> None:
    """A device or pipe (-o /dev/stdout) is written to, not replaced by a regular file."""
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    fileio.atomic_write(pipe, b"through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert pipe.is_fifo()


class _FillingFile(io.FileIO):
    """A file on a disk with ``room`` bytes left: the write that would exceed it fails with ENOSPC."""

    room = 0

    def write(self, data: Any) -> int:
        if len(data) > type(self).room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        type(self).room -= len(data)
        return super().write(data)


def _write_all(target: Path, chunks: list[str]) -> None:
    with fileio.atomic_text(target) as handle:
        for chunk in chunks:
            handle.write(chunk)


@given(chunks=st.lists(st.text(max_size=3000), max_size=8), room=st.integers(0, 20_000))
def test_a_disk_filling_at_any_byte_leaves_the_old_file_or_the_new(chunks: list[str], room: int) -> None:
    import re
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.jsonl"
        target.write_text("old\n")
        new = "".join(chunks).encode("utf-8")
        _FillingFile.room = room
        real_fdopen = os.fdopen
        os.fdopen = lambda fd, *_a, **_k: _FillingFile(fd, "wb")  # type: ignore[assignment]
        try:
            if len(new) > room:
                message = f"cannot write {target}: no space left on device"
                with pytest.raises(WriteError, match=f"^{re.escape(message)}$"):
                    _write_all(target, chunks)
                assert target.read_text() == "old\n"
            else:
                _write_all(target, chunks)
                assert target.read_bytes() == new
        finally:
            os.fdopen = real_fdopen
        assert sorted(p.name for p in Path(folder).iterdir()) == ["out.jsonl"]


def test_init_says_the_folder_is_missing_before_asking_anything(tmp_path: Path) -> None:
    place = tmp_path / "new" / "me.toml"
    result = CliRunner().invoke(main, ["init", str(place)], input="")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"licensetrack: cannot write {place}: the directory {place.parent} does not exist\n"


# Commands whose invocation above prints nothing on standard output (their messages go to stderr).
QUIET = {("init",), ("add",)}


@pytest.mark.parametrize("path", list(COMMANDS), ids=" ".join)
def test_a_full_disk_behind_standard_output_is_one_line_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    jsonl: Path,
    path: tuple[str, ...],
) -> None:
    """``licensetrack check me.toml > out.txt`` on a full disk: standard output is /dev/full."""
    profile = tmp_path / "me.toml"
    profile.write_text(HAND_WRITTEN, encoding="utf-8")
    args = [a.replace("{jsonl}", str(jsonl)).replace("{profile}", str(profile)) for a in INVOCATIONS[path]]
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr("sys.stdout", full)
        with pytest.raises(SystemExit) as stopped:
            main.main(args, prog_name="licensetrack")
        monkeypatch.undo()
    err = capsys.readouterr().err
    if path in QUIET:
        assert stopped.value.code == 0, err
    else:
        assert (stopped.value.code, err) == (2, "licensetrack: cannot write standard output: no space left on device\n")


def test_a_full_disk_behind_standard_output_in_a_real_process() -> None:
    """The exit status is 2, with no "Exception ignored" when Python flushes standard output at exit."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "licensetrack", "check", EXAMPLE, *AS_OF],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (done.returncode, done.stderr) == (
        2,
        "licensetrack: cannot write standard output: no space left on device\n",
    )


def test_a_profile_that_never_ends_is_refused_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """/dev/zero has no size to check first; reading stops one byte past the limit (smaller here)."""
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 1_000_000)
    result = CliRunner().invoke(main, ["check", "/dev/zero"])
    assert (result.exit_code, result.stderr) == (
        2,
        "licensetrack: /dev/zero: file is too large (more than 1000000 bytes)\n",
    )


@pytest.mark.parametrize(
    ("where", "reason"),
    [("blocker/bundle", "{tmp}/blocker is a file, not a directory"), ("blocker", "it is a file, not a directory")],
)
def test_a_csv_bundle_in_a_bad_place_is_a_write_error(tmp_path: Path, where: str, reason: str) -> None:
    from licensetrack.io.batch import write_csv_bundle

    (tmp_path / "blocker").write_text("in the way\n")
    folder = tmp_path / where
    with pytest.raises(WriteError) as raised:
        write_csv_bundle([read_profile(EXAMPLE)], folder)
    assert str(raised.value) == f"cannot write {folder}: {reason.format(tmp=tmp_path)}"
    assert snapshot(tmp_path) == {"blocker": b"in the way\n"}
