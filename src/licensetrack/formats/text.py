"""Text rendering of reports for a person at a terminal (its width, colour only when wanted).

Laid out for ``width`` columns (the terminal's, 80 when not a terminal): titles are wrapped, never
cut, so a requirement's or a course's name is always there whole.
"""

from __future__ import annotations

from decimal import Decimal

from licensetrack.core.report import (
    ActivityResult,
    CredentialReport,
    PracticeResult,
    Quantity,
    Report,
    RequirementResult,
    Standing,
    Status,
    Unit,
    hours,
)
from licensetrack.core.rules import Scope
from licensetrack.core.wording import count
from licensetrack.formats.terminal import WIDTH, Style, column, plain, wrap

# The requirement table: "  ✓ " before the title, then Need, Counted, Missing and the bar after it.
_BEFORE_TITLE = 4
_AFTER_TITLE = len(" " + "Need".rjust(6) + " " + "Counted" + " " + "Missing" + "  ") + 10
_BEFORE_ACTIVITY = len("    2024-01-01  ")


def _days(days: int) -> str:
    if days > 0:
        return f"due in {count(days, 'day')}"
    if days == 0:
        return "due today"
    return f"{count(-days, 'day')} overdue"


def _bar(counted: Decimal, required: Decimal, width: int = 10) -> str:
    if required <= 0:
        return "█" * width
    filled = min(width, int(width * min(counted, required) / required))
    return "█" * filled + "░" * (width - filled)


def _status_word(status: Status, style: Style) -> str:
    colour = {Status.COMPLIANT: "green", Status.DEFICIENT: "red", Status.EXEMPT: "cyan"}[status]
    return style(status.value.upper(), fg=colour, bold=True)


def _requirement_title(r: RequirementResult) -> str:
    if r.scope is not Scope.CYCLE and r.due is not None and not r.met:
        return f"{r.title}, due {r.due}"
    return r.title


def _requirement_lines(r: RequirementResult, title_width: int, style: Style) -> list[str]:
    """The requirement's row; a title wider than its column goes on in the lines below it."""
    mark = style("✓", fg="green") if r.met else style("✗", fg="red")
    first, *rest = column(_requirement_title(r), title_width)
    if r.kind == COURSE_KIND:
        return _course_lines(r, mark, first, rest, title_width)
    row = (
        f"  {mark} {first:<{title_width}} {hours(r.required):>6} {hours(r.counted):>7} "
        f"{hours(r.missing):>7}  {_bar(r.counted, r.required)}"
    )
    return [row, *(" " * _BEFORE_TITLE + part for part in rest)]


def _share_cure(r: RequirementResult, width: int) -> list[str]:
    """Under a share or categories requirement that is short: where the missing hours must come from."""
    if (
        (r.kind not in ("share", "categories") and not r.approvals and r.window_from is None)
        or r.met
        or r.detail is None
    ):
        return []
    return wrap(r.detail, 6, width)


def _title_width(report: CredentialReport, width: int) -> int:
    """As wide as the longest title, as far as the terminal allows."""
    longest = max(len(_requirement_title(r)) for r in report.requirements)
    return max(len("Requirement"), min(longest, width - _BEFORE_TITLE - _AFTER_TITLE))


_STANDING_STYLE = {
    Standing.COMPLIANT: ("Compliant", "green"),
    Standing.EXEMPT: ("Exempt", "cyan"),
    Standing.ON_TRACK: ("On track", "blue"),
    Standing.DUE_SOON: ("Due soon", "yellow"),
    Standing.OVERDUE: ("Overdue", "red"),
}


def _to_go(missing: Decimal, report: CredentialReport | None) -> str:
    """``"18 h to go"``; a shortfall of courses alone says so, since no hour is missing."""
    if missing > 0:
        return f"{hours(missing)} h to go"
    courses = sum(1 for r in report.requirements if r.kind == COURSE_KIND and not r.met) if report else 0
    return f"{count(courses, 'required course')} to complete" if courses else "requirements to meet"


