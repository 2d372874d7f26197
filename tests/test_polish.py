"""Issue 17, through the real CLI: narrow terminals, hours people can use, honest commands,
conventions (--color, info, stale data), --brief."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import AT, Run, run_python
from kefu_cli.catalog import paths
from kefu_cli.catalog.freshness import catalog_path, source_state
from kefu_cli.cli.app import app


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


# -- honest commands ------------------------------------------------------------------------------


def test_validate_on_a_folder_without_data_is_an_error_that_says_where(
    kefu: Run, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    r = kefu("validate", str(empty))
    assert r.exit_code == 1
    assert "没有找到数据文件" in r.stderr and str(empty.resolve()) in r.stderr.replace("\n", "")
    d, code = kefu.json("validate", str(empty))
    assert code == 1 and d["error"]["code"] == "no_data"
    # A folder whose data sits in platforms/ says so.
    (tmp_path / "data" / "platforms").mkdir(parents=True)
    r = kefu("validate", str(tmp_path / "data"))
    assert r.exit_code == 1 and "platforms" in r.stderr


@pytest.mark.parametrize("argv", [["-h"], ["--help"], ["help"]])
def test_short_help_and_help_command_show_help(kefu: Run, argv: list[str]) -> None:
    r = kefu(*argv)
    assert r.exit_code == 0 and "Usage: kefu [OPTIONS] COMMAND" in r.stdout
    assert "hours" in r.stdout and "verify" in r.stdout


def test_help_of_a_command(kefu: Run) -> None:
    assert "Usage: kefu hours [OPTIONS] PLATFORM" in kefu("help", "hours").stdout
    assert "Usage: kefu hours [OPTIONS] PLATFORM" in kefu("hours", "-h").stdout


@pytest.mark.parametrize("argv", [[], ["douyin"], ["hours"], ["verify"], ["validate"], ["list"]])
def test_help_has_no_python_type_labels_and_speaks_english(kefu: Run, argv: list[str]) -> None:
    out = kefu(*argv, "--help").stdout
    assert not re.search(r"<(bool|str|int|list\[str\]|text)>", out)
    assert "{" not in out.split("\n\n")[0] + out.splitlines()[1]  # Typer's {PLATFORM} braces
    assert "  [OPTIONS]" not in out  # the hidden command's usage: no double space
    prose = re.sub(
        r"\(找对客服渠道，远离假客服\)|\([^)]*[\u4e00-\u9fff][^)]*\)|kefu [^\n]*", "", out
    )
    assert not re.search(r"[\u4e00-\u9fff]{3,}", prose)  # Chinese only in examples


def test_lookup_usage_line(kefu: Run) -> None:
    assert "Usage: kefu [OPTIONS] PLATFORM [PROBLEM]..." in kefu("douyin", "--help").stdout
    bad = kefu("douyin", "充值", "--color", "sometimes")
    assert bad.exit_code == 2 and "kefu  " not in bad.stderr and "Try 'kefu -h'" in bad.stderr


def _complete(kefu: Run, words: str, cword: int) -> list[str]:
    env = {"_KEFU_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    r = kefu.runner.invoke(app, [], env=env, prog_name="kefu")
    return r.stdout.split()


def test_completion_of_platform_names_and_category_ids(kefu: Run) -> None:
    assert "bilibili" in _complete(kefu, "kefu bil", 1)
    assert "douyin" in _complete(kefu, "kefu dou", 1)
    assert "hours" in _complete(kefu, "kefu ho", 1)  # commands still complete
    assert "kuaishou" in _complete(kefu, "kefu hours ku", 2)
    assert "payment" in _complete(kefu, "kefu douyin pa", 2)
    assert set(_complete(kefu, "kefu douyin ", 2)) >= {"account", "payment"}


# -- conventions -------------------------------------------------------------------------------


def test_color_always_and_never(kefu: Run) -> None:
    assert "\x1b[" in kefu("--color", "always", "list").stdout
    assert "\x1b[" in kefu("list", "--color", "always").stdout
    assert "\x1b[" in kefu("douyin", "充值", "--at", AT, "--color", "always").stdout
    assert "\x1b[" not in kefu("list", "--color", "never").stdout
    assert "\x1b[" not in kefu("list").stdout  # auto: not a terminal
    r = kefu("list", "--color", "sometimes")
    assert r.exit_code == 2


def test_info_prints_dirs_cache_and_data_age(kefu: Run, shared_cache: Path) -> None:
    r = kefu("info", "--at", AT)
    assert r.exit_code == 0
    out = r.stdout.replace("\n", "")
    assert str(shared_cache) in out and "删除缓存是安全的" in out and "核实于" in out
    d, code = kefu.json("info", "--at", AT)
    assert code == 0 and d["kefu_version"]
    assert d["cache"]["dir"] == str(shared_cache) and d["cache"]["exists"] is True
    assert d["data_dirs"][0]["origin"] == "bundled" and d["data_dirs"][0]["files"] > 0
    assert d["data"]["platforms"] > 0 and isinstance(d["data"]["age_days"], int)


def test_stale_bundled_data_warns_on_stderr_once(kefu: Run) -> None:
    fresh = kefu("douyin", "充值", "--at", AT)
    assert "warning" not in fresh.stderr
    late = "2028-06-01T10:00+08:00"
    r = kefu("douyin", "充值", "--at", late)
    assert r.exit_code == 0 and r.stderr.count("已超过一年") == 1
    assert "已超过一年" not in r.stdout
    assert kefu("list", "--at", late).stderr.count("已超过一年") == 1
    assert kefu("hours", "douyin", "--at", late).stderr.count("已超过一年") == 1
    d, _ = kefu.json("douyin", "充值", "--at", late)  # stdout stays pure JSON
    assert d["platform"]["id"] == "douyin"


# -- output people read ------------------------------------------------------------------------


def test_a_lookup_leads_with_what_to_do_now(kefu: Run) -> None:
    out = kefu("douyin", "充值未到账", "--at", AT).stdout
    first_screen = "\n".join(out.splitlines()[:24])
    assert "现在推荐" in first_screen and "现在" in first_screen and "路径" in first_screen
    assert out.index("路径") < out.index("营业时间")


def test_brief_gives_just_the_first_part(kefu: Run) -> None:
    full = kefu("douyin", "充值未到账", "--at", AT).stdout
    brief = kefu("douyin", "充值未到账", "--at", AT, "--brief").stdout
    assert "现在推荐" in brief and "其他渠道（按推荐顺序）" not in brief
    assert "准备好这些材料" not in brief and "问题没解决？升级途径" not in brief
    assert len(brief.splitlines()) < len(full.splitlines()) / 2
    assert "--brief" in brief  # says how to see the rest


def test_brief_on_the_plain_path_without_typer() -> None:
    from kefu_cli.cli import plain

    request = plain.parse_plain(["douyin", "充值", "--brief", "--color", "never"])
    assert request is not None and request.brief and request.color == "never"
    assert plain.parse_plain(["douyin", "--color", "sometimes"]) is None
    r = run_python(
        "-c",
        "import sys; from kefu_cli.cli.entry import main; sys.argv=['kefu','douyin','充值',"
        f"'--brief','--at','{AT}']; main()",
    )
    assert r.returncode == 0, r.stderr
    assert "现在推荐" in r.stdout and "其他渠道（按推荐顺序）" not in r.stdout


# -- a cache that heals (already on main; these are the tests through the real CLI) -------


def _console_script(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script's own path (the plain lookup, parsed without Typer)."""
    code = "import sys; from kefu_cli.cli.entry import main; sys.argv = ['kefu', *sys.argv[1:]]; main()"
    return run_python("-c", code, *args)


