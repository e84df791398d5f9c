"""One vocabulary check: profiles, bulk rows and rule files name the same unknown words."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.core.errors import ProfileError, RuleSetError
from licensetrack.core.model import Activity
from licensetrack.core.vocabulary import CORE_TOPICS, CORE_VOCABULARY, UnknownWord
from licensetrack.io.batch import read_csv_bundle
from licensetrack.io.profiles import parse_profile
from licensetrack.io.rulefiles import loads_ruleset
from tests.rulekit import CITE, HEADER, TWO_YEAR_CYCLE

KNOWN = sorted(CORE_TOPICS)
UNKNOWN = ["ethicz", "fire-safety", "hipaa", "law-and-ethics"]


def test_unknown_words_of_a_record_and_of_its_raw_table() -> None:
    activity = Activity(
        title="A", completed=datetime.date(2025, 1, 1), hours=Decimal(1), topics=("law", "lawz"), approvals=("apaa",)
    )
    found = list(CORE_VOCABULARY.unknown_words(activity, "topics", "approvals"))
    assert [(u.path, u.word) for u in found] == [("topics[1]", "lawz"), ("approvals[0]", "apaa")]
    assert found[0].message == (
        "unknown topic 'lawz' (did you mean \"law\"?); `licensetrack vocabulary` lists every topic"
    )
    assert found[1].message.startswith("unknown approval body 'apaa' (did you mean \"apa\"")
    # A raw table: items that are not well-formed words, and a field that is not a list, are left to structuring.
    raw = {"topics": ["Law", 7, "lawz"], "approvals": "apaa", "without_approvals": ["nbccc"]}
    assert list(CORE_VOCABULARY.unknown_words(raw, "topics", "approvals", "without_approvals")) == [
        UnknownWord("topics", 2, "lawz", CORE_VOCABULARY.topics),
        UnknownWord("without_approvals", 0, "nbccc", CORE_VOCABULARY.approvals),
    ]


topic_lists = st.lists(st.sampled_from(KNOWN + UNKNOWN), max_size=5, unique=True)


@given(topics=topic_lists)
def test_profiles_and_rule_files_report_exactly_the_unknown_words(topics: list[str]) -> None:
    unknown = [f"topics[{i}]" for i, word in enumerate(topics) if word in UNKNOWN]
    profile = {"practitioner": {"id": "p"}, "activities": [{"title": "A", "completed": "2025-01-01", "hours": 1}]}
    profile["activities"][0]["topics"] = topics  # type: ignore[index]
    rule = (
        HEADER
        + TWO_YEAR_CYCLE
        + (
            f'[[requirements]]\nid = "t"\nkind = "topic"\ntitle = "T"\n[[requirements.versions]]\n'
            f"effective = 2000-01-01\nhours = 1\ntopics = {topics or ['law']!r}\n{CITE}\n".replace("'", '"')
        )
    )
    if not unknown:
        parse_profile(profile)
        loads_ruleset(rule)
        return
    with pytest.raises(ProfileError) as profile_error:
        parse_profile(profile)
    assert [p.path for p in profile_error.value.problems] == [f'activities[0] ("A").{path}' for path in unknown]
    with pytest.raises(RuleSetError) as rule_error:
        loads_ruleset(rule)
    assert [p.path for p in rule_error.value.problems] == [
        f'requirements[0] ("t").versions[0].{path}' for path in unknown
    ]


def test_a_bulk_row_names_its_first_unknown_word_by_column(tmp_path: Path) -> None:
    folder = tmp_path / "hr"
    folder.mkdir()
    (folder / "practitioners.csv").write_text("id,name,birth_date\nann,Ann,\n")
    (folder / "credentials.csv").write_text(
        "practitioner_id,id,ruleset,number,issued,expires,period_start,roles,status\n"
    )
    (folder / "activities.csv").write_text(
        "practitioner_id,title,completed,hours,units,unit,days,format,topics,provider,approvals,certificate\n"
        "ann,A,2025-03-01,6,,,,live,law;ethicz,,apaa,\n"
    )
    (record,) = read_csv_bundle(folder)
    assert record.problem == (f"{folder}/activities.csv:2: topics: unknown topic 'ethicz' (did you mean \"ethics\"?)")
