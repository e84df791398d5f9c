"""Hypothesis strategies for the domain model, for the project's tests and for plugin authors.

Needs hypothesis (install ``licensetrack[test]``). ``practitioners()`` draws whole profiles;
``activities(start=..., end=...)`` draws CE activities in a date window.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from licensetrack.core.model import (
    AcademicUnit,
    Activity,
    Credential,
    CredentialStatus,
    Degree,
    DegreeLevel,
    Format,
    Practitioner,
)
from licensetrack.core.vocabulary import ACCREDITATIONS, CORE_APPROVALS, CORE_TOPICS, PROVIDER_TYPES

words = st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}\Z")
dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2040, 12, 31))
quantities = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal(500), places=2, allow_nan=False, allow_infinity=False
)
text = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)


@st.composite
def activities(draw: st.DrawFn, *, start: datetime.date | None = None, end: datetime.date | None = None) -> Activity:
    size = draw(st.sampled_from(["hours", "hours", "hours", "units", "days", "none"]))
    kwargs: dict[str, object] = {}
    # A record with no size is a completion: only format course-completion may be one (a required course).
    sizeless = size == "none"
    if sizeless:
        pass
    elif size == "hours":
        kwargs["hours"] = draw(quantities)
    elif size == "units":
        kwargs["units"] = draw(st.decimals(min_value=Decimal("0.5"), max_value=Decimal(6), places=1))
        kwargs["unit"] = draw(st.sampled_from(list(AcademicUnit)))
    else:
        kwargs["days"] = Decimal(draw(st.integers(1, 5)))
    completed = draw(
        st.dates(min_value=start or datetime.date(2015, 1, 1), max_value=end or datetime.date(2030, 12, 31))
    )
    return Activity(
        title=draw(text),
        completed=completed,
        format=Format.COURSE_COMPLETION if sizeless else draw(st.sampled_from(list(Format))),
        topics=tuple(draw(st.lists(st.sampled_from(sorted(CORE_TOPICS)), max_size=3, unique=True))),
        approvals=tuple(draw(st.lists(st.sampled_from(sorted(CORE_APPROVALS)), max_size=3, unique=True))),
        provider=draw(st.none() | text),
        certificate=draw(st.none() | text),
        provider_type=draw(st.none() | st.sampled_from(sorted(PROVIDER_TYPES))),
        **kwargs,  # type: ignore[arg-type]
    )


@st.composite
def credentials(draw: st.DrawFn, ruleset: str | None = None, ident: str | None = None) -> Credential:
    issued = draw(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2026, 1, 1)))
    expires = draw(st.none() | st.dates(min_value=issued, max_value=issued + datetime.timedelta(days=365 * 12)))
    return Credential(
        id=ident or draw(words),
        ruleset=ruleset or draw(words),
        issued=issued,
        expires=expires,
        number=draw(st.none() | text),
        roles=tuple(draw(st.lists(words, max_size=2, unique=True))),
        status=draw(st.sampled_from(list(CredentialStatus))),
        practice_days=draw(
            st.dictionaries(words, st.lists(dates, min_size=1, max_size=3, unique=True).map(tuple), max_size=2)
        ),
    )


@st.composite
def degrees(draw: st.DrawFn) -> Degree:
    return Degree(
        level=draw(st.sampled_from(list(DegreeLevel))),
        field=draw(st.none() | text),
        institution=draw(st.none() | text),
        conferred=draw(st.none() | dates),
        accreditations=tuple(draw(st.lists(st.sampled_from(sorted(ACCREDITATIONS)), max_size=2, unique=True))),
        **draw(st.sampled_from(["semester_hours", "quarter_hours", None]).flatmap(_degree_size)),
    )


def _degree_size(unit: str | None) -> st.SearchStrategy[dict[str, Decimal]]:
    """A degree's size in one unit or the other, or none (the model refuses both)."""
    return st.just({}) if unit is None else quantities.map(lambda hours: {unit: hours})


@st.composite
def practitioners(draw: st.DrawFn) -> Practitioner:
    creds = draw(st.lists(credentials(), max_size=3, unique_by=lambda c: c.id))
    return Practitioner(
        id=draw(text.map(str.strip).filter(bool)),
        name=draw(st.none() | text),
        birth_date=draw(st.none() | dates),
        degrees=tuple(draw(st.lists(degrees(), max_size=2))),
        credentials=tuple(creds),
        activities=tuple(draw(st.lists(activities(), max_size=8))),
    )
