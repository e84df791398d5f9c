"""Declarative case files: a profile, a date, and the outcome the cited rule gives.

A case file sits next to the rule file it tests (``lmft.toml`` -> ``lmft.cases.toml``) and holds
``[[cases]]``, each with a ``name``, an ``as_of`` date, a ``profile`` table in the profile format and
an ``expect`` table. The pytest plugin in :mod:`licensetrack.testing.pytest_plugin` collects every
``*.cases.toml`` file.

The format, every key of it, is documented in ``docs/case-files.md`` for plugin authors, who read
docs rather than this module; the attrs classes below are the format (the loader structures each
table into one strictly), and ``tests/test_plugin_authoring.py`` keeps the doc's key tables equal to
their fields. Add a key here, and document it there.

```toml
[[cases]]
name = "first renewal before 2023-07-01 owes 18 hours"
as_of = 2023-05-01

[cases.profile.practitioner]
id = "case"

[[cases.profile.credentials]]
id = "lmft"
ruleset = "us-ca-lmft"
issued = 2021-05-20

[cases.expect]
status = "deficient"
required_hours = "18"
missing_hours = "18"
absent = ["telehealth"]

[cases.expect.requirements.law-ethics]
required = "6"
met = false
```
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from licensetrack.core import validation as v
from licensetrack.core.eligibility import answer
from licensetrack.core.engine import evaluate_profile
from licensetrack.core.errors import InputError, Problem, quoted
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.report import CredentialReport, hours
from licensetrack.core.rules import RuleSet
from licensetrack.core.vocabulary import Vocabulary
from licensetrack.io.files import parse_toml, read_text
from licensetrack.io.profiles import parse_profile
from licensetrack.io.structure import structure


class CaseFileError(InputError):
    """A case file that cannot be read."""


@attrs.frozen(kw_only=True)
class ExpectedRequirement:
    required: str | None = None
    counted: str | None = None
    missing: str | None = None
    met: bool | None = None


@attrs.frozen(kw_only=True)
class Expectation:
    credential: str | None = None
    status: str | None = None
    required_hours: str | None = None
    counted_hours: str | None = None
    missing_hours: str | None = None
    cycle_start: datetime.date | None = None
    cycle_end: datetime.date | None = None
    rule_version: datetime.date | None = None
    days_left: int | None = None
    requirements: Mapping[str, Any] = attrs.field(factory=dict)
    absent: tuple[str, ...] = ()
    alternative: str | None = None  # the model of a choice (``[[alternatives]]``) shown; "" none offered
    standing: str | None = None
    expired: bool | None = None
    # The credential it depends on (``[[home]]``) no longer keeps it valid: a privilege lapsed with its home.
    lapsed: bool | None = None
    # More days practised in the as-of year than ``[[practice_limit]]`` allows (PSYPACT's TAP).
    over_practice_limit: bool | None = None
    # Whether the profile's degrees and other credentials qualify for the credential's rule set
    # (``licensetrack eligibility``: its ``[[home]]`` and ``[[degree]]`` on ``as_of``).
    eligible: bool | None = None
    # The ended period's missing hours; "" expects no ended period judged.
    previous_missing_hours: str | None = None


@attrs.frozen(kw_only=True)
class Case:
    name: str = attrs.field(validator=v.text(required=True))
    as_of: datetime.date = attrs.field(validator=v.date(required=True))
    profile: Mapping[str, Any]
    expect: Expectation


@attrs.frozen(kw_only=True)
class CaseFile:
    cases: tuple[Case, ...]


def read_cases(path: Path) -> tuple[Case, ...]:
    """Every case in a case file, checked strictly (unknown keys are errors)."""
    data = parse_toml(read_text(path, CaseFileError), str(path), CaseFileError)
    parsed = structure(data, CaseFile, source=str(path), error=CaseFileError)
    problems: list[Problem] = []
    for index, case in enumerate(parsed.cases):
        for req_id, expected in case.expect.requirements.items():
            try:
                structure(expected, ExpectedRequirement, source=str(path), error=CaseFileError)
            except CaseFileError as exc:
                where = f"cases[{index}] ({quoted(case.name)}).expect.requirements.{req_id}"
                problems.extend(Problem(f"{where}.{p.path}".rstrip("."), p.message) for p in exc.problems)
    if problems:
        raise CaseFileError(str(path), problems)
    return parsed.cases


def check_case(
    case: Case, rulesets: Mapping[str, RuleSet], vocabulary: Vocabulary, source: str, *, kinds: Kinds = CORE_KINDS
) -> list[str]:
    """Run one case; the list of mismatches between what the engine says and what was expected.

    ``kinds`` implements the rule sets' plugin kinds (``registry.kinds``).
    """
    practitioner = parse_profile(case.profile, source=f"{source}: case {quoted(case.name)}", vocabulary=vocabulary)
    expect = case.expect
    wanted = [expect.credential] if expect.credential else [practitioner.credentials[0].id]
    report = evaluate_profile(practitioner, rulesets, case.as_of, wanted, kinds=kinds).credentials[0]
    found = _mismatches(report, expect)
    if expect.eligible is not None:
        qualifies = answer(practitioner, rulesets[report.ruleset], rulesets, case.as_of)
        if qualifies.eligible != expect.eligible:
            reasons = "; ".join(f"{c.kind}: {c.reason}" for c in qualifies.conditions)
            found.append(f"eligible: expected {expect.eligible}, got {qualifies.eligible} ({reasons})")
    return found


def _mismatches(report: CredentialReport, expect: Expectation) -> list[str]:
    found: list[str] = []

    def compare(label: str, expected: object, actual: object) -> None:
        if expected is not None and expected != actual:
            found.append(f"{label}: expected {expected}, got {actual}")

    compare("status", expect.status, report.status.value)
    compare("required_hours", _norm(expect.required_hours), hours(report.required_hours))
    compare("counted_hours", _norm(expect.counted_hours), hours(report.counted_hours))
    compare("missing_hours", _norm(expect.missing_hours), hours(report.missing_hours))
    compare("cycle_start", expect.cycle_start, report.cycle_start)
    compare("cycle_end", expect.cycle_end, report.cycle_end)
    compare("rule_version", expect.rule_version, report.rule_version)
    compare("days_left", expect.days_left, report.days_left)
    compare("standing", expect.standing, report.standing.value)
    compare("expired", expect.expired, report.expired)
    compare("lapsed", expect.lapsed, report.lapsed)
    compare("over_practice_limit", expect.over_practice_limit, report.over_practice_limit)
    if expect.previous_missing_hours is not None:
        previous = report.previous_period
        actual = "" if previous is None else hours(previous.missing_hours)
        wanted_previous = _norm(expect.previous_missing_hours) if expect.previous_missing_hours else ""
        compare("previous_missing_hours", repr(wanted_previous), repr(actual))
    by_id = {r.id: r for r in report.requirements}
    for req_id, raw in expect.requirements.items():
        expected = structure(raw, ExpectedRequirement, source=None, error=CaseFileError)
        result = by_id.get(req_id)
        if result is None:
            found.append(f"requirement {req_id}: expected to apply, but it does not (applies: {', '.join(by_id)})")
            continue
        compare(f"{req_id}.required", _norm(expected.required), hours(result.required))
        compare(f"{req_id}.counted", _norm(expected.counted), hours(result.counted))
        compare(f"{req_id}.missing", _norm(expected.missing), hours(result.missing))
        compare(f"{req_id}.met", expected.met, result.met)
    for req_id in expect.absent:
        if req_id in by_id:
            found.append(f"requirement {req_id}: expected not to apply, but it does")
    if expect.alternative is not None:
        # "" expects no choice of requirement sets in the period (the other side of a choice's date)
        chosen = report.alternatives.chosen if report.alternatives else ""
        compare("alternative", repr(expect.alternative), repr(chosen))
    return found


def _norm(value: str | None) -> str | None:
    """Expected hours as written ("18", "18.0", "1.50") compared as the report writes them."""
    if value is None:
        return None
    from decimal import Decimal, InvalidOperation

    try:
        return hours(Decimal(value))
    except InvalidOperation:
        return value
