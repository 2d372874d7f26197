"""Free text -> platform, and free text -> problem category, with a score for every answer.

Both resolvers read only the compiled catalog (folded keywords and their pinyin, computed at build
time) and use rapidfuzz for the fuzzy part. Chinese queries are also compared by sound: the
catalog carries a character -> pinyin table, so a homophone typo (冲值, 帐号) or a query typed in
pinyin meets the keyword it was meant to be, without pypinyin on the lookup path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from .textnorm import apply_variants, fold, has_cjk, has_latin, squash, strip_stopwords

if TYPE_CHECKING:
    from .catalog import Catalog
    from .models import Platform

#: Below this a problem match is a guess: the user is asked to pick instead.
PROBLEM_THRESHOLD = 62.0
#: A runner-up this close to the winner is shown beside it.
AMBIGUITY_MARGIN = 6.0
PLATFORM_FUZZY_THRESHOLD = 78.0
SOUND_WEIGHT = 0.93
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
        k, pid, _ = max(inside, key=lambda row: (len(row[0]), -row[2]))
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


# -- problems --------------------------------------------------------------------------------------


def to_pinyin(text: str, charmap: dict[str, str]) -> str:
    """Squashed pinyin of the CJK characters in `text`; other characters are kept as they are."""
    return "".join(charmap.get(ch, ch) for ch in text if not ch.isspace())


@dataclass(frozen=True)
class _Query:
    text: str  # folded, variants fixed, filler removed
    squashed: str
    words: tuple[str, ...]
    sound: str  # pinyin (or the Latin letters as typed), no spaces


def _prepare(text: str, shared: dict[str, object], charmap: dict[str, str]) -> _Query:
    variants = shared.get("variants") or {}
    stopwords = tuple(shared.get("stopwords") or ())  # type: ignore[arg-type]
    q = apply_variants(fold(text), variants)  # type: ignore[arg-type]
    q = strip_stopwords(q, stopwords)
    sq = q.replace(" ", "")
    sound = to_pinyin(sq, charmap) if has_cjk(sq) else sq
    return _Query(q, sq, tuple(w for w in q.split() if has_latin(w)), sound)


def _term_score(term: str, term_sound: str, q: _Query) -> tuple[float, str]:
    """How well one keyword meets the query (0-100), and which form of the query it met."""
    if has_cjk(term):
        s = fuzz.partial_ratio(term, q.squashed) if q.squashed else 0.0
        if term in q.squashed:
            s = 100.0
        elif len(term) == 1:
            s = 0.0
        best = (float(s), "text")
        if term_sound and len(term_sound) >= 5 and q.sound and best[0] < 100:
            if term_sound in q.sound:
                best = max(best, (100.0 * SOUND_WEIGHT, "sound"))
            elif len(q.sound) >= 5:
                best = max(best, (fuzz.partial_ratio(term_sound, q.sound) * SOUND_WEIGHT, "sound"))
        return best
    # A Latin keyword (English word or pinyin): compare with the query's words and its sound.
    if not q.words and not q.sound:
        return 0.0, "text"
    n = term.count(" ") + 1
    grams = [" ".join(q.words[i : i + n]) for i in range(max(1, len(q.words) - n + 1))]
    best_ratio = max((fuzz.ratio(term, g) for g in grams), default=0.0)
    if len(term) <= 3:
        best_ratio = 100.0 if term in q.words else 0.0
    elif len(term) <= 5 and best_ratio < 80:
        best_ratio = 0.0
    s = (float(best_ratio), "text")
    flat = term.replace(" ", "")
    if len(flat) >= 5 and q.sound and flat in q.sound:
        s = max(s, (100.0 * (1.0 if " " in term or q.sound == flat else SOUND_WEIGHT), "sound"))
    elif len(flat) >= 6 and len(q.sound) >= 6:
        s = max(s, (fuzz.partial_ratio(flat, q.sound) * SOUND_WEIGHT, "sound"))
    return s


def _coverage(hits: list[str], q: _Query) -> float:
    """Share of the query explained by keywords found whole inside it."""
    target = q.squashed
    if not target:
        return 0.0
    covered = [False] * len(target)
    for h in hits:
        start = target.find(h.replace(" ", ""))
        while start != -1:
            for i in range(start, start + len(h.replace(" ", ""))):
                covered[i] = True
            start = target.find(h.replace(" ", ""), start + 1)
    return sum(covered) / len(target)


def match_problem(catalog: Catalog, platform: Platform, text: str) -> ProblemMatch:
    shared = catalog.shared
    charmap = catalog.charmap if has_cjk(text) else {}
    q = _prepare(text, shared, charmap)
    if not q.squashed:
        return ProblemMatch(text, None, ())

    own = catalog.terms(platform.id)
    shared_terms: dict[str, list[list[str]]] = shared.get("categories") or {}  # type: ignore[assignment]
    scores: list[tuple[float, float, int, CategoryScore]] = []
    for order, cat in enumerate(platform.categories):
        best = (0.0, "")
        whole: list[str] = []
        for term, sound in [*own.get(cat.id, ()), *shared_terms.get(cat.id, ())]:
            s, how = _term_score(term, sound, q)
            if s > best[0] or (s == best[0] and len(term) > len(best[1])):
                best = (s, term)
            if (s >= 100.0 and how == "text" and has_cjk(term)) or (
                s >= 90.0 and not has_cjk(term)
            ):
                whole.append(term)
        coverage = _coverage(whole, q) if whole else 0.0
        final = round(0.85 * best[0] + 15.0 * coverage, 1) if best[0] else 0.0
        scores.append((final, coverage, -order, CategoryScore(cat.id, cat.name, final, best[1])))

    scores.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    ranked = tuple(row[3] for row in scores if row[0] > 0)
    if not ranked or ranked[0].score < PROBLEM_THRESHOLD:
        return ProblemMatch(text, None, ranked[:3])
    runner = (
        ranked[1]
        if len(ranked) > 1 and ranked[0].score - ranked[1].score <= AMBIGUITY_MARGIN
        else None
    )
    return ProblemMatch(text, ranked[0], ranked[:3], runner)


def match_category_id(platform: Platform, text: str) -> str | None:
    """An exact category id or name typed as the problem (`kefu douyin payment`)."""
    key = squash(text)
    for cat in platform.categories:
        if key in (cat.id, squash(cat.name)):
            return cat.id
    return None
