"""The bundled rule sets prebuilt for the wheel: used only when they match, always equal to parsing.

A prebuilt file can be stale (rules edited after the build, another attrs) or damaged; each of
those must mean "parse the TOML", never a wrong rule set and never an error. The wheel itself is
built and checked in ``test_the_wheel_ships_prebuilt_rule_sets_equal_to_its_rule_files`` (slow).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.rules import RuleSet
from licensetrack.io import prebuilt
from licensetrack.io.prebuilt import fingerprint, read_prebuilt, write_prebuilt
from licensetrack.io.rulefiles import Language, bundled_rules_dir, load_path
from licensetrack.plugins import bundled
from licensetrack.plugins.prebuild import build_prebuilt
from licensetrack.plugins.registry import load_registry

ROOT = Path(__file__).parent.parent


@pytest.fixture
def language() -> Language:
    return load_registry(entry_points=False).language


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """Two authorities of the bundled rules, copied so a test can edit them."""
    root = tmp_path / "rules"
    for authority in ("us-tx", "nbcc"):
        shutil.copytree(bundled_rules_dir() / authority, root / authority)
    return root


def test_a_prebuilt_file_reads_back_exactly_what_was_loaded(
    tmp_path: Path, rules_copy: Path, language: Language
) -> None:
    parsed = load_path(rules_copy, language=language)
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, parsed, fingerprint(rules_copy))
    assert read_prebuilt(target, fingerprint(rules_copy)) == parsed
    assert sorted(parsed) == ["nbcc-ncc", "us-tx-lcsw", "us-tx-lmft", "us-tx-lmsw", "us-tx-lpc", "us-tx-psychologist"]


def test_an_edited_added_or_removed_rule_file_makes_the_prebuilt_file_stale(
    tmp_path: Path, rules_copy: Path, language: Language
) -> None:
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, load_path(rules_copy, language=language), fingerprint(rules_copy))
    lpc = rules_copy / "us-tx" / "lpc.toml"
    lpc.write_bytes(lpc.read_bytes() + b"\n# a comment changes nothing the loader reads, but the bytes differ\n")
    assert read_prebuilt(target, fingerprint(rules_copy)) is None
    lpc.unlink()
    assert read_prebuilt(target, fingerprint(rules_copy)) is None
    (rules_copy / "us-tx" / "extra.toml").write_text("", encoding="utf-8")
    assert read_prebuilt(target, fingerprint(rules_copy)) is None


def test_worked_cases_are_not_part_of_the_fingerprint(rules_copy: Path) -> None:
    before = fingerprint(rules_copy)
    cases = rules_copy / "us-tx" / "lpc.cases.toml"
    cases.write_bytes(cases.read_bytes() + b"\n")
    assert fingerprint(rules_copy) == before


def test_the_fingerprint_names_the_code_that_defines_the_pickled_classes(
    tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(rules_copy)
    monkeypatch.setattr(prebuilt, "__version__", "0.0.0-other")
    assert fingerprint(rules_copy) != before
    monkeypatch.undo()
    make = tmp_path / "_make.py"
    make.write_bytes(prebuilt._ATTRS_MAKE.read_bytes() + b"# another attrs\n")
    monkeypatch.setattr(prebuilt, "_ATTRS_MAKE", make)
    assert fingerprint(rules_copy) != before


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0), garbage=st.binary(max_size=8))
def test_a_damaged_prebuilt_file_is_ignored_never_an_error(
    tmp_path_factory: pytest.TempPathFactory, cut: int, garbage: bytes
) -> None:
    """Truncated anywhere, or with bytes appended: ``None`` (parse instead), or, when the cut leaves the
    whole pickle, the same rule sets; never an exception and never other rule sets."""
    folder = tmp_path_factory.mktemp("damaged")
    root = bundled_rules_dir() / "nbcc"
    parsed = load_path(root)
    target = folder / "rules.prebuilt"
    write_prebuilt(target, parsed, fingerprint(root))
    data = target.read_bytes()
    target.write_bytes(data[: cut % (len(data) + 1)] + garbage)
    assert read_prebuilt(target, fingerprint(root)) in (None, parsed)


def test_a_file_with_the_right_header_but_not_rule_sets_is_ignored(tmp_path: Path) -> None:
    root = bundled_rules_dir() / "nbcc"
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, {}, fingerprint(root))
    assert read_prebuilt(target, fingerprint(root)) == {}
    for wrong in ({"nbcc-ncc": "not a rule set"}, {"another-id": load_path(root)["nbcc-ncc"]}):
        write_prebuilt(target, wrong, fingerprint(root))
        assert read_prebuilt(target, fingerprint(root)) is None
    assert read_prebuilt(tmp_path / "missing.prebuilt", fingerprint(root)) is None


def test_the_bundled_rules_come_from_a_matching_prebuilt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: Language
) -> None:
    """A matching file is what is used (here a deliberately partial one, so its use shows); with
    ``LICENSETRACK_PREBUILT=off``, or once the rules change, the TOML is parsed."""
    root = bundled_rules_dir()
    target = tmp_path / "rules.prebuilt"
    partial = {"nbcc-ncc": load_path(root / "nbcc")["nbcc-ncc"]}
    write_prebuilt(target, partial, fingerprint(root))
    monkeypatch.setattr(bundled, "prebuilt_path", lambda: target)
    monkeypatch.setattr(bundled, "_loaded", {})  # nothing loaded yet in this process
    assert bundled.load_bundled(root, language) == partial
    monkeypatch.setattr(bundled, "_loaded", {})
    monkeypatch.setenv("LICENSETRACK_PREBUILT", "off")
    assert bundled.load_bundled(root, language) == load_path(root, language=language)


def test_the_bundled_rules_are_parsed_once_per_process_until_a_file_changes(
    rules_copy: Path, monkeypatch: pytest.MonkeyPatch, language: Language
) -> None:
    parses: list[Path] = []

    def counting_load_path(path: Path, **options: Any) -> dict[str, RuleSet]:
        parses.append(path)
        return load_path(path, **options)

    monkeypatch.setattr(bundled, "load_path", counting_load_path)
    monkeypatch.setattr(bundled, "_loaded", {})
    first = bundled.load_bundled(rules_copy, language)
    again = bundled.load_bundled(rules_copy, language)
    assert first == again
    assert first is not again  # each caller gets its own dict to change
    assert len(parses) == 1
    lpc = rules_copy / "us-tx" / "lpc.toml"
    text = lpc.read_text(encoding="utf-8")
    lpc.write_text(text.replace('\ntitle = "Texas Licensed Professional Counselor"', '\ntitle = "Texas LPC"'))
    edited = bundled.load_bundled(rules_copy, language)
    assert len(parses) == 2
    assert (first["us-tx-lpc"].title, edited["us-tx-lpc"].title) == (
        "Texas Licensed Professional Counselor",
        "Texas LPC",
    )


def test_building_the_prebuilt_file_gives_what_every_command_loads(tmp_path: Path) -> None:
    target = tmp_path / "rules.prebuilt"
    count = build_prebuilt(target)
    registry = load_registry(entry_points=False)
    stored = read_prebuilt(target, fingerprint(bundled_rules_dir()))
    assert stored is not None
    assert count == len(stored) == len(registry.rulesets)
    assert stored == dict(registry.rulesets)


@pytest.mark.slow  # builds licensetrack's wheel
def test_the_wheel_ships_prebuilt_rule_sets_equal_to_its_rule_files(tmp_path: Path) -> None:
    """Built as pip builds it (isolated, with the hook), unpacked, and run from the unpacked copy."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("licensetrack-*.whl")
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(unpacked)
    assert "licensetrack/rules.prebuilt" in names
    assert "licensetrack/rules/us-tx/lpc.toml" in names
    assert "licensetrack/formats/templates/packet.html.j2" in names  # the audit packet's template ships too
    script = (
        "from licensetrack.io.prebuilt import fingerprint, prebuilt_path, read_prebuilt\n"
        "from licensetrack.io.rulefiles import bundled_rules_dir, load_path\n"
        "from licensetrack.plugins.registry import load_registry\n"
        "root = bundled_rules_dir()\n"
        f"assert str(root).startswith({str(unpacked)!r}), root\n"
        "stored = read_prebuilt(prebuilt_path(), fingerprint(root))\n"
        "assert stored is not None, 'the prebuilt file does not match the rules beside it'\n"
        "assert stored == load_path(root, language=load_registry(entry_points=False).language)\n"
        "print(len(stored))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(load_registry(entry_points=False).rulesets)
