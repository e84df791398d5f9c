"""The audit packet: what a board's auditor asks for, per credential, as data for the HTML template.

An audited therapist sends, by a date, the proof that each requirement of the period was met. The
packet is that proof laid out the way auditors ask for it: a cover (who, which licence, which period,
which rules), requirement by requirement the cited rule and the activities that count toward it,
every activity that did not count and why, the certificates in order and those missing, and the
unverified rules the answer relied on. It is built from the report ``check`` prints and the profile's
own activities (provider, approvals, format and certificate are the profile's; hours counted and the
reasons are the report's), so the packet and ``check`` can never disagree.

Pure: data in, data out; the HTML is :mod:`licensetrack.formats.packet_html`'s job.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

import attrs

from licensetrack.core.engine.job import canonical
from licensetrack.core.model import Activity, Practitioner
from licensetrack.core.report import (
    ActivityResult,
    BoardNoteResult,
    CredentialReport,
    HomeResult,
    PracticeResult,
    Report,
    RequirementResult,
    hours,
)


@attrs.frozen(kw_only=True)
class PacketActivity:
    """One activity as the packet lists it: the profile's record beside what the report made of it."""

    title: str
    completed: datetime.date
    provider: str
    approvals: tuple[str, ...]
    format: str
    hours: str
    counted: str
    reasons: tuple[str, ...]
    certificate: str | None
    carried: bool = False  # the hours carried in from the previous period (no record of their own)
    # Per requirement credited, the hours the allocation gave it ("" for one met by completion).
    credits: tuple[tuple[str, str], ...] = ()

    @property
    def credited_to(self) -> tuple[str, ...]:
        """The requirements this activity counted toward, in the report's order."""
        return tuple(requirement for requirement, _ in self.credits)

    def hours_toward(self, requirement: str) -> str:
        """The hours of this activity credited to ``requirement`` ("" when met by completion)."""
        return next((amount for credited, amount in self.credits if credited == requirement), "")


@attrs.frozen(kw_only=True)
class PacketCredit:
    """One line of a requirement's proof: an activity and the hours of it allocated to the requirement."""

    activity: PacketActivity
    hours: str  # "" when the requirement is met by completing the course, not by hours


@attrs.frozen(kw_only=True)
class PacketRequirement:
    id: str
    title: str
    kind: str
    required: str
    counted: str
    missing: str
    met: bool
    due: datetime.date | None
    citation: str
    source: str
    verified: bool
    credits: tuple[PacketCredit, ...]  # the activities credited to it, in the packet's order, with their hours
    allocated: str  # the sum of those hours (the requirement's share of the allocation)


@attrs.frozen(kw_only=True)
class PacketCredential:
    credential: str
    number: str | None
    ruleset: str
    ruleset_title: str
    authority: str
    rule_version: datetime.date
    status: str
    standing: str
    period_start: datetime.date
    period_end: datetime.date
    expires: datetime.date | None
    required: str
    counted: str
    missing: str
    carried_in: str
    previous: tuple[datetime.date, datetime.date, str] | None  # the period before, when judged: start, end, status
    requirements: tuple[PacketRequirement, ...]
    counted_activities: tuple[PacketActivity, ...]
    not_counted: tuple[PacketActivity, ...]
    without_certificate: tuple[PacketActivity, ...]
    unverified: tuple[str, ...]
    notes: tuple[str, ...]
    board_note: BoardNoteResult | None  # what the board asks beside the hours (CE Broker, ...), with its rule
    home: HomeResult | None  # the licence a privilege depends on, and whether it keeps it valid
    practice: PracticeResult | None  # days practised against the credential's limit (PSYPACT's TAP), if it has one


@attrs.frozen(kw_only=True)
class Packet:
    practitioner: str
    name: str | None
    as_of: datetime.date
    credentials: tuple[PacketCredential, ...]


def build_packet(practitioner: Practitioner, report: Report) -> Packet:
    """The packet for every credential of ``report`` (evaluated from ``practitioner``)."""
    numbers = {c.id: c.number for c in practitioner.credentials}
    ordered = canonical(practitioner.activities)
    return Packet(
        practitioner=report.practitioner,
        name=practitioner.name,
        as_of=report.as_of,
        credentials=tuple(_credential(c, ordered, numbers.get(c.credential)) for c in report.credentials),
    )


def _credential(report: CredentialReport, ordered: Sequence[Activity], number: str | None) -> PacketCredential:
    activities = tuple(_activity(result, source) for result, source in _pair(report.activities, ordered))
    counted = tuple(a for a in activities if Decimal(a.counted) > 0 or a.credited_to)
    return PacketCredential(
        credential=report.credential,
        number=number,
        ruleset=report.ruleset,
        ruleset_title=report.ruleset_title,
        authority=report.authority,
        rule_version=report.rule_version,
        status=report.status.value,
        standing=report.standing.value,
        period_start=report.cycle_start,
        period_end=report.cycle_end,
        expires=report.expires,
        required=hours(report.required_hours),
        counted=hours(report.counted_hours),
        missing=hours(report.missing_hours),
        carried_in=hours(report.carried_in),
        previous=(
            None
            if report.previous_period is None
            else (report.previous_period.start, report.previous_period.end, report.previous_period.status.value)
        ),
        requirements=tuple(_requirement(r, counted) for r in report.requirements),
        counted_activities=counted,
        not_counted=tuple(a for a in activities if a not in counted),
        without_certificate=tuple(a for a in counted if a.certificate is None and not a.carried),
        unverified=report.unverified,
        notes=report.notes,
        board_note=report.board_note,
        home=report.home,
        practice=report.practice,
    )


def _pair(
    results: Sequence[ActivityResult], ordered: Sequence[Activity]
) -> list[tuple[ActivityResult, Activity | None]]:
    """Each activity result with the profile's record it explains: the report lists the activities in
    canonical order, then, when hours were carried in, one line for them (no record of its own)."""
    pairs: list[tuple[ActivityResult, Activity | None]] = list(zip(results, ordered, strict=False))
    pairs.extend((result, None) for result in results[len(ordered) :])
    return pairs


def _activity(result: ActivityResult, source: Activity | None) -> PacketActivity:
    return PacketActivity(
        title=result.title,
        completed=result.completed,
        provider=(source.provider or "") if source is not None else "(carried forward)",
        approvals=source.approvals if source is not None else (),
        format=source.format.value if source is not None else "",
        hours=hours(result.hours),
        counted=hours(result.counted),
        credits=tuple((c.requirement, "" if c.hours is None else hours(c.hours)) for c in result.credits),
        reasons=result.reasons,
        certificate=source.certificate if source is not None else None,
        carried=source is None,
    )


def _requirement(result: RequirementResult, counted: Sequence[PacketActivity]) -> PacketRequirement:
    credited = (a for a in counted if result.id in a.credited_to)
    credits = tuple(PacketCredit(activity=a, hours=a.hours_toward(result.id)) for a in credited)
    return PacketRequirement(
        id=result.id,
        title=result.title,
        kind=result.kind,
        required=hours(result.required),
        counted=hours(result.counted),
        missing=hours(result.missing),
        met=result.met,
        due=result.due,
        citation=result.ref.citation,
        source=result.ref.source,
        verified=result.ref.verified,
        credits=credits,
        allocated=hours(sum((Decimal(c.hours) for c in credits if c.hours), Decimal(0))),
    )
