"""The derived-status rule: a contact is `official` only when evidence of the right kind quotes it.

A source of kind platform, government or news makes a contact official when its copied `quote`
contains that contact: phone numbers compared digit by digit (separators such as spaces, dashes and
brackets ignored, and never inside a longer number), anything else case-insensitively. For a domain
(or a web contact), a `platform` source served from that domain also counts: the platform's own page
is evidence of its own address. Everything else is `reported`.

Kept apart from the schema so that the rule is stated once and can be read (and tested) on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from kefu_cli.build.checker import Checker, join_field
from kefu_cli.build.yamlsource import LineDict
from kefu_cli.catalog.model import EVIDENCE_KINDS, Source

_SEPARATORS = str.maketrans("", "", " \t-()（）\u00a0\u3000—–")


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def is_phone_like(contact: str) -> bool:
    """A contact made of digits and separators (with an optional leading +)."""
    d = digits(contact)
    rest = contact.translate(_SEPARATORS).lstrip("+")
    return len(d) >= 3 and rest.isdigit()


def _quote_has_number(quote: str, number: str) -> bool:
    flat = quote.translate(_SEPARATORS)
    start = flat.find(number)
    while start != -1:
        before = flat[start - 1] if start else ""
        after = flat[start + len(number) : start + len(number) + 1]
        if not before.isdigit() and not after.isdigit():
            return True
        start = flat.find(number, start + 1)
    return False


def host_of(text: str) -> str:
    """The lower-case host of a URL, e-mail address or bare domain ('' when there is none)."""
    text = text.strip().lower()
    if "@" in text and "://" not in text:
        return text.rsplit("@", 1)[1]
    if "://" not in text:
        text = "//" + text
    try:
        return (urlsplit(text).hostname or "").rstrip(".")
    except ValueError:
        return ""


def served_from(ref: str | None, domain: str) -> bool:
    """Is the page at `ref` served from `domain` or one of its subdomains?"""
    if not ref or not ref.lower().startswith(("http://", "https://")):
        return False
    host = host_of(ref)
    return host == domain or host.endswith("." + domain)


def quotes(source: Source, contact: str) -> bool:
    """Does the source's quote contain the contact?"""
    if not source.quote:
        return False
    if is_phone_like(contact):
        return _quote_has_number(source.quote, digits(contact))
    return contact.strip().lower() in source.quote.lower()


def proves(source: Source, contact: str) -> bool:
    """Is this source evidence that `contact` is the platform's own?"""
    if source.kind not in EVIDENCE_KINDS:
        return False
    if quotes(source, contact):
        return True
    if source.kind == "platform" and not is_phone_like(contact) and "@" not in contact:
        host = host_of(contact)
        return bool(host) and served_from(source.ref, host)
    return False


def derived_status(contact: str, cited: Iterable[Source]) -> str:
    """`official` when a cited source proves the contact, else `reported`."""
    return "official" if any(proves(s, contact) for s in cited) else "reported"


def has_evidence_kind(cited: Iterable[Source]) -> bool:
    """At least one cited source is the platform's, an authority's or the news (for paths, hours)."""
    return any(s.kind in EVIDENCE_KINDS for s in cited)


# -- applying the rule to a file (used by schema.py) ---------------------------------------------


def evidence_sources(c: Checker, top: LineDict, sources: list[Source]) -> dict[str, Source] | None:
    """The sources by id when the file is in evidence mode (any source has a `kind`), else None.

    In evidence mode every source must say its kind, quote and the date it was read.
    """
    if not any(s.kind for s in sources):
        return None
    for item, field, _line in c.items(top["sources"], "sources", top.key_lines["sources"]):
        if isinstance(item, LineDict):
            for key in ("kind", "quote", "checked"):
                if key not in item:
                    c.error(item.line, join_field(field, key), "required key is missing")
    return {s.id: s for s in sources}


def derive(
    c: Checker, m: LineDict, field: str, contact: str, stated: str | None, cited: list[Source]
) -> str:
    """The contact's status as the evidence makes it; a stated status must agree with it."""
    derived = derived_status(contact, cited)
    if stated is not None and stated != derived:
        if stated == "official":
            message = (
                f"official needs a cited platform, government or news source whose quote "
                f"contains {contact!r}"
            )
        else:
            message = (
                f"a cited platform, government or news source quotes {contact!r}, so it is "
                "official: write `status: official` or leave status out"
            )
        c.error(m.key_lines.get("status", m.line), join_field(field, "status"), message)
    return derived
