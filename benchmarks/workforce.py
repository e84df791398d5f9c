"""A seeded, realistic synthetic workforce over the shipped rule sets, as JSON Lines.

Each practitioner holds 1 to 3 credentials across states (at most one per rule set), with the board's
record of the current period where the board works that way, and 20 to 60 activities spread over
two periods, every format and topic represented. The same seed gives the same file.

Run: python benchmarks/workforce.py N OUT.jsonl [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
from pathlib import Path

from licensetrack.core.model import Format
from licensetrack.core.vocabulary import CORE_APPROVALS, CORE_TOPICS
from licensetrack.plugins.registry import load_registry

AS_OF = datetime.date(2026, 6, 1)
FORMATS = [f.value for f in Format]
TOPICS = sorted(CORE_TOPICS)
APPROVALS = sorted(CORE_APPROVALS)


def practitioner(rng: random.Random, index: int, rulesets: list[str]) -> dict[str, object]:
    chosen = rng.sample(rulesets, rng.randint(1, 3))
    credentials = []
    for ruleset in chosen:
        issued = datetime.date(rng.randint(2005, 2022), rng.randint(1, 12), rng.randint(1, 28))
        expires = datetime.date(rng.choice([2026, 2027]), rng.randint(1, 12), 28)
        credential: dict[str, object] = {
            "id": ruleset.removeprefix("us-"),
            "ruleset": ruleset,
            "issued": issued.isoformat(),
            "expires": max(expires, issued + datetime.timedelta(days=400)).isoformat(),
        }
        if rng.random() < 0.2:
            credential["roles"] = ["supervisor"]
        credentials.append(credential)
    activities = []
    for number in range(rng.randint(20, 60)):
        completed = AS_OF - datetime.timedelta(days=rng.randint(0, 4 * 365))
        activity: dict[str, object] = {
            "title": f"Course {number}",
            "completed": completed.isoformat(),
            "format": rng.choice(FORMATS),
            "topics": rng.sample(TOPICS, rng.choice([0, 0, 1, 1, 2])),
            "approvals": rng.sample(APPROVALS, rng.choice([0, 1, 1, 2, 3])),
        }
        if activity["format"] == "academic" and rng.random() < 0.5:
            activity["units"] = str(rng.choice([1, 2, 3]))
            activity["unit"] = rng.choice(["semester", "quarter"])
        elif activity["format"] == "conference" and rng.random() < 0.5:
            activity["days"] = str(rng.randint(1, 4))
        else:
            activity["hours"] = str(rng.choice([1, 1.5, 2, 3, 3, 6, 6, 8, 12]))
        activities.append(activity)
    return {
        "practitioner": {"id": f"emp-{index:07d}", "birth_date": f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-15"},
        "credentials": credentials,
        "activities": activities,
    }


def generate(count: int, out: Path, seed: int = 7) -> tuple[int, int, int]:
    """Write ``count`` practitioners; return (practitioners, credentials, activities)."""
    rng = random.Random(seed)
    rulesets = sorted(load_registry(entry_points=False).rulesets)
    credentials = activities = 0
    with out.open("w", encoding="utf-8") as handle:
        for index in range(count):
            record = practitioner(rng, index, rulesets)
            credentials += len(record["credentials"])  # type: ignore[arg-type]
            activities += len(record["activities"])  # type: ignore[arg-type]
            handle.write(json.dumps(record, separators=(",", ":")) + "\n")
    return count, credentials, activities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    people, credentials, activities = generate(args.count, args.out, args.seed)
    print(f"wrote {people} practitioners, {credentials} credentials, {activities} activities to {args.out}")


if __name__ == "__main__":
    main()
