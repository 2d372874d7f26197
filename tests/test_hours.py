"""Time-aware hours: the clock is pinned with --at (or a datetime) for every case the issue names."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Run
from kefu_cli.catalog.model import Hours, Window
from kefu_cli.cli.at import parse_at
from kefu_cli.lookup.hours import calendar_day, channel_time, day_profile

SH = ZoneInfo("Asia/Shanghai")
DAILY_9_22 = Hours("09:00–22:00", (Window(("daily",), 9 * 60, 22 * 60),), "reported")
NIGHT = Hours("20:00–02:00", (Window(("daily",), 20 * 60, 2 * 60),), "reported")
ALWAYS = Hours("24h", (Window(("daily",), 0, 1440),), "reported")
WORKDAYS = Hours("工作日 09:00–18:00", (Window(("workdays",), 9 * 60, 18 * 60),), "official")
SPLIT = Hours(
    "09:00–12:00, 13:30–18:00 weekdays; 10:00–16:00 weekends",
    (
        Window(("weekdays",), 9 * 60, 12 * 60),
        Window(("weekdays",), 13 * 60 + 30, 18 * 60),
        Window(("sat", "sun"), 10 * 60, 16 * 60),
    ),
    "reported",
)
UNKNOWN = Hours("未公布")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_open() -> None:
    state = channel_time(DAILY_9_22, at("2026-11-23T10:00+08:00"), SH)
    assert state.open_now is True and state.next_open is None
    assert state.closes_at == at("2026-11-23T22:00+08:00")


def test_closed_says_when_it_next_opens() -> None:
    state = channel_time(DAILY_9_22, at("2026-11-23T23:30+08:00"), SH)
    assert state.open_now is False
    assert state.next_open == at("2026-11-24T09:00+08:00")
    assert state.next_open is not None and state.next_open.utcoffset() == dt.timedelta(hours=8)


def test_just_opening_is_open() -> None:
    assert channel_time(DAILY_9_22, at("2026-11-23T09:00+08:00"), SH).open_now is True
    before = channel_time(DAILY_9_22, at("2026-11-23T08:59+08:00"), SH)
    assert before.open_now is False and before.next_open == at("2026-11-23T09:00+08:00")


def test_just_closing_is_closed() -> None:
    assert channel_time(DAILY_9_22, at("2026-11-23T21:59+08:00"), SH).open_now is True
    closing = channel_time(DAILY_9_22, at("2026-11-23T22:00+08:00"), SH)
    assert closing.open_now is False and closing.next_open == at("2026-11-24T09:00+08:00")


def test_window_across_midnight() -> None:
    assert channel_time(NIGHT, at("2026-11-24T01:30+08:00"), SH).open_now is True
    assert channel_time(NIGHT, at("2026-11-23T23:00+08:00"), SH).open_now is True
    state = channel_time(NIGHT, at("2026-11-24T03:00+08:00"), SH)
    assert state.open_now is False and state.next_open == at("2026-11-24T20:00+08:00")


def test_always_open_never_closes() -> None:
    state = channel_time(ALWAYS, at("2026-11-23T03:00+08:00"), SH)
    assert state.open_now is True and state.closes_at is None


def test_weekend_uses_weekend_windows_and_skips_workday_ones() -> None:
    saturday = at("2026-11-28T11:00+08:00")
    assert channel_time(SPLIT, saturday, SH).open_now is True
    state = channel_time(WORKDAYS, saturday, SH)
    assert state.open_now is False and state.next_open == at("2026-11-30T09:00+08:00")


def test_several_windows_a_day() -> None:
    lunch = channel_time(SPLIT, at("2026-11-23T12:30+08:00"), SH)
    assert lunch.open_now is False and lunch.next_open == at("2026-11-23T13:30+08:00")


def test_public_holiday_closes_working_day_channels() -> None:
    national_day = at("2026-10-01T10:00+08:00")
    assert calendar_day(national_day.date()).holiday == "国庆节"
    state = channel_time(WORKDAYS, national_day, SH)
    assert state.open_now is False
    assert state.next_open is not None and state.next_open.date() > dt.date(2026, 10, 1)
    assert calendar_day(state.next_open.date()).workday


def test_make_up_working_day_opens_working_day_channels() -> None:
    makeup = dt.date(2026, 2, 14)  # a Saturday worked in exchange for the Spring Festival break
    assert makeup.weekday() == 5
    day = calendar_day(makeup)
    assert day.workday and day.makeup_for == "春节"
    assert channel_time(WORKDAYS, at("2026-02-14T10:00+08:00"), SH).open_now is True
    # plain "weekdays" ignores the statutory calendar on purpose
    assert channel_time(SPLIT, at("2026-02-14T09:30+08:00"), SH).open_now is False


def test_unknown_hours_are_neither_open_nor_closed() -> None:
    state = channel_time(UNKNOWN, at("2026-11-23T10:00+08:00"), SH)
    assert state.open_now is None and state.next_open is None
    assert day_profile(UNKNOWN, dt.date(2026, 11, 23), SH) == (None,) * 24


def test_another_time_zone_is_the_same_instant() -> None:
    # 15:30 in Berlin (UTC+1) is 22:30 in Beijing: the 09:00-22:00 line is closed.
    state = channel_time(DAILY_9_22, at("2026-11-23T15:30+01:00"), SH)
    assert state.open_now is False
    assert state.next_open == at("2026-11-24T09:00+08:00")


def test_a_year_the_calendar_lacks_degrades_gracefully() -> None:
    # Neither chinesecalendar nor the `holidays` package covers 2150 (the latter stops at 2100).
    day = calendar_day(dt.date(2150, 10, 1))
    assert day.known is False and day.holiday is None
    assert day.workday is True  # a Thursday: Monday-Friday fallback
    state = channel_time(WORKDAYS, at("2150-10-03T10:00+08:00"), SH)  # Saturday
    assert state.open_now is False and state.next_open == at("2150-10-05T09:00+08:00")


def test_after_chinesecalendar_the_statutory_holidays_still_count() -> None:
    spring = calendar_day(dt.date(2027, 2, 8))  # a Monday in 春节
    assert spring.known and spring.holiday == "春节" and not spring.workday
    assert not spring.makeup_announced  # 2027's 调休 make-up days are not published yet
    state = channel_time(WORKDAYS, at("2027-02-08T10:00+08:00"), SH)
    assert state.open_now is False and state.next_open is not None
    assert state.next_open.date() > dt.date(2027, 2, 8)
    assert calendar_day(dt.date(2027, 2, 11)).workday  # an ordinary Thursday after the holiday


def test_day_profile_marks_open_hours() -> None:
    profile = day_profile(DAILY_9_22, dt.date(2026, 11, 23), SH)
    assert (
        profile[8] is False and profile[9] is True and profile[21] is True and profile[22] is False
    )


# -- through the CLI ------------------------------------------------------------------------------


def test_kuaishou_at_night_recommends_an_open_channel_and_says_when_humans_start(kefu: Run) -> None:
    d, code = kefu.json("kuaishou", "账号被封", "--at", "2026-11-23T23:30+08:00")
    assert code == 0
    assert d["recommended"]["open_now"] is True
    assert d["preferred_closed"]["open_now"] is False
    assert d["preferred_closed"]["next_open"] == "2026-11-24T09:00+08:00"
    human = kefu("kuaishou", "账号被封", "--at", "2026-11-23T23:30+08:00").stdout
    assert "09:00 起" in human


def test_kuaishou_in_the_day_recommends_the_human_service(kefu: Run) -> None:
    d, _ = kefu.json("kuaishou", "账号被封", "--at", "2026-11-23T10:00+08:00")
    assert d["recommended"]["channel"] == "online_human" and d["recommended"]["open_now"] is True
    assert d["preferred_closed"] is None


def test_holiday_is_named_in_json_and_output(kefu: Run) -> None:
    d, _ = kefu.json("hours", "kuaishou", "--at", "2026-10-02T12:00+08:00")
    assert d["holiday"] == "国庆节"
    out = kefu("hours", "kuaishou", "--at", "2026-10-02T12:00+08:00").stdout
    assert "国庆节" in out and "可能调整" in out


def test_uncovered_year_says_the_calendar_is_unknown(kefu: Run) -> None:
    d, code = kefu.json("hours", "kuaishou", "--at", "2150-10-01T12:00+08:00")
    assert code == 0 and d["holiday"] is None and d["time"]["calendar_known"] is False
    assert "节假日安排未知" in kefu("hours", "kuaishou", "--at", "2150-10-01T12:00+08:00").stdout


def test_2027_spring_festival_is_a_holiday_and_make_up_days_are_not_yet_announced(
    kefu: Run,
) -> None:
    d, code = kefu.json("hours", "kuaishou", "--at", "2027-02-08T10:00+08:00")
    assert code == 0 and d["holiday"] == "春节"
    assert d["time"]["calendar_known"] is True and d["time"]["makeup_announced"] is False
    out = kefu("hours", "kuaishou", "--at", "2027-02-08T10:00+08:00").stdout.replace("\n", "")
    assert "春节" in out and "调休上班日尚未公布" in out and "节假日安排未知" not in out
    d, _ = kefu.json("hours", "kuaishou", "--at", "2026-11-23T10:00+08:00")
    assert d["time"]["makeup_announced"] is True  # chinesecalendar has 2026's official schedule


def test_user_zone_differs_shows_both_clocks(kefu: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    out = kefu("kuaishou", "账号被封", "--at", "2026-11-23T23:30+08:00").stdout
    assert "北京时间 2026-11-23 23:30（周一） / 你的时间 2026-11-23 16:30" in out
    assert "北京时间 11-24 09:00 / 你的时间 11-24 02:00 起" in out


def test_hours_bar_is_plain_when_piped(kefu: Run) -> None:
    out = kefu("hours", "kuaishou", "--at", "2026-11-23T10:00+08:00").stdout
    assert "---------#############--" in out  # the human online service, 09:00-22:00
    assert "########################" in out  # the 24h robot
    assert "\x1b[" not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23T23:30+08:00", "2026-11-23T23:30:00+08:00"),
        ("2026-11-23T23:30:00+0800", "2026-11-23T23:30:00+08:00"),
        ("2026-11-23T15:30Z", "2026-11-23T15:30:00+00:00"),
        ("2026-11-23 23:30+08", "2026-11-23T23:30:00+08:00"),
    ],
)
def test_parse_at_with_offset(text: str, expected: str) -> None:
    assert parse_at(text).isoformat() == expected


def test_parse_at_without_offset_is_local_time() -> None:
    got = parse_at("2026-11-23T23:30")
    assert got.tzinfo is not None and got.hour == 23 and got.minute == 30


@pytest.mark.parametrize("bad", ["garbage", "2026-13-01", "23:30", "", "2026-11-23T25:00"])
def test_bad_at_is_a_usage_error_with_an_example(kefu: Run, bad: str) -> None:
    result = kefu("douyin", "充值", "--at", bad)
    assert result.exit_code == 2
    assert "2026-11-23T23:30+08:00" in result.stderr
    assert "Traceback" not in result.stderr


@given(st.text(max_size=60))
def test_parse_at_never_raises_anything_but_value_error(text: str) -> None:
    try:
        got = parse_at(text)
    except ValueError:
        return
    assert got.tzinfo is not None


def test_a_branch_counter_is_not_called_open_at_any_time(kefu: Run) -> None:
    """Only self-service and written channels whose hours text says nothing more are "any time":
    a bank branch's 「以各网点公布为准」 is shown, and open-now stays unknown."""
    d, _ = kefu.json("hours", "icbc", "--at", "2026-12-06T02:20+08:00")
    branch = next(c for c in d["channels"] if "网点" in c["name"])
    assert branch["anytime"] is False and branch["open_now"] is None
    assert branch["hours"] == "以各网点公布为准"
    site = next(c for c in d["channels"] if c["type"] == "help_center" and c is not branch)
    assert site["anytime"] is True
