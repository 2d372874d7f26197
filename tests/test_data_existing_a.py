"""Re-researched data of 抖音, 快手, 哔哩哔哩, WhatsApp, imToken, 微信, 支付宝, 闲鱼 (evidence schema, 2026-12).

For each platform: a realistic lookup (category and the contact shown), `kefu hours`, and `kefu verify` of
an official contact (and of a disputed one where the data has one). Every official contact here is quoted
by a platform, government or news source in the data; the validator derives the status from that.
"""

from __future__ import annotations

import pytest

from conftest import AT, Run

PLATFORMS = ("douyin", "kuaishou", "bilibili", "whatsapp", "im", "wechat", "alipay", "xianyu")

LOOKUPS = [
    # (platform, what a user types, accepted categories, a contact it must show or None, first channel)
    ("douyin", "举报直播间有违法内容", "content", "400-140-2108", None),
    ("douyin", "抖音钱包提现一直没到账", "payment", "95152", None),
    ("kuaishou", "快手号被封了怎么申诉", "account", "400-126-0088", None),
    ("kuaishou", "我要举报一个色情视频", "content", "400-006-6666", None),
    ("bilibili", "大会员扣费了但没生效", "payment", None, "ticket"),
    ("bilibili", "举报违法不良信息", "content", "400-023-3233", None),
    (
        "whatsapp",
        "账号被封 this account is not allowed to use whatsapp",
        "account",
        None,
        "ban_review",
    ),
    ("im", "有人自称客服要我的助记词", "privacy_security", "support@token.im", None),
    ("wechat", "零钱提现失败", "payment", "95017", "pay_online"),
    ("wechat", "有人打电话说百万保障要扣费", "privacy_security", "400-670-0700", None),
    ("alipay", "账户被限制收款了", "account", "95188", "online_chat"),
    ("xianyu", "买家说我没开通店铺保障要交保证金", "privacy_security,payment", None, "online_chat"),
]


def _offered(d: dict) -> list[dict]:
    return [d["recommended"], *d["alternatives"]]


@pytest.mark.parametrize(("pid", "query", "category", "contact", "first"), LOOKUPS)
def test_realistic_lookup(
    kefu: Run, pid: str, query: str, category: str, contact: str | None, first: str | None
) -> None:
    d, code = kefu.json(pid, query, "--at", AT)
    assert code == 0 and d["platform"]["id"] == pid
    assert d["problem"] is not None and d["problem"]["id"] in category.split(","), d["problem"]
    offered = _offered(d)
    assert all(c["status"] != "disputed" for c in offered)
    if contact:
        shown = [c for c in offered if c["contact"] == contact]
        assert shown and shown[0]["status"] == "official", f"{pid} shows {contact} as official"
    if first:
        assert d["recommended"]["channel"] == first, d["recommended"]


def test_only_published_hours_have_a_schedule(kefu: Run) -> None:
    # 95152 publishes no hours; WeChat Pay Global publishes Mon–Fri 09:00–18:00 (closed on a Sunday).
    douyin, _ = kefu.json("hours", "douyin", "--at", AT)
    hotline = next(c for c in douyin["channels"] if c["name"] == "官方服务热线")
    assert hotline["open_now"] is None
    wechat, _ = kefu.json("hours", "wechat", "--at", "2026-11-22T10:00+08:00")
    global_line = next(c for c in wechat["channels"] if "Global" in c["name"])
    assert global_line["open_now"] is False


VERIFY = [
    # (input, verdict, platform, channel or None)
    ("95152", "official", "douyin", "hotline"),
    ("400-140-2108", "official", "douyin", "report_line"),
    ("400-9922-556", "official", "douyin", "minor_line"),
    ("jubao@douyin.com", "official", "douyin", "report_email"),
    ("400-126-0088", "official", "kuaishou", "hotline"),
    ("400-006-6666", "official", "kuaishou", "report_line"),
    ("4000233233", "official", "bilibili", "report_line"),
    ("help@bilibili.com", "official", "bilibili", "report_email"),
    ("https://faq.whatsapp.com/", "official", "whatsapp", "help_center"),
    ("https://support.token.im/hc", "official", "im", "help_center"),
    ("support@token.im", "official", "im", "email"),
    ("95017", "official", "wechat", "pay_hotline"),
    ("400-670-0700", "official", "wechat", "hotline"),
    ("95188", "official", "alipay", "hotline"),
]


