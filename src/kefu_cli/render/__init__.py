"""All output lives here: `json_out` (no rich import, for scripts) and `human` (rich, for people).

Commands hand a result dataclass to `emit`, which picks the renderer; nothing else in kefu prints.
"""

from __future__ import annotations

import sys
from typing import Any


def emit(result: Any, as_json: bool) -> None:
    if as_json:
        from .json_out import dumps

        sys.stdout.write(dumps(result) + "\n")
        return
    from .human import render

    render(result)


def emit_error(result: Any, as_json: bool) -> None:
    """One clear sentence on stderr; with --json the error object on stdout as well."""
    if as_json:
        from .json_out import dumps

        sys.stdout.write(dumps(result) + "\n")
    from .human import render_error

    render_error(result)


def warn(message: str) -> None:
    """Warnings (broken user data, stale data) go to stderr and never stop an answer."""
    try:
        sys.stderr.write(f"kefu: warning: {message}\n")
    except (UnicodeEncodeError, OSError):
        pass
