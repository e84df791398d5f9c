"""Hostile input for every reader: only the library's own errors escape, each naming where.

Profiles (TOML and JSON), JSON Lines, CSV bundles and rule files are fuzzed with hypothesis; the
classic traps are tried by name (huge numbers, NaN, negative zero, far dates, BOMs, non-UTF-8
bytes, deep nesting, very long strings, a rule file that tries to reference code or other files).
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licensetrack.core.cycles import schedule
from licensetrack.core.errors import LicensetrackError, ProfileError, RuleSetError
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.rules import CycleKind, CycleRule
from licensetrack.io.batch import read_csv_bundle, read_jsonl
from licensetrack.io.profiles import loads_json, loads_toml
from licensetrack.io.rulefiles import loads_ruleset
from tests.rulekit import HEADER, TWO_YEAR_CYCLE, total

PROFILE = '[practitioner]\nid = "p"\n[[activities]]\ntitle = "A"\ncompleted = 2024-01-01\n'


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("1e308", "must be at most 100000"),
        ("nan", "must be a finite number"),
        ("inf", "must be a finite number"),
        ("-0.0", "must be greater than 0, got -0"),
        ("0.0000", "must be greater than 0"),
        ('"1e400"', "must be at most 100000, got 1E[+]400$"),  # not 401 digits written out
        ('"1e99999999"', "must be at most 100000, got 1E[+]99999999$"),  # beyond what Decimal's context can normalise
        ('"-1e99999999"', "must be greater than 0, got -1E[+]99999999$"),
        ('"1e-99999"', "must have at most 30 decimal places, got 1E-99999$"),  # exact arithmetic would crawl
        ('"0.0000000000000000000000000000001"', "must have at most 30 decimal places"),
        ('"12 hours"', "must be a number, got '12 hours'"),
    ],
)
def test_absurd_numbers(hours: str, message: str) -> None:
    with pytest.raises(ProfileError, match="hours: " + message.replace("(", r"\(")):
        loads_toml(PROFILE + f"hours = {hours}\n", source="p.toml")


@pytest.mark.parametrize(
    "hours", ["0.000000000000000000000000000001", "6.000000000000000000001", "1.50000000000000000000000000000000000"]
)
def test_hours_of_up_to_30_decimal_places_are_kept_exactly(hours: str) -> None:
    (activity,) = loads_toml(PROFILE + f'hours = "{hours}"\n', source="p.toml").activities
    assert activity.hours == Decimal(hours)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[practitioner]\nid = "p"\n[[credentials]]\nid = "c"\nruleset = "us-ca-lmft"\nissued = 2020-01-01\nexpires = 2019-01-01\n',
            "expires: must not be before issued",
        ),
        (PROFILE.replace("2024-01-01", "2024-02-30") + "hours = 1\n", "is not valid TOML"),  # no such day
        (PROFILE.replace("2024-01-01", "9999-12-31") + "hours = 1\n", None),  # far future: a date like any
        (PROFILE.replace("2024-01-01", "0001-01-01") + "hours = 1\n", None),
        ('[practitioner]\nid = "' + "x" * 200_000 + '"\n', None),
        ("[practitioner]\nid = 1\n", "practitioner.id: must be text, got 1"),
        ('[practitioner]\nid = "p"\nbirth_date = 1984-03-17T10:00:00\n', "birth_date: must be a date"),
    ],
)
def test_strange_but_parseable_profiles(text: str, message: str | None) -> None:
    if message is None:
        assert loads_toml(text, source="p.toml").id
    else:
        with pytest.raises(ProfileError, match=message):
            loads_toml(text, source="p.toml")


def test_deep_nesting_and_duplicate_ids_in_json() -> None:
    with pytest.raises(ProfileError, match=r"deep\.json: is nested too deeply to be a profile"):
        loads_json("[" * 100_000 + "]" * 100_000, source="deep.json")
    credential = {"id": "c", "ruleset": "us-ca-lmft", "issued": "2020-01-01"}
    with pytest.raises(ProfileError, match=r"credentials\[1\]\.id: duplicate credential id 'c'"):
        loads_json(json.dumps({"practitioner": {"id": "p"}, "credentials": [credential, credential]}), source="d.json")


def test_rule_files_cannot_reference_code_or_files() -> None:
    # TOML has no include or code; a key that tries to name either is an unknown key, nothing more.
    for attempt in ('include = "../../etc/passwd"', 'plugin = "os:system"', '__import__ = "os"'):
        with pytest.raises(RuleSetError, match="unknown key"):
            loads_ruleset(attempt + "\n" + HEADER + TWO_YEAR_CYCLE + total(30), source="evil.toml")
    with pytest.raises(RuleSetError, match="kind: must be a lower-case identifier"):
        loads_ruleset(
            HEADER + TWO_YEAR_CYCLE + total(30).replace('kind = "total"', 'kind = "os.system"'), source="evil.toml"
        )


json_leaf = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    json_leaf, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=4), max_leaves=20
)
rule_keys = st.sampled_from(
    [
        "id",
        "title",
        "authority",
        "verified_on",
        "cycle",
        "requirements",
        "kind",
        "months",
        "effective",
        "citation",
        "source",
        "hours",
        "topics",
        "versions",
        "start",
        "anchor_year",
        "max_share",
        "eligibility",
        "approvals",
        "params",
        "scope",
        "every",
    ]
)


@given(
    st.dictionaries(
        rule_keys, json_values | st.lists(st.dictionaries(rule_keys, json_values, max_size=6), max_size=3), max_size=8
    )
)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_no_rule_data_makes_the_loader_raise_anything_but_rule_set_error(data: dict[str, object]) -> None:
    from licensetrack.io.rulefiles import parse_ruleset

    problems: list[str] = []
    try:
        parse_ruleset(data, source="fuzz.toml")
    except RuleSetError as exc:
        problems = str(exc).splitlines()
    assert all(line.startswith("fuzz.toml") for line in problems)


@given(st.binary(max_size=400))
def test_no_bytes_make_the_jsonl_reader_raise(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.jsonl"
        path.write_bytes(data)
        for record in read_jsonl(path):
            assert (record.practitioner is None) == (record.problem is not None)
            if record.problem:
                assert record.problem.startswith(str(path))


csv_cell = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=15)


@given(st.lists(st.lists(csv_cell, min_size=1, max_size=4), max_size=4), st.binary(max_size=60))
def test_no_csv_bundle_makes_the_reader_raise_anything_but_profile_error(rows: list[list[str]], junk: bytes) -> None:
    import csv
    import io
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, header in (
            ("practitioners", "id,name,birth_date"),
            ("credentials", "practitioner_id,id,ruleset,issued,expires"),
            ("activities", "practitioner_id,title,completed,hours,topics"),
        ):
            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            (root / f"{name}.csv").write_bytes(header.encode() + b"\n" + buffer.getvalue().encode() + junk)
        try:
            records = list(read_csv_bundle(root))
        except LicensetrackError:
            return
        for record in records:
            assert (record.practitioner is None) == (record.problem is not None)


# --- cycles tile time ------------------------------------------------------------------------------


cycle_rules = st.one_of(
    st.builds(
        lambda m: CycleRule(
            effective=datetime.date(2000, 1, 1),
            kind=CycleKind.ANNIVERSARY,
            months=m,
            month_end=True,
            citation="c",
            source="https://example.org",
        ),
        st.sampled_from([12, 24, 36]),
    ),
    st.builds(
        lambda m: CycleRule(
            effective=datetime.date(2000, 1, 1),
            kind=CycleKind.ANNIVERSARY,
            months=m,
            citation="c",
            source="https://example.org",
        ),
        st.sampled_from([12, 24, 60]),
    ),
    st.builds(
        lambda m, s: CycleRule(
            effective=datetime.date(2000, 1, 1),
            kind=CycleKind.FIXED,
            months=m,
            start=s,
            anchor_year=2021,
            citation="c",
            source="https://example.org",
        ),
        st.sampled_from([12, 24]),
        st.sampled_from(["01-01", "04-01", "06-01", "02-28"]),
    ),
    st.builds(
        lambda m, k: CycleRule(
            effective=datetime.date(2000, 1, 1),
            kind=CycleKind.BIRTH_MONTH,
            months=m,
            first_end_min_months=k,
            citation="c",
            source="https://example.org",
        ),
        st.sampled_from([12, 24]),
        st.integers(0, 12),
    ),
)
edge_dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2040, 12, 31)) | st.sampled_from(
    [datetime.date(2000, 2, 29), datetime.date(2024, 2, 29), datetime.date(2023, 1, 31), datetime.date(2021, 12, 31)]
)


@given(cycle_rules, edge_dates, edge_dates, st.integers(0, 4000))
def test_periods_tile_time_without_gaps_or_overlaps(
    rule: CycleRule, issued: datetime.date, born: datetime.date, offset: int
) -> None:
    credential = Credential(id="c", ruleset="x", issued=issued)
    plan = schedule(rule, credential, Practitioner(id="p", birth_date=born, credentials=(credential,)))
    first = plan.period(0)
    assert first.start == issued
    assert first.end >= issued
    previous = first
    for index in range(1, 8):
        period = plan.period(index)
        assert period.start == previous.end + datetime.timedelta(days=1)
        assert period.end > period.start
        previous = period
    day = issued + datetime.timedelta(days=offset)
    found = plan.containing(day)
    assert found.start <= day <= found.end
    assert found == plan.period(found.index)


@given(st.text())
def test_a_quoted_name_stays_on_one_line_and_reads_back(text: str) -> None:
    """Names in messages are quoted: one line by str.splitlines' rules, and JSON that gives the name back."""
    import json

    from licensetrack.core.errors import quoted

    assert len(quoted(text).splitlines()) == 1
    assert json.loads(quoted(text)) == text


