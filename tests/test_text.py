"""Text a therapist reads: counts in the right number, quantities as given, widths, booleans in words."""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.core.report import CredentialReport
from licensetrack.core.wording import count, plural
from licensetrack.formats.shapes import credential_to_json
from licensetrack.formats.terminal import terminal_columns, width_of
from licensetrack.formats.text import render_credential
from tests import rulekit, schemacheck

ROOT = Path(__file__).parent.parent
EXAMPLE = str(ROOT / "examples" / "dana-rivera.toml")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- counts --------------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["credential", "activity", "rule file", "entry"]))
def test_a_count_is_singular_exactly_when_it_is_one(number: int, noun: str) -> None:
    text = count(number, noun)
    assert text.startswith(f"{number} ")
    assert text.endswith(noun) == (number == 1)


def test_regular_plurals() -> None:
    assert [plural(w) for w in ("activity", "day", "credential", "dated entry", "box", "class")] == [
        "activities",
        "days",
        "credentials",
        "dated entries",
        "boxes",
        "classes",
    ]
    assert count(Decimal("1.5"), "hour") == "1.5 hours"
    assert count(Decimal(1), "hour") == "1 hour"


def test_check_says_one_credential_and_never_a_parenthesised_plural() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-01-15", "--credential", "ca-lmft")
    assert code == 0
    assert out.splitlines()[-1] == "1 credential: 1 compliant, 0 deficient, 0 exempt"
    assert "1 activity dated after 2026-01-15 not counted yet." in out
    assert "(s)" not in out
    assert not re.search(r"\b1 (activities|credentials|rules|hours)\b", out)
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-01-15")
    assert out.splitlines()[-1] == "2 credentials: 2 compliant, 0 deficient, 0 exempt"


def test_plan_and_add_and_init_count_in_words(tmp_path: Path) -> None:
    _, out, _ = run("plan", EXAMPLE, "--as-of", "2026-08-01")
    assert "counts toward 2\n    credentials:" in out or "counts toward 2 credentials:" in out
    assert "ca-lmft: 6 missing hours fewer" in out
    profile = tmp_path / "p.toml"
    code, _, err = run(
        "init", str(profile), "--id", "p", "--credential", "id=lmft,ruleset=us-ca-lmft,issued=2020-01-01"
    )
    assert code == 0, err
    assert err.strip() == f"wrote {profile} with 1 credential"
    code, _, err = run("add", str(profile), "--title", "Ethics", "--completed", "2024-01-01", "--hours", "6")
    assert code == 0, err
    assert err.strip() == f"added 'Ethics' to {profile} (1 activity)"


# --- deadlines: records to keep ------------------------------------------------------------------


def _profile_with_courses(path: Path, courses: int, certificates: int) -> Path:
    text = (
        '[practitioner]\nid = "p"\n[[credentials]]\nid = "lmft"\nruleset = "us-ca-lmft"\n'
        "issued = 2014-01-09\nexpires = 2026-01-31\n"
    )
    for n in range(courses):
        certificate = f'certificate = "certs/{n}.pdf"\n' if n < certificates else ""
        text += (
            f'[[activities]]\ntitle = "Course {n}"\ncompleted = 2025-03-{n + 1:02d}\nhours = 2\n'
            f'approvals = ["camft"]\n{certificate}'
        )
    path.write_text(text, encoding="utf-8")
    return path


def _retention(profile: Path) -> list[dict[str, str]]:
    code, out, err = run("deadlines", str(profile), "--as-of", "2026-01-15", "--format", "json")
    assert code == 0, err
    return [d for d in json.loads(out)["deadlines"] if d["kind"] == "record-retention"]


def test_deadlines_keep_the_record_of_every_course_and_say_how_many_lack_a_certificate(tmp_path: Path) -> None:
    (item,) = _retention(_profile_with_courses(tmp_path / "p.toml", courses=15, certificates=1))
    assert item["date"] == "2028-01-31"
    assert item["title"] == "Records of the period 2024-02-01 to 2026-01-31 may be discarded after this date"
    assert item["detail"] == (
        "keep the records of 15 activities until then (24 months after the period ends); 14 have no certificate on file"
    )


