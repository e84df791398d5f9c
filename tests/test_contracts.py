"""The published contracts hold: every JSON output of every command validates against its schema.

Each case of every case file, bundled and from the example plugin, is run through ``check``, ``plan``,
``deadlines`` and ``validate``; every installed rule set through ``rules show`` on the dates its
rules change; and ``rules list``, ``plugins`` and ``schema`` as they are. Each output is validated
twice: against the published schema, and against a closed copy of it (no property the schema does
not describe), so a field added to an output without its schema fails here too. (The audit's JSON
is tested with the audit.)
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli_w
from click.testing import CliRunner

from licensetrack import plugins
from licensetrack.cli import main
from licensetrack.commands.meta import SCHEMAS
from licensetrack.plugins import Registry, load_registry
from licensetrack.schemas import ALL
from tests.rulekit import HEADER, TWO_YEAR_CYCLE, total

ROOT = Path(__file__).parent.parent
CASE_FILES = sorted(ROOT.glob("rules/*/*.cases.toml")) + sorted(ROOT.glob("plugins/*/src/*/rules/*/*.cases.toml"))
_REGISTRY: list[Registry] = []


@pytest.fixture(autouse=True)
def registry_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command loads the same registry; loading it once keeps hundreds of runs fast."""
    if not _REGISTRY:
        _REGISTRY.append(load_registry())
    original = plugins.load_registry

    def cached(rules_dirs: Any = (), **options: Any) -> Registry:
        return _REGISTRY[0] if not list(rules_dirs) and not options else original(rules_dirs, **options)

    monkeypatch.setattr(plugins, "load_registry", cached)


