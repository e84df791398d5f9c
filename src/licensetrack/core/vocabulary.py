"""The words a profile and a rule file may use for topics and approval bodies.

Formats are a closed enum in :mod:`licensetrack.core.model` because the engine reasons about them;
topics and approval bodies are open vocabularies that plugins extend, so they live here as data
and are checked by the loaders against whichever :class:`Vocabulary` is in force.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from licensetrack.core.errors import unknown_word

WORD_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

CORE_TOPICS: Mapping[str, str] = MappingProxyType(
    {
        "ethics": "Professional ethics",
        "law": "Laws and rules governing practice (jurisprudence)",
        "boundaries": "Professional boundaries",
        "suicide-prevention": "Suicide risk assessment, intervention and prevention",
        "telehealth": "Provision of services by telehealth",
        "cultural-diversity": "Cultural diversity, competence and social justice",
        "implicit-bias": "Implicit bias",
        "domestic-violence": "Domestic, spousal or partner violence",
        "medical-errors": "Prevention of medical errors",
        "hiv-aids": "HIV/AIDS",
        "aging": "Aging and long-term care",
        "human-trafficking": "Human trafficking",
        "child-abuse": "Child abuse identification and reporting",
        "supervision": "Clinical supervision",
        "substance-use": "Substance use disorders",
        "sexual-harassment-prevention": "Sexual harassment prevention",
        "administrative": "Practice management, billing, marketing (non-clinical)",
        # Illinois (20 ILCS 2105/2105-365): Alzheimer's disease and other dementias training.
        "dementia": "Diagnosis, treatment and care of Alzheimer's disease and other dementias",
        # Michigan (MCL 333.16204(2), 333.18233(2); Mich Admin Code R 338.2583(1)(d)): pain and
        # symptom management hours owed by psychologists and social workers.
        "pain-management": "Pain and symptom management",
        # Georgia (Composite Board, Ga. Comp. R. & Regs. r. 135-9-.01: "core hours")
        "specialty-core": "Core content of the licensee's own profession (a board's 'core hours')",
        # Washington (RCW 43.70.613; WAC 246-12-800 to -830): health equity continuing education,
        # which "must ... Include implicit bias training" (WAC 246-12-830(1)).
        "health-equity": "Health equity (including implicit bias in assessment and diagnosis)",
        # Massachusetts (issue 18): Board of Registration of Social Workers, renewals from 2023-09-28
        "anti-racism": "Anti-racism (racism as a form of oppression)",
        "anti-discrimination": "Anti-discrimination (oppression on grounds other than race)",
        # Wisconsin (issue 19): Psychology Examining Board, ch. Psy 4 ("ethics, risk management, or jurisprudence")
        "risk-management": "Risk management in professional practice",
        # Louisiana (issue 20): LAC 46:LX.707(A)(1), "diagnosis (assessment, diagnosis, and treatment
        # under the Diagnostic and Statistical Manual of Mental Disorders 5 ...)"; R.S. 37:2714(A)(2),
        # LCSW "clinical content including diagnosis and treatment of mental disorders".
        "diagnosis": "Assessment, diagnosis and treatment of mental disorders (DSM; clinical content)",
        # Alabama (issue 20): also "diagnosis" above, for MFT "diagnosis and treatment" hours (Ala. Admin.
        # Code r. 536-X-6-.01) and the LICSW "comprehensive review of the current Diagnostic and Statistical
        # Manual"; and "clinical social work education" (850-X-8, from the Board's FAQ and CE vendors).
        "clinical-practice": "Clinical practice: assessment, diagnosis and treatment (clinical social work)",
        # Connecticut (issue 24): Conn. Gen. Stat. 20-191c(b), 20-195cc(b), 20-195u(b): "mental health
        # conditions common to veterans and family members of veterans"
        "veterans-mental-health": "Mental health conditions common to veterans and their families",
        # Kansas (issue 25): K.S.A. 65-6313(b)(3), "not less than six hours of social worker safety
        # awareness training" at the first renewal of a social work licence.
        "practitioner-safety": "Safety awareness for the practitioner (social worker safety training)",
        # District of Columbia (17 DCMR 6906.4, 7008.4, 7707.4, 6610; DC Health COVID-19 CE notice)
        "lgbtq-care": "Cultural competence and clinical treatment for LGBTQ patients or clients",
        "public-health-priorities": "Public health priorities of the District named by the DC Health Director",
        "covid-19-vaccines": "COVID-19 vaccines (safety, counseling patients, efficacy)",
        "trauma": "Trauma counseling (trauma-informed assessment and treatment)",
        # Alaska (issue 27): 12 AAC 18.210, "cross-cultural education relating to Alaska Natives" (social
        # workers; the psychologists' 2023 rule names "cross-cultural studies relating to Alaska Natives").
        "alaska-natives": "Cross-cultural education relating to Alaska Natives",
        # NBCC specialties (issue 23): the CCMHC's "four clinical content areas" ("Counseling and
        # Psychotherapy Theory and Practice", "Abnormal Psychology and Psychopathology", "Testing and
        # Appraisal", "Group Counseling"; NBCC, Continuing Education Requirements, CCMHC).
        "clinical-counseling": (
            "Clinical counseling: counseling and psychotherapy theory and practice, psychopathology, "
            "testing and appraisal, group counseling"
        ),
        # issue #23: ABPP, APT, CCE (the Association for Play Therapy's RPT: "24 hours of play therapy
        # specific instruction with their next CE renewal"; APT, Credential Renewal Information).
        "play-therapy": "Play therapy (instruction specific to play therapy)",
        # New Jersey (issue #18): "at least one credit of continuing education on topics concerning
        # prescription opioid drugs, including the risks and signs of opioids abuse, addiction and
        # diversion" (N.J. Office of the Attorney General, NJ CARES; social workers, psychologists,
        # professional counselors, marriage and family therapists). Narrower than "substance-use".
        "prescription-opioids": "Prescription opioid drugs: risks and signs of opioid abuse, addiction and diversion",
    }
)

CORE_APPROVALS: Mapping[str, str] = MappingProxyType(
    {
        "apa": "American Psychological Association",
        "nbcc": "National Board for Certified Counselors",
        "aswb": "Association of Social Work Boards (ACE)",
        "nasw": "National Association of Social Workers",
        "aamft": "American Association for Marriage and Family Therapy",
        "camft": "California Association of Marriage and Family Therapists",
        "naadac": "NAADAC, the Association for Addiction Professionals",
        "nysed-mhc": "NYSED-approved provider of CE for mental health counselors",
        "nysed-mft": "NYSED-approved provider of CE for marriage and family therapists",
        "nysed-sw": "NYSED-approved provider of CE for social workers",
        "nysed-psy": "NYSED-approved provider of CE for psychologists",
        "fl-491": "Provider approved by the Florida 491 board",
        "fl-psy": "Provider approved by the Florida Board of Psychology",
    }
)


# The model's formats (licensetrack.core.model.Format, a closed enum the engine reasons about) with what
# each means, for `licensetrack vocabulary`; a test keeps the two lists equal.
FORMAT_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "live": "in person",
        "live-online": "synchronous and interactive, online",
        "on-demand": "asynchronous course from a provider (recorded, home study)",
        "independent-study": "self-directed reading or study outside an organised course",
        "academic": "a college course (usually `units`)",
        "conference": "conference attendance (may be `days`)",
        "exam": "an examination, such as a jurisprudence exam",
        "teaching": "teaching a course",
        "publication": "writing a published work",
        "course-completion": "a required course recorded by completion; may give no hours (Texas human trafficking)",
    }
)


# The kinds of organisation a course can come from (an activity's ``provider_type``), for rules that ask for a
# share of the hours from listed kinds (Texas, 22 TAC § 781.501(f)). A closed list the engine matches on, like
# the formats: a board's list is written in its rule file as a selection of these.
PROVIDER_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "professional-association": "an international, national, regional, state or local association of medical, "
        "mental or behavioral health professionals",
        "school": "a public school district, charter school or education service center",
        "government": "a city, county, state or federal governmental entity (agency)",
        "university": "an accredited institution of higher education",
        "charity": "a religious or charitable organization devoted to mental or behavioral health",
        "supervisor": "a licensee with supervisor status",
        "hospital": "a hospital or hospital system",
        "approved-provider": "a provider approved by an approval body (record the body in approvals)",
        "commercial": "a commercial CE vendor",
        "employer": "the practitioner's employer (in-service training)",
    }
)


# Who accredited a degree's program or institution (a profile degree's ``accreditations``; a rule set's
# ``[[degree]]``): a closed list, since a rule that names an accreditor must match the profile's word exactly.
ACCREDITATIONS: Mapping[str, str] = MappingProxyType(
    {
        "apa": "American Psychological Association (Commission on Accreditation): a doctoral program in "
        "health service psychology",
        "cpa": "Canadian Psychological Association: an accredited doctoral program",
        "asppb-designated": "a doctoral program designated by ASPPB and the National Register as a psychology "
        "program (the Designation Project)",
        "pcsas": "Psychological Clinical Science Accreditation System",
        "cacrep": "Council for Accreditation of Counseling and Related Educational Programs",
        "mpcac": "Masters in Psychology and Counseling Accreditation Council",
        "coamfte": "Commission on Accreditation for Marriage and Family Therapy Education",
        "cswe": "Council on Social Work Education",
        "institutional": "an institution accredited by an accreditor the U.S. Department of Education or CHEA "
        "recognizes (regional or national institutional accreditation)",
    }
)


def as_word(text: str) -> str | None:
    """The identifier a person most likely meant by ``text`` (``"TX LPC"`` -> ``"tx-lpc"``), or None.

    Used for a "did you mean" in files, which stay strict; the command line lower-cases ids itself.
    """
    candidate = re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")
    return candidate if WORD_PATTERN.match(candidate) else None


# The fields of profiles and rule files whose items are words of the vocabulary, and what each word is.
WORD_FIELDS: Mapping[str, str] = MappingProxyType(
    {"topics": "topic", "approvals": "approval body", "without_approvals": "approval body"}
)


@attrs.frozen
class UnknownWord:
    """A well-formed word the vocabulary does not know, where it was found (``topics[2]``), and the
    words that are known, for a "did you mean"."""

    field: str
    position: int
    word: str
    known: Mapping[str, str]

    @property
    def path(self) -> str:
        return f"{self.field}[{self.position}]"

    @property
    def message(self) -> str:
        return unknown_word(WORD_FIELDS[self.field], self.word, self.known)


@attrs.frozen(kw_only=True)
class Vocabulary:
    """Topic and approval ids known to this installation, each with a description."""

    topics: Mapping[str, str] = CORE_TOPICS
    approvals: Mapping[str, str] = CORE_APPROVALS

    def unknown_words(self, record: object, *fields: str) -> Iterator[UnknownWord]:
        """The words in ``fields`` of ``record`` that this vocabulary does not know, in order.

        The one vocabulary check of profiles, bulk rows and rule files. ``record`` is a model
        record, or its raw table from a file when it did not structure, so an unknown word is
        reported beside the other problems. A field that is not a list and an item that is not a
        well-formed word are skipped: structuring reports those.
        """
        for field in fields:
            known = self.topics if WORD_FIELDS[field] == "topic" else self.approvals
            words = record.get(field) if isinstance(record, Mapping) else getattr(record, field)
            if not isinstance(words, list | tuple):
                continue
            for position, word in enumerate(words):
                if isinstance(word, str) and word not in known and WORD_PATTERN.match(word):
                    yield UnknownWord(field, position, word, known)

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable (read-only mapping proxies are not), so worker processes can be sent one."""
        return (_vocabulary, (dict(self.topics), dict(self.approvals)))


def _vocabulary(topics: dict[str, str], approvals: dict[str, str]) -> Vocabulary:
    return Vocabulary(topics=MappingProxyType(topics), approvals=MappingProxyType(approvals))


CORE_VOCABULARY = Vocabulary()
