"""The methods attrs and cattrs generate, served precompiled: always the code compiling would give.

The entries tested are what this test process compiled (an editable install has no file, so every
source is compiled and recorded, exactly as the wheel's build records them). The built wheel's own file
is checked in tests/test_prebuilt.py (slow), with the command it serves.
"""

from __future__ import annotations

import builtins
import gc
import os
import subprocess
import sys
from pathlib import Path

import attr._make
import attrs
import cattrs.gen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensetrack.cli.main import freeze_at_exit
from licensetrack.io import precompiled
from licensetrack.io.precompiled import STORE, TYPE_HASH, CachedCompile, Store, dumps, key_of, read, served_code
from licensetrack.io.profiles import read_profile

EXAMPLE = Path(__file__).parent.parent / "examples" / "dana-rivera.toml"

HASHES = st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[precompiled.Key, precompiled.Entry]:
    """What this process compiled, the example profile read, written as the build writes it and read back."""
    read_profile(EXAMPLE)  # the model's classes, and the structuring functions of the profile's converter
    assert STORE.compiled, "nothing was compiled through the store: install() did not cover attrs"
    target = tmp_path_factory.mktemp("precompiled") / precompiled.FILE_NAME
    target.write_bytes(dumps(STORE.compiled))
    entries = read(str(target))
    assert len(entries) == len(STORE.compiled)
    return entries


def _compiled(source: str, filename: str) -> object:
    return builtins.compile(source, filename, "exec", precompiled.future_flags(attr._make), True)


def _same_code(served: object, compiled: object) -> bool:
    """Equal code objects, down to the positions recorded for tracebacks and the file name."""
    assert isinstance(served, type(compiled))
    fields = ("co_code", "co_consts", "co_names", "co_varnames", "co_linetable", "co_exceptiontable", "co_filename")
    return served == compiled and all(getattr(served, field) == getattr(compiled, field) for field in fields)


def test_the_model_and_the_converter_are_among_the_entries(stored: dict[precompiled.Key, precompiled.Entry]) -> None:
    names = {filename for _, filename in stored}
    assert "<attrs generated methods licensetrack.core.model.Activity>" in names
    assert any(name.startswith("<cattrs generated structure licensetrack.core.model.") for name in names)
    hashed = [key for key in stored if TYPE_HASH in key[0]]
    assert hashed
    assert all(stored[key][1] for key in hashed)  # every frozen class has its __hash__ variants


@settings(max_examples=25, deadline=None)
@given(type_hash=HASHES)
def test_every_entry_served_with_any_type_hash_is_what_compiling_its_source_gives(
    stored: dict[precompiled.Key, precompiled.Entry], type_hash: int
) -> None:
    """The one value that differs between processes, attrs's type hash (salted by PYTHONHASHSEED): for a
    hash of 16 digits or more the stored code is served and equal to compiling; for a shorter one (about
    1 in 10,000) nothing is served and the source is compiled."""
    for (source, filename), entry in stored.items():
        if TYPE_HASH not in source:
            assert _same_code(served_code(entry, None), _compiled(source, filename))
            continue
        served = served_code(entry, type_hash)
        if len(str(abs(type_hash))) < 16:
            assert served is None
        else:
            assert _same_code(served, _compiled(source.replace(TYPE_HASH, str(type_hash)), filename))


def test_this_processs_type_hashes_are_found_in_attrs_sources() -> None:
    """What attrs wrote in this process, keyed: the hash it took out is the class's, and putting it back
    gives the source attrs compiled."""

    @attrs.frozen
    class Probe:
        value: int

    key = next(key for key in STORE.compiled if key[1].endswith(f"{Probe.__qualname__}>"))
    _, _, type_hash = STORE.compiled[key]
    assert type_hash == hash(f"<attrs generated hash {Probe.__module__}.{Probe.__qualname__}>")
    assert TYPE_HASH in key[0]
    assert key_of(key[0].replace(TYPE_HASH, str(type_hash)), key[1]) == (key, type_hash)
    assert hash(Probe(1)) == hash(Probe(1))
    assert Probe(1) != Probe(2)


