"""Free text -> platform, and free text -> problem category, with a score for every answer.

Both resolvers read only the compiled catalog (folded keywords, their readings and a character ->
pinyin table, all computed at build time) and use rapidfuzz for the fuzzy part. No pypinyin and no
YAML on this path.

How a problem is matched. The query is folded, known typo variants are fixed (冲值→充值) and filler
is dropped (怎么办, please; zenme, de when typed in pinyin; English filler is kept when every Latin
word spells pinyin, since 'can sa le' is 餐洒了). It is cut into tokens: one per CJK character,
carrying the readings the catalog's table gives it (polyphones included: 还 = hai|huan), and one
per pinyin syllable of Latin text that spells pinyin ('zhanghao' -> zhang, hao); other Latin words
and numbers stay whole. Each keyword of each category meets the query in the best of these ways:

- its text is inside the query (100);
- its sound lines up with a run of query tokens, syllable by syllable: typed as pinyin (95), a
  homophone typo keeping at least one character (帐号, 封好, 闪腿: 93), or a bare homophone with
  no character in common, usual readings only (72, below the threshold on its own: 一件 sounds
  like 意见 but usually is another word). Fuzzy pinyin (zh/z, ch/c, sh/s, n/l, -ng/-n) costs 10%;
  one extra or one different syllable inside the run costs 15% (网速太慢 ~ 网速慢);
- its pinyin inside pinyin typed in a row, whatever the syllable cuts ('yuebushuaxin', 90);
- the query is a piece of it (退款 in 仅退款: scaled by how much of the keyword it is);
- rapidfuzz partial_ratio of the texts (a dropped or extra character), counting only the part
  of the keyword that lies inside the query;
- for Latin keywords (English, pinyin): the query's words, word by word, the same (100), the
  same stem (crashes ~ crash, 99) or one typo (rapidfuzz ratio); a keyword spelled in pinyin is
  worth what pinyin is worth (95).

A category's score is 0.85 x its best keyword + 15 x the share of the query's tokens that its good
hits (>= 90) cover. A "topic" keyword, one that names a thing rather than a problem (视频, 订单,
用不了), counts 0.8, so that 视频上传不了 lands on the problem, not the thing. A "strong" keyword
(冒充, 被骗) counts as covering the whole query: a scam told in the query decides the category
whatever the scam is about. The query is also scored with the platform's own names removed
(冒充抖音客服 -> 冒充客服), keeping the better score per category. Ties go to the category whose
own name lists the keyword, then to the data's order.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .textnorm import (
    apply_variants,
    fold,
    has_cjk,
    squash,
    strip_stopwords,
)

if TYPE_CHECKING:
    from .catalog import Catalog
    from .models import Platform

#: Below this a problem match is a guess: the user is asked to pick instead.
PROBLEM_THRESHOLD = 62.0
#: A runner-up this close to the winner is shown beside it.
AMBIGUITY_MARGIN = 6.0
PLATFORM_FUZZY_THRESHOLD = 78.0
#: Only this much of a problem text is matched (the CLI accepts 500 characters).
MAX_MATCH_CHARS = 500

# How well a keyword meets the query, by the way it met it (0-100).
EXACT = 100.0
PINYIN = 95.0  # the query spells the keyword in pinyin: 'chongzhi', 'zhang hao'
HOMOPHONE = 93.0  # same sound, at least one character the same: 冲值, 帐号, 封好
SOUNDALIKE = 72.0  # same usual sound, no character in common: often another word (一件 / 意见)
FUZZY_SOUND = 0.9  # factor when only fuzzy pinyin lines up (zh/z, ch/c, sh/s, n/l, -ng/-n)
EDIT = 0.85  # factor for a sound match with one extra or one different syllable
RUN_TOGETHER = 0.95  # factor for pinyin found inside typed pinyin regardless of syllable cuts
STEMMED = 99.0  # the same English word in another form: crashes ~ crash (the exact form wins)
FUZZY_TEXT_MIN = 75.0  # partial_ratio below this is noise (one character of two in common)
TOPIC_WEIGHT = 0.8
WHOLE = 90.0  # a keyword hit at least this good counts toward the query's coverage
BEST_WEIGHT, COVERAGE_WEIGHT = 0.85, 15.0

TERM_NAME, TERM_TOPIC, TERM_STRONG = 1, 2, 4  # flags written by build.py

_STRIP_WORDS = (
    "官方客服",
    "人工客服",
    "客服电话",
    "客服热线",
    "客服",
    "官方",
    "热线",
    "电话",
    "平台",
    "app",
    "软件",
)
_TOKEN = re.compile(r"[a-z]+|[0-9]+|\S")
_WORD = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*")  # a Latin word, digits allowed: 2fa, 88vip
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MAX_SYLLABLE = 6


@dataclass(frozen=True)
class PlatformMatch:
    """`id` is None when nothing is close enough; `suggestions` are ids for "did you mean"."""

    query: str
    id: str | None
    score: float
    via: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CategoryScore:
    id: str
    name: str
    score: float
    matched: str


@dataclass(frozen=True)
class ProblemMatch:
    """`best` is None below the confidence threshold; `candidates` are the closest categories."""

    query: str
    best: CategoryScore | None
    candidates: tuple[CategoryScore, ...]
    runner_up: CategoryScore | None = None


# -- platforms ------------------------------------------------------------------------------------


def resolve_platform(catalog: Catalog, text: str) -> PlatformMatch:
    key = squash(text)
    if not key:
        return PlatformMatch(text, None, 0.0, "empty")
    for candidate in _key_variants(key):
        ids = catalog.ids_for_key(candidate)
        if ids:
            return PlatformMatch(text, ids[0], 100.0, "name")
    if has_cjk(key):
        sound = to_pinyin(key, catalog.charmap)
        ids = catalog.ids_for_key(sound) if sound else []
        if ids:
            return PlatformMatch(text, ids[0], 95.0, "pinyin")

    keys = catalog.all_name_keys()
    # A known name inside what was typed: 快手极速版 -> 快手, 抖音商城app -> 抖音.
    inside = [
        (k, pid, rank) for k, pid, rank in keys if len(k) >= 2 and k in key and _safe_inside(k, key)
    ]
    if inside:
        k, pid, _ = max(inside, key=lambda row: (len(row[0]), -row[2], row[1]))
        if len(k) * 2 >= len(key) or has_cjk(k):
            return PlatformMatch(text, pid, 90.0, "contains")

    choices = [k for k, _, _ in keys]
    hits = process.extract(key, choices, scorer=fuzz.ratio, limit=20, score_cutoff=40)
    ranked: dict[str, float] = {}
    for _, score, idx in hits:
        pid = keys[idx][1]
        ranked[pid] = max(ranked.get(pid, 0.0), float(score))
    order = sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0]))
    if order and order[0][1] >= _fuzzy_threshold(key):
        return PlatformMatch(text, order[0][0], round(order[0][1], 1), "fuzzy")
    # One slip (a letter swapped, missing, extra or wrong) in a name of five letters or more:
    # 'ctirp', 'taoba'. Only when exactly one platform is that close.
    if len(key) >= 5 and not has_cjk(key):
        near = {pid for k, pid, _ in keys if len(k) >= 5 and OSA.distance(key, k) <= 1}
        if len(near) == 1:
            return PlatformMatch(text, near.pop(), 85.0, "typo")
    return PlatformMatch(text, None, 0.0, "none", tuple(pid for pid, _ in order[:3]))


def _key_variants(key: str) -> list[str]:
    out = [key]
    for word in _STRIP_WORDS:
        stripped = key.replace(word, "")
        if stripped and stripped not in out:
            out.append(stripped)
    return out


def _safe_inside(name: str, key: str) -> bool:
    """Latin names must sit at a word edge: 'wa' is not inside 'hawaii'."""
    if has_cjk(name):
        return True
    return key.startswith(name) or key.endswith(name)


def _fuzzy_threshold(key: str) -> float:
    if len(key) <= 3:
        return 101.0  # 'dy', 'ks', 'wa': only exact; one letter off is another word entirely
    if len(key) <= 5:
        return 85.0
    return PLATFORM_FUZZY_THRESHOLD


# -- problems: tokens ------------------------------------------------------------------------------


def to_pinyin(text: str, charmap: dict[str, str]) -> str:
    """Squashed pinyin (usual readings) of the CJK characters in `text`; others kept as they are."""
    out = []
    for ch in text:
        if ch.isspace():
            continue
        reading = charmap.get(ch)
        out.append(reading.split("|", 1)[0] if reading else ch)
    return "".join(out)


@dataclass(frozen=True)
class _Tok:
    surface: str  # the character, pinyin syllable or word as typed
    usual: str  # the usual reading (in context, for a keyword)
    readings: frozenset[str]
    fuzzy: frozenset[str]
    start: int  # span in the squashed text
    end: int
    typed: bool  # a pinyin syllable typed in Latin letters


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
        elif _CJK_CHAR.match(s):
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


def _stem(word: str) -> str:
    """A crude English stem, enough for crashes/crashed/crashing ~ crash, charged ~ charge."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # banned -> ban
            break
    return word[:-1] if len(word) >= 4 and word.endswith("e") else word


