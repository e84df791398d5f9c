"""Bulk audits: JSON Lines and CSV bundles in, reports out, the same for any number of processes."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from licensetrack.cli.main import main
from licensetrack.io.batch import Record, jsonl_lines, read_csv_bundle, read_jsonl
from licensetrack.io.profiles import read_profile, to_json_data
from licensetrack.run import local as audit_module
from licensetrack.run.local import audit
from tests import schemacheck

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "dana-rivera.toml"
AS_OF = datetime.date(2026, 1, 15)


def write_jsonl(path: Path, count: int, *, extra: list[str] | None = None, newline: str = "\n") -> Path:
    base = to_json_data(read_profile(EXAMPLE))
    lines = []
    for i in range(count):
        record = json.loads(json.dumps(base))
        record["practitioner"]["id"] = f"p{i:03d}"
        lines.append(json.dumps(record))
    lines.extend(extra or [])
    path.write_text(newline.join(lines) + newline, encoding="utf-8", newline="")
    return path


def test_the_api_is_lazy_and_in_input_order() -> None:
    practitioner = read_profile(EXAMPLE)
    consumed = []

    def people() -> object:
        for i in itertools.count():
            consumed.append(i)
            yield practitioner

    reports = audit(people(), AS_OF)  # type: ignore[arg-type]
    first_three = list(itertools.islice(reports, 3))
    assert len(first_three) == 3
    assert consumed == [0, 1, 2]  # nothing read ahead: memory does not grow with the input
    assert all(r.practitioner == "dana-rivera" for r in first_three)


def test_jsonl_records_with_a_bom_crlf_and_bad_lines(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "staff.jsonl",
        3,
        extra=["", "{not json", '{"practitioner": {"id": "x"}, "credentials": 1}'],
        newline="\r\n",
    )
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes() + b'{"practitioner": {"id": "caf\xe9"}}\n')
    records = list(read_jsonl(path))
    assert [r.practitioner.id for r in records if r.practitioner] == ["p000", "p001", "p002"]
    problems = [r.problem for r in records if r.problem]
    assert problems[0].startswith(f"{path}:5: is not valid JSON")
    assert problems[1] == f"{path}:6: credentials: must be a list of tables, got a number"
    assert problems[2].startswith(f"{path}:7: is not UTF-8 text")


def test_workers_parsing_lines_find_what_the_reader_finds(tmp_path: Path) -> None:
    """The command hands raw lines to its workers; they must accept and reject exactly as read_jsonl."""
    path = write_jsonl(
        tmp_path / "staff.jsonl",
        4,
        extra=["\u3000 ", "{not json", '{"practitioner": {"id": "x"}, "credentials": 1}'],
        newline="\r\n",
    )
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes() + b'{"practitioner": {"id": "caf\xe9"}}\n')
    assert not any(isinstance(item, Record) for item in jsonl_lines(path))  # nothing parsed up front
    expected = [(r.location, r.practitioner, r.problem) for r in read_jsonl(path)]
    assert len(expected) == 7  # the line of ideographic spaces is blank, as in read_jsonl
    for jobs in (1, 2):
        parsed = list(audit_module.run_audit(read_jsonl(path), AS_OF, jobs=jobs, chunksize=2))
        deferred = list(audit_module.run_audit(jsonl_lines(path), AS_OF, jobs=jobs, chunksize=2))
        assert deferred == parsed
        assert [(d.location, d.problem) for d in deferred] == [(loc, problem) for loc, _, problem in expected]


def write_bundle(folder: Path, *, practitioners: str, credentials: str, activities: str, bom: bool = False) -> Path:
    folder.mkdir(exist_ok=True)
    prefix = "\ufeff" if bom else ""
    for name, text in (("practitioners", practitioners), ("credentials", credentials), ("activities", activities)):
        (folder / f"{name}.csv").write_text(prefix + text, encoding="utf-8", newline="")
    return folder


BUNDLE = {
    "practitioners": "id,name,birth_date\r\nann,Ann Lee,1980-02-03\r\nbob,Bob Roe,\r\nann,Duplicate Ann,\r\n",
    "credentials": (
        "practitioner_id,id,ruleset,number,issued,expires,period_start,roles,status\n"
        "bob,lmft,us-ca-lmft,,2014-01-09,2026-01-31,,,\n"
        "ann,lmft,us-ca-lmft,LMFT 1,2014-01-09,2026-01-31,,supervisor;telehealth,active\n"
        "zed,lmft,us-ca-lmft,,2014-01-09,,,,\n"
    ),
    "activities": (
        "practitioner_id,title,completed,hours,units,unit,days,format,topics,provider,approvals,certificate\n"
        "ann,Law and Ethics,2025-03-01,6,,,,live-online,law;ethics,CAMFT,camft,\n"
        "bob,Bad hours,2025-03-01,-3,,,,live,,,,\n"
        "ann,Clinical,2025-04-01,30,,,,live,,,apa,\n"
        "ann,Grad course,2024-09-01,,2,semester,,academic,,,,\n"
    ),
}


def test_csv_bundle_groups_rows_reports_problems_by_file_and_line(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "hr", bom=True, **BUNDLE)
    records = list(read_csv_bundle(folder))
    by_location = {r.location.rsplit("/", 1)[-1]: r for r in records}
    ann = by_location["practitioners.csv:2"].practitioner
    assert ann is not None
    assert ann.credentials[0].roles == ("supervisor", "telehealth")
    assert [a.title for a in ann.activities] == ["Law and Ethics", "Clinical", "Grad course"]
    assert by_location["practitioners.csv:3"].problem == (
        f"{folder}/activities.csv:3: hours: must be greater than 0, got -3"
    )
    assert by_location["practitioners.csv:4"].problem == (
        f"{folder}/practitioners.csv:4: duplicate practitioner id 'ann' (first on line 2)"
    )
    assert by_location["credentials.csv:4"].problem == (
        f"{folder}/credentials.csv:4: practitioner_id 'zed' is not in practitioners.csv"
    )


ACTIVITIES_HEADER = (
    "practitioner_id,title,completed,hours,units,unit,days,format,topics,provider,approvals,certificate\n"
)
CREDENTIALS_HEADER = "practitioner_id,id,ruleset,number,issued,expires,period_start,roles,status\n"


def test_a_row_with_an_unquoted_comma_rejects_the_practitioner_it_names(tmp_path: Path) -> None:
    """The issue's E1005: a title with an unquoted comma made the course vanish without a word."""
    folder = write_bundle(
        tmp_path / "hr",
        practitioners="id,name\nE1005,Eve\nE1006,Fay\n",
        credentials=CREDENTIALS_HEADER + "E1005,lmft,us-ca-lmft,,2014-01-09,2026-01-31,,,\n"
        "E1006,lmft,us-ca-lmft,,2014-01-09,2026-01-31,,,\n",
        activities=ACTIVITIES_HEADER
        + "E1005,Ethics, Boundaries and Dual Relationships,2025-03-01,6,,,,live,ethics,,,\n"
        "E1006,Clinical,2025-04-01,36,,,,live,,,,\n"
        "Ethics, Boundaries,E1005,2025-03-01,6,,,,live,ethics,,,\n",
    )
    records = list(read_csv_bundle(folder))
    too_many = "13 cells but 12 columns (a cell that holds a comma must be in double quotes)"
    assert [(r.location, r.practitioner_id, r.problem) for r in records if r.practitioner is None] == [
        (f"{folder}/activities.csv:4", None, f"{folder}/activities.csv:4: {too_many}"),  # whose, no one can tell
        (f"{folder}/practitioners.csv:2", "E1005", f"{folder}/activities.csv:2: {too_many}"),
    ]
    assert [r.practitioner.id for r in records if r.practitioner] == ["E1006"]
    result = CliRunner().invoke(main, ["audit", str(folder), "--as-of", "2026-01-15", "--format", "csv"])
    assert result.exit_code == 2
    assert f"licensetrack: rejected {folder}/activities.csv:2: {too_many}" in result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1] == ["", "", "", "rejected", *[""] * 7, f"{folder}/activities.csv:4: {too_many}", *[""] * 5]
    assert rows[2] == ["E1005", "", "", "rejected", *[""] * 7, f"{folder}/activities.csv:2: {too_many}", *[""] * 5]
    assert rows[3][:4] == ["E1006", "lmft", "us-ca-lmft", "deficient"]
    assert len(rows) == 4


