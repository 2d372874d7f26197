"""Opening hours: is a channel open at a given instant, and when does it next open?

Hours are wall-clock windows in the platform's time zone. "workdays" follows China's statutory
calendar (public holidays off, make-up working days 调休 on):

1. the maintained `chinese_calendar` package, for the years it covers (the official schedule);
2. after that, the statutory public holidays the `holidays` package computes (imported only then),
   plus the make-up working days of data/shared/workdays.json once the State Council publishes a
   year's schedule; until then we say plainly that the year's make-up days are not announced;
3. a year neither covers: Monday-Friday, and we say the holiday calendar is unknown.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
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
#: Self-service and written channels: always there to read or submit to. Without published hours
#: they are "available any time" (a reply takes its own time), not "hours unknown".
ANYTIME_TYPES = frozenset({"help_center", "feedback_form", "email", "ticket"})
#: Hours texts that leave a self-service or written channel open at any time. Anything else the data
#: says ("以各网点公布为准" for a bank branch, "以 App 显示为准") is a real claim about hours and is shown.
_ANYTIME_WORDS = ("自助", "书面", "随时", "无固定", "不涉及人工", "全天")


def is_anytime(channel_type: str, hours: Hours) -> bool:
    """Can this channel be used at any time: self-service or written, no published schedule, and
    hours text that says nothing more specific?"""
    if channel_type not in ANYTIME_TYPES or hours.windows is not None:
        return False
    text = hours.text.strip()
    return text.startswith("未公布") or any(w in text for w in _ANYTIME_WORDS)


@dataclass(frozen=True)
class CalendarDay:
    """What the Chinese statutory calendar says about one date."""

    date: dt.date
    known: bool
    workday: bool
    holiday: str | None = None  # public holiday in force (Chinese name)
    makeup_for: str | None = None  # a weekend made a working day (调休) for this holiday
    makeup_announced: bool = True  # False: the year's 调休 working days are not yet published


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
        return _statutory_day(day)
    zh = HOLIDAY_NAMES_ZH.get(name, name) if name else None
    if is_holiday and zh:
        return CalendarDay(day, True, workday, holiday=zh)
    if workday and day.weekday() >= 5:
        return CalendarDay(day, True, workday, makeup_for=zh)
    return CalendarDay(day, True, workday)


#: The `holidays` package's English names, by a word they contain, in Chinese.
_STATUTORY_ZH = (
    ("New Year's Day", "元旦"),
    ("Spring Festival", "春节"),
    ("Chinese New Year", "春节"),
    ("Tomb-Sweeping", "清明节"),
    ("Labor Day", "劳动节"),
    ("Labour Day", "劳动节"),
    ("Dragon Boat", "端午节"),
    ("Mid-Autumn", "中秋节"),
    ("National Day", "国庆节"),
)


def _zh_holiday(name: str) -> str:
    """ "National Day; Mid-Autumn Festival" -> "国庆节、中秋节"."""
    names: list[str] = []
    for part in name.split(";"):
        zh = next((z for en, z in _STATUTORY_ZH if en.lower() in part.lower()), part.strip())
        if zh not in names:
            names.append(zh)
    return "、".join(names)


@lru_cache(maxsize=8)
def _statutory_year(year: int) -> dict[dt.date, str] | None:
    """The statutory public holidays of `year` (Chinese names), or None if unavailable.

    Importing `holidays` loads every country it knows (0.1-0.8 s), so a year's answer is kept in
    the cache directory as a small JSON file: the package is imported once per year and version.
    """
    from kefu_cli import __version__
    from kefu_cli.catalog.paths import cache_dir

    kept = cache_dir() / f"holidays-cn-{year}-{__version__}.json"
    try:
        raw = json.loads(kept.read_text(encoding="utf-8"))
        return {dt.date.fromisoformat(k): str(v) for k, v in raw.items()} or None
    except (OSError, ValueError, AttributeError):
        pass
    try:
        import holidays
    except ImportError:
        return None
    try:
        found = holidays.country_holidays("CN", years=year)
    except (NotImplementedError, KeyError, ValueError):
        return None
    days = {d: _zh_holiday(str(n)) for d, n in found.items()}
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({d.isoformat(): n for d, n in sorted(days.items())}), "utf-8")
        os.replace(tmp, kept)
    except OSError:
        pass  # a read-only cache: computed again next time
    return days or None


@lru_cache(maxsize=1)
def _schedule_file() -> dict[str, Any]:
    from kefu_cli.catalog.paths import shared_data_file

    try:
        data = json.loads(shared_data_file("workdays.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    years = data.get("years") if isinstance(data, dict) else None
    return years if isinstance(years, dict) else {}


def announced_schedule(year: int) -> tuple[dict[dt.date, str], dict[dt.date, str]] | None:
    """(days off, make-up working days) as the State Council announced them for `year`, or None
    while data/shared/workdays.json has no announced schedule for it."""
    entry = _schedule_file().get(str(year))
    if not isinstance(entry, dict) or not entry.get("announced"):
        return None

    def dates(key: str) -> dict[dt.date, str]:
        raw = entry.get(key) or {}
        return {dt.date.fromisoformat(k): str(v) for k, v in raw.items()}

    return dates("days_off"), dates("makeup_workdays")


def _statutory_day(day: dt.date) -> CalendarDay:
    weekday = day.weekday() < 5
    schedule = announced_schedule(day.year)
    if schedule is not None:
        days_off, makeup = schedule
        if day in makeup:
            return CalendarDay(day, True, True, makeup_for=makeup[day])
        if day in days_off:
            return CalendarDay(day, True, False, holiday=days_off[day])
    statutory = _statutory_year(day.year)
    if statutory is None:
        return CalendarDay(day, known=False, workday=weekday)
    announced = schedule is not None
    if day in statutory:
        return CalendarDay(day, True, False, holiday=statutory[day], makeup_announced=announced)
    return CalendarDay(day, True, weekday, makeup_announced=announced)


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
