"""attrs validators shared by the model and the rule language.

Each raises :class:`~licensetrack.core.errors.ModelError` with the attribute's name, so an error found
deep in a file can be reported with its full path. Conversion from raw file values (``"1.25"``,
``"on-demand"``) happens at the edge, in :mod:`licensetrack.io.structure`; these only check.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from licensetrack.core.errors import ModelError, close_match, unknown_word
from licensetrack.core.vocabulary import WORD_PATTERN, as_word

# Hours larger than this are certainly a typo (a working lifetime is about 90,000 hours); refusing
# them keeps absurd numbers such as 1e308 out of the arithmetic.
MAX_QUANTITY = Decimal(100_000)
# Hours finer than this are no one's record (boards count to the quarter hour, or a third); refusing them
# keeps a hostile 1e-99999 from making the exact arithmetic work with 100,000-digit numbers (it took 20 s).
MAX_DECIMAL_PLACES = 30

Validator = Any


_WRITTEN_OUT = 24  # digits before or after the point beyond which a number is shown with an exponent


def plain(number: Decimal) -> str:
    """A number as a person would write it: ``-2`` rather than ``-2E+0``; one too long to write out (a hostile
    ``1e400`` would be 401 digits, ``1e99999999`` beyond what Decimal's context may even normalise) as
    ``1E+400``."""
    if not number.is_finite():
        return str(number).lower()
    if abs(number.adjusted()) > _WRITTEN_OUT:
        return str(number)
    return format(number.normalize(), "f") if number == number.to_integral_value() else str(number)


def check_quantity(field: str, value: object) -> Decimal:
    """A positive, finite Decimal of at most MAX_QUANTITY, or ModelError naming ``field``.

    Only a Decimal: turning a file's ``1.5`` or ``"1.25"`` into one is the edge's job
    (:mod:`licensetrack.io.structure`), so the model never sees a float.
    """
    if not isinstance(value, Decimal):
        raise ModelError(field, f"must be a Decimal, got {value!r}")
    if not value.is_finite():
        raise ModelError(field, f"must be a finite number, got {plain(value)}")
    if value <= 0:
        raise ModelError(field, f"must be greater than 0, got {plain(value)}")
    if value > MAX_QUANTITY:
        raise ModelError(field, f"must be at most {MAX_QUANTITY}, got {plain(value)}")
    if _finer_than(value, MAX_DECIMAL_PLACES):
        raise ModelError(field, f"must have at most {MAX_DECIMAL_PLACES} decimal places, got {plain(value)}")
    return value


def _finer_than(value: Decimal, places: int) -> bool:
    """Whether a finite Decimal needs more than ``places`` places after the point (``1.50`` needs 1), without
    Decimal's context (which a hostile exponent overflows), and cheaply for the usual few places."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if exponent >= -places:
        return False
    written = "".join(map(str, digits))
    trailing_zeros = len(written) - len(written.rstrip("0")) if written.strip("0") else len(written)
    return -(exponent + trailing_zeros) > places


def quantity(_instance: object, attribute: Any, value: Any) -> None:
    if value is not None:
        check_quantity(attribute.name, value)


def identifier(_instance: object, attribute: Any, value: Any) -> None:
    check_identifier(attribute.name, value)


# An example of a well-formed id for each field that holds one, so the message shows the kind of
# word the field wants (an approval body is not a topic).
_EXAMPLES = {
    "id": "ca-lmft",
    "ruleset": "us-ca-lmft",
    "roles": "supervisor",
    "topics": "suicide-prevention",
    "approvals": "nbcc",
    "without_approvals": "nbcc",
    "kind": "total",
}


def check_identifier(field: str, value: object) -> str:
    if not isinstance(value, str) or not WORD_PATTERN.match(value):
        raise ModelError(field, identifier_message(field, value))
    return value


def identifier_message(field: str, value: object) -> str:
    """What is wrong with a malformed id, with an example that fits ``field`` and the likely intended id."""
    name = field.split("[", 1)[0].rsplit(".", 1)[-1]
    example = _EXAMPLES.get(name, "suicide-prevention")
    meant = as_word(value) if isinstance(value, str) else None
    hint = f' (did you mean "{meant}"?)' if meant else ""
    return f"must be a lower-case identifier like {example!r}, got {value!r}{hint}"


# Words already found well formed. A workforce's activities repeat the same few dozen topics and
# approval bodies thousands of times; bounded, so hostile input cannot make it grow without limit.
_GOOD_WORDS: set[str] = set()


def identifiers(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple):
        raise ModelError(attribute.name, f"must be a list of identifiers, got {value!r}")
    for index, word in enumerate(value):
        if type(word) is str and word in _GOOD_WORDS:
            continue
        if not isinstance(word, str) or not WORD_PATTERN.match(word):  # name the field only on failure
            check_identifier(f"{attribute.name}[{index}]", word)
        if len(_GOOD_WORDS) < 4096:
            _GOOD_WORDS.add(word)


def closed_words(label: str, known: Mapping[str, str]) -> Validator:
    """A list of words from a closed list (``vocabulary.ACCREDITATIONS``): each one checked, the bad one
    named by its index and the nearest known words."""

    def check(_instance: object, attribute: Any, value: Any) -> None:
        identifiers(_instance, attribute, value)
        for index, word in enumerate(value):
            if word not in known:
                raise ModelError(f"{attribute.name}[{index}]", unknown_word(label, word, known))

    return check


def member_of(kind: type[enum.Enum], *, optional: bool = False) -> Validator:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, kind):
            raise ModelError(attribute.name, f"must be one of {', '.join(str(m.value) for m in kind)}, got {value!r}")

    return check


