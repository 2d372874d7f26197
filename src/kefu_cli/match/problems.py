"""Free text -> platform, and free text -> problem category, with a score for every answer.

Both resolvers read only the compiled catalog (folded keywords, their readings and a character ->
pinyin table, all computed at build time) and use rapidfuzz for the fuzzy part. No pypinyin and no
YAML on this path.

How a problem is matched. The query is folded, known typo variants are fixed (冲值→充值) and filler
is dropped (怎么办, 你们平台, please; zenme, de when typed in pinyin; English filler is kept when every
Latin word spells pinyin, since 'can sa le' is 餐洒了; compounds listed to keep stay whole: 别的平台). It is cut into tokens: one per CJK character,
carrying the readings the catalog's table gives it (polyphones included: 还 = hai|huan), and one
per pinyin syllable of Latin text that spells pinyin ('zhanghao' -> zhang, hao); other Latin words
and numbers stay whole. Each keyword of each category meets the query in the best of these ways:

- its text is inside the query (100);
- its text in two parts of two characters or more with up to four characters between them
  (商户号[被]冻结, 骑手[打电话]骚扰: 96, 2 less for each character after the first); two-word
  Latin keywords likewise with up to two words between ('account got hacked' ~ 'account hacked');
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
hits (>= 90) cover. Not every keyword tells as much (build.py flags them from the shared file):

- a "topic" names a thing rather than a problem (视频, 订单, 套餐, 骑手) and counts 0.8, so that
  视频上传不了 lands on the problem, not the thing;
- a "vague" word is a problem that takes the category of the thing it happens to (被封, 冻结,
  用不了) and counts 0.75: 直播间被封 is about the live room, 红包用不了 about the red packet,
  while 被封了 alone is still an account problem;
- a "strong" word (冒充, 被骗) counts as covering the whole query: a scam told in the query decides
  the category whatever the scam is about;
- the keyword that comes first after 涉嫌, 疑似, 被判定… (at most three characters on: 涉嫌诈骗被停机)
  tells what the user is suspected of, not what happened to them: it counts as a vague word and
  is never strong.

The query is also scored with the platform's own names removed (冒充抖音客服 -> 冒充客服), keeping
the better score per category; as typed, a keyword met only inside a name (支付 in 支付宝) does not
count. Exact ties go to the category whose keywords cover more of the query, then to the one whose
best keyword tells more (a problem, then a thing, then a vague word), then to the one whose own name
lists it, and only then to the data's order.
"""

from __future__ import annotations

import copy
import math
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from kefu_cli.catalog.text import (
    all_cjk,
    apply_variants,
    fold,
    has_cjk,
    is_cjk,
    squash,
    strip_stopwords,
)

if TYPE_CHECKING:
    from kefu_cli.catalog.model import Platform
    from kefu_cli.catalog.reader import Catalog

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
GAPPED = 96.0  # a keyword met in two parts with one character between them: 商户号[被]冻结
GAP_COST = 2.0  # and this much less for each further character between them (at most MAX_GAP)
MAX_GAP = 4
MIN_PART = 2  # each part of a keyword met in two parts has at least this many characters
_MAX_GAP_WORDS = 2  # the same for a two-word Latin keyword, counted in words
SUSPECT_REACH = 3  # characters between 涉嫌 and the keyword that still make it the user's deed
TOPIC_WEIGHT = 0.8
VAGUE_WEIGHT = 0.75
WHOLE = 90.0  # a keyword hit at least this good counts toward the query's coverage
BEST_WEIGHT, COVERAGE_WEIGHT = 0.85, 15.0

