"""A profile that works from the first command: init, add and validate (issue #13)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.io.profiles import read_profile
from tests import schemacheck


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# --- init: expires when the board sets the period ---------------------------------------------------


def test_init_asks_for_expires_when_the_board_keeps_the_period(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    typed = answers("sam", "", "", "y", "us-tx-lpc", "", "2020-01-15", "", "2026-01-31", "", "n")
    code, out, err = run("init", str(profile), input=typed)
    assert code == 0, out + err
    assert (
        "Error: is required: us-tx-lpc takes its periods from the board's record, so licensetrack cannot work "
        "out your period without it (the date is on your licence or the board's look-up page)" in out
    )
    (credential,) = read_profile(profile).credentials
    assert (credential.id, str(credential.expires)) == ("tx-lpc", "2026-01-31")
    code, out, err = run("check", str(profile), "--as-of", "2025-06-01")
    assert code == 1, err  # deficient (no CE yet), not bad input
    assert "2026-01-31" in out


def test_init_does_not_ask_twice_when_the_rule_set_can_work_it_out(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    typed = answers("sam", "", "", "y", "us-ca-lmft", "", "2014-01-09", "", "", "n")
    code, out, err = run("init", str(profile), input=typed)
    assert code == 0, out + err
    assert "is required" not in out
    assert read_profile(profile).credentials[0].expires is None


def test_init_from_flags_refuses_a_board_record_credential_without_expires(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    code, _, err = run("init", str(profile), "--id", "p", "--credential", "id=lpc,ruleset=us-tx-lpc,issued=2020-01-15")
    assert code == 2
    assert err == (
        f'licensetrack: {profile}: credentials[0] ("lpc").expires: is required: us-tx-lpc takes its periods from '
        "the board's record, so licensetrack cannot work out your period without it (the date is on your licence "
        "or the board's look-up page)\n"
    )
    assert not profile.exists()
    flags = "id=lpc,ruleset=us-tx-lpc,issued=2020-01-15,expires=2026-01-31"
    assert run("init", str(profile), "--id", "p", "--credential", flags)[0] == 0


# --- init: every answer checked where it is given ----------------------------------------------------


def test_init_asks_again_for_each_bad_answer_and_keeps_the_good_ones(tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    typed = answers(
        "sam lee",  # not a good id? any text is: practitioner ids are an HR system's
        "Sam Lee",
        "1984-13-01",  # no 13th month: asked again
        "1984-03-17",
        "y",
        "us-tx-lpc",
        "TX LPC",  # a space: asked again
        "TX-LPC",  # any case is fine at a prompt: stored as tx-lpc
        "2020-01-15",
        "2026-02-30",  # no such day: asked again
        "2019-12-31",  # before issued: asked again
        "2026-01-31",
        "LPC 1",
        "y",
        "us-tx-lpc",
        "tx-lpc",  # already used: asked again
        "tx-lpc-2",
        "2021-01-01",
        "2027-01-31",
        "",
        "n",
    )
    code, out, err = run("init", str(profile), input=typed)
    assert code == 0, out + err
    assert "Error: '1984-13-01' is not a date like 2026-01-31" in out
    assert "Error: must be a lower-case identifier like 'ca-lmft', got 'TX LPC' (did you mean \"tx-lpc\"?)" in out
    assert "Error: '2026-02-30' is not a date like 2026-01-31" in out
    assert "Error: must not be before issued (2020-01-15), got 2019-12-31" in out
    assert "Error: the profile already has a credential 'tx-lpc'" in out
    practitioner = read_profile(profile)
    assert (practitioner.id, practitioner.name, str(practitioner.birth_date)) == ("sam lee", "Sam Lee", "1984-03-17")
    assert [(c.id, c.number, str(c.expires)) for c in practitioner.credentials] == [
        ("tx-lpc", "LPC 1", "2026-01-31"),
        ("tx-lpc-2", None, "2027-01-31"),
    ]


@pytest.mark.parametrize("stop_after", [0, 1, 3, 6])
def test_an_interrupted_init_exits_2_and_writes_nothing(tmp_path: Path, stop_after: int) -> None:
    profile = tmp_path / "me.toml"
    typed = ["sam", "", "", "y", "us-tx-lpc", "", "2020-01-15"][:stop_after]
    code, _, err = run("init", str(profile), input="\n".join(typed) + ("\n" if typed else ""))
    assert code == 2
    assert err.endswith("licensetrack: init stopped before the profile was complete; nothing was written\n")
    assert not profile.exists()


# --- ids: any case on the command line, strict in files --------------------------------------------

HAND_WRITTEN = (
    '[practitioner]\nid = "dana"\n\n[[credentials]]\nid = "lmft"\nruleset = "us-ca-lmft"\nissued = 2014-01-09\n'
)


def test_command_line_ids_are_accepted_in_any_case(tmp_path: Path) -> None:
    profile = tmp_path / "dana.toml"
    profile.write_text(HAND_WRITTEN)
    code, _, err = run(
        "add", str(profile), "--title", "Law", "--completed", "2024-03-09", "--hours", "6", "--topic", "LAW",
        "--topic", "Ethics", "--approval", "NBCC", "--format", "Live-Online",
    )  # fmt: skip
    assert code == 0, err
    (activity,) = read_profile(profile).activities
    assert (activity.topics, activity.approvals, activity.format.value) == (("law", "ethics"), ("nbcc",), "live-online")
    code, out, err = run("check", str(profile), "--credential", "LMFT", "--as-of", "2024-06-01", "--format", "json")
    assert [c["credential"] for c in json.loads(out)["credentials"]] == ["lmft"], err
    code, out, err = run("rules", "show", "US-CA-LMFT", "--format", "json")
    assert (code, json.loads(out)["id"]) == (0, "us-ca-lmft"), err
    code, out, err = run("rules", "list", "--authority", "US-NY", "--format", "json")
    assert {r["id"][:5] for r in json.loads(out)["rulesets"]} == {"us-ny"}, err
    flags = "id=TX-LPC,ruleset=US-TX-LPC,issued=2020-01-15,expires=2026-01-31,roles=Supervisor"
    code, _, err = run("init", str(tmp_path / "p.toml"), "--id", "p", "--credential", flags)
    assert code == 0, err
    (credential,) = read_profile(tmp_path / "p.toml").credentials
    assert (credential.id, credential.ruleset, credential.roles) == ("tx-lpc", "us-tx-lpc", ("supervisor",))


def test_ids_in_files_stay_strict_with_an_example_that_fits_the_field(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "TX LPC"\nruleset = "US-TX-LPC"\nissued = 2020-01-15\n'
        'expires = 2026-01-31\nroles = ["Supervisor"]\n[[activities]]\ntitle = "A"\ncompleted = 2024-01-01\n'
        'hours = 1\ntopics = ["Suicide Prevention"]\napprovals = ["NBCC"]\n'
    )
    code, out, _ = run("validate", str(profile))
    assert code == 1
    where = f'{profile}: credentials[0] ("TX LPC")'
    activity = f'{profile}: activities[0] ("A")'
    assert out.splitlines() == [
        f"{where}.id: must be a lower-case identifier like 'ca-lmft', got 'TX LPC' (did you mean \"tx-lpc\"?)",
        f"{where}.ruleset: must be a lower-case identifier like 'us-ca-lmft', got 'US-TX-LPC' "
        '(did you mean "us-tx-lpc"?)',
        f"{where}.roles[0]: must be a lower-case identifier like 'supervisor', got 'Supervisor' "
        '(did you mean "supervisor"?)',
        f"{activity}.topics[0]: must be a lower-case identifier like 'suicide-prevention', got 'Suicide Prevention' "
        '(did you mean "suicide-prevention"?)',
        f"{activity}.approvals[0]: must be a lower-case identifier like 'nbcc', got 'NBCC' (did you mean \"nbcc\"?)",
    ]


# --- add: problems of the new activity are named by their options ------------------------------------


def test_add_names_the_new_activity_and_its_options(tmp_path: Path) -> None:
    profile = tmp_path / "dana.toml"
    profile.write_text(HAND_WRITTEN)

    def add(*options: str) -> tuple[int, str]:
        code, _, err = run("add", str(profile), "--completed", "2024-03-09", *options)
        return code, err

    assert add("--title", "X", "--hours", "-1") == (
        2,
        "licensetrack: the new activity: --hours: must be greater than 0, got -1\n",
    )
    assert add("--title", " ", "--hours", "1") == (2, "licensetrack: the new activity: --title: must not be empty\n")
    assert add("--title", "X", "--units", "2") == (
        2,
        "licensetrack: the new activity: --unit: `units` and `unit` (semester or quarter) go together\n",
    )
    code, err = add("--title", "X", "--hours", "1", "--topic", "law", "--topic", "ethic", "--approval", "nbc")
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(
        "licensetrack: the new activity: --topic: unknown topic 'ethic' (did you mean \"ethics\"?)"
    )
    assert lines[1].startswith("the new activity: --approval: unknown approval body 'nbc' (did you mean \"nbcc\"?)")
    assert len(lines) == 2
    assert profile.read_text() == HAND_WRITTEN


# --- vocabulary: every word a profile may use, and where it comes from --------------------------------


def test_vocabulary_lists_every_word_with_its_description_and_plugin() -> None:
    from licensetrack.core.model import Format
    from licensetrack.plugins.registry import load_registry

    code, out, _ = run("vocabulary", "--format", "json")
    assert code == 0
    data = json.loads(out)
    schemacheck.validate(data, "vocabulary")
    registry = load_registry()
    topics = {w["id"]: (w["description"], w["plugin"]) for w in data["topics"]}
    approvals = {w["id"]: (w["description"], w["plugin"]) for w in data["approvals"]}
    assert topics.keys() == registry.vocabulary.topics.keys()
    assert approvals.keys() == registry.vocabulary.approvals.keys()
    assert topics["ethics"] == ("Professional ethics", "licensetrack.builtin")
    assert topics["hipaa-privacy"] == (
        "HIPAA privacy and security of health information",
        "licensetrack_employer_policy",
    )
    assert approvals["calpcc"][1] == "licensetrack.builtin"
    assert [w["id"] for w in data["formats"]] == [f.value for f in Format]
    assert data["formats"][2] == {
        "id": "on-demand",
        "description": "asynchronous course from a provider (recorded, home study)",
        "plugin": "licensetrack.builtin",
    }
    code, text, _ = run("vocabulary")
    assert code == 0
    assert [line for line in text.splitlines() if not line.startswith(" ")] == [
        "Topics",
        "Approval bodies",
        "Formats",
        "Provider types",
        "Accreditations (of a degree)",
    ]
    hipaa = "  hipaa-privacy                 HIPAA privacy and security of health information  [licensetrack_employer_policy]"
    assert hipaa in text.splitlines()
    assert run("schema", "vocabulary")[0] == 0


def test_unknown_words_name_the_closest_matches_and_the_vocabulary_command(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n[[activities]]\ntitle = "A"\ncompleted = 2024-01-01\nhours = 1\n'
        'topics = ["ethic", "suicide", "zzz"]\napprovals = ["nys"]\n'
    )
    code, out, _ = run("validate", str(profile))
    assert code == 1
    where = f'{profile}: activities[0] ("A")'
    assert out.splitlines() == [
        f"{where}.topics[0]: unknown topic 'ethic' (did you mean \"ethics\"?); "
        "`licensetrack vocabulary` lists every topic",
        f"{where}.topics[1]: unknown topic 'suicide' (did you mean \"suicide-prevention\"?); "
        "`licensetrack vocabulary` lists every topic",
        f"{where}.topics[2]: unknown topic 'zzz'; `licensetrack vocabulary` lists every topic",
        f'{where}.approvals[0]: unknown approval body \'nys\' (did you mean "nysed-sw", "nysed-mft" or '
        '"nysed-mhc"?); `licensetrack vocabulary` lists every approval body',
    ]


def test_the_profile_format_doc_points_at_the_vocabulary_command() -> None:
    text = (Path(__file__).parent.parent / "docs" / "profile-format.md").read_text(encoding="utf-8")
    assert "`licensetrack plugins` and the built-in plugin list them" not in text
    assert "`licensetrack vocabulary`" in text


@given(st.lists(st.from_regex(r"[a-z]{1,8}(-[a-z]{1,8}){0,2}", fullmatch=True), min_size=1, max_size=12), st.data())
def test_close_matches_name_known_words_only_and_a_known_word_first(words: list[str], data: st.DataObject) -> None:
    from licensetrack.core.errors import close_matches

    word = data.draw(st.sampled_from(words))
    hint = close_matches(word, words)
    assert hint.startswith(f' (did you mean "{word}"')
    named = hint.removeprefix(" (did you mean ").removesuffix("?)").replace(" or ", ", ").split(", ")
    assert 1 <= len(named) <= 3
    assert {name.strip('"') for name in named} <= set(words)


# --- validate and rules check: every problem of every layer in one run --------------------------------

TEN_LINES = """[practitioner]
id = "sam"
[[credentials]]
id = "TX-LPC"
ruleset = "us-tx-lpc"
issued = 2020-01-15
[[credentials]]
id = "lmhc"
ruleset = "us-ny-lmch"
issued = 2021-02-01
[[activities]]
title = "Ethics"
completed = 2024-03-09
hours = 0
topics = ["ethic"]
"""


def test_validate_reports_every_layer_in_one_run(tmp_path: Path) -> None:
    profile = tmp_path / "sam.toml"
    profile.write_text(TEN_LINES)
    code, out, _ = run("validate", str(profile))
    assert code == 1
    assert out.splitlines() == [
        f"{profile}: credentials[0] (\"TX-LPC\").id: must be a lower-case identifier like 'ca-lmft', got 'TX-LPC' "
        '(did you mean "tx-lpc"?)',
        f'{profile}: activities[0] ("Ethics").hours: must be greater than 0, got 0',
        f'{profile}: activities[0] ("Ethics").topics[0]: unknown topic \'ethic\' (did you mean "ethics"?); '
        "`licensetrack vocabulary` lists every topic",
        f"{profile}: credentials[1] (\"lmhc\").ruleset: no rule set 'us-ny-lmch' is installed "
        '(did you mean "us-ny-lmhc"?)',
        f'{profile}: credentials[0] ("TX-LPC").expires: is required: us-tx-lpc takes its periods from the '
        "board's record, so licensetrack cannot work out your period without it (the date is on your licence or "
        "the board's look-up page)",
    ]
    fixed = (
        TEN_LINES.replace("TX-LPC", "tx-lpc")
        .replace("issued = 2020-01-15", "issued = 2020-01-15\nexpires = 2026-01-31")
        .replace("lmch", "lmhc")
        .replace("issued = 2021-02-01", "issued = 2021-02-01\nexpires = 2027-01-31")
        .replace("hours = 0", "hours = 3")
        .replace('"ethic"', '"ethics"')
    )
    profile.write_text(fixed)
    code, out, _ = run("validate", str(profile), "--format", "json")
    assert (code, json.loads(out)["problems"]) == (0, [])


def test_an_unknown_key_does_not_hide_the_problems_of_the_records(tmp_path: Path) -> None:
    """A misspelt key at the top or in [practitioner] is one problem among the others, not the only one."""
    profile = tmp_path / "sam.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\nnickname = "x"\n\n[extra]\n\n'
        '[[activities]]\ntitle = "A"\ncompleted = 2024-01-01\nhours = -2\n'
    )
    code, out, _ = run("validate", str(profile))
    assert code == 1
    assert out.splitlines() == [
        f"{profile}: extra: unknown key 'extra'; allowed: practitioner, degrees, credentials, activities",
        f"{profile}: practitioner.nickname: unknown key 'nickname' (did you mean \"name\"?); allowed keys: id, name, "
        "birth_date, graduate_study_began",
        f'{profile}: activities[0] ("A").hours: must be greater than 0, got -2',
    ]


def test_validate_of_an_unreadable_file_says_so_once(tmp_path: Path) -> None:
    profile = tmp_path / "bad.toml"
    profile.write_text("[practitioner\n")
    code, out, _ = run("validate", str(profile))
    assert code == 1
    assert len(out.splitlines()) == 1
    assert out.startswith(f"{profile}: is not valid TOML")


RULE_FILE = """id = "us-zz-bad"
title = "T"
authority = "A"
verified_on = 2026-01-01
verifed = true