def members_of(kind: type[enum.Enum]) -> Validator:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
            raise ModelError(attribute.name, f"must be a list of {kind.__name__.lower()} values, got {value!r}")

    return check


def trimmed(_instance: object, attribute: Any, value: Any) -> None:
    """Identifiers used to join records (an HR system's employee id) carry no surrounding spaces."""
    if isinstance(value, str) and value != value.strip():
        raise ModelError(attribute.name, f"must not start or end with spaces, got {value!r}")


def records(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple):
        raise ModelError(attribute.name, f"must be a list of records, got {value!r}")


def one_of(*choices: str) -> Validator:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if value not in choices:
            hint = close_match(str(value), choices)
            raise ModelError(attribute.name, f"must be one of {', '.join(choices)}, got {value!r}{hint}")

    return check


def optional_one_of(*choices: str) -> Validator:
    """As :func:`one_of`, where leaving the key out (``None``) is also allowed."""
    check_choice = one_of(*choices)

    def check(instance: object, attribute: Any, value: Any) -> None:
        if value is not None:
            check_choice(instance, attribute, value)

    return check


def text(*, required: bool) -> Validator:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if value is None and not required:
            return
        if not isinstance(value, str):
            raise ModelError(attribute.name, f"must be text, got {value!r}")
        if required and not value.strip():
            raise ModelError(attribute.name, "must not be empty")

    return check


def date(*, required: bool) -> Validator:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if value is None and not required:
            return
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise ModelError(attribute.name, f"must be a date like 2024-03-09, got {value!r}")

    return check


def flag(_instance: object, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise ModelError(attribute.name, f"must be true or false, got {value!r}")


def whole(low: int, high: int, *, optional: bool = False) -> Validator:
    def check(_instance: object, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ModelError(attribute.name, f"must be a whole number from {low} to {high}, got {value!r}")

    return check


def enum_value(kind: type[enum.Enum], value: object) -> Any:
    """Convert a word to a member of ``kind``, or raise ValueError suggesting a close match."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        allowed = [str(member.value) for member in kind]
        hint = close_match(str(value), allowed)
        raise ValueError(f"must be one of {', '.join(allowed)}, got {value!r}{hint}") from None


def future_completion(completed: datetime.date, today: datetime.date) -> str | None:
    """A warning for a course completed after ``today``, or None.

    Such a date is almost always a typo (2052 for 2025) that would quietly drop the course from the
    period it belongs to; but a certificate may be dated ahead, so it is a warning, never a refusal.
    ``today`` is a parameter: the core never reads the clock.
    """
    if completed <= today:
        return None
    return f"is after today ({today}), got {completed}; recorded anyway, but check it for a typo"