def test_a_source_it_does_not_have_is_compiled_with_the_generators_future_flags(tmp_path: Path) -> None:
    """attrs and cattrs compile under ``from __future__ import annotations``, and so does their stand-in."""
    stand_in = CachedCompile(attr._make, Store(str(tmp_path / "none")))
    namespace: dict[str, object] = {}
    source = "def f(x: not_defined_anywhere) -> None:\n    pass\n"
    exec(stand_in(source, "<probe>", "exec"), namespace)  # a literal source of this test
    assert namespace["f"].__annotations__ == {"x": "not_defined_anywhere", "return": "None"}
    with pytest.raises(NameError):
        exec(stand_in(source, "<probe>", "exec", dont_inherit=True), {})  # as compile() does
    assert stand_in("1 + 1", "<probe>", "eval") is not None  # anything else: compile() itself


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0), garbage=st.binary(max_size=16), header=st.booleans())
def test_a_missing_foreign_or_damaged_file_serves_nothing_and_never_raises(
    tmp_path_factory: pytest.TempPathFactory, cut: int, garbage: bytes, header: bool
) -> None:
    folder = tmp_path_factory.mktemp("damaged")
    target = folder / precompiled.FILE_NAME
    some = dict(list(STORE.compiled.items())[:3])
    data = dumps(some)
    if not header:  # another Python's file
        data = data.replace(precompiled.header(), precompiled.header().replace(b"'", b"'other "), 1)
    target.write_bytes(data[: cut % (len(data) + 1)] + garbage)
    entries = read(str(target))
    assert entries == {} or (header and set(entries) == set(some))
    assert read(str(folder / "missing")) == {}


def test_covering_is_done_once_when_attrs_and_cattrs_are_imported_and_not_at_all_when_off() -> None:
    assert isinstance(vars(attr._make)["compile"], CachedCompile)
    assert isinstance(vars(cattrs.gen)["compile"], CachedCompile)
    code = (
        "import sys, licensetrack, attr._make, cattrs.gen; "
        "print(type(vars(attr._make).get('compile')).__name__, type(vars(cattrs.gen).get('compile')).__name__, "
        "any(type(f).__name__ == '_CoverOnImport' for f in sys.meta_path))"
    )
    for setting, expected in ((None, "CachedCompile CachedCompile False"), ("off", "NoneType NoneType False")):
        env = {key: value for key, value in os.environ.items() if key != precompiled.ENVIRONMENT}
        if setting is not None:
            env[precompiled.ENVIRONMENT] = setting
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        assert result.stdout.split() == expected.split()


def test_the_command_line_freezes_what_is_alive_at_exit_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """However often the group runs in one process, one gc.freeze is registered for the exit."""
    registered: list[object] = []
    monkeypatch.setattr("atexit.register", registered.append)
    monkeypatch.setattr(
        "atexit.unregister", lambda function: registered.remove(function) if function in registered else None
    )
    freeze_at_exit()
    freeze_at_exit()
    assert registered == [gc.freeze]


def test_the_finder_covers_the_generator_alone_and_leaves_its_loader_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It wraps the generator's loader for that one import (a loader may load other modules too) and covers
    nothing else; it leaves sys.meta_path once every generator it waited for is imported."""
    (tmp_path / "probe_generator.py").write_text("def make():\n    return compile('x = 1', '<probe>', 'exec')\n")
    (tmp_path / "probe_other.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = precompiled._CoverOnImport(["probe_generator"])
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    try:
        import probe_generator  # type: ignore[import-not-found]
        import probe_other  # type: ignore[import-not-found]

        assert isinstance(vars(probe_generator)["compile"], CachedCompile)
        assert "compile" not in vars(probe_other)
        assert finder not in sys.meta_path
        loader = probe_generator.__loader__
        assert loader.exec_module.__func__ is type(loader).exec_module
        assert probe_generator.make() is not None
    finally:
        sys.modules.pop("probe_generator", None)
        sys.modules.pop("probe_other", None)
