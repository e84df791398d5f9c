"""Strict profile loading with exact messages, lossless round trips, and no foreign exceptions."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.core.errors import ProfileError
from licensetrack.core.model import Practitioner
from licensetrack.io.profiles import (
    dumps_json,
    dumps_toml,
    loads_json,
    loads_toml,
    parse_profile,
    read_profile,
    to_json_data,
    write_profile,
)
from licensetrack.testing.strategies import practitioners
from tests import schemacheck

EXAMPLE = Path(__file__).parent.parent / "examples" / "dana-rivera.toml"

HEADER = '[practitioner]\nid = "dana"\n'


def messages(text: str, source: str = "dana.toml") -> list[str]:
    with pytest.raises(ProfileError) as caught:
        loads_toml(text, source=source)
    return str(caught.value).splitlines()


def test_the_bundled_example_loads() -> None:
    practitioner = read_profile(EXAMPLE)
    assert practitioner.id == "dana-rivera"
    assert [c.id for c in practitioner.credentials] == ["ca-lmft", "ca-lpcc"]
    assert len(practitioner.activities) >= 20


def test_negative_hours_name_file_record_and_field() -> None:
    text = (
        HEADER
        + "".join(f'[[activities]]\ntitle = "Course {i}"\ncompleted = 2024-01-0{i + 1}\nhours = 1\n' for i in range(3))
        + '[[activities]]\ntitle = "Ethics Update"\ncompleted = 2024-03-09\nhours = -2\n'
    )
    assert messages(text) == ['dana.toml: activities[3] ("Ethics Update").hours: must be greater than 0, got -2']


def test_unknown_key_is_an_error_with_a_close_match() -> None:
    text = HEADER + '[[activities]]\ntitle = "A"\ncompleted = 2024-03-09\nhourz = 2\n'
    (line,) = messages(text)
    assert line.startswith('dana.toml: activities[0] ("A"): unknown key \'hourz\' (did you mean "hours"?)')


def test_unknown_top_level_and_header_keys() -> None:
    assert messages('[practitioner]\nid = "d"\nnmae = "x"\n[[activites]]\n') == [
        "dana.toml: activites: unknown key 'activites' (did you mean \"activities\"?); allowed: practitioner, "
        "degrees, credentials, activities",
        "dana.toml: practitioner.nmae: unknown key 'nmae' (did you mean \"name\"?); allowed keys: id, name, birth_date, graduate_study_began",
    ]


def test_every_problem_in_a_record_is_reported_at_once() -> None:
    text = HEADER + '[[activities]]\ntitle = "X"\ncompleted = 2024-03-09\nhours = 0\nformat = "webinar"\n'
    assert messages(text) == [
        'dana.toml: activities[0] ("X").hours: must be greater than 0, got 0',
        'dana.toml: activities[0] ("X").format: must be one of live, live-online, on-demand, independent-study, '
        "academic, conference, exam, teaching, publication, course-completion, got 'webinar'",
    ]


def test_unknown_topic_and_approval_suggest_close_matches() -> None:
    text = HEADER + (
        '[[activities]]\ntitle = "X"\ncompleted = 2024-03-09\nhours = 1\ntopics = ["ethic"]\napprovals = ["nbc"]\n'
    )
    assert messages(text) == [
        'dana.toml: activities[0] ("X").topics[0]: unknown topic \'ethic\' (did you mean "ethics"?); '
        "`licensetrack vocabulary` lists every topic",
        'dana.toml: activities[0] ("X").approvals[0]: unknown approval body \'nbc\' (did you mean "nbcc"?); '
        "`licensetrack vocabulary` lists every approval body",
    ]


def test_missing_required_fields() -> None:
    assert messages("[practitioner]\nname = 'x'\n") == ["dana.toml: practitioner.id: is required"]
    assert messages("") == ["dana.toml: practitioner: is required (a [practitioner] table with an id)"]
    text = HEADER + '[[credentials]]\nid = "ca-lmft"\nruleset = "us-ca-lmft"\n'
    assert messages(text) == ['dana.toml: credentials[0] ("ca-lmft").issued: is required']


def test_wrong_shapes() -> None:
    assert messages("activities = 3\n" + HEADER) == ["dana.toml: activities: must be a list of tables, got a number"]
    assert messages('activities = ["x"]\n' + HEADER) == ["dana.toml: activities[0]: must be a table of keys, got text"]
    assert messages('practitioner = "dana"\n') == ["dana.toml: practitioner: must be a table with an id"]


def test_toml_syntax_error_names_the_line() -> None:
    (line,) = messages('[practitioner]\nid = "dana\n')
    assert line.startswith("dana.toml: is not valid TOML:")
    assert "line 2" in line


def test_json_profile_with_the_same_structure(tmp_path: Path) -> None:
    path = tmp_path / "dana.json"
    path.write_text(
        json.dumps(
            {
                "practitioner": {"id": "dana"},
                "credentials": [{"id": "ca-lmft", "ruleset": "us-ca-lmft", "issued": "2014-01-09"}],
                "activities": [{"title": "A", "completed": "2024-03-09", "hours": 1.5}],
            }
        )
    )
    practitioner = read_profile(path)
    assert str(practitioner.activities[0].hours) == "1.5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"practitioner": {"id": "a"}, "practitioner": {"id": "b"}}', "duplicate key 'practitioner'"),
        (
            '{"practitioner": {"id": "a"}, "activities": [{"title": "t", "completed": "2024-01-01", "hours": NaN}]}',
            "NaN is not a number a profile may contain",
        ),
        ('{"practitioner": ', "is not valid JSON: Expecting value (line 1, column 18)"),
        (
            '{"practitioner": {"id": "a"}, "activities": [{"title": "t", "completed": "2024-13-01", "hours": 1}]}',
            "activities[0] (\"t\").completed: must be a date like 2024-03-09, got '2024-13-01'",
        ),
    ],
)
def test_bad_json(text: str, expected: str) -> None:
    with pytest.raises(ProfileError) as caught:
        loads_json(text, source="p.json")
    assert expected in str(caught.value)


def test_files_that_are_not_utf8_or_missing(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[practitioner]\nid = "Jos\xe9"\n')
    with pytest.raises(ProfileError, match=r"latin1.toml: is not UTF-8 text \(bad byte 0xe9 on line 2\)"):
        read_profile(path)
    with pytest.raises(ProfileError, match=r"nowhere\.toml: no such file"):
        read_profile(tmp_path / "nowhere.toml")
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b'\xef\xbb\xbf[practitioner]\nid = "dana"\n')
    assert read_profile(bom).id == "dana"


@given(practitioners())
def test_toml_and_json_round_trips_are_lossless_and_the_json_matches_the_published_schema(
    practitioner: Practitioner,
) -> None:
    """One property for the three, which draw the same (costly) practitioners."""
    assert loads_toml(dumps_toml(practitioner)) == practitioner
    assert loads_json(dumps_json(practitioner)) == practitioner
    schemacheck.validate(to_json_data(practitioner), "profile")


def test_example_round_trips_through_files(tmp_path: Path) -> None:
    practitioner = read_profile(EXAMPLE)
    for name in ("copy.toml", "copy.json"):
        write_profile(practitioner, tmp_path / name)
        assert read_profile(tmp_path / name) == practitioner


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates().map(str),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
profile_keys = st.sampled_from(
    [
        "practitioner",
        "degrees",
        "credentials",
        "activities",
        "id",
        "title",
        "hours",
        "completed",
        "issued",
        "ruleset",
        "units",
        "unit",
        "days",
        "format",
        "topics",
    ]
)
profile_like = st.dictionaries(
    profile_keys,
    json_values
    | st.dictionaries(profile_keys, json_values, max_size=6)
    | st.lists(st.dictionaries(profile_keys, json_values, max_size=6), max_size=3),
    max_size=5,
)


@given(profile_like)
def test_no_input_makes_the_loader_raise_anything_but_profile_error(data: dict[str, object]) -> None:
    problems: list[str] = []
    try:
        parse_profile(data, source="fuzz.json")
    except ProfileError as exc:
        problems = str(exc).splitlines()
    assert all(line.startswith("fuzz.json: ") for line in problems)


@given(st.text(max_size=300))
def test_no_text_makes_the_toml_loader_raise_anything_but_profile_error(text: str) -> None:
    with contextlib.suppress(ProfileError):
        loads_toml(text, source="fuzz.toml")
