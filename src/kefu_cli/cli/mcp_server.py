"""`kefu mcp`: kefu's answers as Model Context Protocol tools, served over stdio.

Each tool runs the same function in commands.py as the matching command and hands back exactly the
object that command prints with `--json` (render/json_out.py's `to_json`), as structured content and
as its JSON text. A kefu error (unknown platform, bad `at`) is a tool error carrying kefu's error
object; anything unexpected becomes the `internal` error object, so the server keeps serving.

Needs the optional MCP SDK (`pip install 'kefu[mcp]'`); only `kefu mcp` imports this module.
"""

# No `from __future__ import annotations`: the SDK reads the tools' signatures at run time.

import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from kefu_cli import __version__, commands
from kefu_cli.cli.at import parse_at
from kefu_cli.render import warn
from kefu_cli.render.json_out import to_json
from kefu_cli.results import ErrorResult

#: What a tool returns: a CallToolResult whose structured content is a JSON object.
Answer = Annotated[CallToolResult, dict[str, Any]]

INSTRUCTIONS = (
    "kefu knows, offline and with sources, how to reach the real customer service of Chinese "
    "consumer platforms (抖音, 快手, 微信, 支付宝, 淘宝, 拼多多, B站, …) and which contacts are fake. "
    "Answer questions about customer-service numbers, contacts and hours from these tools, not from "
    "memory: fake 'official hotlines' are a common fraud in China. Call verify before telling a user "
    "to dial, add, email or open any customer-service contact, and pass on kefu's warnings."
)

PlatformArg = Annotated[
    str,
    Field(
        description="The platform as the user names it: id, Chinese or Latin name, alias or "
        "abbreviation (抖音, douyin, dy, b站, 支付宝, zfb). Small typos are fine.",
    ),
]
AtArg = Annotated[
    str | None,
    Field(
        description="The moment to answer for, ISO 8601, e.g. 2026-11-23T23:30+08:00 (without an "
        "offset: the server's local time). Omit for now.",
    ),
]

_READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)


def _result(result: Any, warnings: tuple[str, ...] = ()) -> CallToolResult:
    """The `--json` object of a result; a kefu error is a tool error. Warnings (stale data, a
    skipped user file) are what the CLI prints on stderr: here they ride along as `notices`, so the
    assistant can pass them on, and go to the server's stderr too."""
    for message in warnings:
        warn(message)
    obj = to_json(result)
    if warnings:
        obj["notices"] = list(warnings)
    return CallToolResult(
        content=[TextContent(type="text", text=json.dumps(obj, ensure_ascii=False, indent=2))],
        structured_content=obj,
        is_error=isinstance(result, ErrorResult),
    )


def _answer(run: Callable[[], commands.Outcome]) -> CallToolResult:
    """Run a command; whatever goes wrong comes back as kefu's error object, never a crash."""
    try:
        outcome = run()
    except Exception as exc:
        if os.environ.get("KEFU_DEBUG"):
            traceback.print_exc(file=sys.stderr)
        message = f"内部错误（{type(exc).__name__}: {exc}）。请设置 KEFU_DEBUG=1 重试并报告。"
        return _result(ErrorResult("internal", message))
    return _result(outcome.result, outcome.warnings)


def _bad_at(value: str | None) -> CallToolResult | None:
    try:
        parse_at(value)
    except ValueError as exc:
        return _result(ErrorResult("usage", f"at: {exc}", exit_code=2))
    return None


def lookup(
    platform: PlatformArg,
    problem: Annotated[
        str | None,
        Field(
            description="The user's problem in their own words, Chinese, pinyin or English "
            "(充值未到账, 账号被封, refund), or a category id (account, content, technical, "
            "payment, live_commerce, privacy_security, feedback). Omit for the platform's "
            "overview: every channel, every problem category, known fake numbers, official "
            "domains.",
        ),
    ] = None,
    at: AtArg = None,
) -> Answer:
    words = [problem] if problem is not None and problem.strip() else []
    return _bad_at(at) or _answer(lambda: commands.lookup(platform, words, parse_at(at)))


def verify(
    text: Annotated[
        str,
        Field(
            description="A phone number, email address, domain, URL, or a whole pasted message "
            "(SMS, chat) that claims to come from customer service.",
        ),
    ],
) -> Answer:
    return _answer(lambda: commands.verify(text))


def list_platforms(
    search: Annotated[
        str | None,
        Field(description="Only platforms whose id, name or an alias contains this text."),
    ] = None,
    category: Annotated[
        str | None,
        Field(
            description="Only platforms handling this problem category: account, content, "
            "technical, payment, live_commerce, privacy_security or feedback."
        ),
    ] = None,
) -> Answer:
    return _answer(lambda: commands.list_platforms(search=search, category=category))


def hours(platform: PlatformArg, at: AtArg = None) -> Answer:
    return _bad_at(at) or _answer(lambda: commands.hours(platform, parse_at(at)))


_TOOLS: tuple[tuple[Callable[..., Any], str, str], ...] = (
    (
        lookup,
        "Official customer-support channel for a problem",
        "Which customer-support channel of a platform to use for a user's problem: the recommended "
        "channel with its exact contact and how sure kefu is of it (status official / reported), "
        "the tap-by-tap path in the app, whether it is open at `at` and when it next opens, reply "
        "times, what to have ready, alternatives, escalation and scam warnings. Use it whenever a "
        "user asks how to contact, complain to, appeal to or get a refund from a platform's "
        "customer service (e.g. 抖音客服电话是多少, 快手账号被封怎么申诉), instead of answering "
        "from memory. Never present a `reported` contact as official, and pass on `warnings`. "
        "Without `problem`, the platform's overview. If `problem` is null in the answer, ask the "
        "user which of `candidates` they mean.",
    ),
    (
        verify,
        "Is this customer-service contact or message real?",
        "Checks a phone number, email, domain, URL or pasted message against the official contacts "
        "kefu knows. Verdicts: official, reported, disputed (contradicted by the platform or a "
        "known fake), spoofed, lookalike, unknown (never means safe), and for messages scam, "
        "suspicious or no_signals; `advice` names the official alternative. Call verify before "
        "telling a user to dial, add, email or open any customer-service contact (including one "
        "you found elsewhere or remember), and whenever a user asks whether a number, link or "
        "message claiming to be customer service is genuine.",
    ),
    (
        list_platforms,
        "Platforms kefu knows",
        "Every platform kefu has data for: id, names, aliases, channel count, sources and the date "
        "the facts were verified. Use it to see whether kefu covers a platform or to find its id.",
    ),
    (
        hours,
        "Customer-service hours of a platform",
        "Each customer-support channel's hours for a platform, whether it is open at `at` (default "
        "now, holidays included) and when it next opens. Use it when a user asks when customer "
        "service is available or whether they can reach someone now.",
    ),
)


def build_server() -> MCPServer:
    server: MCPServer = MCPServer(
        name="kefu",
        title="kefu — 找对客服，远离假客服",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )
    for fn, title, description in _TOOLS:
        server.add_tool(fn, title=title, description=description, annotations=_READ_ONLY)
    return server


def serve() -> int:
    """Serve over stdio until the client closes the connection."""
    notes: list[str] = []
    try:  # build the catalog now, not in the first (possibly concurrent) tool calls
        commands.open_catalog(notes)
    except Exception as exc:
        notes.append(f"could not open the catalog yet ({type(exc).__name__}: {exc})")
    for message in notes:
        warn(message)
    build_server().run("stdio")
    return 0
