"""Bulk-audit throughput and memory, beside the floor any tool must pay on the same data.

Run: python benchmarks/audit.py [N ...] [--jobs 2] [--seed 7] [--formats jsonl,jsonl-full,csv]
Prints, for each N and output format: practitioners/s, activities/s, peak memory of the audit (all
its processes together, and the largest one alone), the size of its output, the seconds a fresh
Python takes to parse the same JSON Lines file and write each credential's exact hour total with the
standard library alone (the floor) and the audit's ratio to it, and polars' time for the same totals
when polars is installed (nan otherwise).
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


# The floor: what any tool must do with the same file, in the standard library alone: read every line,
# parse its JSON, add each practitioner's activity hours exactly and write one total per credential.
STDLIB_FLOOR = """
import csv, json, sys
from decimal import Decimal
with open(sys.argv[1], encoding="utf-8") as lines, open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    rows = csv.writer(out)
    for line in lines:
        if not line.strip():
            continue
        record = json.loads(line)
        total = sum((Decimal(str(a.get("hours") or 0)) for a in record.get("activities", ())), Decimal(0))
        for credential in record.get("credentials", ()):
            rows.writerow([record["practitioner"]["id"], credential["id"], total])
"""


def stdlib_reference(path: Path, out: Path) -> float:
    """Seconds a fresh Python takes to parse the file and sum each practitioner's hours per credential
    with the standard library only (one process: the floor the issue's ratios are taken against)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", STDLIB_FLOOR, str(path), str(out)], check=True)
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
        f"{'activ/s':>9} {'peak MiB':>8} {'largest':>8} {'out MiB':>8} {'floor s':>8} {'x floor':>7} {'polars s':>8}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            data = Path(folder) / f"workforce-{size}.jsonl"
            people, credentials, activities = generate(size, data, args.seed)
            reference = polars_reference(data)
            floor = stdlib_reference(data, Path(folder) / "floor.csv")
            for output_format in args.formats.split(","):
                out = Path(folder) / f"out.{output_format}"
                seconds, peak, largest = run_audit(data, out, args.jobs, output_format)
                written = out.stat().st_size / 2**20
                out.unlink()
                print(
                    f"{people:>8} {credentials:>11} {activities:>10} {output_format:>10} {seconds:>8.1f} "
                    f"{people / seconds:>8.0f} {activities / seconds:>9.0f} {peak:>8.0f} {largest:>8.0f} "
                    f"{written:>8.0f} "
                    f"{floor:>8.2f} {seconds / floor:>7.1f} {reference:>8.2f}",
                    flush=True,
                )
            data.unlink()


if __name__ == "__main__":
    main()
