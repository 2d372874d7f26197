"""`kefu mcp`, driven by the MCP SDK's own client over stdio: one server for the whole module."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import AT, Run

pytest.importorskip("mcp", reason="the optional MCP SDK (pip install 'kefu[mcp]') is not installed")

from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import CallToolResult

TOOLS = {"lookup", "verify", "list_platforms", "hours"}


class Client:
    """A live ClientSession on a background event loop, called from synchronous tests."""

    def __init__(self, portal: BlockingPortal, session: ClientSession, errlog: Path) -> None:
        self.portal = portal
        self.session = session
        self.errlog = errlog

    def call(self, name: str, **arguments: Any) -> CallToolResult:
        return self.portal.call(self.session.call_tool, name, arguments)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Iterator[Client]:
    """`python -m kefu_cli mcp` with the environment conftest gives each test (own user dirs,
    the shared catalog cache, Beijing time)."""
    home = tmp_path_factory.mktemp("mcp-home")
    env = {k: v for k, v in os.environ.items() if k not in ("KEFU_DEBUG", "KEFU_DATA_DIR")}
    env.update(
        KEFU_HOME=str(home / "kefu-home"),
        KEFU_CACHE_DIR=str(shared_cache),
        TZ="Asia/Shanghai",
        PYTHONIOENCODING="utf-8",
    )
    params = StdioServerParameters(command=sys.executable, args=["-m", "kefu_cli", "mcp"], env=env)
    errlog = home / "stderr.txt"
    with (
        errlog.open("w", encoding="utf-8") as err,
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(stdio_client(params, errlog=err)) as (read, write),
        portal.wrap_async_context_manager(ClientSession(read, write)) as session,
    ):
        portal.call(session.initialize)
        yield Client(portal, session, errlog)


def test_lists_the_four_tools_with_guidance(client: Client) -> None:
    tools = {t.name: t for t in client.portal.call(client.session.list_tools).tools}
    assert set(tools) == TOOLS
    assert "before telling a user to dial" in (tools["verify"].description or "")
    for tool in tools.values():
        assert tool.description and tool.output_schema is not None
        assert tool.annotations is not None and tool.annotations.read_only_hint
    assert set(tools["lookup"].input_schema["properties"]) == {"platform", "problem", "at"}
    assert tools["lookup"].input_schema["required"] == ["platform"]
    assert set(tools["hours"].input_schema["properties"]) == {"platform", "at"}
    assert tools["verify"].input_schema["required"] == ["text"]
    assert set(tools["list_platforms"].input_schema.get("properties") or {}) == {
        "search",
        "category",
    }


def test_lookup_is_what_json_prints(client: Client, kefu: Run) -> None:
    result = client.call("lookup", platform="抖音", problem="充值未到账", at=AT)
    assert not result.is_error
    answer = result.structured_content
    assert answer is not None
    assert answer["problem"]["id"] == "payment"
    contacts = [answer["recommended"], *answer["alternatives"]]
    assert "95152" in [c["contact"] for c in contacts]
    printed, code = kefu.json("抖音", "充值未到账", "--at", AT)
    assert code == 0 and answer == printed
    assert json.loads(result.content[0].text) == printed  # type: ignore[union-attr]


def test_verify_a_disputed_number(client: Client, kefu: Run) -> None:
    result = client.call("verify", text="950201")
    assert not result.is_error  # an answer, not a failure: the verdict says "don't"
    assert result.structured_content is not None
    assert result.structured_content["verdict"] == "disputed"
    assert result.structured_content == kefu.json("verify", "950201")[0]


def test_hours_and_list_are_what_json_prints(client: Client, kefu: Run) -> None:
    hours = client.call("hours", platform="kuaishou", at=AT)
    assert hours.structured_content == kefu.json("hours", "kuaishou", "--at", AT)[0]
    listed = client.call("list_platforms")
    assert listed.structured_content == kefu.json("list")[0]
    overview = client.call("lookup", platform="douyin", at=AT)
    assert overview.structured_content == kefu.json("douyin", "--at", AT)[0]
    banks = client.call("list_platforms", search="银行")
    assert banks.structured_content == kefu.json("list", "银行")[0]


def test_warnings_reach_the_assistant_as_notices(client: Client) -> None:
    """What the CLI says on stderr (here: data over a year old) comes back inside the result."""
    old = client.call("lookup", platform="douyin", problem="客服电话", at="2028-06-01T10:00+08:00")
    assert any("核实于" in n for n in old.structured_content["notices"])


def test_errors_are_tool_errors_and_the_session_goes_on(client: Client) -> None:
    unknown = client.call("lookup", platform="nosuchplatform", problem="充值")
    assert unknown.is_error
    assert unknown.structured_content is not None
    assert unknown.structured_content["error"]["code"] == "unknown_platform"
    assert json.loads(unknown.content[0].text) == unknown.structured_content  # type: ignore[union-attr]
    bad_at = client.call("hours", platform="douyin", at="tomorrow")
    assert bad_at.is_error and bad_at.structured_content is not None
    assert bad_at.structured_content["error"]["code"] == "usage"
    assert "tomorrow" in bad_at.structured_content["error"]["message"]
    too_long = client.call("lookup", platform="douyin", problem="充值" * 400)
    assert too_long.is_error and too_long.structured_content is not None
    assert too_long.structured_content["error"]["code"] == "bad_input"  # kefu's own limit
    missing = client.call("lookup", problem="充值")  # no platform: the SDK rejects the arguments
    assert missing.is_error
    assert client.call("verify", text="95152").structured_content["verdict"] == "official"  # type: ignore[index]


def test_concurrent_calls(client: Client) -> None:
    async def many() -> list[CallToolResult]:
        import anyio

        results: list[CallToolResult | None] = [None] * 8
        calls = [
            ("lookup", {"platform": "douyin", "problem": "充值未到账", "at": AT}),
            ("verify", {"text": "950201"}),
            ("hours", {"platform": "bilibili", "at": AT}),
            ("list_platforms", {}),
            ("lookup", {"platform": "nosuchplatform"}),
            ("lookup", {"platform": "kuaishou", "problem": "账号被封", "at": AT}),
            ("verify", {"text": "95152"}),
            ("hours", {"platform": "douyin", "at": AT}),
        ]

        async def one(i: int, name: str, args: dict[str, Any]) -> None:
            results[i] = await client.session.call_tool(name, args)

        async with anyio.create_task_group() as tg:
            for i, (name, args) in enumerate(calls):
                tg.start_soon(one, i, name, args)
        return [r for r in results if r is not None]

    results = client.portal.call(many)
    assert [r.is_error for r in results] == [False] * 4 + [True] + [False] * 3
    sc = [r.structured_content or {} for r in results]
    assert sc[0]["problem"]["id"] == "payment" and sc[5]["problem"]["id"] == "account"
    assert sc[1]["verdict"] == "disputed" and sc[6]["verdict"] == "official"
    assert sc[2]["platform"]["id"] == "bilibili" and sc[7]["platform"]["id"] == "douyin"


def test_server_stderr_has_no_traceback(client: Client) -> None:
    assert "Traceback" not in client.errlog.read_text(encoding="utf-8")
