"""Bulk-audit throughput and memory, beside a polars reference on the same data.

Run: python benchmarks/audit.py [N ...] [--jobs 2] [--seed 7]
Prints, for each N: practitioners/s, activities/s, peak memory of the audit process, the time polars
takes to compute only the per-credential hour totals from the same JSON Lines file, and the ratio.
Figures, not assertions: the targets are in the bulk-audit issue.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workforce import generate


def polars_reference(path: Path) -> float:
    """Seconds polars needs to read the file and sum each practitioner's hours per credential."""
    try:
        import polars as pl
    except ImportError:
        return float("nan")
    start = time.perf_counter()
    frame = pl.read_ndjson(path, infer_schema_length=None)
    people = frame.select(
        pl.col("practitioner").struct.field("id").alias("pid"),
        pl.col("credentials"),
        pl.col("activities"),
    )
    activities = (
        people.select("pid", "activities")
        .explode("activities")
        .unnest("activities")
        .select("pid", pl.col("hours").cast(pl.Float64, strict=False).fill_null(0.0))
        .group_by("pid")
        .agg(pl.col("hours").sum())
    )
    credentials = people.select("pid", "credentials").explode("credentials").unnest("credentials").select("pid", "id")
    credentials.join(activities, on="pid", how="left").height  # noqa: B018 - force the computation
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", type=int, nargs="*", default=[2000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(
        f"{'N':>8} {'credentials':>11} {'activities':>10} {'seconds':>8} {'pract/s':>8} {'activ/s':>9} "
        f"{'peak MiB':>8} {'polars s':>8} {'ratio':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            data = Path(folder) / f"workforce-{size}.jsonl"
            people, credentials, activities = generate(size, data, args.seed)
            out = Path(folder) / "out.jsonl"
            start = time.perf_counter()
            # GNU time reports the audit's own peak; getrusage would also count the moment between
            # fork and exec, when the child still maps this (larger) process's memory.
            finished = subprocess.run(
                [
                    "/usr/bin/time",
                    "-f",
                    "%M",
                    sys.executable,
                    "-m",
                    "licensetrack",
                    "audit",
                    str(data),
                    "--as-of",
                    "2026-06-01",
                    "--jobs",
                    str(args.jobs),
                    "-o",
                    str(out),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
            seconds = time.perf_counter() - start
            peak = int(finished.stderr.strip().splitlines()[-1]) / 1024
            reference = polars_reference(data)
            print(
                f"{people:>8} {credentials:>11} {activities:>10} {seconds:>8.1f} {people / seconds:>8.0f} "
                f"{activities / seconds:>9.0f} {peak:>8.0f} {reference:>8.2f} {seconds / reference:>7.0f}"
            )


if __name__ == "__main__":
    main()