# -- problems: the query and the keywords ----------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    text: str
    flat: str
    cjk: bool
    tokens: tuple[_Tok, ...]
    words: tuple[tuple[str, str], ...]  # Latin keywords: (word, stem)
    flags: int
    shown: str  # the keyword as written, for the user
    pinyin: str  # CJK keywords: usual readings run together; Latin: '' (or itself if it is pinyin)


@dataclass(frozen=True)
class _Query:
    text: str  # folded, variants fixed, filler removed
    squashed: str
    tokens: tuple[_Tok, ...]
    words: tuple[tuple[str, str, int, int], ...]  # Latin words: (word, stem, start, end)
    by_reading: dict[str, tuple[int, ...]]
    by_fuzzy: dict[str, tuple[int, ...]]
    runs: tuple[tuple[str, int], ...]  # pinyin typed in a row, spaces dropped, and where it starts


class _Tables:
    """What the matcher derives from one catalog, computed once per catalog object."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.shared: dict[str, Any] = catalog.shared
        self._charmap: dict[str, tuple[str, ...]] | None = None
        self._syllables: frozenset[str] | None = None
        self._terms: dict[str, dict[str, tuple[_Term, ...]]] = {}
        self._shared_terms: dict[str, tuple[_Term, ...]] | None = None

    @property
    def charmap(self) -> dict[str, tuple[str, ...]]:
        if self._charmap is None:
            self._charmap = {ch: tuple(r.split("|")) for ch, r in self.catalog.charmap.items()}
        return self._charmap

    @property
    def syllables(self) -> frozenset[str]:
        if self._syllables is None:
            self._syllables = frozenset(r for rs in self.charmap.values() for r in rs)
        return self._syllables

    def terms(self, platform_id: str) -> dict[str, tuple[_Term, ...]]:
        if platform_id not in self._terms:
            raw = self.catalog.terms(platform_id)
            self._terms[platform_id] = {cid: self._parse(rows) for cid, rows in raw.items()}
        return self._terms[platform_id]

    def shared_terms(self) -> dict[str, tuple[_Term, ...]]:
        if self._shared_terms is None:
            cats: dict[str, Any] = self.shared.get("categories") or {}
            self._shared_terms = {cid: self._parse(rows) for cid, rows in cats.items()}
        return self._shared_terms

    def _parse(self, rows: list[list[Any]]) -> tuple[_Term, ...]:
        out = []
        for row in rows:
            text = str(row[0])
            sound = str(row[1]) if len(row) > 1 and row[1] else ""
            flags = int(row[2]) if len(row) > 2 else 0
            shown = str(row[3]) if len(row) > 3 and row[3] else text
            groups = [tuple(g.split("|")) for g in sound.split()] if sound else []

            def reader(
                _ch: str, nth: int, groups: list[tuple[str, ...]] = groups
            ) -> tuple[str, ...]:
                return groups[nth] if nth < len(groups) else ()

            cjk = has_cjk(text)
            flat = text.replace(" ", "")
            toks = tuple(_tokens(text, reader, self.syllables)) if cjk else ()
            words = tuple((w, _stem(w)) for w in text.split()) if not cjk else ()
            if cjk:
                pinyin = "".join(t.usual for t in toks) if len(toks) >= 2 else ""
            else:  # a keyword spelled in pinyin ('zhanghao') is worth what pinyin is worth
                pieces = _segment(flat, self.syllables) if flat.isalpha() else None
                pinyin = flat if pieces and len(pieces) >= 2 else ""
            out.append(_Term(text, flat, cjk, toks, words, flags, shown, pinyin))
        return tuple(out)

    def query(self, text: str) -> _Query:
        variants: dict[str, str] = self.shared.get("variants") or {}
        stopwords: list[str] = list(self.shared.get("stopwords") or ())
        pinyin_stopwords: list[str] = list(self.shared.get("pinyin_stopwords") or ())
        q = apply_variants(fold(text), variants)
        latin = [w for w in _WORD.findall(q) if w.isalpha()]
        if latin and all(_segment(w, self.syllables) for w in latin):
            # Typed in pinyin: 'can sa le' is 餐洒了, not the English 'can'.
            stopwords = [w for w in stopwords if has_cjk(w)]
        drop = sorted({*stopwords, *pinyin_stopwords}, key=lambda w: (-len(w), w))
        return self.prepared(strip_stopwords(q, tuple(drop)))

    def prepared(self, q: str) -> _Query:
        charmap = self.charmap

        def reader(ch: str, _nth: int) -> tuple[str, ...]:
            return charmap.get(ch, ())

        toks = tuple(_tokens(q, reader, self.syllables)) if q else ()
        words = []
        spaces_before = [0] * (len(q) + 1)
        for i, ch in enumerate(q):
            spaces_before[i + 1] = spaces_before[i] + (ch == " ")
        for m in _WORD.finditer(q):
            w, a = m.group(), m.start() - spaces_before[m.start()]
            words.append((w, _stem(w), a, a + len(w)))
        by_reading: dict[str, list[int]] = {}
        by_fuzzy: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            for r in t.readings:
                by_reading.setdefault(r, []).append(i)
            for r in t.fuzzy:
                by_fuzzy.setdefault(r, []).append(i)
        runs: list[tuple[str, int]] = []
        for t in toks:
            if not t.typed:
                continue
            if runs and runs[-1][1] + len(runs[-1][0]) == t.start:
                runs[-1] = (runs[-1][0] + t.surface, runs[-1][1])
            else:
                runs.append((t.surface, t.start))
        return _Query(
            q,
            q.replace(" ", ""),
            toks,
            tuple(words),
            {k: tuple(v) for k, v in by_reading.items()},
            {k: tuple(v) for k, v in by_fuzzy.items()},
            tuple(runs),
        )


_TABLES: weakref.WeakKeyDictionary[Any, _Tables] = weakref.WeakKeyDictionary()


def _tables(catalog: Catalog) -> _Tables:
    tables = _TABLES.get(catalog)
    if tables is None:
        tables = _Tables(catalog)
        _TABLES[catalog] = tables
    return tables


# -- problems: scoring ------------------------------------------------------------------------------

_Span = tuple[int, int]


def _find_all(needle: str, hay: str) -> list[_Span]:
    spans = []
    start = hay.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = hay.find(needle, start + 1)
    return spans


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


def _sound_score(term: _Term, q: _Query) -> tuple[float, list[_Span]]:
    """The best run of query tokens that sounds like the keyword, syllable by syllable.

    A run may hold one extra token (网速太慢 ~ 网速慢) or, for longer keywords, one different
    token (da bu chu dian hua ~ 打不了电话); either costs EDIT. The first and last token must meet.
    """
    k, n = len(term.tokens), len(q.tokens)
    if k < 2 or k > n:
        return 0.0, []
    best, spans = 0.0, []
    for fuzzy in (False, True):
        index = q.by_fuzzy if fuzzy else q.by_reading
        first = term.tokens[0].fuzzy if fuzzy else term.tokens[0].readings
        starts = sorted({i for r in first for i in index.get(r, ())})
        for i in starts:
            for positions, miss, weight in _alignments(k, i, n):
                pairs = [
                    (term.tokens[j], q.tokens[p]) for j, p in enumerate(positions) if j != miss
                ]
                s = _sound_class(pairs, fuzzy)
                if s <= 0 or (weight < 1.0 and s <= SOUNDALIKE):
                    continue  # an approximate run needs more than a bare sound-alike
                s *= weight
                span = (q.tokens[positions[0]].start, q.tokens[positions[-1]].end)
                if s > best:
                    best, spans = s, [span]
                elif s == best:
                    spans.append(span)
        if best >= PINYIN:
            break
    return best, spans


def _cjk_score(term: _Term, q: _Query) -> tuple[float, list[_Span]]:
    if term.flat in q.squashed:
        return EXACT, _find_all(term.flat, q.squashed)
    best, spans = _sound_score(term, q)
    if best < PINYIN and len(term.pinyin) >= 5:
        # Typed pinyin cut into syllables another way: 'yuebushuaxin' holds yu-e-bu-shua-xin.
        for run, start in q.runs:
            at = run.find(term.pinyin)
            if at >= 0 and best < PINYIN * RUN_TOGETHER:
                best = PINYIN * RUN_TOGETHER
                spans = [(start + at, start + at + len(term.pinyin))]
    n, m = len(term.flat), len(q.squashed)
    if 2 <= m < n and q.squashed in term.flat and has_cjk(q.squashed):
        # The query is a piece of the keyword: 退款 in 仅退款 (a piece, not the whole).
        best = max(best, EXACT * math.sqrt(m / n))
    if n >= 3 and n <= m and best < FUZZY_TEXT_MIN:
        al = fuzz.partial_ratio_alignment(term.flat, q.squashed)
        r = float(al.score) if al else 0.0
        window = al.dest_end - al.dest_start if al else 0
        if al and window < n and (al.dest_start == 0 or al.dest_end == m):
            # The keyword hangs off the edge of the query: 换手机 against 手机没服务 meets only in
            # 手机. Count only the part of the keyword that is there.
            r *= window / n
        if r >= FUZZY_TEXT_MIN and r > best:
            best, spans = r, []
    return best, spans


def _word_ratio(t: tuple[str, str], w: tuple[str, str, int, int]) -> float:
    """One keyword word against one query word: the same, the same stem, or one typo."""
    if t[0] == w[0]:
        return EXACT
    if t[1] == w[1]:
        return STEMMED
    shorter = min(len(t[0]), len(w[0]))
    if shorter <= 3:
        return 0.0
    r = float(fuzz.ratio(t[1], w[1]))
    # One slip in a word: 'refnd', 'pasword'. Short words need to be closer ('deng' is not 'denglu').
    return r if r >= (85.0 if shorter <= 5 else 80.0) else 0.0


def _latin_score(term: _Term, q: _Query) -> tuple[float, list[_Span]]:
    """A Latin keyword against the query's words: word by word, or run together (log in ~ login)."""
    if not q.words:
        return 0.0, []
    n = len(term.words)
    best, spans = 0.0, []
    for size in {max(1, n - 1), n, n + 1}:
        for i in range(len(q.words) - size + 1):
            window = q.words[i : i + size]
            if "".join(w for w, _, _, _ in window) == term.flat:
                s = PINYIN if term.pinyin else EXACT
            elif size == n:
                ratios = [_word_ratio(t, w) for t, w in zip(term.words, window, strict=True)]
                if min(ratios) <= 0:
                    continue
                s = sum(ratios) / n
                if term.pinyin:
                    s = min(s, PINYIN)
            else:
                continue
            span = (window[0][2], window[-1][3])
            if s > best:
                best, spans = s, [span]
            elif s == best:
                spans.append(span)
    return best, spans


