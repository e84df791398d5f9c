"""The bundled rule sets prebuilt for the wheel: used only when they match, always equal to parsing.

A prebuilt file can be stale (rules edited after the build, another attrs) or damaged; each of
those must mean "parse the TOML", never a wrong rule set and never an error. The wheel itself is
built and checked in ``test_the_wheel_ships_prebuilt_rule_sets_equal_to_its_rule_files`` (slow).
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.core.rules import RuleSet
from licensetrack.io import prebuilt
from licensetrack.io.prebuilt import read_prebuilt, write_prebuilt
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


def _opened(target: Path, root: Path) -> prebuilt.Prebuilt:
    opened = read_prebuilt(target, root)
    assert opened is not None
    return opened


def test_a_prebuilt_file_reads_back_exactly_what_was_loaded(
    tmp_path: Path, rules_copy: Path, language: Language
) -> None:
    parsed = load_path(rules_copy, language=language)
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, parsed, rules_copy)
    assert _opened(target, rules_copy).load_all() == parsed
    assert sorted(parsed) == [
        "nbcc-ccmhc",
        "nbcc-mac",
        "nbcc-ncc",
        "us-tx-lcsw",
        "us-tx-lmft",
        "us-tx-lmsw",
        "us-tx-lpc",
        "us-tx-psychologist",
    ]


def test_an_edited_file_makes_the_rule_sets_read_from_it_stale_and_an_added_or_removed_one_the_whole_file(
    tmp_path: Path, rules_copy: Path, language: Language
) -> None:
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, load_path(rules_copy, language=language), rules_copy)
    lpc = rules_copy / "us-tx" / "lpc.toml"
    lpc.write_bytes(lpc.read_bytes() + b"\n# a comment changes nothing the loader reads, but the bytes differ\n")
    opened = _opened(target, rules_copy)
    assert opened.load("us-tx-lpc") is None  # parse it instead
    assert opened.load("us-tx-lcsw") is not None
    assert opened.load("nbcc-ncc") is not None
    board = rules_copy / "us-tx" / "_social-work.toml"
    board.write_bytes(board.read_bytes() + b"\n")
    opened = _opened(target, rules_copy)
    assert opened.load("us-tx-lcsw") is None  # both take from the board
    assert opened.load("us-tx-lmsw") is None
    assert opened.load("nbcc-ncc") is not None
    lpc.unlink()
    assert read_prebuilt(target, rules_copy) is None
    lpc.write_text("", encoding="utf-8")
    (rules_copy / "us-tx" / "extra.toml").write_text("", encoding="utf-8")
    assert read_prebuilt(target, rules_copy) is None


def test_worked_cases_are_not_read(tmp_path: Path, rules_copy: Path, language: Language) -> None:
    parsed = load_path(rules_copy, language=language)
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, parsed, rules_copy)
    cases = rules_copy / "us-tx" / "lpc.cases.toml"
    cases.write_bytes(cases.read_bytes() + b"\n")
    (rules_copy / "us-tx" / "new.cases.toml").write_text("", encoding="utf-8")
    assert _opened(target, rules_copy).load_all() == parsed


def test_the_header_names_the_code_that_defines_the_pickled_classes(
    tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch, language: Language
) -> None:
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, load_path(rules_copy, language=language), rules_copy)
    before = prebuilt.code_fingerprint()
    monkeypatch.setattr(prebuilt, "__version__", "0.0.0-other")
    assert prebuilt.code_fingerprint() != before
    assert read_prebuilt(target, rules_copy) is None
    monkeypatch.undo()
    make = tmp_path / "_make.py"
    make.write_bytes(prebuilt._ATTRS_MAKE.read_bytes() + b"# another attrs\n")
    monkeypatch.setattr(prebuilt, "_ATTRS_MAKE", make)
    assert prebuilt.code_fingerprint() != before
    assert read_prebuilt(target, rules_copy) is None


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=0), garbage=st.binary(max_size=8))
def test_a_damaged_prebuilt_file_is_ignored_never_an_error(
    tmp_path_factory: pytest.TempPathFactory, cut: int, garbage: bytes
) -> None:
    """Truncated anywhere, or with bytes appended: ``None`` (parse instead), or, when the cut leaves the
    whole pickle, the same rule sets; never an exception and never other rule sets."""
    folder = tmp_path_factory.mktemp("damaged")
    root = folder / "rules"
    shutil.copytree(bundled_rules_dir() / "nbcc", root / "nbcc")
    parsed = load_path(root)
    target = folder / "rules.prebuilt"
    write_prebuilt(target, parsed, root)
    data = target.read_bytes()
    target.write_bytes(data[: cut % (len(data) + 1)] + garbage)
    opened = read_prebuilt(target, root)
    assert opened is None or opened.load_all() == parsed


def test_a_file_replaced_after_its_index_was_read_serves_no_wrong_rule_set(
    tmp_path: Path, rules_copy: Path, language: Language
) -> None:
    """Each rule set's pickle is read when asked for, after the index: if the file was rebuilt in between
    (a reinstall during a run), its bytes no longer match their digest and the rule set is parsed instead."""
    parsed = load_path(rules_copy, language=language)
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, parsed, rules_copy)
    opened = _opened(target, rules_copy)
    write_prebuilt(
        target, {key: attrs.evolve(value, title="Another build") for key, value in parsed.items()}, rules_copy
    )
    served = {ruleset_id: opened.load(ruleset_id) for ruleset_id in opened.ids}
    assert all(ruleset is None or ruleset == parsed[ruleset_id] for ruleset_id, ruleset in served.items())
    assert None in served.values()
    assert _opened(target, rules_copy).load("us-tx-lpc") == attrs.evolve(parsed["us-tx-lpc"], title="Another build")


def test_entries_that_are_not_the_files_rule_sets_are_never_served(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    # The NCC alone (with the board file it takes from): one rule file, so one entry is the whole prebuilt file.
    shutil.copytree(bundled_rules_dir() / "nbcc", root / "nbcc", ignore=shutil.ignore_patterns("ccmhc.*", "mac.*"))
    ncc = load_path(root)["nbcc-ncc"]
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, {"nbcc-ncc": "not a rule set"}, root)  # type: ignore[dict-item]
    assert _opened(target, root).load("nbcc-ncc") is None
    write_prebuilt(target, {"nbcc-ncc": attrs.evolve(ncc, id="nbcc-other")}, root)
    assert _opened(target, root).load("nbcc-ncc") is None
    for wrong in ({}, {"another-id": ncc}, {"nbcc-ncc": ncc, "another-id": ncc}):
        write_prebuilt(target, wrong, root)
        assert read_prebuilt(target, root) is None  # not one entry per rule file: parse everything
    assert read_prebuilt(tmp_path / "missing.prebuilt", root) is None


def test_the_bundled_rules_come_from_a_matching_prebuilt_file_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: Language
) -> None:
    """A matching file is what is used (here with one rule set deliberately retitled, so its use shows),
    each rule set unpickled when asked for; with ``LICENSETRACK_PREBUILT=off`` the TOML is parsed."""
    root = bundled_rules_dir()
    parsed = load_path(root, language=language)
    marked = {**parsed, "nbcc-ncc": attrs.evolve(parsed["nbcc-ncc"], title="From the prebuilt file")}
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, marked, root)
    monkeypatch.setattr(bundled, "prebuilt_path", lambda: target)
    monkeypatch.setattr(bundled, "_loaded", {})  # nothing loaded yet in this process
    unpickled: list[str] = []
    load = prebuilt.Prebuilt.load

    def counting_load(self: prebuilt.Prebuilt, ruleset_id: str) -> RuleSet | None:
        unpickled.append(ruleset_id)
        return load(self, ruleset_id)

    monkeypatch.setattr(prebuilt.Prebuilt, "load", counting_load)
    loaded = bundled.load_bundled(root, language)
    assert sorted(loaded) == sorted(parsed)
    assert "us-ca-lmft" in loaded
    assert unpickled == []
    assert loaded["nbcc-ncc"].title == "From the prebuilt file"
    assert loaded["us-ca-lmft"] == parsed["us-ca-lmft"]
    assert loaded["us-ca-lmft"] is loaded["us-ca-lmft"]
    assert unpickled == ["nbcc-ncc", "us-ca-lmft"]
    with pytest.raises(KeyError):
        loaded["us-zz-none"]
    assert pickle.loads(pickle.dumps(loaded)) == marked  # another process gets a plain dict of them all
    monkeypatch.setattr(bundled, "_loaded", {})
    monkeypatch.setenv("LICENSETRACK_PREBUILT", "off")
    assert bundled.load_bundled(root, language) == parsed


def test_an_edited_bundled_file_is_parsed_while_the_others_come_prebuilt(
    tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch, language: Language
) -> None:
    parsed = load_path(rules_copy, language=language)
    target = tmp_path / "rules.prebuilt"
    write_prebuilt(target, parsed, rules_copy)
    lpc = rules_copy / "us-tx" / "lpc.toml"
    text = lpc.read_text(encoding="utf-8")
    lpc.write_text(text.replace('\ntitle = "Texas Licensed Professional Counselor"', '\ntitle = "Texas LPC"'))
    monkeypatch.setattr(bundled, "prebuilt_path", lambda: target)
    monkeypatch.setattr(bundled, "_loaded", {})
    loaded = bundled.load_bundled(rules_copy, language)
    assert loaded["us-tx-lpc"].title == "Texas LPC"
    assert loaded["us-tx-lcsw"] == parsed["us-tx-lcsw"]


def test_the_bundled_rules_are_parsed_once_per_process_until_a_file_changes(
    tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch, language: Language
) -> None:
    parses: list[Path] = []

    def counting_load_path(path: Path, **options: Any) -> dict[str, RuleSet]:
        parses.append(path)
        return load_path(path, **options)

    monkeypatch.setattr(bundled, "load_path", counting_load_path)
    monkeypatch.setattr(bundled, "prebuilt_path", lambda: tmp_path / "none.prebuilt")  # a checkout: parse
    monkeypatch.setattr(bundled, "_loaded", {})
    first = bundled.load_bundled(rules_copy, language)
    again = bundled.load_bundled(rules_copy, language)
    assert first == again
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


def test_the_registry_is_read_only_and_pickles_as_the_plain_dict_of_its_rule_sets() -> None:
    registry = load_registry(entry_points=False)
    rulesets = registry.rulesets
    assert list(rulesets) == sorted(rulesets)
    assert "us-ca-lmft" in rulesets
    assert "us-zz-none" not in rulesets
    with pytest.raises(TypeError):
        rulesets["us-ca-lmft"] = rulesets["us-tx-lpc"]  # type: ignore[index]
    copied = pickle.loads(pickle.dumps(rulesets))
    assert type(copied) is dict
    assert copied == dict(rulesets)


def test_building_the_prebuilt_file_gives_what_every_command_loads(tmp_path: Path) -> None:
    target = tmp_path / "rules.prebuilt"
    count = build_prebuilt(target)
    registry = load_registry(entry_points=False)
    stored = _opened(target, bundled_rules_dir()).load_all()
    assert stored is not None
    assert count == len(stored) == len(registry.rulesets)
    assert stored == dict(registry.rulesets)


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """licensetrack's wheel built as pip builds it (isolated, with the hook) and unpacked; its file names."""
    folder = tmp_path_factory.mktemp("wheel")
    dist = folder / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("licensetrack-*.whl")
    unpacked = folder / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    return unpacked


