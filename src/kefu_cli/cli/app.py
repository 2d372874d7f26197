"""The command line: Typer commands wired to functions in commands.py, results to render.

`kefu PLATFORM PROBLEM...` has no sub-command word, so the group below routes any first word that
is not a command name to the hidden `lookup` command; its plain form is answered by plain.py, which
the console script (entry.py) uses without importing this module at all. The only Typer importer.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kefu_cli import __version__, commands
from kefu_cli.cli import plain
from kefu_cli.cli.at import parse_at
from kefu_cli.render import emit_error
from kefu_cli.results import ErrorResult

# Typer vendors click in recent versions and re-exports only BadParameter; find its base class.
UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


class _LookupByDefault(TyperGroup):
    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **kw: Any,
    ) -> Any:
        """Usage errors keep exit code 2 and, with --json, also produce the JSON error object."""
        argv = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, windows_expand_args, **kw)

        def run() -> int:
            try:
                request = plain.parse_plain(argv)
                if request is not None:
                    return plain.run_plain(request)
                rv = super(_LookupByDefault, self).main(
                    argv, prog_name, complete_var, False, windows_expand_args, **kw
                )
            except UsageError as exc:
                if "--json" in argv:
                    message = exc.format_message()  # type: ignore[attr-defined]
                    emit_error(ErrorResult("usage", message, exit_code=2), as_json=True)
                else:
                    exc.show()  # type: ignore[attr-defined]
                return 2
            except typer.Abort:
                sys.stderr.write("Aborted.\n")
                return 1
            return rv if isinstance(rv, int) else 0

        # Anything else unexpected: one sentence, never a traceback (plain.guarded).
        sys.exit(plain.guarded(run, as_json="--json" in argv))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-") or a == "-"), None)
        if first is not None and first not in self.commands:
            args = ["lookup", *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, cmd, rest = super().resolve_command(ctx, args)
        # Usage lines read `kefu PLATFORM …`, not the hidden command's name.
        return ("" if name == "lookup" else name), cmd, rest

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name in super().list_commands(ctx) if name != "lookup"]


app = typer.Typer(
    cls=_LookupByDefault,
    name="kefu",
    help=(
        "找对客服渠道，远离假客服。Find the right customer-support channel for your problem.\n\n"
        "  kefu douyin 充值未到账     recommended channel for a problem\n\n"
        "  kefu douyin                a platform's channels and problem categories\n\n"
        "  kefu list | kefu hours bilibili | kefu verify 95152"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine output (JSON) on stdout.")]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="DATETIME",
        help="ISO 8601 moment, e.g. 2026-11-23T23:30+08:00; default now.",
    ),
]


def _at(value: str | None) -> dt.datetime:
    try:
        return parse_at(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--at'") from None


def _finish(outcome: commands.Outcome, as_json: bool) -> None:
    code = plain.show_outcome(outcome, as_json)
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kefu {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """找对客服渠道，远离假客服。"""


@app.command("lookup", hidden=True)
def lookup_cmd(
    platform: Annotated[str, typer.Argument(help="Platform: id, name or alias (抖音, dy, b站…).")],
    problem: Annotated[
        list[str] | None, typer.Argument(help="Your problem in your own words.")
    ] = None,
    json_: JsonOpt = False,
    at: AtOpt = None,
) -> None:
    """Recommended channel for PLATFORM and PROBLEM; the overview without PROBLEM."""
    _finish(commands.lookup(platform, problem or [], _at(at), progress=plain.progress_bar), json_)


@app.command("list")
def list_cmd(json_: JsonOpt = False, at: AtOpt = None) -> None:
    """All platforms: id, name, aliases, channels, sources, verified date."""
    _at(at)
    _finish(commands.list_platforms(progress=plain.progress_bar), json_)


@app.command("hours")
def hours_cmd(
    platform: Annotated[
        str, typer.Argument(metavar="PLATFORM", help="Platform: id, name or alias.")
    ],
    json_: JsonOpt = False,
    at: AtOpt = None,
) -> None:
    """Each channel's hours, whether it is open now, and when it next opens."""
    _finish(commands.hours(platform, _at(at), progress=plain.progress_bar), json_)


@app.command("verify")
def verify_cmd(
    text: Annotated[
        list[str] | None,
        typer.Argument(
            help="A phone number, email, domain, URL or a pasted message; - reads it from stdin."
        ),
    ] = None,
    json_: JsonOpt = False,
    at: AtOpt = None,
) -> None:
    """Is this number, site or message really the platform's customer service?"""
    _at(at)
    _finish(commands.verify(_verify_text(text or []), progress=plain.progress_bar), json_)


def _verify_text(words: list[str]) -> str:
    """The text to check: the arguments; `-` reads stdin (a pasted multi-line SMS or chat); nothing
    on a terminal asks for it (an empty line or Ctrl-D ends); nothing and no terminal is a usage error."""
    if words == ["-"]:
        return sys.stdin.read()
    if words:
        return " ".join(words)
    if not sys.stdin.isatty():
        raise typer.BadParameter(
            "give the text to check, or - to read it from stdin", param_hint="'TEXT'"
        )
    from kefu_cli.verify.sentences import PROMPT

    typer.echo(PROMPT, err=True)
    lines: list[str] = []
    for line in sys.stdin:
        if not line.strip():
            if lines:
                break
            continue
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)


@app.command("validate")
def validate_cmd(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Data files or directories (default: all data).")
    ] = None,
    json_: JsonOpt = False,
    at: AtOpt = None,
) -> None:
    """Lint platform data files; every problem as file:line: field: message."""
    _at(at)
    _finish(commands.validate(paths or []), json_)