TERM_NAME, TERM_TOPIC, TERM_STRONG, TERM_VAGUE = 1, 2, 4, 8  # flags written by build.py

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
    """How well one category matched the problem text, and the keyword that did it."""

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
        sound = to_pinyin(key, catalog.readings(key))
        ids = catalog.ids_for_key(sound) if sound else []
        if ids:
            return PlatformMatch(text, ids[0], 95.0, "pinyin")

    # A known name inside what was typed: 快手极速版 -> 快手, 抖音商城app -> 抖音.
    inside = [
        (k, pid, rank)
        for k, pid, rank in catalog.name_keys_in(key)
        if len(k) >= 2 and _safe_inside(k, key)
    ]
    if inside:
        k, pid, _ = max(inside, key=lambda row: (len(row[0]), -row[2], row[1]))
        if len(k) * 2 >= len(key) or has_cjk(k):
            return PlatformMatch(text, pid, 90.0, "contains")

    ranked: dict[str, float] = {}
    for score, _, pid in _closest_keys(catalog, key, _FUZZY_LIMIT):
        ranked[pid] = max(ranked.get(pid, 0.0), score)
    order = sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0]))
    if order and order[0][1] >= _fuzzy_threshold(key):
        return PlatformMatch(text, order[0][0], round(order[0][1], 1), "fuzzy")
    # One slip (a letter swapped, missing, extra or wrong) in a name of five letters or more:
    # 'ctirp', 'taoba'. Only when exactly one platform is that close.
    if len(key) >= 5 and not has_cjk(key):
        near = {
            pid
            for batch in catalog.name_key_batches()
            for k, pid, _ in batch
            if len(k) >= 5 and OSA.distance(key, k) <= 1
        }
        if len(near) == 1:
            return PlatformMatch(text, near.pop(), 85.0, "typo")
    return PlatformMatch(text, None, 0.0, "none", tuple(pid for pid, _ in order[:3]))


_FUZZY_LIMIT = 20


def _closest_keys(catalog: Catalog, key: str, limit: int) -> list[tuple[float, int, str]]:
    """(score, position, id) of the `limit` name keys most like `key` (rapidfuzz ratio >= 40),
    best first, ties in catalog order; read a batch at a time, so memory stays flat at any size."""
    best: list[tuple[float, int, str]] = []
    offset = 0
    for batch in catalog.name_key_batches():
        choices = [k for k, _, _ in batch]
        for _, score, idx in process.extract(
            key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=40
        ):
            best.append((float(score), offset + idx, batch[idx][1]))
        best.sort(key=lambda hit: (-hit[0], hit[1]))
        del best[limit:]
        offset += len(batch)
    return best


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


class _Term:
    """One keyword, as the catalog stores it: [folded text, sound, flags, shown].

    Its tokens (one per character, with the readings `sound` gives in context) are made when
    they are needed: to line its sound up with a query that has a reading of its first character
    (see `lead`), or for a keyword that mixes CJK and Latin. Most keywords a lookup meets are
    decided by their text alone.
    """

    __slots__ = (
        "_groups",
        "_lead",
        "_pinyin",
        "_syllables",
        "_tokens",
        "_words",
        "cjk",
        "flags",
        "flat",
        "shown",
        "text",
    )

    def __init__(self, row: list[Any], syllables: frozenset[str]) -> None:
        self.text = text = str(row[0])
        sound = _row_sound(row)
        self.flags = int(row[2]) if len(row) > 2 else 0
        self.shown = str(row[3]) if len(row) > 3 and row[3] else text  # as written, for the user
        self.cjk = _row_cjk(row)
        self.flat = text.replace(" ", "")
        self._words: tuple[tuple[str, str], ...] | None = None
        self._groups = sound
        self._syllables = syllables
        self._tokens: tuple[_Tok, ...] | None = None
        self._pinyin: str | None = None
        self._lead: _Lead | None = None

    @property
    def words(self) -> tuple[tuple[str, str], ...]:
        """Latin keywords: (word, stem) of each word; needed only when the query has words."""
        if self._words is None:
            self._words = () if self.cjk else tuple((w, _stem(w)) for w in self.text.split())
        return self._words

    @property
    def tokens(self) -> tuple[_Tok, ...]:
        if self._tokens is None:
            if self.cjk:
                groups = [tuple(g.split("|")) for g in self._groups.split()]

                def reader(_ch: str, nth: int) -> tuple[str, ...]:
                    return groups[nth] if nth < len(groups) else ()

                self._tokens = tuple(_tokens(self.text, reader, self._syllables))
            else:
                self._tokens = ()
        return self._tokens

    @property
    def lead(self) -> _Lead:
        """The first token's readings and fuzzy forms, without making the others (when the
        keyword starts with a CJK character)."""
        if self._lead is None:
            lead = _row_lead(self.text, self._groups) if self.cjk else None
            if lead is None:
                first = self.tokens[0] if self.tokens else None
                empty: frozenset[str] = frozenset()
                lead = (first.readings, first.fuzzy) if first else (empty, empty)
            self._lead = lead
        return self._lead

    @property
    def pinyin(self) -> str:
        """CJK keywords: the usual readings run together; a Latin keyword spelled in pinyin
        ('zhanghao'): itself, since it is worth what pinyin is worth; otherwise ''."""
        if self._pinyin is None:
            if self.cjk and self._tokens is None and all_cjk(self.flat):
                # What the tokens would say, read from the sound string without making them.
                groups = self._groups.split()
                usual = [
                    groups[i].split("|", 1)[0] if i < len(groups) else ch
                    for i, ch in enumerate(self.flat)
                ]
                self._pinyin = "".join(usual) if len(usual) >= 2 else ""
            elif self.cjk:
                toks = self.tokens
                self._pinyin = "".join(t.usual for t in toks) if len(toks) >= 2 else ""
            else:
                flat = self.flat
                pieces = _segment(flat, self._syllables) if flat.isalpha() else None
                self._pinyin = flat if pieces and len(pieces) >= 2 else ""
        return self._pinyin


