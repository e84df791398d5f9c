"""Finding plugins without importlib.metadata: the quick scan may say "maybe" wrongly, never "no"."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from licensetrack.plugins.entrypoints import installed_entry_points, may_declare


def distribution(site: Path, name: str, entry_points: str | None, suffix: str = ".dist-info") -> None:
    folder = site / f"{name}-1.0{suffix}"
    folder.mkdir(parents=True)
    (folder / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    if entry_points is not None:
        (folder / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.mark.parametrize(
    ("entry_points", "declared"),
    [
        ("[licensetrack]\nmyboard = myboard.plugin\n", True),
        ("[console_scripts]\nx = x:main\n\n  [licensetrack]  \nmyboard = myboard.plugin\n", True),
        ("[console_scripts]\nlicensetrack = x:main\n", False),
        ("[licensetrack.extra]\nmyboard = myboard.plugin\n", False),
        ("[pytest11]\nlicensetrack = licensetrack.testing.pytest_plugin\n", False),
        (None, False),
    ],
    ids=["group", "group-among-others-spaced", "a-script-named-so", "another-group", "a-name-not-a-group", "none"],
)
def test_the_scan_agrees_with_importlib_metadata(tmp_path: Path, entry_points: str | None, declared: bool) -> None:
    distribution(tmp_path, "someone", entry_points)
    assert may_declare("licensetrack", [str(tmp_path)]) is declared
    in_metadata = [
        entry
        for dist in importlib.metadata.distributions(path=[str(tmp_path)])
        for entry in dist.entry_points
        if entry.group == "licensetrack"
    ]
    assert bool(in_metadata) is declared


def test_a_header_importlib_metadata_would_not_read_is_a_harmless_maybe(tmp_path: Path) -> None:
    distribution(tmp_path, "someone", "[ licensetrack ]\nmyboard = myboard.plugin\n")
    assert may_declare("licensetrack", [str(tmp_path)])  # then importlib.metadata decides: none
    groups = [e.group for d in importlib.metadata.distributions(path=[str(tmp_path)]) for e in d.entry_points]
    assert groups == [" licensetrack "]


def test_egg_info_is_read_too(tmp_path: Path) -> None:
    distribution(tmp_path, "old", "[licensetrack]\nold = old.plugin\n", suffix=".egg-info")
    assert may_declare("licensetrack", [str(tmp_path)])


def test_what_only_importlib_metadata_can_read_is_left_to_it(tmp_path: Path) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("x.py", "")
    assert may_declare("licensetrack", [str(archive)])
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "legacy-1.0-py3.11.egg").mkdir()
    assert may_declare("licensetrack", [str(tmp_path / "site")])


def test_missing_or_unreadable_path_entries_are_skipped(tmp_path: Path) -> None:
    assert not may_declare("licensetrack", [str(tmp_path / "nowhere"), ""])


def test_this_environment_finds_the_installed_plugins_as_importlib_metadata_does() -> None:
    """The test environment has the employer-policy plugin installed: the same entry points, in name order."""
    expected = sorted(importlib.metadata.entry_points(group="licensetrack"), key=lambda e: e.name)
    assert [e.name for e in expected] == ["licensetrack_employer_policy"]
    assert installed_entry_points("licensetrack") == expected
    for group in {entry.group for dist in importlib.metadata.distributions() for entry in dist.entry_points}:
        assert may_declare(group), group  # never a false "no" for any group installed here


def test_a_command_with_no_plugin_installed_never_imports_importlib_metadata(tmp_path: Path) -> None:
    """This environment's packages without their metadata folders (so without the installed plugin),
    and licensetrack's source: the registry loads, and importlib.metadata is never imported."""
    site = tmp_path / "site"
    site.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.endswith((".dist-info", ".egg-info", ".pth")) and not entry.name.startswith("__editable__"):
            (site / entry.name).symlink_to(entry)
    source = Path(__file__).resolve().parent.parent / "src"
    paths = [str(source), str(site)]
    assert not may_declare("licensetrack", paths)
    script = (
        f"import sys; sys.path[:0] = {paths!r}\n"
        "from licensetrack.plugins.registry import load_registry\n"
        "registry = load_registry()\n"
        "assert [p.name for p in registry.plugins] == ['licensetrack.builtin'], registry.plugins\n"
        "assert len(registry.rulesets) > 100\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_custom_finder_of_distributions_leaves_it_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finder that serves distributions from elsewhere (not sys.path folders) makes the scan say "maybe";
    the importlib_metadata backport's path finder (Dask's dependencies install it) does not."""

    class Elsewhere:
        @staticmethod
        def find_distributions(*args: object, **kwargs: object) -> list[object]:
            return []

    assert not may_declare("licensetrack", [str(tmp_path)])
    backport = type("MetadataPathFinder", (), {"find_distributions": Elsewhere.find_distributions})
    backport.__module__ = "importlib_metadata"
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, backport])
    assert not may_declare("licensetrack", [str(tmp_path)])
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Elsewhere()])
    assert may_declare("licensetrack", [str(tmp_path)])