def test_a_lone_surrogate_escape_is_refused_naming_the_field_and_a_pair_is_one_character() -> None:
    """JSON may write half of a UTF-16 pair as ``\\ud800``; no UTF-8 output can hold it, so it is refused
    when read (it once reached the audit's writer and ended in a traceback)."""
    for document, field in (
        ('{"practitioner": {"id": "p \\ud800"}}', "practitioner.id"),
        (
            '{"practitioner": {"id": "p"}, "activities": [{"title": "\\udfff", "completed": "2024-01-01"}]}',
            "activities[0].title",
        ),
        ('{"practitioner": {"id": "p", "\\ud801x": 1}}', "practitioner.\ud801x"),
    ):
        with pytest.raises(ProfileError) as caught:
            loads_json(document, source="s.json")
        assert str(caught.value).startswith(f"s.json: {field}: is not text: a \\u escape names half of a character")
    assert loads_json('{"practitioner": {"id": "p \\ud83d\\ude00"}}', source="s.json").id == "p \U0001f600"


@given(st.text(alphabet=st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), max_size=6))
def test_any_escaped_text_is_read_as_text_that_utf8_can_hold_or_refused(title: str) -> None:
    """Whatever \\u escapes a JSON line holds (surrogates included, paired or not), reading it gives text
    every output can write, or the library's own error."""
    document = json.dumps({"practitioner": {"id": title or "p"}})  # ensure_ascii: every character escaped
    try:
        practitioner = loads_json(document, source="s.json")
    except ProfileError:
        assert any("\ud800" <= char <= "\udfff" for char in title)
    else:
        practitioner.id.encode("utf-8")