def test_deadlines_retention_with_every_certificate_or_none(tmp_path: Path) -> None:
    (item,) = _retention(_profile_with_courses(tmp_path / "all.toml", courses=1, certificates=1))
    assert item["detail"] == "keep the record of 1 activity until then (24 months after the period ends)"
    (item,) = _retention(_profile_with_courses(tmp_path / "none.toml", courses=2, certificates=0))
    assert item["detail"] == (
        "keep the records of 2 activities until then (24 months after the period ends); "
        "none of them has a certificate on file"
    )
    assert _retention(_profile_with_courses(tmp_path / "empty.toml", courses=0, certificates=0)) == []
    (item,) = _retention(_profile_with_courses(tmp_path / "one.toml", courses=1, certificates=0))
    assert item["detail"].endswith("; it has no certificate on file")


# --- rules show ----------------------------------------------------------------------------------


def test_rules_show_says_yes_and_no_never_true_and_false() -> None:
    code, out, _ = run("rules", "show", "us-ca-lmft", "--as-of", "2026-01-01")
    assert code == 0
    assert "month end yes;" in out
    assert "Carry-forward: allowed no\n" in out
    code, out, _ = run("rules", "show", "us-tx-lpc", "--as-of", "2026-01-01")
    assert "month end no;" in out
    assert "allowed yes" in out
    # Every rule set, rendered as `rules show` renders it (in process: one registry, not one per rule set).
    from licensetrack.formats.views import holder_for, ruleset_json, ruleset_text
    from licensetrack.plugins.registry import load_registry

    registry = load_registry()
    day = datetime.date(2026, 1, 1)
    for ruleset in registry.rulesets.values():
        out = ruleset_text(ruleset_json(ruleset, day, holder_for(ruleset, day), registry.kinds))
        assert not re.search(r"\b(True|False|None)\b", out), ruleset.id


# --- quantities given in units or days -----------------------------------------------------------


def _unconverted_report() -> CredentialReport:
    """Units and days under a rule set that converts neither, beside a plain course in hours."""
    return rulekit.check(
        rulekit.ruleset(rulekit.total(36)),
        [
            rulekit.act("Graduate course", "2024-09-01", units=3, unit="semester", format="academic"),
            rulekit.act("Annual conference", "2024-10-01", days=2, format="conference"),
            rulekit.act("Quarter course", "2024-11-01", units=1, unit="quarter", format="academic"),
            rulekit.act("Ethics", "2024-12-01", 6),
            rulekit.act("Old conference", "2022-10-01", days=1, format="conference"),
        ],
        "2025-01-01",
    )


def test_an_unconverted_quantity_is_shown_as_given_with_its_reason() -> None:
    lines = render_credential(_unconverted_report())
    rows = [line.split() for line in lines[lines.index("  Not counted") + 1 :] if line.startswith("    20")]
    assert rows == [
        ["2024-09-01", "Graduate", "course", "3", "semester", "units"],
        ["2024-10-01", "Annual", "conference", "2", "days"],
        ["2024-11-01", "Quarter", "course", "1", "quarter", "unit"],
    ]
    text = " ".join(line.strip() for line in lines)
    assert "3 semester units semester units are not converted to hours by this rule set" in text
    assert "2 days conference days are not converted to hours by this rule set" in text
    assert all(len(line) <= 80 for line in lines)
    assert not any(line.rstrip().endswith(" 0 h") for line in lines)
    assert "1 earlier activity (1 day) falls outside this period." in " ".join(line.strip() for line in lines)


def test_the_json_activity_gives_the_quantity_and_whether_its_hours_are_known() -> None:
    activities = {a["title"]: a for a in credential_to_json(_unconverted_report())["activities"]}
    assert activities["Graduate course"] | {"reasons": None} == {
        "title": "Graduate course",
        "completed": "2024-09-01",
        "hours": "0",
        "counted": "0",
        "excluded": "0",
        "reasons": None,
        "credited_to": [],
        "credits": [],
        "given": {"amount": "3", "unit": "semester-units"},
        "hours_known": False,
    }
    assert activities["Annual conference"]["given"] == {"amount": "2", "unit": "days"}
    assert activities["Ethics"]["given"] == {"amount": "6", "unit": "hours"}
    assert activities["Ethics"]["hours_known"] is True
    assert activities["Old conference"]["hours_known"] is False


