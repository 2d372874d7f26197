"""The console and the building blocks every human renderer shares (lookups, verify, lists).

Here so that human.py and verify_human.py both build on it without importing each other. Every
symbol has a fallback the output encoding can carry (a GBK console has no ✓ or ⚠), and the console
wraps to the terminal's width with CJK-aware line breaking (cjkwrap).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from kefu_cli.render import cjkwrap

cjkwrap.install()


def is_plain(stream: Any) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return True
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return True


def make_console(stderr: bool = False) -> Console:
    from kefu_cli.render import OPTIONS

    stream = sys.stderr if stderr else sys.stdout
    plain = OPTIONS.color == "never" or (OPTIONS.color == "auto" and is_plain(stream))
    return Console(
        file=stream,
        force_terminal=False if plain else (True if OPTIONS.color == "always" else None),
        no_color=plain,
        color_system=None if plain else "auto",
        highlight=False,
        emoji=False,
        markup=False,  # data is shown as written: "[bold]" in a user file is text, not a style
        soft_wrap=False,
    )


class Style:
    """Symbols and styles for one console: fancy where the terminal can show them, else plain."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.plain = console.color_system is None
        enc = (console.encoding or "utf-8").lower()

        def pick(fancy: str, fallback: str) -> str:
            try:
                fancy.encode(enc)
            except (UnicodeEncodeError, LookupError):
                return fallback
            return fancy

        self.ok = pick("✓", "●")
        self.warn = pick("⚠", "※")
        self.bullet = pick("•", "·")
        self.arrow = pick("›", ">")
        self.bar_open = "#" if self.plain else pick("█", "#")
        self.bar_closed = "-" if self.plain else pick("░", "-")
        self.bar_unknown = "?" if self.plain else pick("·", "?")


def hanging_list(items: Sequence[tuple[str, Text | str]], marker_style: str = "") -> Table:
    """A list with a hanging indent: wrapped lines stay under their item, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=marker_style)
    grid.add_column(overflow="fold")
    for marker, body in items:
        grid.add_row(marker, body)
    return grid


def bullets(items: tuple[str, ...] | list[str], mark: str, style: str = "") -> Padding:
    return Padding(
        hanging_list([(mark, item) for item in items], style), (0, 0, 0, 2), expand=False
    )


def numbered(items: tuple[str, ...]) -> Padding:
    return Padding(
        hanging_list([(f"{i}.", item) for i, item in enumerate(items, 1)]),
        (0, 0, 0, 2),
        expand=False,
    )


def section(title: str) -> Text:
    return Text(title, style="bold underline")


def draw(fn: Callable[[Any, Console, Style], None], result: Any, stderr: bool = False) -> None:
    """Run a renderer on a fresh console; plain output loses the padding rich leaves at line ends."""
    console = make_console(stderr=stderr)
    if console.color_system is not None:
        fn(result, console, Style(console))
        return
    with console.capture() as captured:
        fn(result, console, Style(console))
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    console.file.write(text + "\n")
