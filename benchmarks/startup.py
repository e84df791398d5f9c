"""Start-up cost of the command line, as installed from a wheel: wall time, ratio to the import floor.

Run: python benchmarks/startup.py [TREE ...]  (prints figures; asserts nothing)

Each TREE (default: this checkout; give another checkout, e.g. a worktree of main, to compare side by
side) is built into a wheel the way pip builds it, unpacked and compiled to bytecode first, so what is
measured is start-up, not compilation or an editable install's import hooks. Runs of every command of
every tree are interleaved, so the machine's load falls on all of them alike. The floor is
``python -c "import attrs, click"``: what any click-and-attrs tool pays before doing anything.
``check`` is also timed with ``LICENSETRACK_PREBUILT=off`` (parsing the rule files' TOML, as before the
wheel shipped them prebuilt) and with ``LICENSETRACK_PRECOMPILED=off`` (compiling the methods attrs and
cattrs generate, as before the wheel shipped them precompiled; a tree older than that ignores it).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dana-rivera.toml"
RUNS = 15
CHECK = ["check", str(EXAMPLE), "--as-of", "2026-01-15"]


def unpacked_wheel(tree: Path, into: Path) -> Path:
    """``tree`` built as a wheel (with its build hook) and unpacked into a folder compiled to bytecode."""
    dist = into / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(tree)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("licensetrack-*.whl")
    site = into / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    compileall.compile_dir(site, quiet=1)
    return site


def command(site: Path | None, args: list[str]) -> list[str]:
    if site is None:
        return [sys.executable, "-c", "import attrs, click"]
    code = f"import sys; sys.path.insert(0, {str(site)!r}); sys.argv = ['licensetrack', *{args!r}]\n"
    code += "from licensetrack.cli.main import main\nmain()"
    return [sys.executable, "-c", code]


def once(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, check=False, env=env)
    return time.perf_counter() - start


def main() -> None:
    trees = [Path(arg).resolve() for arg in sys.argv[1:]] or [ROOT]
    base_env = dict(os.environ)
    with tempfile.TemporaryDirectory() as scratch:
        sites = {tree: unpacked_wheel(tree, Path(scratch) / str(index)) for index, tree in enumerate(trees)}
        floor = (command(None, []), base_env)
        cases: dict[str, tuple[list[str], dict[str, str]]] = {"floor: import attrs, click": floor}
        for tree, site in sites.items():
            label = tree.name if len(trees) > 1 else "this tree"
            cases[f"{label}: --help"] = (command(site, ["--help"]), base_env)
            cases[f"{label}: check"] = (command(site, CHECK), base_env)
            off = base_env | {"LICENSETRACK_PREBUILT": "off"}
            cases[f"{label}: check, prebuilt off"] = (command(site, CHECK), off)
            compiling = base_env | {"LICENSETRACK_PRECOMPILED": "off"}
            cases[f"{label}: check, precompiled off"] = (command(site, CHECK), compiling)
        for args, env in cases.values():
            once(args, env)  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(RUNS):
            for name, (args, env) in cases.items():
                times[name].append(once(args, env))
    floor_ms = statistics.median(times["floor: import attrs, click"])
    print(f"median of {RUNS} interleaved runs (ms; range of the middle half; ratio of the median to the floor)")
    for name, values in times.items():
        quartiles = statistics.quantiles(values, n=4)
        median = statistics.median(values)
        print(
            f"  {name:<42} {median * 1000:7.1f}  [{quartiles[0] * 1000:6.1f} .. {quartiles[2] * 1000:6.1f}]"
            f"  x{median / floor_ms:4.2f}"
        )


if __name__ == "__main__":
    main()
