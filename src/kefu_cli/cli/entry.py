"""The `kefu` console script (and `python -m kefu_cli`): the plain lookup without Typer, the rest
through the Typer app. See plain.py for why."""

from __future__ import annotations

import sys

from kefu_cli.cli.plain import guarded, harden_streams, parse_plain, run_plain


def main() -> None:
    harden_streams()
    argv = sys.argv[1:]
    try:
        sys.exit(guarded(lambda: _answer(argv), as_json="--json" in argv))
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)


def _answer(argv: list[str]) -> int:
    request = parse_plain(argv)
    if request is None:
        from kefu_cli.cli.app import app

        app()  # exits
        return 0
    return run_plain(request)