[[cycle]]
effective = 2000-01-01
kind = "fixd"
months = 24
citation = "X § 1"
source = "https://example.org"

[[requirements]]
id = "total"
kind = "totl"
title = "Total"
[[requirements.versions]]
effective = 2000-13-01
hours = -3
citation = "X § 2"
source = "https://example.org"

[[requirements]]
id = "ethics"
kind = "topic"
title = "Ethics"
[[requirements.versions]]
effective = 2000-01-01
hours = 3
topics = ["ethix"]
citation = "X § 3"
source = "https://example.org"
"""


def test_rules_check_reports_kinds_and_words_beside_the_structural_problems(tmp_path: Path) -> None:
    bad = tmp_path / "us-zz" / "bad.toml"
    bad.parent.mkdir()
    bad.write_text(RULE_FILE.replace("effective = 2000-13-01", 'effective = "2000-13-01"'))
    code, _, err = run("rules", "check", str(tmp_path))
    assert code == 1
    lines = err.splitlines()
    assert lines[-1] == "1 of 1 rule file has problems"
    assert any("unknown key 'verifed'" in line for line in lines)
    assert any('("total").versions[0]' in line and "hours: must be greater than 0, got -3" in line for line in lines)
    assert any("must be a date like 2024-03-09, got '2000-13-01'" in line for line in lines)
    assert (
        f"{bad}: cycle[0].kind: must be one of fixed, anniversary, birth-month, record, got 'fixd' "
        '(did you mean "fixed"?)' in lines
    )
    assert (
        f"{bad}: requirements[0] (\"total\").kind: must be one of total, topic, cap, course, share, categories, rolling-hours, got 'totl' "
        '(did you mean "total"?)' in lines
    )
    assert (
        f"{bad}: requirements[1] (\"ethics\").versions[0].topics[0]: unknown topic 'ethix' "
        '(did you mean "ethics"?); `licensetrack vocabulary` lists every topic' in lines
    )


def test_every_command_reading_a_profile_sees_bad_values_and_unknown_words_together() -> None:
    from licensetrack.core.errors import ProfileError
    from licensetrack.io.profiles import loads_toml

    with pytest.raises(ProfileError) as caught:
        loads_toml(TEN_LINES.replace('"TX-LPC"', '"tx-lpc"'), source="sam.toml")
    assert str(caught.value).splitlines() == [
        'sam.toml: activities[0] ("Ethics").hours: must be greater than 0, got 0',
        'sam.toml: activities[0] ("Ethics").topics[0]: unknown topic \'ethic\' (did you mean "ethics"?); '
        "`licensetrack vocabulary` lists every topic",
    ]


# --- a completion date after today: warned, not refused ----------------------------------------------


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> datetime.date:
    from licensetrack.cli import add, validate

    day = datetime.date(2025, 6, 1)
    for command in (add, validate):
        monkeypatch.setattr(command, "today", lambda: day)
    return day


def test_add_warns_of_a_completion_date_after_today_and_records_it(tmp_path: Path, fixed_today: datetime.date) -> None:
    profile = tmp_path / "dana.toml"
    profile.write_text(HAND_WRITTEN)
    code, _, err = run("add", str(profile), "--title", "Grief", "--completed", "2052-06-01", "--hours", "2")
    assert code == 0
    assert err.splitlines()[0] == (
        "licensetrack: warning: the new activity: --completed: is after today (2025-06-01), got 2052-06-01; "
        "recorded anyway, but check it for a typo"
    )
    assert [str(a.completed) for a in read_profile(profile).activities] == ["2052-06-01"]
    code, _, err = run("add", str(profile), "--title", "Loss", "--completed", "2025-06-01", "--hours", "2")
    assert code == 0
    assert "warning" not in err


def test_validate_warns_of_completion_dates_after_today_without_failing(
    tmp_path: Path, fixed_today: datetime.date
) -> None:
    profile = tmp_path / "dana.toml"
    profile.write_text(
        HAND_WRITTEN + '[[activities]]\ntitle = "A"\ncompleted = 2025-06-02\nhours = 1\n'
        '[[activities]]\ntitle = "B"\ncompleted = 2025-06-01\nhours = 1\n'
    )
    code, out, _ = run("validate", str(profile))
    assert code == 0
    assert out.splitlines() == [
        f'warning: {profile}: activities[0] ("A").completed: is after today (2025-06-01), got 2025-06-02; '
        "recorded anyway, but check it for a typo",
        f"{profile}: valid",
    ]
    code, out, _ = run("validate", str(profile), "--format", "json")
    data = json.loads(out)
    schemacheck.validate(data, "validation")
    assert (code, data["valid"], len(data["warnings"])) == (0, True, 1)
    assert data["warnings"][0].startswith(f'{profile}: activities[0] ("A").completed: is after today')


def test_the_future_warning_is_exactly_for_dates_after_today() -> None:
    from licensetrack.core.validation import future_completion

    day = datetime.date(2025, 6, 1)
    assert future_completion(day, day) is None
    assert future_completion(day - datetime.timedelta(days=1), day) is None
    assert future_completion(day + datetime.timedelta(days=1), day) is not None


def test_a_bad_number_does_not_hide_an_empty_title_or_a_bad_word_in_the_same_record() -> None:
    from licensetrack.core.errors import ProfileError
    from licensetrack.io.profiles import loads_toml

    text = (
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "a"\nruleset = "us-ca-lmft"\nissued = 2020-01-01\n'
        '[[credentials]]\nid = "a"\nruleset = "us-ca-lpcc"\nissued = 2020-01-01\n'
        '[[activities]]\ntitle = ""\ncompleted = 2024-01-01\nhours = 0\ntopics = ["Ethics"]\n'
    )
    with pytest.raises(ProfileError) as caught:
        loads_toml(text, source="p.toml")
    assert str(caught.value).splitlines() == [
        "p.toml: activities[0].hours: must be greater than 0, got 0",
        "p.toml: activities[0].title: must not be empty",
        "p.toml: activities[0].topics[0]: must be a lower-case identifier like 'suicide-prevention', got 'Ethics' "
        '(did you mean "ethics"?)',
        "p.toml: credentials[1].id: duplicate credential id 'a'",
    ]


def test_init_from_flags_says_everything_wrong_at_once(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    flags = ("--credential", "id=lpc,ruleset=us-tx-lpc,issued=2020-01-45", "--credential", "id=x,ruleset=us-ca-lmtf")
    code, _, err = run("init", str(profile), "--id", "p", *flags)
    assert code == 2
    assert err.splitlines() == [
        f"licensetrack: {profile}: credentials[0] (\"lpc\").issued: must be a date like 2024-03-09, got '2020-01-45'",
        f'{profile}: credentials[1] ("x").issued: is required',
        f'{profile}: credentials[0] ("lpc").expires: is required: us-tx-lpc takes its periods from the board\'s '
        "record, so licensetrack cannot work out your period without it (the date is on your licence or the "
        "board's look-up page)",
        f'{profile}: credentials[1] ("x").ruleset: no rule set \'us-ca-lmtf\' is installed (did you mean "us-ca-lmft"?)',
    ]
    assert not profile.exists()


def test_init_asks_for_the_birth_date_when_a_rule_set_renews_in_the_birth_month(tmp_path: Path) -> None:
    from tests.rulekit import CITE, HEADER, total

    rules = tmp_path / "rules" / "us-zz"
    rules.mkdir(parents=True)
    cycle = f'[[cycle]]\neffective = 2000-01-01\nkind = "birth-month"\nmonths = 24\nfirst_end_min_months = 12\n{CITE}\n'
    (rules / "test.toml").write_text(HEADER + cycle + total(24))
    profile = tmp_path / "me.toml"
    typed = answers("sam", "", "", "y", "us-zz-test", "", "2019-05-10", "", "", "n", "", "1980-03-17")
    code, out, err = run("init", str(profile), "--rules-dir", str(rules.parent), input=typed)
    assert code == 0, out + err
    assert "Your birth date is required: us-zz-test's periods end in your birth month." in err
    assert "Error: is required: us-zz-test's periods end in your birth month" in out
    assert str(read_profile(profile).birth_date) == "1980-03-17"
    code, _, err = run(
        "init", str(tmp_path / "p.toml"), "--rules-dir", str(rules.parent), "--id", "p",
        "--credential", "id=t,ruleset=us-zz-test,issued=2019-05-10",
    )  # fmt: skip
    assert code == 2
    assert err == (
        f"licensetrack: {tmp_path / 'p.toml'}: practitioner.birth_date: is required: us-zz-test's periods end in "
        "your birth month\n"
    )
