"""The command line: output, exit codes and error messages, through click's runner and a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensetrack.cli.main import main
from licensetrack.formats.schemas import PROFILE_SCHEMA, REPORT_SCHEMA
from tests import schemacheck

ROOT = Path(__file__).parent.parent
EXAMPLE = str(ROOT / "examples" / "dana-rivera.toml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_text_on_the_example() -> None:
    code, out, err = run("check", EXAMPLE, "--as-of", "2026-01-15")
    assert code == 0, err
    assert "ca-lmft  California Licensed Marriage and Family Therapist" in out
    assert "Period 2024-02-01 to 2026-01-31 · due in 16 days · COMPLIANT" in out
    assert "2 credentials: 2 compliant, 0 deficient, 0 exempt" in out
    assert "provider approval not accepted (approved by: naadac" in out
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_check_json_is_the_public_contract() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-01-15", "--format", "json")
    assert code == 0
    data = json.loads(out)
    schemacheck.validate(data, "report")
    lmft = data["credentials"][0]
    assert {
        k: lmft[k] for k in ("credential", "ruleset", "status", "cycle", "days_left", "required_hours", "missing_hours")
    } == {
        "credential": "ca-lmft",
        "ruleset": "us-ca-lmft",
        "status": "compliant",
        "cycle": {"start": "2024-02-01", "end": "2026-01-31", "index": 5},
        "days_left": 16,
        "required_hours": "36",
        "missing_hours": "0",
    }
    law = next(r for r in lmft["requirements"] if r["id"] == "law-ethics")
    assert (law["kind"], law["topics"], law["required"], law["citation"]) == (
        "topic",
        ["law", "ethics"],
        "6",
        "16 CCR § 1887.3(c)",
    )
    naadac = next(a for a in lmft["activities"] if a["title"] == "Substance Use Disorders in Adolescents")
    assert (naadac["counted"], naadac["excluded"]) == ("0", "6")


def test_deficient_exits_1_and_overdue_shows() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-03-01", "--credential", "ca-lmft", "--format", "json")
    assert code == 1
    credential = json.loads(out)["credentials"][0]
    assert credential["status"] == "deficient"
    assert credential["cycle"]["start"] == "2026-02-01"


def test_one_credential_only() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-01-15", "--credential", "ca-lpcc")
    assert code == 0
    assert "ca-lmft" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "nowhere.toml"), "licensetrack: nowhere.toml: no such file"),
        (("check", EXAMPLE, "--credential", "ny-lmhc"), "no credential 'ny-lmhc' (the profile has: ca-lmft, ca-lpcc)"),
        (("check", EXAMPLE, "--as-of", "2026-13-01"), "'2026-13-01' is not a date like 2026-01-31"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_unknown_rule_set_suggests_a_close_match(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "x"\nruleset = "us-ca-lmtf"\nissued = 2020-01-01\n'
    )
    code, _, err = run("check", str(profile))
    assert code == 2
    assert "credential 'x': no rule set 'us-ca-lmtf' is installed (did you mean \"us-ca-lmft\"?)" in err


def test_bad_profile_lists_every_problem(tmp_path: Path) -> None:
    profile = tmp_path / "bad.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[activities]]\ntitle = "X"\ncompleted = 2024-01-01\nhours = -1\nformat = "webinar"\n'
    )
    code, _, err = run("check", str(profile))
    assert code == 2
    assert f'{profile}: activities[0] ("X").hours: must be greater than 0, got -1' in err
    assert f'{profile}: activities[0] ("X").format: must be one of' in err


def test_rules_dir_adds_rule_sets(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "us-zz"
    rules.mkdir(parents=True)
    (rules / "test.toml").write_text(
        'id = "us-zz-test"\ntitle = "T"\nauthority = "A"\nverified_on = 2026-01-01\n'
        '[[cycle]]\neffective = 2000-01-01\nkind = "fixed"\nstart = "01-01"\nanchor_year = 2024\nmonths = 24\n'
        'citation = "c"\nsource = "https://example.org"\n'
    )
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "x"\nruleset = "us-zz-test"\nissued = 2020-01-01\n'
    )
    code, out, err = run("check", str(profile), "--rules-dir", str(tmp_path / "rules"), "--as-of", "2025-01-01")
    assert code == 0, err
    assert "COMPLIANT" in out


def test_schemas_are_printed() -> None:
    code, out, _ = run("schema", "profile")
    assert code == 0
    assert json.loads(out) == PROFILE_SCHEMA
    code, out, _ = run("schema", "report")
    assert json.loads(out) == REPORT_SCHEMA


def test_a_real_process_with_exit_codes_and_no_traceback() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "licensetrack", "check", EXAMPLE, "--as-of", "2026-01-15"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "COMPLIANT" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "licensetrack", "check", "missing.toml"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2
    assert bad.stderr.strip() == "licensetrack: missing.toml: no such file"


def test_rules_check_validates_files_for_authors(tmp_path: Path) -> None:
    code, out, _ = run("rules", "check", str(ROOT / "rules"))
    assert code == 0
    assert "ok: " in out
    assert "us-ca-lmft, 13 dated entries; 5 unverified" in out
    bad = tmp_path / "us-zz" / "bad.toml"
    bad.parent.mkdir()
    bad.write_text('id = "us-zz-bad"\ntitle = "T"\nauthority = "A"\nverified_on = 2026-01-01\nverifed = true\n')
    code, _, err = run("rules", "check", str(tmp_path))
    assert code == 1
    assert "unknown key 'verifed' (did you mean \"verified_on\"?)" in err
    assert "bad.toml: cycle: is required" in err
    assert "1 of 1 rule file has problems" in err


def test_plugins_command_lists_the_builtin_plugin() -> None:
    code, out, _ = run("plugins")
    assert code == 0
    assert out.startswith("licensetrack.builtin")
    assert "  ruleset:us-ca-lmft" in out


def test_a_command_imports_no_other_commands_module() -> None:
    """The group's commands are imported when asked for (licensetrack.cli.main.COMMANDS), so `check` does not
    pay for `audit`, `init` or `rules` (start-up, issue #21); `--help` still lists every command."""
    import subprocess
    import sys

    from licensetrack.cli.main import COMMANDS

    code = (
        "import sys\nfrom licensetrack.cli.main import main\n"
        "try:\n    main(['check', sys.argv[1], '--as-of', '2026-01-15'])\nexcept SystemExit:\n    pass\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('licensetrack.cli.'))), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, EXAMPLE], capture_output=True, text=True, check=True)
    loaded = set(done.stderr.strip().splitlines()[-1].split(","))
    others = {spec.split(":")[0] for name, spec in COMMANDS.items() if name != "check"}
    assert "licensetrack.cli.check" in loaded
    assert not loaded & others
    code, out, _ = run("--help")
    assert code == 0
    assert all(f"  {name} " in out for name in COMMANDS)
