"""Hosts for `kefu verify`: parse a domain, URL or e-mail domain, find its registrable domain, and
tell whether it imitates an official one.

Pure functions over strings and a list of brands; the catalog side lives in verify_contacts.py.
"Registrable domain" comes from the Public Suffix List (`publicsuffixlist`, shipped offline), so
`kuaishou.com.kefu-help.cn` is read as a subdomain of `kefu-help.cn`, and `bbc.co.uk` as one domain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz.distance import Levenshtein

from kefu_cli.catalog.text import clean

# Letters from other scripts that look like Latin ones, and digits that pass for letters.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
        "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "к": "k", "м": "m",
        "т": "t", "в": "b", "н": "h", "ӏ": "l", "ɡ": "g", "ο": "o", "α": "a", "ν": "v",
        "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ε": "e", "ı": "i",
        "ł": "l", "ß": "ss", "0": "o", "1": "l", "i": "l", "|": "l", "!": "l",
    }
)  # fmt: skip
_MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


@lru_cache(maxsize=1)
def _psl() -> Any:
    """The Public Suffix List, loaded once; unknown TLDs are not domains (`readme.txt`)."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(accept_unknown=False)


def skeleton(text: str) -> str:
    """What a string looks like: diacritics dropped, look-alike letters and digits merged."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for a, b in _MULTI:
        out = out.replace(a, b)
    return out.translate(_CONFUSABLES)


_LETTERS_ONLY = {c: v for c, v in _CONFUSABLES.items() if c > 127}


def skeleton_letters(text: str) -> str:
    """Cyrillic and Greek look-alikes as the Latin letters they pass for (WhаtsАpp -> whatsapp);
    digits, ASCII and Chinese are left alone (a message's numbers must keep their meaning)."""
    return text.translate(_LETTERS_ONLY)


@dataclass(frozen=True)
class Host:
    ascii: str  # lower-case, IDN labels in punycode: the form compared with the data
    unicode: str  # what a person sees (punycode decoded)
    registrable: str | None  # e.g. kefu-help.cn; None for an IP address or a bare suffix
    suffix: str | None  # e.g. cn, co.uk
    idn: bool  # has non-ASCII or punycode labels
    ip: bool

    @property
    def labels(self) -> list[str]:
        """The unicode labels in front of the public suffix."""
        if not self.suffix:
            return self.unicode.split(".")
        n = self.suffix.count(".") + 1
        return self.unicode.split(".")[:-n]


def _label_to_ascii(label: str) -> str | None:
    if label.isascii():
        return label if _LABEL.match(label) else None
    try:
        encoded = label.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return None
    return encoded if _LABEL.match(encoded) else None


def _label_to_unicode(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        return label


def parse_host(text: str) -> Host | None:
    """A host name from a bare domain (`help.kuaishou.com`), a URL or an e-mail domain; None if not one."""
    raw = clean(text).strip().strip(".").lower()
    if not raw or any(ch.isspace() for ch in raw) or len(raw) > 253:
        return None
    if _IPV4.match(raw):
        return Host(raw, raw, None, None, False, True)
    labels = raw.split(".")
    if len(labels) < 2:
        return None
    ascii_labels = []
    for label in labels:
        a = _label_to_ascii(label)
        if a is None:
            return None
        ascii_labels.append(a)
    ascii_host = ".".join(ascii_labels)
    if len(ascii_host) > 253 or ascii_labels[-1].isdigit():
        return None
    try:
        suffix = _psl().publicsuffix(ascii_host)
        registrable = _psl().privatesuffix(ascii_host)
    except (UnicodeError, ValueError):
        return None
    if suffix is None:
        return None
    unicode_host = ".".join(_label_to_unicode(a) for a in ascii_labels)
    idn = any(a.startswith("xn--") for a in ascii_labels)
    return Host(ascii_host, unicode_host, registrable, suffix, idn, False)


@dataclass(frozen=True)
class Url:
    host: Host
    userinfo: str | None  # the part before @ in https://www.bilibili.com@evil.cn/


def parse_url(text: str) -> Url | None:
    """A URL with a scheme, or `www.…`/`host/path` without one."""
    raw = clean(text).strip()
    if not raw or any(ch.isspace() for ch in raw):
        return None
    candidate = raw if _SCHEME.match(raw) else "//" + raw
    try:
        parts = urlsplit(candidate)
        hostname = parts.hostname
        userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else None
    except ValueError:
        return None
    if not hostname:
        return None
    host = parse_host(hostname)
    return Url(host, userinfo) if host else None


def url_key(text: str) -> str:
    """The comparison form of a URL: no scheme, no `www.`, lower-case host, no trailing slash."""
    raw = clean(text).strip()
    raw = _SCHEME.sub("", raw)
    host, sep, rest = raw.partition("/")
    host = host.lower().removeprefix("www.")
    return (host + sep + rest).rstrip("/")


def within(host: str, domain: str) -> bool:
    """`host` is `domain` or one of its subdomains."""
    return host == domain or host.endswith("." + domain)


# -- lookalikes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Brand:
    token: str  # e.g. "bilibili", "imtoken"
    domain: str  # the official domain it stands for
    platform: str
    generic: bool  # short or ordinary word: only as a whole label or hyphen part, no typos
    bare: bool  # the brand alone under another suffix counts (bilibili.cn); false for names

    @property
    def skel(self) -> str:
        return skeleton(self.token)


@dataclass(frozen=True)
class Lookalike:
    brand: Brand
    how: str  # confusable / punycode / contains / suffix / typo
    part: str  # the part of the host that imitates the brand


_HOW_RANK = {"punycode": 0, "confusable": 1, "contains": 2, "suffix": 3, "typo": 4}


def _typo_budget(brand: str) -> int:
    if len(brand) >= 8:
        return 2
    return 1 if len(brand) >= 6 else 0


def find_lookalike(host: Host, brands: list[Brand]) -> Lookalike | None:
    """The brand this (non-official) host imitates, if any; the strongest kind of imitation wins."""
    if host.ip or not host.registrable:
        return None
    labels = host.labels
    if not labels:
        return None
    reg_label = labels[-1]
    parts: list[str] = []  # every label and hyphen-separated piece, unicode
    for label in labels:
        parts.append(label)
        parts.extend(p for p in label.split("-") if p and p != label)
    joined = [label.replace("-", "") for label in labels]
    best: Lookalike | None = None

    def offer(found: Lookalike) -> None:
        nonlocal best
        if best is None or _HOW_RANK[found.how] < _HOW_RANK[best.how]:
            best = found

    for brand in brands:
        skel = brand.skel
        if not skel:
            continue
        for part in parts:
            if part == brand.token:
                if part != reg_label or brand.bare:
                    offer(Lookalike(brand, "contains" if part != reg_label else "suffix", part))
            elif skeleton(part) == skel:
                how = "punycode" if not part.isascii() else "confusable"
                offer(Lookalike(brand, how, part))
        if brand.generic:
            continue
        for whole in joined:
            if brand.token in whole and whole != brand.token:
                offer(Lookalike(brand, "contains", whole))
            elif skel in skeleton(whole) and whole != brand.token:
                offer(Lookalike(brand, "punycode" if not whole.isascii() else "contains", whole))
        budget = _typo_budget(brand.token)
        if budget and not brand.token.isdigit():
            for part in parts:
                if part == brand.token or len(part) < 4:
                    continue
                d = min(
                    Levenshtein.distance(part, brand.token, score_cutoff=budget + 1),
                    Levenshtein.distance(skeleton(part), skel, score_cutoff=budget + 1),
                )
                if 0 < d <= budget or (d == 0 and part != brand.token):
                    offer(Lookalike(brand, "typo", part))
    return best


def explain_lookalike(found: Lookalike, host: Host) -> str:
    """How the host imitates the brand, in one Chinese sentence."""
    b = found.brand
    if found.how == "punycode":
        return f"域名里混入了外文字母，实际地址是 {host.ascii}，只是看起来像「{b.token}」。"
    if found.how == "confusable":
        return f"「{found.part}」用形近的字符（如 0/o、1/l、rn/m）冒充「{b.token}」。"
    if found.how == "suffix":
        return f"品牌名相同，但后缀不同（{host.registrable}）；资料中的官方域名是 {b.domain}。"
    if found.how == "typo":
        return f"「{found.part}」和「{b.token}」只差一两个字母，是拼写变体。"
    owner = host.registrable or host.ascii
    return f"品牌名「{b.token}」被放进了别人的域名，这个网站真正的主人是 {owner}。"
