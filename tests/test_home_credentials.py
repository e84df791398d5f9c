"""Credentials that depend on another (issue #23): a privilege is valid only while its home licence is.

A rule set's ``[[home]]`` says the credential depends on a home credential of a kind and profession;
the profile names it (``home``); the report says whether it keeps the credential valid, and a lapsed
credential makes the exit status 1 like an expired one.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from licensetrack.cli.main import main
from licensetrack.core.engine import evaluate_profile
from licensetrack.core.errors import ModelError, ProfileError
from licensetrack.core.model import Credential, CredentialStatus, Practitioner
from licensetrack.core.report import CredentialReport, Report
from licensetrack.core.rules import RuleSet
from licensetrack.formats.shapes import credential_to_json
from licensetrack.io.batch import read_csv_bundle, write_csv_bundle
from licensetrack.io.profiles import loads_toml
from tests.rulekit import CITE, act, named, named_text, ruleset, total

HOME = f"""
[[home]]
effective = 2020-01-01
professions = ["counseling"]
{CITE}
"""
AS_OF = datetime.date(2025, 6, 1)


def _home_licence() -> RuleSet:
    return named("us-zz-lpc", profession="counseling")


def _privilege(*fragments: str) -> RuleSet:
    return ruleset(total(10), HOME, *fragments)


def _evaluate(privilege: RuleSet, home: Credential | None) -> Practitioner:
    credentials = [
        Credential(id="priv", ruleset=privilege.id, issued=datetime.date(2023, 1, 1), home="lpc" if home else None)
    ]
    if home is not None:
        credentials.insert(0, home)
    return Practitioner(id="p", credentials=tuple(credentials), activities=(act("Ethics", "2024-03-01", 10),))


LPC = Credential(id="lpc", ruleset="us-zz-lpc", issued=datetime.date(2015, 1, 1))


def _report(
    practitioner: Practitioner, privilege: RuleSet, home_rules: RuleSet | None = None
) -> tuple[Report, CredentialReport]:
    rulesets = {privilege.id: privilege}
    if home_rules is not None:
        rulesets[home_rules.id] = home_rules
    report = evaluate_profile(practitioner, rulesets, AS_OF, credential_ids=["priv"])
    return report, report.credentials[0]


def test_a_privilege_is_valid_while_its_home_licence_is_active_and_unexpired() -> None:
    privilege, lpc_rules = _privilege(), _home_licence()
    report, priv = _report(_evaluate(privilege, LPC), privilege, lpc_rules)
    assert priv.home is not None
    assert priv.home.valid
    assert priv.home.reason == "valid while lpc (Test Credential) is active"
    assert not priv.lapsed
    assert report.exit_status == 0
    assert credential_to_json(priv)["home"] == {
        "credential": "lpc",
        "valid": True,
        "reason": "valid while lpc (Test Credential) is active",
        "citation": "Test Code § 1",
        "source": "https://example.org/rules",
        "effective": "2020-01-01",
        "verified": True,
    }


@pytest.mark.parametrize(
    ("home", "reason"),
    [
        (
            Credential(
                id="lpc", ruleset="us-zz-lpc", issued=datetime.date(2015, 1, 1), expires=datetime.date(2025, 5, 31)
            ),
            "its home lpc expired on 2025-05-31 (record its renewal: the new expiration)",
        ),
        (
            Credential(
                id="lpc", ruleset="us-zz-lpc", issued=datetime.date(2015, 1, 1), status=CredentialStatus.INACTIVE
            ),
            "its home lpc is inactive, not active",
        ),
        (
            Credential(id="lpc", ruleset="us-zz-gone", issued=datetime.date(2015, 1, 1)),
            "its home lpc is checked against rule set 'us-zz-gone', which is not installed",
        ),
    ],
)
def test_a_privilege_lapses_with_its_home_licence(home: Credential, reason: str) -> None:
    privilege = _privilege()
    report, priv = _report(_evaluate(privilege, home), privilege, _home_licence())
    assert priv.home is not None
    assert (priv.home.valid, priv.home.reason) == (False, reason)
    assert priv.lapsed
    assert report.exit_status == 1
    assert priv.status.value == "compliant"  # its own CE is still judged: the two facts are apart


def test_the_home_must_be_of_the_profession_the_rule_names_and_must_be_named() -> None:
    privilege = _privilege()
    psy = named("us-zz-lpc", profession="psychology")
    _, priv = _report(_evaluate(privilege, LPC), privilege, psy)
    assert priv.home is not None
    assert priv.home.reason == "its home lpc is a licence of psychology, and the rule asks for counseling"
    _, alone = _report(_evaluate(privilege, None), privilege)
    assert alone.home is not None
    assert (alone.home.credential, alone.home.valid) == (None, False)
    assert alone.home.reason == "needs its home licence (counseling): name it as the credential's `home` in the profile"


def test_the_dependency_has_dates_like_every_rule() -> None:
    later = f"""
