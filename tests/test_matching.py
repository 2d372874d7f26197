"""The matcher: free text -> problem category and platform, typos and odd input included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kefu_cli.catalog.reader import Catalog
from kefu_cli.catalog.text import all_cjk, has_cjk, is_cjk, strip_stopwords
from kefu_cli.commands import open_catalog
from kefu_cli.match.platforms import PlatformMatch
from kefu_cli.match.problems import (
    PROBLEM,
    TOPIC,
    VAGUE,
    ProblemMatch,
    _gapped_score,
    _latin_score,
    _Scored,
    match_problem,
    resolve_platform,
)
from kefu_cli.match.terms import _tables
from kefu_cli.match.weights import GAP_COST, GAPPED, PROBLEM_THRESHOLD


@pytest.fixture
def catalog() -> Iterator[Catalog]:
    yield open_catalog()


def _best(catalog: Catalog, platform_id: str, query: str) -> str | None:
    platform = catalog.platform(platform_id)
    assert platform is not None
    m = match_problem(catalog, platform, query)
    return m.best.id if m.best else None


# -- problem text -> category ----------------------------------------------------------------------

PROBLEMS = [
    # homophone and shape typos (some fixed by the variant list, some only by sound)
    ("douyin", "冲值没到帐", {"payment"}),
    ("kuaishou", "帐号被封好了", {"account"}),
    ("wechat", "登陆不上去", {"account"}),
    ("kuaishou", "忘记蜜码了", {"account"}),
    ("wechat", "一打开就闪腿", {"technical"}),
    ("douyin", "帐户被动结了", {"account"}),
    ("kuaishou", "隐思设置", {"privacy_security"}),
    ("alipay", "花被还款", {"payment"}),  # 还 is read huan here, not hai
    ("taobao", "物留信息不更新", {"live_commerce"}),
    ("chinamobile", "新号没信浩", {"technical"}),
    # pinyin, with and without spaces, and fuzzy pinyin (zh/z, ch/c)
    ("douyin", "chongzhi", {"payment"}),
    ("douyin", "chong zhi mei dao zhang", {"payment"}),
    ("wechat", "zhanghao bei feng le", {"account"}),
    ("jd", "shouhou", {"live_commerce"}),
    ("alipay", "huabei huankuan", {"payment"}),
    ("douyin", "congzi", {"payment"}),
    ("meituan", "can sa le", {"live_commerce"}),  # 'can' is 餐 here, not English filler
    ("im", "yuebushuaxin", {"technical"}),  # yu-e-bu-shua-xin, though 'yue' is a syllable too
    ("chinamobile", "wang su tai man", {"technical"}),  # one syllable more than 网速慢
    ("chinatelecom", "da bu chu dian hua", {"technical"}),  # one syllable off 打不了电话
    ("meituan", "xia bu liao dan zen me ban", {"technical"}),  # 不了 kept; pinyin filler dropped
    # English words, short sentences, misspellings
    ("douyin", "refund", {"payment"}),
    ("bilibili", "app keeps crashing", {"technical"}),
    ("whatsapp", "my account got banned", {"account"}),
    ("taobao", "where is my package", {"live_commerce"}),
    ("wechat", "I can't receive messages", {"technical"}),
    ("kuaishou", "pasword forgot", {"account"}),
    ("jd", "help me please my refund is not here", {"payment"}),
    # mixed Chinese / English / pinyin
    ("douyin", "app闪退", {"technical"}),
    ("bilibili", "vip过期了", {"payment"}),
    ("taobao", "order被取消了", {"live_commerce"}),
    ("kuaishou", "快币chongzhi没到", {"payment"}),
    # filler around the problem
    ("douyin", "求助！！钱扣了但是币没加 急急急", {"payment"}),
    ("wechat", "请问各位大佬 微信被封了还能解开吗 在线等", {"account"}),
    ("douyin", "被封号了怎么办", {"account"}),
    # the platform's own name inside the problem, and scams whatever they are about
    ("douyin", "有人冒充抖音客服打电话", {"privacy_security"}),
    ("alipay", "为什么我的支付宝总是闪退呢", {"technical"}),
    ("chinatelecom", "有人冒充电信说我话费欠费", {"privacy_security"}),
    # a problem word beats a word that only names a thing
    ("kuaishou", "视频上传不了", {"technical"}),
    ("xianyu", "卖东西被骗", {"privacy_security"}),
]


@pytest.mark.parametrize(("platform_id", "query", "accepted"), PROBLEMS)
def test_problem_category(
    catalog: Catalog, platform_id: str, query: str, accepted: set[str]
) -> None:
    assert _best(catalog, platform_id, query) in accepted


@pytest.mark.parametrize(
    "query", ["asdfghjkl", "今天天气怎么样", "你好", "😂😂", "1234567", "。。？？", "好无聊"]
)
def test_unrelated_text_is_no_match(catalog: Catalog, query: str) -> None:
    assert _best(catalog, "douyin", query) is None


@pytest.mark.parametrize(
    ("platform_id", "query", "not_this"),
    [
        ("kuaishou", "好无聊", "live_commerce"),  # 聊 is liao; its rare reading liu is not 物流
        ("douyin", "ti ge yi jian", "privacy_security"),  # 'ge yi' is not 可疑 (可 read ge)
    ],
)
def test_rare_readings_do_not_match(
    catalog: Catalog, platform_id: str, query: str, not_this: str
) -> None:
    assert _best(catalog, platform_id, query) != not_this


def test_bare_homophone_is_a_candidate_not_a_guess(catalog: Catalog) -> None:
    # 一件 sounds exactly like 意见 but shares no character: offered, not chosen.
    platform = catalog.platform("douyin")
    assert platform is not None
    m = match_problem(catalog, platform, "一件")
    assert m.best is None
    assert m.candidates and m.candidates[0].id == "feedback"


def test_every_match_has_a_score_and_what_matched(catalog: Catalog) -> None:
    platform = catalog.platform("douyin")
    assert platform is not None
    m = match_problem(catalog, platform, "钱扣了币没加")
    assert m.best is not None and m.best.id == "payment"
    assert PROBLEM_THRESHOLD <= m.best.score <= 100
    assert m.best.matched == "钱扣了"  # the keyword as written, not its folded form


# -- general weaknesses a blind evaluation found (cases written here, not the evaluation's rows) --

COMPLAINTS = [
    # a plain complaint, or a wish to reach a person, is feedback; 平台 / 你们平台 are filler
    ("taobao", "我要投诉你们平台", {"feedback"}),
    ("jd", "转人工", {"feedback"}),
    ("pinduoduo", "人工客服联系不上", {"feedback"}),
    ("ctrip", "客服全是机器人", {"feedback"}),
    ("xianyu", "客服不回复消息", {"feedback"}),
    ("kuaishou", "客服态度恶劣", {"feedback"}),
    ("meituan", "你们平台大数据杀熟", {"feedback"}),
    ("whatsapp", "I want to talk to a real person", {"feedback"}),
    ("taobao", "zhuan rengong", {"feedback"}),
    ("jd", "你们平台的退款一直没到账", {"payment"}),  # the filler does not hide the problem
    ("taobao", "投诉这家店铺", {"live_commerce"}),  # a complaint about a thing goes with the thing
]

THINGS = [
    # a word that names a thing (审核中, 商户, 套餐, 骑手, 注册) or a problem that takes the category
    # of its thing (被冻结, 被限制, 用不了) does not outweigh the problem the query tells
    ("douyin", "提现一直审核中", {"payment"}),
    ("wechat", "商户号被冻结了", {"payment"}),
    ("wechat", "收款被限制了", {"payment"}),
    ("wechat", "被限制了不能发消息", {"account"}),
    ("douyin", "直播间被限制了", {"live_commerce"}),
    ("chinaunicom", "套餐里的流量用不了", {"payment", "technical"}),
    ("kuaishou", "注册账号收不到验证码", {"account"}),
    ("meituan", "骑手打电话骚扰我", {"privacy_security"}),
]

SUSPECTED = [
    # after 涉嫌 / 涉 / 疑似 / 被判定 the user is the one suspected: the number or account is stopped
    ("wechat", "账号涉嫌诈骗被封", {"account"}),
    ("chinamobile", "涉诈停机怎么恢复", {"account"}),
    ("chinatelecom", "号码被判定为诈骗电话停机了", {"account"}),
    ("chinaunicom", "二次实名", {"account"}),
    ("chinatelecom", "停机复通", {"account"}),
    # a scam told before the suspicion still decides
    ("chinamobile", "有人冒充客服说我涉嫌违规", {"privacy_security"}),
    ("chinamobile", "收到疑似诈骗短信", {"privacy_security"}),
]

VOCABULARY = [
    ("wechat", "收不了款", {"payment"}),
    ("alipay", "钱被吞了", {"payment"}),
    ("ctrip", "押金一直没退", {"payment"}),
    ("meituan", "免押金", {"payment"}),
    ("wechat", "通讯录推荐好友怎么关", {"privacy_security"}),
    ("douyin", "不想被熟人看到", {"privacy_security"}),
    ("kuaishou", "可能认识的人", {"privacy_security"}),
    ("chinamobile", "号码被冒用", {"privacy_security"}),
    ("douyin", "手机号被别人注册了", {"privacy_security", "account"}),
    ("douyin", "发视频提示违规", {"content"}),
    # reviews on platforms without a content category: the orders category
    ("taobao", "差评被删了", {"live_commerce"}),
    ("ctrip", "点评被删除了", {"live_commerce"}),
    ("jd", "评论被删除", {"live_commerce"}),
    ("chinaunicom", "网速太慢了", {"technical"}),
    ("chinatelecom", "roaming not working", {"technical"}),
    ("chinamobile", "宽带装机", {"technical"}),
    ("chinatelecom", "上门安装宽带", {"technical"}),
    ("whatsapp", "my account got hacked", {"account", "privacy_security"}),
    ("wechat", "号被盗了", {"account", "privacy_security"}),
    # 支付 inside 支付宝 is the platform's name, not a payment problem
    ("alipay", "别人用我的身份证注册了支付宝", {"privacy_security", "account"}),
]


@pytest.mark.parametrize(
    ("platform_id", "query", "accepted"), [*COMPLAINTS, *THINGS, *SUSPECTED, *VOCABULARY]
)
def test_general_weaknesses(
    catalog: Catalog, platform_id: str, query: str, accepted: set[str]
) -> None:
    assert _best(catalog, platform_id, query) in accepted


def test_platform_is_filler_but_compounds_keep_it(catalog: Catalog) -> None:
    assert strip_stopwords("别的平台交易", ("平台",), ("别的平台",)) == "别的平台交易"
    assert strip_stopwords("你们平台退款", ("你们", "平台")) == "退款"
    assert _best(catalog, "xianyu", "在别的平台交易被骗") == "privacy_security"
    assert _best(catalog, "xianyu", "对方让我去平台外交易") == "privacy_security"
    platform = catalog.platform("douyin")
    assert platform is not None
    assert match_problem(catalog, platform, "你们平台").best is None


def test_keyword_in_two_parts_with_a_small_gap(catalog: Catalog) -> None:
    tables = _tables(catalog)
    term = tables._term(["骑手骚扰"])
    near = _gapped_score(term, tables.prepared("骑手打电话骚扰"))
    assert near[0] == GAPPED - 2 * GAP_COST and near[1] == [(0, 2), (5, 7)]
    one = _gapped_score(term, tables.prepared("骑手又骚扰"))
    assert one == (GAPPED, [(0, 5)])  # one character between: it belongs to the keyword
    assert _gapped_score(term, tables.prepared("骑手今天下午打电话来骚扰"))[0] == 0  # too far
    assert _gapped_score(term, tables.prepared("骚扰骑手"))[0] == 0  # parts in order only
    latin = tables._term(["account hacked"])
    assert _latin_score(latin, tables.prepared("account got hacked"))[0] == GAPPED


def test_ties_go_to_coverage_then_to_problem_words() -> None:
    wide = _Scored(90.0, 0.6, TOPIC, False, "")
    narrow = _Scored(90.0, 0.4, PROBLEM, True, "")
    assert wide.rank() > narrow.rank()
    thing = _Scored(90.0, 0.5, TOPIC, True, "")
    problem = _Scored(90.0, 0.5, PROBLEM, False, "")
    vague = _Scored(90.0, 0.5, VAGUE, True, "")
    assert problem.rank() > thing.rank() > vague.rank()


def test_exact_tie_is_broken_by_coverage(catalog: Catalog) -> None:
    # 外卖 and 骑手骚扰 both meet 外卖骑手骚扰 exactly; the longer problem covers more of it.
    assert _best(catalog, "meituan", "外卖骑手骚扰") == "privacy_security"


# -- platform resolution ---------------------------------------------------------------------------

PLATFORMS = [
    ("B站", "bilibili"),
    ("b站", "bilibili"),
    ("B 站", "bilibili"),
    ("Bilibili", "bilibili"),
    ("blibli", "bilibili"),
    ("bzhan", "bilibili"),
    ("小破站", "bilibili"),
    ("快手极速版", "kuaishou"),
    ("kuaishuo", "kuaishou"),
    ("KS", "kuaishou"),
    ("块手", "kuaishou"),
    ("dou yin", "douyin"),
    ("DY", "douyin"),
    ("抖荫", "douyin"),
    ("douyn", "douyin"),
    ("zfb", "alipay"),
    ("支付包", "alipay"),
    ("vx", "wechat"),
    ("WeChat", "wechat"),
    ("pdd", "pinduoduo"),
    ("pingduoduo", "pinduoduo"),
    ("咸鱼", "xianyu"),
    ("ctirp", "ctrip"),
    ("中国移洞", "chinamobile"),
    ("10086", "chinamobile"),
    ("imtoken钱包", "im"),
    ("whats app", "whatsapp"),
    ("淘宝特价版", "taobao"),
]


@pytest.mark.parametrize(("text", "expected"), PLATFORMS)
def test_platform_resolution(catalog: Catalog, text: str, expected: str) -> None:
    assert resolve_platform(catalog, text).id == expected


def test_unknown_platform_gets_suggestions(kefu: Any) -> None:
    data, code = kefu.json("douyu", "充值")  # 斗鱼: not in the data; tiktok now is
    assert code == 1
    assert data["error"]["code"] == "unknown_platform"
    assert "douyin" in data["error"]["suggestions"]


def test_unknown_platform_without_resemblance(catalog: Catalog) -> None:
    m = resolve_platform(catalog, "小红书")
    assert m.id is None and m.score == 0.0


# -- through the CLI: confidence, candidates, runner-up, follow-up ---------------------------------


def test_low_confidence_json_has_null_problem_and_candidates(kefu: Any) -> None:
    data, code = kefu.json("douyin", "qwertyuiop")
    assert code == 0
    assert data["problem"] is None
    assert data["candidates"]  # the categories to pick from
    assert {c["id"] for c in data["candidates"]} <= {
        "account",
        "content",
        "technical",
        "payment",
        "live_commerce",
        "privacy_security",
        "feedback",
    }


def test_punctuation_only_problem_gets_the_menu(kefu: Any) -> None:
    data, code = kefu.json("douyin", "？？！！")
    assert code == 0
    assert data["problem"] is None
    assert len(data["candidates"]) == 7


def test_low_confidence_human_output_asks_to_pick(kefu: Any) -> None:
    result = kefu("douyin", "一件")
    assert result.exit_code == 0
    assert "kefu douyin feedback" in result.stdout


def test_ambiguous_refund_shows_runner_up(kefu: Any) -> None:
    data, _ = kefu.json("douyin", "退款")
    assert data["problem"]["id"] == "payment"
    assert data["runner_up"] is not None
    assert data["runner_up"]["id"] == "live_commerce"


def test_category_word_works_as_follow_up(kefu: Any) -> None:
    data, code = kefu.json("douyin", "账号")
    assert code == 0
    assert data["problem"]["id"] == "account"
    assert data["problem"]["score"] >= PROBLEM_THRESHOLD
    data, _ = kefu.json("douyin", "account")
    assert data["problem"]["id"] == "account"


def test_lookup_path_needs_no_pypinyin_or_yaml(catalog: Catalog) -> None:
    """Once the catalog is compiled, a lookup imports neither pypinyin nor PyYAML."""
    code = (
        "import sys\n"
        "from kefu_cli.commands import open_catalog\n"
        "from kefu_cli.match.problems import match_problem, resolve_platform\n"
        "c = open_catalog()\n"
        "p = c.platform(resolve_platform(c, 'b站').id)\n"
        "assert match_problem(c, p, '冲值没到帐 chong zhi').best.id == 'payment'\n"
        "print(sorted(m for m in ('pypinyin', 'yaml') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy()
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- properties: any input, a result; the same input, the same result ------------------------------

ODD = (
    "\u200b\u200c\u200d\ufeff\u00ad\x00\x07\x1b\t\n\r \u3000"  # invisible, control, spaces
    "ＡＢＣａｂｃ１２３！？（）"  # full-width
    "😀🙂👍🏽‍\ufe0f"  # emoji, modifiers, joiners
    "冲值没到帐退款账号封闭了的吗"  # Chinese that matches
    "chongzhiandrefund "  # Latin that spells pinyin and English
    "İıßﬁǅ\u0301\u0307"  # case-folding and combining oddities
    "한글ひらがなКириллицаعربى"  # other scripts
)
texts = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(ODD), max_size=80),
    st.text(alphabet=st.sampled_from(ODD), min_size=400, max_size=1200),
)
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(text=texts)
def test_match_problem_total_and_deterministic(catalog: Catalog, text: str) -> None:
    platform = catalog.platform("douyin")
    assert platform is not None
    first = match_problem(catalog, platform, text)
    assert isinstance(first, ProblemMatch)
    assert first == match_problem(catalog, platform, text)
    ids = {c.id for c in platform.categories}
    assert {c.id for c in first.candidates} <= ids
    if first.best is not None:
        assert first.best.id in ids
        assert PROBLEM_THRESHOLD <= first.best.score <= 100
    else:
        assert first.runner_up is None


@PROPERTY
@given(text=texts)
def test_resolve_platform_total_and_deterministic(catalog: Catalog, text: str) -> None:
    first = resolve_platform(catalog, text)
    assert isinstance(first, PlatformMatch)
    assert first == resolve_platform(catalog, text)
    if first.id is not None:
        assert catalog.platform(first.id) is not None


def test_a_keyword_lead_is_its_first_token_without_making_the_tokens(catalog: Catalog) -> None:
    """The sound prefilter reads a keyword's first readings from its sound string; that must be
    exactly what its first token would carry, for every keyword the bundled data has."""
    tables = _tables(catalog)
    terms = [t for rows in tables.shared_terms().values() for t in rows]
    for summary in catalog.summaries():
        terms += [t for rows in tables.terms(summary.id).values() for t in rows]
    checked = 0
    for term in terms:
        lead = term.lead
        if term.tokens:
            assert lead == (term.tokens[0].readings, term.tokens[0].fuzzy), term.text
            checked += 1
    assert checked > 1000


def test_a_keyword_pinyin_read_from_its_sound_is_what_its_tokens_say(catalog: Catalog) -> None:
    from kefu_cli.match import terms

    tables = _tables(catalog)
    rows = [list(r) for rs in catalog.shared["categories"].values() for r in rs]
    checked = 0
    for row in rows:
        shortcut = terms._Term(row, tables.syllables)
        full = terms._Term(row, tables.syllables)
        assert full.tokens is not None  # made first: pinyin then comes from the tokens
        assert shortcut.pinyin == full.pinyin, row
        checked += 1
    assert checked > 1000


_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@given(
    st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from("中㐀䶿一鿿豈\ufaffa ")), max_size=30
    )
)
def test_cjk_tests_agree_with_the_character_class(text: str) -> None:
    assert has_cjk(text) == bool(_CJK_RE.search(text))
    assert all_cjk(text) == (bool(text) and all(_CJK_RE.match(c) for c in text))
    for ch in text:
        assert is_cjk(ch) == bool(_CJK_RE.match(ch))


def test_a_keyword_has_a_sound_exactly_when_it_has_cjk(catalog: Catalog) -> None:
    """The matcher reads "is this keyword CJK" from whether the catalog gave it a sound."""
    rows = [r for rs in catalog.shared["categories"].values() for r in rs]
    for summary in catalog.summaries():
        rows += [r for rs in catalog.terms(summary.id).values() for r in rs]
    assert len(rows) > 1500
    for row in rows:
        assert bool(row[1]) == has_cjk(row[0]), row


def _every_keyword(tables: Any, platform_id: str, category_id: str, _q: object) -> list[object]:
    own = tables.terms(platform_id).get(category_id, ())
    return [*own, *tables.shared_terms().get(category_id, ())]


def _without_prefilters(monkeypatch: pytest.MonkeyPatch, catalog: Catalog) -> None:
    """The matcher as it scores without shortcuts: every keyword a term, every sound tried."""
    from kefu_cli.match import problems as matching

    monkeypatch.setattr(type(_tables(catalog)), "candidates", _every_keyword)
    monkeypatch.setattr(matching, "_lead_meets", lambda lead, q: True)


def test_a_sound_alike_keyword_outside_the_syllable_table_still_meets(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """鞥 reads 'eng', which is no syllable of the table, so 'eng' typed stays a word whose only
    form is itself while the keyword's fuzzy form is 'en': the prefilters must also look at
    readings, as the exact pass of the sound match does (a review found this)."""
    from kefu_cli.match import problems as matching

    tables = _tables(catalog)
    row = ["鞥子", "eng zi", 0, "鞥子"]
    q = tables.prepared("eng 资")
    assert matching._cjk_score(tables._term(row), q) == (72.0, [(0, 4)])
    monkeypatch.setattr(tables, "rows", lambda pid: {"account": [row]})
    monkeypatch.setattr(tables, "shared_rows", lambda: {})
    assert [t.text for t in tables.candidates("x", "account", q)] == ["鞥子"]


def _eval_queries() -> list[tuple[str, str]]:
    rows = []
    root = Path(__file__).resolve().parents[1] / "benchmarks"
    for name in ("queries.tsv", "queries_holdout.tsv", "queries_blind.tsv"):
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cols = line.split("\t")
                rows.append((cols[2], cols[1]))
    return rows


def test_keyword_prefilter_changes_no_answer(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matching only the keywords that could meet the query gives exactly what matching every
    keyword gives, on every query of the benchmark sets (Chinese, pinyin, English, mixed)."""
    queries = [(p, q) for p, q in _eval_queries() if catalog.platform(p) is not None]
    assert len(queries) > 800
    fast = [match_problem(catalog, catalog.platform(p), q) for p, q in queries]  # type: ignore[arg-type]
    _without_prefilters(monkeypatch, catalog)
    slow = [match_problem(catalog, catalog.platform(p), q) for p, q in queries]  # type: ignore[arg-type]
    for (p, q), a, b in zip(queries, fast, slow, strict=True):
        assert a == b, (p, q)