def test_extra_columns_are_ignored_with_one_warning(tmp_path: Path) -> None:
    folder = write_bundle(
        tmp_path / "hr",
        practitioners="id,name,department,employee_type\nann,Ann Lee,Outpatient,full-time\n",
        credentials="practitioner_id,id,ruleset,issued,expires,department\nann,lmft,us-ca-lmft,2014-01-09,2026-01-31,x\n",
        activities="practitioner_id,title,completed,hours,format\nann,Clinical,2025-04-01,36,live\n",
    )
    result = CliRunner().invoke(main, ["audit", str(folder), "--as-of", "2026-01-15", "--format", "csv"])
    assert result.exit_code == 1, result.stderr  # deficient (no law and ethics), nothing rejected
    assert result.stderr.splitlines()[:2] == [
        f"licensetrack: {folder}/practitioners.csv:1: ignoring columns 'department', 'employee_type', which licensetrack does not use",
        f"licensetrack: {folder}/credentials.csv:1: ignoring column 'department', which licensetrack does not use",
    ]
    assert result.stdout.splitlines()[1].startswith("ann,lmft,us-ca-lmft,deficient,")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "practioner_id,title,completed,hours",
            "unknown column 'practioner_id' (did you mean \"practitioner_id\"?); missing column 'practitioner_id'",
        ),
        ("practitioner_id,title,hours", "missing column 'completed'"),
    ],
)
def test_a_misspelt_or_missing_identifying_column_is_an_error(tmp_path: Path, header: str, message: str) -> None:
    folder = write_bundle(tmp_path / "hr", **{**BUNDLE, "activities": header + "\n"})
    result = CliRunner().invoke(main, ["audit", str(folder)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"licensetrack: {folder}/activities.csv:1: {message}; expected columns: "
        "practitioner_id, title, completed, hours, units, unit, days, format, topics, provider, approvals, certificate, provider_type, "
        "for_period_ending\n"
    )
    assert result.stdout == ""


def test_rows_of_empty_cells_are_no_records(tmp_path: Path) -> None:
    """Spreadsheets export a row of empty cells (",,,,") for a blank line: it is not a record of anyone."""
    bundle = dict(BUNDLE)
    bundle["credentials"] += ",,,,,,,,\n , ,,,,,,,\r\n"
    bundle["activities"] += ",,,,,,,,,,,\n"
    with_empty = {r.location.rsplit("/", 1)[-1]: r for r in read_csv_bundle(write_bundle(tmp_path / "a", **bundle))}
    without = {r.location.rsplit("/", 1)[-1]: r for r in read_csv_bundle(write_bundle(tmp_path / "b", **BUNDLE))}
    assert with_empty.keys() == without.keys()
    assert [r.practitioner for r in with_empty.values()] == [r.practitioner for r in without.values()]
    assert [len(r.problems) for r in with_empty.values()] == [len(r.problems) for r in without.values()]


def test_a_broken_row_that_opens_a_quote_does_not_swallow_the_rows_after_it(tmp_path: Path) -> None:
    """A bad byte before a quoted title leaves a quote open to the end of the file: the csv reader would
    read every later row into that cell. The broken row is rejected on its own line, and the rows after
    it are read as rows (found by the practitioners-in = practitioners-out property)."""
    folder = write_bundle(
        tmp_path / "hr",
        practitioners="id,name,birth_date\nann,Ann,\nbob,Bob,\n",
        credentials="practitioner_id,id,ruleset,issued,expires\nann,l,us-ca-lmft,2014-01-09,2026-01-31\n"
        "bob,l,us-ca-lmft,2014-01-09,2026-01-31\n",
        activities="practitioner_id,title,completed,hours\n",
    )
    (folder / "activities.csv").write_bytes(
        b"practitioner_id,title,completed,hours\n"
        b'ann,\xff"Ethics,",2025-03-01,6\n'
        b"nobody,Orphan,2025-01-01,1\n"
        b"bob,Law,2025-03-01,6\n"
    )
    records = list(read_csv_bundle(folder))
    who = [r.practitioner_id if r.practitioner is None else r.practitioner.id for r in records]
    assert [
        (r.location.rsplit("/", 1)[-1], name, r.practitioner is None) for r, name in zip(records, who, strict=True)
    ] == [
        ("activities.csv:3", None, True),
        ("practitioners.csv:2", "ann", True),
        ("practitioners.csv:3", "bob", False),
    ]
    assert records[1].problems == (
        f"{folder}/activities.csv:2: is not UTF-8 text (bad byte 0xff at column 5); save the file as UTF-8",
    )
    bob = records[2].practitioner
    assert bob is not None
    assert [a.title for a in bob.activities] == ["Law"]


def test_a_bad_byte_rejects_its_row_only(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "hr", **BUNDLE)
    activities = (folder / "activities.csv").read_bytes()
    (folder / "activities.csv").write_bytes(activities.replace(b"Clinical", b"Cl\xednical"))
    practitioners = (folder / "practitioners.csv").read_bytes()
    (folder / "practitioners.csv").write_bytes(practitioners.replace(b"Bob Roe", b"Bob R\xf6e"))
    records = {r.location.rsplit("/", 1)[-1]: r for r in read_csv_bundle(folder)}
    assert records["practitioners.csv:2"].problem == (
        f"{folder}/activities.csv:4: is not UTF-8 text (bad byte 0xed at column 7); save the file as UTF-8"
    )
    assert records["practitioners.csv:2"].practitioner_id == "ann"
    assert records["practitioners.csv:3"].problems == (
        f"{folder}/practitioners.csv:3: is not UTF-8 text (bad byte 0xf6 at column 10); save the file as UTF-8",
        f"{folder}/activities.csv:3: hours: must be greater than 0, got -3",
    )


def test_a_bad_byte_in_the_header_refuses_the_file(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "hr", **BUNDLE)
    (folder / "credentials.csv").write_bytes(b"practitioner_id,id,rule\xffset\n")
    result = CliRunner().invoke(main, ["audit", str(folder)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"licensetrack: {folder}/credentials.csv:1: is not UTF-8 text (bad byte 0xff at column 24); save the file as UTF-8\n"
    )


def test_jsonl_messages_name_the_line_and_the_column_in_it(tmp_path: Path) -> None:
    path = tmp_path / "staff.jsonl"
    path.write_bytes(b'{"practitioner": {"id": "a"}\n{"practitioner": \r\n{"practitioner": {"id": "caf\xe9"}}\n')
    assert [r.problem for r in read_jsonl(path)] == [
        f"{path}:1: is not valid JSON: Expecting ',' delimiter (column 29)",
        f"{path}:2: is not valid JSON: Expecting value (column 18)",  # the end of the line, not "line 2"
        f"{path}:3: is not UTF-8 text (bad byte 0xe9 at column 29); save the file as UTF-8",
    ]


def test_audit_command_formats_summary_and_exit_codes(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "hr", **BUNDLE)
    result = CliRunner().invoke(main, ["audit", str(folder), "--as-of", "2026-01-15", "--format", "csv"])
    assert result.exit_code == 2  # records were rejected
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "practitioner", "credential", "ruleset", "status", "cycle_start", "cycle_end", "days_left",
        "required_hours", "counted_hours", "missing_hours", "missing_topics", "problems",
        "standing", "expired", "previous_missing_hours", "lapsed", "over_practice_limit",
    ]  # fmt: skip
    assert rows[1:] == [
        [
            "",
            "",
            "",
            "rejected",
            *[""] * 7,
            f"{folder}/credentials.csv:4: practitioner_id 'zed' is not in practitioners.csv",
            *[""] * 5,
        ],
        [
            "ann",
            "lmft",
            "us-ca-lmft",
            "deficient",
            "2024-02-01",
            "2026-01-31",
            "16",
            "36",
            "66",
            "9",
            "suicide-prevention:6;telehealth:3",
            "",
            "due-soon",
            "false",
            "",
            "",
            "",
        ],
        [
            "bob",
            "",
            "",
            "rejected",
            *[""] * 7,
            f"{folder}/activities.csv:3: hours: must be greater than 0, got -3",
            *[""] * 5,
        ],
        [
            "ann",
            "",
            "",
            "rejected",
            *[""] * 7,
            f"{folder}/practitioners.csv:4: duplicate practitioner id 'ann' (first on line 2)",
            *[""] * 5,
        ],
    ]
    assert "audited 1 practitioner, 1 credential" in result.stderr
    assert "3 records rejected" in result.stderr
    strict = CliRunner().invoke(main, ["audit", str(folder), "--strict"])
    assert strict.exit_code == 2
    assert strict.stderr.count("licensetrack: rejected ") == 1  # stops after the first (the orphan row)
    assert [json.loads(line)["status"] for line in strict.stdout.splitlines()] == ["rejected"]
    assert "audited 0 practitioners" in strict.stderr


def test_every_practitioner_is_in_every_output_format(tmp_path: Path) -> None:
    """HR reads only the output: a rejected practitioner and one with no credentials are in it too."""
    import jsonschema

    bundle = {**BUNDLE, "practitioners": BUNDLE["practitioners"] + "cy,Cy Doe,\r\n"}
    folder = write_bundle(tmp_path / "hr", **bundle)
    expected = [
        (None, "rejected"),
        ("ann", "audited"),
        ("bob", "rejected"),
        ("ann", "rejected"),
        ("cy", "no-credentials"),
    ]
    for output_format in ("jsonl", "json"):
        result = CliRunner().invoke(main, ["audit", str(folder), "--as-of", "2026-01-15", "--format", output_format])
        assert result.exit_code == 2
        items = (
            json.loads(result.stdout)
            if output_format == "json"
            else [json.loads(x) for x in result.stdout.splitlines()]
        )
        assert [(i["practitioner"], i["status"]) for i in items] == expected
        for item in items:
            schemacheck.validate(item, "audit")
        assert items[2] == {
            "as_of": "2026-01-15",
            "practitioner": "bob",
            "status": "rejected",
            "location": f"{folder}/practitioners.csv:3",
            "problems": [f"{folder}/activities.csv:3: hours: must be greater than 0, got -3"],
        }
        assert items[4]["credentials"] == []
    result = CliRunner().invoke(main, ["audit", str(folder), "--as-of", "2026-01-15", "--format", "csv"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [(r[0], r[3]) for r in rows[1:]] == [
        ("", "rejected"),
        ("ann", "deficient"),
        *expected[2:4],
        ("cy", "no-credentials"),
    ]
    assert rows[-1] == ["cy", "", "", "no-credentials", *[""] * 13]
    assert "audited 2 practitioners (1 with no credentials), 1 credential" in result.stderr
    with pytest.raises(jsonschema.ValidationError):  # the schema tells the shapes apart
        schemacheck.validate({**items[4], "status": "audited"}, "audit")


def test_problems_found_while_evaluating_name_the_file_and_line_of_the_cell_at_fault(tmp_path: Path) -> None:
    """A missing expires in credentials.csv was reported as practitioners.csv:4."""
    folder = write_bundle(
        tmp_path / "hr",
        practitioners="id,name,birth_date\nann,Ann,1980-02-03\nbob,Bob,\n",
        credentials=CREDENTIALS_HEADER + "ann,lmft,us-ca-lmft,,2014-01-09,2026-01-31,,,\n"
        "bob,lmhc,us-ny-lmhc,,2014-01-09,,,,\n"
        "bob,lmft,us-ca-lmtf,,2014-01-09,,,,\n",
        activities=ACTIVITIES_HEADER,
    )
    records = list(read_csv_bundle(folder))
    results = list(audit_module.run_audit(records, AS_OF, output_format="csv"))
    assert results[1].problem == (
        f"{folder}/credentials.csv:3: expires: rule set's periods come from the board's record; "
        "add `expires` (or `period_start`) to the credential\n"
        f"{folder}/credentials.csv:4: ruleset: no rule set 'us-ca-lmtf' is installed (did you mean \"us-ca-lmft\"?)"
    )
    path = tmp_path / "staff.jsonl"
    path.write_text(
        json.dumps(
            {
                "practitioner": {"id": "bob"},
                "credentials": [{"id": "lmhc", "ruleset": "us-ny-lmhc", "issued": "2014-01-09"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (result,) = audit_module.run_audit(read_jsonl(path), AS_OF)
    assert result.problem == (
        f"{path}:1: credentials[0] (\"lmhc\").expires: rule set's periods come from the board's record; "
        "add `expires` (or `period_start`) to the credential"
    )


def test_a_missing_birth_date_is_named_at_the_practitioner_row_and_a_duplicate_credential_at_its_row(
    tmp_path: Path,
) -> None:
    from licensetrack.plugins.registry import load_registry
    from tests.rulekit import CITE, ruleset, total

    birth_month = f"""
[[cycle]]
effective = 2000-01-01
kind = "birth-month"
months = 24
first_end_min_months = 12
{CITE}
"""
    rulesets = {**load_registry().rulesets, "us-zz-test": ruleset(total(24), cycle=birth_month)}
    folder = write_bundle(
        tmp_path / "hr",
        practitioners="id,name\nann,Ann\nbob,Bob\n",
        credentials=CREDENTIALS_HEADER + "ann,zz,us-zz-test,,2019-05-10,,,,\n"
        "bob,lmft,us-ca-lmft,,2014-01-09,2026-01-31,,,\n"
        "bob,lmft,us-ca-lmft,,2014-01-09,2026-01-31,,,\n",
        activities=ACTIVITIES_HEADER,
    )
    results = list(audit_module.run_audit(read_csv_bundle(folder), AS_OF, rulesets=rulesets))
    assert [r.problem for r in results] == [
        f"{folder}/practitioners.csv:2: birth_date: credential 'zz': this board's periods end in the birth month; "
        "add `birth_date` to [practitioner]",
        f"{folder}/credentials.csv:4: id: duplicate credential id 'lmft' (first on credentials.csv:3)",
    ]


def test_the_api_gives_an_error_in_place_of_a_report_and_goes_on() -> None:
    from licensetrack.run.local import AuditError

    good = read_profile(EXAMPLE)
    bad = attrs.evolve(good, id="x", credentials=(attrs.evolve(good.credentials[0], ruleset="us-ca-lmtf"),))
    results = list(audit([bad, good], AS_OF))
    assert results[0] == AuditError(
        "x",
        ('credentials[0] ("ca-lmft").ruleset: no rule set \'us-ca-lmtf\' is installed (did you mean "us-ca-lmft"?)',),
    )
    assert results[0].to_json(AS_OF)["status"] == "rejected"
    assert not isinstance(results[1], AuditError)
    assert results[1].practitioner == "dana-rivera"


def test_jsonl_output_is_what_check_prints(tmp_path: Path) -> None:
    """With --activities, each record's credentials are what check prints; without, the same less
    each credential's ``activities`` (the summary record)."""
    path = write_jsonl(tmp_path / "staff.jsonl", 2)
    check = CliRunner().invoke(main, ["check", str(EXAMPLE), "--as-of", "2026-01-15", "--format", "json"])
    expected = json.loads(check.stdout)["credentials"]
    full = CliRunner().invoke(main, ["audit", str(path), "--as-of", "2026-01-15", "--activities"])
    summary = CliRunner().invoke(main, ["audit", str(path), "--as-of", "2026-01-15"])
    assert (full.exit_code, summary.exit_code) == (0, 0)
    first_full, first_summary = (json.loads(r.stdout.splitlines()[0]) for r in (full, summary))
    assert first_full["credentials"] == expected
    assert first_full["practitioner"] == first_summary["practitioner"] == "p000"
    assert first_summary["credentials"] == [
        {key: value for key, value in credential.items() if key != "activities"} for credential in expected
    ]
    assert all(credential["activities"] for credential in expected)  # so leaving them out is visible
    whole = CliRunner().invoke(main, ["audit", str(path), "--as-of", "2026-01-15", "--format", "json"])
    assert [p["practitioner"] for p in json.loads(whole.stdout)] == ["p000", "p001"]
    assert all("activities" not in c for p in json.loads(whole.stdout) for c in p["credentials"])


@pytest.mark.parametrize("output_format", ["jsonl", "json"])
def test_the_summary_is_the_full_record_less_the_activities_for_every_record(
    tmp_path: Path, output_format: str
) -> None:
    """Evaluating without the per-activity account changes nothing else: every record, rejected ones
    too, equals the full record with each credential's ``activities`` removed, in the same order."""
    path = write_jsonl(tmp_path / "staff.jsonl", 40, extra=["oops", '{"id": "x", "credentials": 3}'])
    runs = {
        flag: CliRunner().invoke(main, ["audit", str(path), "--as-of", "2026-01-15", "--format", output_format, *flag])
        for flag in ((), ("--activities",))
    }
    if output_format == "jsonl":
        summary, full = ([json.loads(line) for line in runs[flag].stdout.splitlines()] for flag in runs)
    else:
        summary, full = (json.loads(runs[flag].stdout) for flag in runs)
    assert runs[()].exit_code == runs[("--activities",)].exit_code == 2  # the rejected records
    assert len(summary) == len(full) == 42
    for short, long in zip(summary, full, strict=True):
        for credential in long.get("credentials", []):
            del credential["activities"]
        assert short == long


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "json"])
def test_jobs_do_not_change_a_byte(tmp_path: Path, output_format: str) -> None:
    path = write_jsonl(tmp_path / "staff.jsonl", 40, extra=["oops"])
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.{output_format}"
        result = CliRunner().invoke(
            main,
            ["audit", str(path), "--as-of", "2026-01-15", "--format", output_format, "--jobs", jobs, "-o", str(out)],
        )
        assert result.exit_code == 2, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0]


def test_run_audit_keeps_input_order_across_processes(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "staff.jsonl", 30)
    items = list(audit_module.run_audit(read_jsonl(path), AS_OF, jobs=2, chunksize=4))
    assert [json.loads(i.text)["practitioner"] for i in items] == [f"p{i:03d}" for i in range(30)]


def test_csv_bundle_round_trip_keeps_everything(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings

    from licensetrack.io.batch import write_csv_bundle
    from licensetrack.testing.strategies import practitioners

    counter = itertools.count()

    @given(st.lists(practitioners(), max_size=3, unique_by=lambda p: p.id))
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    def round_trip(people: list[object]) -> None:
        folder = tmp_path / f"bundle-{next(counter)}"
        write_csv_bundle(people, folder)  # type: ignore[arg-type]
        back = [r.practitioner for r in read_csv_bundle(folder)]
        # The bundle's columns (an HR export's) carry no degrees; everything else comes back equal.
        assert back == [attrs.evolve(p, degrees=()) for p in people]  # type: ignore[misc]

    round_trip()


def test_reports_are_identical_after_round_trips_through_toml_json_and_csv(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings

    from licensetrack.core.engine import evaluate_profile
    from licensetrack.io.batch import write_csv_bundle
    from licensetrack.io.profiles import dumps_json, dumps_toml, loads_json, loads_toml
    from licensetrack.plugins.registry import load_registry
    from licensetrack.testing.strategies import activities, credentials

    registry = load_registry()
    rulesets, kinds = registry.rulesets, registry.kinds
    counter = itertools.count()

    @st.composite
    def checkable(draw: st.DrawFn) -> object:
        ids = draw(st.lists(st.sampled_from(sorted(rulesets)), min_size=1, max_size=3, unique=True))
        creds = tuple(
            attrs.evolve(
                draw(credentials(ruleset=r, ident=f"c{i}")), expires=datetime.date(2026, 6, 30), period_start=None
            )
            for i, r in enumerate(ids)
        )
        from licensetrack.core.model import Practitioner

        return Practitioner(
            id="p",
            birth_date=datetime.date(1980, 5, 5),
            credentials=creds,
            activities=tuple(draw(st.lists(activities(), max_size=6))),
        )

    @given(checkable())
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def same_reports(practitioner: object) -> None:
        expected = evaluate_profile(practitioner, rulesets, AS_OF, kinds=kinds)  # type: ignore[arg-type]
        folder = tmp_path / f"rt-{next(counter)}"
        write_csv_bundle([practitioner], folder)  # type: ignore[list-item]
        (via_csv,) = [r.practitioner for r in read_csv_bundle(folder)]
        for copy in (loads_toml(dumps_toml(practitioner)), loads_json(dumps_json(practitioner)), via_csv):  # type: ignore[arg-type]
            assert evaluate_profile(copy, rulesets, AS_OF, kinds=kinds) == expected  # type: ignore[arg-type]

    same_reports()


RULESETS_DRAWN = ["us-ca-lmft", "us-ny-lmhc", "us-tx-lpc", "no-such-ruleset"]  # one unknown, one board-record


@st.composite
def staff(draw: st.DrawFn) -> list[object]:
    """A few practitioners with ids p0, p1, ...: some with no credentials, some that cannot be evaluated."""
    from licensetrack.core.model import Practitioner
    from licensetrack.testing.strategies import activities, credentials

    people = []
    for i in range(draw(st.integers(1, 4))):
        rulesets = draw(st.lists(st.sampled_from(RULESETS_DRAWN), max_size=2, unique=True))
        people.append(
            Practitioner(
                id=f"p{i}",
                birth_date=datetime.date(1980, 5, 5),
                credentials=tuple(draw(credentials(ruleset=r, ident=f"c{k}")) for k, r in enumerate(rulesets)),
                activities=tuple(draw(st.lists(activities(), max_size=3))),
            )
        )
    return people


def corrupt(data: bytes, owner: bytes, kind: str) -> bytes:
    """One row of ``owner`` made unreadable: an unquoted comma after its first cell, or a bad byte."""
    lines = data.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if i and line.startswith(owner + b","))
    head, rest = lines[index][: len(owner) + 1], lines[index][len(owner) + 1 :]
    lines[index] = head + (b"," if kind == "comma" else b"\xff") + rest
    return b"".join(lines)


def audit_output(source: Path, output_format: str, jobs: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["audit", str(source), "--as-of", "2026-01-15", "--format", output_format, "--jobs", jobs]
    )
    return result.exit_code, result.stdout


@pytest.mark.slow  # hypothesis over whole audits with --jobs 1 and 2 (worker processes): CI runs it
def test_practitioners_in_equal_practitioners_out_for_corrupted_bundles(tmp_path: Path) -> None:
    """Every practitioner of the input is in every output, audited or rejected, for any --jobs."""
    from hypothesis import HealthCheck, given, settings

    from licensetrack.io.batch import write_csv_bundle

    counter = itertools.count()

    @given(staff(), st.data())
    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def accounted(people: list[object], data: st.DataObject) -> None:
        folder = tmp_path / f"bundle-{next(counter)}"
        write_csv_bundle(people, folder)  # type: ignore[arg-type]
        corrupted = set()
        for person in people:
            pid = person.id  # type: ignore[attr-defined]
            choices = (
                ["practitioners"]
                + (["credentials"] if person.credentials else [])
                + (["activities"] if person.activities else [])
            )  # type: ignore[attr-defined]
            if data.draw(st.booleans()):
                name = data.draw(st.sampled_from(choices))
                path = folder / f"{name}.csv"
                path.write_bytes(
                    corrupt(path.read_bytes(), pid.encode(), data.draw(st.sampled_from(["comma", "byte"])))
                )
                corrupted.add(pid)
        orphans = data.draw(st.integers(0, 1))
        with (folder / "activities.csv").open("a", encoding="utf-8", newline="") as handle:
            handle.write("nobody,Orphan,2025-01-01,1,,,,live,,,,\r\n" * orphans)
        ids = [p.id for p in people]  # type: ignore[attr-defined]
        for output_format in ("jsonl", "csv"):
            (code, out), (code2, out2) = (audit_output(folder, output_format, jobs) for jobs in ("1", "2"))
            assert (code2, out2) == (code, out)
            if output_format == "jsonl":
                items = [json.loads(line) for line in out.splitlines()]
                assert [i["practitioner"] for i in items] == [None] * orphans + ids
                statuses = {i["practitioner"]: i["status"] for i in items}
            else:
                rows = list(csv.reader(io.StringIO(out)))[1:]
                assert [r[0] for r in rows[:orphans]] == [""] * orphans
                assert sorted({r[0] for r in rows[orphans:]}) == sorted(ids)
                statuses = {r[0]: "rejected" for r in rows if r[3] == "rejected"}
            assert all(statuses[pid] == "rejected" for pid in corrupted)
            assert code == 2 if corrupted or orphans or "rejected" in statuses.values() else code in (0, 1)

    accounted()


@pytest.mark.slow  # hypothesis over whole audits with --jobs 1 and 2 (worker processes): CI runs it
def test_practitioners_in_equal_practitioners_out_for_corrupted_json_lines(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings

    counter = itertools.count()
    breakages = {
        "truncated": lambda line: line[: len(line) // 2],
        "bad byte": lambda line: line[:5] + b"\xff" + line[5:],
        "bad value": lambda line: line.replace(b'{"practitioner": ', b'{"degrees": 7, "practitioner": ', 1),
    }

    @given(staff(), st.data())
    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def accounted(people: list[object], data: st.DataObject) -> None:
        path = tmp_path / f"staff-{next(counter)}.jsonl"
        lines = [json.dumps(to_json_data(p)).encode() for p in people]  # type: ignore[arg-type]
        broken = {
            i: data.draw(st.sampled_from(sorted(breakages))) for i in range(len(lines)) if data.draw(st.booleans())
        }
        path.write_bytes(
            b"\n".join(breakages[broken[i]](line) if i in broken else line for i, line in enumerate(lines)) + b"\n"
        )
        (code, out), (code2, out2) = (audit_output(path, "jsonl", jobs) for jobs in ("1", "2"))
        assert (code2, out2) == (code, out)
        items = [json.loads(line) for line in out.splitlines()]
        assert len(items) == len(people)
        for index, (person, item) in enumerate(zip(people, items, strict=True)):
            schemacheck.validate(item, "audit")
            kind = broken.get(index)
            # Only a record too broken to parse may lose its practitioner id.
            assert item["practitioner"] == (None if kind in ("truncated", "bad byte") else person.id)  # type: ignore[attr-defined]
            if kind is not None:
                assert item["status"] == "rejected"
                assert item["location"] == f"{path}:{index + 1}"
                assert all(p.startswith(f"{path}:{index + 1}: ") for p in item["problems"])

    accounted()


def test_a_plugin_kind_reaches_worker_processes_with_rules_dir_rule_sets(tmp_path: Path) -> None:
    """With --rules-dir the rule sets are sent to the workers; rule data holds no implementation, so the
    workers need the plugin kinds as well: the example plugin's requirement is evaluated the same with 1 or 2."""
    pytest.importorskip("licensetrack_employer_policy")
    rules = tmp_path / "rules" / "us-zz"
    rules.mkdir(parents=True)
    lpc = (Path(__file__).resolve().parent.parent / "rules" / "us-tx" / "lpc.toml").read_text(encoding="utf-8")
    (rules / "lpc.toml").write_text(lpc.replace('id = "us-tx-lpc"', 'id = "us-zz-lpc"', 1), encoding="utf-8")
    board = Path(__file__).resolve().parent.parent / "rules" / "us-tx" / "_bhec.toml"  # what lpc.toml takes
    (rules / "_bhec.toml").write_text(board.read_text(encoding="utf-8"), encoding="utf-8")
    profile = {
        "credentials": [{"id": "acme", "ruleset": "acme-clinician", "issued": "2019-03-15"}],
        "activities": [
            {
                "title": "HIPAA",
                "completed": "2025-09-10",
                "hours": 2,
                "format": "on-demand",
                "topics": ["hipaa-privacy"],
            }
        ],
    }
    path = tmp_path / "staff.jsonl"
    path.write_text(
        "".join(json.dumps({"practitioner": {"id": f"p{i}"}, **profile}) + "\n" for i in range(6)), encoding="utf-8"
    )
    outputs = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(
            main, ["audit", str(path), "--as-of", "2026-01-15", "--jobs", jobs, "--rules-dir", str(tmp_path / "rules")]
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    records = [json.loads(line) for line in outputs[0].splitlines()]
    assert [r["credentials"][0]["requirements"][0]["kind"] for r in records] == ["rolling-hours"] * 6


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)  # beyond orjson's 64 bits too
    | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)),  # surrogates, controls, U+2028
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON_VALUES)
def test_a_record_line_is_what_the_standard_library_writes(value: object) -> None:
    """The audit's JSON Lines are written with orjson, byte for byte as ``json.dumps`` would (compact, text as
    it is); what orjson refuses goes to ``json.dumps``."""
    from licensetrack.formats.records import compact_json

    assert compact_json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_every_record_of_an_audit_is_written_as_the_standard_library_would(tmp_path: Path) -> None:
    """The full records of a small workforce, compared line by line with ``json.dumps`` of the same data."""
    from licensetrack.formats.records import compact_json

    lines = tmp_path / "people.jsonl"
    profile = to_json_data(read_profile(EXAMPLE))
    lines.write_text("\n".join(json.dumps(profile | {"practitioner": {"id": f"p{i}"}}) for i in range(3)) + "\n")
    written = CliRunner().invoke(
        main, ["audit", str(lines), "--format", "jsonl", "--activities", "--as-of", "2026-01-15"]
    )
    records = [json.loads(line) for line in written.stdout.splitlines()]
    assert len(records) == 3
    for line, record in zip(written.stdout.splitlines(), records, strict=True):
        assert line == json.dumps(record, ensure_ascii=False, separators=(",", ":")) == compact_json(record)
