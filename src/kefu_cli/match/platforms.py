"""Free text -> platform: ids, names and aliases, exact, by sound, inside the text, or fuzzy."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from kefu_cli.catalog.text import has_cjk, squash
from kefu_cli.match.sound import to_pinyin
from kefu_cli.match.weights import PLATFORM_FUZZY_THRESHOLD, SUGGEST_THRESHOLD

if TYPE_CHECKING:
    from kefu_cli.catalog.reader import Catalog

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
    key: str = ""  # the name key found inside the text ("contains"): the rest may be the problem


def resolve_platform(catalog: Catalog, text: str) -> PlatformMatch:
    key = squash(text)
    if not key:
        return PlatformMatch(text, None, 0.0, "empty")
    for candidate in _key_variants(key):
        ids = catalog.ids_for_key(candidate)
        if ids:
            return PlatformMatch(text, ids[0], 100.0, "name")
    if has_cjk(key):
        simple = catalog.simplified(key)
        if simple != key:  # typed in Traditional: 支付寶, 中國移動
            found = resolve_platform(catalog, simple)
            return dataclasses.replace(found, query=text)
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
            return PlatformMatch(text, pid, 90.0, "contains", key=k)

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
    near_enough = tuple(pid for pid, score in order[:3] if score >= SUGGEST_THRESHOLD)
    return PlatformMatch(text, None, 0.0, "none", near_enough)


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
