"""The Dask path equals the local one, on a real distributed LocalCluster bound to 127.0.0.1."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from licensetrack.audit import audit
from licensetrack.profiles import read_profile, to_json_data
from licensetrack.report import to_json

EXAMPLE = Path(__file__).parent.parent / "examples" / "dana-rivera.toml"
AS_OF = datetime.date(2026, 1, 15)


def test_dask_audit_equals_local_audit(tmp_path: Path) -> None:
    dask_bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from licensetrack.dask import audit_profiles

    base = to_json_data(read_profile(EXAMPLE))
    lines = []
    for i in range(12):
        record = json.loads(json.dumps(base))
        record["practitioner"]["id"] = f"p{i:02d}"
        lines.append(json.dumps(record))
    lines.insert(5, '{"practitioner": {"id": "bad"}, "credentials": 3}')
    path = tmp_path / "staff.jsonl"
    path.write_text("\n".join(lines) + "\n")

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
        ) as cluster,
        distributed.Client(cluster),
    ):
        results = audit_profiles(dask_bag.read_text(str(path), blocksize=2000), AS_OF).compute()

    assert results[5] == {"error": "dask element: credentials: must be a list of tables, got a number"}
    good = [r for r in results if "error" not in r]
    local = [to_json(r) for r in audit((read_profile(EXAMPLE),), AS_OF)]
    assert len(good) == 12
    assert [r["practitioner"] for r in good] == [f"p{i:02d}" for i in range(12)]
    assert all(r["credentials"] == local[0]["credentials"] for r in good)
