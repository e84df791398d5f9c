"""Golden outputs of the command line: capture every output on one tree, compare with another tree's.

Run with the interpreter of the venv whose ``licensetrack`` you want to test:

    .venv/bin/python benchmarks/golden.py capture OUTDIR [--jobs 2] [--workforce FILE]
    .venv/bin/python benchmarks/golden.py compare DIR_A DIR_B

``capture`` runs the installed ``licensetrack`` command (the console script next to ``sys.executable``)
as a subprocess, so it keeps working when the package's modules move: it imports nothing of
licensetrack. It runs, each with a fixed ``--as-of``:

- for every case profile of every bundled case file (``rules/**/*.cases.toml``,
  ``plugins/*/src/**/*.cases.toml``; the case's ``profile`` table written as a JSON profile, at the
  case's ``as_of``) and for every ``examples/*.toml`` (at a few dates): ``check``, ``plan`` and
  ``deadlines`` in text and JSON, ``ical -o FILE`` and ``ical --todo -o FILE``;
- ``rules show ID`` in text and JSON for every id ``rules list --format json`` lists, at a few dates;
- ``audit`` in jsonl, csv and json with ``--jobs 1`` on a 2,000-practitioner workforce generated with a
  fixed seed by ``benchmarks/workforce.py`` (run as a subprocess; ``--workforce`` gives a file instead);
- ``rules list``, ``plugins``, every ``schema``, ``validate`` of the examples, and a few bad inputs
  whose one-line messages and exit code 2 must not change.

Every run stores, under OUTDIR, ``NAME.argv`` (the command, paths relative to the work folder),
``NAME.stdout``, ``NAME.stderr``, ``NAME.exit`` and, when it writes one, ``NAME.out.EXT``; the inputs
it made are kept under ``OUTDIR/inputs`` so that a difference in them shows up first. Commands run in
a scratch folder with relative paths, so no output holds a path that changes from one capture to the
next. Nothing is normalised: given ``--as-of`` the outputs are deterministic (ical's DTSTAMP is the
as-of date and its UIDs are derived from the events).

``compare`` lists every file that differs or exists on one side only, shows a short unified diff of
the first ones, and exits 1 on any difference, 0 (with the count of identical files) otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE_GLOBS = ("rules/**/*.cases.toml", "plugins/*/src/**/*.cases.toml")
EXAMPLE_GLOB = "examples/*.toml"
EXAMPLE_DATES = ("2024-06-30", "2026-01-15", "2028-01-01")
RULES_SHOW_DATES = ("2016-06-01", "2021-01-01", "2023-07-01", "2026-01-15")
SCHEMAS = (
    "profile",
    "report",
    "audit",
    "plan",
    "deadlines",
    "ruleset",
    "rulesets",
    "validation",
    "plugins",
    "vocabulary",
)
WORKFORCE_SIZE = 2000
WORKFORCE_SEED = 7
AUDIT_AS_OF = "2026-06-01"
AUDIT_FORMATS = ("jsonl", "csv", "json")
RUN_TIMEOUT_SECONDS = 900
DIFFS_SHOWN = 5
DIFF_LINES = 40

# The commands run on every profile: (label, arguments after the profile, extension of the file written).
PROFILE_COMMANDS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("check-text", ("check",), None),
    ("check-json", ("check", "--format", "json"), None),
    ("plan-text", ("plan",), None),
    ("plan-json", ("plan", "--format", "json"), None),
    ("deadlines-text", ("deadlines",), None),
    ("deadlines-json", ("deadlines", "--format", "json"), None),
    ("ical", ("ical",), "ics"),
    ("ical-todo", ("ical", "--todo"), "ics"),
)

# Bad inputs (file name, content) and the runs on them: the messages are part of the interface.
_GOOD_LINE = (
    b'{"practitioner": {"id": "ok"}, "credentials": [{"id": "ncc", "ruleset": "nbcc-ncc", "issued": "2020-02-03"}],'
    b' "activities": [{"title": "Ethics", "completed": "2025-01-10", "hours": 6, "topics": ["ethics"]}]}\n'
)
BAD_INPUTS: dict[str, str | bytes] = {
    # An unknown key is reported alone (it hides the field errors of other records); the field errors all at once.
    "bad/unknown-key.json": json.dumps(
        {
            "practitioner": {"id": "bad", "nickname": "x"},
            "credentials": [{"id": "lmft", "ruleset": "us-ca-lmft", "issued": "2020-01-09"}],
            "activities": [{"title": "Ethics Update", "completed": "2024-03-09", "hours": -2}],
        }
    ),
    "bad/bad-fields.json": json.dumps(
        {
            "practitioner": {"id": "bad"},
            "credentials": [{"id": "lmft", "ruleset": "us-ca-lmft", "issued": "2020-01-09"}],
            "activities": [
                {"title": "Ethics Update", "completed": "2024-03-09", "hours": -2, "format": "webinar"},
                {"title": "Trauma", "completed": "2024-02-30", "hours": 3},
            ],
        }
    ),
    "bad/unknown-ruleset.toml": (
        '[practitioner]\nid = "bad"\n\n[[credentials]]\nid = "x"\nruleset = "us-zz-lmft"\nissued = 2020-01-09\n'
    ),
    "bad/not-toml.toml": "[practitioner\nid = ",
    "bad/mixed.jsonl": (
        '{"practitioner": {"id": "ok"}, "credentials": [{"id": "ncc", "ruleset": "nbcc-ncc", "issued": "2020-02-03"}],'
        ' "activities": [{"title": "Ethics", "completed": "2025-01-10", "hours": 6, "topics": ["ethics"]}]}\n'
        "{not json\n"
        '{"practitioner": {"id": "bad"}, "credentials": [{"id": "x", "ruleset": "nbcc-ncc", "issued": "2020-13-01"}]}\n'
    ),
    # The hostile-input corpus of issue #21: every line but the first and last must be rejected, each with its
    # reason, and the two good ones audited, the same before and after any speed-up of the readers.
    "bad/hostile.jsonl": b"".join(
        [
            b"\xef\xbb\xbf" + _GOOD_LINE,  # a byte-order mark before the first record
            b'{"practitioner": {"id": "dup", "id": "dup2"}, "credentials": []}\n',  # a duplicate key
            b'{"practitioner": {"id": "p"}, "credentials": [], "credentials": []}\n',  # a duplicate top-level key
            _GOOD_LINE.replace(b'"hours": 6', b'"hours": NaN'),
            _GOOD_LINE.replace(b'"hours": 6', b'"hours": Infinity'),
            _GOOD_LINE.replace(b'"hours": 6', b'"hours": -Infinity'),
            _GOOD_LINE.replace(b'"hours": 6', b'"hours": 1e400'),
            _GOOD_LINE.replace(b'"hours": 6', b'"hours": 6.000000000000000000001'),
            _GOOD_LINE.replace(b'"ok"', b'"\xff\xfe"'),  # bytes that are not UTF-8
            _GOOD_LINE.replace(b'"ok"', b'"\\ud800"'),  # a lone surrogate escape
            b"\xef\xbb\xbf" + _GOOD_LINE.replace(b'"ok"', b'"bom-inside"'),  # a byte-order mark mid-file
            b"[" * 5000 + b"]" * 5000 + b"\n",  # nested too deeply
            b'["not", "an", "object"]\n',
            b"   \n",
            b'{"practitioner": {"id": "tab\tin-string"}, "credentials": []}\n',  # a raw control character
            b"\x00\n",
            _GOOD_LINE.replace(b'"ok"', b'"last"'),
        ]
    ),
}
BAD_RUNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("check-unknown-key", ("check", "bad/unknown-key.json", "--as-of", "2026-01-15")),
    ("validate-unknown-key", ("validate", "bad/unknown-key.json")),
    ("check-bad-fields", ("check", "bad/bad-fields.json", "--as-of", "2026-01-15")),
    ("validate-bad-fields", ("validate", "bad/bad-fields.json", "--format", "json")),
    ("check-unknown-ruleset", ("check", "bad/unknown-ruleset.toml", "--as-of", "2026-01-15")),
    ("check-not-toml", ("check", "bad/not-toml.toml", "--as-of", "2026-01-15")),
    ("check-missing-file", ("check", "bad/no-such-file.toml", "--as-of", "2026-01-15")),
    ("check-bad-date", ("check", "examples/dana-rivera.toml", "--as-of", "2026-02-30")),
    ("check-bad-format", ("check", "examples/dana-rivera.toml", "--format", "yaml")),
    ("rules-show-unknown", ("rules", "show", "us-zz-lmft", "--as-of", "2026-01-15")),
    ("deadlines-bad-within", ("deadlines", "examples/dana-rivera.toml", "--within", "3q")),
    ("audit-mixed", ("audit", "bad/mixed.jsonl", "--as-of", "2026-01-15", "--format", "csv")),
    ("audit-mixed-strict", ("audit", "bad/mixed.jsonl", "--as-of", "2026-01-15", "--strict")),
    ("audit-hostile-jsonl", ("audit", "bad/hostile.jsonl", "--as-of", "2026-01-15", "--jobs", "1")),
    ("audit-hostile-activities", ("audit", "bad/hostile.jsonl", "--as-of", "2026-01-15", "--activities")),
    ("audit-hostile-csv", ("audit", "bad/hostile.jsonl", "--as-of", "2026-01-15", "--format", "csv")),
    ("schema-unknown", ("schema", "nothing")),
)


@dataclass(frozen=True)
class Run:
    """One command line: ``name`` is where its outputs go under OUTDIR (a relative path without suffix)."""

    name: str
    args: tuple[str, ...]
    writes: str | None = None  # extension of the file the command writes with -o, if it writes one

    @property
    def output_path(self) -> str | None:
        """The -o path, relative to the work folder; derived from the name so messages naming it are stable."""
        return None if self.writes is None else f"out/{self.name.replace('/', '__')}.{self.writes}"

    def argv(self) -> list[str]:
        extra = [] if self.output_path is None else ["-o", self.output_path]
        return [*self.args, *extra]


@dataclass(frozen=True)
class Outcome:
    run: Run
    exit: str
    seconds: float


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe, stable form of a case's name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].rstrip("-") or "case"


def case_key(path: Path) -> str:
    """``us-ca/lmft`` for ``.../rules/us-ca/lmft.cases.toml``: the part after the last ``rules`` folder, so
    the outputs' names do not depend on where the rule files sit in the tree."""
    parts = path.parts
    after_rules = len(parts) - parts[::-1].index("rules") if "rules" in parts else len(parts) - 1
    return "/".join(parts[after_rules:]).removesuffix(".cases.toml")


