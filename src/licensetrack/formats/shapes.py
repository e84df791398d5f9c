"""The JSON form of every result type, each described once (see :mod:`licensetrack.formats.converter`).

The report's form is a public contract HR systems parse (``docs/report-format.md``): key names and
order are kept, new keys may be added. Hours are decimal strings and dates ISO strings, so nothing is
rounded by a float on the way. Which keys are ``optional`` is part of the published contract (a
consumer may rely on the others), not a fact of the types, so it is said here.

A few results are not one value of the core (the deadlines with the date they count from, an audit
record with its status): the small classes below hold them, so their form is described the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import attrs

from licensetrack.core.deadlines import Deadline
from licensetrack.core.eligibility import Answer, Condition, EligibilityAnswers
from licensetrack.core.planner import CategoryNeed, Cure, Plan, ProviderNeed, Remaining, Suggestion, TopicNeed
from licensetrack.core.report import (
    ActivityResult,
    AlternativeResult,
    BoardNoteResult,
    CapResult,
    Choice,
    CredentialReport,
    Credit,
    HomeResult,
    PlaceDays,
    PracticeResult,
    PreviousPeriod,
    Quantity,
    Report,
    RequirementResult,
    Shortfall,
    SourceRef,
)
from licensetrack.core.rules import Scope
from licensetrack.formats.converter import WORD, Key, Shape, compiled, converter, register

AUDITED = "audited"
NO_CREDENTIALS = "no-credentials"
REJECTED = "rejected"
DEADLINE_KINDS = ("renewal", "one-time", "every-n", "requirement", "record-retention")


# --- views: results that are more than one core value ----------------------------------------------


@attrs.frozen(slots=True)
class DeadlineOn:
    """A deadline seen from a date (its days left depend on it)."""

    deadline: Deadline
    as_of: datetime.date

    @property
    def days_left(self) -> int:
        return self.deadline.days_left(self.as_of)


@attrs.frozen(kw_only=True)
class Deadlines:
    """What ``deadlines`` prints: every deadline, seen from ``as_of``."""

    as_of: datetime.date
    items: tuple[DeadlineOn, ...]

    @classmethod
    def of(cls, items: Sequence[Deadline], as_of: datetime.date) -> Deadlines:
        return cls(as_of=as_of, items=tuple(DeadlineOn(item, as_of) for item in items))


@attrs.frozen(slots=True)
class AuditedReport:
    """A report as the audit prints it: what ``check`` prints, with the record's status."""

    report: Report
    # False for the audit's summary record: each credential's per-activity account is left out
    # (``licensetrack audit`` without ``--activities``; the report was then evaluated without it).
    activities: bool = True

    @property
    def status(self) -> str:
        return AUDITED if self.report.credentials else NO_CREDENTIALS


@attrs.frozen(kw_only=True)
class Rejected:
    """A practitioner the audit could not read or evaluate, as its outputs print it."""

    as_of: datetime.date
    practitioner: str | None
    location: str | None
    problems: tuple[str, ...]

    @property
    def status(self) -> str:
        return REJECTED

    @property
    def message(self) -> str:
        return "\n".join(self.problems)


@attrs.frozen(kw_only=True)
class Validation:
    """What ``validate`` found in a profile."""

    profile: str
    valid: bool
    problems: tuple[str, ...]
    warnings: tuple[str, ...]


@attrs.frozen(kw_only=True)
class RuleSetSummary:
    """One line of ``rules list``: a rule set, where it comes from and how much of it is verified."""

    id: str
    title: str
    authority: str
    profession: str | None
    state: str | None
    plugin: str | None
    verified_on: datetime.date
    entries: int
    verified_entries: int


@attrs.frozen(kw_only=True)
class RuleSetList:
    rulesets: tuple[RuleSetSummary, ...]


