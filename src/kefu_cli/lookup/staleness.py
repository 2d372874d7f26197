"""Stale evidence: warn when what a recommended contact rests on was last read over a year ago.

As tealdeer warns about a stale cache: the answer is still given, and stderr says how old its
evidence is, so a person knows to double-check in the app.
"""

from __future__ import annotations

import datetime as dt

from kefu_cli.catalog.model import Platform

#: Evidence older than this is called stale.
STALE_AFTER = dt.timedelta(days=365)


def stale_evidence_warning(platform: Platform, channel_id: str, at: dt.datetime) -> str | None:
    """A warning when the newest source of the channel's contact was read over a year before `at`."""
    channel = platform.channel(channel_id)
    if channel is None or not channel.contact:
        return None
    by_id = {s.id: s for s in platform.sources}
    dates = [by_id[i].checked for i in channel.sources if i in by_id and by_id[i].checked]
    if not dates:
        return None
    newest = max(dt.date.fromisoformat(d) for d in dates if d)
    age = at.date() - newest
    if age <= STALE_AFTER:
        return None
    return (
        f"{platform.name}「{channel.name}」的依据最近一次核实于 {newest.isoformat()}，"
        f"已超过一年（{age.days} 天）：拨打前请在 App 内或官网再确认一次。"
    )
