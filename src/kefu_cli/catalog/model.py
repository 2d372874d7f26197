"""The catalog's data: plain frozen dataclasses, loaded from YAML once and from the compiled cache after.

These types are the contract between the schema (which builds them from data files), the compiled
catalog (which stores them as JSON) and the domain modules (which read them). They hold no behaviour
beyond conversion to and from plain dicts, so that the cache format is nothing more than `asdict`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

STATUSES = ("official", "reported", "disputed")
#: What kind of publisher a source is. Only the first three can make a contact `official`.
SOURCE_KINDS = ("platform", "government", "news", "reference", "third_party")
EVIDENCE_KINDS = ("platform", "government", "news")
CHANNEL_TYPES = (
    "online_chat",
    "phone",
    "email",
    "ticket",
    "feedback_form",
    "help_center",
    "social",
)
CATEGORY_IDS = (
    "account",
    "content",
    "technical",
    "payment",
    "live_commerce",
    "privacy_security",
    "feedback",
)
#: Day selectors an hours window may use; see hours.py for their meaning.
DAY_SELECTORS = (
    "daily",
    "workdays",
    "weekdays",
    "weekends",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
)


@dataclass(frozen=True)
class Source:
    """Where a fact comes from; contacts, hours and paths cite sources by `id`."""

    id: str
    title: str
    ref: str | None
    checked: str | None = None
    kind: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Window:
    """One opening window: on the selected days, from `start` to `end` minutes after midnight.

    `end` <= `start` means the window runs past midnight into the next day; `end` may be 1440 (24:00).
    """

    days: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Hours:
    """Opening hours as published. `windows` is None when no schedule is published (open_now null)."""

    text: str
    windows: tuple[Window, ...] | None = None
    status: str | None = None
    where: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Channel:
    """One way to reach support: in-app chat, hotline, ticket, email, social account..."""

    id: str
    type: str
    name: str
    contact: str | None = None
    status: str | None = None
    path: tuple[str, ...] = ()
    path_status: str | None = None
    hours: Hours = Hours(text="未公布")
    response_time: str | None = None
    audience: str | None = None
    where: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """A kind of problem, the words people use for it, and the channels for it, best first."""

    id: str
    name: str
    keywords: tuple[str, ...]
    channels: tuple[str, ...]
    checklist: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()
    response_time: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Disputed:
    """A contact published by third parties but contradicted by the platform, or a known fake."""

    contact: str
    kind: str
    reason: str
    instead: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Domain:
    """A web domain of the platform, with its status (official / reported / disputed)."""

    domain: str
    status: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Warning:
    """A fraud warning shown with every answer about the platform."""

    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Platform:
    """Everything kefu knows about one platform: one data file, validated."""

    id: str
    name: str
    aliases: tuple[str, ...]
    timezone: str
    verified_at: str
    sources: tuple[Source, ...]
    channels: tuple[Channel, ...]
    categories: tuple[Category, ...]
    name_en: str | None = None
    summary: str | None = None
    warnings: tuple[Warning, ...] = ()
    disputed: tuple[Disputed, ...] = ()
    domains: tuple[Domain, ...] = ()
    origin: str = "bundled"
    path: str = ""

    def channel(self, channel_id: str) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)


def to_plain(obj: Any) -> Any:
    """Dataclass tree -> JSON-ready dicts/lists (faster than dataclasses.asdict's deepcopy)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [to_plain(x) for x in obj]
    return obj


def _tup(values: Any) -> tuple[Any, ...]:
    return tuple(values or ())


def hours_from_plain(d: dict[str, Any]) -> Hours:
    windows = d.get("windows")
    return Hours(
        text=d["text"],
        windows=None
        if windows is None
        else tuple(Window(tuple(w["days"]), w["start"], w["end"]) for w in windows),
        status=d.get("status"),
        where=d.get("where"),
        sources=_tup(d.get("sources")),
    )


def platform_from_plain(d: dict[str, Any]) -> Platform:
    """Inverse of `to_plain` for a Platform, used when reading the compiled catalog."""
    return Platform(
        id=d["id"],
        name=d["name"],
        aliases=_tup(d["aliases"]),
        timezone=d["timezone"],
        verified_at=d["verified_at"],
        sources=tuple(Source(**s) for s in d["sources"]),
        channels=tuple(
            Channel(
                **{
                    **c,
                    "path": _tup(c.get("path")),
                    "sources": _tup(c.get("sources")),
                    "hours": hours_from_plain(c["hours"]),
                }
            )
            for c in d["channels"]
        ),
        categories=tuple(
            Category(
                **{
                    **c,
                    "keywords": _tup(c["keywords"]),
                    "channels": _tup(c["channels"]),
                    "checklist": _tup(c.get("checklist")),
                    "escalation": _tup(c.get("escalation")),
                    "sources": _tup(c.get("sources")),
                }
            )
            for c in d["categories"]
        ),
        name_en=d.get("name_en"),
        summary=d.get("summary"),
        warnings=tuple(Warning(w["text"], _tup(w.get("sources"))) for w in d.get("warnings", ())),
        disputed=tuple(
            Disputed(**{**x, "sources": _tup(x.get("sources"))}) for x in d.get("disputed", ())
        ),
        domains=tuple(
            Domain(x["domain"], x["status"], _tup(x.get("sources"))) for x in d.get("domains", ())
        ),
        origin=d.get("origin", "bundled"),
        path=d.get("path", ""),
    )
