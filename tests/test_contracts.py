"""The published contracts hold: every JSON output of every command validates against its schema.

Each case of every case file, bundled and from the example plugin, is run through ``check``, ``plan``,
``deadlines``, ``eligibility`` and ``validate``; every installed rule set through ``rules show`` on the dates its
rules change; and ``rules list``, ``plugins`` and ``schema`` as they are. Each output is validated
twice: against the published schema, and against a closed copy of it (no property the schema does
not describe), so a field added to an output without its schema fails here too. (The audit's JSON
is tested with the audit.)
"""

from __future__ import annotations

import datetime
import functools
import json
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
import tomli_w
from click.testing import CliRunner
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.cli.schema import SCHEMAS
from licensetrack.core.cycles import Period
from licensetrack.core.deadlines import deadlines
from licensetrack.core.engine import evaluate
from licensetrack.core.model import Activity, Credential, Practitioner
from licensetrack.core.rules import RuleSet
from licensetrack.formats.schemas import ALL
from licensetrack.formats.views import holder_for, ruleset_json
from licensetrack.plugins import registry as plugins
from licensetrack.plugins.registry import Registry, load_registry
from tests.rulekit import HEADER, TWO_YEAR_CYCLE, total

ROOT = Path(__file__).parent.parent
CASE_FILES = sorted(ROOT.glob("rules/*/*.cases.toml")) + sorted(ROOT.glob("plugins/*/src/*/rules/*/*.cases.toml"))
_REGISTRY: list[Registry] = [load_registry()]


@pytest.fixture(autouse=True)
def registry_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command loads the same registry; loading it once keeps hundreds of runs fast."""
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
    from licensetrack.io.rulefiles import rule_files

    bundled = [path for path in CASE_FILES if path.is_relative_to(ROOT / "rules")]
    assert len(bundled) == len(rule_files(ROOT / "rules")) >= 20  # every bundled rule file has its cases


def _outputs_match_their_schemas(case_file: Path, tmp_path: Path, *, first_only: bool) -> None:
    for number, (as_of, profile) in enumerate(cases(case_file)):
        if first_only and number:
            break
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
        code, out, err = run("eligibility", str(path), "--as-of", as_of, "--format", "json")
        assert code == 0, err
        valid("eligibility", out)
        code, out, err = run("validate", str(path), "--format", "json")
        assert (code, valid("validation", out)["problems"]) == (0, []), err


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_profile_command_output_of_each_case_files_first_case_matches_its_schema(
    case_file: Path, tmp_path: Path
) -> None:
    """The default run: one case per file, so every rule set's outputs are checked quickly."""
    _outputs_match_their_schemas(case_file, tmp_path, first_only=True)


@pytest.mark.slow  # four commands per case over a thousand cases: CI runs it
@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_profile_command_output_of_every_case_matches_its_schema(case_file: Path, tmp_path: Path) -> None:
    _outputs_match_their_schemas(case_file, tmp_path, first_only=False)


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

    from licensetrack.plugins.hookspecs import hookimpl

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
        f'{path}: credentials[0] ("a").ruleset: no rule set \'us-ca-lmtf\' is installed (did you mean "us-ca-lmft"?)'
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
    for where in (path, path.parent, path.parent.parent):
        code, out, err = run("rules", "check", str(where))
        assert (code, out, err.splitlines()) == (1, "", [wrong, "1 of 1 rule file has problems"]), where


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
    for where in (path, path.parent, path.parent.parent):
        code, out, err = run("rules", "list", "--rules-dir", str(where), "--format", "json")
        assert (code, err) == (0, ""), where
        (row,) = [r for r in valid("rulesets", out)["rulesets"] if r["id"] == "us-zz-test"]
        assert row["plugin"] == f"--rules-dir {where}"


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


# --- rules show shows the period check evaluates, and exactly its requirements --------------------------

EXAMPLE = str(ROOT / "examples" / "dana-rivera.toml")


def evaluated_ids(report: dict[str, Any]) -> list[str]:
    """The requirements check evaluated for one credential: its requirements and its caps."""
    return sorted([r["id"] for r in report["requirements"]] + [c["id"] for c in report["caps"]])


def shown_ids(data: dict[str, Any]) -> list[str]:
    return sorted(r["id"] for r in data["requirements"])


