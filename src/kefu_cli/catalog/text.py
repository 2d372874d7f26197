"""Text normalization shared by the catalog builder and the query side.

Both sides must fold text the same way (full-width to half-width, case, invisible characters,
spacing), or a keyword stored at build time would never meet the query typed at lookup time.
Pure standard library: this module sits on the lookup path.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Zero-width and other invisible format characters people paste along with text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
# Punctuation and symbols carry no meaning for matching; keep letters, digits, CJK and spaces.
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_LATIN = re.compile(r"[a-z]")

# Stands in for a kept word while filler is removed: private use, never in folded text.
_KEEP_MARK = "\ue000"


def clean(text: str) -> str:
    """NFKC, drop invisible/control characters, collapse whitespace; keeps case and punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """The matching form: cleaned, lower-case, punctuation removed, single spaces."""
    text = clean(text).lower()
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def squash(text: str) -> str:
    """`fold` without any spaces: 'Dou Yin' and 'douyin' meet here."""
    return fold(text).replace(" ", "")


# CJK ideographs: Extension A, the unified block, compatibility ideographs. Tested by comparison,
# not with a regex: compiling a character class this wide costs ~2 ms on every run.
_CJK_FIRST = "\u3400"


def is_cjk(ch: str) -> bool:
    """One character is a CJK ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def has_cjk(text: str) -> bool:
    if not text or max(text) < _CJK_FIRST:  # the usual Latin-only case, at C speed
        return False
    return any(map(is_cjk, text))


def all_cjk(text: str) -> bool:
    """Every character of non-empty `text` is a CJK ideograph."""
    return bool(text) and all(map(is_cjk, text))


@functools.lru_cache(maxsize=8)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words` longest first (ties alphabetical), computed once per vocabulary, not per call."""
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def apply_variants(text: str, variants: dict[str, str]) -> str:
    """Replace known typo/homophone variants (冲值→充值, 帐号→账号) in already-folded text.

    Longest variants first so that a longer, more specific fix wins over a shorter one. Latin
    variants ('can t' -> 'cannot') replace whole words only.
    """
    for wrong in _longest_first(tuple(variants)):
        if wrong not in text:
            continue
        if has_cjk(wrong):
            text = text.replace(wrong, variants[wrong])
        else:  # Latin forms are whole words: 'can t' must not fire inside 'scan the'
            pattern = rf"(?<![a-z0-9]){re.escape(wrong)}(?![a-z0-9])"
            text = re.sub(pattern, variants[wrong].replace("\\", "\\\\"), text)
    return text


def strip_stopwords(text: str, stopwords: tuple[str, ...], keep: tuple[str, ...] = ()) -> str:
    """Remove filler words (怎么办, 了, please) that would otherwise dilute a fuzzy score.

    Words in `keep` stay whole even when they hold filler: with 平台 as filler, 别的平台 and 平台外
    still mean what they say (they would otherwise shrink to 别的 and 外).
    """
    out = text
    kept: list[str] = []
    for word in keep:
        if word and word in out:
            out = out.replace(word, f"{_KEEP_MARK}{len(kept)}{_KEEP_MARK}")
            kept.append(word)
    for word in stopwords:
        if not word or word not in out:  # absent: nothing to remove (and no regex to compile)
            continue
        if has_cjk(word):
            out = out.replace(word, " ")
        else:
            out = re.sub(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", " ", out)
    for i, word in enumerate(kept):
        out = out.replace(f"{_KEEP_MARK}{i}{_KEEP_MARK}", word)
    out = _SPACES.sub(" ", out).strip()
    return out or text
