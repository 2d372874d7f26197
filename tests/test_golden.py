"""Human output, colour off, compared with golden files (as tealdeer renders its fixture pages).

The goldens render the invented platforms in tests/fixtures/platforms/ (put in place of the bundled
data with KEFU_BUNDLED_DIR), so they change only when kefu's code does, never when real data is
edited. A missing golden fails. After an intended change, regenerate with
`KEFU_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import AT, Run

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures" / "platforms"
NIGHT = "2026-11-23T23:30+08:00"  # a Monday night: the human service is closed
CASES = {
    "lookup_payment": (["acme", "充值未到账", "--at", AT], 0),
    "lookup_account_at_night": (["acme", "账号被封", "--at", NIGHT], 0),
    "lookup_low_confidence": (["acme", "你好", "--at", AT], 0),
    "lookup_no_number": (["beta", "助记词", "--at", AT], 0),
    "overview": (["acme", "--at", AT], 0),
    "hours": (["hours", "acme", "--at", AT], 0),
    "hours_holiday": (["hours", "acme", "--at", "2026-10-01T09:30+08:00"], 0),
    "list": (["list"], 0),
    "verify_official": (["verify", "400-000-0000"], 0),
    "verify_disputed": (["verify", "400-999-9999"], 1),
    "verify_scam_message": (
        [
            "verify",
            "您好，我是艾克米客服，您的会员明天开始每月扣费800元，请下载会议软件共享屏幕关闭",
        ],
        1,
    ),
}


@pytest.fixture
def fixtures_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_BUNDLED_DIR", str(FIXTURES))


def check_golden(name: str, got: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("KEFU_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing golden {path.name}: run with KEFU_UPDATE_GOLDEN=1 and read the diff")
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_output(kefu: Run, fixtures_only: None, name: str) -> None:
    args, code = CASES[name]
    result = kefu(*args)
    assert result.exit_code == code, result.stderr
    check_golden(name, result.stdout)


def test_golden_unknown_platform_error(kefu: Run, fixtures_only: None) -> None:
    result = kefu("acne-corp-zzz", "充值")
    assert result.exit_code == 1 and result.stdout == ""
    check_golden("error_unknown_platform", result.stderr)


def test_every_golden_file_has_a_case() -> None:
    names = {p.stem for p in GOLDEN.glob("*.txt")}
    assert names == {*CASES, "error_unknown_platform"}, "stale or unknown golden files"
