"""What writing the audit's JSON Lines costs, with orjson and with the standard library, side by side.

Run: python benchmarks/record_writing.py [N] [--rounds 5] [--seed 7]
Generates N practitioners (benchmarks/workforce.py), evaluates each once, then, in interleaved
rounds, times per practitioner: the evaluation (the rest of an audit record's cost, for scale),
making the record's JSON data (``record_json``), and writing it as one line with ``compact_json``
(orjson) and with ``json.dumps`` (what the audit used before). Full records (``--activities``) and
summary records. Prints the median of the rounds in microseconds per practitioner. Figures, not
assertions.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workforce import AS_OF, generate

from licensetrack.core.engine import evaluate_profile
from licensetrack.formats.records import compact_json, record_json
from licensetrack.io.batch import read_jsonl
from licensetrack.plugins.registry import load_registry


def _stdlib(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    registry = load_registry()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.jsonl"
        generate(args.n, path, seed=args.seed)
        people = [record.practitioner for record in read_jsonl(path, vocabulary=registry.vocabulary)]
    people = [p for p in people if p is not None]
    as_of: datetime.date = AS_OF
    timings: dict[str, list[float]] = {}

    def timed(name: str, work: Any) -> Any:
        start = time.perf_counter()
        result = work()
        timings.setdefault(name, []).append((time.perf_counter() - start) / len(people) * 1e6)
        return result

    for _ in range(args.rounds):
        reports = timed(
            "evaluate (full)",
            lambda: [evaluate_profile(p, registry.rulesets, as_of, kinds=registry.kinds) for p in people],
        )
        for kind, activities in (("full", True), ("summary", False)):
            data = timed(
                f"record_json ({kind})", lambda a=activities, rs=reports: [record_json(r, activities=a) for r in rs]
            )
            stdlib = timed(f"json.dumps ({kind})", lambda d=data: [_stdlib(x) for x in d])
            fast = timed(f"orjson ({kind})", lambda d=data: [compact_json(x) for x in d])
            assert stdlib == fast, "orjson and json.dumps must write the same lines"
    print(f"{len(people)} practitioners, {args.rounds} interleaved rounds; median microseconds per practitioner")
    for name, values in timings.items():
        print(f"  {name:24} {statistics.median(values):9.1f}  (range {min(values):.1f} to {max(values):.1f})")


if __name__ == "__main__":
    main()