def test_a_converted_quantity_keeps_its_hours_and_its_given_size() -> None:
    rules = rulekit.ruleset(rulekit.total(36), rulekit_conversion("academic", "per_semester_unit = 15"))
    report = rulekit.check(
        rules, [rulekit.act("S", "2024-03-01", units=2, unit="semester", format="academic")], "2025-01-01"
    )
    (activity,) = credential_to_json(report)["activities"]
    assert (activity["hours"], activity["counted"], activity["given"], activity["hours_known"]) == (
        "30",
        "30",
        {"amount": "2", "unit": "semester-units"},
        True,
    )


def test_the_example_conference_in_days_is_shown_in_days() -> None:
    code, out, _ = run("check", EXAMPLE, "--as-of", "2026-01-15", "--credential", "ca-lmft")
    assert code == 0
    line = next(line for line in out.splitlines() if "CAMFT Annual Conference" in line)
    assert line.split()[-2:] == ["2", "days"]
    assert not line.rstrip().endswith("0 h")
    _, out, _ = run("check", EXAMPLE, "--as-of", "2026-01-15", "--format", "json")
    schemacheck.validate(json.loads(out), "report")


def rulekit_conversion(format: str, body: str) -> str:
    return f'\n[[conversions]]\neffective = 2000-01-01\nformat = "{format}"\n{body}\n{rulekit.CITE}\n'


# --- the terminal's width ------------------------------------------------------------------------


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _terminal(monkeypatch: pytest.MonkeyPatch, size: tuple[int, int] | None) -> None:
    """Standard output's terminal as ``size`` (columns, lines), or not a terminal at all."""

    def get_terminal_size(fd: int = 1) -> os.terminal_size:
        if size is None:
            raise OSError("not a terminal")
        return os.terminal_size(size)

    monkeypatch.setattr(os, "get_terminal_size", get_terminal_size)


def test_the_width_is_the_terminals_and_80_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    _terminal(monkeypatch, (160, 50))
    assert width_of(_Stream(tty=True)) == 160
    assert width_of(_Stream(tty=False)) == 80
    _terminal(monkeypatch, (30, 50))
    assert width_of(_Stream(tty=True)) == 60  # the narrowest the table can be laid out for
    monkeypatch.setenv("COLUMNS", "132")  # COLUMNS wins over the terminal, as everywhere
    assert width_of(_Stream(tty=True)) == 132


