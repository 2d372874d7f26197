"""All output lives here: `json_out` (no rich import, for scripts) and `human` (rich, for people).

cli/ hands a command's result to `show`, which picks the renderer by the result's type; nothing
else in kefu prints.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any


class Options:
    """How human output looks, as the command line asked: `--color`, `--brief`."""

    color = "auto"  # auto: colour on a terminal unless NO_COLOR; always; never
    brief = False  # a lookup's first part only: what to do now


OPTIONS = Options()
COLOR_MODES = ("auto", "always", "never")


def configure(color: str | None = None, brief: bool | None = None) -> None:
    if color is not None:
        if color not in COLOR_MODES:
            raise ValueError(f"--color must be one of {', '.join(COLOR_MODES)}")
        OPTIONS.color = color
    if brief is not None:
        OPTIONS.brief = brief


def _write_json(result: Any) -> None:
    """JSON is always UTF-8, whatever the console encoding (PYTHONIOENCODING=gbk included)."""
    from kefu_cli.render.json_out import dumps

    data = (dumps(result) + "\n").encode("utf-8")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def emit(result: Any, as_json: bool) -> None:
    if as_json:
        _write_json(result)
        return
    from kefu_cli.render.human import render

    render(result)


def show(result: Any, as_json: bool) -> None:
    """A command's result, whichever it is: an answer on stdout, an error on stderr."""
    from kefu_cli.results import ErrorResult

    if isinstance(result, ErrorResult):
        emit_error(result, as_json)
    else:
        emit(result, as_json)


def emit_error(result: Any, as_json: bool) -> None:
    """One clear sentence on stderr; with --json the error object on stdout as well."""
    if as_json:
        _write_json(result)
    from kefu_cli.render.human import render_error

    render_error(result)


def warn(message: str) -> None:
    """Warnings (broken user data, stale data) go to stderr and never stop an answer."""
    with contextlib.suppress(UnicodeEncodeError, OSError):
        sys.stderr.write(f"kefu: warning: {message}\n")
