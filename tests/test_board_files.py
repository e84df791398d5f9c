"""Board files: entries several credentials of one board share, stated and cited once.

The worked example is the California Board of Behavioral Sciences: its four licences (LMFT, LCSW,
LPCC, LEP) accept the same approval agencies and share the same unit conversions, carry-forward rule,
exemptions and law-and-ethics requirement. The trees are written under ``tmp_path``; the bundled
``rules/`` files are not changed here.
"""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.errors import RuleSetError
from licensetrack.core.rules import RuleSet
from licensetrack.io.rulefiles import (
    SHARED_LISTS,
    Language,
    bundled_rules_dir,
    load_path,
    loads_ruleset,
    read_ruleset,
    rule_files,
    rule_files_at,
)
from licensetrack.plugins.registry import load_registry

CITE = 'citation = "16 CCR § 1887.3(c)"\nsource = "https://regulations.justia.com/states/california/"'

BBS_BOARD = f"""
title = "California Board of Behavioral Sciences"

[[eligibility]]
effective = 2023-07-01
approvals = ["apa", "aswb", "camft", "nasw", "nbcc"]
approval_exempt_formats = ["academic"]
citation = "16 CCR §§ 1887.4.1(a), 1887.4.3(a) (eff. 2023-07-01)"
source = "https://govt.westlaw.com/calregs/"

[[conversions]]
effective = 2020-01-01
format = "academic"
per_semester_unit = 15
per_quarter_unit = 10
citation = "16 CCR § 1887.3 (crediting of specified activities)"
source = "https://aspirace.com/ca-bbs-ce-requirements/"
verified = false
note = "From a vendor; the regulation's text after subsection (c) was not read."

[[carry_forward]]
effective = 2020-01-01
allowed = false
citation = "BBS CE information brochure"
source = "https://documan.pro/pdf/continuing-education-information-brochure-177a4.pdf"

[[exemptions]]
effective = 2020-01-01
statuses = ["inactive", "retired"]
citation = "16 CCR § 1887.2(a)"
source = "https://regulations.justia.com/states/california/title-16/division-18/article-8/section-1887-2/"

[[requirements]]
id = "law-ethics"
kind = "topic"
title = "Law and ethics"

[[requirements.versions]]
effective = 2020-01-01
hours = 6
topics = ["law", "ethics"]
{CITE}
"""

# The parts of the BBS board file a credential's file takes, written out as the file would without it.
BBS_SHARED_INLINE = BBS_BOARD.split("\n[[requirements]]")[0].split("\n", 2)[2]
LAW_ETHICS_INLINE = "\n[[requirements]]" + BBS_BOARD.split("\n[[requirements]]")[1]


def credential_head(code: str, section: str) -> str:
    return f"""
id = "us-ca-{code}"
title = "California {code.upper()}"
authority = "California Board of Behavioral Sciences"
verified_on = 2026-11-25

[[cycle]]
effective = 2018-05-23
kind = "anniversary"
months = 24
month_end = true
citation = "Cal. Bus. & Prof. Code § {section}"
source = "https://leginfo.legislature.ca.gov/"
"""


TOTAL = """
[[requirements]]
id = "total"
kind = "total"
title = "Continuing education hours"

[[requirements.versions]]
effective = 2020-01-01
hours = 36
citation = "16 CCR § 1887.3(a)"
source = "https://regulations.justia.com/states/california/"
"""