def closed(schema: Any) -> Any:
    """The schema with ``additionalProperties: false`` wherever it lists properties."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: closed(value) for key, value in schema.items()}
    if "properties" in result:
        result.setdefault("additionalProperties", False)
    return result


@functools.cache
def validators(name: str) -> tuple[jsonschema.Draft202012Validator, ...]:
    return jsonschema.Draft202012Validator(ALL[name]), jsonschema.Draft202012Validator(closed(ALL[name]))


def valid(name: str, text: str) -> dict[str, Any]:
    """The output parsed, after checking it against the published schema and its closed copy."""
    data = json.loads(text)
    for validator in validators(name):
        validator.validate(data)
    assert isinstance(data, dict)
    return data


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def cases(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for case in tomllib.loads(path.read_text(encoding="utf-8"))["cases"]:
        yield case["as_of"].isoformat(), case["profile"]


def test_the_case_files_include_the_plugins() -> None:
    assert any(path.name == "clinician.cases.toml" for path in CASE_FILES)
    assert len([path for path in CASE_FILES if path.is_relative_to(ROOT / "rules")]) == 20


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_profile_command_output_of_every_case_matches_its_schema(case_file: Path, tmp_path: Path) -> None:
    for number, (as_of, profile) in enumerate(cases(case_file)):
        path = tmp_path / f"case-{number}.toml"
        path.write_text(tomli_w.dumps(profile), encoding="utf-8")
        code, out, err = run("check", str(path), "--as-of", as_of, "--format", "json")
        assert code in (0, 1), err
        report = valid("report", out)
        assert [c["credential"] for c in report["credentials"]] == [c["id"] for c in profile["credentials"]]
        code, out, err = run("plan", str(path), "--as-of", as_of, "--format", "json")
        assert code in (0, 1), err
        valid("plan", out)
        code, out, err = run("deadlines", str(path), "--as-of", as_of, "--format", "json")
        assert code == 0, err
        valid("deadlines", out)
        code, out, err = run("validate", str(path), "--format", "json")
        assert (code, valid("validation", out)["problems"]) == (0, []), err


def test_a_plugin_requirement_kind_is_in_the_report_schema(tmp_path: Path) -> None:
    (as_of, profile), *_ = cases(
        ROOT / "plugins/employer-policy/src/licensetrack_employer_policy/rules/acme/clinician.cases.toml"
    )
    path = tmp_path / "acme.toml"
    path.write_text(tomli_w.dumps(profile), encoding="utf-8")
    _, out, _ = run("check", str(path), "--as-of", as_of, "--format", "json")
    (requirement,) = valid("report", out)["credentials"][0]["requirements"]
    assert (requirement["id"], requirement["kind"]) == ("hipaa-privacy", "rolling-hours")


def change_dates(ruleset_id: str) -> list[str]:
    """Every date a rule of the rule set changes, the day before, and two far ends."""
    import datetime

    ruleset = _REGISTRY[0].rulesets[ruleset_id]
    days = {datetime.date(1990, 1, 1), datetime.date(2040, 1, 1)}
    for entry in ruleset.dated_entries():
        days |= {entry.effective, entry.effective - datetime.timedelta(days=1)}
    return [day.isoformat() for day in sorted(days)]


def test_rules_show_of_every_rule_set_on_every_change_date_matches_its_schema() -> None:
    for ruleset_id in _REGISTRY[0].rulesets:
        for day in change_dates(ruleset_id):
            code, out, err = run("rules", "show", ruleset_id, "--as-of", day, "--format", "json")
            assert code == 0, err
            assert valid("ruleset", out)["id"] == ruleset_id


def test_rules_list_and_plugins_match_their_schemas() -> None:
    _, out, _ = run("rules", "list", "--format", "json")
    listed = valid("rulesets", out)["rulesets"]
    assert [r["id"] for r in listed] == list(_REGISTRY[0].rulesets)
    assert {r["plugin"] for r in listed} == {"licensetrack.builtin", "licensetrack_employer_policy"}
    _, out, _ = run("plugins", "--format", "json")
    assert [p["name"] for p in valid("plugins", out)["plugins"]] == [
        "licensetrack.builtin",
        "licensetrack_employer_policy",
    ]


def test_plugins_with_a_failure_match_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from licensetrack.hookspecs import hookimpl

    @hookimpl
    def register_rulesets(register: Any) -> None:
        raise RuntimeError("boom")

    broken = types.ModuleType("broken")
    broken.register_rulesets = register_rulesets  # type: ignore[attr-defined]
    registry = load_registry(entry_points=False, plugins=[("broken", broken)])
    monkeypatch.setattr(plugins, "load_registry", lambda *args, **kwargs: registry)
    _, out, _ = run("plugins", "--format", "json")
    assert valid("plugins", out)["failures"] == [
        {"plugin": "broken", "error": "register_rulesets failed: RuntimeError: boom"}
    ]


def test_validate_with_problems_matches_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "a"\nruleset = "us-ca-lmtf"\nissued = 2020-01-01\n'
    )
    code, out, _ = run("validate", str(path), "--format", "json")
    assert code == 1
    assert valid("validation", out)["problems"] == [
        f"{path}: credentials[0] (a).ruleset: no rule set 'us-ca-lmtf' is installed (did you mean \"us-ca-lmft\"?)"
    ]


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_is_a_valid_json_schema_and_printed_as_published(name: str) -> None:
    code, out, _ = run("schema", name)
    assert code == 0
    assert json.loads(out) == ALL[name]
    jsonschema.Draft202012Validator.check_schema(ALL[name])
    jsonschema.Draft202012Validator.check_schema(closed(ALL[name]))


def test_the_schema_command_offers_every_schema() -> None:
    assert set(SCHEMAS) == set(ALL)


# --- rule files: the same checks whichever way they are given -----------------------------------------

RULE_FILE = HEADER + TWO_YEAR_CYCLE + total(40)


def rules_tree(tmp_path: Path, ruleset_id: str = "us-zz-test", name: str = "us-zz/test.toml") -> Path:
    path = tmp_path / "rules" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RULE_FILE.replace('"us-zz-test"', f'"{ruleset_id}"', 1), encoding="utf-8")
    return path


def test_rules_check_of_a_file_checks_its_id_against_its_path_as_a_folder_check_does(tmp_path: Path) -> None:
    path = rules_tree(tmp_path, ruleset_id="us-zz-other")
    wrong = f"{path}: id: must be 'us-zz-test' for a file at this path, got 'us-zz-other'"
    for given in (path, path.parent, path.parent.parent):
        code, out, err = run("rules", "check", str(given))
        assert (code, out, err.splitlines()) == (1, "", [wrong, "1 of 1 rule file(s) have problems"]), given


def test_rules_check_of_a_relative_file_path_checks_its_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = rules_tree(tmp_path, ruleset_id="us-zz-other")
    monkeypatch.chdir(path.parent)
    code, _, err = run("rules", "check", "test.toml")
    assert code == 1
    assert "test.toml: id: must be 'us-zz-test' for a file at this path, got 'us-zz-other'" in err
    rules_tree(tmp_path)
    assert run("rules", "check", "test.toml")[:2] == (0, "ok: test.toml (us-zz-test, 2 dated entries)\n")


def test_rules_dir_accepts_a_single_rule_file_and_an_authority_folder(tmp_path: Path) -> None:
    path = rules_tree(tmp_path)
    for given in (path, path.parent, path.parent.parent):
        code, out, err = run("rules", "list", "--rules-dir", str(given), "--format", "json")
        assert (code, err) == (0, ""), given
        (row,) = [r for r in valid("rulesets", out)["rulesets"] if r["id"] == "us-zz-test"]
        assert row["plugin"] == f"--rules-dir {given}"


def test_rules_dir_checks_a_single_file_id_against_its_path(tmp_path: Path) -> None:
    path = rules_tree(tmp_path, ruleset_id="us-zz-other")
    code, _, err = run("rules", "list", "--rules-dir", str(path))
    assert code == 2
    assert f"{path}: id: must be 'us-zz-test' for a file at this path, got 'us-zz-other'" in err


def test_rules_dir_that_loads_nothing_warns(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no rules here", encoding="utf-8")
    code, out, err = run("rules", "list", "--rules-dir", str(empty), "--format", "json")
    assert code == 0
    assert err == (
        f"licensetrack: --rules-dir {empty} holds no rule files (expected <authority>/<credential>.toml, "
        "an authority folder, or one rule file)\n"
    )
    assert [r["id"] for r in valid("rulesets", out)["rulesets"]] == list(_REGISTRY[0].rulesets)


def test_rules_dir_that_does_not_exist_is_bad_input(tmp_path: Path) -> None:
    code, _, err = run("rules", "list", "--rules-dir", str(tmp_path / "nowhere"))
    assert (code, err) == (2, f"licensetrack: {tmp_path / 'nowhere'}: is neither a rules directory nor a rule file\n")
