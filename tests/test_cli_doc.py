"""docs/cli.md shows every command's --help exactly, and every help says what the exit codes mean."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from licensetrack.cli import doc as clidoc
from licensetrack.cli.main import main

DOC = Path(__file__).parent.parent / "docs" / "cli.md"
PATHS = list(clidoc.command_paths(main))


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, [*path, "--help"], prog_name="licensetrack")
    assert result.exit_code == 0, result.output
    return result.output


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def test_the_tree_is_walked_whole() -> None:
    assert ("rules", "show") in PATHS
    assert () in PATHS
    assert {p[0] for p in PATHS if p} == set(main.commands)


def test_the_readme_table_of_rule_sets_is_up_to_date() -> None:
    readme = DOC.parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "<!-- generated: shipped rule sets -->" in text
    assert clidoc.generate(text) == text, "README.md is out of date: run python -m licensetrack.cli.doc"
    assert (
        "| Texas (`us-tx`) | `us-tx-psychologist` | `us-tx-lpc` | `us-tx-lcsw`, `us-tx-lmsw` | `us-tx-lmft` |" in text
    )


def test_the_doc_is_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert clidoc.generate(text) == text, "docs/cli.md is out of date: run python -m licensetrack.cli.doc"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "licensetrack")
def test_every_command_help_is_in_the_doc_exactly_once(path: tuple[str, ...]) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text.count("```text\n" + _help(path) + "```\n") == 1


@pytest.mark.parametrize("path", [p for p in PATHS if not isinstance(_command(p), click.Group)], ids=" ".join)
def test_every_command_help_states_its_exit_codes(path: tuple[str, ...]) -> None:
    text = " ".join(_help(path).split())
    assert re.search(r"\bExit (\d|2 if)", text), text
    assert "2 for" in text or "Exit 2" in text, text


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "licensetrack")
def test_no_option_is_shown_as_bare_text(path: tuple[str, ...]) -> None:
    """An option says what it takes (HOURS, ID, PREFIX), not TEXT or INTEGER."""
    assert not re.search(r"--[a-z-]+ (TEXT|INTEGER)\b", _help(path))


def test_a_command_without_a_section_goes_to_the_catch_all() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = "<!-- generated: licensetrack plugins --help -->\n"
    start = text.index(block)
    end = text.index("<!-- end generated -->", start) + len("<!-- end generated -->")
    without = text[:start] + text[end:]
    regenerated = clidoc.generate(without)
    others = regenerated[regenerated.index("<!-- generated: every other command -->") :]
    assert others.startswith("<!-- generated: every other command -->\n### licensetrack plugins\n\n```text\n")
    assert "```text\n" + _help(("plugins",)) + "```\n" in others


def test_a_block_for_a_command_that_does_not_exist_is_an_error() -> None:
    text = DOC.read_text(encoding="utf-8") + "\n<!-- generated: licensetrack nope --help -->\n<!-- end generated -->\n"
    with pytest.raises(clidoc.DocError, match="licensetrack nope --help"):
        clidoc.generate(text)


def test_the_regenerating_entry_point_checks_and_writes(tmp_path: Path) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text("# x\n<!-- generated: every other command -->\nold\n<!-- end generated -->\n", encoding="utf-8")
    assert clidoc.main(["--check", str(stale)]) == 1
    assert clidoc.main([str(stale)]) == 0
    assert clidoc.main(["--check", str(stale)]) == 0
    assert "### licensetrack check\n" in stale.read_text(encoding="utf-8")