def case_files(root: Path) -> list[Path]:
    found = {path for pattern in CASE_GLOBS for path in root.glob(pattern)}
    return sorted(found, key=lambda path: (case_key(path), str(path)))


def json_default(value: object) -> str:
    """TOML dates (and times) become ISO strings, as profiles in JSON have them."""
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_input(work: Path, relative: str, content: str | bytes) -> None:
    path = work / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def profile_runs(stem: str, profile: str, as_of: str) -> Iterator[Run]:
    for label, args, writes in PROFILE_COMMANDS:
        yield Run(f"{stem}/{label}", (*args[:1], profile, *args[1:], "--as-of", as_of), writes)


def case_runs(root: Path, work: Path) -> Iterator[Run]:
    """Every case profile written to the work folder as JSON, and the profile commands on it at its as_of."""
    for path in case_files(root):
        key = case_key(path)
        try:
            cases = tomllib.loads(path.read_text(encoding="utf-8")).get("cases", [])
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            write_input(work, f"profiles/{key}.error", f"{path.relative_to(root)}: {exc}\n")
            continue
        for index, case in enumerate(cases):
            stem = f"{index:02d}-{slug(str(case.get('name', '')))}"
            profile = f"profiles/{key}/{stem}.json"
            write_input(work, profile, json.dumps(case.get("profile", {}), default=json_default, indent=1) + "\n")
            as_of = case.get("as_of")
            yield from profile_runs(f"cases/{key}/{stem}", profile, as_of.isoformat() if as_of else "")


