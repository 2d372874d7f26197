"""Sound: tokens with their pinyin readings, fuzzy pinyin, and how a run of tokens sounds alike."""

from __future__ import annotations

import re
from collections.abc import Callable

from kefu_cli.catalog.text import is_cjk
from kefu_cli.match.weights import (
    EDIT,
    EXACT,
    FUZZY_SOUND,
    HOMOPHONE,
    PINYIN,
    SOUNDALIKE,
)

_TOKEN = re.compile(r"[a-z]+|[0-9]+|\S")
_MAX_SYLLABLE = 6


def to_pinyin(text: str, readings: dict[str, tuple[str, ...]]) -> str:
    """Squashed pinyin (usual readings) of the CJK characters in `text`; others kept as they are."""
    out = []
    for ch in text:
        if ch.isspace():
            continue
        known = readings.get(ch)
        out.append(known[0] if known else ch)
    return "".join(out)


# The matcher's own working types are plain slotted classes, not dataclasses: they never leave
# this module, thousands are made per query, and a dataclass costs ~0.5 ms of import time each.


class _Tok:
    """One token of a query or keyword: a CJK character, a typed pinyin syllable or a word."""

    __slots__ = ("end", "fuzzy", "readings", "start", "surface", "typed", "usual")

    def __init__(
        self,
        surface: str,  # the character, pinyin syllable or word as typed
        usual: str,  # the usual reading (in context, for a keyword)
        readings: frozenset[str],
        fuzzy: frozenset[str],
        start: int,  # span in the squashed text
        end: int,
        typed: bool,  # a pinyin syllable typed in Latin letters
    ) -> None:
        self.surface = surface
        self.usual = usual
        self.readings = readings
        self.fuzzy = fuzzy
        self.start = start
        self.end = end
        self.typed = typed


_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def _fuzzy_syllable(s: str) -> str:
    for long, short in _FUZZY_INITIALS:
        if s.startswith(long):
            s = short + s[len(long) :]
            break
    for long, short in _FUZZY_FINALS:
        if s.endswith(long):
            return s[: -len(long)] + short
    return s


def _segment(word: str, syllables: frozenset[str]) -> list[str] | None:
    """`word` cut into pinyin syllables, fewest pieces first; None if it is not all pinyin."""
    n = len(word)
    if n > 60:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        cur = best[i]
        if cur is None:
            continue
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE) + 1):
            piece = word[i:j]
            if piece in syllables:
                nxt = best[j]
                if nxt is None or len(cur) + 1 < len(nxt):
                    best[j] = [*cur, piece]
    return best[n]


def _tokens(
    text: str, readings_of: Callable[[str, int], tuple[str, ...]], syllables: frozenset[str]
) -> list[_Tok]:
    """Tokens of folded `text`; `readings_of(char, nth_cjk)` gives a CJK character's readings."""
    out: list[_Tok] = []
    pos = 0  # index into the squashed text
    nth = 0
    for m in _TOKEN.finditer(text):
        s = m.group()
        if s[0].isascii() and s[0].isalpha():
            pieces = _segment(s, syllables)
            if pieces:
                for piece in pieces:
                    out.append(
                        _Tok(
                            piece,
                            piece,
                            frozenset((piece,)),
                            frozenset((_fuzzy_syllable(piece),)),
                            pos,
                            pos + len(piece),
                            True,
                        )
                    )
                    pos += len(piece)
                continue
            out.append(_Tok(s, s, frozenset((s,)), frozenset((s,)), pos, pos + len(s), False))
        elif is_cjk(s):
            rs = readings_of(s, nth) or (s,)
            nth += 1
            out.append(
                _Tok(
                    s,
                    rs[0],
                    frozenset(rs),
                    frozenset(_fuzzy_syllable(r) for r in rs),
                    pos,
                    pos + 1,
                    False,
                )
            )
        else:
            out.append(_Tok(s, s, frozenset((s,)), frozenset((s,)), pos, pos + len(s), False))
        pos += len(s)
    return out


def _sound_class(pairs: list[tuple[_Tok, _Tok]], fuzzy: bool) -> float:
    """How a keyword's tokens meet the query tokens paired with them (0 if they do not)."""
    same = other = 0
    usual = True
    for t, qt in pairs:
        a, b = (t.fuzzy, qt.fuzzy) if fuzzy else (t.readings, qt.readings)
        if not a & b:
            return 0.0
        if t.surface == qt.surface:
            same += 1
        elif not qt.typed:
            other += 1
            usual = usual and t.usual == qt.usual
    if same == len(pairs):
        s = EXACT
    elif other == 0:
        s = PINYIN
    elif same:
        s = HOMOPHONE
    elif usual and not fuzzy:
        # No character in common: only the characters' usual readings count (无聊 is not 物流
        # through a rare reading of 聊).
        s = SOUNDALIKE
    else:
        return 0.0
    return s * FUZZY_SOUND if fuzzy else s


def _alignments(k: int, i: int, n: int) -> list[tuple[list[int], int, float]]:
    """Ways to line keyword tokens 0..k-1 up with query tokens from position i.

    Each is (query position of each keyword token, keyword token that may differ or -1, weight):
    the exact run; a run with one extra query token inside (k >= 3); a run where one inner token
    differs (k >= 4).
    """
    out: list[tuple[list[int], int, float]] = []
    if i + k <= n:
        out.append((list(range(i, i + k)), -1, 1.0))
    if k >= 3 and i + k + 1 <= n:
        for gap in range(1, k):
            out.append(([*range(i, i + gap), *range(i + gap + 1, i + k + 1)], -1, EDIT))
    if k >= 4 and i + k <= n:
        for miss in range(1, k - 1):
            out.append((list(range(i, i + k)), miss, EDIT))
    return out
