"""plan, deadlines, rules, init, add, validate: behaviour, JSON against schemas, safe writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensetrack.cli.main import main
from licensetrack.io import files as fileio
from tests import schemacheck

ROOT = Path(__file__).parent.parent
RULES = ROOT / "rules"
EXAMPLE = str(ROOT / "examples" / "dana-rivera.toml")


def run(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, color: bool = False
) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args), input=input, color=color)
    return result.exit_code, result.stdout, result.stderr


def schema_check(name: str, text: str) -> dict[str, object]:
    data = json.loads(text)
    schemacheck.validate(data, name)
    return data  # type: ignore[no-any-return]


# --- plan and deadlines ----------------------------------------------------------------------------


def test_plan_names_the_course_that_serves_both_licences() -> None:
    code, out, _ = run("plan", EXAMPLE, "--as-of", "2026-08-01")
    assert code == 1
    assert "6 h of Law and ethics (law, ethics)" in out
    assert "6 h on law, ethics (live-online, approved by aamft) counts toward 2" in out
    code, out, _ = run("plan", EXAMPLE, "--as-of", "2026-08-01", "--format", "json")
    data = schema_check("plan", out)
    assert data["best_course"]["credentials"] == [  # type: ignore[index]
        {"credential": "ca-lmft", "missing_hours_removed": "6"},
        {"credential": "ca-lpcc", "missing_hours_removed": "6"},
    ]


def test_plan_when_nothing_is_missing() -> None:
    code, out, _ = run("plan", EXAMPLE, "--as-of", "2026-01-15")
    assert code == 0
    assert "Nothing is missing" in out


def test_deadlines_sorted_and_windowed() -> None:
    code, out, _ = run("deadlines", EXAMPLE, "--as-of", "2026-01-15", "--format", "json")
    assert code == 0
    items = schema_check("deadlines", out)["deadlines"]
    dates = [d["date"] for d in items]  # type: ignore[attr-defined]
    assert dates == sorted(dates)
    assert {d["kind"] for d in items} == {"renewal", "record-retention"}  # type: ignore[attr-defined]
    code, out, _ = run("deadlines", EXAMPLE, "--as-of", "2026-01-15", "--within", "30d", "--format", "json")
    # The previous period's records (kept 24 months, certificates on file or not) may go the same day.
    assert [(d["credential"], d["kind"], d["date"]) for d in json.loads(out)["deadlines"]] == [
        ("ca-lmft", "record-retention", "2026-01-31"),
        ("ca-lmft", "renewal", "2026-01-31"),
    ]
    code, _, err = run("deadlines", EXAMPLE, "--within", "soon")
    assert code == 2
    assert "'soon' is not a duration like 180d" in err


def test_deadlines_list_unmet_one_time_requirements(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "lmft"\nruleset = "us-ca-lmft"\nissued = 2014-01-09\nexpires = 2024-01-31\n'
    )
    _, out, _ = run("deadlines", str(profile), "--as-of", "2023-09-01", "--format", "json")
    kinds = {(d["kind"], d["title"][:20]) for d in json.loads(out)["deadlines"]}
    assert ("one-time", "Telehealth, includin") in kinds
    assert ("one-time", "Suicide risk assessm") in kinds


# --- rules -----------------------------------------------------------------------------------------


def test_rules_list_and_authority_filter() -> None:
    code, out, _ = run("rules", "list", "--authority", "us-ca", "--format", "json")
    assert code == 0
    ids = [r["id"] for r in schema_check("rulesets", out)["rulesets"]]  # type: ignore[attr-defined]
    assert "us-ca-lmft" in ids
    assert all(i.startswith("us-ca") for i in ids)


def test_rules_list_by_state_and_profession() -> None:
    code, out, _ = run("rules", "list", "--state", "NY", "--profession", "social-work", "--format", "json")
    assert code == 0
    rows = schema_check("rulesets", out)["rulesets"]  # type: ignore[index]
    assert [(r["id"], r["state"], r["profession"]) for r in rows] == [
        ("us-ny-lcsw", "ny", "social-work"),
        ("us-ny-lmsw", "ny", "social-work"),
    ]
    code, text, _ = run("rules", "list", "--profession", "counseling")
    assert code == 0
    listed = [line.split()[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert "nbcc-ncc" in listed
    assert "us-tx-lpc" in listed
    assert "us-tx-lmft" not in listed
    code, _, err = run("rules", "list", "--state", "zz")
    assert (code, err.strip()) == (0, "No rule sets match.")
    code, _, err = run("rules", "list", "--profession", "dentistry")
    assert code == 2
    assert "dentistry" in err
    # What people call the profession's members works too: the issue's own `--state il --profession counselor`.
    code, out, _ = run("rules", "list", "--state", "il", "--profession", "Counselor", "--format", "json")
    assert code == 0
    assert {r["profession"] for r in json.loads(out)["rulesets"]} == {"counseling"}
    assert {r["id"] for r in json.loads(out)["rulesets"]} >= {"us-il-lpc", "us-il-lcpc"}


def test_a_rule_file_names_a_known_profession(tmp_path: Path) -> None:
    source = (RULES / "us-ca" / "lmft.toml").read_text(encoding="utf-8")
    folder = tmp_path / "us-ca"
    folder.mkdir()
    for board in (RULES / "us-ca").glob("_*.toml"):
        (folder / board.name).write_text(board.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "lmft.toml").write_text(source.replace('profession = "marriage-family-therapy"', 'profession = "mft"'))
    code, out, err = run("rules", "check", str(tmp_path))
    assert code == 1
    assert (
        "profession: must be one of psychology, counseling, social-work, marriage-family-therapy, got 'mft'"
        in out + err
    )


def test_rules_show_on_both_sides_of_a_change() -> None:
    code, before, _ = run("rules", "show", "us-ca-lmft", "--as-of", "2023-06-30", "--format", "json")
    code2, after, _ = run("rules", "show", "us-ca-lmft", "--as-of", "2023-07-02", "--format", "json")
    assert (code, code2) == (0, 0)
    first_before = schema_check("ruleset", before)["first_cycle"]
    first_after = schema_check("ruleset", after)["first_cycle"]
    assert (first_before["treatment"], first_before["hours"]) == ("hours", "18")  # type: ignore[index]
    assert first_after["treatment"] == "full"  # type: ignore[index]
    assert "telehealth" not in [r["id"] for r in json.loads(before)["requirements"]]
    assert "telehealth" in [r["id"] for r in json.loads(after)["requirements"]]
    assert json.loads(after)["unverified"]
    code, text, _ = run("rules", "show", "us-ca-lmft", "--as-of", "2024-01-01")
    assert "Law and ethics (topic): hours 6; topics law, ethics" in text
    assert "Not confirmed against a primary source" in text


def test_rules_show_unknown_id() -> None:
    code, _, err = run("rules", "show", "us-ca-lfmt")
    assert code == 2
    assert "no rule set 'us-ca-lfmt' is installed (did you mean \"us-ca-lmft\"?)" in err


# --- init, add, validate: from nothing to a checked profile -------------------------------------------


def test_a_new_user_needs_no_editor(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    answers = (
        "\n".join(
            [
                "sam-lee",
                "Sam Lee",
                "",  # id, name, no birth date
                "y",
                "us-ca-lmft",
                "lmft",
                "2014-01-09",
                "2026-01-31",
                "LMFT 1",  # one credential
                "n",
            ]
        )
        + "\n"
    )
    code, _, err = run("init", str(profile), input=answers)
    assert code == 0, err
    assert run("init", str(profile), "--id", "x")[0] == 2  # no overwrite without --force
    code, _, err = run(
        "add",
        str(profile),
        "--title",
        "Law and Ethics",
        "--completed",
        "2025-03-01",
        "--hours",
        "6",
        "--format",
        "live-online",
        "--topic",
        "law",
        "--topic",
        "ethics",
        "--approval",
        "camft",
    )
    assert code == 0, err
    for title, topic in (("Suicide Risk", "suicide-prevention"), ("Telehealth", "telehealth")):
        assert (
            run(
                "add",
                str(profile),
                "--title",
                title,
                "--completed",
                "2024-05-01",
                "--hours",
                "6",
                "--topic",
                topic,
                "--approval",
                "camft",
            )[0]
            == 0
        )
    assert (
        run(
            "add",
            str(profile),
            "--title",
            "Clinical",
            "--completed",
            "2025-04-01",
            "--hours",
            "30",
            "--approval",
            "apa",
        )[0]
        == 0
    )
    code, out, _ = run("check", str(profile), "--as-of", "2025-12-01")
    assert code == 0, out
    assert "COMPLIANT" in out


def test_init_from_flags_for_scripts(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    code, _, err = run(
        "init",
        str(profile),
        "--id",
        "p1",
        "--name",
        "P One",
        "--credential",
        "id=lmft,ruleset=us-ca-lmft,issued=2014-01-09,expires=2026-01-31,roles=supervisor",
    )
    assert code == 0, err
    text = profile.read_text()
    assert 'roles = [\n    "supervisor",\n]' in text or 'roles = ["supervisor"]' in text
    code, _, err = run(
        "init", str(tmp_path / "q.toml"), "--id", "p1", "--credential", "id=x,ruleset=us-ca-lmtf,issued=2014-01-09"
    )
    assert code == 2
    assert 'did you mean "us-ca-lmft"' in err
    assert not (tmp_path / "q.toml").exists()


HAND_WRITTEN = """# Dana's profile — kept by hand
[practitioner]
id = "dana"   # my id