def _coverage(spans: list[_Span], q: _Query) -> float:
    """Share of the query's tokens (characters, syllables, words) inside good keyword hits.

    Counted in tokens, not letters: 'wuliu' and 'gengxin' are two syllables each.
    """
    if not q.tokens or not spans:
        return 0.0
    covered = sum(1 for t in q.tokens if any(a <= t.start and t.end <= b for a, b in spans))
    return covered / len(q.tokens)


@dataclass(frozen=True)
class _Scored:
    final: float
    named: bool
    coverage: float
    matched: str


def _score_category(terms: list[_Term], q: _Query) -> _Scored:
    best, best_term, named, strong = 0.0, "", False, False
    hits: list[_Span] = []
    for term in terms:
        raw, spans = _cjk_score(term, q) if term.cjk else _latin_score(term, q)
        if raw <= 0:
            continue
        if raw >= WHOLE:
            hits.extend(spans)
            if term.flags & TERM_STRONG:
                strong = True
        s = raw * (TOPIC_WEIGHT if term.flags & TERM_TOPIC else 1.0)
        is_name = bool(term.flags & TERM_NAME)
        if s > best:
            best, best_term, named = s, term.shown, is_name
        elif s == best:
            # Ranking: a best keyword the category's own name lists. Display: the longest one.
            named = named or is_name
            if len(term.shown) > len(best_term):
                best_term = term.shown
    if best <= 0:
        return _Scored(0.0, False, 0.0, "")
    coverage = 1.0 if strong else _coverage(hits, q)
    final = round(min(100.0, BEST_WEIGHT * best + COVERAGE_WEIGHT * coverage), 1)
    return _Scored(final, named, coverage, best_term)