@given(
    columns=st.none() | st.sampled_from(["", "0", "-5", "abc", " 90 ", "1e3", "٣٠"]) | st.integers(-5, 400).map(str),
    lines=st.none() | st.sampled_from(["", "0", "x"]) | st.integers(-2, 80).map(str),
    size=st.none() | st.tuples(st.integers(0, 400), st.integers(0, 100)),
)
def test_the_terminal_columns_are_what_shutil_would_say(
    columns: str | None, lines: str | None, size: tuple[int, int] | None
) -> None:
    """terminal.py says shutil.get_terminal_size's rule itself (importing shutil cost every command about
    2 ms); for any COLUMNS, LINES and terminal, the two give the same columns."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in (("COLUMNS", columns), ("LINES", lines)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        _terminal(monkeypatch, size)
        assert terminal_columns() == shutil.get_terminal_size((80, 24)).columns


def _example_report() -> CredentialReport:
    from licensetrack.core.engine import evaluate_profile
    from licensetrack.io.profiles import read_profile
    from licensetrack.plugins.registry import load_registry

    registry = load_registry()
    practitioner = read_profile(EXAMPLE, vocabulary=registry.vocabulary)
    return evaluate_profile(
        practitioner, registry.rulesets, datetime.date(2026, 1, 15), kinds=registry.kinds
    ).credentials[0]


EXAMPLE_REPORT = _example_report()
LONG = "Telehealth, including telehealth law and ethics (one-time)"


def test_a_wide_terminal_shows_every_requirement_title_whole_on_its_row() -> None:
    lines = render_credential(EXAMPLE_REPORT, width=160)
    row = next(line for line in lines if LONG in line)
    assert row.split()[-4:] == ["3", "9", "0", "██████████"]
    assert not any("…" in line for line in lines)
    assert max(len(line) for line in lines) <= 160


def test_an_80_column_report_wraps_long_titles_and_cuts_none() -> None:
    lines = render_credential(EXAMPLE_REPORT, width=80)
    at = next(i for i, line in enumerate(lines) if "Telehealth, including" in line)
    assert lines[at].split()[-4:] == ["3", "9", "0", "██████████"]
    assert " ".join((lines[at][4:45] + lines[at + 1]).split()) == LONG
    assert not any("…" in line for line in lines)
    assert all(len(line) <= 80 for line in lines)


_words = st.text(alphabet=st.sampled_from("abcdefghij"), min_size=1, max_size=15)


@given(
    width=st.integers(min_value=60, max_value=200),
    titles=st.lists(st.lists(_words, min_size=1, max_size=14).map(" ".join), min_size=1, max_size=4),
)
def test_requirement_and_activity_titles_fit_the_width_and_lose_no_word(width: int, titles: list[str]) -> None:
    requirements = tuple(
        attrs.evolve(EXAMPLE_REPORT.requirements[i % len(EXAMPLE_REPORT.requirements)], title=title, scope="cycle")
        for i, title in enumerate(titles)
    )
    refused = next(a for a in EXAMPLE_REPORT.activities if a.title.startswith("Substance"))
    activities = tuple(attrs.evolve(refused, title=title) for title in titles)
    report = attrs.evolve(EXAMPLE_REPORT, requirements=requirements, activities=activities, notes=(), unverified=())
    lines = render_credential(report, width=width)
    table = lines[lines.index("") + 1 : lines.index("  Not counted")]
    assert all(len(line) <= width for line in table)
    assert " ".join(" ".join(line[4:].split()[: -4 if "█" in line else None]) for line in table[1:]).split() == (
        " ".join(titles).split()
    )
    rows = [line for line in lines[lines.index("  Not counted") :] if line.startswith("    ")]
    assert all(len(line) <= width for line in rows)


def test_a_plan_with_hours_missing_and_no_course_that_helps_never_says_nothing_is_missing() -> None:
    """Caps full or categories open: no single course lowers the shortfall, yet hours are missing."""
    from licensetrack.core.planner import Plan, Remaining
    from licensetrack.core.report import Status
    from licensetrack.formats.views import plan_text

    remaining = Remaining(
        credential="psy",
        ruleset="us-ca-psychologist",
        status=Status.DEFICIENT,
        deadline=datetime.date(2023, 1, 31),
        days_left=29,
        missing_hours=Decimal(9),
        topic_needs=(),
        general_hours=Decimal(9),
        closed_formats=("live",),
    )
    text = plan_text(Plan(as_of=datetime.date(2023, 1, 2), practitioner="p", remaining=(remaining,), best_course=None))
    assert "Nothing is missing" not in text
    assert text.endswith(
        "No single course found that lowers the hours missing: take what each credential lists above.\n"
    )


def test_output_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-o -` prints, as for most command-line tools, and leaves no file named '-'."""
    monkeypatch.chdir(tmp_path)
    example = str(Path(__file__).parent.parent / "examples" / "dana-rivera.toml")
    to_stdout = CliRunner().invoke(main, ["ical", example, "--as-of", "2026-01-15"])
    dashed = CliRunner().invoke(main, ["ical", example, "--as-of", "2026-01-15", "-o", "-"])
    assert (dashed.exit_code, dashed.stdout) == (0, to_stdout.stdout)
    assert to_stdout.stdout.startswith("BEGIN:VCALENDAR")
    assert list(tmp_path.iterdir()) == []
