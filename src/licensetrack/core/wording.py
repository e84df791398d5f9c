"""Words for people: a count with its noun in the right number ("1 activity", "3 activities"), and how
a report names a rule it relied on that is not confirmed.

Pure and tiny, so the core (the engine's notes) and the edges (the terminal, the command line) can
share it; output for people never says "1 activities" or "certificate(s)".
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

_VOWELS = frozenset("aeiou")


def plural(noun: str) -> str:
    """The regular English plural of the last word of ``noun`` (``"rule file"`` -> ``"rule files"``)."""
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count(number: int | Decimal, noun: str, plural_form: str | None = None) -> str:
    """``number`` and ``noun``, the noun plural unless the number is exactly one.

    ``number`` may be an int or a Decimal of hours ("1 hour", "1.5 hours"); ``plural_form`` is for
    nouns whose plural is not regular.
    """
    word = noun if number == 1 else (plural_form or plural(noun))
    return f"{number} {word}"


def unconfirmed(citation: str, effective: datetime.date, note: str | None) -> str:
    """How a report names a rule it relied on that is not confirmed against a primary source."""
    return f"{citation} (effective {effective}): {note or 'not confirmed against a primary source'}"


def share_source(provider_types: Sequence[str], topics: Sequence[str]) -> str:
    """Where a share's hours come from: ``from a provider of type school (the course's provider_type)``,
    ``on topic diagnosis or ethics``, or both."""
    parts = []
    if provider_types:
        parts.append(f"from a provider of type {', '.join(provider_types)} (the course's provider_type)")
    if topics:
        parts.append(f"on topic {' or '.join(topics)}")
    return " and ".join(parts)
