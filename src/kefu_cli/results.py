"""What each command answers: immutable NamedTuples built by the domain modules, drawn by render/.

They carry everything either renderer (human or JSON) needs, already decided: the renderers only lay
it out. Keeping the decision here means `--json` and the human output can never disagree.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class PlatformRef(NamedTuple):
    """Which platform an answer is about, and whether its data is bundled or the user's."""

    id: str
    name: str
    origin: str
    name_en: str | None = None


class ChannelView(NamedTuple):
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
    #: A self-service or written channel (help centre, form, email, ticket) without published hours:
    #: always there to read or submit to, even though nobody answers at a set time.
    anytime: bool = False


class CategoryView(NamedTuple):
    """A problem category as matched: its score (0-100) and the keyword that decided it."""

    id: str
    name: str
    score: float | None = None
    matched: str | None = None


class SourceView(NamedTuple):
    """A source the answer rests on: who says it (kind), its title, public URL (or None), the
    excerpt that contains the fact, and when it was read."""

    title: str
    ref: str | None
    kind: str | None = None
    quote: str | None = None
    checked: str | None = None


class TimeContext(NamedTuple):
    """The moment asked about, in the platform's zone and the user's, plus the holiday calendar."""

    at: str  # ISO 8601 in the platform's zone
    platform_zone: str
    user_offset_differs: bool
    user_at: str  # ISO 8601 in the user's zone
    holiday: str | None
    makeup_workday_for: str | None
    calendar_known: bool
    makeup_announced: bool = (
        True  # False: the year's 调休 make-up working days are not published yet
    )


class LookupResult(NamedTuple):
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
    # How the question was read (issue 15): "contact" when it asks how to reach a person (then
    # `contact_words` says which words did, and the human channels lead), else "problem".
    intent: str = "problem"
    contact_words: tuple[str, ...] = ()
    platform_in_text: str | None = None  # the platform was named inside the sentence: as found
    alert: str | None = None  # the text describes a scammer's demand: said before anything else


class OverviewResult(NamedTuple):
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


class HoursRow(NamedTuple):
    """One channel in `kefu hours`, with whether it is open in each hour of the day asked."""

    view: ChannelView
    profile: tuple[bool | None, ...]  # 24 hourly slots of the day asked about


class HoursResult(NamedTuple):
    """`kefu hours PLATFORM`: each channel's hours and state at the moment asked about."""

    platform: PlatformRef
    rows: tuple[HoursRow, ...]
    time: TimeContext
    now_hour: int


class ErrorResult(NamedTuple):
    """A failure told to the user: a CONTRACT.md error code, one sentence, suggestions."""

    code: str
    message: str
    suggestions: tuple[str, ...] = ()
    exit_code: int = 1


# -- kefu list and kefu validate: about the catalog itself ----------------------------------------


class ListRow(NamedTuple):
    id: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...]
    channels: int
    sources: tuple[str, ...]
    verified_at: str
    origin: str
    categories: tuple[str, ...] = ()


class ListResult(NamedTuple):
    platforms: tuple[ListRow, ...]
    search: str | None = None  # what the list was filtered by (text or category id), if anything


class ValidateProblem(NamedTuple):
    file: str
    line: int
    field: str
    message: str


class ValidateResult(NamedTuple):
    files: tuple[str, ...]
    problems: tuple[ValidateProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


# -- kefu verify --------------------------------------------------------------------------------


class SignalView(NamedTuple):
    """One scam signal found in a pasted message, with what it means for a person."""

    id: str
    name: str
    severity: str  # strong / medium / weak
    explain: str
    matched: str  # the words in the message that triggered it
    sources: tuple[str, ...]
    from_contact: bool = False  # raised by a contact in the message rather than by its words


class AlternativeView(NamedTuple):
    """The official way to reach a platform, offered instead of a doubtful contact."""

    platform: PlatformRef
    channel: str | None
    name: str
    contact: str | None
    status: str | None  # official / reported / None for an in-app path
    path: tuple[str, ...]
    where: str | None
    domain: str | None  # the platform's official web domain, when it has one


class ContactCheck(NamedTuple):
    """The verdict on one phone number, e-mail address, domain or URL."""

    input: str
    kind: str  # phone / email / domain
    normalized: str
    verdict: str  # official / reported / disputed / unknown / lookalike
    platform: PlatformRef | None
    owner: str | None  # who answers it when it is not a platform (national lines)
    channel: str | None
    channel_name: str | None
    status: str | None  # the data's status for this contact, None when it is not in the data
    origin: str | None  # bundled / user
    resembles: str | None
    reasons: tuple[str, ...]
    alternative: AlternativeView | None
    sources: tuple[SourceView, ...]
    url: bool = False
    caution: str | None = (
        None  # e.g. an official number written with +86: calls showing it are fake
    )


class VerifyResult(NamedTuple):
    input: str
    kind: str  # phone / email / domain / message
    verdict: str  # official/reported/disputed/spoofed/unknown/lookalike/scam/suspicious/no_signals
    normalized: str | None
    platform: PlatformRef | None
    resembles: str | None
    headline: str
    reasons: tuple[str, ...]
    signals: tuple[SignalView, ...]
    contacts: tuple[ContactCheck, ...]
    alternative: AlternativeView | None
    advice: tuple[str, ...]
    sources: tuple[SourceView, ...]
    score: int = 0
    url: bool = False
    truncated: bool = False
    caution: str | None = None
    fraud_type: str | None = None  # scam / suspicious messages: impersonation, rebate, loan, …


# -- building the shared pieces from catalog data (duck-typed: this module imports no kefu module) --


def platform_ref(p: Any) -> PlatformRef:
    """Which platform an answer is about, from a catalog Platform."""
    return PlatformRef(p.id, p.name, p.origin, p.name_en)


#: How users are told who says a fact (the source's kind).
SOURCE_KIND_LABELS = {
    "platform": "平台官方页面",
    "government": "政府或警方通报",
    "news": "新闻报道",
    "reference": "百科",
    "third_party": "第三方指南",
}


def source_label(s: SourceView) -> str:
    """A source as people read it: its title and who says it, never a file name of ours."""
    kind = SOURCE_KIND_LABELS.get(s.kind or "")
    return f"{s.title}（{kind}）" if kind else s.title


def source_view(s: Any) -> SourceView:
    """A catalog Source as shown to users and scripts."""
    return SourceView(s.title, s.ref, s.kind, s.quote, s.checked)


# -- kefu info: where kefu keeps things -----------------------------------------------------------


class DataDir(NamedTuple):
    path: str
    origin: str  # "bundled" or "user"
    exists: bool
    files: int


class InfoResult(NamedTuple):
    """`kefu info`: the data directories, the cache, and how old the bundled data is."""

    version: str
    data_dirs: tuple[DataDir, ...]
    cache_dir: str
    catalog_file: str
    catalog_exists: bool
    catalog_bytes: int | None
    platforms: int
    bundled_verified_newest: str | None  # ISO date: when the bundled data was last checked
    bundled_verified_oldest: str | None
    data_age_days: int | None  # days from the newest bundled verified date to the moment asked