def test_rules_show_on_a_date_shows_the_period_check_applies_there(tmp_path: Path) -> None:
    """The issue's example: a period ending 2023-09-30 owes telehealth, though 2023-03-01 is before 2023-07-01."""
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "lmft"\nruleset = "us-ca-lmft"\nissued = 2013-09-12\n'
    )
    _, out, _ = run("check", str(profile), "--as-of", "2023-03-01", "--format", "json")
    (report,) = valid("report", out)["credentials"]
    assert report["cycle"] == {"start": "2021-10-01", "end": "2023-09-30", "index": 4}
    assert evaluated_ids(report) == ["law-ethics", "suicide-prevention", "telehealth", "total"]
    code, out, err = run(
        "rules", "show", "us-ca-lmft", "--as-of", "2023-03-01", "--issued", "2013-09-12", "--format", "json"
    )
    assert (code, err) == (0, "")
    shown = valid("ruleset", out)
    assert shown["period"] == {
        "start": "2021-10-01",
        "end": "2023-09-30",
        "index": 4,
        "first": False,
        "versions_chosen_on": "2023-09-30",
        "assumption": None,
    }
    assert shown_ids(shown) == evaluated_ids(report)
    assert shown["not_owed"] == []
    telehealth = next(r for r in shown["requirements"] if r["id"] == "telehealth")
    assert (telehealth["hours"], telehealth["due"]) == ("3", "2023-09-30")
    _, text, _ = run("rules", "show", "us-ca-lmft", "--as-of", "2023-03-01", "--issued", "2013-09-12")
    assert (
        "  Period 2021-10-01 to 2023-09-30, containing 2023-03-01 · versions chosen by\n    its end, 2023-09-30" in text
    )
    assert "Telehealth, including telehealth law and ethics (one-time) (topic): hours 3" in text
    assert all(len(line) <= 80 or "https://" in line for line in text.splitlines())


def test_rules_show_without_the_issue_date_says_what_it_assumes() -> None:
    _, out, _ = run("rules", "show", "us-ca-lmft", "--as-of", "2023-03-01", "--format", "json")
    shown = valid("ruleset", out)
    assert shown["period"] == {
        "start": "2021-03-02",
        "end": "2023-03-01",
        "index": None,
        "first": False,
        "versions_chosen_on": "2023-03-01",
        "assumption": "assuming a period that ends on 2023-03-01: this rule set's periods follow the issue date; "
        "give --issued (or --profile and --credential) to know the period; whether suicide-prevention is owed "
        "depends on the issue date",
    }
    assert shown_ids(shown) == ["law-ethics", "suicide-prevention", "total"]
    assert shown["not_owed"] == [
        {
            "id": "telehealth",
            "kind": "topic",
            "title": "Telehealth, including telehealth law and ethics (one-time)",
            "reason": "not yet in force for a period whose end is 2023-03-01",
        }
    ]
    _, text, _ = run("rules", "show", "us-ca-lmft", "--as-of", "2023-03-01")
    assert "  Note: assuming a period that ends on 2023-03-01: this rule set's periods\n" in text
    assert (
        "    - Telehealth, including telehealth law and ethics (one-time) (telehealth):\n      not yet in force" in text
    )


def test_a_fixed_calendar_knows_its_period_without_the_issue_date() -> None:
    _, out, _ = run("rules", "show", "us-fl-lmhc", "--as-of", "2024-06-01", "--format", "json")
    period = valid("ruleset", out)["period"]
    assert (period["start"], period["end"], period["index"]) == ("2023-04-01", "2025-03-31", None)
    assert period["assumption"] == (
        "assuming a licence issued before this period (not its first period); give --issued to know; whether "
        "domestic-violence, domestic-violence-initial, laws-rules, qs-supervision are owed depends on the issue date"
    )


