"""Shared test set-up: hypothesis profiles (quick in CI, thorough on demand), and slow tests.

CI draws the same examples every run (``derandomize``), so a red CI always means a change broke
something; the local ``dev`` profile and ``HYPOTHESIS_PROFILE=thorough`` draw new examples each run, which
is where new counterexamples are found (and then kept as plain regression tests).

Tests marked ``slow`` (building a wheel, creating a venv, starting a Dask cluster, a CalDAV server or
several processes) are deselected in a local run so it stays fast; CI (the environment variable
``CI`` set) and ``pytest --run-slow`` run them.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow (always run when CI is set)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect (not skip) slow tests locally: a skip would read as something not working."""
    if os.environ.get("CI") or config.getoption("--run-slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]
