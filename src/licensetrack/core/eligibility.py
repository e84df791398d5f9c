"""Which certifications and compact privileges a practitioner's degrees and credentials qualify them for.

A rule set states what a holder must have beside CE: a home credential (``[[home]]``: PSYPACT's
E.Passport rests on a psychology licence, a Counseling Compact privilege on a counselor's) and a degree
(``[[degree]]``: a doctorate from an accredited or designated program; a graduate degree of 60 semester
hours). This module answers, for each such rule set, whether the profile meets each condition on a date,
why, and under which cited rule, so ``licensetrack eligibility`` can say what is missing. It reads the
profile and the rules only: whether the body would grant the credential also depends on facts no profile
holds (an examination, a background check, fees), which each answer's rules name in their notes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from licensetrack.core.engine.home import home_problem, wanted
from licensetrack.core.engine.rounding import to_decimal
from licensetrack.core.model import Degree, DegreeLevel, Practitioner
from licensetrack.core.report import SourceRef, unverified_refs
from licensetrack.core.rules import DegreeRule, Home, RuleSet
from licensetrack.core.validation import plain

_LEVELS = tuple(DegreeLevel)  # lowest first


@attrs.frozen(kw_only=True)
class Condition:
    """One condition of a rule set (its home credential, or its degree), and whether the profile meets it."""

    kind: str  # "home" or "degree"
    met: bool
    reason: str  # what meets it, or what is missing
    refs: tuple[SourceRef, ...]  # the rule (a degree's routes are several entries of one date)


@attrs.frozen(kw_only=True)
class Answer:
    """Whether the profile qualifies for one rule set's credential on the date asked about."""

    ruleset: str
    title: str
    authority: str
    credential_kind: str
    held: tuple[str, ...]  # ids of the profile's credentials checked against this rule set
    eligible: bool  # every condition met (a rule set with none stated is not asked about)
    conditions: tuple[Condition, ...]

    @property
    def unverified(self) -> tuple[str, ...]:
        """The conditions' rules that are not confirmed against a primary source, worded as reports word them."""
        return unverified_refs(*(ref for condition in self.conditions for ref in condition.refs))


@attrs.frozen(kw_only=True)
class EligibilityAnswers:
    """What ``licensetrack eligibility`` answers: each rule set with conditions, in order of id."""

    as_of: datetime.date
    practitioner: str
    answers: tuple[Answer, ...]


def eligibility(
    practitioner: Practitioner,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
    ruleset_ids: Sequence[str] = (),
) -> EligibilityAnswers:
    """Answer for every rule set that states a home or a degree on ``as_of`` (or for those named)."""
    chosen: Iterable[RuleSet] = (
        (rulesets[i] for i in ruleset_ids)
        if ruleset_ids
        else (r for r in rulesets.values() if r.home_on(as_of) or r.degree_on(as_of))
    )
    answers = tuple(answer(practitioner, ruleset, rulesets, as_of) for ruleset in sorted(chosen, key=lambda r: r.id))
    return EligibilityAnswers(as_of=as_of, practitioner=practitioner.id, answers=answers)


def answer(
    practitioner: Practitioner, ruleset: RuleSet, rulesets: Mapping[str, RuleSet], as_of: datetime.date
) -> Answer:
    """Each condition ``ruleset`` states on ``as_of``, judged against the profile."""
    conditions: list[Condition] = []
    homes = ruleset.home_on(as_of)
    if homes:
        conditions.append(_home_condition(practitioner, ruleset, homes, rulesets, as_of))
    routes = ruleset.degree_on(as_of)
    if routes:
        conditions.append(degree_condition(practitioner.degrees, routes))
    return Answer(
        ruleset=ruleset.id,
        title=ruleset.title,
        authority=ruleset.authority,
        credential_kind=ruleset.credential_kind,
        held=tuple(c.id for c in practitioner.credentials if c.ruleset == ruleset.id),
        eligible=all(condition.met for condition in conditions),
        conditions=tuple(conditions),
    )


