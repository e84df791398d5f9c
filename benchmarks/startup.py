"""Start-up cost of the command line: wall time and what gets imported.

Run: python benchmarks/startup.py  (prints figures; asserts nothing)

`licensetrack --help` should import click and our own thin command modules only; `check` must not
import icalendar (calendar output only) nor pluggy-free paths it does not use.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dana-rivera.toml"
RUNS = 7


def timed(args: list[str]) -> float:
    best = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=False)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def imported(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split(".")[0] for line in out.splitlines()}


def main() -> None:
    python = [sys.executable]
    baseline = timed([*python, "-c", "pass"])
    help_time = timed([*python, "-m", "licensetrack", "--help"])
    check_time = timed([*python, "-m", "licensetrack", "check", str(EXAMPLE), "--as-of", "2026-01-15"])
    print(f"python -c pass            {baseline * 1000:7.1f} ms (median of {RUNS})")
    print(f"licensetrack --help       {help_time * 1000:7.1f} ms")
    print(f"licensetrack check (ex.)  {check_time * 1000:7.1f} ms")
    help_modules = imported("import sys; sys.argv=['licensetrack','--help']\nimport licensetrack.cli.main")
    heavy = sorted(m for m in ("icalendar", "pluggy", "cattrs", "tomli_w", "dateutil", "attrs") if m in help_modules)
    listed = ", ".join(heavy) or "none of icalendar, pluggy, cattrs, tomli_w, dateutil, attrs"
    print(f"imported by the CLI module: {listed}")
    check_modules = imported(
        "from click.testing import CliRunner\nfrom licensetrack.cli.main import main\n"
        f"CliRunner().invoke(main, ['check', {str(EXAMPLE)!r}, '--as-of', '2026-01-15'])"
    )
    print(f"icalendar imported by check: {'icalendar' in check_modules}")


if __name__ == "__main__":
    main()
