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
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from kefu_cli import __version__, commands
from kefu_cli.cli import plain
from kefu_cli.cli.at import parse_at
from kefu_cli.render import COLOR_MODES, configure, emit_error
from kefu_cli.results import ErrorResult

# Typer vendors click in recent versions and re-exports only BadParameter; find its base class.
UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


def _no_type_label(self: Any, ctx: Any) -> str | None:
    """Help shows what to type (PLATFORM, DATETIME), never Python type labels (<bool>, <list[str]>)."""
    return self.metavar if isinstance(self, TyperOption) and not self.is_flag else None


def _usage_name(self: Any) -> str:
    """`PLATFORM [PROBLEM]...` in usage lines, as man pages write them (Typer writes {PLATFORM})."""
    name = str(self.display_name_raw)
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


TyperOption.display_type_rich = _no_type_label  # type: ignore[method-assign]
TyperArgument.display_type_rich = _no_type_label  # type: ignore[method-assign]
TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]


class _LookupContext(typer.Context):
    @property
    def command_path(self) -> str:
        """`kefu`, not `kefu ` (the hidden command has an empty name): no double space in the
        usage line or in "Try 'kefu -h' for help"."""
        return str(super().command_path).rstrip()


class _LookupCommand(TyperCommand):
    """The hidden lookup command: its usage line reads `kefu [OPTIONS] PLATFORM …`."""

    context_class = _LookupContext


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
            configure(color="auto", brief=False)  # each run starts from the defaults
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
        first, skip = None, False
        for a in args:
            if skip:
                skip = False
            elif a == "--color":
                skip = True  # the root option's value is not a command or a platform
            elif not a.startswith("-") or a == "-":
                first = a
                break
        if first is not None and first not in self.commands:
            args = ["lookup", *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, cmd, rest = super().resolve_command(ctx, args)
        # Usage lines read `kefu PLATFORM …`, not the hidden command's name.
        return ("" if name == "lookup" else name), cmd, rest

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        """The first word is a command or a platform: complete both."""
        items = list(super().shell_complete(ctx, incomplete))
        if not incomplete.startswith("-"):
            from typer._click.shell_completion import CompletionItem

            items += [CompletionItem(word) for word in complete_platform(incomplete)]
        return items

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name in super().list_commands(ctx) if name != "lookup"]


app = typer.Typer(
    cls=_LookupByDefault,
    name="kefu",
    help=(
        "Find the right customer-support channel for your problem, and stay away from fake"
        " customer service (找对客服渠道，远离假客服).\n\n"
        "  kefu douyin 充值未到账     the channel to use now for a problem\n\n"
        "  kefu douyin                a platform's channels and problem categories\n\n"
        "  kefu list | kefu hours bilibili | kefu verify 95152 | kefu info"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def complete_platform(incomplete: str) -> list[str]:
    """Platform ids and aliases for shell completion."""
    return commands.complete_platforms(incomplete)


def complete_problem(ctx: typer.Context, incomplete: str) -> list[str]:
    """Problem category ids of the platform already typed."""
    return commands.complete_categories(str(ctx.params.get("platform") or ""), incomplete)


JsonOpt = Annotated[bool, typer.Option("--json", help="Machine output (JSON) on stdout.")]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="DATETIME",
        help="ISO 8601 moment, e.g. 2026-11-23T23:30+08:00; default now.",
    ),
]
ColorOpt = Annotated[
    str | None,
    typer.Option(
        "--color",
        metavar="auto|always|never",
        help="Colour: auto (default: on a terminal, unless NO_COLOR is set), always or never.",
    ),
]
PlatformArg = Annotated[
    str,
    typer.Argument(
        metavar="PLATFORM",
        help="Platform: id, name or alias (抖音, dy, b站…).",
        autocompletion=complete_platform,
    ),
]


def _color(value: str | None) -> None:
    if value is None:
        return  # as given before the command (kefu --color never list), else auto
    if value not in COLOR_MODES:
        raise typer.BadParameter(f"use one of {', '.join(COLOR_MODES)}", param_hint="'--color'")
    configure(color=value)


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
    color: ColorOpt = None,
) -> None:
    """Find the right customer-support channel, and stay away from fake customer service."""
    _color(color)


