"""Which profession and which state a rule set belongs to, for finding one among hundreds.

Kept apart from the rule model (and free of attrs) because the command line needs the list of
professions to build ``rules list --profession`` before any rule is loaded.
"""

from __future__ import annotations

PROFESSIONS = ("psychology", "counseling", "social-work", "marriage-family-therapy")
"""The professions a rule set may name: licensed educational and associate psychologists count as
psychology, every counselor tier as counseling."""


# What people call a member of each profession, accepted where a profession is asked for on the command line
# (`rules list --profession counselor`, the issue's own words); the rule files say only the four above.
PROFESSION_ALIASES = {
    "psychologist": "psychology",
    "counselor": "counseling",
    "counsellor": "counseling",
    "social-worker": "social-work",
    "mft": "marriage-family-therapy",
    "marriage-and-family-therapy": "marriage-family-therapy",
    "marriage-family-therapist": "marriage-family-therapy",
}


def profession_named(word: str) -> str | None:
    """The profession a word names (one of PROFESSIONS, or a name for its members), or None."""
    word = word.strip().lower()
    return word if word in PROFESSIONS else PROFESSION_ALIASES.get(word)


def state_of(ruleset_id: str) -> str | None:
    """The US state of a state board's rule set, read from its id (``us-<state>-<credential>``).

    Ids are tied to the file's folder (``rules/us-il/``), so the id is where the state is already
    stated once; national bodies (``nbcc-ncc``) have none.
    """
    parts = ruleset_id.split("-")
    if len(parts) >= 3 and parts[0] == "us" and len(parts[1]) == 2:
        return parts[1]
    return None
