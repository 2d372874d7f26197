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

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from kefu_cli.catalog.text import fold, has_cjk, squash
from kefu_cli.match.platforms import PlatformMatch, resolve_platform
from kefu_cli.match.sound import _alignments, _sound_class, to_pinyin
from kefu_cli.match.terms import _find_all, _lead_meets, _Query, _Span, _tables, _Term
from kefu_cli.match.weights import (
    AMBIGUITY_MARGIN,
    BEST_WEIGHT,
    COVERAGE_WEIGHT,
    EXACT,
    FUZZY_TEXT_MIN,
    GAP_COST,
    GAPPED,
    MAX_GAP,
    MAX_GAP_WORDS,
    MAX_MATCH_CHARS,
    MIN_PART,
    PINYIN,
    PROBLEM_THRESHOLD,
    RUN_TOGETHER,
    STEMMED,
    SUSPECT_REACH,
    TERM_NAME,
    TERM_STRONG,
    TERM_TOPIC,
    TERM_VAGUE,
    TOPIC_WEIGHT,
    VAGUE_WEIGHT,
    WHOLE,
)

if TYPE_CHECKING:
    from kefu_cli.catalog.model import Platform
    from kefu_cli.catalog.reader import Catalog

__all__ = [
    "AMBIGUITY_MARGIN",
    "PROBLEM_THRESHOLD",
    "CategoryScore",
    "PlatformMatch",
    "ProblemMatch",
    "match_category_id",
    "match_problem",
    "match_request",
    "resolve_platform",
    "to_pinyin",
]


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
    #: The words that ask for a person (人工客服, 客服电话), when the query asks for one.
    contact: tuple[str, ...] = ()


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
                if s <= 0 or (weight < 1.0 and s < PINYIN):
                    # An approximate run is one slip: a syllable more or less, not that and a
                    # homophone as well (几个问题 is not 技术问题).
                    continue
                span = (q.tokens[positions[0]].start, q.tokens[positions[-1]].end)
                if s < EXACT and q.squashed[span[0] : span[1]] in q.real:
                    continue  # a real word that only sounds like the keyword: 可以 / 可疑
                s *= weight
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
    sizes = {max(1, n - 1), n, n + 1, *(range(n + 1, n + 1 + MAX_GAP_WORDS) if n == 2 else ())}
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


def match_request(catalog: Catalog, platform: Platform, text: str) -> ProblemMatch:
    """`match_problem`, reading the contact intent first (see match/intent.py): a query that only
    asks for a person has no problem and carries the contact words; a problem beside them
    ("退款 人工客服") is matched without them and keeps them, so that its human channels lead."""
    from kefu_cli.match.intent import read_contact

    contact = read_contact(catalog, platform, text[:MAX_MATCH_CHARS], tuple(_names(platform)))
    if contact is None:
        return match_problem(catalog, platform, text)
    if not contact.only:
        rest = match_problem(catalog, platform, contact.rest)
        if rest.best is not None:
            return dataclasses.replace(rest, query=text, contact=contact.words)
    menu = _menu(text, platform)
    return dataclasses.replace(menu, contact=contact.words)


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
