"""Issue 15 through the real CLI: asking for a person, the platform inside the sentence, a scammer's
demand before anything else, Traditional names and typed domains, plausible slips only."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import AT, Run


def _contacts(d: dict[str, Any]) -> list[str | None]:
    return [v.get("contact") for v in [d["recommended"], *d["alternatives"]] if v]


# -- 1. the contact intent ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        ["人工客服"],
        ["客服电话"],
        ["怎么联系人工客服"],
        ["customer", "service", "phone", "number"],
        ["客服电话是多少"],
        ["打不通电话"],
        ["投诉电话"],
    ],
)
def test_asking_for_a_person_puts_the_hotline_first_or_second(kefu: Run, words: list[str]) -> None:
    d, code = kefu.json("douyin", *words, "--at", AT)
    assert code == 0
    assert d["intent"] == "contact" and d["read"]["contact_words"]
    assert d["problem"] is None  # no problem was told
    assert "95152" in _contacts(d)[:2]


def test_asking_for_a_person_reads_as_it_should_in_human_output(kefu: Run) -> None:
    out = kefu("douyin", "人工客服", "--at", AT).stdout
    assert "联系真人" in out and "95152" in out
    assert "没能确定" not in out


def test_a_problem_beside_the_contact_words_is_kept_and_the_human_channels_lead(kefu: Run) -> None:
    d, _ = kefu.json("douyin", "退款", "人工客服", "--at", AT)
    assert d["problem"]["id"] == "payment"
    assert d["intent"] == "contact" and d["read"]["contact_words"] == ["人工客服"]
    assert d["recommended"]["contact"] == "95152"


def test_a_carrier_fault_with_the_word_phone_is_still_a_fault(kefu: Run) -> None:
    d, _ = kefu.json("电信", "打不出电话", "--at", AT)
    assert d["problem"]["id"] == "technical" and d["intent"] == "problem"


@pytest.mark.parametrize(
    ("platform", "words", "want"),
    [
        ("抖音", ["有人冒充抖音客服打电话"], "privacy_security"),
        ("快手", ["投诉客服态度差"], "feedback"),
        ("淘宝", ["淘宝客服不理人"], "feedback"),
    ],
)
def test_contact_words_inside_other_keywords_are_not_asking(
    kefu: Run, platform: str, words: list[str], want: str
) -> None:
    d, _ = kefu.json(platform, *words, "--at", AT)
    assert d["intent"] == "problem" and d["problem"]["id"] == want


def test_every_lookup_says_how_it_read_the_question(kefu: Run) -> None:
    d, _ = kefu.json("douyin", "充值未到账", "--at", AT)
    assert d["intent"] == "problem"
    assert d["read"] == {"contact_words": [], "platform_in_text": None}
    assert d["alert"] is None


# -- 2. the platform inside the sentence -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "platform", "problem"),
    [
        ("我的抖音充值没到账", "douyin", "payment"),
        ("快手账号被封了", "kuaishou", "account"),
        ("b站大会员自动续费怎么退", "bilibili", "payment"),
    ],
)
def test_the_platform_named_inside_the_sentence(
    kefu: Run, sentence: str, platform: str, problem: str
) -> None:
    d, code = kefu.json(sentence, "--at", AT)
    assert code == 0
    assert d["platform"]["id"] == platform and d["problem"]["id"] == problem
    assert d["read"]["platform_in_text"]


def test_a_platform_name_with_app_is_still_the_overview(kefu: Run) -> None:
    d, code = kefu.json("抖音商城app", "--at", AT)
    assert code == 0 and "channels" in d and "problem" not in d


def test_a_problem_without_a_platform_names_the_platforms_it_could_belong_to(kefu: Run) -> None:
    result = kefu("充值没到账")
    assert result.exit_code == 1
    assert "没有说是哪个平台" in result.stderr
    assert "kefu douyin 充值没到账" in result.stderr or "kefu alipay 充值没到账" in result.stderr
    assert "找不到平台" not in result.stderr
    d, _ = kefu.json("充值没到账")
    assert d["error"]["code"] == "unknown_platform" and len(d["error"]["suggestions"]) >= 2


# -- 3. a scammer's demand leads ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "text"),
    [
        ("闲鱼", "买家要我先交保证金才能交易"),
        ("支付宝", "对方让我先转保证金才能解冻"),
        ("whatsapp", "stranger asking me for verification code"),
    ],
)
def test_a_scammers_demand_leads_with_the_warning(kefu: Run, platform: str, text: str) -> None:
    d, _ = kefu.json(platform, text, "--at", AT)
    assert d["alert"] and d["problem"]["id"] == "privacy_security"
    out = kefu(platform, text, "--at", AT).stdout
    assert out.lstrip().startswith("⚠") or out.index("骗子") < out.index("推荐")


@pytest.mark.parametrize(
    ("platform", "text", "want"),
    [
        ("支付宝", "支付宝被盗刷了怎么办", "payment"),
        ("微信", "转账转错人了 对方不退", "payment"),
        ("京东", "白条逾期影响征信吗", "payment"),
    ],
)
def test_a_situation_is_not_a_scam(kefu: Run, platform: str, text: str, want: str) -> None:
    d, _ = kefu.json(platform, text, "--at", AT)
    assert d["problem"]["id"] == want and d["alert"] is None


def test_fees_the_platform_itself_charges_are_no_alert(kefu: Run) -> None:
    d, _ = kefu.json("微信", "提现要交手续费吗", "--at", AT)
    assert d["alert"] is None


# -- 4. names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "platform"),
    [
        ("支付寶", "alipay"),
        ("淘寶", "taobao"),
        ("京東", "jd"),
        ("中國移動", "chinamobile"),
        ("嗶哩嗶哩", "bilibili"),
        ("trip.com", "ctrip"),
        ("jd.com", "jd"),
        ("www.ctrip.com", "ctrip"),
    ],
)
def test_traditional_names_and_typed_domains_resolve(kefu: Run, typed: str, platform: str) -> None:
    d, code = kefu.json(typed, "--at", AT)
    assert code == 0 and d["platform"]["id"] == platform


def test_a_problem_in_traditional_chinese_is_matched(kefu: Run) -> None:
    d, _ = kefu.json("淘寶", "買到假貨了怎麼退", "--at", AT)
    assert d["problem"]["id"] == "live_commerce"


@pytest.mark.parametrize(
    "typed", [["foo", "退款"], ["uber"], ["hello"], ["foo"]]
)  # `kefu help` is help
def test_unknown_names_get_no_noise_suggestions(kefu: Run, typed: list[str]) -> None:
    d, code = kefu.json(*typed)
    assert code == 1 and d["error"]["suggestions"] == []


# -- 5. plausible slips only ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "text", "not_this"),
    [
        ("meituan", "可以退吗", "privacy_security"),
        ("taobao", "我有几个问题", "technical"),
    ],
)
def test_a_real_word_is_not_read_as_a_sound_alike(
    kefu: Run, platform: str, text: str, not_this: str
) -> None:
    d, _ = kefu.json(platform, text, "--at", AT)
    assert (d["problem"] or {}).get("id") != not_this


@pytest.mark.parametrize(
    ("platform", "text", "want"),
    [
        ("淘宝", "买了没几天就降价了 差价能退吗", ("live_commerce", "payment")),
        ("京东", "快递丢了", ("live_commerce",)),
        ("抖音", "刷着刷着就自动退出了", ("technical",)),
        ("美团", "送餐的态度恶劣还骂人", ("live_commerce", "feedback")),
        ("淘宝", "包邮的东西要我付邮费", ("live_commerce",)),
        ("淘宝", "优惠卷用不了", ("live_commerce", "payment")),
    ],
)
def test_colloquial_words(kefu: Run, platform: str, text: str, want: tuple[str, ...]) -> None:
    d, _ = kefu.json(platform, text, "--at", AT)
    assert d["problem"]["id"] in want


def test_asking_for_a_person_lists_no_report_or_minors_lines_first(kefu: Run) -> None:
    """The general hotline leads; lines kept for one purpose (reports, minors) are not offered to
    someone who only asks how to reach a person."""
    d, _ = kefu.json("douyin", "人工客服", "--at", AT)
    offered = [d["recommended"], *d["alternatives"]]
    assert offered[0]["contact"] == "95152"
    assert not any("举报" in c["name"] or "青少年" in c["name"] for c in offered)


@pytest.mark.parametrize("words", [["人工客服"], ["客服电话"]])
def test_asking_for_a_person_without_a_platform_asks_which(kefu: Run, words: list[str]) -> None:
    d, code = kefu.json(*words)
    assert code == 1 and d["error"]["suggestions"] == []
    assert "哪个平台" in d["error"]["message"]


@pytest.mark.parametrize(
    ("typed", "platform"),
    [("中國銀行", "boc"), ("幣安", "binance"), ("順豐速運", "sfexpress"), ("雲閃付", "unionpay")],
)
def test_traditional_names_need_no_traditional_aliases(
    kefu: Run, typed: str, platform: str
) -> None:
    """The data keeps Simplified aliases only; the OpenCC table reads Traditional input."""
    d, code = kefu.json(typed, "--at", AT)
    assert code == 0 and d["platform"]["id"] == platform
