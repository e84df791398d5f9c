"""The library's own exceptions.

Every failure caused by input (a profile, a rule file, a command-line value) is raised as a
:class:`LicensetrackError` subclass, so callers can catch one type and the command line can turn
it into a clear message and exit status 2 instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs


class LicensetrackError(Exception):
    """Base class of every error the library raises on purpose."""


class ModelError(LicensetrackError, ValueError):
    """A value that breaks a rule of the domain model.

    ``field`` names the attribute at fault so that loaders can report the full path
    (``activities[3] ("Ethics Update").hours``) even though the check runs in the model.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@attrs.frozen
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    path: str
    message: str

    def render(self, source: str | None) -> str:
        parts = [p for p in (source, self.path) if p]
        return ": ".join([*parts, self.message])


class InputError(LicensetrackError):
    """Bad input, with every problem found, each naming the file, the record and the field."""

    def __init__(self, source: str | None, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.render(source) for p in self.problems))

    @classmethod
    def single(cls, source: str | None, path: str, message: str) -> InputError:
        return cls(source, [Problem(path, message)])


class ProfileError(InputError):
    """A profile (TOML, JSON, a JSON Lines record or a CSV bundle) that cannot be read."""


class RuleSetError(InputError):
    """A rule file that cannot be read or breaks the rule language."""


class WriteError(LicensetrackError):
    """A file that could not be written: its folder is missing, read-only or full, or it is a folder.

    Raised by the atomic writer in place of the operating system's error, so every command says the
    same thing, naming the file as the user gave it (``cannot write out/x.ics: no space left on
    device``), and the old file, if any, is left as it was.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason


# Characters str.splitlines() breaks at that JSON leaves alone (it escapes only C0 controls).
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def quoted(text: str) -> str:
    """Text in double quotes with line breaks and control characters escaped, so a message stays
    on one line by any definition of a line (a reader splitting on U+2028 included)."""
    import json

    return json.dumps(text, ensure_ascii=False).translate(_LINE_BREAKS)


def key_path(key: object) -> str:
    """A mapping key as it may appear in a path: bare when it is a plain word, else quoted."""
    text = str(key)
    plain = text.replace("_", "").replace("-", "").isalnum() and text.isascii()
    return text if plain else quoted(text)


def close_match(word: str, choices: Iterable[str]) -> str:
    """Return ``' (did you mean "x"?)'`` for the nearest choice, or an empty string."""
    import difflib

    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' (did you mean "{found[0]}"?)' if found else ""


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> str:
    """``' (did you mean "a", "b" or "c"?)'``: up to ``n`` nearest choices, or an empty string.

    Near by spelling first (difflib), then choices that contain the word (``suicide`` finds
    ``suicide-prevention``, which spelling alone misses), nearest first.
    """
    import difflib

    ordered = sorted(choices)
    found = difflib.get_close_matches(word, ordered, n=n, cutoff=0.6)
    if len(word) >= 3:
        containing = [c for c in ordered if word in c and c not in found]
        containing.sort(key=lambda c: -difflib.SequenceMatcher(None, word, c).ratio())
        found += containing[: n - len(found)]
    if not found:
        return ""
    quoted_words = [f'"{c}"' for c in found]
    listed = quoted_words[0] if len(found) == 1 else ", ".join(quoted_words[:-1]) + " or " + quoted_words[-1]
    return f" (did you mean {listed}?)"


def unknown_word(label: str, word: str, known: Iterable[str]) -> str:
    """The message for a topic or approval body that is not in the vocabulary: the nearest words,
    and the command that lists them all."""
    return f"unknown {label} {word!r}{close_matches(word, known)}; `licensetrack vocabulary` lists every {label}"
