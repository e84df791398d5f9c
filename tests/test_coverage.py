"""The bundled rule sets load strictly, cite every entry, and docs/coverage.md matches them."""

from __future__ import annotations

import re
from pathlib import Path

from licensetrack.core.rules import RuleSet
from licensetrack.io.rulefiles import bundled_rules_dir, load_directory, path_for, rule_files


def load_rulesets() -> dict[str, RuleSet]:
    """The bundled tree alone (no other plugins), read with the built-in plugin's vocabulary."""
    from licensetrack.plugins.registry import load_registry

    return load_directory(bundled_rules_dir(), language=load_registry(entry_points=False).language)


ROOT = Path(__file__).parent.parent


def test_every_bundled_file_loads_and_sits_at_its_ids_path() -> None:
    rulesets = load_rulesets()
    files = rule_files(bundled_rules_dir())
    assert len(rulesets) == len(files) >= 2
    for ruleset_id in rulesets:
        assert (bundled_rules_dir() / path_for(ruleset_id)).is_file()


def test_every_dated_entry_cites_a_section_and_an_address() -> None:
    for ruleset in load_rulesets().values():
        for entry in ruleset.dated_entries():
            assert entry.citation.strip(), (ruleset.id, entry)
            assert entry.source.startswith("https://") or entry.source.startswith("http://"), (ruleset.id, entry)
            if not entry.verified:
                assert entry.note, f"{ruleset.id}: an unverified entry must say why ({entry.citation})"


def test_coverage_table_matches_the_files() -> None:
    from licensetrack.testing.cases import read_cases

    table = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    rows = {
        m.group(1): (int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)))
        for m in re.finditer(r"^\| `([a-z0-9-]+)` \|[^|]*\| (\d+) \| (\d+) of (\d+) \| (\d+) \|", table, re.MULTILINE)
    }
    rulesets = load_rulesets()
    assert set(rows) == set(rulesets)
    for ruleset_id, ruleset in rulesets.items():
        entries = ruleset.dated_entries()
        verified = sum(1 for e in entries if e.verified)
        path = bundled_rules_dir() / path_for(ruleset_id)
        cases = len(read_cases(path.with_name(path.name.removesuffix(".toml") + ".cases.toml")))
        assert rows[ruleset_id] == (len(entries), verified, len(entries), cases), ruleset_id
