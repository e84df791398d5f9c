"""The plugin guide's example, built as a wheel and installed as a user would, works; and the ``slow``
marker that keeps such tests out of a quick local run does what tests/conftest.py says."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

SLOW_AND_FAST = """
import pytest

@pytest.mark.slow
def test_slow():
    pass

def test_fast():
    pass
"""


@pytest.mark.parametrize(
    ("ci", "options", "summary"),
    [
        (None, [], "1 passed, 1 deselected"),
        (None, ["--run-slow"], "2 passed"),
        ("true", [], "2 passed"),
    ],
    ids=["local", "run-slow", "CI"],
)
@pytest.mark.slow  # a pytest process each
def test_slow_tests_run_only_in_ci_or_when_asked(
    tmp_path: Path, ci: str | None, options: list[str], summary: str
) -> None:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")  # the marker's registration
    (tmp_path / "test_marked.py").write_text(SLOW_AND_FAST, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": ci} if ci else {})
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "testpaths=.", *options],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].split(" in ")[0] == summary


GUIDE = ROOT / "docs" / "plugins.md"
FILE_BLOCK = re.compile(r"^```\w+ file=(\S+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def guide_files() -> dict[str, str]:
    """The example plugin's files, as docs/plugins.md shows them (blocks marked ``file=<path>``)."""
    files: dict[str, str] = {}
    for path, text in FILE_BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        assert path not in files, f"docs/plugins.md shows {path} twice"
        files[path] = text
    return files


def guide_layout() -> set[str]:
    """The paths in the guide's layout block (step 1), without the project folder or comments."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"^```text\nlicensetrack-myboard/\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    assert block is not None, "docs/plugins.md lost its layout block"
    return {line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()}


def test_the_guide_shows_every_file_of_its_layout_and_no_other() -> None:
    assert set(guide_files()) == guide_layout()


def run(*command: str | Path, cwd: Path, expect: int = 0) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == expect, f"{command}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def build_wheel(project: Path, dist: Path) -> Path:
    """Build with the backend the guide's pyproject names; without build isolation when it is here already."""
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, "-w", dist, project, cwd=project)
    (wheel,) = dist.glob("*.whl")
    return wheel


def fresh_venv(where: Path) -> Path:
    """A new venv that sees this one's packages (licensetrack, pytest, ...) but not the plugin's source.

    ``venv --system-site-packages`` would show the base interpreter's packages, not this venv's, so a
    .pth file adds this venv's site-packages (with addsitedir, which also runs the .pth files of the
    editable installs there)."""
    run(sys.executable, "-m", "venv", "--without-pip", where, cwd=where.parent)
    python = where / "bin" / "python"
    site_packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=where))
    ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    lines = [f"import site; site.addsitedir({path!r})" for path in ours]
    (Path(str(site_packages).strip()) / "_licensetrack_test_env.pth").write_text("\n".join(lines) + "\n")
    return python


@pytest.mark.slow
def test_the_guides_example_plugin_builds_installs_and_works(tmp_path: Path) -> None:
    project = tmp_path / "licensetrack-myboard"
    for path, text in guide_files().items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    wheel = build_wheel(project, tmp_path / "dist")
    assert {"licensetrack_myboard/rules/us-zz/lpc.toml", "licensetrack_myboard/rules/us-zz/lpc.cases.toml"} <= set(
        zipfile.ZipFile(wheel).namelist()
    )

    python = fresh_venv(tmp_path / "venv")
    run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path
    )
    installed = Path(run(python, "-c", "import licensetrack_myboard as m; print(m.__file__)", cwd=tmp_path).strip())
    assert installed.is_relative_to(tmp_path / "venv")  # the wheel's copy, not the source folder's

    plugins = json.loads(run(python, "-m", "licensetrack", "plugins", "--format", "json", cwd=tmp_path))
    (mine,) = [p for p in plugins["plugins"] if p["name"] == "licensetrack_myboard"]
    assert mine == {
        "name": "licensetrack_myboard",
        "version": "0.1.0",
        "hooks": ["register_requirement_kinds", "register_rulesets"],
        "registered": ["requirement kind:hours-before-renewal", "ruleset:us-zz-lpc"],
    }
    assert plugins["failures"] == []

    rules = installed.parent / "rules"
    assert run(python, "-m", "licensetrack", "rules", "check", rules, cwd=tmp_path).splitlines() == [
        f"ok: {rules / 'us-zz' / 'lpc.toml'} (us-zz-lpc, 5 dated entries; 1 unverified)"
    ]

    shutil.copy(project / "profile.toml", tmp_path / "profile.toml")
    command = (python, "-m", "licensetrack", "check", "profile.toml", "--as-of", "2025-06-30", "--format", "json")
    (credential,) = json.loads(run(*command, cwd=tmp_path, expect=1))["credentials"]
    requirements = {r["id"]: (r["required"], r["counted"], r["met"]) for r in credential["requirements"]}
    assert (credential["ruleset"], credential["status"], credential["missing_hours"]) == ("us-zz-lpc", "deficient", "9")
    assert requirements == {"total": ("24", "15", False), "ethics": ("3", "3", True), "final-year": ("6", "12", True)}

    # The plugin's own tests (step 4: the kit's contract and the case files) pass against the wheel.
    output = run(python, "-m", "pytest", "-v", "-p", "no:cacheprovider", cwd=project)
    cases = tomllib.loads(guide_files()["src/licensetrack_myboard/rules/us-zz/lpc.cases.toml"])["cases"]
    for name in [case["name"] for case in cases] + ["TestMyRules::test_effective_dates_on_both_sides"]:
        assert re.search(rf"{re.escape(name)} PASSED", output), f"{name} did not run:\n{output}"
    assert re.fullmatch(r"=+ \d+ passed in .* =+", output.splitlines()[-1]), output
