"""What each command answers: frozen dataclasses built by the domain modules, drawn by render.py.

They carry everything either renderer (human or JSON) needs, already decided: the renderers only lay
it out. Keeping the decision here means `--json` and the human output can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlatformRef:
    """Which platform an answer is about, and whether its data is bundled or the user's."""

    id: str
    name: str
    origin: str
    name_en: str | None = None


@dataclass(frozen=True)
class ChannelView:
    """A channel as shown to the user, with its state at the moment asked about."""

    channel: str
    type: str
    name: str
    contact: str | None
    status: str | None
    path: tuple[str, ...]
    path_status: str | None
    hours: str
    open_now: bool | None
    next_open: str | None  # ISO 8601 with offset
    closes_at: str | None
    response_time: str | None
    audience: str | None
    where: str | None
    note: str | None
    hours_where: str | None
    origin: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CategoryView:
    """A problem category as matched: its score (0-100) and the keyword that decided it."""

    id: str
    name: str
    score: float | None = None
    matched: str | None = None


@dataclass(frozen=True)
class SourceView:
    """A source the answer rests on: its title and URL (or document reference)."""

    title: str
    ref: str


@dataclass(frozen=True)
class TimeContext:
    """The moment asked about, in the platform's zone and the user's, plus the holiday calendar."""

    at: str  # ISO 8601 in the platform's zone
    platform_zone: str
    user_offset_differs: bool
    user_at: str  # ISO 8601 in the user's zone
    holiday: str | None
    makeup_workday_for: str | None
    calendar_known: bool


@dataclass(frozen=True)
class LookupResult:
    """`kefu PLATFORM PROBLEM`: the channel to use now, the others, and what to have ready."""

    platform: PlatformRef
    query: str
    problem: CategoryView | None
    candidates: tuple[CategoryView, ...]
    runner_up: CategoryView | None
    recommended: ChannelView | None
    preferred_closed: ChannelView | None  # the better channel we passed over because it is closed
    alternatives: tuple[ChannelView, ...]
    checklist: tuple[str, ...]
    escalation: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]
    time: TimeContext
    sources: tuple[SourceView, ...]
    verified_at: str
    unlisted_numbers: bool  # no confirmed phone number: say that searched numbers are a scam risk


@dataclass(frozen=True)
class OverviewResult:
    """`kefu PLATFORM`: every channel with its state now, the categories, and warnings."""

    platform: PlatformRef
    summary: str | None
    channels: tuple[ChannelView, ...]
    categories: tuple[CategoryView, ...]
    warnings: tuple[str, ...]
    disputed: tuple[tuple[str, str], ...]  # (contact, reason)
    domains: tuple[str, ...]
    time: TimeContext
    sources: tuple[SourceView, ...]
    verified_at: str


@dataclass(frozen=True)
class HoursRow:
    """One channel in `kefu hours`, with whether it is open in each hour of the day asked."""

    view: ChannelView
    profile: tuple[bool | None, ...]  # 24 hourly slots of the day asked about


@dataclass(frozen=True)
class HoursResult:
    """`kefu hours PLATFORM`: each channel's hours and state at the moment asked about."""

    platform: PlatformRef
    rows: tuple[HoursRow, ...]
    time: TimeContext
    now_hour: int


@dataclass(frozen=True)
class ErrorResult:
    """A failure told to the user: a CONTRACT.md error code, one sentence, suggestions."""

    code: str
    message: str
    suggestions: tuple[str, ...] = ()
    exit_code: int = 1