def example_runs(root: Path, work: Path) -> Iterator[Run]:
    for path in sorted(root.glob(EXAMPLE_GLOB)):
        profile = f"examples/{path.name}"
        write_input(work, profile, path.read_bytes())
        yield Run(f"examples/{path.stem}/validate", ("validate", profile))
        for as_of in EXAMPLE_DATES:
            yield from profile_runs(f"examples/{path.stem}/{as_of}", profile, as_of)


def static_runs() -> Iterator[Run]:
    """What depends on no profile: the installed rule sets and plugins, and the schemas."""
    yield Run("rules/list-text", ("rules", "list"))
    yield Run("plugins/text", ("plugins",))
    yield Run("plugins/json", ("plugins", "--format", "json"))
    for schema in SCHEMAS:
        yield Run(f"schema/{schema}", ("schema", schema))


def rules_show_runs(ids: Iterable[str]) -> Iterator[Run]:
    for ruleset in ids:
        for as_of in RULES_SHOW_DATES:
            yield Run(f"rules/show/{ruleset}/{as_of}-text", ("rules", "show", ruleset, "--as-of", as_of))
            yield Run(
                f"rules/show/{ruleset}/{as_of}-json", ("rules", "show", ruleset, "--as-of", as_of, "--format", "json")
            )


