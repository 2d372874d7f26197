"""`kefu verify`: phone numbers, e-mail addresses, domains, URLs and pasted messages.

Every verdict is exercised through the real CLI with realistic inputs: official, reported, disputed
and unknown numbers (in every written form the issue lists), official and lookalike domains, Chinese
and English impersonation scripts modelled on facts/SOURCES.md, and genuine notices that must not be
flagged. Property tests make sure no input breaks it.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from conftest import Run
from kefu_cli.catalog.reader import Catalog
from kefu_cli.commands import open_catalog
from kefu_cli.render.console import Style as _Style
from kefu_cli.render.verify_human import render_verify
from kefu_cli.verify.check import VERDICTS, check
from kefu_cli.verify.contacts import normalize_phone
from kefu_cli.verify.hosts import parse_host
from kefu_cli.verify.message import compile_rules, find_signals

WriteFile = Callable[[str, str], Path]
ANSI = re.compile(r"\x1b\[")
CONTRACT_KINDS = {"phone", "email", "domain", "message"}

# A "helpful" user data file of the kind scammers circulate: their own number and a lookalike
# domain, both claimed as official, on a platform named like a real one. Never to be trusted.
MALICIOUS = """\
id: fakekefu
name: 抖音退款中心
aliases: [fake kefu, 抖音退款]
timezone: Asia/Shanghai
verified_at: 2026-11-20
sources:
  - id: self
    title: 本文件作者自己说的
    ref: https://douyin-kefu.com/
domains:
  - domain: douyin-kefu.com
    status: official
    sources: [self]
channels:
  - id: hotline
    type: phone
    name: 抖音退款专线
    contact: 400-999-8888
    status: official
    hours:
      text: 24 小时
    sources: [self]
categories:
  - id: payment
    name: 退款与理赔
    keywords: [退款, 理赔, 百万保障]
    channels: [hotline]
    sources: [self]
