"""Re-researched data of 淘宝, 京东, 拼多多, 美团, 携程 and the three carriers (issues 13 and 16):
for each, a realistic lookup that shows the right line first, `kefu hours`, and `kefu verify` of an
official contact or domain (and of reported / old numbers where they exist)."""

from __future__ import annotations

import json

import pytest

from conftest import AT, Run

NIGHT = "2026-11-24T23:00+08:00"  # a Tuesday, after most published hours

LOOKUPS = [
    # (platform, what a user types, expected category, first phone line offered (None: no number))
    ("taobao", "商家不发货还不理人", "live_commerce", None),
    ("jd", "白条被乱扣钱了", "payment", "950618"),
    ("jd", "京东买的东西坏了商家不给修", "live_commerce", "950618"),
    ("pinduoduo", "仅退款被拒", "live_commerce", "021-53395288"),
    ("meituan", "外卖超时没送到要退款", "live_commerce", "10109777"),
    ("meituan", "我是商家想入驻", "feedback", "10109777"),
    ("ctrip", "机票退改签", "live_commerce", "95010"),
    ("chinamobile", "宽带断网了", "technical", "10086"),
    ("chinaunicom", "话费充值没到账", "payment", "10010"),
    ("chinatelecom", "光猫坏了上不了网", "technical", "10000"),
]


@pytest.mark.parametrize(("pid", "query", "category", "first_phone"), LOOKUPS)
def test_lookup_offers_the_right_line_first(
    kefu: Run, pid: str, query: str, category: str, first_phone: str | None
) -> None:
    d, code = kefu.json(pid, query, "--at", AT)
    assert code == 0 and d["platform"]["id"] == pid
    assert d["problem"]["id"] == category
    offered = [d["recommended"], *d["alternatives"]]
    assert all(c["status"] != "disputed" for c in offered)
    phones = [c["contact"] for c in offered if c["type"] == "phone" and c["contact"]]
    if first_phone is None:
        assert d["recommended"]["contact"] is None, "the in-app route comes first"
        assert any("经确认的客服电话" in w or "经平台确认的客服电话" in w for w in d["warnings"])
    else:
        assert phones and phones[0] == first_phone, phones


def test_old_numbers_are_listed_but_never_recommended(kefu: Run) -> None:
    for pid, query, old in (
        ("pinduoduo", "仅退款被拒", {"021-61897088", "400-8822-528"}),
        ("taobao", "退货退款", {"0571-88158198"}),
    ):
        d, _ = kefu.json(pid, query, "--at", AT)
        offered = {c["contact"] for c in [d["recommended"], *d["alternatives"]]}
        assert not offered & old, (pid, offered)


def test_merchant_and_report_lines_are_not_offered_to_consumers(kefu: Run) -> None:
    d, _ = kefu.json("meituan", "外卖少送了一份", "--at", AT)
    offered = {c["contact"] for c in [d["recommended"], *d["alternatives"]]}
    assert "10109777" in offered
    assert not offered & {"10105557", "10100107", "4006018900"}


def test_published_hours_open_and_close(kefu: Run) -> None:
    def line(pid: str, at: str, channel: str) -> dict:
        d, _ = kefu.json("hours", pid, "--at", at)
        return next(c for c in d["channels"] if c["channel"] == channel)

    assert line("pinduoduo", AT, "hotline")["open_now"] is True
    assert line("pinduoduo", NIGHT, "hotline")["open_now"] is False  # 8:00–21:30
    assert line("chinamobile", NIGHT, "hotline")["open_now"] is True  # 24 h (reported)
    assert line("meituan", AT, "waimai_hotline")["open_now"] is None  # only old pages gave hours