def audit_runs(workforce: str) -> Iterator[Run]:
    for output_format in AUDIT_FORMATS:
        args = ("audit", workforce, "--as-of", AUDIT_AS_OF, "--jobs", "1", "--format", output_format)
        yield Run(f"audit/workforce-{WORKFORCE_SIZE}-{output_format}", args, output_format)
    full = ("audit", workforce, "--as-of", AUDIT_AS_OF, "--jobs", "1", "--format", "jsonl", "--activities")
    yield Run(f"audit/workforce-{WORKFORCE_SIZE}-jsonl-activities", full, "jsonl")


def bad_runs(work: Path) -> Iterator[Run]:
    for relative, content in BAD_INPUTS.items():
        write_input(work, relative, content)
    for label, args in BAD_RUNS:
        yield Run(f"errors/{label}", args)


def subprocess_env() -> dict[str, str]:
    """The caller's environment with what could change the bytes pinned: UTF-8, no colour, UTC, and the width
    click wraps usage errors to (narrower than 80 when the caller exports a smaller COLUMNS)."""
    env = dict(os.environ)
    env.update({"PYTHONUTF8": "1", "NO_COLOR": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "COLUMNS": "80", "LINES": "24"})
    return env


def execute(program: str, run: Run, work: Path, outdir: Path, env: dict[str, str]) -> Outcome:
    """Run one command and store everything it produced; a command that fails or cannot start is recorded."""
    start = time.perf_counter()
    stdout = stderr = b""
    try:
        completed = subprocess.run(
            [program, *run.argv()], cwd=work, env=env, capture_output=True, timeout=RUN_TIMEOUT_SECONDS, check=False
        )
        stdout, stderr, exit_text = completed.stdout, completed.stderr, str(completed.returncode)
    except subprocess.TimeoutExpired as exc:
        stdout, stderr = exc.stdout or b"", exc.stderr or b""
        exit_text = f"timeout after {RUN_TIMEOUT_SECONDS} s"
    except OSError as exc:
        exit_text = f"could not start: {exc.strerror}"
    target = outdir / run.name
    target.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{target}.argv").write_text(shlex.join(["licensetrack", *run.argv()]) + "\n", encoding="utf-8")
    Path(f"{target}.stdout").write_bytes(stdout)
    Path(f"{target}.stderr").write_bytes(stderr)
    Path(f"{target}.exit").write_text(exit_text + "\n", encoding="utf-8")
    if run.output_path is not None and (work / run.output_path).exists():
        shutil.move(work / run.output_path, f"{target}.out.{run.writes}")
    return Outcome(run, exit_text, time.perf_counter() - start)