[[credentials]]
id = "lmft"
ruleset = "us-ca-lmft"
issued = 2014-01-09

# courses
[[activities]]
title = "Ethics"
completed = 2024-03-09
hours = 6 # six
"""


def test_add_keeps_comments_and_layout(tmp_path: Path) -> None:
    profile = tmp_path / "dana.toml"
    profile.write_text(HAND_WRITTEN)
    code, _, err = run("add", str(profile), "--title", "Grief", "--completed", "2024-06-01", "--hours", "1.5")
    assert code == 0, err
    text = profile.read_text()
    assert text.startswith(HAND_WRITTEN)
    assert (
        text[len(HAND_WRITTEN) :]
        == '\n[[activities]]\ntitle = "Grief"\ncompleted = 2024-06-01\nhours = 1.5\nformat = "live"\n'
    )


def test_add_refuses_an_exact_duplicate_and_bad_words(tmp_path: Path) -> None:
    profile = tmp_path / "dana.toml"
    profile.write_text(HAND_WRITTEN)
    code, _, err = run("add", str(profile), "--title", "Ethics", "--completed", "2024-03-09", "--hours", "6")
    assert code == 2
    assert "already recorded" in err
    assert profile.read_text() == HAND_WRITTEN
    assert (
        run("add", str(profile), "--title", "Ethics", "--completed", "2024-03-09", "--hours", "6", "--allow-duplicate")[
            0
        ]
        == 0
    )
    code, _, err = run(
        "add", str(profile), "--title", "X", "--completed", "2024-03-09", "--hours", "-1", "--topic", "ethic"
    )
    assert code == 2
    assert "the new activity: --hours: must be greater than 0, got -1" in err
    code, _, err = run(
        "add", str(profile), "--title", "X", "--completed", "2024-03-09", "--hours", "1", "--topic", "ethic"
    )
    assert code == 2
    assert "the new activity: --topic: unknown topic 'ethic' (did you mean \"ethics\"?)" in err


def test_add_to_a_json_profile(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"practitioner": {"id": "p"}, "activities": []}))
    assert run("add", str(profile), "--title", "A", "--completed", "2024-01-01", "--hours", "2")[0] == 0
    assert json.loads(profile.read_text())["activities"] == [
        {"title": "A", "completed": "2024-01-01", "hours": "2", "format": "live"}
    ]


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_an_interrupted_add_leaves_the_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    profile = tmp_path / "dana.toml"
    profile.write_bytes(HAND_WRITTEN.encode())
    before = profile.read_bytes()

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    target = {"write": (fileio.os, "fdopen"), "fsync": (fileio.os, "fsync"), "replace": (fileio.os, "replace")}[step]
    monkeypatch.setattr(*target, fail)
    result = CliRunner().invoke(
        main, ["add", str(profile), "--title", "G", "--completed", "2024-06-01", "--hours", "1"]
    )
    assert result.exit_code != 0
    assert profile.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dana.toml"]  # no temporary file left behind


def test_validate_says_everything_at_once(tmp_path: Path) -> None:
    profile = tmp_path / "bad.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "a"\nruleset = "us-ca-lmtf"\nissued = 2020-01-01\n'
        '[[activities]]\ntitle = "X"\ncompleted = 2024-01-01\nhours = 0\nformat = "webinar"\n'
    )
    code, out, _ = run("validate", str(profile), "--format", "json")
    assert code == 1
    data = schema_check("validation", out)
    assert data["valid"] is False
    assert len(data["problems"]) == 3  # type: ignore[arg-type]  # the unknown rule set too, in the same run
    fixed = profile.read_text().replace("hours = 0", "hours = 1").replace('format = "webinar"', 'format = "live"')
    profile.write_text(fixed)
    code, out, _ = run("validate", str(profile))
    assert code == 1
    assert "ruleset: no rule set 'us-ca-lmtf' is installed (did you mean \"us-ca-lmft\"?)" in out
    assert run("validate", EXAMPLE)[0] == 0


def test_plugins_json_against_its_schema() -> None:
    code, out, _ = run("plugins", "--format", "json")
    assert code == 0
    data = schema_check("plugins", out)
    assert data["plugins"][0]["name"] == "licensetrack.builtin"  # type: ignore[index]


# --- colour ----------------------------------------------------------------------------------------


def test_colour_only_when_wanted() -> None:
    _, coloured, _ = run("check", EXAMPLE, "--as-of", "2026-01-15", color=True)
    assert "\x1b[" in coloured
    _, plain, _ = run("check", EXAMPLE, "--as-of", "2026-01-15", color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain


# --- every command in a real process ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", EXAMPLE, "--as-of", "2026-01-15"], 0),
        (["plan", EXAMPLE, "--as-of", "2026-08-01"], 1),
        (["deadlines", EXAMPLE, "--as-of", "2026-01-15"], 0),
        (["rules", "list"], 0),
        (["rules", "show", "us-ca-lmft"], 0),
        (["rules", "check", str(ROOT / "rules" / "us-ca")], 0),
        (["validate", EXAMPLE], 0),
        (["plugins"], 0),
        (["schema", "plan"], 0),
        (["check", "missing.toml"], 2),
    ],
)
@pytest.mark.slow  # ten processes; test_cli.py keeps one real process in the quick run
def test_commands_in_a_subprocess(args: list[str], code: int) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "licensetrack", *args], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # two processes
def test_init_and_add_in_a_subprocess(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    base = [sys.executable, "-m", "licensetrack"]
    made = subprocess.run(
        [*base, "init", str(profile), "--id", "p", "--credential", "id=lmft,ruleset=us-ca-lmft,issued=2014-01-09"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    added = subprocess.run(
        [*base, "add", str(profile), "--title", "A", "--completed", "2024-01-01", "--hours", "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    assert 'title = "A"' in profile.read_text()


def test_add_offers_exactly_the_model_formats() -> None:
    """The command line spells the formats out (so it need not import the model); they must not drift."""
    from licensetrack.cli.add import FORMATS
    from licensetrack.core.model import Format

    assert tuple(f.value for f in Format) == FORMATS