@app.command("lookup", hidden=True, cls=_LookupCommand)
def lookup_cmd(
    platform: PlatformArg,
    problem: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PROBLEM",
            help="Your problem in your own words, or a category id (payment, account…).",
            autocompletion=complete_problem,
        ),
    ] = None,
    json_: JsonOpt = False,
    at: AtOpt = None,
    brief: Annotated[
        bool, typer.Option("--brief", help="Only what to do now: channel, contact, hours, path.")
    ] = False,
    color: ColorOpt = None,
) -> None:
    """The channel to use now for PLATFORM and PROBLEM; the overview without PROBLEM."""
    _color(color)
    configure(brief=brief)
    _finish(commands.lookup(platform, problem or [], _at(at), progress=plain.progress_bar), json_)


@app.command("list")
def list_cmd(
    search: Annotated[
        str | None,
        typer.Argument(
            metavar="SEARCH", help="Only platforms whose id, name or an alias contains this."
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            metavar="ID",
            help="Only platforms handling this problem category (account, payment, ...).",
        ),
    ] = None,
    json_: JsonOpt = False,
    at: AtOpt = None,
    color: ColorOpt = None,
) -> None:
    """All platforms: id, name, aliases, channels, sources, verified date."""
    from kefu_cli.catalog.model import CATEGORY_IDS

    _color(color)
    if category is not None and category not in CATEGORY_IDS:
        raise typer.BadParameter(
            f"{category!r} is not one of: {', '.join(CATEGORY_IDS)}", param_hint="'--category'"
        )
    outcome = commands.list_platforms(
        progress=plain.progress_bar, at=_at(at), search=search, category=category
    )
    _finish(outcome, json_)


@app.command("hours")
def hours_cmd(
    platform: PlatformArg, json_: JsonOpt = False, at: AtOpt = None, color: ColorOpt = None
) -> None:
    """Each channel's hours, whether it is open now, and when it next opens."""
    _color(color)
    _finish(commands.hours(platform, _at(at), progress=plain.progress_bar), json_)


@app.command("verify")
def verify_cmd(
    text: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TEXT",
            help="A phone number, email, domain, URL or a pasted message; - reads it from stdin.",
        ),
    ] = None,
    json_: JsonOpt = False,
    at: AtOpt = None,
    color: ColorOpt = None,
) -> None:
    """Is this number, site or message really the platform's customer service?"""
    _at(at)
    _color(color)
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
        list[str] | None,
        typer.Argument(metavar="PATH", help="Data files or directories (default: all data)."),
    ] = None,
    json_: JsonOpt = False,
    at: AtOpt = None,
    color: ColorOpt = None,
) -> None:
    """Lint platform data files; every problem as file:line: field: message."""
    _at(at)
    _color(color)
    _finish(commands.validate(paths or []), json_)


MCP_MISSING = "kefu mcp needs the MCP SDK: pip install 'kefu[mcp]'"


@app.command("mcp")
def mcp_cmd() -> None:
    """Serve kefu's lookup, verify, list and hours as MCP tools over stdio (for AI assistants)."""
    try:
        from kefu_cli.cli import mcp_server
    except ImportError as exc:
        if not (exc.name or "").startswith(("mcp", "pydantic")):
            raise
        sys.stderr.write(MCP_MISSING + "\n")
        raise typer.Exit(2) from None
    raise typer.Exit(mcp_server.serve())


@app.command("info")
def info_cmd(json_: JsonOpt = False, at: AtOpt = None, color: ColorOpt = None) -> None:
    """Where kefu reads its data and keeps its cache; the bundled data's version and age."""
    _color(color)
    _finish(commands.info(_at(at), progress=plain.progress_bar), json_)


@app.command("help")
def help_cmd(
    ctx: typer.Context,
    command: Annotated[
        str | None, typer.Argument(metavar="COMMAND", help="A command to explain.")
    ] = None,
) -> None:
    """Show this help, or a command's help (kefu help hours)."""
    root = ctx.find_root()
    group = root.command
    assert isinstance(group, TyperGroup)
    if not command:
        sys.stdout.write(root.get_help())
        return
    if command in group.commands and command != "lookup":
        target = group.commands[command]
        sys.stdout.write(target.get_help(typer.Context(target, info_name=command, parent=root)))
        return
    if command not in ("lookup", "PLATFORM", "platform"):
        known = ", ".join(n for n in group.list_commands(ctx) if n != "help")
        raise typer.BadParameter(
            f"no command {command!r} (commands: {known}; `kefu help` for the lookup)",
            param_hint="'COMMAND'",
        )
    target = group.commands["lookup"]
    sys.stdout.write(target.get_help(_LookupContext(target, info_name="", parent=root)))
