"""Text for an 80-column terminal: wrapping that never splits a word or an address, and styling."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

Style = Callable[..., str]
WIDTH = 80


def plain(text: str, **_styles: object) -> str:
    """The no-colour style: ``click.style``'s signature, the text unchanged."""
    return text


def wrap(text: str, indent: int = 2) -> list[str]:
    """Lines of at most WIDTH, continuation lines indented two more; words and URLs stay whole."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_on_hyphens=False,
        break_long_words=False,
    ) or [""]
