"""The Dask path equals the command's, on a real distributed LocalCluster bound to 127.0.0.1."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from licensetrack.cli.main import main
from licensetrack.io.profiles import loads_json, read_profile, to_json_data
from licensetrack.plugins.registry import load_registry
from licensetrack.run.local import audit, audit_json

EXAMPLE = Path(__file__).parent.parent / "examples" / "dana-rivera.toml"
AS_OF = datetime.date(2026, 1, 15)
# The example plugin's topic and rule set: accepted by the command and audit(), so by Dask too.
HIPAA = {
    "practitioner": {"id": "nurse-therapist"},
    "credentials": [{"id": "acme", "ruleset": "acme-clinician", "issued": "2019-03-15"}],
    "activities": [
        {
            "title": "HIPAA Privacy Refresher",
            "completed": "2025-09-10",
            "hours": 2,
            "format": "on-demand",
            "topics": ["hipaa-privacy"],
        }
    ],
}


@pytest.mark.slow  # starts a distributed LocalCluster (seconds)
def test_dask_audit_equals_the_command_and_the_api(tmp_path: Path) -> None:
    dask_bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("licensetrack_employer_policy")
    from licensetrack.run.dask import audit_profiles

    base = to_json_data(read_profile(EXAMPLE))
    lines = [json.dumps(HIPAA)]  # first, after the byte-order mark a spreadsheet export writes
    for i in range(12):
        record = json.loads(json.dumps(base))
        record["practitioner"]["id"] = f"p{i:02d}"
        lines.append(json.dumps(record))
    lines.insert(5, '{"practitioner": {"id": "bad"}, "credentials": 3}')
    path = tmp_path / "staff.jsonl"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
        ) as cluster,
        distributed.Client(cluster),
    ):
        results = audit_profiles(dask_bag.read_text(str(path), blocksize=2000), AS_OF).compute()
        summaries = audit_profiles(dask_bag.read_text(str(path), blocksize=2000), AS_OF, activities=False).compute()

    assert results[5] == {
        "as_of": "2026-01-15",
        "practitioner": "bad",
        "status": "rejected",
        "location": "dask element",
        "problems": ["dask element: credentials: must be a list of tables, got a number"],
    }
    command = CliRunner().invoke(main, ["audit", str(path), "--as-of", "2026-01-15", "--activities"])  # full records
    expected = [json.loads(line) for line in command.stdout.splitlines()]
    assert len(results) == len(expected) == 14
    assert [r for i, r in enumerate(results) if i != 5] == [e for i, e in enumerate(expected) if i != 5]
    summary_command = CliRunner().invoke(main, ["audit", str(path), "--as-of", "2026-01-15"])  # summary records
    expected_summaries = [json.loads(line) for line in summary_command.stdout.splitlines()]
    assert [r for i, r in enumerate(summaries) if i != 5] == [e for i, e in enumerate(expected_summaries) if i != 5]
    assert all("activities" not in c for r in summaries for c in r.get("credentials", []))
    assert results[0]["status"] == "audited"
    assert results[0]["credentials"][0]["status"] == "compliant"
    (api,) = audit([loads_json(json.dumps(HIPAA), vocabulary=load_registry().vocabulary)], AS_OF)
    assert audit_json(api, AS_OF) == results[0]
