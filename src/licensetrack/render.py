"""Text rendering of reports for a person at a terminal (80 columns, colour only when wanted)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from licensetrack.report import (
    ActivityResult,
    CredentialReport,
    Quantity,
    Report,
    RequirementResult,
    Status,
    Unit,
    hours,
)
from licensetrack.terminal import WIDTH, Style, plain, wrap
from licensetrack.wording import count

TITLE_WIDTH = 40


def _days(days: int) -> str:
    if days > 0:
        return f"due in {days} day{'s' if days != 1 else ''}"
    if days == 0:
        return "due today"
    return f"{-days} day{'s' if days != -1 else ''} overdue"


def _bar(counted: Decimal, required: Decimal, width: int = 10) -> str:
    if required <= 0:
        return "█" * width
    filled = min(width, int(width * min(counted, required) / required))
    return "█" * filled + "░" * (width - filled)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _status_word(status: Status, style: Style) -> str:
    colour = {Status.COMPLIANT: "green", Status.DEFICIENT: "red", Status.EXEMPT: "cyan"}[status]
    return style(status.value.upper(), fg=colour, bold=True)


def _requirement_line(r: RequirementResult, style: Style) -> str:
    mark = style("✓", fg="green") if r.met else style("✗", fg="red")
    title = r.title
    if r.scope != "cycle" and r.due is not None and not r.met:
        title = f"{title}, due {r.due}"
    return (
        f"  {mark} {_clip(title, TITLE_WIDTH):<{TITLE_WIDTH}} {hours(r.required):>6} {hours(r.counted):>7} "
        f"{hours(r.missing):>7}  {_bar(r.counted, r.required)}"
    )


def render_credential(report: CredentialReport, style: Style = plain) -> list[str]:
    lines = [
        style(f"{report.credential}", bold=True)
        + f"  {_clip(report.ruleset_title, WIDTH - len(report.credential) - 2)}",
        *wrap(f"{report.authority} · {report.ruleset}, rules of {report.rule_version}"),
        f"  Period {report.cycle_start} to {report.cycle_end} · {_days(report.days_left)} · "
        + _status_word(report.status, style),
    ]
    if report.status is not Status.EXEMPT:
        lines.append(
            f"  Hours: {hours(report.counted_hours)} counted of {hours(report.required_hours)} required; "
            f"{hours(report.missing_hours)} missing"
        )
    lines.append("")
    if report.requirements and report.status is not Status.EXEMPT:
        lines.append(style(f"    {'Requirement':<{TITLE_WIDTH}} {'Need':>6} {'Counted':>7} {'Missing':>7}", dim=True))
        lines.extend(_requirement_line(r, style) for r in report.requirements)
    for cap in report.caps:
        lines.append(f"    cap: {_clip(cap.title, 40)}: {hours(cap.used)} of at most {hours(cap.limit)} h used")
    lines.extend(_not_counted(report, style))
    for note in report.notes:
        lines.extend(wrap(f"note: {note}"))
    if report.unverified:
        warning = (
            f"{count(len(report.unverified), 'rule')} applied here "
            f"{'is' if len(report.unverified) == 1 else 'are'} not confirmed against a primary source; "
            "`--format json` lists them under `unverified`."
        )
        lines.extend(style(line, fg="yellow") for line in wrap(warning))
    return lines


def _outside(report: CredentialReport, activity: ActivityResult) -> bool:
    return not report.cycle_start <= activity.completed <= report.cycle_end


def _not_counted(report: CredentialReport, style: Style) -> list[str]:
    """Every activity in the period that did not fully count, with why; older ones summed up."""
    shown = [
        a for a in report.activities if a.reasons and (a.excluded > 0 or a.counted == 0) and not _outside(report, a)
    ]
    outside = [a for a in report.activities if _outside(report, a) and a.completed <= report.as_of]
    lines: list[str] = []
    if shown:
        lines += ["", style("  Not counted", bold=True)]
        amounts = [_excluded_text(a) for a in shown]
        amount_width = max(8, *(len(a) for a in amounts))
        title_width = WIDTH - len("    2024-01-01  ") - 1 - amount_width
        for activity, amount in zip(shown, amounts, strict=True):
            title = _clip(activity.title, title_width)
            lines.append(f"    {activity.completed}  {title:<{title_width}} {amount:>{amount_width}}")
            for reason in activity.reasons:
                lines.extend(style(line, dim=True) for line in wrap(reason, 6))
    if outside:
        once = sum(1 for a in outside if a.credited_to)
        extra = ""
        if once:
            verb = "counts" if once == 1 else "count"
            extra = f"; {once} of them still {verb} toward requirements that reach further back"
        lines += [
            "",
            *wrap(
                f"{count(len(outside), 'earlier activity')} ({_sizes(outside)}) "
                f"{'falls' if len(outside) == 1 else 'fall'} outside this period{extra}."
            ),
        ]
    later = [a for a in report.activities if a.completed > report.as_of]
    if later:
        lines += wrap(f"{count(len(later), 'activity')} dated after {report.as_of} not counted yet.")
    return lines


def _excluded_text(activity: ActivityResult) -> str:
    """What did not count: hours, or the size as given when it was never converted to hours."""
    return f"{hours(activity.excluded)} h" if activity.hours_known else activity.size.text


def _sizes(activities: list[ActivityResult]) -> str:
    """The activities' hours added up, and beside them every size that has no hours, by its unit."""
    total = sum((a.hours for a in activities if a.hours_known), Decimal(0))
    unconverted: dict[Unit, Decimal] = {}
    for activity in activities:
        if not activity.hours_known:
            size = activity.size
            unconverted[size.unit] = unconverted.get(size.unit, Decimal(0)) + size.amount
    parts = [Quantity(amount=amount, unit=unit).text for unit, amount in unconverted.items()]
    if total or not parts:
        parts.insert(0, f"{hours(total)} h")
    return ", ".join(parts)


def render_report(report: Report, style: Style = plain, today: datetime.date | None = None) -> str:
    lines = [style(f"{report.practitioner}", bold=True) + f" · as of {report.as_of}", ""]
    for credential in report.credentials:
        lines.extend(render_credential(credential, style))
        lines.append("")
    deficient = sum(1 for c in report.credentials if c.status is Status.DEFICIENT)
    lines.append(
        f"{count(len(report.credentials), 'credential')}: "
        + ", ".join(f"{sum(1 for c in report.credentials if c.status is s)} {s.value}" for s in Status)
        + ("" if deficient == 0 else " — see what is missing above")
    )
    return "\n".join(lines) + "\n"