def installed_program() -> str:
    """The console script of the interpreter running this file (the venv's), not one found on PATH."""
    name = "licensetrack.exe" if os.name == "nt" else "licensetrack"
    program = Path(sys.executable).parent / name
    if not program.exists():
        sys.exit(f"golden: no {name} next to {sys.executable}; run this with the venv's python")
    return str(program)


def make_workforce(work: Path, given: Path | None) -> tuple[str, str | None]:
    """The audit's input in the work folder, and why it could not be made (None when it was)."""
    relative = f"workforce-{WORKFORCE_SIZE}.jsonl"
    if given is not None:
        if not given.is_file():
            return relative, f"--workforce {given}: no such file"
        shutil.copyfile(given, work / relative)
        return relative, None
    script = Path(__file__).resolve().parent / "workforce.py"
    command = [sys.executable, str(script), str(WORKFORCE_SIZE), relative, "--seed", str(WORKFORCE_SEED)]
    completed = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        return relative, f"benchmarks/workforce.py failed ({completed.returncode}): {completed.stderr.strip()}"
    return relative, None


def listed_ruleset_ids(outcome: Outcome, outdir: Path) -> list[str]:
    """The ids in ``rules list --format json``'s stored output; none if it failed (the failure is recorded)."""
    try:
        listing = json.loads(Path(f"{outdir / outcome.run.name}.stdout").read_text(encoding="utf-8"))
        return sorted(str(entry["id"]) for entry in listing["rulesets"])
    except (ValueError, KeyError, TypeError) as exc:
        print(f"golden: could not read the rule set ids from rules list: {exc}", file=sys.stderr)
        return []


def keep_inputs(work: Path, outdir: Path) -> None:
    """Copy what the runs read into OUTDIR/inputs, so a changed input is the first difference compare shows."""
    for path in sorted(work.rglob("*")):
        relative = path.relative_to(work)
        if path.is_file() and relative.parts[0] != "out":
            target = outdir / "inputs" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def run_all(
    program: str, runs: Sequence[Run], work: Path, outdir: Path, env: dict[str, str], jobs: int
) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda run: execute(program, run, work, outdir, env), runs))


def capture(outdir: Path, jobs: int, workforce: Path | None, every: int = 1) -> int:
    if outdir.exists() and any(outdir.iterdir()):
        print(f"golden: {outdir} is not empty; capture into a new folder", file=sys.stderr)
        return 2
    outdir.mkdir(parents=True, exist_ok=True)
    program = installed_program()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="golden-") as scratch:
        work = Path(scratch)
        (work / "out").mkdir()
        env = subprocess_env()
        listing = execute(program, Run("rules/list-json", ("rules", "list", "--format", "json")), work, outdir, env)
        workforce_path, problem = make_workforce(work, workforce)
        if problem is not None:
            print(f"golden: {problem}", file=sys.stderr)
            write_input(work, f"{workforce_path}.error", problem + "\n")
        # The long audits first, so that the pool ends evenly.
        runs = [
            *([] if problem else audit_runs(workforce_path)),
            *example_runs(ROOT, work),
            *itertools.islice(case_runs(ROOT, work), 0, None, every),
            *itertools.islice(rules_show_runs(listed_ruleset_ids(listing, outdir)), 0, None, every),
            *static_runs(),
            *bad_runs(work),
        ]
        outcomes = [listing, *run_all(program, runs, work, outdir, env, jobs)]
        keep_inputs(work, outdir)
    summarise(outcomes, outdir, time.perf_counter() - start)
    return 1 if problem else 0


def summarise(outcomes: Sequence[Outcome], outdir: Path, seconds: float) -> None:
    files = sum(1 for path in outdir.rglob("*") if path.is_file())
    exits: dict[str, int] = {}
    for outcome in outcomes:
        exits[outcome.exit] = exits.get(outcome.exit, 0) + 1
    by_exit = ", ".join(f"{count} exit {code}" for code, count in sorted(exits.items()))
    slowest = max(outcomes, key=lambda outcome: outcome.seconds)
    print(f"captured {len(outcomes)} runs ({by_exit}) into {files} files under {outdir} in {seconds:.0f} s")
    print(f"slowest: {slowest.run.name} {slowest.seconds:.1f} s")


