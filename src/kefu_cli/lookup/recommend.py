"""Pick the channel to use now for a platform and a problem, and the ones to try after it.

The category's own order (from the data) comes first; a contact only
third parties report goes behind official ones; a phone or email channel whose contact is not
published cannot be "used" and is listed for its where-to-look hint instead. Then time: if the best
channel is closed, recommend the best open one and keep the closed one to say when it opens. A
channel whose hours are unknown is neither assumed open nor closed.
"""

from __future__ import annotations

import datetime as dt

from kefu_cli.catalog.model import Category, Channel, Platform
from kefu_cli.lookup.views import channel_view, sources_of, time_context
from kefu_cli.match.problems import CategoryScore, ProblemMatch
from kefu_cli.results import CategoryView, ChannelView, LookupResult, platform_ref

SAFETY_WARNING = "只通过 App 内或官方公布的渠道联系客服；真正的客服不会索要密码、验证码，不会让你共享屏幕或转账到“安全账户”。"
NO_NUMBER_WARNING = "kefu 没有找到经平台确认的客服电话：网上搜到的“客服电话”是常见的诈骗来源，请走 App 内的官方入口。"
#: When the only numbers listed are third-party ones: say so without calling them a scam.
REPORTED_NUMBER_WARNING = (
    "kefu 没有找到经平台确认的客服电话：下面的电话只见于第三方资料，拨打前先在 App 或官网核实；"
    "网上搜到的其他“客服电话”是常见的诈骗来源。"
)
GENERIC_CHECKLIST = (
    "账号 ID 或绑定的手机号",
    "问题发生的时间和经过",
    "相关截图或录屏（错误提示、订单、付款记录）",
)
_IN_APP_TYPES = ("online_chat", "ticket", "feedback_form", "help_center")


def _category_view(cs: CategoryScore) -> CategoryView:
    return CategoryView(cs.id, cs.name, cs.score, cs.matched)


def usable(ch: Channel) -> bool:
    """Can the user act on this channel directly (a contact, a path, or an in-app entry)?"""
    return bool(ch.contact or ch.path or ch.type in _IN_APP_TYPES)


def _ordered(p: Platform, category: Category | None) -> list[Channel]:
    ids = category.channels if category else tuple(ch.id for ch in p.channels)
    chans = [c for c in (p.channel(i) for i in ids) if c is not None]
    # Stable: keeps the data's order, but a merely reported contact goes behind everything else.
    return sorted(chans, key=lambda c: c.contact is not None and c.status == "reported")


#: Words that mark a line kept for one purpose (reports, minors, merchants) rather than the general
#: customer service a person asking for "人工客服" wants.
_PURPOSE_WORDS = ("举报", "未成年", "青少年", "商家", "商户", "入驻", "违法", "投诉举报", "外呼")


def is_purpose_line(ch: Channel) -> bool:
    """Named for one purpose (its audience may list much more: 95152 takes reports too)."""
    return any(w in ch.name for w in _PURPOSE_WORDS)


def human_rank(ch: Channel) -> int:
    """How directly a channel reaches a person: the official general hotline, the online service,
    another published number (purpose lines such as report or minors' lines included), a written
    channel, then the rest (help pages, social accounts)."""
    if ch.type == "phone" and ch.contact and ch.status == "official" and not is_purpose_line(ch):
        return 0
    if ch.type == "online_chat":
        return 1
    if ch.type == "phone" and ch.contact and ch.status != "disputed":
        return 2
    if ch.type in ("ticket", "email", "feedback_form") and (ch.contact or ch.path):
        return 3
    return 4


def _human_first(p: Platform, chans: list[Channel], whole: bool) -> list[Channel]:
    """`chans` with the direct human channels first (stable); the platform's official hotline is
    added when the list lacks it. `whole`: the question is only how to reach a person, so every
    channel of the platform is listed."""
    pool = list(chans) if not whole else [c for c in p.channels if not is_purpose_line(c)]
    for ch in p.channels:
        if human_rank(ch) == 0 and ch not in pool:
            pool.append(ch)
    return sorted(pool, key=human_rank)


def choose(views: list[ChannelView]) -> tuple[ChannelView | None, ChannelView | None]:
    """(recommended, preferred-but-closed) among usable views in preference order."""
    if not views:
        return None, None
    preferred = views[0]
    if preferred.open_now is not False:
        return preferred, None
    for state in (True, None):
        for v in views[1:]:
            if v.open_now is state:
                return v, preferred
    return preferred, None


def lookup(
    p: Platform,
    match: ProblemMatch,
    at: dt.datetime,
    platform_in_text: str | None = None,
    alert: str | None = None,
) -> LookupResult:
    category = p.category(match.best.id) if match.best else None
    ordered = _ordered(p, category)
    if match.contact:
        ordered = _human_first(p, ordered, category is None)
    views = [channel_view(p, ch, at) for ch in ordered]
    usable_views = [v for v, ch in zip(views, ordered, strict=False) if usable(ch)]
    recommended, preferred_closed = choose(usable_views)
    alternatives = tuple(v for v in views if v is not recommended)

    notes: list[str] = []
    if category and category.note:
        notes.append(category.note)
    has_official_phone = any(
        ch.type == "phone" and ch.contact and ch.status == "official" for ch in p.channels
    )
    warnings = [w.text for w in p.warnings]
    if not has_official_phone:
        listed = any(c.type == "phone" and c.contact and c.status == "reported" for c in p.channels)
        warnings.append(REPORTED_NUMBER_WARNING if listed else NO_NUMBER_WARNING)
    warnings.append(SAFETY_WARNING)

    return LookupResult(
        platform=platform_ref(p),
        query=match.query,
        problem=_category_view(match.best) if match.best else None,
        candidates=tuple(_category_view(c) for c in match.candidates),
        runner_up=_category_view(match.runner_up) if match.runner_up else None,
        recommended=recommended,
        preferred_closed=preferred_closed,
        alternatives=alternatives,
        checklist=category.checklist if category and category.checklist else GENERIC_CHECKLIST,
        escalation=category.escalation if category else (),
        warnings=tuple(warnings),
        notes=tuple(notes),
        time=time_context(p, at),
        sources=sources_of(p),
        verified_at=p.verified_at,
        intent="contact" if match.contact else "problem",
        contact_words=match.contact,
        platform_in_text=platform_in_text,
        alert=alert,
    )
