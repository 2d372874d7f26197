"""Issue 17, through the real CLI: narrow terminals, hours people can use, honest commands,
conventions (--color, info, stale data), --brief."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from conftest import AT, Run


def _longest_run_of_one_char_lines(text: str) -> int:
    run = best = 0
    for line in text.splitlines():
        run = run + 1 if len(line.strip()) == 1 else 0
        best = max(best, run)
    return best


# -- narrow terminals ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["40", "60"])
def test_list_on_a_narrow_terminal_is_one_block_per_platform(kefu: Run, columns: str) -> None:
    out = kefu("list", env={"COLUMNS": columns}).stdout
    d, _ = kefu.json("list")
    lines = out.splitlines()
    assert len(lines) < 6 * len(d["platforms"]) + 3  # not a character column (was 822 lines)
    assert _longest_run_of_one_char_lines(out) < 2  # no character column
    assert all(cell_len(line) <= int(columns) for line in lines)
    for p in d["platforms"]:
        assert any(line.startswith(p["id"] + "  ") for line in lines)  # each block starts with id
        for alias in p["aliases"][:6]:
            assert alias in out, alias  # never broken mid-word ("zhifuba / o")


def test_list_on_a_wide_terminal_is_still_a_table(kefu: Run) -> None:
    out = kefu("list").stdout
    assert "核实日期" in out.splitlines()[0]


@pytest.mark.parametrize("columns", ["40", "60"])
def test_hours_on_a_narrow_terminal_stacks(kefu: Run, columns: str) -> None:
    out = kefu("hours", "kuaishou", "--at", AT, env={"COLUMNS": columns}).stdout
    assert _longest_run_of_one_char_lines(out) < 2  # no character column
    assert all(cell_len(line) <= int(columns) for line in out.splitlines())
    assert "  ---------#############--" in out  # the day's bar on its own line
    assert "App 内在线客服（人工）" in out


def test_lookup_on_a_narrow_terminal_keeps_words_whole(kefu: Run) -> None:
    out = kefu("douyin", "充值未到账", "--at", AT, env={"COLUMNS": "40"}).stdout
    assert _longest_run_of_one_char_lines(out) < 2  # no character column
    assert all(cell_len(line) <= 40 for line in out.splitlines())
    assert "95152" in out


# -- hours people can use ---------------------------------------------------------------------------


def test_self_service_and_written_channels_are_available_any_time(kefu: Run) -> None:
    out = kefu("hours", "bilibili", "--at", AT).stdout
    assert "随时可以自助查阅" in out and "随时可以提交" in out
    d, _ = kefu.json("hours", "bilibili", "--at", AT)
    by_type = {row["type"]: row for row in d["channels"]}
    for kind in ("help_center", "email", "ticket"):
        assert by_type[kind]["anytime"] is True and by_type[kind]["open_now"] is None
    # A person's hours that are really unknown stay unknown, said once per channel.
    assert by_type["phone"]["anytime"] is False
    assert out.count("无法判断现在是否开放") == sum(
        1 for row in d["channels"] if row["open_now"] is None and not row["anytime"]
    )
    over = kefu("kuaishou", "--at", AT).stdout
    assert "未公布；未公布" not in over
    assert "自助查阅，不涉及人工服务时间；未公布具体时段" not in over
