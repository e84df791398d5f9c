"""Text a therapist reads: counts in the right number, quantities as given, widths, booleans in words."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli import main
from licensetrack.wording import count, plural

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
    code, listing, _ = run("rules", "list", "--format", "json")
    for ruleset in json.loads(listing)["rulesets"]:
        _, out, _ = run("rules", "show", ruleset["id"], "--as-of", "2026-01-01")
        assert not re.search(r"\b(True|False|None)\b", out), ruleset["id"]
