"""Text for a terminal: its width, wrapping that never splits a word or an address, and styling.

Output is laid out for the terminal's width when it goes to one, and for 80 columns otherwise (a
file, a pipe, a test), so what is saved or piped does not depend on the window it was made in.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO

Style = Callable[..., str]
WIDTH = 80
NARROWEST = 60  # below this the report's table cannot be laid out; it is laid out for 60 and wraps


def plain(text: str, **_styles: object) -> str:
    """The no-colour style: ``click.style``'s signature, the text unchanged."""
    return text


def width_of(stream: TextIO) -> int:
    """The columns of the terminal ``stream`` writes to, or WIDTH when it is not a terminal."""
    try:
        on_terminal = stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        on_terminal = False
    if not on_terminal:
        return WIDTH
    return max(NARROWEST, terminal_columns())


def terminal_columns() -> int:
    """The columns ``shutil.get_terminal_size((WIDTH, 24))`` gives: ``COLUMNS`` when it is a positive number,
    else the terminal of standard output, else WIDTH. Said here because importing ``shutil`` (with its
    compression modules) cost every command about 2 ms (docs/performance.md); a test holds the two equal."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or WIDTH


def wrap(text: str, indent: int = 2, width: int = WIDTH) -> list[str]:
    """Lines of at most ``width``, continuation lines indented two more; words and URLs stay whole."""
    return textwrap.wrap(
        text,
        width,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + 2),
        break_on_hyphens=False,
        break_long_words=False,
    ) or [""]


def column(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` for a table's column (a word longer than that is split)."""
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]
