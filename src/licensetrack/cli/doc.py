"""docs/cli.md's generated parts: every command's ``--help``, exactly as printed at 80 columns.

The doc keeps its prose; each command's help sits between markers, so it cannot drift from the
code (tests/test_cli_doc.py checks it). A command with no block of its own (one added later) is
put in the catch-all block. Regenerate after changing a command or its options::

    python -m licensetrack.cli.doc            # rewrites docs/cli.md in place
    python -m licensetrack.cli.doc --check    # exit 1 when docs/cli.md is out of date
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner

PROGRAM = "licensetrack"
COLUMNS = 80
OTHERS = "every other command"
_BLOCK = re.compile(r"(<!-- generated: (?P<what>[^>]+?) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.DOTALL)


class DocError(Exception):
    """The doc's markers do not fit the command tree (a block names a command that does not exist)."""


def command_paths(group: click.Command, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand, as the words typed after the program name, in --help order."""
    yield prefix
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            yield from command_paths(group.commands[name], (*prefix, name))


def help_text(path: tuple[str, ...]) -> str:
    """What ``licensetrack PATH --help`` prints on an 80-column terminal."""
    from licensetrack.cli.main import main

    result = CliRunner(env={"COLUMNS": str(COLUMNS)}).invoke(main, [*path, "--help"], prog_name=PROGRAM)
    if result.exit_code != 0:
        raise DocError(f"{PROGRAM} {' '.join(path)} --help exited {result.exit_code}: {result.output}")
    return result.output


def _fence(path: tuple[str, ...]) -> str:
    return "```text\n" + help_text(path) + "```\n"


def _label(path: tuple[str, ...]) -> str:
    return " ".join((PROGRAM, *path, "--help"))


def generate(doc: str) -> str:
    """``doc`` with every generated block filled from the command tree; the prose is left alone."""
    from licensetrack.cli.main import main

    paths = {_label(p): p for p in command_paths(main)}
    own = {match["what"] for match in _BLOCK.finditer(doc)} - {OTHERS}
    unknown = sorted(own - set(paths))
    if unknown:
        raise DocError(f"docs name commands that do not exist: {', '.join(unknown)}")
    if OTHERS not in {match["what"] for match in _BLOCK.finditer(doc)}:
        raise DocError(f"no `<!-- generated: {OTHERS} -->` block for commands without one of their own")

    def fill(match: re.Match[str]) -> str:
        what = match["what"]
        if what != OTHERS:
            body = _fence(paths[what])
        else:
            rest = [label for label in paths if label not in own]
            body = "".join(f"### {label.removesuffix(' --help')}\n\n{_fence(paths[label])}\n" for label in rest)
        return match.group(1) + body + match.group(4)

    return _BLOCK.sub(fill, doc)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    files = [a for a in args if a != "--check"] or ["docs/cli.md"]
    stale = 0
    for name in files:
        path = Path(name)
        before = path.read_text(encoding="utf-8")
        after = generate(before)
        if after == before:
            continue
        if check:
            stale += 1
            print(f"{path}: out of date; run python -m licensetrack.cli.doc", file=sys.stderr)
        else:
            from licensetrack.io.files import atomic_write

            atomic_write(path, after.encode("utf-8"))
            print(f"wrote {path}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
