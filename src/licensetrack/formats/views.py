"""Text views of plans, deadlines and rule sets (``check`` has its own in ``text``), and the rule set
``rules show`` prints as JSON (the other JSON forms are in ``shapes``).

Text fits an 80-column terminal; JSON uses decimal strings for hours and ISO dates, like the report.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from licensetrack.core.cycles import AnySchedule, Period
from licensetrack.core.deadlines import Deadline, Urgency
from licensetrack.core.eligibility import EligibilityAnswers
from licensetrack.core.engine import RequirementInPeriod, period_on, requirements_for_period
from licensetrack.core.engine.periods import first_rule_for, ordinal
from licensetrack.core.engine.select import owed_in
from licensetrack.core.kinds import CORE_KINDS, Kinds
from licensetrack.core.model import Credential, Practitioner
from licensetrack.core.planner import Cure, Plan
from licensetrack.core.report import Status, hours
from licensetrack.core.rules import (
    CORE_CYCLE_KINDS,
    Alternatives,
    Cited,
    CycleKind,
    CycleRule,
    RequirementVersion,
    RulesAt,
    RuleSet,
    Scope,
    SelectBy,
)
from licensetrack.core.wording import count, unconfirmed
from licensetrack.formats.terminal import WIDTH, Style, plain, wrap


def _when(days: int) -> str:
    if days > 0:
        return f"in {count(days, 'day')}"
    if days == 0:
        return "today"
    return f"{count(-days, 'day')} ago"


# --- plan ------------------------------------------------------------------------------------------


def plan_text(plan: Plan, style: Style = plain) -> str:
    lines = [style(plan.practitioner, bold=True) + f" · plan as of {plan.as_of}", ""]
    for item in plan.remaining:
        colour = {Status.COMPLIANT: "green", Status.DEFICIENT: "red", Status.EXEMPT: "cyan"}[item.status]
        lines.append(
            style(item.credential, bold=True) + f"  {item.ruleset} · " + style(item.status.value.upper(), fg=colour)
        )
        if item.overdue_period_end is not None:
            short = hours(item.overdue_missing_hours or Decimal(0))
            lines.append(
                style("  OVERDUE", fg="red", bold=True) + f": the period that ended {item.overdue_period_end}"
                f" was {short} h short"
            )
            if item.cure is not None:
                lines.extend(_cure_lines(item.cure, plan.as_of))
        lines.append(f"  Deadline {item.deadline} ({_when(item.days_left)}) · {hours(item.missing_hours)} h missing")
        for need in item.topic_needs:
            due = f", due {need.due}" if need.due and need.due != item.deadline else ""
            approved = f", approved by {' or '.join(need.approvals)}" if need.approvals else ""
            lines.extend(wrap(f"- {hours(need.hours)} h of {need.title} ({', '.join(need.topics)}{approved}){due}", 4))
        if item.general_hours > 0:
            lines.extend(wrap(f"- {hours(item.general_hours)} h on any accepted topic", 4))
        for need in item.course_needs:
            lines.extend(wrap(f"- complete {need.title} ({', '.join(need.topics)}) by {need.due}; no set hours", 4))
        for wanted in item.category_needs:
            more = count(wanted.count, "more category", "more categories")
            lines.extend(wrap(f"- hours in {more} of: {', '.join(wanted.categories)} ({wanted.title})", 4))
        for share in item.provider_needs:
            kinds = ", ".join(share.provider_types)
            lines.extend(wrap(f"- of these, {hours(share.hours)} h from a provider of type {kinds} ({share.title})", 4))
        for closed in item.closed_formats:
            lines.extend(wrap(f"no more of these count: {closed}", 4))
        lines.append("")
    course = plan.best_course
    if course is None and any(item.missing_hours > 0 for item in plan.remaining):
        # Hours are missing but no single course lowers them (caps full, categories): never "nothing is missing".
        lines.append("No single course found that lowers the hours missing: take what each credential lists above.")
    elif course is None and any(item.course_needs for item in plan.remaining):
        lines.append("No hours are missing: only the required courses listed above.")
    elif course is None:
        lines.append("Nothing is missing: no course needed now.")
    else:
        topics = ", ".join(course.topics) or "any topic"
        approval = f", approved by {', '.join(course.approvals)}" if course.approvals else ""
        if course.provider_type:
            approval += f", from a provider of type {course.provider_type}"
        lines.append(style("Best next course", bold=True))
        lines.extend(
            wrap(
                f"{hours(course.hours)} h on {topics} ({course.format.value}{approval}) counts toward "
                f"{count(len(course.helps), 'credential')}:"
            )
        )
        for credential, gain in course.helps:
            lines.append(f"    {credential}: {hours(gain)} missing {'hour' if gain == 1 else 'hours'} fewer")
    return "\n".join(lines) + "\n"


def _cure_lines(cure: Cure, as_of: datetime.date) -> list[str]:
    """What would cure an ended period, first: each course to record with for_period_ending = its end."""
    lines: list[str] = []
    if cure.make_up_by is not None and cure.make_up_by < as_of:
        lines.extend(
            wrap(f"the board's make-up window closed on {cure.make_up_by} ({cure.citation}): ask the board", 4)
        )
        return lines
    by = f" by {cure.make_up_by} ({cure.citation})" if cure.make_up_by is not None else ""
    lines.extend(
        wrap(
            f"First cure it{by}: record each course with for_period_ending = {cure.period_end}, so that it "
            "counts there and not in the current period:",
            4,
        )
    )
    for need in cure.topic_needs:
        lines.extend(wrap(f"- {hours(need.hours)} h of {need.title} ({', '.join(need.topics)})", 6))
    if cure.general_hours > 0:
        lines.extend(wrap(f"- {hours(cure.general_hours)} h on any accepted topic", 6))
    for need in cure.course_needs:
        lines.extend(wrap(f"- complete {need.title} ({', '.join(need.topics)}); no set hours", 6))
    return lines


# --- deadlines -------------------------------------------------------------------------------------


_URGENCY = {Urgency.OVERDUE: "red", Urgency.DUE_SOON: "yellow"}


def deadlines_text(items: Sequence[Deadline], as_of: datetime.date, style: Style = plain) -> str:
    if not items:
        return "No deadlines in that window.\n"
    lines = []
    for item in items:
        overdue = item.date < as_of
        when = style(_when(item.days_left(as_of)), fg="red" if overdue else None)
        mark = "" if item.urgency is None else "  " + style(item.urgency.value.upper(), fg=_URGENCY[item.urgency])
        lines.append(f"{item.date}  {when:<14}  " + style(item.credential, bold=True) + f"  {item.kind}" + mark)
        lines.extend(wrap(item.title, 4))
        lines.extend(wrap(item.detail, 6))
    return "\n".join(lines) + "\n"


def eligibility_text(value: EligibilityAnswers, style: Style = plain, *, width: int = WIDTH) -> str:
    """Each rule set asked about: ELIGIBLE or NOT YET, then each condition with its reason and citation."""
    if not value.answers:
        return "No installed rule set states a home credential or a degree to qualify for.\n"
    lines: list[str] = []
    for answer in value.answers:
        word = style("ELIGIBLE", fg="green", bold=True) if answer.eligible else style("NOT YET", fg="red", bold=True)
        held = f"  (held: {', '.join(answer.held)})" if answer.held else ""
        lines.append(f"{word}  " + style(answer.ruleset, bold=True) + f"  {answer.title}{held}")
        if not answer.conditions:
            lines.extend(wrap("no home credential or degree is stated in this rule set", 4, width))
        for condition in answer.conditions:
            mark = "met" if condition.met else "missing"
            cited = "; ".join(ref.citation for ref in condition.refs)
            lines.extend(wrap(f"{condition.kind} {mark}: {condition.reason} ({cited})", 4, width))
        for ref in (ref for condition in answer.conditions for ref in condition.refs if not ref.verified):
            lines.extend(
                wrap(f"unverified: {ref.citation} (effective {ref.effective}); its note is in --format json", 4, width)
            )
    lines.extend(
        wrap(
            "Not judged: examinations, background checks, fees and other facts a profile does not hold "
            "(each rule's note says what the body also asks).",
            0,
            width,
        )
    )
    return "\n".join(lines) + "\n"


# --- rule sets -------------------------------------------------------------------------------------


def _entry_json(entry: Cited) -> dict[str, Any]:
    return {
        "effective": entry.effective.isoformat(),
        "citation": entry.citation,
        "source": entry.source,
        "verified": entry.verified,
        "note": entry.note,
    }


@attrs.frozen(kw_only=True)
class Holder:
    """Whom ``rules show`` answers for: a credential (and its practitioner), and what was assumed.

    The period, and so the rule versions in force, can depend on the issue date, the birth month or
    the board's record. When those are not given, ``assumption`` says what was taken instead.
    """

    practitioner: Practitioner
    credential: Credential
    assumption: str | None = None
    issue_known: bool = True  # False when the issue date is assumed: the period's index is then unknown


def holder_for(
    ruleset: RuleSet,
    on: datetime.date,
    *,
    issued: datetime.date | None = None,
    expires: datetime.date | None = None,
    birth_date: datetime.date | None = None,
    roles: tuple[str, ...] = (),
) -> Holder:
    """A credential under ``ruleset`` from what is known of it, the rest assumed and said.

    A fixed calendar cycle, or the board's record (``expires``), fixes the period without the issue
    date; it is then assumed to lie before the period (not a first one). Any other cycle needs the
    facts it follows; without them the period is assumed to end on ``on``.
    """
    rule = ruleset.cycle_on(on)
    practitioner = Practitioner(id="rules-show", birth_date=birth_date)
    long_ago = datetime.date(max(1, on.year - 50), 1, 1)
    earlier = "assuming a licence issued before this period (not its first period); give --issued to know"
    needs = _cycle_needs(rule, issued, birth_date)
    if expires is not None or needs is None:
        assumption = None if issued is not None else earlier
        start = issued if issued is not None else min(long_ago, expires or long_ago)
        credential = Credential(id="credential", ruleset=ruleset.id, issued=start, expires=expires, roles=roles)
        return Holder(
            practitioner=practitioner, credential=credential, assumption=assumption, issue_known=issued is not None
        )
    start = issued if issued is not None and issued <= on else long_ago
    if rule.ce_period is not None:
        # CE over the calendar years before the renewal year: assume the licence renews next year.
        renews = datetime.date(on.year + 1, 12, 31)
        credential = Credential(id="credential", ruleset=ruleset.id, issued=start, expires=renews, roles=roles)
        assumption = (
            f"assuming a licence that renews in {renews.year}, so a CE period that ends on {on.year}-12-31: "
            f"this rule set's CE periods are the calendar years before the renewal year; give {needs[1]} "
            "(the licence's expiration date; or --profile and --credential) to know the period"
        )
        return Holder(practitioner=practitioner, credential=credential, assumption=assumption, issue_known=False)
    credential = Credential(id="credential", ruleset=ruleset.id, issued=start, expires=on, roles=roles)
    assumption = (
        f"assuming a period that ends on {on}: this rule set's periods follow {needs[0]}; give {needs[1]} "
        "(or --profile and --credential) to know the period"
    )
    return Holder(practitioner=practitioner, credential=credential, assumption=assumption, issue_known=False)


def _cycle_needs(
    rule: CycleRule, issued: datetime.date | None, birth_date: datetime.date | None
) -> tuple[str, str] | None:
    """What is missing to know the period under this cycle rule (what, and the options), or None."""
    if rule.kind not in CORE_CYCLE_KINDS or rule.kind == CycleKind.ANNIVERSARY:
        return None if issued is not None else ("the issue date", "--issued")
    if rule.kind == CycleKind.BIRTH_MONTH:
        known = issued is not None and birth_date is not None
        return None if known else ("the issue date and the birth month", "--issued and --birth-date")
    if rule.kind == CycleKind.RECORD:
        return ("the board's record", "--expires")
    return None


def _requirement_json(item: RequirementInPeriod, ruleset: RuleSet) -> dict[str, Any]:
    requirement, version = item.requirement, item.version
    assert version is not None
    data: dict[str, Any] = {"id": requirement.id, "kind": requirement.kind, "title": requirement.title}
    for field in ("hours", "max_hours"):
        value = getattr(version, field)
        if value is not None:
            data[field] = hours(value)
    if version.max_share is not None:
        data["max_share"] = str(version.max_share)
    for field in ("topics", "formats", "roles", "without_approvals", "approvals"):
        value = getattr(version, field)
        if value:
            data[field] = [str(v) for v in value]
    if version.min_share is not None:
        data["min_share"] = str(version.min_share)
    if version.provider_types:
        data["provider_types"] = list(version.provider_types)
    if version.min_categories is not None:
        data["min_categories"] = version.min_categories
        data["categories"] = [
            {"id": c.id, "title": c.title, "formats": [f.value for f in c.formats], "topics": list(c.topics)}
            for c in version.categories
        ]
    data["scope"] = version.scope.value
    data["counts_toward_total"] = version.counts_toward_total
    data["select_by"] = (requirement.select_by or ruleset.select_by).value
    for field in (
        "every",
        "anchor",
        "due_first_renewal_after",
        "exempt_if_issued_on_or_after",
        "count_from",
        "due_months_after_issue",
        "anchor_role",
        "graduate_study_before",
    ):
        value = getattr(version, field)
        if value is not None:
            data[field] = value.isoformat() if isinstance(value, datetime.date) else value
    if version.prorated_per_month is not None:
        data["prorated_per_month"] = hours(version.prorated_per_month)
    if version.short_period_hours is not None:
        data["short_period_hours"] = hours(version.short_period_hours)
    if version.in_cycle is not None:
        data["in_cycle"] = version.in_cycle
    if version.window_cycles is not None:
        data["window_cycles"] = version.window_cycles
    if version.hours_per_cycle_year is not None:
        data["hours_per_cycle_year"] = hours(version.hours_per_cycle_year)
    if version.alternate:
        data["alternate"] = list(version.alternate)
    assert item.due is not None
    data["due"] = item.due.isoformat()
    data.update(_entry_json(version))
    return data


def _depends_on_issue(version: RequirementVersion) -> bool:
    """Whether the issue date decides if the version is owed in a period (beyond the period itself)."""
    counted_from_issue = version.scope is Scope.EVERY_N_CYCLES and version.anchor is None
    due_from_issue = version.due_months_after_issue is not None or version.in_cycle is not None
    # Owed by when graduate study began: without that date, an issue date before it tells (see
    # engine.select.began_graduate_study_before), so an assumed issue date decides it too.
    by_study = version.graduate_study_before is not None
    return counted_from_issue or due_from_issue or by_study or version.exempt_if_issued_on_or_after is not None


def _by_course_date(rules: RulesAt) -> list[tuple[datetime.date, datetime.date, Cited]]:
    """The eligibility entries a course completed in the period is judged by, each with its course dates.

    As the engine chooses them (:meth:`RulesAt.eligibility_for_course`): one span per entry taking
    effect within the period, the first from the period's start.
    """
    entries = rules.ruleset.eligibility
    starts = [rules.start, *(e.effective for e in entries if rules.start < e.effective <= rules.end)]
    ends = [day - datetime.timedelta(days=1) for day in starts[1:]] + [rules.end]
    spans = ((first, last, rules.eligibility_for_course(first)) for first, last in zip(starts, ends, strict=True))
    return [(first, last, entry) for first, last, entry in spans if entry is not None]


def ruleset_json(
    ruleset: RuleSet, on: datetime.date, holder: Holder | None = None, kinds: Kinds = CORE_KINDS
) -> dict[str, Any]:
    """The rule set for the period containing a date: exactly the versions ``check`` applies then.

    The period comes from ``holder`` (see :func:`holder_for`; by default nothing is known and the
    assumption is said). Requirements, first-period rule, carry-forward and exemptions are chosen by
    the period's start or end as the engine chooses them; eligibility and conversions by a course's
    date (unless the rule set says otherwise), so each eligibility entry is shown with the course
    dates it covers. ``kinds`` implements a plugin cycle kind (``registry.kinds``).
    """
    holder = holder or holder_for(ruleset, on)
    schedule, period = period_on(holder.practitioner, holder.credential, ruleset, on, kinds)
    items = requirements_for_period(ruleset, holder.credential, schedule, period, holder.practitioner)
    rules = ruleset.at(period)
    by_activity = ruleset.eligibility_select_by is SelectBy.ACTIVITY

    assumption = holder.assumption
    if not holder.issue_known:
        uncertain = [item.requirement.id for item in items if item.version and _depends_on_issue(item.version)]
        if uncertain:
            verb = "is" if len(uncertain) == 1 else "are"
            assumption = f"{assumption}; whether {', '.join(uncertain)} {verb} owed depends on the issue date"
    data: dict[str, Any] = {
        "id": ruleset.id,
        "title": ruleset.title,
        "authority": ruleset.authority,
        "credential_kind": ruleset.credential_kind,
        "profession": ruleset.profession,
        "as_of": on.isoformat(),
        "verified_on": ruleset.verified_on.isoformat(),
        "select_by": ruleset.select_by.value,
        "eligibility_select_by": ruleset.eligibility_select_by.value,
        "notes": ruleset.notes,
        "period": {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "index": period.index if holder.issue_known else None,
            "first": holder.issue_known and period.index == 0,
            "versions_chosen_on": rules.chosen_on.isoformat(),
            "assumption": assumption,
        },
        "cycle": _current(ruleset.cycle_on(on)),
        "first_cycle": _current(
            first_rule_for(rules.first_cycle_bands, period, holder.credential) or rules.first_cycle
        ),
        "eligibility": _current(rules.eligibility_for_course(on)),
        "eligibility_by_course_date": [
            {"courses_from": first.isoformat(), "courses_to": last.isoformat()} | _entry_json(entry) | _fields(entry)
            for first, last, entry in (
                _by_course_date(rules)
                if by_activity
                else [(period.start, period.end, e) for e in (rules.eligibility_for_course(on),) if e]
            )
        ],
        "conversions": [
            c
            for c in (
                _current(rules.conversion_for_course(f, on)) for f in sorted({c.format for c in ruleset.conversions})
            )
            if c
        ],
        "carry_forward": _current(rules.carry_forward),
        "exemptions": _current(rules.exemption),
        "record_retention": _current(rules.record_retention),
        **({"status_hours": _current(rules.status_hours)} if ruleset.status_hours else {}),
        **({"make_up": _current(rules.make_up)} if ruleset.make_up else {}),
        **({"board_note": _current(rules.board_note)} if ruleset.board_notes else {}),
        **({"home": [_current(route) for route in ruleset.home_on(on)]} if ruleset.home else {}),
        **({"degree": [_current(route) for route in ruleset.degree_on(on)]} if ruleset.degree else {}),
        "requirements": [_requirement_json(item, ruleset) for item in items if item.owed],
        "not_owed": [
            {"id": item.requirement.id, "kind": item.requirement.kind, "title": item.requirement.title}
            | {"reason": item.reason}
            for item in items
            if not item.owed
        ],
        "unverified": [unconfirmed(e.citation, e.effective, e.note) for e in ruleset.dated_entries() if not e.verified],
    }
    if rules.alternatives is not None and rules.alternatives.models:
        data["alternatives"] = _alternatives_json(ruleset, rules.alternatives, holder, schedule, period)
    if len(rules.first_cycle_bands) > 1:
        # Bands of the issue date (Ohio psychology): every one, widest first; `first_cycle` is the holder's.
        data["first_cycle_bands"] = [_current(band) for band in rules.first_cycle_bands]
    return data


def _alternatives_json(
    ruleset: RuleSet, choice: Alternatives, holder: Holder, schedule: AnySchedule, period: Period
) -> dict[str, Any]:
    """A choice between whole requirement sets: each model with the requirements it owes in the period."""
    models = []
    for model in choice.models:
        rules = ruleset.at(period, model.rules_on) if model.rules_on else ruleset.at(period)
        owed = [item for item in owed_in(rules, holder.credential, schedule, period, holder.practitioner) if item.owed]
        models.append(
            {
                "id": model.id,
                "title": model.title,
                "rules_on": (model.rules_on or rules.chosen_on).isoformat(),
                "requirements": [_requirement_json(item, ruleset) for item in owed],
            }
        )
    return _entry_json(choice) | {"models": models}


def _current(entry: Cited | None) -> dict[str, Any] | None:
    """An entry the period's rules chose, as JSON (None when none is in force)."""
    return None if entry is None else _entry_json(entry) | _fields(entry)


