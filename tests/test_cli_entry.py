"""The console script's own parsing (entry.py) agrees with the Typer app it stands in front of."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_python
from kefu_cli import commands
from kefu_cli.catalog import paths
from kefu_cli.cli import plain as entry
from kefu_cli.cli.app import app
from kefu_cli.cli.at import parse_at


def test_entry_knows_every_sub_command_of_the_app() -> None:
    group = typer.main.get_group(app)
    assert set(group.commands) == entry.COMMANDS


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["douyin", "充值未到账"], ("douyin", ["充值未到账"], False)),
        (["douyin"], ("douyin", [], False)),
        (["抖音", "--json", "账号", "被封"], ("抖音", ["账号", "被封"], True)),
        (["douyin", "-", "x"], ("douyin", ["-", "x"], False)),
    ],
)
def test_plain_form_is_parsed_by_hand(argv: list[str], expected: tuple[object, ...]) -> None:
    request = entry.parse_plain(argv)
    assert request is not None
    assert (request.platform, request.problem, request.as_json) == expected


def test_at_is_parsed_in_both_spellings() -> None:
    want = dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for argv in (
        ["douyin", "--at", "2026-11-23T23:30+08:00"],
        ["douyin", "--at=2026-11-23T23:30+08:00"],
    ):
        request = entry.parse_plain(argv)
        assert request is not None and request.at == want


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--version"],
        ["list"],
        ["hours", "douyin"],
        ["verify", "95152"],
        ["lookup", "douyin"],
        ["douyin", "充值", "--help"],
        ["douyin", "充值", "--at", "tomorrow"],  # Typer reports the usage error
        ["douyin", "--at"],  # missing value
        ["douyin", "--at", "2026-11-23T10:00", "--at", "2026-11-24T10:00"],
    ],
)
def test_everything_else_is_left_to_typer(argv: list[str]) -> None:
    assert entry.parse_plain(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KEFU_COMPLETE", "complete_bash")
    assert entry.parse_plain(["douyin", "充值"]) is None


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"XDG_CONFIG_HOME": "/tmp/xdg-config"},
        {"APPDATA": r"C:\Users\u\AppData\Roaming"},
        {"HOME": "/home/someone"},
    ],
)
def test_app_dir_is_where_typer_would_put_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KEFU_HOME")
    for key in ("XDG_CONFIG_HOME", "APPDATA"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert paths.app_dir() == paths.Path(typer.get_app_dir("kefu"))


@pytest.mark.parametrize("platform_name", ["win32", "darwin", "linux"])
def test_app_dir_follows_the_os_like_typer(
    platform_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer._click import utils as click_utils

    monkeypatch.delenv("KEFU_HOME")
    monkeypatch.setattr(sys, "platform", platform_name)
    monkeypatch.setattr(click_utils, "WIN", platform_name == "win32")
    assert str(paths.app_dir()) == os.fspath(paths.Path(typer.get_app_dir("kefu")))


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script's code path (entry.main), which CliRunner does not take; in a zone
    west of UTC, where the far ends of the calendar overflow."""
    return run_python("-m", "kefu_cli", *args, timeout=120, TZ="America/New_York")


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59", "0001-01-01T00:00+08:00", "1899-12-31T10:00+08:00"]
)
def test_far_dates_are_usage_errors_not_tracebacks(moment: str) -> None:
    result = _script("douyin", "充值", "--at", moment)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "out of range" in result.stderr
    as_json = _script("douyin", "充值", "--at", moment, "--json")
    assert as_json.returncode == 2
    assert json.loads(as_json.stdout)["error"]["code"] == "usage"


@settings(max_examples=40, deadline=None)
@given(st.datetimes(timezones=st.one_of(st.none(), st.timezones())))
def test_any_accepted_moment_gives_an_answer(moment: dt.datetime) -> None:
    """Whatever --at accepts can be turned into channel states: no overflow further on."""
    try:
        at = parse_at(moment.isoformat())
    except ValueError:
        return
    result, code, _ = commands.lookup("douyin", ["充值未到账"], at)
    assert code == 0 and result.time.at


def test_without_the_sdk_kefu_mcp_says_how_to_install_it(tmp_path: Path) -> None:
    """A stand-in `mcp` package that fails to import, as if the extra were not installed."""
    fake = tmp_path / "mcp"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        "raise ModuleNotFoundError('No module named mcp', name='mcp')\n"
    )
    path = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    result = run_python("-m", "kefu_cli", "mcp", PYTHONPATH=path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "kefu mcp needs the MCP SDK: pip install 'kefu[mcp]'"


def test_readme_mcp_configuration_runs_kefu_mcp() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    config = json.loads(readme.split("```json\n", 1)[1].split("```", 1)[0])
    assert config["mcpServers"]["kefu"] == {"command": "kefu", "args": ["mcp"]}
