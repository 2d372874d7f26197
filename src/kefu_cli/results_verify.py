"""What `kefu verify` answers: frozen dataclasses built by verify.py, drawn by render/verify_*.py.

Apart from results.py so that a lookup, which never verifies, does not pay for defining them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .results import PlatformRef, SourceView


@dataclass(frozen=True)
class SignalView:
    """One scam signal found in a pasted message, with what it means for a person."""

    id: str
    name: str
    severity: str  # strong / medium / weak
    explain: str
    matched: str  # the words in the message that triggered it
    sources: tuple[str, ...]
    from_contact: bool = False  # raised by a contact in the message rather than by its words


@dataclass(frozen=True)
class AlternativeView:
    """The official way to reach a platform, offered instead of a doubtful contact."""

    platform: PlatformRef
    channel: str | None
    name: str
    contact: str | None
    status: str | None  # official / reported / None for an in-app path
    path: tuple[str, ...]
    where: str | None
    domain: str | None  # the platform's official web domain, when it has one


@dataclass(frozen=True)
class ContactCheck:
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


@dataclass(frozen=True)
class VerifyResult:
    input: str
    kind: str  # phone / email / domain / message
    verdict: str  # official / reported / disputed / unknown / lookalike / scam / no_signals
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
