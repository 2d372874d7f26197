"""Phone numbers: one normal form (the catalog's contact key and `kefu verify`'s), and the spoofed
forms of official numbers.

Numbers are parsed by Google's libphonenumber (the `phonenumberslite` port, imported lazily and only
here) for country codes, international prefixes, number types and regions. What it does not model is
kefu's own: China's service-number ranges (95xxx, 96xxx, 100xx, 12xxx, 400/800), which are dialled
only inside China and never reach a domestic user with a country code in front; and the forms that
banks and the police warn about (00095588, 40095588, +8695588, 10666695588 for 95588).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kefu_cli.catalog.text import clean

_PHONE_CHARS = re.compile(r"^\(?\+?[\d\s\-.()/_—–]+$")
_TEL = re.compile(r"^(?:tel|callto|phone)\s*:\s*(?://)?", re.IGNORECASE)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
FREE = re.compile(r"^[48]00\d{7}$")
_LANDLINE = re.compile(r"^0[1-9]\d{8,10}$")
#: 95xxx/96xxx, the carriers' 100xx and the 1010xxxx lines, 12xxx public lines, 11x/12x emergency.
#: Not any "10…": +86 10 95566 is Beijing (010) 95566, a bank's own form from abroad.
SERVICE = re.compile(r"^(?:95\d{3,6}|96\d{3,4}|100\d{2}|1010\d{4}|12\d{3}|11\d|12\d)$")
#: E.164 allows 15 digits; with prefixes and extensions people write a few more, never 20+.
MAX_DIGITS = 20
_CONFUSABLE_DIGITS = str.maketrans({"l": "1", "i": "1", "|": "1", "o": "0"})


@dataclass(frozen=True)
class Phone:
    normalized: str  # digits for a Chinese number; "+<country code><digits>" for a foreign one
    prefixed: bool  # written with +86 / 0086 / 86 in front
    foreign: bool
    digits: str = ""  # every digit as written, prefixes included
    plus: bool = False  # written with a leading +

    @property
    def service(self) -> bool:
        """A customer-service style number (400/800, 95xxx, 10xxx…), not a mobile or landline."""
        return not self.foreign and is_service(self.normalized)

    @property
    def plausible(self) -> bool:
        """Looks like a real number (used to pick numbers out of a message, not for bare input)."""
        if self.foreign:
            return 7 <= len(self.normalized) - 1 <= 15
        n = self.normalized
        return bool(_MOBILE.match(n) or FREE.match(n) or _LANDLINE.match(n) or SERVICE.match(n))


def is_service(n: str) -> bool:
    """China's domestic service ranges: 95/96/100xx/12xxx short numbers and 400/800 lines."""
    return bool(FREE.match(n) or SERVICE.match(n))


def _domestic(rest: str) -> str:
    """The national form of what follows +86: mobiles and service numbers as they are, anything
    else is an area code and a local number, which gets back its trunk 0 (+86 571 95017 is
    0571-95017)."""
    if _MOBILE.match(rest) or FREE.match(rest) or SERVICE.match(rest) or rest.startswith("0"):
        return rest
    return "0" + rest


def normalize_phone(text: str) -> Phone | None:
    """`+86 (400) 670-0700`, `tel:95152`, `９５１５２`… to one form; None when it is not a number."""
    s = _TEL.sub("", clean(text).strip()).strip()
    if not s or not _PHONE_CHARS.match(s) or "+" in s.lstrip("(")[1:]:
        return None
    digits = "".join(ch for ch in s if ch.isdigit())
    if not digits or len(digits) > MAX_DIGITS:
        return None
    plus = s.lstrip("(").startswith("+")
    if plus:
        intl: str | None = digits
    elif digits.startswith("00") and len(digits) > 2:
        intl = digits[2:]
    else:
        intl = None
    if intl is not None:
        if intl.startswith("86") and len(intl) > 2:
            rest = intl[2:]
            if rest.startswith("00"):  # nonsense like +86 0086…: keep it as written
                return Phone("+" + intl, True, True, digits, plus)
            return Phone(_domestic(rest), True, False, digits, plus)
        return Phone("+" + intl, False, True, digits, plus)
    rest = digits[2:]
    if digits.startswith("86") and (_MOBILE.match(rest) or FREE.match(rest)):
        return Phone(rest, True, False, digits, plus)
    return Phone(digits, False, False, digits, plus)


def digitize(token: str) -> str:
    """`l0086` -> `10086`: letters that pass for digits in a sender name."""
    return token.lower().translate(_CONFUSABLE_DIGITS)


# -- spoofed forms ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spoof:
    number: str  # the domestic service number imitated, e.g. 95588
    how: str  # country_code / intl_prefix / free_prefix / sms_prefix


def spoof_of(phone: Phone, official: Callable[[str], bool]) -> Spoof | None:
    """The official service number `phone` dresses up as, if it is written in a form official calls
    never take. `official(n)` says whether the data (or the national lines) list n as official.

    - +86 / 0086 / 86 in front of any domestic service number (95…, 96…, 100xx, 12xxx, 400/800);
    - an international prefix (+, 00, 000) in front of a known service number: 0095152 is not 95152;
    - 400/800 or an SMS gateway prefix (106…) glued in front of a known service number."""
    d = phone.digits
    if not d:
        return None
    if phone.prefixed and not phone.foreign and is_service(phone.normalized):
        return Spoof(phone.normalized, "country_code")
    if phone.plus or d.startswith("00"):
        rest = d.lstrip("0") if not phone.plus else d
        if rest.startswith("86") and is_service(rest[2:].lstrip("0")):
            return Spoof(rest[2:].lstrip("0"), "country_code")
        if official(rest) and is_service(rest):
            return Spoof(rest, "intl_prefix")
        return None
    if d.startswith("86") and official(d[2:]) and is_service(d[2:]):
        return Spoof(d[2:], "country_code")
    if d[:3] in ("400", "800") and len(d) != 10:
        rest = d[3:]
        if rest and official(rest) and SERVICE.match(rest):
            return Spoof(rest, "free_prefix")
    if d.startswith("106") and len(d) > 8:
        for k in range(3, len(d) - 4):
            rest = d[k:]
            if SERVICE.match(rest) and official(rest):
                return Spoof(rest, "sms_prefix")
    return None


# -- libphonenumber ------------------------------------------------------------------------------------

_TYPES = {
    0: "固定电话",
    1: "手机",
    2: "固定电话或手机",
    3: "免费电话",
    4: "付费电话",
    5: "共享费用号码",
    6: "网络电话",
    7: "个人号码",
    8: "寻呼",
    9: "统一号码",
    10: "语音信箱",
}


@lru_cache(maxsize=1)
def _lib() -> Any:
    import phonenumbers  # phonenumberslite: metadata only, no geocoder/carrier data

    return phonenumbers
