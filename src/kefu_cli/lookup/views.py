"""Turn catalog data plus a moment in time into the views the commands answer with.

Shared by the lookup, the overview and `kefu hours`, so a channel's state at a given instant is
computed in exactly one way.
"""

from __future__ import annotations

import datetime as dt

from kefu_cli.catalog.model import Channel, Platform
from kefu_cli.lookup.hours import calendar_day, channel_time, day_profile, is_anytime, zone
from kefu_cli.results import (
    CategoryView,
    ChannelView,
    HoursResult,
    HoursRow,
    OverviewResult,
    SourceView,
    TimeContext,
    platform_ref,
    source_view,
)


def sources_of(p: Platform) -> tuple[SourceView, ...]:
    return tuple(source_view(s) for s in p.sources)


def _iso(t: dt.datetime | None) -> str | None:
    return t.isoformat(timespec="minutes") if t else None


def time_context(p: Platform, at: dt.datetime) -> TimeContext:
    tz = zone(p.timezone)
    here = at.astimezone(tz)
    mine = at.astimezone()  # the user's zone, with the offset in force at that instant
    day = calendar_day(here.date())
    return TimeContext(
        at=here.isoformat(timespec="minutes"),
        platform_zone=p.timezone,
        user_offset_differs=mine.utcoffset() != here.utcoffset(),
        user_at=mine.isoformat(timespec="minutes"),
        holiday=day.holiday,
        makeup_workday_for=day.makeup_for,
        calendar_known=day.known,
        makeup_announced=day.known and day.makeup_announced,
    )


def channel_view(p: Platform, ch: Channel, at: dt.datetime) -> ChannelView:
    state = channel_time(ch.hours, at, zone(p.timezone))
    return ChannelView(
        channel=ch.id,
        type=ch.type,
        name=ch.name,
        contact=ch.contact,
        status=ch.status if ch.contact else None,
        path=ch.path,
        path_status=ch.path_status,
        hours=ch.hours.text,
        open_now=state.open_now,
        next_open=_iso(state.next_open),
        closes_at=_iso(state.closes_at),
        response_time=ch.response_time,
        audience=ch.audience,
        where=ch.where,
        note=ch.note,
        hours_where=ch.hours.where,
        origin=p.origin,
        sources=ch.sources,
        anytime=is_anytime(ch.type, ch.hours),
    )


def overview(p: Platform, at: dt.datetime) -> OverviewResult:
    return OverviewResult(
        platform=platform_ref(p),
        summary=p.summary,
        channels=tuple(channel_view(p, ch, at) for ch in p.channels),
        categories=tuple(CategoryView(c.id, c.name) for c in p.categories),
        warnings=tuple(w.text for w in p.warnings),
        disputed=tuple((d.contact, d.reason) for d in p.disputed),
        domains=tuple(d.domain for d in p.domains),
        time=time_context(p, at),
        sources=sources_of(p),
        verified_at=p.verified_at,
    )


def hours_table(p: Platform, at: dt.datetime) -> HoursResult:
    tz = zone(p.timezone)
    here = at.astimezone(tz)
    rows = tuple(
        HoursRow(channel_view(p, ch, at), day_profile(ch.hours, here.date(), tz))
        for ch in p.channels
    )
    return HoursResult(platform_ref(p), rows, time_context(p, at), here.hour)