def _without_names(text: str, platform: Platform) -> str:
    """The query without the platform's own names: 冒充抖音客服 -> 冒充 客服."""
    names = {
        fold(n) for n in (platform.name, platform.name_en or "", platform.id, *platform.aliases)
    }
    out = text
    for name in sorted((n for n in names if n), key=lambda n: (-len(n), n)):
        if has_cjk(name):
            out = out.replace(name, " ")
        elif len(name) >= 2:
            out = re.sub(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", " ", out)
    return " ".join(out.split())


def _menu(text: str, platform: Platform) -> ProblemMatch:
    """Nothing in common with any category: offer them all to pick from, none preferred."""
    return ProblemMatch(
        text, None, tuple(CategoryScore(c.id, c.name, 0.0, "") for c in platform.categories)
    )


def match_problem(catalog: Catalog, platform: Platform, text: str) -> ProblemMatch:
    tables = _tables(catalog)
    q = tables.query(text[:MAX_MATCH_CHARS])
    if not q.squashed:
        return _menu(text, platform)
    queries = [q]
    bare = _without_names(q.text, platform)
    if bare and bare != q.text:
        queries.append(tables.prepared(bare))

    own = tables.terms(platform.id)
    shared = tables.shared_terms()
    rows: list[tuple[_Scored, int, CategoryScore]] = []
    for order, cat in enumerate(platform.categories):
        terms = [*own.get(cat.id, ()), *shared.get(cat.id, ())]
        scored = max(
            (_score_category(terms, qq) for qq in queries),
            key=lambda s: (s.final, s.named, s.coverage),
        )
        rows.append((scored, order, CategoryScore(cat.id, cat.name, scored.final, scored.matched)))

    rows.sort(key=lambda r: (-r[0].final, not r[0].named, -r[0].coverage, r[1]))
    ranked = tuple(r[2] for r in rows if r[0].final > 0)
    if not ranked:
        return _menu(text, platform)
    if ranked[0].score < PROBLEM_THRESHOLD:
        return ProblemMatch(text, None, ranked[:3])
    runner = (
        ranked[1]
        if len(ranked) > 1 and ranked[0].score - ranked[1].score <= AMBIGUITY_MARGIN
        else None
    )
    return ProblemMatch(text, ranked[0], ranked[:3], runner)


def match_category_id(platform: Platform, text: str) -> str | None:
    """A category id or name typed as the problem (`kefu douyin payment`, `kefu douyin 账号问题`)."""
    key = squash(text)
    if not key:
        return None
    for cat in platform.categories:
        head = re.split(r"[（(]", cat.name, maxsplit=1)[0]
        if key in (cat.id, squash(cat.name), squash(head)):
            return cat.id
    return None
