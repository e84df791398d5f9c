"""A choice between whole requirement sets (``[[alternatives]]``): every model evaluated, one shown.

A board that lets a period be met under either of two models ("either traditional Continuing
Education or Continuing Professional Development. A combination of both models is NOT permitted")
is met when any one model is met on its own. Each model is a complete evaluation of the period with
every activity, so no hour is shared between models and the models are never mixed. The report shown
is the first model met, in the file's order (else the one missing the fewest hours, the file's order
breaking ties), and it lists every model with what it lacks.

Why this keeps the engine's properties: each model's missing hours never grow when a course is added,
so neither does their minimum, and a model met stays met; the order of activities changes no model.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from licensetrack.core.report import AlternativeResult, Choice, CredentialReport, Shortfall, SourceRef, Status
from licensetrack.core.rules import Alternatives, Model

_MET = (Status.COMPLIANT, Status.EXEMPT)


def choose(choice: Alternatives, reports: Sequence[tuple[Model, CredentialReport]]) -> CredentialReport:
    """The report of the model the period is met under (or comes closest to), with every model's outcome."""
    chosen_model, chosen = _chosen(reports)
    results = tuple(_result(model, report, chosen=model is chosen_model) for model, report in reports)
    ref = SourceRef.of(choice)
    unverified = chosen.unverified
    if not choice.verified and choice.citation not in unverified:
        unverified = (*unverified, choice.citation)
    return attrs.evolve(
        chosen,
        alternatives=Choice(chosen=chosen_model.id, ref=ref, alternatives=results),
        unverified=unverified,
    )


def _chosen(reports: Sequence[tuple[Model, CredentialReport]]) -> tuple[Model, CredentialReport]:
    for model, report in reports:
        if report.status in _MET:
            return model, report
    return min(reports, key=lambda pair: pair[1].missing_hours)


def _result(model: Model, report: CredentialReport, *, chosen: bool) -> AlternativeResult:
    return AlternativeResult(
        id=model.id,
        title=model.title,
        chosen=chosen,
        status=report.status,
        rule_version=report.rule_version,
        required_hours=report.required_hours,
        counted_hours=report.counted_hours,
        missing_hours=report.missing_hours,
        lacking=tuple(Shortfall(id=r.id, title=r.title, missing=r.missing) for r in report.requirements if not r.met),
    )
