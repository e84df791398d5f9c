"""The plugin guide's example, built as a wheel and installed as a user would, works; and the ``slow``
marker that keeps such tests out of a quick local run does what tests/conftest.py says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