[[home]]
effective = 2026-01-01
repealed = true
{CITE}
"""
    privilege = _privilege(later)
    _, before = _report(_evaluate(privilege, None), privilege)
    assert before.lapsed
    report = evaluate_profile(_evaluate(privilege, None), {privilege.id: privilege}, datetime.date(2026, 6, 1))
    assert report.credentials[0].home is None  # repealed: the credential stands alone
    standalone = ruleset(total(10))
    _, alone = _report(_evaluate(standalone, None), standalone)
    assert alone.home is None
    assert "home" not in credential_to_json(alone)


def test_a_credential_lapses_when_its_home_lapses_with_its_own_home() -> None:
    """PSYPACT's chain: the APIT rests on the E.Passport, which rests on a licence; when the licence expires
    the E.Passport lapses, and with it the APIT, though the E.Passport's own record is active."""
    passport = named("zz-passport", HOME, kind="certification")
    on_passport = HOME.replace('professions = ["counseling"]', 'credential_kind = "certification"')
    authority = ruleset(total(10), on_passport)
    rulesets = {r.id: r for r in (passport, authority, _home_licence())}
    lapsed_lpc = attrs.evolve(LPC, expires=datetime.date(2024, 12, 31))
    for lpc, valid in ((LPC, True), (lapsed_lpc, False)):
        credentials = (
            lpc,
            Credential(id="ep", ruleset="zz-passport", issued=datetime.date(2022, 1, 1), home="lpc"),
            Credential(id="apit", ruleset=authority.id, issued=datetime.date(2022, 1, 1), home="ep"),
        )
        practitioner = Practitioner(id="p", credentials=credentials, activities=())
        apit = next(c for c in evaluate_profile(practitioner, rulesets, AS_OF).credentials if c.credential == "apit")
        assert apit.home is not None
        assert apit.home.valid is valid
        if not valid:
            assert apit.home.reason == (
                "its home ep has lapsed: its home lpc expired on 2024-12-31 (record its renewal: the new expiration)"
            )


def test_the_profile_names_a_home_among_its_credentials_without_loops() -> None:
    base = '[practitioner]\nid = "p"\n'
    credential = '[[credentials]]\nid = "{id}"\nruleset = "us-ca-lmft"\nissued = 2020-01-01\n'
    with pytest.raises(ProfileError, match=r"credentials\[0\]\.home: names no credential of the profile: 'ca'"):
        loads_toml(base + credential.format(id="priv") + 'home = "ca"\n', source="p.toml")
    with pytest.raises(ProfileError, match=r"credentials\[0\]\.home: names the credential itself"):
        loads_toml(base + credential.format(id="priv") + 'home = "priv"\n', source="p.toml")
    looped = credential.format(id="a") + 'home = "b"\n' + credential.format(id="b") + 'home = "a"\n'
    with pytest.raises(ProfileError, match="homes must not form a loop"):
        loads_toml(base + looped, source="p.toml")
    with pytest.raises(ModelError):
        Credential(id="x", ruleset="us-ca-lmft", issued=datetime.date(2020, 1, 1), home="Not An Id")


def test_a_csv_bundle_carries_the_home_column_only_when_a_credential_has_one(tmp_path: Path) -> None:
    plain = Practitioner(id="p", credentials=(LPC,))
    write_csv_bundle([plain], tmp_path / "plain")
    assert "home" not in (tmp_path / "plain" / "credentials.csv").read_text(encoding="utf-8").splitlines()[0]
    privileged = Practitioner(
        id="p",
        credentials=(LPC, Credential(id="priv", ruleset="us-zz-priv", issued=datetime.date(2023, 1, 1), home="lpc")),
    )
    write_csv_bundle([privileged], tmp_path / "bundle")
    assert (tmp_path / "bundle" / "credentials.csv").read_text(encoding="utf-8").splitlines()[0].endswith(",home")
    (record,) = list(read_csv_bundle(tmp_path / "bundle"))
    assert record.practitioner == privileged


def test_check_says_what_the_privilege_rests_on(tmp_path: Path) -> None:
    rules = tmp_path / "rules" / "us-zz"
    rules.mkdir(parents=True)
    (rules / "lpc.toml").write_text(named_text("us-zz-lpc", profession="counseling"), encoding="utf-8")
    (rules / "priv.toml").write_text(named_text("us-zz-priv", HOME), encoding="utf-8")
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[practitioner]\nid = "p"\n'
        '[[credentials]]\nid = "lpc"\nruleset = "us-zz-lpc"\nissued = 2015-01-01\nexpires = 2025-05-31\n'
        '[[credentials]]\nid = "priv"\nruleset = "us-zz-priv"\nissued = 2023-01-01\nhome = "lpc"\n'
        '[[activities]]\ntitle = "Ethics"\ncompleted = 2024-03-01\nhours = 10\n',
        encoding="utf-8",
    )
    args = ["--rules-dir", str(tmp_path / "rules"), "--as-of", "2025-06-01"]
    text = CliRunner().invoke(main, ["check", str(profile), *args])
    assert text.exit_code == 1
    flat = " ".join(text.stdout.split())
    assert "Lapsed: its home lpc expired on 2025-05-31" in flat
    assert "lapsed with their home licence: priv" in flat
    data = json.loads(CliRunner().invoke(main, ["check", str(profile), *args, "--format", "json"]).stdout)
    priv = next(c for c in data["credentials"] if c["credential"] == "priv")
    assert priv["home"]["valid"] is False
    packet = CliRunner().invoke(main, ["report", str(profile), *args])
    assert "<dt>Lapsed</dt>" in packet.stdout


