"""Small builders for engine tests: a rule set from a TOML fragment, activities in one line."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from licensetrack.core.engine import evaluate
from licensetrack.core.model import AcademicUnit, Activity, Credential, CredentialStatus, Format, Practitioner
from licensetrack.core.report import CredentialReport
from licensetrack.core.rules import RuleSet
from licensetrack.io.rulefiles import loads_ruleset

CITE = 'citation = "Test Code § 1"\nsource = "https://example.org/rules"'

HEADER = """
id = "us-zz-test"
title = "Test Credential"
authority = "Test Board"
verified_on = 2026-11-25
"""

TWO_YEAR_CYCLE = f"""
[[cycle]]
effective = 2000-01-01
kind = "fixed"
start = "01-01"
anchor_year = 2024
months = 24
{CITE}
"""


def total(hours: int | str, effective: str = "2000-01-01") -> str:
    return f"""
[[requirements]]
id = "total"
kind = "total"
title = "Total hours"
[[requirements.versions]]
effective = {effective}
hours = {hours}
{CITE}
"""


def requirement(rid: str, kind: str, title: str, *versions: str, select_by: str | None = None) -> str:
    head = f'\n[[requirements]]\nid = "{rid}"\nkind = "{kind}"\ntitle = "{title}"\n'
    if select_by:
        head += f'select_by = "{select_by}"\n'
    return head + "".join(f"[[requirements.versions]]\n{v.strip()}\n{CITE}\n" for v in versions)


def ruleset(*fragments: str, cycle: str = TWO_YEAR_CYCLE) -> RuleSet:
    return loads_ruleset(HEADER + cycle + "".join(fragments), source="test.toml")


def named_text(rid: str, *fragments: str, kind: str | None = None, profession: str | None = None) -> str:
    """A rule file's text with its own id (and credential kind and profession when given), a two-year cycle, a
    10-hour total and ``fragments``: for tests that need several rule sets at once (a privilege and its home)."""
    head = HEADER.replace('id = "us-zz-test"', f'id = "{rid}"')
    head += f'credential_kind = "{kind}"\n' if kind else ""
    head += f'profession = "{profession}"\n' if profession else ""
    return head + TWO_YEAR_CYCLE + total(10) + "".join(fragments)


def named(rid: str, *fragments: str, kind: str | None = None, profession: str | None = None) -> RuleSet:
    """:func:`named_text`, loaded."""
    return loads_ruleset(named_text(rid, *fragments, kind=kind, profession=profession), source=f"{rid}.toml")


def act(
    title: str,
    completed: str,
    hours: float | int | str | None = None,
    *,
    format: str = "live",
    topics: tuple[str, ...] = (),
    approvals: tuple[str, ...] = (),
    units: float | int | None = None,
    unit: str | None = None,
    days: int | None = None,
) -> Activity:
    return Activity(
        title=title,
        completed=datetime.date.fromisoformat(completed),
        hours=None if hours is None else Decimal(str(hours)),
        units=None if units is None else Decimal(str(units)),
        unit=None if unit is None else AcademicUnit(unit),
        days=None if days is None else Decimal(days),
        format=Format(format),
        topics=topics,
        approvals=approvals,
    )


def records(
    start: datetime.date,
    end: datetime.date,
    sizes: list[int],
    topics: tuple[str, ...],
    approvals: list[tuple[str, ...]] | None = None,
    max_size: int = 5,
) -> Any:
    """A hypothesis strategy: up to ``max_size`` courses between two dates, each of one of ``sizes`` hours, on no topic
    or on ``topics`` (and, when given, with one of ``approvals``), for the order and monotonicity properties."""
    from hypothesis import strategies as st

    extra = {"approvals": st.sampled_from(approvals)} if approvals is not None else {}
    return st.lists(
        st.builds(
            act,
            st.sampled_from(["A", "B"]),
            st.dates(start, end).map(datetime.date.isoformat),
            st.sampled_from(sizes),
            topics=st.sampled_from([(), topics]),
            **extra,
        ),
        max_size=max_size,
    )


def check(
    rules: RuleSet,
    activities: list[Activity],
    as_of: str,
    *,
    issued: str = "2010-01-01",
    birth_date: str | None = None,
    **credential: Any,
) -> CredentialReport:
    status = credential.pop("status", "active")
    for key in ("expires", "period_start"):
        if key in credential:
            credential[key] = datetime.date.fromisoformat(credential[key])
    cred = Credential(
        id="test",
        ruleset=rules.id,
        issued=datetime.date.fromisoformat(issued),
        status=CredentialStatus(status),
        **credential,
    )
    practitioner = Practitioner(
        id="p",
        birth_date=datetime.date.fromisoformat(birth_date) if birth_date else None,
        credentials=(cred,),
        activities=tuple(activities),
    )
    return evaluate(practitioner, cred, rules, datetime.date.fromisoformat(as_of))


def by_id(report: CredentialReport) -> dict[str, tuple[str, str, str, bool]]:
    """Requirement id -> (required, counted, missing, met) as strings, for compact assertions."""
    from licensetrack.core.report import hours

    return {r.id: (hours(r.required), hours(r.counted), hours(r.missing), r.met) for r in report.requirements}