VERIFY = [
    # (input, verdict, platform)
    ("950618", "official", "jd"),
    ("400-606-7733", "official", "jd"),
    ("95118", "reported", "jd"),
    ("jd.hk", "official", "jd"),
    ("https://item.jd.com/100012043978.html", "official", "jd"),
    ("img11.360buyimg.com", "official", "jd"),
    ("021-53395288", "official", "pinduoduo"),
    ("9541366", "official", "pinduoduo"),
    ("400-8822-528", "official", "pinduoduo"),
    ("mobile.yangkeduo.com", "reported", "pinduoduo"),
    ("10107888", "official", "meituan"),
    ("4006018900", "official", "meituan"),
    ("tousujubao@meituan.com", "official", "meituan"),
    ("s0.meituan.net", "official", "meituan"),
    ("dianping.com", "reported", "meituan"),
    ("9510211", "reported", "taobao"),
    ("0571-88158198", "official", "taobao"),
    ("m.tb.cn", "official", "taobao"),
    ("tmall.com", "official", "taobao"),
    ("alicdn.com", "reported", "taobao"),
    ("95010", "reported", "ctrip"),
    ("trip.com", "reported", "ctrip"),
    ("webresource.c-ctrip.com", "official", "ctrip"),
    ("10086", "official", "chinamobile"),
    ("wap.js.10086.cn", "official", "chinamobile"),
    ("10010", "official", "chinaunicom"),
    ("10011", "official", "chinaunicom"),
    ("www.10010.com", "official", "chinaunicom"),
    ("10000", "official", "chinatelecom"),
    ("189.cn", "reported", "chinatelecom"),
]


@pytest.mark.parametrize(("text", "verdict", "pid"), VERIFY)
def test_verify(kefu: Run, text: str, verdict: str, pid: str) -> None:
    d, code = kefu.json("verify", text)
    assert (d["verdict"], d["platform"]["id"]) == (verdict, pid), d["headline"]
    assert code == (0 if verdict == "official" else 1)


def test_pdd_numbers_are_no_longer_called_fake(kefu: Run) -> None:
    d, _ = kefu.json("verify", "400-8822-528")
    assert "不要使用" not in " ".join(d["reasons"])
    d, _ = kefu.json("verify", "95007")
    assert d["verdict"] != "disputed", "no source either way: not disputed"


@pytest.mark.parametrize(
    ("text", "resembles"),
    [
        ("jd-baitiao.com", "jd.com"),
        ("meituan-renzheng.com", "meituan.com"),
        ("l0086.cn", "10086.cn"),
    ],
)
def test_lookalike_domains(kefu: Run, text: str, resembles: str) -> None:
    d, code = kefu.json("verify", text)
    assert (d["verdict"], d["resembles"], code) == ("lookalike", resembles, 1)


@pytest.mark.parametrize(
    ("pid", "warning"),
    [
        ("jd", "固定短号"),
        ("pinduoduo", "9541366"),
        ("meituan", "renzheng"),
        ("ctrip", "共享屏幕"),
        ("chinamobile", "积分兑换现金"),
        ("taobao", "二维码"),
        ("chinatelecom", "中国电信营业厅"),
    ],
)
def test_platform_fraud_facts_are_warnings(kefu: Run, pid: str, warning: str) -> None:
    d, _ = kefu.json(pid, "--at", AT)
    assert any(warning in w for w in d["warnings"]), d["warnings"]


def _without_refs(node: object) -> object:
    """The JSON minus source URLs (a public URL may legitimately end in .yaml)."""
    if isinstance(node, dict):
        return {k: _without_refs(v) for k, v in node.items() if k != "ref"}
    if isinstance(node, list):
        return [_without_refs(v) for v in node]
    return node


@pytest.mark.parametrize(
    "pid",
    ["taobao", "jd", "pinduoduo", "meituan", "ctrip", "chinamobile", "chinaunicom", "chinatelecom"],
)
def test_no_user_visible_mention_of_our_own_files(kefu: Run, pid: str) -> None:
    d, _ = kefu.json(pid, "--at", AT)
    text = json.dumps(_without_refs(d), ensure_ascii=False).lower()
    for word in ("seed", "sources.md", "facts/", ".yaml"):
        assert word not in text, (pid, word)
