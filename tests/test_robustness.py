"""Odd input, odd terminals: a clear message and exit 1 or 2, or an answer; never a traceback."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from conftest import AT, Run
from kefu_cli.render import cjkwrap

ODD_PROBLEMS = [
    " ",
    "\t\n",
    "充" * 20_000,
    "\x00\x01\x1b[31m充值",
    "\u200b\u200c\ufeff充值\u200b",
    "😀😡🙏",
    "ｃｈｏｎｇｚｈｉ　退款",
    "--",
    "-x",
    "'; DROP TABLE platforms; --",
    "%s%n{0}",
    "\\x00",
    "\ud7ff\ue000",
]


@pytest.mark.parametrize("problem", ODD_PROBLEMS, ids=range(len(ODD_PROBLEMS)))
def test_odd_problems(kefu: Run, problem: str) -> None:
    result = (
        kefu("douyin", "--", problem, "--at", AT)
        if problem.startswith("-")
        else kefu("douyin", problem)
    )
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stderr
    if result.exit_code:
        assert result.stderr.strip().startswith("kefu:")


@pytest.mark.parametrize(
    "platform", ["", " ", "\u200b", "😀", "x" * 5000, "\x00", "ＤＯＵＹＩＮ", "../../etc/passwd"]
)
def test_odd_platforms(kefu: Run, platform: str) -> None:
    result = kefu(platform, "充值", "--json")
    assert result.exit_code in (0, 1)
    d = json.loads(result.stdout)
    assert d["version"] == 1
    if result.exit_code:
        assert d["error"]["code"] == "unknown_platform" and d["error"]["message"]


def test_option_looking_words_are_usage_errors_with_json(kefu: Run) -> None:
    result = kefu("douyin", "--refund")
    assert result.exit_code == 2 and "No such option" in result.stderr
    result = kefu("douyin", "--refund", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "usage"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(platform=st.text(max_size=30), problem=st.text(max_size=80))
def test_any_text_through_the_cli(kefu: Run, platform: str, problem: str) -> None:
    args = [platform, "--json", "--", problem] if problem else [platform, "--json"]
    result = kefu(*args)
    assert result.exit_code in (0, 1, 2)
    if result.stdout:
        assert json.loads(result.stdout)["version"] == 1


def _subprocess(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "kefu_cli", *args], capture_output=True, env=full, timeout=60
    )


@pytest.mark.parametrize(
    "args",
    [
        ["douyin", "充值未到账"],
        ["whatsapp"],
        ["hours", "kuaishou"],
        ["list"],
        ["nope-x"],
        ["verify", "95152"],
    ],
)
def test_gbk_console_never_crashes(args: list[str], shared_cache: Path) -> None:
    env = {"PYTHONIOENCODING": "gbk", "KEFU_CACHE_DIR": str(shared_cache)}
    proc = _subprocess([*args, "--at", AT], env)
    assert proc.returncode in (0, 1), proc.stderr.decode("gbk", "replace")
    out = proc.stdout.decode("gbk")  # valid GBK: characters GBK lacks were replaced
    assert b"Traceback" not in proc.stderr
    assert out.strip() or proc.stderr.strip()


def test_json_is_utf8_even_on_a_gbk_console(shared_cache: Path) -> None:
    env = {"PYTHONIOENCODING": "gbk", "KEFU_CACHE_DIR": str(shared_cache)}
    proc = _subprocess(["whatsapp", "账号被封", "--json", "--at", AT], env)
    assert proc.returncode == 0
    d = json.loads(proc.stdout.decode("utf-8"))
    assert d["platform"]["id"] == "whatsapp" and proc.stderr == b""


class _FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def _render_to_fake_tty(monkeypatch: pytest.MonkeyPatch) -> str:
    from kefu_cli import commands
    from kefu_cli.cli.at import parse_at
    from kefu_cli.render import emit

    result = commands.lookup("douyin", ["充值"], parse_at(AT)).result
    fake = _FakeTTY()
    monkeypatch.setattr(sys, "stdout", fake)
    emit(result, as_json=False)
    monkeypatch.undo()
    return fake.getvalue()


def test_no_color_gives_plain_text_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b[" in _render_to_fake_tty(monkeypatch), "colour on a terminal"
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b[" not in _render_to_fake_tty(monkeypatch)


@pytest.mark.parametrize("width", [40, 60])
def test_narrow_terminals_wrap_within_the_width(kefu: Run, width: int) -> None:
    for args in (["douyin", "充值未到账"], ["hours", "kuaishou"], ["kuaishou"], ["list"]):
        result = kefu(*args, "--at", AT, env={"COLUMNS": str(width)})
        assert result.exit_code == 0
        widest = max(cell_len(line) for line in result.stdout.splitlines())
        assert widest <= width, (args, widest)


# The definition of a word cjkwrap._words implements by hand (compiling it costs ~3 ms a run).
_CJK_CLASS = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_OPEN, _CLOSE = "（「『“‘《〈【", "，。、；：！？）」』”’》〉】"
_WORD = re.compile(
    rf"\s*(?:[{_OPEN}]*(?:[{_CJK_CLASS}]|[^\s{_CJK_CLASS}{_OPEN}{_CLOSE}]+)[{_CLOSE}]*|\S)\s*"
)


def _regex_words(text: str) -> list[tuple[int, int, str]]:
    out, match = [], _WORD.match(text, 0)
    while match is not None:
        out.append((match.start(), match.end(), match.group(0)))
        match = _WORD.match(text, match.end())
    return out


_WRAP_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from([*_OPEN, *_CLOSE, " ", "\u3000", "\n", "a", "中", "1", "-"]),
        st.characters(),
    ),
    max_size=60,
)


@given(_WRAP_TEXT)
def test_cjk_words_are_what_the_reference_regex_finds(text: str) -> None:
    assert list(cjkwrap._words(text)) == _regex_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\u3000",
        " \u3000 ",
        "（",
        "（（",
        "（ 中",
        "（\u3000",
        "abc（中文）。 def",
        "中。”",
    ],
)
def test_cjk_words_edge_cases_match_the_reference(text: str) -> None:
    assert list(cjkwrap._words(text)) == _regex_words(text)


@given(st.text(max_size=200), st.integers(min_value=1, max_value=120))
def test_cjk_line_breaking_keeps_every_character(text: str, width: int) -> None:
    words = list(cjkwrap._words(text.strip()))
    assert "".join(w for _, _, w in words) == text.strip()
    breaks = cjkwrap.divide_line(text, width)
    assert breaks == sorted(breaks) and all(0 < b <= len(text) for b in breaks)