USE_BBS = 'use = ["bbs.eligibility", "bbs.conversions", "bbs.carry_forward", "bbs.exemptions"]\n'
USE_LAW_ETHICS = '\n[[requirements]]\nuse = "bbs.law-ethics"\n'
BBS_SECTIONS = {"lmft": "4984(a)", "lcsw": "4996.6(a)", "lpcc": "4999.104", "lep": "4989.32"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def bbs_tree(root: Path, *, shared: bool) -> Path:
    """The four BBS files, taking the shared entries from ``_bbs.toml`` or with them written out."""
    folder = root / "us-ca"
    if shared:
        write(folder / "_bbs.toml", BBS_BOARD)
    for code, section in BBS_SECTIONS.items():
        head = credential_head(code, section)
        if shared:
            text = USE_BBS + head + TOTAL + USE_LAW_ETHICS
        else:
            text = head + BBS_SHARED_INLINE + TOTAL + LAW_ETHICS_INLINE
        write(folder / f"{code}.toml", text)
    return root


def load_error(path: Path) -> str:
    with pytest.raises(RuleSetError) as caught:
        load_path(path)
    return str(caught.value)


# The worked example ---------------------------------------------------------------------------------


def test_the_four_bbs_files_load_equal_whether_the_shared_entries_are_taken_or_written_out(tmp_path: Path) -> None:
    shared = load_path(bbs_tree(tmp_path / "shared", shared=True))
    inline = load_path(bbs_tree(tmp_path / "inline", shared=False))
    assert sorted(shared) == ["us-ca-lcsw", "us-ca-lep", "us-ca-lmft", "us-ca-lpcc"]
    assert shared == inline


def test_a_taken_entry_keeps_the_board_file_s_citation(tmp_path: Path) -> None:
    rulesets = load_path(bbs_tree(tmp_path, shared=True))
    lmft = rulesets["us-ca-lmft"]
    assert [e.citation for e in lmft.eligibility] == ["16 CCR §§ 1887.4.1(a), 1887.4.3(a) (eff. 2023-07-01)"]
    assert [(e.citation, e.verified) for e in lmft.conversions] == [
        ("16 CCR § 1887.3 (crediting of specified activities)", False)
    ]
    assert [r.id for r in lmft.requirements] == ["total", "law-ethics"]
    assert lmft.requirements[1].versions[0].citation == "16 CCR § 1887.3(c)"
    # The credential's own entries stay its own.
    assert [c.citation for c in lmft.cycle] == ["Cal. Bus. & Prof. Code § 4984(a)"]
    assert [c.citation for c in rulesets["us-ca-lcsw"].cycle] == ["Cal. Bus. & Prof. Code § 4996.6(a)"]


def test_a_requirement_taken_from_the_board_keeps_its_place_in_the_list(tmp_path: Path) -> None:
    folder = tmp_path / "us-ca"
    write(folder / "_bbs.toml", BBS_BOARD)
    write(folder / "lmft.toml", credential_head("lmft", "4984(a)") + USE_LAW_ETHICS + TOTAL)
    assert [r.id for r in load_path(folder)["us-ca-lmft"].requirements] == ["law-ethics", "total"]


def test_a_board_file_is_never_listed_as_a_rule_set(tmp_path: Path) -> None:
    root = bbs_tree(tmp_path, shared=True)
    names = ["lcsw.toml", "lep.toml", "lmft.toml", "lpcc.toml"]
    assert [p.name for p in rule_files(root)] == names
    assert [p.name for p, _ in rule_files_at(root)] == names
    assert [p.name for p, _ in rule_files_at(root / "us-ca")] == names
    with pytest.raises(RuleSetError) as caught:
        rule_files_at(root / "us-ca" / "_bbs.toml")
    assert str(caught.value) == (
        f"{root / 'us-ca' / '_bbs.toml'}: is a board file, not a rule set: give its folder, to check it with the"
        " files that use it"
    )


def test_a_single_file_given_alone_still_takes_from_its_folder_s_board_file(tmp_path: Path) -> None:
    root = bbs_tree(tmp_path, shared=True)
    assert load_path(root / "us-ca" / "lep.toml") == {"us-ca-lep": load_path(root)["us-ca-lep"]}
    text = (root / "us-ca" / "lep.toml").read_text(encoding="utf-8")
    path = root / "us-ca" / "lep.toml"
    assert loads_ruleset(text, source=str(path)) == read_ruleset(path, root=root)


# Every way rule files are given handles it the same way -------------------------------------------------


def zz_tree(root: Path, *, shared: bool = True) -> Path:
    """The BBS example under a test authority folder, so it does not clash with the bundled us-ca files."""
    bbs_tree(root, shared=shared)
    (root / "us-ca").rename(root / "us-zz")
    for path in (root / "us-zz").glob("[!_]*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace('"us-ca-', '"us-zz-'), encoding="utf-8")
    return root


def test_rules_dir_and_a_plugin_s_register_path_load_board_files(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from licensetrack.plugins.hookspecs import hookimpl

    root = zz_tree(tmp_path / "rules")
    expected = load_path(root)
    by_dir = load_registry([root], entry_points=False)
    plugin = SimpleNamespace(register_rulesets=hookimpl(lambda register: register(root / "us-zz")))
    by_plugin = load_registry(entry_points=False, plugins=[("bbs-demo", plugin)])
    for registry in (by_dir, by_plugin):
        # The board file is no rule set: only the four credentials come from the folder.
        assert {k: v for k, v in registry.rulesets.items() if k.startswith("us-zz")} == expected


def test_rules_check_reads_the_board_file_with_each_file_that_uses_it(tmp_path: Path) -> None:
    root = zz_tree(tmp_path / "rules")
    result = CliRunner().invoke(main, ["rules", "check", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"ok: {root / 'us-zz' / name}.toml (us-zz-{name}, 7 dated entries; 1 unverified)"
        for name in ("lcsw", "lep", "lmft", "lpcc")
    ]


def test_rules_check_reports_a_broken_board_file_no_file_uses(tmp_path: Path) -> None:
    root = zz_tree(tmp_path / "rules")
    text = f'title = "Unused"\n[[exemptions]]\neffective = 2020-01-01\nstatuses = ["retird"]\n{CITE}\n'
    board = write(root / "us-zz" / "_unused.toml", text)
    result = CliRunner().invoke(main, ["rules", "check", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{board}: exemptions[0] ("2020-01-01").statuses: item 0: must be one of active, inactive, retired, lapsed,'
        " reduced-practice, got 'retird' (did you mean \"retired\"?)",
        "1 of 5 rule files has problems",
    ]
    assert len(result.stdout.splitlines()) == 4


def test_rules_check_given_a_board_file_says_to_give_its_folder_and_checks_it(tmp_path: Path) -> None:
    root = zz_tree(tmp_path / "rules")
    board = root / "us-zz" / "_bbs.toml"
    result = CliRunner().invoke(main, ["rules", "check", str(board)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{board}: is a board file, not a rule set: give its folder, to check it with the files that use it",
        "1 of 1 rule file has problems",
    ]


def run_both(tmp_path: Path, *args: str) -> tuple[str, str]:
    """A command's output with the BBS rules taking the shared entries, and with them written out."""
    outputs = []
    for shared in (True, False):
        root = zz_tree(tmp_path / ("shared" if shared else "inline") / "rules", shared=shared)
        result = CliRunner().invoke(main, [*args, "--rules-dir", str(root)])
        assert result.exit_code in (0, 1), result.output
        outputs.append(result.stdout)
    return outputs[0], outputs[1]


def test_rules_show_cites_the_board_file_s_entries_as_if_written_in_the_file(tmp_path: Path) -> None:
    args = ["rules", "show", "us-zz-lmft", "--as-of", "2025-06-01", "--issued", "2019-05-10"]
    shared, inline = run_both(tmp_path, *args, "--format", "json")
    assert shared == inline
    shown = json.loads(shared)
    assert shown["eligibility"]["citation"] == "16 CCR §§ 1887.4.1(a), 1887.4.3(a) (eff. 2023-07-01)"
    assert [(r["id"], r["citation"]) for r in shown["requirements"]] == [
        ("total", "16 CCR § 1887.3(a)"),
        ("law-ethics", "16 CCR § 1887.3(c)"),
    ]
    shared, inline = run_both(tmp_path / "text", *args)
    assert shared == inline
    assert "      16 CCR § 1887.2(a) · since 2020-01-01\n" in shared


def test_check_reports_the_same_with_shared_or_written_out_entries(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "dana-rivera.toml"
    profile = write(tmp_path / "profile.toml", example.read_text(encoding="utf-8").replace('"us-ca-', '"us-zz-'))
    shared, inline = run_both(tmp_path, "check", str(profile), "--as-of", "2026-01-15", "--format", "json")
    assert shared == inline
    lmft = json.loads(shared)["credentials"][0]
    assert [(r["id"], r["citation"], r["met"]) for r in lmft["requirements"]] == [
        ("total", "16 CCR § 1887.3(a)", True),
        ("law-ethics", "16 CCR § 1887.3(c)", True),
    ]


# Strict: every mistake is one clear line naming the file and the key ---------------------------------


def one_file(tmp_path: Path, text: str, board: str | None = BBS_BOARD) -> Path:
    folder = tmp_path / "us-ca"
    if board is not None:
        write(folder / "_bbs.toml", board)
    return write(folder / "lmft.toml", text)


def test_an_unknown_board_name_is_an_error_with_a_close_match(tmp_path: Path) -> None:
    path = one_file(tmp_path, 'use = ["bsb.eligibility"]\n' + credential_head("lmft", "4984(a)") + TOTAL)
    assert load_error(path) == (
        f'{path}: use[0]: no board file _bsb.toml in us-ca/ (board files there: _bbs.toml) (did you mean "bbs"?)'
    )


def test_an_unknown_list_name_is_an_error_with_a_close_match(tmp_path: Path) -> None:
    path = one_file(tmp_path, 'use = ["bbs.eligibilty"]\n' + credential_head("lmft", "4984(a)") + TOTAL)
    assert load_error(path) == (
        f"{path}: use[0]: 'bbs.eligibilty': must name a shared list, one of {', '.join(SHARED_LISTS)}"
        ' (did you mean "eligibility"?)'
    )


def test_a_list_the_board_file_does_not_share_is_an_error(tmp_path: Path) -> None:
    path = one_file(tmp_path, 'use = ["bbs.record_retention"]\n' + credential_head("lmft", "4984(a)") + TOTAL)
    assert load_error(path) == (
        f"{path}: use[0]: _bbs.toml has no [[record_retention]] entries"
        " (it shares: eligibility, conversions, carry_forward, exemptions)"
    )


def test_requirements_are_taken_one_at_a_time(tmp_path: Path) -> None:
    path = one_file(tmp_path, 'use = ["bbs.requirements"]\n' + credential_head("lmft", "4984(a)") + TOTAL)
    assert load_error(path) == (
        f"{path}: use[0]: 'bbs.requirements': requirements are taken one at a time, at their place in the list:"
        ' a [[requirements]] table with only use = "bbs.<requirement id>"'
    )


def test_an_unknown_requirement_is_an_error_with_a_close_match(tmp_path: Path) -> None:
    text = credential_head("lmft", "4984(a)") + TOTAL + '\n[[requirements]]\nuse = "bbs.law-ethic"\n'
    path = one_file(tmp_path, text)
    assert load_error(path) == (
        f"{path}: requirements[1].use: _bbs.toml has no requirement 'law-ethic' (it shares: law-ethics)"
        ' (did you mean "law-ethics"?)'
    )


def test_a_list_both_taken_and_given_is_an_error(tmp_path: Path) -> None:
    text = 'use = ["bbs.exemptions"]\n' + credential_head("lmft", "4984(a)") + TOTAL
    text += f'\n[[exemptions]]\neffective = 2020-01-01\nstatuses = ["retired"]\n{CITE}\n'
    path = one_file(tmp_path, text)
    assert load_error(path) == (
        f"{path}: use[0]: 'exemptions' is taken from _bbs.toml here and also given in this file: give it in one"
        " place (to change a shared list, drop 'bbs.exemptions' from `use` and write the list here)"
    )


def test_a_list_taken_twice_is_an_error(tmp_path: Path) -> None:
    text = 'use = ["bbs.exemptions", "bbs.exemptions"]\n' + credential_head("lmft", "4984(a)") + TOTAL
    path = one_file(tmp_path, text)
    assert load_error(path) == f"{path}: use[1]: 'exemptions' is taken twice ('bbs.exemptions' and 'bbs.exemptions')"


def test_a_requirement_both_taken_and_given_is_an_error(tmp_path: Path) -> None:
    text = credential_head("lmft", "4984(a)") + TOTAL + '\n[[requirements]]\nuse = "bbs.law-ethics"\nhours = 8\n'
    path = one_file(tmp_path, text)
    assert load_error(path) == (
        f"{path}: requirements[1]: a requirement taken from a board file ('bbs.law-ethics') is given here too"
        " (hours): give it in one place (to change it, drop `use` and write the requirement here)"
    )


def test_a_requirement_taken_and_also_written_with_the_same_id_is_an_error(tmp_path: Path) -> None:
    text = credential_head("lmft", "4984(a)") + TOTAL + USE_LAW_ETHICS + LAW_ETHICS_INLINE
    path = one_file(tmp_path, text)
    assert load_error(path) == f"{path}: requirements[2].id: duplicate requirement id 'law-ethics'"


@pytest.mark.parametrize(
    "name",
    ["../us-tx/_bhec.cycle", "/etc/_bbs.cycle", "us-tx/bhec.cycle", "_bbs.cycle", "bbs", "BBS.cycle", "bbs.cycle.x"],
)
def test_a_name_cannot_reach_outside_the_folder(tmp_path: Path, name: str) -> None:
    write(tmp_path / "us-tx" / "_bhec.toml", BBS_BOARD)
    path = one_file(tmp_path, f"use = [{json.dumps(name)}]\n" + credential_head("lmft", "4984(a)") + TOTAL)
    assert load_error(path) == (
        f'{path}: use[0]: must be a board file\'s name and an entry, like "bbs.cycle" for [[cycle]] of _bbs.toml'
        f" beside this file, got {name!r} (board files are taken only from the file's own authority folder)"
    )


def test_a_board_file_of_another_authority_folder_is_not_found(tmp_path: Path) -> None:
    write(tmp_path / "us-tx" / "_bhec.toml", BBS_BOARD)
    path = one_file(tmp_path, 'use = ["bhec.exemptions"]\n' + credential_head("lmft", "4984(a)") + TOTAL, board=None)
    assert load_error(path) == f"{path}: use[0]: no board file _bhec.toml in us-ca/ (board files there: none)"


def test_a_board_file_that_links_outside_the_folder_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere" / "shared.toml", BBS_BOARD)
    path = one_file(tmp_path, 'use = ["bbs.exemptions"]\n' + credential_head("lmft", "4984(a)") + TOTAL, board=None)
    (path.parent / "_bbs.toml").symlink_to(outside)
    assert load_error(path) == (
        f"{path}: use[0]: _bbs.toml leads outside the authority folder; a board file must be a file in it"
    )


def test_board_files_cannot_use_each_other_so_there_is_no_cycle_of_use(tmp_path: Path) -> None:
    folder = tmp_path / "us-ca"
    write(folder / "_a.toml", 'use = ["b.exemptions"]\ntitle = "A"\n')
    write(folder / "_b.toml", 'use = ["a.exemptions"]\ntitle = "B"\n')
    path = write(folder / "lmft.toml", 'use = ["a.exemptions"]\n' + credential_head("lmft", "4984(a)") + TOTAL)
    message = "use: a board file cannot take entries from another board file: every shared fact is one step away"
    with pytest.raises(RuleSetError) as caught:
        read_ruleset(path)
    assert str(caught.value) == f"{folder / '_a.toml'}: {message}"
    assert load_error(folder) == f"{folder / '_a.toml'}: {message}\n{folder / '_b.toml'}: {message}"


def test_a_mistake_in_a_board_file_names_the_board_file_once(tmp_path: Path) -> None:
    board = BBS_BOARD.replace('"aswb", ', '"aswd", ')
    root = bbs_tree(tmp_path, shared=True)
    write(root / "us-ca" / "_bbs.toml", board)
    assert load_error(root) == (
        f"{root / 'us-ca' / '_bbs.toml'}: eligibility[0].approvals[1]: unknown approval body 'aswd'"
        ' (did you mean "nasw" or "aswb"?); `licensetrack vocabulary` lists every approval body'
    )


def test_an_unknown_key_in_a_board_file_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "us-ca"
    write(folder / "_bbs.toml", 'id = "us-ca-bbs"\n' + BBS_BOARD)
    write(folder / "lmft.toml", credential_head("lmft", "4984(a)") + TOTAL)
    assert load_error(folder) == (
        f"{folder / '_bbs.toml'}: unknown key 'id'; allowed keys: title, notes, {', '.join(SHARED_LISTS)}, requirements"
    )


def test_an_unused_broken_board_file_is_reported_by_the_loader(tmp_path: Path) -> None:
    folder = tmp_path / "us-ca"
    write(folder / "_bbs.toml", "title = \n")
    write(folder / "lmft.toml", credential_head("lmft", "4984(a)") + TOTAL)
    assert load_error(folder).startswith(f"{folder / '_bbs.toml'}: is not valid TOML: ")


def test_text_with_no_file_cannot_take_from_a_board_file() -> None:
    with pytest.raises(RuleSetError) as caught:
        loads_ruleset('use = ["bbs.exemptions"]\n' + credential_head("lmft", "4984(a)") + TOTAL)
    assert str(caught.value) == "use[0]: board files are found beside the rule file, and this text has no file"


# Every bundled file, with any of its lists or requirements moved to a board file, loads the same ---------


def toml_value(value: Any) -> str:
    """A value as TOML, inline (tables as inline tables), enough for what rule files hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_text(data: dict[str, Any]) -> str:
    return "".join(f"{key} = {toml_value(value)}\n" for key, value in data.items())


BUNDLED_FILES = rule_files(bundled_rules_dir())


def _takes_nothing(path: Path) -> bool:
    """A bundled file that takes no entry from a board file (the split below moves entries of such a file)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return "use" not in data and all("use" not in r for r in data.get("requirements", []))


SELF_CONTAINED_FILES = [path for path in BUNDLED_FILES if _takes_nothing(path)]
BUNDLED_LANGUAGE: Language = load_registry(entry_points=False).language


@st.composite
def split_files(draw: st.DrawFn) -> tuple[Path, dict[str, Any], list[str], list[str]]:
    path = draw(st.sampled_from(SELF_CONTAINED_FILES))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    lists = draw(st.lists(st.sampled_from([k for k in SHARED_LISTS if k in data]), unique=True))
    ids = [r["id"] for r in data.get("requirements", [])]
    taken = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    return path, data, lists, taken


@settings(max_examples=25, deadline=None)
@given(split_files())
def test_moving_entries_of_a_bundled_file_to_a_board_file_loads_the_same_rule_set(
    tmp_path_factory: pytest.TempPathFactory, split: tuple[Path, dict[str, Any], list[str], list[str]]
) -> None:
    path, data, lists, taken = split
    root = tmp_path_factory.mktemp("rules")
    folder = root / path.parent.name
    board = {"title": "Shared", **{key: data[key] for key in lists}}
    board["requirements"] = [r for r in data.get("requirements", []) if r["id"] in taken]
    using = {"use": [f"board.{key}" for key in lists], **{k: v for k, v in data.items() if k not in lists}}
    if "requirements" in data:
        using["requirements"] = [{"use": f"board.{r['id']}"} if r["id"] in taken else r for r in data["requirements"]]
    write(folder / "_board.toml", toml_text(board))
    write(folder / path.name, toml_text(using))
    write(root / "inline" / path.parent.name / path.name, toml_text(data))
    loaded: RuleSet = load_path(folder / path.name, language=BUNDLED_LANGUAGE)[id_of(path)]
    inline = load_path(root / "inline" / path.parent.name / path.name, language=BUNDLED_LANGUAGE)[id_of(path)]
    assert loaded == inline == read_ruleset(path, root=bundled_rules_dir(), language=BUNDLED_LANGUAGE)


def id_of(path: Path) -> str:
    return read_ruleset(path, root=bundled_rules_dir(), language=BUNDLED_LANGUAGE).id


def shared_boards(files: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Board files for what an authority folder's files state identically: one per group of files
    (``_lcsw-lmsw.toml``), holding each list and requirement that exactly those files write alike."""
    boards: dict[str, dict[str, Any]] = {}
    keys = [
        *SHARED_LISTS,
        *(f"requirement:{r['id']}" for d in files.values() for r in d.get("requirements", []) if "id" in r),
    ]
    for key in dict.fromkeys(keys):
        groups: dict[str, list[str]] = {}
        for name, data in files.items():
            value = entry_of(data, key)
            if value is not None:
                groups.setdefault(repr(value), []).append(name)
        for members in groups.values():
            if len(members) > 1:
                board = boards.setdefault("-".join(members), {"title": f"Shared by {', '.join(members)}"})
                value = entry_of(files[members[0]], key)
                if key.startswith("requirement:"):
                    board.setdefault("requirements", []).append(value)
                else:
                    board[key] = value
    return boards


def entry_of(data: dict[str, Any], key: str) -> Any:
    if key.startswith("requirement:"):
        wanted = key.removeprefix("requirement:")
        return next((r for r in data.get("requirements", []) if r.get("id") == wanted), None)
    return data.get(key)


def bundled_folders() -> dict[Path, dict[str, dict[str, Any]]]:
    """Each bundled authority folder's rule files, as written (a taken entry is only its `use`)."""
    return {
        folder: {
            path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
            for path in BUNDLED_FILES
            if path.parent == folder
        }
        for folder in sorted({path.parent for path in BUNDLED_FILES})
    }


def test_no_list_or_requirement_is_written_identically_in_two_files_of_a_bundled_folder() -> None:
    """A fact several credentials of one board state alike is stated and cited once, in a board file."""
    assert {folder.name: list(shared_boards(files)) for folder, files in bundled_folders().items()} == {
        folder.name: [] for folder in bundled_folders()
    }


def takers(files: dict[str, dict[str, Any]], name: str) -> str:
    """`board.entry` -> the files of the folder that take it, as `use` or as a `[[requirements]]` use."""
    return " ".join(
        sorted(
            stem
            for stem, data in files.items()
            if name in data.get("use", []) or any(r.get("use") == name for r in data.get("requirements", []))
        )
    )


def test_every_entry_of_a_bundled_board_file_is_taken_by_two_files_or_more() -> None:
    """A board file holds only what is shared: an entry one file takes belongs in that file."""
    unshared = []
    for folder, files in bundled_folders().items():
        for board_path in sorted(folder.glob("_*.toml")):
            board = tomllib.loads(board_path.read_text(encoding="utf-8"))
            board_name = board_path.stem.removeprefix("_")
            entries = [
                *(key for key in SHARED_LISTS if key in board),
                *(r["id"] for r in board.get("requirements", [])),
            ]
            for entry in entries:
                taken_by = takers(files, f"{board_name}.{entry}")
                if len(taken_by.split()) < 2:
                    unshared.append(f"{folder.name}/{board_path.name} {entry}: {taken_by or 'nobody'}")
    assert unshared == []


def test_the_bundled_board_files_are_the_ones_the_re_encoding_made() -> None:
    """Which bundled files share what (issue #15): the board files and who takes each list from them."""
    taken = {
        f"{folder.name}/{stem}": sorted(name for name in data.get("use", []))
        for folder, files in bundled_folders().items()
        for stem, data in files.items()
        if data.get("use")
    }
    assert (
        taken["us-tx/lcsw"]
        == taken["us-tx/lmsw"]
        == [
            "social-work.carry_forward",
            "social-work.conversions",
            "social-work.cycle",
            "social-work.exemptions",
            "social-work.first_cycle",
        ]
    )
    assert (
        taken["us-ny/lcsw"]
        == taken["us-ny/lmsw"]
        == [
            "social-work.cycle",
            "social-work.eligibility",
            "social-work.exemptions",
            "social-work.first_cycle",
            "social-work.make_up",  # issue #16: the make-up of an ended period's shortfall
        ]
    )
    assert (
        taken["us-ny/lmft"]
        == taken["us-ny/lmhc"]
        == ["article-163.carry_forward", "article-163.cycle", "article-163.exemptions"]
    )
    assert (
        taken["us-fl/lcsw"]
        == taken["us-fl/lmft"]
        == taken["us-fl/lmhc"]
        == ["chapter-491.carry_forward", "chapter-491.eligibility", "chapter-491.first_cycle", "doh.board_notes"]
    )
    assert taken["us-fl/psychologist"] == ["doh.board_notes"]
    assert taken["us-ca/lep"] == ["bbs.carry_forward", "bbs.conversions"]
    assert taken["us-ca/lcsw"] == ["bbs.carry_forward", "bbs.conversions", "bbs.record_retention"]
    assert taken["us-ca/lmft"] == [
        "bbs.carry_forward",
        "bbs.conversions",
        "bbs.eligibility",
        "bbs.exemptions",
        "bbs.first_cycle",
        "bbs.record_retention",
    ]
    assert taken["us-ca/lpcc"] == [
        "bbs.carry_forward",
        "bbs.conversions",
        "bbs.eligibility",
        "bbs.exemptions",
        "bbs.first_cycle",
    ]
