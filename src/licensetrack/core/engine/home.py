"""Credentials that depend on another: is a privilege's home licence keeping it valid on the as-of date?

A compact privilege (or any credential whose rule set has ``[[home]]``) is valid only while the
credential it names as ``home`` is an active, unexpired credential of the kind and profession the
rule says, and, when that one depends on a home of its own, valid itself. The answer is a fact about
the profile on one date, not about CE hours: the report keeps its own status and standing, and says
beside them whether the home keeps it valid (``lapsed``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from licensetrack.core.model import Credential, CredentialStatus, Practitioner
from licensetrack.core.report import HomeResult, SourceRef
from licensetrack.core.rules import Home, RuleSet


def home_result(
    practitioner: Practitioner,
    credential: Credential,
    ruleset: RuleSet,
    rulesets: Mapping[str, RuleSet],
    as_of: datetime.date,
) -> HomeResult | None:
    """The home's verdict for ``credential``, or None when its rule set names no home on ``as_of``.

    Several homes in force together are alternatives: the named home keeps the credential valid when it is
    any of them; when it is none, the reason is the first one's."""
    routes = ruleset.home_on(as_of)
    if not routes:
        return None
    if credential.home is None:
        return HomeResult(
            credential=None,
            valid=False,
            reason=f"needs its home {wanted(routes)}: name it as the credential's `home` in the profile",
            ref=SourceRef.of(routes[0]),
        )
    home = practitioner.credential(credential.home)  # the model checked that it is there
    problems = [(rule, home_problem(practitioner, home, rule, rulesets, as_of)) for rule in routes]
    kept = next((rule for rule, problem in problems if problem is None), None)
    if kept is None:
        rule, problem = problems[0]
        return HomeResult(
            credential=home.id, valid=False, reason=f"its home {home.id} {problem}", ref=SourceRef.of(rule)
        )
    title = rulesets[home.ruleset].title
    return HomeResult(
        credential=home.id, valid=True, reason=f"valid while {home.id} ({title}) is active", ref=SourceRef.of(kept)
    )


def home_problem(
    practitioner: Practitioner, home: Credential, rule: Home, rulesets: Mapping[str, RuleSet], as_of: datetime.date
) -> str | None:
    """Why ``home`` cannot be the home ``rule`` asks for on ``as_of`` (None: it can), worded to follow its id."""
    home_rules = rulesets.get(home.ruleset)
    problem = _problem(home, home_rules, rule, as_of)
    if problem is None and home_rules is not None:
        # A home that depends on its own home (PSYPACT's APIT on the E.Passport, the E.Passport on a licence)
        # keeps this credential valid only while it is valid itself; the model forbids loops of homes.
        own = home_result(practitioner, home, home_rules, rulesets, as_of)
        if own is not None and not own.valid:
            problem = f"has lapsed: {own.reason}"
    return problem


def wanted(routes: Sequence[Home]) -> str:
    """What the rules ask the home to be: ``licence (counseling)``, ``certification psypact-e-passport``, or
    several of them joined by "or"."""
    return " or ".join(_wanted_one(rule) for rule in routes)


def _wanted_one(rule: Home) -> str:
    kind = "licence" if rule.credential_kind == "licence" else "certification"
    if rule.rulesets:
        return f"{kind} {' or '.join(rule.rulesets)}"
    return f"{kind} ({' or '.join(rule.professions)})" if rule.professions else kind


def _problem(home: Credential, home_rules: RuleSet | None, rule: Home, as_of: datetime.date) -> str | None:
    """Why the home does not keep the credential valid, or None when it does."""
    if home.status is not CredentialStatus.ACTIVE:
        return f"is {home.status.value}, not active"
    if home.expires is not None and home.expires < as_of:
        return f"expired on {home.expires} (record its renewal: the new expiration)"
    if home_rules is None:
        return f"is checked against rule set {home.ruleset!r}, which is not installed"
    if rule.rulesets and home.ruleset not in rule.rulesets:
        return f"is checked against rule set {home.ruleset!r}, and the rule asks for {' or '.join(rule.rulesets)}"
    if home_rules.credential_kind != rule.credential_kind:
        return f"is a {home_rules.credential_kind}, and the rule asks for a {rule.credential_kind}"
    if rule.professions and home_rules.profession not in rule.professions:
        wanted = " or ".join(rule.professions)
        return f"is a licence of {home_rules.profession or 'no stated profession'}, and the rule asks for {wanted}"
    return None