def _run_from(unpacked: Path, script: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(unpacked), **env}
    return subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=unpacked.parent,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow  # builds licensetrack's wheel
def test_the_wheel_ships_prebuilt_rule_sets_equal_to_its_rule_files(unpacked_wheel: Path) -> None:
    """Run from the unpacked wheel: the prebuilt file matches the rule files beside it, rule set for rule set."""
    for name in (
        "licensetrack/rules.prebuilt",
        "licensetrack/methods.precompiled",
        "licensetrack/rules/us-tx/lpc.toml",
        "licensetrack/formats/templates/packet.html.j2",  # the audit packet's template ships too
    ):
        assert (unpacked_wheel / name).is_file(), name
    script = (
        "from licensetrack.io.prebuilt import prebuilt_path, read_prebuilt\n"
        "from licensetrack.io.rulefiles import bundled_rules_dir, load_path\n"
        "from licensetrack.plugins.registry import load_registry\n"
        "root = bundled_rules_dir()\n"
        f"assert str(root).startswith({str(unpacked_wheel)!r}), root\n"
        "opened = read_prebuilt(prebuilt_path(), root)\n"
        "assert opened is not None, 'the prebuilt file does not match the rules beside it'\n"
        "stored = opened.load_all()\n"
        "assert stored is not None, 'a rule file differs from what the prebuilt file was built from'\n"
        "assert stored == load_path(root, language=load_registry(entry_points=False).language)\n"
        "print(len(stored))\n"
    )
    result = _run_from(unpacked_wheel, script)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(load_registry(entry_points=False).rulesets)


