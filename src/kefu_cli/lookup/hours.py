"""Opening hours: is a channel open at a given instant, and when does it next open?

Hours are wall-clock windows in the platform's time zone. "workdays" follows China's statutory
calendar (public holidays off, make-up working days 调休 on) through the maintained
`chinese_calendar` package; for a year it does not cover we fall back to Monday-Friday and say the
holiday calendar is unknown, instead of failing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from kefu_cli.catalog.model import Hours

_WEEKDAY_IDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
SEARCH_DAYS = 15


@dataclass(frozen=True)
class CalendarDay:
    """What the Chinese statutory calendar says about one date."""

    date: dt.date
    known: bool
    workday: bool
    holiday: str | None = None  # public holiday in force (Chinese name)
    makeup_for: str | None = None  # a weekend made a working day (调休) for this holiday


@dataclass(frozen=True)
class ChannelTime:
    """`open_now` is None when the hours are not published; times are aware datetimes."""

    open_now: bool | None
    next_open: dt.datetime | None = None
    closes_at: dt.datetime | None = None


@lru_cache(maxsize=64)
def calendar_day(day: dt.date) -> CalendarDay:
    import chinese_calendar

    try:
        workday = bool(chinese_calendar.is_workday(day))
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except (NotImplementedError, ValueError, KeyError):
        return CalendarDay(day, known=False, workday=day.weekday() < 5)
    zh = HOLIDAY_NAMES_ZH.get(name, name) if name else None
    if is_holiday and zh:
        return CalendarDay(day, True, workday, holiday=zh)
    if workday and day.weekday() >= 5:
        return CalendarDay(day, True, workday, makeup_for=zh)
    return CalendarDay(day, True, workday)


def _selected(selector: str, day: dt.date) -> bool:
    if selector == "daily":
        return True
    if selector == "weekdays":
        return day.weekday() < 5
    if selector == "weekends":
        return day.weekday() >= 5
    if selector == "workdays":
        return calendar_day(day).workday
    return _WEEKDAY_IDS[day.weekday()] == selector


def _intervals(
    hours: Hours, around: dt.datetime, tz: ZoneInfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Merged opening intervals from the day before `around` to SEARCH_DAYS after it."""
    assert hours.windows is not None
    base = around.astimezone(tz).date()
    raw: list[tuple[dt.datetime, dt.datetime]] = []
    for offset in range(-1, SEARCH_DAYS):
        day = base + dt.timedelta(days=offset)
        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
        for w in hours.windows:
            if not any(_selected(s, day) for s in w.days):
                continue
            start = midnight + dt.timedelta(minutes=w.start)
            end = midnight + dt.timedelta(minutes=w.end if w.end > w.start else w.end + 1440)
            raw.append((start, end))
    raw.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in raw:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def channel_time(hours: Hours, at: dt.datetime, tz: ZoneInfo) -> ChannelTime:
    if hours.windows is None:
        return ChannelTime(None)
    intervals = _intervals(hours, at, tz)
    horizon = intervals[-1][1] if intervals else None
    for start, end in intervals:
        if start <= at < end:
            closes = None if end == horizon else end.astimezone(tz)
            return ChannelTime(True, None, closes)
        if start > at:
            return ChannelTime(False, start.astimezone(tz))
    return ChannelTime(False, None)


def day_profile(hours: Hours, day: dt.date, tz: ZoneInfo) -> tuple[bool | None, ...]:
    """Open or not in each hour of `day` (checked at half past), for the 24-hour bar."""
    if hours.windows is None:
        return (None,) * 24
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz)
    intervals = _intervals(hours, noon, tz)
    out = []
    for hour in range(24):
        t = dt.datetime(day.year, day.month, day.day, hour, 30, tzinfo=tz)
        out.append(any(s <= t < e for s, e in intervals))
    return tuple(out)


# -- --at ------------------------------------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
