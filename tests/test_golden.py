"""Human output, colour off, compared with golden files (as tealdeer and the tldr client do).

Regenerate after an intended change with `KEFU_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and
read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import AT, Run

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "lookup_douyin_payment": ["douyin", "充值未到账", "--at", AT],
    "lookup_douyin_account": ["douyin", "账号被封", "--at", AT],
    "lookup_kuaishou_night": ["kuaishou", "账号被封", "--at", "2026-11-23T23:30+08:00"],
    "lookup_low_confidence": ["douyin", "你好", "--at", AT],
    "lookup_ambiguous_refund": ["taobao", "退款", "--at", AT],
    "verify_disputed": ["verify", "950201"],
    "verify_scam_message": [
        "verify",
        "您好，我是抖音客服，您开通的百万保障明天开始每月扣费800元，请下载腾讯会议共享屏幕关闭",
    ],
    "overview_bilibili": ["bilibili", "--at", AT],
    "overview_whatsapp": ["whatsapp", "--at", AT],
    "hours_kuaishou": ["hours", "kuaishou", "--at", AT],
    "hours_alipay_holiday": ["hours", "alipay", "--at", "2026-10-01T09:30+08:00"],
    "list": ["list"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_output(kefu: Run, name: str) -> None:
    result = kefu(*CASES[name])
    assert result.exit_code == (1 if name.startswith("verify_") else 0), result.stderr
    got = result.stdout
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("KEFU_UPDATE_GOLDEN") or not path.exists():
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_golden_unknown_platform_error(kefu: Run) -> None:
    result = kefu("bilbo", "充值")
    assert result.exit_code == 1 and result.stdout == ""
    path = GOLDEN / "error_unknown_platform.txt"
    if os.environ.get("KEFU_UPDATE_GOLDEN") or not path.exists():
        path.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == path.read_text(encoding="utf-8")