@pytest.mark.parametrize(("text", "verdict", "pid", "channel"), VERIFY)
def test_verify_official_contacts(
    kefu: Run, text: str, verdict: str, pid: str, channel: str | None
) -> None:
    d, code = kefu.json("verify", text)
    assert (d["verdict"], d["platform"]["id"], code) == (verdict, pid, 0)
    if channel:
        assert d["channel"] == channel


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        ("iesdouyin.com", "douyin"),
        ("ppg.m.etoote.com", "kuaishou"),
        ("i0.hdslb.com", "bilibili"),
        ("help.wechat.com", "wechat"),
        ("pay.weixin.qq.com", "wechat"),
        ("token.im", "im"),
        ("forum.alipay.com", "alipay"),
    ],
)
def test_verify_official_domains(kefu: Run, text: str, pid: str) -> None:
    d, code = kefu.json("verify", text)
    assert d["kind"] == "domain" and d["platform"]["id"] == pid
    assert d["verdict"] in ("official", "reported") and d["resembles"] is None
    if text != "iesdouyin.com":
        assert (d["verdict"], code) == ("official", 0)


@pytest.mark.parametrize(
    ("text", "pid"),
    [
        ("bilibili.tv", "bilibili"),
        ("b23.tv", "bilibili"),
        ("iesdouyin.com", "douyin"),
        ("whatsapp.net", "whatsapp"),
        ("wa.me", "whatsapp"),
        ("alipayobjects.com", "alipay"),
        ("goofish.com", "xianyu"),
        ("docs.qq.com", "wechat"),
    ],
)
def test_real_domains_without_strong_evidence_are_reported_not_lookalikes(
    kefu: Run, text: str, pid: str
) -> None:
    """A real domain kefu lists without platform evidence is `reported`, never called a lookalike."""
    d, _ = kefu.json("verify", text)
    assert (d["verdict"], d["platform"]["id"], d["resembles"]) == ("reported", pid, None)


@pytest.mark.parametrize(
    ("text", "pid", "kind"),
    [
        ("950201", "douyin", "phone"),
        ("4000-939-868", "wechat", "phone"),
        ("95055", "alipay", "phone"),
        ("tokenim.org", "im", "domain"),
        ("imtoken-wallte.com", "im", "domain"),
        ("tg885.com", "wechat", "domain"),
    ],
)
def test_verify_disputed_contacts(kefu: Run, text: str, pid: str, kind: str) -> None:
    d, code = kefu.json("verify", text)
    assert d["platform"]["id"] == pid and code == 1
    assert d["verdict"] == ("disputed" if kind == "phone" else "lookalike")
    assert d["status"] == "disputed" and d["advice"]
    assert d["official_alternative"] is not None


def test_kuaishou_report_line_is_no_longer_called_fake(kefu: Run) -> None:
    d, _ = kefu.json("kuaishou", "--at", AT)
    assert all(x["contact"] != "400-006-6666" for x in d["disputed"])
    assert not any("不是快手" in w and "400-006-6666" in w for w in d["warnings"])


def test_tokenim_lookalike_points_to_the_real_help_centre(kefu: Run) -> None:
    d, _ = kefu.json("verify", "https://www.tokenim.org/download")
    assert (d["verdict"], d["resembles"]) == ("lookalike", "token.im")
    assert d["official_alternative"]["contact"] == "https://support.token.im/hc"


@pytest.mark.parametrize(
    ("pid", "warning"),
    [
        ("douyin", "抖音钱包/支付和安全举报业务另有专线"),
        ("wechat", "FaceTime"),
        ("bilibili", "违法不良信息举报电话"),
        ("im", "助记词"),
        ("whatsapp", "PIN"),
        ("xianyu", "店铺保障"),
    ],
)
def test_platform_statements_are_warnings(kefu: Run, pid: str, warning: str) -> None:
    d, _ = kefu.json(pid, "--at", AT)
    assert any(warning in w for w in d["warnings"]), d["warnings"]


def test_no_user_visible_text_names_our_files(kefu: Run) -> None:
    for pid in PLATFORMS:
        d, _ = kefu.json(pid, "--at", AT)
        shown = repr(d)
        for word in ("seed", "SOURCES.md", "facts/", ".yaml"):
            assert word not in shown, (pid, word)