def _row_sound(row: list[Any]) -> str:
    return str(row[1]) if len(row) > 1 and row[1] else ""


def _row_cjk(row: list[Any]) -> bool:
    """A catalog keyword row holds CJK: build.py writes a sound exactly for those ('' otherwise);
    a bare [text] row (tests) is looked at."""
    return bool(row[1]) if len(row) > 1 else has_cjk(str(row[0]))


def _row_lead(text: str, sound: str) -> _Lead | None:
    """The lead of a CJK keyword read from its row alone, from the sound group of its first
    character ('chong|zhong'; the character itself if it has none). None when the keyword does
    not start with a CJK character: then only its tokens tell."""
    if not is_cjk(text[0]):
        return None
    return _lead_of(sound.split(" ", 1)[0] if sound else text[0])


#: A keyword's first token as `_sound_score` pairs it: its readings, and their fuzzy forms.
_Lead = tuple[frozenset[str], frozenset[str]]
_LEADS: dict[str, _Lead] = {}


def _lead_of(group: str) -> _Lead:
    """The lead of a first character with sound group `group`, shared by every keyword."""
    lead = _LEADS.get(group)
    if lead is None:
        readings = frozenset(group.split("|"))
        lead = _LEADS[group] = (readings, frozenset(_fuzzy_syllable(r) for r in readings))
    return lead


def _lead_meets(lead: _Lead, q: _Query) -> bool:
    """Some query token meets the keyword's first token the way `_sound_score` starts a run: a
    reading in common (exact pass) or a fuzzy form in common (fuzzy pass)."""
    readings, fuzzy = lead
    return any(r in q.by_reading for r in readings) or any(r in q.by_fuzzy for r in fuzzy)


class _Query:
    """The query as the matcher reads it (see `_Tables.prepared`)."""

    __slots__ = (
        "by_fuzzy",
        "by_reading",
        "markers",
        "names",
        "runs",
        "squashed",
        "text",
        "tokens",
        "words",
    )

    def __init__(
        self,
        text: str,  # folded, variants fixed, filler removed
        squashed: str,
        tokens: tuple[_Tok, ...],
        words: tuple[tuple[str, str, int, int], ...],  # Latin words: (word, stem, start, end)
        by_reading: dict[str, tuple[int, ...]],
        by_fuzzy: dict[str, tuple[int, ...]],
        runs: tuple[tuple[str, int], ...],  # pinyin typed in a row, spaces dropped, and its start
        markers: tuple[_Span, ...],  # where words such as 涉嫌 are in the squashed text
        names: tuple[_Span, ...] = (),  # where the platform's own names are: no keyword there
    ) -> None:
        self.text = text
        self.squashed = squashed
        self.tokens = tokens
        self.words = words
        self.by_reading = by_reading
        self.by_fuzzy = by_fuzzy
        self.runs = runs
        self.markers = markers
        self.names = names

    def with_names(self, names: tuple[_Span, ...]) -> _Query:
        q = copy.copy(self)
        q.names = names
        return q


