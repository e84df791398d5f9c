"""The audit over Dask: one and two worker processes on this machine, over the same JSON Lines files.

Run: python benchmarks/dask_audit.py [N] [--files K] [--seed 7] [--workers 1,2]  (prints figures; asserts
nothing; needs ``licensetrack[dask]``)

A seeded workforce of N practitioners (benchmarks/workforce.py) is written as K files; a
``dask.bag.read_text`` of the K files gives one partition per file, in file order. For each worker count
a LocalCluster of that many single-threaded worker processes audits the bag
(``licensetrack.run.dask.audit_profiles``, summary records) and the records come back with
``.compute()`` in input order: partitions in file order, lines in order within each. Printed per run:
seconds, practitioners per second, the scaling ratio to the first run, and each worker's peak resident
memory (``ru_maxrss`` read on the worker). The results of every run are checked to be the same records
in the same order as the first.
"""

from __future__ import annotations

import argparse
import datetime
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workforce import generate

AS_OF = datetime.date(2026, 6, 1)


def split(source: Path, parts: int, folder: Path) -> list[Path]:
    """``source``'s lines dealt into ``parts`` files of consecutive lines (so file order is input order)."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    size = -(-len(lines) // parts)
    paths = []
    for index in range(parts):
        path = folder / f"staff-{index:03d}.jsonl"
        path.write_text("".join(lines[index * size : (index + 1) * size]), encoding="utf-8")
        paths.append(path)
    return paths


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run(paths: list[Path], workers: int) -> tuple[float, list[float], list[object]]:
    import dask.bag
    import distributed

    from licensetrack.run.dask import audit_profiles

    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        bag = dask.bag.read_text([str(p) for p in paths], blocksize=None)
        start = time.perf_counter()
        records = audit_profiles(bag, AS_OF, activities=False).compute()
        seconds = time.perf_counter() - start
        peaks = sorted(client.run(peak_mib).values())
    return seconds, peaks, records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", type=int, nargs="?", default=10000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        people, credentials, activities = generate(args.size, folder / "all.jsonl", args.seed)
        paths = split(folder / "all.jsonl", args.files, folder)
        print(f"{people} practitioners, {credentials} credentials, {activities} activities, {args.files} files")
        print(f"{'workers':>7} {'seconds':>8} {'pract/s':>8} {'scaling':>8}  peak MiB per worker")
        first: tuple[float, list[object]] | None = None
        for workers in (int(w) for w in args.workers.split(",")):
            seconds, peaks, records = run(paths, workers)
            if first is None:
                first = (seconds, records)
            same = "" if records == first[1] else "  (records differ from the first run!)"
            print(
                f"{workers:>7} {seconds:>8.1f} {people / seconds:>8.0f} {first[0] / seconds:>8.2f}  "
                f"{', '.join(f'{p:.0f}' for p in peaks)}{same}",
                flush=True,
            )


if __name__ == "__main__":
    main()
