"""New platforms, batch A (banks, 12306, post and couriers, Weibo): a realistic lookup, hours and verify
for each, against the bundled data (statuses are derived from the evidence, so these also pin what the
evidence supports)."""

from __future__ import annotations

import pytest

from conftest import AT, Run

LOOKUPS = {
    # platform: (how someone types it, a realistic problem, category, a contact it must show, its status)
    "unionpay": ("云闪付", "信用卡被盗刷了", "privacy_security", "95516", "official"),
    "icbc": ("工行", "转账转错人了", "payment", "95588", "official"),
    "boc": ("中行", "信用卡年费乱扣", "payment", "95566", "official"),
    "ccb": ("建行", "卡被冻结了", "account", "95533", "official"),
    "railway12306": ("12306", "退票钱没到账", "payment", "www.12306.cn", "official"),
    "chinapost": ("ems", "快递丢了怎么理赔", "live_commerce", "11185", "official"),
    "zto": ("中通", "快递丢了", "live_commerce", "95311", "official"),
    "sfexpress": ("顺丰", "快件销毁理赔要我的银行账户", "privacy_security", "95338", "reported"),
    "weibo": ("微博", "账号被封了怎么解封", "account", "4000960960", "official"),
}


@pytest.mark.parametrize("pid", sorted(LOOKUPS))
def test_realistic_lookup(kefu: Run, pid: str) -> None:
    typed, query, category, contact, status = LOOKUPS[pid]
    d, code = kefu.json(typed, query, "--at", AT)
    assert code == 0
    assert d["platform"]["id"] == pid
    assert d["problem"] is not None and d["problem"]["id"] == category, d["problem"]
    offered = [d["recommended"], *d["alternatives"]]
    assert all(c["status"] != "disputed" for c in offered)
    shown = {c["contact"]: c["status"] for c in offered if c["contact"]}
    assert shown.get(contact) == status, f"{pid} shows {contact} as {status}: {shown}"
    assert d["warnings"], "every new platform carries its own fraud warnings"


VERIFY = [
    # (input, verdict, platform, resembles)
    ("95516", "official", "unionpay", None),
    ("cn.unionpay.com", "official", "unionpay", None),
    ("unioay.com", "lookalike", "unionpay", "unionpay.com"),
    ("95516aa.com", "lookalike", "unionpay", "unionpay.com"),
    ("95588", "official", "icbc", None),
    ("https://www.icbc.com.cn/", "official", "icbc", None),
    ("webmaster@icbc.com.cn", "official", "icbc", None),
    ("40095588", "spoofed", "icbc", "95588"),  # a bank-warned spoof form of 95588
    ("10666695588", "spoofed", "icbc", "95588"),
    ("wap.ddicbc.cn.com", "lookalike", "icbc", "icbc.com.cn"),
    ("95566", "official", "boc", None),
    ("400-669-5566", "official", "boc", None),
    ("www.boc.cn", "official", "boc", None),
    ("dream-works.cn", "lookalike", "boc", "boc.cn"),
    ("95533", "official", "ccb", None),
    ("400-820-0588", "official", "ccb", None),
    ("ccb.com", "official", "ccb", None),
    ("www.12306.cn", "official", "railway12306", None),
    ("12306", "reported", "railway12306", None),
    ("12306-tuipiao.com", "lookalike", "railway12306", "12306.cn"),
    ("11185", "official", "chinapost", None),
    ("11183", "reported", "chinapost", None),
    ("0533-11185", "disputed", "chinapost", None),
    ("0774-2280700", "disputed", "chinapost", None),
    ("95311", "official", "zto", None),
    ("www.zto.com", "official", "zto", None),
    ("95338", "reported", "sfexpress", None),
    ("sf-express.com", "reported", "sfexpress", None),
    ("4000960960", "official", "weibo", None),
    ("400-098-0980", "official", "weibo", None),
    ("weibo.com", "reported", "weibo", None),
]


@pytest.mark.parametrize(("text", "verdict", "pid", "resembles"), VERIFY)
def test_verify(kefu: Run, text: str, verdict: str, pid: str, resembles: str | None) -> None:
    d, code = kefu.json("verify", text)
    assert d["verdict"] == verdict, d
    assert d["platform"]["id"] == pid
    assert d["resembles"] == resembles
    assert code == (0 if verdict == "official" else 1)
    if verdict in ("disputed", "lookalike", "spoofed"):
        assert d["advice"], "a bad contact comes with what to do instead"


def test_spoofed_95588_with_plus86_is_flagged(kefu: Run) -> None:
    """工行 names +8695588 as a spoof; kefu reads it as 95588 and must say the prefix is fake."""
    d, code = kefu.json("verify", "+8695588")
    assert d["verdict"] == "spoofed" and code == 1 and d["resembles"] == "95588"
    assert d["platform"]["id"] == "icbc"
    assert any("+86" in line for line in d["reasons"]), d["reasons"]


def test_sf_refund_scam_message(kefu: Run) -> None:
    message = "【顺丰速运】您的快件在运输中丢失需销毁理赔，请添加客服微信提供银行账户办理双倍赔偿"
    d, code = kefu.json("verify", message)
    assert d["kind"] == "message" and d["verdict"] == "scam" and code == 1
    assert d["platform"]["id"] == "sfexpress"


@pytest.mark.parametrize(
    ("pid", "warning"),
    [
        ("unionpay", "unioay.com"),
        ("icbc", "00095588"),
        ("boc", "卡背面三位数"),
        ("ccb", "不会发带网址的短信"),
        ("railway12306", "加速包"),
        ("chinapost", "身份证号码"),
        ("zto", "刷单返现"),
        ("sfexpress", "微信、QQ"),
        ("weibo", "高仿账号"),
    ],
)
def test_own_fraud_statements_are_warnings(kefu: Run, pid: str, warning: str) -> None:
    d, _ = kefu.json(pid, "--at", AT)
    assert any(warning in w for w in d["warnings"]), d["warnings"]