def _standing_sentence(report: CredentialReport) -> str:
    """The standing in words a therapist acts on, e.g. ``On track: 18 h to go, due 2030-11-30``."""
    standing = report.standing
    due = f"due {report.cycle_end}"
    previous = report.previous_period
    if standing is Standing.OVERDUE and previous is not None and not previous.met:
        short = f"{hours(previous.missing_hours)} h short" if previous.missing_hours > 0 else "not met"
        return f"the period that ended {previous.end} was {short}"
    late = [r for r in report.requirements if r.id in report.overdue_requirements]
    if standing is Standing.OVERDUE and late:
        more = f" (and {count(len(late) - 1, 'more requirement')})" if len(late) > 1 else ""
        return f"{late[0].title} was due {late[0].due}{more}"
    if standing is Standing.OVERDUE:
        return f"{_to_go(report.missing_hours, report)}, {due}"
    if standing is Standing.COMPLIANT:
        return f"every requirement met for the period ending {report.cycle_end}"
    if standing is Standing.EXEMPT:
        return f"nothing owed for the period ending {report.cycle_end}"
    return f"{_to_go(report.missing_hours, report)}, {due}"


def _standing_lines(report: CredentialReport, style: Style, width: int) -> list[str]:
    """The standing first, then what an overdue period lacked, then an expired record."""
    word, colour = _STANDING_STYLE[report.standing]
    first, *rest = wrap(f"{word}: {_standing_sentence(report)}", 2, width)
    lines = [first.replace(word, style(word, fg=colour, bold=True), 1), *rest]
    previous = report.previous_period
    if previous is not None and not previous.met:
        lines.extend(wrap(f"lacking then: {previous.lacking}", 4, width))
    if previous is not None and previous.made_up_hours > 0:
        state = "it is now met" if previous.met else "it is still not met"
        taken = f"{hours(previous.made_up_hours)} h taken since for the period that ended {previous.end}"
        lines.extend(wrap(f"Make-up: {taken}: {state}", 2, width))
    if report.expired:
        text = (
            f"Expired: the recorded expiration {report.expires} has passed; if the licence was renewed, "
            "record the new expiration (expires) in the profile"
        )
        first, *rest = wrap(text, 2, width)
        lines.extend([first.replace("Expired", style("Expired", fg="red", bold=True), 1), *rest])
    if report.home is not None:
        word = "Home" if report.home.valid else "Lapsed"
        first, *rest = wrap(f"{word}: {report.home.reason} ({report.home.ref.citation})", 2, width)
        colour = "green" if report.home.valid else "red"
        lines.extend([first.replace(word, style(word, fg=colour, bold=not report.home.valid), 1), *rest])
    if report.practice is not None:
        lines.extend(_practice_lines(report.practice, style, width))
    return lines


def _practice_lines(practice: PracticeResult, style: Style, width: int) -> list[str]:
    """``Practice days: us-tx 12 of 30 in 2026`` or ``Over the limit: ...``, with the rule's citation."""
    word = "Over the practice limit" if practice.over else "Practice days"
    text = f"{word}: {practice.tally} ({practice.ref.citation})"
    first, *rest = wrap(text, 2, width)
    return [first.replace(word, style(word, fg="red", bold=True), 1) if practice.over else first, *rest]


def render_credential(report: CredentialReport, style: Style = plain, width: int = WIDTH) -> list[str]:
    heading, *more = column(report.ruleset_title, max(20, width - len(report.credential) - 2))
    lines = [
        style(f"{report.credential}", bold=True) + f"  {heading}",
        *(" " * (len(report.credential) + 2) + part for part in more),
        *_standing_lines(report, style, width),
        *wrap(f"{report.authority} · {report.ruleset}, rules of {report.rule_version}", width=width),
        f"  Period {report.cycle_start} to {report.cycle_end} · {_days(report.days_left)} · "
        + _status_word(report.status, style),
    ]
    if report.status is not Status.EXEMPT:
        lines.append(
            f"  Hours: {hours(report.counted_hours)} counted of {hours(report.required_hours)} required; "
            f"{hours(report.missing_hours)} missing" + _courses_missing(report)
        )
    lines.append("")
    if report.requirements and report.status is not Status.EXEMPT:
        title_width = _title_width(report, width)
        lines.append(style(f"    {'Requirement':<{title_width}} {'Need':>6} {'Counted':>7} {'Missing':>7}", dim=True))
        for requirement in report.requirements:
            lines.extend(_requirement_lines(requirement, title_width, style))
            lines.extend(_share_cure(requirement, width))
    for cap in report.caps:
        lines.extend(wrap(f"cap: {cap.title}: {hours(cap.used)} of at most {hours(cap.limit)} h used", 4, width))
    lines.extend(_not_counted(report, style, width))
    lines.extend(_alternatives(report, width))
    for note in report.notes:
        lines.extend(wrap(f"note: {note}", width=width))
    if report.board_note is not None:
        lines.extend(wrap(f"the board asks: {report.board_note.text} ({report.board_note.ref.citation})", width=width))
    if report.unverified:
        warning = (
            f"{count(len(report.unverified), 'rule')} applied here "
            f"{'is' if len(report.unverified) == 1 else 'are'} not confirmed against a primary source; "
            "`--format json` lists them under `unverified`."
        )
        lines.extend(style(line, fg="yellow") for line in wrap(warning, width=width))
    return lines