@attrs.frozen(kw_only=True)
class PluginEntry:
    """One plugin as ``plugins`` lists it (from the registry's ``PluginInfo``, which formats cannot import)."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    registered: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PluginFailureEntry:
    plugin: str
    error: str


@attrs.frozen(kw_only=True)
class PluginList:
    """What ``plugins`` prints: the plugins loaded, and those that failed with why."""

    plugins: tuple[PluginEntry, ...]
    failures: tuple[PluginFailureEntry, ...]


@attrs.frozen(kw_only=True)
class Word:
    """One word of the vocabulary: its id, what it means, and the plugin that added it."""

    id: str
    description: str
    plugin: str


@attrs.frozen(kw_only=True)
class VocabularyList:
    """What ``vocabulary`` prints: every topic, approval body, format, provider type and accreditation a
    profile may use."""

    topics: tuple[Word, ...]
    approvals: tuple[Word, ...]
    formats: tuple[Word, ...]
    provider_types: tuple[Word, ...] = ()
    accreditations: tuple[Word, ...] = ()


# --- the report ------------------------------------------------------------------------------------

SHORTFALL = Shape(cls=Shortfall, keys=(Key(name="id"), Key(name="title"), Key(name="missing")))
ALTERNATIVE = Shape(
    cls=AlternativeResult,
    keys=(
        Key(name="id"),
        Key(name="title"),
        Key(name="chosen"),
        Key(name="status"),
        Key(name="rule_version"),
        Key(name="required_hours"),
        Key(name="counted_hours"),
        Key(name="missing_hours"),
        Key(name="lacking", description="The requirements this alternative leaves unmet, with the hours each lacks."),
    ),
)
CHOICE = Shape(
    cls=Choice,
    keys=(
        Key(
            name="chosen",
            description="The alternative the report shows: the first met, else the one missing fewest hours.",
        ),
        Key(name="citation", source="ref.citation"),
        Key(name="source", source="ref.source"),
        Key(name="effective", source="ref.effective", optional=True),
        Key(name="verified", source="ref.verified", optional=True),
        Key(name="alternatives"),
    ),
)

_KIND_DESCRIPTION = (
    "total, topic, share or categories (its required, counted and missing are numbers of categories), or the"
    " name of a plugin's requirement kind (caps are reported under caps)"
)

REQUIREMENT = Shape(
    cls=RequirementResult,
    keys=(
        Key(name="id"),
        Key(name="kind", schema={"description": _KIND_DESCRIPTION, **WORD}),
        Key(name="title", optional=True),
        Key(name="topics"),
        Key(name="required"),
        Key(name="counted"),
        Key(name="allocated", optional=True),
        Key(name="missing"),
        Key(name="met"),
        Key(name="counts_toward_total", optional=True),
        Key(name="scope", optional=True, schema={"type": "string", "enum": [scope.value for scope in Scope]}),
        Key(name="due", optional=True),
        Key(name="citation", source="ref.citation"),
        Key(name="source", source="ref.source"),
        Key(name="effective", source="ref.effective", optional=True),
        Key(name="verified", source="ref.verified", optional=True),
        Key(name="detail", omit_falsy=True),
        Key(name="provider_types", omit_falsy=True, description="a share requirement's listed provider types"),
        Key(
            name="open_categories",
            omit_falsy=True,
            description="a categories requirement's categories with no hours yet",
        ),
        Key(
            name="approvals",
            omit_falsy=True,
            description="a topic requirement's approval bodies: only courses approved by one of these count",
        ),
        Key(
            name="window_from",
            optional=True,
            description="a topic met by a course of its window of periods: courses from this day on count toward it",
        ),
    ),
)
CAP = Shape(
    cls=CapResult,
    keys=(
        Key(name="id"),
        Key(name="title", optional=True),
        Key(name="limit"),
        Key(name="used"),
        Key(name="formats", optional=True),
        Key(name="topics", optional=True),
        Key(name="citation", source="ref.citation", optional=True),
        Key(name="source", source="ref.source", optional=True),
        Key(name="effective", source="ref.effective", optional=True),
        Key(name="verified", source="ref.verified", optional=True),
        Key(name="note", source="ref.note", omit_falsy=True),
    ),
)
# The rule a result rests on, each key required: for results that exist only because a rule says so.
_RULE = (
    Key(name="citation", source="ref.citation"),
    Key(name="source", source="ref.source"),
    Key(name="effective", source="ref.effective"),
    Key(name="verified", source="ref.verified"),
)
HOME = Shape(
    cls=HomeResult,
    keys=(
        Key(name="credential", description="The home credential's id in the profile; null when none is named."),
        Key(name="valid"),
        Key(name="reason"),
        *_RULE,
    ),
    closed=True,
)
PLACE_DAYS = Shape(
    cls=PlaceDays,
    keys=(
        Key(name="place", description="The place the days were practised in; null when the limit counts all together."),
        Key(name="days"),
        Key(name="over", description="Days beyond the limit (0 within it)."),
    ),
    closed=True,
)
PRACTICE = Shape(
    cls=PracticeResult,
    keys=(
        Key(name="year"),
        Key(name="max_days"),
        Key(name="per_place"),
        Key(name="over"),
        Key(name="counts", description="Each place's days in the year (one count when the limit counts all together)."),
        *_RULE,
    ),
    closed=True,
)
BOARD_NOTE = Shape(cls=BoardNoteResult, keys=(Key(name="text"), *_RULE), closed=True)
QUANTITY = Shape(cls=Quantity, keys=(Key(name="amount"), Key(name="unit")), closed=True)
CREDIT = Shape(
    cls=Credit,
    keys=(
        Key(name="requirement"),
        Key(
            name="hours",
            omit_falsy=True,
            description="Hours of the activity credited to the requirement; absent when it is met by completion.",
        ),
    ),
    closed=True,
)
ACTIVITY = Shape(
    cls=ActivityResult,
    keys=(
        Key(name="title"),
        Key(name="completed"),
        Key(name="hours", optional=True),
        Key(name="counted"),
        Key(name="excluded"),
        Key(name="reasons"),
        Key(name="credited_to", optional=True),
        Key(
            name="credits",
            optional=True,
            description="Per requirement credited, the hours of this activity the allocation gave it (an hour counts "
            "toward the total and every topic inside it at once, so these may sum to more than the hours counted).",
        ),
        Key(
            name="given",
            source="size",
            optional=True,
            description="The size as recorded: hours, academic units or days.",
        ),
        Key(
            name="hours_known",
            optional=True,
            description="False when units or days were not converted: hours, counted and excluded are then 0 and "
            "the whole given quantity did not count.",
        ),
    ),
)
PREVIOUS_PERIOD = Shape(
    cls=PreviousPeriod,
    keys=(
        Key(name="start"),
        Key(name="end"),
        Key(name="index", optional=True),
        Key(name="status"),
        Key(name="met"),
        Key(name="required_hours"),
        Key(name="counted_hours"),
        Key(name="missing_hours"),
        Key(
            name="made_up_hours",
            omit_falsy=True,
            description="hours recorded for this period (for_period_ending) and completed after it ended",
        ),
        Key(name="requirements"),
    ),
)
CYCLE = Shape(
    cls=CredentialReport,
    keys=(
        Key(name="start", source="cycle_start"),
        Key(name="end", source="cycle_end"),
        Key(name="index", source="cycle_index", optional=True),
    ),
)
CREDENTIAL = Shape(
    cls=CredentialReport,
    keys=(
        Key(name="credential"),
        Key(name="ruleset"),
        Key(name="ruleset_title", optional=True),
        Key(name="authority", optional=True),
        Key(name="rule_version"),
        Key(name="status"),
        Key(
            name="standing",
            description="The word to act on: compliant, exempt, on-track, due-soon (the deadline within soon_days) "
            "or overdue (an ended period unmet); see docs/report-format.md.",
        ),
        Key(name="overdue", optional=True, description="True exactly when standing is overdue."),
        Key(
            name="expired",
            description="The profile's recorded expiration has passed: record the new one if the licence was renewed.",
        ),
        Key(name="cycle", source="", shape=CYCLE),
        Key(name="days_left"),
        Key(name="soon_days", description="An unmet deadline this many days away or nearer is due-soon."),
        Key(
            name="overdue_requirements",
            omit_falsy=True,
            description="Ids of requirements whose own due date has passed unmet (judged from the start of the "
            "period the profile's record names); any makes the standing overdue.",
        ),
        Key(name="required_hours"),
        Key(name="counted_hours"),
        Key(name="missing_hours"),
        Key(name="carried_in_hours", source="carried_in", optional=True),
        Key(name="requirements"),
        Key(name="caps", optional=True),
        Key(
            name="activities",
            optional=True,
            description="Every activity of the profile and what it counted for, or why not. Always in check's "
            "output; left out of an audit's summary record (audit without --activities).",
        ),
        Key(name="notes", optional=True),
        Key(
            name="home",
            omit_falsy=True,
            description="Present when the credential depends on another (a compact privilege on its home licence): "
            "whether that one keeps it valid on the as-of date; not valid means the credential has lapsed.",
        ),
        Key(
            name="practice",
            omit_falsy=True,
            description="Present when the rule set limits days of practice ([[practice_limit]], PSYPACT's TAP): the "
            "days recorded in the as-of calendar year against the limit; over means the credential is over it.",
        ),
        Key(
            name="board_note",
            omit_falsy=True,
            description="What the board asks beside the hours (how to report courses, what an audit asks for), "
            "with its rule; present only when the rule set states one for the period.",
        ),
        Key(name="unverified", optional=True),
        Key(
            name="alternatives",
            omit_falsy=True,
            description="Present when the period may be met under any of several whole requirement sets: "
            "which one the report shows and what each lacks.",
        ),
        Key(
            name="previous_period",
            omit_falsy=True,
            description="The period before the current one, judged as of its end; present only when it is judged "
            "(never before the period the profile's record names; without a record, only when the profile holds "
            "activities inside it). Unmet, it makes the standing overdue.",
        ),
    ),
)
REPORT = Shape(cls=Report, keys=(Key(name="as_of"), Key(name="practitioner"), Key(name="credentials")))

# --- plan and deadlines ----------------------------------------------------------------------------

TOPIC_NEED = Shape(
    cls=TopicNeed,
    keys=(
        Key(name="requirement"),
        Key(name="title", optional=True),
        Key(name="topics"),
        Key(name="hours"),
        Key(name="due", optional=True),
        Key(name="approvals", omit_falsy=True, description="only courses approved by one of these count"),
    ),
)
PROVIDER_NEED = Shape(
    cls=ProviderNeed,
    keys=(
        Key(name="requirement"),
        Key(name="title", optional=True),
        Key(name="provider_types"),
        Key(name="hours"),
    ),
)
CATEGORY_NEED = Shape(
    cls=CategoryNeed,
    keys=(
        Key(name="requirement"),
        Key(name="title", optional=True),
        Key(name="categories"),
        Key(name="count"),
    ),
)
CURE = Shape(
    cls=Cure,
    keys=(
        Key(name="period_end", description="Record each course with for_period_ending = this date."),
        Key(name="missing_hours"),
        Key(name="make_up_by", omit_falsy=True, description="The last day the board accepts make-up hours."),
        Key(name="citation", omit_falsy=True, description="The board's rule accepting make-up hours."),
        Key(name="general_hours"),
        Key(name="topics", source="topic_needs"),
        Key(name="courses", source="course_needs", omit_falsy=True),
    ),
)
REMAINING = Shape(
    cls=Remaining,
    keys=(
        Key(name="credential"),
        Key(name="ruleset"),
        Key(name="status"),
        Key(name="standing", optional=True),
        Key(name="overdue_period_end", omit_falsy=True, description="An ended period not met: the day it ended."),
        Key(name="overdue_missing_hours", omit_falsy=True, description="The hours that ended period lacked."),
        Key(
            name="cure",
            shape=CURE,
            omit_falsy=True,
            description="What would cure that ended period, to take first and record for it (for_period_ending).",
        ),
        Key(name="deadline"),
        Key(name="days_left"),
        Key(name="missing_hours"),
        Key(name="general_hours", optional=True),
        Key(name="topics", source="topic_needs"),
        Key(name="closed_formats", optional=True),
        Key(name="courses", source="course_needs", omit_falsy=True),
        Key(name="provider_needs", omit_falsy=True),
        Key(name="category_needs", omit_falsy=True),
    ),
)
SUGGESTION = Shape(
    cls=Suggestion,
    keys=(
        Key(name="topics"),
        Key(name="format"),
        Key(name="approvals", optional=True),
        Key(name="hours"),
        Key(name="credentials", source="helps", pairs=("credential", "missing_hours_removed")),
        Key(name="provider_type", omit_falsy=True),
    ),
)
PLAN = Shape(
    cls=Plan,
    keys=(
        Key(name="as_of"),
        Key(name="practitioner"),
        Key(name="credentials", source="remaining"),
        Key(name="best_course", shape=SUGGESTION),
    ),
)
DEADLINE = Shape(
    cls=DeadlineOn,
    keys=(
        Key(name="date", source="deadline.date"),
        Key(name="days_left"),
        Key(name="credential", source="deadline.credential"),
        Key(name="kind", source="deadline.kind", schema={"type": "string", "enum": list(DEADLINE_KINDS)}),
        Key(name="title", source="deadline.title"),
        Key(name="detail", source="deadline.detail"),
        Key(name="missing_hours", source="deadline.missing_hours", optional=True),
        Key(name="citation", source="deadline.citation", optional=True),
        Key(name="source", source="deadline.source", optional=True),
        Key(
            name="urgency",
            source="deadline.urgency",
            omit_falsy=True,
            description="overdue: an ended period not met (dated the day it ended); due-soon: still owing "
            "something within the --soon horizon. Absent otherwise.",
        ),
    ),
)
DEADLINES = Shape(cls=Deadlines, keys=(Key(name="as_of"), Key(name="deadlines", source="items")))

# --- eligibility -----------------------------------------------------------------------------------

SOURCE_REF = Shape(
    cls=SourceRef,
    keys=(
        Key(name="citation"),
        Key(name="source"),
        Key(name="effective"),
        Key(name="verified"),
        Key(name="note", omit_falsy=True),
    ),
    closed=True,
)
CONDITION = Shape(
    cls=Condition,
    keys=(
        Key(name="kind", schema={"type": "string", "enum": ["home", "degree"]}),
        Key(name="met"),
        Key(name="reason", description="What in the profile meets the condition, or what is missing."),
        Key(
            name="rules",
            source="refs",
            description="The rule stating the condition (a degree's routes, any one of which suffices, are several).",
        ),
    ),
    closed=True,
)
ANSWER = Shape(
    cls=Answer,
    keys=(
        Key(name="ruleset"),
        Key(name="title"),
        Key(name="authority"),
        Key(name="credential_kind"),
        Key(name="held", description="Ids of the profile's credentials already checked against this rule set."),
        Key(name="eligible", description="Every condition met on the as-of date."),
        Key(name="conditions"),
        Key(name="unverified", description="The conditions' rules not confirmed against a primary source."),
    ),
    closed=True,
)
ELIGIBILITY = Shape(cls=EligibilityAnswers, keys=(Key(name="as_of"), Key(name="practitioner"), Key(name="answers")))

# --- the audit's records ---------------------------------------------------------------------------

AUDITED_REPORT = Shape(
    cls=AuditedReport,
    keys=(
        Key(name="as_of", source="report.as_of"),
        Key(name="practitioner", source="report.practitioner"),
        Key(name="status"),
        Key(name="credentials", source="report.credentials"),
    ),
)
REJECTED_RECORD = Shape(
    cls=Rejected,
    keys=(
        Key(name="as_of"),
        Key(name="practitioner", description="null when no practitioner can be told"),
        Key(name="status", schema={"const": REJECTED}),
        Key(name="location", description="file:line of the record"),
        Key(
            name="problems",
            schema={
                "description": "one line each, naming file:line and the field",
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "pattern": "^[^\\n]+$"},
            },
        ),
    ),
    closed=True,
)

# --- validate and rules list -----------------------------------------------------------------------

VALIDATION = Shape(
    cls=Validation,
    keys=(
        Key(name="profile"),
        Key(name="valid"),
        Key(name="problems"),
        Key(
            name="warnings",
            description="Findings that do not make the profile invalid, such as a completion date after today.",
        ),
    ),
)
RULESET_LIST = Shape(cls=RuleSetList, keys=(Key(name="rulesets"),))

# --- plugins and vocabulary ------------------------------------------------------------------------


def _all_keys(cls: type, *, closed: bool = False) -> Shape:
    """Every field of ``cls``, in order, none optional: for the small lists whose class is their form."""
    return Shape(cls=cls, keys=tuple(Key(name=field.name) for field in attrs.fields(cls)), closed=closed)


RULESET_SUMMARY = _all_keys(RuleSetSummary)
PLUGIN_ENTRY = _all_keys(PluginEntry)
PLUGIN_FAILURE = _all_keys(PluginFailureEntry)
PLUGIN_LIST = _all_keys(PluginList)
WORD_ENTRY = Shape(
    cls=Word, keys=(Key(name="id", schema=WORD), Key(name="description"), Key(name="plugin")), closed=True
)
VOCABULARY_LIST = _all_keys(VocabularyList, closed=True)

register(
    SHORTFALL,
    ALTERNATIVE,
    CHOICE,
    REQUIREMENT,
    PREVIOUS_PERIOD,
    CAP,
    QUANTITY,
    HOME,
    PLACE_DAYS,
    PRACTICE,
    BOARD_NOTE,
    CREDIT,
    ACTIVITY,
    CREDENTIAL,
    REPORT,
    TOPIC_NEED,
    PROVIDER_NEED,
    CATEGORY_NEED,
    REMAINING,
    SUGGESTION,
    PLAN,
    DEADLINE,
    DEADLINES,
    SOURCE_REF,
    CONDITION,
    ANSWER,
    ELIGIBILITY,
    AUDITED_REPORT,
    REJECTED_RECORD,
    VALIDATION,
    RULESET_SUMMARY,
    RULESET_LIST,
    PLUGIN_ENTRY,
    PLUGIN_FAILURE,
    PLUGIN_LIST,
    WORD_ENTRY,
    VOCABULARY_LIST,
)

# The report's own functions, called directly where speed counts (each audit record, each check).
report_to_json = compiled(REPORT)
credential_to_json = compiled(CREDENTIAL)
audited_to_json = compiled(AUDITED_REPORT)


def to_json(value: object) -> Any:
    """The JSON form of a result value: a report, a plan, deadlines, an audit record, a validation, ..."""
    return converter.unstructure(value)