def _home_condition(
    practitioner: Practitioner,
    ruleset: RuleSet,
    routes: Sequence[Home],
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
) -> Condition:
    """Whether some other credential of the profile is one of the homes the rule set may rest on."""
    refs = tuple(SourceRef.of(rule) for rule in routes)
    problems: list[str] = []
    for credential in practitioner.credentials:
        if credential.ruleset == ruleset.id:
            continue  # a credential is never its own home
        found = [home_problem(practitioner, credential, rule, rulesets, as_of) for rule in routes]
        if None in found:
            title = rulesets[credential.ruleset].title
            return Condition(kind="home", met=True, reason=f"holds {credential.id} ({title}), active", refs=refs)
        problems.append(f"{credential.id} {found[0]}")
    held = f": {'; '.join(problems)}" if problems else ": the profile holds no credential"
    return Condition(kind="home", met=False, reason=f"needs an active {wanted(routes)}{held}", refs=refs)


def degree_condition(degrees: Sequence[Degree], routes: Sequence[DegreeRule]) -> Condition:
    """Whether any degree meets any route; when none does, the nearest miss and what it lacks."""
    refs = tuple(SourceRef.of(route) for route in routes)
    asked = " or ".join(describe_route(route) for route in routes)
    misses: list[tuple[int, str]] = []
    for degree in degrees:
        for route in routes:
            lacks = degree_lacks(degree, route)
            if not lacks:
                return Condition(kind="degree", met=True, reason=f"{degree.describe()} meets it", refs=refs)
            misses.append((len(lacks), f"{degree.describe()}: {'; '.join(lacks)}"))
    if not misses:
        return Condition(kind="degree", met=False, reason=f"needs {asked}: no degree is on record", refs=refs)
    nearest = min(misses, key=lambda miss: miss[0])[1]
    return Condition(kind="degree", met=False, reason=f"needs {asked}; nearest, {nearest}", refs=refs)


def degree_lacks(degree: Degree, route: DegreeRule) -> list[str]:
    """What ``degree`` lacks to meet ``route``, one phrase each (empty: it meets it)."""
    lacks: list[str] = []
    if route.level is not None and _LEVELS.index(degree.level) < _LEVELS.index(route.level):
        lacks.append(f"a {degree.level.value}, not a {route.level.value} or higher")
    if route.fields and not any(word.casefold() in (degree.field or "").casefold() for word in route.fields):
        lacks.append(f"field {degree.field!r}" if degree.field else "no field recorded")
    if route.accreditations and not set(route.accreditations) & set(degree.accreditations):
        lacks.append(
            f"accredited by {', '.join(degree.accreditations)}"
            if degree.accreditations
            else "no accreditation recorded"
        )
    if route.min_semester_hours is not None:
        size = degree.size_in_semester_hours
        if size is None:
            lacks.append("no credit hours recorded")
        elif size < Fraction(route.min_semester_hours):
            lacks.append(f"{plain(to_decimal(size))} semester hours")
    if route.conferred_from is not None or route.conferred_before is not None:
        day = degree.conferred
        if day is None:
            lacks.append("no conferral date recorded")
        elif (route.conferred_from is not None and day < route.conferred_from) or (
            route.conferred_before is not None and day >= route.conferred_before
        ):
            lacks.append(f"conferred {day}")
    return lacks


def describe_route(route: DegreeRule) -> str:
    """``a doctorate in psychology, accredited by apa or cpa``: a route as the answer's reason says it."""
    level = route.level.value if route.level is not None else "degree"
    words = [f"a {level}" + ("" if route.level is DegreeLevel.DOCTORATE else " or higher")]
    if route.fields:
        words.append(f"in {' or '.join(route.fields)}")
    text = " ".join(words)
    if route.accreditations:
        text += f", accredited by {' or '.join(route.accreditations)}"
    if route.min_semester_hours is not None:
        text += f", of at least {route.min_semester_hours} semester hours"
    if route.conferred_from is not None:
        text += f", conferred on or after {route.conferred_from}"
    if route.conferred_before is not None:
        text += f", conferred before {route.conferred_before}"
    return text