def _alternatives(report: CredentialReport, width: int) -> list[str]:
    """A choice between whole requirement sets: which one is shown, and what would cure each of the others."""
    choice = report.alternatives
    if choice is None:
        return []
    chosen = next(a for a in choice.alternatives if a.chosen)
    lines = wrap(
        f"Any one of {len(choice.alternatives)} requirement sets meets this period, each on its own hours, never "
        f"mixed ({choice.ref.citation}); shown: {chosen.title}.",
        width=width,
    )
    for alternative in choice.alternatives:
        outcome = (
            "met" if alternative.status is not Status.DEFICIENT else f"{hours(alternative.missing_hours)} h missing"
        )
        lacking = "; ".join(f"{s.title} lacks {hours(s.missing)} h" for s in alternative.lacking)
        said = f"{alternative.title}{' (shown)' if alternative.chosen else ''}, rules of {alternative.rule_version}: "
        lines.extend(wrap(f"· {said}{outcome}{': ' + lacking if lacking else ''}", 4, width))
    return lines


def _outside(report: CredentialReport, activity: ActivityResult) -> bool:
    return not report.cycle_start <= activity.completed <= report.cycle_end


def _not_counted(report: CredentialReport, style: Style, width: int) -> list[str]:
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
        title_width = width - _BEFORE_ACTIVITY - 1 - amount_width
        for activity, amount in zip(shown, amounts, strict=True):
            first, *rest = column(activity.title, title_width)
            lines.append(f"    {activity.completed}  {first:<{title_width}} {amount:>{amount_width}}")
            lines.extend(" " * _BEFORE_ACTIVITY + part for part in rest)
            for reason in activity.reasons:
                lines.extend(style(line, dim=True) for line in wrap(reason, 6, width))
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
                f"{'falls' if len(outside) == 1 else 'fall'} outside this period{extra}.",
                width=width,
            ),
        ]
    later = [a for a in report.activities if a.completed > report.as_of]
    if later:
        lines += wrap(f"{count(len(later), 'activity')} dated after {report.as_of} not counted yet.", width=width)
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


def render_report(report: Report, style: Style = plain, *, width: int = WIDTH) -> str:
    """The whole report for a person, laid out for ``width`` columns."""
    lines = [style(f"{report.practitioner}", bold=True) + f" · as of {report.as_of}", ""]
    for credential in report.credentials:
        lines.extend(render_credential(credential, style, width))
        lines.append("")
    deficient = sum(1 for c in report.credentials if c.status is Status.DEFICIENT)
    lines.append(
        f"{count(len(report.credentials), 'credential')}: "
        + ", ".join(f"{sum(1 for c in report.credentials if c.status is s)} {s.value}" for s in Status)
        + ("" if deficient == 0 else " — see what is missing above")
    )
    lapsed = [c.credential for c in report.credentials if c.lapsed]
    if lapsed:
        lines.append(f"lapsed with their home licence: {', '.join(lapsed)}")
    over = [c.credential for c in report.credentials if c.over_practice_limit]
    if over:
        lines.append(f"over their limit of days of practice: {', '.join(over)}")
    return "\n".join(lines) + "\n"


COURSE_KIND = "course"


def _course_lines(r: RequirementResult, mark: str, first: str, rest: list[str], title_width: int) -> list[str]:
    """A required course's row: owed by completion, so "course" and "done" stand where hours would, and
    what would cure it (its detail) follows when it is not done."""
    done, missing = ("done", "") if r.met else ("-", "course")
    row = f"  {mark} {first:<{title_width}} {'course':>6} {done:>7} {missing:>7}".rstrip()
    lines = [row, *(" " * _BEFORE_TITLE + part for part in rest)]
    if not r.met and r.detail:
        lines.extend(wrap(r.detail, _BEFORE_TITLE, _BEFORE_TITLE + title_width + _AFTER_TITLE))
    return lines


def _courses_missing(report: CredentialReport) -> str:
    """``"; 1 required course not completed"`` when a required course is missing, else nothing."""
    missing = sum(1 for r in report.requirements if r.kind == COURSE_KIND and not r.met)
    return f"; {count(missing, 'required course')} not completed" if missing else ""