def test_rules_show_for_a_credential_of_a_profile_equals_check() -> None:
    for credential, ruleset_id in (("ca-lmft", "us-ca-lmft"), ("ca-lpcc", "us-ca-lpcc")):
        _, out, _ = run("check", EXAMPLE, "--as-of", "2025-06-01", "--credential", credential, "--format", "json")
        (report,) = valid("report", out)["credentials"]
        code, out, err = run(
            "rules",
            "show",
            ruleset_id,
            "--as-of",
            "2025-06-01",
            "--profile",
            EXAMPLE,
            "--credential",
            credential,
            "--format",
            "json",
        )
        assert (code, err) == (0, "")
        shown = valid("ruleset", out)
        assert shown_ids(shown) == evaluated_ids(report)
        assert (shown["period"]["start"], shown["period"]["end"]) == (report["cycle"]["start"], report["cycle"]["end"])
        assert shown["period"]["assumption"] is None
    _, out, _ = run("rules", "show", "us-ca-lpcc", "--as-of", "2025-06-01", "--profile", EXAMPLE, "--format", "json")
    assert valid("ruleset", out)["period"]["end"] == "2026-06-30"  # the profile's only us-ca-lpcc credential


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--profile", EXAMPLE, "--issued", "2020-01-01"],
            "give --profile, or --issued/--expires/--birth-date/--role, not both",
        ),
        (["--credential", "ca-lmft"], "--credential names a credential of --profile; give --profile too"),
        (
            ["--profile", EXAMPLE, "--credential", "ca-lpcc"],
            f"credential 'ca-lpcc' of {EXAMPLE} follows 'us-ca-lpcc', not 'us-ca-lmft'",
        ),
        (
            ["--profile", EXAMPLE, "--credential", "ca-lcsw"],
            "no credential 'ca-lcsw' (the profile has: ca-lmft, ca-lpcc)",
        ),
    ],
)
def test_rules_show_usage_errors(args: list[str], message: str) -> None:
    code, out, err = run("rules", "show", "us-ca-lmft", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_rules_show_with_a_profile_without_that_rule_set() -> None:
    code, _, err = run("rules", "show", "us-ny-lmhc", "--profile", EXAMPLE)
    assert code == 2
    assert f"{EXAMPLE} has no credential under 'us-ny-lmhc'" in err


def _roles_of(ruleset: RuleSet) -> list[str]:
    return sorted({role for r in ruleset.requirements for v in r.versions for role in v.roles})


@st.composite
def credentials(draw: st.DrawFn, fixed: bool = False) -> tuple[RuleSet, datetime.date, Credential, Practitioner]:
    """A rule set, a date, and a credential described fully enough for its cycle (as a profile must)."""
    rulesets = {
        ruleset_id: ruleset
        for ruleset_id, ruleset in _REGISTRY[0].rulesets.items()
        if not fixed or all(rule.kind == "fixed" for rule in ruleset.cycle)
    }
    ruleset = rulesets[draw(st.sampled_from(sorted(rulesets)))]
    on = draw(st.dates(datetime.date(2012, 1, 1), datetime.date(2032, 12, 31)))
    issued = draw(st.dates(datetime.date(1985, 1, 1), on + datetime.timedelta(days=400)))
    # A rule set whose periods come from the board's record at any date (Massachusetts social work moved
    # from fixed periods to the board's record in 2020) needs the record, as a profile for it must give.
    needs_record = any(rule.kind == "record" for rule in ruleset.cycle)
    expires = draw(
        st.dates(issued, issued + datetime.timedelta(days=3650))
        if needs_record
        else st.none() | st.dates(issued, issued + datetime.timedelta(days=3650))
    )
    roles = tuple(draw(st.lists(st.sampled_from(_roles_of(ruleset)), unique=True))) if _roles_of(ruleset) else ()
    birth = draw(st.dates(datetime.date(1940, 1, 1), datetime.date(2000, 12, 31)))
    credential = Credential(id="c", ruleset=ruleset.id, issued=issued, expires=expires, roles=roles)
    return ruleset, on, credential, Practitioner(id="p", birth_date=birth, credentials=(credential,))


@given(credentials())
def test_rules_show_lists_exactly_the_requirements_check_evaluates(
    drawn: tuple[RuleSet, datetime.date, Credential, Practitioner],
) -> None:
    ruleset, on, credential, practitioner = drawn
    report = evaluate(practitioner, credential, ruleset, on, kinds=_REGISTRY[0].kinds)
    holder = holder_for(
        ruleset,
        on,
        issued=credential.issued,
        expires=credential.expires,
        birth_date=practitioner.birth_date,
        roles=credential.roles,
    )
    assert holder.assumption is None
    shown = ruleset_json(ruleset, on, holder, _REGISTRY[0].kinds)
    listed = shown["requirements"]
    if report.alternatives is not None:
        # A choice of whole requirement sets: the report shows one model (the first met, else the one
        # missing fewest hours), and rules show lists each model with the requirements it owes.
        (model,) = [m for m in shown["alternatives"]["models"] if m["id"] == report.alternatives.chosen]
        listed = model["requirements"]
    assert sorted(r["id"] for r in listed) == sorted([r.id for r in report.requirements] + [c.id for c in report.caps])
    core = ("total", "topic")  # a plugin's kind may set a due date of its own from the activities
    assert {r["id"]: r["due"] for r in listed if r["kind"] in core} == {
        r.id: r.due.isoformat() for r in report.requirements if r.due is not None and r.kind in core
    }
    period = shown["period"]
    assert (period["start"], period["end"], period["index"]) == (
        report.cycle_start.isoformat(),
        report.cycle_end.isoformat(),
        report.cycle_index,
    )
    assert sorted(shown_ids(shown) + [r["id"] for r in shown["not_owed"]]) == sorted(r.id for r in ruleset.requirements)
    validators("ruleset")[1].validate(shown)


@given(credentials(fixed=True))
def test_a_fixed_calendar_period_is_the_same_whenever_the_licence_was_issued_before_it(
    drawn: tuple[RuleSet, datetime.date, Credential, Practitioner],
) -> None:
    ruleset, on, credential, practitioner = drawn
    credential = attrs.evolve(credential, expires=None)
    report = evaluate(practitioner, credential, ruleset, on, kinds=_REGISTRY[0].kinds)
    assume(report.cycle_index > 0)
    shown = ruleset_json(ruleset, on, holder_for(ruleset, on, roles=credential.roles), _REGISTRY[0].kinds)
    assert (shown["period"]["start"], shown["period"]["end"]) == (
        report.cycle_start.isoformat(),
        report.cycle_end.isoformat(),
    )
    by_issue = {
        r.id
        for r in ruleset.requirements
        for v in r.versions
        if v.exempt_if_issued_on_or_after is not None
        or v.due_months_after_issue is not None
        or v.in_cycle is not None
        or (v.scope == "every-n-cycles" and v.anchor is None)
    }
    evaluated = {r.id for r in report.requirements} | {c.id for c in report.caps}
    assert set(shown_ids(shown)) - by_issue == evaluated - by_issue
    # The ones the issue date decides are named in the assumption (those in force for the period).
    in_force_ids = set(shown_ids(shown)) | {n["id"] for n in shown["not_owed"] if not n["reason"].startswith("not yet")}
    named = shown["period"]["assumption"].partition("; whether ")[2].partition(" is owed")[0].partition(" are owed")[0]
    assert {r for r in named.split(", ") if r} == {
        r.id
        for r in ruleset.requirements
        if r.id in in_force_ids
        and (v := r.version_on(report.cycle_end))
        and not v.repealed
        and (
            v.exempt_if_issued_on_or_after is not None
            or v.due_months_after_issue is not None
            or v.in_cycle is not None
            or (v.scope == "every-n-cycles" and v.anchor is None)
        )
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--issued", "2020-01-01", "--expires", "2019-01-01"],
            "Error: --expires: must not be before issued (2020-01-01), got 2019-01-01",
        ),
        (
            ["--role", "Bad Role"],
            "Error: --role: must be a lower-case identifier like 'supervisor', got 'bad role' (did you mean \"bad-role\"?)",
        ),
    ],
)
def test_rules_show_with_a_credential_that_cannot_be(args: list[str], message: str) -> None:
    code, out, err = run("rules", "show", "us-ca-lmft", *args)
    assert (code, out, err.splitlines()[-1]) == (2, "", message)