class _Tables:
    """What the matcher derives from one catalog, computed once per catalog object."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.shared: dict[str, Any] = catalog.shared
        self.syllables = catalog.syllables
        self._rows: dict[str, dict[str, list[list[Any]]]] = {}
        self._made: dict[int, _Term] = {}  # by id() of its row, which _rows keeps alive

    def rows(self, platform_id: str) -> dict[str, list[list[Any]]]:
        """The catalog's keyword rows of one platform, by category (read once)."""
        if platform_id not in self._rows:
            self._rows[platform_id] = self.catalog.terms(platform_id)
        return self._rows[platform_id]

    def shared_rows(self) -> dict[str, list[list[Any]]]:
        return self.shared.get("categories") or {}

    def terms(self, platform_id: str) -> dict[str, tuple[_Term, ...]]:
        """Every keyword of one platform as a term (for tests and tools; matching uses
        `candidates`)."""
        return {cid: tuple(map(self._term, rows)) for cid, rows in self.rows(platform_id).items()}

    def shared_terms(self) -> dict[str, tuple[_Term, ...]]:
        return {cid: tuple(map(self._term, rows)) for cid, rows in self.shared_rows().items()}

    def _term(self, row: list[Any]) -> _Term:
        term = self._made.get(id(row))
        if term is None:
            term = self._made[id(row)] = _Term(row, self.syllables)
        return term

    def candidates(self, platform_id: str, category_id: str, q: _Query) -> list[_Term]:
        """The keywords of a category (the platform's own, then the shared ones) that could meet
        `q` at all; only those are made into terms.

        A CJK keyword can score only if it shares a character with the query (inside it, in two
        parts, a piece of it, fuzzy text: see `_cjk_score`), or a query token meets its first
        token by a reading or a fuzzy form (`_lead_meets`, where `_sound_score` starts), or the
        query has typed pinyin (matched run together); a Latin keyword only if the query has
        Latin words. A short query fails most keywords here, so a lookup makes a hundred terms
        rather than 1,700.
        """
        chars = set(q.squashed)
        out = []
        for rows in (
            self.rows(platform_id).get(category_id, ()),
            self.shared_rows().get(category_id, ()),
        ):
            for row in rows:
                if _row_cjk(row):
                    text = str(row[0])
                    lead = _row_lead(text, _row_sound(row))
                    if not (
                        q.runs or not chars.isdisjoint(text) or lead is None or _lead_meets(lead, q)
                    ):
                        continue
                elif not q.words:
                    continue
                out.append(self._term(row))
        return out

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
        keep = tuple(self.shared.get("keep") or ())
        return self.prepared(strip_stopwords(q, tuple(drop), keep))

    def prepared(self, q: str) -> _Query:
        charmap = self.catalog.readings(q)

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
        squashed = q.replace(" ", "")
        markers = sorted(
            {span for w in self.shared.get("suspected") or () for span in _find_all(w, squashed)}
        )
        return _Query(
            q,
            squashed,
            toks,
            tuple(words),
            {k: tuple(v) for k, v in by_reading.items()},
            {k: tuple(v) for k, v in by_fuzzy.items()},
            tuple(runs),
            tuple(markers),
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
    if len(q.tokens) < 2 or not _lead_meets(term.lead, q):
        return 0.0, []  # the first token must meet, in one way or another: spare the tokens
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


def _gapped_score(term: _Term, q: _Query) -> tuple[float, list[_Span]]:
    """The keyword's text in two parts with a few characters between: 骑手[打电话]骚扰.

    Each part holds at least MIN_PART characters and some CJK. One character between the parts
    counts as covered by the keyword (商户号[被]冻结: a particle); more may say something else
    (申请[退货]退款), so then only the parts count.
    """
    flat, hay = term.flat, q.squashed
    n = len(flat)
    best, spans = 0.0, []
    for cut in range(MIN_PART, n - MIN_PART + 1):
        left, right = flat[:cut], flat[cut:]
        if right not in hay or not (has_cjk(left) and has_cjk(right)):
            continue
        at = hay.find(left)
        while at != -1:
            after = at + cut
            gap = hay.find(right, after + 1, after + MAX_GAP + len(right)) - after
            if gap > 0:
                s = GAPPED - GAP_COST * (gap - 1)
                end = after + gap + len(right)
                found = [(at, end)] if gap == 1 else [(at, after), (end - len(right), end)]
                if s > best:
                    best, spans = s, found
                elif s == best:
                    spans.extend(found)
            at = hay.find(left, at + 1)
    return best, spans


def _cjk_score(term: _Term, q: _Query) -> tuple[float, list[_Span]]:
    if term.flat in q.squashed:
        return EXACT, _find_all(term.flat, q.squashed)
    best, spans = _sound_score(term, q)
    if len(term.flat) >= 2 * MIN_PART and best < GAPPED:
        gapped, gapped_spans = _gapped_score(term, q)
        if gapped > best:
            best, spans = gapped, gapped_spans
    if best < PINYIN and q.runs and len(term.pinyin) >= 5:
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
    """A Latin keyword against the query's words: word by word, or run together (log in ~ login).

    A two-word keyword may have a word or two between ('account got hacked' ~ 'account hacked').
    """
    words = q.words
    if not words:
        return 0.0, []
    n, m = len(term.words), len(words)
    # How each keyword word meets each query word, computed once.
    ratio = [[_word_ratio(t, w) for w in words] for t in term.words]
    best, spans = 0.0, []
    sizes = {max(1, n - 1), n, n + 1, *(range(n + 1, n + 1 + _MAX_GAP_WORDS) if n == 2 else ())}
    for size in sorted(sizes):
        for i in range(m - size + 1):
            window = words[i : i + size]
            if term.flat.startswith(window[0][0]) and "".join(w[0] for w in window) == term.flat:
                s = PINYIN if term.pinyin else EXACT
            elif size == n or (n == 2 and size > n):
                at = range(i, i + n) if size == n else (i, i + size - 1)
                ratios = [ratio[j][k] for j, k in enumerate(at)]
                if min(ratios) <= 0:
                    continue
                s = sum(ratios) / n
                if term.pinyin:
                    s = min(s, PINYIN)
                if size > n:
                    s = min(s, GAPPED - GAP_COST * (size - n - 1))
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


#: What a keyword tells, least to most: a problem that takes the category of the thing it happens
#: to (被封, 用不了), a thing (订单, 视频), a problem of its own (退款失败).
VAGUE, TOPIC, PROBLEM = 0, 1, 2


def _kind(flags: int) -> int:
    return VAGUE if flags & TERM_VAGUE else TOPIC if flags & TERM_TOPIC else PROBLEM


_KIND_WEIGHT = {VAGUE: VAGUE_WEIGHT, TOPIC: TOPIC_WEIGHT, PROBLEM: 1.0}


class _Scored:
    """How one category met the query."""

    __slots__ = ("coverage", "final", "kind", "matched", "named")

    def __init__(self, final: float, coverage: float, kind: int, named: bool, matched: str) -> None:
        self.final = final
        self.coverage = coverage  # share of the query the category's good hits cover
        self.kind = kind  # what its best keyword tells: VAGUE, TOPIC or PROBLEM
        self.named = named  # its best keyword is a part of the category's own name
        self.matched = matched

    def rank(self) -> tuple[float, float, int, bool]:
        """Higher is better: the score, then how much of the query the keywords cover, then a
        problem word over a thing, then a word the category's own name lists."""
        return (self.final, self.coverage, self.kind, self.named)


def _inside(spans: list[_Span], outer: tuple[_Span, ...]) -> bool:
    """Every span lies within one of `outer` and is shorter (支付 in 支付宝; not 花呗 in 花呗)."""
    return bool(spans and outer) and all(
        any(a <= x and y <= b and y - x < b - a for a, b in outer) for x, y in spans
    )


def _inside_any(spans: list[_Span], outer: tuple[_Span, ...]) -> bool:
    """Every span lies within one of `outer` (none: False)."""
    return bool(spans and outer) and all(any(a <= x and y <= b for a, b in outer) for x, y in spans)


_Hit = tuple[_Term, float, list[_Span]]


def _hits(terms: list[_Term], q: _Query) -> list[_Hit]:
    """The keywords that meet the query: (keyword, how well, where)."""
    out = []
    for term in terms:
        raw, spans = _cjk_score(term, q) if term.cjk else _latin_score(term, q)
        if raw > 0 and not _inside(spans, q.names):
            out.append((term, raw, spans))
    return out


def _suspects(found: list[list[_Hit]], q: _Query) -> tuple[_Span, ...]:
    """What the user is suspected of: after each 涉嫌 (疑似, 被判定…), the keyword hit of any category
    that starts first, at most SUSPECT_REACH characters on (涉嫌[电信]诈骗); the longest there.

    Only that one: in 涉嫌诈骗账号被封, 诈骗 is suspected, 账号被封 is what happened. A keyword that
    starts with such a word itself (涉嫌诈骗, an account problem) is not suspected of anything.
    """
    if not q.markers:
        return ()
    starts = {a for a, _ in q.markers}
    spans = [span for hits in found for _, _, ss in hits for span in ss if span[0] not in starts]
    out = []
    for end in sorted({b for _, b in q.markers}):
        near = [a for a, _ in spans if 0 <= a - end <= SUSPECT_REACH]
        if near:
            first = min(near)
            out.append((first, max(b for a, b in spans if a == first)))
    return tuple(out)


def _score_category(hits: list[_Hit], q: _Query, suspects: tuple[_Span, ...] = ()) -> _Scored:
    best, best_term, named, kind, strong = 0.0, "", False, VAGUE, False
    covered: list[_Span] = []
    for term, raw, spans in hits:
        # What follows 涉嫌 is what the user is suspected of: it says no more than a vague word.
        suspected = _inside_any(spans, suspects)
        if raw >= WHOLE:
            covered.extend(spans)
            if term.flags & TERM_STRONG and not suspected:
                strong = True
        k = VAGUE if suspected else _kind(term.flags)
        s = raw * _KIND_WEIGHT[k]
        is_name = bool(term.flags & TERM_NAME)
        if s > best:
            best, best_term, named, kind = s, term.shown, is_name, k
        elif s == best:
            # Ranking: the best keyword that tells the most, or that the category's own name
            # lists. Display: the longest one.
            named = named or is_name
            kind = max(kind, k)
            if len(term.shown) > len(best_term):
                best_term = term.shown
    if best <= 0:
        return _Scored(0.0, 0.0, VAGUE, False, "")
    coverage = _coverage(covered, q)
    final = BEST_WEIGHT * best + COVERAGE_WEIGHT * (1.0 if strong else coverage)
    return _Scored(round(min(100.0, final), 1), coverage, kind, named, best_term)


def _names(platform: Platform) -> list[str]:
    names = {
        fold(n) for n in (platform.name, platform.name_en or "", platform.id, *platform.aliases)
    }
    return sorted((n for n in names if has_cjk(n) or len(n) >= 2), key=lambda n: (-len(n), n))


def _name_pattern(name: str) -> str:
    if has_cjk(name):
        return re.escape(name)
    return rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])"


