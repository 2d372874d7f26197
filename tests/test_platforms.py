"""The platforms beyond the seeds (issue 8): a realistic lookup, hours and verify for each."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AT, Run

NEW = {
    # platform: (a realistic problem, accepted categories, a contact it must show or None)
    "wechat": ("微信零钱提现失败", "payment", "400-670-0700"),
    "alipay": ("花呗莫名扣款了", "payment", "95188"),
    "meituan": ("外卖超时没送到要退款", "live_commerce", "10109777"),
    "xianyu": ("买家让我先交保证金", "privacy_security,live_commerce", None),
    "jd": ("白条被乱扣钱", "payment", "950618"),
    "taobao": ("申请退货退款商家不同意", "live_commerce", None),
    "pinduoduo": ("仅退款被拒", "live_commerce,payment", "021-53395288"),
    "chinamobile": ("话费扣多了", "payment", "10086"),
    "chinaunicom": ("手机卡停机了", "account", "10010"),
    "chinatelecom": ("流量套餐乱扣费", "payment", "10000"),
    "ctrip": ("机票退改签", "live_commerce", "95010"),
}


@pytest.mark.parametrize("pid", sorted(NEW))
def test_realistic_lookup(kefu: Run, pid: str) -> None:
    query, category, contact = NEW[pid]
    d, code = kefu.json(pid, query, "--at", AT)
    assert code == 0
    assert d["platform"]["id"] == pid
    assert d["problem"] is not None and d["problem"]["id"] in category.split(",")
    offered = [d["recommended"], *d["alternatives"]]
    assert all(c["status"] != "disputed" for c in offered)
    if contact:
        assert any(c["contact"] == contact for c in offered), f"{pid} shows {contact}"
    else:
        assert any("经平台确认的客服电话" in w or "经确认的客服电话" in w for w in d["warnings"]), (
            "no number: say searched ones are a scam risk"
        )
        assert d["recommended"]["contact"] is None, "the in-app route comes first"


def test_24h_lines_are_open_at_night(kefu: Run) -> None:
    for pid, number in (("chinamobile", "10086"), ("alipay", "95188")):
        d, _ = kefu.json("hours", pid, "--at", "2026-11-24T03:00+08:00")
        line = next(c for c in d["channels"] if c["type"] == "phone")
        assert line["open_now"] is True, number


@pytest.mark.parametrize(
    ("pid", "warning"),
    [
        ("jd", "不会主动给你打电话"),
        ("xianyu", "保证金"),
        ("wechat", "400 670 0700"),
        ("chinamobile", "l0086"),
        ("ctrip", "理赔"),
        ("alipay", "百万保障」完全免费"),
        ("meituan", "微信"),
        ("taobao", "二维码"),
    ],
)
def test_official_fraud_facts_are_warnings(kefu: Run, pid: str, warning: str) -> None:
    d, _ = kefu.json(pid, "--at", AT)
    assert any(warning in w for w in d["warnings"]), d["warnings"]


def test_disputed_numbers_of_new_platforms_are_listed(kefu: Run) -> None:
    alipay, _ = kefu.json("alipay", "--at", AT)
    assert {x["contact"] for x in alipay["disputed"]} == {"95055"}
    pdd, _ = kefu.json("pinduoduo", "--at", AT)
    assert not pdd["disputed"], "400-8822-528 was on PDD's own FAQ; 95007 has no source either way"


def test_new_platform_sources_are_cited(kefu: Run) -> None:
    listing, _ = kefu.json("list")
    by_id = {p["id"]: p for p in listing["platforms"]}
    for pid in NEW:
        assert by_id[pid]["sources"], pid


VERIFY = [
    # (input, verdict, platform, resembles)
    ("400-670-0700", "official", "wechat", None),
    ("weixin.qq.com", "official", "wechat", None),
    ("weixin-kefu.com", "lookalike", "wechat", "weixin.qq.com"),
    ("95017", "official", "wechat", None),  # 微信支付 names it on its own site (2026-12 evidence)
    ("95188", "official", "alipay", None),  # 支付宝 App itself dials it (2026-12 evidence)
    ("https://www.alipay.com/help", "official", "alipay", None),
    ("95055", "disputed", "alipay", None),
    ("10109777", "official", "meituan", None),
    ("meituan.com", "official", "meituan", None),
    ("jd.com", "official", "jd", None),
    ("jd-kefu.com", "lookalike", "jd", "jd.com"),
    ("tmall.com", "official", "taobao", None),
    ("taobao-refund.cn", "lookalike", "taobao", "taobao.com"),
    ("pinduoduo.com", "official", "pinduoduo", None),
    ("400-8822-528", "official", "pinduoduo", None),
    ("10086", "official", "chinamobile", None),
    ("10086.cn", "official", "chinamobile", None),
    ("10010", "official", "chinaunicom", None),
    ("10000", "official", "chinatelecom", None),
    ("95010", "reported", "ctrip", None),
    ("ctrip.com", "official", "ctrip", None),
    ("ctrip-lipei.com", "lookalike", "ctrip", "ctrip.com"),
]


@pytest.mark.parametrize(("text", "verdict", "pid", "resembles"), VERIFY)
def test_verify_contacts_of_new_platforms(
    kefu: Run, text: str, verdict: str, pid: str, resembles: str | None
) -> None:
    d, code = kefu.json("verify", text)
    assert d["verdict"] == verdict
    assert d["platform"]["id"] == pid
    assert d["resembles"] == resembles
    assert code == (0 if verdict == "official" else 1)
    if verdict in ("disputed", "lookalike"):
        assert d["advice"], "a bad contact comes with what to do instead"


SCRIPTS = [
    ("闲鱼客服：您的账户需缴纳保证金才能交易，请加微信客服处理", "xianyu"),
    ("【京东金融】您的校园贷账户未注销，将影响征信，请下载钉钉开启屏幕共享配合客服处理", "jd"),
    ("您的快递丢失，点击链接 http://kd-lipei.cn 填写信息领取双倍理赔", None),
    ("【中国移动】您的积分即将清零，请点击 http://l0086-jf.cn 兑换现金红包", "chinamobile"),
    ("尊敬的旅客，您预订的航班已取消，请联系 400-6677-8899 办理改签理赔，需开启屏幕共享", None),
    ("您好，这里是微信客服，您开通的百万保障即将扣费，如需关闭请按提示操作", "wechat"),
]


@pytest.mark.parametrize(("message", "pid"), SCRIPTS)
def test_scam_scripts_of_new_platforms(kefu: Run, message: str, pid: str | None) -> None:
    d, code = kefu.json("verify", message)
    assert d["kind"] == "message" and d["verdict"] == "scam" and code == 1
    assert d["signals"]
    if pid:
        assert d["platform"]["id"] == pid


BUNDLED = sorted(p.stem for p in (Path(__file__).parents[1] / "data" / "platforms").glob("*.yaml"))


@pytest.mark.parametrize("pid", BUNDLED)
def test_every_bundled_platform_answers_hours(kefu: Run, pid: str) -> None:
    """`kefu hours` for each bundled platform; hours nobody published are never guessed."""
    d, code = kefu.json("hours", pid, "--at", AT)
    assert code == 0 and d["platform"]["id"] == pid and d["channels"]
    for c in d["channels"]:
        if c["hours"].startswith("未公布"):
            assert c["open_now"] is None, (pid, c["channel"])


def test_list_filters_by_text_and_category(kefu: Run) -> None:
    d, code = kefu.json("list", "银行")
    assert code == 0 and {p["id"] for p in d["platforms"]} == {"icbc", "boc", "ccb"}
    assert d["search"] == "银行"
    d, code = kefu.json("list", "--category", "live_commerce")
    assert code == 0 and d["platforms"]
    assert all("live_commerce" in p["categories"] for p in d["platforms"])
    assert len(d["platforms"]) < len(kefu.json("list")[0]["platforms"])
    d, code = kefu.json("list", "zzz-no-such")
    assert code == 1 and d["error"]["code"] == "no_match"
    assert kefu("list", "--category", "refunds").exit_code == 2


def _bundled_phones() -> list[tuple[str, str, str]]:
    import yaml

    out = []
    for pid in BUNDLED:
        path = Path(__file__).parents[1] / "data" / "platforms" / f"{pid}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for ch in data["channels"]:
            if ch["type"] == "phone" and ch.get("contact"):
                out.append((pid, ch["contact"], ""))
        for x in data.get("disputed", []):
            if x["kind"] == "phone":
                out.append((pid, x["contact"], "disputed"))
    return out


@pytest.mark.parametrize(("pid", "number", "expected"), _bundled_phones())
def test_every_bundled_number_verifies_as_itself(
    kefu: Run, pid: str, number: str, expected: str
) -> None:
    """Verify reads each number in the data back to its own platform and status: the catalog and
    kefu verify share one normal form (area codes, +86, foreign numbers). A service number the data
    itself writes with +86 is the platform's own form, never called spoofed."""
    d, _ = kefu.json("verify", number)
    assert d["platform"] is not None and d["platform"]["id"] == pid, (number, d["verdict"])
    if expected:  # a listed spoof form of an official number is reported as spoofed
        assert d["verdict"] in (expected, "spoofed"), number
    else:
        assert d["verdict"] in ("official", "reported"), (number, d["verdict"])
