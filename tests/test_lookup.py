"""What a user sees from `kefu PLATFORM PROBLEM`, `kefu PLATFORM`, `kefu list`: behaviour, not shape."""

from __future__ import annotations

import re

import pytest

from conftest import AT, Run

ANSI = re.compile(r"\x1b\[")


def test_douyin_account_ban_shows_the_official_hotline(kefu: Run) -> None:
    d, _ = kefu.json("douyin", "账号被封", "--at", AT)
    assert d["problem"]["id"] == "account"
    offered = [d["recommended"], *d["alternatives"]]
    hotline = next(c for c in offered if c["contact"] == "95152")
    assert hotline["status"] == "official" and hotline["type"] == "phone"
    human = kefu("douyin", "账号被封", "--at", AT).stdout
    assert "95152" in human and "官方确认" in human


def test_douyin_wallet_problems_are_told_about_their_own_line(kefu: Run) -> None:
    d, _ = kefu.json("douyin", "充值未到账", "--at", AT)
    assert d["problem"]["id"] == "payment"
    assert any("抖音钱包" in n for n in d["notes"])
    assert any(c["channel"] == "wallet_line" for c in d["alternatives"])


def test_lookup_has_path_checklist_escalation_and_warning(kefu: Run) -> None:
    d, _ = kefu.json("douyin", "充值未到账", "--at", AT)
    assert d["recommended"]["path"], "the recommended in-app channel comes with tap-by-tap steps"
    assert any("订单号" in item for item in d["checklist"])
    assert any("12315" in e for e in d["escalation"])
    assert any("验证码" in w for w in d["warnings"])


def test_kuaishou_recommends_in_app_online_service_first(kefu: Run) -> None:
    d, _ = kefu.json("kuaishou", "充值快币失败", "--at", AT)
    assert d["recommended"]["type"] == "online_chat"
    assert d["recommended"]["open_now"] is True


def test_bilibili_sends_recharge_problems_to_a_ticket(kefu: Run) -> None:
    d, _ = kefu.json("bilibili", "B币充值失败", "--at", AT)
    assert d["problem"]["id"] == "payment"
    assert d["recommended"]["type"] == "ticket"


def test_bilibili_phone_line_is_only_for_some_members(kefu: Run) -> None:
    d, _ = kefu.json("bilibili", "--at", AT)
    phone = next(c for c in d["channels"] if c["type"] == "phone")
    assert phone["contact"] is None and "部分" in (phone["audience"] or "")


def test_whatsapp_has_no_phone_number_and_says_so(kefu: Run) -> None:
    d, _ = kefu.json("whatsapp", "account banned", "--at", AT)
    assert all(
        c["type"] != "phone" or c["contact"] is None for c in [d["recommended"], *d["alternatives"]]
    )
    assert any("经平台确认的客服电话" in w for w in d["warnings"])


def test_imtoken_has_no_phone_at_all(kefu: Run) -> None:
    d, _ = kefu.json("im", "--at", AT)
    assert not any(c["type"] == "phone" and c["contact"] for c in d["channels"])
    assert any(
        c["contact"] == "support@token.im" and c["status"] == "official" for c in d["channels"]
    )


def test_reported_contacts_are_labelled_unconfirmed(kefu: Run) -> None:
    out = kefu("whatsapp", "--at", AT).stdout
    assert "whatsapp.com/contact" in out and "未经平台确认" in out


def test_disputed_numbers_are_never_offered_but_listed_as_warnings(kefu: Run) -> None:
    d, _ = kefu.json("kuaishou", "账号被封", "--at", AT)
    offered = {c["contact"] for c in [d["recommended"], *d["alternatives"]]}
    assert not offered & {"400-006-6666", "95105515", "400-006-7777", "400-888-7777"}
    overview = kefu("kuaishou", "--at", AT).stdout
    assert "400-006-6666" in overview and "不要拨打" in overview


def test_overview_lists_channels_and_categories(kefu: Run) -> None:
    out = kefu("douyin", "--at", AT).stdout
    assert "客服渠道" in out and "能处理的问题" in out
    assert "kefu douyin payment" in out


def test_category_id_works_as_a_follow_up(kefu: Run) -> None:
    d, _ = kefu.json("douyin", "account", "--at", AT)
    assert d["problem"]["id"] == "account"


def test_problem_may_be_several_words(kefu: Run) -> None:
    d, _ = kefu.json("douyin", "充值", "没到账", "--at", AT)
    assert d["problem"]["id"] == "payment"
    assert d["query"] == "充值 没到账"


def test_list_shows_every_platform(kefu: Run) -> None:
    out = kefu("list").stdout
    for pid in ("douyin", "kuaishou", "bilibili", "whatsapp", "im", "wechat", "ctrip"):
        assert pid in out
    assert "共 16 个平台" in out or "个平台" in out


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("douyin", "douyin"),
        ("抖音", "douyin"),
        ("DY", "douyin"),
        ("dou yin", "douyin"),
        ("Douyin", "douyin"),
        ("ks", "kuaishou"),
        ("快手", "kuaishou"),
        ("kuaishuo", "kuaishou"),
        ("快手极速版", "kuaishou"),
        ("b站", "bilibili"),
        ("B站", "bilibili"),
        ("Bilibili", "bilibili"),
        ("bilbili", "bilibili"),
        ("blibli", "bilibili"),
        ("哔哩哔哩", "bilibili"),
        ("wa", "whatsapp"),
        ("WhatsApp", "whatsapp"),
        ("IM", "im"),
        ("imToken", "im"),
        ("ＤＹ", "douyin"),
        ("vx", "wechat"),
        ("zfb", "alipay"),
        ("pdd", "pinduoduo"),
        ("移动", "chinamobile"),
        ("美团外卖", "meituan"),
        ("天猫", "taobao"),
    ],
)
def test_platform_resolution(kefu: Run, typed: str, expected: str) -> None:
    d, code = kefu.json(typed, "--at", AT)
    assert code == 0, d
    assert d["platform"]["id"] == expected


def test_unknown_platform_is_one_line_with_suggestions(kefu: Run) -> None:
    result = kefu("bilbo")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "bilibili" in lines[0] and "你是不是想找" in lines[0]


def test_piped_output_has_no_ansi_escapes(kefu: Run) -> None:
    for args in (
        ["douyin", "充值"],
        ["douyin"],
        ["list"],
        ["hours", "kuaishou"],
        ["nope-platform"],
    ):
        result = kefu(*args, "--at", AT)
        assert not ANSI.search(result.stdout + result.stderr), args


def test_version(kefu: Run) -> None:
    from kefu_cli import __version__

    result = kefu("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"kefu {__version__}"
