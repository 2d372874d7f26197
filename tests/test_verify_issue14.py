"""Issue 14 through the real CLI: spoofed numbers, honest message verdicts, fraud types, stdin."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from kefu_cli.cli.app import app


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("0095152", "95152"),
        ("+86 95152", "95152"),
        ("0086 95152", "95152"),
        ("+8610086", "10086"),
        ("+86 400 670 0700", "4006700700"),
        ("00010086", "10086"),
        ("40010086", "10086"),
        ("1066610086", "10086"),
    ],
)
def test_spoofed_forms_are_never_official(kefu: Any, text: str, official: str) -> None:
    data, code = kefu.json("verify", text)
    assert code == 1
    assert data["verdict"] == "spoofed"
    assert data["normalized"] == official
    human = kefu("verify", text).stdout
    assert "✓" not in human
    assert "挂断" in human and official in human.replace("-", "")
    # never advise dialling the spoofed form
    assert not any(text in a and "拨打" in a for a in data["advice"])


def test_official_numbers_stay_official(kefu: Any) -> None:
    for n in ("95152", "10086"):
        data, code = kefu.json("verify", n)
        assert (data["verdict"], code) == ("official", 0)


def test_spoof_inside_a_message(kefu: Any) -> None:
    data, code = kefu.json("verify", "您的抖音会员即将扣费，退订请回电 0095152")
    assert code == 1
    assert any(c["verdict"] == "spoofed" for c in data["contacts"])


@pytest.mark.parametrize(
    ("text", "fraud_type"),
    [
        ("WhatsApp support: reply with the 6-digit code we just sent you", "impersonation"),
        ("做任务刷单，垫付200元返本金和佣金，日结", "rebate"),
        ("我是公安局刑侦支队的，你涉嫌洗钱，请配合调查", "police"),
        ("跟着导师炒股，稳赚不赔，一个月翻倍", "investment"),
        ("您的贷款已审批，但卡号填写错误被冻结，请缴纳解冻金", "loan"),
        ("恭喜您成为场外幸运观众，领奖前需缴纳手续费", "prize"),
        ("把yzm发给我，帮你退款", "impersonation"),
        ("您的百 万 保 障即将扣费，请联系客服关闭", "impersonation"),
        ("WhаtsАpp support: send me the code", "impersonation"),  # Cyrillic а/А
    ],
)
def test_scripts_are_scams_named_by_type(kefu: Any, text: str, fraud_type: str) -> None:
    data, code = kefu.json("verify", text)
    assert code == 1
    assert data["verdict"] == "scam"
    assert data["fraud_type"] == fraud_type


def test_no_check_mark_next_to_signals_and_signals_exit_nonzero(kefu: Any) -> None:
    for text in ("请在24小时内处理", "您好，我是客服", "您的账户即将被冻结"):
        data, code = kefu.json("verify", text)
        human = kefu("verify", text).stdout
        if data["signals"]:
            assert code == 1
            assert data["verdict"] != "no_signals"
            assert "✓" not in human


def test_suspicious_verdict(kefu: Any) -> None:
    data, code = kefu.json("verify", "您的账户即将被冻结")
    assert (data["verdict"], code) == ("suspicious", 1)
    assert "✓" not in kefu("verify", "您的账户即将被冻结").stdout


@pytest.mark.parametrize(
    "text",
    [
        "【抖音】验证码 482913，5分钟内有效，请勿泄露，谨防被骗。",
        "【菜鸟驿站】您的包裹已到驿站，取件码 6-2-3081",
        "【京东】双11最后一天，家电满3000减300，回T退订",
        "【滴滴出行】您的行程已结束，费用23.5元，已自动扣款",
    ],
)
def test_genuine_messages_are_no_signals_and_not_a_guarantee(kefu: Any, text: str) -> None:
    data, code = kefu.json("verify", text)
    assert (data["verdict"], code, data["signals"]) == ("no_signals", 0, [])
    assert "不保证" in kefu("verify", text).stdout


def test_stdin_dash_reads_a_multiline_paste() -> None:
    text = "您好，我是淘宝客服\n您的会员即将扣费\n请把验证码告诉我\n"
    r = CliRunner().invoke(app, ["verify", "-", "--json"], input=text)
    data = json.loads(r.stdout)
    assert r.exit_code == 1
    assert data["input"] == text and data["verdict"] == "scam"


def test_no_text_without_a_terminal_is_a_usage_error() -> None:
    r = CliRunner().invoke(app, ["verify"], input="")
    assert r.exit_code == 2


def test_no_text_on_a_terminal_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import kefu_cli.cli.app as app_module

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    class Sys:
        def __getattr__(self, name: str) -> Any:
            return getattr(sys, name)

        stdin = Tty("把验证码发给我\n\n")

    monkeypatch.setattr(app_module, "sys", Sys())
    r = CliRunner().invoke(app, ["verify", "--json"])
    data = json.loads(r.stdout)
    assert data["verdict"] == "scam" and r.exit_code == 1
