"""The domain model refuses values that break its rules, naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from licensetrack.core.errors import ModelError
from licensetrack.core.model import (
    AcademicUnit,
    Activity,
    Credential,
    CredentialStatus,
    Format,
    Practitioner,
    to_quantity,
)

DAY = datetime.date(2024, 3, 9)
ONE = Decimal(1)


def test_quantities_from_files_accept_ints_decimal_strings_and_floats_exactly() -> None:
    assert to_quantity("hours", 6) == Decimal(6)
    assert to_quantity("hours", "1.25") == Decimal("1.25")
    assert to_quantity("hours", 1.1) == Decimal("1.1")
    assert Activity(title="a", completed=DAY, hours=Decimal("1.5")).hours == Decimal("1.5")
    assert Activity(title="a", completed=DAY, hours=1.5).hours == Decimal("1.5")
    assert Activity(title="a", completed=DAY, hours="1.25").hours == Decimal("1.25")
    assert Activity(title="a", completed=DAY, units=3, unit=AcademicUnit.SEMESTER).units == Decimal(3)


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (-2, "hours: must be greater than 0, got -2"),
        (0, "hours: must be greater than 0, got 0"),
        ("-0", "hours: must be greater than 0, got -0"),
        ("abc", "hours: must be a number, got 'abc'"),
        (True, "hours: must be a number, got True"),
        (float("nan"), "hours: must be a finite number, got nan"),
        ("Infinity", "hours: must be a finite number, got infinity"),
        (1e308, "hours: must be at most 100000, got 1000000000"),
    ],
)
def test_bad_hours_are_refused_with_the_field(hours: object, message: str) -> None:
    with pytest.raises(ModelError) as caught:
        to_quantity("hours", hours)
    assert str(caught.value).startswith(message)
    assert caught.value.field == "hours"


def test_the_model_refuses_bad_sizes_naming_the_field() -> None:
    with pytest.raises(ModelError, match="hours: must be a number, got 'six'"):
        Activity(title="a", completed=DAY, hours="six")
    with pytest.raises(ModelError, match="hours: must be greater than 0, got -2"):
        Activity(title="a", completed=DAY, hours=Decimal(-2))
    with pytest.raises(ModelError, match="days: must be greater than 0, got 0"):
        Activity(title="a", completed=DAY, days=0)


def test_exactly_one_way_to_give_the_size() -> None:
    with pytest.raises(ModelError, match="hours: is required"):
        Activity(title="a", completed=DAY)
    with pytest.raises(ModelError, match="give only one of hours, units or days, got hours and days"):
        Activity(title="a", completed=DAY, hours=ONE, days=ONE)
    with pytest.raises(ModelError, match="unit: `units` and `unit`"):
        Activity(title="a", completed=DAY, units=Decimal(3))
    assert Activity(title="a", completed=DAY, units=Decimal(3), unit=AcademicUnit.SEMESTER).unit is not None


def test_a_format_must_be_a_format_member() -> None:
    with pytest.raises(ModelError, match="format: must be one of live, live-online"):
        Activity(title="a", completed=DAY, hours=ONE, format="on-demand")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="status: must be one of active"):
        Credential(id="x", ruleset="y", issued=DAY, status="active")  # type: ignore[arg-type]
    assert Credential(id="x", ruleset="y", issued=DAY).status is CredentialStatus.ACTIVE


def test_format_values_are_the_contract() -> None:
    assert [f.value for f in Format] == [
        "live",
        "live-online",
        "on-demand",
        "independent-study",
        "academic",
        "conference",
        "exam",
        "teaching",
        "publication",
    ]


def test_topics_must_be_identifiers_not_a_bare_string() -> None:
    with pytest.raises(ModelError, match="topics: must be a list"):
        Activity(title="a", completed=DAY, hours=ONE, topics="ethics")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"topics\[1\]: must be a lower-case identifier"):
        Activity(title="a", completed=DAY, hours=ONE, topics=("ethics", "Law & Ethics"))


def test_dates_must_be_dates_not_datetimes() -> None:
    with pytest.raises(ModelError, match="completed: must be a date"):
        Activity(title="a", completed=datetime.datetime(2024, 1, 1), hours=ONE)


def test_credential_dates_must_be_in_order() -> None:
    with pytest.raises(ModelError, match=r"expires: must not be before issued \(2020-01-01\)"):
        Credential(id="x", ruleset="us-ca-lmft", issued=datetime.date(2020, 1, 1), expires=datetime.date(2019, 1, 1))
    with pytest.raises(ModelError, match="period_start: must not be after expires"):
        Credential(
            id="x",
            ruleset="us-ca-lmft",
            issued=datetime.date(2020, 1, 1),
            expires=datetime.date(2022, 1, 1),
            period_start=datetime.date(2023, 1, 1),
        )


def test_credential_ids_are_unique_within_a_profile() -> None:
    credential = Credential(id="x", ruleset="us-ca-lmft", issued=DAY)
    with pytest.raises(ModelError, match=r"credentials\[1\]\.id: duplicate credential id 'x'"):
        Practitioner(id="p", credentials=(credential, credential))


def test_model_is_frozen() -> None:
    activity = Activity(title="a", completed=DAY, hours=ONE)
    with pytest.raises(AttributeError):
        activity.hours = Decimal(2)  # type: ignore[misc]


def test_a_practitioner_id_has_no_surrounding_spaces() -> None:
    with pytest.raises(ModelError, match="id: must not start or end with spaces, got 'emp-1 '"):
        Practitioner(id="emp-1 ")
