"""New platforms, batch B (telegram, tiktok, trustwallet, okx, binance, apple, meta, paypal, metamask):
for each a realistic lookup (problem category + the channel kefu shows first), `kefu hours`, and
`kefu verify` of an official domain or contact and of a disputed one where the data has one."""

from __future__ import annotations

import pytest

from conftest import AT, Run

LOOKUPS = {
    # platform: (what a user types, expected category, channel recommended first, its contact or None)
    "telegram": ("电报 登录收不到验证码", "account", "login_form", "https://telegram.org/support"),
    "tiktok": ("抖音国际版 充值金币没到账", "payment", "report_problem", None),
    "trustwallet": ("TW 转账没到账", "payment", "ticket", "support.trustwallet.com"),
    "okx": ("欧易 有人私信说是客服让我转账", "privacy_security", "channel_verify", None),
    "binance": ("币安 提币一直没到账", "payment", "live_chat", None),
    "apple": ("苹果 apple id被锁了", "account", "support_site", "https://support.apple.com"),
    "meta": ("ins 号被盗了", "account", "ig_hacked", "instagram.com/hacked"),
    "paypal": ("贝宝 账户受限了", "account", "contact", "https://www.paypal.com"),
    "metamask": ("小狐狸钱包 收到邮件让我做2FA验证", "privacy_security", "support", None),
}


@pytest.mark.parametrize("pid", sorted(LOOKUPS))
def test_realistic_lookup(kefu: Run, pid: str) -> None:
    query, category, channel, contact = LOOKUPS[pid]
    d, code = kefu.json(*query.split(" "), "--at", AT)
    assert code == 0
    assert d["platform"]["id"] == pid
    assert d["problem"] is not None and d["problem"]["id"] == category
    rec = d["recommended"]
    assert rec["channel"] == channel and rec["contact"] == contact
    if contact:
        assert rec["status"] == "official"
    offered = [rec, *d["alternatives"]]
    assert all(c["status"] != "disputed" for c in offered)


@pytest.mark.parametrize("pid", sorted(LOOKUPS))
def test_no_platform_here_publishes_an_official_phone(kefu: Run, pid: str) -> None:
    d, _ = kefu.json(*LOOKUPS[pid][0].split(" "), "--at", AT)
    assert any("经平台确认的客服电话" in w for w in d["warnings"]), d["warnings"]


def test_binance_chat_hours_are_24h_but_only_reported(kefu: Run) -> None:
    d, _ = kefu.json("hours", "binance", "--at", "2026-11-24T03:00+08:00")
    chat = next(c for c in d["channels"] if c["channel"] == "live_chat")
    assert chat["open_now"] is True
    assert "未在帮助中心核实" in chat["hours"]


OFFICIAL = [
    ("telegram", "t.me"),
    ("telegram", "telegram.org"),
    ("tiktok", "tiktok.com"),
    ("trustwallet", "trustwallet.com"),
    ("okx", "okx.com"),
    ("binance", "binance.com"),
    ("apple", "apple.com"),
    ("apple", "reportphishing@apple.com"),
    ("meta", "instagram.com"),
    ("meta", "fb.com"),
    ("meta", "facebookmail.com"),
    ("paypal", "paypal.com"),
    ("paypal", "phishing@paypal.com"),
    ("metamask", "metamask.io"),
]


@pytest.mark.parametrize(("pid", "contact"), OFFICIAL)
def test_verify_official(kefu: Run, pid: str, contact: str) -> None:
    d, _ = kefu.json("verify", contact)
    assert d["verdict"] == "official", d["headline"]
    assert d["platform"]["id"] == pid


REPORTED = [("apple", "400-666-8800"), ("paypal", "400-921-1000"), ("okx", "okex.com")]


@pytest.mark.parametrize(("pid", "contact"), REPORTED)
def test_verify_reported_only(kefu: Run, pid: str, contact: str) -> None:
    d, _ = kefu.json("verify", contact)
    assert d["platform"]["id"] == pid
    assert d["status"] == "reported", "seen only on third-party pages: never shown as official"


DISPUTED = [
    ("trustwallet", "+1-808-690-4872"),
    ("trustwallet", "trustcryptowallet.net"),
    ("okx", "chouyi.army"),
    ("binance", "xnb-binance.com.cn"),
    ("apple", "account-icloud.com"),
    ("meta", "instagramsecurity@gmail.com"),
    ("meta", "contact-helpchannelcopyrights.com"),
    ("paypal", "paypa1.com"),
    ("metamask", "matamask-extention.pages.dev"),
]


@pytest.mark.parametrize(("pid", "contact"), DISPUTED)
def test_verify_disputed(kefu: Run, pid: str, contact: str) -> None:
    d, _ = kefu.json("verify", contact)
    assert d["status"] == "disputed"
    assert d["verdict"] in ("disputed", "lookalike")
    assert d["platform"]["id"] == pid


@pytest.mark.parametrize(
    ("pid", "warning"),
    [
        ("telegram", "@SmsTelegram"),
        ("tiktok", "@tiktok.com"),
        ("trustwallet", "工单"),
        ("okx", "渠道验证"),
        ("binance", "带链接的短信"),
        ("apple", "支持 PIN"),
        ("meta", "facebookmail.com"),
        ("paypal", "phishing@paypal.com"),
        ("metamask", "2FA"),
    ],
)
def test_platform_fraud_facts_are_warnings(kefu: Run, pid: str, warning: str) -> None:
    d, _ = kefu.json(pid, "--at", AT)
    assert any(warning in w for w in d["warnings"]), d["warnings"]
