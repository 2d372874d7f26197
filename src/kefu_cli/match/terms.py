"""Keyword terms as the catalog stores them, and the query as the matcher reads it."""

from __future__ import annotations

import copy
import re
import weakref
from typing import TYPE_CHECKING, Any

from kefu_cli.catalog.text import (
    all_cjk,
    apply_variants,
    fold,
    has_cjk,
    is_cjk,
    strip_stopwords,
)
from kefu_cli.match.sound import _fuzzy_syllable, _segment, _Tok, _tokens

if TYPE_CHECKING:
    from kefu_cli.catalog.reader import Catalog

_WORD = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*")  # a Latin word, digits allowed: 2fa, 88vip
_Span = tuple[int, int]


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
        "real",
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
        real: frozenset[str] = frozenset(),  # real words that only sound like a keyword
    ) -> None:
        self.real = real
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
        self.real = frozenset(self.shared.get("real_words") or ())

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
        q = apply_variants(self.catalog.simplified(fold(text)), variants)
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
            real=self.real,
        )


_TABLES: weakref.WeakKeyDictionary[Any, _Tables] = weakref.WeakKeyDictionary()


def _tables(catalog: Catalog) -> _Tables:
    tables = _TABLES.get(catalog)
    if tables is None:
        tables = _Tables(catalog)
        _TABLES[catalog] = tables
    return tables


def _find_all(needle: str, hay: str) -> list[_Span]:
    spans = []
    start = hay.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = hay.find(needle, start + 1)
    return spans