def relative_files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def same_bytes(a: Path, b: Path, chunk: int = 1 << 20) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as first, b.open("rb") as second:
        while True:
            left, right = first.read(chunk), second.read(chunk)
            if left != right:
                return False
            if not left:
                return True


HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def short_diff(a: Path, b: Path, label_a: str, label_b: str) -> list[str]:
    """A unified diff around the first differing line only: whole-file diffs of 50 MB outputs take minutes."""
    left = a.read_text(encoding="utf-8", errors="replace").splitlines()
    right = b.read_text(encoding="utf-8", errors="replace").splitlines()
    first = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
    start = max(0, first - 3)
    window = slice(start, first + DIFF_LINES)
    lines = list(difflib.unified_diff(left[window], right[window], label_a, label_b, lineterm="", n=3))
    if not lines:
        return [f"--- {label_a}", f"+++ {label_b}", "(the lines are the same: line endings or the last newline differ)"]
    return [shift_hunk(line, start)[:300] for line in lines[: DIFF_LINES + 3]]


def shift_hunk(line: str, offset: int) -> str:
    """A hunk header of a diff of a window renumbered to the whole file's lines."""
    match = HUNK.match(line)
    if match is None:
        return line
    old_start, old_len, new_start, new_len = match.groups()
    return f"@@ -{int(old_start) + offset}{old_len or ''} +{int(new_start) + offset}{new_len or ''} @@"


def compare(dir_a: Path, dir_b: Path) -> int:
    for folder in (dir_a, dir_b):
        if not folder.is_dir():
            print(f"golden: {folder} is not a folder", file=sys.stderr)
            return 2
    files_a, files_b = relative_files(dir_a), relative_files(dir_b)
    only_a, only_b = sorted(files_a - files_b), sorted(files_b - files_a)
    # Inputs first: a changed input explains the outputs that follow.
    common = sorted(files_a & files_b, key=lambda name: (not name.startswith("inputs/"), name))
    differing = [name for name in common if not same_bytes(dir_a / name, dir_b / name)]
    for name in only_a:
        print(f"only in {dir_a}: {name}")
    for name in only_b:
        print(f"only in {dir_b}: {name}")
    for name in differing:
        print(f"differs: {name}")
    for name in differing[:DIFFS_SHOWN]:
        print()
        print("\n".join(short_diff(dir_a / name, dir_b / name, f"{dir_a}/{name}", f"{dir_b}/{name}")))
    problems = len(only_a) + len(only_b) + len(differing)
    if problems:
        print(
            f"\n{len(differing)} differing, {len(only_a)} only in {dir_a}, {len(only_b)} only in {dir_b}; "
            f"{len(common) - len(differing)} identical"
        )
        return 1
    print(f"identical: {len(common)} files")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    capturing = commands.add_parser("capture", help="run every command and store its outputs under OUTDIR")
    capturing.add_argument("outdir", type=Path)
    capturing.add_argument("--jobs", type=int, default=2, help="commands run at once (default 2)")
    capturing.add_argument(
        "--workforce", type=Path, help="audit this JSON Lines file instead of generating one (e.g. A/inputs/...)"
    )
    capturing.add_argument(
        "--every",
        type=int,
        default=1,
        help="run only every Nth run on the case profiles and of rules show (their thousands of runs take an hour)",
    )
    comparing = commands.add_parser("compare", help="list every file that differs between two captures")
    comparing.add_argument("dir_a", type=Path)
    comparing.add_argument("dir_b", type=Path)
    args = parser.parse_args(argv)
    if args.command == "capture":
        return capture(args.outdir, max(1, args.jobs), args.workforce, max(1, args.every))
    return compare(args.dir_a, args.dir_b)


if __name__ == "__main__":
    sys.exit(main())