def _fields(entry: Cited) -> dict[str, Any]:
    """The entry's own facts (not its citation), as plain JSON values."""
    skip = {"effective", "citation", "source", "verified", "note", "params"}
    data: dict[str, Any] = {}
    for field in attrs.fields(type(entry)):
        if field.name in skip:
            continue
        value = getattr(entry, field.name)
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            value = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif not isinstance(value, bool | int | str):
            value = str(value)
        data[field.name] = value
    return data


def _fact_text(value: object) -> str:
    """A rule's value as a person reads it: lists joined, booleans as yes or no (never Python's True)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_category_text(item) if isinstance(item, dict) else str(item) for item in value)
    return str(value)


def _category_text(category: dict[str, Any]) -> str:
    """A category of a categories requirement: its title and what belongs to it."""
    return f"{category['title']} ({', '.join([*category['formats'], *category['topics']])})"


def ruleset_text(data: dict[str, Any], style: Style = plain) -> str:
    """``rules show`` for a person: each rule with its number, citation and source."""
    lines = [style(f"{data['id']}", bold=True) + f"  {data['title']}", f"  {data['authority']}"]
    period = data["period"]
    first = " (the first after issue)" if period["first"] else ""
    lines.extend(
        wrap(
            f"Period {period['start']} to {period['end']}{first}, containing {data['as_of']} · versions chosen "
            f"by its {data['select_by'].removeprefix('cycle-')}, {period['versions_chosen_on']} · file verified "
            f"{data['verified_on']}"
        )
    )
    if period["assumption"]:
        lines.extend(style(line, fg="yellow") for line in wrap(f"Note: {period['assumption']}"))
    if data["notes"]:
        lines.extend(wrap(data["notes"].replace("\n", " ")))
    lines.append("")

    def block(label: str, entry: dict[str, Any] | None, *, said: str | None = None) -> None:
        """One chosen entry: its facts (or, with ``said``, that one field as a sentence), then its rule."""
        if entry is None:
            return
        facts = (
            str(entry[said])
            if said
            else "; ".join(
                f"{k.replace('_', ' ')} {_fact_text(v)}"
                for k, v in entry.items()
                if k not in ("effective", "citation", "source", "verified", "note")
            )
        )
        mark = "" if entry["verified"] else style(" [unverified]", fg="yellow")
        lines.extend(wrap(f"{label}: {facts}{mark}"))
        lines.extend(wrap(f"{entry['citation']} · since {entry['effective']}", 6))
        lines.extend(wrap(str(entry["source"]), 6))

    block("Cycle", data["cycle"])
    first_label = "First period" if period["first"] else "In a first period only (not this one)"
    bands = data.get("first_cycle_bands", [])
    widest = bands[0] if bands else data["first_cycle"]
    block(first_label, _first_cycle_shown(data["first_cycle"], period, data["first_cycle"] != widest))
    for band in bands:
        if band != data["first_cycle"]:
            block(f"{first_label}, other bands of the issue date", _first_cycle_shown(band, period, band != widest))
    spans = data["eligibility_by_course_date"]
    for span in spans:
        dates = f" for courses from {span['courses_from']} to {span['courses_to']}" if len(spans) > 1 else ""
        block(f"Eligibility{dates}", {k: v for k, v in span.items() if k not in ("courses_from", "courses_to")})
    for conversion in data["conversions"]:
        block("Conversion", conversion)
    block("Carry-forward", data["carry_forward"])
    block("Exempt", data["exemptions"])
    block("Record retention", data["record_retention"])
    block("Hours by status", data.get("status_hours"))
    block("Make-up of an ended period's shortfall", data.get("make_up"))
    note = data.get("board_note")
    block("The board asks", None if note is None or note.get("repealed") else note, said="text")
    for route in data.get("home", []):
        block("Valid only while the holder has (any one)", route)
    for route in data.get("degree", []):
        block("Degree asked for (any one route)", route)
    for requirement in data["requirements"]:
        shown = {
            k: v
            for k, v in requirement.items()
            if k not in ("id", "title", "kind", "select_by", "counts_toward_total", "scope", "due")
        }
        if requirement["scope"] != "cycle":
            shown["scope"] = requirement["scope"]
        if not requirement["counts_toward_total"] and requirement["kind"] == "topic":
            shown["in addition to the total"] = "yes"
        if requirement["kind"] == "course":
            shown = _course_shown(requirement, shown)
        _reworded_v2(shown)
        block(f"{requirement['title']} ({requirement['kind']})", shown)
    lines.extend(_alternatives_text(data.get("alternatives"), style))
    if data["not_owed"]:
        lines.append("")
        lines.append(f"  Not owed in this period ({len(data['not_owed'])}):")
        for item in data["not_owed"]:
            lines.extend(wrap(f"- {item['title']} ({item['id']}): {item['reason']}", 4))
    if data["unverified"]:
        lines.append("")
        lines.append(style(f"  Not confirmed against a primary source ({len(data['unverified'])}):", fg="yellow"))
        for item in data["unverified"]:
            lines.extend(wrap(f"- {item}", 4))
    return "\n".join(lines) + "\n"


def _first_cycle_shown(
    entry: dict[str, Any] | None, period: dict[str, Any], narrower: bool = False
) -> dict[str, Any] | None:
    """A first-period rule conditioned on a late issue date, in words (``issued_within_months_of_end``); a band
    narrower than another of the same date (``narrower``) leaves earlier issue dates to the wider one."""
    if entry is None or "issued_within_months_of_end" not in entry:
        return entry
    shown = dict(entry)
    months = shown.pop("issued_within_months_of_end")
    span = f"{months} month{'' if months == 1 else 's'}"
    when = f"issued within the last {span} of the first period"
    if period["first"]:
        end = datetime.date.fromisoformat(period["end"]) + datetime.timedelta(days=1)
        when += f" (on or after {end - relativedelta(months=months)})"
    earlier = "a wider band applies" if narrower else "the first period owes in full"
    shown["only for a credential"] = f"{when}; issued earlier, {earlier}"
    return shown


def _course_shown(requirement: dict[str, Any], shown: dict[str, Any]) -> dict[str, Any]:
    """A required course as a therapist reads it: what completes it and by when, and that it has no hours."""
    topics = " or ".join(requirement.get("topics", []))
    owed = {"owed": f"a completed course on {topics} by {requirement['due']}; no set hours, adding none to the total"}
    return owed | {k: v for k, v in shown.items() if k != "topics"}


def _reworded_v2(shown: dict[str, Any]) -> None:
    """Proration and alternation in words a therapist reads (``rules show``), in place of their keys."""
    rate = shown.pop("prorated_per_month", None)
    if rate is not None:
        shown["in a period of another length"] = f"{rate} h per whole month instead"
    flat = shown.pop("short_period_hours", None)
    if flat is not None:
        shown["in a period shorter than the cycle"] = f"{flat} h instead"
    bodies = shown.pop("approvals", None)
    if bodies:
        shown["only from courses approved by"] = ", ".join(bodies)
    nth = shown.pop("in_cycle", None)
    if nth is not None:
        shown["owed only in"] = f"the {ordinal(nth)} period after issue (at the {ordinal(nth)} renewal)"
    rate = shown.pop("hours_per_cycle_year", None)
    if rate is not None and "hours" in shown:
        years = Decimal(shown["hours"]) / Decimal(rate) if Decimal(rate) else Decimal(0)
        shown["hours"] = f"{shown['hours']} ({rate} h for each year of the {years.normalize():f}-year cycle)"
    window = shown.pop("window_cycles", None)
    if window is not None:
        before = "the one" if window == 2 else f"the {window - 1}"
        shown["met by"] = f"a course of this period or of {before} before it (owed in this period)"
    alternate = shown.pop("alternate", None)
    if alternate:
        others = [topic for topic in shown.get("topics", []) if topic not in alternate]
        shown["alternating"] = (
            f"{', '.join(others)} or {', '.join(alternate)}: the one the previous period did not count "
            "(either, when the profile does not say)"
        )


def _alternatives_text(choice: dict[str, Any] | None, style: Style) -> list[str]:
    """``rules show`` for a choice: any one model met on its own hours is enough, and what each owes."""
    if choice is None:
        return []
    mark = "" if choice["verified"] else style(" [unverified]", fg="yellow")
    lines = [""]
    lines.extend(
        wrap(
            f"Any one of these {len(choice['models'])} requirement sets meets the period, each with its own "
            f"hours; they may not be mixed{mark}:"
        )
    )
    for model in choice["models"]:
        owed = "; ".join(f"{r['title']} {r['hours']} h" if "hours" in r else r["title"] for r in model["requirements"])
        lines.extend(wrap(f"- {model['title']} ({model['id']}, the rules of {model['rules_on']}): {owed}", 4))
    lines.extend(wrap(f"{choice['citation']} · since {choice['effective']}", 6))
    lines.extend(wrap(str(choice["source"]), 6))
    return lines
