"""The contact intent: is the user asking how to reach a person (人工客服, 客服电话是多少, 'customer
service phone number'), alone or beside a problem ("退款 人工客服")?

Words and filler come from the `contact` section of data/shared/synonyms.yaml. A contact word
inside a longer keyword that is not itself made of contact words and filler says something else
(打不了电话 is a line fault, 冒充客服 a scam, 投诉客服 a complaint) and does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kefu_cli.catalog.text import apply_variants, fold, has_cjk
from kefu_cli.match.terms import _find_all, _Span, _tables

if TYPE_CHECKING:
    from kefu_cli.catalog.model import Platform
    from kefu_cli.catalog.reader import Catalog


@dataclass(frozen=True)
class ContactRead:
    """`words`: the contact words read (as folded); `rest`: the query without them and their
    filler ('' when the query only asks for a person)."""

    words: tuple[str, ...]
    rest: str

    @property
    def only(self) -> bool:
        return not self.rest


def _spans(word: str, text: str) -> list[_Span]:
    if has_cjk(word):
        return _find_all(word, text)
    pattern = rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _made_of(text: str, words: list[str]) -> bool:
    """`text` is nothing but `words` (longest first) and spaces."""
    for w in words:
        text = text.replace(w, " ")
    return not text.strip()


def read_contact(
    catalog: Catalog, platform: Platform, text: str, names: tuple[str, ...] = ()
) -> ContactRead | None:
    """The contact words of `text` (its platform's `names` already removed), or None."""
    tables = _tables(catalog)
    entry = tables.shared.get("contact") or {}
    words: list[str] = list(entry.get("words") or ())
    filler: list[str] = list(entry.get("filler") or ())
    if not words:
        return None
    q = tables.query(text).text
    for name in names:  # 冒充抖音客服 -> 冒充客服: CJK names leave no gap
        q = q.replace(name, "" if has_cjk(name) else " ")
    found: list[tuple[_Span, str]] = []
    taken: list[_Span] = []
    for w in words:  # longest first: 人工客服 before 客服
        for a, b in _spans(w, q):
            if any(a < y and x < b for x, y in taken):
                continue
            found.append(((a, b), w))
            taken.append((a, b))
    if not found:
        return None
    # Keywords that hold a contact word but say something else (打不了电话, 冒充客服).
    both = sorted({*words, *filler}, key=lambda w: (-len(w), w))
    blockers: list[_Span] = [
        span for w in entry.get("not_asking") or () for span in _spans(str(w), q)
    ]
    rows = tables.rows(platform.id)
    for group in (rows, tables.shared_rows()):
        for cat_rows in group.values():
            for row in cat_rows:
                k = str(row[0])
                if len(k) < 3 or k not in q or _made_of(k, both):
                    continue
                blockers.extend(_spans(k, q))
    kept = [
        (span, w)
        for span, w in found
        if not any(x <= span[0] and span[1] <= y and y - x > span[1] - span[0] for x, y in blockers)
    ]
    if not kept:
        return None
    rest = q
    for (a, b), _ in sorted(kept, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    bare = rest
    for w in sorted(filler, key=lambda w: (-len(w), w)):
        bare = bare.replace(w, " ") if has_cjk(w) else re.sub(rf"\b{re.escape(w)}\b", " ", bare)
    bare = " ".join(bare.split())
    rest = " ".join(rest.split())
    return ContactRead(tuple(w for _, w in sorted(kept)), "" if not bare else rest)


#: How far after a demand word (让我, 要我, asked me for) the thing asked for may start.
DEMAND_REACH = 6
SCAM_DEMAND_ALERT = (
    "先停一下：你描述的是骗子的典型要求（先交保证金、解冻费或手续费，给验证码、私钥，共享屏幕，转到“安全账户”）。"
    "正规平台和客服不会这样要求：不要付款，不要给验证码，先通过下面的官方渠道核实。"
)


def scam_demand(catalog: Catalog, text: str) -> str | None:
    """The demand told in `text` when it tells of a scammer's demand ("要我…保证金"), else None
    (see the `scam_demands` section of data/shared/synonyms.yaml)."""
    shared = _tables(catalog).shared
    entry = shared.get("scam_demands") or {}
    q = apply_variants(catalog.simplified(fold(text)), shared.get("variants") or {})
    squashed = q.replace(" ", "")
    for phrase in entry.get("phrases") or ():
        if phrase in squashed:
            return str(phrase)
    things = list(entry.get("things") or ())
    for ask in entry.get("asks") or ():
        hay, word = (squashed, ask) if has_cjk(ask) else (q, ask)
        for _, b in _spans(word, hay):
            after = hay[b : b + DEMAND_REACH + 12]
            for t in things:
                at = after.find(t)
                if at != -1 and at <= DEMAND_REACH:
                    return f"{word}…{t}"
    return None
