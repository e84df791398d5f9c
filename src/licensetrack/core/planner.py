"""What to take next: what remains for each credential, and the one course that helps most.

Pure, like the engine it is built on. The remaining work is read off the reports; the best single
course is found by asking the engine itself: each candidate course (a topic set a requirement still
needs, a format, an approval body a board accepts) is added to the profile as if taken on the as-of
date, and the credentials whose missing hours drop are the ones it counts toward. Asking the engine
rather than re-deriving the rules keeps the advice exactly as right as the check.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from licensetrack.core.cycles import Period
from licensetrack.core.engine import evaluate, evaluate_profile
from licensetrack.core.engine.makeup import window_closes
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Activity, Format, Practitioner
from licensetrack.core.report import CredentialReport, PreviousPeriod, Report, RequirementResult, Standing, Status
from licensetrack.core.rules import Eligibility, RequirementKind, RuleSet

# Formats a person can usually choose for a course they have yet to take.
CANDIDATE_FORMATS = (Format.LIVE_ONLINE, Format.ON_DEMAND, Format.LIVE)
MAX_CANDIDATE_HOURS = Decimal(40)


@attrs.frozen(kw_only=True)
class TopicNeed:
    requirement: str
    title: str
    topics: tuple[str, ...]
    hours: Decimal
    due: datetime.date | None
    approvals: tuple[str, ...] = ()  # only courses approved by one of these count (a topic's `approvals`)


@attrs.frozen(kw_only=True)
class ProviderNeed:
    """Hours a share requirement still wants from its listed provider types (Texas, 22 TAC § 781.501(f))."""

    requirement: str
    title: str
    provider_types: tuple[str, ...]
    hours: Decimal


@attrs.frozen(kw_only=True)
class CategoryNeed:
    """Categories a categories requirement still wants hours in (California CPD: at least two of four)."""

    requirement: str
    title: str
    categories: tuple[str, ...]  # the ones with no hours yet, any of which would do
    count: int  # how many of them are still needed


@attrs.frozen(kw_only=True)
class Cure:
    """What would cure an ended period that was not met, to take before the current period's plan: its unmet
    requirements, each course recorded with ``for_period_ending = period_end`` so that it counts there and
    not in the current period. ``make_up_by``: the last day the board accepts make-up hours, when the rule
    set's ``[[make_up]]`` entry gives one (``citation``: that entry's; None when the rule set has none)."""

    period_end: datetime.date
    missing_hours: Decimal
    topic_needs: tuple[TopicNeed, ...]
    general_hours: Decimal
    course_needs: tuple[TopicNeed, ...] = ()
    make_up_by: datetime.date | None = None
    citation: str | None = None


@attrs.frozen(kw_only=True)
class Remaining:
    """What one credential still needs this period."""

    credential: str
    ruleset: str
    status: Status
    deadline: datetime.date
    days_left: int
    missing_hours: Decimal
    topic_needs: tuple[TopicNeed, ...]
    general_hours: Decimal
    closed_formats: tuple[str, ...]
    notes: tuple[str, ...] = ()
    # Required courses not yet completed (kind "course"): owed by completion, so their ``hours`` are 0.
    course_needs: tuple[TopicNeed, ...] = ()
    # Part of the missing hours must come from these provider types (they are not further hours).
    provider_needs: tuple[ProviderNeed, ...] = ()
    # Hours must also be taken in other categories (not necessarily more hours).
    category_needs: tuple[CategoryNeed, ...] = ()
    standing: Standing = Standing.ON_TRACK
    # An ended period not met (the standing is overdue): the day it ended and the hours it lacked.
    overdue_period_end: datetime.date | None = None
    overdue_missing_hours: Decimal | None = None
    # What would cure that ended period (present exactly when ``overdue_period_end`` is).
    cure: Cure | None = None


@attrs.frozen(kw_only=True)
class Suggestion:
    """One course and what it would do for each credential it counts toward."""

    topics: tuple[str, ...]
    format: Format
    approvals: tuple[str, ...]
    hours: Decimal
    helps: tuple[tuple[str, Decimal], ...]  # (credential id, missing hours it removes)
    provider_type: str | None = None  # when the course must come from a kind of provider a share rule lists

    @property
    def credentials(self) -> tuple[str, ...]:
        return tuple(credential for credential, _ in self.helps)


@attrs.frozen(kw_only=True)
class Plan:
    as_of: datetime.date
    practitioner: str
    remaining: tuple[Remaining, ...]
    best_course: Suggestion | None


def remaining_for(report: CredentialReport, ruleset: RuleSet | None = None) -> Remaining:
    """What one credential still needs: its current period's needs, and first what would cure an ended
    period not met (``ruleset`` gives the board's make-up window; without it none is named)."""
    needs, general = _topic_needs(report.requirements, report.missing_hours)
    closed = tuple(
        f"{', '.join(cap.formats) or ', '.join(cap.topics)}: {cap.title} is full ({cap.limit} h)"
        for cap in report.caps
        if cap.used >= cap.limit
    )
    previous = report.previous_period
    unmet = previous is not None and not previous.met
    return Remaining(
        credential=report.credential,
        ruleset=report.ruleset,
        standing=report.standing,
        overdue_period_end=previous.end if previous is not None and unmet else None,
        overdue_missing_hours=previous.missing_hours if previous is not None and unmet else None,
        cure=_cure(previous, ruleset) if previous is not None and unmet else None,
        status=report.status,
        deadline=report.cycle_end,
        days_left=report.days_left,
        missing_hours=report.missing_hours,
        topic_needs=needs,
        general_hours=general,
        closed_formats=closed,
        notes=report.notes,
        course_needs=_course_needs(report),
        provider_needs=tuple(
            ProviderNeed(requirement=r.id, title=r.title, provider_types=r.provider_types, hours=r.missing)
            for r in report.requirements
            if r.kind == RequirementKind.SHARE and not r.met and r.provider_types
        ),
        category_needs=tuple(
            CategoryNeed(requirement=r.id, title=r.title, categories=r.open_categories, count=int(r.missing))
            for r in report.requirements
            if r.kind == RequirementKind.CATEGORIES and not r.met
        ),
    )


def _topic_needs(
    requirements: Sequence[RequirementResult], missing_hours: Decimal, due: datetime.date | None = None
) -> tuple[tuple[TopicNeed, ...], Decimal]:
    """The unmet topic requirements (due ``due`` when given, else their own date), and the hours on any
    accepted topic still missing beside them."""
    # A share of the hours on named topics (NBCC's specialties) is a topic need too: its hours are part of the
    # total's, so they are not taken from the general hours twice.
    unmet = [r for r in requirements if r.kind == RequirementKind.TOPIC and not r.met]
    share_topics = [
        r for r in requirements if r.kind == RequirementKind.SHARE and not r.met and r.topics and not r.provider_types
    ]
    needs = tuple(
        TopicNeed(
            requirement=r.id, title=r.title, topics=r.topics, hours=r.missing, due=due or r.due, approvals=r.approvals
        )
        for r in (*unmet, *share_topics)
    )
    topic_hours = sum((r.missing for r in unmet), Decimal(0))
    return needs, max(Decimal(0), missing_hours - topic_hours)


def _cure(previous: PreviousPeriod, ruleset: RuleSet | None) -> Cure:
    """What the ended period lacks, to be taken and recorded for it (``for_period_ending``)."""
    rule = ruleset.at(_Span(previous.start, previous.end)).make_up if ruleset is not None else None
    by = window_closes(rule, Period(previous.start, previous.end, previous.index))
    needs, general = _topic_needs(previous.requirements, previous.missing_hours, by)
    courses = tuple(
        TopicNeed(requirement=r.id, title=r.title, topics=r.topics, hours=Decimal(0), due=by)
        for r in previous.requirements
        if r.kind == RequirementKind.COURSE and not r.met
    )
    return Cure(
        period_end=previous.end,
        missing_hours=previous.missing_hours,
        topic_needs=needs,
        general_hours=general,
        course_needs=courses,
        make_up_by=by,
        citation=rule.citation if rule is not None else None,
    )


def _course_needs(report: CredentialReport) -> tuple[TopicNeed, ...]:
    """The required courses the period still owes: no hours to suggest, only a course to complete."""
    if report.status is Status.EXEMPT:
        return ()
    return tuple(
        TopicNeed(requirement=r.id, title=r.title, topics=r.topics, hours=Decimal(0), due=r.due)
        for r in report.requirements
        if r.kind == RequirementKind.COURSE and not r.met
    )


def plan(
    practitioner: Practitioner, rulesets: Mapping[str, RuleSet], as_of: datetime.date, *, kinds: Kinds = CORE_KINDS
) -> Plan:
    """What remains per credential, and the single course that would count toward the most.

    ``kinds`` implements the rule sets' plugin kinds (``registry.kinds``), as for ``evaluate``.
    """
    report = evaluate_profile(practitioner, rulesets, as_of, kinds=kinds)
    # Overdue first (the thing to cure before anything else), otherwise in profile order.
    remaining = tuple(
        sorted(
            (remaining_for(c, rulesets.get(c.ruleset)) for c in report.credentials),
            key=lambda r: r.standing is not Standing.OVERDUE,
        )
    )
    return Plan(
        as_of=as_of,
        practitioner=practitioner.id,
        remaining=remaining,
        best_course=best_course(practitioner, rulesets, report, kinds=kinds),
    )


def best_course(
    practitioner: Practitioner, rulesets: Mapping[str, RuleSet], report: Report, *, kinds: Kinds = CORE_KINDS
) -> Suggestion | None:
    """The candidate course that lowers the missing hours of the most credentials.

    Ties go to the course that removes the most missing hours per hour taken, then to the earlier
    candidate (a fixed order, so the answer is deterministic).
    """
    deficient = [c for c in report.credentials if c.status is Status.DEFICIENT]
    if not deficient:
        return None
    best: tuple[tuple[int, Decimal, int], Suggestion] | None = None
    candidates = [
        (topics, fmt, approvals, provider_type)
        for topics, fmt, approvals in _candidates(deficient, rulesets, report.as_of)
        for provider_type in _provider_type_candidates(deficient)
    ]
    candidates.extend(_category_candidates(deficient, rulesets, report.as_of))
    for order, (topics, fmt, approvals, provider_type) in enumerate(candidates):
        hours = _course_hours(topics, deficient)
        course = Activity(
            title="(planned course)",
            completed=report.as_of,
            hours=hours,
            format=fmt,
            topics=topics,
            approvals=approvals,
            provider_type=provider_type,
        )
        trial = attrs.evolve(practitioner, activities=(*practitioner.activities, course))
        helps = []
        for current in deficient:
            credential = practitioner.credential(current.credential)
            after = evaluate(trial, credential, rulesets[credential.ruleset], report.as_of, kinds=kinds)
            gain = current.missing_hours - after.missing_hours
            if gain > 0:
                helps.append((current.credential, gain))
        if not helps:
            continue
        # Most credentials first; then the most missing hours removed per hour of the course.
        score = (len(helps), sum((g for _, g in helps), Decimal(0)) / hours, -order)
        if best is None or score > best[0]:
            suggestion = Suggestion(
                topics=topics,
                format=fmt,
                approvals=approvals,
                hours=hours,
                helps=tuple(helps),
                provider_type=provider_type,
            )
            best = (score, suggestion)
    return best[1] if best else None


def _course_hours(topics: tuple[str, ...], deficient: Sequence[CredentialReport]) -> Decimal:
    """As many hours as the neediest credential could use from a course on these topics."""
    if topics:
        wanted = [
            r.missing
            for c in deficient
            for r in c.requirements
            if r.kind == RequirementKind.TOPIC and not r.met and set(r.topics) & set(topics)
        ]
    else:
        wanted = [remaining_for(c).general_hours for c in deficient]
    return min(max([*wanted, Decimal(1)]), MAX_CANDIDATE_HOURS)


def _candidates(
    deficient: Sequence[CredentialReport], rulesets: Mapping[str, RuleSet], as_of: datetime.date
) -> list[tuple[tuple[str, ...], Format, tuple[str, ...]]]:
    topic_sets: list[tuple[str, ...]] = [()]
    needs = [r.topics for c in deficient for r in c.requirements if r.kind == RequirementKind.TOPIC and not r.met]
    for topics in needs:
        if topics not in topic_sets:
            topic_sets.append(topics)
    for i, first in enumerate(needs):
        for second in needs[i + 1 :]:
            merged = tuple(sorted(set(first) | set(second)))
            if merged not in topic_sets:
                topic_sets.append(merged)
    # One approval body per distinct set of boards that accept it: bodies accepted by the same boards
    # are interchangeable for this question. Boards that accept any provider need no body at all.
    accepting: dict[str, set[str]] = {}
    open_boards: set[str] = set()
    for credential in deficient:
        entry = rulesets[credential.ruleset].eligibility_on(as_of)
        if entry is None or not entry.approvals:
            open_boards.add(credential.credential)
            continue
        for body in entry.approvals:
            accepting.setdefault(body, set()).add(credential.credential)
    seen: set[frozenset[str]] = set()
    approval_sets: list[tuple[str, ...]] = [] if accepting else [()]
    for body in sorted(accepting, key=lambda b: (-len(accepting[b]), b)):
        group = frozenset(accepting[body] | open_boards)
        if group not in seen:
            seen.add(group)
            approval_sets.append((body,))
    candidates = [(t, f, a) for t in topic_sets for f in CANDIDATE_FORMATS for a in approval_sets]
    return candidates + _approved_topic_candidates(deficient, approval_sets)


def _approved_topic_candidates(
    deficient: Sequence[CredentialReport], approval_sets: Sequence[tuple[str, ...]]
) -> list[tuple[tuple[str, ...], Format, tuple[str, ...]]]:
    """A course for each unmet topic that counts only courses of listed approval bodies: from the first listed
    body the boards accept (or the first listed), when no candidate above has one of them."""
    accepted = {body for bodies in approval_sets for body in bodies}
    found: list[tuple[tuple[str, ...], Format, tuple[str, ...]]] = []
    for r in (r for c in deficient for r in c.requirements):
        if r.kind != RequirementKind.TOPIC or r.met or not r.approvals or set(r.approvals) & accepted:
            continue
        body = next((b for b in r.approvals if b in accepted), r.approvals[0])
        found.extend((r.topics, f, (body,)) for f in CANDIDATE_FORMATS if (r.topics, f, (body,)) not in found)
    return found


def _provider_type_candidates(deficient: Sequence[CredentialReport]) -> list[str | None]:
    """The provider types a candidate course may come from: none recorded, and when a share requirement is
    short, the listed type most of the short shares accept (the first listed one on a tie: a board lists
    its kinds in its own order, and any of them serves). Without a short share, only ``None``: the plan
    is what it was before provider types existed."""
    lists = [
        r.provider_types
        for c in deficient
        for r in c.requirements
        if r.kind == RequirementKind.SHARE and not r.met and r.provider_types
    ]
    if not lists:
        return [None]
    order: dict[str, int] = {}
    for kind in (kind for kinds in lists for kind in kinds):
        order.setdefault(kind, len(order))
    best = max(order, key=lambda kind: (sum(kind in kinds for kinds in lists), -order[kind]))
    return [None, best]


def _category_candidates(
    deficient: Sequence[CredentialReport], rulesets: Mapping[str, RuleSet], as_of: datetime.date
) -> list[tuple[tuple[str, ...], Format, tuple[str, ...], str | None]]:
    """A general course in the first format of each category a categories requirement still wants, when that
    format is not already a candidate (California CPD: an academic course when all hours are sponsored CE)."""
    found: list[tuple[tuple[str, ...], Format, tuple[str, ...], str | None]] = []
    for report in deficient:
        rules = rulesets[report.ruleset].at(_Span(report.cycle_start, report.cycle_end))
        entry = rulesets[report.ruleset].eligibility_on(as_of)
        approvals = entry.approvals[:1] if entry is not None else ()
        for result in report.requirements:
            if result.kind != RequirementKind.CATEGORIES or result.met:
                continue
            version = next(r.version for r in rules.requirements if r.requirement.id == result.id)
            assert version is not None
            for category in version.categories:
                if category.id in result.open_categories and category.formats:
                    fmt = category.formats[0]
                    candidate = ((), fmt, () if fmt in _no_approval(entry) else approvals, None)
                    if fmt not in CANDIDATE_FORMATS and candidate not in found:
                        found.append(candidate)
    return found


def _no_approval(entry: Eligibility | None) -> tuple[Format, ...]:
    return entry.approval_exempt_formats if entry is not None else ()


@attrs.frozen
class _Span:
    start: datetime.date
    end: datetime.date
