"""Bulk-audit throughput and memory, beside a polars reference on the same data.

Run: python benchmarks/audit.py [N ...] [--jobs 2] [--seed 7] [--formats jsonl,csv]
Prints, for each N and output format: practitioners/s, activities/s, peak memory of the audit (all
its processes together, and the largest one alone), the size of its output, the time polars takes to
compute only the per-credential hour totals from the same JSON Lines file, and the ratio.
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


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants now (Linux /proc), 0 if it is gone."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def run_audit(data: Path, out: Path, jobs: int, output_format: str) -> tuple[float, float, float]:
    """Seconds, peak MiB of all its processes together and of the largest one, for one audit run."""
    command = [sys.executable, "-m", "licensetrack", "audit", str(data), "--as-of", "2026-06-01"]
    # "jsonl-full" is jsonl with each credential's per-activity account (--activities); jsonl alone is
    # the summary record.
    full = output_format == "jsonl-full"
    command += ["--jobs", str(jobs), "--format", "jsonl" if full else output_format, "-o", str(out)]
    command += ["--activities"] if full else []
    start = time.perf_counter()
    # GNU time gives the largest process's own peak; sampling /proc every 100 ms gives the peak of
    # the main process and its workers together (what the machine must have).
    process = subprocess.Popen(
        ["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    together = 0
    while process.poll() is None:
        together = max(together, _tree_rss(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    assert process.stderr is not None
    largest = int(process.stderr.read().strip().splitlines()[-1]) / 1024
    return seconds, together / 2**20, largest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", type=int, nargs="*", default=[2000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--formats",
        default="jsonl,jsonl-full,csv",
        help="output formats to time, comma-separated: jsonl is the summary record, jsonl-full explains every "
        "activity (--activities), csv is a row per credential",
    )
    args = parser.parse_args()
    print(
        f"{'N':>8} {'credentials':>11} {'activities':>10} {'format':>10} {'seconds':>8} {'pract/s':>8} "
        f"{'activ/s':>9} {'peak MiB':>8} {'largest':>8} {'out MiB':>8} {'polars s':>8} {'ratio':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            data = Path(folder) / f"workforce-{size}.jsonl"
            people, credentials, activities = generate(size, data, args.seed)
            reference = polars_reference(data)
            for output_format in args.formats.split(","):
                out = Path(folder) / f"out.{output_format}"
                seconds, peak, largest = run_audit(data, out, args.jobs, output_format)
                written = out.stat().st_size / 2**20
                out.unlink()
                print(
                    f"{people:>8} {credentials:>11} {activities:>10} {output_format:>10} {seconds:>8.1f} "
                    f"{people / seconds:>8.0f} {activities / seconds:>9.0f} {peak:>8.0f} {largest:>8.0f} "
                    f"{written:>8.0f} "
                    f"{reference:>8.2f} {seconds / reference:>7.0f}",
                    flush=True,
                )
            data.unlink()


if __name__ == "__main__":
    main()