# --- profiles: what the loader accepts and what init and add write, against the profile schema ----------


def as_json(value: Any) -> Any:
    """A profile as TOML parses it, in its JSON form (dates as ISO text)."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def test_every_case_and_example_profile_matches_the_profile_schema() -> None:
    profiles = [profile for path in CASE_FILES for _, profile in cases(path)]
    profiles += [tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "examples").glob("*.toml"))]
    assert len(profiles) > 200
    for profile in profiles:
        valid("profile", json.dumps(as_json(profile)))


def test_json_profiles_written_by_init_and_add_match_the_profile_schema(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    credential = "id=lmft,ruleset=us-ca-lmft,issued=2014-01-09,expires=2026-01-31,roles=supervisor"
    code, _, err = run(
        "init", str(path), "--id", "me", "--name", "Me", "--birth-date", "1984-03-17", "--credential", credential
    )
    assert code == 0, err
    valid("profile", path.read_text(encoding="utf-8"))
    for extra in (
        ["--hours", "1.5", "--topic", "law", "--approval", "camft"],
        ["--units", "2", "--unit", "semester"],
        ["--days", "1"],
    ):
        code, _, err = run(
            "add",
            str(path),
            "--title",
            f"Course {extra[0]}",
            "--completed",
            "2025-03-01",
            "--format",
            "academic",
            *extra,
        )
        assert code == 0, err
    written = valid("profile", path.read_text(encoding="utf-8"))
    assert [a["title"] for a in written["activities"]] == ["Course --hours", "Course --units", "Course --days"]


@given(credentials())
def test_every_consumer_sees_the_versions_the_period_resolves(
    drawn: tuple[RuleSet, datetime.date, Credential, Practitioner],
) -> None:
    """check, rules show and deadlines read one resolution of the rule set for the period (RuleSet.at)."""
    _assert_consumers_agree(*drawn)


def _boundaries(ruleset: RuleSet) -> list[datetime.date]:
    """The day before and the day of every dated entry's effective date: where versions change."""
    days = {e.effective + datetime.timedelta(days=shift) for e in ruleset.dated_entries() for shift in (-1, 0)}
    return sorted(day for day in days if datetime.date(1990, 1, 1) <= day <= datetime.date(2040, 1, 1))