def test_a_damaged_row_is_rebuilt_on_the_plain_lookup_path(private_cache: Path) -> None:
    first = _console_script("douyin", "充值未到账", "--at", AT)
    assert first.returncode == 0, first.stderr
    target = catalog_path(source_state())
    db = sqlite3.connect(target)
    with db:  # a valid SQLite file whose stored rows are damaged (bit rot in the blobs)
        db.execute("UPDATE platforms SET data = X'789c00ff00ff00ff'")
        db.execute("UPDATE terms SET terms = X'789c00ff00ff00ff'")
    db.close()
    again = _console_script("douyin", "充值未到账", "--at", AT)
    assert again.returncode == 0, again.stderr
    assert "内部错误" not in again.stderr and "95152" in again.stdout
    assert _console_script("douyin", "--json", "--at", AT).returncode == 0


def test_one_compiled_catalog_per_data_configuration(
    kefu_fresh: Run, private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    text = (paths.bundled_platform_dir() / "douyin.yaml").read_text(encoding="utf-8")
    text = text.replace("id: douyin", "id: acme", 1)
    text = text[: text.index("\ndisputed:")] + "\n"
    (extra / "acme.yaml").write_text(text, encoding="utf-8")
    assert kefu_fresh("list").exit_code == 0
    bundled_only = catalog_path(source_state())
    monkeypatch.setenv("KEFU_DATA_DIR", str(extra))
    assert "acme" in kefu_fresh("list").stdout
    with_user = catalog_path(source_state())
    assert with_user != bundled_only
    stamps = {p: p.stat().st_mtime_ns for p in (bundled_only, with_user)}
    for _ in range(2):  # switching back and forth rebuilds nothing
        monkeypatch.delenv("KEFU_DATA_DIR")
        assert "acme" not in kefu_fresh("list").stdout
        monkeypatch.setenv("KEFU_DATA_DIR", str(extra))
        assert "acme" in kefu_fresh("list").stdout
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert sorted(private_cache.glob("catalog-*.sqlite3")) == sorted(stamps)


def test_holidays_package_is_imported_only_for_years_after_chinesecalendar(
    private_cache: Path,
) -> None:
    probe = (
        "import sys; from kefu_cli.cli.entry import main; sys.argv = ['kefu', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nHOLIDAYS ' + str('holidays' in sys.modules))"
    )
    now = run_python("-c", probe, "hours", "douyin", "--at", AT)
    assert now.stderr.endswith("HOLIDAYS False"), now.stderr
    later = run_python("-c", probe, "hours", "douyin", "--at", "2027-02-08T10:00+08:00")
    assert later.stderr.endswith("HOLIDAYS True"), later.stderr
    assert "春节" in later.stdout
    # The year's statutory days are kept in the cache: the next run does not import it again.
    assert list(private_cache.glob("holidays-cn-2027-*.json"))
    again = run_python("-c", probe, "hours", "douyin", "--at", "2027-02-08T10:00+08:00")
    assert again.stderr.endswith("HOLIDAYS False"), again.stderr
    assert "春节" in again.stdout


def test_help_for_an_unknown_command_is_a_usage_error(kefu: Run) -> None:
    r = kefu("help", "nosuch")
    assert r.exit_code == 2 and "nosuch" in r.output
    usage = kefu("help", "lookup").stdout
    assert "kefu [OPTIONS] PLATFORM" in usage and "kefu  [" not in usage
