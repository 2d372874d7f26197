"""Contacts as the catalog stores them: one normal form for every contact (used by the schema's
disputed-vs-channel check, the contact table and the user-data demotion), and the rows written.
"""

from __future__ import annotations

from dataclasses import replace

from kefu_cli.catalog.model import Platform
from kefu_cli.catalog.phones import normalize_phone


def contact_key(kind: str, value: str) -> str:
    """The lookup form of a contact: digits only for phones, lower-case for emails and domains."""
    if kind == "phone":
        phone = normalize_phone(value)  # the same normal form kefu verify looks numbers up by
        return phone.normalized if phone else "".join(ch for ch in value if ch.isdigit())
    return value.strip().lower()


def contact_kind(value: str) -> str:
    if "@" in value:
        return "email"
    if value.startswith(("http://", "https://")) or "." in value:
        return "url"
    return "phone"


def demote_user_contacts(user: Platform, official: set[tuple[str, str]]) -> Platform:
    """A user file cannot make a contact official: it stays official only if bundled data says so."""
    channels = []
    for ch in user.channels:
        if ch.contact and ch.status == "official":
            key = (contact_kind(ch.contact), contact_key(contact_kind(ch.contact), ch.contact))
            if key not in official:
                ch = replace(ch, status="reported")
        channels.append(ch)
    domains = tuple(
        d
        if (d.status != "official" or ("domain", d.domain) in official)
        else replace(d, status="reported")
        for d in user.domains
    )
    return replace(user, channels=tuple(channels), domains=domains)


def contact_rows(p: Platform) -> list[tuple[str, ...]]:
    """Every contact a platform lists; bundled ones stay even when a user file overrides it."""
    rows: list[tuple[str, ...]] = []
    for ch in p.channels:
        if ch.contact:
            kind = contact_kind(ch.contact)
            key = contact_key(kind, ch.contact)
            rows.append((key, kind, p.id, p.origin, ch.status or "reported", ch.id, ch.contact))
    for d in p.domains:
        rows.append((d.domain, "domain", p.id, p.origin, d.status, "", d.domain))
    for x in p.disputed:
        kind = "phone" if x.kind == "phone" else x.kind
        key = contact_key(kind, x.contact)
        rows.append((key, kind, p.id, p.origin, "disputed", x.instead or "", x.contact))
    return [r for r in rows if r[0]]
