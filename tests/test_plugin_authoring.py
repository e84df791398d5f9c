"""What a plugin author writes by the guide works: rules registered by any kind of path, the test kit's
``rules_root`` given as a str, and the case-file format documented key for key."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePath
from types import SimpleNamespace
from typing import Any

import attrs
import pytest

from licensetrack.plugins.hookspecs import hookimpl
from licensetrack.plugins.registry import load_registry
from licensetrack.testing import RuleSetContract
from licensetrack.testing.cases import Case, CaseFile, Expectation, ExpectedRequirement, check_case, read_cases
from tests.rulekit import CITE

RULE = f"""
id = "us-zz-author"
title = "Author test"
authority = "Test"
verified_on = 2026-01-01
[[cycle]]
effective = 2000-01-01
kind = "fixed"
months = 24
start = "01-01"
anchor_year = 2000
{CITE}
[[requirements]]
id = "total"
kind = "total"
title = "Total"
[[requirements.versions]]
effective = 2000-01-01
{CITE}
hours = 20
"""


class OwnPathLike:
    """An os.PathLike that is not a pathlib path, as a plugin's own resource helper might return."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


def write_rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules" / "us-zz" / "author.toml"
    path.parent.mkdir(parents=True)
    path.write_text(RULE, encoding="utf-8")
    return tmp_path / "rules"


def registering(location: Any) -> object:
    return SimpleNamespace(register_rulesets=hookimpl(lambda register: register(location)))


@pytest.mark.parametrize("as_given", [str, Path, PurePath, OwnPathLike], ids=["str", "Path", "PurePath", "PathLike"])
def test_register_accepts_a_rules_directory_as_str_or_any_path_like(tmp_path: Path, as_given: Any) -> None:
    root = write_rules(tmp_path)
    registry = load_registry(entry_points=False, plugins=[("author", registering(as_given(root)))])
    assert registry.failures == ()
    assert registry.origins["ruleset:us-zz-author"] == "author"


def test_register_accepts_one_rule_file_as_a_path_like(tmp_path: Path) -> None:
    file = write_rules(tmp_path) / "us-zz" / "author.toml"
    registry = load_registry(entry_points=False, plugins=[("author", registering(OwnPathLike(file)))])
    assert registry.failures == ()
    assert "us-zz-author" in registry.rulesets


@pytest.mark.parametrize("not_a_path", [42, b"/rules", None], ids=["int", "bytes", "None"])
def test_register_refuses_what_is_not_a_path_naming_it(not_a_path: object) -> None:
    registry = load_registry(entry_points=False, plugins=[("author", registering(not_a_path))])
    assert [(f.plugin, f.error) for f in registry.failures] == [
        (
            "author",
            "register_rulesets failed: _Invalid: register() needs the path of a rules directory or file, "
            f"got {not_a_path!r}",
        )
    ]


def test_the_kits_rules_root_may_be_a_str(tmp_path: Path) -> None:
    root = write_rules(tmp_path)

    class Contract(RuleSetContract):
        ruleset_ids = ("us-zz-author",)
        rules_root = os.fspath(root)  # what docs/plugins.md showed, and crashed on

    Contract().test_rule_files_load_strictly(load_registry([root]))


CASE_DOC = Path(__file__).parent.parent / "docs" / "case-files.md"
# Each documented table of a case file, and the attrs class the loader structures it into.
CASE_TABLES = {
    "[[cases]]": Case,
    "[cases.expect]": Expectation,
    "[cases.expect.requirements.<id>]": ExpectedRequirement,
}


def documented_keys() -> dict[str, list[str]]:
    """Per ``## `<table>` `` section of docs/case-files.md, the keys its table's first column names."""
    sections = re.split(r"^## ", CASE_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    tables = {}
    for section in sections:
        heading, _, body = section.partition("\n")
        if heading.startswith("`"):
            tables[heading.strip("`")] = re.findall(r"^\| `(\w+)` \|", body, re.MULTILINE)
    return tables


def test_the_case_file_doc_names_exactly_the_keys_the_loader_accepts() -> None:
    assert attrs.fields_dict(CaseFile).keys() == {"cases"}  # a file is a list of cases and nothing else
    assert attrs.fields_dict(Case)["expect"].type in (Expectation, "Expectation")
    documented = documented_keys()
    assert documented.keys() == CASE_TABLES.keys()
    for table, cls in CASE_TABLES.items():
        assert documented[table] == [field.name for field in attrs.fields(cls)], table


def test_the_case_file_docs_example_gives_every_key_and_passes(tmp_path: Path) -> None:
    example = CASE_DOC.read_text(encoding="utf-8").split("## Example", 1)[1]
    block = re.search(r"^```toml\n(.*?)^```$", example, re.MULTILINE | re.DOTALL)
    assert block is not None
    path = tmp_path / "lmft.cases.toml"
    path.write_text(block.group(1), encoding="utf-8")
    (case,) = read_cases(path)
    unset = [f.name for f in attrs.fields(Expectation) if getattr(case.expect, f.name) in (None, (), {})]
    assert unset == []
    ((_, requirement),) = case.expect.requirements.items()
    assert set(requirement) == set(attrs.fields_dict(ExpectedRequirement))
    registry = load_registry()
    assert check_case(case, registry.rulesets, registry.vocabulary, str(path), kinds=registry.kinds) == []