@PROPERTY
@given(text=texts)
def test_keyword_prefilter_changes_no_answer_on_any_text(
    catalog: Catalog, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform = catalog.platform("alipay")
    assert platform is not None
    fast = match_problem(catalog, platform, text)
    with monkeypatch.context() as m:
        _without_prefilters(m, catalog)
        assert match_problem(catalog, platform, text) == fast


def _old_fuzzy_order(catalog: Catalog, key: str) -> list[tuple[str, float]]:
    """The fuzzy platform pass as it was, over every name key at once: the reference."""
    from rapidfuzz import fuzz, process

    keys = [row for batch in catalog.name_key_batches() for row in batch]
    hits = process.extract(
        key, [k for k, _, _ in keys], scorer=fuzz.ratio, limit=20, score_cutoff=40
    )
    ranked: dict[str, float] = {}
    for _, score, idx in hits:
        ranked[keys[idx][1]] = max(ranked.get(keys[idx][1], 0.0), float(score))
    return sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0]))


@pytest.mark.parametrize("size", [1, 7, 4096])
@pytest.mark.parametrize(
    "typed", ["douyim", "kuaishuo", "blibli", "zhifubau", "taobo", "wx", "xyz"]
)
def test_fuzzy_platform_pass_in_batches_equals_one_pass(
    catalog: Catalog, typed: str, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_cli.match import platforms

    want = _old_fuzzy_order(catalog, typed)
    original = Catalog.name_key_batches
    monkeypatch.setattr(Catalog, "name_key_batches", lambda self, size_=size: original(self, size_))
    ranked: dict[str, float] = {}
    for score, _, pid in platforms._closest_keys(catalog, typed, 20):
        ranked[pid] = max(ranked.get(pid, 0.0), score)
    assert sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0])) == want


def test_names_inside_text_come_from_sql(catalog: Catalog) -> None:
    found = {(k, pid) for k, pid, _ in catalog.name_keys_in("快手极速版怎么联系客服")}
    assert ("快手", "kuaishou") in found
    assert all(k in "快手极速版怎么联系客服" for k, _ in found)
    assert catalog.name_keys_in() == []
    two = {pid for _, pid, _ in catalog.name_keys_in("抖音", "whatsapp")}
    assert {"douyin", "whatsapp"} <= two
