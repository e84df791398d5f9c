"""The docs' generated parts: every command's ``--help`` exactly as printed at 80 columns
(docs/cli.md), and the table of shipped rule sets (README.md).

A doc keeps its prose; each generated part sits between markers, so it cannot drift from the
code (tests/test_cli_doc.py checks both files). A command with no block of its own (one added later)
is put in the catch-all block. Regenerate after changing a command, its options or the bundled rules::

    python -m licensetrack.cli.doc            # rewrites docs/cli.md and README.md in place
    python -m licensetrack.cli.doc --check    # exit 1 when either is out of date
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
RULE_SETS = "shipped rule sets"
DEFAULT_FILES = ("docs/cli.md", "README.md")
PROFESSION_HEADINGS = {  # a column per core.professions.PROFESSIONS, in its order
    "psychology": "Psychology",
    "counseling": "Counseling",
    "social-work": "Social work",
    "marriage-family-therapy": "Marriage and family therapy",
}
STATE_NAMES = {
    "al": "Alabama", "ak": "Alaska", "az": "Arizona", "ar": "Arkansas", "ca": "California", "co": "Colorado",
    "ct": "Connecticut", "de": "Delaware", "dc": "District of Columbia", "fl": "Florida", "ga": "Georgia",
    "hi": "Hawaii", "id": "Idaho", "il": "Illinois", "in": "Indiana", "ia": "Iowa", "ks": "Kansas",
    "ky": "Kentucky", "la": "Louisiana", "me": "Maine", "md": "Maryland", "ma": "Massachusetts",
    "mi": "Michigan", "mn": "Minnesota", "ms": "Mississippi", "mo": "Missouri", "mt": "Montana",
    "ne": "Nebraska", "nv": "Nevada", "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico",
    "ny": "New York", "nc": "North Carolina", "nd": "North Dakota", "oh": "Ohio", "ok": "Oklahoma",
    "or": "Oregon", "pa": "Pennsylvania", "ri": "Rhode Island", "sc": "South Carolina", "sd": "South Dakota",
    "tn": "Tennessee", "tx": "Texas", "ut": "Utah", "vt": "Vermont", "va": "Virginia", "wa": "Washington",
    "wv": "West Virginia", "wi": "Wisconsin", "wy": "Wyoming",
}  # fmt: skip
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


def rule_set_table() -> str:
    """The bundled rule sets as a Markdown table: one row per state (then national bodies), one
    column per profession, so a reader finds their licence without reading ids."""
    from licensetrack.core.professions import PROFESSIONS, state_of
    from licensetrack.plugins.registry import load_registry

    rows: dict[str, dict[str, list[str]]] = {}
    for ruleset_id, ruleset in load_registry(entry_points=False).rulesets.items():
        state = state_of(ruleset_id)
        where = f"{STATE_NAMES[state]} (`us-{state}`)" if state else f"{ruleset.authority} (national)"
        rows.setdefault(where, {}).setdefault(ruleset.profession or "", []).append(f"`{ruleset_id}`")
    national = sorted(w for w in rows if w.endswith("(national)"))
    lines = [
        "| Where | " + " | ".join(PROFESSION_HEADINGS[p] for p in PROFESSIONS) + " |",
        "|---" * (1 + len(PROFESSIONS)) + "|",
    ]
    for where in [*sorted(w for w in rows if w not in national), *national]:
        cells = [", ".join(sorted(rows[where].get(p, []))) for p in PROFESSIONS]
        lines.append(f"| {where} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def generate(doc: str) -> str:
    """``doc`` with every generated block filled from the command tree or the bundled rules; the
    prose is left alone."""
    from licensetrack.cli.main import main

    paths = {_label(p): p for p in command_paths(main)}
    commands = {match["what"] for match in _BLOCK.finditer(doc)} - {RULE_SETS}
    own = commands - {OTHERS}
    unknown = sorted(own - set(paths))
    if unknown:
        raise DocError(f"docs name commands that do not exist: {', '.join(unknown)}")
    if commands and OTHERS not in commands:
        raise DocError(f"no `<!-- generated: {OTHERS} -->` block for commands without one of their own")

    def fill(match: re.Match[str]) -> str:
        what = match["what"]
        if what == RULE_SETS:
            body = rule_set_table()
        elif what != OTHERS:
            body = _fence(paths[what])
        else:
            rest = [label for label in paths if label not in own]
            body = "".join(f"### {label.removesuffix(' --help')}\n\n{_fence(paths[label])}\n" for label in rest)
        return match.group(1) + body + match.group(4)

    return _BLOCK.sub(fill, doc)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    files = [a for a in args if a != "--check"] or list(DEFAULT_FILES)
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
