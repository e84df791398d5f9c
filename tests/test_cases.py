"""Case files: read strictly, and a wrong expectation is reported field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from licensetrack.plugins.registry import load_registry
from licensetrack.testing.cases import CaseFileError, check_case, read_cases

LMFT_CASES = Path(__file__).parent.parent / "rules" / "us-ca" / "lmft.cases.toml"


def test_bundled_case_file_reads() -> None:
    cases = read_cases(LMFT_CASES)
    assert len(cases) >= 6
    assert all(case.name for case in cases)


def test_a_wrong_expectation_is_reported(tmp_path: Path) -> None:
    text = LMFT_CASES.read_text(encoding="utf-8").replace('required_hours = "18"', 'required_hours = "20"', 1)
    path = tmp_path / "lmft.cases.toml"
    path.write_text(text)
    registry = load_registry()
    case = read_cases(path)[0]
    assert check_case(case, registry.rulesets, registry.vocabulary, str(path), kinds=registry.kinds) == [
        "required_hours: expected 20, got 18"
    ]


def test_case_files_are_strict(tmp_path: Path) -> None:
    path = tmp_path / "x.cases.toml"
    path.write_text('[[cases]]\nname = "n"\nas_of = 2025-01-01\nprofile = {}\n[cases.expect]\nstatuz = "compliant"\n')
    with pytest.raises(CaseFileError, match="unknown key 'statuz'"):
        read_cases(path)
