"""The built-in plugin: the core vocabulary and the bundled ``rules/`` tree, through the public hooks.

Registering them the way a third party would keeps the hooks honest: if the bundled rules can be
supplied this way, so can anyone's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from licensetrack.core.vocabulary import CORE_APPROVALS, CORE_TOPICS
from licensetrack.io.rulefiles import bundled_rules_dir
from licensetrack.plugins.hookspecs import hookimpl

# Approval bodies the bundled rule sets name beyond the core list, so a course they approved can be
# recorded: California's 16 CCR 1887.4.1 and 1887.4.3 recognise the first seven (and "aca"); Florida's
# Fla. Admin. Code R. 64B4-6.002(1)(e) names the rest for the 491 board's licensees.
BUNDLED_APPROVALS = {
    "aca": "American Counseling Association",
    "cpa": "California Psychological Association",
    "nasp": "National Association of School Psychologists",
    "casp": "California Association of School Psychologists",
    "calpcc": "California Association for Licensed Professional Clinical Counselors",
    "cca": "California Counseling Association",
    "cscsw": "California Society for Clinical Social Work",
    "aasect": "American Association of Sexuality Educators, Counselors and Therapists (AASECT)",
    "asch": "American Society of Clinical Hypnosis",
    "cswf": "Clinical Social Work Federation",
    "abpp": "American Board of Professional Psychology",
    "american-psychiatric": "American Psychiatric Association",
    "iamfc": "International Association of Marriage and Family Counselors",
    "aascb": "American Association of State Counseling Boards",
    "amhca": "American Mental Health Counselors Association",
    # North Carolina (21 NCAC 54 .2104(b)(3); 21 NCAC 63 .0401(c)(4))
    "nc-psychology-board": "North Carolina Psychology Board",
    "ncahec": "North Carolina Area Health Education Centers (NC AHEC)",
    "ncpa": "North Carolina Psychological Association",
    "nasw-nc": "National Association of Social Workers, North Carolina Chapter (NASW-NC)",
    # Illinois (IDFPR): sponsors licensed by IDFPR for one profession's CE, and a body 68 Ill. Adm.
    # Code 1375 names.
    "il-psy": "Sponsor licensed by IDFPR for clinical psychologists' CE (Illinois)",
    "il-pc": "Sponsor licensed by IDFPR for professional counselors' CE (Illinois)",
    "il-sw": "Sponsor licensed by IDFPR for social workers' CE (Illinois)",
    "il-mft": "Sponsor licensed by IDFPR for marriage and family therapists' CE (Illinois)",
    "crcc": "Commission on Rehabilitation Counselor Certification",
    # Ohio (rules/us-oh): the CSWMFT board's own approval, NASW's Ohio chapter (accepted for
    # counselors and MFTs where NASW national is not), and the bodies R.C. 4732.141 and the
    # psychology board's recording associations accept for psychologists.
    "oh-cswmft": "Ohio Counselor, Social Worker and Marriage and Family Therapist Board (approved or post-approved)",
    "nasw-oh": "National Association of Social Workers, Ohio Chapter",
    "oh-psy": "Ohio State Board of Psychology",
    "ohpa": "Ohio Psychological Association (OPA-MCE)",
    "ospa": "Ohio School Psychologists Association (OSPA-MCE)",
    "abpsi": "Association of Black Psychologists (incl. the Ohio association)",
    "oh-ede": "Ohio State Board of Education (Department of Education and Workforce)",
    # Pennsylvania (issue 17): 49 Pa. Code §§ 41.59, 47.36 and 23 Pa.C.S. § 6383 (Act 31)
    "pa-act31": "Child abuse recognition and reporting course approved by Pennsylvania DHS and BPOA (Act 31 of 2014)",
    "ama": "American Medical Association (sponsors approved by the AMA)",
    "accredited-college": "Accredited college or university (graduate level and continuing education programs)",
    "cswe": "Council on Social Work Education (accredited graduate and undergraduate programs)",
    "coamfte": "Commission on Accreditation for Marriage and Family Therapy Education (accredited programs)",
    "cacrep": "Council for Accreditation of Counseling and Related Educational Programs (accredited programs)",
    "cswa": "Clinical Social Work Association",
    "cbmt": "Certification Board for Music Therapists",
    "aata": "American Art Therapy Association",
    "adta": "American Dance Therapy Association",
    "nadt": "National Association for Drama Therapy",
    "ancc": "American Nurses Credentialing Center",
    "cwla": "Child Welfare League of America",
    "nabsw": "National Association of Black Social Workers",
    # New Jersey (issue 18): N.J.A.C. 13:42-10.21(a) (psychologists), 13:44G-6.4(c) (social workers)
    "nrhsp": "National Register of Health Service Psychologists (and providers it approves)",
    "asppb": "Association of State and Provincial Psychology Boards (and providers it approves)",
    "nj-cwta": "Child Welfare Training Academy, New Jersey Department of Children and Families",
    # Arizona (issue #18): the Board of Behavioral Health Examiners offers the Arizona
    # Statutes/Regulations Tutorial every licensee owes (A.A.C. R4-6-802(C)(2)).
    "az-bbhe": "Arizona Board of Behavioral Health Examiners (its Arizona Statutes/Regulations Tutorial)",
    # Massachusetts (issue 18): mass.gov Allied Mental Health CE page; 258 CMR 31.04(2); SW Board Policy 06-04
    "mamhca": "Massachusetts Mental Health Counselors Association (MaMHCA/MCEAP)",
    "neafast": "New England Association for Family and Systemic Therapy (NEAFAST)",
    "accme": "Accreditation Council for Continuing Medical Education (ACCME)",
    "ma-sw-agency": "Massachusetts Department of Children and Families, Public Health or Mental Health",
    "sw-board": "A United States or Canadian social work licensing board",
    "ma-dese": "Massachusetts Department of Elementary and Secondary Education",
    "mspa": "Massachusetts School Psychologists Association",
    # Wisconsin (issue 19): Psychology Examining Board, ch. Psy 4 (DSPS psychologist CE page; CR 13-103)
    "wi-wpa": "Wisconsin Psychological Association",
    "wi-wspa": "Wisconsin School Psychologists Association",
    "canadian-pa": "Canadian Psychological Association",
    "aoa": "American Osteopathic Association (Category 1 credit)",
    "psy-board-other-state": "A psychology licensing board of another state where the licensee also holds a licence",
    # Maryland (issue #19): the Board of Examiners of Psychologists' authorized sponsors (COMAR 10.36.02)
    "aps": "Association for Psychological Science",
    "nih": "National Institutes of Health",
    "md-mdh": "Maryland Department of Health",
    # South Carolina (issue 20): S.C. Code Regs. 100-10(B)(1)(c) puts offerings "by state or regional
    # psychological associations" in the psychologists' Category A.
    "psych-association": "A state or regional psychological association",
    # Alabama (issue 20): Ala. Admin. Code r. 255-X-7-.02(3)(b) ("approved in advance by the Board");
    # the Board of Social Work Examiners' approved providers (ASWB's jurisdiction summary, vendors)
    "al-abec": "Alabama Board of Examiners in Counseling (programs approved in advance)",
    "al-sw": "Alabama State Board of Social Work Examiners (approved providers and programs)",
    # Oklahoma (issue #20): the psychologists' board approves CPE itself or through OPA, APA, ASPPB
    # (Board CE page, OAC 575:10-1-8(c)); the Board of Behavioral Health Licensure pre-approves the
    # listed bodies and its own approved providers (Board CE page, OAC 86:10, 86:15); the social
    # workers' board approves providers of its own (OAC 675:15-1-3, as quoted by providers)
    "ok-psy-board": "Oklahoma State Board of Examiners of Psychologists (Board-approved CPE)",
    "okpa": "Oklahoma Psychological Association",
    "ok-bhl": "Oklahoma State Board of Behavioral Health Licensure (Board-approved CE provider)",
    "ok-odmhsas": "Oklahoma Department of Mental Health and Substance Abuse Services",
    "ok-ladc": "Oklahoma Board of Licensed Alcohol and Drug Counselors",
    "ok-sw-board": "Oklahoma State Board of Licensed Social Workers (Board-approved provider)",
    # Oregon (wave 4)
    "or-opmc": "Oregon Pain Management Commission (its Pain Management Module)",
    # Kentucky (issue #20): the Board of Social Work approves the Kentucky social work ethics course
    # (201 KAR 23:075; board CE page: "MUST be approved by the Kentucky Board of Social Work"); the
    # Board of Licensed Professional Counselors approves the mandatory trainings (201 KAR 36:030 Section 1(6)).
    "ky-bsw": "Kentucky Board of Social Work (KBSW-ETHICS approval number)",
    "ky-lpc": "Kentucky Board of Licensed Professional Counselors (board-approved mandatory trainings)",
    # New Jersey (issue #18, professional counselors, N.J.A.C. 13:34-15.4(a)1)
    "american-orthopsychiatric": "American Orthopsychiatric Association",
    "ana": "American Nurses Association",
    "uspra": "United States Psychiatric Rehabilitation Association (Psychiatric Rehabilitation Association)",
    "icrc": "A member board of the International Certification and Reciprocity Consortium (IC&RC)",
    # Connecticut (issue 24): Regs. Conn. State Agencies 20-195cc-1(6) and the DPH counselor CE page
    # ("the Connecticut Department of Education or the Connecticut Department of Mental Health and Addiction
    # Services"); Conn. Gen. Stat. 20-191c(b)(4) for psychologists
    "ct-dmhas": "Connecticut Department of Mental Health and Addiction Services",
    "ct-sde": "Connecticut State Department of Education",
    # Mississippi (issue 24): the Board of Psychology's own approval (activities "specifically approved in
    # advance" or "sponsored by a Board approved provider", Board CE FAQ); the Board of Examiners for Social
    # Workers and MFTs' Designated Providers (30 Miss. Code R. 1902-4.1(B)(2))
    "ms-psy-board": "Mississippi Board of Psychology (approved in advance, or a Board-approved provider)",
    "ms-swmft": "Mississippi Board of Examiners for Social Workers and MFTs (Designated Provider or approved offering)",
    # New Mexico (issue 25): 16.22.9.9(A)(2) NMAC (psychologists' Category I sponsors: "the New Mexico
    # psychological association", "the international congress of psychology", "the New Mexico state board of
    # psychologist examiners"); the Board of Social Work Examiners' CE page ("approved by NASW, ASWB, NBCC, NM
    # Counseling and Therapy Board, and NM Psychology Board")
    "nm-psy-board": "New Mexico State Board of Psychologist Examiners",
    "nmpa": "New Mexico Psychological Association",
    "icp": "International Congress of Psychology",
    "nm-ct-board": "New Mexico Counseling and Therapy Practice Board",
    # West Virginia (issue 25): W. Va. Code R. 17-3-20.4 (psychology: the Board's own authorization and
    # the West Virginia Psychological, Professional Psychologists' and School Psychologists' associations),
    # 27-3-6 (counseling: Board-approved providers and programs), 25-5-3.1.1 (social work: WV certified or
    # approved providers)
    "wv-psy-board": "West Virginia Board of Examiners of Psychologists (Board-authorized CE)",
    "wvpa": "West Virginia Psychological Association",
    "wvapp": "West Virginia Association of Professional Psychologists",
    "wvspa": "West Virginia School Psychologists Association",
    "wv-bec": "West Virginia Board of Examiners in Counseling (approved provider or program)",
    "wv-sw-board": "West Virginia Board of Social Work (certified or individually approved provider)",
    # New Hampshire (issue 26): Category A bodies of N.H. Admin. Code Psyc 402.01(d) (Board of
    # Psychologists) and, as the NASW-NH chapter quotes it, Mhp 402.02 (Board of Mental Health Practice)
    "aapc": "American Association of Pastoral Counselors (or its accredited training programs)",
    "aagp": "American Association of Group Psychotherapists (as N.H. Psyc 402.01(d)(1) names it)",
    "american-medical-seminars": "American Medical Seminars",
    "medical-society": "A national, state or county medical society",
    "psy-board-approved": "An entity approved by a state or provincial psychology licensing board",
    # Maine (wave 7): 02-415 C.M.R. ch. 8, § 3 ("pre-approved by the board pursuant to Section 3(2) of this
    # chapter, or specifically approved by the board as described in Section 3(3)")
    "me-psy-board": "Maine State Board of Examiners of Psychologists (pre-approved or specifically approved CPE)",
    # Rhode Island (issue 26): the mental health counselors' and MFTs' deemed-approved sponsors, as a CE
    # vendor quotes the Board's rules (Rhode Island Mental Health Counselors Association, Rhode Island
    # Counseling Association, Rhode Island Marriage and Family Therapist Association)
    "ri-mhca": "Rhode Island Mental Health Counselors Association (RIMHCA)",
    "ri-ca": "Rhode Island Counseling Association (RICA)",
    "ri-mfta": "Rhode Island Marriage and Family Therapist Association (RIMFTA)",
    # South Dakota (issue 26): ARSD 20:68:07:24 (counselors: "the following organizations or the
    # organization's state affiliate"), 20:59:04:08-09 and the Board of Social Work Examiners' CE page
    # (social work: Board-approved continuing education sponsors)
    "aasw": "American Association of Social Workers",
    "joint-commission": "Joint Commission (formerly Joint Commission on Accreditation of Healthcare Organizations)",
    "sd-aapp": "South Dakota Association of Addiction and Prevention Professionals",
    "sd-bapp": "South Dakota Board of Addiction and Prevention Professionals",
    "sd-psy-board": "South Dakota Board of Examiners of Psychologists",
    "sd-sw-board": "South Dakota Board of Social Work Examiners (approved continuing education sponsor)",
    "sd-corrections-assoc": "South Dakota Corrections Association",
    "sd-counseling-assoc": "South Dakota Counseling Association",
    "sd-dhs": "South Dakota Department of Human Services",
    "sd-dss": "South Dakota Department of Social Services",
    "counseling-board-other-state": "The counselor licensing board of another state",
    "sd-bec-mft": "South Dakota Board of Examiners for Counselors and Marriage and Family Therapists (approval)",
    # issue #23: NAADAC, EMDRIA, AASECT (NAADAC's "naadac" is a core approval body and "aasect" is above;
    # EMDRIA's renewal counts only "EMDRIA Credits", continuing education "reviewed and approved by EMDRIA")
    "emdria": "EMDR International Association (EMDRIA Credit programs)",
    # North Dakota (issue #27): N.D. Admin. Code 75.5-02-03-07(3)(a), "providers approved by the board".
    "nd-sw-board": "North Dakota Board of Social Work Examiners (approved provider or approved program)",
    # Wyoming (issue 27): Wyoming Board of Psychology rules, Chapter 8, Section 2(b) as a CE vendor quotes
    # it ("designated activities reviewed and approved by the WPA or the WSPA"; unverified)
    "wy-wpa": "Wyoming Psychological Association",
    "wy-wspa": "Wyoming School Psychology Association",
    # issue #23: ABPP, APT, CCE (APT "designates individuals and organizations as Approved Providers to ...
    # identify play therapy training that mental health professionals can apply towards earning or renewing
    # the Registered Play Therapist"; APT, Approved Providers of Play Therapy Continuing Education)
    "apt": "Association for Play Therapy (APT Approved Providers of play therapy continuing education)",
}


@hookimpl
def register_vocabulary(register: Callable[..., None]) -> None:
    register(topics=dict(CORE_TOPICS), approvals={**CORE_APPROVALS, **BUNDLED_APPROVALS})


@hookimpl
def register_rulesets(register: Callable[[Any], None]) -> None:
    register(bundled_rules_dir())