@pytest.mark.slow  # builds licensetrack's wheel
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_the_wheel_serves_every_method_check_generates_precompiled_with_the_same_output(
    unpacked_wheel: Path, output_format: str
) -> None:
    """``check`` on the example, under two hash seeds (attrs's type hash differs with each): every
    method attrs and cattrs generate for it comes from the wheel's file, none is compiled, and the
    output is byte for byte what compiling them gives (``LICENSETRACK_PRECOMPILED=off``). An installed
    plugin's classes are compiled, as they always were: only licensetrack's are in the wheel."""
    example = ROOT / "examples" / "dana-rivera.toml"
    script = (
        "import sys\n"
        "from licensetrack.cli.main import main\n"
        "from licensetrack.io.precompiled import STORE\n"
        f"sys.argv = ['licensetrack', 'check', {str(example)!r}, '--as-of', '2026-01-15', '--format', {output_format!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    ours = sorted(name for _, name in STORE.compiled if ' licensetrack.' in name)  # not a plugin's\n"
        "    print(STORE.served, ours, file=sys.stderr)\n"
    )
    outputs = []
    for seed in ("1", "2"):
        served = _run_from(unpacked_wheel, script, PYTHONHASHSEED=seed)
        count, compiled = served.stderr.strip().split(" ", 1)
        assert int(count) > 90, served.stderr  # the model's classes, the report's, the registry's, the converter's
        assert compiled == "[]", compiled
        outputs.append(served.stdout)
    compiled_run = _run_from(unpacked_wheel, script, PYTHONHASHSEED="1", LICENSETRACK_PRECOMPILED="off")
    assert compiled_run.stderr.startswith("0 [")
    assert outputs == [compiled_run.stdout, compiled_run.stdout]
    assert "ca-lmft" in compiled_run.stdout
