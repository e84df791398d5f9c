"""Text and JSON views of plans, deadlines and rule sets (``check`` has its own in ``render``).

Text fits an 80-column terminal; JSON uses decimal strings for hours and ISO dates, like the report.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from licensetrack.deadlines import Deadline
from licensetrack.planner import Plan
from licensetrack.report import Status, hours
from licensetrack.ruleset import Cited, Requirement, RuleSet, in_force
from licensetrack.terminal import Style, plain, wrap
from licensetrack.wording import count


def _when(days: int) -> str:
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    if days == 0:
        return "today"
    return f"{-days} day{'s' if days != -1 else ''} ago"


# --- plan ------------------------------------------------------------------------------------------


def plan_text(plan: Plan, style: Style = plain) -> str:
    lines = [style(plan.practitioner, bold=True) + f" · plan as of {plan.as_of}", ""]
    for item in plan.remaining:
        colour = {Status.COMPLIANT: "green", Status.DEFICIENT: "red", Status.EXEMPT: "cyan"}[item.status]
        lines.append(
            style(item.credential, bold=True) + f"  {item.ruleset} · " + style(item.status.value.upper(), fg=colour)
        )
        lines.append(f"  Deadline {item.deadline} ({_when(item.days_left)}) · {hours(item.missing_hours)} h missing")
        for need in item.topic_needs:
            due = f", due {need.due}" if need.due and need.due != item.deadline else ""
            lines.extend(wrap(f"- {hours(need.hours)} h of {need.title} ({', '.join(need.topics)}){due}", 4))
        if item.general_hours > 0:
            lines.extend(wrap(f"- {hours(item.general_hours)} h on any accepted topic", 4))
        for closed in item.closed_formats:
            lines.extend(wrap(f"no more of these count: {closed}", 4))
        lines.append("")
    course = plan.best_course
    if course is None:
        lines.append("Nothing is missing: no course needed now.")
    else:
        topics = ", ".join(course.topics) or "any topic"
        approval = f", approved by {', '.join(course.approvals)}" if course.approvals else ""
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


def plan_json(plan: Plan) -> dict[str, Any]:
    course = plan.best_course
    return {
        "as_of": plan.as_of.isoformat(),
        "practitioner": plan.practitioner,
        "credentials": [
            {
                "credential": r.credential,
                "ruleset": r.ruleset,
                "status": r.status.value,
                "deadline": r.deadline.isoformat(),
                "days_left": r.days_left,
                "missing_hours": hours(r.missing_hours),
                "general_hours": hours(r.general_hours),
                "topics": [
                    {
                        "requirement": n.requirement,
                        "title": n.title,
                        "topics": list(n.topics),
                        "hours": hours(n.hours),
                        "due": n.due.isoformat() if n.due else None,
                    }
                    for n in r.topic_needs
                ],
                "closed_formats": list(r.closed_formats),
            }
            for r in plan.remaining
        ],
        "best_course": None
        if course is None
        else {
            "topics": list(course.topics),
            "format": course.format.value,
            "approvals": list(course.approvals),
            "hours": hours(course.hours),
            "credentials": [{"credential": c, "missing_hours_removed": hours(g)} for c, g in course.helps],
        },
    }


# --- deadlines -------------------------------------------------------------------------------------


def deadlines_text(items: Sequence[Deadline], as_of: datetime.date, style: Style = plain) -> str:
    if not items:
        return "No deadlines in that window.\n"
    lines = []
    for item in items:
        overdue = item.date < as_of
        when = style(_when(item.days_left(as_of)), fg="red" if overdue else None)
        lines.append(f"{item.date}  {when:<14}  " + style(item.credential, bold=True) + f"  {item.kind}")
        lines.extend(wrap(item.title, 4))
        lines.extend(wrap(item.detail, 6))
    return "\n".join(lines) + "\n"


def deadlines_json(items: Sequence[Deadline], as_of: datetime.date) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(),
        "deadlines": [
            {
                "date": d.date.isoformat(),
                "days_left": d.days_left(as_of),
                "credential": d.credential,
                "kind": d.kind,
                "title": d.title,
                "detail": d.detail,
                "missing_hours": hours(d.missing_hours),
                "citation": d.citation,
                "source": d.source,
            }
            for d in items
        ],
    }


# --- rule sets -------------------------------------------------------------------------------------


def _entry_json(entry: Cited) -> dict[str, Any]:
    return {
        "effective": entry.effective.isoformat(),
        "citation": entry.citation,
        "source": entry.source,
        "verified": entry.verified,
        "note": entry.note,
    }


def _requirement_on(requirement: Requirement, ruleset: RuleSet, on: datetime.date) -> dict[str, Any] | None:
    version = in_force(requirement.versions, on)
    if version is None or version.repealed:
        return None
    data: dict[str, Any] = {"id": requirement.id, "kind": requirement.kind, "title": requirement.title}
    for field in ("hours", "max_hours"):
        value = getattr(version, field)
        if value is not None:
            data[field] = hours(value)
    if version.max_share is not None:
        data["max_share"] = str(version.max_share)
    for field in ("topics", "formats", "roles", "without_approvals"):
        value = getattr(version, field)
        if value:
            data[field] = [str(v) for v in value]
    data["scope"] = version.scope.value
    data["counts_toward_total"] = version.counts_toward_total
    data["select_by"] = (requirement.select_by or ruleset.select_by).value
    for field in ("every", "anchor", "due_first_renewal_after", "exempt_if_issued_on_or_after", "count_from"):
        value = getattr(version, field)
        if value is not None:
            data[field] = value.isoformat() if isinstance(value, datetime.date) else value
    data.update(_entry_json(version))
    return data


def ruleset_json(ruleset: RuleSet, on: datetime.date) -> dict[str, Any]:
    """The rule set as in force on a date (each list's entry for that date), with its sources."""

    def current(entries: Sequence[Cited]) -> dict[str, Any] | None:
        entry = in_force(entries, on)
        return None if entry is None else _entry_json(entry) | _fields(entry)

    return {
        "id": ruleset.id,
        "title": ruleset.title,
        "authority": ruleset.authority,
        "credential_kind": ruleset.credential_kind,
        "as_of": on.isoformat(),
        "verified_on": ruleset.verified_on.isoformat(),
        "select_by": ruleset.select_by.value,
        "eligibility_select_by": ruleset.eligibility_select_by.value,
        "notes": ruleset.notes,
        "cycle": current(ruleset.cycle),
        "first_cycle": current(ruleset.first_cycle),
        "eligibility": current(ruleset.eligibility),
        "conversions": [
            c
            for c in (current(ruleset.conversions_for(f)) for f in sorted({c.format for c in ruleset.conversions}))
            if c
        ],
        "carry_forward": current(ruleset.carry_forward),
        "exemptions": current(ruleset.exemptions),
        "record_retention": current(ruleset.record_retention),
        "requirements": [r for r in (_requirement_on(q, ruleset, on) for q in ruleset.requirements) if r],
        "unverified": [
            f"{e.citation} (effective {e.effective}): {e.note or 'not confirmed against a primary source'}"
            for e in ruleset.dated_entries()
            if not e.verified
        ],
    }


def _fields(entry: Cited) -> dict[str, Any]:
    """The entry's own facts (not its citation), as plain JSON values."""
    import attrs

    skip = {"effective", "citation", "source", "verified", "note", "handler", "params"}
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
        return ", ".join(str(item) for item in value)
    return str(value)


def ruleset_text(data: dict[str, Any], style: Style = plain) -> str:
    """``rules show`` for a person: each rule with its number, citation and source."""
    lines = [style(f"{data['id']}", bold=True) + f"  {data['title']}", f"  {data['authority']}"]
    lines.append(
        f"  As in force on {data['as_of']} · file verified {data['verified_on']} · "
        f"versions chosen by the period's {data['select_by'].removeprefix('cycle-')}"
    )
    if data["notes"]:
        lines.extend(wrap(data["notes"].replace("\n", " ")))
    lines.append("")

    def block(label: str, entry: dict[str, Any] | None) -> None:
        if entry is None:
            return
        facts = "; ".join(
            f"{k.replace('_', ' ')} {_fact_text(v)}"
            for k, v in entry.items()
            if k not in ("effective", "citation", "source", "verified", "note")
        )
        mark = "" if entry["verified"] else style(" [unverified]", fg="yellow")
        lines.extend(wrap(f"{label}: {facts}{mark}"))
        lines.extend(wrap(f"{entry['citation']} · since {entry['effective']}", 6))
        lines.extend(wrap(str(entry["source"]), 6))

    block("Cycle", data["cycle"])
    block("First period", data["first_cycle"])
    block("Eligibility", data["eligibility"])
    for conversion in data["conversions"]:
        block("Conversion", conversion)
    block("Carry-forward", data["carry_forward"])
    block("Exempt", data["exemptions"])
    block("Record retention", data["record_retention"])
    for requirement in data["requirements"]:
        shown = {
            k: v
            for k, v in requirement.items()
            if k not in ("id", "title", "kind", "select_by", "counts_toward_total", "scope")
        }
        if requirement["scope"] != "cycle":
            shown["scope"] = requirement["scope"]
        if not requirement["counts_toward_total"] and requirement["kind"] == "topic":
            shown["in addition to the total"] = "yes"
        block(f"{requirement['title']} ({requirement['kind']})", shown)
    if data["unverified"]:
        lines.append("")
        lines.append(style(f"  Not confirmed against a primary source ({len(data['unverified'])}):", fg="yellow"))
        for item in data["unverified"]:
            lines.extend(wrap(f"- {item}", 4))
    return "\n".join(lines) + "\n"
