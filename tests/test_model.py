"""The domain model refuses values that break its rules, naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from licensetrack.core.errors import ModelError, ProfileError
from licensetrack.core.model import (
    AcademicUnit,
    Activity,
    Credential,
    CredentialStatus,
    Format,
    Practitioner,
)
from licensetrack.io.profiles import parse_profile

DAY = datetime.date(2024, 3, 9)
ONE = Decimal(1)


def size_from_a_file(field: str, value: object) -> Decimal:
    """A size as a file gives it, through the edge that turns file values into the model's types."""
    record = {"title": "a", "completed": DAY, field: value, **({"unit": "semester"} if field == "units" else {})}
    activity = parse_profile({"practitioner": {"id": "p"}, "activities": [record]}).activities[0]
    size = getattr(activity, field)
    assert isinstance(size, Decimal)
    return size


def test_quantities_from_files_accept_ints_decimal_strings_and_floats_exactly() -> None:
    assert size_from_a_file("hours", 6) == Decimal(6)
    assert size_from_a_file("hours", "1.25") == Decimal("1.25")
    assert size_from_a_file("hours", 1.1) == Decimal("1.1")  # the number written, not its binary approximation
    assert size_from_a_file("units", 3) == Decimal(3)
    assert size_from_a_file("days", Decimal("0.5")) == Decimal("0.5")


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (-2, "must be greater than 0, got -2"),
        (0, "must be greater than 0, got 0"),
        ("-0", "must be greater than 0, got -0"),
        ("abc", "must be a number, got 'abc'"),
        (True, "must be a number, got True"),
        (float("nan"), "must be a finite number, got nan"),
        ("Infinity", "must be a finite number, got infinity"),
        (1e308, "must be at most 100000, got 1E+308"),  # not 309 digits written out
    ],
)
def test_bad_hours_in_a_file_are_refused_with_the_field(hours: object, message: str) -> None:
    with pytest.raises(ProfileError) as caught:
        size_from_a_file("hours", hours)
    assert str(caught.value).startswith('activities[0] ("a").hours: ' + message)


def test_the_model_takes_decimals_only_and_refuses_bad_sizes_naming_the_field() -> None:
    """Conversion is at the edge: the model checks, and never sees a float."""
    assert Activity(title="a", completed=DAY, hours=Decimal("1.5")).hours == Decimal("1.5")
    for value in (1.5, "1.25", 6, True):
        with pytest.raises(ModelError, match=rf"hours: must be a Decimal, got {value!r}"):
            Activity(title="a", completed=DAY, hours=value)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="hours: must be greater than 0, got -2"):
        Activity(title="a", completed=DAY, hours=Decimal(-2))
    with pytest.raises(ModelError, match="days: must be greater than 0, got 0"):
        Activity(title="a", completed=DAY, days=Decimal(0))
    with pytest.raises(ModelError, match="units: must be a Decimal, got 3"):
        Activity(title="a", completed=DAY, units=3, unit=AcademicUnit.SEMESTER)  # type: ignore[arg-type]


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
        "course-completion",  # appended (issue #15): profile format v1 extended, old values unchanged
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


def test_shares_from_files_are_exact_fractions() -> None:
    from fractions import Fraction

    from licensetrack.io.structure import make_converter

    converter = make_converter()
    assert converter.structure("1/3", Fraction) == Fraction(1, 3)
    assert converter.structure(0.5, Fraction) == Fraction(1, 2)
    assert converter.structure(Decimal("0.25"), Fraction) == Fraction(1, 4)
    for bad in ("x", "1/0", True, None):
        with pytest.raises(ValueError, match=rf'must be a fraction like "1/3" or 0.5, got {bad!r}'):
            converter.structure(bad, Fraction)


def test_a_course_completion_may_give_no_size_and_gives_no_hours() -> None:
    done = Activity(title="HT course", completed=DAY, format=Format.COURSE_COMPLETION, topics=("human-trafficking",))
    assert done.sizeless
    with_hours = Activity(title="HT course", completed=DAY, hours=ONE, format=Format.COURSE_COMPLETION)
    assert not with_hours.sizeless


def test_only_a_course_completion_may_omit_its_size() -> None:
    with pytest.raises(ModelError, match=r"hours: is required \(or `units` with `unit`, or `days`\)"):
        Activity(title="a", completed=DAY, format=Format.ON_DEMAND)