def test_an_unverified_dependency_is_listed_among_the_rules_relied_on() -> None:
    unverified = HOME.replace("[[home]]\n", '[[home]]\nverified = false\nnote = "Read only at a vendor."\n', 1)
    privilege = ruleset(total(10), unverified)
    _, priv = _report(_evaluate(privilege, LPC), privilege, _home_licence())
    assert "Test Code § 1 (effective 2020-01-01): Read only at a vendor." in priv.unverified
    _, verified = _report(_evaluate(_privilege(), LPC), _privilege(), _home_licence())
    assert not any("Read only at a vendor" in line for line in verified.unverified)


def test_the_audits_csv_says_which_privileges_lapsed(tmp_path: Path) -> None:
    """The appended `lapsed` column: empty for a credential that depends on no other, else true or false."""
    home = {"id": "oh-lpcc", "ruleset": "us-oh-lpcc", "issued": "2015-06-01", "expires": "2026-09-30"}
    privilege = {"id": "mn", "ruleset": "counseling-compact-privilege", "issued": "2025-10-15", "home": "oh-lpcc"}
    people = [
        {"practitioner": {"id": "kept"}, "credentials": [home, {**privilege, "expires": "2026-09-30"}]},
        {
            "practitioner": {"id": "gone"},
            "credentials": [{**home, "status": "inactive"}, {**privilege, "expires": "2026-09-30"}],
        },
    ]
    lines = tmp_path / "staff.jsonl"
    lines.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(lines), "--as-of", "2026-03-01", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["practitioner"], r["credential"], r["lapsed"]) for r in rows] == [
        ("kept", "oh-lpcc", ""),
        ("kept", "mn", "false"),
        ("gone", "oh-lpcc", ""),
        ("gone", "mn", "true"),
    ]
    assert result.exit_code == 1


def test_the_home_may_have_to_be_of_a_named_rule_set() -> None:
    named = HOME.replace('professions = ["counseling"]', 'rulesets = ["us-zz-other"]')
    privilege = ruleset(total(10), named)
    _, priv = _report(_evaluate(privilege, LPC), privilege, _home_licence())
    assert priv.home is not None
    assert (priv.home.valid, priv.home.reason) == (
        False,
        "its home lpc is checked against rule set 'us-zz-lpc', and the rule asks for us-zz-other",
    )
    right = ruleset(total(10), HOME.replace('professions = ["counseling"]', 'rulesets = ["us-zz-lpc"]'))
    _, priv = _report(_evaluate(right, LPC), right, _home_licence())
    assert priv.home is not None
    assert priv.home.valid
    _, alone = _report(_evaluate(right, None), right)
    assert alone.home is not None
    assert alone.home.reason == "needs its home licence us-zz-lpc: name it as the credential's `home` in the profile"


def test_homes_of_one_date_are_alternatives() -> None:
    """A credential that may rest on a licence or on a named certification (CCE: "either professional licensure
    ... or the National Certified Counselor"): either keeps it valid; neither, and the reason is the first's."""
    either = ruleset(
        total(10),
        HOME,
        HOME.replace('professions = ["counseling"]', 'credential_kind = "certification"\nrulesets = ["zz-ncc"]'),
    )
    ncc_rules = named("zz-ncc", kind="certification")
    ncc = Credential(id="lpc", ruleset="zz-ncc", issued=datetime.date(2015, 1, 1))  # named "lpc" as _evaluate expects
    _, on_ncc = _report(_evaluate(either, ncc), either, ncc_rules)
    assert on_ncc.home is not None
    assert on_ncc.home.valid
    _, on_lpc = _report(_evaluate(either, LPC), either, _home_licence())
    assert on_lpc.home is not None
    assert on_lpc.home.valid
    _, alone = _report(_evaluate(either, None), either)
    assert alone.home is not None
    assert alone.home.reason == (
        "needs its home licence (counseling) or certification zz-ncc: name it as the credential's `home` in the profile"
    )
    other = Credential(id="lpc", ruleset="zz-other", issued=datetime.date(2015, 1, 1))
    other_rules = named("zz-other", kind="certification")
    _, on_other = _report(_evaluate(either, other), either, other_rules)
    assert on_other.home is not None
    assert (on_other.home.valid, on_other.home.reason) == (
        False,
        "its home lpc is a certification, and the rule asks for a licence",
    )