"""

# The same attack as an override of the real platform: 950201 (disputed) claimed as the hotline.
DOUYIN_OVERRIDE = MALICIOUS.replace("id: fakekefu", "id: douyin").replace(
    "contact: 400-999-8888", 'contact: "950201"'
)


def verify(kefu: Run, text: str) -> tuple[dict[str, Any], int]:
    """`kefu verify --json -- TEXT` (the `--` lets a message start with a dash)."""
    result = kefu("verify", "--json", "--", text)
    return json.loads(result.stdout), result.exit_code


# -- phone numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "95152",
        "９５１５２",  # full-width digits
        "95 152",
        "95-152",
        "(95152)",
        "（９５１５２）",  # full-width brackets and digits
        "tel:95152",
        "tel://95152",
    ],
)
def test_every_written_form_of_the_douyin_hotline_is_official(kefu: Run, text: str) -> None:
    d, code = verify(kefu, text)
    assert code == 0
    assert d["version"] == 1 and d["kind"] == "phone"
    assert d["verdict"] == "official" and d["normalized"] == "95152"
    assert d["platform"]["id"] == "douyin" and d["channel"] == "hotline"
    assert d["status"] == "official" and d["contacts"][0]["verified"] is True
    assert any("163.com" in s["ref"] for s in d["sources"])


@pytest.mark.parametrize(
    "text",
    [
        "400-670-0700",
        "400 670 0700",
        "4006700700",
        "400.670.0700",
        "(400) 670-0700",
        "（４００）６７０－０７００",
    ],
)
def test_wechat_hotline_normalizes(kefu: Run, text: str) -> None:
    d, code = verify(kefu, text)
    assert (d["verdict"], d["normalized"], d["platform"]["id"], code) == (
        "official",
        "4006700700",
        "wechat",
        0,
    )


@pytest.mark.parametrize(
    ("text", "official", "platform"),
    [
        ("TEL:+86-95152", "95152", "douyin"),
        ("+86 95152", "95152", "douyin"),
        ("0086 95152", "95152", "douyin"),
        ("+86（95152）", "95152", "douyin"),
        ("+86 400 670 0700", "4006700700", "wechat"),
        ("+86-400-670-0700", "4006700700", "wechat"),
        ("0086 400 670 0700", "4006700700", "wechat"),
        ("86 400 670 0700", "4006700700", "wechat"),
        ("tel:+864006700700", "4006700700", "wechat"),
        ("+8610086", "10086", "chinamobile"),
    ],
)
def test_official_service_number_with_a_country_prefix_is_spoofed(
    kefu: Run, text: str, official: str, platform: str
) -> None:
    """Domestic service numbers never call with +86: such a call came through an international
    gateway. Intended change (issue 14): these were `official` with a caution; now `spoofed`."""
    d, code = verify(kefu, text)
    assert (d["verdict"], d["normalized"], d["platform"]["id"], code) == (
        "spoofed",
        official,
        platform,
        1,
    )
    assert d["resembles"] == official, "the official number is named"
    assert d["official_alternative"]["contact"].replace("-", "") == official
    advice = " ".join(d["advice"])
    assert "挂断" in advice and official in advice.replace("-", "")
    assert any("+86" in r for r in d["reasons"])
    out = kefu("verify", text).stdout
    assert "伪造" in out.splitlines()[0] and "✓" not in out


def test_plain_number_has_no_caution(kefu: Run) -> None:
    assert verify(kefu, "95152")[0]["caution"] is None


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("+86 138 0013 8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("0086-138-0013-8000", "13800138000"),
        ("+86 10 8888 6666", "01088886666"),  # a Beijing landline gets back its 0
        ("+86 571 2811 1234", "057128111234"),
        ("+852 2345 6789", "+85223456789"),
        ("00852 2345 6789", "+85223456789"),
        ("+1 (650) 555-0100", "+16505550100"),
    ],
)
def test_unknown_numbers_are_normalized_and_never_safe(
    kefu: Run, text: str, normalized: str
) -> None:
    d, code = verify(kefu, text)
    assert d["verdict"] == "unknown" and code == 1
    assert d["normalized"] == normalized and d["platform"] is None
    assert "不代表它安全" in d["headline"]
    assert any("96110" in a for a in d["advice"]) and any("12321" in a for a in d["advice"])


def test_foreign_number_says_it_is_from_abroad(kefu: Run) -> None:
    d, _ = verify(kefu, "+852 2345 6789")
    assert any("境外" in r for r in d["reasons"])


@pytest.mark.parametrize(
    ("text", "platform", "alternative"),
    [
        ("950201", "douyin", "95152"),
        ("400-626-8888", "douyin", "95152"),
        ("4006268888", "douyin", "95152"),
        ("95055", "alipay", "95188"),
    ],
)
def test_disputed_numbers_name_why_and_the_official_alternative(
    kefu: Run, text: str, platform: str, alternative: str | None
) -> None:
    d, code = verify(kefu, text)
    assert (d["verdict"], d["platform"]["id"], code) == ("disputed", platform, 1)
    alt = d["official_alternative"]
    assert alt is not None and alt["platform"]["id"] == platform
    if alternative:
        assert alt["contact"] == alternative and alt["status"] == "official"
    else:  # no confirmed number: the in-app channel, with its path
        assert alt["contact"] is None and (alt["path"] or alt["where"])
    reason = " ".join(d["reasons"])
    assert "不要使用" in reason and len(reason) > 30


def test_disputed_douyin_number_quotes_the_data_reason(kefu: Run) -> None:
    d, _ = verify(kefu, "950201")
    assert any("95152" in r and "第三方" in r for r in d["reasons"])
    assert any("95152" in a for a in d["advice"])


@pytest.mark.parametrize(("text", "platform"), [("95010", "ctrip")])
def test_reported_numbers_say_only_third_parties_give_them(
    kefu: Run, text: str, platform: str
) -> None:
    d, code = verify(kefu, text)
    assert (d["verdict"], d["platform"]["id"], d["origin"], code) == (
        "reported",
        platform,
        "bundled",
        1,
    )
    assert "未经平台确认" in d["headline"]
    assert any("App" in r and "核实" in r for r in d["reasons"]), "how to confirm it in the app"


@pytest.mark.parametrize(
    ("text", "owner"),
    [("96110", "反诈"), ("110", "报警"), ("12321", "举报"), ("12315", "消费者")],
)
def test_national_lines_are_official(kefu: Run, text: str, owner: str) -> None:
    d, code = verify(kefu, text)
    assert d["verdict"] == "official" and code == 0
    assert d["platform"] is None and owner in d["owner"]


@pytest.mark.parametrize(("text", "platform"), [("10086", "chinamobile"), ("10109777", "meituan")])
def test_more_official_numbers(kefu: Run, text: str, platform: str) -> None:
    d, _ = verify(kefu, text)
    assert (d["verdict"], d["platform"]["id"]) == ("official", platform)


@pytest.mark.parametrize("text", ["l0086", "I0086", "1OO86", "lOO86"])
def test_letters_posing_as_digits_are_lookalikes_of_10086(kefu: Run, text: str) -> None:
    d, code = verify(kefu, text)
    assert (d["kind"], d["verdict"], d["resembles"], code) == ("phone", "lookalike", "10086", 1)
    assert d["platform"]["id"] == "chinamobile"
    assert d["official_alternative"]["contact"] == "10086"


# -- domains, URLs, e-mail --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("help.kuaishou.com", "kuaishou"),
        ("kuaishou.com", "kuaishou"),
        ("https://www.bilibili.com/video/BV1xx411c7mD", "bilibili"),
        ("HTTPS://WWW.DOUYIN.COM/", "douyin"),
        ("www.douyin.com", "douyin"),
        ("v.whatsapp.com", "whatsapp"),
        ("https://weixin.qq.com/", "wechat"),
        ("https://token.im/hc/zh-tw/articles/900000043823", "im"),
        ("ｈｅｌｐ．ｋｕａｉｓｈｏｕ．ｃｏｍ", "kuaishou"),  # full-width
    ],
)
def test_official_domains_and_their_subdomains(kefu: Run, text: str, platform: str) -> None:
    d, code = verify(kefu, text)
    assert (d["kind"], d["verdict"], d["platform"]["id"], code) == (
        "domain",
        "official",
        platform,
        0,
    )
    assert d["resembles"] is None


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("https://support.token.im/hc", "help_center"),
        ("https://www.whatsapp.com/contact/", "web_form"),
    ],
)
def test_official_urls_name_their_channel(kefu: Run, text: str, channel: str) -> None:
    d, _ = verify(kefu, text)
    assert d["verdict"] == "official" and d["channel"] == channel and d["url"] is True


@pytest.mark.parametrize(
    ("text", "resembles", "platform"),
    [
        ("kuaishou.com.kefu-help.cn", "kuaishou.com", "kuaishou"),  # brand as a subdomain
        ("https://www.bilibili.com.login-verify.top/x", "bilibili.com", "bilibili"),
        ("bilibili-kefu.com", "bilibili.com", "bilibili"),  # brand inside another domain
        ("taobao-refund.cn", "taobao.com", "taobao"),
        ("jd-kefu.com", "jd.com", "jd"),  # a short brand as a whole hyphen part
        ("douyln.com", "douyin.com", "douyin"),  # one letter off (i -> l)
        ("kuaishuo.com", "kuaishou.com", "kuaishou"),  # two letters swapped
        ("meituann.com", "meituan.com", "meituan"),
        ("bi1ibili.com", "bilibili.com", "bilibili"),  # 1 for l
        ("d0uyin.com", "douyin.com", "douyin"),  # 0 for o
        ("xn--kuishou-3fg.com", "kuaishou.com", "kuaishou"),  # punycode, Cyrillic а
        ("kuаishou.com", "kuaishou.com", "kuaishou"),  # the same, as Unicode
        ("bilibili.cn", "bilibili.com", "bilibili"),  # same name, other suffix
        ("wechat-kefu.com", "wechat.com", "wechat"),  # the English name
        ("imtoken-verify.com", "token.im", "im"),
        ("l0086.cn", "10086.cn", "chinamobile"),
        ("https://www.bilibili.com@evil.cn/login", "bilibili.com", "bilibili"),  # userinfo trick
    ],
)
def test_lookalike_domains_name_what_they_imitate(
    kefu: Run, text: str, resembles: str, platform: str
) -> None:
    d, code = verify(kefu, text)
    assert (d["kind"], d["verdict"], d["resembles"], code) == (
        "domain",
        "lookalike",
        resembles,
        1,
    )
    assert d["platform"]["id"] == platform
    assert d["official_alternative"] is not None
    assert d["reasons"][0].startswith("仿冒")


@pytest.mark.parametrize("text", ["im-tokenim.org", "imtoken-android.com", "www.im-tokenim.org"])
def test_known_fake_domains_in_the_data_are_lookalikes_with_the_data_reason(
    kefu: Run, text: str
) -> None:
    """The data lists them as disputed; for a domain that means a known fake: verdict lookalike."""
    d, _ = verify(kefu, text)
    assert (d["verdict"], d["resembles"], d["status"]) == ("lookalike", "token.im", "disputed")
    assert any("仿冒" in r for r in d["reasons"][1:])
    assert d["official_alternative"]["contact"] == "https://support.token.im/hc"


@pytest.mark.parametrize(
    "text",
    [
        "jdsports.com",  # a short brand inside a longer word is not an imitation
        "tokenpocket.com",  # an ordinary word that happens to be a brand label
        "example.com",
        "python.org",
        "https://1.2.3.4/login",
    ],
)
def test_unrelated_domains_are_unknown_not_lookalikes(kefu: Run, text: str) -> None:
    d, code = verify(kefu, text)
    assert (d["kind"], d["verdict"], d["resembles"], code) == ("domain", "unknown", None, 1)


@pytest.mark.parametrize(
    ("text", "verdict", "platform"),
    [
        ("support@token.im", "official", "im"),
        ("MAILTO:Support@Token.IM", "official", "im"),
        ("service@kuaishou.com", "official", "kuaishou"),  # on the official domain
        ("help@bilibili.com", "official", "bilibili"),
        ("support@bilibili-help.com", "lookalike", "bilibili"),
        ("12345@qq.com", "unknown", None),  # qq.com is free mail: anyone has an address there
        ("douyin.kefu@gmail.com", "unknown", None),
    ],
)
def test_email_addresses(kefu: Run, text: str, verdict: str, platform: str | None) -> None:
    d, _ = verify(kefu, text)
    assert d["kind"] == "email" and d["verdict"] == verdict
    assert (d["platform"] or {}).get("id") == platform


# -- messages -----------------------------------------------------------------------------------

CHINESE_SCAMS = [
    (
        "【抖音】尊敬的用户，您开通的抖音百万保障服务即将到期，到期后将每月自动扣费800元，"
        "如需关闭请致电 400-123-4567 联系客服。",
        "douyin",
        {"fake_protection", "fee_threat"},
    ),
    (
        "我是京东金融的客服，您大学期间开通的校园贷账户需要注销，否则会影响您的个人征信。"
        "请下载钉钉，加入会议并共享屏幕，按我的指引操作。",
        "jd",
        {"cancel_student_loan", "credit_threat", "screen_sharing", "meeting_app"},
    ),
    (
        "您好，我是京东客服，您的学生账户未注销，会影响征信，请下载飞书，打开屏幕共享配合操作。",
        "jd",
        {"cancel_student_loan", "screen_sharing"},
    ),
    (
        "您好，我是中通快递理赔专员，您的快递在运输途中丢失，我们将为您办理双倍赔偿，"
        "请扫描下方二维码添加理赔客服微信。",
        "zto",
        {"lost_parcel_claim", "refund_by_link"},
    ),
    (
        "【闲鱼】买家已拍下您的商品并付款，由于您的账户未开通诚信保障，资金已被冻结，"
        "请缴纳保证金1000元激活卖家账户后即可提现，详情联系客服QQ 123456789。",
        "xianyu",
        {"deposit_demand", "deposit_to_release", "account_threat"},
    ),
    (
        "闲鱼客服：您的店铺需要缴纳500元保证金才能收款。",
        "xianyu",
        {"deposit_to_release"},
    ),
    (
        "您好，您乘坐的MU5101航班已取消，可获得300元延误补偿，请拨打 400-888-1234 办理理赔。",
        None,
        {"flight_claim", "claim_by_contact"},
    ),
    (
        "昨天有个境外来电，自称京东客服，说我的白条要关闭，不然影响征信。",
        "jd",
        {"overseas_number", "credit_threat"},
    ),
    (
        "【l0086】尊敬的客户，您的积分3680即将清零，请登录 http://10086-jf.cc 兑换现金礼包。",
        "chinamobile",
        {"points_expiry", "lookalike_contact"},
    ),
    (
        "【航空公司】尊敬的旅客，您预订的CA1234航班因机械故障取消，为表歉意将赔偿您300元，"
        "请致电400-123-4567办理理赔，客服会指导您开启屏幕共享完成退款。",
        None,
        {"flight_claim", "screen_sharing"},
    ),
    (
        "刚才接到 +86 400 670 0700 的电话，说是微信客服，我的百万保障要扣费",
        "wechat",
        {"spoofed_prefix", "fake_protection"},
    ),
    (
        "对方说他是抖音客服，说我开了直播会员要每月扣费，让我下载腾讯会议共享屏幕，然后把钱转到安全账户",
        "douyin",
        {"fake_protection", "fee_threat", "meeting_app", "screen_sharing", "safe_account"},
    ),
    (
        "您好，我是imToken官方客服，检测到您的钱包存在异常，请提供您的助记词进行验证，以免资产被冻结。",
        "im",
        {"asks_for_seed_phrase"},
    ),
    (
        "美团客服：您有一张50元优惠券待领取，请添加客服微信 mt-kefu88 领取",
        "meituan",
        {"add_social_contact", "prize_bait"},
    ),
    (
        "【淘宝】您的订单异常已被冻结，退款请点击 http://taobao-refund.cn 办理",
        "taobao",
        {"refund_by_link", "lookalike_contact"},
    ),
    (
        "你好，我是抖音平台工作人员，你的验证码收到了吧？把验证码告诉我，我帮你关闭扣费。",
        "douyin",
        {"asks_for_code"},
    ),
    (
        "您的支付宝资金安全险即将续费，每年扣除 1200 元，如需取消请拨打 0086 95188 人工客服。",
        "alipay",
        {"fake_protection", "fee_threat", "spoofed_prefix"},
    ),
    (
        "【驗證碼】您的百萬保障即將扣費，請把驗證碼發給我們的客服。",  # traditional characters
        None,
        {"asks_for_code", "fake_protection"},
    ),
]

ENGLISH_SCAMS = [
    (
        "Hello, this is WhatsApp Support. We noticed a login attempt on your account. To keep your "
        "account safe, please send us the 6-digit code we just sent to you by SMS. Otherwise your "
        "account will be suspended in 24 hours.",
        "whatsapp",
        {"asks_for_code", "account_threat"},
    ),
    (
        "imToken Customer Service: your wallet has been flagged for suspicious activity. To avoid "
        "losing your assets, please enter your 12-word recovery phrase at https://imtoken-verify.com",
        "im",
        {"asks_for_seed_phrase", "lookalike_contact"},
    ),
    (
        "This is Amazon customer service. Your Prime membership will be renewed and $299 will be "
        "charged today. To cancel and get a refund, install AnyDesk and share your screen with our agent.",
        None,
        {"screen_sharing", "fee_threat"},
    ),
    (
        "Bank security team here: your account is compromised, transfer your money to a safe "
        "account immediately.",
        None,
        {"safe_account"},
    ),
    (
        "Please add our customer service on WhatsApp +44 7700 900123 to claim your refund.",
        None,
        {"add_social_contact", "overseas_number"},
    ),
    (
        "WhatsApp security: what is the 6 digit code you received? Reply now or lose your account.",
        "whatsapp",
        {"asks_for_code"},
    ),
]


@pytest.mark.parametrize(("text", "platform", "signals"), CHINESE_SCAMS + ENGLISH_SCAMS)
def test_impersonation_scripts_are_scams(
    kefu: Run, text: str, platform: str | None, signals: set[str]
) -> None:
    d, code = verify(kefu, text)
    assert (d["kind"], d["verdict"], code) == ("message", "scam", 1)
    assert signals <= set(d["signals"]), d["signals"]
    assert (d["platform"] or {}).get("id") == platform, "the platform the script speaks for"
    details = {s["id"]: s for s in d["signal_details"]}
    assert all(details[s]["explain"] for s in signals)
    advice = " ".join(d["advice"])
    assert all(n in advice for n in ("挂断", "验证码", "96110", "110", "12321"))


def test_scam_advice_names_the_official_channel(kefu: Run) -> None:
    d, _ = verify(kefu, _scam("百万保障服务"))
    assert d["official_alternative"]["contact"] == "95152"
    assert any("95152" in a for a in d["advice"])


def _scam(marker: str) -> str:
    return next(text for text, _, _ in CHINESE_SCAMS if marker in text)


def test_scam_contacts_are_checked_too(kefu: Run) -> None:
    d, _ = verify(kefu, _scam("l0086"))
    verdicts = {c["input"]: c["verdict"] for c in d["contacts"]}
    assert verdicts["l0086"] == "lookalike"
    assert verdicts["http://10086-jf.cc"] == "lookalike"
    d, _ = verify(kefu, _scam("+86 400 670 0700"))
    (wechat,) = d["contacts"]
    # intended change (issue 14): a +86 service number is `spoofed`, no longer official-with-caution
    assert (wechat["normalized"], wechat["verdict"]) == ("4006700700", "spoofed")


GENUINE = [
    "【抖音】验证码 482913，用于手机号登录，5分钟内有效。验证码提供给他人可能导致帐号被盗，请勿泄露，谨防被骗。",
    "【微信】您的验证码为 123456，5分钟内有效。请勿泄露给他人。",
    "【京东】验证码：112233，您正在进行身份验证，打死都不要告诉别人哦！",
    "【支付宝】验证码 223344，用于登录。工作人员不会向你索要，请勿告诉任何人。",
    "【淘宝】验证码654321，您正在登录，若非本人操作，请勿泄露。",
    "【菜鸟驿站】您的包裹已到幸福小区驿站，凭取件码 3-2-1234 领取，如有疑问请联系 13812345678。",
    "【中通快递】您的快递已签收，签收人：门卫。如有疑问请致电 95311。",
    "【京东】您的订单 JD12345678 已发货，预计明天送达，可在京东App查看物流。",
    "【美团】您的订单已支付成功，骑手正在赶往商家，预计 30 分钟送达。",
    "Your WhatsApp code: 123-456. You can also tap on this link to verify your phone: "
    "v.whatsapp.com/123456. Don't share this code with others.",
    "Your order #112-3345 has been shipped. Track it in the app.",
    "Your Amazon order has been delivered. Thank you for your purchase.",
    "【爱奇艺】您的VIP会员将于明天自动续费25元，如需取消，请在App「我的-VIP会员」中操作。",
    "公检法不会让你转账到安全账户，凡是让你共享屏幕的都是诈骗，请拨打96110咨询。",
    "明天下午三点开会，腾讯会议 会议号：123-456-789",
    "【顺丰速运】您的快件已签收。如快件有破损，如需理赔请拨打 95338。",
    "【携程】您的航班延误险理赔已完成，30元已原路退回您的支付账户。",
    "【抖店】店铺保证金缴纳成功，缴纳保证金后才能开店经营，详情请在抖店App中查看。",
    "微信安全中心提醒：微信不会从境外给你打电话，显示为 +86 400 670 0700 的来电要警惕。",
]


@pytest.mark.parametrize("text", GENUINE)
def test_genuine_notices_are_not_flagged(kefu: Run, text: str) -> None:
    d, code = verify(kefu, text)
    assert (d["kind"], d["verdict"], code) == ("message", "no_signals", 0), d["signals"]
    strong = [s for s in d["signal_details"] if s["severity"] == "strong" and not s["from_contact"]]
    assert not strong, "no strong words (a warning may quote a fake number)"
    assert d["resembles"] is None


def test_code_sms_is_credited_as_a_genuine_notice(kefu: Run) -> None:
    d, _ = verify(kefu, GENUINE[1])
    assert d["signals"] == [] and any("防泄露" in r for r in d["reasons"])


@pytest.mark.parametrize(
    ("text", "verdict", "resembles"),
    [
        ("详情请访问 douyln.com 查看", "lookalike", "douyin.com"),
        ("请访问 https://www.bilibili.com.login-verify.top/ 更新资料", "lookalike", "bilibili.com"),
        ("抖音的客服电话是 950201 吗", "disputed", None),
    ],
)
def test_message_takes_the_worst_contact_verdict_without_a_scam_script(
    kefu: Run, text: str, verdict: str, resembles: str | None
) -> None:
    d, code = verify(kefu, text)
    assert (d["kind"], d["verdict"], d["resembles"], code) == ("message", verdict, resembles, 1)


def test_two_numbers_are_a_message_with_two_contacts(kefu: Run) -> None:
    d, code = verify(kefu, "95152 950201")
    assert (d["kind"], d["verdict"], code) == ("message", "disputed", 1)
    assert [c["verdict"] for c in d["contacts"]] == ["official", "disputed"]


def test_message_with_only_official_contacts_is_no_signals(kefu: Run) -> None:
    d, code = verify(kefu, "抖音官方热线是 95152，官网 www.douyin.com")
    assert (d["verdict"], code) == ("no_signals", 0)
    assert {c["verdict"] for c in d["contacts"]} == {"official"}


def test_unknown_number_in_a_message_is_listed_not_called_safe(kefu: Run) -> None:
    d, _ = verify(kefu, GENUINE[5])
    (courier,) = d["contacts"]
    assert courier["verdict"] == "unknown" and courier["normalized"] == "13812345678"
    assert any("13812345678" in r and "无法确认" in r for r in d["reasons"])


def test_message_numbers_are_not_confused_with_codes_amounts_or_neighbours(kefu: Run) -> None:
    text = "验证码 958361，请在 5 分钟内输入。咨询请拨打 95152 5分钟内有人接听，金额 10000 元。"
    d, _ = verify(kefu, text)
    assert [c["normalized"] for c in d["contacts"]] == ["95152"]


def test_empty_input_is_unknown_with_a_hint(kefu: Run) -> None:
    d, code = verify(kefu, "   ")
    assert (d["verdict"], code) == ("unknown", 1)
    assert "粘贴" in " ".join(d["reasons"])


# -- user data ------------------------------------------------------------------------------------


def test_a_user_file_cannot_make_a_scam_number_official(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    write_user_file("fakekefu.yaml", MALICIOUS)
    d, code = verify(kefu_fresh, "400-999-8888")
    assert (d["verdict"], d["origin"], code) == ("reported", "user", 1)
    assert d["contacts"][0]["verified"] is False
    assert d["platform"]["origin"] == "user"
    assert "本地数据，未经核实" in d["headline"]
    alt = d["official_alternative"]
    assert alt is None or alt["contact"] != "400-999-8888", "never offered as the alternative"
    out = kefu_fresh("verify", "400-999-8888").stdout
    assert "本地数据，未经核实" in out and "官方：" not in out
    # the lookup shows the same number as unverified
    lookup, _ = kefu_fresh.json("fakekefu", "退款")
    assert lookup["recommended"]["contact"] == "400-999-8888"
    assert lookup["recommended"]["status"] == "reported"
    assert lookup["recommended"]["verified"] is False
    assert "本地数据，未经核实" in kefu_fresh("fakekefu", "退款").stdout


def test_a_user_file_cannot_make_a_lookalike_domain_official(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    write_user_file("fakekefu.yaml", MALICIOUS)
    d, _ = verify(kefu_fresh, "https://douyin-kefu.com/refund")
    assert (d["verdict"], d["resembles"], d["platform"]["id"]) == (
        "lookalike",
        "douyin.com",
        "douyin",
    )


def test_a_user_override_cannot_launder_a_disputed_number(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    write_user_file("douyin.yaml", DOUYIN_OVERRIDE)
    d, _ = verify(kefu_fresh, "950201")
    assert d["verdict"] == "disputed"
    d, _ = verify(kefu_fresh, "95152")
    assert (d["verdict"], d["origin"]) == ("official", "bundled"), "bundled rows are kept"


def test_scam_message_naming_the_user_number_is_still_a_scam(
    kefu_fresh: Run, write_user_file: WriteFile
) -> None:
    write_user_file("fakekefu.yaml", MALICIOUS)
    d, _ = verify(kefu_fresh, "您的抖音百万保障即将扣费，如需关闭请致电 400-999-8888")
    assert d["verdict"] == "scam"
    assert d["contacts"][0]["verdict"] == "reported"


# -- output -------------------------------------------------------------------------------------


REQUIRED_KEYS = {"version", "input", "kind", "verdict", "platform", "resembles", "signals"}
REQUIRED_KEYS |= {"contacts", "advice"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("95152", 0),
        ("950201", 1),
        ("b23.tv", 1),
        ("13800138000", 1),
        ("douyln.com", 1),
        ("help.kuaishou.com", 0),
        (CHINESE_SCAMS[0][0], 1),
        (GENUINE[0], 0),
    ],
)
def test_json_shape_and_exit_codes(kefu: Run, text: str, code: int) -> None:
    d, exit_code = verify(kefu, text)
    assert d.keys() >= REQUIRED_KEYS
    assert d["kind"] in CONTRACT_KINDS and d["verdict"] in VERDICTS
    assert isinstance(d["signals"], list) and all(isinstance(s, str) for s in d["signals"])
    assert isinstance(d["advice"], list) and d["advice"]
    assert exit_code == code == (0 if d["verdict"] in ("official", "no_signals") else 1)
    assert d["input"] == text


@pytest.mark.parametrize(
    ("text", "first_line"),
    [
        ("95152", "官方：95152 是抖音「官方服务热线」"),
        ("950201", "不要使用：950201 不是抖音的官方号码"),
        ("b23.tv", "未经平台确认：b23.tv"),
        ("13800138000", "未知：13800138000 不在资料中"),
        ("douyln.com", "仿冒：douyln.com 在模仿抖音的 douyin.com"),
        (CHINESE_SCAMS[1][0], "疑似诈骗"),
        (GENUINE[1], "未发现诈骗特征"),
    ],
)
def test_human_output_starts_with_the_verdict_and_is_plain_when_piped(
    kefu: Run, text: str, first_line: str
) -> None:
    for env in (None, {"NO_COLOR": "1"}):
        out = kefu("verify", "--", text, env=env).stdout
        assert not ANSI.search(out)
        assert first_line in out.splitlines()[0]
        assert "怎么办" in out


def test_human_scam_output_lists_signals_contacts_and_advice(kefu: Run) -> None:
    out = kefu("verify", "--", _scam("百万保障服务")).stdout
    for part in ("发现的诈骗特征", "百万保障", "消息里的联系方式", "4001234567", "官方渠道"):
        assert part in out
    assert "95152" in out and "96110" in out and "12321" in out


@pytest.mark.parametrize(
    ("text", "sgr"),
    [
        ("95152", "32"),
        ("13800138000", "33"),
        ("b23.tv", "33"),
        ("950201", "31"),
        ("douyln.com", "31"),
    ],
)
def test_verdict_line_colour_on_a_terminal(text: str, sgr: str) -> None:
    result = check(open_catalog(), text)
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, color_system="standard", width=100)
    render_verify(result, console, _Style(console))
    first = buf.getvalue().splitlines()[0]
    assert re.search(rf"\x1b\[(?:\d+;)*{sgr}(?:;\d+)*m", first), repr(first)


def test_scam_verdict_is_red_and_genuine_green() -> None:
    catalog = open_catalog()
    for text, sgr in ((CHINESE_SCAMS[2][0], "31"), (GENUINE[2], "32")):
        buf = io.StringIO()
        console = Console(file=buf, force_terminal=True, color_system="standard", width=100)
        render_verify(check(catalog, text), console, _Style(console))
        first = buf.getvalue().splitlines()[0]
        assert re.search(rf"\x1b\[(?:\d+;)*{sgr}(?:;\d+)*m", first), repr(first)


def test_gbk_console_survives_a_scam_message(shared_cache: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "KEFU_CACHE_DIR": str(shared_cache)}
    proc = subprocess.run(
        [sys.executable, "-m", "kefu_cli", "verify", "--", ENGLISH_SCAMS[0][0] + " ✓ 😀"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert "疑似诈骗" in proc.stdout.decode("gbk")


# -- the signal data and properties ------------------------------------------------------------------


@pytest.fixture
def catalog() -> Iterator[Catalog]:
    yield open_catalog()


def test_every_signal_is_explained_and_compiles(catalog: Catalog) -> None:
    data = catalog.signals
    assert isinstance(data, dict)
    rules = compile_rules(data)
    assert len(rules.signals) == len(data["signals"]) >= 20
    for entry in data["signals"]:
        assert entry["severity"] in ("strong", "medium", "weak")
        assert len(entry["explain"]) >= 20, entry["id"]
        assert len(rules.signals[entry["id"]].regexes) == len(entry.get("regex") or [])
        for ref in entry.get("sources") or []:
            assert ref.startswith("http")


def test_negated_warnings_do_not_count(catalog: Catalog) -> None:
    rules = compile_rules(catalog.signals)
    hits, _ = find_signals(rules, "请勿将验证码告诉他人，任何人向你索要验证码都是诈骗。")
    assert not hits
    hits, _ = find_signals(rules, "不要挂电话，把验证码告诉我")
    assert [h.spec.id for h in hits] == ["asks_for_code"]


def test_fuzzy_phrases_catch_small_variants(catalog: Catalog) -> None:
    rules = compile_rules(catalog.signals)
    hits, _ = find_signals(rules, "please start scren sharing now")  # one letter missing
    assert "screen_sharing" in {h.spec.id for h in hits}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_text_gets_a_verdict(catalog: Catalog, text: str) -> None:
    result = check(catalog, text)
    assert result.verdict in VERDICTS
    assert result.kind in CONTRACT_KINDS
    assert result.advice


_PHONEISH = st.text(alphabet="0123456789 +-().（）８６tel:", min_size=1, max_size=24)


@settings(max_examples=300, deadline=None)
@given(text=_PHONEISH)
def test_phone_normalization_is_idempotent(text: str) -> None:
    first = normalize_phone(text)
    if first is None:
        return
    again = normalize_phone(first.normalized)
    assert again is not None and again.normalized == first.normalized


@settings(max_examples=300, deadline=None)
@given(
    text=st.from_regex(
        r"[a-zA-Z0-9аоеі-]{1,12}(\.[a-zA-Z0-9-]{1,10}){0,2}\.(com|cn|im|co\.uk|top)", fullmatch=True
    )
)
def test_host_parsing_is_idempotent(text: str) -> None:
    host = parse_host(text)
    if host is None:
        return
    again = parse_host(host.ascii)
    assert again is not None and again == host
    assert parse_host(host.unicode) == host


def test_broken_signal_data_degrades_instead_of_failing() -> None:
    rules = compile_rules(
        {"signals": [{"id": "bad", "severity": "strong", "regex": ["(unclosed"]}, "junk"]}
    )
    assert list(rules.signals) == ["bad"] and rules.signals["bad"].regexes == ()
    assert find_signals(rules, "把验证码告诉我") == ([], [])
    assert find_signals(compile_rules(None), "把验证码告诉我") == ([], [])


@pytest.mark.parametrize(
    "text",
    [
        "Binance Support: your account is locked, contact our agent on Telegram @help_desk to unlock",
        "OKX notice: your wallet was frozen. Message our support team via WhatsApp to restore it.",
    ],
)
def test_fake_exchange_support_in_english_is_not_clean(kefu: Run, text: str) -> None:
    d, code = kefu.json("verify", text)
    assert code == 1 and d["verdict"] in ("scam", "suspicious"), d["signals"]


@pytest.mark.parametrize("number", ["96110", "110", "12315"])
def test_national_lines_cite_no_file_of_ours(kefu: Run, number: str) -> None:
    r = kefu("verify", number)
    d, _ = kefu.json("verify", number)
    text = r.stdout + json.dumps(d, ensure_ascii=False)
    assert "SOURCES.md" not in text and "facts/" not in text and "seed" not in text