def _without_names(text: str, platform: Platform) -> str:
    """The query without the platform's own names: 冒充抖音客服 -> 冒充 客服."""
    out = text
    for name in _names(platform):
        out = re.sub(_name_pattern(name), " ", out)
    return " ".join(out.split())


def _name_spans(q: _Query, platform: Platform) -> tuple[_Span, ...]:
    """Where the platform's own names are in the query, in squashed positions."""
    spans = []
    for name in _names(platform):
        for m in re.finditer(_name_pattern(name), q.text):
            a = m.start() - q.text.count(" ", 0, m.start())
            spans.append((a, a + len(name.replace(" ", ""))))
    return tuple(spans)


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
        # As typed, the query keeps the names for keywords that hold one (冒充支付宝客服), but a
        # keyword met only inside a name (支付 in 支付宝) says nothing.
        queries[0] = q.with_names(_name_spans(q, platform))

    per_query: list[list[_Scored]] = []
    for qq in queries:
        found = [
            _hits(tables.candidates(platform.id, cat.id, qq), qq) for cat in platform.categories
        ]
        suspects = _suspects(found, qq)
        per_query.append([_score_category(hits, qq, suspects) for hits in found])
    rows: list[tuple[_Scored, int, CategoryScore]] = []
    for order, cat in enumerate(platform.categories):
        scored = max((scores[order] for scores in per_query), key=_Scored.rank)
        rows.append((scored, order, CategoryScore(cat.id, cat.name, scored.final, scored.matched)))

    # Ties: see _Scored.rank; only then the data's order.
    rows.sort(key=lambda r: (tuple(-float(x) for x in r[0].rank()), r[1]))
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
