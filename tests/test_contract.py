"""JSON shapes of every command, as CONTRACT.md fixes them, and the exit codes that go with them."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import AT, Run

STATUSES = {"official", "reported", "disputed", None}
CHANNEL_TYPES = {
    "online_chat",
    "phone",
    "email",
    "ticket",
    "feedback_form",
    "help_center",
    "social",
}
PROBLEM_IDS = {
    "account",
    "content",
    "technical",
    "payment",
    "live_commerce",
    "privacy_security",
    "feedback",
}


def assert_platform(p: dict[str, Any]) -> None:
    assert set(p) >= {"id", "name", "origin"}
    assert p["origin"] in ("bundled", "user")


def assert_channel(c: dict[str, Any]) -> None:
    required = {
        "channel",
        "type",
        "name",
        "contact",
        "status",
        "path",
        "hours",
        "open_now",
        "next_open",
        "response_time",
    }
    assert set(c) >= required
    assert c["type"] in CHANNEL_TYPES
    assert c["status"] in STATUSES
    assert c["status"] != "disputed", "a disputed contact is never offered"
    assert (c["contact"] is None) == (c["status"] is None)
    assert isinstance(c["path"], list) and all(isinstance(s, str) for s in c["path"])
    assert isinstance(c["hours"], str) and c["hours"]
    assert c["open_now"] in (True, False, None)
    if c["open_now"] is False and c["next_open"] is not None:
        assert c["next_open"][-6] in "+-", "next_open carries an offset"
    if c["open_now"] is not False:
        assert c["next_open"] is None


def assert_lookup(d: dict[str, Any]) -> None:
    assert d["version"] == 1
    required = {
        "platform",
        "problem",
        "recommended",
        "alternatives",
        "checklist",
        "escalation",
        "warnings",
        "holiday",
        "sources",
        "verified_at",
    }
    assert set(d) >= required
    assert_platform(d["platform"])
    if d["problem"] is None:
        assert isinstance(d["candidates"], list)
    else:
        assert set(d["problem"]) >= {"id", "name", "score", "matched"}
        assert d["problem"]["id"] in PROBLEM_IDS
        assert 0 <= d["problem"]["score"] <= 100
    assert_channel(d["recommended"])
    for alt in d["alternatives"]:
        assert_channel(alt)
    assert all(isinstance(x, str) for x in d["checklist"] + d["escalation"] + d["warnings"])
    assert d["warnings"], "a lookup always warns against fakes"
    assert all(set(s) >= {"title", "ref"} for s in d["sources"]) and d["sources"]
    assert len(d["verified_at"]) == 10


LOOKUPS = [
    ("douyin", "充值未到账"),
    ("kuaishou", "账号被封"),
    ("bilibili", "大会员扣费"),
    ("whatsapp", "account banned"),
    ("im", "转账失败"),
    ("wechat", "零钱提现"),
    ("alipay", "花呗扣款"),
    ("meituan", "外卖没送到"),
    ("xianyu", "卖家让我交保证金"),
    ("jd", "白条"),
    ("taobao", "退货退款"),
    ("pinduoduo", "仅退款"),
    ("chinamobile", "话费扣多了"),
    ("chinaunicom", "流量套餐"),
    ("chinatelecom", "宽带没网"),
    ("ctrip", "机票退改签"),
]


@pytest.mark.parametrize(("platform", "query"), LOOKUPS)
def test_lookup_shape(kefu: Run, platform: str, query: str) -> None:
    d, code = kefu.json(platform, query, "--at", AT)
    assert code == 0
    assert_lookup(d)
    assert d["platform"]["id"] == platform
    assert d["problem"] is not None, f"{platform} {query} should match a category"


def test_overview_shape(kefu: Run) -> None:
    d, code = kefu.json("douyin", "--at", AT)
    assert code == 0
    assert d["version"] == 1
    assert_platform(d["platform"])
    assert {c["id"] for c in d["categories"]} == PROBLEM_IDS
    for c in d["channels"]:
        assert_channel(c)
    assert {x["contact"] for x in d["disputed"]} == {"950201", "400-626-8888"}
    assert "douyin.com" in d["domains"]


def test_list_shape(kefu: Run) -> None:
    d, code = kefu.json("list")
    assert code == 0 and d["version"] == 1
    assert len(d["platforms"]) >= 16
    for p in d["platforms"]:
        assert set(p) >= {"id", "name", "aliases", "channels", "sources", "verified_at", "origin"}
        assert p["channels"] >= 1 and p["sources"]
    ids = [p["id"] for p in d["platforms"]]
    assert {"douyin", "kuaishou", "bilibili", "whatsapp", "im"} <= set(ids)


def test_hours_shape(kefu: Run) -> None:
    d, code = kefu.json("hours", "kuaishou", "--at", AT)
    assert code == 0 and d["version"] == 1
    assert_platform(d["platform"])
    assert "holiday" in d
    for c in d["channels"]:
        assert set(c) >= {"channel", "type", "name", "hours", "open_now", "next_open"}
        assert len(c["today"]) == 24


def test_error_shape_and_exit_code(kefu: Run) -> None:
    result = kefu("bilbilii-tv-nope", "充值", "--json")
    assert result.exit_code == 1
    import json

    d = json.loads(result.stdout)
    assert d["version"] == 1
    assert set(d["error"]) >= {"code", "message", "suggestions"}
    assert d["error"]["code"] == "unknown_platform"
    assert result.stderr.strip(), "the error sentence goes to stderr as well"
    assert "Traceback" not in result.stderr


def test_validate_shape(kefu: Run) -> None:
    d, code = kefu.json("validate")
    assert code == 0
    assert d["version"] == 1 and d["ok"] is True and d["errors"] == [] and d["files"] >= 16


def test_json_goes_to_stdout_only(kefu: Run) -> None:
    result = kefu("douyin", "充值", "--json", "--at", AT)
    assert result.stderr == ""
    assert result.stdout.lstrip().startswith("{")
