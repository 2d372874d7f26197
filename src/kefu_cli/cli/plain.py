"""The plain lookup, `kefu PLATFORM [PROBLEM...] [--json] [--at WHEN]`, parsed and answered without
Typer, and the pieces every way of running kefu shares: showing an outcome, the last-resort guard.

`kefu douyin 充值未到账` is what people type most, and importing Typer (click, its parameter types)
costs more than the whole lookup. So this form is parsed by hand here; anything else goes to the
Typer app (cli/app.py), whose group routes the plain form back to `run_plain`: one code path,
whichever way kefu was started (the tests drive the app through Typer's CliRunner).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

#: The sub-command names of the Typer app: a first word that is one of them is not a platform
#: (tests/test_cli_entry.py checks that the two lists agree).
COMMANDS = frozenset({"list", "hours", "verify", "validate", "lookup", "info", "help", "mcp"})
COLOR_MODES = ("auto", "always", "never")


class PlainLookup:
    """`kefu PLATFORM [PROBLEM...] [--json] [--at WHEN] [--brief] [--color MODE]`, parsed."""

    __slots__ = ("as_json", "at", "brief", "color", "platform", "problem")

    def __init__(
        self,
        platform: str,
        problem: list[str],
        as_json: bool,
        at: dt.datetime,
        brief: bool = False,
        color: str = "auto",
    ) -> None:
        self.platform = platform
        self.problem = problem
        self.as_json = as_json
        self.at = at
        self.brief = brief
        self.color = color


def parse_plain(argv: Sequence[str]) -> PlainLookup | None:
    """`kefu PLATFORM [PROBLEM...] [--json] [--at WHEN] [--brief] [--color MODE]` parsed without
    Typer, else None (Typer then parses it, and reports what is wrong)."""
    if not argv or argv[0].startswith("-") or argv[0] in COMMANDS:
        return None
    if any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return None  # shell completion is Typer's business
    words: list[str] = []
    as_json, brief, at, color, i = False, False, None, None, 0
    while i < len(argv):
        tok = argv[i]
        if tok == "--json":
            as_json = True
        elif tok == "--brief":
            brief = True
        elif tok == "--color" and color is None and i + 1 < len(argv):
            color, i = argv[i + 1], i + 1
        elif tok.startswith("--color=") and color is None:
            color = tok[len("--color=") :]
        elif tok == "--at" and at is None and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            at, i = argv[i + 1], i + 1
        elif tok.startswith("--at=") and at is None:
            at = tok[len("--at=") :]
        elif tok.startswith("-") and tok != "-":
            return None
        else:
            words.append(tok)
        i += 1
    from kefu_cli.cli.at import parse_at

    try:
        moment = parse_at(at)
    except ValueError:
        return None  # Typer reports the bad value as a usage error, with an example
    if color is not None and color not in COLOR_MODES:
        return None  # Typer reports the bad value as a usage error
    return PlainLookup(words[0], words[1:], as_json, moment, brief, color or "auto")


def show_outcome(outcome: Any, as_json: bool) -> int:
    """Warnings to stderr, the result to stdout (an error to stderr); returns the exit code."""
    from kefu_cli.render import show, warn

    for message in outcome.warnings:
        warn(message)
    show(outcome.result, as_json)
    return int(outcome.code)


def progress_bar() -> Any:
    """The progress display for a large catalog build (rich, on a terminal's stderr)."""
    from kefu_cli.render.progress import ProgressBar

    return ProgressBar()


def run_plain(request: PlainLookup) -> int:
    """Answer the lookup and return the exit code; a reader that went away is not an error."""
    from kefu_cli import commands
    from kefu_cli.render import configure

    configure(color=request.color, brief=request.brief)
    try:
        outcome = commands.lookup(
            request.platform, request.problem, request.at, progress=progress_bar
        )
        return show_outcome(outcome, request.as_json)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def internal_error(exc: Exception, as_json: bool) -> int:
    """The last line of defence: one sentence (and the JSON error object), never a traceback."""
    from kefu_cli.render import emit_error
    from kefu_cli.results import ErrorResult

    message = f"内部错误（{type(exc).__name__}: {exc}）。请设置 KEFU_DEBUG=1 重试并报告。"
    emit_error(ErrorResult("internal", message), as_json=as_json)
    return 1


def guarded(run: Callable[[], int], as_json: bool) -> int:
    """`run()`, with any unexpected exception turned into `internal_error` (KEFU_DEBUG=1: raised)."""
    try:
        return run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get("KEFU_DEBUG"):
            raise
        return internal_error(exc, as_json)


def harden_streams() -> None:
    """Never crash on a console encoding that lacks a character (GBK): replace it instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