@pytest.mark.parametrize("ruleset_id", sorted(_REGISTRY[0].rulesets))
def test_every_consumer_sees_the_resolved_versions_on_both_sides_of_every_change(ruleset_id: str) -> None:
    """Every installed rule set, for periods ending the day before and the day a dated entry takes effect."""
    ruleset = _REGISTRY[0].rulesets[ruleset_id]
    for day in _boundaries(ruleset):
        credential = Credential(
            id="c",
            ruleset=ruleset.id,
            issued=day - relativedelta(years=12),
            expires=day,
            roles=tuple(_roles_of(ruleset)),
        )
        practitioner = Practitioner(id="p", birth_date=datetime.date(1970, day.month, 1), credentials=(credential,))
        _assert_consumers_agree(ruleset, day, credential, practitioner)


def _assert_consumers_agree(
    ruleset: RuleSet, on: datetime.date, credential: Credential, practitioner: Practitioner
) -> None:
    course = Activity(title="Course", completed=on, hours=Decimal(1))
    practitioner = attrs.evolve(practitioner, activities=(course,))
    report = evaluate(practitioner, credential, ruleset, on, kinds=_REGISTRY[0].kinds)
    rules = ruleset.at(Period(report.cycle_start, report.cycle_end, report.cycle_index))
    resolved = {r.requirement.id: r.version for r in rules.requirements}
    # check: every requirement and cap it evaluates cites the resolved version
    for ref_id, ref in [*((r.id, r.ref) for r in report.requirements), *((c.id, c.ref) for c in report.caps)]:
        version = resolved[ref_id]
        assert version is not None
        assert ref.effective == version.effective
    # rules show: the same versions, and the same period-wide entries
    holder = holder_for(
        ruleset, on, issued=credential.issued, expires=credential.expires, birth_date=practitioner.birth_date
    )
    shown = ruleset_json(ruleset, on, attrs.evolve(holder, credential=credential), _REGISTRY[0].kinds)
    for item in shown["requirements"]:
        version = resolved[item["id"]]
        assert version is not None
        assert item["effective"] == version.effective.isoformat()
    assert {n["id"] for n in shown["not_owed"] if n["reason"].startswith("not yet")} == {
        i for i, version in resolved.items() if version is None
    }
    for key, entry in (
        ("first_cycle", rules.first_cycle),
        ("carry_forward", rules.carry_forward),
        ("exemptions", rules.exemption),
        ("record_retention", rules.record_retention),
        ("eligibility", rules.eligibility_for_course(on)),
    ):
        assert (shown[key] or {}).get("effective") == (entry.effective.isoformat() if entry else None), key
    # deadlines: the current period's records are kept as long as the resolved retention rule says (there
    # are records to keep only when the course falls in the period: not when the date is before the issue)
    has_records = report.cycle_start <= course.completed <= report.cycle_end
    retention = [
        d
        for d in deadlines(practitioner, {ruleset.id: ruleset}, on, kinds=_REGISTRY[0].kinds)
        if d.key == f"record-retention/{report.cycle_end}"
    ]
    expected = rules.record_retention
    assert [(d.date, d.citation) for d in retention] == (
        [(report.cycle_end + relativedelta(months=expected.months), expected.citation)]
        if expected and has_records
        else []
    )
